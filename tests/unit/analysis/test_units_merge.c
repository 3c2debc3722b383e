/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Units merged upward by the disclosure layer (disclose_units_merge):
 * regression for a parent and a child that are under the threshold
 * alone and over it together. The old loop moved both in the same round
 * (the child into the parent, the parent into its own parent), so their
 * people ended up in the unnamed bucket, always hidden. */
#include "testutil.h"

#include <sqlite3.h>

#include "analysis/disclose.h"
#include "store/store.h"

static const char *bucket(const struct disclose_units *u, const char *name)
{
    return disclose_unit_shown(u, name);
}

static void test_parent_and_child_together(void **state)
{
    char *dir = tu_tmpdir(), path[256];
    struct store *st = NULL;
    struct disclose_units u;
    sqlite3 *db;
    long count[8] = {0};

    (void)state;
    snprintf(path, sizeof(path), "%s/ws.db", dir);
    assert_int_equal(store_open(path, STORE_CREATE, &st, NULL), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO unit(id, name, parent_id) VALUES "
                     "(1, 'Org', NULL), (2, 'Eng', 1), (3, 'Frontend', 2), "
                     "(4, 'Backend', 2), (5, 'Ops', 1), (6, 'Tiny', 5)",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(store_open(path, STORE_OPEN, &st, NULL), 0);
    assert_int_equal(disclose_units_load(st, 5, &u, NULL), 0);
    for (size_t i = 0; i < u.n; i++) {
        const char *n = u.name[i];

        count[i] = !strcmp(n, "Eng")        ? 3
                   : !strcmp(n, "Frontend") ? 3
                   : !strcmp(n, "Backend")  ? 12
                   : !strcmp(n, "Ops")      ? 6
                   : !strcmp(n, "Tiny")     ? 2
                                            : 0;
    }
    disclose_units_merge(&u, count, 5);
    assert_string_equal(bucket(&u, "Frontend"), "Eng");
    assert_string_equal(bucket(&u, "Eng"), "Eng");
    assert_string_equal(bucket(&u, "Backend"), "Backend");
    assert_string_equal(bucket(&u, "Tiny"), "Ops");
    assert_string_equal(bucket(&u, "Ops"), "Ops");
    assert_string_equal(bucket(&u, "Org"), DISCLOSE_UNNAMED);
    /* stricter: Backend too goes up; Eng holds 18 */
    disclose_units_merge(&u, count, 13);
    assert_string_equal(bucket(&u, "Backend"), "Eng");
    assert_string_equal(bucket(&u, "Ops"), DISCLOSE_UNNAMED);
    disclose_units_release(&u);
    store_close(st);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parent_and_child_together),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
