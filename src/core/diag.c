/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics: a list of located problems under one context. */
#include "core/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void diag_init(struct diag *d)
{
    memset(d, 0, sizeof(*d));
}

void diag_release(struct diag *d)
{
    size_t i;

    if (!d)
        return;
    for (i = 0; i < d->nproblems; i++)
        free(d->problems[i].msg);
    free(d->problems);
    free(d->context);
    diag_init(d);
}

void diag_context(struct diag *d, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;

    if (!d)
        return;
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    free(d->context);
    d->context = buf_detach(&b);
}

void diag_context_clear(struct diag *d)
{
    if (!d)
        return;
    free(d->context);
    d->context = NULL;
}

__attribute__((format(printf, 6, 0))) static int
add(struct diag *d, int code, long line, long col,
               const char *suffix, const char *fmt, va_list ap)
{
    struct buf b = BUF_INIT;

    if (!d)
        return code;
    if (!d->code)
        d->code = code;
    d->total++;
    if (d->nproblems >= DIAG_MAX_PROBLEMS)
        return code;
    buf_vaddf(&b, fmt, ap);
    if (suffix)
        buf_addf(&b, ": %s", suffix);
    d->problems = xgrow(d->problems, &d->cap, d->nproblems + 1,
                        sizeof(*d->problems));
    d->problems[d->nproblems].line = line;
    d->problems[d->nproblems].col = col;
    d->problems[d->nproblems].msg = buf_detach(&b);
    d->nproblems++;
    return code;
}

int diag_set(struct diag *d, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add(d, code, 0, 0, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int diag_at(struct diag *d, int code, long line, long col, const char *fmt,
            ...)
{
    va_list ap;

    va_start(ap, fmt);
    add(d, code, line, col, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int diag_errno(struct diag *d, int code, const char *fmt, ...)
{
    const char *why = strerror(errno);
    va_list ap;

    va_start(ap, fmt);
    add(d, code, 0, 0, why, fmt, ap);
    va_end(ap);
    return code;
}

static int before(const struct diag_problem *a, const struct diag_problem *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

void diag_sort(struct diag *d)
{
    if (!d)
        return;
    /* insertion sort: stable, and there are at most DIAG_MAX_PROBLEMS */
    for (size_t i = 1; i < d->nproblems; i++) {
        struct diag_problem p = d->problems[i];
        size_t j = i;

        while (j > 0 && before(&p, &d->problems[j - 1])) {
            d->problems[j] = d->problems[j - 1];
            j--;
        }
        d->problems[j] = p;
    }
}

void diag_format(const struct diag *d, struct buf *out)
{
    size_t i;

    for (i = 0; i < d->nproblems; i++) {
        const struct diag_problem *p = &d->problems[i];

        if (d->context)
            buf_addf(out, "%s: ", d->context);
        if (p->line > 0 && p->col > 0)
            buf_addf(out, "line %ld, column %ld: ", p->line, p->col);
        else if (p->line > 0)
            buf_addf(out, "line %ld: ", p->line);
        else if (p->col > 0)
            buf_addf(out, "column %ld: ", p->col);
        buf_addf(out, "%s\n", p->msg);
    }
    if (d->total > d->nproblems)
        buf_addf(out, "%s%s%zu more problem(s) not shown\n",
                 d->context ? d->context : "", d->context ? ": " : "",
                 d->total - d->nproblems);
    if (!d->nproblems && d->code)
        buf_addf(out, "%s%s%s\n", d->context ? d->context : "",
                 d->context ? ": " : "", tr_strerror(d->code));
}

const char *tr_strerror(int code)
{
    static const struct {
        int code;
        const char *text;
    } names[] = {
        {TR_OK, "success"},
        {TR_ENOMEM, "out of memory"},
        {TR_EIO, "input/output error"},
        {TR_EPARSE, "malformed input"},
        {TR_EDB, "database error"},
        {TR_EUSAGE, "usage error"},
        {TR_EINVAL, "invalid value"},
        {TR_ENOENT, "not found"},
        {TR_EVERSION, "incompatible workspace"},
        {TR_EKEY, "pseudonymisation key problem"},
        {TR_EEXIST, "already exists"},
        {TR_EUNDEF, "undefined for this input"},
        {TR_EPERM, "not allowed"},
        {TR_EBUSY, "busy"},
    };
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].code == code)
            return names[i].text;
    return "unknown error";
}
