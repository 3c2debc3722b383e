/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: fixed rows of text and their messages (see reasons.h). */
#include "core/reasons.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

/* One conversion of a format: its bytes from '%' to the letter. */
struct conv {
    const char *at;
    size_t n;
    int kind;    /* enum reason_kind (REASON_STR for every %s), or -1 */
    char len[3]; /* the length modifier: "", "hh", "h", "l", "ll", "j",
                    "z", "t" */
};

/* The next conversion at or after p (%% is text): 1 and *c (p moves
 * past it), or 0 at the end. c->kind is -1 for one not read here. */
static int next_conv(const char **p, struct conv *c)
{
    const char *s = *p, *q;
    size_t l = 0;

    for (;;) {
        s = strchr(s, '%');
        if (!s)
            return 0;
        if (s[1] != '%')
            break;
        s += 2;
    }
    c->at = s;
    c->kind = -1;
    q = s + 1;
    while (*q && strchr("-+ #0", *q))
        q++;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q == '$' || *q == '*') /* positions and widths from arguments */
        goto out;
    if (*q == '.') {
        q++;
        if (*q == '*')
            goto out;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    while (*q && strchr("hljzt", *q) && l < 2)
        c->len[l++] = *q++;
    c->len[l] = '\0';
    if (l == 2 && strcmp(c->len, "hh") && strcmp(c->len, "ll"))
        goto out;
    if (*q && strchr("di", *q))
        c->kind = REASON_INT;
    else if (*q && strchr("uxXo", *q))
        c->kind = REASON_UINT;
    else if (*q && strchr("fFeEgGaA", *q))
        c->kind = l ? -1 : REASON_REAL;
    else if (*q == 's')
        c->kind = l ? -1 : REASON_STR;
out:
    if (*q)
        q++;
    c->n = (size_t)(q - s);
    *p = q;
    return 1;
}

int reasons_conversions(const char *fmt, unsigned char *kind, size_t max)
{
    struct conv c;
    size_t n = 0;

    while (next_conv(&fmt, &c)) {
        if (c.kind < 0 || n == max)
            return -1;
        kind[n++] = (unsigned char)c.kind;
    }
    return (int)n;
}

/* ---- marks on string arguments (reasons_msgid, reasons_word) ---- */

#define MARKS 8

static _Thread_local struct mark {
    const char *s, *ctx; /* ctx NULL: a msgid */
} g_marks[MARKS];
static _Thread_local size_t g_nmarks;

static const char *mark(const char *ctx, const char *s)
{
    if (s && g_nmarks < MARKS)
        g_marks[g_nmarks++] = (struct mark){s, ctx};
    return s;
}

const char *reasons_msgid(const char *s)
{
    return mark(NULL, s);
}

const char *reasons_word(const char *ctx, const char *s)
{
    return mark(ctx, s);
}

static const struct mark *marked(const char *s)
{
    for (size_t i = 0; i < g_nmarks; i++)
        if (g_marks[i].s == s)
            return &g_marks[i];
    return NULL;
}

/* ---- keeping a message ---- */

static int keep_chars(struct reason_msg *m, const char *s, size_t n)
{
    if (n + 1 > sizeof(m->chars) - m->nchars)
        return 0;
    memcpy(m->chars + m->nchars, s, n);
    m->chars[m->nchars + n] = '\0';
    m->nchars = (unsigned short)(m->nchars + n + 1);
    return 1;
}

static void keep_str(struct reason_msg *m, size_t k, const char *s)
{
    const struct mark *mk = marked(s);
    unsigned short at = m->nchars;

    if (!s) {
        m->whole = 0;
        return;
    }
    m->kind[k] = REASON_STR;
    if (mk)
        m->kind[k] = mk->ctx ? REASON_WORD : REASON_MSG;
    if ((mk && mk->ctx && !keep_chars(m, mk->ctx, strlen(mk->ctx)))
        || !keep_chars(m, s, strlen(s))) {
        m->whole = 0;
        return;
    }
    m->arg[k].at = at;
}

