#!/usr/bin/env python3
"""How separable is each planted truth flag from simple observable features? For every flag,
prints the best single-feature AUC (either direction) and a least-squares linear score's AUC
on a held-out half. A flag with a single-feature AUC near 1 would be trivially separable; near
0.5 unlearnable. Usage: separability.py DIR (numpy; lakes up to ~50k customers)."""
import csv, sys, collections
import numpy as np

d = sys.argv[1]
AS_OF = "2025-12-29"
ids = [r["customer_id"] for r in csv.DictReader(open(f"{d}/customers.csv"))]
idx = {c: i for i, c in enumerate(ids)}
n = len(ids)
names = ["orders", "revenue", "days_since_last", "tenure_days", "disc_share", "margin", "return_share",
         "orders_180d", "orders_prev_180d", "sessions_90d", "sessions", "views", "sends_90d",
         "opens_90d_rate", "sends", "tickets_180d", "categories", "unsub", "aov", "novdec_share"]
F = np.zeros((n, len(names)))
col = {x: i for i, x in enumerate(names)}
from datetime import date
def days(ts):
    return (date(2025, 12, 29) - date.fromisoformat(ts[:10])).days
first = {}
last = {}
cust_of = {}
rev = np.zeros(n); disc = np.zeros(n); cost = np.zeros(n); ret = np.zeros(n); novdec = np.zeros(n)
for r in csv.DictReader(open(f"{d}/orders.csv")):
    i = idx[r["customer_id"]]; cust_of[r["order_id"]] = i
    a = days(r["ordered_at"])
    F[i, col["orders"]] += 1
    rev[i] += float(r["revenue"]); disc[i] += float(r["discount"]); cost[i] += float(r["cost"]); ret[i] += float(r["returned_amount"])
    if a < 180: F[i, col["orders_180d"]] += 1
    elif a < 360: F[i, col["orders_prev_180d"]] += 1
    if r["ordered_at"][5:7] in ("11", "12"): novdec[i] += 1
    last[i] = min(last.get(i, 10**6), a); first[i] = max(first.get(i, 0), a)
F[:, col["revenue"]] = rev
F[:, col["disc_share"]] = disc / np.maximum(rev + disc, 1)
F[:, col["margin"]] = (rev - cost) / np.maximum(rev, 1)
F[:, col["return_share"]] = ret / np.maximum(rev, 1)
F[:, col["aov"]] = rev / np.maximum(F[:, col["orders"]], 1)
F[:, col["novdec_share"]] = novdec / np.maximum(F[:, col["orders"]], 1)
for i in range(n):
    F[i, col["days_since_last"]] = last.get(i, 2000); F[i, col["tenure_days"]] = first.get(i, 0)
cats = collections.defaultdict(set)
for r in csv.DictReader(open(f"{d}/order_items.csv")):
    cats[cust_of[r["order_id"]]].add(r["category"])
for i, s in cats.items(): F[i, col["categories"]] = len(s)
for r in csv.DictReader(open(f"{d}/events.csv")):
    i = idx[r["customer_id"]]; a = days(r["occurred_at"]); t = r["event_type"]
    if t.endswith("session"):
        F[i, col["sessions"]] += 1
        if a < 90: F[i, col["sessions_90d"]] += 1
    elif t == "product_view": F[i, col["views"]] += 1
    elif t == "support_ticket" and a < 180: F[i, col["tickets_180d"]] += 1
opens = np.zeros(n)
for r in csv.DictReader(open(f"{d}/marketing.csv")):
    i = idx[r["customer_id"]]; a = days(r["sent_at"])
    F[i, col["sends"]] += 1
    if a < 90:
        F[i, col["sends_90d"]] += 1; opens[i] += r["opened"] == "true"
    if r["unsubscribed"] == "true": F[i, col["unsub"]] = 1
F[:, col["opens_90d_rate"]] = opens / np.maximum(F[:, col["sends_90d"]], 1)

def auc(score, y):
    order = np.argsort(score, kind="mergesort"); ranks = np.empty(len(score)); ranks[order] = np.arange(1, len(score) + 1)
    # average ranks for ties
    s = score[order]; i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]: j += 1
        ranks[order[i:j + 1]] = (i + j + 2) / 2; i = j + 1
    pos = y.sum(); neg = len(y) - pos
    return (ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg)

truth = list(csv.DictReader(open(f"{d}/_truth/customers.csv")))
flags = list(truth[0].keys())[5:]
X = np.column_stack([np.log1p(np.abs(F)) * np.sign(F), np.ones(n)])
half = np.arange(n) % 2 == 0
print(f"{'flag':17} {'share':>6} {'best single feature':>32} {'linear AUC':>10}")
for fl in flags:
    y = np.array([int(t[fl]) for t in truth])
    best = max(((max(auc(F[:, j], y), 1 - auc(F[:, j], y)), names[j]) for j in range(len(names))))
    w, *_ = np.linalg.lstsq(X[half], y[half], rcond=None)
    lin = auc(X[~half] @ w, y[~half])
    print(f"{fl:17} {y.mean():6.3f} {best[1]:>24} {best[0]:.3f} {lin:10.3f}")
