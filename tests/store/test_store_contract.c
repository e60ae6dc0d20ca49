/*
 * test_store_contract.c - the contract every store backend keeps (store.h).
 * Runs against a fresh SQLite file in a temp dir; with MOTCUA_TEST_DB set
 * to a postgres:// URL of an empty database it runs against PostgreSQL
 * instead (tests/run.sh does both). The same assertions hold on both:
 * that is the point.
 *
 * A few checks go behind the store's back (an UPDATE of the append-only
 * audit log, a schema version from the future): raw_sql() runs them with
 * the sqlite3 library or libpq, whichever the backend is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/assets.h"
#include "store/backup.h"
#include "store/store.h"

static char db_url[512];
static int is_pg;
static struct store *g_st; /* the group's store (tests may reopen it, so not *state) */

/* Run SQL directly on the database; 0 if it succeeded. The error text
 * goes to msg. */
static int raw_sql(const char *sql, char *msg, size_t sz)
{
	int rc = -1;
	msg[0] = '\0';
	if (is_pg) {
		PGconn *c = PQconnectdb(db_url);
		PGresult *r = PQexec(c, sql);
		ExecStatusType s = PQresultStatus(r);
		rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : -1;
		snprintf(msg, sz, "%s", PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
	} else {
		sqlite3 *db = NULL;
		char *err = NULL;
		if (sqlite3_open(db_url, &db) == SQLITE_OK)
			rc = sqlite3_exec(db, sql, NULL, NULL, &err) == SQLITE_OK ? 0 : -1;
		snprintf(msg, sz, "%s", err ? err : "");
		sqlite3_free(err);
		sqlite3_close(db);
	}
	return rc;
}

static int setup(void **state)
{
	(void)state;
	struct store *st = NULL;
	struct errbuf eb;
	int applied = -1;
	const char *url = getenv("MOTCUA_TEST_DB");
	if (url && *url) {
		snprintf(db_url, sizeof(db_url), "%s", url);
		is_pg = !strncmp(url, "postgres", 8);
	} else {
		char dir[] = "/tmp/motcua-store-XXXXXX";
		assert_non_null(mkdtemp(dir));
		snprintf(db_url, sizeof(db_url), "%s/t.db", dir);
	}
	assert_int_equal(store_open(db_url, &st, &eb), ERR_OK);
	assert_string_equal(store_backend(st), is_pg ? "postgresql" : "sqlite");
	assert_int_equal(store_migrate(st, &applied, &eb), ERR_OK);
	assert_true(applied >= 1);
	g_st = st;
	return 0;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	store_close(g_st);
	if (is_pg)
		return 0;
	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(db_url, '/') - db_url), db_url);
	return system(cmd) == 0 ? 0 : -1;
}

static struct stx *begin(struct store *st, enum store_mode m)
{
	struct stx *tx = NULL;
	struct errbuf eb;
	assert_int_equal(store_begin(st, m, &tx, &eb), ERR_OK);
	return tx;
}

static void commit(struct stx *tx)
{
	struct errbuf eb;
	assert_int_equal(store_commit(tx, &eb), ERR_OK);
}

/* ---- schema ---- */

static void migrating_twice_applies_nothing(void **state)
{
	(void)state;
	struct errbuf eb;
	int applied = -1, dbv = 0, binv = 0;
	assert_int_equal(store_migrate(g_st, &applied, &eb), ERR_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_schema_version(g_st, &dbv, &binv, &eb), ERR_OK);
	assert_int_equal(dbv, binv);
}

static void a_newer_database_is_refused(void **state)
{
	(void)state;
	struct errbuf eb;
	char msg[300];
	int applied, dbv = 0, binv = 0;
	assert_int_equal(raw_sql("INSERT INTO schema_migrations VALUES (9999, 'future', 0)", msg,
				 sizeof(msg)),
			 0);
	assert_int_equal(store_migrate(g_st, &applied, &eb), ERR_CONFLICT);
	assert_non_null(strstr(eb.msg, "newer"));
	assert_int_equal(store_schema_version(g_st, &dbv, &binv, &eb), ERR_OK);
	assert_int_equal(dbv, 9999);
	assert_int_equal(raw_sql("DELETE FROM schema_migrations WHERE version = 9999", msg,
				 sizeof(msg)),
			 0);
}

struct versions {
	char list[200];
};

static void collect_version(const char *path, const char *data, size_t sz, void *arg)
{
	struct versions *v = arg;
	const char *base = strrchr(path, '/') + 1;
	size_t n = strlen(v->list);
	(void)data;
	(void)sz;
	snprintf(v->list + n, sizeof(v->list) - n, "%.4s;", base);
}

static void both_backends_have_the_same_migrations(void **state)
{
	struct versions sq = {""}, pg = {""};
	(void)state;
	assets_each("src/store/sqlite/migrations/", collect_version, &sq);
	assets_each("src/store/pg/migrations/", collect_version, &pg);
	assert_true(strlen(sq.list) > 0);
	/* a schema version means the same tables on either backend */
	assert_string_equal(sq.list, pg.list);
}

/* ---- agencies and procedures ---- */

