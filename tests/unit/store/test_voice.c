/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Survey answers cannot be linked to a link or a person (issue 16): a
 * workspace with 220 links and 200 answers (ten of them changed through
 * the same link), its key and every table are searched for anything
 * that ties an answer to a link, a person or the order of answering.
 *
 * The order checks are statistical: with 200 random row ids the rank
 * correlation between a row's place and the order of answering has a
 * standard deviation of about 1/sqrt(199) = 0.07, so the bound 0.3 is
 * 4.2 standard deviations (a false alarm about once in 40,000 runs);
 * sequential ids, the design this test guards against, give 1.0. */
#include "testutil.h"

#include <math.h>
#include <sqlite3.h>

#include "auth/access.h"
#include "core/pseudo.h"
#include "model/survey.h"
#include "store/store.h"
#include "store/voice.h"

#define PEOPLE 220
#define ANSWERS 200
#define CHANGES 10

struct link {
    char token[ACCESS_TOKEN_LEN + 1];
    unsigned char hash[STORE_VOICE_HASH], pad[STORE_VOICE_PAD];
    unsigned char person[PSEUDO_BYTES];
};

/* Spearman's rank correlation of x and y (no ties). */
static double spearman(const double *x, const double *y, size_t n)
{
    double *rx = xcalloc(n, sizeof(double)), *ry = xcalloc(n, sizeof(double));
    double d2 = 0;

    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            rx[i] += x[j] < x[i];
            ry[i] += y[j] < y[i];
        }
    for (size_t i = 0; i < n; i++)
        d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
    free(rx);
    free(ry);
    return 1.0 - 6.0 * d2 / ((double)n * ((double)n * n - 1.0));
}

/* Whether needle (n bytes) occurs in hay (len bytes). */
static int has(const void *hay, size_t len, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp((const char *)hay + i, needle, n))
            return 1;
    return 0;
}

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err);
}

/* Every value of every column of every table, as bytes, is checked
 * against the needles: none may appear in a survey table other than
 * the link table's own hash column. */
static void no_needle_in_tables(sqlite3 *db, struct link *links)
{
    sqlite3_stmt *tabs, *rows;

    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_master "
                                        "WHERE type = 'table'",
                                        -1, &tabs, NULL),
                     SQLITE_OK);
    while (sqlite3_step(tabs) == SQLITE_ROW) {
        char sql[256];
        const char *t = (const char *)sqlite3_column_text(tabs, 0);

        snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", t);
        assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL),
                         SQLITE_OK);
        while (sqlite3_step(rows) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(rows); c++) {
                const void *v = sqlite3_column_blob(rows, c);
                int n = sqlite3_column_bytes(rows, c);
                int own_hash =
                    !strcmp(t, "survey_link") &&
                    !strcmp(sqlite3_column_name(rows, c), "token_hash");

                for (size_t k = 0; v && k < PEOPLE; k++) {
                    /* the token as given out, the raw pad, and (outside
                     * the person tables) the person */
                    assert_false(
                        has(v, (size_t)n, links[k].token, ACCESS_TOKEN_LEN));
                    assert_false(
                        has(v, (size_t)n, links[k].pad, STORE_VOICE_PAD));
                    if (!own_hash)
                        assert_false(
                            has(v, (size_t)n, links[k].hash, STORE_VOICE_HASH));
                    if (!strncmp(t, "survey", 6))
                        assert_false(
                            has(v, (size_t)n, links[k].person, PSEUDO_BYTES));
                }
            }
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tabs);
}

static void columns_are(sqlite3 *db, const char *table, const char *want)
{
    char sql[128];
    sqlite3_stmt *s;
    struct buf got = BUF_INIT;

    snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW)
        buf_addf(&got, "%s%s", got.len ? " " : "",
                 (const char *)sqlite3_column_text(s, 1));
    sqlite3_finalize(s);
    assert_string_equal(buf_str(&got), want);
    buf_release(&got);
}

