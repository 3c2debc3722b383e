/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work-item CSV import: presets, column mapping, per-field validation,
 * rejects file. */
#define _POSIX_C_SOURCE 200809L
#include "import/items.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/safefile.h"
#include "core/strmap.h"
#include "core/xalloc.h"
#include "import/csv.h"
#include "import/fields.h"

/* Column names of each preset, by field; NULL = the export has none. */
struct preset {
    const char *name;
    const char *col[IF_COUNT];
    const char *default_workflow; /* when neither a column nor --workflow */
    int labels_tool;              /* Jira: a label "ai:NAME" names the tool */
};

static const struct preset presets[] = {
    {"generic",
     {[IF_KEY] = "key", [IF_WORKFLOW] = "workflow", [IF_TEAM] = "team",
      [IF_PERSON] = "person", [IF_STARTED] = "started_at",
      [IF_FINISHED] = "finished_at", [IF_QUALITY] = "quality",
      [IF_ERRORS] = "errors", [IF_REWORK] = "rework", [IF_TOOL] = "tool",
      [IF_REVIEWED] = "reviewed"},
     NULL, 0},
    {"jira",
     {[IF_KEY] = "Issue key", [IF_WORKFLOW] = "Issue Type",
      [IF_PERSON] = "Assignee", [IF_STARTED] = "Created",
      [IF_FINISHED] = "Resolved"},
     NULL, 1},
    {"servicenow",
     {[IF_KEY] = "number", [IF_WORKFLOW] = "category",
      [IF_TEAM] = "assignment_group", [IF_PERSON] = "assigned_to",
      [IF_STARTED] = "opened_at", [IF_FINISHED] = "resolved_at",
      [IF_REWORK] = "reopen_count"},
     "incident", 0},
};

static const struct preset *find_preset(const char *name)
{
    for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
        if (!strcmp(presets[i].name, name ? name : "generic"))
            return &presets[i];
    return NULL;
}

const char *items_preset_check(const char *preset)
{
    const struct preset *p = find_preset(preset);

    return p ? p->name : NULL;
}

int items_option_map(struct items_options *opts, const char *spec,
                     struct diag *diag)
{
    const char *eq = strchr(spec, '=');

    if (!eq || eq == spec || !eq[1])
        return diag_set(diag, TR_EUSAGE,
                        "--map needs FIELD=COLUMN, not '%s'", spec);
    for (int f = 0; f < IF_COUNT; f++)
        if (strlen(item_field_names[f]) == (size_t)(eq - spec)
            && !strncmp(item_field_names[f], spec, (size_t)(eq - spec))) {
            opts->map[f] = eq + 1;
            return 0;
        }
    return diag_set(diag, TR_EUSAGE,
                    "--map: unknown field '%.*s' (fields: key, workflow, "
                    "team, person, started_at, finished_at, quality, "
                    "errors, rework, tool, reviewed)",
                    (int)(eq - spec), spec);
}

#define MAX_LABEL_COLS 32

/* Rows travel from the parser to the sink's thread in batches; a few are
 * in flight so parsing and storing overlap. */
#define BATCH_ROWS 1024
#define NBATCHES 4
#define NO_STR ((size_t)-1)

enum { S_KEY, S_WORKFLOW, S_TEAM, S_TOOL, S_RAW, NSTR };

/* Batches on the parser's thread (memory) are small: an input of a few
 * rows (the fuzzer's) costs no large allocation. */
#define INLINE_BATCH_ROWS 64

struct batch {
    struct item_row *rows;  /* owned; cap of them */
    size_t (*off)[NSTR];    /* string offsets into text, or NO_STR */
    size_t n, cap;
    struct buf text;
};

/* A row the sink refused, reported after the worker has finished. */
struct late {
    long line;
    enum item_field field;
    char *msg; /* owned */
    char *raw; /* owned; NULL without --skip-bad */
};

