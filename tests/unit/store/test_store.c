/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The store through its API: creating, reopening, refusing, the key check,
 * transactions that roll back, applying rosters (moves, leavers,
 * idempotence), day rows added many to a statement (shadow use,
 * and telemetry read back with SQLite itself), a pilot's arms as
 * the store keeps them between questions, and the audit trail's chain
 * and head file. */
#include "testutil.h"

#include <sqlite3.h>

#include "model/pilot.h"
#include "model/roster.h"
#include "store/audit.h"
#include "store/items.h"
#include "store/pilots.h"
#include "store/store.h"
#include "store/roster.h"
#include "store/shadow.h"
#include "store/usage.h"

struct fixture {
    char *dir;
    char path[256];
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof(*f));

    f->dir = tu_tmpdir();
    snprintf(f->path, sizeof(f->path), "%s/ws.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    tu_rmtree(f->dir);
    free(f);
    return 0;
}

static void test_create_reopen_refuse(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct diag d;

    diag_init(&d);
    assert_int_equal(store_open(f->path, STORE_OPEN, &st, &d), TR_ENOENT);
    diag_release(&d);
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    assert_int_equal(store_version_found(st), 0);
    store_close(st);
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), TR_EEXIST);
    assert_int_equal(store_open(f->path, STORE_OPEN, &st, NULL), 0);
    assert_int_equal(store_version_found(st), store_latest_version());
    store_close(st);
}

static void test_key_check(void **state)
{
    struct fixture *f = *state;
    struct pseudo_key k1, k2;
    struct store *st = NULL;

    memset(k1.k, 1, sizeof(k1.k));
    memset(k2.k, 2, sizeof(k2.k));
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    assert_int_equal(store_key_verify(st, &k1, NULL), 0); /* records it */
    assert_int_equal(store_key_verify(st, &k1, NULL), 0);
    assert_int_equal(store_key_verify(st, &k2, NULL), TR_EKEY);
    store_close(st);
}

static void add_person(struct roster *r, unsigned char tag, const char *team,
                       int manager)
{
    struct roster_person p;

    memset(&p, 0, sizeof(p));
    memset(p.id, tag, sizeof(p.id));
    p.unit = roster_unit(r, team, 1);
    p.manager = manager;
    r->people = xgrow(r->people, &r->people_cap, r->npeople + 1, sizeof(p));
    r->people[r->npeople++] = p;
}

static void test_roster_history(void **state)
{
    struct fixture *f = *state;
    struct store_roster_result res;
    struct store_status s;
    struct store *st = NULL;
    struct roster r;

    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    roster_init(&r);
    add_person(&r, 1, "Alpha", 1);
    add_person(&r, 2, "Alpha", 0);
    add_person(&r, 3, "Beta", 0);
    assert_int_equal(store_begin(st, NULL), 0);
    assert_int_equal(store_roster_apply(st, &r, 1000, 1, &res, NULL), 0);
    assert_int_equal(store_commit(st, NULL), 0);
    assert_int_equal(res.people_added, 3);
    assert_int_equal(res.units_added, 2);
    /* the same roster again: nothing changes */
    assert_int_equal(store_roster_apply(st, &r, 2000, 2, &res, NULL), 0);
    assert_int_equal(res.people_unchanged, 3);
    /* person 2 moves to Beta, person 3 leaves */
    roster_release(&r);
    roster_init(&r);
    add_person(&r, 1, "Alpha", 1);
    add_person(&r, 2, "Beta", 0);
    assert_int_equal(store_roster_apply(st, &r, 3000, 3, &res, NULL), 0);
    assert_int_equal(res.people_moved, 1);
    assert_int_equal(res.people_left, 1);
    assert_int_equal(store_status(st, &s, NULL), 0);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.people_left, 1);
    assert_int_equal(s.managers, 1);
    /* history only moves forward */
    assert_int_equal(store_roster_apply(st, &r, 2500, 4, &res, NULL),
                     TR_EINVAL);
    roster_release(&r);
    store_close(st);
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    struct store_roster_result res;
    struct store_status s;
    struct store *st = NULL;
    struct roster r;
    int64_t seq;

    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    roster_init(&r);
    add_person(&r, 9, "Gamma", 0);
    assert_int_equal(store_begin_bulk(st, NULL), 0);
    assert_int_equal(store_import_start(st, "roster", "r.csv", NULL, &seq, NULL), 0);
    assert_int_equal(store_roster_apply(st, &r, 1000, seq, &res, NULL), 0);
    store_rollback(st);
    assert_int_equal(store_status(st, &s, NULL), 0);
    assert_int_equal(s.people + s.units + s.imports, 0);
    roster_release(&r);
    store_close(st);
}

