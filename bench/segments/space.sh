#!/usr/bin/env bash
# Segments two discover outputs (written with --output-format csv: a run and its rerun, e.g. the
# two outputs of rerun95.sh) again with the core selector, in the embedding's coordinates and in
# the segment space (core/…/segments/SegmentSpace), and prints each run's comparison table, k, ARI
# against planted kinds (where LAKE/_truth/customers.csv has them) and the runs' agreement.
#   bench/segments/space.sh OUT_A OUT_B LAKE [embedding_share] [signal_dim]
#   SPACES=segment-space bench/segments/space.sh …   # one space only
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -o -q compile -pl core
cm3="$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3/3.6.1" -name 'commons-math3-3.6.1.jar' | head -1)"
out="$here/target/classes"
mkdir -p "$out"
javac -Xlint:all -d "$out" -cp "$root/core/target/classes" \
  "$here/src/dev/undercurrent/bench/segments/SpaceCheck.java"
exec java -Xmx${BENCH_HEAP:-6g} -cp "$out:$root/core/target/classes:$cm3" \
  dev.undercurrent.bench.segments.SpaceCheck "$@"