struct pipe {
    pthread_t thread;
    int started;
    int threaded;                    /* the sink runs on `thread`; else
                                        on the parser's, batch by batch */
    pthread_mutex_t mu;              /* guards everything below */
    pthread_cond_t cond;             /* broadcast on every change */
    struct batch *ready[NBATCHES];   /* FIFO of filled batches */
    size_t head, count;
    struct batch *free[NBATCHES];    /* empty batches */
    size_t nfree;
    int done;                        /* the parser has sent everything */
    int rc;                          /* the sink's first error */
    struct diag wdiag;               /* the sink's fatal errors */
    struct late *late;               /* refused rows, in sink order */
    size_t nlate, late_cap;
};

struct importer {
    const struct items_options *opts; /* borrowed */
    const struct preset *preset;      /* borrowed */
    const struct pseudo_key *key;     /* borrowed */
    struct item_sink *sink;           /* borrowed */
    struct items_result *res;         /* borrowed */
    int col[IF_COUNT];                /* -1 when absent */
    int labels[MAX_LABEL_COLS];       /* Jira "Labels" columns */
    int nlabels;
    size_t nhdr;
    int failed;                       /* a problem was recorded */
    long sent;                        /* rows handed to the sink */
    struct strmap people;             /* raw id -> index into pseuds */
    unsigned char (*pseuds)[PSEUDO_BYTES];
    size_t npseuds, pseuds_cap;
    struct buf text;                  /* trimmed copies of fields */
    struct buf raw;                   /* the current record as CSV */
    struct buf header_line;           /* the header, CSV-quoted */
    struct safefile rejects;          /* rejects being written, or fp
                                         NULL */
    struct batch *batches[NBATCHES];  /* owned; made as first needed */
    size_t nbatches;
    struct batch *cur;                /* being filled, or NULL */
    struct pipe pipe;
};

/* People caches stop growing here; later new names are hashed each time. */
#define PEOPLE_CACHE_MAX 200000

/* A cell of the rejects file, CSV-quoted. People open it in a
 * spreadsheet: a cell starting with = + - @ (or a tab or carriage
 * return) would be run as a formula, so it gets a leading ' (OWASP's
 * advice on CSV injection): "=1+2" reads "'=1+2". */
static void reject_cell(struct buf *out, const char *s, size_t len)
{
    struct buf t = BUF_INIT;

    if (!len || !strchr("=+-@\t\r", s[0])) {
        csv_quote(out, s, len);
        return;
    }
    buf_putc(&t, '\'');
    buf_add(&t, s, len);
    csv_quote(out, t.data, t.len);
    buf_release(&t);
}

static int header(struct importer *im, const struct csv_record *rec,
                  struct diag *diag)
{
    int rc = 0;

    if (rec->problem)
        return diag_at(diag, TR_EPARSE, rec->line, rec->problem_col, "%s",
                       rec->problem);
    im->nhdr = rec->nfields;
    for (int f = 0; f < IF_COUNT; f++) {
        const char *want = im->opts->map[f] ? im->opts->map[f]
                                            : im->preset->col[f];

        im->col[f] = want ? fields_find(rec, want) : -1;
        if (im->opts->map[f] && im->col[f] < 0)
            rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                         "no column '%s' (from --map %s=%s)", want,
                         item_field_names[f], want);
    }
    if (im->col[IF_KEY] < 0)
        rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                     "missing column '%s' for the item key (use --map "
                     "key=COLUMN)",
                     im->preset->col[IF_KEY]);
    if (im->col[IF_STARTED] < 0)
        rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                     "missing column '%s' for the start time (use --map "
                     "started_at=COLUMN)",
                     im->preset->col[IF_STARTED]);
    if (im->col[IF_TEAM] < 0 && im->col[IF_PERSON] < 0)
        rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                     "no team and no person column: map one with --map "
                     "team=COLUMN or --map person=COLUMN");
    if (im->col[IF_WORKFLOW] < 0 && !im->opts->workflow
        && !im->preset->default_workflow)
        rc = diag_at(diag, TR_EPARSE, rec->line, 0,
                     "no workflow column: name one with --map "
                     "workflow=COLUMN or give --workflow NAME");
    if (im->preset->labels_tool && im->col[IF_TOOL] < 0)
        for (int c = fields_find(rec, "Labels");
             c >= 0 && im->nlabels < MAX_LABEL_COLS;
             c = fields_find_next(rec, "Labels", c))
            im->labels[im->nlabels++] = c;
    for (size_t i = 0; i < rec->nfields; i++) {
        if (i)
            buf_putc(&im->header_line, ',');
        reject_cell(&im->header_line, rec->fields[i], rec->lens[i]);
    }
    return rc;
}

