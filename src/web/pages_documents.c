/*
 * pages_documents.c - documents and the tracking book in the pages: the
 * citizen's "Giấy tờ của tôi" (digitized papers and electronic results
 * of their dossiers, R-DG-2/3), the download of one file under the same
 * rules as GET /api/v1/files/{id} (files_read decides who may read it),
 * and the officers' tracking book (Form 06, R-DS-13) of a period with
 * the API's CSV, Excel and PDF downloads.
 *
 * Attaching scans and electronic results is on the dossier page
 * (pages_dossier.c); uploads with online filing in pages_citizen.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "core/vntime.h"
#include "domain/dossier/dossier.h"
#include "domain/files/files.h"
#include "web/pages.h"
#include "web/pages_int.h"

void page_my_documents(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *mine = NULL, *papers = json_array(), *results = json_array(), *it, *seen = json_object();
	size_t i;
	char buf[64];
	enum err e = dossier_citizen_documents(r->ctx->store, r->user, api_now(r), &mine, &eb);
	if (e) {
		json_decref(papers);
		json_decref(results);
		json_decref(seen);
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		return;
	}
	json_array_foreach(mine, i, it) {
		const char *id = json_string_value(json_object_get(it, "id"));
		const char *kind = json_string_value(json_object_get(it, "kind"));
		json_t *meta = json_object_get(it, "metadata");
		/* a paper reused in a later dossier is the same file: once */
		if (!id || !files_id_valid(id) || json_object_get(seen, id))
			continue;
		json_object_set_new(seen, id, json_true());
		snprintf(buf, sizeof(buf), "/tep/%s", id);
		json_object_set_new(it, "file_url", json_string(buf));
		if (json_is_object(meta)) {
			page_meta_dates(meta);
		}
		json_array_append(kind && !strcmp(kind, "result") ? results : papers, it);
	}
	json_decref(mine);
	json_decref(seen);
	view_decorate(papers, en);
	view_decorate(results, en);
	page_render(r, 200, "my_documents", view_msg(en, "doc_store_title"),
		    json_pack("{s:o,s:o,s:b}", "papers", papers, "results", results, "is_staff",
			      page_is_staff(r->user)));
}

void page_file_download(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct files_meta m;
	void *data = NULL;
	const char *id = r->params[0];
	if (!files_id_valid(id) || files_read(r->ctx->store, r->user, id, &m, &data, &eb) != ERR_OK) {
		page_error(r, 404, view_msg(en, "doc_e_not_found"));
		return;
	}
	api_reply_file(r, &m, data, 1);
}

/* Agencies the user may narrow the book to: an inspector any; an
 * official those of their department (of their province when they sit
 * at province level). Code -> name. */
static json_t *book_agencies(struct api_req *r, int en)
{
	json_t *names = page_agency_names(r, en), *out = json_object(), *n;
	const char *code, *ua = r->user->agency;
	int all = page_has_role(r->user, ROLE_INSPECTOR);
	json_object_foreach(names, code, n) {
		if (strlen(code) != 13)
			continue;
		if (all || (strlen(ua) == 13 && (!strcmp(code + 7, ua + 7) ||
						  (!strncmp(ua + 7, "00.", 3) && !strcmp(code + 10, ua + 10)))))
			json_object_set(out, code, n);
	}
	json_decref(names);
	return out;
}

/* A date field of the book: "27/01/2025" or ISO into iso (11 bytes) and
 * the time of its midnight in Vietnam; -1 when it is not a date. */
