/*
 * sqlite_queries.c - the resource queries of the SQLite backend (meta,
 * agencies, procedures, users, sessions, calendars). Every value is bound,
 * never formatted into SQL. Statements are static strings so that the
 * per-connection cache in sqlite.c can key on their address.
 */
#include "store/sqlite/sqlite_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"

/* Step a write statement to completion; map constraint failures. */
static enum err step_write(struct sqtx *tx, sqlite3_stmt *s, struct errbuf *eb, const char *what)
{
	int rc = sqlite3_step(s);
	enum err e = ERR_OK;
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			int xrc = sqlite3_extended_errcode(tx->c->db);
			if (xrc == SQLITE_CONSTRAINT_FOREIGNKEY)
				e = err_set(eb, ERR_RULE, NULL, "%s refers to something that does not exist", what);
			else if (xrc == SQLITE_CONSTRAINT_UNIQUE || xrc == SQLITE_CONSTRAINT_PRIMARYKEY)
				e = err_set(eb, ERR_CONFLICT, NULL, "%s already exists", what);
			else
				e = err_set(eb, ERR_RULE, NULL, "%s breaks a constraint", what);
		} else {
			e = sq_fail(tx->c, eb, what);
		}
	}
	sq_done(tx->c, s);
	return e;
}

/* Run a one-row text query; *out gets column 0 or ERR_NOTFOUND. */
static enum err one_text(struct sqtx *tx, sqlite3_stmt *s, char **out, struct errbuf *eb,
			 const char *what)
{
	enum err e = ERR_OK;
	int rc = sqlite3_step(s);
	*out = NULL;
	if (rc == SQLITE_ROW) {
		*out = sq_dup_col(s, 0);
		if (!*out)
			e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	} else if (rc == SQLITE_DONE) {
		e = err_set(eb, ERR_NOTFOUND, NULL, "%s not found", what);
	} else {
		e = sq_fail(tx->c, eb, what);
	}
	sq_done(tx->c, s);
	return e;
}

/* ---- meta ---- */

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_SET[] =
	"INSERT INTO meta(key, value) VALUES (?1, ?2) "
	"ON CONFLICT(key) DO UPDATE SET value = excluded.value";

enum err sq_meta_get(struct stx *t, const char *key, char **value, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_META_GET, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, key);
	return one_text(tx, s, value, eb, "setting");
}

enum err sq_meta_set(struct stx *t, const char *key, const char *value, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_META_SET, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, key);
	sq_bind_text(s, 2, value);
	return step_write(tx, s, eb, "setting");
}

/* ---- agencies ---- */

static const char SQL_AG_INSERT[] =
	"INSERT INTO agencies(code, share_code, parent, name, doc) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_AG_UPDATE[] =
	"UPDATE agencies SET share_code = ?2, parent = ?3, name = ?4, doc = ?5 WHERE code = ?1";
static const char SQL_AG_GET[] = "SELECT doc FROM agencies WHERE code = ?1";
static const char SQL_AG_ALL[] = "SELECT doc FROM agencies ORDER BY code";

enum err sq_agency_put(struct stx *t, const struct store_agency *a, int create,
		       struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, create ? SQL_AG_INSERT : SQL_AG_UPDATE, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, a->code);
	sq_bind_text(s, 2, a->share_code);
	sq_bind_text(s, 3, a->parent);
	sq_bind_text(s, 4, a->name);
	sq_bind_text(s, 5, a->doc);
	enum err e = step_write(tx, s, eb, "agency");
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "parent", "parent agency does not exist");
	if (e == ERR_CONFLICT)
		err_set(eb, ERR_CONFLICT, "code", "an agency with this code or share_code exists");
	if (e == ERR_OK && !create && sqlite3_changes(tx->c->db) == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "agency %s not found", a->code);
	return e;
}

enum err sq_agency_get(struct stx *t, const char *code, char **doc, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_AG_GET, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	return one_text(tx, s, doc, eb, "agency");
}

enum err sq_agency_each(struct stx *t, int (*fn)(void *arg, const char *doc), void *arg,
			struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_AG_ALL, eb);
	int rc;
	if (!s)
		return ERR_STORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0)))
			break;
	enum err e = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? ERR_OK : sq_fail(tx->c, eb, "agencies");
	sq_done(tx->c, s);
	return e;
}

/* ---- procedures ---- */

static const char SQL_PR_LATEST[] = "SELECT coalesce(max(version), 0) FROM procedures WHERE code = ?1";
static const char SQL_PR_UNCURRENT[] =
	"UPDATE procedures SET current = 0, status = coalesce(?2, status), "
	"doc = json_set(doc, '$.status', coalesce(?2, status)) WHERE code = ?1 AND current = 1";
static const char SQL_PR_INSERT[] =
	"INSERT INTO procedures(code, version, current, status, change, name, field, agency, "
	"online, effective_from, decision_number, decision_date, search_text, summary, doc, "
	"recorded_at) VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
static const char SQL_PR_GET_CURRENT[] = "SELECT doc FROM procedures WHERE code = ?1 AND current = 1";
static const char SQL_PR_GET_VERSION[] = "SELECT doc FROM procedures WHERE code = ?1 AND version = ?2";
static const char SQL_PR_HISTORY[] =
	"SELECT code, version, status, change, name, field, agency, online, effective_from, "
	"decision_number, decision_date, recorded_at FROM procedures WHERE code = ?1 ORDER BY version";
