/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading proxy and DNS logs (plain or gzip, or stdin) on a worker per
 * core, and pushing their lines into a weblog_sink (model/weblog.h):
 * the shadow-AI scan's reader. It keeps nothing of a line. */
#ifndef TR_IMPORT_LOGSCAN_H
#define TR_IMPORT_LOGSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"
#include "import/weblog.h"
#include "model/weblog.h"

struct logscan_opts {
    enum weblog_format format;
    int year;            /* dnsmasq lines carry no year */
    const char *fields;  /* zscaler: the feed's field list */
    char sep;            /* zscaler: ',' or '\t' */
};

struct logscan_counts {
    uint64_t bytes;      /* read (of a gzip file: decompressed) */
    long lines;          /* read, headers included */
    long events;         /* lines in the format that name a host */
    long malformed;      /* lines not in the format, or too long */
    long no_host;        /* lines in the format without a host */
};

/* Reads the files ("-" is stdin, given once) into the sink: plain
 * files one after the other, each cut into chunks that a worker per
 * core takes in turn; then the gzip files and stdin side by side, a
 * worker per file. The sink's prepare runs meanwhile on a thread of its
 * own. Returns 0, or the error of the first file that failed (a file
 * that cannot be read, a gzip file that ends early) or else of the
 * sink's prepare. Every part the sink made is ended, whatever the
 * result. */
int logscan_run(const struct logscan_opts *o, const char *const *files,
                size_t nfiles, const struct weblog_sink *sink,
                struct logscan_counts *out, struct diag *diag);

#endif
