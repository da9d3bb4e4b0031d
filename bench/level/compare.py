#!/usr/bin/env python3
"""How far the level of a run's predictions is from what its customers did in the withheld horizon.

Usage: bench/level/compare.py OUT LAKE [OUT LAKE ...]
  OUT   a discover output written with --output-format csv
  LAKE  the lake it read; LAKE/_truth/customers.csv holds future_revenue and future_orders

For each run prints, over the withheld horizon's actual totals: the network's own predicted total
and expected buyers, the seasonal forecast's (SeasonalLevel), the run's final ones (the network
moved towards the forecast by the forecast's weight), the weights, the forecast's backtest on the
held-out horizon, and the calibration error (ECE, 10 equal-count bins) of the run's churn
probabilities. Needs nothing beyond the standard library.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outputs  # noqa: E402  (bench/outputs.py)


def ece(pairs, bins=10):
    pairs = sorted(pairs)
    n = len(pairs)
    total = 0.0
    for b in range(bins):
        chunk = pairs[b * n // bins:(b + 1) * n // bins]
        if chunk:
            total += abs(sum(p for p, _ in chunk) - sum(y for _, y in chunk)) / n
    return total


print(f"{'run':40s} {'value: network':>14s} {'forecast':>9s} {'final':>7s} {'weight':>7s} | "
      f"{'buyers: network':>15s} {'forecast':>9s} {'final':>7s} {'weight':>7s} | {'backtest v/b':>13s} | {'churn ECE':>9s}")
for out, lake in zip(sys.argv[1::2], sys.argv[2::2]):
    level = json.load(open(f"{out}/run.json"))["metrics"]["model"].get("value_level", {})
    with open(f"{lake}/_truth/customers.csv", newline="") as h:
        truth = {r["customer_id"]: r for r in csv.DictReader(h)}
    scores = outputs.table(out, "customer_scores")
    actual = sum(float(truth[r["customer_id"]]["future_revenue"]) for r in scores if r["customer_id"] in truth)
    buyers = sum(1 for r in scores if r["customer_id"] in truth and float(truth[r["customer_id"]]["future_orders"]) > 0)
    final_value = sum(float(r["predicted_value"]) for r in scores)
    final_buyers = sum(1 - float(r["churn_probability"]) for r in scores)
    pairs = [(float(r["churn_probability"]), 1.0 if float(truth[r["customer_id"]]["future_orders"]) == 0 else 0.0)
             for r in scores if r["customer_id"] in truth]
    back = level.get("backtest", {})

    def ratio(x, y):
        return f"{x / y:.3f}" if x is not None and y else "–"

    def num(x, fmt):
        return format(x, fmt) if isinstance(x, (int, float)) else "–"

    print(f"{out[-40:]:40s} {ratio(level.get('network_value'), actual):>14s} {ratio(level.get('forecast_value'), actual):>9s} "
          f"{ratio(final_value, actual):>7s} {num(level.get('value_weight'), '.2f'):>7s} | "
          f"{ratio(level.get('network_buyers'), buyers):>15s} {ratio(level.get('forecast_buyers'), buyers):>9s} "
          f"{ratio(final_buyers, buyers):>7s} {num(level.get('buyers_weight'), '.2f'):>7s} | "
          f"{num(back.get('value_ratio'), '.2f'):>6s}/{num(back.get('buyers_ratio'), '.2f'):<6s} | {ece(pairs):9.3f}"
          + ("" if level.get("method") == "seasonal" else f"  (network level: {level.get('reason')})"))
