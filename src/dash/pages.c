/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's pages as HTML, rendered from the same JSON the API
 * serves. Every value from data goes through vhtml_esc; pages work without
 * JavaScript (there is none). */
#include "dash/dash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/reasons.h"
#include "core/tstamp.h"
#include "core/xalloc.h"
#include "analysis/value.h"
#include "dash/dash_int.h"
#include "view/reasons_view.h"

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

/* The words of closed sets that page data carries as they are stored
 * (a verdict, a decision, a metric): marked here for the catalogue and
 * shown in the reader's language by word(). Only these are translated:
 * a team or tool named like one of them keeps its name. Survey
 * constructs and options come with their labels from the instrument. */
static const char *const words[][2] = {
    {"verdict", NC_("verdict", "theatre")},
    {"verdict", NC_("verdict", "real")},
    {"verdict", NC_("verdict", "unclear")},
    {"decision", NC_("decision", "scale")},
    {"decision", NC_("decision", "iterate")},
    {"decision", NC_("decision", "retire")},
    {"metric", NC_("metric", "cycle_time")},
    {"metric", NC_("metric", "quality")},
    {"metric", NC_("metric", "errors")},
    {"metric", NC_("metric", "rework")},
    {"design", NC_("design", "before-after")},
    {"design", NC_("design", "concurrent")},
    {"design", NC_("design", "did")},
    {"direction", NC_("direction", "decrease")},
    {"direction", NC_("direction", "increase")},
    {"fit", NC_("fit", "above")},
    {"fit", NC_("fit", "below")},
    {"fit", NC_("fit", "undecided")},
    {"backlog", NC_("backlog", "open")},
    {"backlog", NC_("backlog", "assigned")},
    {"backlog", NC_("backlog", "resolved")},
    {"evidence", NC_("evidence", "none")},
    {"evidence", NC_("evidence", "running")},
    {"evidence", NC_("evidence", "retired")},
    {"evidence", NC_("evidence", "scaled")},
    {"strategy", NC_("strategy", "mandate")},
    {"strategy", NC_("strategy", "earned")},
    {"role", NC_("role", "admin")},
    {"role", NC_("role", "manager")},
    {"role", NC_("role", "viewer")},
    {"role", NC_("role", "governance")},
    {"metric", NC_("metric", "reviewed")},
    {"source", NC_("source", "survey")},
    {"source", NC_("source", "calendar")},
    {"service", NC_("service", "chat")},
    {"service", NC_("service", "coding")},
    {"service", NC_("service", "api")},
    {"service", NC_("service", "image")},
    {"service", NC_("service", "writing")},
    {"service", NC_("service", "search")},
    {"service", NC_("service", "translation")},
    {"service", NC_("service", "meeting")},
    {"request state", NC_("request state", "submitted")},
    {"request state", NC_("request state", "in review")},
    {"request state", NC_("request state", "decided")},
    {"request decision", NC_("request decision", "approve")},
    {"request decision", NC_("request decision", "approve-with-conditions")},
    {"request decision", NC_("request decision", "decline")},
};

/* key in the reader's language when it is a word of the set ctx; else
 * key itself (NULL stays NULL). */
static const char *word(const char *ctx, const char *key)
{
    for (size_t i = 0; key && i < sizeof(words) / sizeof(words[0]); i++)
        if (!strcmp(words[i][0], ctx) && !strcmp(words[i][1], key))
            return C_(ctx, key);
    return key;
}

const char *dash__word(const char *ctx, const char *key)
{
    return word(ctx, key);
}

/* A text the page data carries: in the reader's language when it is a
 * message of the catalogue (marked N_() where it was made); else as it
 * is, and on a page in another language marked lang="en": it is English
 * (a message made with numbers that is not a reason, a reason whose
 * translation does not fit: dash_html_reason), and a screen reader
 * should read it so. */
void dash_html_msg(struct buf *out, const char *s)
{
    const char *t = _(s);
    int en = s && *s && t == s && i18n_current() != I18N_EN;

    if (en)
        buf_puts(out, "<span lang=\"en\">");
    vhtml_esc(out, t);
    if (en)
        buf_puts(out, "</span>");
}

/* A reason: formatted again in the reader's language from its message
 * (view/reasons_view.h), else its English as dash_html_msg shows it. */
void dash_html_reason(struct buf *out, json_t *text, json_t *msg)
{
    struct reason_msg m;
    struct buf b = BUF_INIT;

    if (i18n_current() != I18N_EN && !vreasons_read(msg, &m)
        && !reasons_format(&b, &m, 1))
        vhtml_esc(out, buf_str(&b));
    else
        dash_html_msg(out, json_string_value(text));
    buf_release(&b);
}

/* The link to the page in the other language (?lang= sets a cookie). */
static void lang_switch(struct buf *out)
{
    enum i18n_lang other = i18n_current() == I18N_NL ? I18N_EN : I18N_NL;

    if (!i18n_available(other))
        return;
    /* each language's name in itself, so a reader finds their own */
    buf_addf(out, "<a class=\"lang\" href=\"?lang=%s\" hreflang=\"%s\" "
                  "lang=\"%s\">%s</a>",
             i18n_codes[other], i18n_codes[other], i18n_codes[other],
             other == I18N_NL ? "Nederlands" : "English");
}

void dash_html_nav(struct buf *out, const struct dash_chrome *ch)
{
    static const char *const links[][2] = {
        {"/", N_("Overview")},     {"/pilots", N_("Pilots")},
        {"/playbooks", N_("Playbooks")}, {"/voice", N_("Voice")},
        {"/learning", N_("Learning")},
        {"/learning-time", N_("Learning time")}, {"/load", N_("Load")},
        {"/value", N_("Value")},   {"/proposals", N_("Proposals")},
        {"/requests", N_("Requests")}, {"/human", N_("What stays human")},
        {"/whatif", N_("What-if")}};

    buf_addf(out, "<header><nav aria-label=\"%s\">", _("main"));
    for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
        buf_addf(out, "<a href=\"%s\">%s</a>", links[i][0], _(links[i][1]));
    lang_switch(out);
    buf_puts(out, "<span class=\"user\">");
    vhtml_esc(out, ch->user);
    buf_puts(out, " (");
    vhtml_esc(out, word("role", ch->role));
    buf_puts(out, ")<form method=\"post\" action=\"/logout\"><input "
                  "type=\"hidden\" name=\"csrf\" value=\"");
    vhtml_esc(out, ch->csrf);
    buf_addf(out, "\"><button>%s</button></form></span></nav></header>",
             _("Sign out"));
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
    buf_addf(out, "<!doctype html><html lang=\"%s\"><head><meta "
                  "charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>",
             i18n_codes[i18n_current()]);
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
        dash_html_msg(out, ch->notice);
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

void dash__head(struct buf *out, const struct dash_chrome *ch,
                const char *title)
{
    head(out, ch, title);
}

void dash__foot(struct buf *out)
{
    foot(out);
}

void dash__csrf(struct buf *out, const struct dash_chrome *ch)
{
    csrf_value(out, ch);
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
    F_MSG,        /* a text an analysis made, with its message in
                     row[key "_message"]: dash_html_reason */
    F_METRIC,     /* a pilot metric's name with what its means count */
    F_VALUE,      /* money with its interval, or "not measured" */
};

struct col {
    const char *head;        /* N_(): translated when shown */
    const char *key, *sub;   /* the value: row[key], or row[key][sub] */
    enum fmt fmt;
    const char *ctx;         /* F_TEXT: a word from a closed set (a
                                decision, a metric), shown as C_(ctx,
                                value); NULL: the data's own text */
};

static void cell(struct buf *out, json_t *row, const struct col *c)
{
    json_t *v = json_object_get(row, c->key);
    const char *verdict;

    if (c->sub)
        v = json_object_get(v, c->sub);
    switch (c->fmt) {
    case F_TEXT:
        vhtml_esc(out, c->ctx ? word(c->ctx, json_string_value(v))
                              : json_string_value(v));
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
            buf_puts(out, _(" (merged: teams under 10 people)"));
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
            buf_addf(out, "<span class=\"muted\">%s</span>",
                     _("not measured"));
            break;
        }
        h_num(out, v, 0);
        buf_puts(out, " <span class=\"muted\">(");
        h_num(out, json_object_get(row, "value_low"), 0);
        buf_puts(out, _(" to "));
        h_num(out, json_object_get(row, "value_high"), 0);
        buf_puts(out, ")</span>");
        break;
    case F_VERDICT:
        verdict = json_string_value(v) ? json_string_value(v) : "";
        buf_addf(out, "<span class=\"%s\">",
                 !strcmp(verdict, "theatre") ? "theatre"
                 : !strcmp(verdict, "real")  ? "real"
                                             : "muted");
        vhtml_esc(out, word("verdict", verdict));
        buf_puts(out, "</span>");
        break;
    case F_MSG: {
        char k[64];

        snprintf(k, sizeof(k), "%s_message", c->key);
        dash_html_reason(out, v, json_object_get(row, k));
        break;
    }
    case F_REASONS: {
        json_t *r, *msgs = json_object_get(row, "reason_messages");
        size_t k;

        buf_puts(out, "<small>");
        json_array_foreach(v, k, r) {
            if (k)
                buf_puts(out, "; ");
            dash_html_reason(out, r, json_array_get(msgs, k));
        }
        buf_puts(out, "</small>");
        break;
    }
    case F_METRIC:
        vhtml_esc(out, word("metric", json_string_value(v)));
        for (int k = 0; k < PM_COUNT; k++)
            if (json_string_value(v)
                && !strcmp(json_string_value(v), pilot_metric_names[k]))
                buf_addf(out, " <small>(%s)</small>",
                         _(pilot_metric_units[k]));
        break;
    case F_STATE:
        for (int k = 0; k < PST_COUNT; k++)
            if (json_string_value(v)
                && !strcmp(json_string_value(v), portfolio_state_keys[k]))
                buf_addf(out, k == PST_DUE ? "<b>%s</b>" : "%s",
                         _(portfolio_state_names[k]));
        break;
    }
}

