#!/usr/bin/env python3
"""How far planted kinds can be recovered from a run's own outputs: a ceiling for segment ARI.

Usage: bench/segments/ceiling.py OUT LAKE
  OUT   a discover output written with --output-format csv (customer_signals, customer_embeddings)
  LAKE  the generated lake it read (LAKE/_truth/customers.csv holds each customer's planted kind)

Prints the adjusted Rand index against the planted kinds of
  * k-means (k-means++, best of 3) at k = 4, 7, 10, 13 in the embedding and in the signals
    (log-scaled where signed-log helps, z-scored; rank-Gaussian), i.e. what clustering reaches;
  * "oracle": every customer assigned to the nearest planted kind's own centroid in that space,
    i.e. what any centroid method could reach there if it knew the kinds' centres;
  * a linear least-squares classifier trained on the kinds themselves (one-vs-rest, all
    signals): a supervised ceiling for a linear view of the signals.
Needs numpy and scipy only.
"""
import csv
import os
import sys
from math import comb

import numpy as np
from scipy.cluster.vq import kmeans2
from scipy.stats import norm, rankdata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outputs  # noqa: E402  (bench/outputs.py)

out, lake = sys.argv[1], sys.argv[2]


signals = outputs.table(out, "customer_signals")
emb = {r["customer_id"]: r for r in outputs.table(out, "customer_embeddings")}
with open(f"{lake}/_truth/customers.csv", newline="") as h:
    truth = {r["customer_id"]: r["kind"] for r in csv.DictReader(h)}
ids = [r["customer_id"] for r in signals]
cols = [c for c in signals[0] if c != "customer_id" and not c.startswith("horizon_season")]
X = np.array([[float(r[c]) if r[c] else np.nan for c in cols] for r in signals])
for j in range(X.shape[1]):
    m = np.nanmedian(X[:, j]) if np.isfinite(X[:, j]).any() else 0.0
    X[np.isnan(X[:, j]), j] = m
X = X[:, X.std(0) > 0]


def vector(r):
    if "embedding" in r:
        return [float(v) for v in r["embedding"].strip("[]").split(",")]
    return [float(v) for k, v in r.items() if k != "customer_id"]


E = np.array([vector(emb[i]) for i in ids])
_, y = np.unique([truth[i] for i in ids], return_inverse=True)


def ari(a, b):
    cells, ra, rb = {}, {}, {}
    for x, z in zip(a, b):
        cells[(x, z)] = cells.get((x, z), 0) + 1
    for (x, z), v in cells.items():
        ra[x] = ra.get(x, 0) + v
        rb[z] = rb.get(z, 0) + v
    s = sum(comb(v, 2) for v in cells.values())
    sa, sb, n = sum(comb(v, 2) for v in ra.values()), sum(comb(v, 2) for v in rb.values()), comb(len(a), 2)
    e = sa * sb / n
    return (s - e) / ((sa + sb) / 2 - e)


def kmeans(Z, k):
    best = None
    for seed in range(3):
        c, labels = kmeans2(Z, k, minit="++", seed=seed + 1, iter=50)
        inertia = ((Z - c[labels]) ** 2).sum()
        if best is None or inertia < best[0]:
            best = (inertia, labels)
    return best[1]


def z(Z):
    return (Z - Z.mean(0)) / np.maximum(Z.std(0), 1e-9)


def oracle(Z):
    centres = np.array([Z[y == k].mean(0) for k in range(y.max() + 1)])
    return ari(y, ((Z[:, None, :] - centres[None]) ** 2).sum(2).argmin(1))


logz = z(np.sign(X) * np.log1p(np.abs(X)))
rankg = z(norm.ppf((np.apply_along_axis(rankdata, 0, X) - 0.5) / len(X)))
print(f"{len(ids):,} customers, {y.max() + 1} planted kinds, {X.shape[1]} signals, embedding dim {E.shape[1]}")
for name, Z in (("embedding (z)", z(E)), ("signals, log-z", logz), ("signals, rank-Gaussian", rankg)):
    ks = " ".join(f"k={k} {ari(y, kmeans(Z, k)):.3f}" for k in (4, 7, 10, 13))
    print(f"{name:24s} oracle centroids {oracle(Z):.3f} | k-means {ks}")
A = np.hstack([logz, np.ones((len(logz), 1))])
W = np.linalg.lstsq(A, np.eye(y.max() + 1)[y], rcond=None)[0]
print(f"linear classifier trained on the kinds (supervised): ARI {ari(y, (A @ W).argmax(1)):.3f}")
