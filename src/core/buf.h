/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one growable string builder for all text, CSV, JSON and HTML output
 * (like git's strbuf). The content is always NUL-terminated. */
#ifndef TR_BUF_H
#define TR_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct buf {
    char *data; /* owned; NUL-terminated; NULL until the first append */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
};

#define BUF_INIT {NULL, 0, 0}

void buf_init(struct buf *b);
void buf_release(struct buf *b); /* frees the data; b may be reused */
void buf_reset(struct buf *b);   /* empties, keeps the allocation */
void buf_grow(struct buf *b, size_t extra);
/* Appends all that fp holds, read in place (a regular file's size is
 * reserved first: one allocation, no copies). Returns 0, or -1 with
 * errno set when reading fails. */
int buf_read_stream(struct buf *b, FILE *fp);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Returns the text ("" when empty); borrowed, valid until the next change. */
const char *buf_str(const struct buf *b);
/* Hands the text over to the caller (owned) and resets b. */
char *buf_detach(struct buf *b);

#endif
