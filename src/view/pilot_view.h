/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pilots for people and scripts: plans, analyses with the raw numbers
 * behind them, recommendations, and playbooks (Markdown or HTML). */
#ifndef TR_VIEW_PILOT_VIEW_H
#define TR_VIEW_PILOT_VIEW_H

#include <jansson.h>

#include "analysis/pilot.h"
#include "analysis/portfolio.h"
#include "core/buf.h"

/* The frozen plan as stored with the pilot. New reference. */
json_t *vpilot_plan_json(const struct pilot *p, const struct pilot_plan *pl);

/* A pilot's analysis, q-value and recommendation. New reference. */
json_t *vpilot_analysis_json(const struct pilot *p,
                             const struct pilot_analysis *a, double q,
                             const struct pilot_reco *r);
/* The evidence a decision on the entry is stored with (and its playbook
 * made from): the entry's analysis JSON as compact text, numbers to 15
 * significant digits. Owned by the caller (free). */
char *vpilot_evidence_text(const struct portfolio_entry *e);
void vpilot_analysis_text(struct buf *out, const struct pilot *p,
                          const struct pilot_analysis *a, double q,
                          const struct pilot_reco *r);

/* Formats a relative change with its interval: "-18% (-25% to -11%)". */
void vpilot_change(struct buf *out, double rel, double lo, double hi);

struct vpilot_decision {
    const char *decision, *by, *why, *learned, *differently;
    int64_t at;
    json_t *evidence; /* borrowed; the analysis it was made on */
};

/* A playbook for a scaled pilot from the evidence its decision was made
 * on (so it does not change as more items arrive). html selects HTML
 * (self-contained, escaped) over Markdown. */
void vpilot_playbook(struct buf *out, const struct pilot *p,
                     const struct vpilot_decision *d, int html);

struct store_decision;

/* The playbook of a pilot scaled with decision d (its evidence as
 * stored, JSON text). */
void vpilot_playbook_of(struct buf *out, const struct pilot *p,
                        const struct store_decision *d, int html);

/* A playbook as a record: {pilot, team, workflow, tool, hypothesis,
 * decision (without evidence), evidence}: the evidence the pilot was
 * scaled on, without the arms' team-level figures (means, spreads,
 * medians, baselines) unless team_level, for a reader who may see the
 * pilot's team. The one shape of /api/playbooks and `playbook --format
 * json`. New reference. */
json_t *vpilot_playbook_json(const struct pilot *p,
                             const struct store_decision *d, int team_level);

/* A decision: at, decision, recommended, by, why, learned, differently,
 * and with_evidence the analysis it was made on. New reference. */
json_t *vpilot_decision_json(const struct store_decision *d,
                             int with_evidence);

/* The number of pilots in each state (portfolio_state_keys): running,
 * decision_due, scaled, retired. */
json_t *vpilot_counts_json(const struct portfolio *pf);
/* The portfolio: one record per pilot and counts by status. New
 * reference. */
json_t *vpilot_portfolio_json(const struct portfolio *pf);

/* One row of the learning ledger. New reference. */
struct store_learning;
json_t *vpilot_learning_json(const struct store_learning *l);

/* A deviation from the plan: {at, what, why}. New reference. */
json_t *vpilot_deviation_json(int64_t at, const char *what, const char *why);

#endif
