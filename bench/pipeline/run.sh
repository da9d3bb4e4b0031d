#!/usr/bin/env bash
# Times a whole discovery run through the launcher, stage by stage, on a generated lake.
#   bench/pipeline/run.sh                  # 100k customers
#   SIZES="20000 100000" bench/pipeline/run.sh
#   AS_OF=2025-06-30 SIZES=20000 bench/pipeline/run.sh   # a lake cut in summer instead of late December
#   KIND_MIX=one_time=0.3,lapsed=0.2,loyal=0.04,steady=0.1 SIZES=20000 bench/pipeline/run.sh
#                                                        # another business's mix of the planted kinds
# Prints each stage's seconds (from run.json), the wall time, the peak RSS of the JVM and the
# quality figures the run measured against the lake's planted truth. Lakes and outputs go to
# ${BENCH_TMP:-/tmp} and are deleted afterwards unless KEEP=1.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SIZES=${SIZES:-"100000"}
SEED=${SEED:-42}
TMP=${BENCH_TMP:-/tmp}
FORMAT=${FORMAT:-parquet}

for N in $SIZES; do
  LAKE="$TMP/undercurrent-bench-pipeline-lake-$N"
  OUT="$TMP/undercurrent-bench-pipeline-out-$N"
  rm -rf "$LAKE" "$OUT"
  "$ROOT/bin/undercurrent" generate --customers "$N" --seed "$SEED" --out "$LAKE" ${AS_OF:+--as-of "$AS_OF"} \
    ${KIND_MIX:+--kind-mix "$KIND_MIX"} >/dev/null
  LOG=$(mktemp)
  START=$(date +%s.%N)
  /usr/bin/time -v "$ROOT/bin/undercurrent" discover --config "$LAKE/undercurrent.yaml" --out "$OUT" \
    --output-format "$FORMAT" >"$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }
  END=$(date +%s.%N)
  RSS=$(grep "Maximum resident set size" "$LOG" | awk '{print int($6/1024)}')
  python3 - "$OUT/run.json" "$N" "$START" "$END" "$RSS" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
n, start, end, rss = sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
print(f"customers {int(n):,}: wall {end - start:.1f} s, peak RSS {rss} MB")
for stage, s in run["stageSeconds"].items():
    print(f"  {stage:14s} {s:8.1f} s")
m = run["metrics"]
v = m.get("model", {}).get("validation", {})
def g(d, *k):
    for x in k:
        d = d.get(x, {}) if isinstance(d, dict) else {}
    return d if not isinstance(d, dict) else float("nan")
print(f"  held-out value Spearman {g(v,'value','spearman'):.3f} (linear {g(v,'baseline_linear','value','spearman'):.3f}, last horizon {g(v,'baseline_last_horizon','value','spearman'):.3f})")
b = v.get("value_blend", {}).get("linear_weight")
if b:
    print(f"  predicted value blends the network with the ridge, weight {b:.2f} (network alone: Spearman {g(v,'network','value','spearman'):.3f}, top-decile {g(v,'network','value','top_decile_capture'):.3f})")
print(f"  held-out top-decile capture {g(v,'value','top_decile_capture'):.3f} (linear {g(v,'baseline_linear','value','top_decile_capture'):.3f}, last horizon {g(v,'baseline_last_horizon','value','top_decile_capture'):.3f}); churn AUC {g(v,'churn','auc'):.3f}")
fl_ = m.get("segments", {}).get("flows")
if fl_:
    print(f"  segment flows since {fl_['since']}: {fl_['moved']:,} of {fl_['compared']:,} customers compared changed segment, "
          f"{fl_['new']:,} new, {fl_['not_compared']:,} not compared; agreement {fl_['agreement']}")
t = m.get("truth")
if t:
    fv, fb, fc = t.get("future_value", {}), t.get("future_value_baseline_last_horizon", {}), t.get("future_churn", {})
    fl = t.get("future_value_baseline_linear", {})
    nan = float("nan")
    print(f"  withheld horizon: value Spearman {fv.get('value.spearman', nan):.3f} (linear {fl.get('value.spearman', nan):.3f}, last horizon {fb.get('value.spearman', nan):.3f}), "
          f"top-decile {fv.get('value.top_decile_capture', nan):.3f} (linear {fl.get('value.top_decile_capture', nan):.3f}, last horizon {fb.get('value.top_decile_capture', nan):.3f}), churn AUC {fc.get('churn.auc', nan):.3f}, ECE {fc.get('churn.ece', nan):.3f}")
    for name, key in (("linear", "future_value_capture_vs_linear"), ("last horizon", "future_value_capture_vs_last_horizon")):
        c = t.get(key)
        if c:
            print(f"    top-decile capture over {name}: {c.get('difference', nan):+.3f} (95% interval {c.get('ci_low', nan):+.3f} .. {c.get('ci_high', nan):+.3f})")
    print(f"  segments: k={m['segments']['k']}, ARI vs planted kinds {t['segment_ari_vs_kinds']:.3f}")
    for typ, a in t["audiences"].items():
        print(f"    {typ:18s} P {a['precision']:.2f} R {a['recall']:.2f} F1 {a['f1']:.2f} ({int(a['audience'])} vs {int(a['planted'])} planted)")
    f1 = [a["f1"] for typ, a in t["audiences"].items() if typ != "lookalike_seed"]
    print(f"  mean F1 {t['mean_f1']:.3f} over nine types; {sum(f1) / len(f1):.3f} over the eight other than lookalike_seed")
PY
  rm -f "$LOG"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$LAKE" "$OUT"
done
