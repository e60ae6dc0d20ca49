/*
 * pg_queries.c - the resource queries of the PostgreSQL backend, one for
 * one with sqlite_queries.c: the same statements in PostgreSQL's dialect
 * ($n parameters, explicit casts where a parameter's type cannot be
 * inferred, FOR UPDATE SKIP LOCKED, motcua_json_set for SQLite's
 * json_set) and the same mapping of outcomes to enum err. Every value is
 * bound, never formatted into SQL. Statements are static strings so that
 * the per-connection cache in pg.c can key on their address.
 *
 * Writes a client can make fail in normal use (a duplicate code, an
 * unknown parent agency) go through pg_run_guarded() so the transaction
 * survives their failure, as it does on SQLite.
 */
#include "store/pg/pg_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"

/* Run a write; ERR_OK or the mapped error. Without changes to count it
 * is deferred: sent with the next statement that waits (pg_defer). */
static enum err run_write(struct pgtx *tx, const char *sql, const struct pgparams *p,
			  const char *what, long *changes, struct errbuf *eb)
{
	enum err e = ERR_OK;
	if (!changes)
		return pg_defer(tx, sql, p, what, eb);
	PGresult *r = pg_run(tx, sql, p, 0, what, &e, eb);
	if (!r)
		return e;
	*changes = pg_changes(r);
	PQclear(r);
	return ERR_OK;
}

static enum err run_guarded(struct pgtx *tx, const char *sql, const struct pgparams *p,
			    const char *what, long *changes, struct errbuf *eb)
{
	enum err e = ERR_OK;
	PGresult *r = pg_run_guarded(tx, sql, p, what, &e, eb);
	if (!r)
		return e;
	if (changes)
		*changes = pg_changes(r);
	PQclear(r);
	return ERR_OK;
}

/* Run a one-row text query; *out gets column 0 or ERR_NOTFOUND. */
static enum err one_text(struct pgtx *tx, const char *sql, const struct pgparams *p, char **out,
			 struct errbuf *eb, const char *what)
{
	enum err e = ERR_OK;
	PGresult *r = pg_run(tx, sql, p, 0, what, &e, eb);
	*out = NULL;
	if (!r)
		return e;
	if (PQntuples(r) == 0) {
		e = err_set(eb, ERR_NOTFOUND, NULL, "%s not found", what);
	} else if (!(*out = pg_dup(r, 0, 0))) {
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	}
	PQclear(r);
	return e;
}

/* Run a one-row query of integers into v[0..n-1]. */
static enum err one_row_ints(struct pgtx *tx, const char *sql, const struct pgparams *p,
			     int64_t *v, int n, struct errbuf *eb, const char *what)
{
	enum err e = ERR_OK;
	PGresult *r = pg_run(tx, sql, p, 0, what, &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) < 1 || PQnfields(r) < n) {
		PQclear(r);
		return err_set(eb, ERR_STORE, NULL, "storage error");
	}
	for (int i = 0; i < n; i++)
		v[i] = pg_int(r, 0, i);
	PQclear(r);
	return ERR_OK;
}

/* Call fn with column 0 of every row until it returns non-zero. */
static enum err each_text(struct pgtx *tx, const char *sql, const struct pgparams *p,
			  int (*fn)(void *arg, const char *s), void *arg, struct errbuf *eb,
			  const char *what)
{
	enum err e = ERR_OK;
	PGresult *r = pg_run(tx, sql, p, 0, what, &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++)
		if (fn(arg, pg_str(r, i, 0)))
			break;
	PQclear(r);
	return ERR_OK;
}

/* ---- meta ---- */

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = $1";
static const char SQL_META_SET[] =
	"INSERT INTO meta(key, value) VALUES ($1, $2) "
	"ON CONFLICT (key) DO UPDATE SET value = excluded.value";

enum err pg_meta_get(struct stx *t, const char *key, char **value, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, key);
	return one_text(pgtx_of(t), SQL_META_GET, &p, value, eb, "setting");
}

enum err pg_meta_set(struct stx *t, const char *key, const char *value, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, key);
	pp_text(&p, value);
	return run_write(pgtx_of(t), SQL_META_SET, &p, "setting", NULL, eb);
}

/* ---- agencies ---- */

static const char SQL_AG_INSERT[] =
	"INSERT INTO agencies(code, share_code, parent, name, doc) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_AG_UPDATE[] =
	"UPDATE agencies SET share_code = $2, parent = $3, name = $4, doc = $5 WHERE code = $1";
static const char SQL_AG_GET[] = "SELECT doc FROM agencies WHERE code = $1";
static const char SQL_AG_ALL[] = "SELECT doc FROM agencies ORDER BY code";

enum err pg_agency_put(struct stx *t, const struct store_agency *a, int create,
		       struct errbuf *eb)
{
	struct pgparams p = {0};
	long changes = 0;
	pp_text(&p, a->code);
	pp_text(&p, a->share_code);
	pp_text(&p, a->parent);
	pp_text(&p, a->name);
	pp_text(&p, a->doc);
	enum err e = run_guarded(pgtx_of(t), create ? SQL_AG_INSERT : SQL_AG_UPDATE, &p, "agency",
				 &changes, eb);
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "parent", "parent agency does not exist");
	if (e == ERR_CONFLICT)
		err_set(eb, ERR_CONFLICT, "code", "an agency with this code or share_code exists");
	if (e == ERR_OK && !create && changes == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "agency %s not found", a->code);
	return e;
}

enum err pg_agency_get(struct stx *t, const char *code, char **doc, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, code);
	return one_text(pgtx_of(t), SQL_AG_GET, &p, doc, eb, "agency");
}

enum err pg_agency_each(struct stx *t, int (*fn)(void *arg, const char *doc), void *arg,
			struct errbuf *eb)
{
	return each_text(pgtx_of(t), SQL_AG_ALL, NULL, fn, arg, eb, "agencies");
}

