/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The disclosure layer's suppression as an adversary would probe it: the
 * function every report's cells pass through (disclose_suppress), on
 * cubes with their margins and relations. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/disclose.h"

/* A team x month cube of the given people (rows: teams, columns:
 * months), with its margins. */
static void cube(struct disclose_table *t, const long *people, size_t nteams,
                 size_t nmonths, long min)
{
    char team[32], month[32];

    disclose_table_init(t, DISCLOSE_ITEMS);
    t->nkeys = 2;
    t->key_names[0] = "team";
    t->key_names[1] = "month";
    t->nmeasures = 1;
    t->measure_names[0] = "items";
    t->additive[0] = 1;
    t->min_people = min;
    for (size_t i = 0; i < nteams; i++)
        for (size_t m = 0; m < nmonths; m++) {
            const char *key[2] = {team, month};
            size_t c;

            snprintf(team, sizeof(team), "T%u", (unsigned)i % 100);
            snprintf(month, sizeof(month), "2025-%02u", (unsigned)(m % 12) + 1);
            c = disclose_cell_at(t, key);
            t->cells[c].people = people[i * nmonths + m];
            t->cells[c].v[0] = (double)(3 * people[i * nmonths + m]);
        }
    disclose_margins(t, 1, NULL, NULL);
}

static const struct disclose_cell *at(const struct disclose_table *t,
                                      const char *team, const char *month)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct disclose_cell *c = &t->cells[i];

        if (!c->key[0] != !team || !c->key[1] != !month)
            continue;
        if ((!team || !strcmp(c->key[0], team))
            && (!month || !strcmp(c->key[1], month)))
            return c;
    }
    return NULL;
}

/* The rule's invariant: no relation leaves exactly one member hidden
 * (so none is the difference of shown figures), a sum over months is
 * hidden whenever one of its months is, and (totals published) the
 * hidden parts under a shown total count at least min_people together. */
static int protected_everywhere(const struct disclose_table *t)
{
    for (size_t r = 0; r < t->nrel; r++) {
        const struct disclose_relation *rel = &t->rel[r];
        size_t hidden = t->cells[rel->total].hidden != 0;
        size_t parts = 0;
        long people = 0;

        for (size_t q = 0; q < rel->n; q++) {
            const struct disclose_cell *c =
                &t->cells[t->parts[rel->first + q]];

            parts += c->hidden != 0;
            people += c->hidden ? c->people : 0;
        }
        if (hidden + parts == 1)
            return 0;
        if (t->sums_published && parts && !hidden && people < t->min_people)
            return 0;
        if (rel->time && parts && !hidden)
            return 0;
    }
    return 1;
}

static void test_threshold_edges(void **state)
{
    /* three teams, one month: 4 is hidden, 5 (the smallest shown) with
     * it, 6 shown */
    long people[] = {4, 5, 6};
    struct disclose_table t;

    (void)state;
    cube(&t, people, 3, 1, 5);
    disclose_suppress(&t);
    assert_int_equal(at(&t, "T0", "2025-01")->hidden, DISCLOSE_PRIMARY);
    assert_int_equal(at(&t, "T1", "2025-01")->hidden, DISCLOSE_SECONDARY);
    assert_int_equal(at(&t, "T2", "2025-01")->hidden, DISCLOSE_SHOWN);
    assert_int_equal(at(&t, NULL, "2025-01")->hidden, DISCLOSE_SHOWN);
    /* the teams' totals over the one month hide up with it */
    assert_int_equal(at(&t, "T0", NULL)->hidden != 0, 1);
    assert_int_equal(at(&t, "T1", NULL)->hidden != 0, 1);
    assert_int_equal(at(&t, "T2", NULL)->hidden, DISCLOSE_SHOWN);
    assert_int_equal(protected_everywhere(&t), 1);
    disclose_table_release(&t);
}

static void test_differencing_months(void **state)
{
    /* route 4: a team's total over months minus its shown months gave
     * the hidden month; now the total hides with it, and a second month
     * hides so the month's own total across teams gives nothing */
    long people[] = {9, 9, 3, /* T0: March has 3 people */
                     8, 8, 8, /* T1 */
                     7, 7, 7 /* T2 */};
    struct disclose_table t;

    (void)state;
    cube(&t, people, 3, 3, 5);
    disclose_suppress(&t);
    assert_int_equal(at(&t, "T0", "2025-03")->hidden, DISCLOSE_PRIMARY);
    assert_int_equal(at(&t, "T0", NULL)->hidden != 0, 1);
    assert_int_equal(at(&t, "T2", "2025-03")->hidden, DISCLOSE_SECONDARY);
    assert_int_equal(at(&t, "T2", NULL)->hidden != 0, 1);
    assert_int_equal(at(&t, "T1", NULL)->hidden, DISCLOSE_SHOWN);
    assert_int_equal(protected_everywhere(&t), 1);
    disclose_table_release(&t);
}