static int first_unit(void *ctx, const struct store_unit_row *u,
                      struct diag *diag)
{
    (void)diag;
    if (!*(int64_t *)ctx)
        *(int64_t *)ctx = u->id;
    return 0;
}

/* The requests of a day row by its who's first byte (the day is its
 * second). */
static int on_day(void *ctx, int64_t day, const unsigned char *who,
                  size_t who_len, int64_t unit_id, int64_t service_id,
                  int64_t requests, struct diag *diag)
{
    int64_t *got = ctx;

    (void)unit_id;
    (void)service_id;
    (void)diag;
    assert_int_equal(who_len, 2);
    assert_int_equal(who[1], (unsigned char)day);
    got[who[0]] += requests;
    return 0;
}

static void test_shadow_days_many(void **state)
{
    struct fixture *f = *state;
    struct store_roster_result res;
    struct store_shadow_day rows[200];
    unsigned char who[200][2];
    int64_t unit = 0, service = 0, want[200], got[200];
    struct store *st = NULL;
    struct roster r;
    /* batches of every size a statement can take, and one key twice in
     * one statement: requests add up either way */
    static const size_t sizes[] = {0, 1, 63, 64, 65, 130};
    size_t at = 0;

    memset(want, 0, sizeof(want));
    memset(got, 0, sizeof(got));
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    roster_init(&r);
    add_person(&r, 1, "Alpha", 1);
    assert_int_equal(store_roster_apply(st, &r, 1000, 1, &res, NULL), 0);
    roster_release(&r);
    assert_int_equal(store_units(st, first_unit, &unit, NULL), 0);
    assert_int_equal(
        store_service_intern(st, "ChatGPT", "OpenAI", "chat", &service, NULL),
        0);
    assert_int_equal(store_begin(st, NULL), 0);
    for (size_t b = 0; b < sizeof(sizes) / sizeof(sizes[0]); b++) {
        for (size_t i = 0; i < sizes[b]; i++) {
            unsigned k = (unsigned)((at + i * 7) % 150);

            if (b == 5 && i == 40)
                k = (unsigned)((at + 3 * 7) % 150); /* again, same batch */
            who[i][0] = (unsigned char)k;
            who[i][1] = (unsigned char)(k % 9 + 1);
            rows[i] = (struct store_shadow_day){k % 9 + 1, who[i], 2, unit,
                                                service, (int64_t)(i + 1)};
            want[k] += (int64_t)(i + 1);
        }
        assert_int_equal(store_shadow_add(st, rows, sizes[b], NULL), 0);
        at += sizes[b];
    }
    assert_int_equal(store_commit(st, NULL), 0);
    assert_int_equal(store_shadow_days(st, 0, 100, on_day, got, NULL), 0);
    assert_memory_equal(got, want, sizeof(want));
    store_close(st);
}

