/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one door every team-level figure leaves traction through
 * (DESIGN.md "Privacy rules", docs/privacy.md, docs/internals/privacy.md).
 *
 * A report asks for a table (a kind, its keys, a period, a unit); the
 * layer builds the cube the table belongs to — the requested keys, the
 * calendar month (below the organisation level figures exist only for
 * aligned periods) and every margin — so that the additive relations
 * between the cells are known, and decides which cells are hidden:
 *
 *  - primary: a cell with fewer distinct people than the table's
 *    threshold (5 for work items, 10 for telemetry and shadow demand;
 *    configuration may only raise them);
 *  - secondary, over every relation `total = sum of parts` the table
 *    publishes, iterated to a fixed point:
 *      * time (a margin over months): the total is hidden when any part
 *        is ("hide up"), so a range total is always the sum of shown
 *        months and comparing two ranges reveals nothing;
 *      * every other relation (the teams of a month, the values of a
 *        --by dimension, the units of a parent): when exactly one member
 *        is hidden, the smallest shown part (by people, then by order)
 *        is hidden too, or the total when every part is hidden.
 *
 * Every caller (CLI text and JSON, /api, HTML, trap, pilot evidence)
 * gets its cells from here or from a function that calls it, so a cell
 * hidden in one output is hidden in all. The audit (`traction privacy
 * audit`) enumerates the same tables through disclose_table(). */
#ifndef TR_ANALYSIS_DISCLOSE_H
#define TR_ANALYSIS_DISCLOSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/diag.h"
#include "core/strmap.h"

struct store;
struct access_scope;

#define DISCLOSE_MAX_KEYS 6
#define DISCLOSE_MAX_MEASURES 16

/* Thresholds: distinct people a cell needs to be shown. */
#define DISCLOSE_MIN_ITEMS 5      /* work items and survey answers */
#define DISCLOSE_MIN_TELEMETRY 10 /* approved-tool telemetry, shadow demand */
#define DISCLOSE_MIN_TEXT 10      /* free-text survey answers */

enum disclose_kind {
    DISCLOSE_ITEMS,  /* work-item outcomes (items summary, team pages) */
    DISCLOSE_USAGE,  /* approved-tool telemetry, team x tool x week */
    DISCLOSE_SHADOW, /* shadow-AI demand, team x service x week */
    DISCLOSE_SURVEY, /* survey answers, team x wave x item x tool x
                        workflow (analysis/voice.c) */
    DISCLOSE_SURVEY_TEXT, /* free-text survey answers (10 people) */
    DISCLOSE_LEARNING, /* calendar learning hours, team x source x week
                          (analysis/learning.c; 5 people) */
    DISCLOSE_KIND_COUNT
};

extern const char *const disclose_kind_names[DISCLOSE_KIND_COUNT];

enum disclose_state {
    DISCLOSE_SHOWN = 0,
    DISCLOSE_PRIMARY = 1,   /* too few people */
    DISCLOSE_SECONDARY = 2, /* hidden so a primary cannot be derived */
};

/* One cell of a cube. key[k] NULL is the margin over key k ("all").
 * people is the threshold's count and is itself never published. */
struct disclose_cell {
    const char *key[DISCLOSE_MAX_KEYS]; /* the table's copy (or NULL) */
    long people;                        /* distinct people */
    double v[DISCLOSE_MAX_MEASURES];    /* the table's measures; NaN none */
    enum disclose_state hidden;
    int published;  /* 1: in the requested table and in the reader's
                       scope; 0: a margin kept for the relations */
};

/* cells[total] = sum of cells[parts[first .. first + n - 1]] for every
 * additive measure (the tables' measures whose `additive` flag is set). */
struct disclose_relation {
    size_t total, first, n;
    unsigned key;   /* the key it sums over */
    int time;       /* 1: the hide-up rule (a sum over periods, or a
                       total that is a lesser output than its parts) */
};

struct disclose_table {
    enum disclose_kind kind;
    size_t nkeys;
    const char *key_names[DISCLOSE_MAX_KEYS];         /* static */
    size_t nmeasures;
    const char *measure_names[DISCLOSE_MAX_MEASURES]; /* static */
    int additive[DISCLOSE_MAX_MEASURES]; /* 1: sums along relations */
    long min_people;
    int sums_published; /* 1: totals are published beside their parts
                           (the survey's whole wave and functions, the
                           items' organisation): the hidden parts under
                           a shown total count min_people together */
    int64_t since, until;  /* the period as published: aligned, [since,
                              until) in seconds; 0 open */
    int rounded;           /* the request's period was widened to it */
    struct disclose_cell *cells;
    size_t n, cap;
    struct disclose_relation *rel;
    size_t nrel, rel_cap;
    size_t *parts;
    size_t nparts, parts_cap;
    struct strmap index;   /* joined keys -> cell index */
    struct buf joined;     /* scratch: the joined keys of a lookup */
    struct strmap strings; /* key value -> index into string */
    char **string;         /* owned: each key value once */
    size_t nstrings, strings_cap;
};

