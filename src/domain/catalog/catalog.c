/*
 * catalog.c - see catalog.h.
 */
#include "domain/catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/fold.h"
#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/catalog/agency.h"
#include "domain/catalog/procedure.h"
#include "domain/jsonv.h"
#include "domain/workcal/workcal.h"
#include "store/store.h"

/* Parse a stored document; the store only holds documents we wrote. */
static json_t *doc_parse(const char *doc)
{
	return json_loads(doc, 0, NULL);
}

static char *doc_dump(json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
}

/* Put the index of a bad record in front of the field: "[3].steps". */
static void prefix_field(struct errbuf *eb, size_t idx)
{
	char f[160];
	if (!eb)
		return;
	snprintf(f, sizeof(f), "[%zu]%s%s", idx, eb->field[0] ? "." : "", eb->field);
	snprintf(eb->field, sizeof(eb->field), "%.63s", f);
}

/* ---- agencies ---- */

static enum err agency_ref_exists(struct stx *tx, json_t *doc, const char *key,
				  struct errbuf *eb)
{
	const char *ref = json_string_value(json_object_get(doc, key));
	char *tmp = NULL;
	if (!ref)
		return ERR_OK;
	enum err e = store_agency_get(tx, ref, &tmp, eb);
	free(tmp);
	if (e == ERR_NOTFOUND)
		return err_setc(eb, ERR_RULE, "unknown_agency", key, "%s: agency %s does not exist",
				key, ref);
	return e;
}

/* An agency may not sit under itself: walk up from its new parent (at
 * most 32 levels; the hierarchy has 4) and refuse when the walk meets it. */
static enum err agency_no_cycle(struct stx *tx, json_t *doc, struct errbuf *eb)
{
	const char *code = json_string_value(json_object_get(doc, "code"));
	const char *parent = json_string_value(json_object_get(doc, "parent"));
	char cur[64];
	if (!code || !parent)
		return ERR_OK;
	snprintf(cur, sizeof(cur), "%s", parent);
	for (int depth = 0; depth < 32 && cur[0]; depth++) {
		char *text = NULL;
		if (!strcmp(cur, code))
			return err_setc(eb, ERR_RULE, "parent_cycle", "parent",
					"parent %s is %s itself or one of its units", parent, code);
		enum err e = store_agency_get(tx, cur, &text, eb);
		if (e == ERR_NOTFOUND)
			return ERR_OK;
		if (e)
			return e;
		json_t *d = doc_parse(text);
		free(text);
		const char *up = json_string_value(json_object_get(d, "parent"));
		snprintf(cur, sizeof(cur), "%s", up ? up : "");
		json_decref(d);
	}
	return cur[0] ? err_setc(eb, ERR_RULE, "parent_cycle", "parent", "the chain of parents above %s does not end", parent)
		      : ERR_OK;
}

/* Validate and write one agency inside tx. */
static enum err agency_save_tx(struct stx *tx, const struct actor *who, json_t *in,
			       const char *update_code, json_t **out, struct errbuf *eb)
{
	json_t *base = NULL, *doc = NULL;
	char *stored = NULL, *text = NULL;
	enum err e;
	*out = NULL;
	if (update_code) {
		if ((e = store_agency_get(tx, update_code, &stored, eb)))
			goto out;
		base = doc_parse(stored);
	}
	if ((e = agency_validate(in, base, &doc, eb)) || (e = agency_ref_exists(tx, doc, "parent", eb)) ||
	    (e = agency_no_cycle(tx, doc, eb)) || (e = agency_ref_exists(tx, doc, "succeeded_by", eb)))
		goto out;
	text = doc_dump(doc);
	struct store_agency a = {
		json_string_value(json_object_get(doc, "code")),
		json_string_value(json_object_get(doc, "share_code")),
		json_string_value(json_object_get(doc, "parent")),
		json_string_value(json_object_get(doc, "name")),
		text,
	};
	if ((e = store_agency_put(tx, &a, update_code == NULL, eb)))
		goto out;
	char object[64];
	snprintf(object, sizeof(object), "agency:%s", a.code);
	if ((e = audit_record(tx, who, update_code ? "agency.update" : "agency.create", object, base,
			      doc, eb)))
		goto out;
	/* office hours shape the agency's working calendar: rebuild it */
	if (update_code && (e = workcal_bump(tx, eb)))
		goto out;
	*out = doc;
	doc = NULL;
out:
	json_decref(base);
	json_decref(doc);
	free(stored);
	free(text);
	return e;
}

