/*
 * test_store_contract.c - the contract every store backend keeps (store.h).
 * Runs against a fresh SQLite file in a temp dir; with MOTCUA_TEST_DB set
 * to a postgres:// URL it runs against that backend instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "store/store.h"

static char db_path[256];
static struct store *g_st; /* the group's store; tests may reopen it */

static int setup(void **state)
{
	char dir[] = "/tmp/motcua-store-XXXXXX";
	struct store *st = NULL;
	struct errbuf eb;
	int applied = -1;
	assert_non_null(mkdtemp(dir));
	snprintf(db_path, sizeof(db_path), "%s/t.db", dir);
	assert_int_equal(store_open(db_path, &st, &eb), ERR_OK);
	assert_int_equal(store_migrate(st, &applied, &eb), ERR_OK);
	assert_true(applied >= 1);
	g_st = st;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];
	(void)state;
	store_close(g_st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(db_path, '/') - db_path), db_path);
	return system(cmd) == 0 ? 0 : -1;
}

static struct stx *begin(struct store *st, enum store_mode m)
{
	struct stx *tx = NULL;
	struct errbuf eb;
	assert_int_equal(store_begin(st, m, &tx, &eb), ERR_OK);
	return tx;
}

static void migrating_twice_applies_nothing(void **state)
{
	struct errbuf eb;
	int applied = -1, dbv = 0, binv = 0;
	assert_int_equal(store_migrate(*state, &applied, &eb), ERR_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(*state, &dbv, &binv, &eb), ERR_OK);
	assert_int_equal(dbv, binv);
}

static void a_newer_database_is_refused(void **state)
{
	sqlite3 *db;
	struct errbuf eb;
	int applied;
	(void)state;
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_migrate(*state, &applied, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "newer"));
	assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
	sqlite3_exec(db, "DELETE FROM schema_migrations WHERE version = 9999", NULL, NULL, NULL);
	sqlite3_close(db);
}

