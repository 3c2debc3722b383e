/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internals shared by the statistics files. */
#ifndef TR_STATS_INT_H
#define TR_STATS_INT_H

#include "stats/stats.h"

/* Fills effect, se, df, statistic, p-value and interval of r (using its
 * alt and alpha) for an estimate d with standard error se under a t
 * distribution with df degrees of freedom. */
void stats__t_interval(struct stats_result *r, double d, double se,
                       double df);

#endif
