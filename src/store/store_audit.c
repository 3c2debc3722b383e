/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit trail: a SHA-256 hash chain in audit_log, its head in a file
 * beside the key file (see store/audit.h for the encoding). */
#include "store/store_int.h"

#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/pseudo.h"
#include "core/safefile.h"
#include "core/utf8.h"
#include "core/xalloc.h"

#define HASH_BYTES crypto_hash_sha256_BYTES
#define HEAD_MAX 128 /* bytes of a head file's line */

void store_set_actor(struct store *st, const char *actor)
{
    free(st->actor);
    st->actor = actor ? xstrdup(actor) : NULL;
}

static void put_be(crypto_hash_sha256_state *h, uint64_t v, int bytes)
{
    unsigned char b[8];

    for (int i = 0; i < bytes; i++)
        b[i] = (unsigned char)(v >> (8 * (bytes - 1 - i)));
    crypto_hash_sha256_update(h, b, (unsigned long long)bytes);
}

static void put_text(crypto_hash_sha256_state *h, const char *s)
{
    size_t len = s ? strlen(s) : 0;

    put_be(h, (uint64_t)len, 4);
    crypto_hash_sha256_update(h, (const unsigned char *)(s ? s : ""), len);
}

static void to_hex(const unsigned char *b, char hex[STORE_AUDIT_HEX])
{
    sodium_bin2hex(hex, STORE_AUDIT_HEX, b, HASH_BYTES);
}

/* The hash of an entry after prev (hex; a malformed one never gives the
 * hash of a real chain). */
static void entry_hash(const char *prev, const struct store_audit_entry *e,
                       char out[STORE_AUDIT_HEX])
{
    unsigned char p[HASH_BYTES] = {0}, h[HASH_BYTES];
    crypto_hash_sha256_state s;
    size_t n = 0;

    if (sodium_hex2bin(p, sizeof(p), prev, strlen(prev), NULL, &n, NULL) != 0
        || n != sizeof(p))
        memset(p, 0xff, sizeof(p)); /* never matches a real chain */
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, p, sizeof(p));
    put_be(&s, (uint64_t)e->seq, 8);
    put_be(&s, (uint64_t)e->at, 8);
    put_text(&s, e->actor);
    put_text(&s, e->action);
    put_text(&s, e->subject);
    put_text(&s, e->details);
    crypto_hash_sha256_final(&s, h);
    to_hex(h, out);
}

int store_audit_append(struct store *st, const char *action,
                       const char *subject, const char *details,
                       struct diag *diag)
{
    struct store_audit_entry e;
    char prev[STORE_AUDIT_HEX], hash[STORE_AUDIT_HEX];
    struct buf text[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
    const char *in[3];
    sqlite3_stmt *stmt = NULL;
    int rc;

    if (!st->in_tx) /* a change and its entry commit together or not */
        return diag_set(diag, TR_EINVAL,
                        "cannot append '%s' to the audit trail outside a "
                        "transaction",
                        action);
    memset(&e, 0, sizeof(e));
    memset(prev, '0', STORE_AUDIT_HEX - 1); /* before the first: zeros */
    prev[STORE_AUDIT_HEX - 1] = '\0';
    rc = store__prepare(st,
                        "SELECT seq, hash FROM audit_log "
                        "ORDER BY seq DESC LIMIT 1",
                        &stmt, diag);
    if (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        e.seq = sqlite3_column_int64(stmt, 0);
        snprintf(prev, sizeof(prev), "%s",
                 (const char *)sqlite3_column_text(stmt, 1));
        rc = 0;
    }
    sqlite3_finalize(stmt);
    if (rc)
        return rc;
    e.seq++;
    e.at = (int64_t)time(NULL);
    /* stored as valid UTF-8, so that what is read back (tr_text) is
     * what was hashed */
    in[0] = st->actor ? st->actor : "cli";
    in[1] = subject ? subject : "";
    in[2] = details ? details : "{}";
    for (int i = 0; i < 3; i++)
        utf8_repair(&text[i], in[i], strlen(in[i]));
    e.actor = buf_str(&text[0]);
    e.action = action;
    e.subject = buf_str(&text[1]);
    e.details = buf_str(&text[2]);
    entry_hash(prev, &e, hash);
    rc = store__run(st,
                    "INSERT INTO audit_log(seq, at, actor, action, subject, "
                    "details, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    STORE_ARGS(STORE_INT(e.seq), STORE_INT(e.at),
                               STORE_TEXT(e.actor), STORE_TEXT(e.action),
                               STORE_TEXT(e.subject), STORE_TEXT(e.details),
                               STORE_TEXT(prev), STORE_TEXT(hash)),
                    "cannot append to the audit trail", diag);
    if (!rc) {
        st->audit_seq = e.seq;
        memcpy(st->audit_hash, hash, sizeof(hash));
    }
    for (int i = 0; i < 3; i++)
        buf_release(&text[i]);
    return rc;
}

