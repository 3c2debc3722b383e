/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The weekly per-team cells of approved-tool telemetry and of shadow-AI
 * demand as every report releases them (the CLI reports and the
 * dashboard alike): taken from the disclosure layer (disclose.h), so a
 * cell hidden in one place is hidden in every place. Teams under 10
 * people appear under the unit they merge into; a hidden cell is not
 * listed, only counted (nhidden). */
#ifndef TR_ANALYSIS_CELLS_H
#define TR_ANALYSIS_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "core/strmap.h"
#include "store/shadow.h"
#include "store/usage.h"

/* Shadow-AI cells, by week, service and team. */
struct cells_shadow {
    struct store_shadow_cell *v; /* the cells shown */
    size_t n, cap;
    size_t nhidden;              /* cells not shown */
    struct strmap strings;       /* string -> index into names */
    char **names;                /* owned: every string the cells use,
                                    once */
    size_t nnames, names_cap;
};

/* Approved-tool cells, by week, tool and team, then the organisation
 * rows (team NULL: user-days from sources that hide who people are;
 * never hidden, never a sibling). */
struct cells_usage {
    struct store_usage_cell *v;  /* the cells shown; strings owned */
    size_t n, cap;
    size_t nhidden;              /* team cells not shown */
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
