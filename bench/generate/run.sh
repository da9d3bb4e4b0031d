#!/usr/bin/env bash
# Times the synthetic lake generator at a few sizes and reports rows, seconds and peak RSS.
#   bench/generate/run.sh                 # 100k and 1M customers
#   SIZES="100000" bench/generate/run.sh  # only 100k
# Lakes go to ${BENCH_TMP:-/tmp} and are deleted afterwards (1M customers is about 4 GB).
# HEAP caps the JVM heap (default 512m) to show that memory does not grow with the customers.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"100000 1000000"}
SEED=${SEED:-42}
THREADS=${THREADS:-$(nproc)}
HEAP=${HEAP:-512m}
TMP=${BENCH_TMP:-/tmp}

. bench/generate/core-classpath.sh

TIMER=()
if /usr/bin/time -v true >/dev/null 2>&1; then TIMER=(/usr/bin/time -v); fi

printf '%-10s %12s %10s %10s %12s %10s\n' customers lake_rows rows/cust seconds peak_rss_mb disk
for N in $SIZES; do
  OUT="$TMP/undercurrent-bench-lake-$N"
  rm -rf "$OUT"
  LOG=$(mktemp)
  "${TIMER[@]}" java -Xmx"$HEAP" -cp "$CP" dev.undercurrent.core.generate.GenerateMain \
      --customers "$N" --seed "$SEED" --threads "$THREADS" --out "$OUT" >"$LOG" 2>&1 || { cat "$LOG"; exit 1; }
  LINE=$(grep '^customers ' "$LOG")
  ROWS=$(echo "$LINE" | sed -E 's/.*lake rows ([0-9,]+).*/\1/' | tr -d ,)
  SECS=$(echo "$LINE" | sed -E 's/.* ([0-9.]+) s .*/\1/')
  RSS=$(grep 'Maximum resident set size' "$LOG" | awk '{print int($6/1024)}' || echo '?')
  DISK=$(du -sh "$OUT" | cut -f1)
  printf '%-10s %12s %10.1f %10s %12s %10s\n' "$N" "$ROWS" "$(echo "$ROWS / $N" | bc -l)" "$SECS" "${RSS:-?}" "$DISK"
  grep -E 'rows$' "$LOG" | sed 's/^/    /'
  rm -rf "$OUT" "$LOG"
done
echo "threads=$THREADS heap=$HEAP seed=$SEED java=$(java -version 2>&1 | head -1) cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
