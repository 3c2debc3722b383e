/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The costs importer: a CSV of licence prices, hourly costs and costs
 * of events (columns kind, of, month, amount, seats; docs/guide.md
 * "Value"), checked row by row and pushed into a cost_sink
 * (model/cost.h). */
#ifndef TR_IMPORT_COSTS_H
#define TR_IMPORT_COSTS_H

#include <stddef.h>

#include "core/diag.h"
#include "model/cost.h"

/* Amounts and seat counts above these are refused (typing errors). */
#define COSTS_MAX_AMOUNT 1e9
#define COSTS_MAX_SEATS 10000000L

/* Reads the CSV held in memory into the sink (the parsing core). The
 * first problem of every row (up to DIAG_MAX_PROBLEMS) is recorded in
 * diag with line and column and the return is then TR_EPARSE; rows
 * before a problem may have reached the sink (the caller rolls back). */
int costs_import_buf(const char *buf, size_t len, const struct cost_sink *sink,
                     struct diag *diag);
/* The same, streaming a file ("-": stdin). */
int costs_import_file(const char *path, const struct cost_sink *sink,
                      struct diag *diag);

#endif
