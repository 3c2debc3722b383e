/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit's linear system and its solution: published cells become
 * fixed variables, the others range from 0 to what the reader knows of
 * them, relations become rows, and every cell that needs protection is
 * ranged by lp/. */
#include "analysis/audit.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/xalloc.h"
#include "lp/lp.h"

void audit_sys_init(struct audit_sys *s)
{
    memset(s, 0, sizeof(*s));
    strmap_init(&s->index);
}

void audit_sys_release(struct audit_sys *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->c[i].id);
    free(s->c);
    strmap_release(&s->index);
    free(s->terms);
    free(s->coef);
    free(s->rel);
    memset(s, 0, sizeof(*s));
}

size_t audit_cell(struct audit_sys *s, const char *fmt, ...)
{
    struct buf id = BUF_INIT;
    va_list ap;
    int64_t at;

    va_start(ap, fmt);
    buf_vaddf(&id, fmt, ap);
    va_end(ap);
    if (strmap_get(&s->index, buf_str(&id), id.len, &at)) {
        buf_release(&id);
        return (size_t)at;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->c = xrealloc(s->c, s->cap * sizeof(*s->c));
    }
    strmap_put(&s->index, buf_str(&id), id.len, (int64_t)s->n);
    s->c[s->n] = (struct audit_cell){.id = buf_detach(&id),
                                     .upper = INFINITY,
                                     .people = -1};
    return s->n++;
}

static void know(struct audit_cell *c, double value, long people, long min)
{
    c->value = value;
    if (people >= 0)
        c->people = people;
    if (min > c->min_people)
        c->min_people = min;
}

void audit_publish(struct audit_sys *s, size_t c, double value, long people,
                   long min_people)
{
    if (!s->c[c].published && !s->c[c].hidden)
        know(&s->c[c], value, people, min_people);
    else if (people >= 0 && s->c[c].people < 0)
        s->c[c].people = people;
    if (!s->c[c].published && s->c[c].hidden)
        s->c[c].value = value;
    s->c[c].published = 1;
}

void audit_hide(struct audit_sys *s, size_t c, double value, long people,
                long min_people)
{
    if (!s->c[c].published)
        know(&s->c[c], value, people, min_people);
    else if (min_people > s->c[c].min_people)
        s->c[c].min_people = min_people;
    s->c[c].hidden = 1;
}

void audit_bound(struct audit_sys *s, size_t c, double hi)
{
    if (hi < s->c[c].upper)
        s->c[c].upper = hi;
}

static void relation(struct audit_sys *s, const size_t *cells,
                     const double *coef, size_t n, double lo, double hi)
{
    if (s->nterms + n > s->terms_cap) {
        while (s->nterms + n > s->terms_cap)
            s->terms_cap = s->terms_cap ? 2 * s->terms_cap : 1024;
        s->terms = xrealloc(s->terms, s->terms_cap * sizeof(*s->terms));
        s->coef = xrealloc(s->coef, s->terms_cap * sizeof(*s->coef));
    }
    if (s->nrel == s->rel_cap) {
        s->rel_cap = s->rel_cap ? 2 * s->rel_cap : 256;
        s->rel = xrealloc(s->rel, s->rel_cap * sizeof(*s->rel));
    }
    memcpy(s->terms + s->nterms, cells, n * sizeof(*cells));
    memcpy(s->coef + s->nterms, coef, n * sizeof(*coef));
    s->rel[s->nrel++] = (struct audit_rel){s->nterms, n, lo, hi};
    s->nterms += n;
}

void audit_sum(struct audit_sys *s, size_t total, const size_t *parts,
               size_t n)
{
    size_t *cells = xmalloc((n + 1) * sizeof(*cells));
    double *coef = xmalloc((n + 1) * sizeof(*coef));

    cells[0] = total;
    coef[0] = -1;
    for (size_t i = 0; i < n; i++) {
        cells[i + 1] = parts[i];
        coef[i + 1] = 1;
    }
    relation(s, cells, coef, n + 1, 0, 0);
    free(cells);
    free(coef);
}

void audit_distinct(struct audit_sys *s, size_t total, const size_t *parts,
                    size_t n)
{
    size_t *cells = xmalloc((n + 1) * sizeof(*cells));
    double *coef = xmalloc((n + 1) * sizeof(*coef));
    double pair[2] = {1, -1};

    if (n == 1) { /* one part: the same people */
        audit_sum(s, total, parts, 1);
        goto out;
    }
    cells[0] = total;
    coef[0] = -1;
    for (size_t i = 0; i < n; i++) {
        size_t two[2] = {parts[i], total};

        relation(s, two, pair, 2, -INFINITY, 0);
        cells[i + 1] = parts[i];
        coef[i + 1] = 1;
    }
    relation(s, cells, coef, n + 1, 0, INFINITY);
out:
    free(cells);
    free(coef);
}

void audit_result_release(struct audit_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nf; i++)
        free(r->f[i].id);
    free(r->f);
    memset(r, 0, sizeof(*r));
}

static int needs_protection(const struct audit_cell *c)
{
    if (c->min_people <= 0)
        return 0;
    return c->hidden || (c->people > 0 && c->people < c->min_people);
}

/* The rule: the range is at least the threshold wide, or it is all the
 * reader knew beforehand (0 to the head count: the published figures
 * add nothing about the cell). */
static int protected_range(const struct audit_cell *c, double lo, double hi)
{
    if (c->published)
        return 0;
    return hi - lo >= (double)c->min_people - 1e-9
           || (lo <= 1e-9 && hi >= c->upper - 1e-9);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct audit_finding *)a)->id,
                  ((const struct audit_finding *)b)->id);
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Union-find over cells joined by relations: each connected part of the
 * system is its own, much smaller, linear program. */
