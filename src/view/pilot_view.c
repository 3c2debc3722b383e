/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Rendering pilots. */
#include "view/pilot_view.h"

#include <math.h>
#include <string.h>

#include "core/i18n.h"
#include "core/tstamp.h"
#include "store/pilots.h"
#include "view/html.h"
#include "view/json.h"
#include "view/reasons_view.h"

static json_t *metric_list(const enum pilot_metric *m, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(pilot_metric_names[m[i]]));
    return a;
}

json_t *vpilot_plan_json(const struct pilot *p, const struct pilot_plan *pl)
{
    json_t *controls = json_array(), *j;

    for (size_t i = 0; i < p->ncontrols; i++)
        json_array_append_new(controls, json_string(p->controls[i]));
    j = json_pack(
        "{s:s, s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:{s:I, s:o, s:o, s:s, "
        "s:o, s:I}, s:o, s:o}",
        "metric", pilot_metric_names[p->metric], "direction",
        p->direction > 0 ? "increase" : "decrease", "design",
        pilot_design_names[p->design], "mde", p->mde, "alpha", p->alpha,
        "power", PILOT_POWER, "guardrails",
        metric_list(p->guardrails, p->nguardrails), "controls", controls,
        "baseline", "items", (json_int_t)pl->baseline_n, "mean",
        vjson_num(pl->mean), "sd", vjson_num(pl->sd), "sd_scale",
        p->metric == PM_CYCLE_TIME ? "log hours" : "value", "per_week",
        vjson_num(pl->per_week), "days", (json_int_t)PILOT_BASELINE_DAYS,
        "n_per_arm", vjson_num(ceil(pl->n_needed)), "expected_at",
        vjson_time(pl->expected_at));
    json_t *tl = json_pack(
        "{s:s, s:I, s:o, s:o, s:o, s:o}", "method",
        p->design == PD_BEFORE_AFTER ? "team-history" : "placebo-teams",
        "references", (json_int_t)pl->refs, "team_sd", vjson_num(pl->team_sd),
        "power", vjson_num(pl->power), "power_limit",
        vjson_num(pl->power_limit), "teams_needed",
        pl->teams_needed ? json_integer((json_int_t)pl->teams_needed)
                         : json_null());

    if (pl->warning[0])
        json_object_set_new(tl, "warning", json_string(pl->warning));
    json_object_set_new(j, "team_level", tl);
    json_object_set_new(
        j, "voice_check",
        p->voice == PV_NONE
            ? json_null()
            : json_pack("{s:s, s:o}", "friction", pilot_voice_names[p->voice],
                        "trust_min", vjson_num(p->trust_min)));
    if (p->checkpoint) /* plans frozen without one stay as they were */
        json_object_set_new(j, "checkpoint", vjson_text(p->checkpoint));
    return j;
}

static json_t *test_json(const struct pilot_test *t)
{
    json_t *j = json_pack(
        "{s:s, s:s, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "metric", pilot_metric_names[t->metric], "method", t->method,
        "defined", t->defined, "n_comparison", (json_int_t)t->n_a, "n_pilot",
        (json_int_t)t->n_b, "mean_comparison", vjson_num(t->mean_a),
        "mean_pilot", vjson_num(t->mean_b), "change", vjson_num(t->rel),
        "ci_low", vjson_num_inf(t->rel_lo), "ci_high", vjson_num_inf(t->rel_hi),
        "p_value", vjson_num(t->p_value), "p_harm", vjson_num(t->p_harm));

    json_object_set_new(j, "references", json_integer((json_int_t)t->refs));
    if (t->note)
        json_object_set_new(j, "note", json_string(t->note));
    return j;
}

static json_t *ci(double lo, double hi)
{
    return json_pack("[o, o]", vjson_num(lo), vjson_num(hi));
}

