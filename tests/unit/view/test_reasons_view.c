/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons' messages through JSON and back: the page formats what the
 * analysis kept; an element that does not fit its formats is refused. */
#include "testutil.h"

#include <math.h>

#include "view/reasons_view.h"

struct holder {
    char reasons[3][160];
    struct reason_msg reason_msgs[3];
    size_t nreasons;
};

static void test_round_trip(void **state)
{
    struct holder h = {0};
    struct reason_msg m;
    struct buf b = BUF_INIT;
    json_t *j, *back;
    char *text;

    (void)state;
    REASONS_ADDF(&h, "%s changed %+.1f%% against %zu %s in %s (%lld)",
                 reasons_word("metric", "errors"), 12.34, (size_t)3,
                 reasons_msgid("comparison teams"), "Team \"A\"", -7LL);
    REASONS_APPENDF(&h, "; %u left", 2U);
    REASONS_ADDF(&h, "%.1f", NAN); /* JSON has no NaN: English only */
    j = vreasons_json(h.reason_msgs, h.nreasons);
    text = json_dumps(j, JSON_COMPACT);
    assert_string_equal(
        text, "[{\"msgids\":[\"%s changed %+.1f%% against %zu %s in %s "
              "(%lld)\",\"; %u left\"],\"args\":[{\"context\":\"metric\","
              "\"word\":\"errors\"},12.34,3,{\"msgid\":\"comparison teams\"},"
              "\"Team \\\"A\\\"\",-7,2]},null]");
    back = json_loads(text, 0, NULL);
    assert_int_equal(vreasons_read(json_array_get(back, 0), &m), 0);
    assert_int_equal(reasons_format(&b, &m, 0), 0);
    assert_string_equal(buf_str(&b), h.reasons[0]);
    assert_int_equal(vreasons_read(json_array_get(back, 1), &m), -1);
    free(text);
    json_decref(back);
    json_decref(j);
    buf_release(&b);
}

static void refused(const char *text)
{
    struct reason_msg m;
    json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);

    assert_non_null(j);
    assert_int_equal(vreasons_read(j, &m), -1);
    json_decref(j);
}

static void test_refused(void **state)
{
    (void)state;
    refused("{\"msgids\":[\"%d items\"],\"args\":[\"3\"]}"); /* a string */
    refused("{\"msgids\":[\"%d items\"],\"args\":[2.5]}");   /* a real */
    refused("{\"msgids\":[\"%s\"],\"args\":[4]}");
    refused("{\"msgids\":[\"%d and %d\"],\"args\":[1]}");     /* too few */
    refused("{\"msgids\":[\"%d\"],\"args\":[1,2]}");          /* too many */
    refused("{\"msgids\":[\"%*d\"],\"args\":[1,2]}");
    refused("{\"msgids\":[],\"args\":[]}");
    refused("{\"msgids\":[\"%s\"],\"args\":[{\"word\":\"x\"}]}");
    refused("null");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
