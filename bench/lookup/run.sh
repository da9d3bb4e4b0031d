#!/usr/bin/env bash
# Times the customer index (write, read, one lookup with ten neighbours) for N customers.
# Usage: bench/lookup/run.sh [customers=1000000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -o -q compile -pl core
cp_file="$(mktemp)"
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx${BENCH_HEAP:-4g} -cp "$cp" bench/lookup/CustomerIndexBench.java "$@"
