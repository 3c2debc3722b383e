/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema as an ordered list of migrations. Never edit a released
 * migration: add a new one. Each runs in its own transaction and ends by
 * setting user_version to its number. */
#include "store/store_int.h"

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
};

const size_t store__nmigrations =
    sizeof(store__migrations) / sizeof(store__migrations[0]);
