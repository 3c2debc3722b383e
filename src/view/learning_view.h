/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Learning time as JSON and text: a plan, and the report of planned
 * against actual hours per unit and week (docs/json.md "learning"), for
 * the command line and the dashboard alike. */
#ifndef TR_VIEW_LEARNING_VIEW_H
#define TR_VIEW_LEARNING_VIEW_H

#include <jansson.h>

#include "analysis/learning.h"
#include "core/buf.h"
#include "store/learning.h"

/* One plan. New reference. */
json_t *vlearning_plan_json(const struct store_learning_plan *p);
/* One row of the report. New reference. */
json_t *vlearning_row_json(const struct learning_row *r);
/* The report: {"from", "until", "hidden", "rows": [...]}. New
 * reference. */
json_t *vlearning_json(const struct learning_report *r);
/* The report as a text table with its notes. */
void vlearning_text(struct buf *out, const struct learning_report *r);

#endif
