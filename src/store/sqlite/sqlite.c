/*
 * sqlite.c - the SQLite backend of store.h.
 *
 * One writer connection guarded by a mutex (SQLite allows one writer at a
 * time anyway; queueing in our mutex is cheaper than busy-waiting in
 * SQLite) and a small pool of reader connections, each used by one thread
 * at a time. WAL lets readers run beside the writer. synchronous=FULL makes
 * an acknowledged commit survive power loss. Prepared statements are
 * cached per connection, keyed by the address of the static SQL text.
 *
 * This file holds connection handling, transactions, migrations and the
 * backend's ops table (store_int.h); the resource queries live in
 * sqlite_queries.c.
 */
#include "store/sqlite/sqlite_int.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
#include "core/log.h"

#define READERS_MAX 16
#define MIGRATIONS_PREFIX "src/store/sqlite/migrations/"

/* Group commit: writers take turns on the one writer connection, each
 * inside a SAVEPOINT of a shared open transaction (the batch). A writer
 * that finishes with nobody queued behind it (or with a full batch)
 * commits the batch: one fsync makes every member durable; the others
 * wait for that before their commit returns. So no request is
 * acknowledged before its data is on disk, and N concurrent writers cost
 * one fsync instead of N. */
#define BATCH_MAX 64

struct sqstore {
	struct store base; /* first: store.c reaches the ops table through it */
	char *path;
	struct sconn writer;
	pthread_mutex_t wlock;
	pthread_cond_t wcond;     /* a batch was committed */
	int in_batch;             /* BEGIN issued on the writer */
	uint64_t batch_id;        /* the open (or last) batch */
	uint64_t committed_id;    /* batches up to this one are settled */
	uint64_t failed_id;       /* the last batch whose COMMIT failed */
	int members;              /* writes released into the open batch */
	_Atomic int queued;       /* writers waiting for wlock */
	struct sconn readers[READERS_MAX];
	int nreaders;
	int free_stack[READERS_MAX];
	int nfree;
	pthread_mutex_t rlock;
	pthread_cond_t rcond;
};

enum err sq_fail(struct sconn *c, struct errbuf *eb, const char *what)
{
	int rc = sqlite3_extended_errcode(c->db);
	log_error("sqlite: %s: %s (%d)", what, sqlite3_errmsg(c->db), rc);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return err_set(eb, ERR_BUSY, NULL, "database busy, try again");
	if ((rc & 0xff) == SQLITE_FULL)
		return err_set(eb, ERR_STORE, NULL, "disk full");
	return err_set(eb, ERR_STORE, NULL, "storage error");
}

