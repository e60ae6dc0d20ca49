/*
 * pg.c - the PostgreSQL backend of store.h, on libpq.
 *
 * Connections: a bounded pool (pool_max, default 16), opened lazily, each
 * used by one transaction at a time; a thread that finds them all busy
 * waits up to pool_wait seconds (default 30) and then gets ERR_BUSY. A
 * connection that broke is closed and opened again the next time its slot
 * is taken. Statements are prepared once per connection (cached by the
 * address of their static SQL text, like the SQLite backend) and run with
 * $1... parameters, never formatted into SQL.
 *
 * Transactions: reads run as REPEATABLE READ READ ONLY (one snapshot for
 * the whole transaction, like a SQLite reader). Writes are serialised
 * across every motcua process on the database by a transaction-scoped
 * advisory lock taken at BEGIN (and, inside one process, by a mutex, so a
 * process holds at most one connection waiting for it). That gives the
 * domain the guarantee it was written against on SQLite - one writer at a
 * time, each seeing every earlier commit - so read-decide-write sequences
 * (a dossier's state machine, the audit hash chain, version numbers) stay
 * correct with any number of servers, and no write ever fails with a
 * serialization error. Reads never wait for writes.
 *
 * Round trips: a transaction is a pipeline (libpq's pipeline mode). BEGIN
 * travels with the first statement; writes whose result nobody needs
 * (pg_defer) travel with the next statement that waits for one, or with
 * COMMIT; the COMMIT of a read-only transaction is not waited for (the
 * connection's next user reads its answer). So a lookup costs one round
 * trip and a desk intake five, not fifteen: with writers serialised, the
 * time a writer holds the lock is what bounds write throughput.
 *
 * Retries: the first round trip of a transaction (BEGIN, the write lock,
 * its first statement) is retried, a bounded number of times, when the
 * connection turns out to be broken (server restart, failover, idle
 * timeout) or on a serialization failure or deadlock; nothing of the
 * transaction has happened yet, so that is always safe. Once the domain
 * has seen results the store cannot replay them: a lost connection then
 * fails the transaction (ERR_BUSY, "try again"). A COMMIT whose outcome is
 * unknown (connection lost during it) is reported as ERR_STORE, never
 * retried.
 *
 * The URL is libpq's (postgres://user@host:port/db?sslmode=...), plus our
 * own pool_max=N and pool_wait=SECONDS, removed before libpq sees it. A
 * password in the URL works but is never logged; prefer ~/.pgpass or
 * PGPASSFILE.
 *
 * This file holds connections, transactions, statement execution,
 * migrations and the ops table; the queries live in pg_queries.c.
 */
#include "store/pg/pg_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/assets.h"
#include "core/log.h"

#define MIGRATIONS_PREFIX "src/store/pg/migrations/"
#define POOL_MAX_DEFAULT 16
#define POOL_WAIT_DEFAULT 30
#define BEGIN_ATTEMPTS 4
#define MIN_SERVER_VERSION 120000

