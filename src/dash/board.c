/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The board pack (`traction report --board`): the overview's headline
 * and the week's trap, the portfolio, value with its open questions and
 * seats, and the voice of the latest wave, as one JSON document built by
 * the same functions as `trap --json`, `portfolio --json` and `value
 * --json`, and one self-contained HTML file rendered from it with the
 * dashboard's own page contents, made to print on A4. */
#include "dash/dash.h"

#include <string.h>

#include "analysis/trap.h"
#include "core/i18n.h"
#include "core/tstamp.h"
#include "dash/dash_int.h"
#include "store/trap.h"
#include "view/trap_view.h"

/* The week's trap as `traction trap --json` prints it, or null before
 * any telemetry or shadow-AI data. */
static int trap_of(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    struct trap tr = {0, NULL, 0, 0};
    int64_t week = 0;
    int rc = store_latest_week(c->st, &week, diag);

    *out = NULL;
    if (!rc && week)
        rc = dash__trap(c, week, &tr, diag);
    if (!rc)
        *out = week ? vtrap_json(&tr) : json_null();
    trap_release(&tr);
    return rc;
}

int dash_board(const struct dash_ctx *c, json_t **out, struct diag *diag)
{
    json_t *overview = NULL, *trap = NULL, *pilots = NULL, *value = NULL,
           *voice = NULL;
    struct buf day = BUF_INIT;
    int rc = dash_overview(c, &overview, diag);

    if (!rc)
        rc = trap_of(c, &trap, diag);
    if (!rc)
        rc = dash_pilots(c, &pilots, diag);
    if (!rc)
        rc = dash_value(c, &value, diag);
    if (!rc)
        rc = dash_voice(c, &voice, diag);
    if (!rc) {
        json_t *results = json_object_get(voice, "results");

        tstamp_format_day(&day, c->now);
        *out = json_pack("{s:s, s:O, s:O, s:O, s:O, s:O}", "made",
                         buf_str(&day), "overview", overview, "trap", trap,
                         "portfolio", pilots, "value", value, "voice",
                         results ? results : json_null());
    }
    buf_release(&day);
    json_decref(overview);
    json_decref(trap);
    json_decref(pilots);
    json_decref(value);
    json_decref(voice);
    return rc;
}

/* On paper: A4, every section from a new page, headings kept with what
 * follows, rows, charts and cards never split, tables as wide as the
 * page and no wider (long words broken where they must be), charts scaled to
 * the page. */
static const char board_css[] =
    "@page{size:A4;margin:16mm 14mm 18mm}"
    "section.sheet h1{margin-top:0}"
    "@media print{"
    "body{font-size:10pt}"
    "main{max-width:none;margin:0;padding:0}"
    "section.sheet{break-before:page}"
    "section.sheet:first-of-type{break-before:auto}"
    "h1,h2,h3{break-after:avoid}"
    "table{width:100%;font-size:8pt}"
    "th,td{overflow-wrap:break-word;hyphens:auto;padding:.1rem .25rem}"
    "thead{display:table-header-group}"
    "table.heat{table-layout:fixed}table.heat th,table.heat td{overflow-wrap:anywhere}"
    "tr,figure,.card,.cards,dl{break-inside:avoid}"
    ".scroll{overflow:visible}"
    "figure.chart{overflow:visible;margin:.5rem 0}"
    "figure.chart svg{min-width:0;max-width:100%}"
    "p,li{orphans:3;widows:3}"
    "}";

/* The wave's highlights: its friction heatmap, and the product-market
 * fit and scales of everyone who answered (the units' rows are on the
 * dashboard's voice page). A new reference. */
static json_t *highlights(json_t *results)
{
    static const char *const keys[] = {"pmf", "scores"};
    json_t *h = json_deep_copy(results);

    for (size_t k = 0; k < 2; k++) {
        json_t *rows = json_object_get(h, keys[k]), *keep = json_array(), *x;
        size_t i;

        json_array_foreach(rows, i, x)
            if (!json_is_string(json_object_get(x, "unit")))
                json_array_append(keep, x);
        json_object_set_new(h, keys[k], keep);
    }
    return h;
}

void dash_html_board(struct buf *out, json_t *board)
{
    json_t *voice = json_object_get(board, "voice");
    struct buf made = BUF_INIT;

    vhtml_esc(&made, vjson_str(board, "made"));
    buf_addf(out, "<!doctype html><html lang=\"%s\"><head><meta "
                  "charset=\"utf-8\"><meta http-equiv=\"Content-Security-"
                  "Policy\" content=\"default-src 'none'; style-src "
                  "'unsafe-inline'; img-src data:; base-uri 'none'; "
                  "form-action 'none'\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>",
             i18n_codes[i18n_current()]);
    buf_addf(out, _("Board pack, %s"), buf_str(&made));
    buf_puts(out, " \xE2\x80\x94 traction</title><style>");
    buf_puts(out, dash_css);
    buf_puts(out, board_css);
    buf_puts(out, "</style></head><body><main>");
    buf_addf(out, "<section class=\"sheet\" id=\"overview\"><h1>%s</h1>"
                  "<p class=\"muted\">",
             _("Board pack: where AI adoption is real and what it is "
               "worth"));
    buf_addf(out, _("Made by traction on %s from measured outcomes, not "
                    "assumed time savings. Team level only: no figure names "
                    "a person, and figures about too few people are not "
                    "shown."),
             buf_str(&made));
    buf_addf(out, "</p><h2>%s</h2>", _("Where adoption is real"));
    dash__overview_headline(out, json_object_get(board, "overview"));
    buf_puts(out, "</section>");
    buf_addf(out, "<section class=\"sheet\" id=\"portfolio\"><h1>%s</h1>",
             _("The portfolio"));
    dash__pilots_body(out, json_object_get(board, "portfolio"));
    buf_puts(out, "</section>");
    buf_addf(out, "<section class=\"sheet\" id=\"value\"><h1>%s</h1>",
             _("Value: licence spend beside measured effects"));
    dash__value_body(out, json_object_get(board, "value"));
    buf_puts(out, "</section>");
    if (json_is_object(voice)) {
        json_t *h = highlights(voice);

        buf_addf(out, "<section class=\"sheet\" id=\"voice\"><h1>%s</h1>",
                 _("Voice: where the work slows down"));
        dash__voice_results(out, h, json_object_get(voice, "labels"));
        buf_addf(out, "<p class=\"muted\">%s</p></section>",
                 _("Everyone who answered; each unit's figures are on the "
                   "dashboard's voice page."));
        json_decref(h);
    }
    buf_puts(out, "</main></body></html>\n");
    buf_release(&made);
}