static const char SQL_PING[] = "SELECT 1";
static const char SQL_PR_FIELDS[] =
	"SELECT DISTINCT field FROM procedures WHERE current = 1 AND status <> 'abolished' ORDER BY field";
static const char SQL_PR_COUNT[] =
	"SELECT count(*) FROM procedures WHERE current = 1 AND status <> 'abolished'";

enum err sq_procedure_latest(struct stx *t, const char *code, int *version, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_PR_LATEST, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	enum err e = ERR_OK;
	if (sqlite3_step(s) == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	else
		e = sq_fail(tx->c, eb, "procedure version");
	sq_done(tx->c, s);
	return e;
}

enum err sq_procedure_add_version(struct stx *t, const struct store_procedure *p,
				  const char *prev_status, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	int latest = 0;
	enum err e = sq_procedure_latest(t, p->code, &latest, eb);
	if (e)
		return e;
	if (p->version != latest + 1)
		return err_set(eb, ERR_CONFLICT, "version",
			       "procedure %s: version %d given, the next version is %d", p->code,
			       p->version, latest + 1);
	sqlite3_stmt *s;
	if (latest > 0) {
		s = sq_stmt(tx->c, SQL_PR_UNCURRENT, eb);
		if (!s)
			return ERR_STORE;
		sq_bind_text(s, 1, p->code);
		sq_bind_text(s, 2, prev_status);
		if ((e = step_write(tx, s, eb, "procedure")))
			return e;
	}
	s = sq_stmt(tx->c, SQL_PR_INSERT, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, p->code);
	sqlite3_bind_int(s, 2, p->version);
	sq_bind_text(s, 3, p->status);
	sq_bind_text(s, 4, p->change);
	sq_bind_text(s, 5, p->name);
	sq_bind_text(s, 6, p->field);
	sq_bind_text(s, 7, p->agency);
	sq_bind_text(s, 8, p->online);
	sq_bind_text(s, 9, p->effective_from);
	sq_bind_text(s, 10, p->decision_number);
	sq_bind_text(s, 11, p->decision_date);
	sq_bind_text(s, 12, p->search_text);
	sq_bind_text(s, 13, p->summary);
	sq_bind_text(s, 14, p->doc);
	sqlite3_bind_int64(s, 15, p->recorded_at);
	e = step_write(tx, s, eb, "procedure");
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "agency", "agency %s does not exist", p->agency);
	return e;
}

enum err sq_procedure_get(struct stx *t, const char *code, int version, char **doc,
			  struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, version ? SQL_PR_GET_VERSION : SQL_PR_GET_CURRENT, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	if (version)
		sqlite3_bind_int(s, 2, version);
	return one_text(tx, s, doc, eb, "procedure");
}

/* Search SQL per number of tokens (0..8), built once. */
#define PR_TOKENS_MAX 8
static char pr_search_sql[PR_TOKENS_MAX + 1][768];
static pthread_once_t pr_search_once = PTHREAD_ONCE_INIT;

static void pr_search_build(void)
{
	for (int n = 0; n <= PR_TOKENS_MAX; n++) {
		char *p = pr_search_sql[n];
		size_t left = sizeof(pr_search_sql[n]);
		int w = snprintf(p, left,
				 "SELECT code, name, search_text, summary FROM procedures WHERE current = 1 "
				 "AND (?1 IS NULL OR agency = ?1) AND (?2 IS NULL OR online = ?2) "
				 "AND (?3 = 1 OR status <> 'abolished') "
				 "AND (?4 IS NULL OR field = ?4)");
		for (int i = 0; i < n; i++)
			w += snprintf(p + w, left - (size_t)w, " AND search_text LIKE ?%d ESCAPE '\\'",
				      5 + i);
		snprintf(p + w, left - (size_t)w, " ORDER BY code LIMIT ?%d", 5 + n);
	}
}

/* '%' + token with LIKE metacharacters escaped + '%'. */
static char *like_pattern(const char *tok)
{
	size_t n = strlen(tok);
	char *p = malloc(2 * n + 3), *q = p;
	if (!p)
		return NULL;
	*q++ = '%';
	for (size_t i = 0; i < n; i++) {
		if (tok[i] == '%' || tok[i] == '_' || tok[i] == '\\')
			*q++ = '\\';
		*q++ = tok[i];
	}
	*q++ = '%';
	*q = '\0';
	return p;
}

enum err sq_procedure_search(struct stx *t, const struct store_procedure_query *q,
			     int (*fn)(void *arg, const struct store_procedure_hit *h),
			     void *arg, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	pthread_once(&pr_search_once, pr_search_build);
	int n = q->ntokens > PR_TOKENS_MAX ? PR_TOKENS_MAX : q->ntokens;
	sqlite3_stmt *s = sq_stmt(tx->c, pr_search_sql[n], eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, q->agency);
	sq_bind_text(s, 2, q->online);
	sqlite3_bind_int(s, 3, q->include_abolished ? 1 : 0);
	sq_bind_text(s, 4, q->field);
	for (int i = 0; i < n; i++) {
		char *tp = like_pattern(q->tokens[i]);
		sq_bind_text(s, 5 + i, tp);
		free(tp);
	}
	sqlite3_bind_int(s, 5 + n, q->max_rows > 0 ? q->max_rows : 10000);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_procedure_hit h = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
		};
		if (fn(arg, &h))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "procedure search");
	sq_done(tx->c, s);
	return e;
}

