#!/usr/bin/env bash
# Segments and opportunities, step by step, on a real discovery dump tiled to N customers.
# Usage: bench/opportunities/stages.sh DUMP [customers]  (DUMP from discover with UNDERCURRENT_JAVA_OPTS=-Dundercurrent.dump=FILE)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -o -q compile -pl core
cp_file="$(mktemp)"
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx12g -cp "$cp" bench/opportunities/StagesFromDump.java "$@"