static int book_date(const char *in, char iso[24], int64_t *t)
{
	int y, m, d;
	if (!in || view_parse_when(in, iso, 24) < 0 || strlen(iso) != 10 ||
	    vntime_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	*t = vntime_days_from_civil(y, m, d) * 86400 - VN_OFFSET_SEC;
	return 0;
}

void page_tracking_book(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	char from[24], to[24], today[16], shown[24], qs[400] = "", url[600];
	int64_t tf = 0, tt = 0, now = api_now(r);
	json_t *errors = json_object(), *values = json_object(), *rows = NULL, *model;
	int status = 200;
	if (!page_is_staff(r->user)) {
		json_decref(errors);
		json_decref(values);
		page_error(r, 403, view_msg(en, "forbidden_staff"));
		return;
	}
	vntime_format_date(now, today);
	const char *qf = api_query(r, "from"), *qt = api_query(r, "to"), *qa = api_query(r, "agency");
	char first[16];
	snprintf(first, sizeof(first), "%.8s01", today);
	if (!qf || !*qf)
		qf = first;
	if (!qt || !*qt)
		qt = today;
	if (book_date(qf, from, &tf) < 0)
		json_object_set_new(errors, "from", json_string(view_msg(en, "doc_e_date")));
	if (book_date(qt, to, &tt) < 0)
		json_object_set_new(errors, "to", json_string(view_msg(en, "doc_e_date")));
	else if (!json_object_get(errors, "from") && tt < tf)
		json_object_set_new(errors, "to", json_string(view_msg(en, "rep_e_order")));
	/* the dates as people write them, or as they were typed when wrong */
	if (json_object_get(errors, "from")) {
		json_object_set_new(values, "from", json_string(qf));
	} else {
		view_date(from, shown, sizeof(shown));
		json_object_set_new(values, "from", json_string(shown));
	}
	if (json_object_get(errors, "to")) {
		json_object_set_new(values, "to", json_string(qt));
	} else {
		view_date(to, shown, sizeof(shown));
		json_object_set_new(values, "to", json_string(shown));
	}
	json_t *choices = book_agencies(r, en), *opts = json_array(), *n;
	const char *code;
	if (qa && *qa && !json_object_get(choices, qa)) {
		json_object_set_new(errors, "agency", json_string(view_msg(en, "rep_e_agency")));
		qa = NULL;
	}
	if (qa && !*qa)
		qa = NULL;
	json_object_foreach(choices, code, n)
		json_array_append_new(opts, json_pack("{s:s,s:O,s:b}", "code", code, "name", n, "selected",
						      qa && !strcmp(qa, code)));
	json_decref(choices);
	if (!json_object_size(errors)) {
		enum err e = dossier_tracking_book(r->ctx->store, r->user, qa, tf, tt + 86400, &rows, &eb);
		if (e) {
			page_set_error(errors, en, e, &eb);
			status = api_status_of(e);
		}
	} else {
		status = 400;
	}
	model = json_pack("{s:o,s:o,s:o,s:b}", "err", errors, "val", values, "agencies", opts, "choose",
			  json_array_size(opts) > 1);
	if (rows) {
		json_t *it;
		size_t i;
		json_array_foreach(rows, i, it)
			json_object_set_new(it, "n", json_integer((json_int_t)i + 1));
		view_decorate(rows, en);
		json_object_set_new(model, "rows", rows);
		json_object_set_new(model, "shown", json_true());
		page_qs_add(qs, sizeof(qs), "from", from);
		page_qs_add(qs, sizeof(qs), "to", to);
		page_qs_add(qs, sizeof(qs), "agency", qa);
		static const char *const fmts[] = {"csv", "xlsx", "pdf"};
		for (size_t k = 0; k < 3; k++) {
			char key[16];
			snprintf(url, sizeof(url), "/api/v1/reports/tracking-book.%s?%s", fmts[k], qs);
			snprintf(key, sizeof(key), "%s_url", fmts[k]);
			json_object_set_new(model, key, json_string(url));
		}
	}
	snprintf(url, sizeof(url), "/can-bo/so-theo-doi%s%s", qs[0] ? "?" : "", qs);
	json_object_set_new(model, "self_url", json_string(url));
	page_render(r, status, "tracking_book", view_msg(en, "rep_title"), model);
}
