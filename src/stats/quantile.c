/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Type-7 quantiles. */
#include "stats/quantile.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
    if (n > 1)
        qsort(x, n, sizeof(*x), cmp_double);
}

double stats_quantile_sorted(const double *x, size_t n, double p)
{
    double h, lo;
    size_t i;

    if (!n || !(p >= 0.0 && p <= 1.0))
        return NAN;
    h = (double)(n - 1) * p;
    lo = floor(h);
    i = (size_t)lo;
    if (i + 1 >= n)
        return x[n - 1];
    return x[i] + (h - lo) * (x[i + 1] - x[i]);
}
