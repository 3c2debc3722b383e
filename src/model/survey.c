/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey instruments: loading, validation with line and column, lookups. */
#include "model/survey.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strmap.h"
#include "core/xalloc.h"

const char *const survey_type_names[ST_COUNT] = {
    [ST_SINGLE] = "single", [ST_MULTI] = "multi", [ST_TEXT] = "text"};
const char *const survey_per_names[SP_COUNT] = {
    [SP_NONE] = "none", [SP_USE] = "use", [SP_WORKFLOW] = "workflow"};

/* ---- where each value is: a path -> line and column index ----
 *
 * jansson locates syntax errors but keeps no positions of values, so a
 * second pass over the (valid) text records where every value starts,
 * by its path: "items[3].text.nl". A member's key is recorded under the
 * path with a trailing '!'. */

struct pos {
    struct strmap at; /* path -> line << 20 | column */
    const char *p, *end;
    long line, col;
    struct buf path;
};

static void advance(struct pos *ps)
{
    unsigned char c = (unsigned char)*ps->p++;

    if (c == '\n') {
        ps->line++;
        ps->col = 1;
    } else if ((c & 0xC0) != 0x80) /* columns count characters */
        ps->col++;
}

static void skip_ws(struct pos *ps)
{
    while (ps->p < ps->end
           && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n'
               || *ps->p == '\r'))
        advance(ps);
}

static void mark(struct pos *ps, const char *suffix)
{
    size_t n = ps->path.len;

    buf_puts(&ps->path, suffix);
    strmap_put(&ps->at, ps->path.data ? ps->path.data : "", ps->path.len,
               (int64_t)ps->line << 20 | (ps->col & 0xFFFFF));
    ps->path.len = n;
    if (ps->path.data)
        ps->path.data[n] = '\0';
}

/* Reads a string token into out (raw: escapes are kept, which is what a
 * key of the instrument's own format never has). */
static void scan_string(struct pos *ps, struct buf *out)
{
    advance(ps); /* the quote */
    while (ps->p < ps->end && *ps->p != '"') {
        if (*ps->p == '\\' && ps->p + 1 < ps->end) {
            if (out)
                buf_putc(out, *ps->p);
            advance(ps);
        }
        if (out)
            buf_putc(out, *ps->p);
        advance(ps);
    }
    if (ps->p < ps->end)
        advance(ps);
}

static void scan_value(struct pos *ps, int depth)
{
    skip_ws(ps);
    if (ps->p >= ps->end)
        return;
    mark(ps, "");
    if (depth > 64) { /* jansson refuses deeper documents anyway */
        ps->p = ps->end;
        return;
    }
    if (*ps->p == '{' || *ps->p == '[') {
        int obj = *ps->p == '{';
        char close = obj ? '}' : ']';
        long i = 0;

        advance(ps);
        for (;;) {
            size_t n = ps->path.len;
            struct buf key = BUF_INIT;

            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p == close) {
                if (ps->p < ps->end)
                    advance(ps);
                return;
            }
            if (obj) {
                long line = ps->line, col = ps->col;

                scan_string(ps, &key);
                buf_addf(&ps->path, ".%s", buf_str(&key));
                {
                    long l2 = ps->line, c2 = ps->col;

                    ps->line = line;
                    ps->col = col;
                    mark(ps, "!");
                    ps->line = l2;
                    ps->col = c2;
                }
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == ':')
                    advance(ps);
            } else
                buf_addf(&ps->path, "[%ld]", i);
            buf_release(&key);
            scan_value(ps, depth + 1);
            ps->path.len = n;
            if (ps->path.data)
                ps->path.data[n] = '\0';
            i++;
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',')
                advance(ps);
        }
    }
    if (*ps->p == '"') {
        scan_string(ps, NULL);
        return;
    }
    while (ps->p < ps->end && !strchr(",]} \t\r\n", *ps->p))
        advance(ps);
}

/* ---- validation ---- */

struct ctx {
    struct pos ps;
    struct survey_instrument *in;
    struct diag *diag;
    struct strmap scales, constructs, items;
    int bad;
};

