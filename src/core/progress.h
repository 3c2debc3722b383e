/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Progress for long work (imports, scans, simulations): one updating line
 * on stderr, only when stderr is a terminal, at most five times a second. */
#ifndef TR_PROGRESS_H
#define TR_PROGRESS_H

#include <stdint.h>

struct progress {
    const char *label; /* borrowed; valid until progress_end */
    uint64_t total;    /* 0 when unknown */
    double last;       /* time of the last update, seconds */
    double start;      /* when the work began */
    int on;            /* stderr is a terminal */
};

void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
/* The same, with a count of items (lines) for a rate: "45% (480 MB,
 * 3.2M lines/s)"; without a total, "480 MB (820.5k lines/s)". */
void progress_update_items(struct progress *p, uint64_t done, uint64_t items,
                           const char *what);
void progress_end(struct progress *p); /* clears the line */

#endif