static void agencies_keep_codes_unique_and_parents_real(void **state)
{
	(void)state;
	struct errbuf eb;
	char *doc = NULL;
	struct stx *tx = begin(g_st, STORE_WRITE);
	struct store_agency root = {"000.00.00.H50", "H50", NULL, "UBND", "{\"code\":\"000.00.00.H50\"}"};
	struct store_agency child = {"000.00.12.H50", "H50.12", "000.00.00.H50", "Sở", "{}"};
	struct store_agency orphan = {"000.00.13.H50", "H50.13", "000.00.99.H50", "Sở", "{}"};
	struct store_agency same_share = {"000.00.14.H50", "H50.12", NULL, "Sở", "{}"};
	assert_int_equal(store_agency_put(tx, &root, 1, &eb), ERR_OK);
	assert_int_equal(store_agency_put(tx, &child, 1, &eb), ERR_OK);
	/* a failed write leaves the transaction usable, on every backend */
	assert_int_equal(store_agency_put(tx, &root, 1, &eb), ERR_CONFLICT);
	assert_string_equal(eb.field, "code");
	assert_int_equal(store_agency_put(tx, &same_share, 1, &eb), ERR_CONFLICT);
	assert_int_equal(store_agency_put(tx, &orphan, 1, &eb), ERR_RULE);
	assert_string_equal(eb.field, "parent");
	orphan.parent = NULL;
	assert_int_equal(store_agency_put(tx, &orphan, 0, &eb), ERR_NOTFOUND);
	child.name = "Sở mới";
	child.doc = "{\"renamed\":true}";
	assert_int_equal(store_agency_put(tx, &child, 0, &eb), ERR_OK);
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_agency_get(tx, "000.00.00.H50", &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"code\":\"000.00.00.H50\"}");
	free(doc);
	assert_int_equal(store_agency_get(tx, "000.00.12.H50", &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"renamed\":true}");
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

static int text_cb(void *arg, const char *t)
{
	char *s = arg;
	size_t n = strlen(s);
	snprintf(s + n, 300 - n, "%s;", t);
	return 0;
}

static void procedure_versions_are_consecutive(void **state)
{
	(void)state;
	struct errbuf eb;
	struct stx *tx = begin(g_st, STORE_WRITE);
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
	/* a second field, and an abolished procedure whose field is not listed */
	struct store_procedure q = {.code = "1.000003", .version = 1, .status = "active",
				    .change = "new", .name = "Đăng ký", .field = "E",
				    .agency = "000.00.00.H46", .online = "none",
				    .effective_from = "2024-01-01", .search_text = "dang ky | e", .summary = "{\"s\":1}",
				    .doc = "{\"v\":1,\"status\":\"active\",\"x\":[1,2]}", .recorded_at = 2};
	assert_int_equal(store_procedure_add_version(tx, &q, NULL, &eb), ERR_OK);
	struct store_procedure z = q;
	z.code = "1.000004";
	z.field = "Z";
	z.status = "abolished";
	z.change = "abolished";
	assert_int_equal(store_procedure_add_version(tx, &z, NULL, &eb), ERR_OK);
	q.version = 2;
	q.change = "amended";
	q.doc = "{\"v\":2}";
	assert_int_equal(store_procedure_add_version(tx, &q, "amended", &eb), ERR_OK);
	commit(tx);

	tx = begin(g_st, STORE_READ);
	char *doc = NULL, hist[200] = "", fields[300] = "";
	int latest = -1;
	int64_t count = 0;
	assert_int_equal(store_procedure_get(tx, "1.000001", 0, &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"v\":2}");
	free(doc);
	/* the superseded version's document says so too: the key appended */
	assert_int_equal(store_procedure_get(tx, "1.000001", 1, &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"v\":1,\"status\":\"amended\"}");
	free(doc);
	/* ... or replaced in place, the other members untouched */
	assert_int_equal(store_procedure_get(tx, "1.000003", 1, &doc, &eb), ERR_OK);
	assert_string_equal(doc, "{\"v\":1,\"status\":\"amended\",\"x\":[1,2]}");
	free(doc);
	assert_int_equal(store_procedure_get(tx, "1.000001", 7, &doc, &eb), ERR_NOTFOUND);
	assert_int_equal(store_procedure_latest(tx, "1.000001", &latest, &eb), ERR_OK);
	assert_int_equal(latest, 2);
	assert_int_equal(store_procedure_latest(tx, "9.999999", &latest, &eb), ERR_OK);
	assert_int_equal(latest, 0);
	assert_int_equal(store_procedure_history(tx, "1.000001", hist_cb, hist, &eb), ERR_OK);
	assert_string_equal(hist, "1:new:amended;2:amended:active;");
	assert_int_equal(store_procedure_history(tx, "9.999999", hist_cb, hist, &eb), ERR_NOTFOUND);
	assert_int_equal(store_procedure_fields(tx, text_cb, fields, &eb), ERR_OK);
	assert_string_equal(fields, "E;F;");
	assert_int_equal(store_procedure_count(tx, &count, &eb), ERR_OK);
	assert_int_equal(count, 2);
	assert_int_equal(store_ping(tx, &eb), ERR_OK);
	/* tokens are matched as substrings, all required, ASCII case ignored;
	 * LIKE wildcards are literal */
	const char *t1[] = {"cap", "phep"}, *t2[] = {"cap", "zzz"}, *t3[] = {"%"}, *t4[] = {"_"},
		   *t5[] = {"50%"}, *t6[] = {"CAP"}, *t7[] = {"\\"};
	struct {
		const char *const *t;
		int n, want;
	} cases[] = {{t1, 2, 1}, {t2, 2, 0}, {t3, 1, 1}, {t4, 1, 0}, {t5, 1, 1}, {t6, 1, 1},
		     {t7, 1, 0}, {NULL, 0, 2}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = 0;
		struct store_procedure_query sq = {.tokens = cases[i].t, .ntokens = cases[i].n};
		assert_int_equal(store_procedure_search(tx, &sq, count_cb, &n, &eb), ERR_OK);
		assert_int_equal(n, cases[i].want);
	}
	struct {
		struct store_procedure_query q;
		int want;
	} filters[] = {
		{{.online = "none"}, 1},
		{{.online = "none", .include_abolished = 1}, 2},
		{{.field = "F"}, 1},
		{{.agency = "000.00.00.H50"}, 0},
		{{.max_rows = 1}, 1},
	};
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		int n = 0;
		assert_int_equal(store_procedure_search(tx, &filters[i].q, count_cb, &n, &eb), ERR_OK);
		assert_int_equal(n, filters[i].want);
	}
	store_rollback(tx);
}

/* ---- users, sessions, login failures ---- */

static int user_cb(void *arg, const struct store_user *u)
{
	char *s = arg;
	size_t n = strlen(s);
	snprintf(s + n, 300 - n, "%s:%d;", u->username, u->disabled);
	return 0;
}

static void users_are_unique_and_sessions_expire_and_slide(void **state)
{
	(void)state;
	struct errbuf eb;
	int64_t uid = 0, uid2 = 0, got = 0, last = 0;
	struct stx *tx = begin(g_st, STORE_WRITE);
	struct store_user u = {0, "tester", "T", "citizen", NULL, "$argon2id$x", 0};
	struct store_user a = {0, "a.officer", "A", "desk", "000.00.77.H50", "$argon2id$y", 0};
	assert_int_equal(store_user_add(tx, &u, &uid, &eb), ERR_OK);
	assert_true(uid > 0);
	assert_int_equal(store_user_add(tx, &u, NULL, &eb), ERR_CONFLICT);
	assert_string_equal(eb.field, "username");
	assert_int_equal(store_user_add(tx, &a, NULL, &eb), ERR_RULE);
	assert_string_equal(eb.field, "agency");
	a.agency = "000.00.00.H50";
	assert_int_equal(store_user_add(tx, &a, &uid2, &eb), ERR_OK);
	assert_true(uid2 > uid);
	assert_int_equal(store_session_add(tx, "h1", uid, 1000, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h1", 999, 2000, &got, &eb), ERR_OK);
	assert_int_equal(got, uid);
	assert_int_equal(store_session_get(tx, "h1", 1500, &got, &last, &eb), ERR_OK);
	assert_int_equal(got, uid);
	assert_int_equal(last, 999);
	/* slid to 2000: still alive at 1500 */
	assert_int_equal(store_session_touch(tx, "h1", 1500, 1600, &got, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h1", 1600, 9999, &got, &eb), ERR_AUTH);
	assert_int_equal(store_session_get(tx, "h1", 1600, &got, &last, &eb), ERR_AUTH);
	assert_int_equal(store_session_add(tx, "h2", uid, 5000, &eb), ERR_OK);
	assert_int_equal(store_session_add(tx, "h3", uid2, 5000, &eb), ERR_OK);
	assert_int_equal(store_session_delete_user(tx, uid, &eb), ERR_OK);
	assert_int_equal(store_session_touch(tx, "h2", 100, 200, &got, &eb), ERR_AUTH);
	assert_int_equal(store_session_get(tx, "h3", 100, &got, &last, &eb), ERR_OK);
	assert_int_equal(store_session_delete(tx, "h3", &eb), ERR_OK);
	assert_int_equal(store_session_get(tx, "h3", 100, &got, &last, &eb), ERR_AUTH);
	commit(tx);

	struct store_user g;
	char list[300] = "";
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_user_set_password(tx, uid, "$argon2id$new", &eb), ERR_OK);
	assert_int_equal(store_user_set_disabled(tx, uid2, 1, &eb), ERR_OK);
	assert_int_equal(store_user_set_disabled(tx, 999999, 1, &eb), ERR_NOTFOUND);
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_user_get(tx, "tester", 0, &g, &eb), ERR_OK);
	assert_int_equal(g.id, uid);
	assert_string_equal(g.pwhash, "$argon2id$new");
	assert_null(g.agency);
	store_user_release(&g);
	assert_int_equal(store_user_get(tx, NULL, uid2, &g, &eb), ERR_OK);
	assert_string_equal(g.username, "a.officer");
	assert_string_equal(g.agency, "000.00.00.H50");
	assert_int_equal(g.disabled, 1);
	store_user_release(&g);
	assert_int_equal(store_user_get(tx, "nobody", 0, &g, &eb), ERR_NOTFOUND);
	assert_int_equal(store_user_each(tx, user_cb, list, &eb), ERR_OK);
	assert_string_equal(list, "a.officer:1;tester:0;");
	store_rollback(tx);
}

static void a_user_update_replaces_name_roles_and_agency(void **state)
{
	(void)state;
	struct errbuf eb;
	int64_t uid = 0;
	struct store_user g;
	struct stx *tx = begin(g_st, STORE_WRITE);
	struct store_user u = {0, "to.update", "Before", "desk", "000.00.00.H50", "$argon2id$z", 0};
	assert_int_equal(store_user_add(tx, &u, &uid, &eb), ERR_OK);
	assert_int_equal(store_user_update(tx, uid, "After", "specialist,unit_leader", "000.00.12.H50", &eb),
			 ERR_OK);
	/* an agency that does not exist: refused, naming the field, and the
	 * transaction goes on */
	assert_int_equal(store_user_update(tx, uid, "X", "desk", "000.00.77.H50", &eb), ERR_RULE);
	assert_string_equal(eb.field, "agency");
	assert_int_equal(store_user_update(tx, 999999, "X", "desk", NULL, &eb), ERR_NOTFOUND);
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_user_get(tx, "to.update", 0, &g, &eb), ERR_OK);
	assert_string_equal(g.name, "After");
	assert_string_equal(g.roles, "specialist,unit_leader");
	assert_string_equal(g.agency, "000.00.12.H50");
	assert_string_equal(g.pwhash, "$argon2id$z");
	store_user_release(&g);
	store_rollback(tx);
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_user_update(tx, uid, "Citizen now", "citizen", NULL, &eb), ERR_OK);
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_user_get(tx, NULL, uid, &g, &eb), ERR_OK);
	assert_null(g.agency);
	assert_string_equal(g.roles, "citizen");
	store_user_release(&g);
	store_rollback(tx);
}

static void login_failures_count_within_the_window_and_age_out(void **state)
{
	(void)state;
	struct errbuf eb;
	int count = -1;
	int64_t oldest = -1;
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_login_failure_add(tx, "user:x", 100, 0, &eb), ERR_OK);
	assert_int_equal(store_login_failure_add(tx, "user:x", 200, 0, &eb), ERR_OK);
	assert_int_equal(store_login_failure_add(tx, "ip:1", 300, 0, &eb), ERR_OK);
	assert_int_equal(store_login_failures(tx, "user:x", 150, &count, &oldest, &eb), ERR_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, 200);
	assert_int_equal(store_login_failures(tx, "user:x", 0, &count, &oldest, &eb), ERR_OK);
	assert_int_equal(count, 2);
	assert_int_equal(oldest, 100);
	/* adding prunes what is older than forget_before, for every key */
	assert_int_equal(store_login_failure_add(tx, "user:y", 400, 150, &eb), ERR_OK);
	assert_int_equal(store_login_failures(tx, "user:x", 0, &count, &oldest, &eb), ERR_OK);
	assert_int_equal(count, 1);
	assert_int_equal(store_login_failures_clear(tx, "user:x", &eb), ERR_OK);
	assert_int_equal(store_login_failures(tx, "user:x", 0, &count, &oldest, &eb), ERR_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	commit(tx);
}

/* ---- settings, calendars, durability ---- */

static int cal_cb(void *arg, int year, const char *doc)
{
	char *s = arg;
	size_t n = strlen(s);
	snprintf(s + n, 300 - n, "%d=%s;", year, doc);
	return 0;
}

static void rollback_discards_and_commit_survives_reopen(void **state)
{
	(void)state;
	struct errbuf eb;
	char *v = NULL, list[300] = "";
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "k", "rolled back", &eb), ERR_OK);
	store_rollback(tx);
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_NOTFOUND);
	assert_int_equal(store_meta_set(tx, "k", "first", &eb), ERR_OK);
	assert_int_equal(store_meta_set(tx, "k", "kept", &eb), ERR_OK);
	assert_int_equal(store_calendar_put(tx, 2025, NULL, "{\"year\":2025}", &eb), ERR_OK);
	assert_int_equal(store_calendar_put(tx, 2024, "", "{\"year\":2024}", &eb), ERR_OK);
	assert_int_equal(store_calendar_put(tx, 2024, "000.00.00.H50", "{\"local\":1}", &eb), ERR_OK);
	assert_int_equal(store_calendar_put(tx, 2024, "", "{\"year\":2024,\"v\":2}", &eb), ERR_OK);
	/* out of range: refused, the transaction goes on */
	assert_int_not_equal(store_calendar_put(tx, 1200, "", "{}", &eb), ERR_OK);
	commit(tx);
	store_close(g_st);
	struct store *st = NULL;
	assert_int_equal(store_open(db_url, &st, &eb), ERR_OK);
	g_st = st;
	tx = begin(st, STORE_READ);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_OK);
	assert_string_equal(v, "kept");
	free(v);
	assert_int_equal(store_calendar_get(tx, 2025, "", &v, &eb), ERR_OK);
	assert_string_equal(v, "{\"year\":2025}");
	free(v);
	assert_int_equal(store_calendar_get(tx, 2026, "", &v, &eb), ERR_NOTFOUND);
	assert_int_equal(store_calendar_each(tx, NULL, cal_cb, list, &eb), ERR_OK);
	assert_string_equal(list, "2024={\"year\":2024,\"v\":2};2025={\"year\":2025};");
	list[0] = '\0';
	assert_int_equal(store_calendar_each(tx, "000.00.00.H50", cal_cb, list, &eb), ERR_OK);
	assert_string_equal(list, "2024={\"local\":1};");
	store_rollback(tx);
}

