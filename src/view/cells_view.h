/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One record -> JSON function per published team-level record, used by
 * the CLI's --json and the dashboard's /api alike, so a record has one
 * public shape (its field names are documented in docs/json.md). Only
 * shown records exist: the disclosure layer lists no hidden cell. */
#ifndef TR_VIEW_CELLS_VIEW_H
#define TR_VIEW_CELLS_VIEW_H

#include <jansson.h>

#include "analysis/items_summary.h"
#include "store/shadow.h"
#include "store/usage.h"

/* An approved-tool cell: {team, week, tool, active_people,
 * days_per_person, registration_only_share, interactions}; an
 * organisation row: {team: null, week, tool, user_days, level}. */
json_t *vcells_usage_json(const struct store_usage_cell *c);
/* A shadow-AI cell: {team, week, service, vendor, category, status,
 * people, active_days, requests}. */
json_t *vcells_shadow_json(const struct store_shadow_cell *c);
/* A work-item group: {group: {key: value...}, items, people,
 * cycle_h_median, cycle_h_p90, quality_mean, error_rate, rework_rate,
 * ai_share}. */
json_t *vsummary_group_json(const struct summary_opts *o,
                            const struct summary_group *g);
/* A summary's groups: an array of vsummary_group_json records. */
json_t *vsummary_json(const struct summary_opts *o, const struct summary *s);

#endif
