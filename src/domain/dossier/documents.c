/*
 * documents.c - the papers of a dossier as electronic documents (R-DG):
 * attaching a scan or an uploaded file to a component with its
 * digitization metadata, reuse of documents the citizen already gave
 * (flags 0-3 of R-DG-2), and the citizen's store of reusable documents
 * and results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier_int.h"
#include "domain/files/files.h"
#include "domain/jsonv.h"
#include "store/store.h"

/* Digitization metadata (R-DG-1), validated into *out. */
static enum err check_meta(json_t *in, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {"document_type", "number", "issuer", "issue_date",
					   "valid_until", "owner_id", NULL};
	const char *type, *number, *issuer, *issued, *valid, *owner;
	enum err e;
	*out = NULL;
	if (!in || json_is_null(in))
		return ERR_OK;
	if (!json_is_object(in))
		return err_set(eb, ERR_INVALID, "metadata", "metadata must be an object");
	if ((e = jv_only(in, "metadata.", keys, eb)) ||
	    (e = jv_str(in, "metadata.", "document_type", 0, 200, &type, eb)) ||
	    (e = jv_str(in, "metadata.", "number", 0, 100, &number, eb)) ||
	    (e = jv_str(in, "metadata.", "issuer", 0, 300, &issuer, eb)) ||
	    (e = jv_date(in, "metadata.", "issue_date", 0, &issued, eb)) ||
	    (e = jv_date(in, "metadata.", "valid_until", 0, &valid, eb)) ||
	    (e = jv_str(in, "metadata.", "owner_id", 0, 20, &owner, eb)))
		return e;
	*out = json_pack("{s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}", "document_type", type, "number", number,
			 "issuer", issuer, "issue_date", issued, "valid_until", valid, "owner_id", owner);
	return ERR_OK;
}

static json_t *find_component(json_t *doc, const char *code)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(doc, "documents"), i, d)
		if (!strcmp(ds_str(d, "code"), code))
			return d;
	return NULL;
}

