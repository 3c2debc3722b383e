/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The load on the middle as JSON (docs/json.md "load": `load --json`,
 * /api/load) and as text; units in the order of the org tree, never
 * ranked. */
#ifndef TR_VIEW_LOAD_VIEW_H
#define TR_VIEW_LOAD_VIEW_H

#include <jansson.h>

#include "analysis/load.h"
#include "core/buf.h"

/* The report: as_of, the survey wave read, the rule's thresholds and
 * one record per unit. New reference. */
json_t *vload_json(const struct load_report *r);
/* A table of the units from that JSON, then each unit's reasons. */
void vload_text(struct buf *out, json_t *j);

#endif
