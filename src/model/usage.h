/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A row of approved-tool telemetry as an importer hands it on
 * (import/usage.c parses the exports), and the sink that takes such rows
 * (analysis/usage.c implements it; tests and fuzzers record). A row
 * names a person, not yet pseudonymised, or counts at organisation
 * level where the source cannot be joined to people. */
#ifndef TR_MODEL_USAGE_H
#define TR_MODEL_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct usage_row {
    int64_t day;           /* day number (days since 1970-01-01) */
    const char *tool;      /* borrowed */
    const char *person;    /* borrowed identifier; NULL for org rows */
    size_t person_len;
    int hashed;            /* the tenant hides names: org level only */
    long interactions;     /* 0 when the source has none */
    int last_only;         /* only a last-activity date is known */
    long org_active;       /* org rows: active users that day */
    long org_engaged;      /* org rows: engaged users, -1 when unknown */
    long line;             /* record number, for messages */
};

/* A licence seat as a seat export lists it: a seat of the Copilot seats
 * API, or a row of the Microsoft 365 Copilot usage report (one a
 * licensed user; a "Has Copilot License" column saying no makes it none).
 * Seats are counted per tool, never stored per person; the identifier
 * only tells a seat listed twice from two seats. */
#define USAGE_NEVER (-1) /* last_day of a seat with no activity at all */
struct usage_seat {
    const char *tool;      /* borrowed */
    const char *person;    /* borrowed identifier (or the tenant's hash) */
    size_t person_len;
    int64_t last_day;      /* day number of the last activity, or
                              USAGE_NEVER */
    int64_t as_of;         /* the export's day (M365: Report Refresh Date),
                              or USAGE_NEVER when the export has none (the
                              seats API answers as of the moment asked) */
    long line;             /* record number, for messages */
};

/* Where the telemetry importer pushes rows, valid during the call. The
 * importer stops pushing at its first problem, and the sink may stop it
 * with a negative TR_E*. */
struct usage_sink {
    void *ctx;
    int (*row)(void *ctx, const struct usage_row *r, struct diag *diag);
    /* every seat of a seat export (NULL: seats are not wanted) */
    int (*seat)(void *ctx, const struct usage_seat *s, struct diag *diag);
};

#endif
