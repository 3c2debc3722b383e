/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Proxy and DNS log parsers on the real samples in tests/fixtures/logs/
 * and on the traps FORMATS.md lists. */
#include "testutil.h"

#include "import/weblog.h"

struct counts {
    int events, skipped, malformed, no_host;
};

static struct counts scan(const char *rel, enum weblog_format f, int year)
{
    char path[256];
    struct counts c = {0, 0, 0, 0};
    struct weblog w;
    struct weblog_event ev;
    size_t len;
    char *text, *p, *nl;

    snprintf(path, sizeof(path), "%s/logs/%s", TU_FIXTURES, rel);
    text = tu_read_file(path, &len);
    weblog_init(&w, f, year);
    for (p = text; *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl)
            nl = p + strlen(p) - 1;
        switch (weblog_parse(&w, p, (size_t)(nl - p + (*nl != '\n')), &ev)) {
        case WL_EVENT:
            c.events++;
            break;
        case WL_SKIP:
            c.skipped++;
            break;
        case WL_MALFORMED:
            c.malformed++;
            break;
        case WL_NO_HOST:
            c.no_host++;
            break;
        }
    }
    free(text);
    return c;
}

static void expect(const char *line, enum weblog_format f,
                   enum weblog_result want, long long ts, const char *user,
                   const char *ip, const char *host)
{
    struct weblog w;
    struct weblog_event ev;

    weblog_init(&w, f, 2025);
    assert_int_equal(weblog_parse(&w, line, strlen(line), &ev), want);
    if (want != WL_EVENT)
        return;
    assert_int_equal(ev.ts, ts);
    if (user) {
        assert_int_equal(ev.user_len, strlen(user));
        assert_memory_equal(ev.user, user, strlen(user));
    } else
        assert_null(ev.user);
    assert_int_equal(ev.ip_len, strlen(ip));
    assert_memory_equal(ev.ip, ip, strlen(ip));
    assert_int_equal(ev.host_len, strlen(host));
    assert_memory_equal(ev.host, host, strlen(host));
}

static void test_samples(void **state)
{
    struct counts c;

    (void)state;
    c = scan("squid/access.log", WL_SQUID, 0);
    assert_int_equal(c.events, 100);
    c = scan("apache/apache_logs.head1000.log", WL_COMBINED, 0);
    /* a web server's log: paths only, no hosts */
    assert_int_equal(c.events + c.no_host + c.malformed, 1000);
    assert_true(c.no_host > 990);
    c = scan("zeek/http.log", WL_ZEEK, 0);
    /* btest masks the timestamps: every data line is malformed */
    assert_int_equal(c.events, 0);
    assert_true(c.malformed > 0);
    c = scan("zeek/lnav_bro_http.log", WL_ZEEK, 0);
    assert_true(c.events > 190);
    assert_int_equal(c.malformed, 0);
    c = scan("umbrella/dnslogs.csv", WL_UMBRELLA, 0);
    assert_int_equal(c.events, 15);
    c = scan("bind/infoblox_nios_named_syslog.log", WL_BIND, 0);
    assert_true(c.events >= 2);
}

static void test_fields(void **state)
{
    (void)state;
    expect("1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT "
           "login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -",
           WL_SQUID, WL_EVENT, 1157689312, "badeyek", "10.105.21.199",
           "login.yahoo.com:443");
    expect("1700000000.000 12 10.0.0.7 TCP_MISS/200 512 GET "
           "https://Chat.OpenAI.com./c/abc?q=secret - DIRECT/1.2.3.4 text/html",
           WL_SQUID, WL_EVENT, 1700000000, NULL, "10.0.0.7",
           "Chat.OpenAI.com.");
    expect("10.1.1.1 - alice [17/May/2015:10:05:03 +0200] \"CONNECT "
           "api.openai.com:443 HTTP/1.1\" 200 0 \"-\" \"curl\"",
           WL_COMBINED, WL_EVENT, 1431849903, "alice", "10.1.1.1",
           "api.openai.com:443");
    expect("\"2020-07-23 23:49:54\",\"elasticuser\",\"x\",\"192.168.1.1\","
           "\"81.2.69.144\",\"Allowed\",\"1 (A)\",\"NOERROR\","
           "\"www.elastic.co.\",\"c\"",
           WL_UMBRELLA, WL_EVENT, 1595548194, "elasticuser", "192.168.1.1",
           "www.elastic.co.");
    expect("12-Mar-2025 09:14:07.212 queries: info: client @0x7f1 "
           "10.20.4.17#53422 (chatgpt.com): query: chatgpt.com IN A +E(0)K "
           "(10.0.0.53)",
           WL_BIND, WL_EVENT, 1741770847, NULL, "10.20.4.17", "chatgpt.com");
    expect("Mar  9 09:14:07 dnsmasq[2221]: query[A] gemini.google.com from "
           "10.20.4.17",
           WL_DNSMASQ, WL_EVENT, 1741511647, NULL, "10.20.4.17",
           "gemini.google.com");
    expect("Mar  9 09:14:07 dnsmasq[2221]: reply gemini.google.com is 1.2.3.4",
           WL_DNSMASQ, WL_SKIP, 0, NULL, "", "");
    expect("garbage", WL_SQUID, WL_MALFORMED, 0, NULL, "", "");
    expect("\x01\x02\xff binary", WL_COMBINED, WL_MALFORMED, 0, NULL, "", "");
    expect("1700000000.1 1 10.0.0.1 TCP/200 1 GET /local - - -", WL_SQUID,
           WL_NO_HOST, 0, NULL, "", "");
    expect("XXXXXXXXXX.XXXXXX\tC1\t1.2.3.4\t1\t2.3.4.5\t80", WL_ZEEK,
           WL_MALFORMED, 0, NULL, "", ""); /* no #fields header yet */
}

