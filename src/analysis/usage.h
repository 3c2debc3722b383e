/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Importing approved-tool telemetry: people are matched to the roster
 * through their pseudonyms, day rows are stored for the retention window
 * and weekly per-team aggregates are rebuilt; sources that hide who people
 * are count at organisation level only. */
#ifndef TR_ANALYSIS_USAGE_H
#define TR_ANALYSIS_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "import/usage.h"

struct store;

/* Day rows are deleted after this many days (can be lowered only). */
#define USAGE_RETENTION_DAYS 30
/* Distinct people a team-week-tool cell needs to be shown. */
#define USAGE_MIN_PEOPLE 10

struct usage_counts {
    long rows;          /* person rows read */
    long matched;       /* ... whose person is in the roster */
    long unmatched;     /* ... whose person is not (not stored) */
    long org_rows;      /* organisation-level rows (hashed or org data) */
    long closed;        /* rows in weeks closed by retention, not merged */
    int64_t week_from, week_to; /* Mondays of the weeks touched, 0 none */
};

/* Imports an export held in memory inside the caller's transaction. */
int usage_import(struct store *st, const struct pseudo_key *key,
                 enum usage_format f, const char *buf, size_t len,
                 int retention_days, int64_t now, struct usage_counts *out,
                 struct diag *diag);

#endif