/* The voice check's evidence: null when the plan has none. */
static json_t *voice_json(const struct pilot *p, const struct pilot_voice *v)
{
    json_t *j;

    if (p->voice == PV_NONE || !v->asked)
        return json_null();
    j = json_pack("{s:s, s:o, s:b, s:o, s:o, s:o}", "check",
                  pilot_voice_names[p->voice], "trust_min",
                  vjson_num(p->trust_min), "complete", v->complete,
                  "missing", v->complete ? json_null() : json_string(v->missing),
                  "wave", v->wave[0] ? json_string(v->wave) : json_null(),
                  "baseline_wave",
                  v->ref_wave[0] ? json_string(v->ref_wave) : json_null());
    if (!v->complete)
        return j;
    json_object_set_new(
        j, "friction",
        json_pack("{s:I, s:I, s:o, s:o}", "n", (json_int_t)v->n, "named",
                  (json_int_t)v->named, "share", vjson_num(v->friction), "ci",
                  ci(v->friction_lo, v->friction_hi)));
    json_object_set_new(
        j, "reference",
        json_pack("{s:s, s:I, s:I, s:o, s:I}", "of",
                  p->voice == PV_BASELINE ? "baseline" : "comparison teams",
                  "n", (json_int_t)v->ref_n, "named",
                  (json_int_t)v->ref_named, "share",
                  vjson_num(v->ref_friction), "units",
                  (json_int_t)(p->voice == PV_BASELINE ? 1 : v->ref_units)));
    json_object_set_new(j, "difference",
                        json_pack("{s:o, s:o}", "value", vjson_num(v->diff),
                                  "ci", ci(v->diff_lo, v->diff_hi)));
    json_object_set_new(
        j, "trust",
        json_pack("{s:I, s:I, s:o, s:o}", "n", (json_int_t)v->trust_n,
                  "favourable", (json_int_t)v->trust_fav, "share",
                  vjson_num(v->trust), "ci", ci(v->trust_lo, v->trust_hi)));
    json_object_set_new(j, "friction_lower", json_boolean(v->friction_ok));
    json_object_set_new(j, "trust_enough", json_boolean(v->trust_ok));
    return j;
}

json_t *vpilot_analysis_json(const struct pilot *p,
                             const struct pilot_analysis *a, double q,
                             const struct pilot_reco *r)
{
    json_t *guard = json_array(), *reasons = json_array(), *j;

    for (size_t i = 0; i < a->nguard; i++) {
        json_t *g = test_json(&a->guard[i]);

        json_object_set_new(g, "p_harm_adjusted",
                            vjson_num(a->guard[i].p_harm_adj));
        json_object_set_new(g, "harmed", json_boolean(a->guard[i].harmed));
        json_array_append_new(guard, g);
    }
    for (size_t i = 0; i < r->nreasons; i++)
        json_array_append_new(reasons, json_string(r->reasons[i]));
    j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:o, s:o, s:o, s:o, "
        "s:o, s:o, s:o, s:{s:s, s:o, s:o}, s:s, s:o}",
        "pilot", (json_int_t)p->id, "team", p->team, "workflow", p->workflow,
        "tool", p->tool, "status", pilot_status_names[p->status], "design",
        pilot_design_names[p->design], "direction",
        p->direction > 0 ? "increase" : "decrease", "mde", p->mde, "alpha",
        p->alpha, "baseline_from", vjson_time(a->baseline_from), "window_from",
        vjson_time(a->window_from), "window_to", vjson_time(a->window_to),
        "primary", test_json(&a->primary), "q_value", vjson_num(q),
        "guardrails", guard, "power", vjson_num(a->power), "balance", "text",
        a->balance, "p_value", vjson_num(a->balance_p), "difference",
        vjson_num(a->balance_rel), "recommendation", pilot_rec_names[r->rec],
        "reasons", reasons);
    json_object_set_new(json_object_get(j, "balance"), "message",
                        vreasons_msg_json(&a->balance_msg));
    json_object_set_new(j, "reason_messages",
                        vreasons_json(r->reason_msgs, r->nreasons));
    json_object_set_new(j, "voice", voice_json(p, &r->voice));
    json_object_set_new(j, "n_needed_per_arm",
                        vjson_num(isnan(a->n_needed) ? NAN
                                                     : ceil(a->n_needed)));
    json_object_set_new(j, "teams_needed",
                        a->teams_needed
                            ? json_integer((json_int_t)a->teams_needed)
                            : json_null());
    json_object_set_new(
        j, "look",
        json_pack("{s:b, s:I, s:I, s:o}", "interim", a->interim, "week",
                  (json_int_t)a->look, "of", (json_int_t)(a->looks - 1),
                  "level", vjson_num(a->level)));
    return j;
}

void vpilot_change(struct buf *out, double rel, double lo, double hi)
{
    if (isnan(rel)) {
        buf_puts(out, "n/a");
        return;
    }
    buf_addf(out, "%+.0f%% (", 100 * rel);
    if (isinf(lo))
        buf_puts(out, "-inf");
    else
        buf_addf(out, "%+.0f%%", 100 * lo);
    buf_puts(out, _(" to "));
    if (isinf(hi))
        buf_puts(out, "+inf");
    else
        buf_addf(out, "%+.0f%%", 100 * hi);
    buf_putc(out, ')');
}