sqlite3_stmt *sq_stmt(struct sconn *c, const char *sql, struct errbuf *eb)
{
	for (int i = 0; i < c->nstmts; i++) {
		if (c->stmts[i].sql == sql) {
			sqlite3_reset(c->stmts[i].st);
			sqlite3_clear_bindings(c->stmts[i].st);
			return c->stmts[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		sq_fail(c, eb, "prepare");
		log_error("sqlite: in statement: %s", sql);
		return NULL;
	}
	if (c->nstmts < SQ_STMT_CACHE) {
		c->stmts[c->nstmts].sql = sql;
		c->stmts[c->nstmts].st = st;
		c->nstmts++;
	} else {
		/* cache full: keep it as a one-off; sq_done() finalizes it */
		c->oneoff = st;
	}
	return st;
}

void sq_done(struct sconn *c, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (st == c->oneoff) {
		sqlite3_finalize(st);
		c->oneoff = NULL;
	} else {
		sqlite3_reset(st);
	}
}

int sq_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

char *sq_dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	if (!t)
		return NULL;
	return strdup((const char *)t);
}

static int sq_exec(struct sconn *c, const char *sql, struct errbuf *eb)
{
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("sqlite: exec failed: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return sq_fail(c, eb, "exec") == ERR_OK ? 0 : -1;
	}
	return 0;
}

static int conn_open(struct sconn *c, const char *path, int readonly, struct errbuf *eb)
{
	memset(c, 0, sizeof(*c));
	int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		err_set(eb, ERR_STORE, "db", "cannot open database %s: %s", path,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		c->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(c->db, 10000);
	sqlite3_extended_result_codes(c->db, 1);
	if (!readonly &&
	    (sq_exec(c, "PRAGMA journal_mode=WAL", eb) < 0 ||
	     sq_exec(c, "PRAGMA synchronous=FULL", eb) < 0))
		return -1;
	if (sq_exec(c, "PRAGMA foreign_keys=ON", eb) < 0)
		return -1;
	return 0;
}

static void conn_close(struct sconn *c)
{
	for (int i = 0; i < c->nstmts; i++)
		sqlite3_finalize(c->stmts[i].st);
	if (c->oneoff)
		sqlite3_finalize(c->oneoff);
	sqlite3_close(c->db);
	memset(c, 0, sizeof(*c));
}

static const struct store_ops sqlite_ops;
static void sq_close(struct store *base);

static struct sqstore *sqstore_of(struct store *st)
{
	return (struct sqstore *)(void *)st;
}

enum err sqlite_store_open(const char *url, struct store **out, struct errbuf *eb)
{
	*out = NULL;
	struct sqstore *st = calloc(1, sizeof(*st));
	if (!st)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	st->base.ops = &sqlite_ops;
	st->path = strdup(url);
	pthread_mutex_init(&st->wlock, NULL);
	pthread_cond_init(&st->wcond, NULL);
	pthread_mutex_init(&st->rlock, NULL);
	pthread_cond_init(&st->rcond, NULL);
	if (!st->path) {
		sq_close(&st->base);
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	}
	if (conn_open(&st->writer, url, 0, eb) < 0) {
		sq_close(&st->base);
		return ERR_STORE;
	}
	*out = &st->base;
	return ERR_OK;
}

/* Reader connections are opened lazily, up to READERS_MAX. */
static struct sconn *reader_get(struct sqstore *st, struct errbuf *eb)
{
	struct sconn *c = NULL;
	pthread_mutex_lock(&st->rlock);
	for (;;) {
		if (st->nfree > 0) {
			c = &st->readers[st->free_stack[--st->nfree]];
			break;
		}
		if (st->nreaders < READERS_MAX) {
			int i = st->nreaders++;
			pthread_mutex_unlock(&st->rlock);
			if (conn_open(&st->readers[i], st->path, 0, eb) < 0) {
				pthread_mutex_lock(&st->rlock);
				st->nreaders--;
				pthread_mutex_unlock(&st->rlock);
				return NULL;
			}
			st->readers[i].reader_index = i;
			return &st->readers[i];
		}
		pthread_cond_wait(&st->rcond, &st->rlock);
	}
	pthread_mutex_unlock(&st->rlock);
	return c;
}

static void reader_put(struct sqstore *st, struct sconn *c)
{
	pthread_mutex_lock(&st->rlock);
	st->free_stack[st->nfree++] = c->reader_index;
	pthread_cond_signal(&st->rcond);
	pthread_mutex_unlock(&st->rlock);
}

static void sq_close(struct store *base)
{
	struct sqstore *st = sqstore_of(base);
	for (int i = 0; i < st->nreaders; i++)
		conn_close(&st->readers[i]);
	if (st->writer.db)
		conn_close(&st->writer);
	pthread_mutex_destroy(&st->wlock);
	pthread_cond_destroy(&st->wcond);
	pthread_mutex_destroy(&st->rlock);
	pthread_cond_destroy(&st->rcond);
	free(st->path);
	free(st);
}

/* Commit the open batch (wlock held): settle every member. */
static enum err batch_commit(struct sqstore *st, struct errbuf *eb)
{
	enum err e = ERR_OK;
	if (!st->in_batch)
		return ERR_OK;
	if (sq_exec(&st->writer, "COMMIT", eb) < 0) {
		e = ERR_STORE;
		if (!sqlite3_get_autocommit(st->writer.db))
			sq_exec(&st->writer, "ROLLBACK", NULL);
		st->failed_id = st->batch_id;
	}
	st->in_batch = 0;
	st->members = 0;
	st->committed_id = st->batch_id;
	pthread_cond_broadcast(&st->wcond);
	return e;
}

/* SQLite may roll a whole transaction back by itself (e.g. disk full):
 * then the batch is lost and its members must hear so. */
static void batch_check_lost(struct sqstore *st)
{
	if (st->in_batch && sqlite3_get_autocommit(st->writer.db)) {
		st->in_batch = 0;
		st->members = 0;
		st->failed_id = st->committed_id = st->batch_id;
		pthread_cond_broadcast(&st->wcond);
	}
}

static enum err sq_begin(struct store *base, enum store_mode mode, struct stx **tx,
			 struct errbuf *eb)
{
	struct sqstore *st = sqstore_of(base);
	struct sqtx *t = calloc(1, sizeof(*t));
	*tx = NULL;
	if (!t)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	t->base.ops = &sqlite_ops;
	t->st = st;
	t->write = mode == STORE_WRITE;
	if (!t->write) {
		t->c = reader_get(st, eb);
		if (!t->c || sq_exec(t->c, "BEGIN", eb) < 0) {
			if (t->c)
				reader_put(st, t->c);
			free(t);
			return ERR_STORE;
		}
		*tx = &t->base;
		return ERR_OK;
	}
	atomic_fetch_add(&st->queued, 1);
	pthread_mutex_lock(&st->wlock);
	atomic_fetch_sub(&st->queued, 1);
	t->c = &st->writer;
	if (!st->in_batch) {
		if (sq_exec(t->c, "BEGIN IMMEDIATE", eb) < 0) {
			pthread_mutex_unlock(&st->wlock);
			free(t);
			return eb && strstr(eb->msg, "busy") ? ERR_BUSY : ERR_STORE;
		}
		st->in_batch = 1;
		st->batch_id++;
	}
	if (sq_exec(t->c, "SAVEPOINT w", eb) < 0) {
		batch_check_lost(st);
		if (st->in_batch && atomic_load(&st->queued) == 0)
			batch_commit(st, NULL); /* settle the members waiting on it */
		pthread_mutex_unlock(&st->wlock);
		free(t);
		return ERR_STORE;
	}
	*tx = &t->base;
	return ERR_OK;
}

static enum err sq_commit(struct stx *tx, struct errbuf *eb)
{
	struct sqtx *t = sqtx_of(tx);
	struct sqstore *st = t->st;
	enum err e = ERR_OK;
	if (!t->write) {
		sq_exec(t->c, "COMMIT", NULL);
		reader_put(st, t->c);
		free(t);
		return ERR_OK;
	}
	free(t);
	if (sq_exec(&st->writer, "RELEASE w", eb) < 0) {
		if (!sqlite3_get_autocommit(st->writer.db)) {
			sq_exec(&st->writer, "ROLLBACK TO w", NULL);
			sq_exec(&st->writer, "RELEASE w", NULL);
		}
		batch_check_lost(st);
		if (st->in_batch && atomic_load(&st->queued) == 0)
			batch_commit(st, NULL);
		pthread_mutex_unlock(&st->wlock);
		return ERR_STORE;
	}
	uint64_t mine = st->batch_id;
	st->members++;
	if (atomic_load(&st->queued) == 0 || st->members >= BATCH_MAX) {
		/* nobody to wait for: make the batch durable now */
		e = batch_commit(st, eb);
		pthread_mutex_unlock(&st->wlock);
		return e;
	}
	/* let the queued writers add to this batch; the last one commits */
	while (st->committed_id < mine)
		pthread_cond_wait(&st->wcond, &st->wlock);
	if (st->failed_id == mine)
		e = err_set(eb, ERR_STORE, NULL, "storage error");
	pthread_mutex_unlock(&st->wlock);
	return e;
}

static void sq_rollback(struct stx *tx)
{
	struct sqtx *t = sqtx_of(tx);
	struct sqstore *st = t->st;
	if (!t->write) {
		if (!sqlite3_get_autocommit(t->c->db))
			sq_exec(t->c, "ROLLBACK", NULL);
		reader_put(st, t->c);
		free(t);
		return;
	}
	free(t);
	if (!sqlite3_get_autocommit(st->writer.db)) {
		sq_exec(&st->writer, "ROLLBACK TO w", NULL);
		sq_exec(&st->writer, "RELEASE w", NULL);
	}
	batch_check_lost(st);
	/* the last writer out closes the batch, even an empty one, so that the
	 * database lock is never held while idle */
	if (st->in_batch && atomic_load(&st->queued) == 0)
		batch_commit(st, NULL);
	pthread_mutex_unlock(&st->wlock);
}

/* ---- migrations ---- */


static int db_schema_version(struct sconn *c, int *v, struct errbuf *eb)
{
	*v = 0;
	if (sq_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY "
		       "KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
		    eb) < 0)
		return -1;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			       -1, &s, NULL) != SQLITE_OK) {
		sq_fail(c, eb, "schema version");
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return 0;
}

