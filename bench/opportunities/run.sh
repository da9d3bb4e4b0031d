#!/usr/bin/env bash
# Neighbours + opportunity detectors on a synthetic run (default 1,000,000 customers).
# Usage: bench/opportunities/run.sh [customers]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -o -q compile -pl core
cp_file="$(mktemp)"
mvn -B -o -q dependency:build-classpath -pl core -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
exec java -Xmx12g -cp "$cp" bench/opportunities/OpportunityBenchmark.java "${1:-1000000}"
