/*
 * pages_admin_procedures.c - the administrator's forms for the procedure
 * catalogue: publish a new procedure, amend one (every save is a new
 * version) or abolish it, with its documents, fees and workflow steps as
 * table rows. Without JavaScript the tables show the stored rows and a
 * few blank ones; "more rows" posts the form back and gets it again with
 * more blank rows and everything typed kept.
 *
 * The rules are catalog_procedure_save()'s (the same as POST and PUT
 * /api/v1/procedures): this file builds the procedure JSON from the form,
 * starting from the stored version so that what the form does not show
 * (subjects, method, results, notes...) is kept, and puts the domain's
 * errors next to the field or the table they are about.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/procedure.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

#define BLANK_ROWS 3
#define BLANK_ROWS_MAX 30
#define ROWS_MAX 100

static const char *const levels[] = {"central", "province", "district", "commune", NULL};
static const char *const onlines[] = {"full", "partial", "none", NULL};
static const char *const units[] = {"working_days", "days", "hours", "months", "same_day", "none", NULL};
static const char *const step_roles[] = {"desk", "specialist", "unit_leader", "agency_leader", "clerk", NULL};

/* The three tables: their form field names, the document key of each
 * column, and which columns are numbers. */
struct column {
	const char *field, *key;
	char kind; /* 's' text, 'i' count, 'm' money, 'h' hours, 'r' role, 'u' unit */
};
static const struct column doc_cols[] = {
	{"doc_code", "code", 's'},         {"doc_name", "name", 's'},
	{"doc_original", "original", 'i'}, {"doc_certified", "certified_copy", 'i'},
	{"doc_photocopy", "photocopy", 'i'}, {NULL, NULL, 0},
};
static const struct column fee_cols[] = {
	{"fee_code", "code", 's'}, {"fee_name", "name", 's'}, {"fee_amount", "amount", 'm'}, {NULL, NULL, 0},
};
static const struct column step_cols[] = {
	{"step_name", "name", 's'}, {"step_role", "role", 'r'}, {"step_unit", "unit", 'u'},
	{"step_hours", "hours", 'h'}, {NULL, NULL, 0},
};
static const struct {
	const char *name;                 /* the document's array, the errors' key */
	const struct column *cols;
	const char *extra_keys[3];        /* kept from the stored row of the same code */
} tables[] = {
	{"documents", doc_cols, {"note", NULL, NULL}},
	{"fees", fee_cols, {"payer", "note", NULL}},
	{"steps", step_cols, {NULL, NULL, NULL}},
};
#define NTABLES 3

static json_t *choice_options(int en, const char *const *values, const char *prefix, const char *selected)
{
	json_t *arr = json_array();
	for (size_t i = 0; values[i]; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:b}", "value", values[i], "label",
						     view_msg_opt(en, prefix, values[i]), "selected",
						     selected && !strcmp(selected, values[i])));
	return arr;
}

/* A number as the inputs show it: 8, 4.5. */
static json_t *num_text(json_t *v)
{
	char buf[40];
	if (json_is_integer(v))
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, sizeof(buf), "%g", json_real_value(v));
	else
		return json_string(json_is_string(v) ? json_string_value(v) : "");
	return json_string(buf);
}

/* legal_bases as the textarea shows them: "number; title" per line. */
static json_t *bases_text(json_t *bases)
{
	char text[8000];
	size_t i, o = 0;
	json_t *b;
	text[0] = '\0';
	json_array_foreach(bases, i, b) {
		const char *num = json_string_value(json_object_get(b, "number"));
		const char *title = json_string_value(json_object_get(b, "title"));
		if (num && o < sizeof(text))
			o += (size_t)snprintf(text + o, sizeof(text) - o, "%s%s%s%s", o ? "\n" : "", num,
					      title ? "; " : "", title ? title : "");
	}
	return json_string(text);
}

/* The form's values of a stored procedure: strings for the inputs and the
 * table rows as the inputs show them. */