/* The advisory lock every writer takes: "motcua" read as a number. */
#define WRITE_LOCK_KEY "120325461472609"
static const char SQL_BEGIN_WRITE[] = "BEGIN ISOLATION LEVEL READ COMMITTED";
static const char SQL_WRITE_LOCK[] = "SELECT pg_advisory_xact_lock(" WRITE_LOCK_KEY ")";
static const char SQL_BEGIN_READ[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
/* Nearly every write appends to the audit log, and needs its newest row
 * first: read it in the first round trip, after the lock. */
static const char SQL_AUDIT_PREFETCH[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";

struct pgstore {
	struct store base; /* first: store.c reaches the ops table through it */
	char *conninfo;    /* the URL handed to libpq */
	char *label;       /* the URL without its password, for messages */
	int pool_max, pool_wait;
	struct pgconn *conns;
	int *idle; /* stack of free slots, open or not yet */
	int nidle;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_mutex_t wlock; /* this process's writers, one at a time */
};

static const struct store_ops pg_ops;

static struct pgstore *pgstore_of(struct store *st)
{
	return (struct pgstore *)(void *)st;
}

/* libpq messages end in a newline and may span lines: keep the first. */
static void first_line(const char *msg, char *out, size_t sz)
{
	size_t n = msg ? strcspn(msg, "\n") : 0;
	snprintf(out, sz, "%.*s", (int)n, msg ? msg : "");
}

/* ---- the URL ---- */

/* The URL with the password (user:PASSWORD@) replaced by "***". */
static char *redact(const char *url)
{
	const char *s = strstr(url, "://");
	char *out = malloc(strlen(url) + 4);
	if (!out)
		return NULL;
	snprintf(out, strlen(url) + 4, "%s", url);
	if (!s)
		return out;
	s += 3;
	size_t auth = strcspn(s, "/?");
	const char *at = memchr(s, '@', auth);
	const char *colon = at ? memchr(s, ':', (size_t)(at - s)) : NULL;
	if (colon) {
		size_t pre = (size_t)(colon + 1 - url);
		snprintf(out + pre, strlen(url) + 4 - pre, "***%s", at);
	}
	return out;
}

/* Take our parameters (pool_max, pool_wait) off the URL's query string. */
static int parse_url(struct pgstore *st, const char *url, struct errbuf *eb)
{
	size_t n = strlen(url);
	char *out = malloc(n + 1);
	const char *q = strchr(url, '?');
	if (!out) {
		err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		return -1;
	}
	st->pool_max = POOL_MAX_DEFAULT;
	st->pool_wait = POOL_WAIT_DEFAULT;
	if (!q) {
		memcpy(out, url, n + 1);
		st->conninfo = out;
		return 0;
	}
	size_t o = (size_t)(q - url);
	memcpy(out, url, o);
	int first = 1;
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&");
		int *target = NULL, lo = 1, hi = 0;
		if (len > 9 && !strncmp(p, "pool_max=", 9)) {
			target = &st->pool_max;
			hi = 1000;
		} else if (len > 10 && !strncmp(p, "pool_wait=", 10)) {
			target = &st->pool_wait;
			hi = 3600;
		}
		if (target) {
			const char *v = strchr(p, '=') + 1;
			char *end = NULL;
			long x = strtol(v, &end, 10);
			if (end != p + len || x < lo || x > hi) {
				err_set(eb, ERR_INVALID, "db", "%.*s: expected a number from %d to %d",
					(int)len, p, lo, hi);
				free(out);
				return -1;
			}
			*target = (int)x;
		} else if (len) {
			out[o++] = first ? '?' : '&';
			memcpy(out + o, p, len);
			o += len;
			first = 0;
		}
		p += len;
		if (*p == '&')
			p++;
	}
	out[o] = '\0';
	st->conninfo = out;
	return 0;
}

/* ---- connections and the pool ---- */

static void on_notice(void *arg, const char *msg)
{
	char line[256];
	(void)arg;
	first_line(msg, line, sizeof(line));
	log_debug("pg: %s", line);
}

static void conn_close(struct pgconn *c)
{
	if (c->conn)
		PQfinish(c->conn);
	c->conn = NULL;
	c->nstmts = 0;
	c->broken = 0;
	c->nq = 0;
	c->synced = 0;
	PQclear(c->head);
	c->head = NULL;
}

static int conn_open(struct pgstore *st, struct pgconn *c, struct errbuf *eb)
{
	/* keywords after dbname override the URL, those before it are
	 * defaults. The keepalives notice a database that vanished from the
	 * network within a minute, not the system's two hours: a request
	 * waiting on it must not hang (nor a writer hold the lock) forever. */
	static const char *const kw[] = {"connect_timeout", "fallback_application_name",
					 "keepalives_idle", "keepalives_interval",
					 "keepalives_count", "tcp_user_timeout", "dbname",
					 "client_encoding", NULL};
	const char *val[] = {"10", "motcua", "30", "10", "3", "60000", st->conninfo, "UTF8", NULL};
	char msg[200];
	conn_close(c);
	c->conn = PQconnectdbParams(kw, val, 1);
	if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
		first_line(c->conn ? PQerrorMessage(c->conn) : "out of memory", msg, sizeof(msg));
		err_set(eb, ERR_STORE, "db", "cannot connect: %s", msg);
		log_error("pg: cannot connect to %s: %s", st->label, msg);
		conn_close(c);
		return -1;
	}
	PQsetNoticeProcessor(c->conn, on_notice, NULL);
	if (PQserverVersion(c->conn) < MIN_SERVER_VERSION) {
		err_set(eb, ERR_STORE, "db", "the server runs PostgreSQL %d; motcua needs 12 or later",
			PQserverVersion(c->conn) / 10000);
		conn_close(c);
		return -1;
	}
	/* a writer waiting longer than this for the write lock gives up with
	 * ERR_BUSY rather than hold its client forever */
	PGresult *r = PQexec(c->conn, "SET lock_timeout = '30s'");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	if (!ok) {
		first_line(PQerrorMessage(c->conn), msg, sizeof(msg));
		err_set(eb, ERR_STORE, "db", "%s", msg);
		conn_close(c);
		return -1;
	}
	return 0;
}

