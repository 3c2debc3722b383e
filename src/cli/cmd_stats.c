/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `traction stats`: the statistics engine for analysts and scripts.
 * Input files hold one number per line; B is the pilot, A the baseline,
 * every effect is B - A. */
#include "cli/cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "import/numbers.h"
#include "stats/stats.h"
#include "view/json.h"

static int read_sample(const char *path, struct numbers *s,
                       struct diag *diag)
{
    int rc;

    diag_context(diag, "cannot read '%s'", path);
    rc = numbers_read_file(path, s, diag);
    if (!rc && !s->n)
        rc = diag_set(diag, TR_EUNDEF, "no numbers in the file");
    if (!rc)
        diag_context(diag, "%s", "stats");
    return rc;
}

/* JSON for a number that may be infinite (an open interval end). */
/* ---- describe ---- */

static int cmd_describe(struct cli_ctx *ctx, int argc, char **argv,
                        struct diag *diag)
{
    int json = 0;
    struct cli_opt opts[] = {{"json", CLI_FLAG, &json}, {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct numbers s = {0};
    struct stats_desc d;
    struct buf out = BUF_INIT;
    int rc;

    (void)ctx;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 1, diag);
    if (!rc)
        rc = read_sample(pos.v[0], &s, diag);
    if (!rc)
        rc = stats_describe(s.dev, s.n, s.shift, &d, diag);
    if (rc)
        goto out;
    if (json) {
        json_t *j = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "n",
                              (json_int_t)d.n, "mean", vjson_num(d.mean),
                              "sd", vjson_num(d.sd), "min", vjson_num(d.min),
                              "max", vjson_num(d.max), "median",
                              vjson_num(d.median), "p90", vjson_num(d.p90));

        if (d.n < 2)
            json_object_set_new(j, "note",
                                json_string("one value: the standard "
                                            "deviation is undefined"));
        vjson_emit(&out, j);
    } else
        buf_addf(&out,
                 "n       %zu\nmean    %.15g\nsd      %.15g%s\nmin     "
                 "%.15g\nmedian  %.15g\np90     %.15g\nmax     %.15g\n",
                 d.n, d.mean, d.sd, d.n < 2 ? " (one value: undefined)" : "",
                 d.min, d.median, d.p90, d.max);
    rc = cli_out(&out, diag);
out:
    numbers_release(&s);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- compare ---- */

static const char *const alt_names[] = {"two-sided", "greater", "less"};

struct compare_opts {
    const char *test, *stat, *alternative, *alpha, *resamples, *seed,
        *exact, *interval, *sequential;
    int relative, json;
};

static int parse_alt(const char *s, enum stats_alt *alt, struct diag *diag)
{
    for (int i = 0; i < 3; i++)
        if (!strcmp(s, alt_names[i])) {
            *alt = (enum stats_alt)i;
            return 0;
        }
    return diag_set(diag, TR_EUSAGE,
                    "--alternative: '%s' (two-sided, greater or less)", s);
}

/* --stat mean|median|pNN for the bootstrap. */
static int parse_stat(const char *s, struct stats_boot_opts *bo,
                      struct diag *diag)
{
    char *end;
    long p;

