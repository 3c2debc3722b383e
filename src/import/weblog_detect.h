/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which format a log is in, from its first lines: every parser of
 * weblog.h reads them, and the one that reads most is the likely format.
 * `shadow scan` uses it for --format auto and to refuse a file whose lines
 * mostly do not parse as the format given (it used to say "0 hits" or
 * "100 malformed" and exit 0). */
#ifndef TR_IMPORT_WEBLOG_DETECT_H
#define TR_IMPORT_WEBLOG_DETECT_H

#include <stddef.h>

#include "core/buf.h"
#include "core/diag.h"
#include "import/weblog.h"

#define WEBLOG_DETECT_LINES 200      /* lines looked at */
#define WEBLOG_DETECT_BYTES (256u << 10) /* ... within this much */

struct weblog_guess {
    long lines;              /* non-blank lines looked at */
    long read[WL_COUNT];     /* of them, those each format reads (an
                                event, or a line of the format without a
                                host); 0 for zscaler, which needs the
                                feed's field list */
    int best;                /* the format reading most, -1 when none
                                reads any line */
};

/* Looks at the first lines of buf (year: for dnsmasq lines). */
void weblog_detect(const char *buf, size_t len, int year,
                   struct weblog_guess *g);
/* The share of the lines format f reads (0 when there are none). */
double weblog_guess_share(const struct weblog_guess *g, int f);
/* Appends up to WEBLOG_DETECT_BYTES of a file (gzip or plain, as the scan
 * reads it) to out. Returns 0 or TR_EIO (diag names path). */
int weblog_head(const char *path, struct buf *out, struct diag *diag);

#endif