static void conn_settle(struct pgconn *c);

static void pool_put(struct pgstore *st, struct pgconn *c)
{
	pthread_mutex_lock(&st->lock);
	st->idle[st->nidle++] = c->index;
	pthread_cond_signal(&st->cond);
	pthread_mutex_unlock(&st->lock);
}

/* A connection for one transaction: wait for a free slot (bounded), open
 * or reopen its connection if needed. */
static struct pgconn *pool_get(struct pgstore *st, enum err *e, struct errbuf *eb)
{
	struct timespec until;
	struct pgconn *c;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += st->pool_wait;
	pthread_mutex_lock(&st->lock);
	while (st->nidle == 0) {
		int rc = pthread_cond_timedwait(&st->cond, &st->lock, &until);
		if (rc == ETIMEDOUT && st->nidle == 0) {
			pthread_mutex_unlock(&st->lock);
			log_warn("pg: all %d connections busy for %d s", st->pool_max, st->pool_wait);
			*e = err_set(eb, ERR_BUSY, NULL, "database busy, try again");
			return NULL;
		}
	}
	c = &st->conns[st->idle[--st->nidle]];
	pthread_mutex_unlock(&st->lock);
	if (c->conn)
		conn_settle(c);
	if (c->conn && (c->broken || PQstatus(c->conn) != CONNECTION_OK))
		conn_close(c);
	if (!c->conn && conn_open(st, c, eb) < 0) {
		pool_put(st, c);
		*e = err_set(eb, ERR_BUSY, NULL, "the database is unavailable, try again");
		return NULL;
	}
	return c;
}

enum err pg_store_open(const char *url, struct store **out, struct errbuf *eb)
{
	struct pgstore *st = calloc(1, sizeof(*st));
	*out = NULL;
	if (!st)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	st->base.ops = &pg_ops;
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->cond, NULL);
	pthread_mutex_init(&st->wlock, NULL);
	enum err e = ERR_INTERNAL;
	st->label = redact(url);
	if (!st->label) {
		err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto fail;
	}
	if (parse_url(st, url, eb) < 0) {
		e = ERR_INVALID;
		goto fail;
	}
	st->conns = calloc((size_t)st->pool_max, sizeof(*st->conns));
	st->idle = calloc((size_t)st->pool_max, sizeof(*st->idle));
	if (!st->conns || !st->idle) {
		err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto fail;
	}
	for (int i = 0; i < st->pool_max; i++) {
		st->conns[i].index = i;
		st->idle[st->nidle++] = st->pool_max - 1 - i; /* slot 0 on top */
	}
	/* connect now, so that a wrong URL is reported at startup */
	if (conn_open(st, &st->conns[0], eb) < 0) {
		e = ERR_STORE;
		goto fail;
	}
	*out = &st->base;
	return ERR_OK;
fail:
	pg_ops.close(&st->base);
	return e;
}

static void pg_close(struct store *base)
{
	struct pgstore *st = pgstore_of(base);
	for (int i = 0; st->conns && i < st->pool_max; i++)
		conn_close(&st->conns[i]);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->cond);
	pthread_mutex_destroy(&st->wlock);
	free(st->conns);
	free(st->idle);
	free(st->conninfo);
	free(st->label);
	free(st);
}

/* ---- errors ---- */

static int state_is(const char *state, const char *want)
{
	return state && !strcmp(state, want);
}

/* Connection-level trouble or a transient conflict: worth another try. */
static int transient(const char *state)
{
	return state && (!strncmp(state, "08", 2) || !strncmp(state, "57P", 3) ||
			 !strcmp(state, "40001") || !strcmp(state, "40P01") ||
			 !strcmp(state, "53300"));
}

/* Map a failed result to enum err (see pg_int.h), marking a lost
 * connection broken. Constraint violations are the client's doing and not
 * logged, like on SQLite. */
