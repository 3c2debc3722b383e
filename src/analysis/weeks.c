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
    strmap_init(&w->seen);
}

void weeks_release(struct weeks *w)
{
    if (w)
        strmap_release(&w->seen);
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

    if (!strmap_get(&w->seen, &monday, sizeof(monday), &closed)) {
        if (monday + 6 < w->cutoff)
            rc = w->exists(w->st, monday, &exists, diag);
        closed = exists;
        strmap_put(&w->seen, &monday, sizeof(monday), closed);
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

    return strmap_get(&w->seen, &monday, sizeof(monday), &closed) && !closed;
}

int weeks_build(struct weeks *w, weeks_build_fn build, struct diag *diag)
{
    int rc = 0;

    for (size_t i = 0; i < w->seen.cap && !rc; i++) {
        int64_t monday;

        if (!w->seen.slots[i].key || w->seen.slots[i].val)
            continue;
        memcpy(&monday, w->seen.slots[i].key, sizeof(monday));
        rc = build(w->st, monday, diag);
    }
    return rc;
}
