/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A linear system over bounded real variables, and the lowest and highest
 * value each variable can take under it: the engine of `privacy audit`
 * (docs/privacy.md), like stats/ for Rmath. The only place that includes
 * glpk.h (GNU GLPK's simplex). */
#ifndef TR_LP_LP_H
#define TR_LP_LP_H

#include <stddef.h>

#include "core/diag.h"

struct lp;

/* An empty system (never NULL: allocation failure is fatal). */
struct lp *lp_new(void);
void lp_free(struct lp *lp); /* NULL-safe */

/* Adds the variable lo <= x <= hi (hi INFINITY: no upper bound; lo
 * -INFINITY: no lower one); returns its index, 0, 1, ... in order. */
size_t lp_var(struct lp *lp, double lo, double hi);

/* Adds the row lo <= sum of coef[i] * x[var[i]] <= hi over n terms (lo ==
 * hi: an equation; an infinite side is open). var and coef are borrowed;
 * a variable named twice has its coefficients added. Every var[i] must
 * have been added. */
void lp_row(struct lp *lp, const size_t *var, const double *coef, size_t n,
            double lo, double hi);

size_t lp_nvars(const struct lp *lp);
size_t lp_nrows(const struct lp *lp);
size_t lp_nnz(const struct lp *lp); /* non-zero coefficients */

/* The range of x[v] over every solution of the system: *lo its minimum,
 * *hi its maximum (INFINITY or -INFINITY when unbounded that way).
 * Returns 0; TR_EINVAL when the system has no solution at all, TR_EUNDEF
 * when the solver gives up (both with a message in diag). Rows added
 * after a first call are taken into account. Successive calls start from
 * the previous basis, so ranging every variable costs a few pivots each. */
int lp_range(struct lp *lp, size_t v, double *lo, double *hi,
             struct diag *diag);

#endif
