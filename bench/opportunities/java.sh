#!/usr/bin/env bash
# Shared by run.sh and stages.sh: compiles the core, then runs one single-file benchmark of this
# folder on the core's classes and runtime dependencies.   bench/opportunities/java.sh FILE.java [args…]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
file="$1"
shift
mvn -B -o -q compile -pl core
cp_file="$(mktemp)"
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx12g -cp "$cp" "bench/opportunities/$file" "$@"