enum err catalog_agency_save(struct store *st, const struct actor *who, json_t *in,
			     const char *update_code, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	enum err e = store_begin(st, STORE_WRITE, &tx, eb);
	if (e)
		return e;
	if ((e = agency_save_tx(tx, who, in, update_code, out, eb))) {
		store_rollback(tx);
		return e;
	}
	if ((e = store_commit(tx, eb))) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
}

enum err catalog_agency_get(struct store *st, const char *code, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	char *doc = NULL;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e)
		return e;
	e = store_agency_get(tx, code, &doc, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND)
		err_setc(eb, ERR_NOTFOUND, "agency_not_found", "code", "agency %s not found", code);
	if (!e)
		*out = doc_parse(doc);
	free(doc);
	return e;
}

static int collect_doc(void *arg, const char *doc)
{
	json_t *v = doc_parse(doc);
	if (v)
		json_array_append_new(arg, v);
	return 0;
}

enum err catalog_agency_list(struct store *st, int flat, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	json_t *all = json_array();
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e) {
		json_decref(all);
		return e;
	}
	e = store_agency_each(tx, collect_doc, all, eb);
	store_rollback(tx);
	if (e) {
		json_decref(all);
		return e;
	}
	if (flat) {
		*out = all;
		return ERR_OK;
	}
	/* build the forest: index by code, attach each node to its parent */
	json_t *bycode = json_object(), *roots = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(all, i, a) {
		json_object_set_new(a, "children", json_array());
		json_object_set(bycode, json_string_value(json_object_get(a, "code")), a);
	}
	json_array_foreach(all, i, a) {
		const char *parent = json_string_value(json_object_get(a, "parent"));
		json_t *p = parent ? json_object_get(bycode, parent) : NULL;
		json_array_append(p ? json_object_get(p, "children") : roots, a);
	}
	json_decref(bycode);
	json_decref(all);
	*out = roots;
	return ERR_OK;
}

static int by_level(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	const char *cx = json_string_value(json_object_get(x, "code"));
	const char *cy = json_string_value(json_object_get(y, "code"));
	int lx = cx && agency_code_valid(cx) ? agency_code_level(cx) : 0;
	int ly = cy && agency_code_valid(cy) ? agency_code_level(cy) : 0;
	return lx - ly;
}

enum err catalog_agency_import(struct store *st, const struct actor *who, json_t *arr, int *created,
			       int *updated, struct errbuf *eb)
{
	struct stx *tx = NULL;
	enum err e;
	size_t n = json_array_size(arr);
	*created = *updated = 0;
	if (!json_is_array(arr))
		return err_set(eb, ERR_INVALID, "", "expected a JSON array of agencies");
	json_t **items = calloc(n ? n : 1, sizeof(*items));
	if (!items)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		items[i] = json_array_get(arr, i);
	/* parents (lower levels) first; successors may come later, so link
	 * them in a second pass */
	qsort(items, n, sizeof(*items), by_level);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			json_t *in = json_deep_copy(items[i]), *doc = NULL;
			const char *code = json_string_value(json_object_get(in, "code"));
			char *old = NULL;
			int exists = code && store_agency_get(tx, code, &old, NULL) == ERR_OK;
			free(old);
			if (pass == 0)
				json_object_del(in, "succeeded_by");
			else if (!json_object_get(in, "succeeded_by"))
				goto next;
			e = agency_save_tx(tx, who, in, exists ? code : NULL, &doc, eb);
			if (!e && pass == 0)
				(*(exists ? updated : created))++;
		next:
			json_decref(in);
			json_decref(doc);
			if (e) {
				size_t idx = 0;
				for (size_t k = 0; k < n; k++)
					if (json_array_get(arr, k) == items[i])
						idx = k;
				prefix_field(eb, idx);
				store_rollback(tx);
				goto out;
			}
		}
	}
	e = store_commit(tx, eb);
out:
	free(items);
	return e;
}

/* ---- procedures ---- */