/* ---- procedures ---- */

static const char SQL_PR_LATEST[] =
	"SELECT coalesce(max(version), 0) FROM procedures WHERE code = $1";
static const char SQL_PR_UNCURRENT[] =
	"UPDATE procedures SET current = 0, status = coalesce($2, status), "
	"doc = motcua_json_set(doc, 'status', to_json(coalesce($2::text, status))) "
	"WHERE code = $1 AND current = 1";
static const char SQL_PR_INSERT[] =
	"INSERT INTO procedures(code, version, current, status, change, name, field, agency, "
	"online, effective_from, decision_number, decision_date, search_text, summary, doc, "
	"recorded_at) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
static const char SQL_PR_GET_CURRENT[] =
	"SELECT doc FROM procedures WHERE code = $1 AND current = 1";
static const char SQL_PR_GET_VERSION[] =
	"SELECT doc FROM procedures WHERE code = $1 AND version = $2";
static const char SQL_PR_HISTORY[] =
	"SELECT code, version, status, change, name, field, agency, online, effective_from, "
	"decision_number, decision_date, recorded_at FROM procedures WHERE code = $1 "
	"ORDER BY version";
static const char SQL_PING[] = "SELECT 1";
static const char SQL_PR_FIELDS[] =
	"SELECT DISTINCT field FROM procedures WHERE current = 1 AND status <> 'abolished' "
	"ORDER BY field";
static const char SQL_PR_COUNT[] =
	"SELECT count(*) FROM procedures WHERE current = 1 AND status <> 'abolished'";

enum err pg_procedure_latest(struct stx *t, const char *code, int *version, struct errbuf *eb)
{
	struct pgparams p = {0};
	int64_t v = 0;
	pp_text(&p, code);
	enum err e = one_row_ints(pgtx_of(t), SQL_PR_LATEST, &p, &v, 1, eb, "procedure version");
	if (!e)
		*version = (int)v;
	return e;
}

enum err pg_procedure_add_version(struct stx *t, const struct store_procedure *pr,
				  const char *prev_status, struct errbuf *eb)
{
	struct pgtx *tx = pgtx_of(t);
	int latest = 0;
	enum err e = pg_procedure_latest(t, pr->code, &latest, eb);
	if (e)
		return e;
	if (pr->version != latest + 1)
		return err_set(eb, ERR_CONFLICT, "version",
			       "procedure %s: version %d given, the next version is %d", pr->code,
			       pr->version, latest + 1);
	if (latest > 0) {
		struct pgparams p = {0};
		pp_text(&p, pr->code);
		pp_text(&p, prev_status);
		if ((e = run_guarded(tx, SQL_PR_UNCURRENT, &p, "procedure", NULL, eb)))
			return e;
	}
	struct pgparams p = {0};
	pp_text(&p, pr->code);
	pp_int(&p, pr->version);
	pp_text(&p, pr->status);
	pp_text(&p, pr->change);
	pp_text(&p, pr->name);
	pp_text(&p, pr->field);
	pp_text(&p, pr->agency);
	pp_text(&p, pr->online);
	pp_text(&p, pr->effective_from);
	pp_text(&p, pr->decision_number);
	pp_text(&p, pr->decision_date);
	pp_text(&p, pr->search_text);
	pp_text(&p, pr->summary);
	pp_text(&p, pr->doc);
	pp_int(&p, pr->recorded_at);
	e = run_guarded(tx, SQL_PR_INSERT, &p, "procedure", NULL, eb);
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "agency", "agency %s does not exist", pr->agency);
	return e;
}

enum err pg_procedure_get(struct stx *t, const char *code, int version, char **doc,
			  struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, code);
	if (version)
		pp_int(&p, version);
	return one_text(pgtx_of(t), version ? SQL_PR_GET_VERSION : SQL_PR_GET_CURRENT, &p, doc, eb,
			"procedure");
}

/* Search SQL per number of tokens (0..8), built once. ILIKE because
 * SQLite's LIKE ignores the case of ASCII letters (and, under the "C"
 * collation of search_text, so does ILIKE - of those only). */
#define PR_TOKENS_MAX 8
static char pr_search_sql[PR_TOKENS_MAX + 1][768];
static pthread_once_t pr_search_once = PTHREAD_ONCE_INIT;