/* A trimmed copy of column c in im->text; NULL when the column is absent
 * or the value empty. Offsets stay valid until text is reset. */
static const char *value(struct importer *im, const struct csv_record *rec,
                         int c, size_t *off)
{
    const char *s;
    size_t len;

    if (c < 0)
        return NULL;
    s = rec->fields[c];
    len = rec->lens[c];
    fields_trim(&s, &len);
    if (!len)
        return NULL;
    *off = im->text.len;
    buf_add(&im->text, s, len);
    buf_putc(&im->text, '\0');
    return s;
}

static void person_pseudonym(struct importer *im, const char *id,
                             unsigned char out[PSEUDO_BYTES], int *ok)
{
    size_t len = strlen(id);
    int64_t idx;

    if (strmap_get(&im->people, id, len, &idx)) {
        memcpy(out, im->pseuds[idx], PSEUDO_BYTES);
        *ok = 1;
        return;
    }
    *ok = pseudo_hash(im->key, id, len, out) == 0;
    if (!*ok || im->people.len >= PEOPLE_CACHE_MAX)
        return;
    im->pseuds = xgrow(im->pseuds, &im->pseuds_cap, im->npseuds + 1,
                       PSEUDO_BYTES);
    memcpy(im->pseuds[im->npseuds], out, PSEUDO_BYTES);
    strmap_put(&im->people, id, len, (int64_t)im->npseuds++);
}

/* Fills the row from the record; on a problem sets prob and returns 1. */
static int parse_row(struct importer *im, const struct csv_record *rec,
                     struct item_row *row, struct item_problem *prob)
{
    enum { V_KEY, V_WORKFLOW, V_TEAM, V_TOOL, NV };
    size_t off[NV] = {0};
    const char *got[NV];
    const char *s;
    size_t o = 0;
    int ok;

#define FAIL(f, ...)                                                      \
    do {                                                                  \
        prob->field = (f);                                                \
        snprintf(prob->msg, sizeof(prob->msg), __VA_ARGS__);              \
        return 1;                                                         \
    } while (0)

