/*
 * pages_officer.c - the officers' workspace: the queues (waiting for
 * reception, mine, due today, due soon, overdue, paused, all) with their
 * counts, and intake at the one-stop desk (R-DS-2): pick the procedure,
 * tick the papers present, type the applicant, then either receive (the
 * dossier gets its code and due time; print Form 01) or, when papers are
 * missing, file it without receiving and request every missing paper at
 * once (Form 02, "guide once, completely").
 *
 * Dossier pages themselves are in pages_dossier.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

static const char *const queue_names[] = {"all", "mine", "reception", "due_today", "due_soon",
					  "overdue", "paused"};
/* the order of the tabs */
static const enum dossier_queue tabs[] = {DQ_RECEPTION, DQ_MINE,   DQ_DUE_TODAY, DQ_DUE_SOON,
					  DQ_OVERDUE,   DQ_PAUSED, DQ_ALL};

static enum dossier_queue default_queue(const struct account_user *u)
{
	if (page_has_role(u, ROLE_DESK))
		return DQ_RECEPTION;
	if (!page_is_officer(u))
		return DQ_ALL;
	return DQ_MINE;
}

void page_workspace(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct dossier_filter f = {0};
	json_t *counts = NULL, *items = NULL, *it;
	int more = 0;
	size_t i;
	if (!page_is_staff(r->user)) {
		if (page_has_role(r->user, ROLE_CITIZEN))
			page_redirect(r, "/ho-so");
		else
			page_error(r, 403, view_msg(en, "forbidden_staff"));
		return;
	}
	const char *q = api_query(r, "queue"), *cursor = api_query(r, "cursor");
	f.queue = default_queue(r->user);
	if (q && dossier_queue_parse(q, &f.queue) != ERR_OK)
		f.queue = default_queue(r->user);
	f.q = api_query(r, "q");
	if (f.q && !*f.q)
		f.q = NULL;
	f.limit = 50;
	if (cursor) {
		char *end;
		errno = 0;
		f.offset = strtol(cursor, &end, 10);
		if (errno || *end || f.offset < 0 || f.offset > 1000000)
			f.offset = 0;
	}
	int64_t now = api_now(r);
	enum err e = dossier_counts(r->ctx->store, r->user, now, &counts, &eb);
	if (!e)
		e = dossier_list(r->ctx->store, r->user, &f, now, &items, &more, &eb);
	if (e) {
		json_decref(counts);
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		return;
	}
	json_t *tablist = json_array();
	for (size_t k = 0; k < sizeof(tabs) / sizeof(tabs[0]); k++) {
		const char *name = queue_names[tabs[k]];
		json_t *n = json_object_get(json_object_get(counts, "queues"), name);
		json_array_append_new(tablist, json_pack("{s:s,s:s?,s:I,s:b,s:b}", "name", name, "label",
							 view_msg_opt(en, "queue_", name), "count",
							 json_integer_value(n), "current", tabs[k] == f.queue,
							 "alert", tabs[k] == DQ_OVERDUE && json_integer_value(n) > 0));
	}
	json_array_foreach(items, i, it) {
		int64_t due = 0;
		int st = (int)json_integer_value(json_object_get(it, "status"));
		const char *ds = json_string_value(json_object_get(it, "due_at"));
		if (ds && vntime_parse(ds, &due) == 0 && (st == 2 || st == 4) && due < now)
			json_object_set_new(it, "overdue", json_true());
	}
	view_decorate(items, en);
	json_t *model = json_pack("{s:o,s:o,s:b,s:s,s:s?,s:s?}", "tabs", tablist, "items", items, "has_items",
				  json_array_size(items) > 0, "queue", queue_names[f.queue], "queue_label",
				  view_msg_opt(en, "queue_", queue_names[f.queue]), "q", f.q);
	json_object_set_new(model, "is_desk", json_boolean(page_has_role(r->user, ROLE_DESK)));
	if (more) {
		char qs[600] = "", off[24], url[640];
		snprintf(off, sizeof(off), "%ld", f.offset + f.limit);
		page_qs_add(qs, sizeof(qs), "queue", queue_names[f.queue]);
		page_qs_add(qs, sizeof(qs), "q", f.q);
		page_qs_add(qs, sizeof(qs), "cursor", off);
		snprintf(url, sizeof(url), "/can-bo?%s", qs);
		json_object_set_new(model, "next_url", json_string(url));
	}
	json_decref(counts);
	page_render(r, 200, "workspace", view_msg(en, "ws_title"), model);
}

