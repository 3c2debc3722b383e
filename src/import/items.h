/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The work-items importer: CSV exports of ticket trackers and service
 * desks (presets jira, servicenow, generic, plus --map), validated row by
 * row and pushed into an item_sink. The person column is pseudonymised the
 * moment it is read. */
#ifndef TR_IMPORT_ITEMS_H
#define TR_IMPORT_ITEMS_H

#include <stddef.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "core/tstamp.h"
#include "model/item.h"

struct items_options {
    const char *preset;              /* "generic", "jira" or "servicenow" */
    const char *workflow;            /* used when a row names none; or NULL */
    const char *map[IF_COUNT];       /* column overrides from --map */
    struct tzone *zone;              /* for zone-less stamps; borrowed */
    int skip_bad;                    /* import good rows, reject the rest */
    const char *rejects_path;        /* where rejected rows go (skip_bad) */
    struct pseudo_sha256 *sha;       /* borrowed: fed the file's bytes as
                                        they are read, or NULL */
};

struct items_result {
    long rows;     /* data rows read */
    long stored;   /* rows the sink accepted */
    long rejected; /* rows written to the rejects file */
};

/* The default source name of a preset (the preset's own name). Returns
 * NULL for an unknown preset. */
const char *items_preset_check(const char *preset);

/* Parses an options value "FIELD=COLUMN" into opts->map. Returns 0 or
 * TR_EUSAGE. */
int items_option_map(struct items_options *opts, const char *spec,
                     struct diag *diag);

/* Reads items from memory (the parsing core; fuzz and unit tests).
 * Without skip_bad, every problem (up to DIAG_MAX_PROBLEMS) is recorded in
 * diag with line and column, the sink sees no row after the first one, and
 * the return is TR_EPARSE: the caller must not commit. The sink runs on
 * the caller's thread, in batches of up to 64 rows. */
int items_import_buf(const char *buf, size_t len,
                     const struct items_options *opts,
                     const struct pseudo_key *key, struct item_sink *sink,
                     struct items_result *res, struct diag *diag);

/* The same, streaming a file with a progress line on a terminal; the
 * sink runs on a writer thread of its own, in batches of up to 1,024
 * rows, while the file is parsed. */
int items_import_file(const char *path, const struct items_options *opts,
                      const struct pseudo_key *key, struct item_sink *sink,
                      struct items_result *res, struct diag *diag);

#endif