    memset(row, 0, sizeof(*row));
    row->line = rec->line;
    row->errors = row->rework = -1;
    row->reviewed = -1;
    buf_reset(&im->text);
    buf_putc(&im->text, '\0'); /* offset 0 is the empty string */
    got[V_KEY] = value(im, rec, im->col[IF_KEY], &off[V_KEY]);
    if (!got[V_KEY])
        FAIL(IF_KEY, "empty key");
    got[V_WORKFLOW] = value(im, rec, im->col[IF_WORKFLOW], &off[V_WORKFLOW]);
    got[V_TEAM] = value(im, rec, im->col[IF_TEAM], &off[V_TEAM]);
    got[V_TOOL] = value(im, rec, im->col[IF_TOOL], &off[V_TOOL]);
    for (int i = 0; i < im->nlabels && !got[V_TOOL]; i++) {
        s = rec->fields[im->labels[i]];
        if (!strncasecmp(s, "ai:", 3) && s[3]) {
            off[V_TOOL] = im->text.len;
            buf_puts(&im->text, s + 3);
            buf_putc(&im->text, '\0');
            got[V_TOOL] = s;
        }
    }
    s = value(im, rec, im->col[IF_PERSON], &o);
    if (s) {
        person_pseudonym(im, im->text.data + o, row->person, &ok);
        row->has_person = ok;
    }
    s = value(im, rec, im->col[IF_STARTED], &o);
    if (!s)
        FAIL(IF_STARTED, "empty start time");
    if (tstamp_parse(im->text.data + o, strlen(im->text.data + o),
                     im->opts->zone, &row->started))
        FAIL(IF_STARTED, "cannot read date '%.60s'", im->text.data + o);
    s = value(im, rec, im->col[IF_FINISHED], &o);
    if (s) {
        if (tstamp_parse(im->text.data + o, strlen(im->text.data + o),
                         im->opts->zone, &row->finished))
            FAIL(IF_FINISHED, "cannot read date '%.60s'", im->text.data + o);
        if (row->finished < row->started)
            FAIL(IF_FINISHED, "finished before started");
        row->has_finished = 1;
    }
    s = value(im, rec, im->col[IF_QUALITY], &o);
    if (s) {
        if (fields_number(im->text.data + o, strlen(im->text.data + o),
                          &row->quality))
            FAIL(IF_QUALITY, "quality '%.60s' is not a number",
                 im->text.data + o);
        row->has_quality = 1;
    }
    s = value(im, rec, im->col[IF_ERRORS], &o);
    if (s) {
        enum fields_result r = fields_count(
            im->text.data + o, strlen(im->text.data + o), &row->errors);

        if (r == FIELDS_NEGATIVE)
            FAIL(IF_ERRORS, "negative count");
        if (r)
            FAIL(IF_ERRORS, "errors '%.60s' is not a count", im->text.data + o);
    }
    s = value(im, rec, im->col[IF_REWORK], &o);
    if (s) {
        const char *t = im->text.data + o;
        enum fields_result r = fields_count(t, strlen(t), &row->rework);
        int yes;

        if (r == FIELDS_NEGATIVE)
            FAIL(IF_REWORK, "negative count");
        if (r && fields_yesno(t, strlen(t), &yes))
            FAIL(IF_REWORK, "rework '%.60s' is neither a count nor yes/no", t);
        if (r)
            row->rework = yes;
    }
    s = value(im, rec, im->col[IF_REVIEWED], &o);
    if (s && fields_yesno(im->text.data + o, strlen(im->text.data + o),
                          &row->reviewed))
        FAIL(IF_REVIEWED, "reviewed '%.60s' is not yes or no",
             im->text.data + o);
    /* the text buffer may have moved: take pointers last */
    row->key = im->text.data + off[V_KEY];
    row->team = got[V_TEAM] ? im->text.data + off[V_TEAM] : NULL;
    row->tool = got[V_TOOL] ? im->text.data + off[V_TOOL] : NULL;
    if (got[V_WORKFLOW])
        row->workflow = im->text.data + off[V_WORKFLOW];
    else if (im->opts->workflow)
        row->workflow = im->opts->workflow;
    else if (im->preset->default_workflow)
        row->workflow = im->preset->default_workflow;
    else
        FAIL(IF_WORKFLOW, "empty workflow (give --workflow NAME)");
#undef FAIL
    return 0;
}

/* The record as one CSV line (for the rejects file). */
static const char *record_csv(struct importer *im,
                              const struct csv_record *rec)
{
    buf_reset(&im->raw);
    for (size_t i = 0; i < rec->nfields; i++) {
        if (i)
            buf_putc(&im->raw, ',');
        reject_cell(&im->raw, rec->fields[i], rec->lens[i]);
    }
    return buf_str(&im->raw);
}