static int numeric(enum fmt f)
{
    return f != F_TEXT && f != F_CHANGE && f != F_TEAM && f != F_PILOT
           && f != F_WF_TOOL && f != F_VERDICT && f != F_STATE
           && f != F_REASONS && f != F_MSG && f != F_METRIC
           && f != F_VALUE;
}

/* A table of nrows rows (objects, borrowed: read only, no reference
 * taken, as kept data is shared by every request thread). Rows marked
 * "suppressed" are left out; how many is said under the table. */
static void table_of(struct buf *out, json_t *const *rows, size_t nrows,
                     const struct col *cols, size_t n)
{
    size_t hidden = 0;

    /* a wide table scrolls in its own box on a phone, not the page */
    buf_puts(out, "<div class=\"scroll\" tabindex=\"0\"><table><thead><tr>");
    for (size_t c = 0; c < n; c++) {
        buf_puts(out, numeric(cols[c].fmt) ? "<th class=\"n\">" : "<th>");
        vhtml_esc(out, _(cols[c].head));
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
    for (size_t i = 0; i < nrows; i++) {
        json_t *row = rows[i];

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
    if (hidden) {
        buf_puts(out, "<p class=\"muted\">");
        buf_addf(out,
                 i18n_ngettext("%zu more row had too few people (under the "
                               "privacy threshold) and is not shown.",
                               "%zu more rows had too few people (under the "
                               "privacy threshold) and are not shown.",
                               hidden),
                 hidden);
        buf_puts(out, "</p>");
    }
}

/* A table of rows (an array of objects), as table_of. */
static void table(struct buf *out, json_t *rows, const struct col *cols,
                  size_t n)
{
    size_t nrows = json_array_size(rows);
    json_t **v = xcalloc(nrows ? nrows : 1, sizeof(*v));

    for (size_t i = 0; i < nrows; i++)
        v[i] = json_array_get(rows, i);
    table_of(out, v, nrows, cols, n);
    free(v);
}

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static void glance_cards(struct buf *out, json_t *g)
{
    static const enum portfolio_state order[] = {PST_SCALED, PST_DUE,
                                                 PST_RUNNING, PST_RETIRED};
    static const struct col cols[] = {
        {N_("pilot"), "pilot", NULL, F_PILOT},
        {N_("team"), "team", NULL, F_TEXT},
        {N_("workflow / tool"), NULL, NULL, F_WF_TOOL},
        {N_("review date"), "review", NULL, F_TEXT},
        {N_("recommends"), "recommendation", NULL, F_TEXT, "decision"}};
    json_t *counts = json_object_get(g, "counts");
    json_t *due = json_object_get(g, "decisions_due");

    buf_puts(out, "<div class=\"cards\">");
    for (size_t i = 0; i < NCOLS(order); i++)
        buf_addf(out, "<div class=\"card\"><b>%lld</b>%s</div>",
                 (long long)json_integer_value(json_object_get(
                     counts, portfolio_state_keys[order[i]])),
                 _(portfolio_state_names[order[i]]));
    buf_puts(out, "</div>");
    if (!json_array_size(due))
        return;
    buf_addf(out, "<h3>%s</h3><p>%s</p>", _("Decisions due"),
             _("Past their review date with no decision: traction "
               "recommends, a person decides (scale, iterate or retire, "
               "with what was learned)."));
    table(out, due, cols, NCOLS(cols));
}

void dash__overview_headline(struct buf *out, json_t *j)
{
    json_t *h = json_object_get(j, "headline");
    long long due = json_integer_value(json_object_get(h, "decisions_due"));

    if (json_is_string(json_object_get(j, "week"))) {
        buf_puts(out, "<p class=\"headline\">");
        buf_addf(out,
                 _("In week %s, of %lld teams shown, <b>%lld</b> use the "
                   "approved tool in depth with outcomes that moved (real), "
                   "<b>%lld</b> are in the mandate trap (theatre) and "
                   "<b>%lld</b> are unclear."),
                 vjson_str(j, "week"),
                 (long long)json_integer_value(json_object_get(h, "teams")),
                 (long long)json_integer_value(json_object_get(h, "real")),
                 (long long)json_integer_value(json_object_get(h, "theatre")),
                 (long long)json_integer_value(json_object_get(h, "unclear")));
        buf_putc(out, ' ');
        buf_addf(out,
                 i18n_ngettext("%lld pilot has a decision due.",
                               "%lld pilots have a decision due.",
                               (unsigned long)due),
                 due);
        buf_puts(out, "</p><p class=\"muted\">");
        buf_addf(out, _("Week %s is %s."), vjson_str(j, "week"),
                 _(vjson_str(h, "week_basis")));
    } else {
        buf_addf(out, "<p class=\"headline\">%s</p><p class=\"muted\">",
                 _("No telemetry or shadow-AI data yet: import some (see the "
                   "guide) to see where adoption is real."));
        buf_addf(out, _("The week shown is %s."),
                 _(vjson_str(h, "week_basis")));
    }
    buf_putc(out, ' ');
    buf_puts(out, _("Activity on the approved tool beside outcome change "
                    "beside shadow demand, per team. Teams under 10 people "
                    "are merged into their parent unit."));
    buf_puts(out, "</p>");
}

/* The overview's team rows of verdict (NULL: every verdict) in the
 * order of the table: every function's, merged and sorted. Borrowed
 * from j; free the array itself. */
static json_t **overview_rows(json_t *j, const char *verdict, size_t *n)
{
    json_t *f, *t, **v = NULL;
    size_t i, k, cap = 0;

    *n = 0;
    json_array_foreach(json_object_get(j, "functions"), i, f)
        json_array_foreach(json_object_get(f, "teams"), k, t) {
            if (verdict && strcmp(vjson_str(t, "verdict"), verdict))
                continue;
            v = xgrow(v, &cap, *n + 1, sizeof(*v));
            v[(*n)++] = t;
        }
    if (*n)
        qsort(v, *n, sizeof(*v), dash__cmp_team_rows);
    return v;
}

/* The link to page p of the teams of verdict (NULL: all). */
static void overview_href(struct buf *out, const char *verdict, long p)
{
    buf_puts(out, "/");
    if (verdict)
        buf_addf(out, "?verdict=%s", verdict);
    if (p > 1)
        buf_addf(out, "%spage=%ld", verdict ? "&amp;" : "?", p);
}

/* The counts of every function's teams (organisation level). */
static void overview_functions(struct buf *out, json_t *functions)
{
    static const char *const keys[] = {"teams_shown", "people", "theatre",
                                       "unclear", "real"};
    json_t *f;
    size_t i;

    buf_addf(out, "<h3>%s</h3><div class=\"scroll\" tabindex=\"0\">"
                  "<table><thead><tr><th>%s</th><th class=\"n\">%s</th>"
                  "<th class=\"n\">%s</th>",
             _("By function"), _("function"), _("teams shown"),
             _("people"));
    for (size_t k = 2; k < sizeof(keys) / sizeof(keys[0]); k++) {
        buf_puts(out, "<th class=\"n\">");
        vhtml_esc(out, word("verdict", keys[k]));
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
    json_array_foreach(functions, i, f) {
        buf_puts(out, "<tr><td>");
        vhtml_esc(out, vjson_str(f, "function"));
        buf_puts(out, "</td>");
        for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
            buf_puts(out, "<td class=\"n\">");
            h_num(out, json_object_get(f, keys[k]), 0);
            buf_puts(out, "</td>");
        }
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table></div>");
}

/* The filter by verdict: a plain GET form (no script). */
static void overview_filter(struct buf *out, const char *verdict)
{
    static const char *const verdicts[] = {"theatre", "unclear", "real"};

    buf_addf(out, "<form method=\"get\" action=\"/\" class=\"filter\">"
                  "<label for=\"verdict\">%s</label> <select id=\"verdict\" "
                  "name=\"verdict\"><option value=\"\">%s</option>",
             _("Teams with the verdict"), _("any verdict"));
    for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
        buf_addf(out, "<option value=\"%s\"%s>", verdicts[i],
                 verdict && !strcmp(verdict, verdicts[i]) ? " selected"
                                                          : "");
        vhtml_esc(out, word("verdict", verdicts[i]));
        buf_puts(out, "</option>");
    }
    buf_addf(out, "</select> <button>%s</button></form>", _("Show"));
}

/* Where the page is among the pages of the table, with links to the
 * first, previous, next and last pages. */
static void overview_pager(struct buf *out, const char *verdict, long page,
                           long pages, size_t first, size_t last, size_t n)
{
    buf_addf(out, "<nav class=\"pager\" aria-label=\"%s\"><p>",
             _("Pages of the teams table"));
    if (n)
        buf_addf(out, _("Teams %zu to %zu of %zu, page %ld of %ld."),
                 first, last, n, page, pages);
    else
        buf_puts(out, _("No team has this verdict."));
    buf_puts(out, "</p>");
    if (pages > 1) {
        buf_puts(out, "<p>");
        if (page > 1) {
            buf_puts(out, "<a href=\"");
            overview_href(out, verdict, 1);
            buf_addf(out, "\">%s</a> <a rel=\"prev\" href=\"", _("first"));
            overview_href(out, verdict, page - 1);
            buf_addf(out, "\">%s</a> ", _("previous"));
        }
        if (page < pages) {
            buf_puts(out, "<a rel=\"next\" href=\"");
            overview_href(out, verdict, page + 1);
            buf_addf(out, "\">%s</a> <a href=\"", _("next"));
            overview_href(out, verdict, pages);
            buf_addf(out, "\">%s</a>", _("last"));
        }
        buf_puts(out, "</p>");
    }
    buf_puts(out, "</nav>");
}

void dash_html_overview(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    /* a report (no chrome) is read from its file: every team, no pages */
    dash_html_overview_page(out, ch, j, NULL, 1, NULL);
}

int dash_html_overview_page(struct buf *out, const struct dash_chrome *ch,
                            json_t *j, const char *verdict, long page,
                            struct diag *diag)
{
    static const struct col cols[] = {
        {N_("team"), "team", NULL, F_TEAM},
        {N_("function"), "function", NULL, F_TEXT},
        {N_("people"), "people", NULL, F_INT},
        {N_("active on the approved tool"), "approved", "active_share", F_PCT},
        {N_("days a week"), "approved", "days_per_person", F_DEC1},
        {N_("registration-only"), "approved", "registration_only_share",
         F_PCT},
        {N_("shadow demand (at least)"), "shadow", "share", F_PCT},
        {N_("cycle time, last 4 weeks"), "outcome", "cycle_time_change",
         F_PCT_SIGNED},
        {N_("verdict"), "verdict", NULL, F_VERDICT},
        {N_("why"), "reasons", NULL, F_REASONS}};
    size_t per = ch ? DASH_OVERVIEW_ROWS : 0, n, first, last;
    json_t **rows;
    long pages;

    if (verdict && !*verdict)
        verdict = NULL;
    if (verdict && strcmp(verdict, "theatre") && strcmp(verdict, "unclear")
        && strcmp(verdict, "real"))
        return diag_set(diag, TR_EINVAL,
                        N_("the verdict to show is 'theatre', 'unclear' "
                           "or 'real' (or empty, for every team)"));
    rows = overview_rows(j, verdict, &n);
    pages = per && n ? (long)((n + per - 1) / per) : 1;
    if (page < 1 || page > pages) {
        free(rows);
        return diag_set(diag, TR_EINVAL,
                        "there is no page %ld of the teams table: its "
                        "pages are 1 to %ld",
                        page, pages);
    }
    first = per ? (size_t)(page - 1) * per : 0;
    last = per && first + per < n ? first + per : n;

    head(out, ch, _("Where adoption is real"));
    dash__overview_headline(out, j);
    buf_addf(out, "<h2>%s</h2>", _("The portfolio at a glance"));
    glance_cards(out, json_object_get(j, "portfolio"));
    buf_addf(out, "<p><a href=\"/pilots\">%s</a></p>", _("All pilots"));
    buf_addf(out, "<h2>%s</h2><dl class=\"legend\">", _("Teams"));
    buf_addf(out, "<dt><span class=\"theatre\">%s</span></dt><dd>%s</dd>",
             C_("verdict", "theatre"),
             /* xgettext:no-c-format */
             _("the mandate trap: thin activity on the approved tool (under "
               "30% active, mostly registration-only, or under 1.5 days a "
               "week) while 20% or more of the team use unapproved AI "
               "services"));
    buf_addf(out, "<dt><span class=\"real\">%s</span></dt><dd>%s</dd>",
             C_("verdict", "real"),
             /* xgettext:no-c-format */
             _("the approved tool used in depth (2 or more days a week) and "
               "cycle time at least 10% shorter than the 4 weeks before"));
    buf_addf(out, "<dt><span class=\"muted\">%s</span></dt><dd>%s</dd>",
             C_("verdict", "unclear"),
             _("neither: the reasons say what is missing"));
    buf_addf(out, "<dt>\xE2\x80\x93</dt><dd>%s</dd></dl>",
             _("not shown: fewer than 10 people behind the figure (or "
               "hidden so that such a figure cannot be worked out from the "
               "others)"));
    overview_functions(out, json_object_get(j, "functions"));
    buf_addf(out, "<h3 id=\"teams\">%s</h3><p class=\"muted\">%s</p>",
             _("Every team"),
             _("Theatre first, then unclear, then real; larger teams "
               "first."));
    if (per) {
        overview_filter(out, verdict);
        overview_pager(out, verdict, page, pages, first + 1, last, n);
    }
    if (last > first)
        table_of(out, rows + first, last - first, cols, NCOLS(cols));
    if (per && pages > 1)
        overview_pager(out, verdict, page, pages, first + 1, last, n);
    if (json_integer_value(json_object_get(j, "people_not_shown"))) {
        buf_puts(out, "<p class=\"muted\">");
        buf_addf(out, _("%lld people are in units under 10 people even when "
                        "merged upward, and are not shown."),
                 (long long)json_integer_value(
                     json_object_get(j, "people_not_shown")));
        buf_puts(out, "</p>");
    }
    foot(out);
    free(rows);
    return 0;
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
        s[k] = (struct h_series){_(names[k]), pts[k]};
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
        {N_("pilot"), "pilot", NULL, F_PILOT},
        {N_("team"), "team", NULL, F_TEXT},
        {N_("workflow / tool"), NULL, NULL, F_WF_TOOL},
        {N_("metric"), "metric", NULL, F_TEXT, "metric"},
        {N_("change (interval)"), NULL, NULL, F_CHANGE},
        {N_("q"), "q_value", NULL, F_SIG2},
        {N_("recommends"), "recommendation", NULL, F_TEXT, "decision"},
        {N_("status"), "state", NULL, F_STATE}};

    if (!json_array_size(pilots)) {
        buf_addf(out, "<p>%s</p>", _("No pilots you may see."));
        return;
    }
    table(out, pilots, cols, NCOLS(cols));
    buf_addf(out, "<p class=\"muted\">%s</p>",
             _("q: Benjamini-Hochberg across the concluded pilots; * a "
               "replication. traction recommends; a person decides."));
}

void dash_html_team(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const struct col oc[] = {
        {N_("month"), "group", "month", F_TEXT},
        {N_("items"), "items", NULL, F_INT},
        {N_("median cycle time"), "cycle_h_median", NULL, F_HOURS},
        {N_("quality"), "quality_mean", NULL, F_DEC2},
        {N_("items with errors"), "error_rate", NULL, F_PCT},
        {N_("reworked"), "rework_rate", NULL, F_PCT},
        {N_("with an AI tool"), "ai_share", NULL, F_PCT}};
    static const struct col uc[] = {
        {N_("week"), "week", NULL, F_TEXT},
        {N_("tool"), "tool", NULL, F_TEXT},
        {N_("active people"), "active_people", NULL, F_INT},
        {N_("days a week"), "days_per_person", NULL, F_DEC1},
        {N_("registration-only"), "registration_only_share", NULL, F_PCT}};
    static const struct col sc[] = {
        {N_("week"), "week", NULL, F_TEXT},
        {N_("service"), "service", NULL, F_TEXT},
        {N_("category"), "category", NULL, F_TEXT, "service"},
        {N_("people"), "people", NULL, F_INT},
        {N_("active days"), "active_days", NULL, F_INT},
        {N_("requests"), "requests", NULL, F_INT}};
    static const char *const ck[] = {"cycle_h_median"};
    static const char *const cn[] = {N_("median cycle time (hours)")};
    static const char *const rk[] = {"error_rate", "rework_rate",
                                     "ai_share"};
    static const char *const rn[] = {N_("items with errors"), N_("reworked"),
                                     N_("with an AI tool")};
    static const char *const dk[] = {"days_per_person"};
    static const char *const dn[] = {N_("active days a week per person")};
    json_t *rows;
    long long people = json_integer_value(json_object_get(j, "people"));

    head(out, ch, vjson_str(j, "team"));
    buf_puts(out, "<p class=\"muted\">");
    vhtml_esc(out, vjson_str(j, "function"));
    buf_addf(out,
             i18n_ngettext(", %lld person now.", ", %lld people now.",
                           (unsigned long)people),
             people);
    buf_puts(out, "</p>");
    buf_addf(out, "<h2>%s</h2>", _("Outcomes"));
    rows = json_object_get(j, "outcomes");
    chart_of(out, _("Median cycle time by month"), rows, "month", ck, cn, 1,
             0);
    chart_of(out, _("Errors, rework and AI use by month"), rows, "month", rk,
             rn, 3, 1);
    table(out, rows, oc, NCOLS(oc));
    rows = json_object_get(j, "targets");
    buf_addf(out, "<h2>%s</h2>", _("Targets reset while the team learns"));
    if (!json_array_size(rows))
        buf_addf(out, "<p>%s</p>",
                 _("No target of this team has been reset: its outcomes "
                   "above are measured against the same targets."));
    else {
        json_t *r;
        size_t i;

        buf_puts(out, "<ul>");
        json_array_foreach(rows, i, r) {
            struct buf metric = BUF_INIT, from = BUF_INIT, until = BUF_INIT;

            vhtml_esc(&metric, word("metric", vjson_str(r, "metric")));
            vhtml_esc(&from, vjson_str(r, "from"));
            vhtml_esc(&until, vjson_str(r, "until"));
            buf_puts(out, "<li>");
            buf_addf(out, _("%s relaxed by %.0f%% from %s to %s: "),
                     buf_str(&metric),
                     100 * json_number_value(json_object_get(r, "by")),
                     buf_str(&from), buf_str(&until));
            vhtml_esc(out, vjson_str(r, "why"));
            buf_puts(out, "</li>");
            buf_release(&metric);
            buf_release(&from);
            buf_release(&until);
        }
        buf_puts(out, "</ul>");
    }
    buf_addf(out, "<h2>%s</h2>", _("Depth of approved use"));
    rows = json_object_get(j, "approved_use");
    if (!json_array_size(rows))
        buf_addf(out, "<p>%s</p>", _("No telemetry for this team."));
    else {
        chart_of(out, _("Active days a week per active person"), rows,
                 "week", dk, dn, 1, 0);
        table(out, rows, uc, NCOLS(uc));
    }
    buf_addf(out, "<h2>%s</h2><p class=\"muted\">%s</p>",
             _("Shadow demand by service"),
             _("What people reach for when the approved tool does not fit: "
               "demand, not a list of offenders."));
    rows = json_object_get(j, "shadow_demand");
    if (!json_array_size(rows))
        buf_addf(out, "<p>%s</p>", _("No shadow-AI demand recorded."));
    else
        table(out, rows, sc, NCOLS(sc));
    buf_addf(out, "<h2>%s</h2>", _("Pilots"));
    if (json_array_size(json_object_get(json_object_get(j, "pilots"),
                                        "pilots")))
        /* two figures of one team that may disagree, and why */
        buf_addf(out, "<p class=\"muted\">%s</p>",
                 _("A pilot measures one workflow against comparison teams "
                   "over its own window; the overview's verdict looks at all "
                   "of the team's work in the last 4 weeks against the 4 "
                   "before. They can differ without either being wrong."));
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
        h_forest(out, _("Effects of the pilots on their primary metric"),
                 rows, n);
    free(rows);
    free(labels);
    free(hrefs);
}

void dash__pilots_body(struct buf *out, json_t *j)
{
    json_t *pilots = json_object_get(j, "pilots");

    glance_cards(out, json_object_get(j, "glance"));
    forest_of(out, pilots);
    pilot_rows(out, pilots);
}

void dash_html_pilots(struct buf *out, const struct dash_chrome *ch,
                      json_t *j)
{
    head(out, ch, _("Pilots"));
    dash__pilots_body(out, j);
    foot(out);
}

static void dl(struct buf *out, const char *term, const char *value)
{
    buf_puts(out, "<dt>");
    vhtml_esc(out, _(term));
    buf_puts(out, "</dt><dd>");
    vhtml_esc(out, value);
    buf_puts(out, "</dd>");
}

void dash_html_pilot(struct buf *out, const struct dash_chrome *ch,
                     json_t *j)
{
    static const struct col tc[] = {
        {N_("metric (its means)"), "metric", NULL, F_METRIC},
        /* xgettext:no-c-format */
        {N_("change (95% interval)"), NULL, NULL, F_CHANGE},
        {N_("p, two-sided"), "p_value", NULL, F_SIG3},
        {N_("p of harm, one-sided, Holm (guardrails decide on it)"),
         "p_harm_adjusted", NULL, F_SIG3},
        {N_("items compared"), "n_comparison", NULL, F_INT},
        {N_("items in the pilot"), "n_pilot", NULL, F_INT},
        {N_("mean compared"), "mean_comparison", NULL, F_SIG3},
        {N_("mean in the pilot"), "mean_pilot", NULL, F_SIG3}};
    static const struct col dc[] = {
        {N_("when"), "at", NULL, F_TEXT},
        {N_("decision"), "decision", NULL, F_TEXT, "decision"},
        {N_("recommended"), "recommended", NULL, F_TEXT, "decision"},
        {N_("by"), "by", NULL, F_TEXT},
        {N_("why"), "why", NULL, F_TEXT},
        {N_("learned"), "learned", NULL, F_TEXT},
        {N_("differently"), "differently", NULL, F_TEXT}};
    json_t *a = json_object_get(j, "analysis"), *plan = json_object_get(j, "plan"),
           *x, *tests;
    char title[160];
    size_t i;

    snprintf(title, sizeof(title), _("Pilot %lld: %s"),
             (long long)json_integer_value(json_object_get(j, "pilot")),
             vjson_str(j, "team"));
    head(out, ch, title);
    buf_addf(out, "<h2>%s</h2><dl>", _("The registered plan"));
    dl(out, N_("hypothesis"), vjson_str(j, "hypothesis"));
    dl(out, N_("workflow"), vjson_str(a, "workflow"));
    dl(out, N_("tool"), vjson_str(a, "tool"));
    dl(out, N_("metric"), word("metric", vjson_str(plan, "metric")));
    dl(out, N_("direction"), word("direction", vjson_str(plan, "direction")));
    dl(out, N_("design"), word("design", vjson_str(plan, "design")));
    {
        json_t *w = json_object_get(j, "window");
        char start[11], review[11]; /* the days of ISO times */

        for (int k = 0; k < PST_COUNT; k++)
            if (!strcmp(vjson_str(w, "state"), portfolio_state_keys[k]))
                dl(out, N_("status"), _(portfolio_state_names[k]));
        snprintf(start, sizeof(start), "%s", vjson_str(w, "start"));
        snprintf(review, sizeof(review), "%s", vjson_str(w, "review"));
        dl(out, N_("baseline from"), vjson_str(w, "baseline"));
        dl(out, N_("start"), start);
        dl(out, N_("review"), review);
    }
    buf_addf(out, "<dt>%s</dt><dd>", _("smallest effect that matters"));
    h_pct(out, json_object_get(plan, "mde"), 0);
    buf_puts(out, "</dd></dl>");
    buf_addf(out, "<h2>%s</h2>", _("The analysis"));
    tests = json_array();
    json_array_append(tests, json_object_get(a, "primary"));
    json_array_extend(tests, json_object_get(a, "guardrails"));
    table(out, tests, tc, NCOLS(tc));
    json_decref(tests);
    buf_addf(out, "<p class=\"muted\">%s</p>",
             _("The first row is the primary metric: its interval and "
               "two-sided p are what the recommendation weighs (with the q "
               "of its review cohort). The others are its guardrails: a "
               "guardrail counts as harmed when its one-sided p of harm, "
               "adjusted over the pilot's guardrails (Holm), is below the "
               "level; its interval is shown too."));
    buf_addf(out, "<h2>%s</h2><p><b>", _("Recommendation"));
    vhtml_esc(out, word("decision", vjson_str(a, "recommendation")));
    buf_addf(out, "</b> %s</p><ul>",
             _("(traction recommends; a person decides)"));
    json_array_foreach(json_object_get(a, "reasons"), i, x) {
        buf_puts(out, "<li>");
        dash_html_reason(out, x, json_array_get(
                                     json_object_get(a, "reason_messages"), i));
        buf_puts(out, "</li>");
    }
    buf_puts(out, "</ul>");
    if (json_is_true(json_object_get(j, "can_decide")) && ch
        && (ch->csrf || ch->deferred)) {
        buf_addf(out, "<h2>%s</h2><form class=\"decide\" method=\"post\" "
                      "action=\"/pilots/%lld/decide\"><input type=\"hidden\" "
                      "name=\"csrf\" value=\"",
                 _("Decide"),
                 (long long)json_integer_value(json_object_get(j, "pilot")));
        csrf_value(out, ch);
        /* no choice made for the reader: the recommendation is above */
        buf_addf(out, "\"><fieldset><legend>%s</legend>", _("Decision"));
        for (int k = 0; k < 3; k++)
            buf_addf(out, "<label><input type=\"radio\" name=\"decision\" "
                          "value=\"%s\"%s> %s</label>",
                     pilot_rec_names[k], k ? "" : " required",
                     C_("decision", pilot_rec_names[k]));
        buf_addf(out, "</fieldset><label>%s <textarea name=\"why\" "
                      "required></textarea></label><label>%s <textarea "
                      "name=\"learned\" required></textarea></label>"
                      "<label>%s <textarea name=\"differently\"></textarea>"
                      "</label><p><button>%s</button></p></form>",
                 _("Why"), _("What was learned (also when it failed)"),
                 _("What would be done differently (to scale or retire)"),
                 _("Record the decision"));
    }
    buf_addf(out, "<h2>%s</h2>", _("History"));
    if (!json_array_size(json_object_get(j, "decisions")))
        buf_addf(out, "<p>%s</p>", _("No decision yet."));
    else
        table(out, json_object_get(j, "decisions"), dc, NCOLS(dc));
    json_array_foreach(json_object_get(j, "deviations"), i, x) {
        if (!i)
            buf_addf(out, "<h2>%s</h2><ul>", _("Deviations from the plan"));
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
        buf_addf(out, "<p>%s</p>",
                 _("No playbooks yet. A playbook is written when a person "
                   "scales a pilot: what was done, the effect with its "
                   "interval, and what was learned. Pilots whose decision is "
                   "due, some of them recommended for scale, are listed on "
                   "the <a href=\"/pilots\">Pilots</a> page."));
        return;
    }
    json_array_foreach(json_object_get(j, "playbooks"), i, p) {
        json_t *d = json_object_get(p, "decision");

        buf_puts(out, "<h2>");
        if (links)
            buf_addf(out, "<a href=\"/playbooks/%lld\">",
                     (long long)json_integer_value(json_object_get(p, "pilot")));
        vhtml_esc(out, vjson_str(p, "workflow"));
        buf_puts(out, _(" with "));
        vhtml_esc(out, vjson_str(p, "tool"));
        if (links)
            buf_puts(out, "</a>");
        buf_puts(out, "</h2><p>");
        vhtml_esc(out, vjson_str(p, "hypothesis"));
        buf_puts(out, "</p><p>");
        {   /* the names escaped first, then put in the sentence */
            struct buf team = BUF_INIT, by = BUF_INIT;

            vhtml_esc(&team, vjson_str(p, "team"));
            vhtml_esc(&by, vjson_str(d, "by"));
            buf_addf(out, _("From pilot %lld in %s, scaled by %s:"),
                     (long long)json_integer_value(json_object_get(p, "pilot")),
                     buf_str(&team), buf_str(&by));
            buf_release(&team);
            buf_release(&by);
        }
        buf_putc(out, ' ');
        vhtml_esc(out, vjson_str(d, "why"));
        buf_addf(out, "</p><p><b>%s</b> ", _("Learned:"));
        vhtml_esc(out, vjson_str(d, "learned"));
        buf_puts(out, "</p>");
    }
}

void dash_html_playbooks(struct buf *out, const struct dash_chrome *ch,
                         json_t *j)
{
    head(out, ch, _("Playbooks"));
    playbook_list(out, j, 1);
    foot(out);
}

/* A unit of survey results: its name, or the whole wave. */
static const char *unit_or_all(json_t *row)
{
    return json_is_string(json_object_get(row, "unit"))
               ? vjson_str(row, "unit")
               : _("all who answered");
}

/* A survey code (kind "constructs" or "options") by the instrument's
 * label in the reader's language, else its first; else the code. */
static const char *label_of(json_t *labels, const char *kind,
                            const char *code)
{
    json_t *l = json_object_get(json_object_get(labels, kind),
                                code ? code : "");
    const char *s = json_string_value(
        json_object_get(l, i18n_codes[i18n_current()]));
    const char *k;
    json_t *v;

    if (s)
        return s;
    json_object_foreach(l, k, v)
        return json_string_value(v);
    return code;
}

/* Copies of rows with key (a survey code of kind) replaced by its label
 * and a null unit by "all who answered". New reference. */
static json_t *labelled(json_t *rows, json_t *labels, const char *key,
                        const char *kind)
{
    json_t *arr = json_array(), *x;
    size_t i;

    json_array_foreach(rows, i, x) {
        json_t *c = json_deep_copy(x);

        json_object_set_new(c, "unit", json_string(unit_or_all(x)));
        if (key)
            json_object_set_new(c, key, json_string(label_of(
                                            labels, kind, vjson_str(x, key))));
        json_array_append_new(arr, c);
    }
    return arr;
}

/* The friction heatmap: per unit and workflow, the share of people
 * naming each category, shaded by it (the number is printed too, so
 * the shade is never the only carrier). */
static void heatmap(struct buf *out, json_t *choices, json_t *labels)
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
        buf_addf(out, "<p>%s</p>", _("No friction answers shown."));
        return;
    }
    buf_addf(out, "<div class=\"scroll\" tabindex=\"0\"><table class=\"heat\">"
                  "<thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th>",
             _("unit"), _("workflow"), _("people"));
    json_object_foreach(shares, code, v) {
        buf_puts(out, "<th class=\"n\">");
        vhtml_esc(out, label_of(labels, "options", code));
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
                                                    : _("(any)"));
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
                          "%.0f%%</td>", /* a whole number: no decimal sign */
                     (unsigned)lround(255 - a * (255 - 0xa3)),
                     (unsigned)lround(255 - a * (255 - 0x3f)),
                     (unsigned)lround(255 - a * 255), 100 * x);
        }
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table></div>");
}

