/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction survey`: instruments, waves, anonymous links and results
 * (employee voice). `import survey` lives in cmd_survey_import.c. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/disclose.h"
#include "analysis/voice.h"
#include "auth/access.h"
#include "core/xalloc.h"
#include "core/strmap.h"
#include "core/tstamp.h"
#include "import/csv.h"
#include "import/fields.h"
#include "import/survey_csv.h"
#include "model/survey.h"
#include "store/roster.h"
#include "store/store.h"
#include "store/voice.h"
#include "view/json.h"
#include "view/table.h"
#include "view/voice_view.h"

int cli_survey_instrument(const char *name, struct survey_instrument *in,
                          struct diag *diag)
{
    diag_context(diag, "cannot load instrument '%s'", name);
    return survey_instrument_load(name, in, diag);
}

static int lang_of(const struct survey_instrument *in, const char *lang,
                   int *out, struct diag *diag)
{
    *out = lang ? survey_lang(in, lang) : 0;
    if (*out < 0)
        return diag_set(diag, TR_EUSAGE,
                        "--lang: instrument '%s' has no language '%s'",
                        in->id, lang);
    return 0;
}

static int64_t today(void)
{
    return tstamp_day((int64_t)time(NULL));
}

static void day_text(struct buf *b, int64_t day)
{
    buf_reset(b);
    if (day)
        tstamp_format_day(b, day * 86400);
    else
        buf_puts(b, "-");
}

/* ---- survey instruments ---- */

static int cmd_instruments(struct cli_ctx *ctx, int argc, char **argv,
                           struct diag *diag)
{
    int json = 0;
    struct cli_opt opts[] = {{"json", CLI_FLAG, &json}, {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct buf out = BUF_INIT;
    struct table t;
    json_t *arr = json_array();
    int rc;

    (void)ctx;
    table_init(&t, 5, 0x4);
    table_cell(&t, "instrument");
    table_cell(&t, "version");
    table_cell(&t, "items");
    table_cell(&t, "languages");
    table_cell(&t, "title");
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    for (const struct survey_builtin *b = survey_builtins; !rc && b->name;
         b++) {
        struct survey_instrument in;
        struct buf langs = BUF_INIT;
        json_t *jl = json_array();

        rc = cli_survey_instrument(b->name, &in, diag);
        if (rc) {
            json_decref(jl);
            break;
        }
        for (size_t l = 0; l < in.nlangs; l++) {
            buf_addf(&langs, "%s%s", l ? " " : "", in.langs[l]);
            json_array_append_new(jl, json_string(in.langs[l]));
        }
        table_cell(&t, in.id);
        table_cellf(&t, "%ld", in.version);
        table_cellf(&t, "%zu", in.nitems);
        table_cell(&t, buf_str(&langs));
        table_cell(&t, in.title[0]);
        json_array_append_new(
            arr, json_pack("{s:s, s:I, s:I, s:o, s:s}", "id", in.id,
                           "version", (json_int_t)in.version, "items",
                           (json_int_t)in.nitems, "languages", jl, "title",
                           in.title[0]));
        buf_release(&langs);
        survey_instrument_release(&in);
    }
    if (!rc) {
        if (json) {
            vjson_emit(&out, arr);
            arr = NULL;
        } else
            table_render(&t, &out);
        rc = cli_out(&out, diag);
    }
    json_decref(arr);
    table_release(&t);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- survey show ---- */

static int cmd_show(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *lang = NULL;
    int json = 0, li = 0;
    struct cli_opt opts[] = {{"lang", CLI_STR, &lang},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct survey_instrument in;
    struct buf out = BUF_INIT;
    int rc;

    (void)ctx;
    survey_instrument_init(&in);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = cli_survey_instrument(pos.v[0], &in, diag);
    if (!rc) {
        diag_context_clear(diag);
        rc = lang_of(&in, lang, &li, diag);
    }
    if (!rc) {
        if (json)
            vjson_emit(&out, vvoice_instrument_json(&in, li));
        else
            vvoice_instrument_text(&in, li, NULL, &out);
        rc = cli_out(&out, diag);
    }
    survey_instrument_release(&in);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- survey open ---- */

/* Splits list items on commas into words (borrowed from a copy kept in
 * hold). */
static void split(const struct cli_list *in, struct cli_list *out,
                  struct cli_list *hold)
{
    for (size_t i = 0; i < in->n; i++) {
        char *copy = xstrdup(in->v[i]);
        char *p = copy;

        cli_list_add(hold, copy);
        while (p) {
            char *comma = strchr(p, ',');
            const char *w;
            size_t n;

            if (comma)
                *comma = '\0';
            w = p;
            n = strlen(w);
            fields_trim(&w, &n);
            ((char *)w)[n] = '\0';
            if (n)
                cli_list_add(out, w);
            p = comma ? comma + 1 : NULL;
        }
    }
}

static void hold_release(struct cli_list *hold)
{
    for (size_t i = 0; i < hold->n; i++)
        free((char *)hold->v[i]);
    cli_list_release(hold);
}

static int cmd_open(struct cli_ctx *ctx, int argc, char **argv,
                    struct diag *diag)
{
    const char *instrument = NULL, *until_s = NULL, *name = NULL,
               *from_s = NULL;
    struct cli_list units_opt = {0}, uses_opt = {0}, pos = {0};
    struct cli_list units = {0}, hold = {0};
    int json = 0;
    struct cli_opt opts[] = {{"instrument", CLI_STR, &instrument},
                             {"units", CLI_LIST, &units_opt},
                             {"until", CLI_STR, &until_s},
                             {"name", CLI_STR, &name},
                             {"use", CLI_LIST, &uses_opt},
                             {"from", CLI_STR, &from_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct survey_instrument in;
    struct store_wave w;
    struct store *st = NULL;
    struct buf out = BUF_INIT, dname = BUF_INIT, d1 = BUF_INIT;
    int64_t *ids = NULL, until = 0, from = 0, id = 0;
    json_t *uses = json_array();
    size_t per_use = 0;
    int rc;

    survey_instrument_init(&in);
    memset(&w, 0, sizeof(w));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && (!instrument || !units_opt.n || !until_s))
        rc = diag_set(diag, TR_EUSAGE,
                      "survey open needs --instrument, --units and --until");
    if (!rc)
        rc = cli_date("until", until_s, &until, diag);
    if (!rc && from_s)
        rc = cli_date("from", from_s, &from, diag);
    from = from_s ? tstamp_day(from) : today();
    until = tstamp_day(until);
    if (!rc && until < from)
        rc = diag_set(diag, TR_EUSAGE,
                      "--until: the wave would close before it opens");
    for (size_t i = 0; !rc && i < uses_opt.n; i++) {
        const char *colon = strchr(uses_opt.v[i], ':');
        char *tool;

        if (!colon || colon == uses_opt.v[i] || !colon[1]) {
            rc = diag_set(diag, TR_EUSAGE,
                          "--use: '%s' is not TOOL:WORKFLOW", uses_opt.v[i]);
            break;
        }
        tool = xstrndup(uses_opt.v[i], (size_t)(colon - uses_opt.v[i]));
        json_array_append_new(uses, json_pack("[s, s]", tool, colon + 1));
        free(tool);
    }
    if (!rc)
        rc = cli_survey_instrument(instrument, &in, diag);
    if (!rc) {
        diag_context_clear(diag);
        rc = cli_open(ctx, &st, NULL, diag);
    }
    if (rc)
        goto out;
    split(&units_opt, &units, &hold);
    ids = xcalloc(units.n + 1, sizeof(*ids));
    for (size_t i = 0; !rc && i < units.n; i++) {
        rc = store_unit_find(st, units.v[i], &ids[i], diag);
        if (!rc && !ids[i])
            rc = diag_set(diag, TR_ENOENT, "--units: no unit '%s'",
                          units.v[i]);
    }
    if (rc)
        goto out;
    for (size_t i = 0; i < in.nitems; i++)
        per_use += in.items[i].per != SP_NONE;
    if (name)
        buf_puts(&dname, name);
    else {
        buf_addf(&dname, "%s-", in.id);
        tstamp_format_day(&dname, from * 86400);
    }
    w.name = dname.data;
    w.instrument = in.id;
    w.version = in.version;
    w.definition = in.source;
    w.uses = json_dumps(uses, JSON_COMPACT);
    w.opened = from;
    w.until = until;
    rc = store_begin(st, diag);
    if (!rc)
        rc = store_wave_add(st, &w, ids, units.n, &id, diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    day_text(&d1, until);
    if (json)
        vjson_emit(&out, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:O}",
                                   "id", (json_int_t)id, "wave", w.name,
                                   "instrument", in.id, "version",
                                   (json_int_t)in.version, "units",
                                   (json_int_t)units.n, "until", buf_str(&d1),
                                   "uses", uses));
    else {
        buf_addf(&out,
                 "opened wave '%s' (instrument %s, version %ld) for %zu "
                 "unit%s until %s\n",
                 w.name, in.id, in.version, units.n, units.n == 1 ? "" : "s",
                 buf_str(&d1));
        if (per_use && !uses_opt.n)
            buf_puts(&out, "items asked per tool or workflow are left out: "
                           "no --use TOOL:WORKFLOW\n");
        buf_addf(&out,
                 "next: traction survey links --wave %s --roster roster.csv "
                 "> links.csv\n",
                 w.name);
    }
    rc = cli_out(&out, diag);
out:
    store_rollback(st);
    store_close(st);
    free(w.uses);
    free(ids);
    json_decref(uses);
    survey_instrument_release(&in);
    buf_release(&out);
    buf_release(&dname);
    buf_release(&d1);
    hold_release(&hold);
    cli_list_release(&units);
    cli_list_release(&units_opt);
    cli_list_release(&uses_opt);
    cli_list_release(&pos);
    return rc;
}

/* A wave by --wave (or the latest when none is given). */
static int wave_of(struct store *st, const char *name, struct store_wave *w,
                   struct diag *diag)
{
    int found, rc;

    rc = name ? store_wave_find(st, name, w, &found, diag)
              : store_wave_latest(st, w, &found, diag);
    if (!rc && !found)
        rc = name ? diag_set(diag, TR_ENOENT, "no wave '%s'", name)
                  : diag_set(diag, TR_ENOENT,
                             "no survey wave yet: run 'traction survey "
                             "open' first");
    return rc;
}

/* ---- survey links ---- */

struct links {
    struct store *st;
    const struct pseudo_key *key;
    const struct disclose_units *units;
    struct strmap in_wave; /* unit id -> 1: the wave's units' subtrees */
    struct strmap seen;    /* normalised ids of this roster */
    int64_t wave_id;
    const char *base;
    int col_id, col_team;
    struct buf out;
    long made, skipped, small;
    int bad;
};

static int add_in_wave(void *ctx, int64_t id, struct diag *diag)
{
    (void)diag;
    strmap_put(ctx, &id, sizeof(id), 1);
    return 0;
}

static int on_wave_unit(void *ctx, int64_t id, struct diag *diag)
{
    struct links *l = ctx;

    return store_unit_subtree(l->st, id, add_in_wave, &l->in_wave, diag);
}

static int on_roster(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct links *l = ctx;
    const char *id, *team, *shown;
    size_t idn, rawn, teamn;
    char *norm;
    int64_t ui, shown_i;
    unsigned char hash[STORE_VOICE_HASH], pad[STORE_VOICE_PAD];
    char token[ACCESS_TOKEN_LEN + 1];
    int rc;

    if (rec->problem) {
        l->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    }
    if (rec->index == 0) {
        l->col_id = fields_find(rec, "id");
        l->col_team = fields_find(rec, "team");
        if (l->col_id < 0 || l->col_team < 0)
            return diag_at(diag, TR_EPARSE, rec->line, 1,
                           "the roster needs the columns id and team");
        return 0;
    }
    if ((size_t)l->col_id >= rec->nfields
        || (size_t)l->col_team >= rec->nfields) {
        l->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line, (long)rec->nfields,
                       "too few fields"), 0;
    }
    id = rec->fields[l->col_id];
    idn = rec->lens[l->col_id];
    team = rec->fields[l->col_team];
    teamn = rec->lens[l->col_team];
    fields_trim(&id, &idn);
    fields_trim(&team, &teamn);
    rawn = idn;
    norm = xcalloc(idn + 1, 1);
    idn = pseudo_normalise(id, idn, norm);
    if (!idn) {
        free(norm);
        l->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line, l->col_id + 1,
                       "empty id"), 0;
    }
    if (strmap_get(&l->seen, norm, idn, NULL)) {
        free(norm);
        l->bad = 1;
        return diag_at(diag, TR_EPARSE, rec->line, l->col_id + 1,
                       "id listed twice: one person, one link"), 0;
    }
    strmap_put(&l->seen, norm, idn, 1);
    free(norm);
    {
        char *t = xstrndup(team, teamn);

        if (!strmap_gets(&l->units->by_name, t, &ui)) {
            l->bad = 1;
            diag_at(diag, TR_EPARSE, rec->line, l->col_team + 1,
                    "no unit '%s' in the workspace", t);
            free(t);
            return 0;
        }
        free(t);
    }
    if (!strmap_get(&l->in_wave, &l->units->id[ui], sizeof(int64_t), NULL)) {
        l->skipped++;
        return 0;
    }
    shown = disclose_unit_shown(l->units, l->units->name[ui]);
    if (!shown || !strcmp(shown, DISCLOSE_UNNAMED)
        || !strmap_gets(&l->units->by_name, shown, &shown_i)) {
        l->small++; /* an answer could only ever stand for < 5 people */
        return 0;
    }
    if (l->bad)
        return 0;
    access_survey_token(l->key, token, hash, pad);
    rc = store_voice_link_add(l->st, l->wave_id, l->units->id[shown_i], hash,
                              diag);
    if (rc)
        return rc;
    csv_quote(&l->out, id, rawn);
    buf_putc(&l->out, ',');
    csv_quote(&l->out, team, teamn);
    buf_putc(&l->out, ',');
    csv_quote(&l->out, shown, strlen(shown));
    buf_addf(&l->out, ",%s/s/%s\n", l->base, token);
    l->made++;
    return 0;
}

static int cmd_links(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *wave = NULL, *roster = NULL, *base = "http://127.0.0.1:8080";
    struct cli_opt opts[] = {{"wave", CLI_STR, &wave},
                             {"roster", CLI_STR, &roster},
                             {"base", CLI_STR, &base},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct pseudo_key key;
    struct disclose_units units;
    struct store_wave w;
    struct links l;
    struct store *st = NULL;
    long issued = 0, used = 0;
    int rc;

    memset(&w, 0, sizeof(w));
    memset(&units, 0, sizeof(units));
    memset(&l, 0, sizeof(l));
    strmap_init(&l.in_wave);
    strmap_init(&l.seen);
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && (!wave || !roster))
        rc = diag_set(diag, TR_EUSAGE, "survey links needs --wave and --roster");
    if (!rc)
        rc = cli_open(ctx, &st, &key, diag);
    if (!rc)
        rc = wave_of(st, wave, &w, diag);
    if (!rc && strcmp(vvoice_wave_state(&w, today()), "open"))
        rc = diag_set(diag, TR_EPERM, "wave '%s' is %s: no links", w.name,
                      vvoice_wave_state(&w, today()));
    if (!rc)
        rc = store_voice_link_counts(st, w.id, &issued, &used, diag);
    if (!rc && issued)
        rc = diag_set(diag, TR_EEXIST,
                      "wave '%s' has its links already (a second set would "
                      "give people two answers)",
                      w.name);
    if (!rc)
        rc = disclose_units_load(st, DISCLOSE_MIN_ITEMS, &units, diag);
    if (rc)
        goto out;
    l.st = st;
    l.key = &key;
    l.units = &units;
    l.wave_id = w.id;
    l.base = base;
    rc = store_wave_units(st, w.id, on_wave_unit, &l, diag);
    if (!rc)
        rc = store_begin(st, diag);
    if (rc)
        goto out;
    buf_puts(&l.out, "id,team,counts_under,link\n");
    diag_context(diag, "cannot make links from '%s'", roster);
    rc = csv_read_file(roster, ',', "roster", on_roster, &l, diag);
    if (!rc && l.bad)
        rc = TR_EPARSE;
    if (!rc && !l.made)
        rc = diag_set(diag, TR_ENOENT,
                      "nobody in the roster belongs to the wave's units");
    if (!rc)
        rc = store_commit(st, diag);
    if (rc) {
        diag_sort(diag);
        goto out;
    }
    diag_context_clear(diag);
    rc = cli_out(&l.out, diag);
    fprintf(stderr,
            "made %ld links for wave '%s'%s; send each person their own "
            "and delete this file after: it is the only key from a link to "
            "a person\n",
            l.made, w.name, l.skipped ? " (people outside its units left out)"
                                      : "");
    if (l.small)
        fprintf(stderr,
                "%ld people got no link: their units, with what merges "
                "into them, have fewer than %d people, so an answer would "
                "stand for fewer than %d\n",
                l.small, DISCLOSE_MIN_ITEMS, DISCLOSE_MIN_ITEMS);
out:
    store_rollback(st);
    store_close(st);
    disclose_units_release(&units);
    strmap_release(&l.in_wave);
    strmap_release(&l.seen);
    buf_release(&l.out);
    store_wave_release(&w);
    cli_list_release(&pos);
    return rc;
}

/* ---- survey close ---- */

static int need_wave(const struct cli_list *pos, void *arg,
                     struct diag *diag)
{
    (void)pos;
    if (!*(const char **)arg)
        return diag_set(diag, TR_EUSAGE, "survey close needs --wave");
    return 0;
}

static int close_run(struct cli_report *r, void *arg, struct diag *diag)
{
    const char *wave = *(const char **)arg;
    struct store_wave w;
    int rc;

    memset(&w, 0, sizeof(w));
    rc = wave_of(r->st, wave, &w, diag);
    if (!rc && (w.closed || !w.until))
        rc = diag_set(diag, TR_EINVAL, "wave '%s' is %s already", w.name,
                      w.until ? "closed" : "closed (imported)");
    if (!rc)
        rc = store_wave_close(r->st, w.id, today(), diag);
    if (!rc && r->json)
        vjson_emit(&r->out, json_pack("{s:s, s:s}", "wave", w.name, "state",
                                      "closed"));
    else if (!rc)
        buf_addf(&r->out,
                 "closed wave '%s': no more answers or changes; the links "
                 "no longer lead to the answers\n",
                 w.name);
    store_wave_release(&w);
    return rc;
}

static int cmd_close(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *wave = NULL;
    const struct cli_opt opts[] = {{"wave", CLI_STR, &wave},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, need_wave, close_run};

    return cli_report(ctx, argc, argv, &spec, (void *)&wave, diag);
}

/* ---- survey status ---- */

static int status_run(struct cli_report *r, void *arg, struct diag *diag)
{
    const char *wave = *(const char **)arg;
    struct voice_results res;
    struct buf d1 = BUF_INIT, d2 = BUF_INIT;
    long issued = 0, used = 0, total = -1;
    json_t *units = NULL;
    struct table t;
    int rc;

    memset(&res, 0, sizeof(res));
    table_init(&t, 2, 0x2);
    rc = voice_results(r->st, NULL, wave, 1, 0, &res, diag);
    if (!rc)
        rc = store_voice_link_counts(r->st, res.wave.id, &issued, &used,
                                     diag);
    if (rc)
        goto out;
    units = json_array();
    table_cell(&t, "unit");
    table_cell(&t, "responses");
    for (size_t i = 0; i < res.n; i++) {
        const struct voice_row *x = &res.rows[i];

        if (x->kind != VR_RESPONSES)
            continue;
        if (!x->unit) {
            total = x->n;
            continue;
        }
        table_cell(&t, x->unit);
        table_cellf(&t, "%ld", x->n);
        json_array_append_new(units, json_pack("{s:s, s:I}", "unit", x->unit,
                                               "responses",
                                               (json_int_t)x->n));
    }
    day_text(&d1, res.wave.opened);
    day_text(&d2, res.wave.until);
    if (r->json) {
        vjson_emit(&r->out,
                   json_pack("{s:s, s:s, s:I, s:s, s:o, s:o, s:o, s:I, s:o, "
                             "s:o}",
                             "wave", res.wave.name, "instrument",
                             res.wave.instrument, "version",
                             (json_int_t)res.wave.version, "state",
                             vvoice_wave_state(&res.wave, today()), "opened",
                             vjson_day(res.wave.opened), "until",
                             vjson_day(res.wave.until), "closed",
                             vjson_day(res.wave.closed), "links",
                             (json_int_t)issued, "responses",
                             total < 0 ? json_null() : json_integer(total),
                             "units", units));
        units = NULL;
    } else {
        buf_addf(&r->out, "wave '%s' (instrument %s, version %ld): %s",
                 res.wave.name, res.wave.instrument, res.wave.version,
                 vvoice_wave_state(&res.wave, today()));
        if (res.wave.until)
            buf_addf(&r->out, ", %s to %s", buf_str(&d1), buf_str(&d2));
        buf_addf(&r->out, "\nlinks: %ld\nresponses: ", issued);
        if (total < 0)
            buf_addf(&r->out, "fewer than %d\n", DISCLOSE_MIN_ITEMS);
        else
            buf_addf(&r->out, "%ld\n", total);
        buf_puts(&r->out, "\n");
        table_render(&t, &r->out);
        buf_addf(&r->out,
                 "(units with fewer than %d responses count under the unit "
                 "above them)\n",
                 DISCLOSE_MIN_ITEMS);
    }
out:
    json_decref(units);
    table_release(&t);
    voice_results_release(&res);
    buf_release(&d1);
    buf_release(&d2);
    return rc;
}

static int cmd_status(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *wave = NULL;
    const struct cli_opt opts[] = {{"wave", CLI_STR, &wave},
                                   {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, NULL, status_run};

    return cli_report(ctx, argc, argv, &spec, (void *)&wave, diag);
}

/* ---- survey results ---- */

static int cmd_results(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    const char *wave = NULL, *by = NULL, *lang = NULL, *min_s = NULL;
    int json = 0, li = 0;
    struct cli_opt opts[] = {{"wave", CLI_STR, &wave},
                             {"by", CLI_STR, &by},
                             {"lang", CLI_STR, &lang},
                             {"min-people", CLI_STR, &min_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct voice_results res;
    struct pseudo_key key;
    struct store *st = NULL;
    struct buf out = BUF_INIT;
    double min = 0;
    int rc;

    memset(&res, 0, sizeof(res));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && by && strcmp(by, "unit"))
        rc = diag_set(diag, TR_EUSAGE, "--by: 'unit' (or leave it out)");
    if (!rc)
        rc = cli_number("min-people", min_s, DISCLOSE_MIN_ITEMS, 1e6, &min,
                        diag);
    if (!rc) /* the key: roster names are masked in free text */
        rc = cli_open(ctx, &st, &key, diag);
    if (!rc)
        rc = voice_results(st, NULL, wave, by != NULL, (long)min, &res, diag);
    if (!rc)
        rc = voice_results_texts(st, NULL, &key, (long)min, &res, diag);
    if (!rc)
        rc = lang_of(&res.in, lang, &li, diag);
    if (rc)
        goto out;
    if (json)
        vjson_emit(&out, vvoice_results_json(&res));
    else
        vvoice_results_text(&res, li, &out);
    rc = cli_out(&out, diag);
out:
    voice_results_release(&res);
    store_close(st);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- import survey ---- */

struct import_sink {
    struct store *st;
    const struct disclose_units *units;
    int64_t wave_id; /* 0: only check */
    struct strmap seen; /* unit ids responses count under */
};

static int import_response(void *ctx, const struct survey_response *r,
                           struct diag *diag)
{
    struct import_sink *is = ctx;
    const char *shown;
    int64_t ui, si;

    if (!strmap_gets(&is->units->by_name, r->unit, &ui))
        return diag_at(diag, TR_EPARSE, r->line, r->unit_col,
                       "no unit '%s' in the workspace", r->unit);
    shown = disclose_unit_shown(is->units, r->unit);
    if (!strcmp(shown, DISCLOSE_UNNAMED)
        || !strmap_gets(&is->units->by_name, shown, &si))
        return diag_at(diag, TR_EPARSE, r->line, r->unit_col,
                       "unit '%s' has fewer than %d people, with what "
                       "merges into it: an answer would stand for fewer",
                       r->unit, DISCLOSE_MIN_ITEMS);
    strmap_put(&is->seen, &is->units->id[si], sizeof(int64_t), 1);
    if (!is->wave_id)
        return 0;
    return store_voice_response_add(is->st, is->wave_id, is->units->id[si],
                                    r, diag);
}

/* Whether the wave asks what the file answers: each pair of `got` (tool
 * null: a workflow) among the wave's uses. */
static int uses_cover(const char *wave_uses, const char *got,
                      const char *wave, struct diag *diag)
{
    json_t *w = json_loads(wave_uses, 0, NULL), *g = json_loads(got, 0, NULL);
    int rc = 0;

    for (size_t i = 0; !rc && i < json_array_size(g); i++) {
        json_t *pair = json_array_get(g, i);
        const char *tool = json_string_value(json_array_get(pair, 0));
        const char *wf = json_string_value(json_array_get(pair, 1));
        int ok = 0;

        for (size_t k = 0; k < json_array_size(w); k++) {
            json_t *q = json_array_get(w, k);
            const char *qt = json_string_value(json_array_get(q, 0));
            const char *qw = json_string_value(json_array_get(q, 1));

            if (qw && !strcmp(qw, wf) && (!tool || (qt && !strcmp(qt, tool))))
                ok = 1;
        }
        if (!ok)
            rc = tool ? diag_set(diag, TR_EINVAL,
                                 "wave '%s' does not ask about %s for %s",
                                 wave, tool, wf)
                      : diag_set(diag, TR_EINVAL,
                                 "wave '%s' does not ask about workflow %s",
                                 wave, wf);
    }
    json_decref(w);
    json_decref(g);
    return rc;
}

int cli_survey_import(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *instrument = NULL, *wave = NULL, *format = NULL;
    struct cli_list map = {0}, pos = {0};
    int json = 0;
    struct cli_opt opts[] = {{"instrument", CLI_STR, &instrument},
                             {"wave", CLI_STR, &wave},
                             {"format", CLI_STR, &format},
                             {"map", CLI_LIST, &map},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct survey_instrument in;
    struct survey_csv_opts o;
    struct survey_csv_result res;
    struct survey_sink sink;
    struct import_sink is;
    struct disclose_units units;
    struct store_wave w;
    struct store *st = NULL;
    struct buf out = BUF_INIT, name = BUF_INIT;
    int64_t *ids = NULL, seq = 0;
    size_t nids = 0;
    int found = 0, rc;

    survey_instrument_init(&in);
    memset(&res, 0, sizeof(res));
    memset(&units, 0, sizeof(units));
    memset(&w, 0, sizeof(w));
    memset(&is, 0, sizeof(is));
    strmap_init(&is.seen);
    memset(&o, 0, sizeof(o));
    o.format = -1;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc && (!instrument || !wave))
        rc = diag_set(diag, TR_EUSAGE,
                      "import survey needs --instrument and --wave");
    if (!rc && format && (o.format = survey_csv_format_parse(format)) < 0)
        rc = diag_set(diag, TR_EUSAGE,
                      "--format: generic, msforms, gforms, qualtrics or "
                      "limesurvey");
    if (!rc)
        rc = cli_survey_instrument(instrument, &in, diag);
    if (!rc) {
        diag_context_clear(diag);
        rc = cli_open(ctx, &st, NULL, diag);
    }
    if (!rc)
        rc = store_wave_find(st, wave, &w, &found, diag);
    if (!rc && found
        && (strcmp(w.instrument, in.id) || w.version != in.version))
        rc = diag_set(diag, TR_EINVAL,
                      "wave '%s' asks instrument %s version %ld, not %s "
                      "version %ld",
                      w.name, w.instrument, w.version, in.id, in.version);
    if (!rc)
        rc = disclose_units_load(st, DISCLOSE_MIN_ITEMS, &units, diag);
    if (rc)
        goto out;
    o.in = &in;
    o.map = map.v;
    o.nmap = map.n;
    is.st = st;
    is.units = &units;
    sink.ctx = &is;
    sink.response = import_response;
    /* first every row is checked, then (all of it being good) written */
    diag_context(diag, "cannot import '%s'", pos.v[0]);
    rc = survey_csv_parse_file(pos.v[0], &o, &sink, &res, diag);
    if (!rc && found)
        rc = uses_cover(w.uses, res.uses, w.name, diag);
    if (!rc)
        rc = store_begin(st, diag);
    if (!rc && !found) {
        struct store_wave nw;

        for (size_t i = 0; i < is.seen.cap; i++)
            if (is.seen.slots[i].key) {
                ids = xrealloc(ids, (nids + 1) * sizeof(*ids));
                memcpy(&ids[nids++], is.seen.slots[i].key, sizeof(int64_t));
            }
        memset(&nw, 0, sizeof(nw));
        buf_puts(&name, wave);
        nw.name = name.data;
        nw.instrument = in.id;
        nw.version = in.version;
        nw.definition = in.source;
        nw.uses = res.uses;
        nw.opened = today();
        nw.closed = today();
        rc = store_wave_add(st, &nw, ids, nids, &is.wave_id, diag);
        if (!rc)
            rc = store_wave_find(st, wave, &w, &found, diag);
    } else if (!rc)
        is.wave_id = w.id;
    if (!rc)
        rc = cli_import_log(st, "survey", pos.v[0], &seq, diag);
    if (!rc) {
        survey_csv_result_release(&res);
        rc = survey_csv_parse_file(pos.v[0], &o, &sink, &res, diag);
    }
    if (!rc)
        rc = store_import_done(st, seq, res.responses,
                               survey_csv_format_names[res.format], diag);
    if (!rc)
        rc = store_commit(st, diag);
    if (rc)
        goto out;
    if (json)
        vjson_emit(&out, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "file",
                                   pos.v[0], "wave", w.name, "format",
                                   survey_csv_format_names[res.format],
                                   "responses", (json_int_t)res.responses,
                                   "columns_used",
                                   (json_int_t)res.columns_used,
                                   "columns_dropped",
                                   (json_int_t)res.columns_dropped));
    else
        buf_addf(&out,
                 "imported %ld responses from '%s' (%s) into wave '%s': %ld "
                 "columns used, %ld dropped unread (respondent ids, e-mail, "
                 "names, times and unmapped columns are never kept)\n",
                 res.responses, pos.v[0],
                 survey_csv_format_names[res.format], w.name,
                 res.columns_used, res.columns_dropped);
    diag_context_clear(diag);
    rc = cli_out(&out, diag);
out:
    store_rollback(st);
    store_close(st);
    disclose_units_release(&units);
    strmap_release(&is.seen);
    survey_csv_result_release(&res);
    survey_instrument_release(&in);
    store_wave_release(&w);
    free(ids);
    buf_release(&out);
    buf_release(&name);
    cli_list_release(&map);
    cli_list_release(&pos);
    return rc;
}

const char cli_survey_import_args[] =
    "FILE.csv --instrument NAME --wave W [--format F] "
    "[--map COLUMN=TARGET]... [--json]";
const char cli_survey_import_help[] =
    "Reads a survey tool's CSV export: Microsoft Forms (the Excel export\n"
    "saved as CSV), Google Forms (the response sheet as CSV), Qualtrics\n"
    "(Export data, CSV, its three header rows) or LimeSurvey (Export\n"
    "results, CSV), told from the header unless --format says. Each\n"
    "--map names the target of a column: 'unit' (the unit the person\n"
    "belongs to), ITEM, ITEM@WORKFLOW or ITEM@TOOL:WORKFLOW for items\n"
    "asked per workflow or per tool and workflow, and ITEM...#OPTION for\n"
    "a column that holds one option of a multi-select (LimeSurvey's\n"
    "Q5[SQ001]). A column named 'unit' or after an item needs no --map.\n"
    "Answers are option codes, labels in any language of the instrument,\n"
    "or (Qualtrics, LimeSurvey) option numbers; a multi-select in one\n"
    "column is split as the tool joins it. Columns about the respondent\n"
    "(ids, e-mail, names, times, addresses) and every column not mapped\n"
    "are dropped as they are read and can never be mapped. A unit of\n"
    "fewer than 5 people counts under the unit above it; one whose\n"
    "answers would stand for fewer than 5 is refused. The wave is created\n"
    "(closed, with the items the file answers) when it does not exist.\n"
    "All or nothing: every problem is reported with line and column.\n"
    "\n  --instrument NAME   the instrument (a built-in name or a file)\n"
    "  --wave W            the wave to add to or create\n"
    "  --format F          generic, msforms, gforms, qualtrics, limesurvey\n"
    "  --map COLUMN=TARGET a column's target (repeatable)\n"
    "  --json              report as JSON\n";

static const struct cli_cmd survey_kinds[] = {
    {"instruments", "[--json]", "list the survey instruments built in",
     "Instruments are data (data/surveys/README.md): each item's\n"
     "construct, scale, scoring and text in every language. A wave may\n"
     "also use a file of the same format (--instrument FILE.json).\n"
     "\n  --json   as JSON\n",
     cmd_instruments, NULL},
    {"show", "INSTRUMENT [--lang LANG] [--json]",
     "show an instrument as a respondent reads it",
     "INSTRUMENT is a built-in name (see 'survey instruments') or a file\n"
     "(a path, or a name ending in .json), which is validated: every\n"
     "problem is reported with its line and column.\n"
     "\n  --lang LANG   the language (default: the instrument's first)\n"
     "  --json        as JSON\n",
     cmd_show, NULL},
    {"open", "--instrument NAME --units UNIT[,UNIT...] --until DATE "
             "[--use TOOL:WORKFLOW]... [--name NAME] [--from DATE] [--json]",
     "open a survey wave for units",
     "A wave asks the people of the units (and the units below them) the\n"
     "instrument's items until DATE (the last day answers are taken).\n"
     "Items asked per tool and workflow (internal PMF, trust, fit) are\n"
     "asked once for each --use; items per workflow once for each\n"
     "workflow of those. The instrument's text is kept with the wave, so\n"
     "later edits of the file do not change what it asked.\n"
     "\n  --instrument NAME   a built-in instrument or a file\n"
     "  --units UNIT,...    the units asked (repeatable)\n"
     "  --until DATE        the last day of the wave (YYYY-MM-DD)\n"
     "  --use TOOL:WORKFLOW a tool and the workflow it is used for\n"
     "                      (repeatable)\n"
     "  --name NAME         the wave's name (default INSTRUMENT-DATE)\n"
     "  --from DATE         the first day (default today)\n"
     "  --json              as JSON\n",
     cmd_open, NULL},
    {"links", "--wave W --roster ROSTER.csv [--base URL] > links.csv",
     "write one anonymous answer link per person",
     "Reads the roster (the columns id and team; the file 'import\n"
     "roster' takes) only to address the links: one row per person of\n"
     "the wave's units with their id, team, the unit their answers count\n"
     "under (a team of fewer than 5 people counts under the unit above\n"
     "it) and their link. The workspace keeps a keyed hash of each link,\n"
     "its unit and whether it was used: nothing of the roster, and no\n"
     "way from an answer back to a link. Send each person their own link\n"
     "and delete the file. A wave gets its links once.\n"
     "\n  --wave W        the wave (name or number)\n"
     "  --roster FILE   the roster CSV\n"
     "  --base URL      where 'traction serve' is reached\n"
     "                  (default http://127.0.0.1:8080)\n",
     cmd_links, NULL},
    {"close", "--wave W [--json]", "close a wave",
     "No more answers or changes after this; the seals that let a link\n"
     "change its answer are erased, so from now on not even a link leads\n"
     "to an answer.\n"
     "\n  --wave W   the wave (name or number)\n"
     "  --json     as JSON\n",
     cmd_close, NULL},
    {"status", "[--wave W] [--json]", "links and responses of a wave",
     "The wave's state, its links, and its responses per unit where a\n"
     "unit has at least 5 (units with fewer count under the unit above\n"
     "them; there is no list of who has answered).\n"
     "\n  --wave W   the wave (default: the latest)\n"
     "  --json     as JSON\n",
     cmd_status, NULL},
    {"results", "[--wave W] [--by unit] [--lang LANG] [--min-people N] "
                "[--json]",
     "a wave's results: PMF, scores, items, friction",
     "Per item the distribution, the mean (ordinal scales) and the\n"
     "favourable share with 95% intervals (Student's t for means,\n"
     "Wilson's for shares) and n; internal product-market fit per tool\n"
     "and workflow (the share 'very disappointed' against the 40% line);\n"
     "scale scores (psychological safety); the friction heatmap (the\n"
     "share naming each category, per unit and workflow). Every figure\n"
     "passes the disclosure rules (docs/privacy.md): at least 5 people\n"
     "per result, units with fewer responses merged upward, and a\n"
     "sibling hidden when it would give a hidden one away. Free text is\n"
     "shown in groups of at least 10 people (units merged by 10\n"
     "responses), in random order, with e-mail addresses, phone numbers\n"
     "and names the roster knows masked.\n"
     "\n  --wave W         the wave (default: the latest)\n"
     "  --by unit        per unit as well as for the whole wave\n"
     "  --lang LANG      labels in this language\n"
     "  --min-people N   a stricter threshold than 5\n"
     "  --json           as JSON\n",
     cmd_results, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_survey_cmds[] = {
    {"survey", "KIND ...", "employee voice: anonymous pulse surveys",
     "Instruments, waves, anonymous links and results. Nobody with the\n"
     "workspace and its key can tell who answered what.\n",
     NULL, survey_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