static void test_text(struct buf *out, const char *label,
                      const struct pilot_test *t, int guard)
{
    buf_addf(out, "%-12s %s: ", label, pilot_metric_names[t->metric]);
    if (!t->defined) {
        buf_addf(out, "%s\n", t->note ? t->note : "undefined");
    } else {
        vpilot_change(out, t->rel, t->rel_lo, t->rel_hi);
        if (guard)
            buf_addf(out, ", harm p = %.2g, Holm-adjusted %.2g%s\n",
                     t->p_harm, t->p_harm_adj, t->harmed ? " HARMED" : "");
        else
            buf_addf(out, ", p = %.2g\n", t->p_value);
    }
    buf_addf(out, "%-12s %zu comparison items (mean %.4g), %zu pilot items "
             "(mean %.4g), %s against %zu references\n",
             "", t->n_a, t->mean_a, t->n_b, t->mean_b, t->method, t->refs);
}

char *vpilot_evidence_text(const struct portfolio_entry *e)
{
    json_t *ev = vpilot_analysis_json(&e->pilot, &e->analysis, e->q,
                                      &e->reco);
    char *text = json_dumps(ev, JSON_COMPACT | JSON_REAL_PRECISION(15));

    json_decref(ev);
    return text;
}

void vpilot_analysis_text(struct buf *out, const struct pilot *p,
                          const struct pilot_analysis *a, double q,
                          const struct pilot_reco *r)
{
    buf_addf(out, "pilot %lld: %s, workflow '%s', tool '%s' (%s, %s)\n",
             (long long)p->id, p->team, p->workflow, p->tool,
             pilot_design_names[p->design],
             pilot_status_names[p->status]);
    buf_addf(out, "hypothesis   %s\n", p->hypothesis);
    buf_puts(out, "window       ");
    tstamp_format_day(out, a->window_from);
    buf_puts(out, " to ");
    tstamp_format_day(out, a->window_to);
    buf_addf(out, " (baseline from ");
    tstamp_format_day(out, a->baseline_from);
    buf_puts(out, ")\n");
    if (a->interim)
        buf_addf(out, "INTERIM      look %ld of %ld before the review: "
                 "interval and boundary at level %.2g (alpha spending)\n",
                 a->look, a->looks - 1, a->level);
    test_text(out, "primary", &a->primary, 0);
    buf_addf(out, "%-12s q = %.2g after portfolio correction; team-level "
             "power for the %.0f%% MDE %.0f%%\n",
             "", q, 100 * p->mde, 100 * a->power);
    for (size_t i = 0; i < a->nguard; i++)
        test_text(out, "guardrail", &a->guard[i], 1);
    buf_addf(out, "balance      %s\n", a->balance);
    buf_addf(out, "recommend    %s (a recommendation, not a decision)\n",
             pilot_rec_names[r->rec]);
    for (size_t i = 0; i < r->nreasons; i++)
        buf_addf(out, "  - %s\n", r->reasons[i]);
}

/* Appends text escaped for HTML, or for Markdown: Markdown passes HTML
 * through and makes links of [text](url), so < > & become entities
 * (which Markdown shows as the characters) and [ ] are escaped; a
 * hypothesis or a reason can then hold neither a <script> nor a
 * javascript: link. */
static void text(struct buf *out, const char *s, int html)
{
    if (html) {
        vhtml_esc(out, s);
        return;
    }
    while (s && *s) {
        size_t n = strcspn(s, "[]\\");

        vhtml_esc_content(out, s, n);
        s += n;
        if (*s) {
            buf_putc(out, '\\');
            buf_putc(out, *s++);
        }
    }
}