static json_t *values_of(json_t *p)
{
	json_t *v = json_object(), *tl = json_object_get(p, "time_limit"), *dec = json_object_get(p, "decision");
	static const char *const keys[] = {"code", "name", "name_en", "field", "level", "agency", "online",
					   "effective_from", NULL};
	for (const char *const *k = keys; *k; k++) {
		const char *s = json_string_value(json_object_get(p, *k));
		json_object_set_new(v, *k, json_string(s ? s : ""));
	}
	json_object_set_new(v, "tl_value", num_text(json_object_get(tl, "value")));
	json_object_set_new(v, "tl_unit", json_string(json_string_value(json_object_get(tl, "unit")) ? json_string_value(json_object_get(tl, "unit")) : "working_days"));
	json_object_set_new(v, "tl_online", num_text(json_object_get(tl, "online_value")));
	json_object_set_new(v, "decision_number", json_string(json_string_value(json_object_get(dec, "number")) ? json_string_value(json_object_get(dec, "number")) : ""));
	json_object_set_new(v, "decision_date", json_string(json_string_value(json_object_get(dec, "date")) ? json_string_value(json_object_get(dec, "date")) : ""));
	json_object_set_new(v, "legal_bases", bases_text(json_object_get(p, "legal_bases")));
	for (int t = 0; t < NTABLES; t++) {
		json_t *rows = json_array(), *it;
		size_t i;
		json_array_foreach(json_object_get(p, tables[t].name), i, it) {
			json_t *row = json_object();
			for (const struct column *c = tables[t].cols; c->field; c++) {
				json_t *x = json_object_get(it, c->key);
				json_object_set_new(row, c->field, json_is_string(x) ? json_incref(x) : num_text(x));
			}
			if (t == 0)
				json_object_set_new(row, "required", json_boolean(json_is_true(json_object_get(it, "required"))));
			json_array_append_new(rows, row);
		}
		json_object_set_new(v, tables[t].name, rows);
	}
	return v;
}

/* Render the form. code NULL: a new procedure. values as values_of()
 * makes them (or from a post); stored: the current version; extra: blank
 * rows under each table. */