/* Check the implementing agency (and unit) exist: 422 naming the field. */
static enum err procedure_refs(struct stx *tx, json_t *doc, struct errbuf *eb)
{
	static const char *const keys[] = {"agency", "unit"};
	enum err e;
	for (int i = 0; i < 2; i++)
		if ((e = agency_ref_exists(tx, doc, keys[i], eb)))
			return e;
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(doc, "steps"), i, step) {
		if ((e = agency_ref_exists(tx, step, "unit", eb))) {
			if (e == ERR_RULE) {
				char f[40];
				snprintf(f, sizeof(f), "steps[%zu].unit", i);
				err_setc(eb, ERR_RULE, "unknown_agency", f, "%s: agency %s does not exist", f,
					 json_string_value(json_object_get(step, "unit")));
			}
			return e;
		}
	}
	return ERR_OK;
}

/* The comparable part of a stored document: without the bookkeeping. */
static int same_content(json_t *stored, json_t *doc)
{
	json_t *a = json_deep_copy(stored), *b = json_deep_copy(doc);
	static const char *const bookkeeping[] = {"version", "status", "change"};
	for (size_t i = 0; i < 3; i++) {
		json_object_del(a, bookkeeping[i]);
		json_object_del(b, bookkeeping[i]);
	}
	/* a record without effective_from means "whenever it was": it is
	 * stamped with the day it is stored, so compare without it */
	if (json_is_null(json_object_get(doc, "effective_from"))) {
		json_object_del(a, "effective_from");
		json_object_del(b, "effective_from");
	}
	int eq = json_equal(a, b);
	json_decref(a);
	json_decref(b);
	return eq;
}

/* The item shown in search results, stored beside the document so a search
 * never parses whole documents. */
static json_t *summary_of(json_t *doc)
{
	json_int_t fees = 0;
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(doc, "fees"), i, f)
		fees += json_integer_value(json_object_get(f, "amount"));
	json_t *s = json_object();
	static const char *const keys[] = {"code", "name", "name_en", "field", "agency", "unit",
					   "online", "time_limit", "status", "version"};
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_t *v = json_object_get(doc, keys[k]);
		if (v)
			json_object_set(s, keys[k], v);
	}
	json_object_set_new(s, "fees_total", json_integer(fees));
	return s;
}

/* Write doc as the next version inside tx. explicit_version (0 = next)
 * comes from imports that carry their own numbering. *unchanged is set
 * when the current version already holds exactly this content. */