static json_t *channel_options(int en, const char *selected)
{
	static const char *const chans[] = {"1", "3"};
	json_t *out = json_array();
	for (size_t i = 0; i < 2; i++)
		json_array_append_new(out, json_pack("{s:s,s:s?,s:b}", "value", chans[i], "label",
						     view_msg_opt(en, "channel_", chans[i]), "selected",
						     selected ? !strcmp(selected, chans[i]) : i == 0));
	return out;
}

/* The desk's intake page: the procedure picker and, once one is picked,
 * the intake form. */
static void intake_show(struct api_req *r, int status, const char *pcode, json_t *form,
			json_t *errors, json_t *values)
{
	int en = page_en(r);
	struct errbuf eb;
	struct catalog_search s = {0};
	char *text = NULL;
	int more = 0;
	json_t *model = json_pack("{s:o,s:o}", "err", errors ? json_incref(errors) : json_object(), "val",
				  values ? json_incref(values) : json_object());
	json_t *procs = json_array(), *list = NULL, *it;
	size_t i;
	s.limit = 500;
	if (catalog_procedure_search(r->ctx->store, &s, &text, &more, &eb) == ERR_OK && text)
		list = json_loads(text, 0, NULL);
	free(text);
	json_array_foreach(list, i, it) {
		const char *code = json_string_value(json_object_get(it, "code"));
		json_t *n = json_object_get(it, en && json_is_string(json_object_get(it, "name_en")) ? "name_en" : "name");
		json_array_append_new(procs, json_pack("{s:s,s:O,s:b}", "code", code, "name", n, "selected",
						       pcode && code && !strcmp(pcode, code)));
	}
	json_decref(list);
	json_object_set_new(model, "procs", procs);
	if (pcode && *pcode) {
		json_t *p = page_procedure_for_form(r, en, pcode, form);
		if (p)
			json_object_set_new(model, "p", p);
		else
			json_object_set_new(json_object_get(model, "err"), "procedure",
					    json_string(view_msg(en, "e_unknown_procedure")));
	}
	json_object_set_new(model, "kinds",
			    page_kind_options(en, json_string_value(json_object_get(values, "applicant_kind"))));
	json_object_set_new(model, "channels",
			    channel_options(en, json_string_value(json_object_get(values, "channel"))));
	if (!json_object_get(json_object_get(model, "val"), "sets"))
		json_object_set_new(json_object_get(model, "val"), "sets", json_string("1"));
	json_object_set_new(model, "self_url", json_string("/can-bo/tiep-nhan"));
	json_object_set_new(model, "desk", json_true());
	page_render(r, status, "intake", view_msg(en, "intake_title"), model);
}

void page_intake(struct api_req *r)
{
	if (!page_has_role(r->user, ROLE_DESK)) {
		page_error(r, 403, view_msg(page_en(r), "forbidden_desk"));
		return;
	}
	intake_show(r, 200, api_query(r, "procedure"), NULL, NULL, NULL);
}

