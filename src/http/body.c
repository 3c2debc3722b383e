/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kept page bodies in parts, plain and gzip (see body.h). The gzip form
 * is one deflate stream cut by full flushes: each shared part is
 * compressed once, byte-aligned and referring to nothing before it, so
 * that a request may put its own text between two parts as stored
 * blocks; the CRC-32 of the whole is combined from the parts' own. */
#include "http/body.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "core/xalloc.h"

struct part {
    size_t off, len;      /* in text */
    size_t gz_off, gz_len; /* in gz: the part compressed */
    uLong crc;            /* of the part's text */
    int mark;             /* the marker after it, -1 after the last */
};

struct http_body {
    atomic_int refs;
    char *text;           /* owned, NUL-terminated */
    size_t len;
    struct part *parts;   /* owned: nparts >= 1 */
    size_t nparts;
    unsigned char *gz;    /* owned: the raw deflate stream's parts */
    size_t gz_len;
};

/* The gzip member's header: no name, no time, unknown system. */
static const unsigned char gz_head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0,
                                          255};

/* Compresses text[0, len) onto the stream's output in b->gz (grown as
 * needed) with flush; 0, or -1 when zlib fails (then b has no gzip). */
static int squeeze(z_stream *z, struct http_body *b, size_t *cap,
                   const char *text, size_t len, int flush)
{
    int zrc;

    z->next_in = (Bytef *)text;
    z->avail_in = (uInt)len;
    do {
        if (*cap - b->gz_len < 4096)
            b->gz = xgrow(b->gz, cap, b->gz_len + 65536, 1);
        z->next_out = b->gz + b->gz_len;
        z->avail_out = (uInt)(*cap - b->gz_len);
        zrc = deflate(z, flush);
        b->gz_len = *cap - z->avail_out;
        if (zrc == Z_STREAM_ERROR)
            return -1;
    } while (z->avail_in || (flush == Z_FINISH ? zrc != Z_STREAM_END
                                               : z->avail_out == 0));
    return 0;
}

/* The next marker in text (NUL-terminated: escaped page text has no
 * NUL) from p: its index (and *at), or -1. */
static int next_mark(const char *text, size_t p, const char *const *marks,
                     size_t nmarks, size_t *at)
{
    int best = -1;

    for (size_t k = 0; k < nmarks; k++) {
        const char *m = strstr(text + p, marks[k]);

        if (m && (best < 0 || (size_t)(m - text) < *at)) {
            best = (int)k;
            *at = (size_t)(m - text);
        }
    }
    return best;
}

struct http_body *http_body_new(struct buf *text, const char *const *marks,
                                size_t nmarks)
{
    struct http_body *b = xcalloc(1, sizeof(*b));
    size_t pcap = 0, gcap = 0, p = 0;
    z_stream z;
    int ok;

    atomic_init(&b->refs, 1);
    b->len = text->len;
    b->text = text->data ? buf_detach(text) : xcalloc(1, 1);
    for (;;) {
        size_t at = 0;
        int k = next_mark(b->text, p, marks, nmarks, &at);
        struct part *pt;

        b->parts = xgrow(b->parts, &pcap, b->nparts + 1, sizeof(*b->parts));
        pt = &b->parts[b->nparts++];
        memset(pt, 0, sizeof(*pt));
        pt->off = p;
        pt->len = (k < 0 ? b->len : at) - p;
        pt->mark = k;
        pt->crc = crc32(crc32(0, Z_NULL, 0), (const Bytef *)b->text + p,
                        (uInt)pt->len);
        if (k < 0)
            break;
        p = at + strlen(marks[k]);
    }
    memset(&z, 0, sizeof(z));
    ok = b->len <= UINT32_MAX
         && deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8,
                         Z_DEFAULT_STRATEGY) == Z_OK;
    for (size_t i = 0; ok && i < b->nparts; i++) {
        struct part *pt = &b->parts[i];

        pt->gz_off = b->gz_len;
        ok = !squeeze(&z, b, &gcap, b->text + pt->off, pt->len,
                      i + 1 < b->nparts ? Z_FULL_FLUSH : Z_FINISH);
        pt->gz_len = b->gz_len - pt->gz_off;
    }
    deflateEnd(&z);
    if (!ok) { /* served plain */
        free(b->gz);
        b->gz = NULL;
        b->gz_len = 0;
    }
    return b;
}

struct http_body *http_body_ref(struct http_body *b)
{
    if (b)
        atomic_fetch_add(&b->refs, 1);
    return b;
}

