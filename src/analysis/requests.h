/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clocks of tool requests (requests.c): how long each stage took,
 * by stage and month, which open requests are overdue, and the demand
 * behind each requested tool seen in the shadow-AI cells.
 *
 * Stages: to_review (filed -> taken into review), in_review (taken into
 * review -> decided) and to_decision (filed -> decided). A stage's
 * duration counts once it has ended, in the calendar month (UTC) it
 * ended; durations are calendar days (86,400 seconds) with fractions.
 * Median and p90 are R's type-7 quantiles (numpy's default "linear";
 * stats/quantile.h): for sorted x[0..n-1], h = (n - 1) p and
 * Q = x[k] + (h - k)(x[k + 1] - x[k]), k = floor h.
 *
 * Working days are Monday to Friday (UTC), with no holidays: the
 * working days between two times are the weekdays after the first's
 * day, up to and including the second's day (filed on a Friday, Monday
 * is 1 working day later, Tuesday 2). An open request is overdue when
 * more working days than the service level have passed since it was
 * filed (with the default 10: filed on a Friday, it is due by the
 * Friday two weeks later and overdue from the Monday after). */
#ifndef TR_ANALYSIS_REQUESTS_H
#define TR_ANALYSIS_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "auth/access.h"
#include "core/diag.h"

struct store;

enum request_stage { RS_TO_REVIEW, RS_IN_REVIEW, RS_TO_DECISION, RS_COUNT };
extern const char *const request_stage_names[RS_COUNT];

/* Weeks of shadow-AI cells the demand line reads: the latest ones. */
#define REQUEST_DEMAND_WEEKS 4

/* Working days after from's day up to and including to's day (0 when
 * to is not later). */
long request_working_days(int64_t from, int64_t to);

/* One stage in one month, or in every month together. */
struct request_clock {
    enum request_stage stage;
    int all;            /* every month together */
    int64_t month;      /* else the first day's day number */
    size_t n;
    double median, p90; /* days */
};

/* An open request past the service level. */
struct request_late {
    int64_t id, unit_id;
    char *unit, *tool, *workflow; /* owned */
    int64_t submitted;
    long working_days;            /* waited so far */
    int in_review;
};

/* A tool's demand beside its requests. */
struct request_demand {
    char *tool;          /* owned: the request's or the service's name */
    long teams;          /* teams (or merged units) with a shown shadow
                            cell of the service in the demand weeks; -1
                            when the catalog knows no such service */
    long requests, open;
    double median_wait;  /* days from filing to the decision, or to now
                            for those still open; NaN without requests */
};

/* A unit's slow approval, for the mandate-trap signal. */
struct request_unit {
    int64_t unit_id;
    long open, overdue;
    long oldest;          /* working days the oldest open request waited */
    double median_wd;     /* median working days waited (decided: to the
                             decision; open: so far); NaN none */
    size_t n;
};

struct request_clocks {
    int64_t now;
    int sla;                         /* working days */
    size_t total, open, decided;
    struct request_clock *c;         /* owned: by stage, then month */
    size_t nc;
    struct request_late *late;       /* owned: oldest first */
    size_t nlate;
    struct request_demand *demand;   /* owned: most teams first */
    size_t ndemand;
    struct request_unit *units;      /* owned: by unit id */
    size_t nunits;
    int64_t demand_from, demand_to;  /* the weeks read (Mondays), 0 none */
};

/* The clocks as of now of the requests scope may see (NULL: all; a
 * manager: those of units in their subtree), against the service level
 * sla (working days; 0: the workspace's, store_request_sla). */
int request_clocks_load(struct store *st, const struct access_scope *scope,
                        int64_t now, int sla, struct request_clocks *out,
                        struct diag *diag);
void request_clocks_release(struct request_clocks *c); /* NULL-safe */
/* The unit's row, or NULL. */
const struct request_unit *request_clocks_unit(const struct request_clocks *c,
                                               int64_t unit_id);
/* Whether the reader sees request r's unit: admins and governance all,
 * managers their subtree, viewers none. */
int request_visible(const struct access_scope *scope, int64_t unit_id);

#endif
