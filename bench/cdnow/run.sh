#!/usr/bin/env bash
# Real data: the CDNOW 1/10 sample (Fader, Hardie & Lee 2005; ../shared/data/cdnow), 2,357
# customers who first bought in Q1 1997, every purchase to June 1998. Discovery runs as of
# 1998-03-31 with a 90-day horizon, so the last 90 days of the log are withheld; the run judges
# its predicted value, its ridge baseline and last horizon's revenue against what each customer
# spent in them (run.json metrics.truth), as the UCI bench does.
# The log has no order id and dates as YYYYMMDD: the lake here is a copy with one order id per
# line and ISO dates. Lake and output go to ${BENCH_TMP:-/tmp}.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
LAKE="${BENCH_TMP:-/tmp}/undercurrent-bench-cdnow-lake"
OUT="${BENCH_TMP:-/tmp}/undercurrent-bench-cdnow"
rm -rf "$LAKE" "$OUT" && mkdir -p "$LAKE/_truth"
python3 - "$SHARED/data/cdnow/CDNOW_sample_elog.csv" "$LAKE" <<'PY'
import csv, sys
log, lake = sys.argv[1], sys.argv[2]
withheld = {}
with open(log, newline="") as h, open(f"{lake}/orders.csv", "w") as out:
    out.write("order_id,customer_id,ordered_at,revenue\n")
    for i, r in enumerate(csv.DictReader(h)):
        d, cid = r["date"], r["masterid"]
        out.write(f"O{i},{cid},{d[:4]}-{d[4:6]}-{d[6:]},{r['sales']}\n")
        withheld.setdefault(cid, 0.0)
        if "19980331" <= d < "19980629":  # [as_of, as_of + 90 days)
            withheld[cid] += float(r["sales"])
with open(f"{lake}/_truth/customers.csv", "w") as out:
    out.write("customer_id,future_revenue\n")
    for cid in sorted(withheld):
        out.write(f"{cid},{withheld[cid]:.2f}\n")
PY
cat > "$LAKE/undercurrent.yaml" <<'YAML'
as_of: 1998-03-31
horizon_days: 90
currency: USD
sources:
  orders: {path: orders.csv, format: csv}
output: {path: out, format: parquet}
YAML
START=$(date +%s)
"$ROOT/bin/undercurrent" discover --config "$LAKE/undercurrent.yaml" --out "$OUT" --output-format csv >/dev/null
echo "discover: $(( $(date +%s) - START )) s"
python3 - "$OUT/run.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
v, t = m["model"]["validation"], m["truth"]
nan = float("nan")
print(f"value blend weight chosen on the held-out snapshot: {v.get('value_blend', {}).get('linear_weight', nan):.2f}")
for name, key in (("predicted", "value"), ("linear", "baseline_linear"), ("last horizon", "baseline_last_horizon"),
                  ("BG/NBD x Gamma-Gamma", "baseline_model_clv")):
    x = v.get(key, {})
    x = x.get("value", x) if key != "value" else x
    print(f"held-out snapshot  {name:22s} Spearman {x.get('spearman', nan):.3f}  top-decile {x.get('top_decile_capture', nan):.3f}")
for name, key in (("predicted", "future_value"), ("linear", "future_value_baseline_linear"),
                  ("last horizon", "future_value_baseline_last_horizon")):
    x = t.get(key, {})
    print(f"withheld 90 days   {name:22s} Spearman {x.get('value.spearman', nan):.3f}  top-decile {x.get('value.top_decile_capture', nan):.3f}")
print(f"withheld 90 days   churn AUC {t['future_churn'].get('churn.auc', nan):.3f}")
PY
echo "ceiling: /usr/bin/python3 bench/pipeline/value_ceiling.py $OUT $LAKE/_truth/customers.csv"
