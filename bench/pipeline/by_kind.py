#!/usr/bin/env python3
"""Withheld-horizon quality by planted kind: where the predictions miss.

Usage: bench/pipeline/by_kind.py OUT LAKE
  OUT   a discover output written with --output-format csv (customer_scores)
  LAKE  the generated lake it read (LAKE/_truth/customers.csv: kind, flags, future orders/revenue)

Prints, per planted kind, the share that bought in the withheld horizon beside the mean predicted
chance to buy and the churn AUC within the kind; then the overall churn AUC and value Spearman,
and the same without the customers whose horizon behaviour the generator plants with no
precedent in their history (recoverable lapsed customers flagged win_back, who return in the
horizon; slipping customers, whose value decays away in it). Needs numpy and scipy.
"""
import csv
import glob
import sys

import numpy as np
from scipy.stats import mannwhitneyu, spearmanr

out, lake = sys.argv[1], sys.argv[2]
scores = {}
for f in sorted(glob.glob(f"{out}/customer_scores/*.csv")):
    with open(f, newline="") as h:
        scores.update({r["customer_id"]: r for r in csv.DictReader(h)})
with open(f"{lake}/_truth/customers.csv", newline="") as h:
    truth = {r["customer_id"]: r for r in csv.DictReader(h)}
ids = sorted(scores)
p = np.array([1 - float(scores[i]["churn_probability"]) for i in ids])
pv = np.array([float(scores[i]["predicted_value"]) for i in ids])
bought = np.array([int(truth[i]["future_orders"]) > 0 for i in ids])
value = np.array([float(truth[i]["future_revenue"]) for i in ids])
kind = np.array([truth[i]["kind"] for i in ids])
win_back = np.array([truth[i]["win_back"] == "1" for i in ids])


def auc(x, b):
    if b.all() or not b.any():
        return float("nan")
    return mannwhitneyu(x[b], x[~b]).statistic / (b.sum() * (~b).sum())


print(f"{'kind':16s} {'customers':>9s} {'bought':>7s} {'predicted':>9s} {'AUC within':>10s}")
for k in sorted(set(kind)):
    m = kind == k
    print(f"{k:16s} {m.sum():9d} {bought[m].mean():7.3f} {p[m].mean():9.3f} {auc(p[m], bought[m]):10.3f}")
m = win_back
print(f"{'(win_back flag)':16s} {m.sum():9d} {bought[m].mean():7.3f} {p[m].mean():9.3f}")
keep = ~win_back & (kind != "slipping")
print(f"churn AUC {auc(p, bought):.3f}, value Spearman {spearmanr(value, pv).correlation:.3f}; "
      f"without win_back-flagged and slipping customers: AUC {auc(p[keep], bought[keep]):.3f}, "
      f"Spearman {spearmanr(value[keep], pv[keep]).correlation:.3f}")
