#!/usr/bin/env bash
# Real data for the seasonal level: the online grocer's event log in ../shared/data/grocery_btydplus
# (Platzer & Reutterer 2016: 1,525 customers who first bought in Q1 2006, every purchase date of
# 2006-2007, no amounts). Each purchase becomes an order of 10.00, so revenue counts orders.
# as_of 2007-10-01 with a 90-day horizon: the customers' orders up to 2007-12-29 are withheld and
# written to _truth/customers.csv, which the run judges its predictions against; the history
# holds the two year-earlier snapshots the seasonal forecast and its backtest need.
#   bench/level/grocery.sh                # then prints bench/level/compare.py's line for it
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
TMP=${BENCH_TMP:-/tmp}
LAKE="$TMP/undercurrent-bench-grocery-lake"
OUT="$TMP/undercurrent-bench-grocery"
rm -rf "$LAKE" "$OUT" && mkdir -p "$LAKE/_truth"
python3 - "$SHARED/data/grocery_btydplus/groceryElog.csv" "$LAKE" <<'PY'
import csv, datetime as dt, sys
src, lake = sys.argv[1], sys.argv[2]
as_of = dt.date(2007, 10, 1)
end = as_of + dt.timedelta(days=90)
future, known = {}, set()
with open(src, newline="") as h, open(f"{lake}/orders.csv", "w", newline="") as o:
    out = csv.writer(o)
    out.writerow(["order_id", "customer_id", "ordered_at", "revenue"])
    for i, r in enumerate(csv.DictReader(h)):
        day, cid = dt.date.fromisoformat(r["date"]), "C" + r["cust"]
        if day < as_of:
            out.writerow([f"O{i}", cid, f"{day} 12:00:00", "10.00"])
            known.add(cid)
        elif day < end:
            f = future.setdefault(cid, [0.0, 0])
            f[0] += 10.0
            f[1] += 1
with open(f"{lake}/_truth/customers.csv", "w", newline="") as o:
    out = csv.writer(o)
    out.writerow(["customer_id", "future_revenue", "future_orders"])
    for cid in sorted(known):
        f = future.get(cid, [0.0, 0])
        out.writerow([cid, f[0], f[1]])
with open(f"{lake}/undercurrent.yaml", "w") as o:
    o.write("as_of: 2007-10-01\nhorizon_days: 90\nsources:\n  orders: {path: orders.csv, format: csv}\n")
PY
"$ROOT/bin/undercurrent" discover --config "$LAKE/undercurrent.yaml" --out "$OUT" --output-format csv \
  >"$TMP/undercurrent-bench-grocery.log" 2>&1 || { tail -20 "$TMP/undercurrent-bench-grocery.log" >&2; exit 1; }
grep 'learn:' "$TMP/undercurrent-bench-grocery.log" || true
python3 "$ROOT/bench/level/compare.py" "$OUT" "$LAKE"