    if (!strcmp(s, "mean")) {
        bo->stat = STATS_MEAN;
        return 0;
    }
    bo->stat = STATS_QUANTILE;
    if (!strcmp(s, "median")) {
        bo->prob = 0.5;
        return 0;
    }
    if (s[0] == 'p' && s[1]) {
        p = strtol(s + 1, &end, 10);
        if (!*end && p >= 1 && p <= 99) {
            bo->prob = (double)p / 100.0;
            return 0;
        }
    }
    return diag_set(diag, TR_EUSAGE,
                    "--stat: '%s' (mean, median or pNN such as p90)", s);
}

static void compare_text(struct buf *out, const struct stats_result *r,
                         const double cs[2])
{
    buf_addf(out, "test        %s%s%s (%s, alpha %g)\n", r->test,
             r->method ? ", " : "", r->method ? r->method : "",
             alt_names[r->alt], r->alpha);
    buf_addf(out, "n           A %zu, B %zu\n", r->n_a, r->n_b);
    buf_addf(out, "mean        A %.6g, B %.6g%s\n", r->mean_a, r->mean_b,
             !strcmp(r->test, "logratio") ? " (geometric)" : "");
    if (isnan(r->effect)) {
        buf_addf(out, "effect      undefined\n");
    } else {
        buf_addf(out, "effect      %.6g (%g%% CI ", r->effect,
                 100 * (1 - r->alpha));
        if (isinf(r->ci_low))
            buf_puts(out, "-inf");
        else
            buf_addf(out, "%.6g", r->ci_low);
        buf_puts(out, " to ");
        if (isinf(r->ci_high))
            buf_puts(out, "inf");
        else
            buf_addf(out, "%.6g", r->ci_high);
        buf_addf(out, ")%s\n", !strcmp(r->test, "logratio")
                                   ? " ratio of geometric means B/A"
                                   : "");
    }
    if (!isnan(cs[0]))
        buf_addf(out, "always-valid %.6g to %.6g (confidence sequence)\n",
                 cs[0], cs[1]);
    if (!isnan(r->statistic))
        buf_addf(out, "statistic   %.6g%s\n", r->statistic,
                 !strcmp(r->test, "mwu") ? " (U of B)" : "");
    if (!isnan(r->df))
        buf_addf(out, "df          %.6g\n", r->df);
    if (isnan(r->p_value))
        buf_puts(out, "p-value     undefined\n");
    else
        buf_addf(out, "p-value     %.6g\n", r->p_value);
    if (r->note)
        buf_addf(out, "note        %s\n", r->note);
}

static json_t *compare_json(const struct stats_result *r, const double cs[2])
{
    json_t *j = json_pack(
        "{s:s, s:s, s:f, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
        "s:o, s:o}",
        "test", r->test, "alternative", alt_names[r->alt], "alpha", r->alpha,
        "n_a", (json_int_t)r->n_a, "n_b", (json_int_t)r->n_b, "mean_a",
        vjson_num(r->mean_a), "mean_b", vjson_num(r->mean_b), "effect",
        vjson_num(r->effect), "ci_low", vjson_num_inf(r->ci_low), "ci_high",
        vjson_num_inf(r->ci_high), "p_value", vjson_num(r->p_value), "statistic",
        vjson_num(r->statistic), "df", vjson_num(r->df), "se",
        vjson_num(r->se), "method",
        r->method ? json_string(r->method) : json_null());

    if (!isnan(cs[0])) {
        json_object_set_new(j, "cs_low", vjson_num_inf(cs[0]));
        json_object_set_new(j, "cs_high", vjson_num_inf(cs[1]));
    }
    if (r->note)
        json_object_set_new(j, "note", json_string(r->note));
    return j;
}

/* The always-valid interval around r's effect, widened from Welch's: for
 * the relative lift, Fieller's at the sequence's critical value. */
static void sequence(const struct stats_result *r, double n_star, int rel,
                     double ma, double sa, double mb, double sb,
                     double cs[2])
{
    double se = rel ? sqrt(sa + sb) : r->se;
    double hw = stats_cs_halfwidth(se, r->n_a + r->n_b, n_star, r->alpha);

    cs[0] = r->effect - hw;
    cs[1] = r->effect + hw;
    if (rel)
        stats_fieller_lift(ma, sa, mb, sb, hw / se, &cs[0], &cs[1]);
}

static int run_compare(const struct compare_opts *o, const struct numbers *a,
                       const struct numbers *b, struct stats_result *r,
                       double cs[2], struct diag *diag)
{
    struct stats_boot_opts bo = {STATS_MEAN, 0.5, 10000, 1, 1};
    enum stats_alt alt = STATS_TWO_SIDED;
    enum stats_exact ex = STATS_EXACT_AUTO;
    double alpha = 0.05, resamples = 10000, seed = 1, n_star = NAN;
    double ma, va, mb, vb, *bdev = NULL, delta;
    const char *test = o->test ? o->test : "welch";
    int rc = 0;

    cs[0] = cs[1] = NAN;
    if (o->alternative)
        rc = parse_alt(o->alternative, &alt, diag);
    if (!rc)
        rc = cli_number("alpha", o->alpha, 1e-10, 0.5, &alpha, diag);
    if (!rc)
        rc = cli_number("resamples", o->resamples, 100, 1e8, &resamples, diag);
    if (!rc)
        rc = cli_number("seed", o->seed, 0, 4294967295.0, &seed, diag);
    if (!rc)
        rc = cli_number("sequential", o->sequential, 1, 1e12, &n_star, diag);
    if (!rc && o->exact) {
        if (!strcmp(o->exact, "yes"))
            ex = STATS_EXACT_YES;
        else if (!strcmp(o->exact, "no"))
            ex = STATS_EXACT_NO;
        else if (strcmp(o->exact, "auto"))
            rc = diag_set(diag, TR_EUSAGE, "--exact: auto, yes or no");
    }
    if (!rc && o->stat)
        rc = parse_stat(o->stat, &bo, diag);
    if (!rc && o->stat && bo.stat != STATS_MEAN && strcmp(test, "bootstrap"))
        rc = diag_set(diag, TR_EUSAGE,
                      "--stat %s needs --test bootstrap", o->stat);
    if (!rc && o->interval) {
        if (!strcmp(o->interval, "percentile"))
            bo.bca = 0;
        else if (strcmp(o->interval, "bca"))
            rc = diag_set(diag, TR_EUSAGE, "--interval: bca or percentile");
    }
    if (!rc && (o->relative || !isnan(n_star)) && strcmp(test, "welch"))
        rc = diag_set(diag, TR_EUSAGE,
                      "--relative and --sequential need --test welch");
    if (rc)
        return rc;
    bo.resamples = (size_t)resamples;
    bo.seed = (unsigned long)seed;
    /* Both samples as exact deviations from A's first value, as describe
     * keeps them: differences, spreads and ranks lose no leading digits. */
    delta = numbers_shift_diff(b, a);
    bdev = xmalloc(b->n * sizeof(*bdev));
    for (size_t i = 0; i < b->n; i++)
        bdev[i] = b->dev[i] + delta;
    stats_mean_var(a->dev, a->n, &ma, &va);
    stats_mean_var(bdev, b->n, &mb, &vb);
    if (!strcmp(test, "welch") && o->relative)
        rc = stats_welch_lift(a->n, a->shift + ma, va, b->n,
                              a->shift + mb, vb, alt, alpha, r, diag);
    else if (!strcmp(test, "welch"))
        rc = stats_welch(a->dev, a->n, bdev, b->n, alt, alpha, r, diag);
    else if (!strcmp(test, "mwu"))
        rc = stats_mwu(a->dev, a->n, bdev, b->n, alt, alpha, ex, r, diag);
    else if (!strcmp(test, "logratio"))
        rc = stats_logratio(a->v, a->n, b->v, b->n, alt, alpha, r, diag);
    else if (!strcmp(test, "bootstrap"))
        rc = stats_bootstrap(a->dev, a->n, bdev, b->n, &bo, alt, alpha, r,
                             diag);
    else
        rc = diag_set(diag, TR_EUSAGE,
                      "--test: '%s' (welch, mwu, bootstrap or logratio)",
                      test);
    if (strcmp(test, "logratio") && !o->relative) {
        r->mean_a = a->shift + ma;
        r->mean_b = a->shift + mb;
    }
    if (!rc && !isnan(n_star))
        sequence(r, n_star, o->relative, r->mean_a, va / (double)a->n,
                 r->mean_b, vb / (double)b->n, cs);
    free(bdev);
    return rc;
}

static int cmd_compare(struct cli_ctx *ctx, int argc, char **argv,
                       struct diag *diag)
{
    struct compare_opts o;
    struct cli_opt opts[] = {
        {"test", CLI_STR, &o.test},
        {"stat", CLI_STR, &o.stat},
        {"alternative", CLI_STR, &o.alternative},
        {"alpha", CLI_STR, &o.alpha},
        {"relative", CLI_FLAG, &o.relative},
        {"resamples", CLI_STR, &o.resamples},
        {"seed", CLI_STR, &o.seed},
        {"exact", CLI_STR, &o.exact},
        {"interval", CLI_STR, &o.interval},
        {"sequential", CLI_STR, &o.sequential},
        {"json", CLI_FLAG, &o.json},
        {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct numbers a = {0}, b = {0};
    struct stats_result r;
    struct buf out = BUF_INIT;
    double cs[2] = {NAN, NAN};
    int rc;

    (void)ctx;
    memset(&o, 0, sizeof(o));
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 2, 2, diag);
    if (!rc)
        rc = read_sample(pos.v[0], &a, diag);
    if (!rc)
        rc = read_sample(pos.v[1], &b, diag);
    if (rc)
        goto out;
    stats_result_init(&r, o.test ? o.test : "welch", STATS_TWO_SIDED, 0.05);
    rc = run_compare(&o, &a, &b, &r, cs, diag);
    /* an undefined result is still a result: print it with its note */
    if (rc == TR_EUNDEF && r.note) {
        diag_release(diag);
        diag_init(diag);
        rc = 0;
    }
    if (rc)
        goto out;
    if (o.json)
        vjson_emit(&out, compare_json(&r, cs));
    else
        compare_text(&out, &r, cs);
    rc = cli_out(&out, diag);
out:
    numbers_release(&a);
    numbers_release(&b);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- adjust ---- */

static int cmd_adjust(struct cli_ctx *ctx, int argc, char **argv,
                      struct diag *diag)
{
    const char *method = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"method", CLI_STR, &method},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct buf out = BUF_INIT;
    double *p = NULL, *adj = NULL;
    int rc;