static void agencies_keep_codes_unique_and_parents_real(void **state)
{
	struct errbuf eb;
	char *doc = NULL;
	struct stx *tx = begin(*state, STORE_WRITE);
	struct store_agency root = {"000.00.00.H50", "H50", NULL, "UBND", "{\"code\":\"000.00.00.H50\"}"};
	struct store_agency child = {"000.00.12.H50", "H50.12", "000.00.00.H50", "Sở", "{}"};
	struct store_agency orphan = {"000.00.13.H50", "H50.13", "000.00.99.H50", "Sở", "{}"};
	assert_int_equal(store_agency_put(tx, &root, 1, &eb), ERR_OK);
	assert_int_equal(store_agency_put(tx, &child, 1, &eb), ERR_OK);
	assert_int_equal(store_agency_put(tx, &root, 1, &eb), ERR_CONFLICT);
	assert_int_equal(store_agency_put(tx, &orphan, 1, &eb), ERR_RULE);
	assert_string_equal(eb.field, "parent");
	orphan.parent = NULL;
	assert_int_equal(store_agency_put(tx, &orphan, 0, &eb), ERR_NOTFOUND);
	assert_int_equal(store_commit(tx, &eb), ERR_OK);
	tx = begin(*state, STORE_READ);
	assert_int_equal(store_agency_get(tx, "000.00.00.H50", &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"code\":\"000.00.00.H50\"}");
	free(doc);
	assert_int_equal(store_agency_get(tx, "000.00.77.H50", &doc, &eb), ERR_NOTFOUND);
	store_rollback(tx);
}

static int count_cb(void *arg, const struct store_procedure_hit *h)
{
	(void)h;
	(*(int *)arg)++;
	return 0;
}

static int hist_cb(void *arg, const struct store_procedure *p)
{
	char *s = arg;
	size_t n = strlen(s);
	snprintf(s + n, 200 - n, "%d:%s:%s;", p->version, p->change, p->status);
	return 0;
}

static void procedure_versions_are_consecutive(void **state)
{
	struct errbuf eb;
	struct stx *tx = begin(*state, STORE_WRITE);
	struct store_agency root = {"000.00.00.H46", "H46", NULL, "UBND", "{}"};
	assert_int_equal(store_agency_put(tx, &root, 1, &eb), ERR_OK);
	struct store_procedure p = {.code = "1.000001", .version = 1, .status = "active",
				    .change = "new", .name = "Cấp phép", .field = "F",
				    .agency = "000.00.00.H46", .online = "full",
				    .effective_from = "2024-01-01", .search_text = "cap phep 50% | f | 1 000001", .summary = "{}",
				    .doc = "{\"v\":1}", .recorded_at = 1};
	assert_int_equal(store_procedure_add_version(tx, &p, NULL, &eb), ERR_OK);
	assert_int_equal(store_procedure_add_version(tx, &p, NULL, &eb), ERR_CONFLICT);
	p.version = 3;
	assert_int_equal(store_procedure_add_version(tx, &p, "amended", &eb), ERR_CONFLICT);
	p.version = 2;
	p.change = "amended";
	p.doc = "{\"v\":2}";
	assert_int_equal(store_procedure_add_version(tx, &p, "amended", &eb), ERR_OK);
	struct store_procedure bad = p;
	bad.code = "1.000002";
	bad.version = 1;
	bad.agency = "000.00.00.Y99";
	assert_int_equal(store_procedure_add_version(tx, &bad, NULL, &eb), ERR_RULE);
	assert_string_equal(eb.field, "agency");
	assert_int_equal(store_commit(tx, &eb), ERR_OK);

	tx = begin(*state, STORE_READ);
	char *doc = NULL, hist[200] = "";
	assert_int_equal(store_procedure_get(tx, "1.000001", 0, &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"v\":2}");
	free(doc);
	/* the superseded version's document says so too */
	assert_int_equal(store_procedure_get(tx, "1.000001", 1, &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"v\":1,\"status\":\"amended\"}");
	free(doc);
	assert_int_equal(store_procedure_history(tx, "1.000001", hist_cb, hist, &eb), ERR_OK);
	assert_string_equal(hist, "1:new:amended;2:amended:active;");
	assert_int_equal(store_procedure_history(tx, "9.999999", hist_cb, hist, &eb), ERR_NOTFOUND);
	/* tokens are matched as substrings, all required; LIKE wildcards are literal */
	const char *t1[] = {"cap", "phep"}, *t2[] = {"cap", "zzz"}, *t3[] = {"%"}, *t4[] = {"_"},
		   *t5[] = {"50%"};
	struct {
		const char *const *t;
		int n, want;
	} cases[] = {{t1, 2, 1}, {t2, 2, 0}, {t3, 1, 1}, {t4, 1, 0}, {t5, 1, 1}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = 0;
		struct store_procedure_query q = {.tokens = cases[i].t, .ntokens = cases[i].n};
		assert_int_equal(store_procedure_search(tx, &q, count_cb, &n, &eb), ERR_OK);
		assert_int_equal(n, cases[i].want);
	}
	int n = 0;
	struct store_procedure_query q = {.online = "none"};
	assert_int_equal(store_procedure_search(tx, &q, count_cb, &n, &eb), ERR_OK);
	assert_int_equal(n, 0);
	store_rollback(tx);
}

static void sessions_expire_and_slide(void **state)
{
	struct errbuf eb;
	int64_t uid = 0, got = 0;
	struct stx *tx = begin(*state, STORE_WRITE);
	struct store_user u = {0, "tester", "T", "citizen", NULL, "$argon2id$x", 0};
	assert_int_equal(store_user_add(tx, &u, &uid, &eb), ERR_OK);
	assert_int_equal(store_user_add(tx, &u, NULL, &eb), ERR_CONFLICT);
	assert_string_equal(eb.field, "username");
	assert_int_equal(store_session_add(tx, "h1", uid, 1000, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h1", 999, 2000, &got, &eb), ERR_OK);
	assert_int_equal(got, uid);
	/* slid to 2000: still alive at 1500 */
	assert_int_equal(store_session_touch(tx, "h1", 1500, 1600, &got, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h1", 1600, 9999, &got, &eb), ERR_AUTH);
	assert_int_equal(store_session_add(tx, "h2", uid, 5000, &eb), ERR_OK);
	assert_int_equal(store_session_delete_user(tx, uid, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h2", 100, 200, &got, &eb), ERR_AUTH);
	assert_int_equal(store_commit(tx, &eb), ERR_OK);
}

static void rollback_discards_and_commit_survives_reopen(void **state)
{
	struct errbuf eb;
	char *v = NULL;
	struct stx *tx = begin(*state, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "k", "rolled back", &eb), ERR_OK);
	store_rollback(tx);
	tx = begin(*state, STORE_WRITE);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_NOTFOUND);
	assert_int_equal(store_meta_set(tx, "k", "kept", &eb), ERR_OK);
	assert_int_equal(store_calendar_put(tx, 2025, NULL, "{\"year\":2025}", &eb), ERR_OK);
	assert_int_equal(store_commit(tx, &eb), ERR_OK);
	store_close(*state);
	struct store *st = NULL;
	assert_int_equal(store_open(db_path, &st, &eb), ERR_OK);
	g_st = st;
	*state = st;
	tx = begin(st, STORE_READ);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_OK);
	assert_string_equal(v, "kept");
	free(v);
	assert_int_equal(store_calendar_get(tx, 2025, "", &v, &eb), ERR_OK);
	assert_string_equal(v, "{\"year\":2025}");
	free(v);
	assert_int_equal(store_calendar_get(tx, 2026, "", &v, &eb), ERR_NOTFOUND);
	store_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrating_twice_applies_nothing),
		cmocka_unit_test(a_newer_database_is_refused),
		cmocka_unit_test(agencies_keep_codes_unique_and_parents_real),
		cmocka_unit_test(procedure_versions_are_consecutive),
		cmocka_unit_test(sessions_expire_and_slide),
		cmocka_unit_test(rollback_discards_and_commit_survives_reopen),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
