#!/usr/bin/env bash
# Shared by run.sh and space.sh: compiles the core and one benchmark class under src/, then runs
# that class on the core's classes.   bench/segments/java.sh CLASS_NAME [args…]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
name="$1"
shift
mvn -B -o -q compile -pl core
cm3="$(find "${HOME}/.m2/repository/org/apache/commons/commons-math3/3.6.1" -name 'commons-math3-3.6.1.jar' | head -1)"
out="$here/target/classes"
mkdir -p "$out"
javac -Xlint:all -d "$out" -cp "$root/core/target/classes" "$here/src/dev/undercurrent/bench/segments/$name.java"
exec java -Xmx${BENCH_HEAP:-6g} -cp "$out:$root/core/target/classes:$cm3" "dev.undercurrent.bench.segments.$name" "$@"
