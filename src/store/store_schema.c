/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema as an ordered list of migrations. Never edit a released
 * migration: add a new one. Each runs in its own transaction and ends by
 * setting user_version to its number. */
#include "store/store_int.h"

/* The three triggers that count a table's changes in data_stamp. */
#define STAMP_ON(t, op, x)                                                     \
    "CREATE TRIGGER stamp_" t "_" x " AFTER " op " ON " t                      \
    " BEGIN UPDATE data_stamp SET n = n + 1; END;\n"
#define STAMPED(t)                                                             \
    STAMP_ON(t, "INSERT", "i") STAMP_ON(t, "UPDATE", "u")                      \
    STAMP_ON(t, "DELETE", "d")

const struct store_migration store__migrations[] = {
    {1, "organisation: units, people, identities, memberships",
     "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
     "CREATE TABLE unit(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  parent_id INTEGER REFERENCES unit(id),\n"
     "  function TEXT);\n"
     /* person: one row per human; pseudonym = keyed hash of the primary id */
     "CREATE TABLE person(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  pseudonym BLOB NOT NULL UNIQUE,\n"
     "  active_from INTEGER NOT NULL,\n"
     "  active_to INTEGER);\n"
     /* other identifiers of the same person (proxy user, display name) */
     "CREATE TABLE alias(\n"
     "  pseudonym BLOB PRIMARY KEY,\n"
     "  person_id INTEGER NOT NULL REFERENCES person(id));\n"
     /* history of where a person worked; active_to NULL = current */
     "CREATE TABLE membership(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  is_manager INTEGER NOT NULL CHECK(is_manager IN (0, 1)),\n"
     "  active_from INTEGER NOT NULL,\n"
     "  active_to INTEGER);\n"
     "CREATE INDEX membership_person ON membership(person_id);\n"
     "CREATE TABLE import_log(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  kind TEXT NOT NULL,\n"
     "  file TEXT NOT NULL,\n"
     "  at INTEGER NOT NULL,\n"
     "  rows INTEGER,\n"
     "  detail TEXT);\n"},
    {2, "work items: sources, workflows, tools, items",
     "CREATE TABLE source(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
     "CREATE TABLE tool(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  vendor TEXT,\n"
     "  status TEXT NOT NULL DEFAULT 'unknown'\n"
     "    CHECK(status IN ('approved','tolerated','blocked','unknown')));\n"
     "CREATE TABLE workflow(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  unit_id INTEGER REFERENCES unit(id),\n"
     "  human_led INTEGER NOT NULL DEFAULT 0);\n"
     /* seen_seq: the import (import_log id) that last listed the row; a
      * key listed twice in one import is a duplicate */
     "CREATE TABLE work_item(\n"
     "  source_id INTEGER NOT NULL REFERENCES source(id),\n"
     "  source_key TEXT NOT NULL,\n"
     "  workflow_id INTEGER NOT NULL REFERENCES workflow(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  person_id INTEGER REFERENCES person(id),\n"
     "  tool_id INTEGER REFERENCES tool(id),\n"
     "  started_at INTEGER NOT NULL,\n"
     "  finished_at INTEGER,\n"
     "  quality REAL,\n"
     "  errors INTEGER CHECK(errors >= 0),\n"
     "  rework INTEGER CHECK(rework >= 0),\n"
     "  reviewed INTEGER CHECK(reviewed IN (0, 1)),\n"
     "  seen_seq INTEGER NOT NULL,\n"
     "  PRIMARY KEY(source_id, source_key)) WITHOUT ROWID;\n"},
    {3, "pilots: plans, controls, guardrails, deviations, decisions",
     /* plan: the analysis plan frozen at registration, as JSON */
     "CREATE TABLE pilot(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  workflow_id INTEGER NOT NULL REFERENCES workflow(id),\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  hypothesis TEXT NOT NULL,\n"
     "  metric TEXT NOT NULL,\n"
     "  direction TEXT NOT NULL CHECK(direction IN ('decrease','increase')),\n"
     "  mde REAL NOT NULL CHECK(mde > 0),\n"
     "  design TEXT NOT NULL,\n"
     "  alpha REAL NOT NULL,\n"
     "  start_at INTEGER NOT NULL,\n"
     "  review_at INTEGER NOT NULL,\n"
     "  learning_hours REAL,\n"
     "  replicates INTEGER REFERENCES pilot(id),\n"
     "  status TEXT NOT NULL DEFAULT 'running'\n"
     "    CHECK(status IN ('running','scaled','retired')),\n"
     "  registered_at INTEGER NOT NULL,\n"
     "  plan TEXT NOT NULL);\n"
     "CREATE TABLE pilot_control(\n"
     "  pilot_id INTEGER NOT NULL REFERENCES pilot(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  PRIMARY KEY(pilot_id, unit_id));\n"
     "CREATE TABLE pilot_guardrail(\n"
     "  pilot_id INTEGER NOT NULL REFERENCES pilot(id),\n"
     "  metric TEXT NOT NULL,\n"
     "  PRIMARY KEY(pilot_id, metric));\n"
     "CREATE TABLE pilot_deviation(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  pilot_id INTEGER NOT NULL REFERENCES pilot(id),\n"
     "  at INTEGER NOT NULL,\n"
     "  what TEXT NOT NULL,\n"
     "  why TEXT NOT NULL);\n"
     /* evidence: the analysis (JSON) the decision was made on */
     "CREATE TABLE pilot_decision(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  pilot_id INTEGER NOT NULL REFERENCES pilot(id),\n"
     "  at INTEGER NOT NULL,\n"
     "  decision TEXT NOT NULL\n"
     "    CHECK(decision IN ('scale','iterate','retire')),\n"
     "  recommended TEXT NOT NULL,\n"
     "  by_name TEXT NOT NULL,\n"
     "  why TEXT NOT NULL,\n"
     "  learned TEXT NOT NULL,\n"
     "  differently TEXT,\n"
     "  evidence TEXT NOT NULL);\n"},
    {4, "shadow AI: services, subnets, day events, weekly aggregates",
     "CREATE TABLE service(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  vendor TEXT,\n"
     "  category TEXT,\n"
     "  status TEXT NOT NULL DEFAULT 'unknown'\n"
     "    CHECK(status IN ('approved','tolerated','blocked','unknown')));\n"
     /* IPv4 networks (host order) that belong to a team */
     "CREATE TABLE subnet(\n"
     "  network INTEGER NOT NULL,\n"
     "  prefix INTEGER NOT NULL CHECK(prefix BETWEEN 0 AND 32),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  PRIMARY KEY(network, prefix));\n"
     /* pseudonymised day-level use, deleted after the retention window;
      * who = the person's pseudonym, or a keyed hash of the address */
     "CREATE TABLE shadow_day(\n"
     "  day INTEGER NOT NULL,\n"
     "  who BLOB NOT NULL,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  service_id INTEGER NOT NULL REFERENCES service(id),\n"
     "  requests INTEGER NOT NULL,\n"
     "  PRIMARY KEY(day, who, unit_id, service_id)) WITHOUT ROWID;\n"
     /* week: the day number of its Monday */
     "CREATE TABLE shadow_week(\n"
     "  week INTEGER NOT NULL,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  service_id INTEGER NOT NULL REFERENCES service(id),\n"
     "  people INTEGER NOT NULL,\n"
     "  active_days INTEGER NOT NULL,\n"
     "  requests INTEGER NOT NULL,\n"
     "  PRIMARY KEY(week, unit_id, service_id));\n"},
    {5, "approved-tool telemetry: day rows, weekly and organisation totals",
     /* last_only: the source gives a last-activity date, not daily use */
     "CREATE TABLE usage_day(\n"
     "  day INTEGER NOT NULL,\n"
     "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  interactions INTEGER NOT NULL,\n"
     "  last_only INTEGER NOT NULL CHECK(last_only IN (0, 1)),\n"
     "  PRIMARY KEY(day, person_id, tool_id)) WITHOUT ROWID;\n"
     /* light_people: active on at most one day of the week, or known
      * only by a last-activity date (registration-only use) */
     "CREATE TABLE usage_week(\n"
     "  week INTEGER NOT NULL,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  people INTEGER NOT NULL,\n"
     "  active_days INTEGER NOT NULL,\n"
     "  interactions INTEGER NOT NULL,\n"
     "  light_people INTEGER NOT NULL,\n"
     "  PRIMARY KEY(week, unit_id, tool_id));\n"
     /* organisation-level counts from sources without joinable users */
     "CREATE TABLE usage_org_day(\n"
     "  day INTEGER NOT NULL,\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  source TEXT NOT NULL,\n"
     "  active_users INTEGER NOT NULL,\n"
     "  engaged_users INTEGER,\n"
     "  PRIMARY KEY(day, tool_id, source));\n"},
    {6, "dashboard accounts: users, sessions, one-time login links; "
        "an index for unit headcounts",
     "CREATE INDEX membership_unit ON membership(unit_id, active_to);\n"
     /* pw_hash: argon2id (libsodium's crypto_pwhash_str); NULL = no
      * password (a login link or an SSO proxy only) */
     "CREATE TABLE app_user(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  role TEXT NOT NULL CHECK(role IN ('admin','manager','viewer')),\n"
     "  unit_id INTEGER REFERENCES unit(id),\n"
     "  pw_hash TEXT,\n"
     "  created INTEGER NOT NULL);\n"
     /* tokens are stored as keyed hashes, never as given out */
     "CREATE TABLE app_session(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,\n"
     "  csrf TEXT NOT NULL,\n"
     "  expires INTEGER NOT NULL);\n"
     "CREATE TABLE app_login_link(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,\n"
     "  expires INTEGER NOT NULL);\n"},
    {7, "employee voice: survey waves, anonymous links, responses",
     /* definition: the instrument's text as the wave was opened; uses:
      * the tool and workflow pairs it asks about (JSON); days are day
      * numbers; until NULL: a wave of imported responses */
     "CREATE TABLE survey_wave(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  instrument TEXT NOT NULL,\n"
     "  version INTEGER NOT NULL,\n"
     "  definition TEXT NOT NULL,\n"
     "  uses TEXT NOT NULL,\n"
     "  opened INTEGER NOT NULL,\n"
     "  until INTEGER,\n"
     "  closed INTEGER);\n"
     "CREATE TABLE survey_wave_unit(\n"
     "  wave_id INTEGER NOT NULL REFERENCES survey_wave(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  PRIMARY KEY(wave_id, unit_id));\n"
     /* a link: the keyed hash of its token (the order of the table is
      * the hashes', not the roster's); sealed: its response's id under a
      * pad only the token yields, erased when the wave closes */
     "CREATE TABLE survey_link(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  wave_id INTEGER NOT NULL REFERENCES survey_wave(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  used INTEGER NOT NULL DEFAULT 0 CHECK(used IN (0, 1)),\n"
     "  sealed BLOB) WITHOUT ROWID;\n"
     /* a response: a random id, no token, person or time */
     "CREATE TABLE survey_response(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  wave_id INTEGER NOT NULL REFERENCES survey_wave(id),\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id));\n"
     "CREATE TABLE survey_answer(\n"
     "  response_id INTEGER NOT NULL\n"
     "    REFERENCES survey_response(id) ON DELETE CASCADE,\n"
     "  item TEXT NOT NULL,\n"
     "  tool TEXT NOT NULL,\n"
     "  workflow TEXT NOT NULL,\n"
     "  value TEXT NOT NULL,\n"
     "  PRIMARY KEY(response_id, item, tool, workflow, value)) "
     "WITHOUT ROWID;\n"},
    {8, "employee voice: the friction backlog",
     /* a friction category a unit's results named often enough: unit is
      * the name the results showed (a merged unit's parent); workflow ''
      * for any workflow; share as published */
     "CREATE TABLE friction(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit TEXT NOT NULL,\n"
     "  workflow TEXT NOT NULL,\n"
     "  category TEXT NOT NULL,\n"
     "  raised_wave_id INTEGER NOT NULL REFERENCES survey_wave(id),\n"
     "  share REAL NOT NULL,\n"
     "  status TEXT NOT NULL DEFAULT 'open'\n"
     "    CHECK(status IN ('open','assigned','resolved')),\n"
     "  owner TEXT,\n"
     "  note TEXT);\n"
     "CREATE INDEX friction_key ON friction(unit, workflow, category);\n"},
    {9, "dashboard accounts can be disabled",
     /* a disabled user has no sessions or links and cannot get any */
     "ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 "
     "CHECK(disabled IN (0, 1));\n"
     "CREATE INDEX app_session_user ON app_session(user_id);\n"
     "CREATE INDEX app_login_link_user ON app_login_link(user_id);\n"},
    {10, "pilots: the plan's voice check",
     /* NULL: the plan has none (the second question goes unasked) */
     "ALTER TABLE pilot ADD COLUMN voice_check TEXT "
     "CHECK(voice_check IN ('baseline','comparison'));\n"
     "ALTER TABLE pilot ADD COLUMN trust_min REAL "
     "CHECK(trust_min IS NULL OR (trust_min >= 0 AND trust_min <= 1));\n"},
    {11, "costs: licence prices per tool and month, hourly and per-event "
         "costs",
     /* month: 'YYYY-MM'; seats NULL when the input did not say */
     "CREATE TABLE cost_licence(\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  month TEXT NOT NULL,\n"
     "  seat_price REAL NOT NULL CHECK(seat_price >= 0),\n"
     "  seats INTEGER CHECK(seats >= 0),\n"
     "  PRIMARY KEY(tool_id, month));\n"
     /* function '' is the organisation's figure */
     "CREATE TABLE cost_hourly(\n"
     "  function TEXT PRIMARY KEY,\n"
     "  amount REAL NOT NULL CHECK(amount >= 0));\n"
     "CREATE TABLE cost_event(\n"
     "  metric TEXT PRIMARY KEY CHECK(metric IN ('errors', 'rework')),\n"
     "  amount REAL NOT NULL CHECK(amount >= 0));\n"},
    {12, "indexes for lookups that scanned a table per row: a unit's "
         "children, a pilot's decisions and deviations, a wave's links and "
         "responses",
     /* `status` counted teams (units without children) with a scan of
      * unit per unit: 19.5 s for 20,053 units (issue 23) */
     "CREATE INDEX unit_parent ON unit(parent_id);\n"
     "CREATE INDEX pilot_decision_pilot ON pilot_decision(pilot_id);\n"
     "CREATE INDEX pilot_deviation_pilot ON pilot_deviation(pilot_id);\n"
     "CREATE INDEX survey_link_wave ON survey_link(wave_id);\n"
     "CREATE INDEX survey_response_wave ON survey_response(wave_id);\n"},
    {13, "shadow AI: the lines a scan counted, so a rescan counts none twice",
     /* a counted log line: a keyed hash of the whole line (never the
      * line), and how often it was in one file, the most of any file
      * scanned (identical lines, a second's repeated requests, are each
      * a request); kept and pruned with shadow_day */
     "CREATE TABLE shadow_line(\n"
     "  day INTEGER NOT NULL,\n"
     "  fp INTEGER NOT NULL,\n"
     "  n INTEGER NOT NULL CHECK(n > 0),\n"
     "  PRIMARY KEY(day, fp)) WITHOUT ROWID;\n"},
    {14, "the audit trail: a hash chain of every state change",
     /* seq from 1 without gaps; details a JSON object; prev and hash
      * SHA-256 in hex, hash over prev and the entry (store/audit.h) */
     "CREATE TABLE audit_log(\n"
     "  seq INTEGER PRIMARY KEY,\n"
     "  at INTEGER NOT NULL,\n"
     "  actor TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  subject TEXT NOT NULL,\n"
     "  details TEXT NOT NULL,\n"
     "  prev TEXT NOT NULL,\n"
     "  hash TEXT NOT NULL);\n"
     /* the imported file's SHA-256 (hex), NULL before this migration */
     "ALTER TABLE import_log ADD COLUMN sha256 TEXT;\n"},
    {15, "learning time: protected hours planned per unit, calendar hours "
         "per unit and week",
     /* hours per person per `per`, for the unit and its subtree (a
      * descendant's own plan wins), over the days [from_day, until_day];
      * a later plan of the same unit wins where they overlap */
     "CREATE TABLE learning_plan(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  hours REAL NOT NULL CHECK(hours >= 0),\n"
     "  per TEXT NOT NULL CHECK(per IN ('week','month')),\n"
     "  from_day INTEGER NOT NULL,\n"
     "  until_day INTEGER NOT NULL CHECK(until_day >= from_day),\n"
     "  at INTEGER NOT NULL);\n"
     "CREATE INDEX learning_plan_unit ON learning_plan(unit_id);\n"
     /* a person's learning occurrence (occ: a hash of the event's UID
      * and the instance's start, so the same instance in two calendars
      * counts once) on its local day: kept for the retention window
      * (30 days) like usage_day, then only the weekly aggregates stay */
     "CREATE TABLE learning_day(\n"
     "  day INTEGER NOT NULL,\n"
     "  person_id INTEGER NOT NULL REFERENCES person(id),\n"
     "  occ INTEGER NOT NULL,\n"
     "  hours REAL NOT NULL CHECK(hours > 0),\n"
     "  PRIMARY KEY(day, person_id, occ)) WITHOUT ROWID;\n"
     /* learning hours from calendars per unit and ISO week (its Monday's
      * day number), rebuilt from learning_day; people: distinct people
      * with learning hours that week */
     "CREATE TABLE learning_week(\n"
     "  week INTEGER NOT NULL,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  hours REAL NOT NULL CHECK(hours >= 0),\n"
     "  people INTEGER NOT NULL CHECK(people > 0),\n"
     "  PRIMARY KEY(week, unit_id)) WITHOUT ROWID;\n"},
    {16, "targets reset while teams learn",
     /* a unit's target on a metric relaxed by a share (0.10: 10%) over
      * the days [from_day, until_day], both day numbers and included;
      * at: when it was recorded (Unix seconds) */
     "CREATE TABLE target_reset(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  metric TEXT NOT NULL,\n"
     "  by REAL NOT NULL CHECK(by > 0 AND by <= 1),\n"
     "  from_day INTEGER NOT NULL,\n"
     "  until_day INTEGER NOT NULL CHECK(until_day >= from_day),\n"
     "  why TEXT NOT NULL,\n"
     "  at INTEGER NOT NULL);\n"
     "CREATE INDEX target_reset_unit ON target_reset(unit_id, metric);\n"},
    {17, "governance: tool requests with their clock, workflow-test "
         "proposals, what stays human, a pilot's checkpoint, the governance "
         "role",
     /* a CHECK cannot be altered: the accounts are copied into tables
      * that allow the new role, sessions and links with them (their
      * references follow the renames) */
     "CREATE TABLE app_user_v17(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL UNIQUE,\n"
     "  role TEXT NOT NULL\n"
     "    CHECK(role IN ('admin','manager','viewer','governance')),\n"
     "  unit_id INTEGER REFERENCES unit(id),\n"
     "  pw_hash TEXT,\n"
     "  created INTEGER NOT NULL,\n"
     "  disabled INTEGER NOT NULL DEFAULT 0 CHECK(disabled IN (0, 1)));\n"
     "INSERT INTO app_user_v17(id, name, role, unit_id, pw_hash, created, "
     "disabled) SELECT id, name, role, unit_id, pw_hash, created, disabled "
     "FROM app_user;\n"
     "CREATE TABLE app_session_v17(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES app_user_v17(id) "
     "ON DELETE CASCADE,\n"
     "  csrf TEXT NOT NULL,\n"
     "  expires INTEGER NOT NULL);\n"
     "INSERT INTO app_session_v17(token_hash, user_id, csrf, expires) "
     "SELECT token_hash, user_id, csrf, expires FROM app_session;\n"
     "CREATE TABLE app_login_link_v17(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  user_id INTEGER NOT NULL REFERENCES app_user_v17(id) "
     "ON DELETE CASCADE,\n"
     "  expires INTEGER NOT NULL);\n"
     "INSERT INTO app_login_link_v17(token_hash, user_id, expires) "
     "SELECT token_hash, user_id, expires FROM app_login_link;\n"
     "DROP TABLE app_session;\n"
     "DROP TABLE app_login_link;\n"
     "DROP TABLE app_user;\n"
     "ALTER TABLE app_user_v17 RENAME TO app_user;\n"
     "ALTER TABLE app_session_v17 RENAME TO app_session;\n"
     "ALTER TABLE app_login_link_v17 RENAME TO app_login_link;\n"
     "CREATE INDEX app_session_user ON app_session(user_id);\n"
     "CREATE INDEX app_login_link_user ON app_login_link(user_id);\n"
     /* a team asks to use a tool for a workflow; each stage's time in
      * Unix seconds (in_review NULL: not taken up yet; decided NULL:
      * open); who asked is in the audit trail only */
     "CREATE TABLE tool_request(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  tool TEXT NOT NULL,\n"
     "  workflow TEXT NOT NULL,\n"
     "  why TEXT,\n"
     "  submitted INTEGER NOT NULL,\n"
     "  in_review INTEGER,\n"
     "  reviewer TEXT,\n"
     "  decided INTEGER,\n"
     "  decision TEXT CHECK(decision IN "
     "('approve','approve-with-conditions','decline')),\n"
     "  decided_by TEXT,\n"
     "  reason TEXT,\n"
     "  conditions TEXT);\n"
     "CREATE INDEX tool_request_unit ON tool_request(unit_id, decided);\n"
     /* a team's proposal of a workflow test; the score's four factors
      * NULL until scored; pilot: the pilot it became */
     "CREATE TABLE proposal(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  unit_id INTEGER NOT NULL REFERENCES unit(id),\n"
     "  workflow TEXT NOT NULL,\n"
     "  friction TEXT NOT NULL,\n"
     "  outcome TEXT NOT NULL,\n"
     "  tool TEXT NOT NULL,\n"
     "  submitted INTEGER NOT NULL,\n"
     "  value REAL, reach REAL, confidence REAL, effort REAL,\n"
     "  scored INTEGER,\n"
     "  scored_by TEXT,\n"
     "  pilot_id INTEGER REFERENCES pilot(id),\n"
     "  selected INTEGER,\n"
     "  selected_by TEXT);\n"
     "CREATE INDEX proposal_pilot ON proposal(pilot_id);\n"
     /* what stays human-led in a workflow: a step, a decision, or the
      * checkpoint where a person reviews the AI's output */
     "CREATE TABLE human_entry(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  workflow TEXT NOT NULL,\n"
     "  kind TEXT NOT NULL CHECK(kind IN ('step','decision','checkpoint')),\n"
     "  what TEXT NOT NULL,\n"
     "  owner TEXT NOT NULL,\n"
     "  since INTEGER NOT NULL,\n"
     "  UNIQUE(workflow, kind, what));\n"
     /* the plan's human-review checkpoint for the AI's output (NULL:
      * none named) */
     "ALTER TABLE pilot ADD COLUMN checkpoint TEXT;\n"},
    {18, "licence seats per tool and month from seat exports",
     /* counts only, no person: as_of the export's day (day number), the
      * latest export of a month kept; never: no activity ever recorded */
     "CREATE TABLE usage_seats(\n"
     "  tool_id INTEGER NOT NULL REFERENCES tool(id),\n"
     "  month TEXT NOT NULL,\n"
     "  as_of INTEGER NOT NULL,\n"
     "  source TEXT NOT NULL,\n"
     "  assigned INTEGER NOT NULL CHECK(assigned >= 0),\n"
     "  active INTEGER NOT NULL CHECK(active >= 0),\n"
     "  never INTEGER NOT NULL CHECK(never >= 0 AND active + never <= "
     "assigned),\n"
     "  PRIMARY KEY(tool_id, month));\n"},
    {19, "what changed: work items by import, a stamp for the rest",
     /* the work items each import added or changed, for the items in
      * memory (store_itab.c) to read only those; source_id 0 says the
      * import changed too many to list (or older lists were let go):
      * readers behind it read every item again */
     "CREATE TABLE work_item_change(\n"
     "  seq INTEGER NOT NULL,\n"
     "  source_id INTEGER NOT NULL,\n"
     "  source_key TEXT NOT NULL,\n"
     "  PRIMARY KEY(seq, source_id, source_key)) WITHOUT ROWID;\n"
     /* data_stamp: counts every change to the tables the dashboard
      * reads, but work items (work_item_change says it) and the
      * rows the weekly tables are made from; what the dashboard keeps
      * (dash/memo.c) is made again when it moves. A new table the
      * dashboard reads gets STAMPED in its migration (test_schema checks
      * that every table is stamped or named in store__unstamped). */
     "CREATE TABLE data_stamp(n INTEGER NOT NULL);\n"
     "INSERT INTO data_stamp VALUES (0);\n"
     STAMPED("unit")
     STAMPED("person")
     STAMPED("alias")
     STAMPED("membership")
     STAMPED("meta")
     STAMPED("source")
     STAMPED("workflow")
     STAMPED("tool")
     STAMPED("pilot")
     STAMPED("pilot_control")
     STAMPED("pilot_guardrail")
     STAMPED("pilot_deviation")
     STAMPED("pilot_decision")
     STAMPED("app_user")
     STAMPED("service")
     STAMPED("subnet")
     STAMPED("usage_week")
     STAMPED("usage_seats")
     STAMPED("usage_org_day")
     STAMPED("shadow_week")
     STAMPED("survey_wave")
     STAMPED("survey_wave_unit")
     STAMPED("survey_link")
     STAMPED("survey_response")
     STAMPED("survey_answer")
     STAMPED("friction")
     STAMPED("cost_hourly")
     STAMPED("cost_event")
     STAMPED("cost_licence")
     STAMPED("learning_plan")
     STAMPED("learning_week")
     STAMPED("target_reset")
     STAMPED("tool_request")
     STAMPED("proposal")
     STAMPED("human_entry")},
};

/* Tables whose changes data_stamp does not count, and why. */
const char *const store__unstamped[] = {
    "data_stamp",     /* the count itself */
    "work_item",      /* work_item_change lists what imports changed */
    "work_item_change",
    "import_log",     /* what was imported, not data a page shows */
    "audit_log",      /* likewise: who changed what */
    "app_session",    /* sign-ins: a page's user, not its data */
    "app_login_link",
    "usage_day",      /* read only to make usage_week (stamped), in the */
    "shadow_day",     /* same transaction; a stamp per row would cost */
                      /* the imports of millions of rows a second or more */
    "shadow_line",
    "learning_day",   /* ... learning_week */
    NULL,
};

const size_t store__nmigrations =
    sizeof(store__migrations) / sizeof(store__migrations[0]);
