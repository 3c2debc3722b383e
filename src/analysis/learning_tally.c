/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar sink: match, keep each person's occurrence once, write. */
#include "analysis/learning_tally.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/weeks.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/learning.h"
#include "store/roster.h"
#include "store/store.h"

struct learning_tally {
    struct store *st;
    const struct pseudo_key *key;
    int retention_days;
    int64_t now;
    struct learning_tally_counts c;
    struct strmap people; /* pseudonym -> person id (aliases too) */
    struct strmap seen;   /* (person, occ) already kept */
    struct store_learning_day *rows;
    size_t n, cap;
};

static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    struct learning_tally *t = ctx;

    (void)unit_id;
    strmap_put(&t->people, pn, len, person_id);
    return 0;
}

/* An instance as a number: FNV-1a over its start and UID. Not secret:
 * it names an event, never a person. */
static int64_t occ_of(const struct calendar_occurrence *o)
{
    uint64_t h = 0xcbf29ce484222325u;
    unsigned char b[8];

    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)o->start >> (8 * i));
    for (int i = 0; i < 8; i++)
        h = (h ^ b[i]) * 0x100000001b3u;
    for (const char *s = o->uid; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return (int64_t)(h >> 1); /* SQLite integers are signed */
}

static int on_occurrence(void *ctx, const struct calendar_occurrence *o,
                         struct diag *diag)
{
    struct learning_tally *t = ctx;
    unsigned char pn[PSEUDO_BYTES];
    int64_t occ = occ_of(o);

    (void)diag;
    for (size_t i = 0; i < o->npeople; i++) {
        int64_t person, key[2], v;

        if (pseudo_hash(t->key, o->people[i], strlen(o->people[i]), pn)
            || !strmap_get(&t->people, pn, PSEUDO_BYTES, &person)) {
            t->c.unmatched++;
            continue;
        }
        key[0] = person;
        key[1] = occ;
        if (strmap_get(&t->seen, key, sizeof(key), &v)) {
            t->c.repeated++;
            continue;
        }
        strmap_put(&t->seen, key, sizeof(key), 1);
        t->c.matched++;
        t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
        t->rows[t->n++] = (struct store_learning_day){o->day, person, occ,
                                                      o->hours};
    }
    return 0;
}

int learning_tally_open(struct store *st, const struct pseudo_key *key,
                        int retention_days, int64_t now,
                        struct learning_tally **out, struct diag *diag)
{
    struct learning_tally *t = xcalloc(1, sizeof(*t));
    int rc;

    t->st = st;
    t->key = key;
    t->retention_days = retention_days;
    t->now = now;
    strmap_init(&t->people);
    strmap_init(&t->seen);
    rc = store_identities(st, on_identity, t, diag);
    if (rc) {
        learning_tally_free(t);
        t = NULL;
    }
    *out = t;
    return rc;
}

void learning_tally_sink(struct learning_tally *t, struct calendar_sink *sink)
{
    sink->ctx = t;
    sink->occurrence = on_occurrence;
}

/* learning_day's key order: day, person, occurrence. */
static int cmp_rows(const void *a, const void *b)
{
    const struct store_learning_day *x = a, *y = b;

    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    if (x->person_id != y->person_id)
        return (x->person_id > y->person_id) - (x->person_id < y->person_id);
    return (x->occ > y->occ) - (x->occ < y->occ);
}

int learning_tally_store(struct learning_tally *t, struct diag *diag)
{
    int64_t cutoff = tstamp_day(t->now) - t->retention_days;
    struct weeks w;
    size_t kept = 0;
    int rc = 0, open;

    weeks_init(&w, t->st, cutoff, store_learning_week_exists);
    if (t->n)
        qsort(t->rows, t->n, sizeof(*t->rows), cmp_rows);
    for (size_t i = 0; i < t->n && !rc; i++) {
        rc = weeks_admit(&w, t->rows[i].day, &open, diag);
        if (rc)
            break;
        if (!open) {
            t->c.closed++;
            continue;
        }
        t->c.hours += t->rows[i].hours;
        t->rows[kept++] = t->rows[i];
    }
    if (!rc)
        rc = store_learning_day_add(t->st, t->rows, kept, diag);
    if (!rc)
        rc = weeks_build(&w, store_learning_week_build, diag);
    if (!rc) {
        int pruned = store_learning_prune(t->st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    t->c.week_from = w.from;
    t->c.week_to = w.to;
    weeks_release(&w);
    return rc;
}

void learning_tally_counts(const struct learning_tally *t,
                           struct learning_tally_counts *c)
{
    *c = t->c;
}

void learning_tally_free(struct learning_tally *t)
{
    if (!t)
        return;
    strmap_release(&t->people);
    strmap_release(&t->seen);
    free(t->rows);
    free(t);
}
