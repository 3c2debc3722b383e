/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Employee voice as text and JSON: instruments (as a respondent reads
 * them) and survey results (internal PMF, scale scores, items, the
 * friction heatmap). Results come from analysis/voice.h, which took
 * them from the disclosure layer: nothing here decides what is shown. */
#ifndef TR_VIEW_VOICE_VIEW_H
#define TR_VIEW_VOICE_VIEW_H

#include <jansson.h>

#include "analysis/voice.h"
#include "core/buf.h"
#include "model/survey.h"

/* The construct ids the results single out (data/surveys/README.md). */
#define VOICE_PMF "pmf"
#define VOICE_FRICTION "friction"

/* An instrument in language lang (an index into in->langs), its items
 * in order with their options; uses (JSON pairs, NULL none) fills
 * {tool} and {workflow}, else they stay as written. */
void vvoice_instrument_text(const struct survey_instrument *in, int lang,
                            const char *uses, struct buf *out);
json_t *vvoice_instrument_json(const struct survey_instrument *in, int lang);

/* Results in the instrument's language lang. */
void vvoice_results_text(const struct voice_results *r, int lang,
                         struct buf *out);
json_t *vvoice_results_json(const struct voice_results *r);

/* A wave's state on day: "open", "closed" or "imported". */
const char *vvoice_wave_state(const struct store_wave *w, int64_t day);

/* One item of the friction backlog (`friction list --json`, /api/voice). */
struct voice_friction_item;
json_t *vvoice_friction_json(const struct voice_friction_item *it);

#endif