static size_t root(size_t *up, size_t i)
{
    while (up[i] != i) {
        up[i] = up[up[i]];
        i = up[i];
    }
    return i;
}

/* Ranges the cells of one component (cells[0..n), relations rels[0..nr))
 * that need protection, appending findings to out. */
static int solve_part(const struct audit_sys *s, const size_t *cells,
                      size_t n, const size_t *rels, size_t nr,
                      size_t *local, struct progress *pr, size_t *done,
                      struct audit_result *out, size_t *fcap,
                      struct diag *diag)
{
    struct lp *lp = lp_new();
    size_t *vars = NULL, vcap = 0;
    int rc = 0;

    for (size_t i = 0; i < n; i++) {
        const struct audit_cell *c = &s->c[cells[i]];

        local[cells[i]] = c->published ? lp_var(lp, c->value, c->value)
                                       : lp_var(lp, 0, c->upper);
    }
    for (size_t r = 0; r < nr; r++) {
        const struct audit_rel *rl = &s->rel[rels[r]];

        vars = xgrow(vars, &vcap, rl->n, sizeof(*vars));
        for (size_t k = 0; k < rl->n; k++)
            vars[k] = local[s->terms[rl->first + k]];
        lp_row(lp, vars, s->coef + rl->first, rl->n, rl->lo, rl->hi);
    }
    out->lp_parts++;
    if (lp_nvars(lp) > out->lp_largest)
        out->lp_largest = lp_nvars(lp);
    out->lp_vars += lp_nvars(lp);
    out->lp_rows += lp_nrows(lp);
    out->lp_nnz += lp_nnz(lp);
    for (size_t i = 0; !rc && i < n; i++) {
        const struct audit_cell *c = &s->c[cells[i]];
        double lo = c->value, hi = c->value;

        if (!needs_protection(c))
            continue;
        if (!c->published)
            rc = lp_range(lp, local[cells[i]], &lo, &hi, diag);
        if (pr)
            progress_update(pr, ++*done);
        if (rc || protected_range(c, lo, hi))
            continue;
        if (out->nf == *fcap) {
            *fcap = *fcap ? 2 * *fcap : 16;
            out->f = xrealloc(out->f, *fcap * sizeof(*out->f));
        }
        out->f[out->nf++] = (struct audit_finding){
            xstrdup(c->id), lo, hi, c->min_people, c->published};
    }
    free(vars);
    lp_free(lp);
    return rc;
}

int audit_sys_solve(struct audit_sys *s, struct progress *pr,
                    struct audit_result *out, struct diag *diag)
{
    size_t *up = xcalloc(s->n + 1, sizeof(*up));
    size_t *order = xcalloc(s->n + 1, sizeof(*order));
    size_t *start = xcalloc(s->n + 2, sizeof(*start));
    size_t *rstart = xcalloc(s->n + 2, sizeof(*rstart));
    size_t *rorder = xcalloc(s->nrel + 1, sizeof(*rorder));
    size_t *local = xcalloc(s->n + 1, sizeof(*local));
    size_t fcap = 0, done = 0;
    double t0 = now_s();
    int rc = 0;

    memset(out, 0, sizeof(*out));
    out->cells = s->n;
    for (size_t i = 0; i < s->n; i++) {
        up[i] = i;
        out->published += (size_t)s->c[i].published;
        out->checked += (size_t)needs_protection(&s->c[i]);
    }
    for (size_t r = 0; r < s->nrel; r++)
        for (size_t k = 1; k < s->rel[r].n; k++) {
            size_t a = root(up, s->terms[s->rel[r].first]),
                   b = root(up, s->terms[s->rel[r].first + k]);

            if (a != b)
                up[a] = b;
        }
    /* cells and relations grouped by component (counting sort on roots) */
    for (size_t i = 0; i < s->n; i++)
        up[i] = root(up, i);
    for (size_t i = 0; i < s->n; i++)
        start[up[i] + 1]++;
    for (size_t i = 0; i < s->n; i++)
        start[i + 1] += start[i];
    for (size_t i = 0; i < s->n; i++)
        order[start[up[i]] + local[up[i]]++] = i;
    for (size_t r = 0; r < s->nrel; r++)
        if (s->rel[r].n)
            rstart[up[s->terms[s->rel[r].first]] + 1]++;
    for (size_t i = 0; i < s->n; i++)
        rstart[i + 1] += rstart[i];
    memset(local, 0, (s->n + 1) * sizeof(*local));
    for (size_t r = 0; r < s->nrel; r++)
        if (s->rel[r].n) {
            size_t c = up[s->terms[s->rel[r].first]];

            rorder[rstart[c] + local[c]++] = r;
        }
    if (pr)
        progress_start(pr, "privacy audit", out->checked);
    for (size_t c = 0; !rc && c < s->n; c++) {
        size_t n = start[c + 1] - start[c];
        int any = 0;

        for (size_t i = 0; i < n && !any; i++)
            any = needs_protection(&s->c[order[start[c] + i]]);
        if (any)
            rc = solve_part(s, order + start[c], n, rorder + rstart[c],
                            rstart[c + 1] - rstart[c], local, pr, &done, out,
                            &fcap, diag);
    }
    if (pr)
        progress_end(pr);
    free(up);
    free(order);
    free(start);
    free(rstart);
    free(rorder);
    free(local);
    if (rc) {
        audit_result_release(out);
        return rc;
    }
    if (out->nf)
        qsort(out->f, out->nf, sizeof(*out->f), by_id);
    out->seconds = now_s() - t0;
    return 0;
}