static enum err procedure_write(struct stx *tx, const struct actor *who, json_t *in, json_t *doc,
				enum catalog_mode mode, int explicit_version, int *unchanged,
				struct errbuf *eb)
{
	const char *code = json_string_value(json_object_get(doc, "code"));
	const char *want_status = json_string_value(json_object_get(in, "status"));
	int latest = 0;
	enum err e;
	char *text = NULL, *search = NULL, *cur = NULL, *summary = NULL;
	*unchanged = 0;
	if (want_status && strcmp(want_status, "active") && strcmp(want_status, "abolished") &&
	    strcmp(want_status, "amended"))
		return err_set(eb, ERR_INVALID, "status", "status must be active, amended or abolished");
	if ((e = procedure_refs(tx, doc, eb)) || (e = store_procedure_latest(tx, code, &latest, eb)))
		return e;
	if (mode == CATALOG_CREATE && latest > 0)
		return err_setc(eb, ERR_CONFLICT, "procedure_exists", "code",
				"procedure %s exists; PUT /api/v1/procedures/%s makes a new version", code,
				code);
	if (mode == CATALOG_NEW_VERSION && latest == 0)
		return err_setc(eb, ERR_NOTFOUND, "procedure_not_found", "code", "procedure %s not found", code);
	/* an import that numbers its versions: a stored version with that
	 * number must hold the same content; the next one is added; a gap is
	 * refused */
	if (explicit_version > 0 && explicit_version <= latest) {
		char *old = NULL;
		if ((e = store_procedure_get(tx, code, explicit_version, &old, eb)))
			return e;
		json_t *o = doc_parse(old);
		free(old);
		int same = o && same_content(o, doc);
		json_decref(o);
		if (!same)
			return err_setc(eb, ERR_CONFLICT, "version_conflict", "version",
					"version %d of %s is stored with other content", explicit_version,
					code);
		*unchanged = 1;
		return ERR_OK;
	}
	if (explicit_version > latest + 1)
		return err_setc(eb, ERR_CONFLICT, "version_conflict", "version",
				"version %d of %s cannot follow version %d", explicit_version, code, latest);
	if (latest > 0) {
		if ((e = store_procedure_get(tx, code, 0, &cur, eb)))
			return e;
		json_t *c = doc_parse(cur);
		free(cur);
		int same = c && same_content(c, doc);
		const char *cst = json_string_value(json_object_get(c, "status"));
		int abolished = cst && !strcmp(cst, "abolished");
		json_decref(c);
		if (same && !(want_status && !strcmp(want_status, "abolished") && !abolished)) {
			*unchanged = 1;
			return ERR_OK;
		}
		if (abolished)
			return err_setc(eb, ERR_CONFLICT, "procedure_abolished", "code",
					"procedure %s is abolished; publish a new code instead", code);
	}
	int abolish = want_status && !strcmp(want_status, "abolished");
	/* an import may describe a superseded version ("amended") followed by
	 * its successor: store it as active; the successor marks it amended */
	const char *status = abolish ? "abolished" : "active";
	const char *change = abolish ? "abolished" : (latest == 0 ? "new" : "amended");
	json_object_set_new(doc, "version", json_integer(latest + 1));
	json_object_set_new(doc, "status", json_string(status));
	json_object_set_new(doc, "change", json_string(change));
	text = doc_dump(doc);
	search = procedure_search_text(doc);
	json_t *dec = json_object_get(doc, "decision");
	struct store_procedure p = {
		.code = code,
		.version = latest + 1,
		.status = status,
		.change = change,
		.name = json_string_value(json_object_get(doc, "name")),
		.field = json_string_value(json_object_get(doc, "field")),
		.agency = json_string_value(json_object_get(doc, "agency")),
		.online = json_string_value(json_object_get(doc, "online")),
		.effective_from = json_string_value(json_object_get(doc, "effective_from")),
		.decision_number = json_string_value(json_object_get(dec, "number")),
		.decision_date = json_string_value(json_object_get(dec, "date")),
		.search_text = search,
		.summary = NULL,
		.doc = text,
		.recorded_at = vntime_now(),
	};
	if (!p.effective_from) {
		char today[16];
		vntime_format_date(p.recorded_at, today);
		json_object_set_new(doc, "effective_from", json_string(today));
		free(text);
		text = doc_dump(doc);
		p.doc = text;
		p.effective_from = json_string_value(json_object_get(doc, "effective_from"));
	}
	json_t *sj = summary_of(doc);
	summary = doc_dump(sj);
	json_decref(sj);
	p.summary = summary;
	if (!text || !search || !summary)
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	else
		e = store_procedure_add_version(tx, &p, abolish ? "abolished" : "amended", eb);
	if (!e) {
		char object[64];
		json_t *after = json_pack("{s:i,s:s,s:s,s:s,s:O}", "version", p.version, "status", status,
					  "change", change, "name", p.name, "decision", dec);
		snprintf(object, sizeof(object), "procedure:%s", code);
		e = audit_record(tx, who, abolish ? "procedure.abolish" : (latest ? "procedure.amend" : "procedure.create"),
				 object, NULL, after, eb);
		json_decref(after);
	}
	free(text);
	free(search);
	free(summary);
	return e;
}

enum err catalog_procedure_save(struct store *st, const struct actor *who, json_t *in,
				enum catalog_mode mode, const char *path_code, json_t **out,
				struct errbuf *eb)
{
	json_t *doc = NULL, *in2 = NULL;
	struct stx *tx = NULL;
	int unchanged;
	enum err e;
	*out = NULL;
	if (path_code && json_is_object(in)) {
		json_t *c = json_object_get(in, "code");
		if (c && (!json_is_string(c) || strcmp(json_string_value(c), path_code)))
			return err_set(eb, ERR_INVALID, "code", "code in the body differs from the URL (%s)",
				       path_code);
		in2 = json_deep_copy(in);
		json_object_set_new(in2, "code", json_string(path_code));
		in = in2;
	}
	/* version and status are the server's to assign */
	if (json_is_object(in)) {
		if (!in2)
			in = in2 = json_deep_copy(in);
		json_object_del(in, "version");
	}
	if ((e = procedure_validate(in, &doc, eb)))
		goto out;
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	if ((e = procedure_write(tx, who, in, doc, mode, 0, &unchanged, eb))) {
		store_rollback(tx);
		goto out;
	}
	if (unchanged) {
		store_rollback(tx);
		json_decref(doc);
		doc = NULL;
		e = catalog_procedure_get(st, json_string_value(json_object_get(in, "code")), 0, out, eb);
		goto out;
	}
	if ((e = store_commit(tx, eb)))
		goto out;
	*out = doc;
	doc = NULL;
out:
	json_decref(doc);
	json_decref(in2);
	return e;
}

