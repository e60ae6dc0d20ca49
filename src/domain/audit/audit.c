/*
 * audit.c - see audit.h.
 */
#include "domain/audit/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/vntime.h"
#include "store/store.h"

const struct actor audit_cli_actor = {"cli", "system", "", "", "local"};

/* The canonical text of a row: every field as "<length>:<bytes>\n", so no
 * choice of field contents can make two different rows read the same. */
static void canonical(const struct store_audit *a, struct buf *b)
{
	const char *f[] = {a->actor, a->roles, a->agency, a->action, a->object,
			   a->summary, a->request_id, a->ip};
	buf_addf(b, "%lld\n%lld\n", (long long)a->id, (long long)a->at);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		const char *s = f[i] ? f[i] : "";
		buf_addf(b, "%zu:", strlen(s));
		buf_adds(b, s);
		buf_addc(b, '\n');
	}
}

static void row_hash(const char *prev, const struct store_audit *a, char out[65])
{
	struct buf b;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	buf_init(&b, 0);
	canonical(a, &b);
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)(b.p ? b.p : ""), b.len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
	buf_release(&b);
}

enum err audit_record(struct stx *tx, const struct actor *who, const char *action,
		      const char *object, json_t *before, json_t *after, struct errbuf *eb)
{
	char prev[65], hash[65];
	int64_t id;
	enum err e;
	if ((e = store_audit_head(tx, &id, prev, eb)))
		return e;
	json_t *sum = json_pack("{s:O?,s:O?}", "before", before, "after", after);
	char *summary = sum ? json_dumps(sum, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(sum);
	if (!summary)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	struct store_audit a = {
		.id = id,
		.at = vntime_now(),
		.actor = who && who->username ? who->username : "",
		.roles = who && who->roles ? who->roles : "",
		.agency = who && who->agency ? who->agency : "",
		.action = action,
		.object = object,
		.summary = summary,
		.request_id = who && who->request_id ? who->request_id : "",
		.ip = who && who->ip ? who->ip : "",
		.prev_hash = prev,
		.hash = hash,
	};
	row_hash(prev, &a, hash);
	e = store_audit_append(tx, &a, eb);
	free(summary);
	return e;
}

struct verify_state {
	char prev[65];
	int64_t rows, first_bad, last_id;
};

static int verify_row(void *arg, const struct store_audit *a)
{
	struct verify_state *v = arg;
	char want[65];
	v->rows++;
	/* ids run 1, 2, 3...: a deleted row leaves a gap */
	if (a->id != v->last_id + 1 || strcmp(a->prev_hash, v->prev) != 0) {
		v->first_bad = a->id;
		return 1;
	}
	row_hash(v->prev, a, want);
	if (strcmp(want, a->hash) != 0) {
		v->first_bad = a->id;
		return 1;
	}
	snprintf(v->prev, sizeof(v->prev), "%s", a->hash);
	v->last_id = a->id;
	return 0;
}

enum err audit_verify(struct store *st, int64_t *rows, int64_t *first_bad, struct errbuf *eb)
{
	struct verify_state v = {"", 0, 0, 0};
	struct stx *tx = NULL;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	if (e)
		return e;
	e = store_audit_each(tx, NULL, 0, 0, verify_row, &v, eb);
	store_rollback(tx);
	*rows = v.rows;
	*first_bad = v.first_bad;
	return e;
}

static int list_row(void *arg, const struct store_audit *a)
{
	char at[32];
	vntime_format(a->at, at);
	json_t *sum = json_loads(a->summary, 0, NULL);
	json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:s}", "id",
					     (json_int_t)a->id, "at", at, "actor", a->actor, "roles",
					     a->roles, "agency", a->agency, "action", a->action, "object",
					     a->object, "summary", sum ? sum : json_null(), "request_id",
					     a->request_id, "ip", a->ip, "hash", a->hash));
	return 0;
}

enum err audit_list(struct store *st, const char *object, int64_t after_id, long limit,
		    json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	json_t *arr = json_array();
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (!e)
		e = store_audit_each(tx, object, after_id, limit, list_row, arr, eb);
	store_rollback(tx);
	if (e) {
		json_decref(arr);
		return e;
	}
	*out = arr;
	return ERR_OK;
}
