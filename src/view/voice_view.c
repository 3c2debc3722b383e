/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Instruments and survey results as text tables and JSON. */
#include "view/voice_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tstamp.h"
#include "stats/stats.h"
#include "view/json.h"
#include "view/table.h"

const char *vvoice_wave_state(const struct store_wave *w, int64_t day)
{
    if (!w->until)
        return "imported";
    if (w->closed || day > w->until)
        return "closed";
    return "open";
}

/* ---- instruments ---- */

static const char *per_words(enum survey_per p)
{
    return p == SP_USE ? " (asked for each tool and workflow)"
           : p == SP_WORKFLOW ? " (asked for each workflow)"
                              : "";
}

void vvoice_instrument_text(const struct survey_instrument *in, int lang,
                            const char *uses, struct buf *out)
{
    buf_addf(out, "%s (%s, version %ld; languages:", in->title[lang], in->id,
             in->version);
    for (size_t l = 0; l < in->nlangs; l++)
        buf_addf(out, " %s", in->langs[l]);
    buf_addf(out, ")\n\n%s\n", in->intro[lang]);
    for (size_t i = 0; i < in->nitems; i++) {
        const struct survey_item *it = &in->items[i];
        char **tools = NULL, **wfs = NULL;
        size_t ns = uses ? voice_subjects(uses, it->per, &tools, &wfs) : 0;

        buf_addf(out, "\n%zu. [%s, %s] ", i + 1, it->id,
                 in->constructs[it->construct].label[lang]);
        if (ns == 0) {
            buf_puts(out, it->text[lang]);
            buf_puts(out, per_words(it->per));
        }
        for (size_t s = 0; s < ns; s++) {
            if (s)
                buf_puts(out, "\n   ");
            survey_item_text(in, it, lang, tools[s], wfs[s], out);
            free(tools[s]);
            free(wfs[s]);
        }
        free(tools);
        free(wfs);
        buf_putc(out, '\n');
        if (it->type == ST_TEXT) {
            buf_addf(out, "   free text, up to %ld characters, optional\n",
                     it->max_length);
            continue;
        }
        buf_puts(out, it->type == ST_MULTI ? "   choose any:\n"
                                           : "   choose one:\n");
        for (size_t o = 0; o < in->scales[it->scale].nopt; o++) {
            const struct survey_option *op = &in->scales[it->scale].opt[o];

            buf_addf(out, "     %-20s %s%s\n", op->code, op->label[lang],
                     op->exclusive ? " (alone)" : "");
        }
        if (it->reverse)
            buf_puts(out, "   scored in reverse\n");
    }
}

json_t *vvoice_instrument_json(const struct survey_instrument *in, int lang)
{
    json_t *items = json_array(), *langs = json_array(), *j;

    for (size_t l = 0; l < in->nlangs; l++)
        json_array_append_new(langs, json_string(in->langs[l]));
    for (size_t i = 0; i < in->nitems; i++) {
        const struct survey_item *it = &in->items[i];
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:b}", "id", it->id, "construct",
            in->constructs[it->construct].id, "type",
            survey_type_names[it->type], "per", survey_per_names[it->per],
            "text", it->text[lang], "reverse", it->reverse);

        if (it->type == ST_TEXT)
            json_object_set_new(o, "max_length",
                                json_integer(it->max_length));
        else {
            json_t *opts = json_array();
            const struct survey_scale *s = &in->scales[it->scale];

            json_object_set_new(o, "scale", json_string(s->name));
            for (size_t k = 0; k < s->nopt; k++) {
                json_t *op = json_pack(
                    "{s:s, s:s, s:b, s:b, s:b}", "code", s->opt[k].code,
                    "label", s->opt[k].label[lang], "favourable",
                    survey_option_favourable(s, it, k), "excluded",
                    s->opt[k].excluded, "exclusive", s->opt[k].exclusive);

                if (s->ordinal && !s->opt[k].excluded)
                    json_object_set_new(
                        op, "score",
                        vjson_num(survey_option_score(s, it, k)));
                json_array_append_new(opts, op);
            }
            json_object_set_new(o, "options", opts);
        }
        json_array_append_new(items, o);
    }
    j = json_pack("{s:s, s:I, s:s, s:o, s:s, s:s, s:o}", "id", in->id,
                  "version", (json_int_t)in->version, "language",
                  in->langs[lang], "languages", langs, "title",
                  in->title[lang], "intro", in->intro[lang], "items", items);
    return j;
}