static enum err pg_fail(struct pgconn *c, const PGresult *r, const char *what, struct errbuf *eb)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	char msg[200];
	first_line(r ? PQresultErrorMessage(r) : PQerrorMessage(c->conn), msg, sizeof(msg));
	if (PQstatus(c->conn) != CONNECTION_OK) {
		c->broken = 1;
		log_error("pg: %s: connection lost: %s", what, msg);
		return err_set(eb, ERR_BUSY, NULL, "the database connection was lost, try again");
	}
	if (state_is(state, "23505"))
		return err_set(eb, ERR_CONFLICT, NULL, "%s already exists", what);
	if (state_is(state, "23503"))
		return err_set(eb, ERR_RULE, NULL, "%s refers to something that does not exist", what);
	if ((state && !strncmp(state, "23", 2)) || state_is(state, "P0001"))
		return err_set(eb, ERR_RULE, NULL, "%s breaks a constraint", what);
	log_error("pg: %s: %s (%s)", what, msg, state ? state : "no SQLSTATE");
	if (transient(state) || state_is(state, "55P03") || state_is(state, "57014"))
		return err_set(eb, ERR_BUSY, NULL, "database busy, try again");
	if (state_is(state, "53100"))
		return err_set(eb, ERR_STORE, NULL, "disk full");
	return err_set(eb, ERR_STORE, NULL, "storage error");
}

/* ---- the pipeline of one connection ---- */

/* Queue a command without parameters. 0, or -1 if it could not be sent. */
static int q_simple(struct pgconn *c, const char *sql, enum pgq_kind kind, const char *what)
{
	if (!PQsendQueryParams(c->conn, sql, 0, NULL, NULL, NULL, NULL, 0)) {
		c->broken = 1;
		return -1;
	}
	c->q[c->nq].kind = kind;
	c->q[c->nq].what = what;
	c->q[c->nq].parse = -1;
	c->nq++;
	c->synced = 0;
	return 0;
}

/* Send a Sync: the results of everything queued can now be read. */
static int q_sync(struct pgconn *c)
{
	if (!PQpipelineSync(c->conn)) {
		c->broken = 1;
		return -1;
	}
	c->synced = 1;
	return 0;
}

/* Read the result of every queued command, up to and including the Sync.
 * *keep (may be NULL) gets the PGQ_KEEP command's result. Returns the
 * index of the first command that failed (its error mapped into *e and
 * eb, unless it is an ignored one), or -1 when all went well. */
static int q_read(struct pgconn *c, PGresult **keep, enum err *e, struct errbuf *eb)
{
	int failed = -1;
	if (keep)
		*keep = NULL;
	c->state[0] = '\0';
	for (int i = 0; i < c->nq; i++) {
		PGresult *r = PQgetResult(c->conn), *x;
		ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		int ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
		if (!ok && failed < 0) {
			const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
			snprintf(c->state, sizeof(c->state), "%s", state ? state : "");
			failed = i;
			if (c->q[i].kind != PGQ_IGNORE || !r)
				*e = pg_fail(c, s == PGRES_PIPELINE_ABORTED ? NULL : r, c->q[i].what, eb);
		}
		if (!ok && c->q[i].parse >= 0)
			c->stmts[c->q[i].parse] = NULL; /* not prepared after all */
		if (ok && keep && c->q[i].kind == PGQ_KEEP) {
			*keep = r;
		} else if (ok && c->q[i].kind == PGQ_HEAD) {
			PQclear(c->head);
			c->head = r;
		} else {
			PQclear(r);
		}
		if (!r) {
			c->broken = 1;
			break;
		}
		while ((x = PQgetResult(c->conn)) != NULL) /* the end of this command */
			PQclear(x);
	}
	if (!c->broken) {
		PGresult *sync = PQgetResult(c->conn);
		if (!sync || PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
			c->broken = 1;
		PQclear(sync);
	}
	c->nq = 0;
	c->synced = 0;
	if (c->broken && failed < 0) {
		failed = 0;
		*e = pg_fail(c, NULL, "pipeline", eb);
	}
	if (failed >= 0 && keep && *keep) {
		PQclear(*keep);
		*keep = NULL;
	}
	return failed;
}

/* Read whatever a previous user left in flight (the COMMIT of a read-only
 * transaction, a ROLLBACK) and leave the connection idle, outside any
 * transaction; a connection that cannot be is marked broken. */
static void conn_settle(struct pgconn *c)
{
	struct errbuf ignored;
	enum err e;
	for (int round = 0; round < 2 && c->conn && !c->broken; round++) {
		if (c->nq && (c->synced || q_sync(c) == 0))
			q_read(c, NULL, &e, &ignored);
		if (c->broken || PQtransactionStatus(c->conn) == PQTRANS_IDLE)
			return;
		/* a write that failed after our ROLLBACK was queued skipped it */
		if (q_simple(c, "ROLLBACK", PGQ_IGNORE, "rollback") < 0 || q_sync(c) < 0)
			return;
	}
	if (c->conn && PQtransactionStatus(c->conn) != PQTRANS_IDLE)
		c->broken = 1;
}

/* Leave pipeline mode (migrations and the schema version use plain
 * PQexec). */
static int conn_plain(struct pgconn *c)
{
	conn_settle(c);
	if (c->broken)
		return -1;
	if (PQpipelineStatus(c->conn) != PQ_PIPELINE_OFF && PQexitPipelineMode(c->conn) != 1) {
		c->broken = 1;
		return -1;
	}
	return 0;
}

/* ---- statements ---- */

void pp_text(struct pgparams *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n] = 0;
	p->n++;
}

