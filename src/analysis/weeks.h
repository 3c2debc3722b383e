/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Weekly aggregates built from day rows that live only for a retention
 * window: which weeks an import may touch (a week whose day rows were
 * already deleted is closed: rebuilding it would lose earlier data), the
 * range of weeks touched, and rebuilding them. Shared by the shadow-AI
 * scan and the telemetry import. */
#ifndef TR_ANALYSIS_WEEKS_H
#define TR_ANALYSIS_WEEKS_H

#include <stdint.h>

#include "core/diag.h"
#include "core/u64map.h"

struct store;

typedef int (*weeks_exists_fn)(struct store *st, int64_t week, int *exists,
                               struct diag *diag);
typedef int (*weeks_build_fn)(struct store *st, int64_t week,
                              struct diag *diag);

struct weeks {
    struct store *st;        /* borrowed */
    int64_t cutoff;          /* first day still inside the window */
    weeks_exists_fn exists;
    struct u64map seen;      /* Monday -> 1 closed, 0 open */
    int64_t from, to;        /* Mondays of the open weeks touched; 0 none */
};

void weeks_init(struct weeks *w, struct store *st, int64_t cutoff,
                weeks_exists_fn exists);
void weeks_release(struct weeks *w);

/* Whether a day may be added: *open is 0 when its week is closed. An open
 * week is remembered for weeks_build and widens [from, to]. */
int weeks_admit(struct weeks *w, int64_t day, int *open, struct diag *diag);
/* Marks the week of a day touched without the closed check (rows that
 * replace rather than add, such as organisation-level counts). */
void weeks_touch(struct weeks *w, int64_t day);
/* Whether the week of a day was admitted and is open. */
int weeks_is_open(const struct weeks *w, int64_t day);
/* Rebuilds every open week admitted. */
int weeks_build(struct weeks *w, weeks_build_fn build, struct diag *diag);

#endif
