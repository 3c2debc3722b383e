/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licence seats beside their price: seats listed, active and unused per
 * tool and month, from the seat exports' counts (value.h). */
#include "analysis/value_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/usage.h"

void value_seats_disclose(struct value_seats *s)
{
    if (s->assigned < VALUE_MIN_SEATS) {
        s->assigned = s->active = s->unused = s->never = -1;
    } else if (s->active < VALUE_MIN_SEATS || s->unused < VALUE_MIN_SEATS) {
        /* assigned = active + unused: one hidden hides the other */
        s->active = s->unused = -1;
    }
    if (s->never >= 0 && s->never < VALUE_MIN_SEATS)
        s->never = -1;
    s->unused_cost = s->unused >= 0 && isfinite(s->seat_price)
                         ? (double)s->unused * s->seat_price
                         : NAN;
}

struct seats_load {
    const struct store_costs *c;
    struct value_report *r;
    size_t cap;
};

static double price_of(const struct store_costs *c, const char *tool,
                       const char *month)
{
    for (size_t i = 0; i < c->nlicence; i++)
        if (!strcmp(c->licence[i].tool, tool)
            && !strcmp(c->licence[i].month, month))
            return c->licence[i].seat_price;
    return NAN;
}

static int on_seats(void *ctx, const struct store_usage_seats *s,
                    struct diag *diag)
{
    struct seats_load *l = ctx;
    struct value_seats *v;

    (void)diag;
    l->r->seats = xgrow(l->r->seats, &l->cap, l->r->nseats + 1,
                        sizeof(*l->r->seats));
    v = &l->r->seats[l->r->nseats++];
    memset(v, 0, sizeof(*v));
    v->tool = xstrdup(s->tool);
    snprintf(v->month, sizeof(v->month), "%s", s->month);
    v->as_of = s->as_of;
    v->assigned = s->assigned;
    v->active = s->active;
    v->unused = s->assigned - s->active;
    v->never = s->never;
    v->seat_price = price_of(l->c, s->tool, s->month);
    value_seats_disclose(v);
    return 0;
}

int value__seats_load(struct store *st, const struct store_costs *c,
                      struct value_report *r, struct diag *diag)
{
    struct seats_load l = {c, r, 0};

    return store_usage_seats(st, on_seats, &l, diag);
}

void value__seats_release(struct value_report *r)
{
    for (size_t i = 0; i < r->nseats; i++)
        free(r->seats[i].tool);
    free(r->seats);
    r->seats = NULL;
    r->nseats = 0;
}
