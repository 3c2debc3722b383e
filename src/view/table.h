/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Plain-text tables with aligned columns, for terminal reports. */
#ifndef TR_VIEW_TABLE_H
#define TR_VIEW_TABLE_H

#include <stddef.h>

#include "core/buf.h"

struct table {
    size_t ncols;
    char **cells;  /* owned; row-major, nrows * ncols */
    size_t nrows, cap;
    size_t ncells; /* cells filled so far */
    unsigned right; /* bit i set: column i is right-aligned (numbers) */
};

void table_init(struct table *t, size_t ncols, unsigned right);
void table_release(struct table *t); /* NULL-safe */
/* Appends a cell to the current row (rows fill left to right). */
void table_cell(struct table *t, const char *text);
void table_cellf(struct table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Renders the table; the first row is the header, underlined. */
void table_render(const struct table *t, struct buf *out);

#endif
