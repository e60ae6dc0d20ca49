/*
 * report.c - the tracking book (Form 06, R-DS-13): one row per dossier
 * received by the agencies in the user's scope in a period, oldest first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/dossier/dossier_int.h"
#include "store/store.h"

struct book {
	json_t *rows;
	int64_t from, to;
	const char *agency;
	size_t max;
};

static int add_row(void *arg, const char *text)
{
	struct book *b = arg;
	json_t *d = json_loads(text, 0, NULL);
	if (!d)
		return 0;
	int64_t rec = ds_get_time(d, "received_at");
	if (rec && rec >= b->from && rec < b->to && (!b->agency || !strcmp(b->agency, ds_str(d, "agency"))))
		json_array_append(b->rows, d);
	json_decref(d);
	return json_array_size(b->rows) >= b->max;
}

static int by_received(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int64_t ta = ds_get_time(a, "received_at"), tb = ds_get_time(b, "received_at");
	if (ta != tb)
		return ta < tb ? -1 : 1;
	return strcmp(ds_str(a, "code"), ds_str(b, "code"));
}

enum err dossier_tracking_book(struct store *st, const struct account_user *u, const char *agency,
			       int64_t from, int64_t to, json_t **rows, struct errbuf *eb)
{
	struct store_dossier_query q = {0};
	char s1[8], s2[24];
	struct stx *tx = NULL;
	struct book b = {json_array(), from, to, agency, 5000};
	enum err e;
	*rows = NULL;
	if (to <= from) {
		json_decref(b.rows);
		return err_set(eb, ERR_INVALID, "to", "to must be after from");
	}
	ds_scope_query(u, &q, s1, s2);
	q.limit = 1000000;
	if ((e = store_begin(st, STORE_READ, &tx, eb))) {
		json_decref(b.rows);
		return e;
	}
	e = store_dossier_list(tx, &q, add_row, &b, eb);
	store_rollback(tx);
	if (e) {
		json_decref(b.rows);
		return e;
	}
	size_t n = json_array_size(b.rows);
	json_t **v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		json_decref(b.rows);
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(b.rows, i));
	qsort(v, n, sizeof(*v), by_received);
	json_array_clear(b.rows);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(b.rows, v[i]);
	free(v);
	*rows = b.rows;
	return ERR_OK;
}
