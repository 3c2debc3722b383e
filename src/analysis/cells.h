/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The weekly per-team cells of approved-tool telemetry and of shadow-AI
 * demand as every report releases them (the CLI reports and the
 * dashboard alike): loaded from the store with their strings owned, and
 * already passed through the privacy rules, so a cell hidden in one
 * place is hidden in every place. A cell is hidden under 10 distinct
 * people; when one team's cell of a week and tool (or service) is
 * hidden, the next smallest team's is too (complementary suppression),
 * so the hidden one cannot be derived from a total. */
#ifndef TR_ANALYSIS_CELLS_H
#define TR_ANALYSIS_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/strmap.h"
#include "store/shadow.h"
#include "store/usage.h"

/* Shadow-AI cells, by week, service and team. The strings are shared: a
 * team's name is kept once, and a cell's service strings are its
 * neighbour's when the service is the same (a large organisation's
 * year is over a million cells). */
struct cells_shadow {
    struct store_shadow_cell *v;
    int *hidden;                 /* per cell: 1 when suppressed */
    size_t n, cap;
    struct strmap teams;         /* name -> index into names */
    char **names;                /* owned: every string the cells use */
    size_t nnames, names_cap;
};

/* Approved-tool cells, by week, tool and team, then the organisation
 * rows (team NULL: user-days from sources that hide who people are;
 * never hidden, never a sibling). */
struct cells_usage {
    struct store_usage_cell *v;  /* strings owned */
    int *hidden;
    size_t n, cap;
};

/* The cells of the weeks [from, to] (Monday day numbers), suppressed;
 * on an error, none (cs zeroed). */
int cells_shadow_load(struct store *st, int64_t from, int64_t to,
                      struct cells_shadow *cs, struct diag *diag);
void cells_shadow_release(struct cells_shadow *cs); /* zeroed: NULL-safe */

int cells_usage_load(struct store *st, int64_t from, int64_t to,
                     struct cells_usage *cs, struct diag *diag);
void cells_usage_release(struct cells_usage *cs);

#endif
