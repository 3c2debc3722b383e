/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Exact decimal reading of number samples. */
#include "import/numbers.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/xalloc.h"

#define MAX_DIGITS 18 /* always fits an int64 */

int numbers_decimal(const char *s, size_t len, struct decimal *d)
{
    char tmp[128];
    const char *p, *end;
    int64_t mant = 0;
    int digits = 0, exp10 = 0, neg = 0, seen = 0, dropped = 0;
    char *stop;

    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len || len >= sizeof(tmp))
        return TR_EPARSE;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    if (!strcasecmp(tmp, "nan") || !strcasecmp(tmp, "inf")
        || !strcasecmp(tmp, "-inf") || !strcasecmp(tmp, "+inf")
        || !strcasecmp(tmp, "infinity") || !strcasecmp(tmp, "-infinity"))
        return TR_EINVAL;
    errno = 0;
    d->value = strtod(tmp, &stop);
    if (*stop || stop == tmp)
        return TR_EPARSE;
    if (!isfinite(d->value))
        return TR_EINVAL; /* overflow, e.g. 1e400 */
    /* the exact form: [sign] digits [. digits] [e [sign] digits] */
    p = tmp;
    end = tmp + len;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    for (int frac = 0; p < end; p++) {
        if (*p == '.' && !frac) {
            frac = 1;
            continue;
        }
        if (!isdigit((unsigned char)*p))
            break;
        seen = 1;
        if (!digits && *p == '0') {
            exp10 -= frac;
            continue;
        }
        if (digits < MAX_DIGITS) {
            mant = mant * 10 + (*p - '0');
            digits++;
            exp10 -= frac;
        } else {
            dropped |= *p != '0';
            exp10 += !frac;
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        long e = strtol(p + 1, &stop, 10);

        if (e > 300 || e < -300)
            dropped = 1;
        else
            exp10 += (int)e;
        p = stop;
    }
    if (p != end)
        return TR_EPARSE; /* hexadecimal and other forms strtod allows */
    d->mant = neg ? -mant : mant;
    d->exp10 = exp10;
    d->exact = seen && !dropped;
    return 0;
}

/* 10^k as an int64, or 0 when it does not fit. */
static int64_t pow10i(int k)
{
    int64_t v = 1;

    if (k < 0 || k > 18)
        return 0;
    while (k--)
        v *= 10;
    return v;
}

void numbers_deviations(const struct decimal *x, size_t n, double *dev,
                        double *shift)
{
    int scale = 0, exact = n > 0;
    int64_t *m = NULL;

    *shift = n ? x[0].value : 0.0;
    for (size_t i = 0; i < n && exact; i++) {
        exact = x[i].exact;
        if (x[i].exp10 < scale)
            scale = x[i].exp10;
    }
    if (exact && -scale <= 22) {
        m = xmalloc(n * sizeof(*m));
        for (size_t i = 0; i < n && exact; i++) {
            int64_t f = pow10i(x[i].exp10 - scale);

            if (!f || (x[i].mant && llabs(x[i].mant) > INT64_MAX / 4 / f))
                exact = 0;
            else
                m[i] = x[i].mant * f;
        }
        if (exact) {
            double div = 1.0;

            for (int k = 0; k < -scale; k++)
                div *= 10.0; /* exact up to 10^22 */
            for (size_t i = 0; i < n; i++)
                dev[i] = (double)(m[i] - m[0]) / div;
        }
        free(m);
        if (exact)
            return;
    }
    for (size_t i = 0; i < n; i++)
        dev[i] = x[i].value - *shift;
}

double numbers_shift_diff(const struct numbers *b, const struct numbers *a)
{
    struct decimal x[2] = {a->first, b->first};
    double dev[2], shift;

    numbers_deviations(x, 2, dev, &shift);
    return dev[1];
}

void numbers_release(struct numbers *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->dev);
    memset(s, 0, sizeof(*s));
}

int numbers_parse_buf(const char *buf, size_t len, struct numbers *out,
                      struct diag *diag)
{
    struct decimal *x = NULL;
    size_t n = 0, cap = 0;
    const char *p = buf, *end = buf + len;
    long line = 0;
    int rc = 0;

    memset(out, 0, sizeof(*out));
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        struct decimal d;
        int r;

        line++;
        p = nl ? nl + 1 : end;
        while (s < e && isspace((unsigned char)*s))
            s++;
        if (s == e || *s == '#')
            continue;
        r = numbers_decimal(s, (size_t)(e - s), &d);
        if (r == TR_EPARSE)
            rc = diag_at(diag, TR_EPARSE, line, 1, "'%.*s' is not a number",
                         (int)((e - s) > 40 ? 40 : (e - s)), s);
        else if (r)
            rc = diag_at(diag, TR_EPARSE, line, 1,
                         "'%.*s' is not a finite number",
                         (int)((e - s) > 40 ? 40 : (e - s)), s);
        else {
            x = xgrow(x, &cap, n + 1, sizeof(*x));
            x[n++] = d;
        }
    }
    if (!rc) {
        out->n = n;
        out->v = xmalloc((n ? n : 1) * sizeof(double));
        out->dev = xmalloc((n ? n : 1) * sizeof(double));
        for (size_t i = 0; i < n; i++)
            out->v[i] = x[i].value;
        numbers_deviations(x, n, out->dev, &out->shift);
        if (n)
            out->first = x[0];
    }
    free(x);
    return rc;
}

int numbers_read_file(const char *path, struct numbers *out,
                      struct diag *diag)
{
    struct buf b = BUF_INIT;
    FILE *fp = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!fp)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    rc = buf_read_stream(&b, fp)
             ? diag_errno(diag, TR_EIO, "cannot read '%s'", path)
             : 0;
    if (fp != stdin)
        fclose(fp);
    if (!rc)
        rc = numbers_parse_buf(buf_str(&b), b.len, out, diag);
    buf_release(&b);
    return rc;
}