enum err sq_procedure_history(struct stx *t, const char *code,
			      int (*fn)(void *arg, const struct store_procedure *p), void *arg,
			      struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_PR_HISTORY, eb);
	int rc, rows = 0;
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_procedure p = {0};
		p.code = (const char *)sqlite3_column_text(s, 0);
		p.version = sqlite3_column_int(s, 1);
		p.status = (const char *)sqlite3_column_text(s, 2);
		p.change = (const char *)sqlite3_column_text(s, 3);
		p.name = (const char *)sqlite3_column_text(s, 4);
		p.field = (const char *)sqlite3_column_text(s, 5);
		p.agency = (const char *)sqlite3_column_text(s, 6);
		p.online = (const char *)sqlite3_column_text(s, 7);
		p.effective_from = (const char *)sqlite3_column_text(s, 8);
		p.decision_number = (const char *)sqlite3_column_text(s, 9);
		p.decision_date = (const char *)sqlite3_column_text(s, 10);
		p.recorded_at = sqlite3_column_int64(s, 11);
		rows++;
		if (fn(arg, &p))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "procedure history");
	else if (rows == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "procedure %s not found", code);
	sq_done(tx->c, s);
	return e;
}

enum err sq_procedure_fields(struct stx *t, int (*fn)(void *arg, const char *field), void *arg,
			     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_PR_FIELDS, eb);
	int rc;
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "procedure fields");
	sq_done(tx->c, s);
	return e;
}

enum err sq_ping(struct stx *t, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_PING, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	if (sqlite3_step(s) != SQLITE_ROW)
		e = sq_fail(tx->c, eb, "ping");
	sq_done(tx->c, s);
	return e;
}

enum err sq_procedure_count(struct stx *t, int64_t *n, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_PR_COUNT, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		e = sq_fail(tx->c, eb, "procedure count");
	sq_done(tx->c, s);
	return e;
}

/* ---- users and sessions ---- */

static const char SQL_USER_ADD[] =
	"INSERT INTO users(username, name, roles, agency, pwhash, disabled, created_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_USER_BY_NAME[] =
	"SELECT id, username, name, roles, agency, pwhash, disabled FROM users WHERE username = ?1";
static const char SQL_USER_BY_ID[] =
	"SELECT id, username, name, roles, agency, pwhash, disabled FROM users WHERE id = ?1";
static const char SQL_USER_PW[] = "UPDATE users SET pwhash = ?2 WHERE id = ?1";
static const char SQL_SESS_ADD[] =
	"INSERT INTO sessions(token_hash, user_id, created_at, last_seen, expires_at) "
	"VALUES (?1, ?2, ?3, ?3, ?4)";
static const char SQL_SESS_TOUCH[] =
	"UPDATE sessions SET last_seen = ?2, expires_at = ?3 "
	"WHERE token_hash = ?1 AND expires_at > ?2 RETURNING user_id";
static const char SQL_SESS_GET[] =
	"SELECT user_id, last_seen FROM sessions WHERE token_hash = ?1 AND expires_at > ?2";
static const char SQL_SESS_DEL[] = "DELETE FROM sessions WHERE token_hash = ?1";
static const char SQL_SESS_DEL_USER[] = "DELETE FROM sessions WHERE user_id = ?1";

enum err sq_user_add(struct stx *t, const struct store_user *u, int64_t *id,
		     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_USER_ADD, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, u->username);
	sq_bind_text(s, 2, u->name);
	sq_bind_text(s, 3, u->roles);
	sq_bind_text(s, 4, u->agency);
	sq_bind_text(s, 5, u->pwhash);
	sqlite3_bind_int(s, 6, u->disabled);
	sqlite3_bind_int64(s, 7, vntime_now());
	enum err e = step_write(tx, s, eb, "user");
	if (e == ERR_CONFLICT)
		err_set(eb, ERR_CONFLICT, "username", "user %s already exists", u->username);
	else if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "agency", "agency %s does not exist", u->agency);
	if (e == ERR_OK && id)
		*id = sqlite3_last_insert_rowid(tx->c->db);
	return e;
}

enum err sq_user_get(struct stx *t, const char *username, int64_t id, struct store_user *u,
		     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, username ? SQL_USER_BY_NAME : SQL_USER_BY_ID, eb);
	enum err e = ERR_OK;
	memset(u, 0, sizeof(*u));
	if (!s)
		return ERR_STORE;
	if (username)
		sq_bind_text(s, 1, username);
	else
		sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		u->id = sqlite3_column_int64(s, 0);
		u->username = sq_dup_col(s, 1);
		u->name = sq_dup_col(s, 2);
		u->roles = sq_dup_col(s, 3);
		u->agency = sq_dup_col(s, 4);
		u->pwhash = sq_dup_col(s, 5);
		u->disabled = sqlite3_column_int(s, 6);
	} else if (rc == SQLITE_DONE) {
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	} else {
		e = sq_fail(tx->c, eb, "user");
	}
	sq_done(tx->c, s);
	return e;
}


enum err sq_user_set_password(struct stx *t, int64_t id, const char *pwhash,
			      struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_USER_PW, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, pwhash);
	return step_write(tx, s, eb, "user");
}

