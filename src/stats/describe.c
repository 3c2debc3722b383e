/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Descriptive statistics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "stats/quantile.h"
#include "stats/stats.h"

void stats_mean_var(const double *x, size_t n, double *mean, double *var)
{
    double m = 0.0, m2 = 0.0;

    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;

        m += d / (double)(i + 1);
        m2 += d * (x[i] - m);
    }
    *mean = n ? m : NAN;
    *var = n > 1 ? m2 / (double)(n - 1) : NAN;
}

int stats_describe(const double *dev, size_t n, double shift,
                   struct stats_desc *out, struct diag *diag)
{
    double mean, var, *s;

    memset(out, 0, sizeof(*out));
    out->n = n;
    if (!n)
        return diag_set(diag, TR_EUNDEF, "the sample is empty");
    stats_mean_var(dev, n, &mean, &var);
    s = xmalloc(n * sizeof(*s));
    memcpy(s, dev, n * sizeof(*s));
    stats_sort(s, n);
    out->mean = shift + mean;
    out->sd = sqrt(var);
    out->min = shift + s[0];
    out->max = shift + s[n - 1];
    out->median = shift + stats_quantile_sorted(s, n, 0.5);
    out->p90 = shift + stats_quantile_sorted(s, n, 0.9);
    free(s);
    return 0;
}

void stats_result_init(struct stats_result *r, const char *test,
                       enum stats_alt alt, double alpha)
{
    r->test = test;
    r->alt = alt;
    r->alpha = alpha;
    r->n_a = r->n_b = 0;
    r->mean_a = r->mean_b = r->effect = r->se = NAN;
    r->ci_low = r->ci_high = r->p_value = r->statistic = r->df = NAN;
    r->method = NULL;
    r->note = NULL;
}
