/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lp.h over GLPK: the system is collected in plain arrays and loaded into
 * a glp_prob on the first range asked (and again when rows were added);
 * each range is two primal simplex runs, minimise then maximise, each
 * warm-started from the basis the previous run left. */
#include "lp/lp.h"

#include <glpk.h>
#include <stdlib.h>
#include <math.h>

#include "core/xalloc.h"

struct lp {
    double *vlo, *vhi;        /* per variable */
    size_t nv, vcap;
    size_t *rstart;           /* per row: its first term; nrows + 1 */
    double *rlo, *rhi;
    size_t nr, rcap;
    size_t *tvar;             /* terms of every row, in row order */
    double *tcoef;
    size_t nt, tcap;
    glp_prob *prob;           /* NULL until loaded */
    size_t loaded_rows;       /* rows the prob holds */
};

struct lp *lp_new(void)
{
    struct lp *lp = xcalloc(1, sizeof(*lp));

    lp->rcap = 16;
    lp->rstart = xcalloc(lp->rcap + 1, sizeof(*lp->rstart));
    lp->rlo = xcalloc(lp->rcap, sizeof(*lp->rlo));
    lp->rhi = xcalloc(lp->rcap, sizeof(*lp->rhi));
    return lp;
}

void lp_free(struct lp *lp)
{
    if (!lp)
        return;
    if (lp->prob)
        glp_delete_prob(lp->prob);
    free(lp->vlo);
    free(lp->vhi);
    free(lp->rstart);
    free(lp->rlo);
    free(lp->rhi);
    free(lp->tvar);
    free(lp->tcoef);
    free(lp);
}

size_t lp_var(struct lp *lp, double lo, double hi)
{
    if (lp->nv == lp->vcap) {
        lp->vcap = lp->vcap ? 2 * lp->vcap : 64;
        lp->vlo = xrealloc(lp->vlo, lp->vcap * sizeof(*lp->vlo));
        lp->vhi = xrealloc(lp->vhi, lp->vcap * sizeof(*lp->vhi));
    }
    lp->vlo[lp->nv] = lo;
    lp->vhi[lp->nv] = hi;
    return lp->nv++;
}

void lp_row(struct lp *lp, const size_t *var, const double *coef, size_t n,
            double lo, double hi)
{
    if (lp->nr == lp->rcap) {
        lp->rcap *= 2;
        lp->rstart = xrealloc(lp->rstart,
                              (lp->rcap + 1) * sizeof(*lp->rstart));
        lp->rlo = xrealloc(lp->rlo, lp->rcap * sizeof(*lp->rlo));
        lp->rhi = xrealloc(lp->rhi, lp->rcap * sizeof(*lp->rhi));
    }
    if (lp->nt + n > lp->tcap) {
        while (lp->nt + n > lp->tcap)
            lp->tcap = lp->tcap ? 2 * lp->tcap : 256;
        lp->tvar = xrealloc(lp->tvar, lp->tcap * sizeof(*lp->tvar));
        lp->tcoef = xrealloc(lp->tcoef, lp->tcap * sizeof(*lp->tcoef));
    }
    /* GLPK refuses a column twice in a row: fold repeats into one term */
    for (size_t i = 0; i < n; i++) {
        size_t j = lp->rstart[lp->nr];

        while (j < lp->nt && lp->tvar[j] != var[i])
            j++;
        if (j < lp->nt) {
            lp->tcoef[j] += coef[i];
            continue;
        }
        lp->tvar[lp->nt] = var[i];
        lp->tcoef[lp->nt++] = coef[i];
    }
    lp->rlo[lp->nr] = lo;
    lp->rhi[lp->nr] = hi;
    lp->rstart[++lp->nr] = lp->nt;
}

size_t lp_nvars(const struct lp *lp) { return lp->nv; }
size_t lp_nrows(const struct lp *lp) { return lp->nr; }
size_t lp_nnz(const struct lp *lp) { return lp->nt; }

