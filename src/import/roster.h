/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The roster importer: reads the organisation CSV (id, aliases, team,
 * parent, function, manager), pseudonymises identifiers at once and
 * validates everything before anything is written. */
#ifndef TR_IMPORT_ROSTER_H
#define TR_IMPORT_ROSTER_H

#include <stddef.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "model/roster.h"

/* Parses and validates a roster held in memory (the parsing core).
 * Returns 0 with r filled, or TR_EPARSE with every problem (up to
 * DIAG_MAX_PROBLEMS) in diag. */
int roster_parse_buf(const char *buf, size_t len, const struct pseudo_key *key,
                     struct roster *r, struct diag *diag);

/* The same, streaming a file. */
int roster_parse_file(const char *path, const struct pseudo_key *key,
                      struct roster *r, struct diag *diag);

#endif