/* ---- results ---- */

static const char *fit_word(double lo, double hi)
{
    if (lo > VOICE_FIT_LINE)
        return "above";
    if (hi < VOICE_FIT_LINE)
        return "below";
    return "undecided";
}

/* The group of a row (its unit or function), or "(all)". */
static const char *unit_of(const struct voice_row *r)
{
    return r->unit ? r->unit : r->function ? r->function : "(all)";
}

/* The heading of the group column. */
static const char *group_heading(const struct voice_results *r)
{
    return r->by == VOICE_BY_FUNCTION ? "function" : "unit";
}

static const char *tool_of(const struct voice_row *r)
{
    return r->all_tools ? "(all)" : r->tool;
}

static const char *workflow_of(const struct voice_row *r)
{
    return r->all_workflows ? "(all)" : r->workflow;
}

static const char *construct_of(const struct voice_results *res,
                                const struct voice_row *r)
{
    if (r->kind == VR_SCORE)
        return r->construct->id;
    if (r->kind == VR_ITEM)
        return res->in.constructs[r->item->construct].id;
    return "";
}

static void pct(struct table *t, double v)
{
    if (isnan(v))
        table_cell(t, "-");
    else
        table_cellf(t, "%.0f%%", 100 * v);
}

static void interval(struct table *t, double lo, double hi, int percent)
{
    if (isnan(lo) || isnan(hi))
        table_cell(t, "-");
    else if (percent)
        table_cellf(t, "%.0f%% to %.0f%%", 100 * lo, 100 * hi);
    else
        table_cellf(t, "%.2f to %.2f", lo, hi);
}

/* A change of a share in percentage points with its interval. */
static void change(struct table *t, double d, double lo, double hi)
{
    if (isnan(d))
        table_cell(t, "-");
    else
        table_cellf(t, "%+.0f (%+.0f to %+.0f)", 100 * d, 100 * lo,
                    100 * hi);
}

static json_t *change_json(const struct voice_row *x)
{
    if (isnan(x->d_share) && isnan(x->d_mean))
        return json_null();
    return json_pack("{s:o, s:o, s:o, s:o}", "favourable",
                     vjson_num(x->d_share), "favourable_ci",
                     isnan(x->d_share)
                         ? json_null()
                         : json_pack("[o, o]", vjson_num(x->d_share_lo),
                                     vjson_num(x->d_share_hi)),
                     "mean", vjson_num(x->d_mean), "mean_ci",
                     isnan(x->d_mean)
                         ? json_null()
                         : json_pack("[o, o]", vjson_num(x->d_mean_lo),
                                     vjson_num(x->d_mean_hi)));
}

static long responses(const struct voice_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->rows[i].kind == VR_RESPONSES && !r->rows[i].unit)
            return r->rows[i].n;
    return -1;
}

void vvoice_results_text(const struct voice_results *r, int lang,
                         struct buf *out)
{
    const struct survey_instrument *in = &r->in;
    long n = responses(r);
    struct table t;
    int any;

    buf_addf(out, "wave %s (instrument %s, version %ld): ", r->wave.name,
             in->id, in->version);
    if (n < 0)
        buf_addf(out, "too few responses to show\n");
    else
        buf_addf(out, "%ld responses\n", n);
    if (r->prev_wave)
        buf_addf(out, "changes are against wave %s, in percentage points "
                      "of the favourable share (95%% interval)\n",
                 r->prev_wave);
    /* internal PMF */
    table_init(&t, 7, 0x18);
    table_cell(&t, group_heading(r));
    table_cell(&t, "tool");
    table_cell(&t, "workflow");
    table_cell(&t, "n");
    table_cell(&t, "very disappointed");
    table_cell(&t, "95% interval");
    table_cell(&t, "fit (40% line)");
    any = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *x = &r->rows[i];