enum err sq_session_add(struct stx *t, const char *token_hash, int64_t user_id,
			int64_t expires_at, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_SESS_ADD, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int64(s, 3, vntime_now());
	sqlite3_bind_int64(s, 4, expires_at);
	return step_write(tx, s, eb, "session");
}

enum err sq_session_touch(struct stx *t, const char *token_hash, int64_t now,
			  int64_t new_expiry, int64_t *user_id, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_SESS_TOUCH, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, new_expiry);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		e = err_set(eb, ERR_AUTH, NULL, "session expired or unknown");
	else
		e = sq_fail(tx->c, eb, "session");
	/* RETURNING needs the statement stepped to completion to apply */
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sq_done(tx->c, s);
	return e;
}

enum err sq_session_get(struct stx *t, const char *token_hash, int64_t now, int64_t *user_id,
			int64_t *last_seen, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_SESS_GET, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, token_hash);
	sqlite3_bind_int64(s, 2, now);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*user_id = sqlite3_column_int64(s, 0);
		*last_seen = sqlite3_column_int64(s, 1);
	} else if (rc == SQLITE_DONE) {
		e = err_set(eb, ERR_AUTH, NULL, "session expired or unknown");
	} else {
		e = sq_fail(tx->c, eb, "session");
	}
	sq_done(tx->c, s);
	return e;
}

enum err sq_session_delete(struct stx *t, const char *token_hash, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_SESS_DEL, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, token_hash);
	return step_write(tx, s, eb, "session");
}

enum err sq_session_delete_user(struct stx *t, int64_t user_id, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_SESS_DEL_USER, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, user_id);
	return step_write(tx, s, eb, "session");
}

static const char SQL_LF_COUNT[] =
	"SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE key = ?1 AND at >= ?2";
static const char SQL_LF_ADD[] = "INSERT INTO login_failures(key, at) VALUES (?1, ?2)";
static const char SQL_LF_PRUNE[] = "DELETE FROM login_failures WHERE at < ?1";
static const char SQL_LF_CLEAR[] = "DELETE FROM login_failures WHERE key = ?1";
static const char SQL_USER_DISABLE[] = "UPDATE users SET disabled = ?2 WHERE id = ?1";
static const char SQL_USER_ALL[] =
	"SELECT id, username, name, roles, agency, disabled FROM users ORDER BY username";
static const char SQL_USER_UPDATE[] = "UPDATE users SET name = ?2, roles = ?3, agency = ?4 WHERE id = ?1";

enum err sq_login_failures(struct stx *t, const char *key, int64_t since, int *count,
			   int64_t *oldest, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_LF_COUNT, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, since);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*count = sqlite3_column_int(s, 0);
		*oldest = sqlite3_column_int64(s, 1);
	} else {
		e = sq_fail(tx->c, eb, "login failures");
	}
	sq_done(tx->c, s);
	return e;
}

enum err sq_login_failure_add(struct stx *t, const char *key, int64_t at,
			      int64_t forget_before, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_LF_PRUNE, eb);
	enum err e;
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, forget_before);
	if ((e = step_write(tx, s, eb, "login failures")))
		return e;
	if (!(s = sq_stmt(tx->c, SQL_LF_ADD, eb)))
		return ERR_STORE;
	sq_bind_text(s, 1, key);
	sqlite3_bind_int64(s, 2, at);
	return step_write(tx, s, eb, "login failure");
}

enum err sq_login_failures_clear(struct stx *t, const char *key, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_LF_CLEAR, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, key);
	return step_write(tx, s, eb, "login failures");
}

enum err sq_user_set_disabled(struct stx *t, int64_t id, int disabled, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_USER_DISABLE, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, disabled);
	enum err e = step_write(tx, s, eb, "user");
	if (!e && sqlite3_changes(tx->c->db) == 0)
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	return e;
}

enum err sq_user_update(struct stx *t, int64_t id, const char *name, const char *roles,
			const char *agency, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_USER_UPDATE, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, id);
	sq_bind_text(s, 2, name);
	sq_bind_text(s, 3, roles);
	sq_bind_text(s, 4, agency);
	enum err e = step_write(tx, s, eb, "user");
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "agency", "agency %s does not exist", agency ? agency : "");
	else if (!e && sqlite3_changes(tx->c->db) == 0)
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	return e;
}

enum err sq_user_each(struct stx *t, int (*fn)(void *arg, const struct store_user *u), void *arg,
		      struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_USER_ALL, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_user u = {
			sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			NULL,
			sqlite3_column_int(s, 5),
		};
		if (fn(arg, &u))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "users");
	sq_done(tx->c, s);
	return e;
}

/* ---- calendars ---- */

static const char SQL_CAL_PUT[] =
	"INSERT INTO calendars(year, agency, doc) VALUES (?1, ?2, ?3) "
	"ON CONFLICT(year, agency) DO UPDATE SET doc = excluded.doc";
static const char SQL_CAL_GET[] = "SELECT doc FROM calendars WHERE year = ?1 AND agency = ?2";
static const char SQL_CAL_EACH[] = "SELECT year, doc FROM calendars WHERE agency = ?1 ORDER BY year";

enum err sq_calendar_put(struct stx *t, int year, const char *agency, const char *doc,
			 struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_CAL_PUT, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int(s, 1, year);
	sq_bind_text(s, 2, agency ? agency : "");
	sq_bind_text(s, 3, doc);
	return step_write(tx, s, eb, "calendar");
}