/* GLPK's bound type for lo <= x <= hi. */
static int bound_type(double lo, double hi)
{
    if (isinf(lo) && isinf(hi))
        return GLP_FR;
    if (isinf(hi))
        return GLP_LO;
    if (isinf(lo))
        return GLP_UP;
    return lo == hi ? GLP_FX : GLP_DB;
}

static void load(struct lp *lp)
{
    if (!lp->prob) {
        lp->prob = glp_create_prob();
        glp_set_obj_dir(lp->prob, GLP_MIN);
    }
    if ((size_t)glp_get_num_cols(lp->prob) < lp->nv)
        glp_add_cols(lp->prob, (int)lp->nv - glp_get_num_cols(lp->prob));
    for (size_t j = 0; j < lp->nv; j++)
        glp_set_col_bnds(lp->prob, (int)j + 1,
                         bound_type(lp->vlo[j], lp->vhi[j]),
                         isinf(lp->vlo[j]) ? 0 : lp->vlo[j],
                         isinf(lp->vhi[j]) ? 0 : lp->vhi[j]);
    if (lp->nr > lp->loaded_rows) {
        int first = glp_add_rows(lp->prob, (int)(lp->nr - lp->loaded_rows));

        for (size_t i = lp->loaded_rows; i < lp->nr; i++) {
            int r = first + (int)(i - lp->loaded_rows);
            size_t k = lp->rstart[i], len = lp->rstart[i + 1] - k;
            int *ind = xmalloc((len + 1) * sizeof(*ind));
            double *val = xmalloc((len + 1) * sizeof(*val));

            for (size_t t = 0; t < len; t++) { /* GLPK counts from 1 */
                ind[t + 1] = (int)lp->tvar[k + t] + 1;
                val[t + 1] = lp->tcoef[k + t];
            }
            glp_set_row_bnds(lp->prob, r, bound_type(lp->rlo[i], lp->rhi[i]),
                             isinf(lp->rlo[i]) ? 0 : lp->rlo[i],
                             isinf(lp->rhi[i]) ? 0 : lp->rhi[i]);
            glp_set_mat_row(lp->prob, r, (int)len, ind, val);
            free(ind);
            free(val);
        }
        lp->loaded_rows = lp->nr;
        glp_adv_basis(lp->prob, 0);
    }
}

/* One simplex run in direction dir; the optimum in *val. */
static int solve(struct lp *lp, int dir, double *val, struct diag *diag)
{
    glp_smcp parm;
    int rc, status;

    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    glp_set_obj_dir(lp->prob, dir);
    rc = glp_simplex(lp->prob, &parm);
    if (rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND) {
        glp_adv_basis(lp->prob, 0); /* the basis went bad: start afresh */
        rc = glp_simplex(lp->prob, &parm);
    }
    if (rc != 0)
        return diag_set(diag, TR_EUNDEF, "the LP solver failed (GLPK %d)",
                        rc);
    status = glp_get_status(lp->prob);
    if (status == GLP_OPT) {
        *val = glp_get_obj_val(lp->prob);
        return 0;
    }
    if (status == GLP_UNBND) {
        *val = dir == GLP_MIN ? -INFINITY : INFINITY;
        return 0;
    }
    if (status == GLP_NOFEAS || status == GLP_INFEAS)
        return diag_set(diag, TR_EINVAL,
                        "the published figures contradict each other "
                        "(the system has no solution)");
    return diag_set(diag, TR_EUNDEF, "the LP solver gave no optimum "
                                     "(GLPK status %d)", status);
}

int lp_range(struct lp *lp, size_t v, double *lo, double *hi,
             struct diag *diag)
{
    int rc, col = (int)v + 1;

    if (v >= lp->nv)
        return diag_set(diag, TR_EINVAL, "no variable %zu", v);
    glp_term_out(GLP_OFF);
    if (!lp->prob || lp->loaded_rows < lp->nr
        || (size_t)glp_get_num_cols(lp->prob) < lp->nv)
        load(lp);
    glp_set_obj_coef(lp->prob, col, 1.0);
    rc = solve(lp, GLP_MIN, lo, diag);
    if (!rc)
        rc = solve(lp, GLP_MAX, hi, diag);
    glp_set_obj_coef(lp->prob, col, 0.0);
    return rc;
}
