/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The roster importer: reads the organisation CSV (id, aliases, team,
 * parent, function, manager), pseudonymises identifiers at once,
 * validates everything and only then hands the roster to a roster_sink
 * (model/roster.h). */
#ifndef TR_IMPORT_ROSTER_H
#define TR_IMPORT_ROSTER_H

#include <stddef.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "model/roster.h"

/* Reads a roster held in memory into the sink (the parsing core; fuzz
 * and unit tests). Returns the sink's result, or TR_EPARSE with every
 * problem (up to DIAG_MAX_PROBLEMS) in diag and the sink not called. */
int roster_import_buf(const char *buf, size_t len,
                      const struct pseudo_key *key,
                      const struct roster_sink *sink, struct diag *diag);

/* The same, streaming a file. */
int roster_import_file(const char *path, const struct pseudo_key *key,
                       const struct roster_sink *sink, struct diag *diag);

#endif
