/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Guessing a log's format from its first lines. */
#include "import/weblog_detect.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

void weblog_detect(const char *buf, size_t len, int year,
                   struct weblog_guess *g)
{
    struct weblog w[WL_COUNT];
    const char *p = buf, *end = buf + len;

    memset(g, 0, sizeof(*g));
    g->best = -1;
    for (int f = 0; f < WL_COUNT; f++)
        weblog_init(&w[f], (enum weblog_format)f, year);
    while (p < end && g->lines < WEBLOG_DETECT_LINES) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

        if (!nl && end - buf >= (long)WEBLOG_DETECT_BYTES)
            break; /* a line cut by the head's end */
        if (n && p[n - 1] == '\r')
            n--;
        if (!blank(p, n)) {
            g->lines++;
            for (int f = 0; f < WL_COUNT; f++) {
                struct weblog_event ev;
                enum weblog_result r;

                if (f == WL_ZSCALER)
                    continue;
                r = weblog_parse(&w[f], p, n, &ev);
                g->read[f] += r == WL_EVENT || r == WL_NO_HOST;
            }
        }
        p = nl ? nl + 1 : end;
    }
    for (int f = 0; f < WL_COUNT; f++)
        if (g->read[f] && (g->best < 0 || g->read[f] > g->read[g->best]))
            g->best = f;
}

double weblog_guess_share(const struct weblog_guess *g, int f)
{
    return g->lines && f >= 0 ? (double)g->read[f] / (double)g->lines : 0;
}

int weblog_head(const char *path, struct buf *out, struct diag *diag)
{
    char chunk[16384];
    gzFile gz = gzopen(path, "rb");
    int n = 0;

    if (!gz)
        return diag_errno(diag, TR_EIO, "cannot open '%s'", path);
    while (out->len < WEBLOG_DETECT_BYTES
           && (n = gzread(gz, chunk,
                          (unsigned)(WEBLOG_DETECT_BYTES - out->len
                                             < sizeof(chunk)
                                         ? WEBLOG_DETECT_BYTES - out->len
                                         : sizeof(chunk))))
                  > 0)
        buf_add(out, chunk, (size_t)n);
    gzclose(gz);
    if (n < 0)
        return diag_set(diag, TR_EIO, "cannot read '%s'", path);
    return 0;
}
