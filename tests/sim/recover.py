# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares what traction recovered from a simulated organisation with the
simulation's truth. Usage: recover.py TRUTH.json PORTFOLIO.json TRAP.json
Prints the pilot hit rates, each pilot's planned length and power beside
its recommendation, and the trap's precision and recall (teams shown on
their own; merged units are counted, not judged) as JSON."""
import json
import sys

truth = json.load(open(sys.argv[1]))
portfolio = json.load(open(sys.argv[2]))["pilots"]
trap = json.load(open(sys.argv[3]))["teams"]

should = {(p["team"], p["workflow"]): p for p in truth["pilots"]}
# the changes handed to teams in the last weeks (changes.csv, the load on
# the middle) are pilots too, but not the register's: not judged here
loaded = {t["team"] for t in truth.get("load", {}).get("teams", [])
          if t["kind"] != "none"}
pil = {"effect": 0, "effect_scaled": 0, "null": 0, "null_scaled": 0,
       "effect_change": 0.0, "null_change": 0.0, "pilots": []}
for p in portfolio:
    if (p["team"], p["workflow"]) not in should and p["team"] in loaded:
        continue
    t = should[(p["team"], p["workflow"])]
    eff = t["has_effect"]
    scaled = p["recommendation"] == "scale"
    pil["effect" if eff else "null"] += 1
    pil["effect_scaled" if eff else "null_scaled"] += scaled
    if p.get("change") is not None:
        pil["effect_change" if eff else "null_change"] += p["change"]
    # each pilot as planned (truth) and as recommended (portfolio)
    pil["pilots"].append({"team": p["team"], "has_effect": eff,
                          "review_weeks": t["review_weeks"],
                          "planned_power": t["planned_power"],
                          "change": p.get("change"),
                          "recommendation": p["recommendation"]})

in_trap = {t["team"]: t["in_trap"] for t in truth["teams"]}
tp = fp = fn = tn = merged = 0
for t in trap:
    if t["merged"] or t["team"] not in in_trap:
        merged += 1
        continue
    flagged = t["verdict"] == "theatre"
    real = in_trap[t["team"]]
    tp += flagged and real
    fp += flagged and not real
    fn += real and not flagged
    tn += not flagged and not real
out = dict(pil)
out.update({"trap_tp": tp, "trap_fp": fp, "trap_fn": fn, "trap_tn": tn,
            "units_merged": merged,
            "precision": tp / (tp + fp) if tp + fp else None,
            "recall": tp / (tp + fn) if tp + fn else None})
print(json.dumps(out))