enum err catalog_procedure_get(struct store *st, const char *code, int version, json_t **out,
			       struct errbuf *eb)
{
	struct stx *tx = NULL;
	char *doc = NULL;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e)
		return e;
	e = store_procedure_get(tx, code, version, &doc, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND)
		err_setc(eb, ERR_NOTFOUND, "procedure_not_found", "code", "procedure %s not found", code);
	if (!e)
		*out = doc_parse(doc);
	free(doc);
	return e;
}

enum err catalog_procedure_get_text(struct store *st, const char *code, int version, char **out,
				    struct errbuf *eb)
{
	struct stx *tx = NULL;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e)
		return e;
	e = store_procedure_get(tx, code, version, out, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND)
		err_setc(eb, ERR_NOTFOUND, "procedure_not_found", "code", "procedure %s not found", code);
	return e;
}

static int history_row(void *arg, const struct store_procedure *p)
{
	char when[32];
	vntime_format(p->recorded_at, when);
	json_t *dec = p->decision_number
			      ? json_pack("{s:s,s:o}", "number", p->decision_number, "date",
					  p->decision_date ? json_string(p->decision_date) : json_null())
			      : json_null();
	json_array_append_new(arg, json_pack("{s:i,s:s,s:s,s:s,s:s,s:o,s:s}", "version", p->version,
					     "change", p->change, "status", p->status, "name", p->name,
					     "effective_from", p->effective_from, "decision", dec,
					     "recorded_at", when));
	return 0;
}

enum err catalog_procedure_history(struct store *st, const char *code, json_t **out,
				   struct errbuf *eb)
{
	struct stx *tx = NULL;
	json_t *versions = json_array();
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e) {
		json_decref(versions);
		return e;
	}
	e = store_procedure_history(tx, code, history_row, versions, eb);
	store_rollback(tx);
	if (e) {
		if (e == ERR_NOTFOUND)
			err_setc(eb, ERR_NOTFOUND, "procedure_not_found", "code", "procedure %s not found", code);
		json_decref(versions);
		return e;
	}
	*out = json_pack("{s:s,s:o}", "code", code, "versions", versions);
	return ERR_OK;
}

enum err catalog_procedure_import(struct store *st, const struct actor *who, json_t *arr,
				  int *added, int *unchanged, struct errbuf *eb)
{
	struct stx *tx = NULL;
	enum err e;
	size_t i;
	json_t *in;
	*added = *unchanged = 0;
	if (!json_is_array(arr))
		return err_set(eb, ERR_INVALID, "", "expected a JSON array of procedures");
	if (json_array_size(arr) > 10000)
		return err_set(eb, ERR_LIMIT, "", "at most 10000 procedures per import");
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	e = ERR_OK;
	json_array_foreach(arr, i, in) {
		json_t *doc = NULL, *copy = json_is_object(in) ? json_deep_copy(in) : json_incref(in);
		int same = 0;
		long long version = 0;
		if (json_is_object(copy)) {
			e = jv_int(copy, "", "version", 0, 1, 100000, 0, &version, eb);
			json_object_del(copy, "version");
		}
		if (!e)
			e = procedure_validate(copy, &doc, eb);
		if (!e)
			e = procedure_write(tx, who, copy, doc, CATALOG_ANY, (int)version, &same, eb);
		json_decref(doc);
		json_decref(copy);
		if (e) {
			prefix_field(eb, i);
			store_rollback(tx);
			return e;
		}
		(*(same ? unchanged : added))++;
	}
	return store_commit(tx, eb);
}

struct hit {
	double score;
	char *code;
	char *summary;
};

struct hits {
	struct hit *v;
	size_t n, cap;
	const struct proc_query *pq;
};

