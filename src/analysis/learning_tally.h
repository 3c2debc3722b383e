/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar importer's sink: each occurrence's people are matched to
 * the roster through their keyed pseudonyms (addresses are never kept),
 * an occurrence counts once per person whichever calendars list it, and
 * the rows are stored per pseudonymous person and day for the retention
 * window, from which the weekly per-unit aggregates (hours and distinct
 * people) are rebuilt (store/learning.h), as the telemetry import does
 * (analysis/weeks.h: a week whose day rows were already deleted is
 * closed). The importer (import/calendar.h) feeds it. */
#ifndef TR_ANALYSIS_LEARNING_TALLY_H
#define TR_ANALYSIS_LEARNING_TALLY_H

#include <stdint.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "model/calendar.h"

struct store;

/* Day rows are deleted after this many days (can be lowered only). */
#define LEARNING_RETENTION_DAYS 30

struct learning_tally_counts {
    long matched;    /* person-occurrences of people in the roster */
    long unmatched;  /* ... of addresses the roster does not know (not
                        stored) */
    long repeated;   /* ... listed again (the same instance in another
                        calendar, or a person listed twice) */
    long closed;     /* ... in weeks closed by retention, not merged */
    double hours;    /* hours of the person-occurrences stored */
    int64_t week_from, week_to; /* Mondays of the weeks rebuilt; 0 none */
};

struct learning_tally;

/* A tally into st (st and key borrowed until learning_tally_free),
 * reading the roster's identifiers at once. */
int learning_tally_open(struct store *st, const struct pseudo_key *key,
                        int retention_days, int64_t now,
                        struct learning_tally **out, struct diag *diag);
void learning_tally_sink(struct learning_tally *t, struct calendar_sink *sink);
/* Once every file is read: stores the day rows, rebuilds their weeks and
 * prunes, inside the caller's transaction. */
int learning_tally_store(struct learning_tally *t, struct diag *diag);
void learning_tally_counts(const struct learning_tally *t,
                           struct learning_tally_counts *c);
void learning_tally_free(struct learning_tally *t); /* NULL-safe */

#endif