static void pr_search_build(void)
{
	for (int n = 0; n <= PR_TOKENS_MAX; n++) {
		char *p = pr_search_sql[n];
		size_t left = sizeof(pr_search_sql[n]);
		int w = snprintf(p, left,
				 "SELECT code, name, search_text, summary FROM procedures "
				 "WHERE current = 1 AND ($1::text IS NULL OR agency = $1) "
				 "AND ($2::text IS NULL OR online = $2) "
				 "AND ($3::integer = 1 OR status <> 'abolished') "
				 "AND ($4::text IS NULL OR field = $4)");
		for (int i = 0; i < n; i++)
			w += snprintf(p + w, left - (size_t)w,
				      " AND search_text ILIKE $%d::text ESCAPE '\\'", 5 + i);
		snprintf(p + w, left - (size_t)w, " ORDER BY code LIMIT $%d::bigint", 5 + n);
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

enum err pg_procedure_search(struct stx *t, const struct store_procedure_query *q,
			     int (*fn)(void *arg, const struct store_procedure_hit *h), void *arg,
			     struct errbuf *eb)
{
	pthread_once(&pr_search_once, pr_search_build);
	int n = q->ntokens > PR_TOKENS_MAX ? PR_TOKENS_MAX : q->ntokens;
	struct pgparams p = {0};
	char *pat[PR_TOKENS_MAX] = {0};
	enum err e = ERR_OK;
	pp_text(&p, q->agency);
	pp_text(&p, q->online);
	pp_int(&p, q->include_abolished ? 1 : 0);
	pp_text(&p, q->field);
	for (int i = 0; i < n; i++) {
		if (!(pat[i] = like_pattern(q->tokens[i]))) {
			e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
		pp_text(&p, pat[i]);
	}
	pp_int(&p, q->max_rows > 0 ? q->max_rows : 10000);
	PGresult *r = pg_run(pgtx_of(t), pr_search_sql[n], &p, 0, "procedure search", &e, eb);
	if (!r)
		goto out;
	for (int i = 0, rows = PQntuples(r); i < rows; i++) {
		struct store_procedure_hit h = {pg_str(r, i, 0), pg_str(r, i, 1), pg_str(r, i, 2),
						pg_str(r, i, 3)};
		if (fn(arg, &h))
			break;
	}
	PQclear(r);
out:
	for (int i = 0; i < n; i++)
		free(pat[i]);
	return e;
}

enum err pg_procedure_history(struct stx *t, const char *code,
			      int (*fn)(void *arg, const struct store_procedure *p), void *arg,
			      struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, code);
	PGresult *r = pg_run(pgtx_of(t), SQL_PR_HISTORY, &p, 0, "procedure history", &e, eb);
	if (!r)
		return e;
	int rows = PQntuples(r);
	for (int i = 0; i < rows; i++) {
		struct store_procedure pr = {0};
		pr.code = pg_str(r, i, 0);
		pr.version = (int)pg_int(r, i, 1);
		pr.status = pg_str(r, i, 2);
		pr.change = pg_str(r, i, 3);
		pr.name = pg_str(r, i, 4);
		pr.field = pg_str(r, i, 5);
		pr.agency = pg_str(r, i, 6);
		pr.online = pg_str(r, i, 7);
		pr.effective_from = pg_str(r, i, 8);
		pr.decision_number = pg_str(r, i, 9);
		pr.decision_date = pg_str(r, i, 10);
		pr.recorded_at = pg_int(r, i, 11);
		if (fn(arg, &pr))
			break;
	}
	PQclear(r);
	if (rows == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "procedure %s not found", code);
	return e;
}

enum err pg_procedure_fields(struct stx *t, int (*fn)(void *arg, const char *field), void *arg,
			     struct errbuf *eb)
{
	return each_text(pgtx_of(t), SQL_PR_FIELDS, NULL, fn, arg, eb, "procedure fields");
}

enum err pg_ping(struct stx *t, struct errbuf *eb)
{
	int64_t one = 0;
	return one_row_ints(pgtx_of(t), SQL_PING, NULL, &one, 1, eb, "ping");
}

enum err pg_procedure_count(struct stx *t, int64_t *n, struct errbuf *eb)
{
	return one_row_ints(pgtx_of(t), SQL_PR_COUNT, NULL, n, 1, eb, "procedure count");
}

/* ---- users and sessions ---- */

static const char SQL_USER_ADD[] =
	"INSERT INTO users(username, name, roles, agency, pwhash, disabled, created_at) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char SQL_USER_BY_NAME[] =
	"SELECT id, username, name, roles, agency, pwhash, disabled FROM users WHERE username = $1";
static const char SQL_USER_BY_ID[] =
	"SELECT id, username, name, roles, agency, pwhash, disabled FROM users WHERE id = $1";
static const char SQL_USER_PW[] = "UPDATE users SET pwhash = $2 WHERE id = $1";
static const char SQL_SESS_ADD[] =
	"INSERT INTO sessions(token_hash, user_id, created_at, last_seen, expires_at) "
	"VALUES ($1, $2, $3, $3, $4)";
static const char SQL_SESS_TOUCH[] =
	"UPDATE sessions SET last_seen = $2, expires_at = $3 "
	"WHERE token_hash = $1 AND expires_at > $2 RETURNING user_id";
static const char SQL_SESS_GET[] =
	"SELECT user_id, last_seen FROM sessions WHERE token_hash = $1 AND expires_at > $2";
static const char SQL_SESS_DEL[] = "DELETE FROM sessions WHERE token_hash = $1";
static const char SQL_SESS_DEL_USER[] = "DELETE FROM sessions WHERE user_id = $1";

enum err pg_user_add(struct stx *t, const struct store_user *u, int64_t *id, struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, u->username);
	pp_text(&p, u->name);
	pp_text(&p, u->roles);
	pp_text(&p, u->agency);
	pp_text(&p, u->pwhash);
	pp_int(&p, u->disabled);
	pp_int(&p, vntime_now());
	PGresult *r = pg_run_guarded(pgtx_of(t), SQL_USER_ADD, &p, "user", &e, eb);
	if (!r) {
		if (e == ERR_CONFLICT)
			err_set(eb, ERR_CONFLICT, "username", "user %s already exists", u->username);
		else if (e == ERR_RULE)
			err_set(eb, ERR_RULE, "agency", "agency %s does not exist", u->agency);
		return e;
	}
	if (id)
		*id = pg_int(r, 0, 0);
	PQclear(r);
	return ERR_OK;
}

enum err pg_user_get(struct stx *t, const char *username, int64_t id, struct store_user *u,
		     struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	memset(u, 0, sizeof(*u));
	if (username)
		pp_text(&p, username);
	else
		pp_int(&p, id);
	PGresult *r = pg_run(pgtx_of(t), username ? SQL_USER_BY_NAME : SQL_USER_BY_ID, &p, 0, "user",
			     &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) == 0) {
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	} else {
		u->id = pg_int(r, 0, 0);
		u->username = pg_dup(r, 0, 1);
		u->name = pg_dup(r, 0, 2);
		u->roles = pg_dup(r, 0, 3);
		u->agency = pg_dup(r, 0, 4);
		u->pwhash = pg_dup(r, 0, 5);
		u->disabled = (int)pg_int(r, 0, 6);
	}
	PQclear(r);
	return e;
}

enum err pg_user_set_password(struct stx *t, int64_t id, const char *pwhash, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, id);
	pp_text(&p, pwhash);
	return run_write(pgtx_of(t), SQL_USER_PW, &p, "user", NULL, eb);
}

