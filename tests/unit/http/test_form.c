/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Form bodies as browsers send them. */
#include "testutil.h"

#include "http/form.h"

static void test_values(void **state)
{
    static const char body[] = "csrf=0af3&why=no+effect%21+%E2%88%92&x=&"
                               "learned=a%3Db%26c&bad=%zz%4";
    char out[64];

    (void)state;
    assert_int_equal(http_form_value(body, strlen(body), "csrf", out,
                                     sizeof(out)), 1);
    assert_string_equal(out, "0af3");
    http_form_value(body, strlen(body), "why", out, sizeof(out));
    assert_string_equal(out, "no effect! \xE2\x88\x92");
    http_form_value(body, strlen(body), "learned", out, sizeof(out));
    assert_string_equal(out, "a=b&c"); /* escaped separators stay data */
    assert_int_equal(http_form_value(body, strlen(body), "x", out,
                                     sizeof(out)), 1);
    assert_string_equal(out, "");
    http_form_value(body, strlen(body), "bad", out, sizeof(out));
    assert_string_equal(out, "%zz%4"); /* malformed escapes kept as given */
    /* absent, a prefix of a name, or a name without '=' */
    assert_int_equal(http_form_value(body, strlen(body), "cs", out,
                                     sizeof(out)), 0);
    assert_string_equal(out, "");
    assert_int_equal(http_form_value("name", 4, "name", out, sizeof(out)), 0);
    assert_int_equal(http_form_value(NULL, 0, "name", out, sizeof(out)), 0);
}

static void test_cut(void **state)
{
    char out[4];

    (void)state;
    assert_int_equal(http_form_value("a=123456", 8, "a", out, sizeof(out)),
                     HTTP_FORM_TOO_LONG);
    assert_string_equal(out, "123");
    assert_int_equal(http_form_value("a=123", 5, "a", out, sizeof(out)),
                     HTTP_FORM_PRESENT);
    assert_int_equal(http_form_value("a=1%2", 5, "a", out, sizeof(out)),
                     HTTP_FORM_PRESENT); /* "%2" is kept as two bytes */
    assert_string_equal(out, "1%2");
    assert_int_equal(http_form_value("a=%41%42%43%44", 14, "a", out,
                                     sizeof(out)),
                     HTTP_FORM_TOO_LONG);
    /* a NUL byte would cut what is stored short: said, not hidden */
    assert_int_equal(http_form_value("a=1%002", 7, "a", out, sizeof(out)),
                     HTTP_FORM_NUL);
    assert_string_equal(out, "1");
    /* the length given is the end, whatever follows in memory */
    assert_int_equal(http_form_value("a=12&b=3", 4, "b", out, sizeof(out)),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_cut),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
