/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The simulator's weekly curves as JSON, for `simulate --compare --json`
 * and the dashboard's what-if page. */
#ifndef TR_VIEW_SIM_VIEW_H
#define TR_VIEW_SIM_VIEW_H

#include <jansson.h>

#include "sim/sim.h"

/* One record per week: week, real_use, theatre, shadow, outcome_change,
 * manager_hours. New reference. */
json_t *vsim_curves_json(const struct sim_curves *c);

#endif