int store__audit(struct store *st, const char *action, const char *subject,
                 const struct store__arg *kv, size_t n, struct diag *diag)
{
    struct buf sql = BUF_INIT;
    sqlite3_stmt *stmt = NULL;
    int rc;

    buf_puts(&sql, "SELECT json_object(");
    for (size_t i = 0; i < n; i++)
        buf_puts(&sql, i ? ", ?" : "?");
    buf_puts(&sql, ")");
    rc = store__query(st, buf_str(&sql), kv, n, &stmt, diag);
    if (!rc && (rc = store__step(st, stmt, diag)) > 0)
        rc = store_audit_append(st, action, subject,
                                (const char *)sqlite3_column_text(stmt, 0),
                                diag);
    else if (!rc)
        rc = store__err(st, diag, "cannot append to the audit trail");
    sqlite3_finalize(stmt);
    buf_release(&sql);
    return rc;
}

char *store_audit_head_path(const char *db_path)
{
    char *key = pseudo_key_path(db_path);
    size_t len = strlen(key);
    struct buf b = BUF_INIT;

    if (len > 4 && !strcmp(key + len - 4, ".key"))
        len -= 4;
    buf_add(&b, key, len);
    buf_puts(&b, ".audit-head");
    free(key);
    return buf_detach(&b);
}

static int head_read(const char *path, int64_t *seq,
                     char hash[STORE_AUDIT_HEX], struct diag *diag);

int store__audit_head_write(struct store *st, struct diag *diag)
{
    char line[HEAD_MAX], have[STORE_AUDIT_HEX];
    char *path;
    int64_t seq;
    int n, rc;

    if (!st->audit_seq)
        return 0;
    path = store_audit_head_path(st->path);
    n = snprintf(line, sizeof(line), "%lld %s\n", (long long)st->audit_seq,
                 st->audit_hash);
    /* never backwards: a head later than this chain (another process
     * committed after this one, or the database went back to an older
     * copy) stays, so that verify keeps saying so; an unreadable head
     * is replaced */
    rc = head_read(path, &seq, have, NULL);
    if (!rc && seq > st->audit_seq)
        goto out;
    rc = safefile_write(path, line, (size_t)n, SAFEFILE_SHARED, diag);
    if (rc)
        diag_set(diag, rc,
                 "the audit trail's head file '%s' is behind the "
                 "workspace: `traction audit verify` will say so",
                 path);
out:
    free(path);
    st->audit_seq = 0;
    return rc;
}

/* Reads path's "SEQ HASH" line: *seq -1 when there is no file. */
static int head_read(const char *path, int64_t *seq, char hash[STORE_AUDIT_HEX],
                     struct diag *diag)
{
    char line[HEAD_MAX], h[STORE_AUDIT_HEX + 1];
    long long s;
    FILE *fp = fopen(path, "rb");

    *seq = -1;
    hash[0] = '\0';
    if (!fp) {
        if (errno == ENOENT)
            return 0;
        return diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    }
    if (!fgets(line, sizeof(line), fp)
        || sscanf(line, "%lld %65s", &s, h) != 2 || s < 0
        || strlen(h) != STORE_AUDIT_HEX - 1) {
        fclose(fp);
        return diag_set(diag, TR_EPARSE,
                        "'%s' is not an audit trail head (one line: "
                        "SEQUENCE HASH)",
                        path);
    }
    fclose(fp);
    *seq = s;
    memcpy(hash, h, STORE_AUDIT_HEX);
    return 0;
}

struct walk {
    struct store_audit_check *c;
    int64_t next;                 /* the sequence number expected */
    char prev[STORE_AUDIT_HEX];   /* the recomputed hash before it */
};

