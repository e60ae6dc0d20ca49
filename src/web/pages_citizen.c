/*
 * pages_citizen.c - the citizen's pages: filing a dossier online for a
 * procedure with full or partial online service (R-PR-3), "my dossiers",
 * and the public lookup by dossier code (the QR code on Form 01 points
 * to /tra-cuu/{code}), where the applicant's ID number unlocks the steps.
 *
 * For each paper of the procedure the citizen uploads a file (PDF, JPEG or
 * PNG, judged by its content), picks a document from their store (R-DG-2:
 * earlier digitized papers and electronic results), or ticks it to bring
 * it to the desk. The form is multipart; a file accepted in an attempt
 * that failed for another reason is stored at once and its id kept in a
 * hidden field, so it need not be sent again.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/procedure.h"
#include "domain/dossier/dossier.h"
#include "domain/files/files.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

/* The applicant fields of the filing and intake forms: HTML name, JSON
 * member of "applicant". */
static const char *const applicant_fields[][2] = {
	{"applicant_kind", "kind"},       {"applicant_name", "name"},   {"applicant_id_number", "id_number"},
	{"applicant_phone", "phone"},     {"applicant_email", "email"}, {"applicant_address", "address"},
};

json_t *page_kind_options(int en, const char *selected)
{
	static const char *const kinds[] = {"citizen", "enterprise", "organisation", "agency"};
	json_t *out = json_array();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *l = view_msg_opt(en, "kind_", kinds[i]);
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value", kinds[i], "label", l ? l : kinds[i],
						     "selected", selected ? !strcmp(selected, kinds[i]) : i == 0));
	}
	return out;
}

/* The version of a procedure that a dossier filed today is handled under
 * (as dossier_create() decides it, R-RS-1): the newest one already in
 * effect; 0 (the current one) when that is the current one, when none is
 * in effect yet, or when it is abolished (the page then says so). */
static int version_in_force(struct api_req *r, const char *code)
{
	struct errbuf eb;
	json_t *hist = NULL, *v;
	char today[16];
	size_t i;
	int best = 0, last = 0;
	if (catalog_procedure_history(r->ctx->store, code, &hist, &eb) != ERR_OK)
		return 0;
	vntime_format_date(api_now(r), today);
	json_array_foreach(json_object_get(hist, "versions"), i, v) {
		const char *eff = json_string_value(json_object_get(v, "effective_from"));
		int n = (int)json_integer_value(json_object_get(v, "version"));
		const char *st = json_string_value(json_object_get(v, "status"));
		if (n > last)
			last = n;
		if ((!eff || strcmp(eff, today) <= 0) && n > best && !(st && !strcmp(st, "abolished")))
			best = n;
	}
	json_decref(hist);
	return best && best != last ? best : 0;
}

json_t *page_procedure_for_form(struct api_req *r, int en, const char *code, json_t *form)
{
	struct errbuf eb;
	json_t *p = NULL, *d;
	size_t i;
	char buf[128];
	if (!code || !procedure_code_valid(code) ||
	    catalog_procedure_get(r->ctx->store, code, version_in_force(r, code), &p, &eb) != ERR_OK)
		return NULL;
	if (en && json_is_string(json_object_get(p, "name_en")))
		json_object_set(p, "name", json_object_get(p, "name_en"));
	page_time_text(en, json_object_get(p, "time_limit"), 0, buf, sizeof(buf));
	json_object_set_new(p, "time_text", json_string(buf));
	page_time_text(en, json_object_get(p, "time_limit"), 1, buf, sizeof(buf));
	if (buf[0])
		json_object_set_new(p, "online_time_text", json_string(buf));
	long long fees = 0;
	json_array_foreach(json_object_get(p, "fees"), i, d)
		fees += json_integer_value(json_object_get(d, "amount"));
	if (fees > 0)
		view_money(fees, en, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", view_msg(en, "free"));
	json_object_set_new(p, "fee_text", json_string(buf));
	const char *ol = view_msg_opt(en, "online_", json_string_value(json_object_get(p, "online")));
	json_object_set_new(p, "online_text", json_string(ol ? ol : ""));
	json_array_foreach(json_object_get(p, "documents"), i, d)
		json_object_set_new(d, "checked",
				    json_boolean(form && webform_has(form, "doc",
								     json_string_value(json_object_get(d, "code")))));
	return p;
}

/* The same checks as dossier_create(), made here too so that every
 * mistake of the form shows at once ("guide once, completely"). */
static int id_number_ok(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n == 9 || n == 12;
}

static int phone_ok(const char *s)
{
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (isdigit((unsigned char)s[i]))
			k++;
		else if (!(i == 0 && s[i] == '+') && s[i] != ' ' && s[i] != '.')
			return 0;
	}
	return k >= 9 && k <= 12;
}