        if (x->kind != VR_ITEM || strcmp(construct_of(r, x), VOICE_PMF)
            || isnan(x->share))
            continue;
        any = 1;
        table_cell(&t, unit_of(x));
        table_cell(&t, tool_of(x));
        table_cell(&t, workflow_of(x));
        table_cellf(&t, "%ld", x->n);
        pct(&t, x->share);
        interval(&t, x->share_lo, x->share_hi, 1);
        table_cell(&t, fit_word(x->share_lo, x->share_hi));
    }
    if (any) {
        buf_puts(out, "\ninternal product-market fit\n");
        table_render(&t, out);
    }
    table_release(&t);
    /* scale scores */
    table_init(&t, 8, 0x7C);
    table_cell(&t, group_heading(r));
    table_cell(&t, "score");
    table_cell(&t, "n");
    table_cell(&t, "mean");
    table_cell(&t, "95% interval");
    table_cell(&t, "favourable");
    table_cell(&t, "95% interval");
    table_cell(&t, "change");
    any = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *x = &r->rows[i];

        if (x->kind != VR_SCORE)
            continue;
        any = 1;
        table_cell(&t, unit_of(x));
        table_cell(&t, x->construct->label[lang]);
        table_cellf(&t, "%ld", x->n);
        table_cellf(&t, "%.2f", x->mean);
        interval(&t, x->mean_lo, x->mean_hi, 0);
        pct(&t, x->share);
        interval(&t, x->share_lo, x->share_hi, 1);
        change(&t, x->d_share, x->d_share_lo, x->d_share_hi);
    }
    if (any) {
        buf_puts(out, "\nscale scores\n");
        table_render(&t, out);
    }
    table_release(&t);
    /* single-choice items */
    table_init(&t, 9, 0xF8);
    table_cell(&t, group_heading(r));
    table_cell(&t, "item");
    table_cell(&t, "subject");
    table_cell(&t, "n");
    table_cell(&t, "mean");
    table_cell(&t, "95% interval");
    table_cell(&t, "favourable");
    table_cell(&t, "95% interval");
    table_cell(&t, "change");
    any = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *x = &r->rows[i];

        if (x->kind != VR_ITEM || x->item->type != ST_SINGLE)
            continue;
        any = 1;
        table_cell(&t, unit_of(x));
        table_cellf(&t, "%s%s", x->item->id, x->item->reverse ? " (r)" : "");
        if (*x->tool || x->all_tools)
            table_cellf(&t, "%s / %s", tool_of(x), workflow_of(x));
        else
            table_cell(&t, *x->workflow ? x->workflow : "-");
        table_cellf(&t, "%ld", x->n);
        if (isnan(x->mean))
            table_cell(&t, "-");
        else
            table_cellf(&t, "%.2f", x->mean);
        interval(&t, x->mean_lo, x->mean_hi, 0);
        pct(&t, x->share);
        interval(&t, x->share_lo, x->share_hi, 1);
        change(&t, x->d_share, x->d_share_lo, x->d_share_hi);
    }
    if (any) {
        buf_puts(out, "\nitems ((r): scored in reverse; favourable: the "
                      "share on the favourable side)\n");
        table_render(&t, out);
    }
    table_release(&t);
    /* multi-select items: the friction heatmap and any others */
    for (size_t k = 0; k < in->nitems; k++) {
        const struct survey_item *it = &in->items[k];
        const struct survey_scale *s;

        if (it->type != ST_MULTI)
            continue;
        s = &in->scales[it->scale];
        table_init(&t, 3 + s->nopt, ~0u << 2);
        table_cell(&t, group_heading(r));
        table_cell(&t, "workflow");
        table_cell(&t, "n");
        for (size_t o = 0; o < s->nopt; o++)
            table_cell(&t, s->opt[o].code);
        any = 0;
        for (size_t i = 0; i < r->n; i++) {
            const struct voice_row *x = &r->rows[i];

            if (x->kind != VR_ITEM || x->item != it)
                continue;
            any = 1;
            table_cell(&t, unit_of(x));
            if (*x->tool || x->all_tools)
                table_cellf(&t, "%s / %s", tool_of(x), workflow_of(x));
            else
                table_cell(&t, *x->workflow ? x->workflow : "(any)");
            table_cellf(&t, "%ld", x->n);
            for (size_t o = 0; o < s->nopt; o++)
                pct(&t, (double)x->count[o] / (double)x->n);
        }
        if (any) {
            buf_addf(out, "\n%s (%s): share of people naming each\n",
                     in->constructs[it->construct].label[lang], it->id);
            table_render(&t, out);
        }
        table_release(&t);
    }
    for (size_t i = 0; i < r->ntexts; i++) {
        const struct voice_texts *g = &r->texts[i];

        buf_addf(out, "\n%s (%s), %s: %zu answers, masked, in random order\n",
                 in->constructs[g->item->construct].label[lang], g->item->id,
                 g->unit ? g->unit : "(all)", g->n);
        for (size_t k = 0; k < g->n; k++)
            buf_addf(out, "  - %s\n", g->text[k]);
    }
    if (r->hidden || r->texts_hidden)
        buf_addf(out, "\n%zu results not shown: too few people answered "
                      "(or they would give such a result away; free text "
                      "needs 10)\n",
                 r->hidden + r->texts_hidden);
}

