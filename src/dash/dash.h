/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's pages, independent of HTTP: each page's data is built
 * once as JSON (what /api/ serves) and the HTML page is rendered from
 * that same JSON, so the two cannot disagree. Access rules are applied
 * while the data is built: admins see everything, managers their unit's
 * subtree, viewers organisation-level pages only. `traction report`
 * renders the same pages into one file. */
#ifndef TR_DASH_DASH_H
#define TR_DASH_DASH_H

#include <jansson.h>
#include <stdint.h>

#include "auth/access.h"
#include "core/buf.h"
#include "core/diag.h"

struct store;
struct dash_memo;

struct dash_ctx {
    struct store *st;
    const struct access_scope *scope;
    int64_t now;              /* Unix seconds: "today" for analyses */
    struct dash_memo *memo;   /* borrowed: what pages share; NULL:
                                 nothing shared (each page builds its
                                 inputs) */
};

/* The server keeps one memo for its lifetime; it is thread-safe. Its
 * entries (the portfolio, the teams' work items by month, the telemetry
 * and shadow-demand cells, what the mandate trap reads besides work
 * items) are rebuilt when a page asks after what they read has changed
 * (store_data_stamps) or on a new day (memo.c). */
struct dash_memo *dash_memo_new(void);
void dash_memo_free(struct dash_memo *m); /* NULL-safe */

/* Page data. Each returns 0 with *out (a new reference), TR_ENOENT for
 * something that does not exist, or TR_EPERM when the user may not see
 * it. */
int dash_overview(const struct dash_ctx *c, json_t **out, struct diag *diag);
int dash_team(const struct dash_ctx *c, int64_t unit_id, json_t **out,
              struct diag *diag);
int dash_pilots(const struct dash_ctx *c, json_t **out, struct diag *diag);
int dash_pilot(const struct dash_ctx *c, int64_t id, json_t **out,
               struct diag *diag);