static void proc_show(struct api_req *r, int status, const char *code, json_t *stored, json_t *values,
		      json_t *errors, int extra, const char *ok)
{
	int en = page_en(r);
	struct errbuf eb;
	char buf[200];
	json_t *agencies = page_agency_options(r, en, json_string_value(json_object_get(values, "agency")), NULL);
	if (!agencies) {
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	json_t *model = json_pack("{s:b,s:O,s:o,s:i,s:o}", "is_new", code == NULL, "val", values, "err",
				  errors ? json_incref(errors) : json_object(), "extra", extra, "agencies", agencies);
	json_object_set_new(model, "levels", choice_options(en, levels, "level_", json_string_value(json_object_get(values, "level"))));
	json_object_set_new(model, "onlines", choice_options(en, onlines, "online_", json_string_value(json_object_get(values, "online"))));
	json_object_set_new(model, "units", choice_options(en, units, "unit_", json_string_value(json_object_get(values, "tl_unit"))));
	/* the table rows with their blank ones; every input has its own id */
	json_t *all_units = page_agency_options(r, en, NULL, NULL);
	for (int t = 0; t < NTABLES; t++) {
		json_t *rows = json_array(), *it;
		json_t *typed = json_object_get(values, tables[t].name);
		size_t i, n = json_array_size(typed) + (size_t)extra;
		for (i = 0; i < n; i++) {
			it = json_array_get(typed, i);
			json_t *row = it ? json_deep_copy(it) : json_object();
			json_object_set_new(row, "filled", json_boolean(it != NULL));
			json_object_set_new(row, "i", json_integer((json_int_t)i));
			json_object_set_new(row, "n", json_integer((json_int_t)i + 1));
			if (t == 2) {
				const char *role = json_string_value(json_object_get(row, "step_role"));
				const char *unit = json_string_value(json_object_get(row, "step_unit"));
				json_object_set_new(row, "roles", choice_options(en, step_roles, "role_", role ? role : "specialist"));
				json_t *uo = json_deep_copy(all_units), *o;
				size_t k;
				json_array_foreach(uo, k, o)
					if (unit && !strcmp(json_string_value(json_object_get(o, "code")), unit))
						json_object_set_new(o, "selected", json_true());
				json_object_set_new(row, "units", uo ? uo : json_array());
			}
			json_array_append_new(rows, row);
		}
		snprintf(buf, sizeof(buf), "%s_rows", tables[t].name);
		json_object_set_new(model, buf, rows);
	}
	json_decref(all_units);
	if (code) {
		json_t *hist = NULL, *it;
		size_t i;
		json_object_set_new(model, "code", json_string(code));
		json_object_set(model, "p", stored);
		const char *st = json_string_value(json_object_get(stored, "status"));
		json_object_set_new(model, "abolished", json_boolean(st && !strcmp(st, "abolished")));
		if (st && view_msg_opt(en, "proc_status_", st))
			json_object_set_new(model, "status_text", json_string(view_msg_opt(en, "proc_status_", st)));
		if (catalog_procedure_history(r->ctx->store, code, &hist, &eb) == ERR_OK) {
			json_array_foreach(json_object_get(hist, "versions"), i, it) {
				const char *ch = view_msg_opt(en, "change_", json_string_value(json_object_get(it, "change")));
				json_object_set_new(it, "change_text", json_string(ch ? ch : ""));
				view_date(json_string_value(json_object_get(it, "effective_from")), buf, sizeof(buf));
				json_object_set_new(it, "effective_text", json_string(buf));
			}
			json_object_set(model, "history", json_object_get(hist, "versions"));
			json_decref(hist);
		}
		snprintf(buf, sizeof(buf), "/quan-tri/thu-tuc/%s", code);
		json_object_set_new(model, "self_url", json_string(buf));
	} else {
		json_object_set_new(model, "self_url", json_string("/quan-tri/thu-tuc/moi"));
	}
	if (ok) {
		const char *m = view_msg_opt(en, "adm_ok_proc_", ok);
		if (m)
			json_object_set_new(model, "flash", json_string(m));
	}
	const char *name = json_string_value(json_object_get(stored, "name"));
	page_render(r, status, "adm_procedure", code ? (name ? name : code) : view_msg(en, "adm_proc_new"), model);
}

void page_admin_procedure_new(struct api_req *r)
{
	json_t *v = json_pack("{s:s,s:s,s:s}", "level", "province", "online", "none", "tl_unit", "working_days");
	for (int t = 0; t < NTABLES; t++)
		json_object_set_new(v, tables[t].name, json_array());
	proc_show(r, 200, NULL, NULL, v, NULL, BLANK_ROWS, NULL);
	json_decref(v);
}

static const char *const proc_oks[] = {"created", "amended", "abolished", "unchanged", NULL};

void page_admin_procedure(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *p = NULL;
	const char *ok = api_query(r, "ok"), *okv = NULL;
	if (!procedure_code_valid(r->params[0]) ||
	    catalog_procedure_get(r->ctx->store, r->params[0], 0, &p, &eb) != ERR_OK) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		return;
	}
	for (size_t i = 0; ok && proc_oks[i]; i++)
		if (!strcmp(ok, proc_oks[i]))
			okv = proc_oks[i];
	json_t *v = values_of(p);
	proc_show(r, 200, r->params[0], p, v, NULL, BLANK_ROWS, okv);
	json_decref(v);
	json_decref(p);
}

/* A cell as the document wants it: a number when it reads as one, else
 * the text as typed (the domain then names the bad cell). */
