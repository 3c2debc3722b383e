/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text tables and JSON helpers: alignment by characters, not bytes; no
 * NaN or infinity in JSON; an array written element by element is the
 * same text as the whole array dumped at once. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "view/json.h"
#include "view/table.h"

static void test_alignment(void **state)
{
    struct table t;
    struct buf out = BUF_INIT;

    (void)state;
    table_init(&t, 2, 0x2);
    table_cell(&t, "team");
    table_cell(&t, "n");
    table_cell(&t, "Équipe");
    table_cell(&t, "5");
    table_cell(&t, "B");
    table_cellf(&t, "%d", 12);
    table_render(&t, &out);
    assert_string_equal(buf_str(&out), "team     n\n"
                                       "------  --\n"
                                       "Équipe   5\n"
                                       "B       12\n");
    table_release(&t);
    buf_release(&out);
}

static void test_json_numbers(void **state)
{
    struct buf out = BUF_INIT;

    (void)state;
    vjson_emit(&out, json_pack("[o, o, o, o]", vjson_num(NAN),
                               vjson_num(INFINITY), vjson_num(0.25),
                               vjson_time(0)));
    assert_string_equal(buf_str(&out), "[\n  null,\n  null,\n  0.25,\n  "
                                       "null\n]\n");
    buf_release(&out);
}

static json_t *element(int i)
{
    return json_pack("{s:i, s:s, s:o, s:{s:[i, s]}, s:b}", "i", i, "text",
                     i % 2 ? "two\nlines \"quoted\"" : "", "none",
                     json_null(), "nested", "list", i, "x", "flag", i % 2);
}

static void same_text(size_t n)
{
    struct buf whole = BUF_INIT, parts = BUF_INIT;
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, element((int)i));
        vjson_array_add(&parts, element((int)i), i);
    }
    vjson_array_end(&parts, n);
    vjson_emit(&whole, arr);
    assert_string_equal(buf_str(&parts), buf_str(&whole));
    buf_release(&whole);
    buf_release(&parts);
}

static void test_array_by_element(void **state)
{
    (void)state;
    same_text(0);
    same_text(1);
    same_text(3);
    same_text(100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_array_by_element),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_json_numbers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
