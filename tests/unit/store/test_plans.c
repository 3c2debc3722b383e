/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Query plans of the store's lookups (issue 23): each statement below is
 * one the store runs (copied from its file, named beside it) where a row
 * is looked up by a key; SQLite's EXPLAIN QUERY PLAN on a new workspace
 * must search an index for it, never scan the table (a scan per row made
 * `traction status` quadratic in units: 19.5 s for 20,053 units). */
#include "testutil.h"

#include <sqlite3.h>
#include <string.h>

#include "store/store.h"

struct lookup {
    const char *where; /* the store's file */
    const char *sql;
    const char *table; /* the name or alias that must not be scanned */
};

static const struct lookup lookups[] = {
    /* status: teams are units without children */
    {"store.c", "SELECT count(*) FROM unit u WHERE NOT EXISTS "
                "(SELECT 1 FROM unit c WHERE c.parent_id = u.id)", "c"},
    /* the roster: a unit's current members */
    {"store_roster.c",
     "SELECT u.id, coalesce(u.parent_id, 0), u.name, (SELECT count(*) FROM "
     "membership m WHERE m.unit_id = u.id AND m.active_to IS NULL), "
     "coalesce(u.function, '') FROM unit u ORDER BY u.name", "m"},
    /* store_units' managers of each unit (the load on the middle) */
    {"store_roster.c",
     "SELECT u.id, (SELECT count(*) FROM membership m WHERE m.unit_id = "
     "u.id AND m.active_to IS NULL AND m.is_manager = 1) FROM unit u "
     "ORDER BY u.name", "m"},
    /* a unit's target resets, and an overlapping one */
    {"store_targets.c",
     "SELECT id, from_day, until_day FROM target_reset WHERE unit_id = ? "
     "AND metric = ? AND from_day <= ? AND until_day >= ? ORDER BY id "
     "LIMIT 1", "target_reset"},
    {"store_targets.c",
     "SELECT r.id, u.name FROM target_reset r JOIN unit u ON u.id = "
     "r.unit_id WHERE r.unit_id = ?1 ORDER BY u.name, r.from_day, r.id",
     "r"},
    /* pilots closed by a decision on or before a day (the load) */
    {"store_pilots.c",
     "SELECT p.unit_id FROM pilot p WHERE p.start_at <= ?1 AND NOT EXISTS "
     "(SELECT 1 FROM pilot_decision d WHERE d.pilot_id = p.id AND "
     "d.decision IN ('scale', 'retire') AND d.at <= ?1)", "d"},
    {"store_roster.c", "SELECT id FROM unit WHERE name = ?", "unit"},
    /* a pilot's decisions and deviations, and the learning ledger's */
    {"store_pilots.c",
     "SELECT at, decision, recommended, by_name, why, learned, differently, "
     "evidence FROM pilot_decision WHERE pilot_id = ? ORDER BY id",
     "pilot_decision"},
    {"store_pilots.c",
     "SELECT at, what, why FROM pilot_deviation WHERE pilot_id = ? "
     "ORDER BY id", "pilot_deviation"},
    {"store_pilots.c",
     "SELECT u.name, count(*), sum(EXISTS (SELECT 1 FROM pilot_decision d "
     "WHERE d.pilot_id = p.id AND d.learned <> '')) FROM pilot p JOIN unit u "
     "ON u.id = p.unit_id GROUP BY u.name", "d"},
    /* a survey wave's links and responses */
    {"store_voice.c", "UPDATE survey_link SET sealed = NULL WHERE wave_id = ?",
     "survey_link"},
    {"store_voice.c", "SELECT count(*), coalesce(sum(used), 0) FROM "
                      "survey_link WHERE wave_id = ?", "survey_link"},
    {"store_voice.c", "SELECT wave_id FROM survey_link WHERE token_hash = ?",
     "survey_link"},
    {"store_voice.c", "SELECT u.name, count(*) FROM survey_response r JOIN "
                      "unit u ON u.id = r.unit_id WHERE r.wave_id = ? "
                      "GROUP BY u.id", "r"},
    /* accounts */
    {"store_users.c", "DELETE FROM app_session WHERE user_id = ?",
     "app_session"},
    /* governance (issue 18): a unit's pending requests (the load on a
     * middle manager counts them per unit), a pilot's proposal (per
     * pilot of the portfolio), the register's entry on a change */
    {"store_requests.c",
     "SELECT count(*) FROM tool_request WHERE unit_id = ?1 AND decided IS "
     "NULL",
     "tool_request"},
    {"store_proposals.c", "SELECT id FROM proposal WHERE pilot_id = ?",
     "proposal"},
    {"store_human.c",
     "SELECT id FROM human_entry WHERE workflow = ? AND kind = ? AND what = ?",
     "human_entry"},
    {"store_users.c", "DELETE FROM app_session WHERE token_hash = ?",
     "app_session"},
    /* day rows and weeks by their key */
    {"store_shadow.c", "SELECT day, who, unit_id, service_id, requests FROM "
                       "shadow_day WHERE day BETWEEN ? AND ?", "shadow_day"},
    {"store_shadow.c", "DELETE FROM shadow_week WHERE week = ?",
     "shadow_week"},
    {"store_usage.c", "SELECT week, unit_id, tool_id, people FROM usage_week "
                      "WHERE week BETWEEN ? AND ?", "usage_week"},
    {"store_items.c", "UPDATE work_item SET seen_seq = ?3 WHERE source_id = "
                      "?1 AND source_key = ?2", "work_item"},
    /* the items in memory: what imports listed since, and the newest */
    {"store_itab.c", "SELECT w.source_id, w.quality FROM (SELECT DISTINCT "
                     "source_id, source_key FROM work_item_change WHERE seq > "
                     "?1) c JOIN work_item w ON w.source_id = c.source_id AND "
                     "w.source_key = c.source_key ORDER BY w.source_id, "
                     "w.source_key", "w"},
    {"store_itab.c", "SELECT w.source_id, w.quality FROM (SELECT DISTINCT "
                     "source_id, source_key FROM work_item_change WHERE seq > "
                     "?1) c JOIN work_item w ON w.source_id = c.source_id AND "
                     "w.source_key = c.source_key ORDER BY w.source_id, "
                     "w.source_key", "work_item_change"},
    {"store.c", "SELECT (SELECT n FROM data_stamp), (SELECT coalesce("
                "max(seq), 0) FROM work_item_change)", "work_item_change"},
};

