/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention-window week bookkeeping. */
#include "analysis/weeks.h"

#include <string.h>

#include "core/tstamp.h"

void weeks_init(struct weeks *w, struct store *st, int64_t cutoff,
                weeks_exists_fn exists)
{
    memset(w, 0, sizeof(*w));
    w->st = st;
    w->cutoff = cutoff;
    w->exists = exists;
    u64map_init(&w->seen);
}

void weeks_release(struct weeks *w)
{
    if (w)
        u64map_release(&w->seen);
}

static void widen(struct weeks *w, int64_t monday)
{
    if (!w->from || monday < w->from)
        w->from = monday;
    if (monday > w->to)
        w->to = monday;
}

int weeks_admit(struct weeks *w, int64_t day, int *open, struct diag *diag)
{
    int64_t monday = tstamp_monday(day), closed;
    int exists = 0, rc = 0;

    if (!u64map_get(&w->seen, (uint64_t)monday, &closed)) {
        if (monday + 6 < w->cutoff)
            rc = w->exists(w->st, monday, &exists, diag);
        closed = exists;
        *u64map_at(&w->seen, (uint64_t)monday, NULL) = closed;
    }
    *open = !closed;
    if (*open)
        widen(w, monday);
    return rc;
}

void weeks_touch(struct weeks *w, int64_t day)
{
    widen(w, tstamp_monday(day));
}

int weeks_is_open(const struct weeks *w, int64_t day)
{
    int64_t monday = tstamp_monday(day), closed;

    return u64map_get(&w->seen, (uint64_t)monday, &closed) && !closed;
}

int weeks_build(struct weeks *w, weeks_build_fn build, struct diag *diag)
{
    int rc = 0;

    for (size_t i = 0; i < w->seen.cap && !rc; i++)
        if (w->seen.slots[i].key != U64MAP_EMPTY && !w->seen.slots[i].val)
            rc = build(w->st, (int64_t)w->seen.slots[i].key, diag);
    return rc;
}
