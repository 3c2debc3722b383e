/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The AI-service catalog: host normalisation, most-specific matching,
 * roles, user files that refine the built-in catalog, and bad files. */
#include "testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "catalog/catalog.h"

static const struct catalog_rule *match(const struct catalog *c,
                                        const char *in)
{
    char host[CATALOG_HOST_MAX + 1];
    size_t n = catalog_host(in, strlen(in), host);

    return n ? catalog_match(c, host, n) : NULL;
}

static const char *service_of(const struct catalog *c, const char *in)
{
    const struct catalog_rule *r = match(c, in);

    return r ? c->services[r->service].name : "-";
}

static void test_host_normalisation(void **state)
{
    char out[CATALOG_HOST_MAX + 1];
    char long_host[300];

    (void)state;
    assert_int_equal(catalog_host("ChatGPT.COM.", 12, out), 11);
    assert_memory_equal(out, "chatgpt.com", 11);
    assert_int_equal(catalog_host("api.openai.com:443", 18, out), 14);
    assert_int_equal(catalog_host("bob@deepl.com", 13, out), 9);
    assert_int_equal(catalog_host("[::1]:443", 9, out), 0);
    assert_int_equal(catalog_host("2001:db8::1", 11, out), 0);
    assert_int_equal(catalog_host("192.168.1.10", 12, out), 0);
    assert_int_equal(catalog_host("", 0, out), 0);
    assert_int_equal(catalog_host("a b.com", 7, out), 0);
    memset(long_host, 'a', sizeof(long_host));
    assert_int_equal(catalog_host(long_host, sizeof(long_host), out), 0);
}

static void test_builtin_matching(void **state)
{
    struct catalog c;

    (void)state;
    catalog_init(&c);
    assert_int_equal(catalog_load_builtin(&c, NULL), 0);
    assert_true(c.nrules > 250);
    assert_string_equal(service_of(&c, "chatgpt.com"), "ChatGPT");
    assert_string_equal(service_of(&c, "ab.cd.chatgpt.com."), "ChatGPT");
    assert_string_equal(service_of(&c, "api.openai.com"), "OpenAI API");
    assert_string_equal(service_of(&c, "www.deepl.com"), "DeepL");
    assert_string_equal(service_of(&c, "chat.mistral.ai"), "Le Chat");
    assert_string_equal(service_of(&c, "notebooklm.google.com"), "NotebookLM");
    assert_string_equal(service_of(&c, "example.com"), "-");
    assert_string_equal(service_of(&c, "notchatgpt.com"), "-");
    /* a vendor's marketing site is matched but is not use */
    assert_false(catalog_counts_as_use(match(&c, "openai.com")->role));
    assert_false(catalog_counts_as_use(match(&c, "www.anthropic.com")->role));
    assert_true(catalog_counts_as_use(match(&c, "claude.ai")->role));
    /* upstream @ads rules (shared telemetry) and shared hosts are gone */
    assert_null(match(&c, "browser-intake-datadoghq.com"));
    assert_null(match(&c, "copilot-telemetry.githubusercontent.com"));
    assert_null(match(&c, "turn.livekit.cloud"));
    catalog_release(&c);
}

/* The quick no reads hosts as logs write them; it may say maybe for a
 * host with no rule, never no for one that has a rule. */
static void test_raw_prefilter(void **state)
{
    static const char *const hits[] = {
        "chatgpt.com", "ChatGPT.COM", "chatgpt.com.", "chatgpt.com:443",
        "CHAT.OPENAI.COM.:8443", "bob@chatgpt.com", "bob.smith@www.DeepL.com",
        "ab.cd.chatgpt.com", "claude.ai", "Claude.AI..",
    };
    struct catalog c;
    char host[CATALOG_HOST_MAX + 1];

    (void)state;
    catalog_init(&c);
    assert_int_equal(catalog_load_builtin(&c, NULL), 0);
    for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
        size_t n = catalog_host(hits[i], strlen(hits[i]), host);

        assert_true(n && catalog_match(&c, host, n));
        assert_true(catalog_may_match(&c, hits[i], strlen(hits[i])));
    }
    /* most ordinary hosts are refused at once */
    assert_false(catalog_may_match(&c, "static.example.org", 18));
    assert_false(catalog_may_match(&c, "intranet.corp.example:443", 25));
    assert_false(catalog_may_match(&c, "www.wikipedia.org", 17));
    /* an IPv6 literal is no host name: the full path refuses it too */
    assert_int_equal(catalog_host("[::1]:443", 9, host), 0);
    assert_false(catalog_may_match(&c, "localhost", 9));
    catalog_release(&c);
}

/* Every rule host in the forms a log may write it (case, subdomains
 * long enough to pass the 32-byte window, user, port, trailing dots) is
 * a maybe, whether the host is read in place (padded) or copied; and the
 * two readings agree on ordinary hosts. */
