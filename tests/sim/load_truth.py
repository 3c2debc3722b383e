# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares the units `traction load --json` flags as overloaded with the
simulation's truth (truth.json "load"). Usage: load_truth.py TRUTH.json
LOAD.json. Every team in the truth is judged (units above teams have no
manager in the simulation and are not listed); prints the counts,
precision and recall as JSON."""
import json
import sys

truth = {t["team"]: t for t in json.load(open(sys.argv[1]))["load"]["teams"]}
units = {u["unit"]: u for u in json.load(open(sys.argv[2]))["units"]}
tp = fp = fn = tn = 0
missed, extra = [], []
for name, t in truth.items():
    u = units[name]  # every team has a manager: listed
    flagged, real = u["overloaded"], t["overloaded"]
    tp += flagged and real
    fp += flagged and not real
    fn += real and not flagged
    tn += not flagged and not real
    if real and not flagged:
        missed.append(name)
    if flagged and not real:
        extra.append(name)
print(json.dumps({"tp": tp, "fp": fp, "fn": fn, "tn": tn,
                  "precision": tp / (tp + fp) if tp + fp else None,
                  "recall": tp / (tp + fn) if tp + fn else None,
                  "missed": missed, "extra": extra}))
