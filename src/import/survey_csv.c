/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey responses from survey tools' CSV exports. */
#include "import/survey_csv.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

const char *const survey_csv_format_names[SCF_COUNT] = {
    [SCF_GENERIC] = "generic", [SCF_MSFORMS] = "msforms",
    [SCF_GFORMS] = "gforms", [SCF_QUALTRICS] = "qualtrics",
    [SCF_LIMESURVEY] = "limesurvey"};

int survey_csv_format_parse(const char *s)
{
    for (int f = 0; f < SCF_COUNT; f++)
        if (!strcmp(s, survey_csv_format_names[f]))
            return f;
    return -1;
}

/* Columns each tool adds about the respondent or the response: dropped
 * as read, and never a target (lower case; compared case-insensitively).
 * From the tools' documented exports: Microsoft Forms' Excel export,
 * Google Forms' response sheet, Qualtrics' "Export data" CSV and
 * LimeSurvey's "Export results". */
static const char *const personal[] = {
    /* every format */
    "id", "email", "e-mail", "email address", "name", "timestamp",
    "respondent", "respondent id", "ip", "ip address",
    /* Microsoft Forms */
    "start time", "completion time", "last modified time",
    /* Qualtrics */
    "startdate", "enddate", "status", "ipaddress", "progress",
    "duration (in seconds)", "finished", "recordeddate", "responseid",
    "recipientlastname", "recipientfirstname", "recipientemail",
    "externalreference", "externaldatareference", "locationlatitude",
    "locationlongitude", "distributionchannel", "userlanguage",
    /* LimeSurvey */
    "submitdate", "lastpage", "startlanguage", "seed", "startdate",
    "datestamp", "ipaddr", "refurl", "token", "firstname", "lastname",
    NULL};

static int is_personal(const char *h)
{
    for (size_t i = 0; personal[i]; i++)
        if (!strcasecmp(personal[i], h))
            return 1;
    return 0;
}

enum col_kind { COL_DROP, COL_UNIT, COL_ITEM, COL_OPTION };

struct col {
    enum col_kind kind;
    const struct survey_item *item;
    char *tool, *workflow; /* owned; "" none */
    int option;            /* COL_OPTION: the option's index */
};

struct parse {
    const struct survey_csv_opts *o;
    struct survey_sink *sink;
    struct survey_csv_result *res;
    struct col *cols;
    size_t ncols;
    int have_unit;
    int bad;
    json_t *uses;
    /* one response's answers: strings in text, offsets in off */
    struct survey_answer *a;
    size_t na, acap;
    long *acol;
    size_t acol_cap;
    struct buf text;
    size_t *off;
    size_t off_cap;
};

/* Parses a target into c; returns NULL or the problem. */
static const char *target(const struct survey_instrument *in, const char *t,
                          struct col *c, char *why, size_t whylen)
{
    char *copy = xstrdup(t), *at, *hash, *colon;
    const char *item, *subject;

    memset(c, 0, sizeof(*c));
    c->tool = xstrdup("");
    c->workflow = xstrdup("");
    if (!strcasecmp(t, "unit") || !strcasecmp(t, "team")) {
        c->kind = COL_UNIT;
        free(copy);
        return NULL;
    }
    hash = strchr(copy, '#');
    if (hash)
        *hash++ = '\0';
    at = strchr(copy, '@');
    if (at)
        *at++ = '\0';
    item = copy;
    subject = at;
    c->item = survey_item_find(in, item);
    if (!c->item) {
        snprintf(why, whylen, "no item '%s' in instrument '%s'", item,
                 in->id);
        goto bad;
    }
    colon = subject ? strchr(subject, ':') : NULL;
    if (c->item->per == SP_USE && (!colon || colon == subject || !colon[1])) {
        snprintf(why, whylen,
                 "item '%s' is asked per tool and workflow: %s@TOOL:WORKFLOW",
                 item, item);
        goto bad;
    }
    if (c->item->per == SP_WORKFLOW && (!subject || !*subject || colon)) {
        snprintf(why, whylen,
                 "item '%s' is asked per workflow: %s@WORKFLOW", item, item);
        goto bad;
    }
    if (c->item->per == SP_NONE && subject) {
        snprintf(why, whylen, "item '%s' is asked once: no @", item);
        goto bad;
    }
    if (colon) {
        *colon = '\0';
        free(c->tool);
        c->tool = xstrdup(subject);
        subject = colon + 1;
    }
    if (subject) {
        free(c->workflow);
        c->workflow = xstrdup(subject);
    }
    c->kind = COL_ITEM;
    if (hash) {
        if (c->item->type != ST_MULTI) {
            snprintf(why, whylen,
                     "#OPTION is for a column per option of a multi-select; "
                     "'%s' is not one",
                     item);
            goto bad;
        }
        c->option = survey_option_find(&in->scales[c->item->scale], hash);
        if (c->option < 0) {
            snprintf(why, whylen, "'%s' is not an option of '%s'", hash,
                     item);
            goto bad;
        }
        c->kind = COL_OPTION;
    }
    free(copy);
    return NULL;
bad:
    free(copy);
    return why;
}

