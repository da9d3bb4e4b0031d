#!/usr/bin/env python3
"""How much of the withheld horizon the signals can tell at all: a ceiling for value Spearman,
top-decile capture and churn AUC.

Usage: /usr/bin/python3 bench/pipeline/value_ceiling.py OUT TRUTH
  OUT    a discover output written with --output-format csv (customer_signals, customer_scores)
  TRUTH  a customers.csv with customer_id and future_revenue (a generated lake's _truth/customers.csv,
         or the one bench/online_retail/run.sh writes for the withheld 90 days of UCI Online Retail)

A gradient-boosted model and a ridge regression (on signed-log, z-scored signals; more robust on a
few thousand customers) are trained, by 5-fold cross-validation, on the withheld horizon itself:
today's signals in, what each customer then spent out. It knows what no model fitted on earlier
cut-offs can know (this horizon's season, shocks that start after as_of), so its figures are an
optimistic ceiling for any predictor of these signals, not a baseline. Printed beside the run's own
predictions judged on the same truth.
Needs numpy, scipy and scikit-learn (Debian: apt-get install python3-sklearn).
"""
import csv
import os
import sys

import numpy as np
from scipy.stats import spearmanr
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outputs  # noqa: E402  (bench/outputs.py)

out, truth_file = sys.argv[1], sys.argv[2]


signals = outputs.table(out, "customer_signals")
scores = {r["customer_id"]: r for r in outputs.table(out, "customer_scores")}
with open(truth_file, newline="") as h:
    future = {r["customer_id"]: float(r["future_revenue"] or 0) for r in csv.DictReader(h)}
ids = [r["customer_id"] for r in signals]
cols = [c for c in signals[0] if c != "customer_id"]
X = np.array([[float(r[c]) if r[c] else np.nan for c in cols] for r in signals])
y = np.array([future.get(i, 0.0) for i in ids])
bought = (y > 0).astype(int)
pv = np.array([float(scores[i]["predicted_value"]) for i in ids])
churn = np.array([float(scores[i]["churn_probability"]) for i in ids])


def capture(score):
    k = max(1, len(y) // 10)
    top = np.argsort(-score, kind="stable")[:k]
    return np.clip(y[top], 0, None).sum() / np.clip(y, 0, None).sum()


print(f"{len(ids):,} customers, {bought.mean():.1%} bought in the withheld horizon, {len(cols)} signals")
print(f"the run's predictions                  value Spearman {spearmanr(y, pv)[0]:.3f}  top-decile {capture(pv):.3f}"
      f"  churn AUC {roc_auc_score(1 - bought, churn):.3f}")
folds = KFold(5, shuffle=True, random_state=0)


def linear(model):
    signed_log = FunctionTransformer(lambda a: np.sign(a) * np.log1p(np.abs(a)))
    return make_pipeline(SimpleImputer(strategy="median"), signed_log, StandardScaler(), model)


for name, target in (("log1p revenue", np.log1p(np.clip(y, 0, None))), ("revenue", y)):
    for label, model in (("boosted", HistGradientBoostingRegressor(max_iter=300, learning_rate=0.05)),
                         ("ridge", linear(RidgeCV(alphas=np.logspace(-2, 4, 13))))):
        p = cross_val_predict(model, X, target, cv=folds)
        print(f"ceiling, {label:7s} on {name:13s}  value Spearman {spearmanr(y, p)[0]:.3f}  top-decile {capture(p):.3f}")
for label, model in (("boosted", HistGradientBoostingClassifier(max_iter=300, learning_rate=0.05)),
                     ("logistic", linear(LogisticRegression(max_iter=2000)))):
    p = cross_val_predict(model, X, bought, cv=folds, method="predict_proba")[:, 1]
    print(f"ceiling, {label:8s} buy classifier   churn AUC {roc_auc_score(bought, p):.3f}")
