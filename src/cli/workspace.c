/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening the workspace and its key for a command. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/audit.h"
#include "store/store.h"

/* A command that writes waits for another writer (an import) to finish;
 * a person at a terminal is told why nothing happens meanwhile. */
static void waiting(void *ctx)
{
    const struct cli_ctx *c = ctx;

    if (isatty(STDERR_FILENO))
        fprintf(stderr,
                "traction: another import or change is being written to "
                "'%s'; waiting up to %ld s for it to finish (Ctrl-C "
                "stops)\n",
                c->db_path, c->wait_s);
}

void cli_actor(struct store *st)
{
    const char *user = getenv("LOGNAME");
    struct buf b = BUF_INIT;

    if (!user || !*user)
        user = getenv("USER");
    buf_puts(&b, "cli");
    if (user && *user)
        buf_addf(&b, ":%.64s", user);
    store_set_actor(st, buf_str(&b));
    buf_release(&b);
}

int cli_open(struct cli_ctx *ctx, struct store **st, struct pseudo_key *key,
             struct diag *diag)
{
    char *key_path = NULL;
    int rc;

    *st = NULL;
    rc = store_open(ctx->db_path, STORE_OPEN, st, diag);
    if (rc)
        return rc;
    store_wait_writers(*st, ctx->wait_s * 1000, waiting, ctx);
    cli_actor(*st);
    if (!key)
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

/* Whether file is a regular file: standard input, a pipe or a device
 * is read once and left unhashed. */
static int regular(const char *file)
{
    struct stat sb;

    return strcmp(file, "-") && !stat(file, &sb) && S_ISREG(sb.st_mode);
}

int cli_import_log(struct store *st, const char *kind, const char *file,
                   int64_t *seq, struct diag *diag)
{
    char sha[65];
    int in = !regular(file);
    int rc = in ? 0 : pseudo_file_sha256(file, sha, diag);

    if (!rc)
        rc = store_import_start(st, kind, cli_base_name(file),
                                in ? NULL : sha, seq, diag);
    return rc;
}

int cli_import_begin(struct store *st, const char *kind, const char *file,
                     int bulk, int64_t *seq, struct diag *diag)
{
    int rc;

    diag_context(diag, "cannot import '%s'", file);
    rc = bulk ? store_begin_bulk(st, diag) : store_begin(st, diag);
    if (!rc && seq)
        rc = cli_import_log(st, kind, file, seq, diag);
    return rc;
}

int cli_import_begin_hashed(struct store *st, const char *kind,
                            const char *file, int bulk, int64_t *seq,
                            struct pseudo_sha256 **sha, struct diag *diag)
{
    int rc;

    *sha = NULL;
    diag_context(diag, "cannot import '%s'", file);
    rc = bulk ? store_begin_bulk(st, diag) : store_begin(st, diag);
    if (!rc)
        rc = store_import_start(st, kind, cli_base_name(file), NULL, seq,
                                diag);
    if (!rc && regular(file))
        *sha = pseudo_sha256_new();
    return rc;
}

int cli_import_sha256(struct store *st, int64_t seq,
                      struct pseudo_sha256 **sha, struct diag *diag)
{
    char hex[65];

    if (!*sha)
        return 0;
    pseudo_sha256_final(*sha, hex);
    *sha = NULL;
    return store_import_sha256(st, seq, hex, diag);
}