static void test_two_hidden_need_no_complement(void **state)
{
    long people[] = {2, 3, 20, 30};
    struct disclose_table t;

    (void)state;
    cube(&t, people, 4, 1, 5);
    assert_int_equal(disclose_suppress(&t) >= 2, 1);
    assert_int_equal(at(&t, "T2", "2025-01")->hidden, DISCLOSE_SHOWN);
    assert_int_equal(at(&t, "T3", "2025-01")->hidden, DISCLOSE_SHOWN);
    disclose_table_release(&t);
}

static void test_two_small_hidden_take_a_third(void **state)
{
    /* 1 and 3 hidden under a shown total of 19: the total minus the
     * shown parts gives their sum, 4, and each lies in 0 to 4, narrower
     * than the threshold; the smallest shown part (6) hides with them,
     * so the hidden sum is 10. Without published totals, two suffice. */
    long people[] = {1, 9, 6, 3};
    struct disclose_table t;

    (void)state;
    cube(&t, people, 4, 1, 5);
    t.sums_published = 1;
    disclose_suppress(&t);
    assert_int_equal(at(&t, "T0", "2025-01")->hidden, DISCLOSE_PRIMARY);
    assert_int_equal(at(&t, "T3", "2025-01")->hidden, DISCLOSE_PRIMARY);
    assert_int_equal(at(&t, "T2", "2025-01")->hidden, DISCLOSE_SECONDARY);
    assert_int_equal(at(&t, "T1", "2025-01")->hidden, DISCLOSE_SHOWN);
    assert_int_equal(at(&t, NULL, "2025-01")->hidden, DISCLOSE_SHOWN);
    assert_int_equal(protected_everywhere(&t), 1);
    disclose_table_release(&t);
    cube(&t, people, 4, 1, 5);
    disclose_suppress(&t);
    assert_int_equal(at(&t, "T2", "2025-01")->hidden, DISCLOSE_SHOWN);
    disclose_table_release(&t);
}

static void test_unnamed_always_hidden(void **state)
{
    struct disclose_table t;
    const char *a[2] = {DISCLOSE_UNNAMED, "2025-01"}, *b[2] = {"Big",
                                                               "2025-01"};
    const char *c[2] = {"Other", "2025-01"};
    size_t i;

    (void)state;
    disclose_table_init(&t, DISCLOSE_ITEMS);
    t.nkeys = 2;
    t.min_people = 5;
    i = disclose_cell_at(&t, a);
    t.cells[i].people = 50;
    i = disclose_cell_at(&t, b);
    t.cells[i].people = 40;
    i = disclose_cell_at(&t, c);
    t.cells[i].people = 60;
    disclose_margins(&t, 1, NULL, NULL);
    disclose_suppress(&t);
    assert_int_equal(at(&t, DISCLOSE_UNNAMED, "2025-01")->hidden,
                     DISCLOSE_PRIMARY);
    assert_int_equal(at(&t, "Big", "2025-01")->hidden, DISCLOSE_SECONDARY);
    assert_int_equal(at(&t, "Other", "2025-01")->hidden, DISCLOSE_SHOWN);
    disclose_table_release(&t);
}

static void test_random_cubes_reach_the_fixed_point(void **state)
{
    unsigned seed = 7;

    (void)state;
    for (int round = 0; round < 300; round++) {
        size_t nt = 1 + (size_t)(rand_r(&seed) % 6);
        size_t nm = 1 + (size_t)(rand_r(&seed) % 5);
        long *people = malloc(nt * nm * sizeof(long));
        struct disclose_table t;

        for (size_t i = 0; i < nt * nm; i++)
            people[i] = rand_r(&seed) % 12;
        cube(&t, people, nt, nm, 5);
        t.sums_published = round & 1;
        disclose_suppress(&t);
        assert_int_equal(protected_everywhere(&t), 1);
        for (size_t i = 0; i < t.n; i++) /* primary is never undone */
            if (t.cells[i].people < 5)
                assert_int_equal(t.cells[i].hidden, DISCLOSE_PRIMARY);
        disclose_table_release(&t);
        free(people);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_edges),
        cmocka_unit_test(test_differencing_months),
        cmocka_unit_test(test_two_hidden_need_no_complement),
        cmocka_unit_test(test_two_small_hidden_take_a_third),
        cmocka_unit_test(test_unnamed_always_hidden),
        cmocka_unit_test(test_random_cubes_reach_the_fixed_point),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
