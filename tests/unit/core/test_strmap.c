/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The string map: binary keys, replacement, growth, keys longer than a
 * chunk, and keys that stay where they were copied while the map grows. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/strmap.h"

static void test_keys(void **state)
{
    enum { N = 50000 };
    struct strmap m;
    char key[32], *big = malloc(200000);
    const char *first;
    int64_t v = 0;

    (void)state;
    strmap_init(&m);
    assert_int_equal(strmap_gets(&m, "x", &v), 0);
    strmap_put(&m, "a\0b", 3, 1); /* a NUL inside a key */
    strmap_put(&m, "a", 1, 2);
    assert_int_equal(strmap_get(&m, "a\0b", 3, &v), 1);
    assert_int_equal(v, 1);
    assert_int_equal(strmap_get(&m, "a\0c", 3, &v), 0);
    strmap_puts(&m, "a", 3); /* replaces */
    assert_int_equal(strmap_gets(&m, "a", &v), 1);
    assert_int_equal(v, 3);
    assert_int_equal(m.len, 2);
    first = NULL;
    for (size_t i = 0; i < m.cap; i++)
        if (m.slots[i].key && m.slots[i].klen == 1)
            first = m.slots[i].key;
    memset(big, 'k', 200000);
    strmap_put(&m, big, 200000, 7); /* longer than any chunk */
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof(key), "user%07d", i);

        strmap_put(&m, key, (size_t)n, i);
    }
    assert_int_equal(m.len, N + 3);
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof(key), "user%07d", i);

        assert_int_equal(strmap_get(&m, key, (size_t)n, &v), 1);
        assert_int_equal(v, i);
    }
    assert_int_equal(strmap_get(&m, big, 200000, &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(strmap_get(&m, big, 199999, &v), 0);
    for (size_t i = 0; i < m.cap; i++) /* copies never move */
        if (m.slots[i].key && m.slots[i].klen == 1)
            assert_ptr_equal(m.slots[i].key, first);
    assert_string_equal(first, "a");
    strmap_release(&m);
    assert_int_equal(m.len, 0);
    strmap_release(NULL);
    free(big);
}

/* A reserved map takes that many keys without moving its slots, and
 * keeps what it had. */
static void test_reserve(void **state)
{
    struct strmap m;
    struct strmap_entry *slots;
    char key[16];
    int64_t v = 0;

    (void)state;
    strmap_init(&m);
    strmap_puts(&m, "before", 1);
    strmap_reserve(&m, 1000);
    slots = m.slots;
    assert_true(m.cap * 3 >= 1001 * 4);
    for (int i = 0; i < 999; i++) {
        int n = snprintf(key, sizeof(key), "k%d", i);

        strmap_put(&m, key, (size_t)n, i);
    }
    assert_ptr_equal(m.slots, slots);
    assert_int_equal(strmap_gets(&m, "before", &v), 1);
    assert_int_equal(v, 1);
    assert_int_equal(strmap_gets(&m, "k998", &v), 1);
    assert_int_equal(v, 998);
    strmap_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_reserve),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
