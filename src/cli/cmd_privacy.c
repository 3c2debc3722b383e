/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction privacy audit`: attacks every figure a reader can get with a
 * linear program and lists the hidden ones it can pin down. */
#include "cli/cli.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "analysis/audit.h"
#include "store/items.h"
#include "store/store.h"
#include "view/json.h"
#include "view/table.h"

/* "admin", "viewer" or "manager:UNIT" into rd. */
static int parse_reader(struct store *st, const char *s,
                        struct audit_reader *rd, struct diag *diag)
{
    const char *colon = strchr(s, ':');
    size_t len = colon ? (size_t)(colon - s) : strlen(s);
    int role = -1;

    for (int r = 0; r < ROLE_COUNT; r++)
        if (strlen(access_role_names[r]) == len
            && !strncmp(access_role_names[r], s, len))
            role = r;
    if (role < 0)
        return diag_set(diag, TR_EUSAGE,
                        "--as: admin, viewer or manager:UNIT, not '%s'", s);
    rd->role = (enum access_role)role;
    rd->unit_id = 0;
    if ((role == ROLE_MANAGER) != (colon != NULL))
        return diag_set(diag, TR_EUSAGE, "--as: a manager needs a unit "
                                         "(manager:UNIT), and only a manager");
    if (colon)
        return store_name_find(st, "unit", colon + 1, &rd->unit_id, diag);
    return 0;
}

static void text(struct buf *out, const char *as, const struct audit_result *r)
{
    buf_addf(out,
             "privacy audit as %s: %zu figures (%zu published), %zu needing "
             "protection\nlinear programs: %zu independent, %zu variables, %zu "
             "relations, %zu non-zeros in all (the largest %zu variables); "
             "%.2f s\n",
             as, r->cells, r->published, r->checked, r->lp_parts, r->lp_vars,
             r->lp_rows, r->lp_nnz, r->lp_largest, r->seconds);
    if (!r->nf) {
        buf_puts(out, "every hidden figure is protected: no combination of "
                      "the published figures narrows it below its "
                      "threshold\n");
        return;
    }
    {
        struct table t;

        buf_addf(out, "\n%zu figure(s) not protected:\n\n", r->nf);
        table_init(&t, 4, 0xC);
        table_cell(&t, "figure");
        table_cell(&t, "what the published figures allow");
        table_cell(&t, "width");
        table_cell(&t, "needs");
        for (size_t i = 0; i < r->nf; i++) {
            const struct audit_finding *f = &r->f[i];

            table_cell(&t, f->id);
            if (f->published)
                table_cell(&t, "published outright");
            else if (isinf(f->hi))
                table_cellf(&t, "%.6g or more", f->lo);
            else
                table_cellf(&t, "%.6g to %.6g", f->lo, f->hi);
            table_cellf(&t, "%.6g", f->hi - f->lo);
            table_cellf(&t, "%ld", f->need);
        }
        table_render(&t, out);
        table_release(&t);
    }
}

static json_t *to_json(const char *as, const struct audit_result *r)
{
    json_t *un = json_array();

    for (size_t i = 0; i < r->nf; i++) {
        const struct audit_finding *f = &r->f[i];

        json_array_append_new(
            un, json_pack("{s:s, s:o, s:o, s:I, s:b}", "figure", f->id, "low",
                          vjson_num_inf(f->lo), "high", vjson_num_inf(f->hi),
                          "needs", (json_int_t)f->need, "published",
                          f->published));
    }
    return json_pack("{s:s, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, "
                     "s:o, s:o}",
                     "reader", as, "figures", (json_int_t)r->cells,
                     "published", (json_int_t)r->published,
                     "needing_protection", (json_int_t)r->checked, "lp",
                     "programs", (json_int_t)r->lp_parts, "largest",
                     (json_int_t)r->lp_largest, "variables", (json_int_t)r->lp_vars, "relations",
                     (json_int_t)r->lp_rows, "nonzeros",
                     (json_int_t)r->lp_nnz, "seconds",
                     vjson_num(r->seconds), "unprotected", un);
}

static int audit_run(struct cli_report *r, void *arg, struct diag *diag)
{
    const char *as = *(const char **)arg;
    struct audit_reader rd;
    struct audit_sys sys;
    struct audit_result res;
    struct progress pr;
    int rc;

    audit_sys_init(&sys);
    memset(&res, 0, sizeof(res));
    rc = parse_reader(r->st, as, &rd, diag);
    if (!rc)
        rc = audit_enumerate(r->st, &rd, (int64_t)time(NULL), &sys, diag);
    if (!rc)
        rc = audit_sys_solve(&sys, &pr, &res, diag);
    if (!rc && r->json)
        vjson_emit(&r->out, to_json(as, &res));
    else if (!rc)
        text(&r->out, as, &res);
    /* the report still goes out: the error is the exit status's */
    if (!rc && res.nf) {
        cli_out(&r->out, diag);
        rc = diag_set(diag, TR_EINVAL,
                      "privacy audit: %zu figure(s) not protected", res.nf);
    }
    audit_result_release(&res);
    audit_sys_release(&sys);
    return rc;
}

static int cmd_audit(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *as = "admin";
    const struct cli_opt opts[] = {{"as", CLI_STR, &as}, {NULL, 0, NULL}};
    const struct cli_report_spec spec = {opts, 0, 0, NULL, audit_run};

    return cli_report(ctx, argc, argv, &spec, (void *)&as, diag);
}

static const struct cli_cmd privacy_sub[] = {
    {"audit", "[--as admin|viewer|manager:UNIT] [--json]",
     "attack every published figure with a linear program",
     "Enumerates every figure the reader (default admin; a viewer; or a\n"
     "manager of UNIT) can get from every report and dashboard page over\n"
     "all the workspace's periods, with the additive relations between\n"
     "them (a unit = its direct members + its children, a range = its\n"
     "months, a margin = its parts, distinct people between the largest\n"
     "part and the sum). For every figure that needs protection (hidden\n"
     "by the privacy rules, or about fewer people than its threshold) a\n"
     "linear program (GLPK) finds the lowest and highest value consistent\n"
     "with everything published: the figure is protected when that range\n"
     "is at least its threshold wide (10 people for telemetry and shadow\n"
     "demand, 5 for work items), or is no narrower than what the reader\n"
     "knew beforehand (0 to a small unit's head count). Lists the figures that are not and exits\n"
     "1 when there are any. The output names hidden figures: it is for\n"
     "whoever holds the workspace, not for the reader audited. It prints\n"
     "the ranges the reader could work out, never a true value.\n"
     "\n"
     "  --as READER  admin (default), viewer, or manager:UNIT\n"
     "  --json       reader, figures, published, needing_protection,\n"
     "               lp {programs, largest, variables, relations,\n"
     "               nonzeros}, seconds,\n"
     "               unprotected [{figure, low, high, needs, published}]\n",
     cmd_audit, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_privacy_cmds[] = {
    {"privacy", "KIND", "privacy: attack the published figures",
     "The disclosure rules, tested as an adversary would (docs/privacy.md).\n",
     NULL,
     privacy_sub},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
