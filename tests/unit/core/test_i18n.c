/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The message catalogues: .mo files of either byte order built here,
 * lookups with context and plural, a language per thread, malformed
 * files refused (the catalogue before kept), and Accept-Language. */
#include "testutil.h"

#include <pthread.h>

#include "core/i18n.h"

struct msg {
    const char *id;   /* "ctx\004id", "one\0other" (idlen) */
    size_t idlen;
    const char *str;
    size_t strlen;
};

#define M(id, str) {id, sizeof(id) - 1, str, sizeof(str) - 1}

static void put32(struct buf *b, uint32_t v, int swap)
{
    if (swap)
        v = __builtin_bswap32(v);
    buf_add(b, &v, 4);
}

/* A .mo file of the messages (sorted by id, as msgfmt writes them). */
static void mo_build(struct buf *b, const struct msg *m, size_t n, int swap)
{
    uint32_t orig = 28, trans = 28 + 8 * (uint32_t)n;
    uint32_t at = trans + 8 * (uint32_t)n;

    buf_reset(b);
    put32(b, 0x950412de, swap);
    put32(b, 0, swap);
    put32(b, (uint32_t)n, swap);
    put32(b, orig, swap);
    put32(b, trans, swap);
    put32(b, 0, swap);
    put32(b, 0, swap);
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < n; i++) {
            size_t l = side ? m[i].strlen : m[i].idlen;

            put32(b, (uint32_t)l, swap);
            put32(b, at, swap);
            at += (uint32_t)l + 1;
        }
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < n; i++) {
            buf_add(b, side ? m[i].str : m[i].id,
                    side ? m[i].strlen : m[i].idlen);
            buf_putc(b, '\0');
        }
}

static const struct msg nl[] = {
    M("", "Content-Type: text/plain; charset=UTF-8\n"
          "Plural-Forms: nplurals=2; plural=(n != 1);\n"),
    M("%lld pilot\0%lld pilots", "%lld pilot\0%lld pilots (nl)"),
    M("Overview", "Overzicht"),
    M("decision\004scale", "opschalen"),
    M("scale", "schaal"),
};

static void load(int swap)
{
    struct buf b = BUF_INIT;
    struct diag d;

    diag_init(&d);
    mo_build(&b, nl, sizeof(nl) / sizeof(nl[0]), swap);
    assert_int_equal(i18n_load_mo(I18N_NL, b.data, b.len, &d), 0);
    buf_release(&b);
    diag_release(&d);
}

static void test_lookups(void **state)
{
    static const char untranslated[] = "Pilots";

    (void)state;
    for (int swap = 0; swap < 2; swap++) {
        load(swap);
        assert_int_equal(i18n_use(I18N_NL), I18N_NL);
        assert_string_equal(_("Overview"), "Overzicht");
        assert_ptr_equal(_(untranslated), untranslated);
        assert_string_equal(C_("decision", "scale"), "opschalen");
        assert_string_equal(_("scale"), "schaal");
        assert_string_equal(C_("verdict", "scale"), "scale");
        assert_string_equal(i18n_ngettext("%lld pilot", "%lld pilots", 1),
                            "%lld pilot");
        assert_string_equal(i18n_ngettext("%lld pilot", "%lld pilots", 0),
                            "%lld pilots (nl)");
        assert_string_equal(i18n_ngettext("%lld pilot", "%lld pilots", 7),
                            "%lld pilots (nl)");
        assert_string_equal(i18n_ngettext("a team", "teams", 2), "teams");
        assert_int_equal(i18n_decimal(), ',');
        assert_null(_(NULL));
        assert_null(C_("x", NULL));
        assert_int_equal(i18n_use(I18N_EN), I18N_EN);
        assert_string_equal(_("Overview"), "Overview");
        assert_string_equal(C_("decision", "scale"), "scale");
        assert_string_equal(i18n_ngettext("%lld pilot", "%lld pilots", 2),
                            "%lld pilots");
        assert_int_equal(i18n_decimal(), '.');
    }
}

