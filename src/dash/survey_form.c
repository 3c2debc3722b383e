/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The survey form a respondent opens through their link (/s/TOKEN):
 * plain HTML that works without JavaScript, on a phone and with the
 * keyboard alone (fieldsets with legends, every input labelled), the
 * privacy promise on top; and the answers read back from the form. */
#include "dash/dash.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/voice.h"
#include "core/xalloc.h"
#include "view/html.h"

/* Words of the form itself, per language of the instrument (English
 * for any other). */
static const char *word(const struct survey_instrument *in, int lang, int w)
{
    static const char *const en[] = {
        "Send my answers", "Thank you",
        ("Your answers are in. You can change them with the same link "
         "until the survey closes: sending again replaces them."),
        "This survey is closed.", "Optional",
        "", "Language"};
    static const char *const nl[] = {
        "Verstuur mijn antwoorden", "Dank je wel",
        ("Je antwoorden zijn binnen. Met dezelfde link kun je ze wijzigen "
         "tot de peiling sluit: opnieuw versturen vervangt ze."),
        "Deze peiling is gesloten.", "Niet verplicht",
        "", "Taal"};

    return !strcmp(in->langs[lang], "nl") ? nl[w] : en[w];
}

static void head(struct buf *out, const struct survey_instrument *in,
                 int lang)
{
    buf_puts(out, "<!doctype html><html lang=\"");
    vhtml_esc(out, in->langs[lang]);
    buf_puts(out, "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                  "content=\"width=device-width,initial-scale=1\"><title>");
    vhtml_esc(out, in->title[lang]);
    buf_puts(out, "</title><style>");
    buf_puts(out, dash_css);
    buf_puts(out, "fieldset{margin:1em 0;border:1px solid #ccc}"
                  "label{display:block;padding:.35em 0}"
                  "textarea{width:100%}</style></head><body><main>");
}

static void foot(struct buf *out)
{
    buf_puts(out, "</main></body></html>");
}

/* Field names: q<item>_<subject> (a choice), q<item>_<subject>.<code>
 * (a checkbox of a multi-select), q<item> (free text). */
static void field(struct buf *b, size_t item, size_t subject,
                  const char *code)
{
    buf_reset(b);
    buf_addf(b, "q%zu_%zu", item, subject);
    if (code)
        buf_addf(b, ".%s", code);
}

void dash_html_survey(struct buf *out, const struct survey_instrument *in,
                      int lang, const char *uses, const char *action,
                      const char *check, const char *notice)
{
    struct buf name = BUF_INIT, text = BUF_INIT;

    head(out, in, lang);
    buf_puts(out, "<h1>");
    vhtml_esc(out, in->title[lang]);
    buf_puts(out, "</h1><p class=\"notice\">");
    vhtml_esc(out, in->intro[lang]);
    buf_puts(out, "</p>");
    if (in->nlangs > 1) {
        buf_addf(out, "<p>%s:", word(in, lang, 6));
        for (size_t l = 0; l < in->nlangs; l++) {
            buf_puts(out, " <a href=\"?lang=");
            vhtml_esc(out, in->langs[l]);
            buf_puts(out, "\" hreflang=\"");
            vhtml_esc(out, in->langs[l]);
            buf_puts(out, "\">");
            vhtml_esc(out, in->langs[l]);
            buf_puts(out, "</a>");
        }
        buf_puts(out, "</p>");
    }
    if (notice) {
        buf_puts(out, "<p class=\"error\" role=\"alert\">");
        vhtml_esc(out, notice);
        buf_puts(out, "</p>");
    }
    buf_puts(out, "<form method=\"post\" action=\"");
    vhtml_esc(out, action);
    buf_puts(out, "\"><input type=\"hidden\" name=\"check\" value=\"");
    vhtml_esc(out, check);
    buf_addf(out, "\"><input type=\"hidden\" name=\"lang\" value=\"%s\">",
             in->langs[lang]);
    for (size_t i = 0; i < in->nitems; i++) {
        const struct survey_item *it = &in->items[i];
        char **tools = NULL, **wfs = NULL;
        size_t ns = voice_subjects(uses, it->per, &tools, &wfs);

        for (size_t s = 0; s < ns; s++) {
            buf_reset(&text);
            survey_item_text(in, it, lang, tools[s], wfs[s], &text);
            if (it->type == ST_TEXT) {
                buf_addf(out, "<p><label for=\"q%zu\">", i);
                vhtml_esc(out, buf_str(&text));
                buf_addf(out, " (%s)</label><textarea id=\"q%zu\" "
                              "name=\"q%zu\" rows=\"4\" maxlength=\"%ld\">"
                              "</textarea></p>",
                         word(in, lang, 4), i, i, it->max_length);
                continue;
            }
            buf_puts(out, "<fieldset><legend>");
            vhtml_esc(out, buf_str(&text));
            buf_puts(out, "</legend>");
            for (size_t o = 0; o < in->scales[it->scale].nopt; o++) {
                const struct survey_option *op =
                    &in->scales[it->scale].opt[o];

                field(&name, i, s, it->type == ST_MULTI ? op->code : NULL);
                buf_addf(out, "<label><input type=\"%s\" name=\"%s\" "
                              "value=\"",
                         it->type == ST_MULTI ? "checkbox" : "radio",
                         buf_str(&name));
                vhtml_esc(out, op->code);
                buf_puts(out, "\"> ");
                vhtml_esc(out, op->label[lang]);
                buf_puts(out, "</label>");
            }
            buf_puts(out, "</fieldset>");
        }
        for (size_t s = 0; s < ns; s++) {
            free(tools[s]);
            free(wfs[s]);
        }
        free(tools);
        free(wfs);
    }
    buf_addf(out, "<p><button>%s</button></p></form>", word(in, lang, 0));
    foot(out);
    buf_release(&name);
    buf_release(&text);
}