static void test_unlinkable(void **state)
{
    char *dir = tu_tmpdir(), path[256];
    struct store *st = NULL;
    struct pseudo_key key;
    struct link *links = xcalloc(PEOPLE, sizeof(*links));
    struct store_wave w;
    sqlite3 *db;
    sqlite3_stmt *s;
    int64_t wave_id, order[PEOPLE];
    int64_t unit = 1;
    double *pos = xcalloc(PEOPLE, sizeof(double)),
           *when = xcalloc(PEOPLE, sizeof(double));
    size_t n = 0;
    uint32_t lcg = 12345;
    char text[32];

    (void)state;
    snprintf(path, sizeof(path), "%s/ws.db", dir);
    memset(&key, 7, sizeof(key));
    assert_int_equal(store_open(path, STORE_CREATE, &st, NULL), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    exec(db, "INSERT INTO unit(id, name) VALUES (1, 'Team')");
    sqlite3_close(db);
    assert_int_equal(store_open(path, STORE_OPEN, &st, NULL), 0);
    memset(&w, 0, sizeof(w));
    w.name = (char *)"w1";
    w.instrument = (char *)"pulse";
    w.version = 1;
    w.definition = (char *)survey_builtins[0].text;
    w.uses = (char *)"[]";
    w.opened = 20000;
    w.until = 20010;
    assert_int_equal(store_begin(st, NULL), 0);
    assert_int_equal(store_wave_add(st, &w, &unit, 1, &wave_id, NULL), 0);
    for (size_t k = 0; k < PEOPLE; k++) { /* links in roster order */
        char id[64];

        snprintf(id, sizeof(id), "person%zu@corp.example", k);
        assert_int_equal(pseudo_hash(&key, id, strlen(id), links[k].person), 0);
        access_survey_token(&key, links[k].token, links[k].hash, links[k].pad);
        assert_int_equal(
            store_voice_link_add(st, wave_id, unit, links[k].hash, NULL), 0);
    }
    assert_int_equal(store_commit(st, NULL), 0);
    /* people answer in a shuffled order; the first CHANGES change theirs */
    for (size_t k = 0; k < PEOPLE; k++)
        order[k] = (int64_t)k;
    for (size_t k = PEOPLE - 1; k > 0; k--) {
        size_t j;
        int64_t t;

        lcg = lcg * 1103515245u + 12345u;
        j = (lcg >> 8) % (k + 1);
        t = order[k];
        order[k] = order[j];
        order[j] = t;
    }
    for (size_t a = 0; a < ANSWERS + CHANGES; a++) {
        size_t k = (size_t)order[a < ANSWERS ? a : a - ANSWERS];
        struct survey_answer ans[2] = {
            {"job_worry", "", "", a % 2 ? "agree" : "disagree"},
            {"comment", "", "", text}};
        struct survey_response r = {"Team", ans, 2, 0, 0};
        unsigned char h[STORE_VOICE_HASH], p[STORE_VOICE_PAD];

        /* the text says when the answer was given: the test's truth */
        snprintf(text, sizeof(text), "answer %zu", a);
        assert_int_equal(access_survey_token_parse(&key, links[k].token, h, p),
                         0);
        assert_memory_equal(h, links[k].hash, STORE_VOICE_HASH);
        assert_int_equal(store_begin(st, NULL), 0);
        assert_int_equal(store_voice_answer(st, h, p, 20005, &r, NULL), 0);
        assert_int_equal(store_commit(st, NULL), 0);
    }
    assert_int_equal(store_wave_close(st, wave_id, 20006, NULL), 0);
    {
        struct survey_answer ans = {"job_worry", "", "", "agree"};
        struct survey_response r = {"Team", &ans, 1, 0, 0};
        struct diag d;

        diag_init(&d);
        assert_int_equal(store_voice_answer(st, links[order[0]].hash,
                                            links[order[0]].pad, 20006, &r, &d),
                         TR_EPERM);
        diag_release(&d);
    }
    store_close(st);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    /* one response per person who answered; changes replaced theirs */
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM "
                                        "survey_response",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), ANSWERS);
    sqlite3_finalize(s);
    /* nothing but a random id, the wave and the unit; no time at all */
    columns_are(db, "survey_response", "id wave_id unit_id");
    columns_are(db, "survey_answer", "response_id item tool workflow value");
    columns_are(db, "survey_link", "token_hash wave_id unit_id used sealed");
    /* the seals are gone: not even a link (and its pad) leads to an
     * answer once the wave is closed */
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM survey_link "
                                        "WHERE sealed IS NOT NULL",
                                        -1, &s, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(s, 0), 0);
    sqlite3_finalize(s);
    no_needle_in_tables(db, links);
    /* the responses as stored (their physical order), against the order
     * of answering; and their ids against it */
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT r.id, a.value FROM "
                                        "survey_response r JOIN "
                                        "survey_answer a ON a.response_id "
                                        "= r.id AND a.item = 'comment'",
                                        -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        long k = strtol((const char *)sqlite3_column_text(s, 1) + 7, NULL, 10);

        pos[n] = (double)n;
        when[n] = (double)k;
        n++;
    }
    sqlite3_finalize(s);
    assert_int_equal(n, ANSWERS);
    assert_true(fabs(spearman(pos, when, n)) < 0.3);
    /* the link rows in the table's order, against the roster's order:
     * which link was used says nothing about who */
    n = 0;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT token_hash FROM survey_link",
                                        -1, &s, NULL),
                     SQLITE_OK);
    while (sqlite3_step(s) == SQLITE_ROW) {
        for (size_t k = 0; k < PEOPLE; k++)
            if (!memcmp(sqlite3_column_blob(s, 0), links[k].hash,
                        STORE_VOICE_HASH)) {
                pos[n] = (double)n;
                when[n] = (double)k;
            }
        n++;
    }
    sqlite3_finalize(s);
    assert_int_equal(n, PEOPLE);
    assert_true(fabs(spearman(pos, when, n)) < 0.3);
    sqlite3_close(db);
    free(links);
    free(pos);
    free(when);
    tu_rmtree(dir);
}

/* A sequential design fails the same checks: the test can fail. */
static void test_spearman_sees_order(void **state)
{
    double x[ANSWERS], y[ANSWERS];

    (void)state;
    for (size_t i = 0; i < ANSWERS; i++) {
        x[i] = (double)i;
        y[i] = (double)i * 3 + 1;
    }
    assert_true(fabs(spearman(x, y, ANSWERS) - 1.0) < 1e-12);
    for (size_t i = 0; i < ANSWERS; i++)
        y[i] = (double)(ANSWERS - i);
    assert_true(fabs(spearman(x, y, ANSWERS) + 1.0) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unlinkable),
        cmocka_unit_test(test_spearman_sees_order),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
