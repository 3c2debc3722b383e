# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares `traction value --json` (hourly cost 1, so value is hours) with
the simulator's truth: for each adoption (a scaled pilot), the hours the
tool truly saved its team on the workflow in the months traction counted
(truth.json pilots[].after_review), and whether the 95% interval covers
them; the same for the organisation's total. Usage: value_truth.py
TRUTH.json VALUE.json; prints JSON."""
import json
import sys

truth = json.load(open(sys.argv[1]))
value = json.load(open(sys.argv[2]))
by = {(p["team"], p["workflow"]): p for p in truth["pilots"]}
rows, total = [], 0.0
for a in value["adoptions"]:
    p = by[(a["team"], a["workflow"])]
    after = {m["month"]: m for m in p["after_review"]}
    months = [m["month"] for m in a["months"]]
    true = sum(after[m]["saved_hours"] for m in months if m in after)
    total += true
    rows.append({"pilot": a["pilot"], "team": a["team"],
                 "effect_team": p["effect_team"], "should": p["should"],
                 "measured": a["relative"], "months": months,
                 "true_saved_hours": true, "value": a["value"],
                 "low": a["value_low"], "high": a["value_high"],
                 "covered": a["value_low"] is not None
                 and a["value_low"] <= true <= a["value_high"]})
t = value["total"]
print(json.dumps({"adoptions": rows, "true_total": total,
                  "total": [t["value"], t["value_low"], t["value_high"]],
                  "total_covered": t["value_low"] is not None
                  and t["value_low"] <= total <= t["value_high"]}, indent=1))
