/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shadow-AI scan's sink: it keeps only log lines whose host is an AI
 * service in a use role, attributes them to a team through the roster
 * (user names and aliases) or the subnet table, and stores pseudonymised
 * day-level use and weekly aggregates per team and service. A log
 * reader (import/logscan.h) feeds it. Raw log lines, user names and
 * addresses are never stored: a demand signal, never a list of
 * offenders. */
#ifndef TR_ANALYSIS_SHADOW_H
#define TR_ANALYSIS_SHADOW_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "core/diag.h"
#include "core/pseudo.h"
#include "model/weblog.h"

struct store;

/* Day-level rows are deleted after this many days (it can be lowered,
 * never raised). */
#define SHADOW_RETENTION_DAYS 30
/* Distinct people a team-week-service cell needs to be shown. */
#define SHADOW_MIN_PEOPLE 10

struct shadow_opts {
    int retention_days;  /* <= SHADOW_RETENTION_DAYS */
    int64_t now;         /* the retention window ends here */
    int dry_run;         /* the caller rolls back: no pruning */
};

struct shadow_counts {
    long ai_use;         /* hits on AI services in use roles */
    long ai_other;       /* ... on their marketing or static hosts */
    long unmapped;       /* use hits attributable to no team */
    long closed;         /* use hits in weeks closed by retention */
    int64_t week_from, week_to; /* Mondays of the weeks touched; 0 none */
};

struct shadow_scan;

/* A scan against the catalog, into the workspace st (st, key and cat
 * borrowed until shadow_scan_free; o copied). Fails when the catalogs
 * name more services than a cell can hold. */
int shadow_scan_open(struct store *st, const struct pseudo_key *key,
                     const struct catalog *cat, const struct shadow_opts *o,
                     struct shadow_scan **out, struct diag *diag);
/* The sink a log reader feeds (its prepare loads the roster). */
void shadow_scan_sink(struct shadow_scan *s, struct weblog_sink *sink);
/* Once the reader is done: stores what the lines showed inside the
 * caller's transaction. */
int shadow_scan_store(struct shadow_scan *s, struct diag *diag);
void shadow_scan_counts(const struct shadow_scan *s, struct shadow_counts *c);
void shadow_scan_free(struct shadow_scan *s); /* NULL-safe */

#endif