void pp_int(struct pgparams *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%lld", (long long)v);
	pp_text(p, p->num[p->n]);
}

void pp_opt(struct pgparams *p, int64_t v)
{
	if (v)
		pp_int(p, v);
	else
		pp_text(p, NULL);
}

void pp_bin(struct pgparams *p, const void *data, size_t sz)
{
	p->v[p->n] = data;
	p->len[p->n] = (int)sz;
	p->fmt[p->n] = 1;
	p->n++;
}

int64_t pg_int(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *pg_str(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

char *pg_dup(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : strdup(PQgetvalue(r, row, col));
}

long pg_changes(const PGresult *r)
{
	return strtol(PQcmdTuples((PGresult *)r), NULL, 10);
}

static const struct pgparams no_params;

/* Queue sql with p: its Parse the first time on this connection (the
 * statement is named m<i> from then on), then its execution. */
static int q_stmt(struct pgconn *c, const char *sql, const struct pgparams *p, int binary,
		  enum pgq_kind kind, const char *what)
{
	char name[16] = "";
	int i;
	for (i = 0; i < c->nstmts && c->stmts[i] != sql; i++)
		;
	if (i < c->nstmts) {
		snprintf(name, sizeof(name), "m%d", i);
	} else if (c->nstmts < PG_STMT_CACHE) {
		snprintf(name, sizeof(name), "m%d", c->nstmts);
		if (!PQsendPrepare(c->conn, name, sql, 0, NULL)) {
			c->broken = 1;
			return -1;
		}
		/* if the Parse fails or is skipped, q_read() frees the slot */
		c->q[c->nq].kind = PGQ_CHECK;
		c->q[c->nq].what = what;
		c->q[c->nq].parse = c->nstmts;
		c->nq++;
		c->stmts[c->nstmts++] = sql;
	}
	int ok = name[0] ? PQsendQueryPrepared(c->conn, name, p->n, p->v, p->len, p->fmt, binary)
			 : PQsendQueryParams(c->conn, sql, p->n, NULL, p->v, p->len, p->fmt, binary);
	if (!ok) {
		c->broken = 1;
		return -1;
	}
	c->q[c->nq].kind = kind;
	c->q[c->nq].what = what;
	c->q[c->nq].parse = -1;
	c->nq++;
	c->synced = 0;
	return 0;
}

/* Queue the transaction's BEGIN (and, for a writer, the write lock and
 * the audit head). */
static int q_begin(struct pgtx *t)
{
	if (q_simple(t->c, t->write ? SQL_BEGIN_WRITE : SQL_BEGIN_READ, PGQ_CHECK, "begin") < 0)
		return -1;
	if (t->write && (q_simple(t->c, SQL_WRITE_LOCK, PGQ_CHECK, "write lock") < 0 ||
			 q_stmt(t->c, SQL_AUDIT_PREFETCH, &no_params, 0, PGQ_HEAD, "audit head") < 0))
		return -1;
	return 0;
}

/* The first round trip worked: take the audit head it brought. */
static void confirm(struct pgtx *t)
{
	struct pgconn *c = t->c;
	t->confirmed = 1;
	if (!c->head)
		return;
	t->head_known = 1;
	t->head_next = 1;
	t->head_hash[0] = '\0';
	if (PQntuples(c->head) > 0) {
		t->head_next = pg_int(c->head, 0, 0) + 1;
		snprintf(t->head_hash, sizeof(t->head_hash), "%s", pg_str(c->head, 0, 1));
	}
	PQclear(c->head);
	c->head = NULL;
}

/* The transaction is beyond saving: remember why, refuse what follows. */
static PGresult *tx_failed(struct pgtx *t, enum err e)
{
	t->failed = e == ERR_BUSY ? ERR_BUSY : ERR_STORE;
	return NULL;
}

static enum err refuse(struct pgtx *t, struct errbuf *eb)
{
	return err_set(eb, t->failed, NULL, "an earlier statement of this transaction failed");
}

/* The first round trip of a transaction failed for a reason that trying
 * again cures (see the top of this file): start the transaction again,
 * on a new connection if this one is lost. 0 when BEGIN is queued anew. */
static int restart(struct pgtx *t, int attempt)
{
	struct pgstore *st = t->st;
	struct errbuf ignored;
	if (attempt >= BEGIN_ATTEMPTS)
		return -1;
	log_warn("pg: %s: beginning the transaction again (attempt %d of %d)", st->label,
		 attempt + 1, BEGIN_ATTEMPTS);
	usleep(50000u * (unsigned)attempt);
	if (!t->c->broken)
		conn_settle(t->c); /* roll the failed attempt back */
	if (t->c->broken || PQstatus(t->c->conn) != CONNECTION_OK) {
		conn_close(t->c);
		if (conn_open(st, t->c, &ignored) < 0)
			return -1;
	}
	if (PQpipelineStatus(t->c->conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(t->c->conn) != 1)
		return -1;
	return q_begin(t);
}

/* Send what is queued plus sql and wait for sql's result; see pg_run().
 * With guard, sql runs inside a savepoint whose failure the transaction
 * survives. */
static PGresult *run(struct pgtx *t, const char *sql, const struct pgparams *p, int binary,
		     int guard, const char *what, enum err *e, struct errbuf *eb)
{
	struct pgconn *c = t->c;
	PGresult *r = NULL;
	if (!p)
		p = &no_params;
	if (t->failed) {
		*e = refuse(t, eb);
		return NULL;
	}
	guard = guard && t->write;
	for (int attempt = 1;; attempt++) {
		int sp = c->nq, mine, failed;
		if (guard && q_simple(c, "SAVEPOINT motcua_stmt", PGQ_CHECK, what) < 0)
			goto lost;
		if (q_stmt(c, sql, p, binary, PGQ_KEEP, what) < 0)
			goto lost;
		mine = c->nq - 1; /* after its Parse, when there is one */
		if (guard && q_simple(c, "RELEASE SAVEPOINT motcua_stmt", PGQ_CHECK, what) < 0)
			goto lost;
		if (q_sync(c) < 0)
			goto lost;
		failed = q_read(c, &r, e, eb);
		if (failed < 0) {
			if (!t->confirmed)
				confirm(t);
			*e = ERR_OK; /* an earlier attempt may have set it */
			return r;
		}
		if (!t->confirmed && (c->broken || transient(c->state))) {
			/* BEGIN, the lock or the connection failed before anything
			 * of the transaction happened: go again */
			if (restart(t, attempt) == 0)
				continue;
			return tx_failed(t, *e);
		}
		if (c->broken)
			return tx_failed(t, *e);
		if (guard && failed == mine && failed > sp) {
			/* the statement alone failed: undo it, go on */
			struct errbuf ignored;
			enum err e2;
			if (q_simple(c, "ROLLBACK TO SAVEPOINT motcua_stmt", PGQ_CHECK, what) == 0 &&
			    q_simple(c, "RELEASE SAVEPOINT motcua_stmt", PGQ_CHECK, what) == 0 &&
			    q_sync(c) == 0 && q_read(c, NULL, &e2, &ignored) < 0) {
				if (!t->confirmed)
					confirm(t);
				return NULL;
			}
		}
		return tx_failed(t, *e);
	lost:
		*e = pg_fail(c, NULL, what, eb);
		c->broken = 1;
		if (!t->confirmed && restart(t, attempt) == 0)
			continue;
		return tx_failed(t, *e);
	}
}

PGresult *pg_run(struct pgtx *t, const char *sql, const struct pgparams *p, int binary,
		 const char *what, enum err *e, struct errbuf *eb)
{
	return run(t, sql, p, binary, 0, what, e, eb);
}

PGresult *pg_run_guarded(struct pgtx *t, const char *sql, const struct pgparams *p,
			 const char *what, enum err *e, struct errbuf *eb)
{
	return run(t, sql, p, 0, 1, what, e, eb);
}

enum err pg_defer(struct pgtx *t, const char *sql, const struct pgparams *p, const char *what,
		  struct errbuf *eb)
{
	enum err e = ERR_OK;
	if (t->failed)
		return refuse(t, eb);
	/* the first statement waits (it may have to be retried), and the
	 * queue stays short */
	if (!t->confirmed || t->c->nq >= PG_QUEUE_MAX) {
		PGresult *r = run(t, sql, p, 0, 0, what, &e, eb);
		PQclear(r);
		return r ? ERR_OK : e;
	}
	if (q_stmt(t->c, sql, p ? p : &no_params, 0, PGQ_CHECK, what) < 0) {
		e = pg_fail(t->c, NULL, what, eb);
		tx_failed(t, e);
		return e;
	}
	return ERR_OK;
}

/* ---- transactions ---- */

static void tx_release(struct pgtx *t)
{
	PQclear(t->c->head);
	t->c->head = NULL;
	pool_put(t->st, t->c);
	if (t->write)
		pthread_mutex_unlock(&t->st->wlock);
	free(t);
}

static enum err pg_begin(struct store *base, enum store_mode mode, struct stx **tx,
			 struct errbuf *eb)
{
	struct pgstore *st = pgstore_of(base);
	struct pgtx *t = calloc(1, sizeof(*t));
	enum err e = ERR_OK;
	if (!t)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	t->base.ops = &pg_ops;
	t->st = st;
	t->write = mode == STORE_WRITE;
	if (t->write)
		pthread_mutex_lock(&st->wlock);
	if (!(t->c = pool_get(st, &e, eb)))
		goto fail;
	/* nothing is sent yet: BEGIN goes with the first statement */
	if ((PQpipelineStatus(t->c->conn) == PQ_PIPELINE_OFF &&
	     PQenterPipelineMode(t->c->conn) != 1) ||
	    q_begin(t) < 0) {
		e = pg_fail(t->c, NULL, "begin", eb);
		t->c->broken = 1;
		pool_put(st, t->c);
		goto fail;
	}
	*tx = &t->base;
	return ERR_OK;
fail:
	if (t->write)
		pthread_mutex_unlock(&st->wlock);
	free(t);
	return e ? e : ERR_STORE;
}

/* End the transaction without waiting: the connection's next user reads
 * the answer (conn_settle). */
static void end_async(struct pgtx *t, const char *sql)
{
	if (!t->c->broken && (q_simple(t->c, sql, PGQ_IGNORE, sql) < 0 || q_sync(t->c) < 0))
		t->c->broken = 1;
}

static enum err pg_commit(struct stx *tx, struct errbuf *eb)
{
	struct pgtx *t = pgtx_of(tx);
	struct pgconn *c = t->c;
	enum err e = ERR_OK;
	PGresult *r = NULL;
	if (t->failed) {
		e = err_set(eb, t->failed, NULL, "the transaction failed and was rolled back");
		end_async(t, "ROLLBACK");
		tx_release(t);
		return e;
	}
	if (!t->write || !t->confirmed) {
		/* nothing to make durable (a read, or a writer that sent no
		 * statement): do not wait for the answer */
		end_async(t, t->write ? "ROLLBACK" : "COMMIT");
		tx_release(t);
		return ERR_OK;
	}
	if (q_simple(c, "COMMIT", PGQ_KEEP, "commit") < 0 || q_sync(c) < 0) {
		e = pg_fail(c, NULL, "commit", eb);
	} else {
		int failed = q_read(c, &r, &e, eb);
		if (failed < 0 && !strcmp(PQcmdStatus(r), "COMMIT")) {
			PQclear(r);
			tx_release(t);
			return ERR_OK;
		}
		/* PostgreSQL answers ROLLBACK to the COMMIT of a failed
		 * transaction; otherwise a queued write or COMMIT failed */
		if (failed < 0)
			e = err_set(eb, ERR_STORE, NULL, "the transaction failed and was rolled back");
		PQclear(r);
	}
	if (c->broken) {
		log_error("pg: %s: connection lost during COMMIT: its outcome is unknown", t->st->label);
		e = err_set(eb, ERR_STORE, NULL,
			    "the database connection was lost while committing: the outcome is unknown");
	} else if (e == ERR_BUSY) {
		e = ERR_STORE; /* the caller must not assume it can simply retry */
	}
	end_async(t, "ROLLBACK");
	tx_release(t);
	return e;
}

static void pg_rollback(struct stx *tx)
{
	struct pgtx *t = pgtx_of(tx);
	end_async(t, "ROLLBACK");
	tx_release(t);
}

/* ---- migrations ---- */


/* Run sql (any number of statements) outside the statement cache. */
static int exec_simple(struct pgconn *c, const char *sql, const char *what, struct errbuf *eb)
{
	PGresult *r = PQexec(c->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	char msg[200];
	first_line(PQresultErrorMessage(r), msg, sizeof(msg));
	pg_fail(c, r, what, eb);
	err_set(eb, ERR_STORE, NULL, "%s: %s", what, msg);
	PQclear(r);
	return -1;
}

/* The version recorded in schema_migrations, 0 when there is none. */
static int db_schema_version(struct pgconn *c, int *v, struct errbuf *eb)
{
	PGresult *r = PQexec(c->conn, "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL "
				      "THEN 0 ELSE (SELECT coalesce(max(version), 0) FROM "
				      "schema_migrations) END");
	*v = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_fail(c, r, "schema version", eb);
		PQclear(r);
		return -1;
	}
	*v = (int)pg_int(r, 0, 0);
	PQclear(r);
	return 0;
}

static enum err pg_schema_version(struct store *base, int *db_version, int *binary_version,
				  struct errbuf *eb)
{
	struct pgstore *st = pgstore_of(base);
	struct store_migrations l = {0};
	enum err e = ERR_OK;
	if (store_migrations_list(MIGRATIONS_PREFIX, &l, eb))
		return ERR_INTERNAL;
	*binary_version = l.max_version;
	*db_version = 0;
	struct pgconn *c = pool_get(st, &e, eb);
	if (!c)
		return e;
	if (conn_plain(c) < 0)
		e = err_set(eb, ERR_BUSY, NULL, "the database connection was lost, try again");
	else if (db_schema_version(c, db_version, eb) < 0)
		e = ERR_STORE;
	pool_put(st, c);
	return e;
}

/* All pending migrations in one transaction, under the write lock: other
 * servers' writers wait, and two servers starting together do not both
 * migrate. */
static enum err pg_migrate(struct store *base, int *applied, struct errbuf *eb)
{
	struct pgstore *st = pgstore_of(base);
	struct store_migrations l = {0};
	enum err e = ERR_OK;
	int cur = 0;
	*applied = 0;
	if ((e = store_migrations_list(MIGRATIONS_PREFIX, &l, eb)))
		return e;
	pthread_mutex_lock(&st->wlock);
	struct pgconn *c = pool_get(st, &e, eb);
	if (!c) {
		pthread_mutex_unlock(&st->wlock);
		return e;
	}
	if (conn_plain(c) < 0 || exec_simple(c, SQL_BEGIN_WRITE, "begin", eb) < 0 ||
	    exec_simple(c, SQL_WRITE_LOCK, "write lock", eb) < 0 ||
	    exec_simple(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
			   "name text NOT NULL, applied_at bigint NOT NULL)",
			"schema_migrations", eb) < 0 ||
	    db_schema_version(c, &cur, eb) < 0) {
		e = ERR_STORE;
		goto fail;
	}
	if (cur > l.max_version) {
		e = err_set(eb, ERR_CONFLICT, "db",
			    "database schema version %d is newer than this program's (%d): "
			    "upgrade motcua before using this database",
			    cur, l.max_version);
		goto fail;
	}
	for (int i = 0; i < l.n; i++) {
		if (l.version[i] <= cur)
			continue;
		const char *name = l.path[i] + strlen(MIGRATIONS_PREFIX);
		char what[128], ver[16];
		snprintf(what, sizeof(what), "migration %s", name);
		if (exec_simple(c, l.sql[i], what, eb) < 0) {
			e = ERR_STORE;
			goto fail;
		}
		snprintf(ver, sizeof(ver), "%d", l.version[i]);
		const char *v[2] = {ver, name};
		PGresult *r = PQexecParams(c->conn,
					   "INSERT INTO schema_migrations(version, name, applied_at) "
					   "VALUES ($1, $2, extract(epoch FROM now())::bigint)",
					   2, NULL, v, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			e = pg_fail(c, r, "record migration", eb);
			PQclear(r);
			goto fail;
		}
		PQclear(r);
		(*applied)++;
	}
	if (exec_simple(c, "COMMIT", "commit", eb) < 0) {
		e = ERR_STORE;
		goto fail;
	}
	goto out;
fail:
	if (!c->broken && PQtransactionStatus(c->conn) != PQTRANS_IDLE) {
		PGresult *r = PQexec(c->conn, "ROLLBACK");
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			c->broken = 1;
		PQclear(r);
	}
	*applied = 0;
out:
	/* the schema may have changed under statements prepared before: idle
	 * connections start afresh (migrations normally run before serving) */
	if (*applied) {
		pthread_mutex_lock(&st->lock);
		for (int i = 0; i < st->nidle; i++)
			if (st->conns[st->idle[i]].conn)
				st->conns[st->idle[i]].broken = 1;
		pthread_mutex_unlock(&st->lock);
		c->broken = 1;
	}
	pool_put(st, c);
	pthread_mutex_unlock(&st->wlock);
	return e;
}

static const struct store_ops pg_ops = {
	.name = "postgresql",
	.close = pg_close,
	.migrate = pg_migrate,
	.schema_version = pg_schema_version,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
#define STORE_OP(op, params, args) .op = pg_##op,
#include "store/store_ops.def"
#undef STORE_OP
};