static int email_ok(const char *s)
{
	return s[0] != '@' && strchr(s, '@') && !strchr(s, ' ');
}

json_t *page_applicant_from_form(int en, json_t *form, json_t *values, json_t *errors)
{
	json_t *a = json_object();
	for (size_t i = 0; i < sizeof(applicant_fields) / sizeof(applicant_fields[0]); i++) {
		const char *v = webform_get(form, applicant_fields[i][0]);
		if (!v)
			continue;
		json_object_set_new(values, applicant_fields[i][0], json_string(v));
		json_object_set_new(a, applicant_fields[i][1], json_string(v));
	}
	const char *id = json_string_value(json_object_get(a, "id_number"));
	const char *phone = json_string_value(json_object_get(a, "phone"));
	const char *email = json_string_value(json_object_get(a, "email"));
	if (id && !id_number_ok(id))
		json_object_set_new(errors, "applicant_id_number",
				    json_string(view_msg(en, "e_field_applicant_id_number")));
	if (phone && !phone_ok(phone))
		json_object_set_new(errors, "applicant_phone", json_string(view_msg(en, "e_field_applicant_phone")));
	if (email && !email_ok(email))
		json_object_set_new(errors, "applicant_email", json_string(view_msg(en, "e_field_applicant_email")));
	return a;
}

int page_missing_required(json_t *p, json_t *form, char *buf, size_t sz)
{
	size_t i, o = 0;
	json_t *d;
	int n = 0;
	buf[0] = '\0';
	json_array_foreach(json_object_get(p, "documents"), i, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		if (!json_is_true(json_object_get(d, "required")) || !code || webform_has(form, "doc", code))
			continue;
		if (o < sz)
			o += (size_t)snprintf(buf + o, sz - o, "%s%s", n ? "; " : "",
					      json_string_value(json_object_get(d, "name")));
		n++;
	}
	return n;
}

/* The citizen's reusable documents (R-DG-2), each once, as
 * {"id", "label", "code"?}; an empty array when there are none. */
json_t *page_my_documents_options(struct api_req *r, int en)
{
	struct errbuf eb;
	json_t *mine = NULL, *out = json_array(), *it;
	size_t i;
	if (!r->user || dossier_citizen_documents(r->ctx->store, r->user, api_now(r), &mine, &eb) != ERR_OK)
		return out;
	json_array_foreach(mine, i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		const char *name = json_string_value(json_object_get(it, "name"));
		const char *dossier = json_string_value(json_object_get(it, "dossier"));
		const char *number = json_string_value(json_object_get(json_object_get(it, "metadata"), "number"));
		const char *kind = json_string_value(json_object_get(it, "kind"));
		int result = kind && !strcmp(kind, "result");
		json_t *x;
		size_t k;
		int dup = 0;
		char label[700];
		if (!id)
			continue;
		json_array_foreach(out, k, x)
			dup |= !strcmp(json_string_value(json_object_get(x, "id")), id);
		if (dup)
			continue;
		snprintf(label, sizeof(label), "%s%s%s — %s %s", result ? view_msg(en, "doc_kind_result") : "",
			 result ? ": " : "", name ? name : id, view_msg(en, "doc_from_dossier"),
			 dossier ? dossier : "");
		if (number) {
			size_t o = strlen(label);
			snprintf(label + o, sizeof(label) - o, " (%s %s)", view_msg(en, "doc_meta_number"), number);
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:O?}", "id", id, "label", label, "code",
						     result ? NULL : json_object_get(it, "code")));
	}
	json_decref(mine);
	return out;
}

/* The choices of the component code: documents of the same component
 * first, then the rest; selected marked. */
static json_t *reuse_options(json_t *mine, const char *code, const char *selected)
{
	json_t *out = json_array(), *it;
	size_t i;
	for (int pass = 0; pass < 2; pass++)
		json_array_foreach(mine, i, it) {
			const char *c = json_string_value(json_object_get(it, "code"));
			int same = c && code && !strcmp(c, code);
			if (same != (pass == 0))
				continue;
			const char *id = json_string_value(json_object_get(it, "id"));
			json_array_append_new(out, json_pack("{s:s,s:O,s:b}", "value", id, "label",
							     json_object_get(it, "label"), "selected",
							     selected && !strcmp(selected, id)));
		}
	return out;
}

