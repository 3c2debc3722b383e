/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the disclosure layer: the builder of each kind's cube, with the
 * loader of that kind (items_summary.c, cells.c). A builder loads the
 * units (*units, released by the caller on success, by the builder on an
 * error), sets the table's keys, measures, threshold and period, adds the
 * base cells and their margins; disclose_table suppresses and marks what
 * the reader may see. */
#ifndef TR_ANALYSIS_DISCLOSE_INT_H
#define TR_ANALYSIS_DISCLOSE_INT_H

#include "analysis/disclose.h"

typedef int (*disclose_build_fn)(struct store *st,
                                 const struct disclose_request *req,
                                 struct disclose_table *t,
                                 struct disclose_units *units,
                                 struct diag *diag);

int disclose__items(struct store *st, const struct disclose_request *req,
                    struct disclose_table *t, struct disclose_units *units,
                    struct diag *diag);
int disclose__usage(struct store *st, const struct disclose_request *req,
                    struct disclose_table *t, struct disclose_units *units,
                    struct diag *diag);
int disclose__shadow(struct store *st, const struct disclose_request *req,
                     struct disclose_table *t, struct disclose_units *units,
                     struct diag *diag);

int disclose__survey(struct store *st, const struct disclose_request *req,
                     struct disclose_table *t, struct disclose_units *units,
                     struct diag *diag);

int disclose__survey_text(struct store *st,
                          const struct disclose_request *req,
                          struct disclose_table *t,
                          struct disclose_units *units, struct diag *diag);

int disclose__learning(struct store *st, const struct disclose_request *req,
                       struct disclose_table *t, struct disclose_units *units,
                       struct diag *diag);

/* The threshold a request asks for: the kind's, or stricter. */
long disclose__min(long kind_min, long asked);

#endif