static void a_backup_is_a_complete_copy_that_opens(void **state)
{
	struct errbuf eb;
	struct store *copy = NULL;
	char dest[600], *v = NULL;
	int64_t pages = 0;
	(void)state;
	if (is_pg) {
		/* pg_basebackup and pg_dump do it there */
		assert_int_equal(store_backup(db_url, "/tmp/never-written.db", &pages, &eb), ERR_INVALID);
		return;
	}
	snprintf(dest, sizeof(dest), "%.*s/copy.db", (int)(strrchr(db_url, '/') - db_url), db_url);
	/* taken while a reader of the source is open */
	struct stx *open_reader = begin(g_st, STORE_READ);
	assert_int_equal(store_backup(db_url, dest, &pages, &eb), ERR_OK);
	store_rollback(open_reader);
	assert_true(pages > 1);
	assert_int_equal(store_backup(db_url, dest, &pages, &eb), ERR_CONFLICT);
	assert_int_equal(store_open(dest, &copy, &eb), ERR_OK);
	struct stx *tx = begin(copy, STORE_READ);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_OK);
	assert_string_equal(v, "kept");
	free(v);
	store_rollback(tx);
	store_close(copy);
}

/* ---- dossiers ---- */

static struct store_dossier dossier(const char *code, int status, int64_t due, const char *search)
{
	struct store_dossier d = {
		.code = code, .agency = "000.00.12.H50", .scope1 = "000.00.00.H50",
		.scope2 = "000.00.12.H50", .procedure = "1.000001", .channel = 1, .status = status,
		.rule_set = "2025", .handler = "chuyenvien", .step_role = "specialist",
		.applicant_name = "Nguyễn Văn An", .applicant_id = "001085012345",
		.search_text = search, .submitted_at = 1000, .received_at = 1000, .due_at = due,
		.updated_at = 1000, .doc = "{\"code\":\"x\",\"alert\":0,\"z\":\"ằ\"}",
	};
	return d;
}