static void file_show(struct api_req *r, int status, json_t *form, json_t *errors, json_t *values)
{
	int en = page_en(r);
	json_t *p = page_procedure_for_form(r, en, r->params[0], form);
	char self[200], key[80];
	json_t *d;
	size_t i;
	if (!p) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		return;
	}
	json_t *mine = page_my_documents_options(r, en);
	json_array_foreach(json_object_get(p, "documents"), i, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		if (!code)
			continue;
		snprintf(key, sizeof(key), "doc_%s", code);
		if (json_is_string(json_object_get(errors, key)))
			json_object_set(d, "doc_err", json_object_get(errors, key));
		snprintf(key, sizeof(key), "file_%s", code);
		const char *kept = json_string_value(json_object_get(values, key));
		if (kept) {
			snprintf(key, sizeof(key), "file_%s_name", code);
			json_object_set_new(d, "kept", json_pack("{s:s,s:O?}", "id", kept, "name",
								 json_object_get(values, key)));
		}
		snprintf(key, sizeof(key), "reuse_%s", code);
		json_object_set_new(d, "reuse", reuse_options(mine, code, json_string_value(json_object_get(values, key))));
	}
	json_decref(mine);
	json_t *model = json_pack("{s:o,s:o,s:o}", "p", p, "err", errors ? json_incref(errors) : json_object(),
				  "val", values ? json_incref(values) : json_object());
	const char *online = json_string_value(json_object_get(p, "online"));
	const char *pst = json_string_value(json_object_get(p, "status"));
	if (page_is_officer(r->user))
		json_object_set_new(model, "blocked", json_string(view_msg(en, "file_officer")));
	else if (!online || !strcmp(online, "none"))
		json_object_set_new(model, "blocked", json_string(view_msg(en, "file_not_online")));
	else if (pst && !strcmp(pst, "abolished"))
		json_object_set_new(model, "blocked", json_string(view_msg(en, "file_abolished")));
	json_object_set_new(model, "kinds",
			    page_kind_options(en, json_string_value(json_object_get(values, "applicant_kind"))));
	json_object_set_new(model, "is_desk", json_boolean(page_has_role(r->user, ROLE_DESK)));
	snprintf(self, sizeof(self), "/thu-tuc/%s/nop-truc-tuyen", r->params[0]);
	json_object_set_new(model, "self_url", json_string(self));
	page_render(r, status, "file", view_msg(en, "file_title"), model);
}

void page_file_form(struct api_req *r)
{
	file_show(r, 200, NULL, NULL, NULL);
}

enum err page_store_upload(struct api_req *r, int en, const struct api_file *f, json_t *errors,
			   const char *key, json_t **stored)
{
	struct errbuf eb;
	struct actor who;
	char roles[160], text[600];
	api_actor(r, &who, roles);
	enum err e = files_store(r->ctx->store, r->user, &who, f->fd, f->sz, f->name, stored, &eb);
	if (e == ERR_RULE && !strcmp(eb.code, "unsupported_type"))
		json_object_set_new(errors, key, json_string(view_msg(en, "doc_e_type")));
	else if (e)
		json_object_set_new(errors, key, json_string(page_err_text(en, e, &eb, text, sizeof(text))));
	return e;
}

/* The documents of the dossier from what the form gave for each
 * component (see the top of this file): {"code", "file_id" | "reuse_of"}
 * or just {"code"} for a paper ticked; errors by "doc_<code>" and the
 * names of required papers given in no way into missing. */
