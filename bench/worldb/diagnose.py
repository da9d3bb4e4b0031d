#!/usr/bin/env python3
"""Deeper look at a World B run: how learnable each planted audience is from the run's own
customer_signals (a cross-validated supervised ceiling: gradient boosting trained on the planted
flag, top-|planted| customers taken), the latent states behind the audiences' misses, and how the
cross_sell audience fares against the categories customers really bought for the first time in
the horizon. Needs _truth/latent.csv and _truth/future_order_items.csv.

Usage: diagnose.py LAKE OUT
"""
import csv
import os
import sys
from collections import Counter

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import cross_val_predict

sys.path.insert(0, os.path.dirname(__file__))
from evaluate import TYPES, read_table, fnum  # noqa: E402


def main():
    lake, out = sys.argv[1], sys.argv[2]
    truth = {r["customer_id"]: r for r in csv.DictReader(open(os.path.join(lake, "_truth", "customers.csv")))}
    lat = {r["customer_id"]: r for r in csv.DictReader(open(os.path.join(lake, "_truth", "latent.csv")))}
    sig = read_table(out, "customer_signals")
    ids = [r["customer_id"] for r in sig]
    cols = [c for c in sig[0] if c != "customer_id"]
    X = np.array([[fnum(r[c]) for c in cols] for r in sig])
    mem = read_table(out, "opportunity_members")
    opps = {r["opportunity_id"]: r for r in read_table(out, "opportunities")}
    by_type = {}
    for r in mem:
        by_type.setdefault(opps[r["opportunity_id"]]["type"], set()).add(r["customer_id"])

    print("== supervised ceiling (5-fold gradient boosting on customer_signals, top-|planted| taken)")
    for ty in TYPES:
        y = np.array([truth[i][ty] == "1" for i in ids])
        p = cross_val_predict(HistGradientBoostingClassifier(max_iter=150, random_state=0), X, y, cv=5,
                              method="predict_proba")[:, 1]
        top = np.argsort(-p)[: y.sum()]
        hit = y[top].sum()
        f1 = hit / y.sum()
        print(f"  {ty:18s} planted {y.sum():5d}  ceiling F1 {f1:.3f}")

    print("\n== latent breakdowns")
    rf = by_type.get("reduce_frequency", set())
    c = Counter()
    for i in rf:
        L = lat[i]
        over = L["kind"] == "over_messaged" or truth[i]["secondary_kind"] == "over_messaged"
        tag = ("over_messaged" if over else "decoy" if L["decoy"] == "1" else "ordinary")
        if over and truth[i]["reduce_frequency"] == "0":
            tag += "(email_off=%s,sms_off=%s,dropped=%s)" % (L["email_off"], L["sms_off"], L["dropped"])
        c[tag] += 1
    print("  reduce_frequency audience:", dict(c.most_common()))
    dec = [i for i in lat if lat[i]["decoy"] == "1"]
    print(f"  decoys: {len(dec)}, in audience {sum(i in rf for i in dec)}")
    om = [i for i in truth if truth[i]["reduce_frequency"] == "1"]
    print(f"  planted reduce_frequency missed: email_off among missed {sum(lat[i]['email_off'] == '1' for i in om if i not in rf)}"
          f" of {sum(i not in rf for i in om)}")

    wb = by_type.get("win_back", set())
    c = Counter()
    for i in wb:
        L = lat[i]
        c[L["kind"] + ("/reachable" if L["reachable"] == "1" else "/gone" if L["kind"] == "lapsed" else
                       "/dropped" if L["dropped"] == "1" else "")] += 1
    print("  win_back audience:", dict(c.most_common()))

    nr = by_type.get("nurture_rising", set())
    c = Counter(lat[i]["kind"] + ("/ascending" if lat[i]["ascending"] == "1" else "") for i in nr)
    print("  nurture_rising audience:", dict(c.most_common(8)))

    rt = by_type.get("retain", set())
    for name, group in (("audience", rt), ("planted missed", {i for i in truth if truth[i]["retain"] == "1"} - rt)):
        ho = np.array([int(lat[i]["history_orders"]) for i in group])
        print(f"  retain {name}: n {len(group)}, median history orders {np.median(ho) if len(ho) else 0:.0f}")

    # cross_sell against first-time category purchases in the horizon
    hist = {}
    oc = {r["order_id"]: r["customer_id"] for r in csv.DictReader(open(os.path.join(lake, "orders.csv")))}
    for r in csv.DictReader(open(os.path.join(lake, "order_items.csv"))):
        hist.setdefault(oc[r["order_id"]], set()).add(r["category"])
    foc = {r["order_id"]: r["customer_id"] for r in csv.DictReader(open(os.path.join(lake, "_truth", "future_orders.csv")))}
    new_cat = {}
    for r in csv.DictReader(open(os.path.join(lake, "_truth", "future_order_items.csv"))):
        cid = foc[r["order_id"]]
        if r["category"] not in hist.get(cid, set()):
            new_cat.setdefault(cid, set()).add(r["category"])
    # the product's (customer, category) pairs
    pairs = set()
    for r in mem:
        o = opps[r["opportunity_id"]]
        if o["type"] == "cross_sell":
            cat = o["title"].split("Cross-sell ")[1].split(" to ")[0]
            pairs.add((r["customer_id"], cat))
    hit_pairs = sum(1 for (cid, cat) in pairs if cat in new_cat.get(cid, set()))
    realized = {i for i in new_cat}
    cs = by_type.get("cross_sell", set())
    print(f"\n  cross_sell: customers buying a never-bought category in the horizon {len(realized)}; "
          f"audience {len(cs)} of whom {len(cs & realized)} did ({len(cs & realized) / max(len(cs), 1):.3f}); "
          f"base rate among all {len(realized) / len(truth):.3f}")
    print(f"  cross_sell (customer, category) pairs {len(pairs)}, bought that category in the horizon {hit_pairs} "
          f"({hit_pairs / max(len(pairs), 1):.3f}); planted hidden category named right: "
          f"{sum(1 for (cid, cat) in pairs if lat[cid]['hidden_category'] == cat)}")
    hid = [i for i in lat if lat[i]["hidden_category"]]
    print(f"  planted hidden-category customers {len(hid)}, who bought it in the horizon "
          f"{sum(1 for i in hid if lat[i]['hidden_category'] in new_cat.get(i, set()))}")
    per = Counter(len({cat for (cid, cat) in pairs if cid == i}) for i in cs)
    print(f"  categories proposed per cross_sell member: {dict(sorted(per.items()))}")


if __name__ == "__main__":
    main()