static void test_usage_days_many(void **state)
{
    struct fixture *f = *state;
    struct store_roster_result res;
    struct store_usage_day rows[200];
    long want_inter[150], got_inter[150];
    int want_last[150], got_last[150];
    int64_t tool = 0;
    struct store *st = NULL;
    struct roster r;
    sqlite3 *db;
    sqlite3_stmt *q;
    static const size_t sizes[] = {0, 1, 63, 64, 65, 130};
    size_t at = 0;

    for (int d = 0; d < 150; d++) {
        want_inter[d] = got_inter[d] = -1;
        want_last[d] = got_last[d] = -1;
    }
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    roster_init(&r);
    add_person(&r, 1, "Alpha", 1);
    assert_int_equal(store_roster_apply(st, &r, 1000, 1, &res, NULL), 0);
    roster_release(&r);
    assert_int_equal(store_tool_intern(st, "Copilot", &tool, NULL), 0);
    assert_int_equal(store_begin(st, NULL), 0);
    /* a day again, in a later batch or the same one: the larger count
     * and the more detailed kind of row (last_only 0) win */
    for (size_t b = 0; b < sizeof(sizes) / sizeof(sizes[0]); b++) {
        for (size_t i = 0; i < sizes[b]; i++) {
            int d = (int)((at + i * 7) % 150);
            long inter = (long)((at + i) * 13 % 97);
            int last = (int)((at + i) % 3 == 0);

            if (b == 5 && i == 40)
                d = (int)((at + 3 * 7) % 150);
            rows[i] = (struct store_usage_day){d, 1, tool, inter, last};
            want_inter[d] = inter > want_inter[d] ? inter : want_inter[d];
            want_last[d] = want_last[d] < 0 || last < want_last[d]
                               ? last
                               : want_last[d];
        }
        assert_int_equal(store_usage_add(st, rows, sizes[b], NULL), 0);
        at += sizes[b];
    }
    assert_int_equal(store_commit(st, NULL), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT day, interactions, last_only "
                                        "FROM usage_day",
                                        -1, &q, NULL),
                     SQLITE_OK);
    while (sqlite3_step(q) == SQLITE_ROW) {
        int d = sqlite3_column_int(q, 0);

        assert_in_range(d, 0, 149);
        got_inter[d] = (long)sqlite3_column_int64(q, 1);
        got_last[d] = sqlite3_column_int(q, 2);
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    assert_memory_equal(got_inter, want_inter, sizeof(want_inter));
    assert_memory_equal(got_last, want_last, sizeof(want_last));
}

/* Values of a pilot's arm, summed, and how many. */
struct sum {
    double sum;
    int n;
};

static int add_up(void *ctx, int64_t unit_id, double v, struct diag *diag)
{
    struct sum *s = ctx;

    (void)unit_id;
    (void)diag;
    s->sum += v;
    s->n++;
    return 0;
}

