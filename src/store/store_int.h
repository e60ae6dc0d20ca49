/*
 * store_int.h - what store.c and the backends (sqlite/, pg/) share: the
 * table of operations a backend provides and the two structs every
 * backend's handles begin with. Not for use outside src/store/.
 *
 * A backend's store handle is a struct whose first member is a struct
 * store, and its transaction a struct whose first member is a struct stx;
 * both carry the backend's ops table, so store.c forwards each store_*
 * call to the right backend without knowing its types.
 */
#ifndef MOTCUA_STORE_STORE_INT_H
#define MOTCUA_STORE_STORE_INT_H

#include "core/err.h"
#include "store/store.h"

struct store_ops;

struct store {
	const struct store_ops *ops;
};

struct stx {
	const struct store_ops *ops;
};

/* One backend. The store-level members mirror store.h (see there); the
 * transaction-level ones are listed once in store_ops.def. */
struct store_ops {
	const char *name; /* what store_backend() answers */
	void (*close)(struct store *st);
	enum err (*migrate)(struct store *st, int *applied, struct errbuf *eb);
	enum err (*schema_version)(struct store *st, int *db_version, int *binary_version,
				   struct errbuf *eb);
	enum err (*begin)(struct store *st, enum store_mode mode, struct stx **tx,
			  struct errbuf *eb);
	enum err (*commit)(struct stx *tx, struct errbuf *eb);
	void (*rollback)(struct stx *tx); /* never called with NULL */
#define STORE_OP(op, params, args) enum err (*op) params;
#include "store/store_ops.def"
#undef STORE_OP
};

/* Open a SQLite database file (created if absent). */
enum err sqlite_store_open(const char *path, struct store **out, struct errbuf *eb);
/* Open a PostgreSQL database named by a postgres:// or postgresql:// URL. */
enum err pg_store_open(const char *url, struct store **out, struct errbuf *eb);

/* A backend's migrations, embedded in the binary under a folder such as
 * "src/store/sqlite/migrations/" as NNNN_name.sql, in version order. */
#define STORE_MIGRATIONS_MAX 64
struct store_migrations {
	const char *path[STORE_MIGRATIONS_MAX]; /* borrowed from the assets */
	const char *sql[STORE_MIGRATIONS_MAX];
	int version[STORE_MIGRATIONS_MAX];
	int n;
	int max_version; /* the schema version of this binary */
};
/* Collect the migrations under prefix into *m. ERR_INTERNAL (naming the
 * first one left out) if there are more than STORE_MIGRATIONS_MAX, so
 * that none is ever skipped silently. */
enum err store_migrations_list(const char *prefix, struct store_migrations *m, struct errbuf *eb);

/* 1 if url names a PostgreSQL database (postgres:// or postgresql://). */
int store_url_is_pg(const char *url);

#endif