/* Reports a problem at the value of path (or its nearest recorded
 * ancestor); key 1: at the member's key instead. */
__attribute__((format(printf, 4, 5))) static void problem(
    struct ctx *c, const char *path, int key, const char *fmt, ...)
{
    char msg[512];
    struct buf p = BUF_INIT;
    int64_t at = 0;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    buf_puts(&p, path);
    if (key) {
        buf_putc(&p, '!');
        if (!strmap_get(&c->ps.at, p.data, p.len, &at)) {
            p.len--;
            p.data[p.len] = '\0';
        }
    }
    while (!at && !strmap_get(&c->ps.at, p.data ? p.data : "", p.len, &at)) {
        char *cut;

        if (!p.len)
            break;
        cut = strrchr(p.data, '.');
        {
            char *br = strrchr(p.data, '[');

            if (!cut || (br && br > cut))
                cut = br;
        }
        p.len = cut ? (size_t)(cut - p.data) : 0;
        p.data[p.len] = '\0';
    }
    buf_release(&p);
    diag_at(c->diag, TR_EPARSE, (long)(at >> 20), (long)(at & 0xFFFFF), "%s",
            msg);
    c->bad = 1;
}

static int is_code(const char *s)
{
    if (!*s || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
              || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* Refuses members of o not in the NULL-ended list allowed. */
static void only(struct ctx *c, const char *path, json_t *o,
                 const char *const *allowed)
{
    const char *k;
    json_t *v;

    json_object_foreach(o, k, v) {
        size_t i;
        struct buf p = BUF_INIT;

        for (i = 0; allowed[i] && strcmp(allowed[i], k); i++)
            ;
        if (allowed[i])
            continue;
        buf_addf(&p, "%s.%s", path, k);
        problem(c, buf_str(&p), 1, "unknown key '%s'", k);
        buf_release(&p);
    }
}

/* A localised text: an object with a non-empty string per language. */
static survey_text text_of(struct ctx *c, const char *path, json_t *o,
                           const char *what)
{
    survey_text t = xcalloc(SURVEY_MAX_LANGS, sizeof(char *));

    if (!json_is_object(o)) {
        problem(c, path, 0, "%s must be an object with a text per language",
                what);
        return t;
    }
    for (size_t l = 0; l < c->in->nlangs; l++) {
        json_t *s = json_object_get(o, c->in->langs[l]);

        if (!json_is_string(s) || !json_string_length(s))
            problem(c, path, 0, "%s has no text in '%s'", what,
                    c->in->langs[l]);
        else
            t[l] = xstrdup(json_string_value(s));
    }
    {
        const char *k;
        json_t *v;

        json_object_foreach(o, k, v) {
            struct buf p = BUF_INIT;

            if (survey_lang(c->in, k) >= 0 && strlen(k) == strlen(
                    c->in->langs[survey_lang(c->in, k)]))
                continue;
            buf_addf(&p, "%s.%s", path, k);
            problem(c, buf_str(&p), 1,
                    "'%s' is not one of the instrument's languages", k);
            buf_release(&p);
        }
    }
    return t;
}

static void text_free(survey_text t)
{
    if (!t)
        return;
    for (size_t i = 0; i < SURVEY_MAX_LANGS; i++)
        free(t[i]);
    free(t);
}

static int get_bool(struct ctx *c, const char *path, json_t *o,
                    const char *key)
{
    json_t *v = json_object_get(o, key);
    struct buf p = BUF_INIT;
    int r = 0;

    if (!v)
        return 0;
    buf_addf(&p, "%s.%s", path, key);
    if (!json_is_boolean(v))
        problem(c, buf_str(&p), 0, "'%s' must be true or false", key);
    else
        r = json_is_true(v);
    buf_release(&p);
    return r;
}

static void load_scale(struct ctx *c, const char *name, json_t *o,
                       struct survey_scale *s)
{
    static const char *const keys[] = {"ordinal", "favourable", "options",
                                       NULL};
    static const char *const okeys[] = {"code", "score", "label", "excluded",
                                        "exclusive", NULL};
    struct buf path = BUF_INIT, p = BUF_INIT;
    json_t *opts, *fav;
    struct strmap codes;

    strmap_init(&codes);
    s->name = xstrdup(name);
    buf_addf(&path, ".scales.%s", name);
    if (!is_code(name))
        problem(c, buf_str(&path), 1,
                "scale name '%s' must be lower-case letters, digits, _ or -",
                name);
    if (!json_is_object(o)) {
        problem(c, buf_str(&path), 0, "a scale must be an object");
        goto out;
    }
    only(c, buf_str(&path), o, keys);
    s->ordinal = get_bool(c, buf_str(&path), o, "ordinal");
    opts = json_object_get(o, "options");
    buf_addf(&p, "%s.options", buf_str(&path));
    if (!json_is_array(opts) || !json_array_size(opts)
        || json_array_size(opts) > SURVEY_MAX_OPTIONS) {
        problem(c, buf_str(&p), 0,
                "'options' must be a list of 1 to %d options",
                SURVEY_MAX_OPTIONS);
        goto out;
    }
    s->nopt = json_array_size(opts);
    s->opt = xcalloc(s->nopt, sizeof(*s->opt));
    for (size_t i = 0; i < s->nopt; i++) {
        json_t *e = json_array_get(opts, i), *code, *score;
        struct survey_option *op = &s->opt[i];
        struct buf q = BUF_INIT;

        buf_addf(&q, "%s[%zu]", buf_str(&p), i);
        if (!json_is_object(e)) {
            problem(c, buf_str(&q), 0, "an option must be an object");
            buf_release(&q);
            continue;
        }
        only(c, buf_str(&q), e, okeys);
        code = json_object_get(e, "code");
        if (!json_is_string(code) || !is_code(json_string_value(code)))
            problem(c, buf_str(&q), 0,
                    "an option needs a 'code' of lower-case letters, "
                    "digits, _ or -");
        else {
            op->code = xstrdup(json_string_value(code));
            if (strmap_gets(&codes, op->code, NULL))
                problem(c, buf_str(&q), 0, "option '%s' is listed twice",
                        op->code);
            strmap_puts(&codes, op->code, (int64_t)i);
        }
        score = json_object_get(e, "score");
        op->excluded = get_bool(c, buf_str(&q), e, "excluded");
        op->exclusive = get_bool(c, buf_str(&q), e, "exclusive");
        if (s->ordinal && !op->excluded && !json_is_number(score))
            problem(c, buf_str(&q), 0,
                    "an option of an ordinal scale needs a 'score'");
        else if (score && !s->ordinal)
            problem(c, buf_str(&q), 0,
                    "only options of an ordinal scale have a 'score'");
        else if (score) {
            op->score = json_number_value(score);
            if (i > 0 && !s->opt[i - 1].excluded
                && op->score <= s->opt[i - 1].score)
                problem(c, buf_str(&q), 0,
                        "scores must rise from the first option to the last");
        }
        buf_addf(&q, ".label");
        op->label = text_of(c, buf_str(&q), json_object_get(e, "label"),
                            "an option's label");
        buf_release(&q);
    }
    fav = json_object_get(o, "favourable");
    buf_reset(&p);
    buf_addf(&p, "%s.favourable", buf_str(&path));
    if (fav && !json_is_array(fav))
        problem(c, buf_str(&p), 0, "'favourable' must be a list of codes");
    for (size_t i = 0; fav && i < json_array_size(fav); i++) {
        json_t *f = json_array_get(fav, i);
        int64_t at;

        if (!json_is_string(f)
            || !strmap_gets(&codes, json_string_value(f), &at)) {
            struct buf q = BUF_INIT;

            buf_addf(&q, "%s[%zu]", buf_str(&p), i);
            problem(c, buf_str(&q), 0, "'%s' is not an option of scale '%s'",
                    json_is_string(f) ? json_string_value(f) : "?", name);
            buf_release(&q);
        } else
            s->opt[at].favourable = 1;
    }
out:
    strmap_release(&codes);
    buf_release(&path);
    buf_release(&p);
}

static void load_construct(struct ctx *c, const char *id, json_t *o,
                           struct survey_construct *k)
{
    static const char *const keys[] = {"label", "score", NULL};
    static const char *const skeys[] = {"min_items", "favourable_at", NULL};
    struct buf path = BUF_INIT, p = BUF_INIT;
    json_t *score;

    k->id = xstrdup(id);
    buf_addf(&path, ".constructs.%s", id);
    if (!is_code(id))
        problem(c, buf_str(&path), 1,
                "construct '%s' must be lower-case letters, digits, _ or -",
                id);
    if (!json_is_object(o)) {
        problem(c, buf_str(&path), 0, "a construct must be an object");
        goto out;
    }
    only(c, buf_str(&path), o, keys);
    buf_addf(&p, "%s.label", buf_str(&path));
    k->label = text_of(c, buf_str(&p), json_object_get(o, "label"),
                       "a construct's label");
    score = json_object_get(o, "score");
    if (!score)
        goto out;
    buf_reset(&p);
    buf_addf(&p, "%s.score", buf_str(&path));
    if (!json_is_object(score)) {
        problem(c, buf_str(&p), 0, "'score' must be an object");
        goto out;
    }
    only(c, buf_str(&p), score, skeys);
    k->scored = 1;
    k->min_items = json_is_integer(json_object_get(score, "min_items"))
                       ? (long)json_integer_value(
                             json_object_get(score, "min_items"))
                       : 0;
    if (k->min_items < 1)
        problem(c, buf_str(&p), 0, "'min_items' must be a whole number >= 1");
    if (!json_is_number(json_object_get(score, "favourable_at")))
        problem(c, buf_str(&p), 0, "'favourable_at' must be a number");
    else
        k->favourable_at =
            json_number_value(json_object_get(score, "favourable_at"));
out:
    buf_release(&path);
    buf_release(&p);
}

/* The index of name in a table of names, or -1. */
static int word(const char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (s && !strcmp(names[i], s))
            return i;
    return -1;
}

static void load_item(struct ctx *c, size_t i, json_t *o,
                      struct survey_item *it)
{
    static const char *const keys[] = {"id",  "construct", "type",
                                       "scale", "per",     "reverse",
                                       "max_length", "text", NULL};
    struct buf path = BUF_INIT, p = BUF_INIT;
    json_t *v;
    int64_t at;
    int w;

    it->scale = -1;
    buf_addf(&path, ".items[%zu]", i);
    if (!json_is_object(o)) {
        problem(c, buf_str(&path), 0, "an item must be an object");
        goto out;
    }
    only(c, buf_str(&path), o, keys);
    v = json_object_get(o, "id");
    buf_addf(&p, "%s.id", buf_str(&path));
    if (!json_is_string(v) || !is_code(json_string_value(v)))
        problem(c, buf_str(&p), 0,
                "an item needs an 'id' of lower-case letters, digits, _ or -");
    else {
        it->id = xstrdup(json_string_value(v));
        if (strmap_gets(&c->items, it->id, NULL))
            problem(c, buf_str(&p), 0, "item '%s' is listed twice", it->id);
        strmap_puts(&c->items, it->id, (int64_t)i);
    }
    v = json_object_get(o, "construct");
    buf_reset(&p);
    buf_addf(&p, "%s.construct", buf_str(&path));
    if (!json_is_string(v)
        || !strmap_gets(&c->constructs, json_string_value(v), &at))
        problem(c, buf_str(&p), 0, "'construct' must name a construct of "
                                   "'constructs'");
    else
        it->construct = (size_t)at;
    v = json_object_get(o, "type");
    buf_reset(&p);
    buf_addf(&p, "%s.type", buf_str(&path));
    w = json_is_string(v) ? word(survey_type_names, ST_COUNT,
                                 json_string_value(v))
                          : -1;
    if (w < 0)
        problem(c, buf_str(&p), 0,
                "'type' must be single, multi or text");
    it->type = w < 0 ? ST_SINGLE : (enum survey_type)w;
    v = json_object_get(o, "scale");
    buf_reset(&p);
    buf_addf(&p, "%s.scale", buf_str(&path));
    if (it->type == ST_TEXT) {
        if (v)
            problem(c, buf_str(&p), 1, "a text item has no scale");
    } else if (!json_is_string(v)
               || !strmap_gets(&c->scales, json_string_value(v), &at))
        problem(c, buf_str(&p), 0, "'scale' must name a scale of 'scales'");
    else
        it->scale = (long)at;
    v = json_object_get(o, "per");
    buf_reset(&p);
    buf_addf(&p, "%s.per", buf_str(&path));
    w = v ? (json_is_string(v) ? word(survey_per_names, SP_COUNT,
                                      json_string_value(v))
                               : -1)
          : SP_NONE;
    if (w < 0)
        problem(c, buf_str(&p), 0, "'per' must be none, use or workflow");
    it->per = w < 0 ? SP_NONE : (enum survey_per)w;
    it->reverse = get_bool(c, buf_str(&path), o, "reverse");
    if (it->reverse
        && (it->type != ST_SINGLE || it->scale < 0
            || !c->in->scales[it->scale].ordinal)) {
        buf_reset(&p);
        buf_addf(&p, "%s.reverse", buf_str(&path));
        problem(c, buf_str(&p), 0,
                "only a single-choice item on an ordinal scale is reversed");
    }
    v = json_object_get(o, "max_length");
    it->max_length = 1000;
    if (v) {
        buf_reset(&p);
        buf_addf(&p, "%s.max_length", buf_str(&path));
        if (it->type != ST_TEXT)
            problem(c, buf_str(&p), 1, "only a text item has a max_length");
        else if (!json_is_integer(v) || json_integer_value(v) < 1
                 || json_integer_value(v) > SURVEY_TEXT_MAX)
            problem(c, buf_str(&p), 0,
                    "'max_length' must be a whole number from 1 to %d",
                    SURVEY_TEXT_MAX);
        else
            it->max_length = (long)json_integer_value(v);
    }
    buf_reset(&p);
    buf_addf(&p, "%s.text", buf_str(&path));
    it->text = text_of(c, buf_str(&p), json_object_get(o, "text"),
                       "an item's text");
    for (size_t l = 0; l < c->in->nlangs && it->text[l]; l++) {
        int has_tool = strstr(it->text[l], "{tool}") != NULL;
        int has_wf = strstr(it->text[l], "{workflow}") != NULL;

        if ((has_tool && it->per != SP_USE)
            || (has_wf && it->per == SP_NONE))
            problem(c, buf_str(&p), 0,
                    "the text in '%s' names %s, but the item is asked per "
                    "%s",
                    c->in->langs[l], has_tool ? "{tool}" : "{workflow}",
                    survey_per_names[it->per]);
    }
out:
    buf_release(&path);
    buf_release(&p);
}

/* A scored construct's items: single choice, all on one ordinal scale. */
static void check_scores(struct ctx *c)
{
    for (size_t k = 0; k < c->in->nconstructs; k++) {
        const struct survey_construct *co = &c->in->constructs[k];
        long scale = -2, n = 0;

        if (!co->scored)
            continue;
        for (size_t i = 0; i < c->in->nitems; i++) {
            const struct survey_item *it = &c->in->items[i];
            struct buf p = BUF_INIT;

            if (it->construct != k || !it->id)
                continue;
            n++;
            buf_addf(&p, ".items[%zu]", i);
            if (it->type != ST_SINGLE || it->scale < 0
                || !c->in->scales[it->scale].ordinal
                || (scale != -2 && it->scale != scale)
                || it->per != SP_NONE)
                problem(c, buf_str(&p), 0,
                        "item '%s' of the scored construct '%s' must be a "
                        "single choice on the construct's one ordinal scale, "
                        "asked once",
                        it->id, co->id);
            scale = it->scale;
            buf_release(&p);
        }
        if (n < co->min_items) {
            struct buf p = BUF_INIT;

            buf_addf(&p, ".constructs.%s.score", co->id);
            problem(c, buf_str(&p), 0,
                    "construct '%s' has %ld items, fewer than its min_items",
                    co->id, n);
            buf_release(&p);
        }
    }
}

static void load(struct ctx *c, json_t *root)
{
    static const char *const keys[] = {"format", "id",    "version",
                                       "languages", "title", "intro",
                                       "scales", "constructs", "items",
                                       NULL};
    struct survey_instrument *in = c->in;
    json_t *v, *langs, *o;
    const char *k;
    size_t i;

    if (!json_is_object(root)) {
        problem(c, "", 0, "an instrument is a JSON object");
        return;
    }
    only(c, "", root, keys);
    v = json_object_get(root, "format");
    if (!json_is_integer(v) || json_integer_value(v) != SURVEY_FORMAT)
        problem(c, ".format", 0, "'format' must be %d", SURVEY_FORMAT);
    v = json_object_get(root, "id");
    if (!json_is_string(v) || !is_code(json_string_value(v)))
        problem(c, ".id", 0,
                "'id' must be lower-case letters, digits, _ or -");
    else
        in->id = xstrdup(json_string_value(v));
    v = json_object_get(root, "version");
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        problem(c, ".version", 0, "'version' must be a whole number >= 1");
    else
        in->version = (long)json_integer_value(v);
    langs = json_object_get(root, "languages");
    if (!json_is_array(langs) || !json_array_size(langs)
        || json_array_size(langs) > SURVEY_MAX_LANGS) {
        problem(c, ".languages", 0,
                "'languages' must list 1 to %d language codes",
                SURVEY_MAX_LANGS);
        return;
    }
    for (i = 0; i < json_array_size(langs); i++) {
        json_t *l = json_array_get(langs, i);
        const char *s = json_string_value(l);
        struct buf p = BUF_INIT;

        buf_addf(&p, ".languages[%zu]", i);
        if (!s || strlen(s) < 2 || strlen(s) > 8 || !is_code(s))
            problem(c, buf_str(&p), 0,
                    "a language is a lower-case code such as 'en' or 'nl'");
        else if (survey_lang(in, s) >= 0)
            problem(c, buf_str(&p), 0, "language '%s' is listed twice", s);
        else
            in->langs[in->nlangs++] = xstrdup(s);
        buf_release(&p);
    }
    if (!in->nlangs)
        return;
    in->title = text_of(c, ".title", json_object_get(root, "title"),
                        "the title");
    in->intro = text_of(c, ".intro", json_object_get(root, "intro"),
                        "the introduction");
    o = json_object_get(root, "scales");
    if (!json_is_object(o))
        problem(c, ".scales", 0, "'scales' must be an object");
    else {
        in->scales = xcalloc(json_object_size(o) + 1, sizeof(*in->scales));
        json_object_foreach(o, k, v) {
            strmap_puts(&c->scales, k, (int64_t)in->nscales);
            load_scale(c, k, v, &in->scales[in->nscales++]);
        }
    }
    o = json_object_get(root, "constructs");
    if (!json_is_object(o))
        problem(c, ".constructs", 0, "'constructs' must be an object");
    else {
        in->constructs = xcalloc(json_object_size(o) + 1,
                                 sizeof(*in->constructs));
        json_object_foreach(o, k, v) {
            strmap_puts(&c->constructs, k, (int64_t)in->nconstructs);
            load_construct(c, k, v, &in->constructs[in->nconstructs++]);
        }
    }
    o = json_object_get(root, "items");
    if (!json_is_array(o) || !json_array_size(o)
        || json_array_size(o) > SURVEY_MAX_ITEMS) {
        problem(c, ".items", 0, "'items' must list 1 to %d items",
                SURVEY_MAX_ITEMS);
        return;
    }
    in->items = xcalloc(json_array_size(o), sizeof(*in->items));
    for (i = 0; i < json_array_size(o); i++)
        load_item(c, i, json_array_get(o, i), &in->items[in->nitems++]);
    check_scores(c);
}

void survey_instrument_init(struct survey_instrument *in)
{
    memset(in, 0, sizeof(*in));
}

void survey_instrument_release(struct survey_instrument *in)
{
    if (!in)
        return;
    free(in->id);
    for (size_t l = 0; l < in->nlangs; l++)
        free(in->langs[l]);
    text_free(in->title);
    text_free(in->intro);
    for (size_t s = 0; s < in->nscales; s++) {
        free(in->scales[s].name);
        for (size_t o = 0; o < in->scales[s].nopt; o++) {
            free(in->scales[s].opt[o].code);
            text_free(in->scales[s].opt[o].label);
        }
        free(in->scales[s].opt);
    }
    free(in->scales);
    for (size_t k = 0; k < in->nconstructs; k++) {
        free(in->constructs[k].id);
        text_free(in->constructs[k].label);
    }
    free(in->constructs);
    for (size_t i = 0; i < in->nitems; i++) {
        free(in->items[i].id);
        text_free(in->items[i].text);
    }
    free(in->items);
    free(in->source);
    memset(in, 0, sizeof(*in));
}

int survey_instrument_parse(const char *buf, size_t len,
                            struct survey_instrument *in, struct diag *diag)
{
    struct ctx c;
    json_error_t err;
    json_t *root;

    survey_instrument_init(in);
    if (len > SURVEY_FILE_MAX)
        return diag_set(diag, TR_EPARSE, "larger than %u bytes",
                        SURVEY_FILE_MAX);
    root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return diag_at(diag, TR_EPARSE, err.line, err.column, "%s",
                       err.text);
    memset(&c, 0, sizeof(c));
    c.in = in;
    c.diag = diag;
    strmap_init(&c.ps.at);
    strmap_init(&c.scales);
    strmap_init(&c.constructs);
    strmap_init(&c.items);
    c.ps.p = buf;
    c.ps.end = buf + len;
    c.ps.line = 1;
    c.ps.col = 1;
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        c.ps.p += 3;
    scan_value(&c.ps, 0);
    load(&c, root);
    json_decref(root);
    strmap_release(&c.ps.at);
    strmap_release(&c.scales);
    strmap_release(&c.constructs);
    strmap_release(&c.items);
    buf_release(&c.ps.path);
    if (c.bad) {
        diag_sort(diag);
        survey_instrument_release(in);
        return TR_EPARSE;
    }
    in->source = xstrndup(buf, len);
    in->source_len = len;
    return 0;
}

int survey_instrument_load_file(const char *path,
                                struct survey_instrument *in,
                                struct diag *diag)
{
    FILE *fp = fopen(path, "rb");
    struct buf b = BUF_INIT;
    char chunk[65536];
    size_t n;
    int rc;

    survey_instrument_init(in);
    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0
           && b.len <= SURVEY_FILE_MAX)
        buf_add(&b, chunk, n);
    if (ferror(fp))
        rc = diag_errno(diag, TR_EIO, "cannot read '%s'", path);
    else
        rc = survey_instrument_parse(b.data ? b.data : "", b.len, in, diag);
    fclose(fp);
    buf_release(&b);
    return rc;
}

int survey_instrument_load(const char *name, struct survey_instrument *in,
                           struct diag *diag)
{
    size_t n = strlen(name);

    survey_instrument_init(in);
    if (strchr(name, '/') || (n > 5 && !strcmp(name + n - 5, ".json")))
        return survey_instrument_load_file(name, in, diag);
    for (const struct survey_builtin *b = survey_builtins; b->name; b++)
        if (!strcmp(b->name, name))
            return survey_instrument_parse(b->text, strlen(b->text), in,
                                           diag);
    return diag_set(diag, TR_ENOENT,
                    "no instrument '%s' (see 'traction survey instruments'; "
                    "a file is named by a path or ends in .json)",
                    name);
}

/* ---- lookups ---- */

int survey_lang(const struct survey_instrument *in, const char *lang)
{
    size_t n;

    if (!lang)
        return -1;
    n = strcspn(lang, "-_");
    for (size_t l = 0; l < in->nlangs; l++)
        if (strlen(in->langs[l]) == n && !strncasecmp(in->langs[l], lang, n))
            return (int)l;
    return -1;
}

const struct survey_item *survey_item_find(const struct survey_instrument *in,
                                           const char *id)
{
    for (size_t i = 0; i < in->nitems; i++)
        if (in->items[i].id && !strcmp(in->items[i].id, id))
            return &in->items[i];
    return NULL;
}

int survey_option_find(const struct survey_scale *s, const char *code)
{
    for (size_t o = 0; o < s->nopt; o++)
        if (s->opt[o].code && !strcmp(s->opt[o].code, code))
            return (int)o;
    return -1;
}

/* The mirror of option o among the scale's scored (not excluded)
 * options, which lead the list. */
static size_t mirror(const struct survey_scale *s, size_t o)
{
    size_t scored = 0;

    while (scored < s->nopt && !s->opt[scored].excluded)
        scored++;
    return o < scored ? scored - 1 - o : o;
}

double survey_option_score(const struct survey_scale *s,
                           const struct survey_item *it, size_t opt)
{
    if (!it->reverse)
        return s->opt[opt].score;
    return s->opt[0].score + s->opt[mirror(s, 0)].score - s->opt[opt].score;
}

int survey_option_favourable(const struct survey_scale *s,
                             const struct survey_item *it, size_t opt)
{
    return s->opt[it->reverse ? mirror(s, opt) : opt].favourable;
}

void survey_item_text(const struct survey_instrument *in,
                      const struct survey_item *it, int lang,
                      const char *tool, const char *workflow,
                      struct buf *out)
{
    const char *p = it->text[lang >= 0 && (size_t)lang < in->nlangs ? lang
                                                                     : 0];

    while (*p) {
        if (!strncmp(p, "{tool}", 6)) {
            buf_puts(out, tool ? tool : "");
            p += 6;
        } else if (!strncmp(p, "{workflow}", 10)) {
            buf_puts(out, workflow ? workflow : "");
            p += 10;
        } else
            buf_putc(out, *p++);
    }
}

/* ---- answers ---- */

static size_t utf8_chars(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

int survey_response_check(const struct survey_instrument *in,
                          const struct survey_response *r, const long *cols,
                          struct diag *diag)
{
    int bad = 0;

    for (size_t i = 0; i < r->n; i++) {
        const struct survey_answer *a = &r->a[i];
        const struct survey_item *it = survey_item_find(in, a->item);
        long col = cols ? cols[i] : 0;
        const struct survey_scale *s;
        int o;

        if (!it) {
            bad = diag_at(diag, TR_EPARSE, r->line, col,
                          "no item '%s' in instrument '%s'", a->item, in->id);
            continue;
        }
        if ((it->per == SP_USE) != (*a->tool != '\0')
            || (it->per != SP_NONE) != (*a->workflow != '\0')) {
            bad = diag_at(diag, TR_EPARSE, r->line, col,
                          "item '%s' is asked per %s", it->id,
                          survey_per_names[it->per]);
            continue;
        }
        if (it->type == ST_TEXT) {
            if (utf8_chars(a->value) > (size_t)it->max_length)
                bad = diag_at(diag, TR_EPARSE, r->line, col,
                              "the answer to '%s' is longer than %ld "
                              "characters",
                              it->id, it->max_length);
            continue;
        }
        s = &in->scales[it->scale];
        o = survey_option_find(s, a->value);
        if (o < 0) {
            bad = diag_at(diag, TR_EPARSE, r->line, col,
                          "'%s' is not an answer to '%s' (scale '%s')",
                          a->value, it->id, s->name);
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            const struct survey_answer *b = &r->a[j];

            if (strcmp(b->item, a->item) || strcmp(b->tool, a->tool)
                || strcmp(b->workflow, a->workflow))
                continue;
            if (it->type == ST_SINGLE) {
                bad = diag_at(diag, TR_EPARSE, r->line, col,
                              "item '%s' has more than one answer", it->id);
                break;
            }
            if (!strcmp(b->value, a->value)) {
                bad = diag_at(diag, TR_EPARSE, r->line, col,
                              "'%s' is chosen twice for '%s'", a->value,
                              it->id);
                break;
            }
            if (s->opt[o].exclusive
                || s->opt[survey_option_find(s, b->value)].exclusive) {
                bad = diag_at(diag, TR_EPARSE, r->line, col,
                              "'%s' of '%s' is chosen with another answer",
                              s->opt[o].exclusive
                                  ? a->value
                                  : b->value,
                              it->id);
                break;
            }
        }
    }
    return bad ? TR_EPARSE : 0;
}