/* What a report asks for. keys are the table's own key names (items:
 * "team", "workflow", "tool", "month"; usage: "team", "tool", "week";
 * shadow: "team", "service", "week"; survey: "team", "wave", "item",
 * "tool", "workflow"; learning: "team", "source", "week"); nkeys 0 takes the kind's full key
 * list. since/until are rounded outward to calendar months (items) or
 * ISO weeks (usage, shadow). unit_id limits the table to one unit's
 * subtree (0: all). */
struct disclose_request {
    enum disclose_kind kind;
    const char *keys[DISCLOSE_MAX_KEYS];
    size_t nkeys;
    int64_t since, until;
    int64_t unit_id;
    long min_people;       /* 0: the kind's threshold; only raises it */
};

/* The single door: builds the cube of the request for the reader
 * (scope NULL: the command line, which sees what an admin sees; a
 * viewer sees no team-level cell; a manager the cells of their subtree)
 * and suppresses it. Cells outside the request's keys or the scope stay
 * in the table with published 0 so the relations are complete. */
int disclose_table(struct store *st, const struct access_scope *scope,
                   const struct disclose_request *req,
                   struct disclose_table *out, struct diag *diag);
void disclose_table_release(struct disclose_table *t); /* zeroed; NULL-safe */

/* ---- building blocks (for the loaders of each kind and the tests) ---- */

void disclose_table_init(struct disclose_table *t, enum disclose_kind kind);
/* The cell with these keys (nkeys of them, NULL = margin), added with
 * zero measures when new; returns its index. */
size_t disclose_cell_at(struct disclose_table *t, const char *const *key);
/* Adds every margin of the cells present (each key replaced by NULL in
 * every combination) with the relations between them, and fills the
 * margins' additive measures (sums; the others NaN) and people
 * (people_of: a margin's distinct people from its parts, and any
 * per-kind work; NULL: the parts' sum). time_key is the period key
 * (-1 none): its relations follow the hide-up rule. */
typedef long (*disclose_people_fn)(void *ctx, const struct disclose_table *t,
                                   size_t total, const size_t *parts,
                                   size_t n);
void disclose_margins(struct disclose_table *t, int time_key,
                      disclose_people_fn people_of, void *ctx);
/* The same over the keys in the bit mask over only (the others are
 * never summed: usage and shadow people do not add over weeks). */
void disclose_margins_over(struct disclose_table *t, unsigned over,
                           int time_key, disclose_people_fn people_of,
                           void *ctx);
/* Adds one relation: cells[total] = the sum of cells[parts[0 .. n-1]]
 * over key `key`, and sets the total's additive measures to the parts'
 * sums (its people are the caller's). hide_up 1: the total is hidden
 * whenever a part is, as for a sum over periods (for a total that is a
 * lesser output than its parts). For a cube that takes a margin over
 * some keys only where other keys are margins too (the survey's pooled
 * tools and workflows exist for the whole wave only), which
 * disclose_margins_over cannot say. */
void disclose_relation_add(struct disclose_table *t, size_t total,
                           const size_t *parts, size_t n, unsigned key,
                           int hide_up);
/* Primary then secondary suppression to the fixed point (the rule
 * above). Returns the number of hidden cells. */
size_t disclose_suppress(struct disclose_table *t);

/* ---- units as they may be named ---- */

/* Every unit and the unit it is shown under: itself when it (with what
 * merges into it) has at least min people, else the nearest ancestor
 * that has; 0 when even the root has too few. */
struct disclose_units {
    struct strmap by_name;   /* unit name -> index */
    struct strmap by_id;     /* unit id -> index */
    int64_t *id, *parent, *bucket_of; /* bucket_of: index, -1 none */
    char **name;             /* owned */
    long *people;            /* current members */
    size_t n;
};

int disclose_units_load(struct store *st, long min,
                        struct disclose_units *out, struct diag *diag);
void disclose_units_release(struct disclose_units *u);
/* The name a unit's figures appear under: its own, its bucket's, or
 * DISCLOSE_UNNAMED when even the root has too few people (those figures
 * stay in the cube, always hidden, so no total gives them away); NULL
 * for a unit not in the roster. */
#define DISCLOSE_UNNAMED "(units too small to show)"
const char *disclose_unit_shown(const struct disclose_units *u,
                                const char *name);
/* Merges again by other counts (count[i] for unit i, such as a survey
 * wave's responses per unit): the same rule as disclose_units_load's,
 * which calls it with the current members. */
void disclose_units_merge(struct disclose_units *u, const long *count,
                          long min);

#endif