static json_t *pair(double lo, double hi)
{
    if (isnan(lo) || isnan(hi))
        return json_null();
    return json_pack("[o, o]", vjson_num(lo), vjson_num(hi));
}

static json_t *unit_json(const struct voice_row *x)
{
    return x->unit ? json_string(x->unit) : json_null();
}

/* A record's group beyond its unit: its function (null unless grouped
 * by function), and null for the tool or workflow it is pooled over. */
static json_t *grouped_json(json_t *o, const struct voice_row *x)
{
    json_object_set_new(o, "function",
                        x->function ? json_string(x->function)
                                    : json_null());
    if (x->all_tools)
        json_object_set_new(o, "tool", json_null());
    if (x->all_workflows)
        json_object_set_new(o, "workflow", json_null());
    return o;
}

json_t *vvoice_results_json(const struct voice_results *r)
{
    const struct survey_instrument *in = &r->in;
    json_t *pmf = json_array(), *scores = json_array(), *items = json_array(),
           *multi = json_array(), *j;
    long n = responses(r);

    for (size_t i = 0; i < r->n; i++) {
        const struct voice_row *x = &r->rows[i];
        json_t *o;

        if (x->kind == VR_SCORE) {
            json_array_append_new(
                scores,
                json_pack("{s:o, s:s, s:I, s:o, s:o, s:o, s:o}", "unit",
                          unit_json(x), "construct", x->construct->id, "n",
                          (json_int_t)x->n, "mean", vjson_num(x->mean),
                          "mean_ci", pair(x->mean_lo, x->mean_hi),
                          "favourable", vjson_num(x->share),
                          "favourable_ci", pair(x->share_lo, x->share_hi)));
            json_object_set_new(json_array_get(scores,
                                               json_array_size(scores) - 1),
                                "change", change_json(x));
            grouped_json(json_array_get(scores, json_array_size(scores) - 1),
                         x);
            continue;
        }
        if (x->kind != VR_ITEM)
            continue;
        o = json_pack("{s:o, s:s, s:s, s:s, s:s, s:I}", "unit", unit_json(x),
                      "item", x->item->id, "construct",
                      in->constructs[x->item->construct].id, "tool", x->tool,
                      "workflow", x->workflow, "n", (json_int_t)x->n);
        grouped_json(o, x);
        {
            const struct survey_scale *s = &in->scales[x->item->scale];
            json_t *counts = json_object();

            for (size_t k = 0; k < s->nopt; k++)
                if (!s->opt[k].excluded)
                    json_object_set_new(counts, s->opt[k].code,
                                        json_integer(x->count[k]));
            json_object_set_new(o, "counts", counts);
            if (x->item->type == ST_MULTI) {
                json_t *shares = json_object();

                for (size_t k = 0; k < s->nopt; k++) {
                    double lo, hi;

                    stats_wilson(x->count[k], x->n, VOICE_ALPHA, &lo, &hi);
                    json_object_set_new(
                        shares, s->opt[k].code,
                        json_pack("{s:o, s:o}", "share",
                                  vjson_num((double)x->count[k] / x->n), "ci",
                                  pair(lo, hi)));
                }
                json_object_set_new(o, "shares", shares);
                json_array_append_new(multi, o);
                continue;
            }
        }
        json_object_set_new(o, "mean", vjson_num(x->mean));
        json_object_set_new(o, "mean_ci", pair(x->mean_lo, x->mean_hi));
        json_object_set_new(o, "favourable", vjson_num(x->share));
        json_object_set_new(o, "favourable_ci",
                            pair(x->share_lo, x->share_hi));
        json_object_set_new(o, "change", change_json(x));
        if (!strcmp(in->constructs[x->item->construct].id, VOICE_PMF)
            && !isnan(x->share))
            json_array_append_new(
                pmf, grouped_json(
                         json_pack("{s:o, s:s, s:s, s:I, s:o, s:o, s:s}",
                                   "unit", unit_json(x), "tool", x->tool,
                                   "workflow", x->workflow, "n",
                                   (json_int_t)x->n, "very_disappointed",
                                   vjson_num(x->share), "ci",
                                   pair(x->share_lo, x->share_hi), "fit",
                                   fit_word(x->share_lo, x->share_hi)),
                         x));
        json_array_append_new(items, o);
    }
    {
        json_t *texts = json_array();

        for (size_t i = 0; i < r->ntexts; i++) {
            const struct voice_texts *g = &r->texts[i];
            json_t *arr = json_array();

            for (size_t k = 0; k < g->n; k++)
                json_array_append_new(arr, json_string(g->text[k]));
            json_array_append_new(
                texts, json_pack("{s:o, s:s, s:I, s:o}", "unit",
                                 g->unit ? json_string(g->unit) : json_null(),
                                 "item", g->item->id, "n", (json_int_t)g->n,
                                 "texts", arr));
        }
        j = json_pack("{s:s, s:s, s:I, s:o, s:f, s:o, s:o, s:o, s:o, s:o, "
                      "s:I}",
                      "wave", r->wave.name, "instrument", in->id, "version",
                      (json_int_t)in->version, "responses",
                      n < 0 ? json_null() : json_integer(n), "fit_line",
                      VOICE_FIT_LINE, "pmf", pmf, "scores", scores, "items",
                      items, "choices", multi, "texts", texts, "hidden",
                      (json_int_t)(r->hidden + r->texts_hidden));
        json_object_set_new(j, "by",
                            r->by == VOICE_BY_NONE
                                ? json_null()
                                : json_string(voice_by_names[r->by]));
        json_object_set_new(j, "previous_wave",
                            r->prev_wave ? json_string(r->prev_wave)
                                         : json_null());
    }
    return j;
}

json_t *vvoice_friction_json(const struct voice_friction_item *it)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, "
                     "s:o, s:o}",
                     "id", (json_int_t)it->id, "unit", it->unit, "workflow",
                     it->workflow, "category", it->category, "raised_wave",
                     it->raised_wave, "share", vjson_num(it->share),
                     "status", it->status, "owner",
                     it->owner ? json_string(it->owner) : json_null(),
                     "note", it->note ? json_string(it->note) : json_null(),
                     "since_wave",
                     it->since_wave ? json_string(it->since_wave)
                                    : json_null(),
                     "since_share", vjson_num(it->since_share), "gone",
                     it->gone < 0 ? json_null() : json_boolean(it->gone));
}
