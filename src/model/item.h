/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A work item as an importer hands it to the store: one finished (or
 * open) piece of real work with its outcome measures. */
#ifndef TR_MODEL_ITEM_H
#define TR_MODEL_ITEM_H

#include <stddef.h>
#include <stdint.h>

#include "core/diag.h"

#include "core/pseudo.h"

enum item_field {
    IF_KEY,
    IF_WORKFLOW,
    IF_TEAM,
    IF_PERSON,
    IF_STARTED,
    IF_FINISHED,
    IF_QUALITY,
    IF_ERRORS,
    IF_REWORK,
    IF_TOOL,
    IF_REVIEWED,
    IF_COUNT
};

/* The field names used by --map and the generic preset. */
extern const char *const item_field_names[IF_COUNT];

struct item_row {
    const char *key;      /* borrowed, valid during the sink call */
    const char *workflow; /* borrowed; never empty */
    const char *team;     /* borrowed; NULL: take it from the person */
    const char *tool;     /* borrowed; NULL: no AI tool */
    int has_person;
    unsigned char person[PSEUDO_BYTES];
    int64_t started;      /* Unix seconds */
    int64_t finished;     /* valid when has_finished */
    int has_finished;
    double quality;       /* valid when has_quality */
    int has_quality;
    long errors;          /* -1 when unknown */
    long rework;          /* -1 when unknown */
    int reviewed;         /* 1, 0, or -1 when unknown */
    long line;            /* where the row starts in its file */
    const char *raw;      /* the record as CSV, kept for a rejects file;
                             NULL when none is written */
};

/* Why a row was refused: the field to blame and a reason. */
struct item_problem {
    enum item_field field;
    char msg[256];
};

/* Where importers push rows (the store implements it; tests record). The
 * importer of a file sends batches from a worker thread (from memory, on
 * its own thread), so a sink runs on one thread at a time but not
 * necessarily the importer's. */
struct item_sink {
    void *ctx;
    /* Stores rows[0..n); every row it refuses (unknown team, duplicate
     * key, ...) is passed to refused(). Returns 0, or a negative TR_E* to
     * stop the import. */
    int (*rows)(void *ctx, const struct item_row *rows, size_t n,
                struct diag *diag);
    /* Set by the importer: where refused rows are reported. */
    void (*refused)(void *owner, const struct item_row *row,
                    const struct item_problem *prob);
    void *owner;
};

#endif