static void col_release(struct col *c)
{
    free(c->tool);
    free(c->workflow);
}

/* Adds a target's tool and workflow to the uses seen. */
static void note_use(struct parse *p, const struct col *c)
{
    json_t *pair;
    size_t i;

    if (c->kind != COL_ITEM && c->kind != COL_OPTION)
        return;
    if (!*c->workflow)
        return;
    pair = json_pack("[o, s]",
                     *c->tool ? json_string(c->tool) : json_null(),
                     c->workflow);
    for (i = 0; i < json_array_size(p->uses); i++)
        if (json_equal(json_array_get(p->uses, i), pair)) {
            json_decref(pair);
            return;
        }
    /* a workflow named with a tool makes a tool-less pair needless */
    if (*c->tool)
        for (i = 0; i < json_array_size(p->uses); i++) {
            json_t *v = json_array_get(p->uses, i);

            if (json_is_null(json_array_get(v, 0))
                && !strcmp(json_string_value(json_array_get(v, 1)),
                           c->workflow)) {
                json_array_remove(p->uses, i);
                break;
            }
        }
    if (!*c->tool)
        for (i = 0; i < json_array_size(p->uses); i++)
            if (!strcmp(json_string_value(json_array_get(
                            json_array_get(p->uses, i), 1)),
                        c->workflow)) {
                json_decref(pair);
                return;
            }
    json_array_append_new(p->uses, pair);
}

static int header(struct parse *p, const struct csv_record *rec,
                  struct diag *diag)
{
    const struct survey_csv_opts *o = p->o;
    int *mapped;
    char why[256];