/* fmt as the next part of m, with the values ap holds for it. */
static void keep(struct reason_msg *m, const char *fmt, va_list ap)
{
    const char *p = fmt;
    struct conv c;

    if (!m->whole)
        return;
    if (m->nparts == REASON_PARTS) {
        m->whole = 0;
        return;
    }
    m->fmt[m->nparts++] = fmt;
    while (m->whole && next_conv(&p, &c)) {
        size_t k = m->nargs;
        const char *l = c.len;

        if (c.kind < 0 || k == REASON_ARGS) {
            m->whole = 0;
            break;
        }
        m->kind[k] = (unsigned char)c.kind;
        if (c.kind == REASON_INT)
            m->arg[k].i = !strcmp(l, "ll")  ? va_arg(ap, long long)
                          : !strcmp(l, "l") ? va_arg(ap, long)
                          : !strcmp(l, "j") ? (long long)va_arg(ap, intmax_t)
                          : !strcmp(l, "z") ? (long long)va_arg(ap, size_t)
                          : !strcmp(l, "t") ? (long long)va_arg(ap, ptrdiff_t)
                                            : va_arg(ap, int);
        else if (c.kind == REASON_UINT)
            m->arg[k].u =
                !strcmp(l, "ll")  ? va_arg(ap, unsigned long long)
                : !strcmp(l, "l") ? va_arg(ap, unsigned long)
                : !strcmp(l, "j") ? (unsigned long long)va_arg(ap, uintmax_t)
                : !strcmp(l, "z") ? (unsigned long long)va_arg(ap, size_t)
                : !strcmp(l, "t") ? (unsigned long long)va_arg(ap, ptrdiff_t)
                                  : va_arg(ap, unsigned);
        else if (c.kind == REASON_REAL)
            m->arg[k].r = va_arg(ap, double);
        else
            keep_str(m, k, va_arg(ap, const char *));
        m->nargs++;
    }
}

int reasons_addf(char *rows, size_t width, size_t cap, size_t *n,
                 struct reason_msg *msgs, const char *fmt, ...)
{
    struct reason_msg *m;
    va_list ap;

    if (*n >= cap) {
        g_nmarks = 0;
        return 0;
    }
    va_start(ap, fmt);
    vsnprintf(rows + *n * width, width, fmt, ap);
    va_end(ap);
    m = &msgs[*n];
    memset(m, 0, sizeof(*m));
    m->whole = 1;
    va_start(ap, fmt);
    keep(m, fmt, ap);
    va_end(ap);
    g_nmarks = 0;
    ++*n;
    return 1;
}

void reasons_appendf(char *rows, size_t width, size_t n,
                     struct reason_msg *msgs, const char *fmt, ...)
{
    char *row = rows + (n - 1) * width;
    size_t len = strlen(row);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(row + len, width - len, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    keep(&msgs[n - 1], fmt, ap);
    va_end(ap);
    g_nmarks = 0;
}

void reasons_appendm(char *rows, size_t width, size_t n,
                     struct reason_msg *msgs, const struct reason_msg *part,
                     const char *text)
{
    char *row = rows + (n - 1) * width;
    size_t len = strlen(row);
    struct reason_msg *m = &msgs[n - 1];

    snprintf(row + len, width - len, "%s", text);
    if (!part->whole || m->nparts + part->nparts > REASON_PARTS
        || m->nargs + part->nargs > REASON_ARGS) {
        m->whole = 0;
        return;
    }
    for (size_t i = 0; i < part->nparts; i++)
        m->fmt[m->nparts++] = part->fmt[i];
    for (size_t k = 0; k < part->nargs; k++) {
        size_t j = m->nargs++;

        m->kind[j] = part->kind[k];
        m->arg[j] = part->arg[k];
        if (part->kind[k] == REASON_STR || part->kind[k] == REASON_MSG
            || part->kind[k] == REASON_WORD) {
            const char *s = part->chars + part->arg[k].at;
            size_t l = strlen(s) + 1;

            if (part->kind[k] == REASON_WORD) /* its context, then it */
                l += strlen(s + l) + 1;
            if (l > sizeof(m->chars) - m->nchars) {
                m->whole = 0;
                return;
            }
            memcpy(m->chars + m->nchars, s, l);
            m->arg[j].at = m->nchars;
            m->nchars = (unsigned short)(m->nchars + l);
        }
    }
}

/* ---- formatting a message again ---- */

/* Whether translated's conversions are those of msgid. */
static int same_conversions(const char *msgid, const char *translated)
{
    unsigned char a[REASON_ARGS], b[REASON_ARGS];
    int na = reasons_conversions(msgid, a, REASON_ARGS);
    int nb = reasons_conversions(translated, b, REASON_ARGS);

    return na >= 0 && na == nb && !memcmp(a, b, (size_t)na);
}

/* The conversion c with the value of argument k of m: c's flags, width
 * and precision, with the length the kept value has. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int put_conv(struct buf *out, const struct reason_msg *m, size_t k,
                    const struct conv *c, int translate)
{
    char spec[40];
    size_t from = out->len;
    size_t head = c->n - 1 - strlen(c->len); /* '%', flags, width, .prec */
    char letter = c->at[c->n - 1];
    const char *s = m->chars + m->arg[k].at;
    int kind = m->kind[k];