static double jnum(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (json_is_string(v))
        return !strcmp(json_string_value(v), "inf") ? INFINITY : -INFINITY;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void heading(struct buf *out, const char *t, int html)
{
    if (html) {
        buf_puts(out, "<h2>");
        text(out, t, 1);
        buf_puts(out, "</h2>\n");
    } else {
        buf_puts(out, "## ");
        text(out, t, 0);
        buf_puts(out, "\n\n");
    }
}

static void para(struct buf *out, const char *t, int html)
{
    buf_puts(out, html ? "<p>" : "");
    text(out, t, html);
    buf_puts(out, html ? "</p>\n" : "\n\n");
}

/* The balance check's sentence of the evidence: in the reader's
 * language from its message (view/reasons_view.h), else as stored (the
 * evidence of a decision recorded before messages were kept). */
static void balance_text(struct buf *out, json_t *balance)
{
    struct reason_msg m;

    if (i18n_current() == I18N_EN
        || vreasons_read(json_object_get(balance, "message"), &m)
        || reasons_format(out, &m, 1))
        buf_puts(out, vjson_str(balance, "text"));
}

void vpilot_playbook(struct buf *out, const struct pilot *p,
                     const struct vpilot_decision *d, int html)
{
    json_t *ev = d->evidence, *prim = json_object_get(ev, "primary");
    json_t *guards = json_object_get(ev, "guardrails");
    struct buf t = BUF_INIT, b = BUF_INIT;
    size_t i;
    json_t *g;

    buf_reset(&t);
    buf_addf(&t, _("Playbook: %s with %s"), p->workflow, p->tool);
    if (html) {
        buf_addf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta "
                      "charset=\"utf-8\"><title>",
                 i18n_codes[i18n_current()]);
        text(out, t.data, 1);
        buf_puts(out, "</title><style>body{font:16px/1.5 sans-serif;"
                      "max-width:46em;margin:2em auto;padding:0 1em}"
                      "h1,h2{line-height:1.2}</style></head><body>\n<h1>");
        text(out, t.data, 1);
        buf_puts(out, "</h1>\n");
    } else {
        buf_puts(out, "# ");
        text(out, t.data, 0);
        buf_puts(out, "\n\n");
    }
    heading(out, _("The workflow and what the tool does in it"), html);
    buf_reset(&t);
    buf_addf(&t, _("Workflow '%s', tool '%s'. Hypothesis tested: %s"),
             p->workflow, p->tool, p->hypothesis);
    para(out, t.data, html);
    heading(out, _("Measured effect"), html);
    buf_reset(&t);
    buf_addf(&t, "%s: ", vjson_str(prim, "metric"));
    vpilot_change(&t, jnum(prim, "change"), jnum(prim, "ci_low"),
                  jnum(prim, "ci_high"));
    buf_addf(&t, _(" with %.0f%% confidence, q = %.2g after correction "
                   "across the portfolio; %.0f pilot items against %.0f "
                   "comparison items (%s)."),
             100 * (1 - p->alpha), jnum(ev, "q_value"),
             jnum(prim, "n_pilot"), jnum(prim, "n_comparison"),
             vjson_str(prim, "method"));
    para(out, t.data, html);
    heading(out, _("Conditions it was measured under"), html);
    buf_reset(&t);
    balance_text(&b, json_object_get(ev, "balance"));
    buf_addf(&t, _("Team %s, design %s, from %s to %s; baseline from %s. %s."),
             p->team, pilot_design_names[p->design], vjson_str(ev, "window_from"),
             vjson_str(ev, "window_to"), vjson_str(ev, "baseline_from"),
             buf_str(&b));
    buf_release(&b);
    para(out, t.data, html);
    heading(out, _("Checkpoints"), html);
    buf_reset(&t);
    buf_addf(&t, _("Re-measure %s with the same design after each rollout; "
                   "keep the guardrails:"),
             vjson_str(prim, "metric"));
    json_array_foreach(guards, i, g)
    {
        buf_addf(&t, " %s ", vjson_str(g, "metric"));
        vpilot_change(&t, jnum(g, "change"), jnum(g, "ci_low"),
                      jnum(g, "ci_high"));
        buf_addf(&t, "%s;", json_is_true(json_object_get(g, "harmed"))
                                ? _(" (harmed)")
                                : "");
    }
    if (!json_array_size(guards))
        buf_puts(&t, _(" none were registered;"));
    buf_puts(&t, _(" stop and review if any guardrail worsens."));
    para(out, t.data, html);
    heading(out, _("What stays human-led"), html);
    buf_reset(&t);
    buf_addf(&t, _("Deciding to scale or withdraw (this one: %s by %s, "
                   "because: %s). What was learned: %s"),
             d->decision, d->by, d->why, d->learned);
    if (d->differently && *d->differently)
        buf_addf(&t, _(" What would be done differently: %s"),
                 d->differently);
    para(out, t.data, html);
    heading(out, _("Caveats"), html);
    buf_reset(&t);
    buf_addf(&t, _("The effect was measured in one team and may not "
                   "replicate: roll it out as a replication pilot (traction "
                   "playbook %lld --rollout TEAM ...). The numbers are the "
                   "evidence the decision was made on, not a live figure."),
             (long long)p->id);
    if (fabs(jnum(prim, "change")) < p->mde)
        buf_addf(&t, _(" The effect is smaller than the %.0f%% hoped for."),
                 100 * p->mde);
    para(out, t.data, html);
    if (html)
        buf_puts(out, "</body></html>\n");
    buf_release(&t);
}

json_t *vpilot_counts_json(const struct portfolio *pf)
{
    json_t *o = json_object();
    long n[PST_COUNT];

    portfolio_counts(pf, n);
    for (int k = 0; k < PST_COUNT; k++)
        json_object_set_new(o, portfolio_state_keys[k], json_integer(n[k]));
    return o;
}

