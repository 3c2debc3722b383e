/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The telemetry sink: match, tally in memory, then write. */
#include "analysis/usage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/weeks.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/roster.h"
#include "store/usage.h"

struct day_key {
    int64_t day, person, tool_index;
};

struct day_val {
    long interactions;
    int last_only;
};

struct usage_tally {
    struct store *st;
    const struct pseudo_key *key;
    char *source;          /* the format, in organisation rows */
    int retention_days;
    int64_t now;
    struct usage_counts c;
    struct strmap people;  /* pseudonym -> person id */
    struct strmap tools;   /* tool name -> index into names */
    char **names;
    size_t ntools, tools_cap;
    struct strmap days;    /* day_key -> index into vals */
    struct day_val *vals;
    size_t nvals, vals_cap;
    struct strmap org;     /* (day, tool index) -> index into orgs */
    long (*orgs)[2];       /* active, engaged (-1 unknown) */
    size_t norgs, orgs_cap;
    struct strmap seats;   /* (tool index, pseudonym) -> last activity day
                              (USAGE_NEVER: none) */
    int64_t *seat_as_of;   /* by tool index: the latest export day seen,
                              USAGE_NEVER when none said */
    size_t seat_as_of_cap;
    int64_t as_of;         /* usage_tally_seats_as_of, or USAGE_NEVER */
};

static int on_identity(void *ctx, const void *pn, size_t len,
                       int64_t person_id, int64_t unit_id)
{
    struct usage_tally *im = ctx;

    (void)unit_id;
    strmap_put(&im->people, pn, len, person_id);
    return 0;
}

static int64_t tool_index(struct usage_tally *im, const char *name)
{
    int64_t idx;

    if (strmap_gets(&im->tools, name, &idx))
        return idx;
    im->names = xgrow(im->names, &im->tools_cap, im->ntools + 1,
                      sizeof(*im->names));
    im->names[im->ntools] = xstrdup(name);
    strmap_puts(&im->tools, name, (int64_t)im->ntools);
    return (int64_t)im->ntools++;
}

/* The key of a seat: its tool's index, then its pseudonym. */
struct seat_key {
    int64_t tool_index;
    unsigned char pn[PSEUDO_BYTES];
};

static int on_seat(void *ctx, const struct usage_seat *s, struct diag *diag)
{
    struct usage_tally *im = ctx;
    struct seat_key k;
    size_t old = im->seat_as_of_cap;
    int64_t last;

    (void)diag;
    memset(&k, 0, sizeof(k));
    k.tool_index = tool_index(im, s->tool);
    if (pseudo_hash(im->key, s->person, s->person_len, k.pn))
        return 0; /* not a usable identifier: counted nowhere */
    im->c.seats++;
    im->seat_as_of = xgrow(im->seat_as_of, &im->seat_as_of_cap,
                           (size_t)k.tool_index + 1, sizeof(int64_t));
    for (size_t i = old; i < im->seat_as_of_cap; i++)
        im->seat_as_of[i] = INT64_MIN; /* no seat of the tool yet */
    if (im->seat_as_of[k.tool_index] < s->as_of)
        im->seat_as_of[k.tool_index] = s->as_of;
    if (strmap_get(&im->seats, &k, sizeof(k), &last)) {
        im->c.seats--; /* listed twice: one seat */
        if (s->last_day <= last)
            return 0;
    }
    strmap_put(&im->seats, &k, sizeof(k), s->last_day);
    return 0;
}

