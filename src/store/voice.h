/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Employee voice in the workspace (store_voice.c): survey waves, their
 * anonymous links and the responses. What is kept is chosen so that
 * nobody holding the workspace and its key can tell who answered what:
 *
 *  - a link is kept as a keyed hash of its token, its wave, its unit (a
 *    unit with at least 5 people: smaller ones are merged upward before
 *    the link is made) and whether it was used; nothing of the roster;
 *  - a response holds a random id, the wave and that unit: no token, no
 *    person, no time (the wave is the finest period), and the table is
 *    ordered by the random id, not by when people answered;
 *  - while the wave is open the link also holds its response's id sealed
 *    with a pad only the token yields, so the same link can change its
 *    answer; closing the wave erases the seals.
 */
#ifndef TR_STORE_VOICE_H
#define TR_STORE_VOICE_H

#include <stddef.h>
#include <stdint.h>

#include "model/survey.h"
#include "store/store.h"

#define STORE_VOICE_HASH 32 /* bytes of a link's stored hash */
#define STORE_VOICE_PAD 8   /* bytes of the seal's pad */

struct store_wave {
    int64_t id;
    char *name;        /* owned */
    char *instrument;  /* owned: the instrument's id */
    long version;
    char *definition;  /* owned: the instrument's text as opened */
    char *uses;        /* owned: JSON [[tool, workflow], ...] */
    int64_t opened;    /* day number */
    int64_t until;     /* last day answers are taken; 0: imported wave */
    int64_t closed;    /* day number; 0 while open */
};

void store_wave_release(struct store_wave *w); /* NULL-safe */

/* Adds a wave over units (ids); TR_EEXIST when the name is taken. */
int store_wave_add(struct store *st, const struct store_wave *w,
                   const int64_t *units, size_t nunits, int64_t *id,
                   struct diag *diag);
/* A wave by name, or by id when the text is a number: *found 1 and *w
 * filled (owned strings) when there is one. */
int store_wave_find(struct store *st, const char *name, struct store_wave *w,
                    int *found, struct diag *diag);
/* The latest wave (highest id): *found 0 when there is none. */
int store_wave_latest(struct store *st, struct store_wave *w, int *found,
                      struct diag *diag);
/* Every wave, oldest first; w is borrowed during the call. */
typedef int (*store_wave_fn)(void *ctx, const struct store_wave *w,
                             struct diag *diag);
int store_waves(struct store *st, store_wave_fn fn, void *ctx,
                struct diag *diag);
/* The units a wave was opened for (ids). */
typedef int (*store_voice_id_fn)(void *ctx, int64_t id, struct diag *diag);
int store_wave_units(struct store *st, int64_t wave_id, store_voice_id_fn fn,
                     void *ctx, struct diag *diag);
/* Closes a wave on day: no more answers or changes, seals erased, and
 * the write-ahead log checkpointed and truncated (it holds pages in the
 * order they were written). */
int store_wave_close(struct store *st, int64_t wave_id, int64_t day,
                     struct diag *diag);

/* Adds a link (its hash) for a unit of a wave. */
int store_voice_link_add(struct store *st, int64_t wave_id, int64_t unit_id,
                         const unsigned char *hash, struct diag *diag);
/* The wave of a link (its hash): *found 0 when there is no such link. */
int store_voice_link_find(struct store *st, const unsigned char *hash,
                          int64_t *wave_id, int *found, struct diag *diag);
/* Links of a wave: issued and used. */
int store_voice_link_counts(struct store *st, int64_t wave_id, long *issued,
                            long *used, struct diag *diag);

/* Answers through a link (its hash, and the pad its token yields) on
 * day: a first answer adds a response; a later one replaces that
 * response's answers. TR_ENOENT for an unknown link, TR_EPERM when the
 * wave is closed or past its last day. r->unit is ignored: the link's
 * unit counts. Runs inside the caller's transaction. */
int store_voice_answer(struct store *st, const unsigned char *hash,
                       const unsigned char *pad, int64_t day,
                       const struct survey_response *r, struct diag *diag);

/* Adds a response to a wave for a unit (by id), with a fresh random id
 * (imports). Runs inside the caller's transaction. */
int store_voice_response_add(struct store *st, int64_t wave_id,
                             int64_t unit_id, const struct survey_response *r,
                             struct diag *diag);

/* Every answer of a wave's responses, response by response (in the
 * order of their random ids): a's strings are borrowed during the call;
 * unit is the response's unit name. */
typedef int (*store_voice_response_fn)(void *ctx, const char *unit,
                                       const struct survey_answer *a,
                                       size_t n, struct diag *diag);
int store_voice_responses(struct store *st, int64_t wave_id,
                          store_voice_response_fn fn, void *ctx,
                          struct diag *diag);

/* A wave's responses per unit: fn once for each unit with any. */
typedef int (*store_unit_count_fn)(void *ctx, const char *unit, long n,
                                   struct diag *diag);
int store_voice_response_counts(struct store *st, int64_t wave_id,
                                store_unit_count_fn fn, void *ctx,
                                struct diag *diag);

/* ---- the friction backlog ---- */

struct store_friction {
    int64_t id;
    const char *unit, *workflow, *category; /* borrowed during the call */
    int64_t raised_wave_id;
    const char *raised_wave;
    double share;
    const char *status;  /* open, assigned, resolved */
    const char *owner;   /* NULL none */
    const char *note;    /* NULL none */
};

/* Raises an item unless one for the same unit, workflow and category is
 * still open or assigned, or was raised by this wave or a later one;
 * *added says whether it was. */
int store_friction_raise(struct store *st, const char *unit,
                         const char *workflow, const char *category,
                         int64_t wave_id, double share, int *added,
                         struct diag *diag);
typedef int (*store_friction_fn)(void *ctx, const struct store_friction *f,
                                 struct diag *diag);
/* Every item, by id. */
int store_frictions(struct store *st, store_friction_fn fn, void *ctx,
                    struct diag *diag);
/* Sets an item's status, and its owner or note when not NULL;
 * TR_ENOENT when there is no item id. */
int store_friction_set(struct store *st, int64_t id, const char *status,
                       const char *owner, const char *note,
                       struct diag *diag);

#endif
