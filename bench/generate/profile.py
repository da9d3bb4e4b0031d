#!/usr/bin/env python3
"""Per-kind profile of a generated lake: rows per customer per file, spend, horizon outcome and
truth-flag shares. Usage: profile.py DIR. Standard library only; meant for lakes up to ~100k
customers (it holds per-customer counters in memory)."""
import csv, sys, collections, datetime

d = sys.argv[1]
truth = {}
with open(f"{d}/_truth/customers.csv") as f:
    r = csv.DictReader(f)
    flags = r.fieldnames[5:]
    for row in r:
        truth[row["customer_id"]] = row
kind_of = {c: t["kind"] for c, t in truth.items()}
rows = collections.defaultdict(lambda: collections.Counter())
rev = collections.Counter(); disc = collections.Counter(); cost = collections.Counter(); ret = collections.Counter()
last = {}
order_cust = {}
with open(f"{d}/orders.csv") as f:
    for row in csv.DictReader(f):
        c = row["customer_id"]; k = kind_of[c]
        rows[k]["orders"] += 1
        order_cust[row["order_id"]] = k
        rev[k] += float(row["revenue"]); disc[k] += float(row["discount"]); cost[k] += float(row["cost"]); ret[k] += float(row["returned_amount"])
        last[c] = max(last.get(c, ""), row["ordered_at"])
with open(f"{d}/order_items.csv") as f:
    for row in csv.DictReader(f):
        rows[order_cust[row["order_id"]]]["items"] += 1
ev = collections.defaultdict(collections.Counter)
with open(f"{d}/events.csv") as f:
    for row in csv.DictReader(f):
        k = kind_of[row["customer_id"]]
        rows[k]["events"] += 1
        ev[k][row["event_type"]] += 1
mk = collections.defaultdict(collections.Counter)
with open(f"{d}/marketing.csv") as f:
    for row in csv.DictReader(f):
        k = kind_of[row["customer_id"]]
        rows[k]["marketing"] += 1
        for x in ("opened", "clicked", "converted", "unsubscribed"):
            mk[k][x] += row[x] == "true"
n = collections.Counter(kind_of.values())
fut = collections.Counter(); fbuy = collections.Counter()
for c, t in truth.items():
    fut[t["kind"]] += float(t["future_revenue"]); fbuy[t["kind"]] += int(t["future_orders"]) > 0
asof = datetime.datetime(2025, 12, 29)
print(f"{'kind':15} {'n':>6} {'ord':>5} {'item':>5} {'evt':>5} {'mkt':>5} {'tot':>5} {'rev':>7} {'disc%':>5} {'mrg%':>5} {'ret%':>5} {'open%':>5} {'unsub':>5} {'fut$':>6} {'fbuy%':>5} {'idle_d':>6}")
tot = collections.Counter()
for k in sorted(n, key=lambda k: -n[k]):
    m = n[k]; r = rows[k]
    s = sum(r.values()) + m
    for x in r: tot[x] += r[x]
    idle = [ (asof - datetime.datetime.fromisoformat(last[c])).days for c in kind_of if kind_of[c] == k and c in last]
    idle.sort()
    print(f"{k:15} {m:6} {r['orders']/m:5.1f} {r['items']/m:5.1f} {r['events']/m:5.1f} {r['marketing']/m:5.1f} {s/m:5.1f} {rev[k]/m:7.0f} {100*disc[k]/(rev[k]+disc[k]):5.1f} {100*(rev[k]-cost[k])/max(rev[k],1):5.1f} {100*ret[k]/max(rev[k],1):5.1f} {100*mk[k]['opened']/max(r['marketing'],1):5.1f} {mk[k]['unsubscribed']/m:5.2f} {fut[k]/m:6.0f} {100*fbuy[k]/m:5.1f} {idle[len(idle)//2]:6}")
N = len(truth)
print("rows/customer:", {x: round(v / N, 1) for x, v in tot.items()}, "total", round((sum(tot.values()) + N) / N, 1))
for fl in flags:
    mem = [t for t in truth.values() if t[fl] == "1"]
    kinds = collections.Counter(t["kind"] for t in mem).most_common(4)
    fr = sum(float(t["future_revenue"]) for t in mem) / max(len(mem), 1)
    print(f"{fl:17} {len(mem):6} ({100*len(mem)/N:4.1f}%) future$ {fr:7.1f}  kinds {kinds}")
print("event types:", sum(ev.values(), collections.Counter()))
