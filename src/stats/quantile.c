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

static void swap(double *x, size_t i, size_t j)
{
    double t = x[i];

    x[i] = x[j];
    x[j] = t;
}

/* Reorders x[0..n-1] so that x[k] is the value sorted order puts there,
 * nothing before it larger and nothing after it smaller (quickselect
 * with a median-of-three pivot; after 2 log2 n rounds, a sort of what
 * is left, so adversarial input stays O(n log n)). */
static void select_kth(double *x, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1, budget = 2;

    for (size_t m = n; m > 1; m >>= 1)
        budget += 2;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, i, j;
        double pivot;

        if (!budget--) {
            stats_sort(x + lo, hi - lo + 1);
            return;
        }
        if (x[mid] < x[lo])
            swap(x, mid, lo);
        if (x[hi] < x[lo])
            swap(x, hi, lo);
        if (x[hi] < x[mid])
            swap(x, hi, mid);
        pivot = x[mid];
        i = lo;
        j = hi;
        while (i <= j) { /* Hoare: [lo, j] <= pivot <= [i, hi] */
            while (x[i] < pivot)
                i++;
            while (x[j] > pivot)
                j--;
            if (i <= j) {
                swap(x, i, j);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return; /* j < k < i: x[k] equals the pivot */
    }
}

double stats_quantile_select(double *x, size_t n, double p)
{
    double h, lo, a, b;
    size_t i;

    if (!n || !(p >= 0.0 && p <= 1.0))
        return NAN;
    h = (double)(n - 1) * p;
    lo = floor(h);
    i = (size_t)lo;
    if (i + 1 >= n) {
        select_kth(x, n, n - 1);
        return x[n - 1];
    }
    select_kth(x, n, i);
    a = x[i];
    b = x[i + 1]; /* the next order statistic: the least after x[i] */
    for (size_t k = i + 2; k < n; k++)
        if (x[k] < b)
            b = x[k];
    return a + (h - lo) * (b - a);
}