void dash__voice_results(struct buf *out, json_t *r, json_t *labels)
{
    static const struct col pc[] = {
        {N_("unit"), "unit", NULL, F_TEXT},
        {N_("tool"), "tool", NULL, F_TEXT},
        {N_("workflow"), "workflow", NULL, F_TEXT},
        {N_("people"), "n", NULL, F_INT},
        {N_("very disappointed without it"), "very_disappointed", NULL,
         F_PCT},
        /* xgettext:no-c-format */
        {N_("fit (40% line)"), "fit", NULL, F_TEXT, "fit"}};
    static const struct col sc[] = {
        {N_("unit"), "unit", NULL, F_TEXT},
        {N_("scale"), "construct", NULL, F_TEXT},
        {N_("people"), "n", NULL, F_INT},
        {N_("mean (1-5)"), "mean", NULL, F_DEC2},
        {N_("favourable"), "favourable", NULL, F_PCT}};
    struct buf wave = BUF_INIT;
    long long n = json_integer_value(json_object_get(r, "responses"));
    json_t *rows;

    buf_puts(out, "<p class=\"headline\">");
    vhtml_esc(&wave, vjson_str(r, "wave"));
    if (json_is_integer(json_object_get(r, "responses")))
        buf_addf(out,
                 i18n_ngettext("Wave %s: %lld person answered.",
                               "Wave %s: %lld people answered.",
                               (unsigned long)n),
                 buf_str(&wave), n);
    else
        buf_addf(out, _("Wave %s: fewer than 5 people answered."),
                 buf_str(&wave));
    buf_release(&wave);
    buf_addf(out, "</p><p class=\"muted\">%s</p>",
             _("Anonymous: no answer is linked to a person. A unit with "
               "fewer than 5 answers counts under the unit above it, and "
               "a figure that would let one be worked out is not "
               "shown."));
    buf_addf(out, "<h2>%s</h2>", _("Friction: where work slowed down"));
    heatmap(out, json_object_get(r, "choices"), labels);
    buf_addf(out, "<h2>%s</h2><p class=\"muted\">%s</p>",
             _("Internal product-market fit"),
             /* xgettext:no-c-format */
             _("The share who would be very disappointed if they could "
               "no longer use the tool for the workflow; 40% is the "
               "usual fit line. Above or below it only when the 95% "
               "interval says so."));
    rows = labelled(json_object_get(r, "pmf"), labels, NULL, NULL);
    table(out, rows, pc, NCOLS(pc));
    json_decref(rows);
    buf_addf(out, "<h2>%s</h2>", _("Scales"));
    rows = labelled(json_object_get(r, "scores"), labels, "construct",
                    "constructs");
    table(out, rows, sc, NCOLS(sc));
    json_decref(rows);
}

