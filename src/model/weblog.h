/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A proxy or DNS log line as a log reader hands it on (import/logscan.c
 * reads the files, import/weblog.c parses the lines), and the sink that
 * classifies and counts such lines (analysis/shadow.c implements it;
 * tests record). The reader keeps nothing of a line. */
#ifndef TR_MODEL_WEBLOG_H
#define TR_MODEL_WEBLOG_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

struct weblog_event {
    int64_t ts;                /* Unix seconds (UTC) */
    const char *user;          /* borrowed, not NUL-terminated; NULL */
    size_t user_len;
    const char *ip;            /* client address; NULL when none */
    size_t ip_len;
    const char *host;          /* borrowed, not normalised */
    size_t host_len;
    /* the whole line as read, without its line end (borrowed; set by the
     * log reader for a sink's hit), and the number of the file it is in
     * (the same for every line of one file in one read): a rescan or an
     * overlapping rotation is told by its lines (analysis/shadow.c) */
    const char *line;
    size_t line_len;
    uint32_t file;
};

/* A host passed as padded lies in a buffer that may be read from
 * WEBLOG_PAD bytes before it to WEBLOG_PAD bytes after its end, so a
 * matcher can load whole vectors without copying it. */
#define WEBLOG_PAD 64

/* What a sink did with a hit. */
enum weblog_take {
    WEBLOG_TAKEN = 0,   /* counted, or held to be counted at a flush */
    WEBLOG_FULL = 1,    /* held, and the part holds enough: flush it */
    WEBLOG_REFUSED = 2, /* not countable (a time out of range): the
                           reader counts the line as malformed */
};

/* Where a log reader pushes what it reads. The reader runs workers side
 * by side, each with a part of the sink of its own, so the path of a
 * line takes no lock; a part is used by one thread at a time.
 *
 * The reader calls prepare once, on a thread of its own beside the
 * workers; part_new for each worker before it starts; on the worker's
 * thread host for every line that names a host, and hit for the lines
 * whose host counts, once the rest of the line is parsed; flush on the
 * worker's thread once prepare has returned (when hit says WEBLOG_FULL,
 * and at the end of the worker's share); part_end on the caller's
 * thread after the workers are joined, in the order of the workers. */
struct weblog_sink {
    void *ctx;
    /* Loads what hits are counted against (it may use the workspace:
     * nothing else does until the reader returns). A failure ends the
     * read with its error once the workers are done. */
    int (*prepare)(void *ctx, struct diag *diag);
    /* A worker's part (owned by the sink). */
    void *(*part_new)(void *ctx);
    /* The class a host counts as (>= 0), or -1 when it does not count:
     * the reader parses the rest of the line only for a class. padded:
     * the host may be read around it as WEBLOG_PAD says. */
    int (*host)(void *part, const char *host, size_t len, int padded);
    /* A line whose host counts, parsed, with its class. */
    enum weblog_take (*hit)(void *part, const struct weblog_event *ev,
                            int cls);
    /* Counts the hits the part holds (prepare is done). */
    void (*flush)(void *part);
    /* Merges the part into the sink and frees it. */
    void (*part_end)(void *ctx, void *part);
};

#endif
