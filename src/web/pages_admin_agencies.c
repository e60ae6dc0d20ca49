/*
 * pages_admin_agencies.c - the administrator's agencies: the tree with a
 * link to each, the form to create one and the form to change one (name,
 * data-sharing code, parent, level, office hours, validity, successor).
 * Every save goes through catalog_agency_save(), the same validation and
 * audit as POST/PATCH /api/v1/agencies; this file only turns form fields
 * into that JSON and the domain's errors back into messages next to the
 * fields. Also the helpers the other administration pages share: agency
 * options for a <select> and the administration error messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit/audit.h"
#include "domain/catalog/agency.h"
#include "domain/catalog/catalog.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

#define HOURS_ROWS_MIN 3

void page_adm_set_error(json_t *errors, int en, enum err e, const struct errbuf *eb)
{
	char fk[64], key[200];
	const char *code = eb->code[0] ? eb->code : err_code(e), *s;
	json_t *t = view_messages(en);
	page_field_key(eb->field, fk, sizeof(fk));
	snprintf(key, sizeof(key), "adm_e_%s_%s", code, fk);
	s = json_string_value(json_object_get(t, key));
	if (!s) {
		snprintf(key, sizeof(key), "adm_e_%s", code);
		s = json_string_value(json_object_get(t, key));
	}
	if (!s && fk[0]) {
		snprintf(key, sizeof(key), "adm_e_field_%s", fk);
		s = json_string_value(json_object_get(t, key));
	}
	if (!s) {
		page_set_error(errors, en, e, eb);
		return;
	}
	json_object_set_new(errors, fk[0] ? fk : "_form", json_string(s));
}

static void options_walk(json_t *list, int en, int depth, const char *selected, const char *exclude,
			 json_t *out)
{
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		const char *code = json_string_value(json_object_get(a, "code"));
		json_t *nm = json_object_get(a, en ? "name_en" : "name");
		char label[500];
		size_t o = 0;
		if (!code || (exclude && !strcmp(code, exclude)))
			continue;
		if (!json_is_string(nm))
			nm = json_object_get(a, "name");
		label[0] = '\0';
		for (int d = 0; d < depth && d < 4; d++)
			o += (size_t)snprintf(label + o, sizeof(label) - o, "— ");
		snprintf(label + o, sizeof(label) - o, "%s (%s)", json_string_value(nm) ? json_string_value(nm) : "",
			 code);
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "code", code, "label", label, "selected",
						     selected && !strcmp(selected, code)));
		options_walk(json_object_get(a, "children"), en, depth + 1, selected, exclude, out);
	}
}

json_t *page_agency_options(struct api_req *r, int en, const char *selected, const char *exclude)
{
	struct errbuf eb;
	json_t *tree = NULL, *out;
	if (catalog_agency_list(r->ctx->store, 0, &tree, &eb) != ERR_OK)
		return NULL;
	out = json_array();
	options_walk(tree, en, 0, selected, exclude, out);
	json_decref(tree);
	return out;
}

/* ---- the tree ---- */

static void tree_decorate(json_t *list, int en)
{
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		char buf[32];
		if (en && json_is_string(json_object_get(a, "name_en")))
			json_object_set(a, "name", json_object_get(a, "name_en"));
		view_date(json_string_value(json_object_get(a, "valid_to")), buf, sizeof(buf));
		if (buf[0])
			json_object_set_new(a, "valid_to_text", json_string(buf));
		tree_decorate(json_object_get(a, "children"), en);
	}
}

