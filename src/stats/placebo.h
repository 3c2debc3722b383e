/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Team-level inference for pilots: one unit's estimate against the same
 * estimate of k exchangeable reference units (placebo teams, or earlier
 * windows of the same team), its power, and the look boundaries of an
 * alpha-spending plan. Pure numerics; see docs/statistics.md. */
#ifndef TR_STATS_PLACEBO_H
#define TR_STATS_PLACEBO_H

#include <stddef.h>

#include "core/diag.h"

struct stats_result; /* stats/stats.h */

/* The prediction t-test of y0 against the reference estimates y[0..k):
 * d = y0 - mean(y), se = sd(y) * sqrt(1 + 1/k), df = k - 1 (exact when
 * the estimates are normal and exchangeable under the null). Fills r's
 * effect (d), se, df, statistic, p-value and interval for r's alt and
 * alpha, set by the caller with stats_result_init. TR_EUNDEF with r->note
 * when k < 2 or the references do not vary. */
int stats_placebo_t(double y0, const double *y, size_t k,
                    struct stats_result *r, struct diag *diag);

/* Power of the two-sided level-alpha test above for a true shift delta
 * when the reference estimates have sd s (noncentral t, df = k - 1). NaN
 * when k < 2 or s <= 0. */
double stats_placebo_power(double delta, double s, size_t k, double alpha);

/* The power reached with unlimited references (the z-test limit). */
double stats_placebo_power_limit(double delta, double s, double alpha);

/* The smallest k in [2, kmax] whose power reaches target, or 0. */
size_t stats_placebo_k(double delta, double s, double alpha, double target,
                       size_t kmax);

/* The two-sided level of look `look` (1-based) of `looks` interim looks
 * when `budget` is spent over them in proportion to (t^2), t = look /
 * looks (an O'Brien-Fleming-like shape): budget * ((look/looks)^2 -
 * ((look-1)/looks)^2). The levels of all looks sum to budget. */
double stats_spend_level(double budget, long look, long looks);

#endif
