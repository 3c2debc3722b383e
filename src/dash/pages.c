/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's pages as HTML, rendered from the same JSON the API
 * serves. Every value from data goes through vhtml_esc; pages work without
 * JavaScript (there is none). */
#include "dash/dash.h"

#include <math.h>
#include <string.h>

#include "core/tstamp.h"
#include "dash/dash_int.h"

const char dash_css[] =
    "*{box-sizing:border-box}"
    "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#111;"
    "background:#fff}"
    "header{background:#0b3954;color:#fff;padding:.5rem 1rem}"
    "header a{color:#fff;margin-right:1rem;text-decoration:none}"
    "header a:hover,header a:focus{text-decoration:underline}"
    /* the links and the user wrap on a phone, never widen the page */
    "header nav{display:flex;flex-wrap:wrap;align-items:center;"
    "gap:.25rem 0}header .user{margin-left:auto}header form{display:inline}"
    "header button{margin-left:.5rem}"
    "main{max-width:72rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;"
    "text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    /* theatre also shaded, so that it differs from real in grey */
    ".theatre{color:#a33f00;font-weight:600;background:#fde8d8;"
    "padding:0 .2rem}.real{color:#006b4f;font-weight:600}"
    ".scroll{overflow-x:auto}.headline{font-size:1.15rem}"
    ".muted{color:#555}.notice{background:#fff3cd;padding:.5rem;"
    "border:1px solid #e0c060}"
    ".error{background:#fde2e1;padding:.5rem;border:1px solid #d08080}"
    /* a chart keeps readable labels on a phone: it scrolls in its box */
    "figure.chart{margin:1rem 0;overflow-x:auto}figure.chart svg{width:100%;"
    "min-width:560px;height:auto;display:block}"
    "form.decide label{display:block;margin-top:.75rem}"
    "form.decide fieldset{border:0;padding:0;margin:.75rem 0 0}"
    "form.decide fieldset label{display:inline-block;margin:0 1.25rem 0 0}"
    "form.decide textarea{display:block;width:100%;max-width:40rem;"
    "min-height:4rem}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}"
    "dd{margin:0}dt{color:#555}"
    ".cards{display:flex;gap:1rem;flex-wrap:wrap}"
    ".card{border:1px solid #ccc;padding:.5rem 1rem;min-width:9rem}"
    ".card b{display:block;font-size:1.6rem}"
    "@media print{header{display:none}a{color:#000;text-decoration:none}}";

void dash_html_nav(struct buf *out, const struct dash_chrome *ch)
{
    buf_puts(out, "<header><nav aria-label=\"main\">"
                  "<a href=\"/\">Overview</a><a href=\"/pilots\">Pilots"
                  "</a><a href=\"/playbooks\">Playbooks</a>"
                  "<a href=\"/voice\">Voice</a>"
                  "<a href=\"/learning\">Learning</a>"
                  "<a href=\"/learning-time\">Learning time</a>"
                  "<a href=\"/value\">Value</a>"
                  "<a href=\"/whatif\">What-if</a><span class=\"user\">");
    vhtml_esc(out, ch->user);
    buf_puts(out, " (");
    vhtml_esc(out, ch->role);
    buf_puts(out, ")<form method=\"post\" action=\"/logout\"><input "
                  "type=\"hidden\" name=\"csrf\" value=\"");
    vhtml_esc(out, ch->csrf);
    buf_puts(out, "\"><button>Sign out</button></form></span></nav>"
                  "</header>");
}

/* The session's CSRF token, or its marker in a page kept for everyone. */
static void csrf_value(struct buf *out, const struct dash_chrome *ch)
{
    if (ch->deferred)
        buf_puts(out, DASH_MARK_CSRF);
    else
        vhtml_esc(out, ch->csrf);
}