int dash_playbooks(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* One scaled pilot's playbook (HTML, self-contained) into out. */
int dash_playbook(const struct dash_ctx *c, int64_t id, struct buf *html,
                  json_t **out, struct diag *diag);
int dash_learning(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* Employee voice: the latest wave's results as this user may see them
 * (through the disclosure layer; null before any wave) and the friction
 * backlog of the units they may see (read, not brought up to date:
 * `friction list` raises new items). */
int dash_voice(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* Licence spend beside realised value (view/value_view.h's JSON, the
 * reader's scope applied to the volumes of work). */
int dash_value(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* The load on the middle (view/load_view.h's JSON) of the units with a
 * manager this user may see (a manager their subtree, an admin all), as
 * of c->now; TR_EPERM for a viewer. */
int dash_load(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* Planned against actual learning time per unit and week
 * (view/learning_view.h's JSON, the reader's scope applied). */
int dash_learning_time(const struct dash_ctx *c, json_t **out,
                       struct diag *diag);
/* The simulated strategy curves (a what-if model, not evidence). */
int dash_whatif(json_t **out, struct diag *diag);

/* Governance as enablement (dash/gov.c). Tool requests with their
 * clocks: admins and governance see all, managers their subtree's,
 * viewers none (TR_EPERM). */
int dash_requests(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* Files a request for team (one the reader sees; not viewers). */
int dash_request_file(const struct dash_ctx *c, const char *team,
                      const char *tool, const char *workflow,
                      const char *why, int64_t *id, struct diag *diag);
/* Governance and admins: take a request into review, or decide it. */
int dash_request_review(const struct dash_ctx *c, int64_t id,
                        struct diag *diag);
int dash_request_decide(const struct dash_ctx *c, int64_t id,
                        const char *decision, const char *why,
                        const char *conditions, struct diag *diag);
/* Workflow-test proposals the reader may see (admins and governance
 * all, managers their subtree's; the others are counted only). */
int dash_proposals(const struct dash_ctx *c, json_t **out,
                   struct diag *diag);
/* Any signed-in user proposes a test for any team. */
int dash_proposal_file(const struct dash_ctx *c, const char *team,
                       const char *workflow, const char *friction,
                       const char *outcome, const char *tool, int64_t *id,
                       struct diag *diag);
/* The register of what stays human: every signed-in user. */
int dash_human(const struct dash_ctx *c, json_t **out, struct diag *diag);

/* Records a decision on a pilot by the signed-in user; TR_EPERM unless
 * they are an admin or a manager above the pilot's team. */
int dash_decide(const struct dash_ctx *c, int64_t id, const char *decision,
                const char *why, const char *learned,
                const char *differently, struct diag *diag);

/* ---- HTML (dash/pages.c) ---- */

/* What every page shows around its content. */
struct dash_chrome {
    const char *user, *role;  /* NULL: a report, no navigation */
    const char *csrf;         /* the session's token, for forms */
    const char *notice;       /* a message to show (English: N_() or a
                                 diag's; shown translated), or NULL */
    int deferred;             /* a page kept for every user of a scope:
                                 markers instead of the navigation and
                                 the CSRF token (see dash_html_nav) */
};

/* Markers in deferred pages. Data cannot produce them: every value is
 * escaped, and "<" never survives escaping. */
#define DASH_MARK_NAV "<!--tr:nav-->"
#define DASH_MARK_CSRF "<!--tr:csrf-->"

/* A text the page data carries (a notice, a reason, a message from
 * below): in the reader's language when it is a message of the
 * catalogue, else as it is, marked lang="en" on a page in another
 * language. Escaped. */
void dash_html_msg(struct buf *out, const char *s);
/* A reason of the page data: its text (a JSON string) formatted again in
 * the reader's language from msg, its element of "reason_messages"
 * (view/reasons_view.h); as dash_html_msg shows text when msg is null,
 * or a translated format's conversions differ from its msgid's, or a
 * message it names has no translation. Escaped. */
void dash_html_reason(struct buf *out, json_t *text, json_t *msg);

/* The navigation bar of a signed-in user (what DASH_MARK_NAV stands for). */
void dash_html_nav(struct buf *out, const struct dash_chrome *ch);

/* The overview: the headline, the portfolio at a glance, the counts by
 * function and one table of every team the reader may see, theatre
 * first, then unclear, then real, larger teams first. A page (ch with a
 * user or deferred) shows DASH_OVERVIEW_ROWS rows of it, page 1 of
 * every verdict; a report (ch NULL) every row. */
#define DASH_OVERVIEW_ROWS 50
void dash_html_overview(struct buf *out, const struct dash_chrome *ch,
                        json_t *j);
/* The same with the table's rows of one verdict ("theatre", "unclear",
 * "real"; NULL or "" for all) on page `page` (from 1), with a filter
 * form and links to the other pages. TR_EINVAL (nothing written) for
 * another verdict or a page past the last (a table with no rows has
 * one page). */
int dash_html_overview_page(struct buf *out, const struct dash_chrome *ch,
                            json_t *j, const char *verdict, long page,
                            struct diag *diag);
void dash_html_team(struct buf *out, const struct dash_chrome *ch, json_t *j);
void dash_html_pilots(struct buf *out, const struct dash_chrome *ch,
                      json_t *j);
void dash_html_pilot(struct buf *out, const struct dash_chrome *ch,
                     json_t *j);
void dash_html_playbooks(struct buf *out, const struct dash_chrome *ch,
                         json_t *j);
void dash_html_voice(struct buf *out, const struct dash_chrome *ch,
                     json_t *j);
void dash_html_learning(struct buf *out, const struct dash_chrome *ch,
                        json_t *j);
void dash_html_whatif(struct buf *out, const struct dash_chrome *ch,
                      json_t *j);
void dash_html_learning_time(struct buf *out, const struct dash_chrome *ch,
                             json_t *j);
void dash_html_value(struct buf *out, const struct dash_chrome *ch,
                     json_t *j);
/* dash/gov_pages.c */
void dash_html_requests(struct buf *out, const struct dash_chrome *ch,
                        json_t *j);
void dash_html_proposals(struct buf *out, const struct dash_chrome *ch,
                         json_t *j);
void dash_html_human(struct buf *out, const struct dash_chrome *ch,
                     json_t *j);
/* dash/load (pages.c) */
void dash_html_load(struct buf *out, const struct dash_chrome *ch,
                    json_t *j);
/* ---- the survey form (survey_form.c) ---- */

struct survey_instrument;
struct survey_answer;
/* The form of a wave's instrument in language lang: its items for the
 * wave's uses (JSON pairs), posting to action with the hidden check
 * value; notice (or NULL) above it. */
void dash_html_survey(struct buf *out, const struct survey_instrument *in,
                      int lang, const char *uses, const char *action,
                      const char *check, const char *notice);
/* The page after answering (closed 0) or for a closed wave (1). */
void dash_html_survey_note(struct buf *out, const struct survey_instrument *in,
                           int lang, int closed);
/* A form field's value by name (1 present, 0 not): the caller's reader
 * of the posted body. */
typedef int (*dash_form_fn)(void *ctx, const char *name, char *out,
                            size_t n);
struct dash_answers {
    struct survey_answer *a; /* owned, with owned tool, workflow, value */
    size_t n, cap;
};
/* The answers a posted form holds (unanswered items left out); check
 * them with survey_response_check. */
int dash_survey_read(const struct survey_instrument *in, const char *uses,
                     dash_form_fn get, void *ctx, struct dash_answers *out);
void dash_answers_release(struct dash_answers *a); /* NULL-safe */

/* The sign-in page; csrf: the token its form carries (the server checks
 * it against its cookie: no login CSRF), message: an error or NULL. */
void dash_html_login(struct buf *out, const char *csrf, const char *message);
/* A page with only a heading and a message (errors). */
void dash_html_message(struct buf *out, const struct dash_chrome *ch,
                       const char *title, const char *message);
/* The report: overview, portfolio and playbooks in one file. */
void dash_html_report(struct buf *out, json_t *overview, json_t *pilots,
                      json_t *playbooks, int64_t now);

/* ---- the board pack (dash/board.c) ---- */

/* Its data: {"made": day, "overview", "trap" (as `trap --json`, null
 * before any telemetry), "portfolio" (as `portfolio --json`, with the
 * "glance" counts), "value" (as `value --json`), "voice" (the latest
 * wave's results, null without one)}, for the reader of c. */
int dash_board(const struct dash_ctx *c, json_t **out, struct diag *diag);
/* One self-contained HTML document from that data: inline stylesheet,
 * its own strict Content-Security-Policy, no scripts and nothing
 * fetched; print rules for A4. */
void dash_html_board(struct buf *out, json_t *board);

/* The one stylesheet, served at /style.css and inlined in reports. */
extern const char dash_css[];

#endif