    (void)ctx;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 1, 100000, diag);
    if (!rc && (!method || (strcmp(method, "holm") && strcmp(method, "bh"))))
        rc = diag_set(diag, TR_EUSAGE, "--method holm or --method bh");
    if (rc)
        goto out;
    p = xmalloc(pos.n * sizeof(*p));
    adj = xmalloc(pos.n * sizeof(*adj));
    for (size_t i = 0; i < pos.n && !rc; i++)
        rc = cli_number("p-value", pos.v[i], 0, 1, &p[i], diag);
    if (rc)
        goto out;
    if (!strcmp(method, "holm"))
        stats_holm(p, pos.n, adj);
    else
        stats_bh(p, pos.n, adj);
    if (json) {
        json_t *arr = json_array();

        for (size_t i = 0; i < pos.n; i++)
            json_array_append_new(arr, json_real(adj[i]));
        vjson_emit(&out, json_pack("{s:o}", "adjusted", arr));
    } else
        for (size_t i = 0; i < pos.n; i++)
            buf_addf(&out, "%-12.6g %.6g\n", p[i], adj[i]);
    rc = cli_out(&out, diag);
out:
    free(p);
    free(adj);
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

/* ---- power ---- */

/* --baseline NA --mde D: the pilot's size for a fixed baseline. */
static int power_baseline(double sd, double mde, double alpha, double power,
                          double n_a, int json, struct buf *out,
                          struct diag *diag)
{
    struct stats_power_plan plan;
    struct diag why;
    int rc;