static json_t *filing_documents(struct api_req *r, int en, json_t *p, json_t *form, json_t *values,
				json_t *errors, char *missing, size_t msz)
{
	json_t *docs = json_array(), *d;
	json_t *mine = page_my_documents_options(r, en);
	size_t i, o = 0;
	char key[80], nkey[96];
	missing[0] = '\0';
	json_array_foreach(json_object_get(p, "documents"), i, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		const char *fid = NULL, *reuse;
		json_t *stored = NULL;
		if (!code)
			continue;
		snprintf(key, sizeof(key), "doc_%s", code);
		const struct api_file *f = api_form_file(r, key);
		snprintf(nkey, sizeof(nkey), "file_%s_name", code);
		if (f) {
			if (page_store_upload(r, en, f, errors, key, &stored) == ERR_OK) {
				fid = json_string_value(json_object_get(stored, "id"));
				json_object_set(values, nkey, json_object_get(stored, "name"));
			}
		} else {
			struct errbuf eb;
			struct files_meta fm;
			snprintf(nkey, sizeof(nkey), "file_%s", code);
			const char *kept = webform_get(form, nkey);
			snprintf(nkey, sizeof(nkey), "file_%s_name", code);
			if (files_id_valid(kept) && files_owned(r->ctx->store, r->user, kept, &fm, &eb) == ERR_OK) {
				fid = kept;
				json_object_set_new(values, nkey, json_string(fm.name));
			}
		}
		snprintf(nkey, sizeof(nkey), "reuse_%s", code);
		reuse = webform_get(form, nkey);
		if (reuse) {
			json_t *x;
			size_t k;
			int known = 0;
			json_array_foreach(mine, k, x)
				known |= !strcmp(json_string_value(json_object_get(x, "id")), reuse);
			json_object_set_new(values, nkey, json_string(reuse));
			if (!known) {
				json_object_set_new(errors, key, json_string(view_msg(en, "doc_e_reuse")));
				reuse = NULL;
			}
		}
		if (fid) {
			snprintf(nkey, sizeof(nkey), "file_%s", code);
			json_object_set_new(values, nkey, json_string(fid));
			json_array_append_new(docs, json_pack("{s:s,s:s}", "code", code, "file_id", fid));
		} else if (reuse) {
			json_array_append_new(docs, json_pack("{s:s,s:s}", "code", code, "reuse_of", reuse));
		} else if (webform_has(form, "doc", code)) {
			json_array_append_new(docs, json_pack("{s:s}", "code", code));
		} else if (json_is_true(json_object_get(d, "required")) && !f) {
			if (!json_object_get(errors, key))
				json_object_set_new(errors, key, json_string(view_msg(en, "doc_e_required")));
			if (o < msz)
				o += (size_t)snprintf(missing + o, msz - o, "%s%s", o ? "; " : "",
						      json_string_value(json_object_get(d, "name")));
		}
		json_decref(stored);
	}
	json_decref(mine);
	return docs;
}

/* The component of a domain error on documents[i]: "doc_<code>". */
static int doc_error_key(json_t *docs, const char *field, char *key, size_t sz)
{
	unsigned long i;
	if (!field || sscanf(field, "documents[%lu]", &i) != 1)
		return 0;
	const char *code = json_string_value(json_object_get(json_array_get(docs, i), "code"));
	if (!code)
		return 0;
	snprintf(key, sz, "doc_%s", code);
	return 1;
}