static int on_row(void *ctx, const struct usage_row *r, struct diag *diag)
{
    struct usage_tally *im = ctx;
    unsigned char pn[PSEUDO_BYTES];
    int64_t person, idx;

    (void)diag;
    if (!r->person) {
        int64_t key[2] = {r->day, tool_index(im, r->tool)};

        im->c.org_rows++;
        if (!strmap_get(&im->org, key, sizeof(key), &idx)) {
            im->orgs = xgrow(im->orgs, &im->orgs_cap, im->norgs + 1,
                             sizeof(*im->orgs));
            im->orgs[im->norgs][0] = 0;
            im->orgs[im->norgs][1] = r->org_engaged < 0 ? -1 : 0;
            idx = (int64_t)im->norgs++;
            strmap_put(&im->org, key, sizeof(key), idx);
        }
        im->orgs[idx][0] += r->org_active;
        if (r->org_engaged >= 0 && im->orgs[idx][1] >= 0)
            im->orgs[idx][1] += r->org_engaged;
        return 0;
    }
    im->c.rows++;
    if (pseudo_hash(im->key, r->person, r->person_len, pn)
        || !strmap_get(&im->people, pn, PSEUDO_BYTES, &person)) {
        im->c.unmatched++;
        return 0;
    }
    im->c.matched++;
    {
        struct day_key k = {r->day, person, tool_index(im, r->tool)};

        if (!strmap_get(&im->days, &k, sizeof(k), &idx)) {
            im->vals = xgrow(im->vals, &im->vals_cap, im->nvals + 1,
                             sizeof(*im->vals));
            im->vals[im->nvals] = (struct day_val){r->interactions,
                                                   r->last_only};
            strmap_put(&im->days, &k, sizeof(k), (int64_t)im->nvals++);
            return 0;
        }
        if (r->interactions > im->vals[idx].interactions)
            im->vals[idx].interactions = r->interactions;
        if (!r->last_only)
            im->vals[idx].last_only = 0;
    }
    return 0;
}

struct day_row {
    struct day_key k;
    int64_t val;
};

/* usage_day's key order: day, person, tool. */
static int row_cmp(const void *a, const void *b)
{
    const struct day_key *x = &((const struct day_row *)a)->k;
    const struct day_key *y = &((const struct day_row *)b)->k;

    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    if (x->person != y->person)
        return x->person < y->person ? -1 : 1;
    return (x->tool_index > y->tool_index) - (x->tool_index < y->tool_index);
}

/* Each tool's seat counts as of its export's day, for that day's month. */
static int write_seats(struct usage_tally *im, const int64_t *tool_ids,
                       struct diag *diag)
{
    int rc = 0;

    for (size_t t = 0; t < im->seat_as_of_cap && t < im->ntools && !rc;
         t++) {
        struct store_usage_seats row;
        int64_t as_of = im->seat_as_of[t];

        if (as_of == INT64_MIN)
            continue; /* no seat of this tool in the export */
        if (im->as_of != USAGE_NEVER)
            as_of = im->as_of;
        else if (as_of == USAGE_NEVER)
            as_of = tstamp_day(im->now);
        memset(&row, 0, sizeof(row));
        row.tool_id = tool_ids[t];
        row.as_of = as_of;
        row.source = im->source;
        for (size_t i = 0; i < im->seats.cap; i++) {
            const struct strmap_entry *e = &im->seats.slots[i];
            struct seat_key k;

            if (!e->key)
                continue;
            memcpy(&k, e->key, sizeof(k));
            if (k.tool_index != (int64_t)t)
                continue;
            row.assigned++;
            if (e->val == USAGE_NEVER)
                row.never++;
            else if (e->val > as_of - USAGE_SEAT_WINDOW_DAYS)
                row.active++;
        }
        rc = store_usage_seats_set(im->st, &row, diag);
    }
    return rc;
}

/* Writes the day rows (skipping weeks closed by retention), rebuilds the
 * touched weeks, stores organisation rows, prunes. */
