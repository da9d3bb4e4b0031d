#!/usr/bin/env python3
"""How predictable the withheld horizon of a generated lake is at all: a ceiling for value and churn.

Usage: bench/generate/horizon_ceiling.py TRUTH_1 ... TRUTH_K [--run OUT]
  TRUTH_k  _truth/customers.csv of lakes that differ only in --horizon-seed: the same history,
           byte for byte, and K independent draws of the next horizon for the same customers
  --run    a discover output (--output-format csv) run on that history; its predicted_value and
           churn_probability are judged against each of the K horizons, and the mean is printed

For each horizon k, the customers' other K-1 horizons are averaged into a predictor: the mean
net revenue (value), the share of those horizons with no order (churn), the mean rank (value
ranked by the expected rank). With many redraws that average tends to what each customer's
generative parameters promise, which no model of the history can beat: it also knows what the
history only hints at (a lapsed customer's comeback chance, a rising one's ramp). The figures are
printed for 1, 3, 7 ... K-1 redraws so the convergence shows; read the last line as the ceiling.

Value: Spearman with the horizon's net revenue, top-decile capture (the share of the horizon's
revenue that the predictor's top 10% carry) and the F1 of the top 5% (the lookalike_seed flag).
Churn: AUC of the predictor for "no order in the horizon". Needs numpy and scipy.

With --run, and scikit-learn importable, it also asks how much of the ceiling the run's own
signals carry: a gradient-boosted regressor, cross-validated in five folds, learns each customer's
log mean revenue over horizons 2..K from the run's customer_signals (a target nearly free of the
horizon's noise, which no real run has) and is judged on horizon 1. Where that stays well below the
ceiling, the history as the signals summarise it does not hold what the generative parameters
promise, and no model of those signals can close the gap.
"""
import csv
import os
import sys

import numpy as np
from scipy.stats import rankdata, spearmanr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outputs  # noqa: E402  (bench/outputs.py)

args = sys.argv[1:]
run = None
if "--run" in args:
    i = args.index("--run")
    run = args[i + 1]
    del args[i:i + 2]
if len(args) < 2:
    sys.exit(__doc__)


def read(path):
    with open(path, newline="") as h:
        rows = list(csv.DictReader(h))
    # churn is "no order in the horizon", as the model predicts it: a customer who ordered and sent
    # everything back has no net revenue but has not churned
    return ([r["customer_id"] for r in rows], np.array([float(r["future_revenue"]) for r in rows]),
            np.array([int(r["future_orders"]) for r in rows]))


ids, first, first_orders = read(args[0])
Y, O = [first], [first_orders]
for p in args[1:]:
    other_ids, y, o = read(p)
    if other_ids != ids:
        sys.exit(f"{p}: other customers than {args[0]}; the lakes must differ only in --horizon-seed")
    Y.append(y)
    O.append(o)
Y = np.array(Y)  # K horizons x customers
O = np.array(O)  # orders in each horizon
K = Y.shape[0]


def auc(score, positive):
    r = rankdata(score)
    npos = positive.sum()
    nneg = len(positive) - npos
    return (r[positive].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def top_capture(actual, score, share):
    k = max(1, int(len(score) * share))
    order = np.lexsort((np.arange(len(score)), -score))
    return np.clip(actual[order[:k]], 0, None).sum() / np.clip(actual, 0, None).sum()


def top_f1(actual, score, share=0.05):
    k = max(1, int(len(score) * share))
    a = set(np.argsort(-actual, kind="stable")[:k])
    s = set(np.lexsort((np.arange(len(score)), -score))[:k])
    return len(a & s) / k


def judge(predicted, churn, k):
    y = Y[k]
    return (spearmanr(predicted, y).correlation, top_capture(y, predicted, 0.10), top_f1(y, predicted),
            auc(churn, O[k] == 0))


print(f"{len(ids):,} customers, {K} horizons; share buying per horizon "
      f"{np.mean(O > 0, axis=1).min():.3f}-{np.mean(O > 0, axis=1).max():.3f}")
print(f"{'redraws':>8} {'Spearman':>9} {'(by rank)':>9} {'top-10%':>8} {'top-5% F1':>9} {'churn AUC':>9}")
R = np.array([rankdata(y) for y in Y])
sizes = sorted({m for m in (1, 3, 7, 15, 31, K - 1) if m <= K - 1})
for m in sizes:
    rows = []
    for k in range(K):
        others = [j for j in range(K) if j != k][:m]
        mean = Y[others].mean(0)
        no_order = (O[others] == 0).mean(0) - 1e-9 * mean  # ties broken by value
        s, cap, f1, a = judge(mean, no_order, k)
        rows.append((s, spearmanr(R[others].mean(0), Y[k]).correlation, cap, f1, a))
    r = np.mean(rows, axis=0)
    print(f"{m:>8} {r[0]:>9.3f} {r[1]:>9.3f} {r[2]:>8.3f} {r[3]:>9.3f} {r[4]:>9.3f}")
if run:
    scores = {r["customer_id"]: r for r in outputs.table(run, "customer_scores")}
    pv = np.array([float(scores[i]["predicted_value"]) for i in ids])
    ch = np.array([float(scores[i]["churn_probability"]) for i in ids])
    r = np.mean([judge(pv, ch, k) for k in range(K)], axis=0)
    print(f"{'the run':>8} {r[0]:>9.3f} {'':>9} {r[1]:>8.3f} {r[2]:>9.3f} {r[3]:>9.3f}   ({run})")
    with open(args[0], newline="") as h:
        kinds = np.array([r["kind"] for r in csv.DictReader(h)])
    print("by planted kind: mean predicted value against the mean over the K horizons")
    for kind in sorted(set(kinds)):
        m = kinds == kind
        print(f"  {kind:16s} {m.sum():>7,} customers  predicted {pv[m].mean():8.1f}  horizons {Y[:, m].mean():8.1f}")
    try:
        from sklearn.ensemble import HistGradientBoostingRegressor
        from sklearn.model_selection import KFold
    except ImportError:
        sys.exit("(scikit-learn is not importable by this python3: no 'signals' line)")
    signals = {r["customer_id"]: r for r in outputs.table(run, "customer_signals")}
    cols = [c for c in next(iter(signals.values())) if c != "customer_id"]
    X = np.array([[float(signals[i][c]) if signals[i][c] else np.nan for c in cols] for i in ids])
    target = np.log1p(np.clip(Y[1:].mean(0), 0, None))
    fitted = np.zeros(len(ids))
    for train, test in KFold(5, shuffle=True, random_state=0).split(X):
        model = HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05, random_state=0)
        fitted[test] = model.fit(X[train], target[train]).predict(X[test])
    s = spearmanr(fitted, Y[0]).correlation
    print(f"{'signals':>8} {s:>9.3f} {'':>9} {top_capture(Y[0], fitted, 0.10):>8.3f} {top_f1(Y[0], fitted):>9.3f}"
          f"   (gradient boosting from the run's {len(cols)} signals to the mean of horizons 2..{K}, "
          f"5-fold, judged on horizon 1)")