static json_t *cell_value(const struct column *c, const char *s)
{
	char *end;
	if (c->kind == 'i') {
		if (!s)
			return json_integer(0);
		long v = strtol(s, &end, 10);
		return *end ? json_string(s) : json_integer(v);
	}
	if (c->kind == 'm') {
		long long v = s ? page_parse_amount(s) : -1;
		return v >= 0 ? json_integer(v) : s ? json_string(s) : json_null();
	}
	if (c->kind == 'h') {
		char tmp[40];
		if (!s)
			return json_null();
		snprintf(tmp, sizeof(tmp), "%s", s);
		for (char *q = tmp; *q; q++)
			if (*q == ',')
				*q = '.';
		double v = strtod(tmp, &end);
		if (*end || end == tmp)
			return json_string(s);
		return v == floor(v) ? json_integer((json_int_t)v) : json_real(v);
	}
	return s ? json_string(s) : json_null();
}

/* Find the stored row of a table with this code (to keep its notes). */
static json_t *stored_row(json_t *stored, const char *table, const char *code)
{
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(stored, table), i, it)
		if (code && json_is_string(json_object_get(it, "code")) &&
		    !strcmp(json_string_value(json_object_get(it, "code")), code))
			return it;
	return NULL;
}

/* One table of the form into the procedure JSON (in) and the typed rows
 * into values; rowmap[k] is the table row of item k (for errors). */
static void table_from_form(json_t *form, int t, json_t *stored, json_t *in, json_t *values, int *rowmap)
{
	json_t *items = json_array(), *typed = json_array();
	size_t nrows = 0;
	for (const struct column *c = tables[t].cols; c->field; c++)
		if (json_array_size(webform_all(form, c->field)) > nrows)
			nrows = json_array_size(webform_all(form, c->field));
	if (nrows > ROWS_MAX)
		nrows = ROWS_MAX;
	for (size_t i = 0; i < nrows; i++) {
		json_t *row = json_object(), *item = json_object();
		int any = 0;
		char idx[16];
		snprintf(idx, sizeof(idx), "%zu", i);
		for (const struct column *c = tables[t].cols; c->field; c++) {
			const char *s = json_string_value(json_array_get(webform_all(form, c->field), i));
			char trimmed[1100];
			if (s) {
				size_t a = 0, n = strlen(s);
				while (a < n && (s[a] == ' ' || s[a] == '\t'))
					a++;
				while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
					n--;
				snprintf(trimmed, sizeof(trimmed), "%.*s", (int)(n - a), s + a);
				s = trimmed[0] ? trimmed : NULL;
			}
			json_object_set_new(row, c->field, json_string(s ? s : ""));
			/* a role is always chosen and a unit may be: they alone do not make a row */
			if (s && c->kind != 'r' && c->kind != 'u' && !(c->kind == 'i' && !strcmp(s, "0")))
				any = 1;
			if (c->kind == 'u' && !s)
				continue;
			json_object_set_new(item, c->key, cell_value(c, s));
		}
		if (t == 0) {
			int req = webform_has(form, "doc_required", idx);
			json_object_set_new(row, "required", json_boolean(req));
			json_object_set_new(item, "required", json_boolean(req));
		}
		if (!any) {
			json_decref(row);
			json_decref(item);
			continue;
		}
		json_t *old = stored_row(stored, tables[t].name, json_string_value(json_object_get(item, "code")));
		for (int k = 0; k < 3 && tables[t].extra_keys[k]; k++)
			if (old && json_object_get(old, tables[t].extra_keys[k]))
				json_object_set(item, tables[t].extra_keys[k], json_object_get(old, tables[t].extra_keys[k]));
		if (json_array_size(items) < ROWS_MAX)
			rowmap[json_array_size(items)] = (int)json_array_size(typed);
		json_array_append_new(items, item);
		json_array_append_new(typed, row);
	}
	json_object_set_new(in, tables[t].name, items);
	json_object_set_new(values, tables[t].name, typed);
}

