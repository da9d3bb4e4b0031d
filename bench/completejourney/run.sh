#!/usr/bin/env bash
# Real data with marketing: 84.51°'s "The Complete Journey" 2.0 (../shared/data/completejourney,
# a grocery retailer, 2017, with the campaigns each household received and its coupon
# redemptions). The shared copy holds a random 5% of the line items, so every household's spend
# here is about a twentieth of its real spend; the question is whether the run ranks households
# and reads campaign response on such data, not the retailer's real totals.
#
# The script writes four of the canonical sources from the package's tables (there is no browsing
# data; CSV, into a folder of our own; nothing is committed):
#   orders       one row per basket: revenue = Σ sales_value, discount = Σ retail, coupon and
#                coupon-match discounts, ordered_at = the basket's first line
#   order_items  one row per line: category = the product's department
#   marketing    one row per (campaign, household it was sent to): sent_at = the campaign's start,
#                channel = its type (A/B/C), converted = the household redeemed one of the
#                campaign's coupons
#   customers    the 801 households with demographics (the rest are customers through orders)
# and a _truth/customers.csv with each household's revenue and baskets after as_of, so the run
# judges its predictions against the withheld quarter (run.json metrics.truth), as on UCI.
# as_of 2017-10-03 with a 90-day horizon: the last 90 days of the year are withheld.
#   bench/completejourney/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
DATA="$(cd "$SHARED/data/completejourney" && pwd)"
TMP=${BENCH_TMP:-/tmp}
LAKE="$TMP/undercurrent-bench-completejourney-lake"
OUT="$TMP/undercurrent-bench-completejourney"
AS_OF=${AS_OF:-2017-10-03}
rm -rf "$LAKE" "$OUT" && mkdir -p "$LAKE/_truth"
python3 - "$DATA" "$LAKE" "$AS_OF" <<'PY'
import csv, gzip, sys
from collections import defaultdict
data, lake, as_of = sys.argv[1], sys.argv[2], sys.argv[3]
department = {}
with gzip.open(f"{data}/products.csv.gz", "rt", newline="") as h:
    for r in csv.DictReader(h):
        department[r["product_id"]] = r["department"] or "unknown"
baskets = {}
with gzip.open(f"{data}/transactions_sample.csv.gz", "rt", newline="") as h, \
        open(f"{lake}/order_items.csv", "w", newline="") as items_out:
    items = csv.writer(items_out)
    items.writerow(["order_id", "product_id", "category", "quantity", "unit_price"])
    for r in csv.DictReader(h):
        b = baskets.setdefault(r["basket_id"], {"customer": r["household_id"], "at": r["transaction_timestamp"],
                                                "revenue": 0.0, "discount": 0.0})
        b["at"] = min(b["at"], r["transaction_timestamp"])
        value = float(r["sales_value"])
        b["revenue"] += value
        b["discount"] += sum(abs(float(r[c] or 0)) for c in ("retail_disc", "coupon_disc", "coupon_match_disc"))
        q = float(r["quantity"])
        items.writerow([r["basket_id"], r["product_id"], department.get(r["product_id"], "unknown"),
                        r["quantity"], f"{value / q:.4f}" if q > 0 else ""])
future = defaultdict(lambda: [0.0, 0])
with open(f"{lake}/orders.csv", "w", newline="") as h:
    out = csv.writer(h)
    out.writerow(["order_id", "customer_id", "ordered_at", "revenue", "discount"])
    for bid, b in sorted(baskets.items()):
        out.writerow([bid, b["customer"], b["at"], f"{b['revenue']:.2f}", f"{b['discount']:.2f}"])
        f = future[b["customer"]]
        if b["at"][:10] >= as_of:
            f[0] += b["revenue"]
            f[1] += 1
with open(f"{lake}/_truth/customers.csv", "w", newline="") as h:
    out = csv.writer(h)
    out.writerow(["customer_id", "future_revenue", "future_orders"])
    for c in sorted(future):
        out.writerow([c, f"{future[c][0]:.2f}", future[c][1]])
campaign = {}
with open(f"{data}/campaign_descriptions.csv", newline="") as h:
    for r in csv.DictReader(h):
        campaign[r["campaign_id"]] = (r["campaign_type"], r["start_date"])
redeemed = set()
with open(f"{data}/coupon_redemptions.csv", newline="") as h:
    for r in csv.DictReader(h):
        redeemed.add((r["campaign_id"], r["household_id"]))
with open(f"{data}/campaigns.csv", newline="") as h, open(f"{lake}/marketing.csv", "w", newline="") as o:
    out = csv.writer(o)
    out.writerow(["customer_id", "sent_at", "channel", "campaign_id", "converted"])
    for r in csv.DictReader(h):
        kind, start = campaign[r["campaign_id"]]
        out.writerow([r["household_id"], f"{start} 00:00:00", kind.lower().replace(" ", "_"), r["campaign_id"],
                      "true" if (r["campaign_id"], r["household_id"]) in redeemed else "false"])
with open(f"{data}/demographics.csv", newline="") as h, open(f"{lake}/customers.csv", "w", newline="") as o:
    rows = csv.DictReader(h)
    out = csv.writer(o)
    out.writerow(["customer_id"] + [c for c in rows.fieldnames if c != "household_id"])
    for r in rows:
        out.writerow([r["household_id"]] + [r[c] for c in rows.fieldnames if c != "household_id"])
print(f"{len(baskets):,} baskets of {len(future):,} households; {len(redeemed):,} (campaign, household) redemptions")
PY
sed -e "s#^as_of:.*#as_of: $AS_OF#" "$ROOT/examples/completejourney.yaml" \
  | sed -e "s#\.\./\.\./shared/data/completejourney-lake/##" > "$LAKE/undercurrent.yaml"
START=$(date +%s)
"$ROOT/bin/undercurrent" discover --config "$LAKE/undercurrent.yaml" --out "$OUT" --output-format csv >/dev/null
echo "discover: $(( $(date +%s) - START )) s"
python3 - "$OUT" "$ROOT/bench" <<'PY'
import json, sys
out = sys.argv[1]
sys.path.insert(0, sys.argv[2])
from outputs import truth_lines
run = json.load(open(f"{out}/run.json"))
m = run["metrics"]
v = m["model"]["validation"]
nan = float("nan")
def fig(d, *path):
    for p in path:
        d = d.get(p, {}) if isinstance(d, dict) else {}
    return d if isinstance(d, (int, float)) else nan
print(f"held-out snapshot: value Spearman {fig(v, 'value', 'spearman'):.3f} (linear {fig(v, 'baseline_linear', 'value', 'spearman'):.3f}, "
      f"last horizon {fig(v, 'baseline_last_horizon', 'value', 'spearman'):.3f}), top-decile {fig(v, 'value', 'top_decile_capture'):.3f}, "
      f"churn AUC {fig(v, 'churn', 'auc'):.3f}, response {json.dumps(v.get('response', {}))}")
print("\n".join(truth_lines(run, "withheld 90 days: ")))
print(f"segments: k = {m['segments']['k']} ({m['segments']['method']})")
PY
