/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Text that is not UTF-8 reaching a view: HTML shows U+FFFD, JSON gets
 * U+FFFD through vjson_text, and a json_pack that failed on it is an
 * error from vjson_emit, never a crash (issue 22, item 1). */
#include "testutil.h"

#include "core/diag.h"
#include "view/html.h"
#include "view/json.h"

static void test_html(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    vhtml_esc(&b, "a<\xFF>\xC3\xA9\xE2\x82");
    assert_string_equal(buf_str(&b),
                        "a&lt;\xEF\xBF\xBD&gt;\xC3\xA9\xEF\xBF\xBD\xEF\xBF\xBD");
    buf_release(&b);
}

/* Element content only: quotes stay, the length is honoured, a bad
 * byte cut by the length is still replaced. */
static void test_html_content(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    vhtml_esc(&b, "it's \"x\" & y");
    assert_string_equal(buf_str(&b), "it&#39;s &quot;x&quot; &amp; y");
    buf_reset(&b);
    vhtml_esc_content(&b, "it's \"x\" & <y>", 13);
    assert_string_equal(buf_str(&b), "it's \"x\" &amp; &lt;y");
    buf_reset(&b);
    vhtml_esc_content(&b, "\xC3\xA9\xC3\xA9", 3);
    assert_string_equal(buf_str(&b), "\xC3\xA9\xEF\xBF\xBD");
    buf_release(&b);
}

static void test_json(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    /* jansson refuses the raw text: json_pack returns NULL */
    assert_null(json_pack("{s:s}", "why", "clear \xFF win"));
    assert_int_equal(vjson_emit(&b, json_pack("{s:s}", "why", "x\xFF")),
                     TR_EINVAL);
    assert_int_equal(b.len, 0);
    assert_int_equal(vjson_emit(&b, json_pack("{s:o}", "why",
                                              vjson_text("clear \xFF win"))),
                     0);
    assert_string_equal(buf_str(&b),
                        "{\n  \"why\": \"clear \xEF\xBF\xBD win\"\n}\n");
    buf_reset(&b);
    /* null alone is not a JSON text jansson dumps (nor a string) */
    assert_int_equal(vjson_emit(&b, vjson_text(NULL)), TR_EINVAL);
    assert_int_equal(vjson_array_add(&b, NULL, 0), TR_EINVAL);
    assert_int_equal(b.len, 0);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_content),
        cmocka_unit_test(test_json),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
