/*
 * pg_int.h - what the files of the PostgreSQL backend share: the pooled
 * connection, the transaction, how a statement is run (parameters in,
 * errors mapped to enum err) and the pg_* implementations of store.h's
 * functions (registered in the ops table at the end of pg.c). Not for use
 * outside src/store/pg/.
 */
#ifndef MOTCUA_STORE_PG_INT_H
#define MOTCUA_STORE_PG_INT_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store_int.h"

/* Prepared statements kept per connection; more distinct statements than
 * this run unnamed (parsed each time) but still work. */
#define PG_STMT_CACHE 128
/* Commands sent ahead in a pipeline before we stop to read their results:
 * small, so the server never blocks on a full socket while we send. */
#define PG_QUEUE_MAX 48

/* A command sent whose result has not been read yet, and what to do with
 * it: keep it (the caller's), check it (a failure fails the transaction)
 * or ignore it (the COMMIT of a read-only transaction). */
enum pgq_kind { PGQ_IGNORE, PGQ_CHECK, PGQ_KEEP, PGQ_HEAD };
struct pgq {
	enum pgq_kind kind;
	const char *what;
	int parse; /* a Parse of statement slot parse, or -1 */
};

/* One pooled connection. Used by one transaction at a time; in libpq's
 * pipeline mode during transactions. */
struct pgconn {
	PGconn *conn;           /* NULL until first used */
	const char *stmts[PG_STMT_CACHE]; /* SQL text (by address) of "m<i>" */
	int nstmts;
	int index;              /* slot in the pool */
	int broken;             /* lost or unusable: reconnect before reuse */
	struct pgq q[PG_QUEUE_MAX + 8]; /* sent, results unread, in order */
	int nq;
	int synced;             /* a Sync follows q: results can be read */
	char state[8];          /* SQLSTATE of the last failure read */
	PGresult *head;         /* the audit head read with a write's BEGIN */
};

struct pgstore;

/* A transaction: the common head (store_int.h), then ours. */
struct pgtx {
	struct stx base;
	struct pgstore *st;
	struct pgconn *c;
	int write;
	int confirmed;   /* BEGIN (and the write lock) known to have worked */
	/* a writer's view of the audit log's newest row, read in its first
	 * round trip just after the lock (so no other writer can append
	 * before it commits) and advanced by its own appends */
	int head_known;
	int64_t head_next;
	char head_hash[65];
	enum err failed; /* set when a statement failed and aborted the
			  * transaction: later statements are refused and
			  * commit rolls back */
};

static inline struct pgtx *pgtx_of(struct stx *t)
{
	return (struct pgtx *)(void *)t;
}

/* Parameters of one statement: text, except bytea sent as binary.
 * Integers are formatted into the struct itself, so it must outlive the
 * pg_run() that uses it. */
#define PG_PARAMS_MAX 24
struct pgparams {
	int n;
	const char *v[PG_PARAMS_MAX];
	int len[PG_PARAMS_MAX];
	int fmt[PG_PARAMS_MAX];
	char num[PG_PARAMS_MAX][24];
};

/* Append a text parameter; NULL is SQL NULL. */
void pp_text(struct pgparams *p, const char *s);
/* Append an integer parameter. */
void pp_int(struct pgparams *p, int64_t v);
/* Append an integer parameter where 0 means SQL NULL ("none"). */
void pp_opt(struct pgparams *p, int64_t v);
/* Append a binary (bytea) parameter of sz bytes, borrowed. */
void pp_bin(struct pgparams *p, const void *data, size_t sz);

/* Run sql, a static string (prepared once per connection and cached by its
 * address), with parameters p (may be NULL) in transaction tx, and wait
 * for its result. Results are text, or binary when binary is set. Returns
 * the result (tuples or command OK; the caller PQclear()s it) or NULL
 * with *e and eb set: unique violation ERR_CONFLICT ("<what> already
 * exists"), foreign key ERR_RULE, other constraints and our append-only
 * triggers ERR_RULE, serialization failure, deadlock, lock timeout or a
 * lost connection ERR_BUSY, anything else ERR_STORE (logged).
 *
 * Commands travel in libpq's pipeline: whatever was queued before (the
 * transaction's BEGIN, writes from pg_defer()) goes in the same round
 * trip, and a failure of one of those is what this call reports.
 *
 * A failed statement aborts a PostgreSQL transaction, where SQLite undoes
 * only the statement. pg_run_guarded() runs a write inside a savepoint
 * (sent in the same round trip) so that its failure leaves the
 * transaction usable, as on SQLite; it is for the writes a client can
 * make fail in normal use (duplicate codes, unknown parents). After any
 * other statement fails, the transaction refuses further statements and
 * store_commit() reports the failure. */
PGresult *pg_run(struct pgtx *tx, const char *sql, const struct pgparams *p, int binary,
		 const char *what, enum err *e, struct errbuf *eb);
PGresult *pg_run_guarded(struct pgtx *tx, const char *sql, const struct pgparams *p,
			 const char *what, enum err *e, struct errbuf *eb);
/* Queue a write whose result nobody needs (no rows, no count): it is sent
 * with the next statement that waits for a result, or with COMMIT, and
 * its failure is reported then (the transaction fails: nothing of it is
 * committed). Returns an earlier failure of the transaction, else ERR_OK. */
enum err pg_defer(struct pgtx *tx, const char *sql, const struct pgparams *p, const char *what,
		  struct errbuf *eb);

/* Column helpers over a text-format result. */
int64_t pg_int(const PGresult *r, int row, int col);
/* The text of a column, NULL for SQL NULL; borrowed from r. */
const char *pg_str(const PGresult *r, int row, int col);
/* strdup of a column, NULL for SQL NULL. */
char *pg_dup(const PGresult *r, int row, int col);
/* Rows changed by a command (UPDATE/DELETE/INSERT). */
long pg_changes(const PGresult *r);

/* pg_meta_get, pg_agency_put, ...: one per line of store_ops.def, in
 * pg_queries.c. */
#define STORE_OP(op, params, args) enum err pg_##op params;
#include "store/store_ops.def"
#undef STORE_OP

#endif
