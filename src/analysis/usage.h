/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The telemetry importer's sink: rows are matched to the roster through
 * their pseudonyms and tallied per person, day and tool; then the day
 * rows are stored for the retention window and the weekly per-team
 * aggregates rebuilt. Sources that hide who people are count at
 * organisation level only. The importer (import/usage.h) feeds it. */
#ifndef TR_ANALYSIS_USAGE_H
#define TR_ANALYSIS_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "model/usage.h"

struct store;

/* Day rows are deleted after this many days (can be lowered only). */
#define USAGE_RETENTION_DAYS 30
/* Distinct people a team-week-tool cell needs to be shown. */
#define USAGE_MIN_PEOPLE 10
/* A seat is active when its last activity lies in the this many days
 * up to the seat export's day (that day included). */
#define USAGE_SEAT_WINDOW_DAYS 30

struct usage_counts {
    long rows;          /* person rows read */
    long matched;       /* ... whose person is in the roster */
    long unmatched;     /* ... whose person is not (not stored) */
    long org_rows;      /* organisation-level rows (hashed or org data) */
    long closed;        /* rows in weeks closed by retention, not merged */
    long seats;         /* seat records read (a seat listed twice once) */
    int64_t week_from, week_to; /* Mondays of the weeks touched, 0 none */
};

struct usage_tally;

/* A tally into the workspace st (st and key borrowed until
 * usage_tally_free), reading the roster's identifiers at once. source
 * names the export's format in organisation-level rows (copied). */
int usage_tally_open(struct store *st, const struct pseudo_key *key,
                     const char *source, int retention_days, int64_t now,
                     struct usage_tally **out, struct diag *diag);
/* The sink the importer feeds. */
void usage_tally_sink(struct usage_tally *t, struct usage_sink *sink);
/* The day a seat export describes, for exports that do not say (the
 * seats API; without it: the day of `now`) or to override what they say
 * (a day number). */
void usage_tally_seats_as_of(struct usage_tally *t, int64_t day);
/* Once the importer is done: stores the tally inside the caller's
 * transaction, and each tool's seat counts for the month of its export's
 * day (store_usage_seats_set): seats listed, seats active in the
 * USAGE_SEAT_WINDOW_DAYS up to that day, seats with no activity ever.
 * Fails when the export held no rows and no seats at all. */
int usage_tally_store(struct usage_tally *t, struct diag *diag);
void usage_tally_counts(const struct usage_tally *t, struct usage_counts *c);
void usage_tally_free(struct usage_tally *t); /* NULL-safe */

#endif
