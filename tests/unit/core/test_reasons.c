/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reasons: rows are added in order, cut to their width, and none is added
 * once all are taken; each keeps its message, which formats again as
 * printf did in English and from the catalogue in Dutch (numbers with a
 * decimal comma, message and word arguments translated), and falls back
 * (-1, nothing written) when a translation's conversions differ. */
#include "testutil.h"

#include <float.h>

#include "core/i18n.h"
#include "core/reasons.h"

struct holder {
    char reasons[2][8];
    struct reason_msg reason_msgs[2];
    size_t nreasons;
};

struct wide {
    char reasons[4][200];
    struct reason_msg reason_msgs[4];
    size_t nreasons;
};

static void test_rows(void **state)
{
    struct holder h = {{{0}}, {{{0}}}, 0};

    (void)state;
    assert_int_equal(REASONS_ADDF(&h, "%d apples", 3), 1);
    assert_int_equal(h.nreasons, 1);
    assert_string_equal(h.reasons[0], "3 apple"); /* 7 bytes and the NUL */
    REASONS_ADDF(&h, "%s", "pear");
    assert_int_equal(REASONS_ADDF(&h, "%s", "plum"), 0); /* no room */
    assert_int_equal(h.nreasons, 2);
    assert_string_equal(h.reasons[1], "pear");
}

/* m formatted in English or this thread's language into a string. */
static char *fmt(const struct reason_msg *m, int translate, int *rc)
{
    struct buf b = BUF_INIT;

    buf_puts(&b, "<");
    *rc = reasons_format(&b, m, translate);
    return buf_detach(&b);
}

/* Every conversion the call sites use formats again as printf did. */
static void test_english_as_printf(void **state)
{
    static const char word[] = "cycle_time";
    struct wide w = {0};
    char want[200];
    char *got;
    int rc;

    (void)state;
    REASONS_ADDF(&w, "%d %i %ld %lld %zu %u %x %05d|%-4d|%%",
                 -3, 7, -40L, 1LL << 40, (size_t)12, 9U, 255U, 42, 5);
    snprintf(want, sizeof(want), "%d %i %ld %lld %zu %u %x %05d|%-4d|%%", -3,
             7, -40L, 1LL << 40, (size_t)12, 9U, 255U, 42, 5);
    assert_string_equal(w.reasons[0], want);
    assert_true(w.reason_msgs[0].whole);
    assert_int_equal(w.reason_msgs[0].nargs, 9);
    got = fmt(&w.reason_msgs[0], 0, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got + 1, want);
    free(got);
    REASONS_ADDF(&w, "%+.0f%% %.1f %.2g %.4g%% %e %s|%-6s|%.3s %%s", -12.6,
                 0.05, 0.000123, 99.96, DBL_MAX, "Team A", "ab", "abcdef");
    snprintf(want, sizeof(want), "%+.0f%% %.1f %.2g %.4g%% %e %s|%-6s|%.3s %%s",
             -12.6, 0.05, 0.000123, 99.96, DBL_MAX, "Team A", "ab", "abcdef");
    assert_string_equal(w.reasons[1], want);
    got = fmt(&w.reason_msgs[1], 0, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got + 1, want);
    free(got);
    /* parts, and marked strings kept as what they are */
    REASONS_ADDF(&w, "%s changed %+.1f%%", reasons_word("metric", word),
                 -4.25);
    REASONS_APPENDF(&w, "; %s", reasons_msgid("no result"));
    assert_string_equal(w.reasons[2], "cycle_time changed -4.2%; no result");
    assert_int_equal(w.reason_msgs[2].nparts, 2);
    assert_int_equal(w.reason_msgs[2].kind[0], REASON_WORD);
    assert_int_equal(w.reason_msgs[2].kind[2], REASON_MSG);
    got = fmt(&w.reason_msgs[2], 0, &rc);
    assert_string_equal(got, "<cycle_time changed -4.2%; no result");
    free(got);
    /* a mark lasts one call: the same word later is data */
    REASONS_ADDF(&w, "%s", word);
    assert_int_equal(w.reason_msgs[3].kind[0], REASON_STR);
}

/* A message kept elsewhere appended to a reason: its strings come along
 * (a word with its context), and it formats as its text did. */
