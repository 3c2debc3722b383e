/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shadow-AI scan: reads proxy and DNS logs (plain or gzip), keeps
 * only lines whose host is an AI service in use roles, attributes them to
 * a team through the roster (user names and aliases) or the subnet table,
 * and stores pseudonymised day-level use and weekly aggregates per team
 * and service. Raw log lines, user names and addresses are never stored:
 * a demand signal, never a list of offenders. */
#ifndef TR_ANALYSIS_SHADOW_H
#define TR_ANALYSIS_SHADOW_H

#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "core/diag.h"
#include "core/pseudo.h"
#include "import/weblog.h"

struct store;

/* Day-level rows are deleted after this many days (it can be lowered,
 * never raised). */
#define SHADOW_RETENTION_DAYS 30
/* Distinct people a team-week-service cell needs to be shown. */
#define SHADOW_MIN_PEOPLE 10

struct shadow_opts {
    enum weblog_format format;
    int year;            /* dnsmasq lines carry no year */
    int retention_days;  /* <= SHADOW_RETENTION_DAYS */
    int64_t now;         /* the retention window ends here */
    const char *fields;  /* zscaler: the feed's field list */
    char sep;            /* zscaler: ',' or '\t' */
    int dry_run;         /* the caller rolls back: no pruning */
};

struct shadow_counts {
    uint64_t bytes;
    long lines, events, ai_use, ai_other, unmapped;
    long malformed, no_host, closed;
    int64_t week_from, week_to; /* Mondays of the weeks touched; 0 none */
};

/* Scans the files and stores what they show inside the caller's
 * transaction. */
int shadow_scan(struct store *st, const struct pseudo_key *key,
                const struct catalog *cat, const struct shadow_opts *o,
                const char *const *files, size_t nfiles,
                struct shadow_counts *out, struct diag *diag);

#endif