    diag_init(&why);
    rc = stats_power_n_b(sd, mde, alpha, power, n_a, &plan, &why);
    if (rc && rc != TR_EUNDEF) {
        diag_release(diag);
        *diag = why; /* the arguments were refused */
        return rc;
    }
    if (json) {
        json_t *j = json_pack(
            "{s:o, s:o, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "n_b",
            rc ? json_null() : json_integer((json_int_t)ceil(plan.n_b)),
            "n_b_exact", vjson_num(plan.n_b), "n_a", n_a, "power_limit",
            plan.power_limit, "n_a_min", plan.n_a_min, "sd", sd, "mde", mde,
            "alpha", alpha, "power", power);

        if (rc)
            json_object_set_new(j, "note",
                                json_string(why.problems[0].msg));
        vjson_emit(out, j);
    } else if (rc)
        buf_addf(out, "unreachable: %s\n", why.problems[0].msg);
    else
        buf_addf(out,
                 "%.0f pilot units (exactly %.4f) with %g baseline units to "
                 "detect %g with sd %g at alpha %g (two-sided) and power "
                 "%g; at most %.4f with any pilot size\n",
                 ceil(plan.n_b), plan.n_b, n_a, mde, sd, alpha, power,
                 plan.power_limit);
    diag_release(&why);
    return 0;
}

static int cmd_power(struct cli_ctx *ctx, int argc, char **argv,
                     struct diag *diag)
{
    const char *sd_s = NULL, *mde_s = NULL, *alpha_s = NULL, *power_s = NULL,
               *n_s = NULL, *base_s = NULL;
    int json = 0;
    struct cli_opt opts[] = {{"sd", CLI_STR, &sd_s},
                             {"mde", CLI_STR, &mde_s},
                             {"alpha", CLI_STR, &alpha_s},
                             {"power", CLI_STR, &power_s},
                             {"n", CLI_STR, &n_s},
                             {"baseline", CLI_STR, &base_s},
                             {"json", CLI_FLAG, &json},
                             {NULL, 0, NULL}};
    struct cli_list pos = {0};
    struct buf out = BUF_INIT;
    double sd = NAN, mde = NAN, alpha = 0.05, power = 0.8, n = NAN, n_exact;
    double n_a = NAN;
    int rc;

