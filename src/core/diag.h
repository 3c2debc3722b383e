/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one error convention. Functions return 0 (or a count) on success and
 * a negative TR_E* code on failure; the detail goes in a caller-owned
 * struct diag. Only cli/ and http/ turn a diag into text for people. */
#ifndef TR_DIAG_H
#define TR_DIAG_H

#include <stddef.h>

#include "core/buf.h"

enum tr_err {
    TR_OK = 0,
    TR_ENOMEM = -1,    /* allocation failed (normally fatal, see xalloc) */
    TR_EIO = -2,       /* reading or writing a file failed */
    TR_EPARSE = -3,    /* input is malformed */
    TR_EDB = -4,       /* the database refused */
    TR_EUSAGE = -5,    /* wrong command-line use */
    TR_EINVAL = -6,    /* a value is out of its domain */
    TR_ENOENT = -7,    /* a named thing does not exist */
    TR_EVERSION = -8,  /* workspace is newer than this program, or foreign */
    TR_EKEY = -9,      /* the pseudonymisation key is missing or wrong */
    TR_EEXIST = -10,   /* would overwrite something that exists */
    TR_EUNDEF = -11,   /* a statistic is undefined for this input */
    TR_EPERM = -12,    /* the user may not see or do this */
    TR_EBUSY = -13,    /* another connection holds the workspace's write
                          lock (an import) longer than this one waits */
};

/* At most this many problems are kept; more are only counted. */
#define DIAG_MAX_PROBLEMS 100

struct diag_problem {
    long line; /* 1-based; 0 when the problem has no location */
    long col;  /* 1-based field or character; 0 when none */
    char *msg; /* owned */
};

struct diag {
    int code;                      /* first error code, 0 when none */
    char *context;                 /* owned; e.g. "cannot import 'x.csv'" */
    struct diag_problem *problems; /* owned; at most DIAG_MAX_PROBLEMS */
    size_t nproblems;              /* problems kept */
    size_t cap;
    size_t total;                  /* problems seen, kept or not */
};

void diag_init(struct diag *d);
void diag_release(struct diag *d); /* NULL-safe; d may be reused after */
/* Sets the prefix under which problems are reported (printf-style). */
void diag_context(struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Drops the prefix: later problems are reported without one. */
void diag_context_clear(struct diag *d);
/* Records a problem without a location; returns code. d may be NULL. */
int diag_set(struct diag *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a problem at line/col (0 = unknown); returns code. */
int diag_at(struct diag *d, int code, long line, long col, const char *fmt,
            ...) __attribute__((format(printf, 5, 6)));
/* Like diag_set, appending ": " and strerror(errno). */
int diag_errno(struct diag *d, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Orders the kept problems by line, then column (stable): problems found
 * at different stages of an import are listed in file order. */
void diag_sort(struct diag *d);
/* Appends one line per problem, "context: line L, column C: message\n",
 * plus a line saying how many more were not kept. */
void diag_format(const struct diag *d, struct buf *out);

/* A short description of a TR_E* code. */
const char *tr_strerror(int code);

#endif