void dash_html_voice(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const struct col bc[] = {
        {N_("unit"), "unit", NULL, F_TEXT},
        {N_("workflow"), "workflow", NULL, F_TEXT},
        {N_("friction"), "category", NULL, F_TEXT},
        {N_("raised by"), "raised_wave", NULL, F_TEXT},
        {N_("share"), "share", NULL, F_PCT},
        {N_("status"), "status", NULL, F_TEXT, "backlog"},
        {N_("owner"), "owner", NULL, F_TEXT}};
    json_t *r = json_object_get(j, "results"), *rows;
    json_t *labels = json_object_get(j, "labels");

    head(out, ch, _("Voice: where the work slows down"));
    if (!json_is_object(r))
        buf_addf(out, "<p>%s</p>",
                 _("No survey wave yet. Open one with <code>traction survey "
                   "open</code>, or import your survey tool's export with "
                   "<code>traction import survey</code>."));
    else
        dash__voice_results(out, r, labels);
    buf_addf(out, "<h2>%s</h2>", _("The friction backlog"));
    rows = json_object_get(json_object_get(j, "backlog"), "items");
    if (!json_array_size(rows))
        buf_addf(out, "<p>%s</p>",
                 _("Nothing on the backlog you may see. <code>traction "
                   "friction list</code> raises what a wave shows."));
    else {
        rows = labelled(rows, labels, "category", "options");
        table(out, rows, bc, NCOLS(bc));
        json_decref(rows);
    }
    foot(out);
}

