/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The work items held in memory, kept up to date as imports arrive.
 *
 * Every read of work items (store_items_scan, a pilot's arms) goes
 * through a snapshot: all items in the table's key order (source, key),
 * in chunks of up to STORE__CHUNK, immutable and reference-counted, so a
 * reader keeps its snapshot while a newer one replaces it. Whether a
 * snapshot is current is one lookup: every import lists the items it
 * added or changed in work_item_change under its number (import_log ids,
 * which grow in commit order), and no item is ever deleted, so the
 * newest number there names the items' version. A stale snapshot is
 * brought up to date by reading only the items listed since and merging
 * them into the chunks they fall in; every other chunk is shared with
 * the snapshot before, and so are the pilots' arms of every workflow the
 * rows did not touch. An import of 20 items costs a few chunks and one
 * workflow's arms, not a scan of the table. An import too large to list
 * (store_items_finish) makes readers behind it read every item again.
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

static void chunk_put(struct store__chunk *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) != 1)
        return;
    free(c->v);
    free(c->keys);
    free(c);
}

static void arms_put(struct store__arms *a)
{
    if (!a || atomic_fetch_sub(&a->refs, 1) != 1)
        return;
    free(a->v);
    free(a);
}

void store__snap_put(struct store__snap *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    for (size_t i = 0; i < s->nc; i++)
        chunk_put(s->c[i]);
    free(s->c);
    for (size_t i = 0; i < s->arms.cap; i++)
        if (s->arms.slots[i].key != U64MAP_EMPTY)
            arms_put((struct store__arms *)(intptr_t)s->arms.slots[i].val);
    u64map_release(&s->arms);
    pthread_mutex_destroy(&s->arms_lock);
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

static void forget_snap(struct store *st)
{
    store__snap_put(st->snap);
    st->snap = NULL;
}

void store_items_share(struct store *st, struct store_itab *t)
{
    forget_snap(st);
    if (st->itab_owned)
        store_itab_free(st->itab);
    st->itab = t;
    st->itab_owned = 0;
}

void store__itab_close(struct store *st)
{
    forget_snap(st);
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

static struct store__snap *snap_new(int64_t seq)
{
    struct store__snap *s = xcalloc(1, sizeof(*s));

    atomic_init(&s->refs, 1);
    s->seq = seq;
    pthread_mutex_init(&s->arms_lock, NULL);
    u64map_init(&s->arms);
    return s;
}

static void snap_add_chunk(struct store__snap *s, struct store__chunk *c)
{
    s->c = xgrow(s->c, &s->ccap, s->nc + 1, sizeof(*s->c));
    s->c[s->nc++] = c;
    s->n += c->n;
}

/* Appends an item and its key to s, in a chunk of its own making (the
 * last one, while it has room). */
static void snap_add(struct store__snap *s, struct store__chunk **open,
                     const struct store__item *it, const char *key,
                     size_t len)
{
    struct store__chunk *c = *open;
    struct store__item *to;

    if (!c || c->n == STORE__CHUNK) {
        c = xcalloc(1, sizeof(*c));
        atomic_init(&c->refs, 1);
        c->v = xmalloc(STORE__CHUNK * sizeof(*c->v));
        snap_add_chunk(s, c);
        *open = c;
    }
    c->keys = xgrow(c->keys, &c->kcap, c->klen + len + 1, 1);
    memcpy(c->keys + c->klen, key, len);
    c->keys[c->klen + len] = '\0';
    to = &c->v[c->n++];
    *to = *it;
    to->koff = c->klen;
    to->klen = len;
    c->klen += len + 1;
    s->n++;
}

#define ITEM_COLS                                                              \
    "w.source_id, w.source_key, w.unit_id, w.workflow_id, "                   \
    "coalesce(w.tool_id, 0), coalesce(w.person_id, 0), w.started_at, "        \
    "coalesce(w.finished_at, 0), w.quality, coalesce(w.errors, -1), "         \
    "coalesce(w.rework, -1), coalesce(w.reviewed, -1) "

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
    it->koff = it->klen = 0;
}

/* Every item, in key order (the table's own: WITHOUT ROWID). */
static int snap_full(struct store *st, int64_t seq, struct store__snap **out,
                     struct diag *diag)
{
    struct store__snap *s = snap_new(seq);
    struct store__chunk *open = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = store__prepare(st, "SELECT " ITEM_COLS "FROM work_item w",
                            &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store__item it;

        read_row(stmt, &it);
        snap_add(s, &open, &it, (const char *)sqlite3_column_text(stmt, 1),
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

/* The rows an import listed since a snapshot, in key order, with their
 * keys in one chunk-like store; and the workflows they touch. */
struct delta {
    struct store__chunk rows; /* not shared: v grown as needed */
    size_t cap;
    struct u64map touched;    /* workflow ids (old and new) */
};

/* The rows imports after since added or changed, as they are now;
 * *all 1 (and no rows) when one of them did not list them. */
static int delta_read(struct store *st, int64_t since, struct delta *d,
                      int *all, struct diag *diag)
{
    sqlite3_stmt *stmt = NULL;
    int64_t unlisted = 0;
    int rc = store__query(st,
                          "SELECT count(*) FROM work_item_change "
                          "WHERE seq > ?1 AND source_id = 0",
                          STORE_ARGS(STORE_INT(since)), &stmt, diag);

    if (!rc)
        rc = store__first_int(st, stmt, &unlisted, diag);
    *all = unlisted > 0;
    if (rc < 0 || *all)
        return rc < 0 ? rc : 0;
    rc = store__query(st,
                      "SELECT " ITEM_COLS "FROM (SELECT DISTINCT source_id, "
                      "source_key FROM work_item_change WHERE seq > ?1) c "
                      "JOIN work_item w ON w.source_id = c.source_id "
                      "AND w.source_key = c.source_key "
                      "ORDER BY w.source_id, w.source_key",
                      STORE_ARGS(STORE_INT(since)), &stmt, diag);

    while (!rc && (rc = store__step(st, stmt, diag)) > 0) {
        struct store__chunk *r = &d->rows;
        size_t len = (size_t)sqlite3_column_bytes(stmt, 1);
        struct store__item *it;

        r->v = xgrow(r->v, &d->cap, r->n + 1, sizeof(*r->v));
        it = &r->v[r->n++];
        read_row(stmt, it);
        r->keys = xgrow(r->keys, &r->kcap, r->klen + len + 1, 1);
        memcpy(r->keys + r->klen, sqlite3_column_text(stmt, 1), len);
        r->keys[r->klen + len] = '\0';
        it->koff = r->klen;
        it->klen = len;
        r->klen += len + 1;
        (void)u64map_at(&d->touched, (uint64_t)it->workflow_id, NULL);
        rc = 0;
    }
    sqlite3_finalize(stmt);
    return rc;
}

static int item_cmp(const struct store__chunk *a, const struct store__item *x,
                    const struct store__chunk *b, const struct store__item *y)
{
    return key_cmp(x->source_id, a->keys + x->koff, x->klen, y->source_id,
                   b->keys + y->koff, y->klen);
}

/* old's chunk c merged with the rows [*j, end): a row whose key the
 * chunk has replaces that item (whose workflow is then touched too). */
static void merge_chunk(struct store__snap *s, struct store__chunk **open,
                        const struct store__chunk *c, struct delta *d,
                        size_t *j, size_t end)
{
    const struct store__chunk *r = &d->rows;
    size_t i = 0;

    while (i < c->n || *j < end) {
        int cmp = i == c->n  ? 1
                  : *j == end ? -1
                              : item_cmp(c, &c->v[i], r, &r->v[*j]);

        if (cmp < 0) {
            snap_add(s, open, &c->v[i], c->keys + c->v[i].koff, c->v[i].klen);
            i++;
            continue;
        }
        if (cmp == 0) {
            (void)u64map_at(&d->touched, (uint64_t)c->v[i].workflow_id, NULL);
            i++;
        }
        snap_add(s, open, &r->v[*j], r->keys + r->v[*j].koff, r->v[*j].klen);
        (*j)++;
    }
}

/* old with the rows stamped after old->seq merged in. Chunks no row
 * falls in are shared, and so are the arms of workflows no row
 * touches. */
static int snap_delta(struct store *st, struct store__snap *old, int64_t seq,
                      struct store__snap **out, struct diag *diag)
{
    struct store__snap *s = snap_new(seq);
    struct store__chunk *open = NULL;
    struct delta d;
    size_t j = 0;
    int rc, all = 0;

    memset(&d, 0, sizeof(d));
    u64map_init(&d.touched);
    rc = delta_read(st, old->seq, &d, &all, diag);
    if (!rc && all) { /* an import too large to list: read them all */
        free(d.rows.v);
        free(d.rows.keys);
        u64map_release(&d.touched);
        store__snap_put(s);
        return snap_full(st, seq, out, diag);
    }
    for (size_t k = 0; !rc && k < old->nc; k++) {
        const struct store__chunk *c = old->c[k];
        const struct store__item *last = &c->v[c->n - 1];
        size_t end = j;

        while (end < d.rows.n
               && (k == old->nc - 1
                   || item_cmp(&d.rows, &d.rows.v[end], c, last) <= 0))
            end++;
        if (end == j) { /* no row falls in it: shared */
            atomic_fetch_add(&old->c[k]->refs, 1);
            snap_add_chunk(s, old->c[k]);
            open = NULL;
            continue;
        }
        merge_chunk(s, &open, c, &d, &j, end);
        open = NULL; /* the chunks after it follow in order */
    }
    if (!rc && !old->nc)
        merge_chunk(s, &open, &(struct store__chunk){.n = 0}, &d, &j,
                    d.rows.n);
    if (!rc) { /* the arms of workflows untouched stay as they were */
        pthread_mutex_lock(&old->arms_lock);
        for (size_t i = 0; i < old->arms.cap; i++) {
            const struct u64map_entry *e = &old->arms.slots[i];
            int64_t dummy;

            if (e->key == U64MAP_EMPTY
                || u64map_get(&d.touched, e->key, &dummy))
                continue;
            atomic_fetch_add(&((struct store__arms *)(intptr_t)e->val)->refs,
                             1);
            *u64map_at(&s->arms, e->key, NULL) = e->val;
        }
        pthread_mutex_unlock(&old->arms_lock);
    }
    free(d.rows.v);
    free(d.rows.keys);
    u64map_release(&d.touched);
    if (rc) {
        store__snap_put(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* The snapshot of the connection's table for stamp seq, brought up to
 * date when it is another's. */
static int table_snap(struct store *st, int64_t seq, struct store__snap **out,
                      struct diag *diag)
{
    struct store_itab *t;
    int rc = 0;

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

int store__items_snap(struct store *st, struct store__snap **out,
                      struct diag *diag)
{
    int64_t version = store_data_version(st);
    int64_t changes = (int64_t)sqlite3_total_changes64(st->db);
    int own = sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE;
    int64_t seq, rest;
    int rc;

    *out = NULL;
    /* nothing committed by others, nothing changed by this connection
     * since it last read them: the same items */
    if (st->snap && st->snap_version == version
        && st->snap_changes == changes && st->snap_own == own) {
        atomic_fetch_add(&st->snap->refs, 1);
        *out = st->snap;
        return 0;
    }
    forget_snap(st);
    rc = store_data_stamps(st, &rest, &seq, diag);
    if (!rc)
        rc = own ? snap_full(st, seq, &st->snap, diag)
                 : table_snap(st, seq, &st->snap, diag);
    if (rc)
        return rc;
    st->snap_version = version;
    st->snap_changes = changes;
    st->snap_own = own;
    atomic_fetch_add(&st->snap->refs, 1);
    *out = st->snap;
    return 0;
}

/* ---- a pilot's arms ---- */

static int cmp_arm_item(const void *a, const void *b)
{
    const struct store__arm_item *x = a, *y = b;

    if (x->unit_id != y->unit_id)
        return (x->unit_id > y->unit_id) - (x->unit_id < y->unit_id);
    if (x->finished != y->finished)
        return (x->finished > y->finished) - (x->finished < y->finished);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_unit_entry(const void *a, const void *b)
{
    const struct u64map_entry *x = a, *y = b;
    int64_t p = (int64_t)x->key, q = (int64_t)y->key; /* unit ids */

    return (p > q) - (p < q);
}

/* Sorts a's items by unit, finish and key order: a stable counting
 * sort by unit (they come in key order), then each unit's few items by
 * finish, instead of one sort of them all. */
static void sort_by_unit(struct store__arms *a)
{
    struct u64map at;
    struct u64map_entry *units;
    struct store__arm_item *out;
    size_t nu = 0, sum = 0;

    if (a->n < 2)
        return;
    u64map_init(&at);
    for (size_t i = 0; i < a->n; i++)
        ++*u64map_at(&at, (uint64_t)a->v[i].unit_id, NULL);
    units = xmalloc(at.len * sizeof(*units));
    for (size_t i = 0; i < at.cap; i++)
        if (at.slots[i].key != U64MAP_EMPTY)
            units[nu++] = at.slots[i];
    qsort(units, nu, sizeof(*units), cmp_unit_entry);
    for (size_t k = 0; k < nu; k++) { /* each unit's first place */
        *u64map_at(&at, units[k].key, NULL) = (int64_t)sum;
        sum += (size_t)units[k].val;
    }
    free(units);
    out = xmalloc(a->n * sizeof(*out));
    for (size_t i = 0; i < a->n; i++)
        out[(*u64map_at(&at, (uint64_t)a->v[i].unit_id, NULL))++] = a->v[i];
    free(a->v);
    a->v = out;
    u64map_release(&at);
    for (size_t i = 0, j; i < a->n; i = j) { /* each unit's run */
        for (j = i + 1; j < a->n && a->v[j].unit_id == a->v[i].unit_id; j++)
            ;
        if (j - i > 1)
            qsort(a->v + i, j - i, sizeof(*a->v), cmp_arm_item);
    }
}

/* The arms of every workflow s has none for yet, in two passes over its
 * items (an import touches several workflows; a first reader needs them
 * all): one counts, one fills. Called with the lock held. */
static void arms_make(struct store__snap *s)
{
    struct u64map fresh;  /* workflow id -> its place in made */
    struct store__arms **made = NULL;
    size_t nmade = 0, made_cap = 0, seq = 0;

    u64map_init(&fresh);
    for (size_t k = 0; k < s->nc; k++)
        for (size_t i = 0; i < s->c[k]->n; i++) {
            const struct store__item *it = &s->c[k]->v[i];
            int64_t have, *slot;
            int added;

            if (!it->finished
                || u64map_get(&s->arms, (uint64_t)it->workflow_id, &have))
                continue;
            slot = u64map_at(&fresh, (uint64_t)it->workflow_id, &added);
            if (added) {
                made = xgrow(made, &made_cap, nmade + 1, sizeof(*made));
                made[nmade] = xcalloc(1, sizeof(**made));
                atomic_init(&made[nmade]->refs, 1);
                *slot = (int64_t)nmade++;
            }
            made[*slot]->n++; /* counted; filled below */
        }
    for (size_t m = 0; m < nmade; m++) {
        made[m]->v = xmalloc(made[m]->n * sizeof(*made[m]->v));
        made[m]->n = 0;
    }
    for (size_t k = 0; k < s->nc; k++)
        for (size_t i = 0; i < s->c[k]->n; i++, seq++) {
            const struct store__item *it = &s->c[k]->v[i];
            struct store__arm_item *ai;
            struct store__arms *a;
            int64_t m;

            if (!it->finished
                || !u64map_get(&fresh, (uint64_t)it->workflow_id, &m))
                continue;
            a = made[m];
            ai = &a->v[a->n++];
            ai->unit_id = it->unit_id;
            ai->finished = it->finished;
            ai->started = it->started;
            ai->person_id = it->person_id;
            ai->quality = it->quality;
            ai->errors = it->errors;
            ai->rework = it->rework;
            ai->reviewed = it->reviewed;
            ai->seq = seq;
        }
    for (size_t i = 0; i < fresh.cap; i++)
        if (fresh.slots[i].key != U64MAP_EMPTY) {
            struct store__arms *a = made[fresh.slots[i].val];

            sort_by_unit(a);
            *u64map_at(&s->arms, fresh.slots[i].key, NULL) =
                (int64_t)(intptr_t)a;
        }
    free(made);
    u64map_release(&fresh);
}

const struct store__arms *store__snap_arms(struct store__snap *s,
                                           int64_t workflow_id)
{
    int64_t have = 0;

    pthread_mutex_lock(&s->arms_lock);
    if (!u64map_get(&s->arms, (uint64_t)workflow_id, &have)) {
        arms_make(s);
        if (!u64map_get(&s->arms, (uint64_t)workflow_id, &have)) {
            /* no finished item: none, kept so as not to look again */
            struct store__arms *none = xcalloc(1, sizeof(*none));

            atomic_init(&none->refs, 1);
            have = (int64_t)(intptr_t)none;
            *u64map_at(&s->arms, (uint64_t)workflow_id, NULL) = have;
        }
    }
    pthread_mutex_unlock(&s->arms_lock);
    return (const struct store__arms *)(intptr_t)have;
}
