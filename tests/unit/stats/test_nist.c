/* SPDX-License-Identifier: GPL-3.0-or-later */
/* NIST StRD certified values: univariate summary statistics (13 digits),
 * one-way ANOVA F (9 digits) and the Norris regression (9 digits). The
 * files are read in place from tests/fixtures/nist/. */
#include "testutil.h"

#include <math.h>

#include "import/numbers.h"
#include "stats/stats.h"

/* Number of matching significant digits (the log relative error). */
static double lre(double got, double want)
{
    if (got == want)
        return 16.0;
    if (want == 0.0)
        return -log10(fabs(got));
    return -log10(fabs(got - want) / fabs(want));
}

/* The value after the last ':' on the first line containing key. */
static double certified(const char *text, const char *key)
{
    const char *p = strstr(text, key), *colon, *nl;

    if (!p)
        fail_msg("no certified value '%s'", key);
    nl = strchr(p, '\n');
    colon = p;
    for (const char *q = p; q < nl; q++)
        if (*q == ':')
            colon = q;
    return strtod(colon + 1, NULL);
}

/* The numbers in column col (0-based) of the data rows: the lines after
 * the last line that starts with "Data:". */
static struct decimal *column(const char *text, int col, size_t *n)
{
    const char *p = text, *start = NULL;
    struct decimal *v = NULL;
    size_t cap = 0;

    for (p = text; (p = strstr(p, "\nData:")); p++)
        start = p + 1;
    assert_non_null(start);
    p = strchr(start, '\n') + 1;
    *n = 0;
    while (*p) {
        const char *nl = strchr(p, '\n');
        const char *e = nl ? nl : p + strlen(p);
        const char *f = p;
        int c = 0;

        while (f < e && c <= col) {
            const char *s;

            while (f < e && (*f == ' ' || *f == '\t' || *f == '\r'))
                f++;
            s = f;
            while (f < e && *f != ' ' && *f != '\t' && *f != '\r')
                f++;
            if (f > s && c++ == col) {
                struct decimal d;

                if (numbers_decimal(s, (size_t)(f - s), &d) == 0) {
                    v = xgrow(v, &cap, *n + 1, sizeof(*v));
                    v[(*n)++] = d;
                }
            }
        }
        p = nl ? nl + 1 : e;
    }
    return v;
}

static void univariate(const char *name)
{
    char path[256];
    char *text;
    struct decimal *x;
    struct stats_desc d;
    double *dev, shift;
    size_t n;

    snprintf(path, sizeof(path), "%s/nist/%s.dat", TU_FIXTURES, name);
    text = tu_read_file(path, NULL);
    x = column(text, 0, &n);
    dev = xmalloc(n * sizeof(*dev));
    numbers_deviations(x, n, dev, &shift);
    assert_int_equal(stats_describe(dev, n, shift, &d, NULL), 0);
    /* "Sample Mean" (NumAcc3's copy has no "ybar:") */
    if (lre(d.mean, certified(text, "Sample Mean")) < 13
        || lre(d.sd, certified(text, "(denom. = n-1)")) < 13)
        fail_msg("%s: mean %.17g (LRE %.1f), sd %.17g (LRE %.1f)", name,
                 d.mean, lre(d.mean, certified(text, "Sample Mean")), d.sd,
                 lre(d.sd, certified(text, "(denom. = n-1)")));
    free(dev);
    free(x);
    free(text);
}

static void test_univariate(void **state)
{
    static const char *const sets[] = {"Lew",     "Lottery", "Mavro",
                                       "Michelso", "NumAcc1", "NumAcc2",
                                       "NumAcc3", "NumAcc4"};

    (void)state;
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        univariate(sets[i]);
}

static void anova(const char *name)
{
    char path[256];
    char *text;
    struct decimal *g, *y;
    struct stats_anova a;
    double *dev, shift, f;
    size_t n, ng, *group;

    snprintf(path, sizeof(path), "%s/nist/%s.dat", TU_FIXTURES, name);
    text = tu_read_file(path, NULL);
    g = column(text, 0, &ng);
    y = column(text, 1, &n);
    assert_int_equal(n, ng);
    dev = xmalloc(n * sizeof(*dev));
    group = xmalloc(n * sizeof(*group));
    numbers_deviations(y, n, dev, &shift);
    for (size_t i = 0; i < n; i++)
        group[i] = (size_t)g[i].value - 1;
    assert_int_equal(stats_anova_oneway(dev, group, n, 10, &a, NULL), 0);
    /* the F statistic is the last number on the "Between" line */
    {
        const char *p = strstr(text, "Between"), *nl = strchr(p, '\n');
        const char *last = p;

        for (const char *q = p; q < nl; q++)
            if (q[0] == ' ' && q[1] != ' ')
                last = q + 1;
        f = strtod(last, NULL);
    }
    if (lre(a.f, f) < 9)
        fail_msg("%s: F %.15g, certified %.15g (LRE %.1f)", name, a.f, f,
                 lre(a.f, f));
    free(dev);
    free(group);
    free(g);
    free(y);
    free(text);
}

static void test_anova(void **state)
{
    static const char *const sets[] = {"SiRstv", "AtmWtAg", "SmLs01",
                                       "SmLs02", "SmLs03",  "SmLs04",
                                       "SmLs05", "SmLs06",  "SmLs07",
                                       "SmLs08", "SmLs09"};

    (void)state;
    for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
        anova(sets[i]);
}

static void test_norris(void **state)
{
    char path[256];
    char *text;
    struct decimal *y, *x;
    double *X, *yv, beta[2], se[2], rss;
    size_t n, nx;

    (void)state;
    snprintf(path, sizeof(path), "%s/nist/Norris.dat", TU_FIXTURES);
    text = tu_read_file(path, NULL);
    y = column(text, 0, &n);
    x = column(text, 1, &nx);
    assert_int_equal(n, 36);
    assert_int_equal(nx, 36);
    X = xmalloc(2 * n * sizeof(*X));
    yv = xmalloc(n * sizeof(*yv));
    for (size_t i = 0; i < n; i++) {
        X[2 * i] = 1.0;
        X[2 * i + 1] = x[i].value;
        yv[i] = y[i].value;
    }
    assert_int_equal(stats_ols(X, yv, n, 2, beta, se, &rss, NULL), 0);
    assert_true(lre(beta[0], -0.262323073774029) >= 9);
    assert_true(lre(beta[1], 1.00211681802045) >= 9);
    assert_true(lre(se[0], 0.232818234301152) >= 9);
    assert_true(lre(se[1], 0.429796848199937E-03) >= 9);
    assert_true(lre(sqrt(rss / 34), 0.884796396144373) >= 9);
    free(X);
    free(yv);
    free(x);
    free(y);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_univariate),
        cmocka_unit_test(test_anova),
        cmocka_unit_test(test_norris),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