static int write(struct usage_tally *im, struct diag *diag)
{
    struct store *st = im->st;
    int64_t cutoff = tstamp_day(im->now) - im->retention_days;
    int64_t *tool_ids = xcalloc(im->ntools ? im->ntools : 1, sizeof(int64_t));
    struct day_row *rows = xcalloc(im->days.len ? im->days.len : 1,
                                   sizeof(*rows));
    struct store_usage_day batch[STORE_ROWS];
    size_t nbatch = 0;
    struct weeks w;
    int rc = 0, open;

    weeks_init(&w, st, cutoff, store_usage_week_exists);
    for (size_t i = 0; i < im->ntools && !rc; i++)
        rc = store_tool_intern(st, im->names[i], &tool_ids[i], diag);
    /* in the table's key order, so the B-tree grows at its end instead
     * of being rewritten all over (a year of a large organisation's
     * telemetry does not fit the page cache) */
    for (size_t i = 0, n = 0; i < im->days.cap; i++)
        if (im->days.slots[i].key) {
            memcpy(&rows[n].k, im->days.slots[i].key, sizeof(rows[n].k));
            rows[n++].val = im->days.slots[i].val;
        }
    qsort(rows, im->days.len, sizeof(*rows), row_cmp);
    for (size_t i = 0; i < im->days.len && !rc; i++) {
        const struct day_key *k = &rows[i].k;
        const struct day_val *v = &im->vals[rows[i].val];

        rc = weeks_admit(&w, k->day, &open, diag);
        if (rc)
            break;
        if (!open) {
            im->c.closed++;
            continue;
        }
        batch[nbatch++] = (struct store_usage_day){
            k->day, k->person, tool_ids[k->tool_index], v->interactions,
            v->last_only};
        if (nbatch == STORE_ROWS) {
            rc = store_usage_add(st, batch, nbatch, diag);
            nbatch = 0;
        }
    }
    if (!rc)
        rc = store_usage_add(st, batch, nbatch, diag);
    free(rows);
    if (!rc)
        rc = weeks_build(&w, store_usage_week_build, diag);
    for (size_t i = 0; i < im->org.cap && !rc; i++) {
        const struct strmap_entry *e = &im->org.slots[i];
        int64_t key[2];

        if (!e->key)
            continue;
        memcpy(key, e->key, sizeof(key));
        weeks_touch(&w, key[0]);
        rc = store_usage_org_set(st, key[0], tool_ids[key[1]],
                                 im->source, im->orgs[e->val][0],
                                 im->orgs[e->val][1], diag);
    }
    if (!rc)
        rc = write_seats(im, tool_ids, diag);
    if (!rc) {
        int pruned = store_usage_prune(st, cutoff, diag);

        rc = pruned < 0 ? pruned : 0;
    }
    im->c.week_from = w.from;
    im->c.week_to = w.to;
    weeks_release(&w);
    free(tool_ids);
    return rc;
}

int usage_tally_open(struct store *st, const struct pseudo_key *key,
                     const char *source, int retention_days, int64_t now,
                     struct usage_tally **out, struct diag *diag)
{
    struct usage_tally *im = xcalloc(1, sizeof(*im));
    int rc;

    im->st = st;
    im->key = key;
    im->source = xstrdup(source);
    im->retention_days = retention_days;
    im->now = now;
    strmap_init(&im->people);
    strmap_init(&im->tools);
    strmap_init(&im->days);
    strmap_init(&im->org);
    strmap_init(&im->seats);
    im->as_of = USAGE_NEVER;
    rc = store_identities(st, on_identity, im, diag);
    if (rc) {
        usage_tally_free(im);
        im = NULL;
    }
    *out = im;
    return rc;
}

void usage_tally_sink(struct usage_tally *t, struct usage_sink *sink)
{
    sink->ctx = t;
    sink->row = on_row;
    sink->seat = on_seat;
}

void usage_tally_seats_as_of(struct usage_tally *t, int64_t day)
{
    t->as_of = day;
}

int usage_tally_store(struct usage_tally *t, struct diag *diag)
{
    if (!t->c.rows && !t->c.org_rows && !t->c.seats)
        return diag_set(diag, TR_EPARSE, "no usage rows in the file");
    return write(t, diag);
}

void usage_tally_counts(const struct usage_tally *t, struct usage_counts *c)
{
    *c = t->c;
}

void usage_tally_free(struct usage_tally *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < im->ntools; i++)
        free(im->names[i]);
    free(im->names);
    free(im->vals);
    free(im->orgs);
    strmap_release(&im->people);
    strmap_release(&im->tools);
    strmap_release(&im->days);
    strmap_release(&im->org);
    strmap_release(&im->seats);
    free(im->seat_as_of);
    free(im->source);
    free(im);
}