void page_file_post(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char roles[160], missing[2000];
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *out = NULL;
	json_t *p = page_procedure_for_form(r, en, r->params[0], form);
	json_t *in = NULL;
	if (!p) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		goto out;
	}
	if (page_is_officer(r->user)) {
		file_show(r, 403, form, errors, values);
		goto out;
	}
	json_t *applicant = page_applicant_from_form(en, form, values, errors);
	const char *summary = webform_get(form, "summary");
	if (summary)
		json_object_set_new(values, "summary", json_string(summary));
	/* the page asks for what the desk will need to reach the applicant */
	static const char *const required[] = {"applicant_name", "applicant_id_number", "applicant_phone"};
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!json_object_get(values, required[i]))
			json_object_set_new(errors, required[i], json_string(view_msg(en, "e_required")));
	json_t *docs = filing_documents(r, en, p, form, values, errors, missing, sizeof(missing));
	if (missing[0]) {
		char m[2200];
		snprintf(m, sizeof(m), "%s %s", view_msg(en, "e_docs_missing_online"), missing);
		json_object_set_new(errors, "documents", json_string(m));
	}
	if (!webform_get(form, "pledge"))
		json_object_set_new(errors, "pledge", json_string(view_msg(en, "e_pledge")));
	else
		json_object_set_new(values, "pledge", json_true());
	in = json_pack("{s:s,s:i,s:o,s:o}", "procedure", r->params[0], "channel", 2, "applicant", applicant,
		       "documents", docs);
	if (summary)
		json_object_set_new(in, "summary", json_string(summary));
	if (json_object_size(errors)) {
		file_show(r, 400, form, errors, values);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = dossier_create(r->ctx->store, r->user, &who, in, api_now(r), &out, &eb);
	if (e) {
		char key[80], text[600];
		if (doc_error_key(docs, eb.field, key, sizeof(key)))
			json_object_set_new(errors, key,
					    json_string(!strcmp(eb.code, "not_in_your_documents") ? view_msg(en, "doc_e_reuse")
							: !strcmp(eb.code, "file_not_found")     ? view_msg(en, "doc_e_not_found")
								: page_err_text(en, e, &eb, text, sizeof(text))));
		else
			page_set_error(errors, en, e, &eb);
		file_show(r, api_status_of(e), form, errors, values);
		goto out;
	}
	page_redirect(r, "/ho-so/%s?ok=filed", json_string_value(json_object_get(out, "code")));
out:
	json_decref(p);
	json_decref(in);
	json_decref(out);
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

void page_my_dossiers(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct dossier_filter f = {0};
	json_t *items = NULL;
	int more = 0;
	if (page_is_staff(r->user)) {
		page_redirect(r, "/can-bo");
		return;
	}
	f.queue = DQ_ALL;
	f.limit = 100;
	enum err e = dossier_list(r->ctx->store, r->user, &f, api_now(r), &items, &more, &eb);
	if (e) {
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		return;
	}
	view_decorate(items, en);
	page_render(r, 200, "my_dossiers", view_msg(en, "my_title"),
		    json_pack("{s:b,s:o}", "has_items", json_array_size(items) > 0, "items", items));
}

/* A code as people type it: trimmed and upper-cased ("h50" is "H50"). */
static void normalise_code(const char *in, char *out, size_t sz)
{
	size_t o = 0;
	for (const char *p = in ? in : ""; *p && o + 1 < sz; p++)
		if (!isspace((unsigned char)*p))
			out[o++] = (char)toupper((unsigned char)*p);
	out[o] = '\0';
}

static void lookup_show(struct api_req *r, int status, const char *code, const char *id_number)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *l = NULL, *model = json_object(), *names = NULL;
	char buf[200];
	json_object_set_new(model, "code", json_string(code ? code : ""));
	snprintf(buf, sizeof(buf), "/tra-cuu/%s", code ? code : "");
	json_object_set_new(model, "self_url", json_string(code ? buf : "/tra-cuu"));
	if (!code) {
		page_render(r, status, "lookup", view_msg(en, "lookup_title"), model);
		return;
	}
	enum err e = page_dossier_code_ok(code) ? dossier_lookup(r->ctx->store, code, id_number, &l, &eb)
						 : ERR_NOTFOUND;
	if (e == ERR_NOTFOUND) {
		json_object_set_new(model, "err_code", json_string(view_msg(en, "lookup_not_found")));
		page_render(r, 404, "lookup", view_msg(en, "lookup_title"), model);
		return;
	}
	if (e) {
		json_decref(model);
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		return;
	}
	if (id_number && !json_is_true(json_object_get(l, "steps_unlocked"))) {
		json_object_set_new(model, "err_id", json_string(view_msg(en, "lookup_id_wrong")));
		status = 400;
	}
	view_decorate(l, en);
	names = page_agency_names(r, en);
	const char *ag = json_string_value(json_object_get(l, "agency"));
	json_object_set(model, "agency_name", json_object_get(names, ag ? ag : ""));
	json_decref(names);
	json_object_set_new(model, "l", l);
	snprintf(buf, sizeof(buf), "%s %s", view_msg(en, "lookup_title"), code);
	page_render(r, status, "lookup", buf, model);
}

void page_lookup_form(struct api_req *r)
{
	char code[80];
	const char *q = api_query(r, "code");
	if (q && *q) {
		normalise_code(q, code, sizeof(code));
		if (page_dossier_code_ok(code)) {
			page_redirect(r, "/tra-cuu/%s", code);
			return;
		}
		int en = page_en(r);
		json_t *model = json_pack("{s:s,s:s,s:s}", "code", q, "err_code", view_msg(en, "lookup_bad_code"),
					  "self_url", "/tra-cuu");
		page_render(r, 400, "lookup", view_msg(en, "lookup_title"), model);
		return;
	}
	lookup_show(r, 200, NULL, NULL);
}

void page_lookup(struct api_req *r)
{
	lookup_show(r, 200, r->params[0], NULL);
}

void page_lookup_post(struct api_req *r)
{
	char id[40];
	const char *v = api_form_value(r, "id_number", id, sizeof(id));
	char norm[40];
	normalise_code(v, norm, sizeof(norm));
	lookup_show(r, 200, r->params[0], norm);
}
