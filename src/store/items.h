/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Work items in the workspace: the importing sink, the scan the
 * analyses read, and the names items refer to (store_items.c). */
#ifndef TR_STORE_ITEMS_H
#define TR_STORE_ITEMS_H

#include "store/store.h"

struct item_sink;
struct store_items;

struct store_items_counts {
    long added, updated, unchanged;
};

/* A sink that upserts work items of one source inside the caller's
 * transaction: teams must exist in the roster; workflows and tools are
 * created on first use; a person not in the roster is kept as a bare
 * pseudonym. A key seen twice in one import is refused. Refused rows go
 * to the sink's refused() hook, which the importer sets. *out is owned;
 * free with store_items_free. */
int store_items_open(struct store *st, const char *source, int64_t seq,
                     struct store_items **out, struct diag *diag);
/* Fills sink (ctx, rows) and remembers it (borrowed) for its hook. */
void store_items_sink(struct store_items *si, struct item_sink *sink);
void store_items_counts(const struct store_items *si,
                        struct store_items_counts *out);
/* Records which items this import added or changed (work_item_change),
 * for readers of the items in memory to read only those; more than
 * STORE_ITEMS_LISTED are recorded as "all". Call once, after the last
 * row and before the commit. */
#define STORE_ITEMS_LISTED 10000
int store_items_finish(struct store_items *si, struct diag *diag);
void store_items_free(struct store_items *si); /* NULL-safe */

/* One work item as the analyses read it. Names are borrowed and valid
 * during the callback. */
struct store_item_view {
    const char *team, *workflow, *tool; /* tool NULL: no AI tool; valid
                                           until the scan returns */
    int64_t unit_id, workflow_id, tool_id; /* the same as ids; tool 0 */
    int64_t person_id;                  /* 0 when unknown */
    int64_t started, finished;          /* finished 0 when open */
    double quality;                     /* NaN when unknown */
    long errors, rework;                /* -1 when unknown */
    int reviewed;                       /* -1 when unknown */
};

typedef int (*store_item_fn)(void *ctx, const struct store_item_view *it,
                             struct diag *diag);

/* Calls fn for every item whose date (finished, or started when open)
 * lies in [since, until), of one unit or (unit_id 0) all; 0 means no
 * bound. */
int store_items_scan(struct store *st, int64_t since, int64_t until,
                     int64_t unit_id, store_item_fn fn, void *ctx,
                     struct diag *diag);

/* Reads of work items go through a copy of them in memory, brought up
 * to date as imports arrive by reading only the rows an import listed
 * (store_itab.c). Each connection keeps its own unless it shares one:
 * a process that reads items on many connections (the dashboard's
 * threads) gives them one table, which must outlive them. */
struct store_itab;
struct store_itab *store_itab_new(void);
void store_itab_free(struct store_itab *t); /* NULL-safe */
void store_items_share(struct store *st, struct store_itab *t);

/* The id of a unit, workflow or tool by name (lookup only); TR_ENOENT
 * (with a message naming it) when there is none. kind: "unit",
 * "workflow" or "tool". */
int store_name_find(struct store *st, const char *kind, const char *name,
                    int64_t *id, struct diag *diag);

#endif