void page_admin_agencies(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *tree = NULL;
	const char *ok = api_query(r, "ok");
	if (catalog_agency_list(r->ctx->store, 0, &tree, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	tree_decorate(tree, en);
	json_t *model = json_pack("{s:o}", "items", tree);
	if (ok && !strcmp(ok, "saved"))
		json_object_set_new(model, "flash", json_string(view_msg(en, "adm_ok_agency_saved")));
	page_render(r, 200, "adm_agencies", view_msg(en, "adm_agencies_title"), model);
}

/* ---- one agency ---- */

static const char *const text_fields[] = {"name", "name_en", "share_code", "parent", "succeeded_by",
					  "valid_from", "valid_to", NULL};

/* The form's values of a stored agency (strings, as the inputs show
 * them). */
static json_t *values_of(json_t *a)
{
	json_t *v = json_object();
	char buf[16];
	for (const char *const *k = text_fields; *k; k++) {
		const char *s = json_string_value(json_object_get(a, *k));
		if (s)
			json_object_set_new(v, *k, json_string(s));
	}
	json_object_set(v, "code", json_object_get(a, "code"));
	snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(json_object_get(a, "level")));
	json_object_set_new(v, "level", json_string(buf));
	json_t *hours = json_array(), *h;
	size_t i;
	json_array_foreach(json_object_get(a, "office_hours"), i, h)
		json_array_append_new(hours, json_pack("{s:O,s:O}", "from", json_object_get(h, "from"), "to",
						       json_object_get(h, "to")));
	json_object_set_new(v, "hours", hours);
	return v;
}

/* Render the form. code: NULL for a new agency. values: what the inputs
 * show (borrowed). */
static void agency_show(struct api_req *r, int status, const char *code, json_t *stored,
			json_t *values, json_t *errors, const char *ok)
{
	int en = page_en(r);
	char buf[300];
	json_t *model = json_pack("{s:b,s:O,s:o}", "is_new", code == NULL, "val", values, "err",
				  errors ? json_incref(errors) : json_object());
	const char *level = json_string_value(json_object_get(values, "level"));
	json_t *parents = page_agency_options(r, en, json_string_value(json_object_get(values, "parent")), code);
	json_t *succ = page_agency_options(r, en, json_string_value(json_object_get(values, "succeeded_by")), code);
	if (!parents || !succ) {
		json_decref(parents);
		json_decref(succ);
		json_decref(model);
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	json_object_set_new(model, "parents", parents);
	json_object_set_new(model, "successors", succ);
	json_t *levels = json_array();
	for (int l = 1; l <= 4; l++) {
		char v[16], key[40];
		snprintf(v, sizeof(v), "%d", l);
		snprintf(key, sizeof(key), "adm_agency_level_%d", l);
		json_array_append_new(levels, json_pack("{s:s,s:s,s:b}", "value", v, "label", view_msg(en, key),
							"selected", level && !strcmp(level, v)));
	}
	json_object_set_new(model, "levels", levels);
	/* office hours: what there is, and blank rows to add more */
	json_t *rows = json_array(), *h;
	size_t i;
	json_array_foreach(json_object_get(values, "hours"), i, h)
		json_array_append_new(rows, json_pack("{s:O,s:O}", "from", json_object_get(h, "from"), "to",
						      json_object_get(h, "to")));
	while (json_array_size(rows) < HOURS_ROWS_MIN || json_array_size(rows) < json_array_size(json_object_get(values, "hours")) + 1)
		json_array_append_new(rows, json_pack("{s:s,s:s}", "from", "", "to", ""));
	json_array_foreach(rows, i, h)
		json_object_set_new(h, "n", json_integer((json_int_t)i + 1));
	json_object_set_new(model, "hours", rows);
	if (code) {
		json_object_set_new(model, "code", json_string(code));
		json_object_set(model, "a", stored);
		snprintf(buf, sizeof(buf), "/quan-tri/co-quan/%s", code);
		json_object_set_new(model, "self_url", json_string(buf));
	} else {
		json_object_set_new(model, "self_url", json_string("/quan-tri/co-quan/moi"));
	}
	if (ok) {
		const char *m = view_msg_opt(en, "adm_ok_agency_", ok);
		if (m)
			json_object_set_new(model, "flash", json_string(m));
	}
	const char *name = json_string_value(json_object_get(stored, "name"));
	page_render(r, status, "adm_agency", code ? (name ? name : code) : view_msg(en, "adm_agency_new"),
		    model);
}

void page_admin_agency_new(struct api_req *r)
{
	json_t *v = json_pack("{s:[]}", "hours");
	json_array_append_new(json_object_get(v, "hours"), json_pack("{s:s,s:s}", "from", "07:30", "to", "11:30"));
	json_array_append_new(json_object_get(v, "hours"), json_pack("{s:s,s:s}", "from", "13:00", "to", "17:00"));
	agency_show(r, 200, NULL, NULL, v, NULL, NULL);
	json_decref(v);
}

void page_admin_agency(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *a = NULL;
	const char *ok = api_query(r, "ok");
	if (!agency_code_valid(r->params[0]) || catalog_agency_get(r->ctx->store, r->params[0], &a, &eb) != ERR_OK) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		return;
	}
	json_t *v = values_of(a);
	agency_show(r, 200, r->params[0], a, v, NULL, ok && (!strcmp(ok, "created") || !strcmp(ok, "saved")) ? ok : NULL);
	json_decref(v);
	json_decref(a);
}

/* A date as typed (27/01/2025) or from a date picker (2025-01-27). */
static json_t *date_value(const char *s)
{
	char iso[24];
	if (s && view_parse_when(s, iso, sizeof(iso)) == 0 && strlen(iso) == 10)
		return json_string(iso);
	return json_string(s);
}

/* The agency JSON of the form, and what was typed into values. Errors
 * the domain could not name well (half an office-hours row) go straight
 * into errors. */
static json_t *agency_from_form(int en, json_t *form, int is_new, json_t *values, json_t *errors)
{
	json_t *in = json_object();
	const char *code = webform_get(form, "code"), *level = webform_get(form, "level");
	if (is_new) {
		if (code)
			json_object_set_new(in, "code", json_string(code));
		json_object_set_new(values, "code", json_string(code ? code : ""));
	}
	for (const char *const *k = text_fields; *k; k++) {
		const char *s = webform_get(form, *k);
		json_object_set_new(values, *k, json_string(s ? s : ""));
		if (s)
			json_object_set_new(in, *k, strncmp(*k, "valid_", 6) ? json_string(s) : date_value(s));
		else if (!is_new)
			json_object_set_new(in, *k, json_null()); /* emptied: cleared */
	}
	if (level) {
		char *end;
		long l = strtol(level, &end, 10);
		json_object_set_new(values, "level", json_string(level));
		json_object_set_new(in, "level", *end ? json_string(level) : json_integer(l));
	}
	json_t *from = webform_all(form, "hours_from"), *to = webform_all(form, "hours_to");
	json_t *hours = json_array(), *typed = json_array();
	for (size_t i = 0; i < json_array_size(from) && i < 6; i++) {
		const char *f = json_string_value(json_array_get(from, i)), *t = json_string_value(json_array_get(to, i));
		f = f && *f ? f : NULL;
		t = t && *t ? t : NULL;
		if (!f && !t)
			continue;
		json_array_append_new(typed, json_pack("{s:s,s:s}", "from", f ? f : "", "to", t ? t : ""));
		if (!f || !t)
			json_object_set_new(errors, "office_hours", json_string(view_msg(en, "adm_e_field_office_hours")));
		else
			json_array_append_new(hours, json_pack("{s:s,s:s}", "from", f, "to", t));
	}
	json_object_set_new(values, "hours", typed);
	if (json_array_size(hours))
		json_object_set_new(in, "office_hours", hours);
	else
		json_decref(hours);
	return in;
}

static void agency_post(struct api_req *r, const char *code)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *form = webform_parse(r->body, r->body_sz), *values = json_object(), *errors = json_object();
	json_t *stored = NULL, *out = NULL, *in = NULL;
	if (code && (!agency_code_valid(code) || catalog_agency_get(r->ctx->store, code, &stored, &eb) != ERR_OK)) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		goto out;
	}
	in = agency_from_form(en, form, code == NULL, values, errors);
	if (code == NULL && !json_object_get(in, "code"))
		json_object_set_new(errors, "code", json_string(view_msg(en, "e_required")));
	if (!json_object_get(in, "name"))
		json_object_set_new(errors, "name", json_string(view_msg(en, "e_required")));
	if (json_object_size(errors)) {
		agency_show(r, 400, code, stored, values, errors, NULL);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = catalog_agency_save(r->ctx->store, &who, in, code, &out, &eb);
	if (e) {
		page_adm_set_error(errors, en, e, &eb);
		agency_show(r, api_status_of(e), code, stored, values, errors, NULL);
		goto out;
	}
	page_redirect(r, "/quan-tri/co-quan/%s?ok=%s", json_string_value(json_object_get(out, "code")),
		      code ? "saved" : "created");
out:
	json_decref(form);
	json_decref(values);
	json_decref(errors);
	json_decref(stored);
	json_decref(out);
	json_decref(in);
}

void page_admin_agency_create(struct api_req *r)
{
	agency_post(r, NULL);
}

void page_admin_agency_save(struct api_req *r)
{
	agency_post(r, r->params[0]);
}
