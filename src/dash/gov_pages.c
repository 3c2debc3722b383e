/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The governance pages' HTML, from the JSON dash/gov.c builds: tool
 * requests with their clocks and forms, proposals with their form, and
 * the plain page of what stays human. */
#include "dash/dash.h"
#include "dash/dash_int.h"

#include <string.h>

static void esc(struct buf *out, json_t *o, const char *key)
{
    vhtml_esc(out, vjson_str(o, key));
}

static void td_text(struct buf *out, json_t *o, const char *key)
{
    buf_puts(out, "<td>");
    esc(out, o, key);
    buf_puts(out, "</td>");
}

static void td_num(struct buf *out, json_t *v, int decimals)
{
    buf_puts(out, "<td class=\"n\">");
    h_num(out, v, decimals);
    buf_puts(out, "</td>");
}

/* A date of an ISO timestamp: its first 10 characters. */
static void td_day(struct buf *out, json_t *o, const char *key)
{
    const char *s = vjson_str(o, key);

    buf_puts(out, "<td>");
    buf_add(out, s, strlen(s) < 10 ? strlen(s) : 10);
    buf_puts(out, "</td>");
}

static void thead(struct buf *out, const char *const *cols, size_t n,
                  unsigned numeric)
{
    buf_puts(out, "<div class=\"scroll\" tabindex=\"0\"><table><thead><tr>");
    for (size_t i = 0; i < n; i++) {
        buf_puts(out, numeric & (1u << i) ? "<th class=\"n\">" : "<th>");
        vhtml_esc(out, cols[i]);
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
}

static void tfoot(struct buf *out)
{
    buf_puts(out, "</tbody></table></div>");
}

/* A form posting to action (or to /requests/ID/verb when id). */
static void form_open(struct buf *out, const struct dash_chrome *ch,
                      const char *action, long long id)
{
    buf_puts(out, "<form class=\"decide\" method=\"post\" action=\"");
    if (id)
        buf_addf(out, "/requests/%lld/%s", id, action);
    else
        buf_puts(out, action);
    buf_puts(out, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
    dash__csrf(out, ch);
    buf_puts(out, "\">");
}

static int can_post(const struct dash_chrome *ch)
{
    return ch && (ch->csrf || ch->deferred);
}

/* ---- requests ---- */

static void clocks(struct buf *out, json_t *c)
{
    static const char *const cols[] = {"stage", "month", "requests",
                                       "median days", "p90 days"};
    json_t *k;
    size_t i;

    buf_addf(out, "<h2>The clock</h2><p>%lld requests: %lld decided, %lld "
                  "open. Service level: a decision within %lld working "
                  "days (Monday to Friday).</p>",
             (long long)json_integer_value(json_object_get(c, "requests")),
             (long long)json_integer_value(json_object_get(c, "decided")),
             (long long)json_integer_value(json_object_get(c, "open")),
             (long long)json_integer_value(
                 json_object_get(c, "service_level")));
    thead(out, cols, 5, 0x1C);
    json_array_foreach(json_object_get(c, "clocks"), i, k) {
        const char *st = vjson_str(k, "stage");

        buf_puts(out, "<tr><td>");
        buf_puts(out, !strcmp(st, "to_review")   ? "filed to review"
                      : !strcmp(st, "in_review") ? "in review to decision"
                                                 : "filed to decision");
        buf_puts(out, "</td><td>");
        if (json_is_string(json_object_get(k, "month")))
            esc(out, k, "month");
        else
            buf_puts(out, "<b>all</b>");
        buf_puts(out, "</td>");
        td_num(out, json_object_get(k, "n"), 0);
        td_num(out, json_object_get(k, "median_days"), 1);
        td_num(out, json_object_get(k, "p90_days"), 1);
        buf_puts(out, "</tr>");
    }
    tfoot(out);
    if (json_array_size(json_object_get(c, "overdue"))) {
        buf_puts(out, "<h2>Overdue</h2><ul>");
        json_array_foreach(json_object_get(c, "overdue"), i, k) {
            buf_addf(out, "<li>Request %lld: ",
                     (long long)json_integer_value(json_object_get(k, "id")));
            esc(out, k, "team");
            buf_puts(out, " asks for ");
            esc(out, k, "tool");
            buf_puts(out, " in ");
            esc(out, k, "workflow");
            buf_addf(out, ", waiting %lld working days (",
                     (long long)json_integer_value(
                         json_object_get(k, "working_days")));
            esc(out, k, "state");
            buf_puts(out, ")</li>");
        }
        buf_puts(out, "</ul>");
    }
    if (json_array_size(json_object_get(c, "demand"))) {
        buf_puts(out, "<h2>Demand beside the requests</h2><p class=\"muted\">"
                      "Teams whose shadow-AI demand of the latest weeks "
                      "shows the tool (10 people or more each): people "
                      "reach for it while they wait.</p><ul>");
        json_array_foreach(json_object_get(c, "demand"), i, k) {
            buf_puts(out, "<li>");
            esc(out, k, "line");
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul>");
    }
}

static void decide_forms(struct buf *out, const struct dash_chrome *ch,
                         json_t *r)
{
    long long id = (long long)json_integer_value(json_object_get(r, "id"));

    if (!strcmp(vjson_str(r, "state"), "submitted")) {
        form_open(out, ch, "review", id);
        buf_puts(out, "<button>Take into review</button></form>");
    }
    form_open(out, ch, "decide", id);
    buf_puts(out, "<fieldset><legend>Decision</legend>"
                  "<label><input type=\"radio\" name=\"decision\" "
                  "value=\"approve\" required> approve</label>"
                  "<label><input type=\"radio\" name=\"decision\" "
                  "value=\"approve-with-conditions\"> approve with "
                  "conditions</label><label><input type=\"radio\" "
                  "name=\"decision\" value=\"decline\"> decline</label>"
                  "</fieldset><label>Why <textarea name=\"why\" required>"
                  "</textarea></label><label>Conditions (guardrails, a "
                  "human-review step) <textarea name=\"conditions\">"
                  "</textarea></label><p><button>Record the decision"
                  "</button></p></form>");
}

void dash_html_requests(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const char *const cols[] = {
        "request", "team", "tool", "workflow", "filed", "state",
        "working days", "decision", "reason and conditions"};
    int gov = json_is_true(json_object_get(j, "can_decide"));
    json_t *r;
    size_t i;

    dash__head(out, ch, "Tool requests");
    buf_puts(out, "<p>A team asks to use a tool for a workflow; governance "
                  "answers with a reason. Slow answers are friction: they "
                  "show here and in the trap's reasons.</p>");
    clocks(out, json_object_get(j, "clocks"));
    buf_puts(out, "<h2>Requests</h2>");
    if (!json_array_size(json_object_get(j, "requests")))
        buf_puts(out, "<p>No requests yet.</p>");
    else {
        thead(out, cols, 9, 1u << 6);
        json_array_foreach(json_object_get(j, "requests"), i, r) {
            buf_addf(out, "<tr><td>%lld</td>",
                     (long long)json_integer_value(json_object_get(r, "id")));
            td_text(out, r, "team");
            td_text(out, r, "tool");
            td_text(out, r, "workflow");
            td_day(out, r, "submitted");
            td_text(out, r, "state");
            buf_puts(out, "<td class=\"n\">");
            h_num(out, json_object_get(r, "working_days"), 0);
            if (json_is_true(json_object_get(r, "overdue")))
                buf_puts(out, " <b>overdue</b>");
            buf_puts(out, "</td>");
            td_text(out, r, "decision");
            buf_puts(out, "<td>");
            esc(out, r, "reason");
            if (*vjson_str(r, "conditions")) {
                buf_puts(out, " <small>(conditions: ");
                esc(out, r, "conditions");
                buf_puts(out, ")</small>");
            }
            buf_puts(out, "</td></tr>");
        }
        tfoot(out);
    }
    if (gov && can_post(ch))
        json_array_foreach(json_object_get(j, "requests"), i, r) {
            if (!strcmp(vjson_str(r, "state"), "decided"))
                continue;
            buf_addf(out, "<h2>Decide request %lld</h2><p>",
                     (long long)json_integer_value(json_object_get(r, "id")));
            esc(out, r, "team");
            buf_puts(out, " asks to use ");
            esc(out, r, "tool");
            buf_puts(out, " for ");
            esc(out, r, "workflow");
            if (*vjson_str(r, "why")) {
                buf_puts(out, ": ");
                esc(out, r, "why");
            }
            buf_puts(out, "</p>");
            decide_forms(out, ch, r);
        }
    if (json_is_true(json_object_get(j, "can_file")) && can_post(ch)) {
        buf_puts(out, "<h2>File a request</h2>");
        form_open(out, ch, "/requests", 0);
        buf_puts(out, "<label>Team <input name=\"team\" required></label>"
                      "<label>Tool <input name=\"tool\" required></label>"
                      "<label>Workflow <input name=\"workflow\" required>"
                      "</label><label>Why <textarea name=\"why\"></textarea>"
                      "</label><p><button>File the request</button></p>"
                      "</form>");
    }
    dash__foot(out);
}

/* ---- proposals ---- */

void dash_html_proposals(struct buf *out, const struct dash_chrome *ch,
                         json_t *j)
{
    static const char *const cols[] = {
        "proposal", "team", "workflow", "friction it removes", "outcome",
        "tool", "priority", "became"};
    json_t *p;
    size_t i;
    long long hidden =
        (long long)json_integer_value(json_object_get(j, "not_shown"));

    dash__head(out, ch, "Proposals: teams propose the tests");
    buf_puts(out, "<p>Teams know where the friction is. Propose a workflow "
                  "test: the enablement lead scores it (priority = value "
                  "\xC3\x97 reach \xC3\x97 confidence \xC3\xB7 effort) and "
                  "the selected ones become pilots.</p>");
    if (json_array_size(json_object_get(j, "proposals"))) {
        thead(out, cols, 8, 1u << 6);
        json_array_foreach(json_object_get(j, "proposals"), i, p) {
            json_t *sc = json_object_get(p, "score");

            buf_addf(out, "<tr><td>%lld</td>",
                     (long long)json_integer_value(json_object_get(p, "id")));
            td_text(out, p, "team");
            td_text(out, p, "workflow");
            td_text(out, p, "friction");
            td_text(out, p, "outcome");
            td_text(out, p, "tool");
            buf_puts(out, "<td class=\"n\">");
            if (json_is_object(sc))
                h_sig(out, json_object_get(sc, "priority"), 3);
            else
                buf_puts(out, "<span class=\"muted\">not scored</span>");
            buf_puts(out, "</td><td>");
            if (json_is_integer(json_object_get(p, "pilot")))
                buf_addf(out, "<a href=\"/pilots/%lld\">pilot %lld</a>",
                         (long long)json_integer_value(
                             json_object_get(p, "pilot")),
                         (long long)json_integer_value(
                             json_object_get(p, "pilot")));
            buf_puts(out, "</td></tr>");
        }
        tfoot(out);
    } else
        buf_puts(out, "<p>No proposals you may see yet.</p>");
    if (hidden)
        buf_addf(out, "<p class=\"muted\">%lld proposal%s of other teams "
                      "%s not shown.</p>",
                 hidden, hidden == 1 ? "" : "s", hidden == 1 ? "is" : "are");
    if (can_post(ch)) {
        buf_puts(out, "<h2>Propose a test</h2>");
        form_open(out, ch, "/proposals", 0);
        buf_puts(out, "<label>Team <input name=\"team\" required></label>"
                      "<label>Workflow <input name=\"workflow\" required>"
                      "</label><label>The friction it removes <textarea "
                      "name=\"friction\" required></textarea></label>"
                      "<label>The outcome it should move <select "
                      "name=\"outcome\"><option>cycle_time</option>"
                      "<option>quality</option><option>errors</option>"
                      "<option>rework</option></select></label>"
                      "<label>Tool <input name=\"tool\" required></label>"
                      "<p><button>Propose</button></p></form>");
    }
    dash__foot(out);
}

/* ---- what stays human ---- */

void dash_html_human(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const char *const kinds[] = {"step", "decision", "checkpoint"};
    static const char *const heads[] = {
        "Steps people keep doing", "Decisions people keep taking",
        "Where a person reviews the AI's output"};
    json_t *reg = json_object_get(j, "register"), *e;
    const char *wf = NULL;
    size_t i;

    dash__head(out, ch, "What stays human, and how AI fits the workforce "
                        "plan");
    buf_puts(out, "<p>AI tools help with parts of the work. For each "
                  "workflow, this page says which steps and decisions stay "
                  "with people, and where a person checks what the AI "
                  "produced before it is used. Each has a named owner and "
                  "the date it holds from.</p>");
    if (!json_array_size(reg)) {
        buf_puts(out, "<p>Nothing is registered yet.</p>");
        dash__foot(out);
        return;
    }
    /* entries come by workflow, then kind */
    json_array_foreach(reg, i, e) {
        const char *w = vjson_str(e, "workflow");

        if (!wf || strcmp(wf, w)) {
            if (wf)
                buf_puts(out, "</ul></section>");
            buf_puts(out, "<section><h2>");
            vhtml_esc(out, w);
            buf_puts(out, "</h2><ul>");
            wf = w;
        }
        buf_puts(out, "<li><b>");
        for (size_t k = 0; k < 3; k++)
            if (!strcmp(vjson_str(e, "kind"), kinds[k]))
                buf_puts(out, heads[k]);
        buf_puts(out, ":</b> ");
        esc(out, e, "what");
        buf_puts(out, " <span class=\"muted\">\xE2\x80\x94 owner: ");
        esc(out, e, "owner");
        buf_puts(out, ", since ");
        esc(out, e, "since");
        buf_puts(out, "</span></li>");
    }
    buf_puts(out, "</ul></section>");
    dash__foot(out);
}