static int write_reject(struct importer *im, const char *raw, long line,
                        long col, const char *why, struct diag *diag)
{
    struct buf out = BUF_INIT, reason = BUF_INIT;
    int rc = 0;

    if (!im->rejects.fp) {
        /* the rows hold names and e-mail addresses: the owner's only */
        rc = safefile_open(&im->rejects, im->opts->rejects_path,
                           SAFEFILE_PRIVATE, diag);
        if (rc)
            return rc;
        buf_addf(&out, "%s%sreason\n", buf_str(&im->header_line),
                 im->header_line.len ? "," : "");
    }
    buf_addf(&reason, "line %ld, column %ld: %s", line, col, why);
    buf_addf(&out, "%s,", raw ? raw : "");
    csv_quote(&out, reason.data, reason.len);
    buf_putc(&out, '\n');
    if (fwrite(out.data, 1, out.len, im->rejects.fp) != out.len)
        rc = diag_errno(diag, TR_EIO, "cannot write '%s'",
                        im->opts->rejects_path);
    buf_release(&out);
    buf_release(&reason);
    im->res->rejected++;
    return rc;
}

/* A refused row: into the rejects file, or a problem that fails the
 * import. raw is needed only with --skip-bad. */
static int problem(struct importer *im, const char *raw, long line, long col,
                   const char *why, struct diag *diag)
{
    if (im->opts->skip_bad)
        return write_reject(im, raw, line, col, why, diag);
    im->failed = 1;
    diag_at(diag, TR_EPARSE, line, col, "%s", why);
    return 0;
}

/* ---- the parser-to-sink pipe ---- */

static void *worker(void *arg)
{
    struct importer *im = arg;
    struct pipe *p = &im->pipe;

    for (;;) {
        struct batch *b;
        int rc = 0;

        pthread_mutex_lock(&p->mu);
        while (!p->count && !p->done)
            pthread_cond_wait(&p->cond, &p->mu);
        if (!p->count) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        b = p->ready[p->head];
        p->head = (p->head + 1) % NBATCHES;
        p->count--;
        rc = p->rc;
        pthread_mutex_unlock(&p->mu);
        if (!rc)
            rc = im->sink->rows(im->sink->ctx, b->rows, b->n, &p->wdiag);
        pthread_mutex_lock(&p->mu);
        if (rc && !p->rc)
            p->rc = rc;
        p->free[p->nfree++] = b;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->mu);
    }
}

/* The sink's hook, on the worker thread. */
static void on_refused(void *owner, const struct item_row *row,
                       const struct item_problem *prob)
{
    struct importer *im = owner;
    struct pipe *p = &im->pipe;
    struct late *l;

    pthread_mutex_lock(&p->mu);
    p->late = xgrow(p->late, &p->late_cap, p->nlate + 1, sizeof(*p->late));
    l = &p->late[p->nlate++];
    l->line = row->line;
    l->field = prob->field;
    l->msg = xstrdup(prob->msg);
    l->raw = row->raw ? xstrdup(row->raw) : NULL;
    pthread_mutex_unlock(&p->mu);
}

/* Sets up the batches; with `threaded` the sink runs on a thread of its
 * own while the parser goes on (a file), else on the parser's thread as
 * each batch fills (memory: unit tests and the fuzzer, where a thread
 * per input would cost more than the parse). */
static int pipe_start(struct importer *im, int threaded, struct diag *diag)
{
    struct pipe *p = &im->pipe;

    diag_init(&p->wdiag);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond, NULL);
    im->sink->refused = on_refused;
    im->sink->owner = im;
    if (threaded && pthread_create(&p->thread, NULL, worker, im) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cond);
        return diag_set(diag, TR_ENOMEM, "cannot start the import thread");
    }
    p->threaded = threaded;
    p->started = 1;
    return 0;
}

/* The sink takes a batch on the parser's thread (not threaded). */
static int pipe_run(struct importer *im, struct batch *b)
{
    struct pipe *p = &im->pipe;
    int rc = p->rc;

    if (!rc)
        rc = im->sink->rows(im->sink->ctx, b->rows, b->n, &p->wdiag);
    if (rc && !p->rc)
        p->rc = rc;
    p->free[p->nfree++] = b;
    return p->rc;
}

