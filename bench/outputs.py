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
