#!/usr/bin/env bash
# Real data: UCI Online Retail. Discovery runs as of 2011-09-10 (examples/online_retail.yaml), so
# the last 90 days of the data (2011-09-10 .. 2011-12-09) are withheld; this script then compares
# each customer's predicted_value with what they really spent in those 90 days (net of
# cancellations), beside the naive baseline (their revenue in the 90 days before as_of), over all
# customers scored and among those who bought in the withheld 90 days.
# The run's own held-out validation, with its linear baseline, is printed from run.json.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
OUT="${BENCH_TMP:-/tmp}/undercurrent-bench-online-retail"
# The data are read through links in a folder of our own, beside a _truth/customers.csv holding
# each customer's revenue in the withheld 90 days: the run then judges its predictions, the linear
# baseline it fits on the same snapshots and last horizon's revenue against it (run.json
# metrics.truth), as it does on a generated lake.
LAKE="${BENCH_TMP:-/tmp}/undercurrent-bench-online-retail-lake"
rm -rf "$LAKE" && mkdir -p "$LAKE/_truth"
ln -s "$(cd "$SHARED/data/online_retail" && pwd)"/online_retail_*.csv.gz "$LAKE/"
python3 - "$LAKE" <<'PY'
import csv, glob, gzip, sys
from datetime import datetime
lake = sys.argv[1]
start, end = datetime(2011, 9, 10), datetime(2011, 12, 10)
revenue, invoices = {}, {}
for f in sorted(glob.glob(f"{lake}/online_retail_*.csv.gz")):
    with gzip.open(f, "rt", newline="") as h:
        for r in csv.DictReader(h):
            cid = r["CustomerID"]
            if not cid:
                continue
            revenue.setdefault(cid, 0.0)
            invoices.setdefault(cid, set())
            if start <= datetime.strptime(r["InvoiceDate"], "%Y-%m-%d %H:%M:%S") < end:
                revenue[cid] += float(r["Quantity"]) * float(r["UnitPrice"])
                if not r["InvoiceNo"].startswith("C") and float(r["Quantity"]) > 0:
                    invoices[cid].add(r["InvoiceNo"])
# future_orders (invoices that are not cancellations) is what churn is judged by: no order at all
with open(f"{lake}/_truth/customers.csv", "w") as out:
    out.write("customer_id,future_revenue,future_orders\n")
    for cid in sorted(revenue):
        out.write(f"{cid},{revenue[cid]:.2f},{len(invoices[cid])}\n")
PY
CFG=$(mktemp --suffix=.yaml)
sed "s#../../shared/data/online_retail#$LAKE#" "$ROOT/examples/online_retail.yaml" > "$CFG"
rm -rf "$OUT"
START=$(date +%s)
"$ROOT/bin/undercurrent" discover --config "$CFG" --out "$OUT" --output-format csv >/dev/null
echo "discover: $(( $(date +%s) - START )) s"
rm -f "$CFG"
python3 - "$OUT" "$LAKE/_truth/customers.csv" "$ROOT/bench" <<'PY'
import csv, json, sys
out, truth = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from outputs import table
pred = {r["customer_id"]: float(r["predicted_value"]) for r in table(out, "customer_scores")}
last = {r["customer_id"]: float(r["revenue_90d"] or 0) for r in table(out, "customer_signals")}
with open(truth, newline="") as h:
    actual = {r["customer_id"]: float(r["future_revenue"]) for r in csv.DictReader(h)}
ids = sorted(pred)
y = [actual.get(i, 0.0) for i in ids]
def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0.0] * len(v)
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2.0
        i = j + 1
    return r
def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a); ma = sum(ra) / n; mb = sum(rb) / n
    cov = sum((x - ma) * (z - mb) for x, z in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5; vb = sum((z - mb) ** 2 for z in rb) ** 0.5
    return cov / (va * vb)
def top_decile(actual_, score):
    order = sorted(range(len(score)), key=lambda i: (-score[i], i))
    k = max(1, len(score) // 10)
    total = sum(max(a, 0) for a in actual_)
    return sum(max(actual_[i], 0) for i in order[:k]) / total
def mae(a, b):
    return sum(abs(x - z) for x, z in zip(a, b)) / len(a)
for name, s in (("predicted", [pred[i] for i in ids]), ("last 90 days", [last.get(i, 0.0) for i in ids])):
    print(f"{name:14s} Spearman {spearman(y, s):.3f}  top-decile capture {top_decile(y, s):.3f}  MAE {mae(y, s):.1f}")
print(f"customers scored {len(ids):,}; buyers in the withheld 90 days {sum(1 for v in y if v > 0):,}")
# The same ranking judged among the customers who did buy in the withheld 90 days only (how much,
# not whether): another reading of "Spearman on value" that some evaluations use.
buyers = [k for k, v in enumerate(y) if v > 0]
for name, s in (("predicted", [pred[i] for i in ids]), ("last 90 days", [last.get(i, 0.0) for i in ids])):
    print(f"{name:14s} Spearman among buyers {spearman([y[k] for k in buyers], [s[k] for k in buyers]):.3f}")
run = json.load(open(f"{out}/run.json"))
v = run["metrics"]["model"]["validation"]
print("held-out snapshot:", json.dumps({k: v[k] for k in ("value", "network", "value_blend", "baseline_linear", "baseline_last_horizon", "churn") if k in v}))
from outputs import truth_lines
print("\n".join(truth_lines(run, "withheld 90 days, judged in the run: ")))
PY
