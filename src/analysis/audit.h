/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The privacy audit (`traction privacy audit`, docs/privacy.md): every
 * figure a reader can get from every report and page is a cell of one
 * linear system, with the additive relations the outputs publish
 * together (a unit = its direct members + its children, a range = its
 * months, a margin = its parts, distinct people over tools between the
 * largest part and the sum). Each cell that must be protected -- hidden
 * by the disclosure rules, or about fewer people than its threshold --
 * is ranged with the LP engine (lp/) over everything published: it is
 * protected when the highest and lowest values consistent with the
 * published figures are at least its threshold apart (τ-ARGUS's
 * protection interval, with the threshold as the required width), or
 * when that range is all the reader knew beforehand (0 to the head
 * count of a unit smaller than the threshold). */
#ifndef TR_ANALYSIS_AUDIT_H
#define TR_ANALYSIS_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "auth/access.h"
#include "core/diag.h"
#include "core/progress.h"
#include "core/strmap.h"

struct store;

/* ---- the system ---- */

struct audit_cell {
    char *id;        /* owned: kind/measure/period/keys, e.g.
                        "usage/people/2026-W10/team=Tiny,tool=Copilot" */
    double value;    /* its true value (the audit's own knowledge; never
                        printed) */
    double upper;    /* a bound the reader knows (a head count);
                        INFINITY none */
    long people;     /* distinct people behind it; -1 unknown */
    long min_people; /* its threshold; 0: nothing to protect */
    int published;   /* the reader gets its value from some output */
    int hidden;      /* the disclosure rules hid it somewhere */
};

struct audit_sys {
    struct audit_cell *c;
    size_t n, cap;
    struct strmap index;  /* id -> cell */
    size_t *terms;        /* the relations' cells, relation after relation */
    double *coef;
    size_t nterms, terms_cap;
    struct audit_rel {
        size_t first, n;  /* into terms and coef */
        double lo, hi;    /* lo <= sum coef * cell <= hi */
    } *rel;
    size_t nrel, rel_cap;
};

void audit_sys_init(struct audit_sys *s);
void audit_sys_release(struct audit_sys *s); /* zeroed; NULL-safe */

/* The cell with this id (printf-style), added unpublished, unbounded and
 * without people when new; returns its index. */
size_t audit_cell(struct audit_sys *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A cell an output gives the reader: its value, the people behind it and
 * its threshold. Publishing one cell twice keeps the first value. */
void audit_publish(struct audit_sys *s, size_t c, double value, long people,
                   long min_people);
/* A cell the disclosure rules hid (its true value and people). */
void audit_hide(struct audit_sys *s, size_t c, double value, long people,
                long min_people);
/* A bound the reader knows: cell <= hi (a head count). */
void audit_bound(struct audit_sys *s, size_t c, double hi);
/* total = sum of parts. */
void audit_sum(struct audit_sys *s, size_t total, const size_t *parts,
               size_t n);
/* total counts the distinct people of parts that may overlap (one person
 * on two tools): each part <= total <= their sum. */
void audit_distinct(struct audit_sys *s, size_t total, const size_t *parts,
                    size_t n);

/* ---- the result ---- */

struct audit_finding {
    char *id;          /* owned */
    double lo, hi;     /* what the published figures allow (INFINITY) */
    long need;         /* the width it needs: its threshold */
    int published;     /* shown outright although it needs protection */
};

struct audit_result {
    size_t cells, published, checked; /* checked: cells needing protection */
    size_t lp_vars, lp_rows, lp_nnz;   /* summed over the programs */
    size_t lp_parts, lp_largest;      /* independent programs solved, and
                                         the variables of the largest */
    struct audit_finding *f;          /* owned: the unprotected cells */
    size_t nf;
    double seconds;                   /* building and solving */
};

void audit_result_release(struct audit_result *r); /* zeroed; NULL-safe */

/* Ranges every cell that needs protection (threshold > 0 and hidden, or
 * about 1 to threshold - 1 people) over the published cells,
 * the bounds and the relations, and lists those whose range is narrower
 * than their threshold, sorted by id. progress may be NULL. Returns 0
 * (findings or not), TR_EINVAL when the published figures contradict
 * each other, TR_EUNDEF when the solver fails. */
int audit_sys_solve(struct audit_sys *s, struct progress *pr,
                    struct audit_result *out, struct diag *diag);

/* ---- the figures traction publishes ---- */

/* The reader: a role, and a manager's unit. */
struct audit_reader {
    enum access_role role;
    int64_t unit_id;   /* managers: their unit */
};

/* Adds to s every figure the reader can get from every report and page
 * of the workspace over all its periods, with the relations between
 * them: approved-tool and shadow-AI cells (usage, shadow scan/report,
 * team pages), the mandate trap of every week (trap, overview),
 * work-item summaries (items summary by team, month and both, over the
 * workspace's range and one day shorter; team pages by month), and the
 * arms of every pilot analysed as of now, Unix seconds (pilot analyze,
 * portfolio, pilots, playbooks). */
int audit_enumerate(struct store *st, const struct audit_reader *rd,
                    int64_t now, struct audit_sys *s, struct diag *diag);

/* Test seam for the planted-leak tests: when the environment variable
 * TRACTION_AUDIT_PLANT names a cell id ("*": the first hidden cell),
 * audit_enumerate publishes that cell as a report skipping the
 * disclosure rules would; TR_ENOENT when there is no such cell. */
#define AUDIT_PLANT_ENV "TRACTION_AUDIT_PLANT"

#endif
