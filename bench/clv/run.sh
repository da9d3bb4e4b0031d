#!/usr/bin/env bash
# Fits BG/NBD, Pareto/NBD and Gamma-Gamma on 1M synthetic customers (seeded) and prints the fit's
# wall time and the peak heap. Usage: bench/clv/run.sh [customers] [seed]   (env XMX, default 1g)
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -o -q test-compile -pl core
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile=target/clv-bench.classpath
CP="core/target/classes:core/target/test-classes:$(cat core/target/clv-bench.classpath)"
exec java -Xmx"${XMX:-1g}" -cp "$CP" dev.undercurrent.core.clv.bench.ClvBenchmark "${1:-1000000}" "${2:-42}"