/* Hands the current batch to the worker; returns the worker's error. */
static int pipe_send(struct importer *im)
{
    struct pipe *p = &im->pipe;
    struct batch *b = im->cur;
    int rc;

    for (size_t i = 0; i < b->n; i++) {
        const char **str[NSTR] = {&b->rows[i].key, &b->rows[i].workflow,
                                  &b->rows[i].team, &b->rows[i].tool,
                                  &b->rows[i].raw};

        for (int k = 0; k < NSTR; k++)
            *str[k] = b->off[i][k] == NO_STR ? NULL
                                             : b->text.data + b->off[i][k];
    }
    im->cur = NULL;
    if (!p->threaded)
        return pipe_run(im, b);
    pthread_mutex_lock(&p->mu);
    p->ready[(p->head + p->count) % NBATCHES] = b;
    p->count++;
    rc = p->rc;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* Copies a parsed row into the current batch, sending it when full. */
static int pipe_add(struct importer *im, const struct item_row *row,
                    const char *raw)
{
    struct pipe *p = &im->pipe;
    const char *str[NSTR] = {row->key, row->workflow, row->team, row->tool,
                             raw};
    struct batch *b;

    if (!im->cur) {
        pthread_mutex_lock(&p->mu);
        while (!p->nfree && im->nbatches == NBATCHES)
            pthread_cond_wait(&p->cond, &p->mu);
        if (p->nfree)
            im->cur = p->free[--p->nfree];
        pthread_mutex_unlock(&p->mu);
        if (!im->cur) { /* a batch more (memory: one is ever in use) */
            im->cur = xmalloc(sizeof(*im->cur));
            im->cur->cap = p->threaded ? BATCH_ROWS : INLINE_BATCH_ROWS;
            im->cur->rows = xmalloc(im->cur->cap * sizeof(*im->cur->rows));
            im->cur->off = xmalloc(im->cur->cap * sizeof(*im->cur->off));
            buf_init(&im->cur->text);
            im->batches[im->nbatches++] = im->cur;
        }
        im->cur->n = 0;
        buf_reset(&im->cur->text);
    }
    b = im->cur;
    b->rows[b->n] = *row;
    for (int k = 0; k < NSTR; k++) {
        if (!str[k]) {
            b->off[b->n][k] = NO_STR;
            continue;
        }
        b->off[b->n][k] = b->text.len;
        buf_add(&b->text, str[k], strlen(str[k]) + 1);
    }
    im->sent++;
    if (++b->n == b->cap)
        return pipe_send(im);
    return 0;
}

/* Sends what is left, waits for the worker, and reports refused rows. */
static int pipe_finish(struct importer *im, int rc, struct diag *diag)
{
    struct pipe *p = &im->pipe;

    if (!p->started)
        return rc;
    if (im->cur && im->cur->n && !rc)
        pipe_send(im);
    if (p->threaded) {
        pthread_mutex_lock(&p->mu);
        p->done = 1;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->mu);
        pthread_join(p->thread, NULL);
    }
    /* The worker's error reaches the reader as its own return code
     * (pipe_send hands it back), so rc may already be p->rc: its
     * message is the worker's either way (a full disk said nothing). */
    if (p->rc && (!rc || rc == p->rc)) {
        rc = p->rc;
        for (size_t i = 0; i < p->wdiag.nproblems; i++)
            diag_set(diag, rc, "%s", p->wdiag.problems[i].msg);
    }
    for (size_t i = 0; i < p->nlate; i++) {
        struct late *l = &p->late[i];

        if (!rc)
            rc = problem(im, l->raw, l->line, im->col[l->field] + 1, l->msg,
                         diag);
        free(l->msg);
        free(l->raw);
    }
    im->res->stored = im->sent - (long)p->nlate;
    free(p->late);
    diag_release(&p->wdiag);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cond);
    for (size_t i = 0; i < im->nbatches; i++) {
        buf_release(&im->batches[i]->text);
        free(im->batches[i]->rows);
        free(im->batches[i]->off);
        free(im->batches[i]);
    }
    return rc;
}