    if (rec->nfields > SURVEY_CSV_MAX_COLUMNS)
        return diag_at(diag, TR_EPARSE, rec->line, SURVEY_CSV_MAX_COLUMNS + 1,
                       "more than %d columns", SURVEY_CSV_MAX_COLUMNS);
    if (o->format < 0) { /* tell the tool from its columns */
        p->res->format = SCF_GENERIC;
        if (fields_find(rec, "completion time") >= 0
            && fields_find(rec, "start time") >= 0)
            p->res->format = SCF_MSFORMS;
        else if (fields_find(rec, "timestamp") == 0)
            p->res->format = SCF_GFORMS;
        else if (fields_find(rec, "responseid") >= 0)
            p->res->format = SCF_QUALTRICS;
        else if (fields_find(rec, "submitdate") >= 0
                 || fields_find(rec, "startlanguage") >= 0)
            p->res->format = SCF_LIMESURVEY;
    } else
        p->res->format = (enum survey_csv_format)o->format;
    p->ncols = rec->nfields;
    p->cols = xcalloc(rec->nfields + 1, sizeof(*p->cols));
    mapped = xcalloc(o->nmap + 1, sizeof(int));
    for (size_t i = 0; i < rec->nfields; i++) {
        const char *h = rec->fields[i];
        size_t hn = rec->lens[i];
        char *name;
        const char *t = NULL;
        struct col *c = &p->cols[i];

        fields_trim(&h, &hn);
        name = xstrndup(h, hn);
        c->tool = xstrdup("");
        c->workflow = xstrdup("");
        for (size_t m = 0; m < o->nmap; m++) {
            const char *eq = strrchr(o->map[m], '=');

            if (eq && (size_t)(eq - o->map[m]) == hn
                && !strncmp(o->map[m], name, hn)) {
                t = eq + 1;
                mapped[m] = 1;
            }
        }
        if (t && is_personal(name)) {
            p->bad = 1;
            diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                    "column '%s' is about the respondent; it is never "
                    "imported",
                    name);
        } else if (t) {
            col_release(c);
            if (target(o->in, t, c, why, sizeof(why))) {
                p->bad = 1;
                diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                        "--map '%s=%s': %s", name, t, why);
                c->kind = COL_DROP;
            }
        } else if (!is_personal(name)) {
            /* a header that is a target by itself ("unit", an item id) */
            struct col tc;

            if (!target(o->in, name, &tc, why, sizeof(why))) {
                col_release(c);
                *c = tc;
            } else
                col_release(&tc);
        }
        if (c->kind == COL_UNIT) {
            if (p->have_unit) {
                p->bad = 1;
                diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                        "a second unit column");
            }
            p->have_unit = 1;
        }
        note_use(p, c);
        if (c->kind == COL_DROP)
            p->res->columns_dropped++;
        else
            p->res->columns_used++;
        free(name);
    }
    for (size_t m = 0; m < o->nmap; m++) {
        const char *eq = strrchr(o->map[m], '=');

        if (!eq) {
            p->bad = 1;
            diag_at(diag, TR_EPARSE, rec->line, 0,
                    "--map '%s': COLUMN=TARGET", o->map[m]);
        } else if (!mapped[m]) {
            p->bad = 1;
            diag_at(diag, TR_EPARSE, rec->line, 0,
                    "--map '%s': no column '%.*s'", o->map[m],
                    (int)(eq - o->map[m]), o->map[m]);
        }
    }
    free(mapped);
    if (!p->have_unit) {
        p->bad = 1;
        diag_at(diag, TR_EPARSE, rec->line, 0,
                "no unit column: name it 'unit' or map one (--map "
                "COLUMN=unit)");
    }
    return 0;
}

static void add_answer(struct parse *p, const struct col *c,
                       const char *value, size_t len, long col)
{
    p->a = xgrow(p->a, &p->acap, p->na + 1, sizeof(*p->a));
    p->acol = xgrow(p->acol, &p->acol_cap, p->na + 1, sizeof(*p->acol));
    p->off = xgrow(p->off, &p->off_cap, 4 * (p->na + 1), sizeof(*p->off));
    p->off[4 * p->na] = p->text.len;
    buf_puts(&p->text, c->item->id);
    buf_putc(&p->text, '\0');
    p->off[4 * p->na + 1] = p->text.len;
    buf_puts(&p->text, c->tool);
    buf_putc(&p->text, '\0');
    p->off[4 * p->na + 2] = p->text.len;
    buf_puts(&p->text, c->workflow);
    buf_putc(&p->text, '\0');
    p->off[4 * p->na + 3] = p->text.len;
    buf_add(&p->text, value, len);
    buf_putc(&p->text, '\0');
    p->acol[p->na] = col;
    p->na++;
}

/* The option a piece of an answer names: its code, its label in any
 * language (case and surrounding spaces aside), or, where the tool
 * writes them, its position (Qualtrics' numeric export, LimeSurvey's
 * A1, A2, ...). Returns the index or -1. */
static int option_of(const struct survey_scale *s, enum survey_csv_format f,
                     const char *v, size_t n)
{
    fields_trim(&v, &n);
    for (size_t o = 0; o < s->nopt; o++) {
        if (strlen(s->opt[o].code) == n && !strncmp(s->opt[o].code, v, n))
            return (int)o;
        for (size_t l = 0; l < SURVEY_MAX_LANGS && s->opt[o].label[l]; l++)
            if (strlen(s->opt[o].label[l]) == n
                && !strncasecmp(s->opt[o].label[l], v, n))
                return (int)o;
    }
    if (f == SCF_QUALTRICS || f == SCF_LIMESURVEY) {
        size_t i = 0;
        long k = 0;

        if (f == SCF_LIMESURVEY && n > 1 && v[0] == 'A')
            i = v[1] == 'O' ? 2 : 1;
        if (i == n)
            return -1;
        for (; i < n; i++) {
            if (v[i] < '0' || v[i] > '9' || k > 100)
                return -1;
            k = k * 10 + (v[i] - '0');
        }
        if (k >= 1 && (size_t)k <= s->nopt)
            return (int)k - 1;
    }
    return -1;
}