enum err sq_calendar_get(struct stx *t, int year, const char *agency, char **doc,
			 struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_CAL_GET, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int(s, 1, year);
	sq_bind_text(s, 2, agency ? agency : "");
	return one_text(tx, s, doc, eb, "calendar");
}

enum err sq_calendar_each(struct stx *t, const char *agency,
			  int (*fn)(void *arg, int year, const char *doc), void *arg,
			  struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_CAL_EACH, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, agency ? agency : "");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, sqlite3_column_int(s, 0), (const char *)sqlite3_column_text(s, 1)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "calendars");
	sq_done(tx->c, s);
	return e;
}

/* ---- audit log ---- */

static const char SQL_AUDIT_HEAD[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_ADD[] =
	"INSERT INTO audit_log(id, at, actor, roles, agency, action, object, summary, request_id, ip, "
	"prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
static const char SQL_AUDIT_ALL[] =
	"SELECT id, at, actor, roles, agency, action, object, summary, request_id, ip, prev_hash, hash "
	"FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2";
static const char SQL_AUDIT_OBJ[] =
	"SELECT id, at, actor, roles, agency, action, object, summary, request_id, ip, prev_hash, hash "
	"FROM audit_log WHERE object = ?3 AND id > ?1 ORDER BY id LIMIT ?2";

enum err sq_audit_head(struct stx *t, int64_t *next_id, char hash[65], struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_AUDIT_HEAD, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	int rc = sqlite3_step(s);
	*next_id = 1;
	hash[0] = '\0';
	if (rc == SQLITE_ROW) {
		*next_id = sqlite3_column_int64(s, 0) + 1;
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(s, 1));
	} else if (rc != SQLITE_DONE) {
		e = sq_fail(tx->c, eb, "audit head");
	}
	sq_done(tx->c, s);
	return e;
}

enum err sq_audit_append(struct stx *t, const struct store_audit *a, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_AUDIT_ADD, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, a->id);
	sqlite3_bind_int64(s, 2, a->at);
	sq_bind_text(s, 3, a->actor);
	sq_bind_text(s, 4, a->roles);
	sq_bind_text(s, 5, a->agency);
	sq_bind_text(s, 6, a->action);
	sq_bind_text(s, 7, a->object);
	sq_bind_text(s, 8, a->summary);
	sq_bind_text(s, 9, a->request_id);
	sq_bind_text(s, 10, a->ip);
	sq_bind_text(s, 11, a->prev_hash);
	sq_bind_text(s, 12, a->hash);
	return step_write(tx, s, eb, "audit row");
}

enum err sq_audit_each(struct stx *t, const char *object, int64_t after_id, long limit,
		       int (*fn)(void *arg, const struct store_audit *a), void *arg,
		       struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, object ? SQL_AUDIT_OBJ : SQL_AUDIT_ALL, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, after_id);
	sqlite3_bind_int64(s, 2, limit > 0 ? limit : -1);
	if (object)
		sq_bind_text(s, 3, object);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_audit a = {
			sqlite3_column_int64(s, 0),
			sqlite3_column_int64(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
			(const char *)sqlite3_column_text(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			(const char *)sqlite3_column_text(s, 6),
			(const char *)sqlite3_column_text(s, 7),
			(const char *)sqlite3_column_text(s, 8),
			(const char *)sqlite3_column_text(s, 9),
			(const char *)sqlite3_column_text(s, 10),
			(const char *)sqlite3_column_text(s, 11),
		};
		if (fn(arg, &a))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "audit log");
	sq_done(tx->c, s);
	return e;
}

/* ---- dossiers ---- */

static const char SQL_DS_SEQ[] =
	"INSERT INTO dossier_counters(agency, day, n) VALUES (?1, ?2, 1) "
	"ON CONFLICT(agency, day) DO UPDATE SET n = n + 1 RETURNING n";
#define DS_COLS "code, agency, scope1, scope2, procedure, channel, status, rule_set, citizen_user, " \
	"handler, step_role, applicant_name, applicant_id, search_text, submitted_at, received_at, " \
	"due_at, finished_at, returned_at, alert, updated_at, doc"
static const char SQL_DS_INSERT[] =
	"INSERT INTO dossiers(" DS_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
static const char SQL_DS_UPDATE[] =
	"UPDATE dossiers SET agency = ?2, scope1 = ?3, scope2 = ?4, procedure = ?5, channel = ?6, "
	"status = ?7, rule_set = ?8, citizen_user = ?9, handler = ?10, step_role = ?11, "
	"applicant_name = ?12, applicant_id = ?13, search_text = ?14, submitted_at = ?15, "
	"received_at = ?16, due_at = ?17, finished_at = ?18, returned_at = ?19, alert = ?20, "
	"updated_at = ?21, doc = ?22 WHERE code = ?1";
static const char SQL_DS_GET[] =
	"SELECT doc, agency, scope1, scope2, handler, applicant_id, citizen_user, status "
	"FROM dossiers WHERE code = ?1";
static const char SQL_DS_EVENT_ADD[] =
	"INSERT INTO dossier_events(code, at, action, from_status, to_status, actor, detail) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_DS_EVENTS[] =
	"SELECT id, at, action, from_status, to_status, actor, detail FROM dossier_events "
	"WHERE code = ?1 ORDER BY id";