static int on_record(void *ctx, const struct csv_record *rec,
                     struct diag *diag)
{
    struct importer *im = ctx;
    struct item_problem prob;
    struct item_row row;
    const char *raw = NULL;
    char why[128];

    if (rec->index == 0)
        return header(im, rec, diag);
    im->res->rows++;
    if (im->opts->skip_bad)
        raw = record_csv(im, rec);
    if (rec->problem)
        return problem(im, raw, rec->line, rec->problem_col, rec->problem,
                       diag);
    if (rec->nfields != im->nhdr) {
        snprintf(why, sizeof(why),
                 "expected %zu fields as in the header, found %zu", im->nhdr,
                 rec->nfields);
        return problem(im, raw, rec->line, 0, why, diag);
    }
    if (parse_row(im, rec, &row, &prob))
        return problem(im, raw, rec->line, im->col[prob.field] + 1, prob.msg,
                       diag);
    if (im->failed)
        return 0; /* keep validating, but nothing more is stored */
    return pipe_add(im, &row, raw);
}

static void importer_init(struct importer *im,
                          const struct items_options *opts,
                          const struct pseudo_key *key,
                          struct item_sink *sink, struct items_result *res)
{
    memset(im, 0, sizeof(*im));
    im->opts = opts;
    im->preset = find_preset(opts->preset);
    im->key = key;
    im->sink = sink;
    im->res = res;
    memset(res, 0, sizeof(*res));
    strmap_init(&im->people);
    buf_init(&im->text);
    buf_init(&im->raw);
    buf_init(&im->header_line);
}

static int importer_finish(struct importer *im, int rc, struct diag *diag)
{
    rc = pipe_finish(im, rc, diag);
    diag_sort(diag);
    if (im->rejects.fp && !rc)
        rc = safefile_commit(&im->rejects, diag);
    safefile_abort(&im->rejects); /* after an error; else a no-op */
    if (!rc && im->failed)
        rc = TR_EPARSE;
    if (!rc && im->res->rows == 0 && !diag->code)
        rc = diag_set(diag, TR_EPARSE, "no work items in the file");
    free(im->pseuds);
    strmap_release(&im->people);
    buf_release(&im->text);
    buf_release(&im->raw);
    buf_release(&im->header_line);
    return rc;
}

/* Runs an import of a file (path) or of memory (buf, len). */
static int import(const char *path, const char *buf, size_t len,
                  const struct items_options *opts,
                  const struct pseudo_key *key, struct item_sink *sink,
                  struct items_result *res, struct diag *diag)
{
    struct importer im;
    unsigned flags;
    int rc;

    importer_init(&im, opts, key, sink, res);
    if (!im.preset)
        return diag_set(diag, TR_EUSAGE, "unknown preset '%s'", opts->preset);
    rc = pipe_start(&im, path != NULL, diag);
    /* with --skip-bad a record over CSV_RECORD_MAX is a rejected row */
    flags = opts->skip_bad ? CSV_LONG_RECORDS : 0;
    if (!rc && path)
        rc = csv_read_file_flags(path, ',', flags, "importing items",
                                 opts->sha, on_record, &im, diag);
    else if (!rc)
        rc = csv_read_buf_flags(buf, len, ',', flags, on_record, &im, diag);
    return importer_finish(&im, rc, diag);
}

int items_import_buf(const char *buf, size_t len,
                     const struct items_options *opts,
                     const struct pseudo_key *key, struct item_sink *sink,
                     struct items_result *res, struct diag *diag)
{
    return import(NULL, buf, len, opts, key, sink, res, diag);
}

int items_import_file(const char *path, const struct items_options *opts,
                      const struct pseudo_key *key, struct item_sink *sink,
                      struct items_result *res, struct diag *diag)
{
    return import(path, NULL, 0, opts, key, sink, res, diag);
}