static void exec(sqlite3 *db, const char *sql)
{
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

/* The arm questions a pilot asks answer as the SQL they replace did
 * (windows [since, until), one unit, values that are NULL left out,
 * people counted once and only when known), and are answered anew
 * once another connection has changed the items. */
static void test_pilot_arms(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct sum s;
    sqlite3 *db;
    long n = 0;

    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    exec(db, "INSERT INTO unit(id, name) VALUES (1, 'A'), (2, 'B');"
             "INSERT INTO workflow(id, name) VALUES (1, 'w'), (2, 'v');"
             "INSERT INTO source(id, name) VALUES (1, 's');"
             "INSERT INTO person(id, pseudonym, active_from) VALUES "
             "(1, x'01', 0), (2, x'02', 0), (3, x'03', 0);"
             /* key, workflow, unit, person, started, finished, quality,
              * errors */
             "INSERT INTO work_item(source_id, source_key, workflow_id, "
             "unit_id, person_id, started_at, finished_at, quality, errors, "
             "seen_seq) VALUES "
             "(1, 'a', 1, 1, 1, 0, 3600, 4, 1, 1),"
             "(1, 'b', 1, 1, 1, 0, 7200, NULL, 0, 1),"
             "(1, 'c', 1, 1, 2, 100, 10900, 2, NULL, 1),"
             "(1, 'd', 1, 1, NULL, 0, 20000, 5, 2, 1),"
             "(1, 'e', 1, 1, 3, 0, NULL, 3, 3, 1),"
             "(1, 'f', 1, 2, 3, 0, 3600, 1, 1, 1),"
             "(1, 'g', 2, 1, 3, 0, 3600, 1, 1, 1)");
    memset(&s, 0, sizeof(s));
    assert_int_equal(store_pilot_values(st, 1, 1, PM_CYCLE_TIME, 3600, 20000,
                                        add_up, &s, NULL),
                     0);
    assert_int_equal(s.n, 3); /* a, b, c: d at until, e open */
    assert_float_equal(s.sum, 1 + 2 + 3, 1e-12);
    memset(&s, 0, sizeof(s));
    assert_int_equal(store_pilot_values(st, 1, 1, PM_QUALITY, 0, 1 << 30,
                                        add_up, &s, NULL),
                     0);
    assert_int_equal(s.n, 3); /* a, c, d: b has none */
    assert_float_equal(s.sum, 11, 1e-12);
    memset(&s, 0, sizeof(s));
    assert_int_equal(store_pilot_values(st, 1, 1, PM_ERRORS, 0, 1 << 30,
                                        add_up, &s, NULL),
                     0);
    assert_int_equal(s.n, 3); /* a, b, d */
    assert_float_equal(s.sum, 3, 1e-12);
    assert_int_equal(store_pilot_people(st, 1, 1, 0, 1 << 30, &n, NULL), 0);
    assert_int_equal(n, 2); /* people 1 and 2; d has none, e is open */
    assert_int_equal(store_pilot_people(st, 1, 2, 0, 1 << 30, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(store_pilot_people(st, 1, 1, 7200, 7201, &n, NULL), 0);
    assert_int_equal(n, 1);
    /* another connection adds an item: the next question sees it */
    exec(db, "INSERT INTO work_item(source_id, source_key, workflow_id, "
             "unit_id, person_id, started_at, finished_at, seen_seq) VALUES "
             "(1, 'h', 1, 1, 3, 0, 5000, 2);"
             "INSERT INTO work_item_change VALUES (2, 1, 'h')");
    assert_int_equal(store_pilot_people(st, 1, 1, 0, 1 << 30, &n, NULL), 0);
    assert_int_equal(n, 3);
    memset(&s, 0, sizeof(s));
    assert_int_equal(store_pilot_values(st, 1, 1, PM_CYCLE_TIME, 3600, 20000,
                                        add_up, &s, NULL),
                     0);
    assert_int_equal(s.n, 4);
    sqlite3_close(db);
    store_close(st);
}

/* Every item a scan gives, in its order, as text. */
static int item_text(void *ctx, const struct store_item_view *it,
                     struct diag *diag)
{
    struct buf *b = ctx;

    (void)diag;
    buf_addf(b, "%s/%s/%s/%lld/%lld/%lld/%g/%ld/%ld/%d|", it->team,
             it->workflow, it->tool ? it->tool : "-",
             (long long)it->person_id, (long long)it->started,
             (long long)it->finished, it->quality, it->errors, it->rework,
             it->reviewed);
    return 0;
}

static char *scan_text(struct store *st, int64_t since, int64_t until)
{
    struct buf b = BUF_INIT;
    char *s;

    assert_int_equal(store_items_scan(st, since, until, 0, item_text, &b,
                                      NULL),
                     0);
    s = xstrdup(buf_str(&b));
    buf_release(&b);
    return s;
}

/* The items in memory: after other connections add items between the
 * kept ones (by key), change kept ones and add more in another
 * source, a connection that kept them (alone, or sharing them with
 * another) reads what a new connection reads from the table itself,
 * in the same order; the changes are counted as work items, not as the
 * rest. */
static void test_items_in_memory(void **state)
{
    struct fixture *f = *state;
    struct store *a = NULL, *b = NULL, *fresh = NULL;
    struct store_itab *shared = store_itab_new();
    int64_t rest0, items0, rest, items;
    char *before, *after, *want;
    sqlite3 *db;

    assert_int_equal(store_open(f->path, STORE_CREATE, &a, NULL), 0);
    assert_int_equal(store_open(f->path, STORE_OPEN, &b, NULL), 0);
    store_items_share(a, shared);
    store_items_share(b, shared);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    exec(db, "INSERT INTO unit(id, name) VALUES (1, 'A'), (2, 'B');"
             "INSERT INTO workflow(id, name) VALUES (1, 'w'), (2, 'v');"
             "INSERT INTO tool(id, name) VALUES (1, 't');"
             "INSERT INTO source(id, name) VALUES (1, 's'), (2, 'r');"
             "INSERT INTO work_item(source_id, source_key, workflow_id, "
             "unit_id, person_id, tool_id, started_at, finished_at, quality, "
             "errors, rework, reviewed, seen_seq) VALUES "
             "(1, 'b', 1, 1, 7, NULL, 0, 3600, 4, 1, NULL, 1, 1),"
             "(1, 'd', 2, 2, NULL, 1, 10, 7200, NULL, 0, 2, 0, 1),"
             "(1, 'f', 1, 1, 8, NULL, 20, NULL, 3, NULL, NULL, NULL, 1)");
    exec(db, "INSERT INTO work_item_change SELECT 1, source_id, source_key "
             "FROM work_item");
    assert_int_equal(store_data_stamps(a, &rest0, &items0, NULL), 0);
    assert_int_equal(items0, 1);
    before = scan_text(a, 0, 0);
    assert_string_equal(before, "A/w/-/7/0/3600/4/1/-1/1|"
                                "B/v/t/0/10/7200/nan/0/2/0|"
                                "A/w/-/8/20/0/3/-1/-1/-1|");
    /* import 2: new keys first, between and last (and 'bb' sorts after
     * 'b'), one changed;
     * import 3: another source */
    exec(db, "INSERT INTO work_item(source_id, source_key, workflow_id, "
             "unit_id, started_at, finished_at, seen_seq) VALUES "
             "(1, 'a', 1, 2, 1, 100, 2), (1, 'bb', 2, 1, 2, 200, 2),"
             "(1, 'c', 1, 1, 3, 300, 2), (1, 'z', 2, 2, 4, 400, 2),"
             "(2, 'a', 1, 1, 5, 500, 3);"
             "UPDATE work_item SET finished_at = 9000, errors = 5, seen_seq = 2 "
             "WHERE source_key = 'd';"
             "UPDATE work_item SET seen_seq = 3 WHERE source_key = 'b';"
             /* what the imports list (store_items_finish): 'b' was only
              * seen again */
             "INSERT INTO work_item_change SELECT seen_seq, source_id, "
             "source_key FROM work_item WHERE seen_seq > 1 AND source_key "
             "<> 'b'");
    assert_int_equal(store_data_stamps(a, &rest, &items, NULL), 0);
    assert_int_equal(items, 3);
    assert_int_equal(rest, rest0); /* work items are not the rest */
    after = scan_text(a, 0, 0);
    assert_int_equal(store_open(f->path, STORE_OPEN, &fresh, NULL), 0);
    want = scan_text(fresh, 0, 0);
    assert_string_equal(after, want);
    assert_string_equal(after, "B/w/-/0/1/100/nan/-1/-1/-1|"
                               "A/w/-/7/0/3600/4/1/-1/1|"
                               "A/v/-/0/2/200/nan/-1/-1/-1|"
                               "A/w/-/0/3/300/nan/-1/-1/-1|"
                               "B/v/t/0/10/9000/nan/5/2/0|"
                               "A/w/-/8/20/0/3/-1/-1/-1|"
                               "B/v/-/0/4/400/nan/-1/-1/-1|"
                               "A/w/-/0/5/500/nan/-1/-1/-1|");
    free(want);
    /* the other connection sharing them reads the same, windows too */
    free(after);
    after = scan_text(b, 150, 450);
    want = scan_text(fresh, 150, 450);
    assert_string_equal(after, want);
    assert_string_equal(after, "A/v/-/0/2/200/nan/-1/-1/-1|"
                               "A/w/-/0/3/300/nan/-1/-1/-1|"
                               "B/v/-/0/4/400/nan/-1/-1/-1|");
    /* a change to the rest is counted there */
    exec(db, "UPDATE unit SET function = 'x' WHERE id = 1");
    assert_int_equal(store_data_stamps(a, &rest, &items, NULL), 0);
    assert_int_equal(rest, rest0 + 1);
    assert_int_equal(items, 3);
    free(before);
    free(after);
    free(want);
    sqlite3_close(db);
    store_close(fresh);
    store_close(a);
    store_close(b);
    store_itab_free(shared);
}

/* Many items, in several chunks: rows that fall before, between and
 * after them, in several chunks at once, and changes to kept ones
 * (one moving to another workflow) read as a new connection reads
 * them, and so do the pilots' arms of the workflow they touched and of
 * one they did not. */
static void test_items_chunks(void **state)
{
    struct fixture *f = *state;
    struct store *a = NULL, *fresh = NULL;
    struct sum s1, s2;
    char *got, *want;
    long n1, n2;
    sqlite3 *db;

    assert_int_equal(store_open(f->path, STORE_CREATE, &a, NULL), 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    exec(db, "INSERT INTO unit(id, name) VALUES (1, 'A'), (2, 'B');"
             "INSERT INTO workflow(id, name) VALUES (1, 'w'), (2, 'v');"
             "INSERT INTO source(id, name) VALUES (1, 's');"
             /* keys k00000 .. k19998, even numbers: 10,000 items */
             "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 2 FROM n "
             "WHERE i < 19998) INSERT INTO work_item(source_id, source_key, "
             "workflow_id, unit_id, person_id, started_at, finished_at, "
             "errors, seen_seq) SELECT 1, printf('k%05d', i), 1 + i % 4 / 2, "
             "1 + i % 3 % 2, NULL, i, i + 3600 * (1 + i % 7), i % 5, 1 "
             "FROM n;"
             "INSERT INTO workflow(id, name) VALUES (3, 'u');"
             "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n "
             "WHERE i < 99) INSERT INTO work_item(source_id, source_key, "
             "workflow_id, unit_id, started_at, finished_at, errors, "
             "seen_seq) SELECT 1, printf('m%03d', i), 3, 1 + i % 2, i, "
             "i + 100 * (i % 9), i % 3, 1 FROM n");
    got = scan_text(a, 0, 0);
    free(got);
    memset(&s1, 0, sizeof(s1));
    assert_int_equal(store_pilot_values(a, 3, 1, PM_CYCLE_TIME, 0, 1 << 30,
                                        add_up, &s1, NULL),
                     0); /* workflow 3's arms: no row below touches it */
    exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1000 "
             "FROM n WHERE i < 19000) INSERT INTO work_item(source_id, "
             "source_key, workflow_id, unit_id, started_at, finished_at, "
             "errors, seen_seq) SELECT 1, printf('k%05d', i), 1, 2, i, "
             "i + 60, 9, 2 FROM n;"
             "INSERT INTO work_item(source_id, source_key, workflow_id, "
             "unit_id, started_at, finished_at, seen_seq) VALUES "
             "(1, 'a', 1, 1, 5, 50, 2), (1, 'z', 1, 1, 6, 60, 2);"
             "UPDATE work_item SET errors = 7, seen_seq = 2 WHERE "
             "source_key IN ('k00000', 'k08190', 'k08192', 'k16382', 'k19998');"
             /* k04000 was workflow 1: now 2 */
             "UPDATE work_item SET workflow_id = 2, seen_seq = 2 WHERE "
             "source_key = 'k04000';"
             "INSERT INTO work_item_change SELECT 2, source_id, source_key "
             "FROM work_item WHERE seen_seq = 2");
    assert_int_equal(store_open(f->path, STORE_OPEN, &fresh, NULL), 0);
    got = scan_text(a, 0, 0);
    want = scan_text(fresh, 0, 0);
    assert_string_equal(got, want);
    free(got);
    free(want);
    for (int wf = 1; wf <= 3; wf++)
        for (int u = 1; u <= 2; u++) {
            memset(&s1, 0, sizeof(s1));
            memset(&s2, 0, sizeof(s2));
            assert_int_equal(store_pilot_values(a, wf, u, PM_ERRORS, 0,
                                                1 << 30, add_up, &s1, NULL),
                             0);
            assert_int_equal(store_pilot_values(fresh, wf, u, PM_ERRORS, 0,
                                                1 << 30, add_up, &s2, NULL),
                             0);
            assert_int_equal(s1.n, s2.n);
            assert_float_equal(s1.sum, s2.sum, 0);
            assert_int_equal(store_pilot_people(a, wf, u, 0, 1 << 30, &n1,
                                                NULL),
                             0);
            assert_int_equal(store_pilot_people(fresh, wf, u, 0, 1 << 30, &n2,
                                                NULL),
                             0);
            assert_int_equal(n1, n2);
        }
    /* an import that did not list its rows (too many): read again */
    exec(db, "UPDATE work_item SET errors = 8 WHERE source_key = 'k00002';"
             "INSERT INTO work_item_change VALUES (3, 0, '')");
    got = scan_text(a, 0, 11000);
    want = scan_text(fresh, 0, 11000);
    assert_string_equal(got, want);
    assert_non_null(strstr(got, "/2/10802/nan/8/"));
    free(got);
    free(want);
    /* and the figures themselves, as SQLite counts them */
    {
        sqlite3_stmt *stmt;
        memset(&s1, 0, sizeof(s1));
        assert_int_equal(store_pilot_values(a, 2, 1, PM_ERRORS, 0, 1 << 30,
                                            add_up, &s1, NULL),
                         0);
        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT count(errors), "
                                            "total(errors) FROM work_item "
                                            "WHERE workflow_id = 2 AND "
                                            "unit_id = 1 AND finished_at "
                                            "IS NOT NULL",
                                            -1, &stmt, NULL),
                         SQLITE_OK);
        assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
        assert_int_equal(s1.n, sqlite3_column_int(stmt, 0));
        assert_float_equal(s1.sum, sqlite3_column_double(stmt, 1), 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    store_close(fresh);
    store_close(a);
}

/* Every table either counts its changes in data_stamp (a trigger for
 * each of insert, update and delete) or is one of those named as left
 * out on purpose: a new table the dashboard keeps something of must be
 * stamped, or pages stay as they were after it changes. */
static void test_every_table_stamped(void **state)
{
    static const char *const unstamped =
        "app_login_link app_session audit_log data_stamp import_log "
        "learning_day shadow_day shadow_line usage_day work_item "
        "work_item_change ";
    struct fixture *f = *state;
    struct store *st = NULL;
    struct buf got = BUF_INIT;
    sqlite3_stmt *stmt;
    sqlite3 *db;

    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT t.name, (SELECT count(*) FROM "
                           "sqlite_master g WHERE g.type = 'trigger' AND "
                           "g.tbl_name = t.name AND g.name LIKE 'stamp_%') "
                           "FROM sqlite_master t WHERE t.type = 'table' "
                           "ORDER BY t.name",
                           -1, &stmt, NULL),
        SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        int n = sqlite3_column_int(stmt, 1);

        if (n != 3) {
            assert_int_equal(n, 0);
            buf_addf(&got, "%s ", (const char *)sqlite3_column_text(stmt, 0));
        }
    }
    sqlite3_finalize(stmt);
    assert_string_equal(buf_str(&got), unstamped);
    buf_release(&got);
    sqlite3_close(db);
    store_close(st);
}

static int collect(void *ctx, const struct store_audit_entry *e,
                   struct diag *diag)
{
    struct buf *b = ctx;

    (void)diag;
    buf_addf(b, "%lld %s %s %s %s %s %s|", (long long)e->seq, e->actor,
             e->action, e->subject, e->details, e->prev, e->hash);
    return 0;
}

static void test_audit_chain(void **state)
{
    struct fixture *f = *state;
    struct store *st = NULL;
    struct store_audit_check c;
    struct buf head_path = BUF_INIT, log = BUF_INIT;
    char line[200], *p, zeros[65], h1[65];
    FILE *fp;

    unsetenv("TRACTION_KEY");
    memset(zeros, '0', 64);
    zeros[64] = '\0';
    buf_addf(&head_path, "%s/ws.audit-head", f->dir);
    p = store_audit_head_path(f->path);
    assert_string_equal(p, buf_str(&head_path));
    free(p);
    p = store_audit_head_path("dir/noext");
    assert_string_equal(p, "dir/noext.audit-head");
    free(p);
    assert_int_equal(store_open(f->path, STORE_CREATE, &st, NULL), 0);
    assert_int_equal(store_audit_verify(st, &c, NULL), 0);
    assert_int_equal(c.entries + c.bad, 0);
    assert_int_equal(c.head_seq, -1);

    /* a rolled-back append leaves no entry and no head */
    assert_int_equal(store_begin(st, NULL), 0);
    assert_int_equal(store_audit_append(st, "x", "y", NULL, NULL), 0);
    store_rollback(st);
    assert_int_equal(store_begin(st, NULL), 0);
    assert_int_equal(store_commit(st, NULL), 0);
    assert_null(fopen(buf_str(&head_path), "r"));

    store_set_actor(st, "ann");
    assert_int_equal(store_begin(st, NULL), 0);
    assert_int_equal(store_audit_append(st, "pilot.new", "pilot 1",
                                        "{\"a\":1}", NULL),
                     0);
    assert_int_equal(store_audit_append(st, "user.add", "bob", NULL, NULL),
                     0);
    assert_int_equal(store_commit(st, NULL), 0);
    assert_int_equal(store_audit_entries(st, collect, &log, NULL), 0);
    /* entry 1 follows zeros, entry 2 follows entry 1 */
    assert_int_equal(sscanf(buf_str(&log), "%*d %*s %*s %*s %*s %*s %*s %64s",
                            h1),
                     1);
    assert_non_null(strstr(buf_str(&log), zeros));
    assert_non_null(strstr(buf_str(&log), "2 ann user.add bob {} "));
    assert_non_null(strstr(strstr(buf_str(&log), "2 ann"), h1));
    fp = fopen(buf_str(&head_path), "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof(line), fp));
    fclose(fp);
    assert_int_equal(strncmp(line, "2 ", 2), 0);
    line[strcspn(line, "\n")] = '\0';
    assert_int_equal(strlen(line), 2 + 64); /* the last entry's hash */
    assert_non_null(strstr(buf_str(&log), line + 2));
    assert_int_equal(strncmp(line + 2, buf_str(&log) + log.len - 65, 64), 0);
    assert_int_equal(store_audit_verify(st, &c, NULL), 0);
    assert_int_equal(c.entries, 2);
    assert_int_equal(c.head_seq, 2);
    assert_int_equal(c.bad, 0);
    store_close(st);
    buf_release(&head_path);
    buf_release(&log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_reopen_refuse, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_key_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roster_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_shadow_days_many, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_usage_days_many, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_pilot_arms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_items_in_memory, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_items_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_table_stamped, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