void page_intake_post(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char roles[160], missing[2000];
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *out = NULL, *in = NULL, *p = NULL;
	json_t *items = NULL, *act_out = NULL;
	const char *pcode = webform_get(form, "procedure"), *what = webform_get(form, "do");
	int receive = !what || strcmp(what, "supplement");
	if (!page_has_role(r->user, ROLE_DESK)) {
		page_error(r, 403, view_msg(en, "forbidden_desk"));
		goto out;
	}
	if (!(p = page_procedure_for_form(r, en, pcode, form))) {
		intake_show(r, 400, pcode, form, errors, values);
		goto out;
	}
	json_t *applicant = page_applicant_from_form(en, form, values, errors);
	const char *summary = webform_get(form, "summary"), *sets = webform_get(form, "sets");
	const char *channel = webform_get(form, "channel");
	const char *sup_items = webform_get(form, "supplement_items");
	const char *sup_reason = webform_get(form, "supplement_reason");
	if (summary)
		json_object_set_new(values, "summary", json_string(summary));
	if (sup_items)
		json_object_set_new(values, "supplement_items", json_string(sup_items));
	if (sup_reason)
		json_object_set_new(values, "supplement_reason", json_string(sup_reason));
	json_object_set_new(values, "sets", json_string(sets ? sets : ""));
	json_object_set_new(values, "channel", json_string(channel ? channel : "1"));
	if (!json_object_get(applicant, "name"))
		json_object_set_new(errors, "applicant_name", json_string(view_msg(en, "e_required")));
	char *end = NULL;
	long nsets = sets ? strtol(sets, &end, 10) : 1;
	if (!sets || *end || nsets < 1 || nsets > 100)
		json_object_set_new(errors, "sets", json_string(view_msg(en, "e_sets")));
	int nmissing = page_missing_required(p, form, missing, sizeof(missing));
	if (receive && nmissing) {
		char m[2200];
		snprintf(m, sizeof(m), "%s %s", view_msg(en, "e_docs_missing_desk"), missing);
		json_object_set_new(errors, "documents", json_string(m));
	}
	if (!receive) {
		items = sup_items ? webform_lines(sup_items, 50) : json_array();
		json_t *d;
		size_t i;
		if (!sup_items)
			json_array_foreach(json_object_get(p, "documents"), i, d)
				if (json_is_true(json_object_get(d, "required")) &&
				    !json_is_true(json_object_get(d, "checked")))
					json_array_append(items, json_object_get(d, "name"));
		if (!json_array_size(items))
			json_object_set_new(errors, "supplement_items", json_string(view_msg(en, "e_nothing_missing")));
	}
	json_t *docs = json_array(), *d;
	size_t i;
	json_array_foreach(json_object_get(p, "documents"), i, d)
		if (json_is_true(json_object_get(d, "checked")))
			json_array_append_new(docs, json_pack("{s:O}", "code", json_object_get(d, "code")));
	in = json_pack("{s:s,s:i,s:o,s:o,s:b,s:i}", "procedure", pcode, "channel",
		       channel && !strcmp(channel, "3") ? 3 : 1, "applicant", applicant, "documents", docs,
		       "receive", receive, "sets", (int)(nsets >= 1 && nsets <= 100 ? nsets : 1));
	if (summary)
		json_object_set_new(in, "summary", json_string(summary));
	if (json_object_size(errors)) {
		intake_show(r, 400, pcode, form, errors, values);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = dossier_create(r->ctx->store, r->user, &who, in, api_now(r), &out, &eb);
	if (e) {
		page_set_error(errors, en, e, &eb);
		intake_show(r, api_status_of(e), pcode, form, errors, values);
		goto out;
	}
	const char *code = json_string_value(json_object_get(out, "code"));
	if (receive) {
		page_redirect(r, "/ho-so/%s?ok=received", code);
		goto out;
	}
	/* filed, not received: ask for every missing paper at once (Form 02) */
	json_t *body = json_pack("{s:O,s:s}", "items", items, "reason",
				 sup_reason ? sup_reason : view_msg(en, "supplement_default_reason"));
	e = dossier_act(r->ctx->store, r->user, &who, code, "request_supplement", body, api_now(r), &act_out,
			&eb);
	json_decref(body);
	if (e) {
		json_t *v = json_object();
		json_t *errs = json_object();
		char lines[4000];
		size_t o = 0;
		json_t *x;
		lines[0] = '\0';
		json_array_foreach(items, i, x)
			if (o < sizeof(lines))
				o += (size_t)snprintf(lines + o, sizeof(lines) - o, "%s%s", o ? "\n" : "",
						      json_string_value(x));
		json_object_set_new(v, "items", json_string(lines));
		if (sup_reason)
			json_object_set_new(v, "reason", json_string(sup_reason));
		eb.field[0] = '\0';
		page_set_error(errs, en, e, &eb);
		page_dossier_show(r, code, api_status_of(e), "request_supplement", errs, v, NULL);
		json_decref(v);
		json_decref(errs);
		goto out;
	}
	page_redirect(r, "/ho-so/%s?ok=request_supplement", code);
out:
	json_decref(p);
	json_decref(in);
	json_decref(out);
	json_decref(act_out);
	json_decref(items);
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}