static int doc_cb(void *arg, const char *doc)
{
	(*(int *)arg)++;
	(void)doc;
	return 0;
}

struct evlog {
	char s[300];
};

static int ev_cb(void *arg, const struct store_dossier_event *ev)
{
	struct evlog *l = arg;
	size_t n = strlen(l->s);
	snprintf(l->s + n, sizeof(l->s) - n, "%s:%d>%d:%s;", ev->action, ev->from_status,
		 ev->to_status, ev->detail);
	return 0;
}

static int alert_cb(void *arg, const struct store_alert_row *r)
{
	char *s = arg;
	size_t n = strlen(s);
	snprintf(s + n, 300 - n, "%s:%d;", r->code, r->alert);
	return 0;
}

static void dossier_numbers_are_gap_free_per_agency_and_day(void **state)
{
	(void)state;
	struct errbuf eb;
	int64_t n = 0;
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.12.H50", "250303", &n, &eb), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.12.H50", "250303", &n, &eb), ERR_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.12.H50", "250304", &n, &eb), ERR_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.00.H46", "250303", &n, &eb), ERR_OK);
	assert_int_equal(n, 1);
	commit(tx);
	/* a rolled-back intake gives its number back */
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.12.H50", "250303", &n, &eb), ERR_OK);
	assert_int_equal(n, 3);
	store_rollback(tx);
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_next_seq(tx, "000.00.12.H50", "250303", &n, &eb), ERR_OK);
	assert_int_equal(n, 3);
	commit(tx);
}