static int bad(struct walk *w, int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int bad(struct walk *w, int64_t seq, const char *fmt, ...)
{
    va_list ap;

    w->c->bad = seq;
    va_start(ap, fmt);
    vsnprintf(w->c->why, sizeof(w->c->why), fmt, ap);
    va_end(ap);
    return 1; /* stops the walk */
}

static int on_entry(void *ctx, const struct store_audit_entry *e,
                    struct diag *diag)
{
    struct walk *w = ctx;
    char h[STORE_AUDIT_HEX];

    (void)diag;
    if (!e->prev || !e->hash) /* NOT NULL, unless the table was rebuilt */
        return bad(w, e->seq, "entry %lld has no hash", (long long)e->seq);
    if (e->seq != w->next)
        return bad(w, w->next,
                   "entry %lld is missing (removed, or the entries "
                   "renumbered)",
                   (long long)w->next);
    if (strcmp(e->prev, w->prev))
        return bad(w, e->seq,
                   "entry %lld does not follow the entry before it (its "
                   "previous hash differs): entries removed, reordered or "
                   "inserted",
                   (long long)e->seq);
    entry_hash(w->prev, e, h);
    if (strcmp(h, e->hash))
        return bad(w, e->seq,
                   "entry %lld was edited (its hash does not match its "
                   "content)",
                   (long long)e->seq);
    memcpy(w->prev, h, sizeof(h));
    w->next++;
    return 0;
}

int store_audit_verify(struct store *st, struct store_audit_check *c,
                       struct diag *diag)
{
    struct walk w;
    char head[STORE_AUDIT_HEX];
    char *path = store_audit_head_path(st->path);
    int64_t n;
    int rc;

    memset(c, 0, sizeof(*c));
    memset(&w, 0, sizeof(w));
    w.c = c;
    w.next = 1;
    memset(w.prev, '0', STORE_AUDIT_HEX - 1);
    w.prev[STORE_AUDIT_HEX - 1] = '\0';
    rc = store__int(st, "SELECT count(*) FROM audit_log", &c->entries, diag);
    if (!rc)
        rc = store_audit_entries(st, on_entry, &w, diag);
    if (rc > 0)
        rc = 0;
    if (!rc)
        rc = head_read(path, &c->head_seq, head, diag);
    n = w.next - 1;
    if (rc || c->bad)
        goto out;
    if (c->head_seq < 0 && n > 0)
        bad(&w, n, "the head file is missing (the chain ends at entry %lld)",
            (long long)n);
    else if (c->head_seq > n)
        bad(&w, n + 1,
            "the chain ends at entry %lld, but the head file names a later "
            "one: entries removed from the end",
            (long long)n);
    else if (c->head_seq >= 0 && c->head_seq < n)
        bad(&w, c->head_seq + 1,
            "entries after the head file's last one (entry %lld): added "
            "without the head, or the head file is old",
            (long long)c->head_seq);
    else if (n > 0 && strcmp(head, w.prev))
        bad(&w, n,
            "entry %lld's hash differs from the head file's: the database "
            "was replaced or its chain rewritten",
            (long long)n);
out:
    free(path);
    return rc;
}

int store_audit_entries(struct store *st, store_audit_fn fn, void *ctx,
                        struct diag *diag)
{
    struct store_audit_entry e;
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st,
                            "SELECT seq, at, tr_text(actor), tr_text(action), "
                            "tr_text(subject), tr_text(details), "
                            "tr_text(prev), tr_text(hash) "
                            "FROM audit_log ORDER BY seq",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        e.seq = sqlite3_column_int64(stmt, 0);
        e.at = sqlite3_column_int64(stmt, 1);
        e.actor = (const char *)sqlite3_column_text(stmt, 2);
        e.action = (const char *)sqlite3_column_text(stmt, 3);
        e.subject = (const char *)sqlite3_column_text(stmt, 4);
        e.details = (const char *)sqlite3_column_text(stmt, 5);
        e.prev = (const char *)sqlite3_column_text(stmt, 6);
        e.hash = (const char *)sqlite3_column_text(stmt, 7);
        rc = fn(ctx, &e, diag);
    }
    sqlite3_finalize(stmt);
    return rc;
}
