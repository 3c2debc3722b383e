/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation as a roster file describes it: units (a team is a leaf)
 * and people, identified only by pseudonyms. Built and validated by
 * import/roster.c, which hands it to a roster_sink; the store's sink
 * (store/store_roster.c) applies it to the workspace. */
#ifndef TR_MODEL_ROSTER_H
#define TR_MODEL_ROSTER_H

#include <stddef.h>

#include "core/diag.h"
#include "core/pseudo.h"
#include "core/strmap.h"

struct roster_unit {
    char *name;     /* owned */
    char *parent;   /* owned; NULL when the unit is a root */
    char *function; /* owned; NULL when not given */
    long line;      /* where the unit was first named */
    long parent_line;
    long function_line;
};

struct roster_person {
    unsigned char id[PSEUDO_BYTES];          /* pseudonym of the id */
    unsigned char (*aliases)[PSEUDO_BYTES];  /* owned */
    size_t naliases;
    size_t unit;                             /* index into roster.units */
    int manager;
    long line;
};

struct roster {
    struct roster_unit *units;     /* owned */
    size_t nunits, units_cap;
    struct roster_person *people;  /* owned */
    size_t npeople, people_cap;
    struct strmap unit_index;      /* unit name -> index */
};

void roster_init(struct roster *r);
void roster_release(struct roster *r); /* NULL-safe */
/* Returns the index of the unit called name, adding it (first seen on
 * line) when new. */
size_t roster_unit(struct roster *r, const char *name, long line);

/* Where the roster importer hands a roster: whole, once all of it is
 * valid, since a roster is applied whole (people it does not list have
 * left). The roster is borrowed for the call. Returns 0 or a negative
 * TR_E*. */
struct roster_sink {
    void *ctx;
    int (*roster)(void *ctx, const struct roster *r, struct diag *diag);
};

#endif
