/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The work items held in memory, kept up to date as imports arrive.
 *
 * Every read of work items (store_items_scan, a pilot's arms) goes
 * through a snapshot: all items in the table's key order (source, key),
 * immutable and reference-counted, so a reader keeps its snapshot while
 * a newer one replaces it. Whether a snapshot is current is one index
 * lookup: every import stamps each row it lists with its import number
 * (seen_seq, which only grows: import_log ids in commit order), and no
 * row is ever deleted, so the newest stamp names the table's version.
 * A stale snapshot is brought up to date by reading only the rows
 * stamped since (index work_item_seen) and merging them into a copy in
 * key order: an import of 20 items costs a copy of the array, not a scan
 * of the table.
 *
 * A connection inside a write transaction reads its own uncommitted
 * rows: its snapshot is built for it alone, kept on the connection while
 * it writes nothing more, and never shared, so no other reader sees rows
 * that may yet be rolled back. */
#include "store/store_int.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct store_itab {
    pthread_mutex_t lock; /* held while a snapshot is brought up to date */
    struct store__snap *snap; /* the newest, or NULL */
};

struct store_itab *store_itab_new(void)
{
    struct store_itab *t = xcalloc(1, sizeof(*t));

    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void store__snap_put(struct store__snap *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    free(s->v);
    free(s->keys);
    u64map_release(&s->wf);
    free(s->wf_order);
    free(s->wf_end);
    pthread_mutex_destroy(&s->wf_lock);
    free(s);
}

void store_itab_free(struct store_itab *t)
{
    if (!t)
        return;
    store__snap_put(t->snap);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

void store_items_share(struct store *st, struct store_itab *t)
{
    if (st->itab_owned)
        store_itab_free(st->itab);
    st->itab = t;
    st->itab_owned = 0;
}

void store__itab_close(struct store *st)
{
    store__snap_put(st->own_snap);
    st->own_snap = NULL;
    if (st->itab_owned)
        store_itab_free(st->itab);
    st->itab = NULL;
}

/* SQLite's order of (source_id, source_key) under BINARY: bytes, then
 * length. */
static int key_cmp(int64_t sa, const char *ka, size_t la, int64_t sb,
                   const char *kb, size_t lb)
{
    int c;

    if (sa != sb)
        return (sa > sb) - (sa < sb);
    c = memcmp(ka, kb, la < lb ? la : lb);
    if (c)
        return c;
    return (la > lb) - (la < lb);
}

/* A snapshot being built: items and their keys' bytes. */
static void add_key(struct store__snap *s, struct store__item *it,
                    const char *key, size_t len)
{
    s->keys = xgrow(s->keys, &s->kcap, s->klen + len + 1, 1);
    memcpy(s->keys + s->klen, key, len);
    s->keys[s->klen + len] = '\0';
    it->koff = s->klen;
    it->klen = len;
    s->klen += len + 1;
}

static struct store__item *add_item(struct store__snap *s)
{
    s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
    return &s->v[s->n++];
}

#define ITEM_COLS                                                              \
    "source_id, source_key, unit_id, workflow_id, coalesce(tool_id, 0), "     \
    "coalesce(person_id, 0), started_at, coalesce(finished_at, 0), quality, " \
    "coalesce(errors, -1), coalesce(rework, -1), coalesce(reviewed, -1), "    \
    "seen_seq "

/* The row's fields (all but its key) into it. */
static void read_row(sqlite3_stmt *stmt, struct store__item *it)
{
    it->source_id = sqlite3_column_int64(stmt, 0);
    it->unit_id = sqlite3_column_int64(stmt, 2);
    it->workflow_id = sqlite3_column_int64(stmt, 3);
    it->tool_id = sqlite3_column_int64(stmt, 4);
    it->person_id = sqlite3_column_int64(stmt, 5);
    it->started = sqlite3_column_int64(stmt, 6);
    it->finished = sqlite3_column_int64(stmt, 7);
    it->quality = sqlite3_column_type(stmt, 8) == SQLITE_NULL
                      ? NAN
                      : sqlite3_column_double(stmt, 8);
    it->errors = sqlite3_column_int64(stmt, 9);
    it->rework = sqlite3_column_int64(stmt, 10);
    it->reviewed = sqlite3_column_int(stmt, 11);
}

static struct store__snap *snap_new(int64_t seq)
{
    struct store__snap *s = xcalloc(1, sizeof(*s));

    atomic_init(&s->refs, 1);
    s->seq = seq;
    pthread_mutex_init(&s->wf_lock, NULL);
    u64map_init(&s->wf);
    return s;
}

/* s's items grouped by workflow: a counting sort, stable, so each
 * workflow's run keeps the key order. */
static void wf_make(struct store__snap *s)
{
    size_t nwf, *at;

    for (size_t i = 0; i < s->n; i++)
        (void)u64map_at(&s->wf, (uint64_t)s->v[i].workflow_id, NULL);
    nwf = s->wf.len;
    s->wf_end = xcalloc(nwf ? nwf : 1, sizeof(*s->wf_end));
    at = xcalloc(nwf ? nwf : 1, sizeof(*at));
    { /* each workflow's place: the order it was first met */
        size_t k = 0;

        for (size_t i = 0; i < s->n; i++) {
            int64_t *p = u64map_at(&s->wf, (uint64_t)s->v[i].workflow_id,
                                   NULL);

            if (!*p)
                *p = (int64_t)++k; /* 1-based while numbering */
            s->wf_end[*p - 1]++;
        }
        for (size_t i = 0; i < s->wf.cap; i++)
            if (s->wf.slots[i].key != U64MAP_EMPTY)
                s->wf.slots[i].val--;
    }
    for (size_t k = 0, sum = 0; k < nwf; k++) {
        at[k] = sum;
        sum += s->wf_end[k];
        s->wf_end[k] = sum;
    }
    s->wf_order = xmalloc((s->n ? s->n : 1) * sizeof(*s->wf_order));
    for (size_t i = 0; i < s->n; i++) {
        int64_t k = 0;

        u64map_get(&s->wf, (uint64_t)s->v[i].workflow_id, &k);
        s->wf_order[at[k]++] = i;
    }
    free(at);
}

void store__snap_wf(struct store__snap *s, int64_t workflow_id,
                    const size_t **idx, size_t *n)
{
    int64_t k;

    pthread_mutex_lock(&s->wf_lock);
    if (!s->wf_made) {
        wf_make(s);
        s->wf_made = 1;
    }
    pthread_mutex_unlock(&s->wf_lock);
    *idx = NULL;
    *n = 0;
    if (u64map_get(&s->wf, (uint64_t)workflow_id, &k)) {
        size_t from = k ? s->wf_end[k - 1] : 0;

        *idx = s->wf_order + from;
        *n = s->wf_end[k] - from;
    }
}

/* Every item, in key order (the table's own: WITHOUT ROWID). */
static int snap_full(struct store *st, int64_t seq, struct store__snap **out,
                     struct diag *diag)
{
    struct store__snap *s = snap_new(seq);
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, "SELECT " ITEM_COLS "FROM work_item", &stmt,
                            diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store__item *it = add_item(s);

        read_row(stmt, it);
        add_key(s, it, (const char *)sqlite3_column_text(stmt, 1),
                (size_t)sqlite3_column_bytes(stmt, 1));
        rc = 0;
    }
    sqlite3_finalize(stmt);
    if (rc) {
        store__snap_put(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Appends old's items [from, to) to s as they are: one copy of the
 * items and one of their keys (a snapshot's keys lie in its items'
 * order), then the keys' new offsets. */
static void copy_run(struct store__snap *s, const struct store__snap *old,
                     size_t from, size_t to)
{
    size_t k0, k1, shift, n = to - from;

    if (!n)
        return;
    k0 = old->v[from].koff;
    k1 = old->v[to - 1].koff + old->v[to - 1].klen + 1;
    s->v = xgrow(s->v, &s->cap, s->n + n, sizeof(*s->v));
    s->keys = xgrow(s->keys, &s->kcap, s->klen + (k1 - k0), 1);
    memcpy(s->v + s->n, old->v + from, n * sizeof(*s->v));
    memcpy(s->keys + s->klen, old->keys + k0, k1 - k0);
    shift = s->klen - k0; /* modulo 2^64: added back below */
    for (size_t i = s->n; i < s->n + n; i++)
        s->v[i].koff += shift;
    s->n += n;
    s->klen += k1 - k0;
}

/* The first of old's items at or after i whose key is not below
 * (source, key): a binary search, as the rows come in key order. */
static size_t next_at(const struct store__snap *old, size_t i, int64_t source,
                      const char *key, size_t len)
{
    size_t lo = i, hi = old->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct store__item *o = &old->v[mid];

        if (key_cmp(o->source_id, old->keys + o->koff, o->klen, source, key,
                    len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* old with the rows stamped after old->seq merged in: a row whose key
 * old has replaces it, a new key goes to its place. */
static int snap_delta(struct store *st, const struct store__snap *old,
                      int64_t seq, struct store__snap **out,
                      struct diag *diag)
{
    struct store__snap *s = snap_new(seq);
    sqlite3_stmt *stmt = NULL;
    size_t i = 0;
    int rc = store__query(st,
                          "SELECT " ITEM_COLS "FROM work_item "
                          "WHERE seen_seq > ?1 ORDER BY source_id, source_key",
                          STORE_ARGS(STORE_INT(old->seq)), &stmt, diag);

    s->v = xgrow(s->v, &s->cap, old->n, sizeof(*s->v));
    s->keys = xgrow(s->keys, &s->kcap, old->klen, 1);
    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        const char *key = (const char *)sqlite3_column_text(stmt, 1);
        size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
        int64_t source = sqlite3_column_int64(stmt, 0);
        size_t j = next_at(old, i, source, key, len);
        struct store__item *it;

        copy_run(s, old, i, j);
        i = j;
        it = add_item(s);
        read_row(stmt, it);
        add_key(s, it, key, len);
        if (i < old->n
            && !key_cmp(old->v[i].source_id, old->keys + old->v[i].koff,
                        old->v[i].klen, source, key, len))
            i++; /* replaced */
        rc = 0;
    }
    sqlite3_finalize(stmt);
    if (!rc)
        copy_run(s, old, i, old->n);
    if (rc) {
        store__snap_put(s);
        return rc;
    }
    *out = s;
    return 0;
}

int store__items_snap(struct store *st, struct store__snap **out,
                      struct diag *diag)
{
    struct store_itab *t;
    int64_t seq, rest;
    int rc;

    *out = NULL;
    rc = store_data_stamps(st, &rest, &seq, diag);
    if (rc)
        return rc;
    if (sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE) {
        /* its own, kept on the connection while it changes nothing */
        int64_t changes = (int64_t)sqlite3_total_changes64(st->db);

        if (!st->own_snap || st->own_snap->seq != seq
            || st->own_changes != changes) {
            store__snap_put(st->own_snap);
            st->own_snap = NULL;
            rc = snap_full(st, seq, &st->own_snap, diag);
            if (rc)
                return rc;
            st->own_changes = changes;
        }
        atomic_fetch_add(&st->own_snap->refs, 1);
        *out = st->own_snap;
        return 0;
    }
    if (!st->itab) {
        st->itab = store_itab_new();
        st->itab_owned = 1;
    }
    t = st->itab;
    pthread_mutex_lock(&t->lock);
    if (!t->snap || t->snap->seq != seq) {
        struct store__snap *s = NULL;

        /* a snapshot newer than this connection's view (a reader whose
         * transaction began before an import) is read again whole: rare,
         * and a merge cannot take rows out */
        rc = t->snap && t->snap->seq < seq
                 ? snap_delta(st, t->snap, seq, &s, diag)
                 : snap_full(st, seq, &s, diag);
        if (!rc) {
            store__snap_put(t->snap);
            t->snap = s;
        }
    }
    if (!rc) {
        atomic_fetch_add(&t->snap->refs, 1);
        *out = t->snap;
    }
    pthread_mutex_unlock(&t->lock);
    return rc;
}
