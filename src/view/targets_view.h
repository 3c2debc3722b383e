/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Target resets as JSON (docs/json.md "targets") and as text: for
 * `targets list`, beside the outcomes (`items summary`, the team page)
 * and on the load page. */
#ifndef TR_VIEW_TARGETS_VIEW_H
#define TR_VIEW_TARGETS_VIEW_H

#include <jansson.h>

#include "analysis/targets.h"
#include "core/buf.h"

/* One reset: id, unit, metric, by (a share), from, until (days, both
 * included), why, recorded. New reference. */
json_t *vtarget_json(const struct targets_item *it);
/* Every reset of t, as an array. New reference. */
json_t *vtargets_json(const struct targets *t);
/* One line: "cycle_time relaxed by 10% from D to D: why". */
void vtarget_line(struct buf *out, const struct targets_item *it);
/* A table of t (id, unit, metric, by, from, until, why), or "no targets
 * reset" when t is empty. */
void vtargets_text(struct buf *out, const struct targets *t);

#endif