static void test_zscaler(void **state)
{
    static const char line[] = "\"Mon Jun 20 15:29:11 2022\",\"ann\","
                               "\"10.1.2.3\",\"https%3A%2F%2FClaude.ai%2F"
                               "chat\",\"Legal\"";
    struct weblog w;
    struct weblog_event ev;
    struct diag d;

    (void)state;
    diag_init(&d);
    weblog_init(&w, WL_ZSCALER, 0);
    assert_int_equal(weblog_parse(&w, line, strlen(line), &ev), WL_MALFORMED);
    assert_int_equal(weblog_fields(&w, "time,dept", ',', &d), TR_EUSAGE);
    assert_int_equal(weblog_fields(&w, "time,login,cip,eurl,dept", ',', &d),
                     0);
    assert_int_equal(weblog_parse(&w, line, strlen(line), &ev), WL_EVENT);
    assert_int_equal(ev.ts, 1655738951);
    assert_int_equal(ev.host_len, 9);
    assert_memory_equal(ev.host, "Claude.ai", 9);
    assert_memory_equal(ev.user, "ann", 3);
    diag_release(&d);
}

/* The Squid host finder reads field starts from a mask of the first 128
 * bytes and falls back to a byte loop: it must agree with the full
 * parser wherever the URL starts and however long the line is. */
static void test_squid_host_offsets(void **state)
{
    char line[512];
    struct weblog w;
    struct weblog_event ev;

    (void)state;
    weblog_init(&w, WL_SQUID, 0);
    for (int pad = 0; pad < 200; pad++)
        for (int tail = 0; tail < 3; tail++) {
            const char *h;
            size_t hn;
            int n = snprintf(line, sizeof(line),
                             "1772409600.075 %*d 10.1.2.3 TCP_MISS/200 1 GET "
                             "%s u%s",
                             pad + 1, 7,
                             tail == 2 ? "claude.ai:443"
                                       : "https://Claude.ai/chat?q=1",
                             tail == 1 ? " HIER_DIRECT/1.2.3.4 text/html" : "");

            assert_int_equal(weblog_host(&w, line, (size_t)n, &h, &hn),
                             WL_EVENT);
            assert_int_equal(weblog_parse(&w, line, (size_t)n, &ev),
                             WL_EVENT);
            assert_int_equal(hn, ev.host_len);
            assert_ptr_equal(h, ev.host);
            assert_int_equal(hn, tail == 2 ? 13 : 9);
            /* cut before the user field: malformed, whatever the length */
            n = (int)(strstr(line, " u") - line);
            assert_int_equal(weblog_host(&w, line, (size_t)n, &h, &hn),
                             WL_MALFORMED);
        }
}

/* URLs of every shape the host finder reads in its 32-byte window or
 * leaves to the byte loop: it must agree with the full parser on each,
 * at URL offsets on both sides of the window's reach. */
