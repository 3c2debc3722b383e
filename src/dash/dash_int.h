/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Inside the dashboard: numbers for people and the SVG charts
 * (dash/html.c), used by the page renderers (dash/pages.c). Escaping is
 * view/html.h's vhtml_esc, the one every page, playbook and report uses. */
#ifndef TR_DASH_DASH_INT_H
#define TR_DASH_DASH_INT_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cells.h"
#include "analysis/items_summary.h"
#include "analysis/portfolio.h"
#include "analysis/trap.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "dash/dash.h"

#include "view/html.h"
#include "view/json.h"

/* ---- inputs pages share (dash/memo.c) ----
 *
 * Each gives the input as the workspace is now, from c->memo when it
 * holds it, built (and kept there) otherwise; read-only and borrowed until
 * dash__put(*box). On an error, *box is NULL. The cells and tables are
 * the disclosure layer's for the command line's reader: a page takes
 * the rows its reader may see. */
struct dash__box;
int dash__portfolio(const struct dash_ctx *c, const struct portfolio **pf,
                    struct dash__box **box, struct diag *diag);
/* The work items of every team by month (items summary --by team --by
 * month). */
int dash__team_months(const struct dash_ctx *c, const struct summary **s,
                      struct dash__box **box, struct diag *diag);
int dash__usage(const struct dash_ctx *c, const struct cells_usage **cs,
                struct dash__box **box, struct diag *diag);
int dash__shadow(const struct dash_ctx *c, const struct cells_shadow **cs,
                 struct dash__box **box, struct diag *diag);
void dash__put(struct dash__box *box); /* NULL-safe */
/* The mandate-trap verdicts of a week (trap_compute), with what they
 * read besides work items kept in the memo; *tr as trap_compute's. */
int dash__trap(const struct dash_ctx *c, int64_t week, struct trap *tr,
               struct diag *diag);

/* The page frame every page of dash/ uses (pages.c): the head with the
 * navigation and notice, the title as <h1>; the foot; the session's
 * CSRF token (or its marker in a kept page) for a form. */
void dash__head(struct buf *out, const struct dash_chrome *ch,
                const char *title);
void dash__foot(struct buf *out);
void dash__csrf(struct buf *out, const struct dash_chrome *ch);
/* key in the reader's language when it is a word of the closed set ctx
 * (the words[] of pages.c); else key itself (NULL stays NULL). */
const char *dash__word(const char *ctx, const char *key);

/* ---- page contents without their head and foot (dash/pages.c), which
 * the board pack (dash/board.c) sets under its own headings ---- */

/* The order of the overview's team rows (qsort of json_t *): theatre
 * first, then unclear, then real; larger teams first, then by name. */
int dash__cmp_team_rows(const void *a, const void *b);
/* The overview's headline: the verdicts of the week's teams. */
void dash__overview_headline(struct buf *out, json_t *overview);
/* The portfolio at a glance, the forest plot and the pilots' table. */
void dash__pilots_body(struct buf *out, json_t *pilots);
/* Spend beside realised value, open questions, seats, per-tool charts
 * with their interval band, the adoptions and the caveats. */
void dash__value_body(struct buf *out, json_t *value);
/* A wave's results: friction heatmap, product-market fit, scales. */
void dash__voice_results(struct buf *out, json_t *results, json_t *labels);

/* Numbers for people; a JSON null (or NULL) prints as an en dash. */
void h_pct(struct buf *out, json_t *v, int sign);  /* -0.18 -> "−18%" */
void h_num(struct buf *out, json_t *v, int decimals);  /* fixed */
void h_sig(struct buf *out, json_t *v, int digits);    /* significant */
void h_hours(struct buf *out, json_t *v);          /* "5.2 h", "3.1 days" */
/* "−18% (−25% to −11%)" */
void h_change(struct buf *out, json_t *est, json_t *lo, json_t *hi);


/* ---- charts: inline SVG, colour-blind-safe (Okabe-Ito), each with a
 * title and a description; the pages print a table beside each ---- */

#define H_MAX_SERIES 6

struct h_series {
    const char *name;
    json_t *points;           /* array of numbers or nulls */
};

/* A line chart of up to H_MAX_SERIES series over the labels (array of
 * strings); values are fractions when percent, else plain numbers. */
void h_line_chart(struct buf *out, const char *title, json_t *labels,
                  const struct h_series *s, size_t ns, int percent);
/* The same with a shaded band between two arrays of numbers (an
 * interval around a series), drawn under the lines, in the palette's
 * colour `colour` (the series it belongs to); runs of points with both
 * ends are shaded, a gap leaves a gap. */
struct h_band {
    const char *name;
    json_t *lo, *hi;
    size_t colour;
};
void h_line_chart_band(struct buf *out, const char *title, json_t *labels,
                       const struct h_series *s, size_t ns, int percent,
                       const struct h_band *band);
/* Round axis ticks over [*lo, *hi]: a step of 1, 2 or 5 times a power of
 * ten giving about `want` intervals, *lo and *hi widened to multiples of
 * it (an empty range spans its value's size). Returns the number of
 * intervals. */
int h_nice_ticks(double *lo, double *hi, int want, double *step);
/* A forest plot: one row per item with label, estimate and interval
 * (relative changes), a line at no change, and where given the smallest
 * effect that matters (signed: -0.2 for a 20% decrease). */
struct h_forest_row {
    const char *label;
    json_t *est, *lo, *hi;
    const char *href;         /* a link for the label, or NULL */
    json_t *mde;              /* signed, or NULL */
};
void h_forest(struct buf *out, const char *title,
              const struct h_forest_row *rows, size_t n);

#endif
