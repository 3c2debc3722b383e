/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Aligned plain-text tables. Widths count UTF-8 characters, not bytes. */
#include "view/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void table_init(struct table *t, size_t ncols, unsigned right)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
    t->right = right;
}

void table_release(struct table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}

void table_cell(struct table *t, const char *text)
{
    size_t n = t->ncells++;

    if (n == t->nrows * t->ncols) {
        t->nrows++;
        t->cells = xgrow(t->cells, &t->cap, t->nrows * t->ncols,
                         sizeof(*t->cells));
        memset(t->cells + n, 0, t->ncols * sizeof(*t->cells));
    }
    t->cells[n] = xstrdup(text);
}

void table_cellf(struct table *t, const char *fmt, ...)
{
    struct buf b = BUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    table_cell(t, buf_str(&b));
    buf_release(&b);
}

static size_t width(const char *s)
{
    size_t w = 0;

    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

void table_render(const struct table *t, struct buf *out)
{
    size_t *w = xcalloc(t->ncols, sizeof(*w));

    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t cw = s ? width(s) : 0;

            if (cw > w[c])
                w[c] = cw;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            size_t pad = w[c] - (s ? width(s) : 0);
            int right = (t->right >> c) & 1;

            if (c)
                buf_puts(out, "  ");
            if (right)
                for (size_t i = 0; i < pad; i++)
                    buf_putc(out, ' ');
            buf_puts(out, s ? s : "");
            if (!right && c + 1 < t->ncols)
                for (size_t i = 0; i < pad; i++)
                    buf_putc(out, ' ');
        }
        while (out->len && out->data[out->len - 1] == ' ')
            out->data[--out->len] = '\0';
        buf_putc(out, '\n');
        if (r == 0) {
            for (size_t c = 0; c < t->ncols; c++) {
                if (c)
                    buf_puts(out, "  ");
                for (size_t i = 0; i < w[c]; i++)
                    buf_putc(out, '-');
            }
            buf_putc(out, '\n');
        }
    }
    free(w);
}