    (void)ctx;
    rc = cli_parse(argc, argv, opts, &pos, diag);
    if (!rc)
        rc = cli_need_args(&pos, 0, 0, diag);
    if (!rc && (!sd_s || (!mde_s == !n_s)))
        rc = diag_set(diag, TR_EUSAGE,
                      "give --sd and either --mde (for the sample size) or "
                      "--n (for the detectable effect)");
    if (!rc)
        rc = cli_number("sd", sd_s, 1e-300, 1e300, &sd, diag);
    if (!rc)
        rc = cli_number("mde", mde_s, -1e300, 1e300, &mde, diag);
    if (!rc)
        rc = cli_number("n", n_s, base_s ? 1 : 2, 1e12, &n, diag);
    if (!rc)
        rc = cli_number("baseline", base_s, 2, 1e12, &n_a, diag);
    if (!rc)
        rc = cli_number("alpha", alpha_s, 1e-10, 0.5, &alpha, diag);
    if (!rc)
        rc = cli_number("power", power_s, 0.01, 0.9999, &power, diag);
    if (rc)
        goto out;
    if (base_s && mde_s) {
        rc = power_baseline(sd, mde, alpha, power, n_a, json, &out, diag);
        goto print;
    }
    if (mde_s)
        rc = stats_power_n(sd, mde, alpha, power, &n_exact, diag);
    else if (base_s)
        rc = stats_mde2(sd, n_a, n, alpha, power, &mde, diag);
    else
        rc = stats_mde(sd, n, alpha, power, &mde, diag);
    if (rc)
        goto out;
    if (mde_s && json)
        vjson_emit(&out, json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}",
                                   "n_per_arm", (json_int_t)ceil(n_exact),
                                   "n_exact", n_exact, "sd", sd, "mde", mde,
                                   "alpha", alpha, "power", power));
    else if (mde_s)
        buf_addf(&out,
                 "%.0f per arm (exactly %.4f) to detect %g with sd %g at "
                 "alpha %g (two-sided) and power %g\n",
                 ceil(n_exact), n_exact, mde, sd, alpha, power);
    else if (json && base_s)
        vjson_emit(&out, json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "mde",
                                   mde, "n_a", n_a, "n_b", n, "sd", sd,
                                   "alpha", alpha, "power", power));
    else if (json)
        vjson_emit(&out, json_pack("{s:f, s:f, s:f, s:f, s:f}", "mde", mde,
                                   "n_per_arm", n, "sd", sd, "alpha", alpha,
                                   "power", power));
    else if (base_s)
        buf_addf(&out,
                 "smallest detectable difference %.6g with %g baseline and "
                 "%g pilot units, sd %g, alpha %g (two-sided), power %g\n",
                 mde, n_a, n, sd, alpha, power);
    else
        buf_addf(&out,
                 "smallest detectable difference %.6g with %g per arm, sd "
                 "%g, alpha %g (two-sided), power %g\n",
                 mde, n, sd, alpha, power);
