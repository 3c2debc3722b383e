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

static int by_key(const void *a, const void *b)
{
    uint64_t x = ((const struct u64map_entry *)a)->key;
    uint64_t y = ((const struct u64map_entry *)b)->key;

    return (x > y) - (x < y);
}

/* The radix sort agrees with qsort on random keys, keys that share most
 * of their bytes (skipped passes), repeated keys (stable: values stay in
 * their order), and the edge sizes. */
static void test_sort(void **state)
{
    static const size_t sizes[] = {0, 1, 2, 3, 255, 256, 257, 10000};
    uint64_t x = 88172645463325252ull;

    (void)state;
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
        for (int kind = 0; kind < 3; kind++) {
            size_t n = sizes[s];
            struct u64map_entry *v = malloc((n ? n : 1) * sizeof(*v));
            struct u64map_entry *w = malloc((n ? n : 1) * sizeof(*w));

            for (size_t i = 0; i < n; i++) {
                x ^= x << 13; /* xorshift64 */
                x ^= x >> 7;
                x ^= x << 17;
                v[i].key = kind == 0   ? x
                           : kind == 1 ? (uint64_t)(x % 5) << 32 | 0xABCD0000u
                                             | (x >> 40 & 0xF)
                                       : U64MAP_EMPTY - (x % 3);
                v[i].val = (int64_t)i;
            }
            memcpy(w, v, n * sizeof(*v));
            u64map_sort(v, n);
            qsort(w, n, sizeof(*w), by_key);
            for (size_t i = 0; i < n; i++) {
                assert_true(v[i].key == w[i].key);
                if (i && v[i].key == v[i - 1].key)
                    assert_true(v[i].val > v[i - 1].val);
            }
            free(v);
            free(w);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_copy_in_slot_order),
        cmocka_unit_test(test_sort),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