/* A date as typed (27/01/2025) or from a date picker (2025-01-27). */
static json_t *date_value(const char *s)
{
	char iso[24];
	if (s && view_parse_when(s, iso, sizeof(iso)) == 0 && strlen(iso) == 10)
		return json_string(iso);
	return json_string(s);
}

/* The procedure JSON of the form: the stored version (code given) with
 * the form's fields over it. What was typed goes into values. */
static json_t *proc_from_form(json_t *form, const char *code, json_t *stored, json_t *values,
			      int rowmap[NTABLES][ROWS_MAX])
{
	json_t *in = stored ? json_deep_copy(stored) : json_object();
	static const char *const keys[] = {"name", "name_en", "field", "level", "agency", "online", NULL};
	json_object_del(in, "version");
	json_object_del(in, "status");
	json_object_del(in, "change");
	if (code) {
		json_object_set_new(in, "code", json_string(code));
		json_object_set_new(values, "code", json_string(code));
	} else {
		const char *c = webform_get(form, "code");
		json_object_set_new(values, "code", json_string(c ? c : ""));
		if (c)
			json_object_set_new(in, "code", json_string(c));
	}
	for (const char *const *k = keys; *k; k++) {
		const char *s = webform_get(form, *k);
		json_object_set_new(values, *k, json_string(s ? s : ""));
		if (s)
			json_object_set_new(in, *k, json_string(s));
		else
			json_object_del(in, *k);
	}
	/* the time limit, keeping its note */
	const char *tv = webform_get(form, "tl_value"), *tu = webform_get(form, "tl_unit");
	const char *to = webform_get(form, "tl_online");
	json_object_set_new(values, "tl_value", json_string(tv ? tv : ""));
	json_object_set_new(values, "tl_unit", json_string(tu ? tu : ""));
	json_object_set_new(values, "tl_online", json_string(to ? to : ""));
	json_t *oldtl = json_object_get(stored, "time_limit");
	json_t *tl = json_object();
	static const struct column hours_col = {"", "", 'h'};
	if (tv)
		json_object_set_new(tl, "value", cell_value(&hours_col, tv));
	if (tu)
		json_object_set_new(tl, "unit", json_string(tu));
	if (to)
		json_object_set_new(tl, "online_value", cell_value(&hours_col, to));
	if (json_is_string(json_object_get(oldtl, "note")))
		json_object_set(tl, "note", json_object_get(oldtl, "note"));
	json_object_set_new(in, "time_limit", tl);
	/* effective date, decision */
	const char *eff = webform_get(form, "effective_from");
	json_object_set_new(values, "effective_from", json_string(eff ? eff : ""));
	if (eff)
		json_object_set_new(in, "effective_from", date_value(eff));
	else
		json_object_del(in, "effective_from");
	const char *dn = webform_get(form, "decision_number"), *dd = webform_get(form, "decision_date");
	json_object_set_new(values, "decision_number", json_string(dn ? dn : ""));
	json_object_set_new(values, "decision_date", json_string(dd ? dd : ""));
	if (dn || dd) {
		json_t *dec = json_object();
		if (dn)
			json_object_set_new(dec, "number", json_string(dn));
		if (dd)
			json_object_set_new(dec, "date", date_value(dd));
		json_object_set_new(in, "decision", dec);
	} else {
		json_object_set_new(in, "decision", json_null());
	}
	/* legal bases: "number; title" per line, a stored date kept */
	const char *lb = webform_get(form, "legal_bases");
	json_object_set_new(values, "legal_bases", json_string(lb ? lb : ""));
	json_t *lines = webform_lines(lb, 100), *bases = json_array(), *line;
	size_t i;
	json_array_foreach(lines, i, line) {
		const char *s = json_string_value(line), *semi = strchr(s, ';');
		json_t *b = json_object();
		size_t n = semi ? (size_t)(semi - s) : strlen(s);
		while (n && s[n - 1] == ' ')
			n--;
		json_object_set_new(b, "number", json_stringn(s, n));
		if (semi) {
			const char *title = semi + 1;
			while (*title == ' ')
				title++;
			if (*title)
				json_object_set_new(b, "title", json_string(title));
		}
		size_t k;
		json_t *old;
		json_array_foreach(json_object_get(stored, "legal_bases"), k, old)
			if (json_equal(json_object_get(old, "number"), json_object_get(b, "number")) &&
			    json_is_string(json_object_get(old, "date")))
				json_object_set(b, "date", json_object_get(old, "date"));
		json_array_append_new(bases, b);
	}
	json_decref(lines);
	json_object_set_new(in, "legal_bases", bases);
	for (int t = 0; t < NTABLES; t++)
		table_from_form(form, t, stored, in, values, rowmap[t]);
	return in;
}