static void test_prefilter_rule_forms(void **state)
{
    static const char *const pre[] = {"", "www.", "A.b-c.",
                                      "averyveryverylongsubdomainname.x."};
    static const char *const post[] = {"", ":443", ".", "..:8443", ":"};
    static const char *const other[] = {
        "www.google.com", "news.example.com:443", "x", "a.b", "...", ":443",
        "1.2.3.4", "1.2.3.4:8080", "443", "8", ".8", "@8", "a.b.", "bob@", "@x.y", "a.b@c", "[::1]:443",
        "0123456789012345678901234567890123456789",
        "a.0123456789012345678901234567890123456789",
        "0123456789012345678901234567890123456789.a.b:1234567",
        "chatgpt.com:abc", "bob:pw@chatgpt.com:8443", "a@b@chatgpt.com",
        "CHATGPT.COM...", "x.claude.ai.:", "claude.ai:1:2",
    };
    struct catalog c;
    char *buf = malloc(CATALOG_PAD + 512), *at = buf + CATALOG_PAD;

    (void)state;
    for (size_t i = 0; i < CATALOG_PAD + 512; i++) /* bytes before a host */
        buf[i] = "9.@:"[i % 4];                      /* are not read as it */
    catalog_init(&c);
    assert_int_equal(catalog_load_builtin(&c, NULL), 0);
    for (size_t r = 0; r < c.nrules; r++)
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 5; j++)
                for (int user = 0; user < 2; user++) {
                    int n = snprintf(at, 400, "%s%s%s%s",
                                     user ? "bob:pw@" : "", pre[i],
                                     c.rules[r].host, post[j]);

                    if (!c.rules[r].full || !*pre[i]) {
                        assert_true(catalog_may_match(&c, at, (size_t)n));
                        assert_true(catalog_may_match_padded(&c, at,
                                                             (size_t)n));
                    }
                    for (int k = 0; k < n; k += 2) /* upper case */
                        at[k] = (char)toupper((unsigned char)at[k]);
                    if (!c.rules[r].full || !*pre[i])
                        assert_true(catalog_may_match_padded(&c, at,
                                                             (size_t)n));
                }
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        for (size_t shift = 0; shift < 4; shift++) { /* what precedes */
            size_t n = strlen(other[i]), hn;
            char host[CATALOG_HOST_MAX + 1];

            memcpy(at + shift, other[i], n);
            hn = catalog_host(at + shift, n, host);
            if (hn && catalog_match(&c, host, hn)) {
                assert_true(catalog_may_match(&c, at + shift, n));
                assert_true(catalog_may_match_padded(&c, at + shift, n));
            }
        }
    /* and it is a quick no for almost every other host, read either way */
    {
        int maybe = 0, maybe_padded = 0;

        for (int i = 0; i < 2000; i++) {
            int n = snprintf(at, 64, "%s%d.%s", i % 3 ? "h" : "www.x", i,
                             i % 2 ? "example.com" : "corp.example:443");

            maybe += catalog_may_match(&c, at, (size_t)n);
            maybe_padded += catalog_may_match_padded(&c, at, (size_t)n);
        }
        assert_true(maybe < 40);
        assert_true(maybe_padded < 40);
    }
    catalog_release(&c);
    free(buf);
}

static void test_user_file_refines(void **state)
{
    static const char mine[] =
        "# our own rules\n"
        "domain\tchatgpt.com\tChatGPT\tOpenAI\tchat\tmarketing\n"
        "full\tai.intranet.example\tAsk HR Bot\tInternal\tchat\tui\r\n";
    struct catalog c;

    (void)state;
    catalog_init(&c);
    assert_int_equal(catalog_load_builtin(&c, NULL), 0);
    assert_int_equal(catalog_load_buf(&c, mine, sizeof(mine) - 1, NULL),
                     0);
    assert_false(catalog_counts_as_use(match(&c, "chatgpt.com")->role));
    assert_string_equal(service_of(&c, "ai.intranet.example"), "Ask HR Bot");
    assert_string_equal(service_of(&c, "x.ai.intranet.example"), "-");
    catalog_release(&c);
}

static void test_bad_file(void **state)
{
    static const char bad[] = "domain\tx.com\tX\tX\tchat\tui\n"
                              "domain\tx.com\tX\tX\tmusic\tui\n"
                              "partial\ty.com\tY\tY\tchat\tui\n"
                              "domain\tz.com\tZ\n";
    struct catalog c;
    struct diag d;

    (void)state;
    catalog_init(&c);
    diag_init(&d);
    assert_int_equal(catalog_load_buf(&c, bad, sizeof(bad) - 1, &d),
                     TR_EPARSE);
    assert_int_equal(d.nproblems, 3);
    assert_int_equal(d.problems[0].line, 2);
    assert_int_equal(d.problems[0].col, 5);
    assert_non_null(strstr(d.problems[0].msg, "unknown category 'music'"));
    assert_int_equal(d.problems[1].line, 3);
    assert_int_equal(d.problems[2].line, 4);
    diag_release(&d);
    catalog_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host_normalisation),
        cmocka_unit_test(test_builtin_matching),
        cmocka_unit_test(test_raw_prefilter),
        cmocka_unit_test(test_prefilter_rule_forms),
        cmocka_unit_test(test_user_file_refines),
        cmocka_unit_test(test_bad_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