#define DS_WHERE " WHERE (?1 IS NULL OR scope1 = ?1) AND (?2 IS NULL OR scope2 = ?2) " \
	"AND (?3 IS NULL OR citizen_user = ?3) AND (?4 IS NULL OR handler = ?4) " \
	"AND (?5 IS NULL OR step_role = ?5) AND (?6 = 0 OR ((1 << status) & ?6) != 0) " \
	"AND (?7 IS NULL OR procedure = ?7) AND (?8 IS NULL OR due_at < ?8) " \
	"AND (?9 IS NULL OR due_at >= ?9) AND (?10 IS NULL OR search_text LIKE ?10 ESCAPE '\\') "
static const char SQL_DS_LIST[] =
	"SELECT doc FROM dossiers" DS_WHERE
	"ORDER BY due_at IS NULL, due_at, code LIMIT ?11 OFFSET ?12";
static const char SQL_DS_COUNTS[] = "SELECT status, count(*) FROM dossiers" DS_WHERE "GROUP BY status";
static const char SQL_OUTBOX_ADD[] =
	"INSERT INTO outbox(topic, key, payload, created_at, next_at) VALUES (?1, ?2, ?3, ?4, ?4)";

static void bind_opt64(sqlite3_stmt *s, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

enum err sq_dossier_next_seq(struct stx *t, const char *agency, const char *day, int64_t *n,
			     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_SEQ, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, agency);
	sq_bind_text(s, 2, day);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		e = sq_fail(tx->c, eb, "dossier counter");
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sq_done(tx->c, s);
	return e;
}

static void bind_dossier(sqlite3_stmt *s, const struct store_dossier *d)
{
	sq_bind_text(s, 1, d->code);
	sq_bind_text(s, 2, d->agency);
	sq_bind_text(s, 3, d->scope1);
	sq_bind_text(s, 4, d->scope2);
	sq_bind_text(s, 5, d->procedure);
	sqlite3_bind_int(s, 6, d->channel);
	sqlite3_bind_int(s, 7, d->status);
	sq_bind_text(s, 8, d->rule_set);
	bind_opt64(s, 9, d->citizen_user);
	sq_bind_text(s, 10, d->handler);
	sq_bind_text(s, 11, d->step_role);
	sq_bind_text(s, 12, d->applicant_name);
	sq_bind_text(s, 13, d->applicant_id);
	sq_bind_text(s, 14, d->search_text);
	sqlite3_bind_int64(s, 15, d->submitted_at);
	bind_opt64(s, 16, d->received_at);
	bind_opt64(s, 17, d->due_at);
	bind_opt64(s, 18, d->finished_at);
	bind_opt64(s, 19, d->returned_at);
	sqlite3_bind_int(s, 20, d->alert);
	sqlite3_bind_int64(s, 21, d->updated_at);
	sq_bind_text(s, 22, d->doc);
}

enum err sq_dossier_insert(struct stx *t, const struct store_dossier *d, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_INSERT, eb);
	if (!s)
		return ERR_STORE;
	bind_dossier(s, d);
	return step_write(tx, s, eb, "dossier");
}

enum err sq_dossier_update(struct stx *t, const struct store_dossier *d, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_UPDATE, eb);
	if (!s)
		return ERR_STORE;
	bind_dossier(s, d);
	enum err e = step_write(tx, s, eb, "dossier");
	if (!e && sqlite3_changes(tx->c->db) == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "dossier %s not found", d->code);
	return e;
}

enum err sq_dossier_get(struct stx *t, const char *code, struct store_dossier_row *out,
			struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_GET, eb);
	enum err e = ERR_OK;
	memset(out, 0, sizeof(*out));
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->doc = sq_dup_col(s, 0);
		out->agency = sq_dup_col(s, 1);
		out->scope1 = sq_dup_col(s, 2);
		out->scope2 = sq_dup_col(s, 3);
		out->handler = sq_dup_col(s, 4);
		out->applicant_id = sq_dup_col(s, 5);
		out->citizen_user = sqlite3_column_int64(s, 6);
		out->status = sqlite3_column_int(s, 7);
	} else if (rc == SQLITE_DONE) {
		e = err_setc(eb, ERR_NOTFOUND, "dossier_not_found", "code", "dossier %s not found", code);
	} else {
		e = sq_fail(tx->c, eb, "dossier");
	}
	sq_done(tx->c, s);
	return e;
}


enum err sq_dossier_event_add(struct stx *t, const char *code, int64_t at, const char *action,
			      int from_status, int to_status, const char *actor,
			      const char *detail, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_EVENT_ADD, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	sqlite3_bind_int64(s, 2, at);
	sq_bind_text(s, 3, action);
	if (from_status)
		sqlite3_bind_int(s, 4, from_status);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int(s, 5, to_status);
	sq_bind_text(s, 6, actor);
	sq_bind_text(s, 7, detail);
	return step_write(tx, s, eb, "dossier event");
}

enum err sq_dossier_events(struct stx *t, const char *code,
			   int (*fn)(void *arg, const struct store_dossier_event *ev), void *arg,
			   struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_EVENTS, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_dossier_event ev = {
			sqlite3_column_int64(s, 0),
			sqlite3_column_int64(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			sqlite3_column_int(s, 3),
			sqlite3_column_int(s, 4),
			(const char *)sqlite3_column_text(s, 5),
			(const char *)sqlite3_column_text(s, 6),
		};
		if (fn(arg, &ev))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "dossier events");
	sq_done(tx->c, s);
	return e;
}

