#!/usr/bin/env bash
# Times plain-Java segment discovery (choice of k by stability and silhouette, assignment of every
# customer, profiles) on synthetic embeddings. Usage: bench/segments/run.sh [customers] [dim] [k] [seed] [separation]
# Defaults: 1,000,000 customers × 16 dimensions, 7 planted segments, seed 42, separation 4.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -o -q compile -pl core
cm3="$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3/3.6.1" -name 'commons-math3-3.6.1.jar' | head -1)"
out="$here/target/classes"
mkdir -p "$out"
javac -Xlint:all -d "$out" -cp "$root/core/target/classes" \
  "$here/src/dev/undercurrent/bench/segments/SegmentsBenchmark.java"
exec java -Xmx${BENCH_HEAP:-6g} -cp "$out:$root/core/target/classes:$cm3" \
  dev.undercurrent.bench.segments.SegmentsBenchmark "$@"