/* Replace "{name}" in buf (sz bytes) with value. */
static void fill(char *buf, size_t sz, const char *name, const char *value)
{
	char ph[32], tmp[700];
	snprintf(ph, sizeof(ph), "{%s}", name);
	char *p = strstr(buf, ph);
	if (!p)
		return;
	snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(p - buf), buf, value, p + strlen(ph));
	snprintf(buf, sz, "%s", tmp);
}

/* The message of a domain error, put next to its field or its table. */
static void proc_error(json_t *errors, int en, enum err e, const struct errbuf *eb, json_t *in,
		       int rowmap[NTABLES][ROWS_MAX])
{
	char buf[700], num[40];
	if (!strcmp(eb->code, "steps_hours_mismatch")) {
		/* the sums people need to fix it, worked out from what they typed */
		json_t *tl = json_object_get(in, "time_limit"), *s;
		double total = 0, value = json_number_value(json_object_get(tl, "value"));
		const char *unit = json_string_value(json_object_get(tl, "unit"));
		int same_day = unit && !strcmp(unit, "same_day");
		char t1[40], t2[40], limit[120];
		size_t i;
		json_array_foreach(json_object_get(in, "steps"), i, s)
			total += json_number_value(json_object_get(s, "hours"));
		snprintf(t1, sizeof(t1), "%g", total);
		snprintf(t2, sizeof(t2), "%g", unit && !strcmp(unit, "working_days") ? value * 8 : value);
		page_time_text(en, tl, 0, limit, sizeof(limit));
		snprintf(buf, sizeof(buf), "%s", view_msg(en, same_day ? "adm_e_steps_same_day" : "adm_e_steps_hours_mismatch"));
		fill(buf, sizeof(buf), "total", t1);
		fill(buf, sizeof(buf), "want", t2);
		fill(buf, sizeof(buf), "limit", limit);
		json_object_set_new(errors, "steps", json_string(buf));
		return;
	}
	/* documents[2].name: the table, with the row people see */
	for (int t = 0; t < NTABLES; t++) {
		size_t n = strlen(tables[t].name);
		if (strncmp(eb->field, tables[t].name, n) || (eb->field[n] != '[' && eb->field[n] != '\0'))
			continue;
		json_t *tmp = json_object();
		struct errbuf e2 = *eb;
		const char *msg;
		page_adm_set_error(tmp, en, e, &e2);
		msg = json_string_value(json_object_iter_value(json_object_iter(tmp)));
		if (eb->field[n] == '[') {
			long k = strtol(eb->field + n + 1, NULL, 10);
			int row = k >= 0 && k < ROWS_MAX ? rowmap[t][k] : (int)k;
			snprintf(num, sizeof(num), "%d", row + 1);
			char pre[80];
			snprintf(pre, sizeof(pre), "%s", view_msg(en, "adm_row"));
			fill(pre, sizeof(pre), "n", num);
			snprintf(buf, sizeof(buf), "%s: %s", pre, msg ? msg : "");
		} else {
			snprintf(buf, sizeof(buf), "%s", msg ? msg : "");
		}
		json_decref(tmp);
		json_object_set_new(errors, tables[t].name, json_string(buf));
		return;
	}
	page_adm_set_error(errors, en, e, eb);
}

