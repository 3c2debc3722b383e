/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Terminal progress line. */
#include "core/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, const char *label, uint64_t total)
{
    p->label = label;
    p->total = total;
    p->last = p->start = now();
    p->on = isatty(STDERR_FILENO);
}

/* Whether a line is due: on a terminal, and 0.2 s since the last one. */
static int due(struct progress *p)
{
    double t;

    if (!p->on)
        return 0;
    t = now();
    if (t - p->last < 0.2)
        return 0;
    p->last = t;
    return 1;
}

void progress_update(struct progress *p, uint64_t done)
{
    if (!due(p))
        return;
    if (p->total)
        fprintf(stderr, "\r%s: %3.0f%%", p->label,
                100.0 * (double)done / (double)p->total);
    else
        fprintf(stderr, "\r%s: %llu", p->label, (unsigned long long)done);
    fflush(stderr);
}

void progress_update_items(struct progress *p, uint64_t done, uint64_t items,
                           const char *what)
{
    double rate;
    const char *unit = "";

    if (!due(p))
        return;
    rate = p->last > p->start ? (double)items / (p->last - p->start) : 0;
    if (rate >= 1e6) {
        rate /= 1e6;
        unit = "M";
    } else if (rate >= 1e3) {
        rate /= 1e3;
        unit = "k";
    }
    if (p->total) /* stdin beside files adds bytes the total lacks */
        fprintf(stderr, "\r%s: %3.0f%% (%.0f MB, %.1f%s %s/s)\033[K",
                p->label,
                done < p->total ? 100.0 * (double)done / (double)p->total
                                : 100.0,
                (double)done / 1e6, rate, unit, what);
    else /* a pipe: no total to be a share of */
        fprintf(stderr, "\r%s: %.0f MB (%.1f%s %s/s)\033[K", p->label,
                (double)done / 1e6, rate, unit, what);
    fflush(stderr);
}

void progress_end(struct progress *p)
{
    if (p->on)
        fprintf(stderr, "\r\033[K");
}