static void dossiers_events_lists_and_alerts(void **state)
{
	(void)state;
	struct errbuf eb;
	struct store_dossier_row row;
	struct stx *tx = begin(g_st, STORE_WRITE);
	struct store_dossier d1 = dossier("D-1", 2, 5000, "d 1 nguyen van an");
	struct store_dossier d2 = dossier("D-2", 4, 3000, "d 2 tran thi b 100%");
	struct store_dossier d3 = dossier("D-3", 1, 0, "d 3 le c");
	d3.handler = NULL;
	d3.received_at = 0;
	struct store_dossier d9 = dossier("D-9", 2, 0, "x");
	d9.agency = "000.00.99.H50";
	assert_int_equal(store_dossier_insert(tx, &d1, &eb), ERR_OK);
	assert_int_equal(store_dossier_insert(tx, &d2, &eb), ERR_OK);
	assert_int_equal(store_dossier_insert(tx, &d3, &eb), ERR_OK);
	commit(tx);
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_insert(tx, &d1, &eb), ERR_CONFLICT);
	store_rollback(tx);
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_insert(tx, &d9, &eb), ERR_RULE);
	store_rollback(tx);

	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_dossier_event_add(tx, "D-1", 1000, "create", 0, 1, "motcua", "{}", &eb),
			 ERR_OK);
	assert_int_equal(store_dossier_event_add(tx, "D-1", 1001, "receive", 1, 2, "motcua",
						 "{\"k\":\"đ\"}", &eb),
			 ERR_OK);
	d1.status = 3;
	d1.handler = "truongphong";
	d1.doc = "{\"code\":\"D-1\",\"alert\":0,\"status\":3}";
	assert_int_equal(store_dossier_update(tx, &d1, &eb), ERR_OK);
	struct store_dossier ghost = dossier("D-404", 2, 0, "g");
	assert_int_equal(store_dossier_update(tx, &ghost, &eb), ERR_NOTFOUND);
	commit(tx);

	struct evlog l = {""};
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_dossier_get(tx, "D-1", &row, &eb), ERR_OK);
	assert_string_equal(row.doc, "{\"code\":\"D-1\",\"alert\":0,\"status\":3}");
	assert_string_equal(row.handler, "truongphong");
	assert_string_equal(row.scope2, "000.00.12.H50");
	assert_string_equal(row.applicant_id, "001085012345");
	assert_int_equal(row.status, 3);
	assert_int_equal(row.citizen_user, 0);
	store_dossier_row_release(&row);
	assert_int_equal(store_dossier_get(tx, "D-3", &row, &eb), ERR_OK);
	assert_null(row.handler);
	store_dossier_row_release(&row);
	assert_int_equal(store_dossier_get(tx, "D-404", &row, &eb), ERR_NOTFOUND);
	assert_int_equal(store_dossier_events(tx, "D-1", ev_cb, &l, &eb), ERR_OK);
	assert_string_equal(l.s, "create:0>1:{};receive:1>2:{\"k\":\"đ\"};");

	/* lists: soonest due first, no due time last; filters combine */
	struct {
		struct store_dossier_query q;
		int want;
	} cases[] = {
		{{.scope2 = "000.00.12.H50"}, 3},
		{{.scope1 = "000.00.00.H46"}, 0},
		{{.status_mask = 1u << 4}, 1},
		{{.status_mask = (1u << 1) | (1u << 3)}, 2},
		{{.handler = "truongphong"}, 1},
		{{.step_role = "specialist"}, 3},
		{{.procedure = "1.000002"}, 0},
		{{.due_before = 4000}, 1},
		{{.due_after = 4000}, 1},
		{{.like = "%tran%"}, 1},
		{{.like = "%100\\%%"}, 1},
		{{.like = "%\\_%"}, 0},
		{{.like = "%NGUYEN%"}, 1},
		{{.limit = 2}, 2},
		{{.limit = 2, .offset = 2}, 1},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = 0;
		assert_int_equal(store_dossier_list(tx, &cases[i].q, doc_cb, &n, &eb), ERR_OK);
		assert_int_equal(n, cases[i].want);
	}
	int64_t counts[11];
	struct store_dossier_query all = {.status_mask = 1u << 4};
	assert_int_equal(store_dossier_counts(tx, &all, counts, &eb), ERR_OK);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[3], 1);
	assert_int_equal(counts[4], 1);
	assert_int_equal(counts[2], 0);
	store_rollback(tx);

	/* alerts: in progress (2 or 4) and due soon (alert < 1) or overdue (< 2) */
	char got[300] = "";
	tx = begin(g_st, STORE_WRITE);
	d1.status = 2;
	assert_int_equal(store_dossier_update(tx, &d1, &eb), ERR_OK);
	assert_int_equal(store_dossier_alerts(tx, 4000, 6000, 10, alert_cb, got, &eb), ERR_OK);
	assert_string_equal(got, "D-2:0;D-1:0;");
	assert_int_equal(store_dossier_set_alert(tx, "D-2", 2, &eb), ERR_OK);
	assert_int_equal(store_dossier_set_alert(tx, "D-1", 1, &eb), ERR_OK);
	got[0] = '\0';
	assert_int_equal(store_dossier_alerts(tx, 4000, 6000, 10, alert_cb, got, &eb), ERR_OK);
	assert_string_equal(got, "");
	got[0] = '\0';
	assert_int_equal(store_dossier_alerts(tx, 5500, 6000, 1, alert_cb, got, &eb), ERR_OK);
	assert_string_equal(got, "D-1:1;");
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_dossier_get(tx, "D-2", &row, &eb), ERR_OK);
	/* the document's member is set in place, the rest untouched */
	assert_string_equal(row.doc, "{\"code\":\"x\",\"alert\":2,\"z\":\"ằ\"}");
	store_dossier_row_release(&row);
	store_rollback(tx);
}