/* The length of the longest option text (code or label) at the start
 * of v that ends at the end of v or at a separator; 0 none. */
static size_t longest_at(const struct survey_scale *s, const char *v,
                         size_t n, const char *sep, int *opt)
{
    size_t best = 0, sl = strlen(sep);

    for (size_t o = 0; o < s->nopt; o++)
        for (int l = -1; l < SURVEY_MAX_LANGS; l++) {
            const char *t = l < 0 ? s->opt[o].code : s->opt[o].label[l];
            size_t tn = t ? strlen(t) : 0;

            if (!t)
                break;
            if (tn > n || tn <= best || strncasecmp(t, v, tn))
                continue;
            if (tn != n && (n - tn < sl || strncmp(v + tn, sep, sl))
                && !(tn + 1 == n && !strcmp(sep, ";") && v[tn] == ';'))
                continue;
            best = tn;
            *opt = (int)o;
        }
    return best;
}

static int row(struct parse *p, const struct csv_record *rec,
               struct diag *diag)
{
    const struct survey_instrument *in = p->o->in;
    struct survey_response r;
    const char *unit = NULL;
    size_t unit_len = 0;
    long unit_col = 0;
    int rc;

    p->na = 0;
    buf_reset(&p->text);
    if (rec->nfields != p->ncols) {
        p->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line,
                       (long)(rec->nfields < p->ncols ? rec->nfields
                                                      : p->ncols + 1),
                       "%zu fields, the header has %zu", rec->nfields,
                       p->ncols),
               0;
    }
    for (size_t i = 0; i < p->ncols; i++) {
        const struct col *c = &p->cols[i];
        const char *v = rec->fields[i];
        size_t n = rec->lens[i];
        const struct survey_scale *s;

        fields_trim(&v, &n);
        if (c->kind == COL_DROP) /* never kept, not even for a moment */
            continue;
        if (c->kind == COL_UNIT) {
            unit = v;
            unit_len = n;
            unit_col = (long)i + 1;
            continue;
        }
        if (!n)
            continue; /* skipped */
        if (c->item->type == ST_TEXT) {
            add_answer(p, c, rec->fields[i], rec->lens[i], (long)i + 1);
            continue;
        }
        s = &in->scales[c->item->scale];
        if (c->kind == COL_OPTION) {
            int yes = -1;

            fields_yesno(v, n, &yes);
            if (n == 1 && (v[0] == 'Y' || v[0] == 'y' || v[0] == 'x'
                           || v[0] == 'X'))
                yes = 1;
            if (option_of(s, SCF_GENERIC, v, n) == c->option)
                yes = 1;
            if (yes < 0) {
                p->bad = 1;
                diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                        "'%.*s': a column for one option holds yes or "
                        "nothing",
                        (int)n, v);
            } else if (yes)
                add_answer(p, c, s->opt[c->option].code,
                           strlen(s->opt[c->option].code), (long)i + 1);
            continue;
        }
        if (c->item->type == ST_SINGLE) {
            int o = option_of(s, p->res->format, v, n);

            if (o < 0) {
                p->bad = 1;
                diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                        "'%.*s' is not an answer to '%s'", (int)n, v,
                        c->item->id);
            } else
                add_answer(p, c, s->opt[o].code, strlen(s->opt[o].code),
                           (long)i + 1);
            continue;
        }
        { /* a multi-select in one column */
            const char *sep = p->res->format == SCF_GFORMS      ? ", "
                              : p->res->format == SCF_QUALTRICS ? ","
                                                                : ";";

            while (n) {
                int o = -1;
                size_t k = longest_at(s, v, n, sep, &o);

                if (!k) {
                    p->bad = 1;
                    diag_at(diag, TR_EPARSE, rec->line, (long)i + 1,
                            "'%.*s' is not an answer to '%s'", (int)n, v,
                            c->item->id);
                    break;
                }
                add_answer(p, c, s->opt[o].code, strlen(s->opt[o].code),
                           (long)i + 1);
                v += k;
                n -= k;
                if (n >= strlen(sep) && !strncmp(v, sep, strlen(sep))) {
                    v += strlen(sep);
                    n -= strlen(sep);
                } else if (n && *v == ';') {
                    v++;
                    n--;
                }
                fields_trim(&v, &n);
            }
        }
    }
    if (!unit_len && p->have_unit) {
        p->bad = 1;
        diag_at(diag, TR_EPARSE, rec->line, unit_col, "no unit");
    }
    for (size_t i = 0; i < p->na; i++) {
        p->a[i].item = p->text.data + p->off[4 * i];
        p->a[i].tool = p->text.data + p->off[4 * i + 1];
        p->a[i].workflow = p->text.data + p->off[4 * i + 2];
        p->a[i].value = p->text.data + p->off[4 * i + 3];
    }
    memset(&r, 0, sizeof(r));
    r.a = p->a;
    r.n = p->na;
    r.line = rec->line;
    r.unit_col = unit_col;
    if (survey_response_check(in, &r, p->acol, diag))
        p->bad = 1;
    if (!unit_len)
        return 0;
    {
        char *u = xstrndup(unit, unit_len);

        r.unit = u;
        rc = p->sink->response(p->sink->ctx, &r, diag);
        free(u);
    }
    if (rc == TR_EPARSE) { /* the sink refused the row: go on checking */
        p->bad = 1;
        return 0;
    }
    if (!rc)
        p->res->responses++;
    return rc;
}