static void *other_thread(void *arg)
{
    const char **out = arg;

    out[0] = _("Overview"); /* a new thread speaks English */
    i18n_use(I18N_NL);
    out[1] = _("Overview");
    return NULL;
}

static void test_per_thread(void **state)
{
    const char *seen[2];
    pthread_t th;

    (void)state;
    load(0);
    i18n_use(I18N_NL);
    assert_int_equal(pthread_create(&th, NULL, other_thread, seen), 0);
    pthread_join(th, NULL);
    assert_string_equal(seen[0], "Overview");
    assert_string_equal(seen[1], "Overzicht");
    assert_int_equal(i18n_current(), I18N_NL); /* untouched by the other */
    i18n_use(I18N_EN);
}

static void refused(const char *buf, size_t len, const char *why)
{
    struct diag d;

    diag_init(&d);
    assert_int_equal(i18n_load_mo(I18N_NL, buf, len, &d), TR_EPARSE);
    assert_non_null(strstr(d.problems[0].msg, why));
    diag_release(&d);
    /* the catalogue loaded before is still there */
    i18n_use(I18N_NL);
    assert_string_equal(_("Overview"), "Overzicht");
    i18n_use(I18N_EN);
}

static void test_malformed(void **state)
{
    static const struct msg french[] = {
        M("", "Plural-Forms: nplurals=2; plural=(n > 1);\n"),
        M("Overview", "Vue d'ensemble")};
    struct buf b = BUF_INIT;
    uint32_t big = 0xFFFFFF00u;

    (void)state;
    load(0);
    refused("", 0, "not a message catalogue");
    mo_build(&b, nl, 5, 0);
    b.data[0] ^= 1;
    refused(b.data, b.len, "magic");
    mo_build(&b, nl, 5, 0);
    refused(b.data, b.len - 3, "outside the file"); /* cut short */
    mo_build(&b, nl, 5, 0);
    memcpy(b.data + 28 + 8 * 2 + 4, &big, 4); /* an offset past the end */
    refused(b.data, b.len, "outside the file");
    mo_build(&b, nl, 5, 0);
    memcpy(b.data + 8, &big, 4); /* a count larger than the file */
    refused(b.data, b.len, "count");
    mo_build(&b, french, 2, 0);
    refused(b.data, b.len, "plural forms");
    buf_release(&b);
}

static void test_languages(void **state)
{
    enum i18n_lang l = I18N_EN;

    (void)state;
    load(0);
    assert_int_equal(i18n_parse("nl", &l), 0);
    assert_int_equal(l, I18N_NL);
    assert_int_equal(i18n_parse("NL-be", &l), 0);
    assert_int_equal(l, I18N_NL);
    assert_int_equal(i18n_parse("en_GB", &l), 0);
    assert_int_equal(l, I18N_EN);
    assert_int_equal(i18n_parse("nld", &l), TR_ENOENT);
    assert_int_equal(i18n_parse("", &l), TR_ENOENT);
    assert_int_equal(i18n_accept(NULL), I18N_EN);
    assert_int_equal(i18n_accept(""), I18N_EN);
    assert_int_equal(i18n_accept("nl"), I18N_NL);
    assert_int_equal(i18n_accept("nl-NL,nl;q=0.9,en;q=0.8"), I18N_NL);
    assert_int_equal(i18n_accept("en-US,en;q=0.9,nl;q=0.8"), I18N_EN);
    assert_int_equal(i18n_accept("en;q=0.5, nl;q=0.8"), I18N_NL);
    assert_int_equal(i18n_accept("fr-FR, de;q=0.9, nl-BE;q=0.7"), I18N_NL);
    assert_int_equal(i18n_accept("nl;q=0, en;q=0.1"), I18N_EN);
    assert_int_equal(i18n_accept("nl;q=0"), I18N_EN);
    assert_int_equal(i18n_accept("*"), I18N_EN);
    assert_int_equal(i18n_accept(" ,,;q=,nl ; q=0.3"), I18N_NL);
    assert_string_equal(i18n_codes[I18N_NL], "nl");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups),
        cmocka_unit_test(test_per_thread),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_languages),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