    if (kind == REASON_MSG || kind == REASON_WORD)
        kind = REASON_STR;
    if (kind != c->kind || head + 4 > sizeof(spec))
        return -1;
    snprintf(spec, sizeof(spec), "%.*s%s%c", (int)head, c->at,
             kind == REASON_INT || kind == REASON_UINT ? "ll" : "", letter);
    switch (m->kind[k]) {
    case REASON_INT:
        buf_addf(out, spec, m->arg[k].i);
        return 0;
    case REASON_UINT:
        buf_addf(out, spec, m->arg[k].u);
        return 0;
    case REASON_REAL:
        buf_addf(out, spec, m->arg[k].r);
        for (size_t i = from; translate && i < out->len; i++)
            if (out->data[i] == '.')
                out->data[i] = i18n_decimal();
        return 0;
    case REASON_MSG:
        if (translate && *s) {
            const char *t = i18n_gettext(s);

            if (t == s && i18n_current() != I18N_EN)
                return -1; /* English inside another language */
            s = t;
        }
        break;
    case REASON_WORD:
        s = translate ? i18n_pgettext(s, s + strlen(s) + 1)
                      : s + strlen(s) + 1;
        break;
    }
    buf_addf(out, spec, s);
    return 0;
}
#pragma GCC diagnostic pop

int reasons_format(struct buf *out, const struct reason_msg *m,
                   int translate)
{
    size_t from = out->len, k = 0;

    if (!m || !m->whole || !m->nparts)
        return -1;
    for (size_t i = 0; i < m->nparts; i++) {
        /* "" would look up the catalogue's header */
        const char *f = translate && *m->fmt[i] ? i18n_gettext(m->fmt[i])
                                                : m->fmt[i];
        const char *p = f, *text = f;
        struct conv c;

        if (translate && i18n_current() != I18N_EN && f == m->fmt[i])
            goto fail; /* no translation: English inside another language */
        if (f != m->fmt[i] && !same_conversions(m->fmt[i], f))
            goto fail;
        while (next_conv(&p, &c)) {
            for (const char *t = text; t < c.at; t++) {
                buf_putc(out, *t);
                if (*t == '%') /* %% */
                    t++;
            }
            if (k == m->nargs || put_conv(out, m, k++, &c, translate))
                goto fail;
            text = p;
        }
        for (const char *t = text; *t; t++) {
            buf_putc(out, *t);
            if (*t == '%' && t[1] == '%')
                t++;
        }
    }
    if (k != m->nargs)
        goto fail;
    return 0;
fail:
    out->len = from;
    if (out->data)
        out->data[from] = '\0';
    return -1;
}