static void test_append_message(void **state)
{
    struct holder one = {{{0}}, {{{0}}}, 0};
    struct wide w = {0};
    size_t n = 0;
    char row[64];
    char *got;
    int rc;

    (void)state;
    reasons_addf(row, sizeof(row), 1, &n, &one.reason_msgs[0],
                 "survey '%s' shows no %s in %s", "w1",
                 reasons_word("metric", "errors"), "Report");
    REASONS_ADDF(&w, "%s incomplete: ", "check");
    REASONS_APPENDM(&w, &one.reason_msgs[0], row);
    assert_string_equal(w.reasons[0],
                        "check incomplete: survey 'w1' shows no errors in "
                        "Report");
    assert_int_equal(w.reason_msgs[0].nparts, 2);
    assert_int_equal(w.reason_msgs[0].nargs, 4);
    assert_int_equal(w.reason_msgs[0].kind[2], REASON_WORD);
    got = fmt(&w.reason_msgs[0], 0, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got + 1, w.reasons[0]);
    free(got);
    /* one that is not whole makes the reason English only */
    one.reason_msgs[0].whole = 0;
    REASONS_ADDF(&w, "x: ");
    REASONS_APPENDM(&w, &one.reason_msgs[0], row);
    assert_false(w.reason_msgs[1].whole);
    assert_string_equal(w.reasons[1], "x: survey 'w1' shows no errors in "
                                      "Report");
}

/* What is not kept makes the message English only; the row is right. */
static void test_not_whole(void **state)
{
    struct wide w = {0};
    char big[300];
    char *got;
    int rc;

    (void)state;
    REASONS_ADDF(&w, "%*d items", 5, 3);
    assert_string_equal(w.reasons[0], "    3 items");
    assert_false(w.reason_msgs[0].whole);
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    REASONS_ADDF(&w, "%.20s and %d", big, 4); /* more than REASON_CHARS */
    assert_string_equal(w.reasons[1], "xxxxxxxxxxxxxxxxxxxx and 4");
    assert_false(w.reason_msgs[1].whole);
    got = fmt(&w.reason_msgs[1], 0, &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(got, "<"); /* nothing written */
    free(got);
    assert_int_equal(reasons_conversions("%1$d", (unsigned char[4]){0}, 4),
                     -1);
    assert_int_equal(reasons_conversions("%c", (unsigned char[4]){0}, 4), -1);
    assert_int_equal(reasons_conversions("%Lf", (unsigned char[4]){0}, 4), -1);
    assert_int_equal(reasons_conversions("%d %s %%", (unsigned char[4]){0}, 4),
                     2);
}

/* ---- Dutch: a catalogue built here ---- */

struct msg {
    const char *id, *str;
};

static void put32(struct buf *b, uint32_t v)
{
    buf_add(b, &v, 4);
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct msg *)a)->id, ((const struct msg *)b)->id);
}

/* A .mo file of m (sorted here, as msgfmt writes them). */
static void mo_build(struct buf *b, struct msg *m, size_t n)
{
    uint32_t at = 28 + 16 * (uint32_t)n;

    qsort(m, n, sizeof(*m), by_id);
    put32(b, 0x950412de);
    put32(b, 0);
    put32(b, (uint32_t)n);
    put32(b, 28);
    put32(b, 28 + 8 * (uint32_t)n);
    put32(b, 0);
    put32(b, 0);
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < n; i++) {
            size_t l = strlen(side ? m[i].str : m[i].id);

            put32(b, (uint32_t)l);
            put32(b, at);
            at += (uint32_t)l + 1;
        }
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < n; i++)
            buf_add(b, side ? m[i].str : m[i].id,
                    strlen(side ? m[i].str : m[i].id) + 1);
}

static const char F_VOICE[] = "voice (survey %s): %s";
static const char F_TOOL[] = "approved tool: %.0f%% of the team's %ld people "
                             "active, %.1f days each";
static const char F_CHANGED[] = "%s changed %+.1f%% against %zu %s";
static const char F_SWAPPED[] = "%ld pilots of %s";
static const char F_LESS[] = "%ld items, %.1f hours";
static const char F_PART[] = "; %.0f%% of %ld name %s";