void dash_html_learning(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const struct col cols[] = {
        {N_("team"), "team", NULL, F_TEXT},
        {N_("pilots"), "pilots", NULL, F_INT},
        {N_("scaled"), "scaled", NULL, F_INT},
        {N_("retired (null or negative)"), "retired", NULL, F_INT},
        {N_("running"), "running", NULL, F_INT},
        {N_("documented"), "documented", NULL, F_INT},
        {N_("learning hours"), "learning_hours", NULL, F_INT}};
    json_t *o = json_object_get(j, "organisation");

    head(out, ch, _("The learning ledger"));
    buf_puts(out, "<p>");
    /* whole numbers: no decimal sign to localise */
    buf_addf(out, _("Across the organisation: %.0f pilots, %.0f scaled, "
                    "%.0f retired, %.0f running, %.0f documented, %.0f "
                    "learning hours. Every documented pilot counts, "
                    "including those retired: an honest null result is "
                    "learning."),
             json_number_value(json_object_get(o, "pilots")),
             json_number_value(json_object_get(o, "scaled")),
             json_number_value(json_object_get(o, "retired")),
             json_number_value(json_object_get(o, "running")),
             json_number_value(json_object_get(o, "documented")),
             json_number_value(json_object_get(o, "learning_hours")));
    buf_puts(out, "</p>");
    if (json_array_size(json_object_get(j, "teams")))
        table(out, json_object_get(j, "teams"), cols, NCOLS(cols));
    foot(out);
}

