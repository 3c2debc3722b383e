/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The telemetry importer: GitHub Copilot usage metrics (per-user NDJSON
 * or the report JSON), the seats API, the retired organisation metrics,
 * the Microsoft 365 Copilot usage report (CSV or JSON), and a generic CSV,
 * pushed into a usage_sink (model/usage.h) row by row. Rows name a person
 * (pseudonymised by the sink at once) or, where the source cannot be
 * joined to people, count at organisation level. */
#ifndef TR_IMPORT_USAGE_H
#define TR_IMPORT_USAGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "model/usage.h"

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

/* An NDJSON record (one line) longer than this is refused (and skipped,
 * so the others are checked): memory stays bounded however large the
 * file. A JSON document (the report, seats, legacy or M365 JSON) is
 * one record and has no such limit. */
#define USAGE_RECORD_MAX (8u << 20)

/* Reads a whole export held in memory into the sink (the parsing core;
 * fuzz and unit tests). Every bad record is reported with its line
 * (JSON: record number) and nothing is passed on after the first
 * problem; returns TR_EPARSE then. */
int usage_import_buf(enum usage_format f, const char *buf, size_t len,
                     const struct usage_sink *sink, struct diag *diag);

/* The same for a file ("-": stdin), streamed: CSV and NDJSON a block
 * at a time, a JSON document parsed as it is read (its tree is held,
 * not its text). What tells NDJSON from the report JSON is unchanged:
 * one JSON value and nothing after it is a document. */
int usage_import_file(enum usage_format f, const char *path,
                      const struct usage_sink *sink, struct diag *diag);

#endif
