/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The governance pages' HTML, from the JSON dash/gov.c builds: tool
 * requests with their clocks and forms, proposals with their form, and
 * the plain page of what stays human. */
#include "dash/dash.h"
#include "dash/dash_int.h"

#include <string.h>

#include "core/i18n.h"

static void esc(struct buf *out, json_t *o, const char *key)
{
    vhtml_esc(out, vjson_str(o, key));
}

/* o's key escaped into a buffer of its own, for a sentence's %s. */
static const char *esc_in(struct buf *b, json_t *o, const char *key)
{
    buf_reset(b);
    vhtml_esc(b, vjson_str(o, key));
    return buf_str(b);
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

/* A word of a closed set (dash__word) in a cell. */
static void td_word(struct buf *out, json_t *o, const char *key,
                    const char *ctx)
{
    buf_puts(out, "<td>");
    vhtml_esc(out, dash__word(ctx, vjson_str(o, key)));
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
        vhtml_esc(out, _(cols[i]));
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

/* A tool's demand beside its requests, from its figures: the line
 * vrequest_demand_line writes for the command line, in the reader's
 * language. */
static void demand_line(struct buf *out, json_t *k)
{
    json_t *teams = json_object_get(k, "teams"),
           *wait = json_object_get(k, "median_wait_days");
    long long open = (long long)json_integer_value(json_object_get(k, "open"));

    esc(out, k, "tool");
    if (json_is_integer(teams)) {
        long long n = (long long)json_integer_value(teams);

        buf_addf(out, i18n_ngettext(" used in %lld team", " used in %lld teams",
                                    (unsigned long)n),
                 n);
    } else
        buf_puts(out, _(": no shadow demand seen"));
    buf_addf(out,
             i18n_ngettext("; %lld open request", "; %lld open requests",
                           (unsigned long)open),
             open);
    if (json_is_number(wait)) {
        double w = json_number_value(wait);

        /* whole days: no decimal sign */
        buf_addf(out,
                 i18n_ngettext("; median wait %.0f day",
                               "; median wait %.0f days",
                               w >= 0.5 && w < 1.5 ? 1 : 2),
                 w);
    } else
        buf_puts(out, _("; never requested"));
}

static void clocks(struct buf *out, json_t *c)
{
    static const char *const cols[] = {N_("stage"), N_("month"),
                                       N_("requests"), N_("median days"),
                                       N_("p90 days")};
    struct buf a = BUF_INIT, b = BUF_INIT, c3 = BUF_INIT, d = BUF_INIT;
    json_t *k;
    size_t i;

    buf_addf(out, "<h2>%s</h2><p>", _("The clock"));
    buf_addf(out, _("%lld requests: %lld decided, %lld open. Service "
                    "level: a decision within %lld working days (Monday to "
                    "Friday)."),
             (long long)json_integer_value(json_object_get(c, "requests")),
             (long long)json_integer_value(json_object_get(c, "decided")),
             (long long)json_integer_value(json_object_get(c, "open")),
             (long long)json_integer_value(
                 json_object_get(c, "service_level")));
    buf_puts(out, "</p>");
    thead(out, cols, 5, 0x1C);
    json_array_foreach(json_object_get(c, "clocks"), i, k) {
        const char *st = vjson_str(k, "stage");

        buf_puts(out, "<tr><td>");
        buf_puts(out, !strcmp(st, "to_review")   ? _("filed to review")
                      : !strcmp(st, "in_review") ? _("in review to decision")
                                                 : _("filed to decision"));
        buf_puts(out, "</td><td>");
        if (json_is_string(json_object_get(k, "month")))
            esc(out, k, "month");
        else
            buf_addf(out, "<b>%s</b>", C_("months", "all"));
        buf_puts(out, "</td>");
        td_num(out, json_object_get(k, "n"), 0);
        td_num(out, json_object_get(k, "median_days"), 1);
        td_num(out, json_object_get(k, "p90_days"), 1);
        buf_puts(out, "</tr>");
    }
    tfoot(out);
    if (json_array_size(json_object_get(c, "overdue"))) {
        buf_addf(out, "<h2>%s</h2><ul>", _("Overdue"));
        json_array_foreach(json_object_get(c, "overdue"), i, k) {
            long long wd = (long long)json_integer_value(
                json_object_get(k, "working_days"));

            buf_reset(&d);
            vhtml_esc(&d, dash__word("request state", vjson_str(k, "state")));
            buf_puts(out, "<li>");
            buf_addf(out,
                     i18n_ngettext("Request %lld: %s asks for %s in %s, "
                                   "waiting %lld working day (%s)",
                                   "Request %lld: %s asks for %s in %s, "
                                   "waiting %lld working days (%s)",
                                   (unsigned long)wd),
                     (long long)json_integer_value(json_object_get(k, "id")),
                     esc_in(&a, k, "team"), esc_in(&b, k, "tool"),
                     esc_in(&c3, k, "workflow"), wd, buf_str(&d));
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul>");
    }
    if (json_array_size(json_object_get(c, "demand"))) {
        buf_addf(out, "<h2>%s</h2><p class=\"muted\">%s</p><ul>",
                 _("Demand beside the requests"),
                 _("Teams whose shadow-AI demand of the latest weeks shows "
                   "the tool (10 people or more each): people reach for it "
                   "while they wait."));
        json_array_foreach(json_object_get(c, "demand"), i, k) {
            buf_puts(out, "<li>");
            demand_line(out, k);
            buf_puts(out, "</li>");
        }
        buf_puts(out, "</ul>");
    }
    buf_release(&a);
    buf_release(&b);
    buf_release(&c3);
    buf_release(&d);
}

static void decide_forms(struct buf *out, const struct dash_chrome *ch,
                         json_t *r)
{
    long long id = (long long)json_integer_value(json_object_get(r, "id"));

    if (!strcmp(vjson_str(r, "state"), "submitted")) {
        form_open(out, ch, "review", id);
        buf_addf(out, "<button>%s</button></form>", _("Take into review"));
    }
    form_open(out, ch, "decide", id);
    buf_addf(out, "<fieldset><legend>%s</legend>"
                  "<label><input type=\"radio\" name=\"decision\" "
                  "value=\"approve\" required> %s</label>"
                  "<label><input type=\"radio\" name=\"decision\" "
                  "value=\"approve-with-conditions\"> %s</label>"
                  "<label><input type=\"radio\" name=\"decision\" "
                  "value=\"decline\"> %s</label></fieldset>",
             _("Decision"), C_("request decision", "approve"),
             _("approve with conditions"), C_("request decision", "decline"));
    buf_addf(out, "<label>%s <textarea name=\"why\" required></textarea>"
                  "</label><label>%s <textarea name=\"conditions\">"
                  "</textarea></label><p><button>%s</button></p></form>",
             _("Why"), _("Conditions (guardrails, a human-review step)"),
             _("Record the decision"));
}

void dash_html_requests(struct buf *out, const struct dash_chrome *ch,
                        json_t *j)
{
    static const char *const cols[] = {
        N_("request"), N_("team"), N_("tool"), N_("workflow"), N_("filed"),
        N_("state"), N_("working days"), N_("decision"),
        N_("reason and conditions")};
    int gov = json_is_true(json_object_get(j, "can_decide"));
    struct buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT, w = BUF_INIT;
    json_t *r;
    size_t i;

    dash__head(out, ch, _("Tool requests"));
    buf_addf(out, "<p>%s</p>",
             _("A team asks to use a tool for a workflow; governance "
               "answers with a reason. Slow answers are friction: they show "
               "here and in the trap's reasons."));
    clocks(out, json_object_get(j, "clocks"));
    buf_addf(out, "<h2>%s</h2>", _("Requests"));
    if (!json_array_size(json_object_get(j, "requests")))
        buf_addf(out, "<p>%s</p>", _("No requests yet."));
    else {
        thead(out, cols, 9, 1u << 6);
        json_array_foreach(json_object_get(j, "requests"), i, r) {
            buf_addf(out, "<tr><td>%lld</td>",
                     (long long)json_integer_value(json_object_get(r, "id")));
            td_text(out, r, "team");
            td_text(out, r, "tool");
            td_text(out, r, "workflow");
            td_day(out, r, "submitted");
            td_word(out, r, "state", "request state");
            buf_puts(out, "<td class=\"n\">");
            h_num(out, json_object_get(r, "working_days"), 0);
            if (json_is_true(json_object_get(r, "overdue")))
                buf_addf(out, " <b>%s</b>", _("overdue"));
            buf_puts(out, "</td>");
            td_word(out, r, "decision", "request decision");
            buf_puts(out, "<td>");
            esc(out, r, "reason");
            if (*vjson_str(r, "conditions")) {
                buf_puts(out, " <small>");
                buf_addf(out, _("(conditions: %s)"),
                         esc_in(&c, r, "conditions"));
                buf_puts(out, "</small>");
            }
            buf_puts(out, "</td></tr>");
        }
        tfoot(out);
    }
    if (gov && can_post(ch))
        json_array_foreach(json_object_get(j, "requests"), i, r) {
            if (!strcmp(vjson_str(r, "state"), "decided"))
                continue;
            buf_puts(out, "<h2>");
            buf_addf(out, _("Decide request %lld"),
                     (long long)json_integer_value(json_object_get(r, "id")));
            buf_puts(out, "</h2><p>");
            esc_in(&a, r, "team");
            esc_in(&b, r, "tool");
            esc_in(&c, r, "workflow");
            if (*vjson_str(r, "why"))
                buf_addf(out, _("%s asks to use %s for %s: %s"), buf_str(&a),
                         buf_str(&b), buf_str(&c), esc_in(&w, r, "why"));
            else
                buf_addf(out, _("%s asks to use %s for %s"), buf_str(&a),
                         buf_str(&b), buf_str(&c));
            buf_puts(out, "</p>");
            decide_forms(out, ch, r);
        }
    if (json_is_true(json_object_get(j, "can_file")) && can_post(ch)) {
        buf_addf(out, "<h2>%s</h2>", _("File a request"));
        form_open(out, ch, "/requests", 0);
        buf_addf(out, "<label>%s <input name=\"team\" required></label>"
                      "<label>%s <input name=\"tool\" required></label>"
                      "<label>%s <input name=\"workflow\" required>"
                      "</label><label>%s <textarea name=\"why\"></textarea>"
                      "</label><p><button>%s</button></p></form>",
                 _("Team"), _("Tool"), _("Workflow"), _("Why"),
                 _("File the request"));
    }
    dash__foot(out);
    buf_release(&a);
    buf_release(&b);
    buf_release(&c);
    buf_release(&w);
}

/* ---- proposals ---- */

void dash_html_proposals(struct buf *out, const struct dash_chrome *ch,
                         json_t *j)
{
    static const char *const cols[] = {
        N_("proposal"), N_("team"), N_("workflow"),
        N_("friction it removes"), N_("outcome"), N_("tool"),
        N_("priority"), N_("became")};
    static const char *const outcomes[] = {"cycle_time", "quality",
                                           "errors", "rework"};
    json_t *p;
    size_t i;
    long long hidden =
        (long long)json_integer_value(json_object_get(j, "not_shown"));

    dash__head(out, ch, _("Proposals: teams propose the tests"));
    buf_addf(out, "<p>%s</p>",
             _("Teams know where the friction is. Propose a workflow test: "
               "the enablement lead scores it (priority = value \xC3\x97 "
               "reach \xC3\x97 confidence \xC3\xB7 effort) and the selected "
               "ones become pilots."));
    if (json_array_size(json_object_get(j, "proposals"))) {
        thead(out, cols, 8, 1u << 6);
        json_array_foreach(json_object_get(j, "proposals"), i, p) {
            json_t *sc = json_object_get(p, "score");

            buf_addf(out, "<tr><td>%lld</td>",
                     (long long)json_integer_value(json_object_get(p, "id")));
            td_text(out, p, "team");
            td_text(out, p, "workflow");
            td_text(out, p, "friction");
            td_word(out, p, "outcome", "metric");
            td_text(out, p, "tool");
            buf_puts(out, "<td class=\"n\">");
            if (json_is_object(sc))
                h_sig(out, json_object_get(sc, "priority"), 3);
            else
                buf_addf(out, "<span class=\"muted\">%s</span>",
                         _("not scored"));
            buf_puts(out, "</td><td>");
            if (json_is_integer(json_object_get(p, "pilot"))) {
                long long pid =
                    (long long)json_integer_value(json_object_get(p, "pilot"));

                buf_addf(out, "<a href=\"/pilots/%lld\">", pid);
                buf_addf(out, _("pilot %lld"), pid);
                buf_puts(out, "</a>");
            }
            buf_puts(out, "</td></tr>");
        }
        tfoot(out);
    } else
        buf_addf(out, "<p>%s</p>", _("No proposals you may see yet."));
    if (hidden) {
        buf_puts(out, "<p class=\"muted\">");
        buf_addf(out,
                 i18n_ngettext("%lld proposal of other teams is not shown.",
                               "%lld proposals of other teams are not shown.",
                               (unsigned long)hidden),
                 hidden);
        buf_puts(out, "</p>");
    }
    if (can_post(ch)) {
        buf_addf(out, "<h2>%s</h2>", _("Propose a test"));
        form_open(out, ch, "/proposals", 0);
        buf_addf(out, "<label>%s <input name=\"team\" required></label>"
                      "<label>%s <input name=\"workflow\" required>"
                      "</label><label>%s <textarea name=\"friction\" "
                      "required></textarea></label><label>%s <select "
                      "name=\"outcome\">",
                 _("Team"), _("Workflow"), _("The friction it removes"),
                 _("The outcome it should move"));
        for (size_t k = 0; k < sizeof(outcomes) / sizeof(outcomes[0]); k++) {
            buf_addf(out, "<option value=\"%s\">", outcomes[k]);
            vhtml_esc(out, dash__word("metric", outcomes[k]));
            buf_puts(out, "</option>");
        }
        buf_addf(out, "</select></label><label>%s <input name=\"tool\" "
                      "required></label><p><button>%s</button></p></form>",
                 _("Tool"), _("Propose"));
    }
    dash__foot(out);
}

/* ---- what stays human ---- */

void dash_html_human(struct buf *out, const struct dash_chrome *ch, json_t *j)
{
    static const char *const kinds[] = {"step", "decision", "checkpoint"};
    static const char *const heads[] = {
        N_("Steps people keep doing"), N_("Decisions people keep taking"),
        N_("Where a person reviews the AI's output")};
    struct buf a = BUF_INIT, b = BUF_INIT;
    json_t *reg = json_object_get(j, "register"), *e;
    const char *wf = NULL;
    size_t i;

    dash__head(out, ch, _("What stays human, and how AI fits the workforce "
                          "plan"));
    buf_addf(out, "<p>%s</p>",
             _("AI tools help with parts of the work. For each workflow, "
               "this page says which steps and decisions stay with people, "
               "and where a person checks what the AI produced before it is "
               "used. Each has a named owner and the date it holds from."));
    if (!json_array_size(reg)) {
        buf_addf(out, "<p>%s</p>", _("Nothing is registered yet."));
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
                buf_puts(out, _(heads[k]));
        buf_puts(out, ":</b> ");
        esc(out, e, "what");
        buf_puts(out, " <span class=\"muted\">");
        buf_addf(out, _("\xE2\x80\x94 owner: %s, since %s"),
                 esc_in(&a, e, "owner"), esc_in(&b, e, "since"));
        buf_puts(out, "</span></li>");
    }
    buf_puts(out, "</ul></section>");
    dash__foot(out);
    buf_release(&a);
    buf_release(&b);
}