static void test_squid_url_shapes(void **state)
{
    static const char *const urls[] = {
        "http://a.b/x", "https://Claude.ai/chat?q=1", "claude.ai:443",
        "ftp://x.y/z", "/just/a/path", "http://user:pw@chatgpt.com:8443/x",
        "HTTP://X.COM", "http://host.example.com", "h://", "a?b://c",
        "http://x.com#frag", "x.com?a=b", "://nohost/x", "http:/x.com/",
        "http://0123456789012345678901234567890123456789.example.com/p",
        "verylongscheme-xxxxxxxxxxxxxxxxxxxxxxxxxx://host.example/x",
        "012345678901234567890123456://x.y/", "0123456789012345678901234567://x.y/",
        "01234567890123456789012345678://x.y/",
        "0123456789012345678901234567890123456789.example.com:443",
        "[2001:db8::1]:443", "http://[2001:db8::1]/x", "-",
    };
    char line[512];
    struct weblog w;
    struct weblog_event ev;

    (void)state;
    weblog_init(&w, WL_SQUID, 0);
    for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
        for (int pad = 0; pad < 90; pad += 3)
            for (int tail = 0; tail < 2; tail++) {
                const char *h = NULL;
                size_t hn = 0;
                int n = snprintf(line, sizeof(line),
                                 "1772409600.075 %*d 10.1.2.3 TCP_MISS/200 1 "
                                 "GET %s u%s",
                                 pad + 1, 7, urls[i],
                                 tail ? " HIER_DIRECT/1.2.3.4 text/html" : "");
                enum weblog_result r = weblog_host(&w, line, (size_t)n, &h,
                                                   &hn);

                memset(&ev, 0, sizeof(ev));
                assert_int_equal(r, weblog_parse(&w, line, (size_t)n, &ev));
                if (r == WL_EVENT) {
                    assert_int_equal(hn, ev.host_len);
                    assert_ptr_equal(h, ev.host);
                }
            }
}

/* The space bits of a line's first 128 bytes, as a scan's masks give. */
static void bits_of(const char *line, size_t len, uint64_t sp[2])
{
    sp[0] = sp[1] = 0;
    for (size_t i = 0; i < len && i < 128; i++)
        if (line[i] == ' ')
            sp[i / 64] |= 1ull << (i % 64);
}

/* The Squid event reader on space bits gives exactly what the full
 * parser gives: every field, at offsets on both sides of the window's
 * words and end, with dashes, carriage returns and too few fields. */
static void test_squid_event_from_bits(void **state)
{
    static const char *const urls[] = {
        "https://Claude.ai/chat?q=1", "claude.ai:443", "/a/path", "-",
        "http://user:pw@chatgpt.com:8443/x",
        "http://0123456789012345678901234567890123456789.example.com/p",
    };
    static const char *const users[] = {"-", "ann", "DOMAIN\\bob.smith",
                                        "averyveryverylongusernamethatruns"};
    static const char *const tails[] = {"", " HIER_DIRECT/1.2.3.4 text/html",
                                        "\r", " -"};
    char line[600];
    struct weblog w;

    (void)state;
    weblog_init(&w, WL_SQUID, 0);
    for (size_t u = 0; u < sizeof(urls) / sizeof(urls[0]); u++)
        for (size_t v = 0; v < sizeof(users) / sizeof(users[0]); v++)
            for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++)
                for (int pad = 0; pad < 110; pad += 1 + pad / 8) {
                    struct weblog_event a, b;
                    uint64_t sp[2];
                    int n = snprintf(line, sizeof(line),
                                     "1772409600.075 %*d 10.1.2.3 TCP_MISS/200 "
                                     "1 GET %s %s%s",
                                     pad + 1, 7, urls[u], users[v], tails[t]);
                    enum weblog_result ra, rb;

                    bits_of(line, (size_t)n, sp);
                    ra = weblog_parse(&w, line, (size_t)n, &a);
                    rb = weblog_squid_event(&w, line, (size_t)n, sp, &b);
                    assert_int_equal(ra, rb);
                    if (ra != WL_EVENT)
                        continue;
                    assert_int_equal(a.ts, b.ts);
                    assert_ptr_equal(a.ip, b.ip);
                    assert_int_equal(a.ip_len, b.ip_len);
                    assert_ptr_equal(a.user, b.user);
                    assert_int_equal(a.user_len, b.user_len);
                    assert_ptr_equal(a.host, b.host);
                    assert_int_equal(a.host_len, b.host_len);
                }
    /* not a Squid line, or too few fields: what the parser says */
    {
        static const char *const bad[] = {
            "x1772409600.075 1 10.1.2.3 TCP_MISS/200 1 GET claude.ai:443 u",
            "1772409600.075 1 10.1.2.3 TCP_MISS/200 1 GET claude.ai:443",
            "17724096x0.075 1 10.1.2.3 TCP_MISS/200 1 GET claude.ai:443 u",
            "", "   ",
        };

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            struct weblog_event a, b;
            uint64_t sp[2];
            size_t n = strlen(bad[i]);

            bits_of(bad[i], n, sp);
            assert_int_equal(weblog_squid_event(&w, bad[i], n, sp, &b),
                             weblog_parse(&w, bad[i], n, &a));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_zscaler),
        cmocka_unit_test(test_squid_host_offsets),
        cmocka_unit_test(test_squid_url_shapes),
        cmocka_unit_test(test_squid_event_from_bits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