enum err pg_session_add(struct stx *t, const char *token_hash, int64_t user_id, int64_t expires_at,
			struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, token_hash);
	pp_int(&p, user_id);
	pp_int(&p, vntime_now());
	pp_int(&p, expires_at);
	return run_write(pgtx_of(t), SQL_SESS_ADD, &p, "session", NULL, eb);
}

enum err pg_session_touch(struct stx *t, const char *token_hash, int64_t now, int64_t new_expiry,
			  int64_t *user_id, struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, token_hash);
	pp_int(&p, now);
	pp_int(&p, new_expiry);
	PGresult *r = pg_run(pgtx_of(t), SQL_SESS_TOUCH, &p, 0, "session", &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) > 0)
		*user_id = pg_int(r, 0, 0);
	else
		e = err_set(eb, ERR_AUTH, NULL, "session expired or unknown");
	PQclear(r);
	return e;
}

enum err pg_session_get(struct stx *t, const char *token_hash, int64_t now, int64_t *user_id,
			int64_t *last_seen, struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, token_hash);
	pp_int(&p, now);
	PGresult *r = pg_run(pgtx_of(t), SQL_SESS_GET, &p, 0, "session", &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) > 0) {
		*user_id = pg_int(r, 0, 0);
		*last_seen = pg_int(r, 0, 1);
	} else {
		e = err_set(eb, ERR_AUTH, NULL, "session expired or unknown");
	}
	PQclear(r);
	return e;
}

enum err pg_session_delete(struct stx *t, const char *token_hash, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, token_hash);
	return run_write(pgtx_of(t), SQL_SESS_DEL, &p, "session", NULL, eb);
}

enum err pg_session_delete_user(struct stx *t, int64_t user_id, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, user_id);
	return run_write(pgtx_of(t), SQL_SESS_DEL_USER, &p, "session", NULL, eb);
}

static const char SQL_LF_COUNT[] =
	"SELECT count(*), coalesce(min(at), 0) FROM login_failures WHERE key = $1 AND at >= $2";
static const char SQL_LF_ADD[] = "INSERT INTO login_failures(key, at) VALUES ($1, $2)";
static const char SQL_LF_PRUNE[] = "DELETE FROM login_failures WHERE at < $1";
static const char SQL_LF_CLEAR[] = "DELETE FROM login_failures WHERE key = $1";
static const char SQL_USER_DISABLE[] = "UPDATE users SET disabled = $2 WHERE id = $1";
static const char SQL_USER_ALL[] =
	"SELECT id, username, name, roles, agency, disabled FROM users ORDER BY username";
static const char SQL_USER_UPDATE[] = "UPDATE users SET name = $2, roles = $3, agency = $4 WHERE id = $1";

enum err pg_login_failures(struct stx *t, const char *key, int64_t since, int *count,
			   int64_t *oldest, struct errbuf *eb)
{
	struct pgparams p = {0};
	int64_t v[2] = {0, 0};
	pp_text(&p, key);
	pp_int(&p, since);
	enum err e = one_row_ints(pgtx_of(t), SQL_LF_COUNT, &p, v, 2, eb, "login failures");
	if (!e) {
		*count = (int)v[0];
		*oldest = v[1];
	}
	return e;
}

enum err pg_login_failure_add(struct stx *t, const char *key, int64_t at, int64_t forget_before,
			      struct errbuf *eb)
{
	struct pgtx *tx = pgtx_of(t);
	struct pgparams p = {0}, q = {0};
	enum err e;
	pp_int(&p, forget_before);
	if ((e = run_write(tx, SQL_LF_PRUNE, &p, "login failures", NULL, eb)))
		return e;
	pp_text(&q, key);
	pp_int(&q, at);
	return run_write(tx, SQL_LF_ADD, &q, "login failure", NULL, eb);
}

enum err pg_login_failures_clear(struct stx *t, const char *key, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, key);
	return run_write(pgtx_of(t), SQL_LF_CLEAR, &p, "login failures", NULL, eb);
}

enum err pg_user_set_disabled(struct stx *t, int64_t id, int disabled, struct errbuf *eb)
{
	struct pgparams p = {0};
	long changes = 0;
	pp_int(&p, id);
	pp_int(&p, disabled);
	enum err e = run_write(pgtx_of(t), SQL_USER_DISABLE, &p, "user", &changes, eb);
	if (!e && changes == 0)
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	return e;
}

enum err pg_user_update(struct stx *t, int64_t id, const char *name, const char *roles,
			const char *agency, struct errbuf *eb)
{
	struct pgparams p = {0};
	long changes = 0;
	pp_int(&p, id);
	pp_text(&p, name);
	pp_text(&p, roles);
	pp_text(&p, agency);
	/* guarded: an unknown agency (a foreign key) must not spoil the
	 * transaction, as in pg_user_add */
	enum err e = run_guarded(pgtx_of(t), SQL_USER_UPDATE, &p, "user", &changes, eb);
	if (e == ERR_RULE)
		err_set(eb, ERR_RULE, "agency", "agency %s does not exist", agency ? agency : "");
	else if (!e && changes == 0)
		e = err_set(eb, ERR_NOTFOUND, "username", "user not found");
	return e;
}

enum err pg_user_each(struct stx *t, int (*fn)(void *arg, const struct store_user *u), void *arg,
		      struct errbuf *eb)
{
	enum err e = ERR_OK;
	PGresult *r = pg_run(pgtx_of(t), SQL_USER_ALL, NULL, 0, "users", &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++) {
		struct store_user u = {
			pg_int(r, i, 0), pg_str(r, i, 1), pg_str(r, i, 2), pg_str(r, i, 3),
			pg_str(r, i, 4), NULL,            (int)pg_int(r, i, 5),
		};
		if (fn(arg, &u))
			break;
	}
	PQclear(r);
	return ERR_OK;
}

/* ---- calendars ---- */

