#!/usr/bin/env bash
# Benchmark of the representation network: train on 200k synthetic customers x 60 signals and
# score 1M. Usage: bench/learning/run.sh [trainRows] [scoreRows] [threads]
# Builds core and learning offline (with the learning tests' synthetic customers), then runs
# LearningBench.java in source-file mode.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
mvn -B -o -q test-compile dependency:build-classpath -pl core,learning \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="learning/target/classes:learning/target/test-classes:core/target/classes:$(cat "$cp_file")"
exec java ${BENCH_JAVA_OPTS:-} -Xmx8g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${DJL_THREADS:-1}" \
  -cp "$cp" bench/learning/LearningBench.java "$@"