static void bind_query(sqlite3_stmt *s, const struct store_dossier_query *q)
{
	sq_bind_text(s, 1, q->scope1);
	sq_bind_text(s, 2, q->scope2);
	bind_opt64(s, 3, q->citizen_user);
	sq_bind_text(s, 4, q->handler);
	sq_bind_text(s, 5, q->step_role);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)q->status_mask);
	sq_bind_text(s, 7, q->procedure);
	bind_opt64(s, 8, q->due_before);
	bind_opt64(s, 9, q->due_after);
	sq_bind_text(s, 10, q->like);
}

enum err sq_dossier_list(struct stx *t, const struct store_dossier_query *q,
			 int (*fn)(void *arg, const char *doc), void *arg, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_LIST, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	bind_query(s, q);
	sqlite3_bind_int64(s, 11, q->limit > 0 ? q->limit : 50);
	sqlite3_bind_int64(s, 12, q->offset);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "dossier list");
	sq_done(tx->c, s);
	return e;
}

enum err sq_dossier_counts(struct stx *t, const struct store_dossier_query *q,
			   int64_t counts[11], struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_COUNTS, eb);
	struct store_dossier_query q2 = *q;
	enum err e = ERR_OK;
	int rc;
	memset(counts, 0, 11 * sizeof(counts[0]));
	if (!s)
		return ERR_STORE;
	q2.status_mask = 0;
	bind_query(s, &q2);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int st = sqlite3_column_int(s, 0);
		if (st >= 1 && st <= 10)
			counts[st] = sqlite3_column_int64(s, 1);
	}
	if (rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "dossier counts");
	sq_done(tx->c, s);
	return e;
}

enum err sq_outbox_add(struct stx *t, const char *topic, const char *key, const char *payload,
		       int64_t now, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_OUTBOX_ADD, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, topic);
	sq_bind_text(s, 2, key);
	sq_bind_text(s, 3, payload);
	sqlite3_bind_int64(s, 4, now);
	return step_write(tx, s, eb, "outbox");
}

/* ---- alerts ---- */

static const char SQL_DS_ALERT_SET[] =
	"UPDATE dossiers SET alert = ?2, doc = json_set(doc, '$.alert', ?2) WHERE code = ?1";
static const char SQL_DS_ALERTS[] =
	"SELECT code, agency, handler, step_role, due_at, alert FROM dossiers "
	"WHERE status IN (2, 4) AND due_at IS NOT NULL AND "
	"((due_at < ?2 AND alert < 1) OR (due_at < ?1 AND alert < 2)) ORDER BY due_at LIMIT ?3";

enum err sq_dossier_set_alert(struct stx *t, const char *code, int alert, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_ALERT_SET, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, code);
	sqlite3_bind_int(s, 2, alert);
	return step_write(tx, s, eb, "dossier alert");
}

enum err sq_dossier_alerts(struct stx *t, int64_t now, int64_t soon_before, long limit,
			   int (*fn)(void *arg, const struct store_alert_row *r), void *arg,
			   struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DS_ALERTS, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, soon_before);
	sqlite3_bind_int64(s, 3, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_alert_row r = {
			(const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
			sqlite3_column_int64(s, 4), sqlite3_column_int(s, 5),
		};
		if (fn(arg, &r))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "alerts");
	sq_done(tx->c, s);
	return e;
}

/* ---- outbox ---- */

static const char SQL_OB_CLAIM[] =
	"UPDATE outbox SET next_at = ?1 + ?3 WHERE id IN (SELECT id FROM outbox WHERE done_at IS NULL "
	"AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2) RETURNING id, topic, key, payload, attempts";
static const char SQL_OB_DONE[] = "UPDATE outbox SET done_at = ?2, attempts = attempts + 1 WHERE id = ?1";
static const char SQL_OB_RETRY[] =
	"UPDATE outbox SET next_at = ?2, attempts = attempts + 1, last_error = ?3 WHERE id = ?1";
static const char SQL_OB_STATS[] =
	"SELECT coalesce(sum(done_at IS NULL), 0), coalesce(sum(done_at IS NULL AND attempts > 0), 0), "
	"coalesce(sum(done_at IS NOT NULL), 0) FROM outbox";

enum err sq_outbox_claim(struct stx *t, int64_t now, long limit, int lease_secs,
			 int (*fn)(void *arg, const struct store_outbox_row *r), void *arg,
			 struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_OB_CLAIM, eb);
	enum err e = ERR_OK;
	int rc, stop = 0;
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, limit);
	sqlite3_bind_int64(s, 3, lease_secs);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_outbox_row r = {
			sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
			sqlite3_column_int(s, 4),
		};
		if (!stop)
			stop = fn(arg, &r);
	}
	if (rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "outbox claim");
	sq_done(tx->c, s);
	return e;
}

enum err sq_outbox_done(struct stx *t, int64_t id, int64_t now, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_OB_DONE, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	return step_write(tx, s, eb, "outbox");
}

