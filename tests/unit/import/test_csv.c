/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The CSV reader: positions, quoting, BOM, CRLF, blank lines, NUL bytes,
 * invalid UTF-8, UTF-16, semicolons, unterminated quotes and oversized
 * records. */
#include "testutil.h"

#include "import/csv.h"

struct rec {
    long line;
    size_t nfields;
    char text[256]; /* fields joined by '|' */
    const char *problem;
};

struct recorder {
    struct rec recs[16];
    size_t n;
};

static int record(void *ctx, const struct csv_record *r, struct diag *diag)
{
    struct recorder *rc = ctx;
    struct rec *out = &rc->recs[rc->n++];
    size_t off = 0;

    (void)diag;
    assert_true(rc->n <= 16);
    out->line = r->line;
    out->nfields = r->nfields;
    out->problem = r->problem;
    for (size_t i = 0; i < r->nfields; i++)
        off += (size_t)snprintf(out->text + off, sizeof(out->text) - off,
                                "%s%s", i ? "|" : "", r->fields[i]);
    return 0;
}

static int read_all(const char *s, size_t len, struct recorder *r,
                    struct diag *d)
{
    memset(r, 0, sizeof(*r));
    return csv_read_buf(s, len, ',', record, r, d);
}

static void test_lines_and_quotes(void **state)
{
    static const char in[] = "\xEF\xBB\xBF"
                             "a,b,c\r\n"
                             "1,\"two, with comma\",3\r\n"
                             "\r\n"
                             "4,\"multi\nline \"\"quoted\"\"\",6\r\n"
                             "7,,9";
    struct recorder r;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(read_all(in, sizeof(in) - 1, &r, &d), 0);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.recs[0].text, "a|b|c"); /* BOM stripped */
    assert_int_equal(r.recs[0].line, 1);
    assert_string_equal(r.recs[1].text, "1|two, with comma|3");
    assert_int_equal(r.recs[1].line, 2);
    assert_string_equal(r.recs[2].text, "4|multi\nline \"quoted\"|6");
    assert_int_equal(r.recs[2].line, 4); /* after the blank line 3 */
    assert_string_equal(r.recs[3].text, "7||9");
    assert_int_equal(r.recs[3].line, 6); /* the quoted newline counts */
    diag_release(&d);
}

/* Lone CRs end lines (classic Mac files, and Excel's "CSV (Macintosh)"):
 * every record of such a file was numbered line 1 (the costs fuzzer's
 * crash of 2026-12-03). A CRLF split between two blocks ends one line. */
static void test_cr_lines(void **state)
{
    static const char in[] = "a,b\r1,2\r\r\"x\ry\",4\r5,6";
    static const char head[] = "a,b\r";
    static const char rest[] = "\n1,2\r\n3,4\n";
    struct recorder r;
    struct diag d;
    FILE *fp;

    (void)state;
    diag_init(&d);
    assert_int_equal(read_all(in, sizeof(in) - 1, &r, &d), 0);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.recs[1].text, "1|2");
    assert_int_equal(r.recs[1].line, 2);
    assert_string_equal(r.recs[2].text, "x\ry|4");
    assert_int_equal(r.recs[2].line, 4); /* after the blank line 3 */
    assert_string_equal(r.recs[3].text, "5|6");
    assert_int_equal(r.recs[3].line, 6); /* the quoted CR counts */
    memset(&r, 0, sizeof(r));
    fp = fmemopen((void *)rest, sizeof(rest) - 1, "r");
    assert_non_null(fp);
    assert_int_equal(csv_read_stream(fp, head, sizeof(head) - 1, ',', 0,
                                     NULL, record, &r, &d),
                     0);
    fclose(fp);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.recs[1].line, 2);
    assert_int_equal(r.recs[2].line, 3);
    diag_release(&d);
}

/* Excel's "Unicode Text" (UTF-16) and its CSV in locales with a decimal
 * comma (semicolons): issue 22, item 12. */
