/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Realised value beside licence spend: one JSON shape for the command
 * line and the dashboard (docs/json.md "value"), and the text report. */
#ifndef TR_VIEW_VALUE_VIEW_H
#define TR_VIEW_VALUE_VIEW_H

#include <jansson.h>

#include "analysis/value.h"
#include "core/buf.h"

/* The whole report: totals, tools by month, adoptions with the inputs
 * their value is computed from, tools with spend and no evidence, and
 * the caveats in plain words. New reference. */
json_t *vvalue_json(const struct value_report *r);
/* The same as text tables, from that JSON. */
void vvalue_text(struct buf *out, json_t *j);

#endif
