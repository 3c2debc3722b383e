/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's pages as HTML, rendered from the same JSON the API
 * serves. Every value from data goes through h_esc; pages work without
 * JavaScript (there is none). */
#include "dash/dash.h"

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
    "header .user{float:right}header form{display:inline}"
    "header button{margin-left:.5rem}"
    "main{max-width:72rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;"
    "text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".theatre{color:#a33f00;font-weight:600}.real{color:#006b4f;"
    "font-weight:600}"
    ".muted{color:#555}.notice{background:#fff3cd;padding:.5rem;"
    "border:1px solid #e0c060}"
    ".error{background:#fde2e1;padding:.5rem;border:1px solid #d08080}"
    "figure.chart{margin:1rem 0}figure.chart svg{width:100%;height:auto;"
    "max-width:640px;display:block}"
    "form.decide label{display:block;margin-top:.75rem}"
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
                  "<a href=\"/learning\">Learning</a>"
                  "<a href=\"/whatif\">What-if</a><span class=\"user\">");
    h_esc(out, ch->user);
    buf_puts(out, " (");
    h_esc(out, ch->role);
    buf_puts(out, ")<form method=\"post\" action=\"/logout\"><input "
                  "type=\"hidden\" name=\"csrf\" value=\"");
    h_esc(out, ch->csrf);
    buf_puts(out, "\"><button>Sign out</button></form></span></nav>"
                  "</header>");
}

/* The session's CSRF token, or its marker in a page kept for everyone. */
static void csrf_value(struct buf *out, const struct dash_chrome *ch)
{
    if (ch->deferred)
        buf_puts(out, DASH_MARK_CSRF);
    else
        h_esc(out, ch->csrf);
}

static void head(struct buf *out, const struct dash_chrome *ch,
                 const char *title)
{
    buf_puts(out, "<!doctype html><html lang=\"en\"><head><meta "
                  "charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>");
    h_esc(out, title);
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
        h_esc(out, ch->notice);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<h1>");
    h_esc(out, title);
    buf_puts(out, "</h1>");
}

static void foot(struct buf *out)
{
    buf_puts(out, "</main></body></html>\n");
}

static void th(struct buf *out, const char *const *cols, size_t n,
               unsigned numeric)
{
    buf_puts(out, "<table><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, numeric >> i & 1 ? "<th class=\"n\">" : "<th>");
        h_esc(out, cols[i]);
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
}

static void td(struct buf *out, const char *s)
{
    buf_puts(out, "<td>");
    h_esc(out, s);
    buf_puts(out, "</td>");
}

#define TD_N(out, code)                                                   \
    do {                                                                  \
        buf_puts(out, "<td class=\"n\">");                                \
        code;                                                             \
        buf_puts(out, "</td>");                                           \
    } while (0)

static void team_link(struct buf *out, json_t *row)
{
    json_t *id = json_object_get(row, "unit_id");

    buf_puts(out, "<td>");
    if (json_is_integer(id) && !json_is_true(json_object_get(row, "merged")))
        buf_addf(out, "<a href=\"/teams/%lld\">",
                 (long long)json_integer_value(id));
    h_esc(out, h_str(row, "team"));
    if (json_is_true(json_object_get(row, "merged")))
        buf_puts(out, " (merged: teams under 10 people)");
    else if (json_is_integer(id))
        buf_puts(out, "</a>");
    buf_puts(out, "</td>");
}

static void verdict(struct buf *out, const char *v)
{
    buf_addf(out, "<td><span class=\"%s\">",
             !strcmp(v, "theatre") ? "theatre"
             : !strcmp(v, "real") ? "real"
                                  : "muted");
    h_esc(out, v);
    buf_puts(out, "</span></td>");
}

static void glance_cards(struct buf *out, json_t *g)
{
    static const char *const keys[] = {"scaled", "running", "inconclusive",
                                       "retired"};

    buf_puts(out, "<div class=\"cards\">");
    for (size_t i = 0; i < 4; i++)
        buf_addf(out, "<div class=\"card\"><b>%lld</b>%s</div>",
                 (long long)json_integer_value(json_object_get(g, keys[i])),
                 keys[i]);
    buf_puts(out, "</div>");
}

