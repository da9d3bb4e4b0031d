#!/usr/bin/env bash
# How predictable a generated lake's withheld horizon is: generates K lakes that share their
# history byte for byte and differ only in the horizon (--horizon-seed 1..K), checks that the
# history is identical, and prints horizon_ceiling.py's ceilings for value and churn.
#   bench/generate/horizon_ceiling.sh                      # 20k customers, seed 42, K = 16
#   N=20000 K=16 SEED=7 AS_OF=2025-06-30 bench/generate/horizon_ceiling.sh
#   RUN=1 bench/generate/horizon_ceiling.sh                # also runs discover on the history and
#                                                          # judges it against the K horizons
# Lakes go to ${BENCH_TMP:-/tmp}/undercurrent-horizon-ceiling-N; only the first keeps its rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-20000}
K=${K:-16}
SEED=${SEED:-42}
AS_OF=${AS_OF:-2025-12-29}
DIR="${BENCH_TMP:-/tmp}/undercurrent-horizon-ceiling-$N"

. bench/generate/core-classpath.sh

rm -rf "$DIR" && mkdir -p "$DIR"
TRUTHS=()
for k in $(seq 1 "$K"); do
  java -cp "$CP" dev.undercurrent.core.generate.GenerateMain --customers "$N" --seed "$SEED" \
      --as-of "$AS_OF" --horizon-seed "$k" --out "$DIR/h$k" >/dev/null
  SUM=$(cd "$DIR/h$k" && cat ./*.csv | md5sum | cut -d' ' -f1)
  if [ "$k" = 1 ]; then
    HISTORY=$SUM
  else
    [ "$SUM" = "$HISTORY" ] || { echo "horizon seed $k changed the history ($SUM vs $HISTORY)" >&2; exit 1; }
    find "$DIR/h$k" -maxdepth 1 -name '*.csv' -delete
  fi
  TRUTHS+=("$DIR/h$k/_truth/customers.csv")
done
echo "$K lakes of $N customers (seed $SEED, as of $AS_OF): identical history, md5 $HISTORY"
EXTRA=()
if [ "${RUN:-0}" = 1 ]; then
  OUT="$DIR/out"
  START=$(date +%s)
  bin/undercurrent discover --config "$DIR/h1/undercurrent.yaml" --out "$OUT" --output-format csv >/dev/null
  echo "discover on the shared history: $(( $(date +%s) - START )) s"
  EXTRA=(--run "$OUT")
fi
python3 bench/generate/horizon_ceiling.py "${TRUTHS[@]}" "${EXTRA[@]}"