static enum err sq_schema_version(struct store *base, int *db_version, int *binary_version,
				  struct errbuf *eb)
{
	struct sqstore *st = sqstore_of(base);
	struct store_migrations l = {0};
	if (store_migrations_list(MIGRATIONS_PREFIX, &l, eb))
		return ERR_INTERNAL;
	*binary_version = l.max_version;
	pthread_mutex_lock(&st->wlock);
	int rc = db_schema_version(&st->writer, db_version, eb);
	pthread_mutex_unlock(&st->wlock);
	return rc < 0 ? ERR_STORE : ERR_OK;
}

static enum err sq_migrate(struct store *base, int *applied, struct errbuf *eb)
{
	struct sqstore *st = sqstore_of(base);
	struct store_migrations l = {0};
	enum err e = ERR_OK;
	int cur = 0;
	*applied = 0;
	if ((e = store_migrations_list(MIGRATIONS_PREFIX, &l, eb)))
		return e;
	pthread_mutex_lock(&st->wlock);
	struct sconn *c = &st->writer;
	if (sq_exec(c, "BEGIN IMMEDIATE", eb) < 0) {
		e = ERR_STORE;
		goto out;
	}
	if (db_schema_version(c, &cur, eb) < 0) {
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
		if (sq_exec(c, l.sql[i], eb) < 0) {
			e = err_set(eb, ERR_STORE, NULL, "migration %s failed", l.path[i]);
			goto fail;
		}
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(c->db,
				       "INSERT INTO schema_migrations(version, name, applied_at) "
				       "VALUES (?1, ?2, strftime('%s','now'))",
				       -1, &s, NULL) != SQLITE_OK) {
			e = sq_fail(c, eb, "record migration");
			goto fail;
		}
		sqlite3_bind_int(s, 1, l.version[i]);
		sqlite3_bind_text(s, 2, l.path[i] + strlen(MIGRATIONS_PREFIX), -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE) {
			e = sq_fail(c, eb, "record migration");
			goto fail;
		}
		(*applied)++;
	}
	if (sq_exec(c, "COMMIT", eb) < 0) {
		e = ERR_STORE;
		goto fail;
	}
	goto out;
fail:
	sq_exec(c, "ROLLBACK", NULL);
	*applied = 0;
out:
	pthread_mutex_unlock(&st->wlock);
	return e;
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.migrate = sq_migrate,
	.schema_version = sq_schema_version,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
#define STORE_OP(op, params, args) .op = sq_##op,
#include "store/store_ops.def"
#undef STORE_OP
};