void dash_html_survey_note(struct buf *out, const struct survey_instrument *in,
                           int lang, int closed)
{
    head(out, in, lang);
    buf_puts(out, "<h1>");
    vhtml_esc(out, closed ? in->title[lang] : word(in, lang, 1));
    buf_puts(out, "</h1><p role=\"status\">");
    vhtml_esc(out, word(in, lang, closed ? 3 : 2));
    buf_puts(out, "</p>");
    foot(out);
}

int dash_survey_read(const struct survey_instrument *in, const char *uses,
                     dash_form_fn get, void *ctx, struct dash_answers *out)
{
    struct buf name = BUF_INIT;
    char value[SURVEY_TEXT_MAX * 4 + 1];

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < in->nitems; i++) {
        const struct survey_item *it = &in->items[i];
        char **tools = NULL, **wfs = NULL;
        size_t ns = voice_subjects(uses, it->per, &tools, &wfs);

        for (size_t s = 0; s < ns; s++) {
            size_t nopt = it->type == ST_MULTI ? in->scales[it->scale].nopt
                                               : 1;

            for (size_t o = 0; o < nopt; o++) {
                struct survey_answer *a;

                if (it->type == ST_TEXT) {
                    buf_reset(&name);
                    buf_addf(&name, "q%zu", i);
                } else
                    field(&name, i, s,
                          it->type == ST_MULTI
                              ? in->scales[it->scale].opt[o].code
                              : NULL);
                if (!get(ctx, buf_str(&name), value, sizeof(value))
                    || !*value)
                    continue;
                out->a = xgrow(out->a, &out->cap, out->n + 1,
                               sizeof(*out->a));
                a = &out->a[out->n++];
                a->item = it->id;
                a->tool = xstrdup(tools[s]);
                a->workflow = xstrdup(wfs[s]);
                a->value = xstrdup(value);
            }
        }
        for (size_t s = 0; s < ns; s++) {
            free(tools[s]);
            free(wfs[s]);
        }
        free(tools);
        free(wfs);
    }
    buf_release(&name);
    return 0;
}

void dash_answers_release(struct dash_answers *a)
{
    for (size_t i = 0; a && i < a->n; i++) {
        free((char *)a->a[i].tool);
        free((char *)a->a[i].workflow);
        free((char *)a->a[i].value);
    }
    if (a) {
        free(a->a);
        memset(a, 0, sizeof(*a));
    }
}