static const char SQL_CAL_PUT[] =
	"INSERT INTO calendars(year, agency, doc) VALUES ($1, $2, $3) "
	"ON CONFLICT (year, agency) DO UPDATE SET doc = excluded.doc";
static const char SQL_CAL_GET[] = "SELECT doc FROM calendars WHERE year = $1 AND agency = $2";
static const char SQL_CAL_EACH[] =
	"SELECT year, doc FROM calendars WHERE agency = $1 ORDER BY year";

enum err pg_calendar_put(struct stx *t, int year, const char *agency, const char *doc,
			 struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, year);
	pp_text(&p, agency ? agency : "");
	pp_text(&p, doc);
	return run_guarded(pgtx_of(t), SQL_CAL_PUT, &p, "calendar", NULL, eb);
}

enum err pg_calendar_get(struct stx *t, int year, const char *agency, char **doc,
			 struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, year);
	pp_text(&p, agency ? agency : "");
	return one_text(pgtx_of(t), SQL_CAL_GET, &p, doc, eb, "calendar");
}

enum err pg_calendar_each(struct stx *t, const char *agency,
			  int (*fn)(void *arg, int year, const char *doc), void *arg,
			  struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, agency ? agency : "");
	PGresult *r = pg_run(pgtx_of(t), SQL_CAL_EACH, &p, 0, "calendars", &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++)
		if (fn(arg, (int)pg_int(r, i, 0), pg_str(r, i, 1)))
			break;
	PQclear(r);
	return ERR_OK;
}

/* ---- audit log ---- */

/* Writers are serialised (pg.c), so the newest row cannot change under us
 * before our append commits. */
static const char SQL_AUDIT_HEAD[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_ADD[] =
	"INSERT INTO audit_log(id, at, actor, roles, agency, action, object, summary, request_id, "
	"ip, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
#define AUDIT_COLS "id, at, actor, roles, agency, action, object, summary, request_id, ip, " \
		   "prev_hash, hash"
static const char SQL_AUDIT_ALL[] =
	"SELECT " AUDIT_COLS " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2::bigint";
static const char SQL_AUDIT_OBJ[] =
	"SELECT " AUDIT_COLS " FROM audit_log WHERE object = $3 AND id > $1 ORDER BY id "
	"LIMIT $2::bigint";

enum err pg_audit_head(struct stx *t, int64_t *next_id, char hash[65], struct errbuf *eb)
{
	struct pgtx *tx = pgtx_of(t);
	enum err e = ERR_OK;
	if (tx->failed)
		return err_set(eb, tx->failed, NULL, "an earlier statement of this transaction failed");
	if (tx->head_known) {
		/* read with the lock, kept up to date by our appends (pg.c) */
		*next_id = tx->head_next;
		snprintf(hash, 65, "%s", tx->head_hash);
		return ERR_OK;
	}
	PGresult *r = pg_run(tx, SQL_AUDIT_HEAD, NULL, 0, "audit head", &e, eb);
	*next_id = 1;
	hash[0] = '\0';
	if (!r)
		return e;
	if (PQntuples(r) > 0) {
		*next_id = pg_int(r, 0, 0) + 1;
		snprintf(hash, 65, "%s", pg_str(r, 0, 1));
	}
	PQclear(r);
	return ERR_OK;
}

enum err pg_audit_append(struct stx *t, const struct store_audit *a, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, a->id);
	pp_int(&p, a->at);
	pp_text(&p, a->actor);
	pp_text(&p, a->roles);
	pp_text(&p, a->agency);
	pp_text(&p, a->action);
	pp_text(&p, a->object);
	pp_text(&p, a->summary);
	pp_text(&p, a->request_id);
	pp_text(&p, a->ip);
	pp_text(&p, a->prev_hash);
	pp_text(&p, a->hash);
	struct pgtx *tx = pgtx_of(t);
	enum err e = run_write(tx, SQL_AUDIT_ADD, &p, "audit row", NULL, eb);
	if (!e && tx->head_known) {
		tx->head_next = a->id + 1;
		snprintf(tx->head_hash, sizeof(tx->head_hash), "%s", a->hash ? a->hash : "");
	}
	return e;
}

enum err pg_audit_each(struct stx *t, const char *object, int64_t after_id, long limit,
		       int (*fn)(void *arg, const struct store_audit *a), void *arg,
		       struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_int(&p, after_id);
	pp_opt(&p, limit > 0 ? limit : 0); /* NULL: no limit */
	if (object)
		pp_text(&p, object);
	PGresult *r = pg_run(pgtx_of(t), object ? SQL_AUDIT_OBJ : SQL_AUDIT_ALL, &p, 0, "audit log",
			     &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++) {
		struct store_audit a = {
			pg_int(r, i, 0),  pg_int(r, i, 1),  pg_str(r, i, 2),  pg_str(r, i, 3),
			pg_str(r, i, 4),  pg_str(r, i, 5),  pg_str(r, i, 6),  pg_str(r, i, 7),
			pg_str(r, i, 8),  pg_str(r, i, 9),  pg_str(r, i, 10), pg_str(r, i, 11),
		};
		if (fn(arg, &a))
			break;
	}
	PQclear(r);
	return ERR_OK;
}

/* ---- dossiers ---- */

static const char SQL_DS_SEQ[] =
	"INSERT INTO dossier_counters(agency, day, n) VALUES ($1, $2, 1) "
	"ON CONFLICT (agency, day) DO UPDATE SET n = dossier_counters.n + 1 RETURNING n";
#define DS_COLS "code, agency, scope1, scope2, procedure, channel, status, rule_set, citizen_user, " \
	"handler, step_role, applicant_name, applicant_id, search_text, submitted_at, received_at, " \
	"due_at, finished_at, returned_at, alert, updated_at, doc"
static const char SQL_DS_INSERT[] =
	"INSERT INTO dossiers(" DS_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
	"$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)";
