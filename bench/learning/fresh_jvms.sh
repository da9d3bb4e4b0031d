#!/usr/bin/env bash
# Determinism across fresh JVMs: trains the learning tests' model once in each of N JVMs
# (default 20) and counts the distinct results. Exits 1 if they are not all alike.
# Usage: bench/learning/fresh_jvms.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
runs="${1:-20}"
cp_file="$(mktemp)"
out="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$cp_file" "$out" "$log"' EXIT
mvn -B -o -q test-compile dependency:build-classpath -pl core,learning \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="learning/target/classes:learning/target/test-classes:core/target/classes:$(cat "$cp_file")"
for _ in $(seq 1 "$runs"); do
  # the launcher's and the test suite's settings
  if ! MKL_CBWR=AUTO java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
      -cp "$cp" bench/learning/FreshJvmTraining.java >"$log" 2>&1; then
    tail -20 "$log" >&2
    exit 2
  fi
  grep '^fingerprint' "$log" >>"$out"
done
sort "$out" | uniq -c
distinct=$(sort -u "$out" | wc -l)
echo "$runs fresh JVMs, $distinct distinct result(s)"
[ "$distinct" -eq 1 ]
