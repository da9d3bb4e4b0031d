#!/usr/bin/env bash
# Times the pipeline's MLlib segment comparison alone (see mllib/MllibComparisonBench.java) in a
# local[2] session with the CLI's JVM flags.   bench/segments/mllib.sh [repeats=3] [dim=12]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -o -q install -pl core,learning,spark -DskipTests
cp_file="$(mktemp)"
mvn -B -o -q dependency:build-classpath -pl spark -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
cp="spark/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
opens=$(sed -n '/^SPARK_OPENS=(/,/)$/p' bin/undercurrent | tr -d '()' | sed 's/SPARK_OPENS=//')
# shellcheck disable=SC2086
exec java -Xmx4g -Dlog4j2.configurationFile="$root/app/src/main/resources/log4j2.properties" ${BENCH_JAVA_OPTS:-} $opens -cp "$cp" bench/segments/mllib/MllibComparisonBench.java "$@"