static const char SQL_DS_UPDATE[] =
	"UPDATE dossiers SET agency = $2, scope1 = $3, scope2 = $4, procedure = $5, channel = $6, "
	"status = $7, rule_set = $8, citizen_user = $9, handler = $10, step_role = $11, "
	"applicant_name = $12, applicant_id = $13, search_text = $14, submitted_at = $15, "
	"received_at = $16, due_at = $17, finished_at = $18, returned_at = $19, alert = $20, "
	"updated_at = $21, doc = $22 WHERE code = $1";
static const char SQL_DS_GET[] =
	"SELECT doc, agency, scope1, scope2, handler, applicant_id, citizen_user, status "
	"FROM dossiers WHERE code = $1";
static const char SQL_DS_EVENT_ADD[] =
	"INSERT INTO dossier_events(code, at, action, from_status, to_status, actor, detail) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7)";
static const char SQL_DS_EVENTS[] =
	"SELECT id, at, action, from_status, to_status, actor, detail FROM dossier_events "
	"WHERE code = $1 ORDER BY id";
#define DS_WHERE " WHERE ($1::text IS NULL OR scope1 = $1) AND ($2::text IS NULL OR scope2 = $2) " \
	"AND ($3::bigint IS NULL OR citizen_user = $3) AND ($4::text IS NULL OR handler = $4) " \
	"AND ($5::text IS NULL OR step_role = $5) " \
	"AND ($6::bigint = 0 OR ((1::bigint << status) & $6::bigint) <> 0) " \
	"AND ($7::text IS NULL OR procedure = $7) AND ($8::bigint IS NULL OR due_at < $8) " \
	"AND ($9::bigint IS NULL OR due_at >= $9) " \
	"AND ($10::text IS NULL OR search_text ILIKE $10 ESCAPE '\\') "
static const char SQL_DS_LIST[] =
	"SELECT doc FROM dossiers" DS_WHERE
	"ORDER BY due_at IS NULL, due_at, code LIMIT $11::bigint OFFSET $12::bigint";
static const char SQL_DS_COUNTS[] =
	"SELECT status, count(*) FROM dossiers" DS_WHERE "GROUP BY status";
static const char SQL_OUTBOX_ADD[] =
	"INSERT INTO outbox(topic, key, payload, created_at, next_at) VALUES ($1, $2, $3, $4, $4)";

enum err pg_dossier_next_seq(struct stx *t, const char *agency, const char *day, int64_t *n,
			     struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, agency);
	pp_text(&p, day);
	return one_row_ints(pgtx_of(t), SQL_DS_SEQ, &p, n, 1, eb, "dossier counter");
}

static void bind_dossier(struct pgparams *p, const struct store_dossier *d)
{
	pp_text(p, d->code);
	pp_text(p, d->agency);
	pp_text(p, d->scope1);
	pp_text(p, d->scope2);
	pp_text(p, d->procedure);
	pp_int(p, d->channel);
	pp_int(p, d->status);
	pp_text(p, d->rule_set);
	pp_opt(p, d->citizen_user);
	pp_text(p, d->handler);
	pp_text(p, d->step_role);
	pp_text(p, d->applicant_name);
	pp_text(p, d->applicant_id);
	pp_text(p, d->search_text);
	pp_int(p, d->submitted_at);
	pp_opt(p, d->received_at);
	pp_opt(p, d->due_at);
	pp_opt(p, d->finished_at);
	pp_opt(p, d->returned_at);
	pp_int(p, d->alert);
	pp_int(p, d->updated_at);
	pp_text(p, d->doc);
}

enum err pg_dossier_insert(struct stx *t, const struct store_dossier *d, struct errbuf *eb)
{
	struct pgparams p = {0};
	bind_dossier(&p, d);
	return run_write(pgtx_of(t), SQL_DS_INSERT, &p, "dossier", NULL, eb);
}

enum err pg_dossier_update(struct stx *t, const struct store_dossier *d, struct errbuf *eb)
{
	struct pgparams p = {0};
	long changes = 0;
	bind_dossier(&p, d);
	enum err e = run_write(pgtx_of(t), SQL_DS_UPDATE, &p, "dossier", &changes, eb);
	if (!e && changes == 0)
		e = err_set(eb, ERR_NOTFOUND, "code", "dossier %s not found", d->code);
	return e;
}

enum err pg_dossier_get(struct stx *t, const char *code, struct store_dossier_row *out,
			struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	memset(out, 0, sizeof(*out));
	pp_text(&p, code);
	PGresult *r = pg_run(pgtx_of(t), SQL_DS_GET, &p, 0, "dossier", &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) > 0) {
		out->doc = pg_dup(r, 0, 0);
		out->agency = pg_dup(r, 0, 1);
		out->scope1 = pg_dup(r, 0, 2);
		out->scope2 = pg_dup(r, 0, 3);
		out->handler = pg_dup(r, 0, 4);
		out->applicant_id = pg_dup(r, 0, 5);
		out->citizen_user = pg_int(r, 0, 6);
		out->status = (int)pg_int(r, 0, 7);
	} else {
		e = err_setc(eb, ERR_NOTFOUND, "dossier_not_found", "code", "dossier %s not found",
			     code);
	}
	PQclear(r);
	return e;
}

enum err pg_dossier_event_add(struct stx *t, const char *code, int64_t at, const char *action,
			      int from_status, int to_status, const char *actor, const char *detail,
			      struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, code);
	pp_int(&p, at);
	pp_text(&p, action);
	pp_opt(&p, from_status);
	pp_int(&p, to_status);
	pp_text(&p, actor);
	pp_text(&p, detail);
	return run_write(pgtx_of(t), SQL_DS_EVENT_ADD, &p, "dossier event", NULL, eb);
}

