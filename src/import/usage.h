/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Approved-tool telemetry: GitHub Copilot usage metrics (per-user NDJSON
 * or the report JSON), the seats API, the retired organisation metrics,
 * the Microsoft 365 Copilot usage report (CSV or JSON), and a generic CSV.
 * Rows name a person (pseudonymised by the caller at once) or, where the
 * source cannot be joined to people, count at organisation level. */
#ifndef TR_IMPORT_USAGE_H
#define TR_IMPORT_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

enum usage_format {
    UF_COPILOT_USERS,
    UF_COPILOT_SEATS,
    UF_COPILOT_LEGACY,
    UF_M365_COPILOT,
    UF_GENERIC,
    UF_COUNT
};

extern const char *const usage_format_names[UF_COUNT];
int usage_format_parse(const char *s); /* -1 when unknown */

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

typedef int (*usage_row_fn)(void *ctx, const struct usage_row *r,
                            struct diag *diag);

/* Parses a whole export held in memory. Every bad record is reported with
 * its line (JSON: record number) and nothing is passed on after the first
 * problem; returns TR_EPARSE then. */
int usage_parse_buf(enum usage_format f, const char *buf, size_t len,
                    usage_row_fn fn, void *ctx, struct diag *diag);

#endif
