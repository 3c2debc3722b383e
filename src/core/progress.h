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
    int on;            /* stderr is a terminal */
};

void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_end(struct progress *p); /* clears the line */

#endif