enum err pg_dossier_events(struct stx *t, const char *code,
			   int (*fn)(void *arg, const struct store_dossier_event *ev), void *arg,
			   struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_text(&p, code);
	PGresult *r = pg_run(pgtx_of(t), SQL_DS_EVENTS, &p, 0, "dossier events", &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++) {
		struct store_dossier_event ev = {
			pg_int(r, i, 0),      pg_int(r, i, 1),      pg_str(r, i, 2),
			(int)pg_int(r, i, 3), (int)pg_int(r, i, 4), pg_str(r, i, 5),
			pg_str(r, i, 6),
		};
		if (fn(arg, &ev))
			break;
	}
	PQclear(r);
	return ERR_OK;
}

static void bind_query(struct pgparams *p, const struct store_dossier_query *q, unsigned mask)
{
	pp_text(p, q->scope1);
	pp_text(p, q->scope2);
	pp_opt(p, q->citizen_user);
	pp_text(p, q->handler);
	pp_text(p, q->step_role);
	pp_int(p, (int64_t)mask);
	pp_text(p, q->procedure);
	pp_opt(p, q->due_before);
	pp_opt(p, q->due_after);
	pp_text(p, q->like);
}

enum err pg_dossier_list(struct stx *t, const struct store_dossier_query *q,
			 int (*fn)(void *arg, const char *doc), void *arg, struct errbuf *eb)
{
	struct pgparams p = {0};
	bind_query(&p, q, q->status_mask);
	pp_int(&p, q->limit > 0 ? q->limit : 50);
	pp_int(&p, q->offset);
	return each_text(pgtx_of(t), SQL_DS_LIST, &p, fn, arg, eb, "dossier list");
}

enum err pg_dossier_counts(struct stx *t, const struct store_dossier_query *q, int64_t counts[11],
			   struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	memset(counts, 0, 11 * sizeof(counts[0]));
	bind_query(&p, q, 0);
	PGresult *r = pg_run(pgtx_of(t), SQL_DS_COUNTS, &p, 0, "dossier counts", &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++) {
		int64_t s = pg_int(r, i, 0);
		if (s >= 1 && s <= 10)
			counts[s] = pg_int(r, i, 1);
	}
	PQclear(r);
	return ERR_OK;
}

enum err pg_outbox_add(struct stx *t, const char *topic, const char *key, const char *payload,
		       int64_t now, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, topic);
	pp_text(&p, key);
	pp_text(&p, payload);
	pp_int(&p, now);
	return run_write(pgtx_of(t), SQL_OUTBOX_ADD, &p, "outbox", NULL, eb);
}

/* ---- alerts ---- */

static const char SQL_DS_ALERT_SET[] =
	"UPDATE dossiers SET alert = $2, doc = motcua_json_set(doc, 'alert', to_json($2::integer)) "
	"WHERE code = $1";
static const char SQL_DS_ALERTS[] =
	"SELECT code, agency, handler, step_role, due_at, alert FROM dossiers "
	"WHERE status IN (2, 4) AND due_at IS NOT NULL AND "
	"((due_at < $2 AND alert < 1) OR (due_at < $1 AND alert < 2)) ORDER BY due_at LIMIT $3";

enum err pg_dossier_set_alert(struct stx *t, const char *code, int alert, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, code);
	pp_int(&p, alert);
	return run_write(pgtx_of(t), SQL_DS_ALERT_SET, &p, "dossier alert", NULL, eb);
}

enum err pg_dossier_alerts(struct stx *t, int64_t now, int64_t soon_before, long limit,
			   int (*fn)(void *arg, const struct store_alert_row *r), void *arg,
			   struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_int(&p, now);
	pp_int(&p, soon_before);
	pp_int(&p, limit);
	PGresult *r = pg_run(pgtx_of(t), SQL_DS_ALERTS, &p, 0, "alerts", &e, eb);
	if (!r)
		return e;
	for (int i = 0, n = PQntuples(r); i < n; i++) {
		struct store_alert_row a = {
			pg_str(r, i, 0), pg_str(r, i, 1), pg_str(r, i, 2),
			pg_str(r, i, 3), pg_int(r, i, 4), (int)pg_int(r, i, 5),
		};
		if (fn(arg, &a))
			break;
	}
	PQclear(r);
	return ERR_OK;
}

/* ---- outbox ---- */

/* SKIP LOCKED: a worker passes over rows another worker's transaction has
 * claimed and not yet committed, instead of waiting for it; the lease
 * (next_at moved forward) keeps them away after that commit. */
static const char SQL_OB_CLAIM[] =
	"WITH c AS (SELECT id FROM outbox WHERE done_at IS NULL AND next_at <= $1 "
	"ORDER BY next_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
	"UPDATE outbox o SET next_at = $1 + $3 FROM c WHERE o.id = c.id "
	"RETURNING o.id, o.topic, o.key, o.payload, o.attempts";
static const char SQL_OB_DONE[] =
	"UPDATE outbox SET done_at = $2, attempts = attempts + 1 WHERE id = $1";
static const char SQL_OB_RETRY[] =
	"UPDATE outbox SET next_at = $2, attempts = attempts + 1, last_error = $3 WHERE id = $1";
static const char SQL_OB_STATS[] =
	"SELECT count(*) FILTER (WHERE done_at IS NULL), "
	"count(*) FILTER (WHERE done_at IS NULL AND attempts > 0), "
	"count(*) FILTER (WHERE done_at IS NOT NULL) FROM outbox";

enum err pg_outbox_claim(struct stx *t, int64_t now, long limit, int lease_secs,
			 int (*fn)(void *arg, const struct store_outbox_row *r), void *arg,
			 struct errbuf *eb)
{
	struct pgparams p = {0};
	enum err e = ERR_OK;
	pp_int(&p, now);
	pp_int(&p, limit);
	pp_int(&p, lease_secs);
	PGresult *r = pg_run(pgtx_of(t), SQL_OB_CLAIM, &p, 0, "outbox claim", &e, eb);
	if (!r)
		return e;
	int stop = 0;
	for (int i = 0, n = PQntuples(r); i < n && !stop; i++) {
		struct store_outbox_row o = {
			pg_int(r, i, 0), pg_str(r, i, 1), pg_str(r, i, 2),
			pg_str(r, i, 3), (int)pg_int(r, i, 4),
		};
		stop = fn(arg, &o);
	}
	PQclear(r);
	return ERR_OK;
}