void dash_html_learning_time(struct buf *out, const struct dash_chrome *ch,
                             json_t *j)
{
    static const struct col cols[] = {
        {N_("week"), "week", NULL, F_TEXT},
        {N_("unit"), "unit", NULL, F_TEXT},
        {N_("people"), "people", NULL, F_INT},
        {N_("planned"), "planned_hours", NULL, F_DEC1},
        {N_("calendar"), "calendar", "hours_per_person", F_DEC1},
        {N_("with learning hours"), "calendar", "learners", F_INT},
        {N_("survey"), "survey", "hours_per_person", F_DEC1},
        {N_("actual"), "actual_hours", NULL, F_DEC1},
        {N_("from"), "actual_source", NULL, F_TEXT, "source"}};
    json_t *hidden = json_object_get(j, "hidden");
    long long nh = json_integer_value(hidden);

    head(out, ch, _("Learning time: protected and actual"));
    buf_addf(out, "<p>%s</p>",
             _("Hours a person a week, per unit and ISO week: the "
               "protected time planned, the learning hours calendars show, "
               "and the pulse survey's answer (its bands' hours over the two "
               "weeks it asks about, halved). The actual figure is the "
               "survey's where it is shown, else the calendar's. A calendar "
               "figure needs at least 5 people with learning hours; a dash "
               "is a figure not shown, whether there was none or it was "
               "hidden."));
    if (!json_array_size(json_object_get(j, "rows")))
        buf_addf(out, "<p>%s</p>",
                 _("No plan, calendar or survey figure to show yet: "
                   "<code>traction learning-time plan</code> and "
                   "<code>traction import calendar</code>."));
    else
        table(out, json_object_get(j, "rows"), cols, NCOLS(cols));
    if (nh > 0) {
        buf_puts(out, "<p class=\"muted\">");
        buf_addf(out,
                 i18n_ngettext("%lld calendar figure not shown (fewer than "
                               "5 people, or one would give another away).",
                               "%lld calendar figures not shown (fewer than "
                               "5 people, or one would give another away).",
                               (unsigned long)nh),
                 nh);
        buf_puts(out, "</p>");
    }
    foot(out);
}

/* The seats of the tools by month, with what the unused ones cost. */
static void seats_section(struct buf *out, json_t *seats)
{
    static const struct col cols[] = {
        {N_("tool"), "tool", NULL, F_TEXT},
        {N_("month"), "month", NULL, F_TEXT},
        {N_("export of"), "as_of", NULL, F_TEXT},
        {N_("seats assigned"), "assigned", NULL, F_INT},
        {N_("active"), "active", NULL, F_INT},
        {N_("never used"), "unused", NULL, F_INT},
        {N_("never active at all"), "never_active", NULL, F_INT},
        {N_("seat price"), "seat_price", NULL, F_SIG3},
        {N_("cost of the unused seats"), "unused_cost", NULL, F_INT}};

    buf_addf(out, "<h2>%s</h2>", _("Seats never used"));
    if (!json_array_size(seats)) {
        buf_addf(out, "<p>%s</p>",
                 _("No seat export imported yet: <code>traction import "
                   "usage --format copilot-seats</code> (or "
                   "<code>m365-copilot</code>) counts them."));
        return;
    }
    buf_puts(out, "<p class=\"muted\">");
    buf_addf(out,
             _("From the seat exports: a seat is never used when it shows "
               "no activity in the 30 days up to the export's day (one "
               "touch of the tool counts as use). Organisation-wide "
               "counts; \xE2\x80\x93 marks a count under %d, or one that "
               "would let such a count be worked out."),
             VALUE_MIN_SEATS);
    buf_puts(out, "</p>");
    table(out, seats, cols, NCOLS(cols));
}