static void a_transaction_reads_its_own_writes_and_a_failed_write_keeps_nothing(void **state)
{
	struct errbuf eb;
	struct evlog l = {""};
	char *v = NULL;
	enum err e;
	(void)state;
	/* writes are visible to the reads that follow them in the transaction */
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "own", "1", &eb), ERR_OK);
	assert_int_equal(store_dossier_event_add(tx, "D-3", 2000, "note", 1, 1, "motcua", "{}", &eb),
			 ERR_OK);
	assert_int_equal(store_dossier_events(tx, "D-3", ev_cb, &l, &eb), ERR_OK);
	assert_string_equal(l.s, "note:1>1:{};");
	assert_int_equal(store_meta_get(tx, "own", &v, &eb), ERR_OK);
	assert_string_equal(v, "1");
	free(v);
	store_rollback(tx);
	/* a write that breaks a constraint fails - at once, or at the latest
	 * when committing - and, handled as the domain does (roll back on an
	 * error), nothing of the transaction is kept */
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "lost", "1", &eb), ERR_OK);
	e = store_dossier_event_add(tx, "D-404", 2000, "note", 1, 1, "motcua", "{}", &eb);
	if (e == ERR_OK)
		e = store_outbox_add(tx, "notify.sms", "k", "{}", 1, &eb);
	if (e == ERR_OK)
		e = store_commit(tx, &eb);
	else
		store_rollback(tx);
	assert_int_not_equal(e, ERR_OK);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_meta_get(tx, "lost", &v, &eb), ERR_NOTFOUND);
	assert_int_equal(store_meta_get(tx, "own", &v, &eb), ERR_NOTFOUND);
	store_rollback(tx);
}

static void history_and_audit_log_are_append_only(void **state)
{
	(void)state;
	struct errbuf eb;
	char msg[300];
	int64_t next = 0;
	char hash[65];
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_audit_head(tx, &next, hash, &eb), ERR_OK);
	assert_int_equal(next, 1);
	assert_string_equal(hash, "");
	for (int i = 1; i <= 4; i++) {
		char h[65];
		snprintf(h, sizeof(h), "%064d", i);
		struct store_audit a = {i, 1000 + i, "admin", "admin", "", "x.update",
					i % 2 ? "agency:A" : "agency:B", "{}", "rid", "127.0.0.1",
					hash, h};
		assert_int_equal(store_audit_append(tx, &a, &eb), ERR_OK);
		assert_int_equal(store_audit_head(tx, &next, hash, &eb), ERR_OK);
		assert_int_equal(next, i + 1);
		assert_string_equal(hash, h);
	}
	commit(tx);
	assert_int_not_equal(raw_sql("UPDATE audit_log SET actor = 'mallory' WHERE id = 2", msg,
				     sizeof(msg)),
			     0);
	assert_non_null(strstr(msg, "append-only"));
	assert_int_not_equal(raw_sql("DELETE FROM audit_log WHERE id = 1", msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "append-only"));
	assert_int_not_equal(raw_sql("UPDATE dossier_events SET actor = 'mallory'", msg, sizeof(msg)),
			     0);
	assert_non_null(strstr(msg, "append-only"));
	assert_int_not_equal(raw_sql("DELETE FROM dossier_events", msg, sizeof(msg)), 0);
	assert_non_null(strstr(msg, "append-only"));
}

struct auditlog {
	char s[300];
};

static int audit_cb(void *arg, const struct store_audit *a)
{
	struct auditlog *l = arg;
	size_t n = strlen(l->s);
	snprintf(l->s + n, sizeof(l->s) - n, "%lld:%s;", (long long)a->id, a->object);
	return 0;
}

static void the_audit_log_reads_in_order_by_object_after_an_id(void **state)
{
	(void)state;
	struct errbuf eb;
	struct auditlog l = {""};
	struct stx *tx = begin(g_st, STORE_READ);
	assert_int_equal(store_audit_each(tx, NULL, 0, 0, audit_cb, &l, &eb), ERR_OK);
	assert_string_equal(l.s, "1:agency:A;2:agency:B;3:agency:A;4:agency:B;");
	l.s[0] = '\0';
	assert_int_equal(store_audit_each(tx, "agency:A", 0, 0, audit_cb, &l, &eb), ERR_OK);
	assert_string_equal(l.s, "1:agency:A;3:agency:A;");
	l.s[0] = '\0';
	assert_int_equal(store_audit_each(tx, NULL, 1, 2, audit_cb, &l, &eb), ERR_OK);
	assert_string_equal(l.s, "2:agency:B;3:agency:A;");
	store_rollback(tx);
}

/* ---- outbox ---- */

struct claims {
	int64_t ids[64];
	int n;
};

static int claim_cb(void *arg, const struct store_outbox_row *r)
{
	struct claims *c = arg;
	if (c->n < 64)
		c->ids[c->n++] = r->id;
	return 0;
}