static void proc_post(struct api_req *r, const char *code)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char roles[160];
	int map[NTABLES][ROWS_MAX];
	json_t *form = webform_parse(r->body, r->body_sz), *values = json_object(), *errors = json_object();
	json_t *stored = NULL, *in = NULL, *out = NULL;
	const char *what = webform_get(form, "do"), *ex = webform_get(form, "extra");
	long extra = ex ? strtol(ex, NULL, 10) : BLANK_ROWS;
	memset(map, 0, sizeof(map));
	if (extra < 0 || extra > BLANK_ROWS_MAX)
		extra = BLANK_ROWS;
	if (code && (!procedure_code_valid(code) ||
		     catalog_procedure_get(r->ctx->store, code, 0, &stored, &eb) != ERR_OK)) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		goto out;
	}
	api_actor(r, &who, roles);
	if (code && what && !strcmp(what, "abolish")) {
		in = json_deep_copy(stored);
		json_object_del(in, "version");
		json_object_del(in, "change");
		json_object_set_new(in, "status", json_string("abolished"));
		const char *dn = webform_get(form, "abolish_decision");
		if (dn)
			json_object_set_new(in, "decision", json_pack("{s:s}", "number", dn));
		enum err e = catalog_procedure_save(r->ctx->store, &who, in, CATALOG_NEW_VERSION, code, &out, &eb);
		if (e) {
			json_t *v = values_of(stored);
			page_adm_set_error(errors, en, e, &eb);
			json_object_set(errors, "abolish", json_object_iter_value(json_object_iter(errors)));
			proc_show(r, api_status_of(e), code, stored, v, errors, BLANK_ROWS, NULL);
			json_decref(v);
			goto out;
		}
		page_redirect(r, "/quan-tri/thu-tuc/%s?ok=abolished", code);
		goto out;
	}
	in = proc_from_form(form, code, stored, values, map);
	if (what && !strcmp(what, "more")) {
		extra = extra + BLANK_ROWS > BLANK_ROWS_MAX ? BLANK_ROWS_MAX : extra + BLANK_ROWS;
		proc_show(r, 200, code, stored, values, NULL, (int)extra, NULL);
		goto out;
	}
	if (!code && !json_object_get(in, "code"))
		json_object_set_new(errors, "code", json_string(view_msg(en, "e_required")));
	if (!json_object_get(in, "name"))
		json_object_set_new(errors, "name", json_string(view_msg(en, "e_required")));
	if (!json_object_get(in, "field"))
		json_object_set_new(errors, "field", json_string(view_msg(en, "e_required")));
	if (json_object_size(errors)) {
		proc_show(r, 400, code, stored, values, errors, (int)extra, NULL);
		goto out;
	}
	enum err e = catalog_procedure_save(r->ctx->store, &who, in, code ? CATALOG_NEW_VERSION : CATALOG_CREATE,
					    code, &out, &eb);
	if (e) {
		proc_error(errors, en, e, &eb, in, map);
		proc_show(r, api_status_of(e), code, stored, values, errors, (int)extra, NULL);
		goto out;
	}
	int same = code && json_equal(json_object_get(out, "version"), json_object_get(stored, "version"));
	page_redirect(r, "/quan-tri/thu-tuc/%s?ok=%s", json_string_value(json_object_get(out, "code")),
		      !code ? "created" : same ? "unchanged" : "amended");
out:
	json_decref(form);
	json_decref(values);
	json_decref(errors);
	json_decref(stored);
	json_decref(in);
	json_decref(out);
}

void page_admin_procedure_create(struct api_req *r)
{
	proc_post(r, NULL);
}

void page_admin_procedure_save(struct api_req *r)
{
	proc_post(r, r->params[0]);
}