/* The open questions that would be worth settling first. */
static void questions_section(struct buf *out, json_t *qs)
{
    static const struct col cols[] = {
        {N_("rank"), "rank", NULL, F_INT},
        {N_("tool"), "tool", NULL, F_TEXT},
        {N_("evidence"), "evidence", NULL, F_TEXT, "evidence"},
        {N_("spend a month"), "spend_month", NULL, F_INT},
        {N_("chance the decision flips"), "p_flip", NULL, F_PCT},
        {N_("at stake a month"), "at_stake", NULL, F_INT},
        {N_("why it is open"), "reason", NULL, F_MSG},
        {N_("what would settle it"), "settle", NULL, F_MSG}};
    json_t *top = json_array();

    buf_addf(out, "<h2>%s</h2>",
             _("Open questions: where a decision is worth the most"));
    if (!json_array_size(qs)) {
        buf_addf(out, "<p>%s</p>",
                 _("None: no tool with licence spend is without evidence, "
                   "and no measured value straddles what its licences "
                   "cost."));
        json_decref(top);
        return;
    }
    for (size_t i = 0; i < json_array_size(qs) && i < VALUE_QUESTIONS_SHOWN;
         i++)
        json_array_append(top, json_array_get(qs, i));
    buf_addf(out, "<p class=\"muted\">%s</p>",
             /* xgettext:no-c-format */
             _("Tools with licence spend whose value is not measured, or "
               "measured with a 95% interval that holds what the licences "
               "cost. At stake: the latest month's spend times the chance "
               "the decision flips (50% when nothing is measured). Where to "
               "look first, not a forecast."));
    table(out, top, cols, NCOLS(cols));
    json_decref(top);
}

void dash__value_body(struct buf *out, json_t *j)
{
    static const struct col tools[] = {
        {N_("tool"), "tool", NULL, F_TEXT},
        {N_("evidence"), "evidence", NULL, F_TEXT, "evidence"},
        {N_("licence spend"), "spend", NULL, F_INT},
        /* xgettext:no-c-format */
        {N_("realised value (95% interval)"), "value", NULL, F_VALUE}};
    static const struct col months[] = {
        {N_("month"), "month", NULL, F_TEXT},
        {N_("seats"), "seats", NULL, F_INT},
        {N_("licence spend"), "spend", NULL, F_INT},
        /* xgettext:no-c-format */
        {N_("realised value (95% interval)"), "value", NULL, F_VALUE}};
    static const struct col adoptions[] = {
        {N_("pilot"), "pilot", NULL, F_PILOT},
        {N_("team"), "team", NULL, F_TEXT},
        {N_("workflow / tool"), "workflow", NULL, F_WF_TOOL},
        {N_("metric"), "metric", NULL, F_TEXT, "metric"},
        {N_("measured change"), "relative", NULL, F_PCT_SIGNED},
        {N_("volume since (hours; items for errors, rework)"), "volume",
         NULL, F_INT},
        /* xgettext:no-c-format */
        {N_("value (95% interval)"), "value", NULL, F_VALUE}};
    json_t *t, *m, *total = json_object_get(j, "total");
    struct buf spend = BUF_INIT, value = BUF_INIT, low = BUF_INIT,
               high = BUF_INIT;
    size_t i, k;

    buf_puts(out, "<p>");
    buf_puts(out, _("Only what scaled pilots measured counts, with its "
                    "uncertainty; a tool without a scaled pilot is <em>not "
                    "measured</em>, never zero."));
    buf_putc(out, ' ');
    h_num(&spend, json_object_get(total, "spend"), 0);
    if (json_is_number(json_object_get(total, "value"))) {
        h_num(&value, json_object_get(total, "value"), 0);
        h_num(&low, json_object_get(total, "value_low"), 0);
        h_num(&high, json_object_get(total, "value_high"), 0);
        buf_addf(out, _("Spend %s, realised value %s (95%%: %s to %s)."),
                 buf_str(&spend), buf_str(&value), buf_str(&low),
                 buf_str(&high));
    } else
        buf_addf(out, _("Spend %s, realised value not measured."),
                 buf_str(&spend));
    buf_puts(out, "</p>");
    buf_release(&spend);
    buf_release(&value);
    buf_release(&low);
    buf_release(&high);
    table(out, json_object_get(j, "tools"), tools, NCOLS(tools));
    questions_section(out, json_object_get(j, "open_questions"));
    seats_section(out, json_object_get(j, "seats"));
    json_array_foreach(json_object_get(j, "tools"), i, t) {
        json_t *labels = json_array(), *sp = json_array(), *v = json_array(),
               *lo = json_array(), *hi = json_array();
        struct h_series s[2] = {{_("licence spend"), sp},
                                {_("realised value"), v}};
        /* xgettext:no-c-format */
        struct h_band band = {_("value, 95% interval"), lo, hi, 1};

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
        if (json_array_size(labels))
            h_line_chart_band(out,
                              _("Licence spend and realised value by month"),
                              labels, s, 2, 0, &band);
        table(out, json_object_get(t, "months"), months, NCOLS(months));
        json_decref(labels);
        json_decref(sp);
        json_decref(v);
        json_decref(lo);
        json_decref(hi);
    }
    if (json_array_size(json_object_get(j, "adoptions"))) {
        buf_addf(out, "<h2>%s</h2>", _("Scaled pilots counted"));
        table(out, json_object_get(j, "adoptions"), adoptions,
              NCOLS(adoptions));
    }
    buf_addf(out, "<h2>%s</h2><ul>", _("Caveats"));
    json_array_foreach(json_object_get(j, "caveats"), i, t) {
        buf_puts(out, "<li>");
        /* fixed ones: N_(), with no message */
        dash_html_reason(out, t, json_array_get(
                                     json_object_get(j, "caveat_messages"), i));
        buf_puts(out, "</li>");
    }
    buf_puts(out, "</ul>");
}

void dash_html_value(struct buf *out, const struct dash_chrome *ch,
                     json_t *j)
{
    head(out, ch, _("Value: licence spend beside measured effects"));
    dash__value_body(out, j);
    foot(out);
}

void dash_html_whatif(struct buf *out, const struct dash_chrome *ch,
                      json_t *j)
{
    static const struct {
        const char *key, *title;
        int percent;
    } curves[] = {
        {"real_use", N_("Share of people using the tool for real"), 1},
        {"theatre", N_("Share registering activity without real use"), 1},
        {"shadow", N_("Share using external AI tools"), 1},
        {"outcome_change", N_("Cycle-time change of the work (lower is "
                              "better: work gets done faster)"), 1},
        {"manager_hours", N_("Extra hours a week per manager"), 0},
    };
    static const struct col cols[] = {
        {N_("week"), "week", NULL, F_TEXT},
        {N_("strategy"), "strategy", NULL, F_TEXT, "strategy"},
        {N_("real use"), "real_use", NULL, F_PCT},
        {N_("theatre"), "theatre", NULL, F_PCT},
        {N_("shadow"), "shadow", NULL, F_PCT},
        {N_("cycle time"), "outcome_change", NULL, F_PCT_SIGNED},
        {N_("manager hours"), "manager_hours", NULL, F_DEC1}};
    json_t *m = json_object_get(j, "mandate"), *e = json_object_get(j, "earned"),
           *rows = json_array();
    size_t i;

    head(out, ch, _("What if we earn adoption instead of mandating it?"));
    buf_puts(out, "<p class=\"notice\">");
    dash_html_msg(out, vjson_str(j, "note"));
    buf_puts(out, ". ");
    buf_addf(out, _("Seed %lld, %lld people, %lld months; run your own with "
                    "<code>traction simulate --compare</code>."),
             (long long)json_integer_value(json_object_get(j, "seed")),
             (long long)json_integer_value(json_object_get(j, "people")),
             (long long)json_integer_value(json_object_get(j, "months")));
    buf_puts(out, "</p>");
    {   /* the conclusion, from the last week of each curve */
        json_t *lm = json_array_get(m, json_array_size(m) - 1),
               *le = json_array_get(e, json_array_size(e) - 1);

        if (lm && le) {
            struct buf v[6] = {BUF_INIT, BUF_INIT, BUF_INIT,
                               BUF_INIT, BUF_INIT, BUF_INIT};

            h_pct(&v[0], json_object_get(le, "real_use"), 0);
            h_pct(&v[1], json_object_get(lm, "real_use"), 0);
            h_pct(&v[2], json_object_get(le, "theatre"), 0);
            h_pct(&v[3], json_object_get(lm, "theatre"), 0);
            h_pct(&v[4], json_object_get(le, "outcome_change"), 1);
            h_pct(&v[5], json_object_get(lm, "outcome_change"), 1);
            buf_puts(out, "<p class=\"headline\">");
            buf_addf(out, _("In this model, by the last week earning "
                            "adoption has %s of people using the tool for "
                            "real against %s under the mandate, %s "
                            "registering activity without real use against "
                            "%s, and cycle time changed by %s against %s. A "
                            "model's answer to its own assumptions, not "
                            "evidence: your pilots are."),
                     buf_str(&v[0]), buf_str(&v[1]), buf_str(&v[2]),
                     buf_str(&v[3]), buf_str(&v[4]), buf_str(&v[5]));
            buf_puts(out, "</p>");
            for (int k = 0; k < 6; k++)
                buf_release(&v[k]);
        }
    }
    for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
        json_t *labels = json_array(), *pm = json_array(), *pe = json_array(),
               *r;
        struct h_series s[2] = {{C_("strategy", "mandate"), pm},
                                {C_("strategy", "earned"), pe}};

        json_array_foreach(m, i, r) {
            json_array_append_new(labels, json_string(vjson_str(r, "week")));
            json_array_append(pm, json_object_get(r, curves[c].key));
            json_array_append(pe, json_object_get(json_array_get(e, i),
                                                  curves[c].key));
        }
        h_line_chart(out, _(curves[c].title), labels, s, 2,
                     curves[c].percent);
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
    head(out, NULL, _("Sign in to traction"));
    buf_puts(out, "<p>");
    lang_switch(out);
    buf_puts(out, "</p>");
    if (message) {
        buf_puts(out, "<p class=\"error\" role=\"alert\">");
        vhtml_esc(out, message);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<form method=\"post\" action=\"/login\">"
                  "<input type=\"hidden\" name=\"csrf\" value=\"");
    vhtml_esc(out, csrf ? csrf : "");
    buf_addf(out, "\"><p><label>%s "
                  "<input name=\"name\" autocomplete=\"username\" required>"
                  "</label></p><p><label>%s <input type=\"password\" "
                  "name=\"password\" autocomplete=\"current-password\" "
                  "required></label></p><p><button>%s</button></p></form>",
             _("Name"), _("Password"), _("Sign in"));
    foot(out);
}