void dash_html_overview(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const char *const cols[] = {
        "team",          "people",   "active on the approved tool",
        "days a week",   "registration-only", "shadow demand (at least)",
        "cycle time, last 4 weeks", "verdict"};
    json_t *f, *t, *trap = json_object_get(j, "mandate_trap");
    size_t i, k;

    head(out, ch, "Where adoption is real");
    buf_puts(out, "<p class=\"muted\">Week ");
    h_esc(out, json_is_string(json_object_get(j, "week"))
                   ? h_str(j, "week")
                   : "(no telemetry or shadow data yet)");
    buf_puts(out, ". Activity on the approved tool beside outcome change "
                  "beside shadow demand, per team. Teams under 10 people are "
                  "merged into their parent unit.</p>");
    buf_puts(out, "<h2>The portfolio at a glance</h2>");
    glance_cards(out, json_object_get(j, "portfolio"));
    buf_puts(out, "<p><a href=\"/pilots\">All pilots</a></p>");
    buf_puts(out, "<h2>Teams in the mandate trap</h2>");
    if (!json_array_size(trap))
        buf_puts(out, "<p>None you may see this week.</p>");
    else {
        buf_puts(out, "<p>Thin approved activity while people reach for "
                      "other AI tools: adoption on paper, not in the "
                      "work.</p><ul>");
        json_array_foreach(trap, i, t) {
            json_t *r;

            buf_puts(out, "<li><b>");
            h_esc(out, h_str(t, "team"));
            buf_puts(out, "</b>: ");
            json_array_foreach(json_object_get(t, "reasons"), k, r) {
                if (k)
                    buf_puts(out, "; ");
                h_esc(out, json_string_value(r));
            }
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul>");
    }
    json_array_foreach(json_object_get(j, "functions"), i, f) {
        json_t *teams = json_object_get(f, "teams");

        buf_puts(out, "<h2>");
        h_esc(out, h_str(f, "function"));
        buf_puts(out, "</h2><p class=\"muted\">");
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
        th(out, cols, 8, 0x7E);
        json_array_foreach(teams, k, t) {
            json_t *ap = json_object_get(t, "approved"),
                   *sh = json_object_get(t, "shadow"),
                   *oc = json_object_get(t, "outcome");

            buf_puts(out, "<tr>");
            team_link(out, t);
            TD_N(out, h_num(out, json_object_get(t, "people"), 0));
            TD_N(out, h_pct(out, json_object_get(ap, "active_share"), 0));
            TD_N(out, h_num(out, json_object_get(ap, "days_per_person"), 1));
            TD_N(out, h_pct(out, json_object_get(ap,
                                                 "registration_only_share"),
                            0));
            TD_N(out, h_pct(out, json_object_get(sh, "share"), 0));
            TD_N(out, h_pct(out, json_object_get(oc, "cycle_time_change"), 1));
            verdict(out, h_str(t, "verdict"));
            buf_puts(out, "</tr>");
        }
        buf_puts(out, "</tbody></table>");
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
        json_array_append_new(labels, json_string(h_str(r, label_key)));
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
    static const char *const cols[] = {"pilot", "team", "workflow / tool",
                                       "metric", "change (interval)", "q",
                                       "recommends", "status"};
    json_t *p;
    size_t i;

    if (!json_array_size(pilots)) {
        buf_puts(out, "<p>No pilots you may see.</p>");
        return;
    }
    th(out, cols, 8, 0x20);
    json_array_foreach(pilots, i, p) {
        long long id = (long long)json_integer_value(json_object_get(p, "pilot"));

        buf_addf(out, "<tr><td><a href=\"/pilots/%lld\">%lld%s</a></td>", id,
                 id, json_is_integer(json_object_get(p, "replicates")) ? "*"
                                                                       : "");
        td(out, h_str(p, "team"));
        buf_puts(out, "<td>");
        h_esc(out, h_str(p, "workflow"));
        buf_puts(out, " / ");
        h_esc(out, h_str(p, "tool"));
        buf_puts(out, "</td>");
        td(out, h_str(p, "metric"));
        buf_puts(out, "<td>");
        h_change(out, json_object_get(p, "change"),
                 json_object_get(p, "ci_low"), json_object_get(p, "ci_high"));
        buf_puts(out, "</td>");
        TD_N(out, h_sig(out, json_object_get(p, "q_value"), 2));
        td(out, h_str(p, "recommendation"));
        td(out, h_str(p, "status"));
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table><p class=\"muted\">q: Benjamini-Hochberg "
                  "across the concluded pilots; * a replication. traction "
                  "recommends; a person decides.</p>");
}

/* How many weekly cells were left out for privacy (and resets it). */
static void suppressed_note(struct buf *out, size_t *hidden)
{
    if (*hidden)
        buf_addf(out, "<p class=\"muted\">%zu more weekly cells had fewer "
                      "than 10 people and are not shown.</p>",
                 *hidden);
    *hidden = 0;
}

void dash_html_team(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const char *const oc[] = {"month", "items", "median cycle time",
                                     "quality", "items with errors",
                                     "reworked", "with an AI tool"};
    static const char *const uc[] = {"week", "tool", "active people",
                                     "days a week", "registration-only"};
    static const char *const sc[] = {"week", "service", "category",
                                     "people", "active days", "requests"};
    static const char *const ck[] = {"cycle_median_hours"};
    static const char *const cn[] = {"median cycle time (hours)"};
    static const char *const rk[] = {"error_rate", "rework_rate",
                                     "ai_share"};
    static const char *const rn[] = {"items with errors", "reworked",
                                     "with an AI tool"};
    json_t *rows, *r;
    size_t i, hidden = 0;

    head(out, ch, h_str(j, "team"));
    buf_puts(out, "<p class=\"muted\">");
    h_esc(out, h_str(j, "function"));
    buf_addf(out, ", %lld people now.</p>",
             (long long)json_integer_value(json_object_get(j, "people")));
    buf_puts(out, "<h2>Outcomes</h2>");
    rows = json_object_get(j, "outcomes");
    chart_of(out, "Median cycle time by month", rows, "month", ck, cn, 1, 0);
    chart_of(out, "Errors, rework and AI use by month", rows, "month", rk, rn,
             3, 1);
    th(out, oc, 7, 0x7E);
    json_array_foreach(rows, i, r) {
        buf_puts(out, "<tr>");
        td(out, h_str(r, "month"));
        if (json_is_true(json_object_get(r, "suppressed"))) {
            buf_puts(out, "<td colspan=\"6\">suppressed: fewer than 5 "
                          "people</td></tr>");
            continue;
        }
        TD_N(out, h_num(out, json_object_get(r, "items"), 0));
        TD_N(out, h_hours(out, json_object_get(r, "cycle_median_hours")));
        TD_N(out, h_num(out, json_object_get(r, "quality"), 2));
        TD_N(out, h_pct(out, json_object_get(r, "error_rate"), 0));
        TD_N(out, h_pct(out, json_object_get(r, "rework_rate"), 0));
        TD_N(out, h_pct(out, json_object_get(r, "ai_share"), 0));
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table>");
    buf_puts(out, "<h2>Depth of approved use</h2>");
    rows = json_object_get(j, "approved_use");
    if (!json_array_size(rows))
        buf_puts(out, "<p>No telemetry for this team.</p>");
    else {
        static const char *const dk[] = {"days_per_person"};
        static const char *const dn[] = {"active days a week per person"};

        chart_of(out, "Active days a week per active person", rows, "week",
                 dk, dn, 1, 0);
        th(out, uc, 5, 0x1C);
        json_array_foreach(rows, i, r) {
            if (json_is_true(json_object_get(r, "suppressed"))) {
                hidden++;
                continue;
            }
            buf_puts(out, "<tr>");
            td(out, h_str(r, "week"));
            td(out, h_str(r, "tool"));
            TD_N(out, h_num(out, json_object_get(r, "active_people"), 0));
            TD_N(out, h_num(out, json_object_get(r, "days_per_person"), 1));
            TD_N(out, h_pct(out, json_object_get(r, "registration_only_share"),
                            0));
            buf_puts(out, "</tr>");
        }
        buf_puts(out, "</tbody></table>");
        suppressed_note(out, &hidden);
    }
    buf_puts(out, "<h2>Shadow demand by service</h2><p class=\"muted\">What "
                  "people reach for when the approved tool does not fit: "
                  "demand, not a list of offenders.</p>");
    rows = json_object_get(j, "shadow_demand");
    if (!json_array_size(rows))
        buf_puts(out, "<p>No shadow-AI demand recorded.</p>");
    else {
        th(out, sc, 6, 0x38);
        json_array_foreach(rows, i, r) {
            if (json_is_true(json_object_get(r, "suppressed"))) {
                hidden++;
                continue;
            }
            buf_puts(out, "<tr>");
            td(out, h_str(r, "week"));
            td(out, h_str(r, "service"));
            td(out, h_str(r, "category"));
            TD_N(out, h_num(out, json_object_get(r, "people"), 0));
            TD_N(out, h_num(out, json_object_get(r, "active_days"), 0));
            TD_N(out, h_num(out, json_object_get(r, "requests"), 0));
            buf_puts(out, "</tr>");
        }
        buf_puts(out, "</tbody></table>");
        suppressed_note(out, &hidden);
    }
    buf_puts(out, "<h2>Pilots</h2>");
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
                 h_str(p, "team"), h_str(p, "workflow"));
        snprintf(hrefs[i], sizeof(hrefs[i]), "/pilots/%lld",
                 (long long)json_integer_value(json_object_get(p, "pilot")));
        rows[i] = (struct h_forest_row){labels[i], json_object_get(p, "change"),
                                        json_object_get(p, "ci_low"),
                                        json_object_get(p, "ci_high"),
                                        hrefs[i]};
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
    h_esc(out, term);
    buf_puts(out, "</dt><dd>");
    h_esc(out, value);
    buf_puts(out, "</dd>");
}

static void test_row(struct buf *out, const char *label, json_t *t)
{
    buf_puts(out, "<tr>");
    td(out, label);
    buf_puts(out, "<td>");
    h_change(out, json_object_get(t, "change"), json_object_get(t, "ci_low"),
             json_object_get(t, "ci_high"));
    buf_puts(out, "</td>");
    TD_N(out, h_sig(out, json_object_get(t, "p_value"), 3));
    TD_N(out, h_num(out, json_object_get(t, "n_comparison"), 0));
    TD_N(out, h_num(out, json_object_get(t, "n_pilot"), 0));
    TD_N(out, h_sig(out, json_object_get(t, "mean_comparison"), 3));
    TD_N(out, h_sig(out, json_object_get(t, "mean_pilot"), 3));
    buf_puts(out, "</tr>");
}

void dash_html_pilot(struct buf *out, const struct dash_chrome *ch,
                     json_t *j)
{
    static const char *const tc[] = {"", "change (interval)", "p",
                                     "items compared", "items in the pilot",
                                     "mean compared", "mean in the pilot"};
    static const char *const dc[] = {"when", "decision", "recommended", "by",
                                     "why", "learned", "differently"};
    json_t *a = json_object_get(j, "analysis"), *plan = json_object_get(j, "plan"),
           *x;
    char title[160];
    size_t i;

    snprintf(title, sizeof(title), "Pilot %lld: %s",
             (long long)json_integer_value(json_object_get(j, "pilot")),
             h_str(j, "team"));
    head(out, ch, title);
    buf_puts(out, "<h2>The registered plan</h2><dl>");
    dl(out, "hypothesis", h_str(j, "hypothesis"));
    dl(out, "workflow", h_str(a, "workflow"));
    dl(out, "tool", h_str(a, "tool"));
    dl(out, "metric", h_str(plan, "metric"));
    dl(out, "direction", h_str(plan, "direction"));
    dl(out, "design", h_str(plan, "design"));
    dl(out, "status", h_str(j, "status"));
    buf_puts(out, "<dt>smallest effect that matters</dt><dd>");
    h_pct(out, json_object_get(plan, "mde"), 0);
    buf_puts(out, "</dd></dl>");
    buf_puts(out, "<h2>The analysis</h2>");
    th(out, tc, 7, 0x7C);
    test_row(out, "primary", json_object_get(a, "primary"));
    json_array_foreach(json_object_get(a, "guardrails"), i, x)
        test_row(out, h_str(x, "metric"), x);
    buf_puts(out, "</tbody></table>");
    buf_puts(out, "<h2>Recommendation</h2><p><b>");
    h_esc(out, h_str(a, "recommendation"));
    buf_puts(out, "</b> (traction recommends; a person decides)</p><ul>");
    json_array_foreach(json_object_get(a, "reasons"), i, x) {
        buf_puts(out, "<li>");
        h_esc(out, json_string_value(x));
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
        buf_puts(out, "\"><label>Decision <select name=\"decision\">"
                      "<option>scale</option><option>iterate</option>"
                      "<option>retire</option></select></label>"
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
    else {
        th(out, dc, 7, 0);
        json_array_foreach(json_object_get(j, "decisions"), i, x) {
            buf_puts(out, "<tr>");
            td(out, h_str(x, "at"));
            td(out, h_str(x, "decision"));
            td(out, h_str(x, "recommended"));
            td(out, h_str(x, "by"));
            td(out, h_str(x, "why"));
            td(out, h_str(x, "learned"));
            td(out, h_str(x, "differently"));
            buf_puts(out, "</tr>");
        }
        buf_puts(out, "</tbody></table>");
    }
    json_array_foreach(json_object_get(j, "deviations"), i, x) {
        if (!i)
            buf_puts(out, "<h2>Deviations from the plan</h2><ul>");
        buf_puts(out, "<li>");
        h_esc(out, h_str(x, "at"));
        buf_puts(out, ": ");
        h_esc(out, h_str(x, "what"));
        buf_puts(out, " \xE2\x80\x94 ");
        h_esc(out, h_str(x, "why"));
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
        buf_puts(out, "<p>No playbooks yet: they come from scaled pilots.</p>");
        return;
    }
    json_array_foreach(json_object_get(j, "playbooks"), i, p) {
        json_t *d = json_object_get(p, "decision");

        buf_puts(out, "<h2>");
        if (links)
            buf_addf(out, "<a href=\"/playbooks/%lld\">",
                     (long long)json_integer_value(json_object_get(p, "pilot")));
        h_esc(out, h_str(p, "workflow"));
        buf_puts(out, " with ");
        h_esc(out, h_str(p, "tool"));
        if (links)
            buf_puts(out, "</a>");
        buf_puts(out, "</h2><p>");
        h_esc(out, h_str(p, "hypothesis"));
        buf_puts(out, "</p><p>From pilot ");
        buf_addf(out, "%lld in ",
                 (long long)json_integer_value(json_object_get(p, "pilot")));
        h_esc(out, h_str(p, "team"));
        buf_puts(out, ", scaled by ");
        h_esc(out, h_str(d, "by"));
        buf_puts(out, ": ");
        h_esc(out, h_str(d, "why"));
        buf_puts(out, "</p><p><b>Learned:</b> ");
        h_esc(out, h_str(d, "learned"));
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

void dash_html_learning(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const char *const cols[] = {"team",    "pilots",
                                       "scaled",  "retired (null or negative)",
                                       "running", "documented",
                                       "learning hours"};
    json_t *o = json_object_get(j, "organisation"), *t;
    size_t i;

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
    if (json_array_size(json_object_get(j, "teams"))) {
        th(out, cols, 7, 0x7E);
        json_array_foreach(json_object_get(j, "teams"), i, t) {
            buf_puts(out, "<tr>");
            td(out, h_str(t, "team"));
            TD_N(out, h_num(out, json_object_get(t, "pilots"), 0));
            TD_N(out, h_num(out, json_object_get(t, "scaled"), 0));
            TD_N(out, h_num(out, json_object_get(t, "retired"), 0));
            TD_N(out, h_num(out, json_object_get(t, "running"), 0));
            TD_N(out, h_num(out, json_object_get(t, "documented"), 0));
            TD_N(out, h_num(out, json_object_get(t, "learning_hours"), 0));
            buf_puts(out, "</tr>");
        }
        buf_puts(out, "</tbody></table>");
    }
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
        {"outcome_change", "Cycle-time change of the work", 1},
        {"manager_hours", "Extra hours a week per manager", 0},
    };
    static const char *const cols[] = {"week", "strategy", "real use",
                                       "theatre", "shadow", "cycle time",
                                       "manager hours"};
    json_t *m = json_object_get(j, "mandate"), *e = json_object_get(j, "earned");
    size_t i;

    head(out, ch, "What if we earn adoption instead of mandating it?");
    buf_puts(out, "<p class=\"notice\">");
    h_esc(out, h_str(j, "note"));
    buf_addf(out, ". Seed %lld, %lld people, %lld months; run your own with "
                  "<code>traction simulate --compare</code>.</p>",
             (long long)json_integer_value(json_object_get(j, "seed")),
             (long long)json_integer_value(json_object_get(j, "people")),
             (long long)json_integer_value(json_object_get(j, "months")));
    for (size_t c = 0; c < sizeof(curves) / sizeof(curves[0]); c++) {
        json_t *labels = json_array(), *pm = json_array(), *pe = json_array(),
               *r;
        struct h_series s[2] = {{"mandate", pm}, {"earned", pe}};

        json_array_foreach(m, i, r) {
            json_array_append_new(labels, json_string(h_str(r, "week")));
            json_array_append(pm, json_object_get(r, curves[c].key));
            json_array_append(pe, json_object_get(json_array_get(e, i),
                                                  curves[c].key));
        }
        h_line_chart(out, curves[c].title, labels, s, 2, curves[c].percent);
        json_decref(labels);
        json_decref(pm);
        json_decref(pe);
    }
    th(out, cols, 7, 0x7C);
    for (i = 0; i < json_array_size(m); i += 4)
        for (int k = 0; k < 2; k++) {
            json_t *r = json_array_get(k ? e : m, i);

            buf_puts(out, "<tr>");
            td(out, h_str(r, "week"));
            td(out, k ? "earned" : "mandate");
            TD_N(out, h_pct(out, json_object_get(r, "real_use"), 0));
            TD_N(out, h_pct(out, json_object_get(r, "theatre"), 0));
            TD_N(out, h_pct(out, json_object_get(r, "shadow"), 0));
            TD_N(out, h_pct(out, json_object_get(r, "outcome_change"), 1));
            TD_N(out, h_num(out, json_object_get(r, "manager_hours"), 1));
            buf_puts(out, "</tr>");
        }
    buf_puts(out, "</tbody></table>");
    foot(out);
}

void dash_html_login(struct buf *out, const char *message)
{
    head(out, NULL, "Sign in to traction");
    if (message) {
        buf_puts(out, "<p class=\"error\" role=\"alert\">");
        h_esc(out, message);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<form method=\"post\" action=\"/login\"><p><label>Name "
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
    h_esc(out, message);
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
    h_esc(out, buf_str(&day));
    buf_puts(out, ". Team level only; cells under the privacy thresholds "
                  "are suppressed.</p>");
    foot(out);
    buf_release(&day);
    buf_release(&body);
}