/* Whether a plan line scans `table` (a SCAN of the table or its alias,
 * with or without an index: a scan reads every row). */
static int scans(const char *detail, const char *table)
{
    size_t n = strlen(table);

    return !strncmp(detail, "SCAN ", 5) && !strncmp(detail + 5, table, n)
           && (detail[5 + n] == '\0' || detail[5 + n] == ' ');
}

static void test_lookups_search(void **state)
{
    char *dir = tu_tmpdir(), path[256];
    struct store *st = NULL;
    sqlite3 *db = NULL;
    int bad = 0;

    (void)state;
    snprintf(path, sizeof(path), "%s/ws.db", dir);
    assert_int_equal(store_open(path, STORE_CREATE, &st, NULL), 0);
    store_close(st);
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < sizeof(lookups) / sizeof(lookups[0]); i++) {
        const struct lookup *l = &lookups[i];
        char sql[1024];
        sqlite3_stmt *stmt = NULL;

        snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", l->sql);
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
            fail_msg("%s: %s: %s", l->where, l->sql, sqlite3_errmsg(db));
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *detail = (const char *)sqlite3_column_text(stmt, 3);

            if (detail && scans(detail, l->table)) {
                print_error("%s: '%s' plans %s\n", l->where, l->sql, detail);
                bad = 1;
            }
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    assert_false(bad);
    tu_rmtree(dir);
}

/* The check itself can fail: a statement that can only scan is caught. */
static void test_scan_is_seen(void **state)
{
    (void)state;
    assert_true(scans("SCAN c", "c"));
    assert_true(scans("SCAN unit USING COVERING INDEX x", "unit"));
    assert_false(scans("SEARCH c USING COVERING INDEX unit_parent "
                       "(parent_id=?)", "c"));
    assert_false(scans("SCAN cx", "c"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookups_search),
        cmocka_unit_test(test_scan_is_seen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