void dash_html_message(struct buf *out, const struct dash_chrome *ch,
                       const char *title, const char *message)
{
    head(out, ch, title);
    buf_puts(out, "<p>");
    dash_html_msg(out, message);
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
    buf_addf(out, "<h1>%s</h1>", _("Pilots"));
    dash__pilots_body(out, pilots);
    buf_addf(out, "<h1>%s</h1>", _("Playbooks"));
    playbook_list(out, playbooks, 0);
    buf_puts(out, "<p class=\"muted\">");
    buf_addf(out, _("Report made by traction on %s. Team level only; cells "
                    "under the privacy thresholds are suppressed."),
             buf_str(&day));
    buf_puts(out, "</p>");
    foot(out);
    buf_release(&day);
    buf_release(&body);
}

/* A survey mean of the load page: "2.1 (12)" or "not shown". */
static void load_score(struct buf *out, json_t *s)
{
    if (json_is_object(s)) {
        h_num(out, json_object_get(s, "mean"), 1);
        buf_addf(out, " (%lld)",
                 (long long)json_integer_value(json_object_get(s, "n")));
    } else
        buf_puts(out, _("not shown"));
}

static void load_maybe(struct buf *out, json_t *v)
{
    if (json_is_integer(v))
        buf_addf(out, "%lld", (long long)json_integer_value(v));
    else if (json_is_object(v)) {
        struct buf p = BUF_INIT, a = BUF_INIT;

        h_num(&p, json_object_get(v, "planned"), 1);
        h_num(&a, json_object_get(v, "actual"), 1);
        buf_addf(out, _("%s h planned, %s h actual"), buf_str(&p),
                 buf_str(&a));
        buf_release(&p);
        buf_release(&a);
    } else
        dash_html_msg(out, json_string_value(v)); /* N_() in load_view */
}

void dash_html_load(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const char *const cols[] = {
        N_("unit"), N_("changes at once"), N_("decisions due"),
        N_("friction open"), N_("tool requests"), N_("learning time"),
        N_("targets"), N_("workload"), N_("psychological safety"),
        N_("load"), N_("reasons")};
    json_t *units = json_object_get(j, "units"), *u, *rule;
    struct buf day = BUF_INIT, w = BUF_INIT, s = BUF_INIT, wave = BUF_INIT;
    size_t i;
    json_int_t top = -1;

    head(out, ch, _("Load on the middle"));
    rule = json_object_get(j, "rule");
    vhtml_esc(&day, vjson_str(j, "as_of"));
    h_num(&w, json_object_get(rule, "workload_max"), 1);
    h_num(&s, json_object_get(rule, "psych_safety_min"), 1);
    buf_puts(out, "<p>");
    buf_addf(out, _("What lands on each manager's unit at once, as of %s. "
                    "A unit is <strong>overloaded</strong> with %lld or more "
                    "changes at once (pilots and rollouts in their window), "
                    "or with %lld or more strains: piloting with the same "
                    "targets; piloting with no protected learning time; the "
                    "survey's workload mean at or below %s; its "
                    "psychological-safety mean below %s; %lld or more pilot "
                    "decisions due; %lld or more tool requests pending."),
             buf_str(&day),
             (long long)json_integer_value(
                 json_object_get(rule, "changes_at_once")),
             (long long)json_integer_value(json_object_get(rule, "strains")),
             buf_str(&w), buf_str(&s),
             (long long)json_integer_value(
                 json_object_get(rule, "decisions_due")),
             (long long)json_integer_value(
                 json_object_get(rule, "tool_requests")));
    buf_puts(out, "</p><p class=\"muted\">");
    vhtml_esc(&wave, json_is_string(json_object_get(j, "wave"))
                         ? vjson_str(j, "wave")
                         : _("none yet"));
    buf_addf(out, _("In the order of the org tree, never ranked. Survey "
                    "figures are the latest wave's (%s), means of 1 to 5 "
                    "with the people answering, through the same privacy "
                    "rules as every page: 'not shown' where a unit's "
                    "answers are merged or hidden."),
             buf_str(&wave));
    buf_puts(out, "</p>");
    buf_release(&day);
    buf_release(&w);
    buf_release(&s);
    buf_release(&wave);
    if (!json_array_size(units)) {
        buf_addf(out, "<p>%s</p>", _("No unit with a manager to show."));
        foot(out);
        return;
    }
    json_array_foreach(units, i, u) {
        json_int_t d = json_integer_value(json_object_get(u, "depth"));

        if (top < 0 || d < top)
            top = d;
    }
    /* wide: it scrolls in its own box on a phone, not the page */
    buf_addf(out,
             "<div class=\"scroll\" tabindex=\"0\"><table><caption>%s"
             "</caption><thead><tr>",
             _("Load per unit"));
    for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
        buf_addf(out, "<th scope=\"col\">%s</th>", _(cols[k]));
    buf_puts(out, "</tr></thead><tbody>");
    json_array_foreach(units, i, u) {
        json_int_t d = json_integer_value(json_object_get(u, "depth")) - top;
        json_t *rs = json_object_get(u, "reasons"), *r;
        size_t k;

        buf_addf(out, "<tr><th scope=\"row\" style=\"padding-left:%lldem\">"
                      "<a href=\"/teams/%lld\">",
                 (long long)(d > 8 ? 8 : d),
                 (long long)json_integer_value(json_object_get(u, "unit_id")));
        vhtml_esc(out, vjson_str(u, "unit"));
        buf_addf(out, "</a></th><td>%lld</td><td>%lld</td><td>%lld</td><td>",
                 (long long)json_integer_value(json_object_get(u, "changes")),
                 (long long)json_integer_value(
                     json_object_get(u, "decisions_due")),
                 (long long)json_integer_value(
                     json_object_get(u, "friction_open")));
        load_maybe(out, json_object_get(u, "tool_requests"));
        buf_puts(out, "</td><td>");
        load_maybe(out, json_object_get(u, "learning_time"));
        buf_addf(out, "</td><td>%s</td><td>",
                 json_is_true(json_object_get(u, "target_reset"))
                     ? C_("targets", "reset")
                     : C_("targets", "same"));
        load_score(out, json_object_get(u, "workload"));
        buf_puts(out, "</td><td>");
        load_score(out, json_object_get(u, "psych_safety"));
        if (json_is_true(json_object_get(u, "overloaded")))
            buf_addf(out, "</td><td><strong>%s</strong></td><td>",
                     _("overloaded"));
        else
            buf_puts(out, "</td><td>\xE2\x80\x93</td><td>");
        json_array_foreach(rs, k, r) {
            if (k)
                buf_puts(out, "; ");
            dash_html_reason(out, r, json_array_get(
                                         json_object_get(u, "reason_messages"),
                                         k));
        }
        buf_puts(out, "</td></tr>");
    }
    buf_puts(out, "</tbody></table></div>");
    foot(out);
}
