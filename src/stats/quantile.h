/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Quantiles of a sample. The default definition is R's type 7 (also
 * numpy's "linear"): for sorted x[0..n-1] and probability p,
 * h = (n - 1) p and Q = x[k] + (h - k)(x[k + 1] - x[k]) with k = floor h. */
#ifndef TR_STATS_QUANTILE_H
#define TR_STATS_QUANTILE_H

#include <stddef.h>

/* Sorts x in place (ascending; NaN is not allowed). */
void stats_sort(double *x, size_t n);

/* The type-7 quantile of sorted x; NaN when n is 0 or p is outside
 * [0, 1]. */
double stats_quantile_sorted(const double *x, size_t n, double p);

/* The same quantile of x in any order, reordering x (a selection, not
 * a sort: linear on average); the same value stats_quantile_sorted
 * gives for x sorted. NaN is not allowed. */
double stats_quantile_select(double *x, size_t n, double p);

#endif
