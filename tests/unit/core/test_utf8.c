/* SPDX-License-Identifier: GPL-3.0-or-later */
/* UTF-8: the offset of the first invalid byte, and repairing text that
 * holds some (each such byte becomes U+FFFD, valid text is kept as is). */
#include "testutil.h"

#include <string.h>

#include "core/utf8.h"

static void test_check(void **state)
{
    (void)state;
    assert_int_equal(utf8_check("clear win", 9), 9);
    assert_int_equal(utf8_check("clear \xFF win", 11), 6);
    assert_int_equal(utf8_check("caf\xC3\xA9", 5), 5);
    assert_int_equal(utf8_check("caf\xC3", 4), 3);          /* cut short */
    assert_int_equal(utf8_check("\xC0\xAF", 2), 0);         /* overlong */
    assert_int_equal(utf8_check("\xED\xA0\x80", 3), 0);     /* surrogate */
    assert_int_equal(utf8_check("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
}

static void repaired(const char *in, size_t len, const char *want)
{
    struct buf b = BUF_INIT;

    utf8_repair(&b, in, len);
    assert_string_equal(buf_str(&b), want);
    assert_int_equal(utf8_check(buf_str(&b), b.len), b.len);
    buf_release(&b);
}

static void test_repair(void **state)
{
    (void)state;
    repaired("", 0, "");
    repaired("clear win", 9, "clear win");
    repaired("caf\xC3\xA9", 5, "caf\xC3\xA9");
    repaired("clear \xFF win", 11, "clear \xEF\xBF\xBD win");
    repaired("\xFF\xFE", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
    repaired("caf\xC3", 4, "caf\xEF\xBF\xBD");
    repaired("\xE2\x82x", 3, "\xEF\xBF\xBD\xEF\xBF\xBDx");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_repair),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