enum err sq_outbox_retry(struct stx *t, int64_t id, int64_t next_at, const char *error,
			 struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_OB_RETRY, eb);
	if (!s)
		return ERR_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, next_at);
	sq_bind_text(s, 3, error);
	return step_write(tx, s, eb, "outbox");
}

enum err sq_outbox_stats(struct stx *t, int64_t *pending, int64_t *failing, int64_t *done,
			 struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_OB_STATS, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*pending = sqlite3_column_int64(s, 0);
		*failing = sqlite3_column_int64(s, 1);
		*done = sqlite3_column_int64(s, 2);
	} else {
		e = sq_fail(tx->c, eb, "outbox stats");
	}
	sq_done(tx->c, s);
	return e;
}

/* ---- files ---- */

static const char SQL_BLOB_ADD[] =
	"INSERT INTO blobs(sha256, size, type, data) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
static const char SQL_FILE_ADD[] =
	"INSERT INTO files(id, sha256, owner, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_FILE_GET[] =
	"SELECT f.id, f.sha256, b.type, f.name, b.size, f.owner, f.created_at FROM files f "
	"JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id = ?1";
static const char SQL_FILE_DATA[] = "SELECT data FROM blobs WHERE sha256 = ?1";
static const char SQL_FILE_LINK[] =
	"INSERT INTO file_links(file_id, dossier) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
static const char SQL_FILE_DOSSIERS[] = "SELECT dossier FROM file_links WHERE file_id = ?1";
static const char SQL_DOSSIER_BYTES[] =
	"SELECT coalesce(sum(b.size), 0) FROM file_links l JOIN files f ON f.id = l.file_id "
	"JOIN blobs b ON b.sha256 = f.sha256 WHERE l.dossier = ?1";

enum err sq_file_add(struct stx *t, const struct store_file *f, const void *data,
		     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_BLOB_ADD, eb);
	enum err e;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, f->sha256);
	sqlite3_bind_int64(s, 2, f->size);
	sq_bind_text(s, 3, f->type);
	sqlite3_bind_blob64(s, 4, data, (sqlite3_uint64)f->size, SQLITE_STATIC);
	if ((e = step_write(tx, s, eb, "file")))
		return e;
	if (!(s = sq_stmt(tx->c, SQL_FILE_ADD, eb)))
		return ERR_STORE;
	sq_bind_text(s, 1, f->id);
	sq_bind_text(s, 2, f->sha256);
	sqlite3_bind_int64(s, 3, f->owner);
	sq_bind_text(s, 4, f->name);
	sqlite3_bind_int64(s, 5, f->created_at);
	return step_write(tx, s, eb, "file");
}

enum err sq_file_get(struct stx *t, const char *id, struct store_file_row *out, void **data,
		     struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_FILE_GET, eb);
	enum err e = ERR_OK;
	memset(out, 0, sizeof(*out));
	if (data)
		*data = NULL;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sq_dup_col(s, 0);
		out->sha256 = sq_dup_col(s, 1);
		out->type = sq_dup_col(s, 2);
		out->name = sq_dup_col(s, 3);
		out->size = sqlite3_column_int64(s, 4);
		out->owner = sqlite3_column_int64(s, 5);
		out->created_at = sqlite3_column_int64(s, 6);
	} else if (rc == SQLITE_DONE) {
		e = err_setc(eb, ERR_NOTFOUND, "file_not_found", "id", "file not found");
	} else {
		e = sq_fail(tx->c, eb, "file");
	}
	sq_done(tx->c, s);
	if (e || !data)
		return e;
	if (!(s = sq_stmt(tx->c, SQL_FILE_DATA, eb)))
		return ERR_STORE;
	sq_bind_text(s, 1, out->sha256);
	if (sqlite3_step(s) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(s, 0);
		*data = malloc(n > 0 ? (size_t)n : 1);
		if (*data && n > 0)
			memcpy(*data, sqlite3_column_blob(s, 0), (size_t)n);
		if (!*data)
			e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	} else {
		e = sq_fail(tx->c, eb, "file data");
	}
	sq_done(tx->c, s);
	return e;
}


enum err sq_file_link(struct stx *t, const char *file_id, const char *dossier,
		      struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_FILE_LINK, eb);
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, file_id);
	sq_bind_text(s, 2, dossier);
	return step_write(tx, s, eb, "file link");
}

enum err sq_file_dossiers(struct stx *t, const char *file_id,
			  int (*fn)(void *arg, const char *dossier), void *arg, struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_FILE_DOSSIERS, eb);
	enum err e = ERR_OK;
	int rc;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, file_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (fn(arg, (const char *)sqlite3_column_text(s, 0)))
			break;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		e = sq_fail(tx->c, eb, "file links");
	sq_done(tx->c, s);
	return e;
}

enum err sq_dossier_file_bytes(struct stx *t, const char *dossier, int64_t *bytes,
			       struct errbuf *eb)
{
	struct sqtx *tx = sqtx_of(t);
	sqlite3_stmt *s = sq_stmt(tx->c, SQL_DOSSIER_BYTES, eb);
	enum err e = ERR_OK;
	if (!s)
		return ERR_STORE;
	sq_bind_text(s, 1, dossier);
	if (sqlite3_step(s) == SQLITE_ROW)
		*bytes = sqlite3_column_int64(s, 0);
	else
		e = sq_fail(tx->c, eb, "dossier files");
	sq_done(tx->c, s);
	return e;
}
