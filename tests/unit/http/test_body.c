/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Kept page bodies: the plain text with each reader's fills, and the
 * gzip member that inflates to exactly the same bytes. */
#include "testutil.h"

#include <stdlib.h>
#include <zlib.h>

#include "http/body.h"

static const char *const marks[] = {"<!--tr:nav-->", "<!--tr:csrf-->"};

/* The iov entries joined. */
static void join(const struct iovec *iov, size_t n, struct buf *out)
{
    buf_reset(out);
    for (size_t i = 0; i < n; i++)
        buf_add(out, iov[i].iov_base, iov[i].iov_len);
}

/* in (a gzip member) inflated into out; Z_STREAM_END when whole. */
static int gunzip(const struct buf *in, struct buf *out)
{
    z_stream z;
    unsigned char chunk[4096];
    int rc;

    memset(&z, 0, sizeof(z));
    assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    buf_reset(out);
    do {
        z.next_out = chunk;
        z.avail_out = sizeof(chunk);
        rc = inflate(&z, Z_NO_FLUSH);
        buf_add(out, chunk, sizeof(chunk) - z.avail_out);
    } while (rc == Z_OK);
    if (rc == Z_STREAM_END && z.avail_in) /* bytes after the member */
        rc = Z_DATA_ERROR;
    inflateEnd(&z);
    return rc;
}

/* The body of page with fills, plain and gzip: both must be want. */
static void check(const char *page, const char *nav, const char *csrf,
                  const char *want)
{
    struct buf text = BUF_INIT, scratch = BUF_INIT, got = BUF_INIT,
               plain = BUF_INIT;
    const char *fills[] = {nav, csrf};
    size_t lens[] = {strlen(nav), strlen(csrf)}, len, n;
    struct http_body *b;
    struct iovec *iov;

    buf_puts(&text, page);
    b = http_body_new(&text, marks, 2);
    iov = calloc(http_body_niov(b), sizeof(*iov));
    n = http_body_iov(b, fills, lens, 0, &scratch, iov, &len);
    assert_true(n <= http_body_niov(b));
    join(iov, n, &got);
    assert_int_equal(len, got.len);
    assert_int_equal(got.len, strlen(want));
    assert_memory_equal(got.data ? got.data : "", want, strlen(want));
    n = http_body_iov(b, fills, lens, 1, &scratch, iov, &len);
    assert_true(n <= http_body_niov(b));
    join(iov, n, &got);
    assert_int_equal(len, got.len);
    assert_int_equal(gunzip(&got, &plain), Z_STREAM_END);
    assert_int_equal(plain.len, strlen(want));
    assert_memory_equal(plain.data ? plain.data : "", want, strlen(want));
    free(iov);
    http_body_unref(http_body_ref(b)); /* one reference left */
    http_body_unref(b);
    buf_release(&text);
    buf_release(&scratch);
    buf_release(&got);
    buf_release(&plain);
}

static void test_fills(void **state)
{
    (void)state;
    check("<html><!--tr:nav--><main><form><input value=\"<!--tr:csrf-->\">"
          "</form></main><!--tr:csrf--></html>\n",
          "<nav>ann</nav>", "0af3",
          "<html><nav>ann</nav><main><form><input value=\"0af3\"></form>"
          "</main>0af3</html>\n");
    /* markers first, last, next to each other; an empty fill */
    check("<!--tr:nav--><!--tr:csrf-->x<!--tr:nav-->", "N", "",
          "NxN");
    /* no marker, an empty page, a marker's prefix that is not one */
    check("<!--tr:navx <!--tr: plain", "N", "C",
          "<!--tr:navx <!--tr: plain");
    check("", "N", "C", "");
}

static void test_big(void **state)
{
    /* parts and a fill over 64 KiB: several deflate and stored blocks */
    struct buf page = BUF_INIT, nav = BUF_INIT, want = BUF_INIT;

    (void)state;
    for (int i = 0; i < 20000; i++)
        buf_addf(&page, "<tr><td>team %d</td></tr>", i * 7919 % 10007);
    buf_puts(&page, "<!--tr:nav-->");
    for (int i = 0; i < 5000; i++)
        buf_addf(&page, "%d,", i * 31 % 977);
    for (int i = 0; i < 70000; i++)
        buf_putc(&nav, (char)('a' + i * 7 % 26));
    {
        const char *m = strstr(buf_str(&page), "<!--tr:nav-->");
        size_t at = (size_t)(m - page.data);

        buf_reset(&want);
        buf_add(&want, page.data, at);
        buf_add(&want, nav.data, nav.len);
        buf_puts(&want, m + strlen("<!--tr:nav-->"));
    }
    check(buf_str(&page), buf_str(&nav), "", buf_str(&want));
    buf_release(&page);
    buf_release(&nav);
    buf_release(&want);
}

static void test_accepts(void **state)
{
    (void)state;
    assert_true(http_accepts_gzip("gzip"));
    assert_true(http_accepts_gzip("gzip, deflate, br"));
    assert_true(http_accepts_gzip("br;q=1.0, GZip;q=0.5"));
    assert_true(http_accepts_gzip("x-gzip"));
    assert_true(http_accepts_gzip("*"));
    assert_true(http_accepts_gzip(" deflate , gzip ; q=0.001"));
    assert_false(http_accepts_gzip(NULL));
    assert_false(http_accepts_gzip(""));
    assert_false(http_accepts_gzip("identity"));
    assert_false(http_accepts_gzip("deflate, br"));
    assert_false(http_accepts_gzip("gzip;q=0"));
    assert_false(http_accepts_gzip("gzip; q=0.000, *"));
    assert_false(http_accepts_gzip("*;q=0"));
    assert_false(http_accepts_gzip("gzipped"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fills),
        cmocka_unit_test(test_big),
        cmocka_unit_test(test_accepts),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
