#!/usr/bin/env bash
# World B generalization check: generates the home & garden lake, runs discover on it and prints
# the run's truth figures, the two calibration baselines and who each audience is made of.
# Usage: bench/worldb/run.sh [CUSTOMERS=20000] [SEED=11] [WORKDIR=/tmp/worldb-N-S]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
N="${1:-20000}"
SEED="${2:-11}"
WORK="${3:-/tmp/worldb-$N-$SEED}"
PY="${PYTHON:-/usr/bin/python3}"
LAKE="$WORK/lake"
OUT="$WORK/out"
rm -rf "$LAKE" "$OUT"
mkdir -p "$WORK"
echo "[worldb] generating $N customers, seed $SEED into $LAKE" >&2
"$PY" "$HERE/generate.py" --customers "$N" --seed "$SEED" --out "$LAKE" ${WORLDB_NOISE:+--noise "$WORLDB_NOISE"} > "$WORK/generate.json"
echo "[worldb] discover (a few minutes)" >&2
"$ROOT/bin/undercurrent" discover --config "$LAKE/undercurrent.yaml" --out "$OUT" --output-format csv > "$WORK/discover.log" 2>&1 \
  || { tail -n 30 "$WORK/discover.log" >&2; exit 1; }
"$PY" "$HERE/evaluate.py" "$LAKE" "$OUT" | tee "$WORK/figures.txt"
