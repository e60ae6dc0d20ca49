/*
 * sqlite_int.h - what the files of the SQLite backend share: the
 * connection and transaction structs, statement helpers and the sq_*
 * implementations of store.h's functions (registered in the ops table at
 * the end of sqlite.c). Not for use outside src/store/sqlite/.
 */
#ifndef MOTCUA_STORE_SQLITE_INT_H
#define MOTCUA_STORE_SQLITE_INT_H

#include <sqlite3.h>

#include "core/err.h"
#include "store/store_int.h"

#define SQ_STMT_CACHE 64

struct sconn {
	sqlite3 *db;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} stmts[SQ_STMT_CACHE];
	int nstmts;
	sqlite3_stmt *oneoff;
	int reader_index;
};

struct sqstore;

/* A transaction: the common head (store_int.h), then ours. */
struct sqtx {
	struct stx base;
	struct sqstore *st;
	struct sconn *c;
	int write;
};

static inline struct sqtx *sqtx_of(struct stx *t)
{
	return (struct sqtx *)(void *)t;
}

/* sq_meta_get, sq_agency_put, ...: one per line of store_ops.def, in
 * sqlite_queries.c. */
#define STORE_OP(op, params, args) enum err sq_##op params;
#include "store/store_ops.def"
#undef STORE_OP

/* A cached prepared statement for the static SQL text sql (reset, bindings
 * cleared). NULL on failure, with eb filled. Give it back with sq_done(). */
sqlite3_stmt *sq_stmt(struct sconn *c, const char *sql, struct errbuf *eb);
void sq_done(struct sconn *c, sqlite3_stmt *st);
/* Log the connection's last error and fill eb; returns ERR_STORE/ERR_BUSY. */
enum err sq_fail(struct sconn *c, struct errbuf *eb, const char *what);
/* Bind a C string (NULL binds NULL), copying it. */
int sq_bind_text(sqlite3_stmt *st, int i, const char *s);
/* strdup of a text column, NULL for NULL. */
char *sq_dup_col(sqlite3_stmt *st, int i);

#endif
