#!/usr/bin/env python3
"""Prints a World B run's figures (run.json metrics.truth), two calibration baselines (an analyst's
k-means on log RFM plus a few obvious signals, and RFM quintile cells) and, per opportunity type,
who the product's audience is made of (planted kinds and flags) against who was planted.

Usage: evaluate.py LAKE OUT
"""
import csv
import glob
import json
import os
import sys
from collections import Counter

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

TYPES = ["win_back", "retain", "nurture_rising", "protect_margin", "reduce_frequency", "grow_wallet",
         "cross_sell", "lookalike_seed", "suppress"]


def read_table(out, name):
    single = os.path.join(out, name + ".csv")
    files = [single] if os.path.isfile(single) else sorted(glob.glob(os.path.join(out, name, "*.csv")))
    rows = []
    for f in files:
        with open(f, newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def fnum(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def main():
    lake, out = sys.argv[1], sys.argv[2]
    run = json.load(open(os.path.join(out, "run.json")))
    t = run["metrics"].get("truth", {})
    seg = run["metrics"].get("segments", {})
    truth = {r["customer_id"]: r for r in csv.DictReader(open(os.path.join(lake, "_truth", "customers.csv")))}
    meta = json.load(open(os.path.join(lake, "_truth", "meta.json")))
    kinds = meta["kinds"]

    print(f"== World B: {meta['customers']} customers, seed {meta['seed']}, noise {meta.get('noise')}")
    print(f"segments: method {seg.get('method')} k {seg.get('k')}; segment ARI vs kinds {t.get('segment_ari_vs_kinds', float('nan')):.3f}")
    aud = t.get("audiences", {})
    print(f"{'type':18s} {'planted':>7s} {'audience':>8s} {'prec':>6s} {'recall':>6s} {'F1':>6s}")
    f1s = []
    for ty in TYPES:
        m = aud.get(ty)
        if not m:
            continue
        print(f"{ty:18s} {int(m['planted']):7d} {int(m['audience']):8d} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
        if ty != "lookalike_seed":
            f1s.append(m["f1"])
    print(f"mean F1 over the 9 types {t.get('mean_f1', float('nan')):.3f}; over the 8 without lookalike_seed {np.mean(f1s):.3f}")
    fv = t.get("future_value", {})
    lh = t.get("future_value_baseline_last_horizon", {})
    lin = t.get("future_value_baseline_linear", {})
    ch = t.get("future_churn", {})
    print(f"value Spearman {fv.get('value.spearman', np.nan):.3f} (last-90d {lh.get('value.spearman', np.nan):.3f}, "
          f"linear {lin.get('value.spearman', np.nan):.3f}); top-decile capture {fv.get('value.top_decile_capture', np.nan):.3f} "
          f"(last-90d {lh.get('value.top_decile_capture', np.nan):.3f}, linear {lin.get('value.top_decile_capture', np.nan):.3f}); "
          f"predicted/actual total {fv.get('value.total_ratio', np.nan):.3f}")
    print(f"churn AUC {ch.get('churn.auc', np.nan):.3f}, ECE {ch.get('churn.ece', np.nan):.3f}")

    # ---- baselines on the run's own customer_signals
    sig = read_table(out, "customer_signals")
    ids = [r["customer_id"] for r in sig]
    y = np.array([kinds.index(truth[i]["kind"]) for i in ids])

    def col(name, default=0.0):
        v = np.array([fnum(r.get(name)) for r in sig])
        return np.where(np.isnan(v), default, v)

    rec = col("recency_days", 9999)
    freq = col("frequency")
    mon = np.maximum(col("monetary_total"), 0)
    X = np.column_stack([np.log1p(rec), np.log1p(freq), np.log1p(mon), np.log1p(np.maximum(col("avg_order_value"), 0)),
                         np.log1p(col("tenure_days")), col("discount_rate"), col("return_rate"),
                         np.log1p(col("sessions_90d")), col("open_rate_90d"), np.log1p(col("sends_90d")),
                         col("seasonal_concentration")])
    Xs = StandardScaler().fit_transform(X)
    aris = [adjusted_rand_score(y, KMeans(len(kinds), n_init=10, random_state=s).fit_predict(Xs)) for s in range(3)]
    print(f"baseline analyst k-means (k={len(kinds)}, log RFM + AOV, tenure, discount, returns, sessions, opens, sends, seasonality) ARI {np.mean(aris):.3f}")

    def quint(v):
        r = np.argsort(np.argsort(v, kind="stable"), kind="stable")
        return (r * 5 // len(v)).astype(int)
    R = 4 - quint(rec)
    F = quint(freq + 1e-9 * np.random.default_rng(0).random(len(freq)))
    M = quint(mon)
    cells = R * 25 + F * 5 + M
    # group the 125 cells into ~10 groups by the classic RFM score bands (R, F+M)
    fm = (F + M) // 2
    group = np.where(R >= 3, np.where(fm >= 3, 0, np.where(fm >= 1, 1, 2)),
                     np.where(R == 2, np.where(fm >= 3, 3, np.where(fm >= 1, 4, 5)),
                              np.where(fm >= 3, 6, np.where(fm >= 2, 7, np.where(fm >= 1, 8, 9)))))
    print(f"baseline RFM cells (quintiles grouped to {len(set(group))}) ARI {adjusted_rand_score(y, group):.3f}; "
          f"125 raw cells ARI {adjusted_rand_score(y, cells):.3f}")

    # ---- who each audience is made of
    mem = read_table(out, "opportunity_members")
    opps = {r["opportunity_id"]: r for r in read_table(out, "opportunities")}
    by_type = {}
    for r in mem:
        ty = opps.get(r["opportunity_id"], {}).get("type")
        by_type.setdefault(ty, set()).add(r["customer_id"])
    print("\n== opportunities")
    for o in sorted(opps.values(), key=lambda o: int(o["rank"])):
        print(f"  {o['rank']:>3s} {o['type']:16s} seg {o['segment_id'] or '-':4s} {int(o['customers']):6d}  {o['title'][:90]}")
    print("\n== audiences by kind (audience members; planted-flag members; planted total by kind)")
    for ty in TYPES:
        members = by_type.get(ty, set())
        planted = {i for i, r in truth.items() if r[ty] == "1"}
        mk = Counter(truth[i]["kind"] for i in members if i in truth)
        pk = Counter(truth[i]["kind"] for i in planted)
        hit = Counter(truth[i]["kind"] for i in members & planted)
        miss = Counter(truth[i]["kind"] for i in planted - members)
        print(f"-- {ty}: audience {len(members)}, planted {len(planted)}, hit {len(members & planted)}")
        print("   audience kinds: " + ", ".join(f"{k} {n}" for k, n in mk.most_common()))
        print("   hits by kind:   " + ", ".join(f"{k} {n}" for k, n in hit.most_common()))
        print("   missed planted: " + ", ".join(f"{k} {n}" for k, n in miss.most_common()) + f"  (planted by kind: "
              + ", ".join(f"{k} {n}" for k, n in pk.most_common()) + ")")
        other = Counter()
        for i in members - planted:
            fl = [x for x in TYPES if truth[i][x] == "1" and x != ty]
            other[",".join(fl) or "none"] += 1
        print("   false positives' own flags: " + ", ".join(f"{k} {n}" for k, n in other.most_common(6)))
        if members:
            fr = np.array([float(truth[i]["future_revenue"]) for i in members])
            fo = np.array([int(truth[i]["future_orders"]) for i in members])
            print(f"   audience future: mean revenue {fr.mean():.1f}, share ordering {np.mean(fo > 0):.2f}")
        if planted:
            fr = np.array([float(truth[i]["future_revenue"]) for i in planted])
            fo = np.array([int(truth[i]["future_orders"]) for i in planted])
            print(f"   planted future:  mean revenue {fr.mean():.1f}, share ordering {np.mean(fo > 0):.2f}")
    # segment composition
    sc = read_table(out, "customer_scores")
    segs = Counter((r["segment_id"], truth[r["customer_id"]]["kind"]) for r in sc)
    print("\n== segment x kind")
    for s in sorted({k[0] for k in segs}, key=lambda x: int(x) if x.isdigit() else 0):
        row = sorted(((n, k) for (ss, k), n in segs.items() if ss == s), reverse=True)
        print(f"  seg {s}: " + ", ".join(f"{k} {n}" for n, k in row[:6]))


if __name__ == "__main__":
    main()