static void test_utf16_and_semicolons(void **state)
{
    static const char le[] = "\xFF\xFEi\0d\0,\0";
    static const char nobom[] = "i\0d\0,\0t\0";
    static const char semi[] = "id;team;note\na@x.org;T;\"1,5; or so\"\n";
    static const char both[] = "id,team;x\n1,2;3\n";
    struct recorder r;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(read_all(le, sizeof(le) - 1, &r, &d), TR_EPARSE);
    assert_int_equal(r.n, 0);
    assert_non_null(strstr(d.problems[0].msg, "the file is UTF-16 text"));
    assert_int_equal(d.problems[0].line, 1);
    diag_release(&d);
    diag_init(&d);
    assert_int_equal(read_all(nobom, sizeof(nobom) - 1, &r, &d), TR_EPARSE);
    diag_release(&d);
    diag_init(&d);
    assert_int_equal(read_all(semi, sizeof(semi) - 1, &r, &d), 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.recs[0].text, "id|team|note");
    assert_string_equal(r.recs[1].text, "a@x.org|T|1,5; or so");
    assert_int_equal(read_all(both, sizeof(both) - 1, &r, &d), 0);
    assert_string_equal(r.recs[1].text, "1|2;3"); /* commas win */
    diag_release(&d);
}

static void test_nul_and_utf8_flagged(void **state)
{
    static const char in[] = "a,b\nx\0y,z\nok,\xC3\x28\n";
    struct recorder r;

    (void)state;
    assert_int_equal(read_all(in, sizeof(in) - 1, &r, NULL), 0);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.recs[1].problem, "NUL byte in field");
    assert_string_equal(r.recs[2].problem, "invalid UTF-8");
}

static void test_unterminated_quote(void **state)
{
    static const char in[] = "a,b\n1,2\n3,\"open\n4,5\n";
    struct recorder r;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(read_all(in, sizeof(in) - 1, &r, &d), TR_EPARSE);
    assert_int_equal(d.problems[0].line, 3);
    assert_int_equal(d.problems[0].col, 2);
    assert_string_equal(d.problems[0].msg, "unterminated quote");
    diag_release(&d);
}

static void test_malformed_quote(void **state)
{
    static const char in[] = "a,b\n1,\"x\"y\n";
    struct recorder r;
    struct diag d;

    (void)state;
    diag_init(&d);
    assert_int_equal(read_all(in, sizeof(in) - 1, &r, &d), TR_EPARSE);
    assert_int_equal(d.problems[0].line, 2);
    assert_string_equal(d.problems[0].msg, "malformed quoted field");
    diag_release(&d);
}

static void test_record_limit(void **state)
{
    size_t len = CSV_RECORD_MAX + 100;
    char *big = xmalloc(len);
    struct recorder r;
    struct diag d;

    (void)state;
    memset(big, 'x', len);
    memcpy(big, "h\n", 2);
    diag_init(&d);
    assert_int_equal(read_all(big, len, &r, &d), TR_EPARSE);
    assert_int_equal(d.problems[0].line, 2);
    assert_non_null(strstr(d.problems[0].msg, "record longer than"));
    diag_release(&d);
    free(big);
}

static void test_quote_roundtrip(void **state)
{
    struct buf b = BUF_INIT;

    (void)state;
    csv_quote(&b, "plain", 5);
    buf_putc(&b, ',');
    csv_quote(&b, "a,\"b\"\n", 6);
    assert_string_equal(buf_str(&b), "plain,\"a,\"\"b\"\"\n\"");
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_quotes),
        cmocka_unit_test(test_cr_lines),
        cmocka_unit_test(test_nul_and_utf8_flagged),
        cmocka_unit_test(test_utf16_and_semicolons),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_malformed_quote),
        cmocka_unit_test(test_record_limit),
        cmocka_unit_test(test_quote_roundtrip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
