/*
 * store.c - the front of store.h: store_open() picks the backend from the
 * URL (a file path is SQLite, postgres:// or postgresql:// is PostgreSQL)
 * and every other store_* function forwards to the backend's ops table
 * (store_int.h). No SQL here, and no behaviour of its own beyond that and
 * the release functions, which only free what a backend malloc'd.
 *
 * The forwarders of the transaction-level functions are generated from
 * store_ops.def below: `store_meta_get` is defined by
 * STORE_OP(meta_get, ...) and lands in the backend's <prefix>_meta_get.
 */
#include "core/assets.h"
#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

int store_url_is_pg(const char *url)
{
	return strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0;
}

enum err store_open(const char *url, struct store **out, struct errbuf *eb)
{
	*out = NULL;
	if (!url || !*url)
		return err_set(eb, ERR_INVALID, "db", "no database given");
	if (store_url_is_pg(url))
		return pg_store_open(url, out, eb);
	return sqlite_store_open(url, out, eb);
}

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

const char *store_backend(const struct store *st)
{
	return st->ops->name;
}

enum err store_migrate(struct store *st, int *applied, struct errbuf *eb)
{
	return st->ops->migrate(st, applied, eb);
}

enum err store_schema_version(struct store *st, int *db_version, int *binary_version,
			      struct errbuf *eb)
{
	return st->ops->schema_version(st, db_version, binary_version, eb);
}

enum err store_begin(struct store *st, enum store_mode mode, struct stx **tx, struct errbuf *eb)
{
	*tx = NULL;
	return st->ops->begin(st, mode, tx, eb);
}

enum err store_commit(struct stx *tx, struct errbuf *eb)
{
	return tx->ops->commit(tx, eb);
}

void store_rollback(struct stx *tx)
{
	if (tx)
		tx->ops->rollback(tx);
}

#define STORE_OP(op, params, args) \
	enum err store_##op params      \
	{                               \
		return tx->ops->op args; \
	}
#include "store/store_ops.def"
#undef STORE_OP

void store_user_release(struct store_user *u)
{
	free((char *)u->username);
	free((char *)u->name);
	free((char *)u->roles);
	free((char *)u->agency);
	free((char *)u->pwhash);
	memset(u, 0, sizeof(*u));
}

void store_dossier_row_release(struct store_dossier_row *r)
{
	free(r->doc);
	free(r->agency);
	free(r->scope1);
	free(r->scope2);
	free(r->handler);
	free(r->applicant_id);
	memset(r, 0, sizeof(*r));
}

void store_file_release(struct store_file_row *r)
{
	free(r->id);
	free(r->sha256);
	free(r->type);
	free(r->name);
	memset(r, 0, sizeof(*r));
}

struct mig_collect {
	struct store_migrations *m;
	size_t prefix_len;
	const char *overflow;
};

static void mig_collect(const char *path, const char *data, size_t sz, void *arg)
{
	struct mig_collect *mc = arg;
	struct store_migrations *m = mc->m;
	(void)sz;
	if (m->n >= STORE_MIGRATIONS_MAX) {
		if (!mc->overflow)
			mc->overflow = path;
		return;
	}
	m->path[m->n] = path;
	m->sql[m->n] = data;
	m->version[m->n] = (int)strtol(path + mc->prefix_len, NULL, 10);
	if (m->version[m->n] > m->max_version)
		m->max_version = m->version[m->n];
	m->n++;
}

enum err store_migrations_list(const char *prefix, struct store_migrations *m, struct errbuf *eb)
{
	struct mig_collect mc = {m, strlen(prefix), NULL};
	memset(m, 0, sizeof(*m));
	assets_each(prefix, mig_collect, &mc);
	if (mc.overflow)
		return err_set(eb, ERR_INTERNAL, NULL, "more than %d migrations: %s was left out",
			       STORE_MIGRATIONS_MAX, mc.overflow);
	return ERR_OK;
}