static void outbox_claims_lease_and_settle(void **state)
{
	(void)state;
	struct errbuf eb;
	struct claims c = {{0}, 0};
	int64_t pending = -1, failing = -1, done = -1;
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_outbox_add(tx, "notify.sms", "k1", "{\"n\":1}", 100, &eb), ERR_OK);
	assert_int_equal(store_outbox_add(tx, "notify.sms", "k2", "{\"n\":2}", 100, &eb), ERR_OK);
	assert_int_equal(store_outbox_add(tx, "notify.email", "k3", "{\"n\":3}", 200, &eb), ERR_OK);
	commit(tx);
	tx = begin(g_st, STORE_WRITE);
	/* only what is due, at most limit */
	assert_int_equal(store_outbox_claim(tx, 150, 10, 60, claim_cb, &c, &eb), ERR_OK);
	assert_int_equal(c.n, 2);
	/* leased: not claimed again before the lease ends */
	assert_int_equal(store_outbox_claim(tx, 200, 10, 60, claim_cb, &c, &eb), ERR_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(store_outbox_claim(tx, 205, 10, 60, claim_cb, &c, &eb), ERR_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(store_outbox_done(tx, c.ids[0], 210, &eb), ERR_OK);
	assert_int_equal(store_outbox_retry(tx, c.ids[1], 400, "gateway down", &eb), ERR_OK);
	assert_int_equal(store_outbox_stats(tx, &pending, &failing, &done, &eb), ERR_OK);
	assert_int_equal(pending, 2);
	assert_int_equal(failing, 1);
	assert_int_equal(done, 1);
	/* after the lease, the unsettled one comes back; the retried one at its time */
	c.n = 0;
	assert_int_equal(store_outbox_claim(tx, 300, 10, 200, claim_cb, &c, &eb), ERR_OK);
	assert_int_equal(c.n, 1);
	assert_int_equal(store_outbox_claim(tx, 400, 10, 60, claim_cb, &c, &eb), ERR_OK);
	assert_int_equal(c.n, 2);
	commit(tx);
}

/* ---- files ---- */

static int link_cb(void *arg, const char *dossier)
{
	return text_cb(arg, dossier);
}

static void files_are_stored_once_per_content_and_linked(void **state)
{
	(void)state;
	struct errbuf eb;
	static const unsigned char bytes[] = {'%', 'P', 'D', 'F', 0, 1, 2, 0xff, 0, '\n'};
	const char *sha = "aa00000000000000000000000000000000000000000000000000000000000001";
	struct store_file f1 = {"file-1", sha, "application/pdf", "đơn.pdf", sizeof(bytes), 1, 50};
	struct store_file f2 = {"file-2", sha, "application/pdf", "copy.pdf", sizeof(bytes), 1, 60};
	struct store_file bad = {"file-3", "bb", "image/png", "x.png", 1, 999999, 60};
	struct store_file_row row;
	void *data = NULL;
	int64_t total = -1;
	char links[300] = "";
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_file_add(tx, &f1, bytes, &eb), ERR_OK);
	assert_int_equal(store_file_add(tx, &f2, bytes, &eb), ERR_OK);
	assert_int_equal(store_file_add(tx, &f1, bytes, &eb), ERR_CONFLICT);
	assert_int_equal(store_file_add(tx, &bad, "x", &eb), ERR_RULE);
	assert_int_equal(store_file_link(tx, "file-1", "D-1", &eb), ERR_OK);
	assert_int_equal(store_file_link(tx, "file-1", "D-1", &eb), ERR_OK); /* harmless again */
	assert_int_equal(store_file_link(tx, "file-1", "D-2", &eb), ERR_OK);
	assert_int_equal(store_file_link(tx, "file-2", "D-1", &eb), ERR_OK);
	assert_int_equal(store_file_link(tx, "file-2", "D-404", &eb), ERR_RULE);
	commit(tx);
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_file_get(tx, "file-2", &row, &data, &eb), ERR_OK);
	assert_string_equal(row.name, "copy.pdf");
	assert_string_equal(row.sha256, sha);
	assert_string_equal(row.type, "application/pdf");
	assert_int_equal(row.size, sizeof(bytes));
	assert_int_equal(row.owner, 1);
	assert_int_equal(row.created_at, 60);
	assert_memory_equal(data, bytes, sizeof(bytes));
	free(data);
	store_file_release(&row);
	assert_int_equal(store_file_get(tx, "file-1", &row, NULL, &eb), ERR_OK);
	assert_string_equal(row.name, "đơn.pdf");
	store_file_release(&row);
	assert_int_equal(store_file_get(tx, "file-9", &row, &data, &eb), ERR_NOTFOUND);
	assert_int_equal(store_file_dossiers(tx, "file-1", link_cb, links, &eb), ERR_OK);
	assert_true(!strcmp(links, "D-1;D-2;") || !strcmp(links, "D-2;D-1;"));
	assert_int_equal(store_dossier_file_bytes(tx, "D-1", &total, &eb), ERR_OK);
	assert_int_equal(total, 2 * sizeof(bytes));
	assert_int_equal(store_dossier_file_bytes(tx, "D-3", &total, &eb), ERR_OK);
	assert_int_equal(total, 0);
	store_rollback(tx);
}

/* ---- lost connections (PostgreSQL: a restart, a failover, an idle
 * timeout; the test ends motcua's server processes itself) ---- */

static void drop_connections(void)
{
	char msg[300];
	if (is_pg)
		assert_int_equal(raw_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
					 "WHERE application_name = 'motcua' AND pid <> pg_backend_pid()",
					 msg, sizeof(msg)),
				 0);
}

static void a_dropped_connection_is_replaced_and_a_broken_transaction_reported(void **state)
{
	struct errbuf eb;
	char *v = NULL;
	(void)state;
	/* between transactions: the next one starts on a new connection */
	drop_connections();
	struct stx *tx = begin(g_st, STORE_READ);
	assert_int_equal(store_meta_get(tx, "k", &v, &eb), ERR_OK);
	assert_string_equal(v, "kept");
	free(v);
	store_rollback(tx);
	drop_connections();
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "after-drop", "1", &eb), ERR_OK);
	commit(tx);
	/* inside a transaction that already did something: it fails, nothing
	 * of it is kept, and the store goes on */
	tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_meta_set(tx, "half", "1", &eb), ERR_OK);
	assert_int_equal(store_meta_get(tx, "half", &v, &eb), ERR_OK);
	free(v);
	drop_connections();
	enum err e = store_meta_get(tx, "k", &v, &eb);
	if (is_pg) {
		assert_int_equal(e, ERR_BUSY);
		assert_int_not_equal(store_commit(tx, &eb), ERR_OK);
	} else {
		free(v);
		store_rollback(tx);
	}
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_meta_get(tx, "half", &v, &eb), ERR_NOTFOUND);
	assert_int_equal(store_meta_get(tx, "after-drop", &v, &eb), ERR_OK);
	free(v);
	store_rollback(tx);
}

/* ---- several servers: each thread opens its own store on the database ---- */

#define WORKERS 4
#define SEQ_PER_WORKER 25

struct worker {
	int64_t got[64];
	int n;
	enum err e;
};