static void load_nl(void)
{
    struct msg m[] = {
        {"", "Content-Type: text/plain; charset=UTF-8\n"
             "Plural-Forms: nplurals=2; plural=(n != 1);\n"},
        {F_VOICE, "stem (enquête %s): %s"},
        {F_TOOL, "goedgekeurde tool: %.0f%% van de %ld mensen van het team "
                 "actief, elk %.1f dagen"},
        {F_CHANGED, "%s veranderde %+.1f%% tegenover %zu %s"},
        {F_SWAPPED, "%s heeft %ld pilots"}, /* conversions swapped */
        {F_LESS, "%ld items"},               /* one conversion short */
        {F_PART, "; %.0f%% van %ld noemt %s"},
        {"people report a poor fit", "mensen melden een slechte aansluiting"},
        {"comparison teams", "vergelijkingsteams"},
        {"metric\004cycle_time", "doorlooptijd"},
    };
    struct buf b = BUF_INIT;
    struct diag d;

    diag_init(&d);
    mo_build(&b, m, sizeof(m) / sizeof(m[0]));
    assert_int_equal(i18n_load_mo(I18N_NL, b.data, b.len, &d), 0);
    buf_release(&b);
    diag_release(&d);
}

static void test_dutch(void **state)
{
    struct wide w = {0};
    char *got;
    int rc;

    (void)state;
    load_nl();
    /* numbers and a data string */
    REASONS_ADDF(&w, F_TOOL, 71.4, 14L, 1.26);
    /* a word with its context, a message, a count */
    REASONS_ADDF(&w, F_CHANGED, reasons_word("metric", "cycle_time"), -43.1,
                 (size_t)2, reasons_msgid("comparison teams"));
    /* parts: each translated on its own; a name stays as it is */
    REASONS_ADDF(&w, F_VOICE, "pulse-1",
                 reasons_msgid("people report a poor fit"));
    REASONS_APPENDF(&w, F_PART, 91.0, 11L, "unreliable_output");
    assert_string_equal(w.reasons[2], "voice (survey pulse-1): people report "
                                      "a poor fit; 91% of 11 name "
                                      "unreliable_output");
    i18n_use(I18N_NL);
    got = fmt(&w.reason_msgs[0], 1, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "<goedgekeurde tool: 71% van de 14 mensen van "
                             "het team actief, elk 1,3 dagen");
    free(got);
    got = fmt(&w.reason_msgs[1], 1, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "<doorlooptijd veranderde -43,1% tegenover 2 "
                             "vergelijkingsteams");
    free(got);
    got = fmt(&w.reason_msgs[2], 1, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "<stem (enquête pulse-1): mensen melden een "
                             "slechte aansluiting; 91% van 11 noemt "
                             "unreliable_output");
    free(got);
    /* English from the same messages, in the same thread */
    got = fmt(&w.reason_msgs[1], 0, &rc);
    assert_string_equal(got, "<cycle_time changed -43.1% against 2 "
                             "comparison teams");
    free(got);
    i18n_use(I18N_EN);
}

/* A translation whose conversions differ, a message argument without a
 * translation: -1 and nothing written, so the page shows the English. */
static void test_dutch_fallback(void **state)
{
    struct wide w = {0};
    char *got;
    int rc;

    (void)state;
    load_nl();
    REASONS_ADDF(&w, F_SWAPPED, 3L, "Team A");
    REASONS_ADDF(&w, F_LESS, 3L, 2.5);
    REASONS_ADDF(&w, F_CHANGED, reasons_word("metric", "cycle_time"), 1.0,
                 (size_t)1, reasons_msgid("earlier windows"));
    REASONS_ADDF(&w, "not in the catalogue: %d", 4);
    i18n_use(I18N_NL);
    for (size_t i = 0; i < 3; i++) { /* the first three */
        got = fmt(&w.reason_msgs[i], 1, &rc);
        assert_int_equal(rc, -1);
        assert_string_equal(got, "<");
        free(got);
    }
    /* a format with no translation is English inside Dutch */
    got = fmt(&w.reason_msgs[3], 1, &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(got, "<");
    free(got);
    i18n_use(I18N_EN); /* English: as it is */
    got = fmt(&w.reason_msgs[3], 1, &rc);
    assert_int_equal(rc, 0);
    assert_string_equal(got, "<not in the catalogue: 4");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_english_as_printf),
        cmocka_unit_test(test_append_message),
        cmocka_unit_test(test_not_whole),
        cmocka_unit_test(test_dutch),
        cmocka_unit_test(test_dutch_fallback),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
