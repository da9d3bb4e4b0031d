"""Reading a discover output written with --output-format csv, for the benchmark scripts."""
import csv
import glob


def table(out, name):
    """Every row of one output table (a folder of part files), as dicts of strings."""
    rows = []
    for f in sorted(glob.glob(f"{out}/{name}/*.csv")):
        with open(f, newline="") as h:
            rows += list(csv.DictReader(h))
    return rows


def truth_lines(run, prefix):
    """The run's own judgement of its predictions against a withheld horizon (run.json
    metrics.truth): the predicted value beside the ridge and last horizon's revenue, the top-decile
    differences with their intervals, and churn AUC; each line starts with prefix."""
    nan = float("nan")
    t = run["metrics"].get("truth", {})
    lines = []
    for name, key in (("predicted", "future_value"), ("linear", "future_value_baseline_linear"),
                      ("last 90 days", "future_value_baseline_last_horizon")):
        m = t.get(key, {})
        lines.append(f"{prefix}{name:14s} Spearman {m.get('value.spearman', nan):.3f}"
                     f"  top-decile capture {m.get('value.top_decile_capture', nan):.3f}  MAE {m.get('value.mae', nan):.1f}")
    for name, key in (("linear", "future_value_capture_vs_linear"), ("last 90 days", "future_value_capture_vs_last_horizon")):
        d = t.get(key)
        if d:
            lines.append(f"{prefix}top-decile capture over {name} {d.get('difference', nan):+.3f}"
                         f" (95% interval {d.get('ci_low', nan):+.3f} .. {d.get('ci_high', nan):+.3f})")
    c = t.get("future_churn", {})
    lines.append(f"{prefix}churn AUC {c.get('churn.auc', nan):.3f}, ECE {c.get('churn.ece', nan):.3f}")
    return lines
