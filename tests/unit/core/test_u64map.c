/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 64-bit key map: insertion, lookup, growth and copies between maps,
 * checked against a plain array of what was put. */
#include "testutil.h"

#include "core/u64map.h"

static void test_put_get(void **state)
{
    struct u64map m;
    int64_t v = -1;
    int added = -1;

    (void)state;
    u64map_init(&m);
    assert_int_equal(u64map_get(&m, 0, &v), 0); /* empty, no slots */
    *u64map_at(&m, 0, &added) += 5;             /* key 0 is a key */
    assert_int_equal(added, 1);
    *u64map_at(&m, 0, &added) += 2;
    assert_int_equal(added, 0);
    assert_int_equal(u64map_get(&m, 0, &v), 1);
    assert_int_equal(v, 7);
    assert_int_equal(u64map_get(&m, 1, &v), 0);
    *u64map_at(&m, U64MAP_EMPTY - 1, NULL) = -3;
    assert_int_equal(u64map_get(&m, U64MAP_EMPTY - 1, &v), 1);
    assert_int_equal(v, -3);
    assert_int_equal(m.len, 2);
    u64map_release(&m);
    assert_int_equal(m.cap, 0);
    u64map_release(NULL);
}

/* Keys that differ only in their high bits, or by multiples of the
 * capacity, all land somewhere findable while the map grows. */
static void test_growth(void **state)
{
    enum { N = 100000 };
    struct u64map m;
    int64_t v;

    (void)state;
    u64map_init(&m);
    for (uint64_t i = 0; i < N; i++)
        *u64map_at(&m, i << 40 | (i & 7) << 4, NULL) = (int64_t)i;
    assert_int_equal(m.len, N);
    assert_true(m.len * 4 <= m.cap * 3);
    for (uint64_t i = 0; i < N; i++) {
        assert_int_equal(u64map_get(&m, i << 40 | (i & 7) << 4, &v), 1);
        assert_int_equal(v, (int64_t)i);
    }
    assert_int_equal(u64map_get(&m, (uint64_t)N << 40, &v), 0);
    u64map_release(&m);
}

/* Copying a map into a new one in slot order (as merges do) keeps every
 * entry, and a reserved map does not move while filled up to it. */
static void test_copy_in_slot_order(void **state)
{
    enum { N = 50000 };
    struct u64map a, b;
    size_t cap;
    int64_t v, sum = 0;

    (void)state;
    u64map_init(&a);
    u64map_init(&b);
    for (uint64_t i = 0; i < N; i++)
        *u64map_at(&a, i * 2654435761u, NULL) = 1;
    u64map_reserve(&b, N);
    cap = b.cap;
    for (size_t i = 0; i < a.cap; i++)
        if (a.slots[i].key != U64MAP_EMPTY)
            *u64map_at(&b, a.slots[i].key, NULL) += a.slots[i].val;
    assert_int_equal(b.cap, cap);
    assert_int_equal(b.len, N);
    for (uint64_t i = 0; i < N; i++) {
        assert_int_equal(u64map_get(&b, i * 2654435761u, &v), 1);
        sum += v;
    }
    assert_int_equal(sum, N);
    u64map_release(&a);
    u64map_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_copy_in_slot_order),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