static void head(struct buf *out, const struct dash_chrome *ch,
                 const char *title)
{
    buf_puts(out, "<!doctype html><html lang=\"en\"><head><meta "
                  "charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>");
    vhtml_esc(out, title);
    buf_puts(out, " \xE2\x80\x94 traction</title>");
    if (ch && (ch->user || ch->deferred))
        buf_puts(out, "<link rel=\"stylesheet\" href=\"/style.css\">");
    else {
        buf_puts(out, "<style>");
        buf_puts(out, dash_css);
        buf_puts(out, "</style>");
    }
    buf_puts(out, "</head><body>");
    if (ch && ch->deferred)
        buf_puts(out, DASH_MARK_NAV);
    else if (ch && ch->user)
        dash_html_nav(out, ch);
    buf_puts(out, "<main>");
    if (ch && ch->notice) {
        buf_puts(out, "<p class=\"notice\" role=\"status\">");
        vhtml_esc(out, ch->notice);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<h1>");
    vhtml_esc(out, title);
    buf_puts(out, "</h1>");
}

static void foot(struct buf *out)
{
    buf_puts(out, "</main></body></html>\n");
}

/* ---- tables: one renderer, a column list per table ---- */

enum fmt {
    F_TEXT,       /* the string, escaped */
    F_INT,        /* a count */
    F_DEC1, F_DEC2,
    F_SIG2, F_SIG3,
    F_PCT,        /* 0.18 -> 18% */
    F_PCT_SIGNED, /* -0.18 -> −18%, 0.05 -> +5% */
    F_HOURS,
    F_CHANGE,     /* the row's change (ci_low to ci_high) */
    F_TEAM,       /* a link to the team page, or "(merged)" */
    F_PILOT,      /* a link to the pilot, "*" for a replication */
    F_WF_TOOL,    /* workflow / tool */
    F_VERDICT,    /* theatre, real, unclear, styled */
    F_STATE,      /* a pilot's state key, in words; "decision due" bold */
    F_REASONS,    /* an array of strings, joined with "; " */
    F_METRIC,     /* a pilot metric's name with what its means count */
    F_VALUE,      /* money with its interval, or "not measured" */
};

struct col {
    const char *head;
    const char *key, *sub;   /* the value: row[key], or row[key][sub] */
    enum fmt fmt;
};

static void cell(struct buf *out, json_t *row, const struct col *c)
{
    json_t *v = json_object_get(row, c->key);
    const char *verdict;

    if (c->sub)
        v = json_object_get(v, c->sub);
    switch (c->fmt) {
    case F_TEXT:
        vhtml_esc(out, json_string_value(v));
        break;
    case F_INT:
        h_num(out, v, 0);
        break;
    case F_DEC1:
    case F_DEC2:
        h_num(out, v, c->fmt == F_DEC1 ? 1 : 2);
        break;
    case F_SIG2:
    case F_SIG3:
        h_sig(out, v, c->fmt == F_SIG2 ? 2 : 3);
        break;
    case F_PCT:
    case F_PCT_SIGNED:
        h_pct(out, v, c->fmt == F_PCT_SIGNED);
        break;
    case F_HOURS:
        h_hours(out, v);
        break;
    case F_CHANGE:
        h_change(out, json_object_get(row, "change"),
                 json_object_get(row, "ci_low"),
                 json_object_get(row, "ci_high"));
        break;
    case F_TEAM:
        if (json_is_true(json_object_get(row, "merged"))) {
            vhtml_esc(out, vjson_str(row, "team"));
            buf_puts(out, " (merged: teams under 10 people)");
        } else if (json_is_integer(json_object_get(row, "unit_id"))) {
            buf_addf(out, "<a href=\"/teams/%lld\">",
                     (long long)json_integer_value(
                         json_object_get(row, "unit_id")));
            vhtml_esc(out, vjson_str(row, "team"));
            buf_puts(out, "</a>");
        } else
            vhtml_esc(out, vjson_str(row, "team"));
        break;
    case F_PILOT:
        buf_addf(out, "<a href=\"/pilots/%lld\">%lld%s</a>",
                 (long long)json_integer_value(v),
                 (long long)json_integer_value(v),
                 json_is_integer(json_object_get(row, "replicates")) ? "*"
                                                                     : "");
        break;
    case F_WF_TOOL:
        vhtml_esc(out, vjson_str(row, "workflow"));
        buf_puts(out, " / ");
        vhtml_esc(out, vjson_str(row, "tool"));
        break;
    case F_VALUE:
        if (!json_is_number(v)) {
            buf_puts(out, "<span class=\"muted\">not measured</span>");
            break;
        }
        h_num(out, v, 0);
        buf_puts(out, " <span class=\"muted\">(");
        h_num(out, json_object_get(row, "value_low"), 0);
        buf_puts(out, " to ");
        h_num(out, json_object_get(row, "value_high"), 0);
        buf_puts(out, ")</span>");
        break;
    case F_VERDICT:
        verdict = json_string_value(v) ? json_string_value(v) : "";
        buf_addf(out, "<span class=\"%s\">",
                 !strcmp(verdict, "theatre") ? "theatre"
                 : !strcmp(verdict, "real")  ? "real"
                                             : "muted");
        vhtml_esc(out, verdict);
        buf_puts(out, "</span>");
        break;
    case F_REASONS: {
        json_t *r;
        size_t k;

        buf_puts(out, "<small>");
        json_array_foreach(v, k, r) {
            if (k)
                buf_puts(out, "; ");
            vhtml_esc(out, json_string_value(r));
        }
        buf_puts(out, "</small>");
        break;
    }
    case F_METRIC:
        vhtml_esc(out, json_string_value(v));
        for (int k = 0; k < PM_COUNT; k++)
            if (json_string_value(v)
                && !strcmp(json_string_value(v), pilot_metric_names[k]))
                buf_addf(out, " <small>(%s)</small>", pilot_metric_units[k]);
        break;
    case F_STATE:
        for (int k = 0; k < PST_COUNT; k++)
            if (json_string_value(v)
                && !strcmp(json_string_value(v), portfolio_state_keys[k]))
                buf_addf(out, k == PST_DUE ? "<b>%s</b>" : "%s",
                         portfolio_state_names[k]);
        break;
    }
}

static int numeric(enum fmt f)
{
    return f != F_TEXT && f != F_CHANGE && f != F_TEAM && f != F_PILOT
           && f != F_WF_TOOL && f != F_VERDICT && f != F_STATE
           && f != F_REASONS && f != F_METRIC && f != F_VALUE;
}

/* A table of rows (an array of objects). Rows marked "suppressed" are
 * left out; how many is said under the table. */
static void table(struct buf *out, json_t *rows, const struct col *cols,
                  size_t n)
{
    json_t *row;
    size_t i, hidden = 0;

    /* a wide table scrolls in its own box on a phone, not the page */
    buf_puts(out, "<div class=\"scroll\" tabindex=\"0\"><table><thead><tr>");
    for (size_t c = 0; c < n; c++) {
        buf_puts(out, numeric(cols[c].fmt) ? "<th class=\"n\">" : "<th>");
        vhtml_esc(out, cols[c].head);
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
    json_array_foreach(rows, i, row) {
        if (json_is_true(json_object_get(row, "suppressed"))) {
            hidden++;
            continue;
        }
        buf_puts(out, "<tr>");
        for (size_t c = 0; c < n; c++) {
            buf_puts(out, numeric(cols[c].fmt) ? "<td class=\"n\">" : "<td>");
            cell(out, row, &cols[c]);
            buf_puts(out, "</td>");
        }
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table></div>");
    if (hidden)
        buf_addf(out, "<p class=\"muted\">%zu more rows had too few people "
                      "(under the privacy threshold) and are not shown.</p>",
                 hidden);
}

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static void glance_cards(struct buf *out, json_t *g)
{
    static const enum portfolio_state order[] = {PST_SCALED, PST_DUE,
                                                 PST_RUNNING, PST_RETIRED};
    static const struct col cols[] = {
        {"pilot", "pilot", NULL, F_PILOT},
        {"team", "team", NULL, F_TEXT},
        {"workflow / tool", NULL, NULL, F_WF_TOOL},
        {"review date", "review", NULL, F_TEXT},
        {"recommends", "recommendation", NULL, F_TEXT}};
    json_t *counts = json_object_get(g, "counts");
    json_t *due = json_object_get(g, "decisions_due");

    buf_puts(out, "<div class=\"cards\">");
    for (size_t i = 0; i < NCOLS(order); i++)
        buf_addf(out, "<div class=\"card\"><b>%lld</b>%s</div>",
                 (long long)json_integer_value(json_object_get(
                     counts, portfolio_state_keys[order[i]])),
                 portfolio_state_names[order[i]]);
    buf_puts(out, "</div>");
    if (!json_array_size(due))
        return;
    buf_puts(out, "<h3>Decisions due</h3><p>Past their review date with no "
                  "decision: traction recommends, a person decides (scale, "
                  "iterate or retire, with what was learned).</p>");
    table(out, due, cols, NCOLS(cols));
}

void dash_html_overview(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const struct col cols[] = {
        {"team", "team", NULL, F_TEAM},
        {"people", "people", NULL, F_INT},
        {"active on the approved tool", "approved", "active_share", F_PCT},
        {"days a week", "approved", "days_per_person", F_DEC1},
        {"registration-only", "approved", "registration_only_share", F_PCT},
        {"shadow demand (at least)", "shadow", "share", F_PCT},
        {"cycle time, last 4 weeks", "outcome", "cycle_time_change",
         F_PCT_SIGNED},
        {"verdict", "verdict", NULL, F_VERDICT},
        {"why", "reasons", NULL, F_REASONS}};
    json_t *f, *h = json_object_get(j, "headline");
    size_t i;

    head(out, ch, "Where adoption is real");
    if (json_is_string(json_object_get(j, "week")))
        buf_addf(out,
                 "<p class=\"headline\">In week %s, of %lld teams shown, "
                 "<b>%lld</b> use the approved tool in depth with outcomes "
                 "that moved (real), <b>%lld</b> are in the mandate trap "
                 "(theatre) and <b>%lld</b> are unclear. %lld pilot(s) have "
                 "a decision due.</p><p class=\"muted\">Week %s is ",
                 vjson_str(j, "week"),
                 (long long)json_integer_value(json_object_get(h, "teams")),
                 (long long)json_integer_value(json_object_get(h, "real")),
                 (long long)json_integer_value(json_object_get(h, "theatre")),
                 (long long)json_integer_value(json_object_get(h, "unclear")),
                 (long long)json_integer_value(
                     json_object_get(h, "decisions_due")),
                 vjson_str(j, "week"));
    else
        buf_puts(out, "<p class=\"headline\">No telemetry or shadow-AI "
                      "data yet: import some (see the guide) to see where "
                      "adoption is real.</p><p class=\"muted\">The week "
                      "shown is ");
    vhtml_esc(out, vjson_str(h, "week_basis"));
    buf_puts(out, ". Activity on the approved tool beside outcome change "
                  "beside shadow demand, per team. Teams under 10 people are "
                  "merged into their parent unit.</p>");
    buf_puts(out, "<h2>The portfolio at a glance</h2>");
    glance_cards(out, json_object_get(j, "portfolio"));
    buf_puts(out, "<p><a href=\"/pilots\">All pilots</a></p>");
    buf_puts(out, "<h2>Teams</h2><dl class=\"legend\">"
                  "<dt><span class=\"theatre\">theatre</span></dt><dd>the "
                  "mandate trap: thin activity on the approved tool (under "
                  "30% active, mostly registration-only, or under 1.5 days a "
                  "week) while 20% or more of the team use unapproved AI "
                  "services</dd>"
                  "<dt><span class=\"real\">real</span></dt><dd>the "
                  "approved tool used in depth (2 or more days a week) and "
                  "cycle time at least 10% shorter than the 4 weeks "
                  "before</dd>"
                  "<dt><span class=\"muted\">unclear</span></dt><dd>neither: "
                  "the reasons say what is missing</dd>"
                  "<dt>\xE2\x80\x93</dt><dd>not shown: fewer than 10 people "
                  "behind the figure (or hidden so that such a figure cannot "
                  "be worked out from the others)</dd></dl>"
                  "<p class=\"muted\">Theatre first, then unclear, then "
                  "real; larger teams first.</p>");
    json_array_foreach(json_object_get(j, "functions"), i, f) {
        json_t *teams = json_object_get(f, "teams");

        buf_puts(out, "<h3>");
        vhtml_esc(out, vjson_str(f, "function"));
        buf_puts(out, "</h3><p class=\"muted\">");
        buf_addf(out,
                 "%lld teams shown, %lld people: %lld theatre, %lld real, "
                 "%lld unclear.</p>",
                 (long long)json_integer_value(json_object_get(f, "teams_shown")),
                 (long long)json_integer_value(json_object_get(f, "people")),
                 (long long)json_integer_value(json_object_get(f, "theatre")),
                 (long long)json_integer_value(json_object_get(f, "real")),
                 (long long)json_integer_value(json_object_get(f, "unclear")));
        if (!json_array_size(teams))
            continue;
        table(out, teams, cols, NCOLS(cols));
    }
    if (json_integer_value(json_object_get(j, "people_not_shown")))
        buf_addf(out, "<p class=\"muted\">%lld people are in units under 10 "
                      "people even when merged upward, and are not shown.</p>",
                 (long long)json_integer_value(
                     json_object_get(j, "people_not_shown")));
    foot(out);
}

/* A chart of one numeric field over rows, with its labels. */
static void chart_of(struct buf *out, const char *title, json_t *rows,
                     const char *label_key, const char *const *keys,
                     const char *const *names, size_t nk, int percent)
{
    json_t *labels = json_array(), *pts[H_MAX_SERIES], *r;
    struct h_series s[H_MAX_SERIES];
    size_t i;

    for (size_t k = 0; k < nk; k++) {
        pts[k] = json_array();
        s[k] = (struct h_series){names[k], pts[k]};
    }
    json_array_foreach(rows, i, r) {
        json_t *g = json_object_get(r, "group"); /* a work-item group */

        json_array_append_new(labels, json_string(vjson_str(g ? g : r,
                                                            label_key)));
        for (size_t k = 0; k < nk; k++) {
            json_t *v = json_object_get(r, keys[k]);

            json_array_append(pts[k], v ? v : json_null());
        }
    }
    h_line_chart(out, title, labels, s, nk, percent);
    for (size_t k = 0; k < nk; k++)
        json_decref(pts[k]);
    json_decref(labels);
}

static void pilot_rows(struct buf *out, json_t *pilots)
{
    static const struct col cols[] = {
        {"pilot", "pilot", NULL, F_PILOT},
        {"team", "team", NULL, F_TEXT},
        {"workflow / tool", NULL, NULL, F_WF_TOOL},
        {"metric", "metric", NULL, F_TEXT},
        {"change (interval)", NULL, NULL, F_CHANGE},
        {"q", "q_value", NULL, F_SIG2},
        {"recommends", "recommendation", NULL, F_TEXT},
        {"status", "state", NULL, F_STATE}};

    if (!json_array_size(pilots)) {
        buf_puts(out, "<p>No pilots you may see.</p>");
        return;
    }
    table(out, pilots, cols, NCOLS(cols));
    buf_puts(out, "<p class=\"muted\">q: Benjamini-Hochberg across the "
                  "concluded pilots; * a replication. traction recommends; a "
                  "person decides.</p>");
}

void dash_html_team(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const struct col oc[] = {
        {"month", "group", "month", F_TEXT},
        {"items", "items", NULL, F_INT},
        {"median cycle time", "cycle_h_median", NULL, F_HOURS},
        {"quality", "quality_mean", NULL, F_DEC2},
        {"items with errors", "error_rate", NULL, F_PCT},
        {"reworked", "rework_rate", NULL, F_PCT},
        {"with an AI tool", "ai_share", NULL, F_PCT}};
    static const struct col uc[] = {
        {"week", "week", NULL, F_TEXT},
        {"tool", "tool", NULL, F_TEXT},
        {"active people", "active_people", NULL, F_INT},
        {"days a week", "days_per_person", NULL, F_DEC1},
        {"registration-only", "registration_only_share", NULL, F_PCT}};
    static const struct col sc[] = {
        {"week", "week", NULL, F_TEXT},
        {"service", "service", NULL, F_TEXT},
        {"category", "category", NULL, F_TEXT},
        {"people", "people", NULL, F_INT},
        {"active days", "active_days", NULL, F_INT},
        {"requests", "requests", NULL, F_INT}};
    static const char *const ck[] = {"cycle_h_median"};
    static const char *const cn[] = {"median cycle time (hours)"};
    static const char *const rk[] = {"error_rate", "rework_rate",
                                     "ai_share"};
    static const char *const rn[] = {"items with errors", "reworked",
                                     "with an AI tool"};
    static const char *const dk[] = {"days_per_person"};
    static const char *const dn[] = {"active days a week per person"};
    json_t *rows;

    head(out, ch, vjson_str(j, "team"));
    buf_puts(out, "<p class=\"muted\">");
    vhtml_esc(out, vjson_str(j, "function"));
    buf_addf(out, ", %lld people now.</p>",
             (long long)json_integer_value(json_object_get(j, "people")));
    buf_puts(out, "<h2>Outcomes</h2>");
    rows = json_object_get(j, "outcomes");
    chart_of(out, "Median cycle time by month", rows, "month", ck, cn, 1, 0);
    chart_of(out, "Errors, rework and AI use by month", rows, "month", rk, rn,
             3, 1);
    table(out, rows, oc, NCOLS(oc));
    buf_puts(out, "<h2>Depth of approved use</h2>");
    rows = json_object_get(j, "approved_use");
    if (!json_array_size(rows))
        buf_puts(out, "<p>No telemetry for this team.</p>");
    else {
        chart_of(out, "Active days a week per active person", rows, "week",
                 dk, dn, 1, 0);
        table(out, rows, uc, NCOLS(uc));
    }
    buf_puts(out, "<h2>Shadow demand by service</h2><p class=\"muted\">What "
                  "people reach for when the approved tool does not fit: "
                  "demand, not a list of offenders.</p>");
    rows = json_object_get(j, "shadow_demand");
    if (!json_array_size(rows))
        buf_puts(out, "<p>No shadow-AI demand recorded.</p>");
    else
        table(out, rows, sc, NCOLS(sc));
    buf_puts(out, "<h2>Pilots</h2>");
    if (json_array_size(json_object_get(json_object_get(j, "pilots"),
                                        "pilots")))
        /* two figures of one team that may disagree, and why */
        buf_puts(out, "<p class=\"muted\">A pilot measures one workflow "
                      "against comparison teams over its own window; the "
                      "overview's verdict looks at all of the team's work "
                      "in the last 4 weeks against the 4 before. They can "
                      "differ without either being wrong.</p>");
    pilot_rows(out, json_object_get(json_object_get(j, "pilots"), "pilots"));
    foot(out);
}

static void forest_of(struct buf *out, json_t *pilots)
{
    size_t n = json_array_size(pilots), i;
    struct h_forest_row *rows = calloc(n ? n : 1, sizeof(*rows));
    char (*labels)[96] = calloc(n ? n : 1, sizeof(*labels));
    char (*hrefs)[32] = calloc(n ? n : 1, sizeof(*hrefs));
    json_t *p;

    json_array_foreach(pilots, i, p) {
        snprintf(labels[i], sizeof(labels[i]), "%lld %s: %s",
                 (long long)json_integer_value(json_object_get(p, "pilot")),
                 vjson_str(p, "team"), vjson_str(p, "workflow"));
        snprintf(hrefs[i], sizeof(hrefs[i]), "/pilots/%lld",
                 (long long)json_integer_value(json_object_get(p, "pilot")));
        rows[i] = (struct h_forest_row){labels[i], json_object_get(p, "change"),
                                        json_object_get(p, "ci_low"),
                                        json_object_get(p, "ci_high"),
                                        hrefs[i], json_object_get(p, "mde")};
    }
    if (n)
        h_forest(out, "Effects of the pilots on their primary metric", rows,
                 n);
    free(rows);
    free(labels);
    free(hrefs);
}

void dash_html_pilots(struct buf *out, const struct dash_chrome *ch,
                      json_t *j)
{
    json_t *pilots = json_object_get(j, "pilots");

    head(out, ch, "Pilots");
    glance_cards(out, json_object_get(j, "glance"));
    forest_of(out, pilots);
    pilot_rows(out, pilots);
    foot(out);
}

static void dl(struct buf *out, const char *term, const char *value)
{
    buf_puts(out, "<dt>");
    vhtml_esc(out, term);
    buf_puts(out, "</dt><dd>");
    vhtml_esc(out, value);
    buf_puts(out, "</dd>");
}

void dash_html_pilot(struct buf *out, const struct dash_chrome *ch,
                     json_t *j)
{
    static const struct col tc[] = {
        {"metric (its means)", "metric", NULL, F_METRIC},
        {"change (95% interval)", NULL, NULL, F_CHANGE},
        {"p, two-sided", "p_value", NULL, F_SIG3},
        {"p of harm, one-sided, Holm (guardrails decide on it)",
         "p_harm_adjusted", NULL, F_SIG3},
        {"items compared", "n_comparison", NULL, F_INT},
        {"items in the pilot", "n_pilot", NULL, F_INT},
        {"mean compared", "mean_comparison", NULL, F_SIG3},
        {"mean in the pilot", "mean_pilot", NULL, F_SIG3}};
    static const struct col dc[] = {
        {"when", "at", NULL, F_TEXT},
        {"decision", "decision", NULL, F_TEXT},
        {"recommended", "recommended", NULL, F_TEXT},
        {"by", "by", NULL, F_TEXT},
        {"why", "why", NULL, F_TEXT},
        {"learned", "learned", NULL, F_TEXT},
        {"differently", "differently", NULL, F_TEXT}};
    json_t *a = json_object_get(j, "analysis"), *plan = json_object_get(j, "plan"),
           *x, *tests;
    char title[160];
    size_t i;

    snprintf(title, sizeof(title), "Pilot %lld: %s",
             (long long)json_integer_value(json_object_get(j, "pilot")),
             vjson_str(j, "team"));
    head(out, ch, title);
    buf_puts(out, "<h2>The registered plan</h2><dl>");
    dl(out, "hypothesis", vjson_str(j, "hypothesis"));
    dl(out, "workflow", vjson_str(a, "workflow"));
    dl(out, "tool", vjson_str(a, "tool"));
    dl(out, "metric", vjson_str(plan, "metric"));
    dl(out, "direction", vjson_str(plan, "direction"));
    dl(out, "design", vjson_str(plan, "design"));
    {
        json_t *w = json_object_get(j, "window");
        char start[11], review[11]; /* the days of ISO times */

        for (int k = 0; k < PST_COUNT; k++)
            if (!strcmp(vjson_str(w, "state"), portfolio_state_keys[k]))
                dl(out, "status", portfolio_state_names[k]);
        snprintf(start, sizeof(start), "%s", vjson_str(w, "start"));
        snprintf(review, sizeof(review), "%s", vjson_str(w, "review"));
        dl(out, "baseline from", vjson_str(w, "baseline"));
        dl(out, "start", start);
        dl(out, "review", review);
    }
    buf_puts(out, "<dt>smallest effect that matters</dt><dd>");
    h_pct(out, json_object_get(plan, "mde"), 0);
    buf_puts(out, "</dd></dl>");
    buf_puts(out, "<h2>The analysis</h2>");
    tests = json_array();
    json_array_append(tests, json_object_get(a, "primary"));
    json_array_extend(tests, json_object_get(a, "guardrails"));
    table(out, tests, tc, NCOLS(tc));
    json_decref(tests);
    buf_puts(out, "<p class=\"muted\">The first row is the primary metric: "
                  "its interval and two-sided p are what the recommendation "
                  "weighs (with the q of its review cohort). The others are "
                  "its guardrails: a guardrail counts as harmed when its "
                  "one-sided p of harm, adjusted over the pilot's guardrails "
                  "(Holm), is below the level; its interval is shown "
                  "too.</p>");
    buf_puts(out, "<h2>Recommendation</h2><p><b>");
    vhtml_esc(out, vjson_str(a, "recommendation"));
    buf_puts(out, "</b> (traction recommends; a person decides)</p><ul>");
    json_array_foreach(json_object_get(a, "reasons"), i, x) {
        buf_puts(out, "<li>");
        vhtml_esc(out, json_string_value(x));
        buf_puts(out, "</li>");
    }
    buf_puts(out, "</ul>");
    if (json_is_true(json_object_get(j, "can_decide")) && ch
        && (ch->csrf || ch->deferred)) {
        buf_addf(out, "<h2>Decide</h2><form class=\"decide\" method=\"post\" "
                      "action=\"/pilots/%lld/decide\"><input type=\"hidden\" "
                      "name=\"csrf\" value=\"",
                 (long long)json_integer_value(json_object_get(j, "pilot")));
        csrf_value(out, ch);
        /* no choice made for the reader: the recommendation is above */
        buf_puts(out, "\"><fieldset><legend>Decision</legend>"
                      "<label><input type=\"radio\" name=\"decision\" "
                      "value=\"scale\" required> scale</label>"
                      "<label><input type=\"radio\" name=\"decision\" "
                      "value=\"iterate\"> iterate</label>"
                      "<label><input type=\"radio\" name=\"decision\" "
                      "value=\"retire\"> retire</label></fieldset>"
                      "<label>Why <textarea name=\"why\" required></textarea>"
                      "</label><label>What was learned (also when it failed) "
                      "<textarea name=\"learned\" required></textarea>"
                      "</label><label>What would be done differently "
                      "(to scale or retire) <textarea name=\"differently\">"
                      "</textarea></label><p><button>Record the decision"
                      "</button></p></form>");
    }
    buf_puts(out, "<h2>History</h2>");
    if (!json_array_size(json_object_get(j, "decisions")))
        buf_puts(out, "<p>No decision yet.</p>");
    else
        table(out, json_object_get(j, "decisions"), dc, NCOLS(dc));
    json_array_foreach(json_object_get(j, "deviations"), i, x) {
        if (!i)
            buf_puts(out, "<h2>Deviations from the plan</h2><ul>");
        buf_puts(out, "<li>");
        vhtml_esc(out, vjson_str(x, "at"));
        buf_puts(out, ": ");
        vhtml_esc(out, vjson_str(x, "what"));
        buf_puts(out, " \xE2\x80\x94 ");
        vhtml_esc(out, vjson_str(x, "why"));
        buf_puts(out, "</li>");
        if (i + 1 == json_array_size(json_object_get(j, "deviations")))
            buf_puts(out, "</ul>");
    }
    foot(out);
}

static void playbook_list(struct buf *out, json_t *j, int links)
{
    json_t *p;
    size_t i;

    if (!json_array_size(json_object_get(j, "playbooks"))) {
        buf_puts(out, "<p>No playbooks yet. A playbook is written when a "
                      "person scales a pilot: what was done, the effect with "
                      "its interval, and what was learned. Pilots whose "
                      "decision is due, some of them recommended for scale, "
                      "are listed on the <a href=\"/pilots\">Pilots</a> "
                      "page.</p>");
        return;
    }
    json_array_foreach(json_object_get(j, "playbooks"), i, p) {
        json_t *d = json_object_get(p, "decision");

        buf_puts(out, "<h2>");
        if (links)
            buf_addf(out, "<a href=\"/playbooks/%lld\">",
                     (long long)json_integer_value(json_object_get(p, "pilot")));
        vhtml_esc(out, vjson_str(p, "workflow"));
        buf_puts(out, " with ");
        vhtml_esc(out, vjson_str(p, "tool"));
        if (links)
            buf_puts(out, "</a>");
        buf_puts(out, "</h2><p>");
        vhtml_esc(out, vjson_str(p, "hypothesis"));
        buf_puts(out, "</p><p>From pilot ");
        buf_addf(out, "%lld in ",
                 (long long)json_integer_value(json_object_get(p, "pilot")));
        vhtml_esc(out, vjson_str(p, "team"));
        buf_puts(out, ", scaled by ");
        vhtml_esc(out, vjson_str(d, "by"));
        buf_puts(out, ": ");
        vhtml_esc(out, vjson_str(d, "why"));
        buf_puts(out, "</p><p><b>Learned:</b> ");
        vhtml_esc(out, vjson_str(d, "learned"));
        buf_puts(out, "</p>");
    }
}

void dash_html_playbooks(struct buf *out, const struct dash_chrome *ch,
                         json_t *j)
{
    head(out, ch, "Playbooks");
    playbook_list(out, j, 1);
    foot(out);
}

/* A unit of survey results: its name, or the whole wave. */
static const char *unit_or_all(json_t *row)
{
    return json_is_string(json_object_get(row, "unit"))
               ? vjson_str(row, "unit")
               : "all who answered";
}

/* The friction heatmap: per unit and workflow, the share of people
 * naming each category, shaded by it (the number is printed too, so
 * the shade is never the only carrier). */
static void heatmap(struct buf *out, json_t *choices)
{
    json_t *row, *shares = NULL;
    const char *code;
    json_t *v;
    size_t i;

    json_array_foreach(choices, i, row)
        if (!strcmp(vjson_str(row, "construct"), "friction")) {
            shares = json_object_get(row, "shares");
            break;
        }
    if (!shares) {
        buf_puts(out, "<p>No friction answers shown.</p>");
        return;
    }
    buf_puts(out, "<div class=\"scroll\" tabindex=\"0\"><table class=\"heat\">"
                  "<thead><tr>"
                  "<th>unit</th><th>workflow</th><th class=\"n\">people</th>");
    json_object_foreach(shares, code, v) {
        buf_puts(out, "<th class=\"n\">");
        vhtml_esc(out, code);
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
    json_array_foreach(choices, i, row) {
        if (strcmp(vjson_str(row, "construct"), "friction"))
            continue;
        buf_puts(out, "<tr><td>");
        vhtml_esc(out, unit_or_all(row));
        buf_puts(out, "</td><td>");
        vhtml_esc(out, *vjson_str(row, "workflow") ? vjson_str(row, "workflow")
                                                    : "(any)");
        buf_addf(out, "</td><td class=\"n\">%lld</td>",
                 (long long)json_integer_value(json_object_get(row, "n")));
        json_object_foreach(shares, code, v) {
            double x = json_number_value(json_object_get(
                json_object_get(json_object_get(row, "shares"), code),
                "share"));

            /* white blended towards #a33f00 by up to 60%: black text
             * keeps a contrast of 7:1 or more on every shade */
            double a = 0.6 * fmin(fmax(x, 0), 1);

            buf_addf(out, "<td class=\"n\" style=\"background:#%02x%02x%02x\">"
                          "%.0f%%</td>",
                     (unsigned)lround(255 - a * (255 - 0xa3)),
                     (unsigned)lround(255 - a * (255 - 0x3f)),
                     (unsigned)lround(255 - a * 255), 100 * x);
        }
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table></div>");
}

void dash_html_voice(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const struct col pc[] = {
        {"unit", "unit", NULL, F_TEXT},
        {"tool", "tool", NULL, F_TEXT},
        {"workflow", "workflow", NULL, F_TEXT},
        {"people", "n", NULL, F_INT},
        {"very disappointed without it", "very_disappointed", NULL, F_PCT},
        {"fit (40% line)", "fit", NULL, F_TEXT}};
    static const struct col sc[] = {
        {"unit", "unit", NULL, F_TEXT},
        {"scale", "construct", NULL, F_TEXT},
        {"people", "n", NULL, F_INT},
        {"mean (1-5)", "mean", NULL, F_DEC2},
        {"favourable", "favourable", NULL, F_PCT}};
    static const struct col bc[] = {
        {"unit", "unit", NULL, F_TEXT},
        {"workflow", "workflow", NULL, F_TEXT},
        {"friction", "category", NULL, F_TEXT},
        {"raised by", "raised_wave", NULL, F_TEXT},
        {"share", "share", NULL, F_PCT},
        {"status", "status", NULL, F_TEXT},
        {"owner", "owner", NULL, F_TEXT}};
    json_t *r = json_object_get(j, "results"), *rows, *x;
    size_t i;

    head(out, ch, "Voice: where the work slows down");
    if (!json_is_object(r)) {
        buf_puts(out, "<p>No survey wave yet. Open one with <code>traction "
                      "survey open</code>, or import your survey tool's "
                      "export with <code>traction import survey</code>.</p>");
    } else {
        buf_puts(out, "<p class=\"headline\">Wave ");
        vhtml_esc(out, vjson_str(r, "wave"));
        if (json_is_integer(json_object_get(r, "responses")))
            buf_addf(out, ": %lld people answered.",
                     (long long)json_integer_value(
                         json_object_get(r, "responses")));
        else
            buf_puts(out, ": fewer than 5 people answered.");
        buf_puts(out, "</p><p class=\"muted\">Anonymous: no answer is linked "
                      "to a person. A unit with fewer than 5 answers counts "
                      "under the unit above it, and a figure that would let "
                      "one be worked out is not shown.</p>");
        buf_puts(out, "<h2>Friction: where work slowed down</h2>");
        heatmap(out, json_object_get(r, "choices"));
        buf_puts(out, "<h2>Internal product-market fit</h2><p class=\"muted\">"
                      "The share who would be very disappointed if they could "
                      "no longer use the tool for the workflow; 40% is the "
                      "usual fit line. Above or below it only when the 95% "
                      "interval says so.</p>");
        rows = json_array();
        json_array_foreach(json_object_get(r, "pmf"), i, x) {
            json_t *c = json_deep_copy(x);

            json_object_set_new(c, "unit", json_string(unit_or_all(x)));
            json_array_append_new(rows, c);
        }
        table(out, rows, pc, NCOLS(pc));
        json_decref(rows);
        buf_puts(out, "<h2>Scales</h2>");
        rows = json_array();
        json_array_foreach(json_object_get(r, "scores"), i, x) {
            json_t *c = json_deep_copy(x);

            json_object_set_new(c, "unit", json_string(unit_or_all(x)));
            json_array_append_new(rows, c);
        }
        table(out, rows, sc, NCOLS(sc));
        json_decref(rows);
    }
    buf_puts(out, "<h2>The friction backlog</h2>");
    rows = json_object_get(json_object_get(j, "backlog"), "items");
    if (!json_array_size(rows))
        buf_puts(out, "<p>Nothing on the backlog you may see. <code>traction "
                      "friction list</code> raises what a wave shows.</p>");
    else
        table(out, rows, bc, NCOLS(bc));
    foot(out);
}

void dash_html_learning(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const struct col cols[] = {
        {"team", "team", NULL, F_TEXT},
        {"pilots", "pilots", NULL, F_INT},
        {"scaled", "scaled", NULL, F_INT},
        {"retired (null or negative)", "retired", NULL, F_INT},
        {"running", "running", NULL, F_INT},
        {"documented", "documented", NULL, F_INT},
        {"learning hours", "learning_hours", NULL, F_INT}};
    json_t *o = json_object_get(j, "organisation");

    head(out, ch, "The learning ledger");
    buf_addf(out, "<p>Across the organisation: %.0f pilots, %.0f scaled, "
                  "%.0f retired, %.0f running, %.0f documented, %.0f "
                  "learning hours. Every documented pilot counts, including "
                  "those retired: an honest null result is learning.</p>",
             json_number_value(json_object_get(o, "pilots")),
             json_number_value(json_object_get(o, "scaled")),
             json_number_value(json_object_get(o, "retired")),
             json_number_value(json_object_get(o, "running")),
             json_number_value(json_object_get(o, "documented")),
             json_number_value(json_object_get(o, "learning_hours")));
    if (json_array_size(json_object_get(j, "teams")))
        table(out, json_object_get(j, "teams"), cols, NCOLS(cols));
    foot(out);
}

void dash_html_learning_time(struct buf *out, const struct dash_chrome *ch,
                             json_t *j)
{
    static const struct col cols[] = {
        {"week", "week", NULL, F_TEXT},
        {"unit", "unit", NULL, F_TEXT},
        {"people", "people", NULL, F_INT},
        {"planned", "planned_hours", NULL, F_DEC1},
        {"calendar", "calendar", "hours_per_person", F_DEC1},
        {"with learning hours", "calendar", "learners", F_INT},
        {"survey", "survey", "hours_per_person", F_DEC1},
        {"actual", "actual_hours", NULL, F_DEC1},
        {"from", "actual_source", NULL, F_TEXT}};
    json_t *hidden = json_object_get(j, "hidden");

    head(out, ch, "Learning time: protected and actual");
    buf_puts(out, "<p>Hours a person a week, per unit and ISO week: the "
                  "protected time planned, the learning hours calendars "
                  "show, and the pulse survey's answer (its bands' hours "
                  "over the two weeks it asks about, halved). The actual "
                  "figure is the survey's where it is shown, else the "
                  "calendar's. A calendar figure needs at least 5 people "
                  "with learning hours; a dash is a figure not shown, "
                  "whether there was none or it was hidden.</p>");
    if (!json_array_size(json_object_get(j, "rows")))
        buf_puts(out, "<p>No plan, calendar or survey figure to show yet: "
                      "<code>traction learning-time plan</code> and "
                      "<code>traction import calendar</code>.</p>");
    else
        table(out, json_object_get(j, "rows"), cols, NCOLS(cols));
    if (json_integer_value(hidden) > 0)
        buf_addf(out, "<p class=\"muted\">%lld calendar figure%s not shown "
                      "(fewer than 5 people, or one would give another "
                      "away).</p>",
                 (long long)json_integer_value(hidden),
                 json_integer_value(hidden) == 1 ? "" : "s");
    foot(out);
}

void dash_html_value(struct buf *out, const struct dash_chrome *ch,
                     json_t *j)
{
    static const struct col tools[] = {
        {"tool", "tool", NULL, F_TEXT},
        {"evidence", "evidence", NULL, F_TEXT},
        {"licence spend", "spend", NULL, F_INT},
        {"realised value (95% interval)", "value", NULL, F_VALUE}};
    static const struct col months[] = {
        {"month", "month", NULL, F_TEXT},
        {"seats", "seats", NULL, F_INT},
        {"licence spend", "spend", NULL, F_INT},
        {"realised value (95% interval)", "value", NULL, F_VALUE}};
    static const struct col adoptions[] = {
        {"pilot", "pilot", NULL, F_PILOT},
        {"team", "team", NULL, F_TEXT},
        {"workflow / tool", "workflow", NULL, F_WF_TOOL},
        {"metric", "metric", NULL, F_TEXT},
        {"measured change", "relative", NULL, F_PCT_SIGNED},
        {"volume since (hours; items for errors, rework)", "volume", NULL,
         F_INT},
        {"value (95% interval)", "value", NULL, F_VALUE}};
    json_t *t, *m, *total = json_object_get(j, "total");
    size_t i, k;

    head(out, ch, "Value: licence spend beside measured effects");
    buf_puts(out, "<p>Only what scaled pilots measured counts, with its "
                  "uncertainty; a tool without a scaled pilot is <em>not "
                  "measured</em>, never zero. Spend ");
    h_num(out, json_object_get(total, "spend"), 0);
    buf_puts(out, ", realised value ");
    if (json_is_number(json_object_get(total, "value"))) {
        h_num(out, json_object_get(total, "value"), 0);
        buf_puts(out, " (95%: ");
        h_num(out, json_object_get(total, "value_low"), 0);
        buf_puts(out, " to ");
        h_num(out, json_object_get(total, "value_high"), 0);
        buf_puts(out, ").</p>");
    } else
        buf_puts(out, "not measured.</p>");
    table(out, json_object_get(j, "tools"), tools, NCOLS(tools));
    json_array_foreach(json_object_get(j, "tools"), i, t) {
        json_t *labels = json_array(), *sp = json_array(), *v = json_array(),
               *lo = json_array(), *hi = json_array();
        struct h_series s[4] = {{"licence spend", sp},
                                {"realised value", v},
                                {"value, 95% low", lo},
                                {"value, 95% high", hi}};

        buf_puts(out, "<h2>");
        vhtml_esc(out, vjson_str(t, "tool"));
        buf_puts(out, "</h2>");
        json_array_foreach(json_object_get(t, "months"), k, m) {
            json_array_append_new(labels, json_string(vjson_str(m, "month")));
            json_array_append(sp, json_object_get(m, "spend"));
            json_array_append(v, json_object_get(m, "value"));
            json_array_append(lo, json_object_get(m, "value_low"));
            json_array_append(hi, json_object_get(m, "value_high"));
        }
        if (json_array_size(labels) > 1)
            h_line_chart(out, "Licence spend and realised value by month",
                         labels, s, 4, 0);
        table(out, json_object_get(t, "months"), months, NCOLS(months));
        json_decref(labels);
        json_decref(sp);
        json_decref(v);
        json_decref(lo);
        json_decref(hi);
    }
    if (json_array_size(json_object_get(j, "adoptions"))) {
        buf_puts(out, "<h2>Scaled pilots counted</h2>");
        table(out, json_object_get(j, "adoptions"), adoptions,
              NCOLS(adoptions));
    }
    buf_puts(out, "<h2>Caveats</h2><ul>");
    json_array_foreach(json_object_get(j, "caveats"), i, t) {
        buf_puts(out, "<li>");
        vhtml_esc(out, json_string_value(t));
        buf_puts(out, "</li>");
    }
    buf_puts(out, "</ul>");
    foot(out);
}

void dash_html_whatif(struct buf *out, const struct dash_chrome *ch,
                      json_t *j)
{
    static const struct {
        const char *key, *title;
        int percent;
    } curves[] = {
        {"real_use", "Share of people using the tool for real", 1},
        {"theatre", "Share registering activity without real use", 1},
        {"shadow", "Share using external AI tools", 1},
        {"outcome_change", "Cycle-time change of the work (lower is "
                           "better: work gets done faster)", 1},
        {"manager_hours", "Extra hours a week per manager", 0},
    };
    static const struct col cols[] = {
        {"week", "week", NULL, F_TEXT},
        {"strategy", "strategy", NULL, F_TEXT},
        {"real use", "real_use", NULL, F_PCT},
        {"theatre", "theatre", NULL, F_PCT},
        {"shadow", "shadow", NULL, F_PCT},
        {"cycle time", "outcome_change", NULL, F_PCT_SIGNED},
        {"manager hours", "manager_hours", NULL, F_DEC1}};
    json_t *m = json_object_get(j, "mandate"), *e = json_object_get(j, "earned"),
           *rows = json_array();
    size_t i;

    head(out, ch, "What if we earn adoption instead of mandating it?");
    buf_puts(out, "<p class=\"notice\">");
    vhtml_esc(out, vjson_str(j, "note"));
    buf_addf(out, ". Seed %lld, %lld people, %lld months; run your own with "
                  "<code>traction simulate --compare</code>.</p>",
             (long long)json_integer_value(json_object_get(j, "seed")),
             (long long)json_integer_value(json_object_get(j, "people")),
             (long long)json_integer_value(json_object_get(j, "months")));
    {   /* the conclusion, from the last week of each curve */
        json_t *lm = json_array_get(m, json_array_size(m) - 1),
               *le = json_array_get(e, json_array_size(e) - 1);

        if (lm && le) {
            buf_puts(out, "<p class=\"headline\">In this model, by the "
                          "last week earning adoption has ");
            h_pct(out, json_object_get(le, "real_use"), 0);
            buf_puts(out, " of people using the tool for real against ");
            h_pct(out, json_object_get(lm, "real_use"), 0);
            buf_puts(out, " under the mandate, ");
            h_pct(out, json_object_get(le, "theatre"), 0);
            buf_puts(out, " registering activity without real use against ");
            h_pct(out, json_object_get(lm, "theatre"), 0);
            buf_puts(out, ", and cycle time changed by ");
            h_pct(out, json_object_get(le, "outcome_change"), 1);
            buf_puts(out, " against ");
            h_pct(out, json_object_get(lm, "outcome_change"), 1);
            buf_puts(out, ". A model's answer to its own assumptions, not "
                          "evidence: your pilots are.</p>");
        }
    }
    for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
        json_t *labels = json_array(), *pm = json_array(), *pe = json_array(),
               *r;
        struct h_series s[2] = {{"mandate", pm}, {"earned", pe}};

        json_array_foreach(m, i, r) {
            json_array_append_new(labels, json_string(vjson_str(r, "week")));
            json_array_append(pm, json_object_get(r, curves[c].key));
            json_array_append(pe, json_object_get(json_array_get(e, i),
                                                  curves[c].key));
        }
        h_line_chart(out, curves[c].title, labels, s, 2, curves[c].percent);
        json_decref(labels);
        json_decref(pm);
        json_decref(pe);
    }
    for (i = 0; i < json_array_size(m); i += 4)
        for (int k = 0; k < 2; k++) {
            json_t *r = json_copy(json_array_get(k ? e : m, i));

            json_object_set_new(r, "strategy",
                                json_string(k ? "earned" : "mandate"));
            json_array_append_new(rows, r);
        }
    table(out, rows, cols, NCOLS(cols));
    json_decref(rows);
    foot(out);
}

void dash_html_login(struct buf *out, const char *csrf, const char *message)
{
    head(out, NULL, "Sign in to traction");
    if (message) {
        buf_puts(out, "<p class=\"error\" role=\"alert\">");
        vhtml_esc(out, message);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<form method=\"post\" action=\"/login\">"
                  "<input type=\"hidden\" name=\"csrf\" value=\"");
    vhtml_esc(out, csrf ? csrf : "");
    buf_puts(out, "\"><p><label>Name "
                  "<input name=\"name\" autocomplete=\"username\" required>"
                  "</label></p><p><label>Password <input type=\"password\" "
                  "name=\"password\" autocomplete=\"current-password\" "
                  "required></label></p><p><button>Sign in</button></p>"
                  "</form>");
    foot(out);
}

void dash_html_message(struct buf *out, const struct dash_chrome *ch,
                       const char *title, const char *message)
{
    head(out, ch, title);
    buf_puts(out, "<p>");
    vhtml_esc(out, message);
    buf_puts(out, "</p>");
    foot(out);
}

void dash_html_report(struct buf *out, json_t *overview, json_t *pilots,
                      json_t *playbooks, int64_t now)
{
    struct buf day = BUF_INIT, body = BUF_INIT;
    const char *o, *start;

    /* the overview page, then the pilots and playbooks sections, in one
     * document with the stylesheet inline */
    dash_html_overview(&body, NULL, overview);
    o = buf_str(&body);
    start = strstr(o, "</main>");
    buf_add(out, o, start ? (size_t)(start - o) : strlen(o));
    tstamp_format_day(&day, now);
    buf_puts(out, "<h1>Pilots</h1>");
    glance_cards(out, json_object_get(pilots, "glance"));
    forest_of(out, json_object_get(pilots, "pilots"));
    pilot_rows(out, json_object_get(pilots, "pilots"));
    buf_puts(out, "<h1>Playbooks</h1>");
    playbook_list(out, playbooks, 0);
    buf_puts(out, "<p class=\"muted\">Report made by traction on ");
    vhtml_esc(out, buf_str(&day));
    buf_puts(out, ". Team level only; cells under the privacy thresholds "
                  "are suppressed.</p>");
    foot(out);
    buf_release(&day);
    buf_release(&body);
}