enum err dossier_attach_document(struct store *st, const struct account_user *u,
				 const struct actor *who, const char *code, json_t *in,
				 int64_t dossier_max_bytes, int64_t now, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {"code", "file_id", "kind", "metadata", NULL};
	static const char *const kinds[] = {"original", "certified_copy", "photocopy", NULL};
	const char *comp, *file_id, *kind;
	json_t *meta = NULL, *doc = NULL, *cur = NULL;
	struct files_meta fm;
	struct stx *tx = NULL;
	struct store_dossier_row row = {0};
	enum err e;
	*out = NULL;
	if (!json_is_object(in))
		return err_set(eb, ERR_INVALID, "", "the body must be {\"code\", \"file_id\", ...}");
	if ((e = jv_only(in, "", keys, eb)) || (e = jv_str(in, "", "code", 1, 32, &comp, eb)) ||
	    (e = jv_str(in, "", "file_id", 1, 40, &file_id, eb)) ||
	    (e = jv_enum(in, "", "kind", 0, kinds, &kind, eb)) ||
	    (e = check_meta(json_object_get(in, "metadata"), &meta, eb)))
		return e;
	if (!(u->roles & ((1u << ROLE_DESK) | (1u << ROLE_SPECIALIST)))) {
		json_decref(meta);
		return err_setc(eb, ERR_FORBIDDEN, "forbidden", NULL,
				"documents are digitized by the one-stop desk or the specialist");
	}
	/* the dossier must be visible (404 otherwise) and still open */
	if ((e = dossier_get(st, u, code, &cur, eb)))
		goto out;
	int status = (int)json_integer_value(json_object_get(cur, "status"));
	json_decref(cur);
	if (!(DS_OPEN & DS_BIT(status))) {
		e = err_setc(eb, ERR_CONFLICT, "dossier_closed", "code", "the dossier is closed");
		goto out;
	}
	if ((e = files_owned(st, u, file_id, &fm, eb))) {
		if (e == ERR_NOTFOUND && !files_visible(st, u, file_id))
			err_setc(eb, ERR_RULE, "file_not_found", "file_id",
				 "file %s does not exist or is not yours", file_id);
		else if (e == ERR_NOTFOUND)
			e = ERR_OK; /* a file already attached to a dossier in scope */
		if (e)
			goto out;
	}
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)) || (e = store_dossier_get(tx, code, &row, eb)))
		goto fail;
	if (!(doc = json_loads(row.doc, 0, NULL))) {
		e = err_set(eb, ERR_STORE, NULL, "stored dossier unreadable");
		goto fail;
	}
	json_t *c = find_component(doc, comp);
	if (!c) {
		e = err_setc(eb, ERR_RULE, "document_not_in_procedure", "code",
			     "%s is not in the procedure's published list of documents", comp);
		goto fail;
	}
	int64_t bytes = 0;
	struct store_file_row fr;
	if ((e = store_dossier_file_bytes(tx, code, &bytes, eb)) ||
	    (e = store_file_get(tx, file_id, &fr, NULL, eb)))
		goto fail;
	int64_t fsize = fr.size;
	char sha[65];
	snprintf(sha, sizeof(sha), "%s", fr.sha256);
	store_file_release(&fr);
	if (bytes + fsize > dossier_max_bytes) {
		e = err_setc(eb, ERR_LIMIT, "too_large", "file_id",
			     "the files of one dossier may not exceed %lld bytes", (long long)dossier_max_bytes);
		goto fail;
	}
	json_object_set_new(c, "present", json_true());
	json_object_set_new(c, "file_id", json_string(file_id));
	json_object_set_new(c, "sha256", json_string(sha));
	json_object_set_new(c, "digitized", json_true());
	if (!json_is_integer(json_object_get(c, "reuse")))
		json_object_set_new(c, "reuse", json_integer(1));
	if (kind)
		json_object_set_new(c, "kind", json_string(kind));
	if (meta)
		json_object_set(c, "metadata", meta);
	json_object_set_new(c, "digitized_by", json_pack("{s:s,s:s}", "username", u->username, "name", u->name));
	ds_set_time(c, "digitized_at", now);
	json_t *detail = json_pack("{s:s,s:s,s:s}", "code", comp, "file_id", file_id, "sha256", sha);
	char *dtext = json_dumps(detail, JSON_COMPACT);
	char object[80];
	snprintf(object, sizeof(object), "dossier:%s", code);
	e = dtext ? ERR_OK : err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if (!e)
		e = ds_save(tx, doc, 0, row.citizen_user, now, eb);
	if (!e)
		e = store_file_link(tx, file_id, code, eb);
	if (!e)
		e = store_dossier_event_add(tx, code, now, "attach_document", row.status, row.status,
					    who && who->username ? who->username : "", dtext, eb);
	if (!e)
		e = audit_record(tx, who, "dossier.attach_document", object, NULL, detail, eb);
	free(dtext);
	json_decref(detail);
	if (e)
		goto fail;
	if ((e = store_commit(tx, eb)))
		goto out;
	*out = doc;
	doc = NULL;
	goto out;
fail:
	store_rollback(tx);
out:
	store_dossier_row_release(&row);
	json_decref(doc);
	json_decref(meta);
	return e;
}

/* The files of the citizen's dossiers, as the citizen's store. */
struct cstore {
	json_t *items;
	char today[16];
};

static int add_citizen_doc(void *arg, const char *text)
{
	struct cstore *c = arg;
	json_t *doc = json_loads(text, 0, NULL), *d;
	size_t i;
	if (!doc)
		return 0;
	json_array_foreach(json_object_get(doc, "documents"), i, d) {
		const char *fid = ds_str(d, "file_id");
		const char *valid = ds_str(json_object_get(d, "metadata"), "valid_until");
		if (!fid || !json_is_true(json_object_get(d, "digitized")) || (valid && strcmp(valid, c->today) < 0))
			continue;
		json_array_append_new(c->items, json_pack("{s:s,s:s,s:O?,s:O?,s:O?,s:O?,s:O?}", "id", fid, "kind",
							  "component", "code", json_object_get(d, "code"),
							  "name", json_object_get(d, "name"), "dossier",
							  json_object_get(doc, "code"), "metadata",
							  json_object_get(d, "metadata"), "digitized_at",
							  json_object_get(d, "digitized_at")));
	}
	json_array_foreach(json_object_get(doc, "result_documents"), i, d) {
		const char *fid = ds_str(d, "file_id");
		if (!fid)
			continue;
		json_array_append_new(c->items, json_pack("{s:s,s:s,s:O?,s:O?,s:O?}", "id", fid, "kind", "result",
							  "name", json_object_get(d, "name"), "dossier",
							  json_object_get(doc, "code"), "issued_at",
							  json_object_get(doc, "finished_at")));
	}
	json_decref(doc);
	return 0;
}

