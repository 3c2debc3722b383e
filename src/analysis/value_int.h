/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the value report (analysis/value*.c): the parts value.c's
 * loader calls once the adoptions and tools are built. */
#ifndef TR_ANALYSIS_VALUE_INT_H
#define TR_ANALYSIS_VALUE_INT_H

#include "analysis/portfolio.h"
#include "analysis/value.h"
#include "store/costs.h"

/* Every tool's seats by month from the store, priced with c's licences
 * and disclosed (value_seats.c). */
int value__seats_load(struct store *st, const struct store_costs *c,
                      struct value_report *r, struct diag *diag);
void value__seats_release(struct value_report *r);

/* The open questions of r's tools, ranked, with the running pilots of pf
 * that would settle them (value_open.c). */
void value__questions(struct value_report *r, const struct portfolio *pf);
void value__questions_release(struct value_report *r);

#endif
