/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The mandate-trap signal as JSON: one shape for the command line and
 * the dashboard. */
#ifndef TR_VIEW_TRAP_VIEW_H
#define TR_VIEW_TRAP_VIEW_H

#include <jansson.h>

#include "analysis/trap.h"

/* One team (or merged unit): approved use, shadow demand, outcome,
 * verdict and reasons. New reference. */
json_t *vtrap_team_json(const struct trap_team *t);
/* The week and every team shown. New reference. */
json_t *vtrap_json(const struct trap *tr);

#endif