void http_body_unref(struct http_body *b)
{
    if (!b || atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    free(b->text);
    free(b->parts);
    free(b->gz);
    free(b);
}

const char *http_body_text(const struct http_body *b, size_t *len)
{
    *len = b->len;
    return b->text;
}

int http_body_gzip(const struct http_body *b)
{
    return b->gz != NULL;
}

size_t http_body_niov(const struct http_body *b)
{
    return 2 * b->nparts + 2; /* parts, fills, gzip's head and tail */
}

/* Appends a fill to scratch as stored deflate blocks (not the last). */
static void stored(struct buf *scratch, const char *s, size_t n)
{
    do {
        size_t k = n > 65535 ? 65535 : n;
        unsigned char h[5] = {0, (unsigned char)(k & 255),
                              (unsigned char)(k >> 8),
                              (unsigned char)(~k & 255),
                              (unsigned char)((~k >> 8) & 255)};

        buf_add(scratch, h, sizeof(h));
        buf_add(scratch, s, k);
        s += k;
        n -= k;
    } while (n);
}

#define NOT_SCRATCH SIZE_MAX

static void le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

size_t http_body_iov(const struct http_body *b, const char *const *fills,
                     const size_t *fill_lens, int gzip, struct buf *scratch,
                     struct iovec *iov, size_t *len)
{
    /* scratch offsets first (it may move while it grows), then pointers;
     * NOT_SCRATCH: an entry into b */
    size_t n = 0, plain = 0, *from = xcalloc(http_body_niov(b),
                                             sizeof(*from));
    uLong crc = crc32(0, Z_NULL, 0);

    gzip = gzip && b->gz;
    buf_reset(scratch);
    if (gzip) {
        from[n] = scratch->len;
        buf_add(scratch, gz_head, sizeof(gz_head));
        iov[n].iov_len = sizeof(gz_head);
        n++;
    }
    for (size_t i = 0; i < b->nparts; i++) {
        const struct part *pt = &b->parts[i];

        if (gzip) {
            iov[n].iov_base = b->gz + pt->gz_off;
            iov[n].iov_len = pt->gz_len;
            crc = crc32_combine(crc, pt->crc, (z_off_t)pt->len);
        } else {
            iov[n].iov_base = b->text + pt->off;
            iov[n].iov_len = pt->len;
        }
        plain += pt->len;
        if (iov[n].iov_len)
            from[n++] = NOT_SCRATCH;
        if (pt->mark < 0)
            continue;
        from[n] = scratch->len;
        if (gzip) {
            const char *s = fills[pt->mark];
            size_t k = fill_lens[pt->mark];

            if (k) {
                stored(scratch, s, k);
                crc = crc32(crc, (const Bytef *)s, (uInt)k);
            }
        } else
            buf_add(scratch, fills[pt->mark], fill_lens[pt->mark]);
        plain += fill_lens[pt->mark];
        iov[n].iov_len = scratch->len - from[n];
        if (iov[n].iov_len)
            n++;
    }
    if (gzip) {
        unsigned char t[8];

        le32(t, (uint32_t)crc);
        le32(t + 4, (uint32_t)plain);
        from[n] = scratch->len;
        buf_add(scratch, t, sizeof(t));
        iov[n].iov_len = sizeof(t);
        n++;
    }
    *len = 0;
    for (size_t i = 0; i < n; i++) {
        if (from[i] != NOT_SCRATCH)
            iov[i].iov_base = scratch->data + from[i];
        *len += iov[i].iov_len;
    }
    free(from);
    return n;
}

/* Whether s[0, n) is word, in any case. */
static int token_is(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && !strncasecmp(s, word, n);
}

int http_accepts_gzip(const char *ae)
{
    int gzip = -1, star = -1; /* -1 not named, 0 refused, 1 accepted */

    while (ae && *ae) {
        const char *end = ae + strcspn(ae, ","), *tok = ae, *semi;
        size_t n;
        int q = 1;

        while (tok < end && (*tok == ' ' || *tok == '\t'))
            tok++;
        semi = memchr(tok, ';', (size_t)(end - tok));
        n = (size_t)((semi ? semi : end) - tok);
        while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
            n--;
        for (const char *p = semi; p && p < end; p++)
            if ((*p == 'q' || *p == 'Q') && p[1] == '=') {
                q = strtod(p + 2, NULL) > 0;
                break;
            }
        if (token_is(tok, n, "gzip") || token_is(tok, n, "x-gzip"))
            gzip = gzip == 1 ? 1 : q;
        else if (token_is(tok, n, "*"))
            star = q;
        ae = *end ? end + 1 : end;
    }
    return gzip >= 0 ? gzip : star == 1;
}