print:
    if (!rc)
        rc = cli_out(&out, diag);
out:
    buf_release(&out);
    cli_list_release(&pos);
    return rc;
}

static const struct cli_cmd stats_kinds[] = {
    {"describe", "FILE [--json]", "summary statistics of a sample",
     "n, mean, sd (n - 1), min, max, median and p90 (quantile type 7).\n"
     "FILE holds one number per line; blank lines and lines starting with\n"
     "'#' are ignored; '-' reads stdin. Decimals are read exactly, so the\n"
     "NIST StRD sets reproduce to 13 digits.\n",
     cmd_describe, NULL},
    {"compare",
     "A B [--test welch|mwu|bootstrap|logratio]\n"
     "       [--stat mean|median|pNN] [--alternative two-sided|greater|less]\n"
     "       [--alpha 0.05] [--relative] [--resamples N] [--seed S]\n"
     "       [--exact auto|yes|no] [--interval bca|percentile]\n"
     "       [--sequential NSTAR] [--json]",
     "compare a pilot sample B with a baseline A",
     "Every effect is B - A.\n"
     "  welch      Welch's t-test (default); --relative gives (B - A)/|A|\n"
     "             with a delta-method interval; --sequential NSTAR adds an\n"
     "             always-valid confidence sequence (GrowthBook's)\n"
     "  mwu        Mann-Whitney U (statistic = U of B); effect and interval\n"
     "             are the Hodges-Lehmann shift; --exact auto = exact when\n"
     "             both samples have at most 8 values and no ties\n"
     "  logratio   ratio of geometric means B/A (Welch on logs): for\n"
     "             skewed metrics such as cycle time\n"
     "  bootstrap  --stat mean, median or pNN; BCa interval by default\n"
     "             (--interval percentile); --resamples (10000), --seed (1)\n"
     "             make it reproducible on every platform\n"
     "\nJSON: test, alternative, alpha, n_a, n_b, mean_a, mean_b, effect,\n"
     "ci_low, ci_high, p_value, statistic, df, se, method, and a note when\n"
     "something is undefined (then the value is null). An open interval\n"
     "end is the string \"inf\" or \"-inf\".\n",
     cmd_compare, NULL},
    {"adjust", "--method holm|bh P1 P2 ... [--json]",
     "adjust p-values for multiple testing",
     "Holm (family-wise error) or Benjamini-Hochberg (false discovery\n"
     "rate). JSON: {\"adjusted\": [...]} in input order.\n",
     cmd_adjust, NULL},
    {"power",
     "--sd S (--mde D | --n N) [--baseline NA] [--alpha 0.05]\n"
     "       [--power 0.8] [--json]",
     "sample size per arm, or the smallest detectable effect",
     "Two-sample t-test with the noncentral t distribution (as G*Power and\n"
     "statsmodels). With --mde: {\"n_per_arm\": N (rounded up), \"n_exact\":\n"
     "x}. With --n: {\"mde\": D}.\n"
     "--baseline NA fixes the baseline arm (before-after: the history is\n"
     "what it is) and solves for the pilot: with --mde, {\"n_b\": pilot\n"
     "units (rounded up), \"n_b_exact\", \"n_a\", \"power_limit\": the power\n"
     "with an unlimited pilot, \"n_a_min\": the baseline that limit needs};\n"
     "when the baseline can never reach the power, n_b is null and a note\n"
     "says so (exit status 0). With --n: the detectable effect for NA\n"
     "baseline and N pilot units.\n",
     cmd_power, NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

const struct cli_cmd cli_stats_cmds[] = {
    {"stats", "KIND", "statistics for analysts and scripts",
     "The statistics engine behind pilot analyses.\n", NULL, stats_kinds},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