enum err pg_outbox_done(struct stx *t, int64_t id, int64_t now, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, id);
	pp_int(&p, now);
	return run_write(pgtx_of(t), SQL_OB_DONE, &p, "outbox", NULL, eb);
}

enum err pg_outbox_retry(struct stx *t, int64_t id, int64_t next_at, const char *error,
			 struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_int(&p, id);
	pp_int(&p, next_at);
	pp_text(&p, error);
	return run_write(pgtx_of(t), SQL_OB_RETRY, &p, "outbox", NULL, eb);
}

enum err pg_outbox_stats(struct stx *t, int64_t *pending, int64_t *failing, int64_t *done,
			 struct errbuf *eb)
{
	int64_t v[3] = {0, 0, 0};
	enum err e = one_row_ints(pgtx_of(t), SQL_OB_STATS, NULL, v, 3, eb, "outbox stats");
	if (!e) {
		*pending = v[0];
		*failing = v[1];
		*done = v[2];
	}
	return e;
}

/* ---- files ---- */

static const char SQL_BLOB_ADD[] =
	"INSERT INTO blobs(sha256, size, type, data) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
static const char SQL_FILE_ADD[] =
	"INSERT INTO files(id, sha256, owner, name, created_at) VALUES ($1, $2, $3, $4, $5)";
static const char SQL_FILE_GET[] =
	"SELECT f.id, f.sha256, b.type, f.name, b.size, f.owner, f.created_at FROM files f "
	"JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id = $1";
static const char SQL_FILE_DATA[] = "SELECT data FROM blobs WHERE sha256 = $1";
static const char SQL_FILE_LINK[] =
	"INSERT INTO file_links(file_id, dossier) VALUES ($1, $2) ON CONFLICT DO NOTHING";
static const char SQL_FILE_DOSSIERS[] = "SELECT dossier FROM file_links WHERE file_id = $1";
static const char SQL_DOSSIER_BYTES[] =
	"SELECT coalesce(sum(b.size), 0) FROM file_links l JOIN files f ON f.id = l.file_id "
	"JOIN blobs b ON b.sha256 = f.sha256 WHERE l.dossier = $1";

enum err pg_file_add(struct stx *t, const struct store_file *f, const void *data,
		     struct errbuf *eb)
{
	struct pgtx *tx = pgtx_of(t);
	struct pgparams p = {0}, q = {0};
	enum err e;
	pp_text(&p, f->sha256);
	pp_int(&p, f->size);
	pp_text(&p, f->type);
	pp_bin(&p, data, (size_t)f->size);
	if ((e = run_guarded(tx, SQL_BLOB_ADD, &p, "file", NULL, eb)))
		return e;
	pp_text(&q, f->id);
	pp_text(&q, f->sha256);
	pp_int(&q, f->owner);
	pp_text(&q, f->name);
	pp_int(&q, f->created_at);
	return run_guarded(tx, SQL_FILE_ADD, &q, "file", NULL, eb);
}

enum err pg_file_get(struct stx *t, const char *id, struct store_file_row *out, void **data,
		     struct errbuf *eb)
{
	struct pgtx *tx = pgtx_of(t);
	struct pgparams p = {0};
	enum err e = ERR_OK;
	memset(out, 0, sizeof(*out));
	if (data)
		*data = NULL;
	pp_text(&p, id);
	PGresult *r = pg_run(tx, SQL_FILE_GET, &p, 0, "file", &e, eb);
	if (!r)
		return e;
	if (PQntuples(r) > 0) {
		out->id = pg_dup(r, 0, 0);
		out->sha256 = pg_dup(r, 0, 1);
		out->type = pg_dup(r, 0, 2);
		out->name = pg_dup(r, 0, 3);
		out->size = pg_int(r, 0, 4);
		out->owner = pg_int(r, 0, 5);
		out->created_at = pg_int(r, 0, 6);
	} else {
		e = err_setc(eb, ERR_NOTFOUND, "file_not_found", "id", "file not found");
	}
	PQclear(r);
	if (e || !data)
		return e;
	struct pgparams q = {0};
	pp_text(&q, out->sha256);
	/* the bytes come back as they are: a binary result */
	if (!(r = pg_run(tx, SQL_FILE_DATA, &q, 1, "file data", &e, eb)))
		return e;
	if (PQntuples(r) > 0) {
		int n = PQgetlength(r, 0, 0);
		*data = malloc(n > 0 ? (size_t)n : 1);
		if (*data && n > 0)
			memcpy(*data, PQgetvalue(r, 0, 0), (size_t)n);
		if (!*data)
			e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	} else {
		e = err_set(eb, ERR_STORE, NULL, "storage error");
	}
	PQclear(r);
	return e;
}

enum err pg_file_link(struct stx *t, const char *file_id, const char *dossier,
		      struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, file_id);
	pp_text(&p, dossier);
	return run_guarded(pgtx_of(t), SQL_FILE_LINK, &p, "file link", NULL, eb);
}

enum err pg_file_dossiers(struct stx *t, const char *file_id,
			  int (*fn)(void *arg, const char *dossier), void *arg, struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, file_id);
	return each_text(pgtx_of(t), SQL_FILE_DOSSIERS, &p, fn, arg, eb, "file links");
}

enum err pg_dossier_file_bytes(struct stx *t, const char *dossier, int64_t *bytes,
			       struct errbuf *eb)
{
	struct pgparams p = {0};
	pp_text(&p, dossier);
	return one_row_ints(pgtx_of(t), SQL_DOSSIER_BYTES, &p, bytes, 1, eb, "dossier files");
}