static int on_record(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct parse *p = ctx;

    if (rec->problem) {
        p->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    }
    if (rec->index == 0)
        return header(p, rec, diag);
    /* Qualtrics writes two more header rows: the questions' text and
     * their import ids */
    if (p->res->format == SCF_QUALTRICS && rec->index <= 2)
        return 0;
    if (p->bad && diag->total >= DIAG_MAX_PROBLEMS)
        return TR_EPARSE; /* enough to go on with */
    return row(p, rec, diag);
}

void survey_csv_result_release(struct survey_csv_result *r)
{
    if (!r)
        return;
    free(r->uses);
    memset(r, 0, sizeof(*r));
}

static int run(const char *path, const char *buf, size_t len,
               const struct survey_csv_opts *o, struct survey_sink *sink,
               struct survey_csv_result *res, struct diag *diag)
{
    struct parse p;
    int rc;

    memset(res, 0, sizeof(*res));
    memset(&p, 0, sizeof(p));
    p.o = o;
    p.sink = sink;
    p.res = res;
    p.uses = json_array();
    rc = path ? csv_read_file(path, ',', "survey", on_record, &p, diag)
              : csv_read_buf(buf, len, ',', on_record, &p, diag);
    if (!rc && !p.ncols)
        rc = diag_at(diag, TR_EPARSE, 1, 0, "an empty file");
    if (!rc && p.bad)
        rc = TR_EPARSE;
    if (rc == TR_EPARSE)
        diag_sort(diag);
    res->uses = json_dumps(p.uses, JSON_COMPACT);
    json_decref(p.uses);
    for (size_t i = 0; i < p.ncols; i++)
        col_release(&p.cols[i]);
    free(p.cols);
    free(p.a);
    free(p.acol);
    free(p.off);
    buf_release(&p.text);
    return rc;
}

int survey_csv_parse_buf(const char *buf, size_t len,
                         const struct survey_csv_opts *o,
                         struct survey_sink *sink,
                         struct survey_csv_result *res, struct diag *diag)
{
    return run(NULL, buf, len, o, sink, res, diag);
}

int survey_csv_parse_file(const char *path, const struct survey_csv_opts *o,
                          struct survey_sink *sink,
                          struct survey_csv_result *res, struct diag *diag)
{
    return run(path, NULL, 0, o, sink, res, diag);
}
