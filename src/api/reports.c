/*
 * reports.c - GET /api/v1/reports/tracking-book?from=&to=&agency= (Form
 * 06, R-DS-13) as JSON, CSV (.csv or Accept: text/csv) or the printable
 * PDF/HTML of Form 06 (.pdf, .html).
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "core/vntime.h"
#include "domain/dossier/dossier.h"
#include "domain/forms/forms.h"

static int date_param_or_400(struct api_req *r, const char *key, int64_t *t)
{
	const char *s = api_query(r, key);
	int y, m, d;
	if (!s || vntime_parse_date(s, &y, &m, &d) < 0) {
		api_reply_error(r, 400, s ? "invalid_input" : "missing_field", key,
				"%s must be a date like 2025-01-31", key);
		return -1;
	}
	*t = vntime_days_from_civil(y, m, d) * 86400 - VN_OFFSET_SEC;
	return 0;
}

/* A CSV field: quoted, quotes doubled; formula-starting text defused. */
static void csv_field(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		buf_addc(b, '\'');
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static void book_csv(struct buf *b, json_t *rows)
{
	static const char *const head[] = {"Mã hồ sơ", "Thủ tục", "Số bộ", "Người nộp", "Địa chỉ",
					   "Điện thoại", "Cơ quan", "Tiếp nhận", "Hẹn trả",
					   "Trạng thái", "Hoàn thành", "Trả kết quả"};
	buf_adds(b, "\xEF\xBB\xBF"); /* BOM: Excel opens UTF-8 correctly */
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
		if (i)
			buf_addc(b, ',');
		csv_field(b, head[i]);
	}
	buf_adds(b, "\r\n");
	size_t i;
	json_t *d;
	json_array_foreach(rows, i, d) {
		json_t *app = json_object_get(d, "applicant");
		char sets[16];
		snprintf(sets, sizeof(sets), "%lld", (long long)json_integer_value(json_object_get(d, "sets")));
		const char *f[] = {jstr(d, "code"), jstr(json_object_get(d, "procedure"), "name"), sets,
				   jstr(app, "name"), jstr(app, "address"), jstr(app, "phone"),
				   jstr(d, "agency"), jstr(d, "received_at"), jstr(d, "due_at"),
				   jstr(d, "status_name"), jstr(d, "finished_at"), jstr(d, "returned_at")};
		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			if (k)
				buf_addc(b, ',');
			csv_field(b, f[k]);
		}
		buf_adds(b, "\r\n");
	}
}

static void tracking_book(struct api_req *r, const char *format)
{
	struct errbuf eb;
	int64_t from, to;
	json_t *rows = NULL;
	if (date_param_or_400(r, "from", &from) < 0 || date_param_or_400(r, "to", &to) < 0)
		return;
	to += 86400; /* "to" is inclusive */
	const char *agency = api_query(r, "agency");
	const char *accept = api_header(r, "Accept");
	if (!format && accept && strstr(accept, "text/csv"))
		format = "csv";
	enum err e = dossier_tracking_book(r->ctx->store, r->user, agency && *agency ? agency : NULL,
					   from, to, &rows, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	if (!format) {
		api_reply_json(r, 200, json_pack("{s:s,s:s,s:o}", "from", api_query(r, "from"), "to",
						 api_query(r, "to"), "rows", rows));
		return;
	}
	buf_reset(&r->out);
	if (!strcmp(format, "csv")) {
		book_csv(&r->out, rows);
		json_decref(rows);
		r->status = 200;
		r->ctype = "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof(r->disposition),
			 "attachment; filename=\"so-theo-doi-%.10s-%.10s.csv\"", api_query(r, "from"),
			 api_query(r, "to"));
		return;
	}
	json_t *first = json_array_get(rows, 0);
	json_t *model = json_pack("{s:s,s:s,s:{s:s?},s:{s:s,s:s,s:O}}", "rule_set", "2025", "lookup_url",
				  r->ctx->conf->public_url, "agency", "code",
				  first ? jstr(first, "agency") : agency, "book", "from",
				  api_query(r, "from"), "to", api_query(r, "to"), "rows", rows);
	json_decref(rows);
	e = !strcmp(format, "pdf") ? forms_render_pdf(FORM_06_TRACKING_BOOK, model, &r->out, &eb)
				   : forms_render_html(FORM_06_TRACKING_BOOK, model, &r->out, &eb);
	json_decref(model);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	r->status = 200;
	r->ctype = !strcmp(format, "pdf") ? "application/pdf" : "text/html; charset=utf-8";
	if (strcmp(format, "pdf"))
		r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
			 "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}

void api_report_tracking_book(struct api_req *r)
{
	tracking_book(r, NULL);
}

void api_report_tracking_book_fmt(struct api_req *r)
{
	const char *f = r->params[0];
	if (strncmp(f, "tracking-book.", 14) == 0)
		f += 14;
	else
		f = "";
	if (strcmp(f, "csv") && strcmp(f, "pdf") && strcmp(f, "html")) {
		api_reply_error(r, 404, "not_found", "format", "the tracking book comes as .csv, .pdf or .html");
		return;
	}
	tracking_book(r, f);
}
