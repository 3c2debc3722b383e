/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the workspace and its key for a command. */
#include "cli/cli.h"

#include <stdlib.h>

#include "store/store.h"

int cli_open(struct cli_ctx *ctx, struct store **st, struct pseudo_key *key,
             struct diag *diag)
{
    char *key_path = NULL;
    int rc;

    *st = NULL;
    rc = store_open(ctx->db_path, STORE_OPEN, st, diag);
    if (rc || !key)
        return rc;
    key_path = pseudo_key_path(ctx->db_path);
    rc = pseudo_key_load(key_path, key, diag);
    if (!rc)
        rc = store_key_verify(*st, key, diag);
    free(key_path);
    if (rc) {
        store_close(*st);
        *st = NULL;
    }
    return rc;
}

int cli_import_begin(struct store *st, const char *kind, const char *file,
                     int bulk, int64_t *seq, struct diag *diag)
{
    int rc;

    diag_context(diag, "cannot import '%s'", file);
    rc = bulk ? store_begin_bulk(st, diag) : store_begin(st, diag);
    if (!rc && seq)
        rc = store_import_start(st, kind, cli_base_name(file), seq, diag);
    return rc;
}