enum err dossier_citizen_documents(struct store *st, const struct account_user *u, int64_t now,
				   json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	struct cstore c = {json_array(), ""};
	struct store_dossier_query q = {0};
	vntime_format_date(now, c.today);
	q.citizen_user = u->id ? u->id : -1;
	q.limit = 1000;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	if (!e)
		e = store_dossier_list(tx, &q, add_citizen_doc, &c, eb);
	store_rollback(tx);
	if (e) {
		json_decref(c.items);
		return e;
	}
	*out = c.items;
	return ERR_OK;
}

enum err ds_check_files(struct store *st, const struct account_user *u, json_t *doc, int64_t now,
			struct errbuf *eb)
{
	json_t *d, *mine = NULL;
	size_t i;
	enum err e = ERR_OK;
	json_array_foreach(json_object_get(doc, "documents"), i, d) {
		const char *fid = ds_str(d, "file_id"), *reuse = ds_str(d, "reuse_of");
		char f[48];
		if (fid) {
			struct files_meta fm;
			snprintf(f, sizeof(f), "documents[%zu].file_id", i);
			if ((e = files_owned(st, u, fid, &fm, eb))) {
				if (e == ERR_NOTFOUND)
					e = err_setc(eb, ERR_RULE, "file_not_found", f,
						     "%s: file %s does not exist or is not yours", f, fid);
				break;
			}
			json_object_set_new(d, "sha256", json_string(fm.sha256));
			json_object_set_new(d, "digitized", json_true());
			json_object_set_new(d, "reuse", json_integer(1));
		} else if (reuse) {
			/* R-DG-2: a document the citizen already gave, still valid */
			snprintf(f, sizeof(f), "documents[%zu].reuse_of", i);
			if (!mine && (e = dossier_citizen_documents(st, u, now, &mine, eb)))
				break;
			json_t *hit = NULL, *x;
			size_t k;
			json_array_foreach(mine, k, x)
				if (!strcmp(ds_str(x, "id"), reuse))
					hit = x;
			if (!hit) {
				e = err_setc(eb, ERR_RULE, "not_in_your_documents", f,
					     "%s: %s is not a valid document of yours", f, reuse);
				break;
			}
			int result = !strcmp(ds_str(hit, "kind"), "result");
			json_object_set_new(d, "file_id", json_string(reuse));
			json_object_set_new(d, "digitized", json_true());
			json_object_set_new(d, "reuse", json_integer(result ? 3 : 2));
			json_object_set_new(d, "from_citizen_store", json_true());
			json_object_set(d, "reused_from", json_object_get(hit, "dossier"));
			if (json_object_get(hit, "metadata"))
				json_object_set(d, "metadata", json_object_get(hit, "metadata"));
		} else {
			json_object_set_new(d, "digitized", json_false());
			json_object_set_new(d, "reuse", json_integer(0));
		}
	}
	json_decref(mine);
	return e;
}

enum err ds_link_files(struct stx *tx, json_t *doc, struct errbuf *eb)
{
	static const char *const lists[] = {"documents", "result_documents"};
	const char *code = ds_str(doc, "code");
	for (int l = 0; l < 2; l++) {
		json_t *d;
		size_t i;
		json_array_foreach(json_object_get(doc, lists[l]), i, d) {
			const char *fid = ds_str(d, "file_id");
			enum err e;
			if (fid && (e = store_file_link(tx, fid, code, eb)))
				return e;
		}
	}
	return ERR_OK;
}