static void *seq_worker(void *arg)
{
	struct worker *w = arg;
	struct store *st = NULL;
	struct errbuf eb;
	if ((w->e = store_open(db_url, &st, &eb)))
		return NULL;
	for (int i = 0; i < SEQ_PER_WORKER; i++) {
		struct stx *tx = NULL;
		int64_t n = 0;
		if ((w->e = store_begin(st, STORE_WRITE, &tx, &eb)))
			break;
		if ((w->e = store_dossier_next_seq(tx, "000.00.12.H50", "260101", &n, &eb))) {
			store_rollback(tx);
			break;
		}
		if ((w->e = store_commit(tx, &eb)))
			break;
		w->got[w->n++] = n;
	}
	store_close(st);
	return NULL;
}

static void concurrent_servers_never_share_a_dossier_number(void **state)
{
	pthread_t th[WORKERS];
	struct worker w[WORKERS];
	int seen[WORKERS * SEQ_PER_WORKER + 1] = {0};
	(void)state;
	memset(w, 0, sizeof(w));
	for (int i = 0; i < WORKERS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, seq_worker, &w[i]), 0);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(th[i], NULL);
	for (int i = 0; i < WORKERS; i++) {
		assert_int_equal(w[i].e, ERR_OK);
		assert_int_equal(w[i].n, SEQ_PER_WORKER);
		for (int k = 0; k < w[i].n; k++) {
			assert_in_range(w[i].got[k], 1, WORKERS * SEQ_PER_WORKER);
			seen[w[i].got[k]]++;
		}
	}
	/* 1..N, each exactly once */
	for (int k = 1; k <= WORKERS * SEQ_PER_WORKER; k++)
		assert_int_equal(seen[k], 1);
}

#define OUTBOX_ROWS 60

static void *claim_worker(void *arg)
{
	struct worker *w = arg;
	struct store *st = NULL;
	struct errbuf eb;
	if ((w->e = store_open(db_url, &st, &eb)))
		return NULL;
	for (;;) {
		struct stx *tx = NULL;
		struct claims c = {{0}, 0};
		if ((w->e = store_begin(st, STORE_WRITE, &tx, &eb)))
			break;
		if ((w->e = store_outbox_claim(tx, 1000000, 3, 3600, claim_cb, &c, &eb))) {
			store_rollback(tx);
			break;
		}
		for (int i = 0; i < c.n && !w->e; i++)
			w->e = store_outbox_done(tx, c.ids[i], 1000000, &eb);
		if (w->e) {
			store_rollback(tx);
			break;
		}
		if ((w->e = store_commit(tx, &eb)))
			break;
		for (int i = 0; i < c.n && w->n < 64; i++)
			w->got[w->n++] = c.ids[i];
		if (c.n == 0)
			break;
		usleep(200); /* let the other worker in */
	}
	store_close(st);
	return NULL;
}

static void two_workers_claim_each_outbox_row_exactly_once(void **state)
{
	(void)state;
	struct errbuf eb;
	pthread_t th[2];
	struct worker w[2];
	int64_t pending = -1, failing = -1, done = -1, done_before = 0;
	struct stx *tx = begin(g_st, STORE_WRITE);
	assert_int_equal(store_outbox_stats(tx, &pending, &failing, &done_before, &eb), ERR_OK);
	/* settle what earlier tests left due */
	struct claims old = {{0}, 0};
	assert_int_equal(store_outbox_claim(tx, 1000000, 64, 3600, claim_cb, &old, &eb), ERR_OK);
	for (int i = 0; i < old.n; i++)
		assert_int_equal(store_outbox_done(tx, old.ids[i], 1, &eb), ERR_OK);
	for (int i = 0; i < OUTBOX_ROWS; i++) {
		char key[16];
		snprintf(key, sizeof(key), "m%d", i);
		assert_int_equal(store_outbox_add(tx, "portal.sync", key, "{}", 500, &eb), ERR_OK);
	}
	commit(tx);
	memset(w, 0, sizeof(w));
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, claim_worker, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	int64_t all[2 * 64];
	int n = 0;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(w[i].e, ERR_OK);
		for (int k = 0; k < w[i].n; k++)
			all[n++] = w[i].got[k];
	}
	assert_int_equal(n, OUTBOX_ROWS);
	for (int i = 0; i < n; i++) {
		for (int k = i + 1; k < n; k++)
			assert_true(all[i] != all[k]);
	}
	tx = begin(g_st, STORE_READ);
	assert_int_equal(store_outbox_stats(tx, &pending, &failing, &done, &eb), ERR_OK);
	assert_int_equal(pending, 0);
	assert_int_equal(done, done_before + old.n + OUTBOX_ROWS);
	store_rollback(tx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migrating_twice_applies_nothing),
		cmocka_unit_test(a_newer_database_is_refused),
		cmocka_unit_test(both_backends_have_the_same_migrations),
		cmocka_unit_test(agencies_keep_codes_unique_and_parents_real),
		cmocka_unit_test(procedure_versions_are_consecutive),
		cmocka_unit_test(users_are_unique_and_sessions_expire_and_slide),
		cmocka_unit_test(a_user_update_replaces_name_roles_and_agency),
		cmocka_unit_test(login_failures_count_within_the_window_and_age_out),
		cmocka_unit_test(rollback_discards_and_commit_survives_reopen),
		cmocka_unit_test(a_backup_is_a_complete_copy_that_opens),
		cmocka_unit_test(dossier_numbers_are_gap_free_per_agency_and_day),
		cmocka_unit_test(dossiers_events_lists_and_alerts),
		cmocka_unit_test(a_transaction_reads_its_own_writes_and_a_failed_write_keeps_nothing),
		cmocka_unit_test(history_and_audit_log_are_append_only),
		cmocka_unit_test(the_audit_log_reads_in_order_by_object_after_an_id),
		cmocka_unit_test(outbox_claims_lease_and_settle),
		cmocka_unit_test(files_are_stored_once_per_content_and_linked),
		cmocka_unit_test(a_dropped_connection_is_replaced_and_a_broken_transaction_reported),
		cmocka_unit_test(concurrent_servers_never_share_a_dossier_number),
		cmocka_unit_test(two_workers_claim_each_outbox_row_exactly_once),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
