#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# An independent computation of calendar learning hours per unit and ISO
# week, with Python's icalendar and recurring_ical_events (Debian
# python3-icalendar, python3-recurring-ical-events) instead of libical:
# prints "monday|unit|hours|people" lines as t0026-learning-time.sh reads
# traction's learning_week table. Same rules as docs/guide.md "Learning
# time": title or a category matches the pattern (case-insensitive);
# cancelled events and instances out; organiser and attendees who did not
# decline, rooms and resources out; hours in the week of the local start
# date; an all-day day counts --all-day-hours; an instance counts once
# per person.
import argparse
import csv
import datetime as dt
import re
import sys

import icalendar
import recurring_ical_events

ap = argparse.ArgumentParser()
ap.add_argument("roster")
ap.add_argument("files", nargs="+")
ap.add_argument("--pattern", default="learning|training|experiment|ai lab")
ap.add_argument("--all-day-hours", type=float, default=0)
ap.add_argument("--from", dest="since", default="1970-01-01")
ap.add_argument("--until", required=True)  # the last day included
a = ap.parse_args()

UTC = dt.timezone.utc
since = dt.datetime.fromisoformat(a.since).replace(tzinfo=UTC)
until = dt.datetime.fromisoformat(a.until).replace(tzinfo=UTC) + dt.timedelta(days=1)
pattern = re.compile(a.pattern, re.I)
unit = {}
with open(a.roster, newline="") as f:
    for row in csv.DictReader(f):
        unit[row["id"].strip().lower()] = row["team"]


def categories(e):
    c = e.get("CATEGORIES")
    if c is None:
        return []
    items = c if isinstance(c, list) else [c]
    out = []
    for i in items:
        out += [str(x) for x in getattr(i, "cats", [i])]
    return out


def people(e):
    who = []
    for key in ("ORGANIZER", "ATTENDEE"):
        v = e.get(key)
        if v is None:
            continue
        for p in v if isinstance(v, list) else [v]:
            if p.params.get("PARTSTAT", "").upper() == "DECLINED":
                continue
            if p.params.get("CUTYPE", "").upper() in ("ROOM", "RESOURCE"):
                continue
            s = str(p)
            if s.lower().startswith("mailto:"):
                s = s[7:]
            who.append(s.strip().lower())
    return who


def as_utc(t):
    if isinstance(t, dt.datetime):
        return t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC)
    return dt.datetime(t.year, t.month, t.day, tzinfo=UTC)


seen = set()
cells = {}  # (monday, unit) -> [hours, set of people]


def add(person, uid, start, day, hours):
    if (person, uid, start) in seen or person not in unit:
        return
    seen.add((person, uid, start))
    monday = day - dt.timedelta(days=day.weekday())
    c = cells.setdefault((monday, unit[person]), [0.0, set()])
    c[0] += hours
    c[1].add(person)


for path in a.files:
    cal = icalendar.Calendar.from_ical(open(path, "rb").read())
    for e in recurring_ical_events.of(cal).between(since - dt.timedelta(days=40), until):
        title = str(e.get("SUMMARY", ""))
        if not (pattern.search(title) or any(pattern.search(c) for c in categories(e))):
            continue
        if str(e.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start = e["DTSTART"].dt
        uid = str(e.get("UID", ""))
        if not isinstance(start, dt.datetime):  # all-day
            end = e["DTEND"].dt if e.get("DTEND") else start + dt.timedelta(days=1)
            if a.all_day_hours <= 0:
                continue
            d = start
            while d < end:
                if since <= as_utc(d) < until:
                    for p in people(e):
                        add(p, uid, as_utc(d), d, a.all_day_hours)
                d += dt.timedelta(days=1)
            continue
        if not since <= as_utc(start) < until:
            continue
        if e.get("DTEND"):
            end = e["DTEND"].dt
        else:
            end = start + (e["DURATION"].dt if e.get("DURATION") else dt.timedelta(0))
        hours = (as_utc(end) - as_utc(start)).total_seconds() / 3600
        if hours <= 0:
            continue
        for p in people(e):
            add(p, uid, as_utc(start), start.date(), hours)

for (monday, u), (h, who) in sorted(cells.items()):
    print("%s|%s|%.2f|%d" % (monday.isoformat(), u, h, len(who)))
