/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly cells as reports release them: loaded, then suppressed. */
#include "analysis/cells.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/privacy.h"
#include "analysis/shadow.h"
#include "analysis/usage.h"
#include "core/xalloc.h"

/* A cell's people (< 0: not a people cell), and whether it is a sibling
 * of the cell before it (prev NULL for the first). */
typedef long (*people_fn)(const void *cell, const void *prev, int *sibling);

/* Hides the n cells (of size bytes each) under min people, with
 * complementary suppression among siblings (consecutive cells). */
static int *suppress(const void *cells, size_t size, size_t n, long min,
                     people_fn fn)
{
    const char *c = cells;
    int *hidden = xcalloc(n ? n : 1, sizeof(int));
    long *people = xmalloc((n ? n : 1) * sizeof(*people));
    int64_t *group = xmalloc((n ? n : 1) * sizeof(*group));

    for (size_t i = 0; i < n; i++) {
        int sibling = 0;

        people[i] = fn(c + i * size, i ? c + (i - 1) * size : NULL, &sibling);
        group[i] = people[i] < 0 ? -1
                   : sibling && group[i - 1] >= 0 ? group[i - 1]
                                                  : (int64_t)i;
    }
    privacy_suppress_groups(people, group, n, min, hidden);
    free(people);
    free(group);
    return hidden;
}

/* ---- shadow-AI demand ---- */

static const char *keep(struct cells_shadow *cs, const char *s)
{
    cs->names = xgrow(cs->names, &cs->names_cap, cs->nnames + 1,
                      sizeof(*cs->names));
    return cs->names[cs->nnames++] = xstrdup(s ? s : "");
}

static int on_shadow(void *ctx, const struct store_shadow_cell *c,
                     struct diag *diag)
{
    struct cells_shadow *cs = ctx;
    struct store_shadow_cell *d;
    int64_t team;

    (void)diag;
    cs->v = xgrow(cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
    d = &cs->v[cs->n];
    *d = *c;
    if (!strmap_gets(&cs->teams, c->team, &team)) {
        team = (int64_t)cs->nnames;
        keep(cs, c->team);
        strmap_puts(&cs->teams, c->team, team);
    }
    d->team = cs->names[team];
    /* service names are unique: the same name, the same vendor,
     * category and status */
    if (cs->n && !strcmp(cs->v[cs->n - 1].service, c->service)) {
        d->service = cs->v[cs->n - 1].service;
        d->vendor = cs->v[cs->n - 1].vendor;
        d->category = cs->v[cs->n - 1].category;
        d->status = cs->v[cs->n - 1].status;
    } else {
        d->service = keep(cs, c->service);
        d->vendor = keep(cs, c->vendor);
        d->category = keep(cs, c->category);
        d->status = keep(cs, c->status);
    }
    cs->n++;
    return 0;
}

/* Siblings: the teams of one week and service (their service strings
 * are shared). */
static long shadow_people(const void *cell, const void *prev, int *sibling)
{
    const struct store_shadow_cell *c = cell, *p = prev;

    *sibling = p && c->week == p->week && c->service == p->service;
    return c->people;
}

int cells_shadow_load(struct store *st, int64_t from, int64_t to,
                      struct cells_shadow *cs, struct diag *diag)
{
    int rc;

    memset(cs, 0, sizeof(*cs));
    strmap_init(&cs->teams);
    rc = store_shadow_weeks(st, from, to, on_shadow, cs, diag);
    if (rc) {
        cells_shadow_release(cs);
        return rc;
    }
    cs->hidden = suppress(cs->v, sizeof(*cs->v), cs->n, SHADOW_MIN_PEOPLE,
                          shadow_people);
    return 0;
}

void cells_shadow_release(struct cells_shadow *cs)
{
    for (size_t i = 0; i < cs->nnames; i++)
        free(cs->names[i]);
    free(cs->names);
    strmap_release(&cs->teams);
    free(cs->v);
    free(cs->hidden);
    memset(cs, 0, sizeof(*cs));
}

/* ---- approved-tool telemetry ---- */

static int on_usage(void *ctx, const struct store_usage_cell *c,
                    struct diag *diag)
{
    struct cells_usage *cs = ctx;
    struct store_usage_cell *d;

    (void)diag;
    cs->v = xgrow(cs->v, &cs->cap, cs->n + 1, sizeof(*cs->v));
    d = &cs->v[cs->n++];
    *d = *c;
    d->team = c->team ? xstrdup(c->team) : NULL;
    d->tool = xstrdup(c->tool);
    return 0;
}

/* Siblings: the teams of one week and tool. Organisation rows are
 * user-days, not people of a team. */
static long usage_people(const void *cell, const void *prev, int *sibling)
{
    const struct store_usage_cell *c = cell, *p = prev;

    *sibling = p && c->week == p->week && !strcmp(c->tool, p->tool);
    return c->team ? c->people : -1;
}

int cells_usage_load(struct store *st, int64_t from, int64_t to,
                     struct cells_usage *cs, struct diag *diag)
{
    int rc;

    memset(cs, 0, sizeof(*cs));
    rc = store_usage_weeks(st, from, to, on_usage, cs, diag);
    if (rc) {
        cells_usage_release(cs);
        return rc;
    }
    cs->hidden = suppress(cs->v, sizeof(*cs->v), cs->n, USAGE_MIN_PEOPLE,
                          usage_people);
    return 0;
}

void cells_usage_release(struct cells_usage *cs)
{
    for (size_t i = 0; i < cs->n; i++) {
        free((char *)cs->v[i].team);
        free((char *)cs->v[i].tool);
    }
    free(cs->v);
    free(cs->hidden);
    memset(cs, 0, sizeof(*cs));
}