json_t *vpilot_portfolio_json(const struct portfolio *pf)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < pf->n; i++) {
        const struct portfolio_entry *e = &pf->e[i];
        const struct pilot_test *t = &e->analysis.primary;

        json_array_append_new(
            arr,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, "
                      "s:o, s:o, s:b, s:s, s:o, s:o, s:f}",
                      "pilot", (json_int_t)e->pilot.id, "team", e->pilot.team,
                      "workflow", e->pilot.workflow, "tool", e->pilot.tool,
                      "metric", pilot_metric_names[e->pilot.metric], "status",
                      pilot_status_names[e->pilot.status], "state",
                      portfolio_state_keys[portfolio_state_of(e)], "change",
                      vjson_num(t->rel), "ci_low", vjson_num(t->rel_lo),
                      "ci_high", vjson_num(t->rel_hi), "p_value",
                      vjson_num(t->p_value), "q_value", vjson_num(e->q),
                      "concluded", e->concluded, "recommendation",
                      pilot_rec_names[e->reco.rec], "replicates",
                      e->pilot.replicates ? json_integer(e->pilot.replicates)
                                          : json_null(),
                      "review", vjson_day(e->pilot.review_at / 86400),
                      "mde", e->pilot.direction * e->pilot.mde));
        json_object_set_new(json_array_get(arr, json_array_size(arr) - 1),
                            "proposal",
                            e->proposal ? json_integer(e->proposal)
                                        : json_null());
    }
    return json_pack("{s:o, s:o}", "pilots", arr, "counts",
                     vpilot_counts_json(pf));
}

json_t *vpilot_learning_json(const struct store_learning *l)
{
    return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:f}", "team", l->unit,
                     "pilots", (json_int_t)l->pilots, "scaled",
                     (json_int_t)l->scaled, "retired", (json_int_t)l->retired,
                     "running", (json_int_t)l->running, "documented",
                     (json_int_t)l->documented, "learning_hours",
                     l->learning_hours);
}

json_t *vpilot_deviation_json(int64_t at, const char *what, const char *why)
{
    return json_pack("{s:o, s:s, s:s}", "at", vjson_time(at), "what", what,
                     "why", why);
}

json_t *vpilot_decision_json(const struct store_decision *d,
                             int with_evidence)
{
    json_t *j = json_pack(
        "{s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "at", vjson_time(d->at),
        "decision", d->decision, "recommended", d->recommended, "by", d->by,
        "why", d->why, "learned", d->learned, "differently",
        d->differently ? json_string(d->differently) : json_null());

    if (with_evidence) {
        json_t *ev = d->evidence ? json_loads(d->evidence, 0, NULL) : NULL;

        json_object_set_new(j, "evidence", ev ? ev : json_null());
    }
    return j;
}

/* Team-level figures of pilot evidence: the arms' means, spreads,
 * medians and baselines (docs/privacy.md "Who sees what"). */
static int team_level_key(const char *k)
{
    return !strncmp(k, "mean", 4) || !strncmp(k, "sd", 2)
           || !strcmp(k, "baseline") || !strncmp(k, "median", 6);
}

static void strip_team_level(json_t *j)
{
    const char *k;
    json_t *v, *tmp;
    size_t i;

    if (json_is_object(j)) {
        json_object_foreach_safe(j, tmp, k, v) {
            if (team_level_key(k))
                json_object_del(j, k);
            else
                strip_team_level(v);
        }
    } else if (json_is_array(j))
        json_array_foreach(j, i, v) strip_team_level(v);
}

json_t *vpilot_playbook_json(const struct pilot *p,
                             const struct store_decision *d, int team_level)
{
    json_t *ev = json_loads(d->evidence ? d->evidence : "null",
                            JSON_DECODE_ANY, NULL);

    if (ev && !team_level)
        strip_team_level(ev);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}", "pilot",
                     (json_int_t)p->id, "team", p->team, "workflow",
                     p->workflow, "tool", p->tool, "hypothesis",
                     p->hypothesis, "decision", vpilot_decision_json(d, 0),
                     "evidence", ev ? ev : json_null());
}

void vpilot_playbook_of(struct buf *out, const struct pilot *p,
                        const struct store_decision *d, int html)
{
    json_t *ev = d->evidence ? json_loads(d->evidence, 0, NULL) : NULL;
    struct vpilot_decision vd = {"scale",  d->by, d->why, d->learned,
                                 d->differently, d->at, ev};

    vpilot_playbook(out, p, &vd, html);
    json_decref(ev);
}