static int collect_hit(void *arg, const struct store_procedure_hit *h)
{
	struct hits *hs = arg;
	double score = hs->pq && hs->pq->ntokens ? proc_rank(hs->pq, h->code, h->search_text) : 1;
	if (score <= 0)
		return 0;
	if (hs->n == hs->cap) {
		size_t cap = hs->cap ? hs->cap * 2 : 64;
		struct hit *v = realloc(hs->v, cap * sizeof(*v));
		if (!v)
			return 1;
		hs->v = v;
		hs->cap = cap;
	}
	hs->v[hs->n].score = score;
	hs->v[hs->n].code = strdup(h->code);
	hs->v[hs->n].summary = strdup(h->summary);
	hs->n++;
	return 0;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->code, y->code);
}

enum err catalog_procedure_search(struct store *st, const struct catalog_search *s,
				  char **items, int *more, struct errbuf *eb)
{
	struct proc_query pq;
	struct hits hs = {0};
	struct stx *tx = NULL;
	enum err e;
	*items = NULL;
	*more = 0;
	if ((e = proc_query_parse(s->q ? s->q : "", &pq, eb)))
		return e;
	if (s->field && !utf8_valid(s->field, strlen(s->field))) {
		proc_query_release(&pq);
		return err_set(eb, ERR_INVALID, "field", "field is not valid UTF-8");
	}
	hs.pq = &pq;
	struct store_procedure_query q = {
		.tokens = (const char *const *)pq.tokens,
		.ntokens = pq.ntokens,
		.agency = s->agency,
		.field = s->field && *s->field ? s->field : NULL,
		.online = s->online,
		.max_rows = 20000,
	};
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		goto out;
	/* an exact code typed as the query matches even if its words do not */
	if ((e = store_procedure_search(tx, &q, collect_hit, &hs, eb)))
		goto out;
	if (hs.n == 0 && pq.raw_code[0] && procedure_code_valid(pq.raw_code)) {
		q.ntokens = 0;
		char *doc = NULL;
		if (store_procedure_get(tx, pq.raw_code, 0, &doc, NULL) == ERR_OK) {
			json_t *d = doc_parse(doc);
			const char *st_ = json_string_value(json_object_get(d, "status"));
			if (!d || (st_ && !strcmp(st_, "abolished"))) {
				json_decref(d);
				free(doc);
				goto ranked;
			}
			json_t *sj = summary_of(d);
			char *sum = doc_dump(sj);
			struct store_procedure_hit h = {pq.raw_code, json_string_value(json_object_get(d, "name")), "", sum};
			struct hits tmp = hs;
			tmp.pq = NULL;
			collect_hit(&tmp, &h);
			hs = tmp;
			hs.pq = &pq;
			json_decref(d);
			json_decref(sj);
			free(sum);
		}
		free(doc);
	}
ranked:
	if (hs.n > 1)
		qsort(hs.v, hs.n, sizeof(*hs.v), hit_cmp);
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_addc(&b, '[');
	for (size_t i = (size_t)s->offset; i < hs.n && i < (size_t)(s->offset + s->limit); i++) {
		/* the stored summary is an object: splice the score in before '}' */
		size_t len = hs.v[i].summary ? strlen(hs.v[i].summary) : 0;
		if (len < 2)
			continue;
		if (b.len > 1)
			buf_addc(&b, ',');
		buf_add(&b, hs.v[i].summary, len - 1);
		buf_addf(&b, ",\"score\":%.2f}", hs.v[i].score);
	}
	buf_addc(&b, ']');
	if (b.over) {
		buf_release(&b);
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	*more = hs.n > (size_t)(s->offset + s->limit);
	if (s->total)
		*s->total = (long)hs.n;
	*items = buf_detach(&b, NULL);
out:
	store_rollback(tx);
	for (size_t i = 0; i < hs.n; i++) {
		free(hs.v[i].code);
		free(hs.v[i].summary);
	}
	free(hs.v);
	proc_query_release(&pq);
	return e;
}

static int collect_field(void *arg, const char *field)
{
	json_array_append_new(arg, json_string(field));
	return 0;
}

enum err catalog_fields(struct store *st, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	json_t *arr = json_array();
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (!e)
		e = store_procedure_fields(tx, collect_field, arr, eb);
	store_rollback(tx);
	if (e) {
		json_decref(arr);
		return e;
	}
	*out = arr;
	return ERR_OK;
}
