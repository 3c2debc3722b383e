/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A kept page's body cut at its markers (the parts every reader shares,
 * and where each reader's own text goes), kept plain and compressed for
 * gzip, so that a request sends the shared parts from memory without
 * copying them, and a gzip answer compresses only the reader's own
 * text (as stored blocks). Reference counted: a response holds its body
 * until it is sent. */
#ifndef TR_HTTP_BODY_H
#define TR_HTTP_BODY_H

#include <stddef.h>
#include <sys/uio.h>

#include "core/buf.h"

struct http_body;

/* Cuts text (consumed: its buffer passes to the body) at every
 * occurrence of the nmarks markers (each a non-empty NUL-terminated
 * string; a marker never overlaps another) and compresses the parts
 * between them. One reference. */
struct http_body *http_body_new(struct buf *text, const char *const *marks,
                                size_t nmarks);
struct http_body *http_body_ref(struct http_body *b); /* NULL-safe */
void http_body_unref(struct http_body *b);            /* NULL-safe */

/* The text as kept, markers in place (borrowed while b is held). */
const char *http_body_text(const struct http_body *b, size_t *len);

/* Whether b has its gzip form (1; 0 when zlib failed: plain only). */
int http_body_gzip(const struct http_body *b);

/* The most entries http_body_iov writes for b. */
size_t http_body_niov(const struct http_body *b);

/* The body with fills[k] (len fill_lens[k]) in place of every marker
 * k, as iov entries: plain, or a gzip member (RFC 1952) when gzip. They
 * point into b and into *scratch (the per-request bytes, written here;
 * it must not change while they are used); plain when b has no gzip
 * form. Returns the count; *len is the sum of their lengths. */
size_t http_body_iov(const struct http_body *b, const char *const *fills,
                     const size_t *fill_lens, int gzip, struct buf *scratch,
                     struct iovec *iov, size_t *len);

/* Whether an Accept-Encoding header's value (NULL: none) accepts gzip:
 * "gzip" (or "x-gzip", or "*" when gzip is not named) with a q above 0. */
int http_accepts_gzip(const char *accept_encoding);

#endif
