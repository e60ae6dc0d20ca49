/*
 * reports.c - GET /api/v1/reports/tracking-book?from=&to=&agency= (Form
 * 06, R-DS-13) as JSON, CSV (.csv or Accept: text/csv) or the printable
 * PDF/HTML of Form 06 (.pdf, .html).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

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

/* The book as an Excel workbook (officials live in Excel): libxlsxwriter
 * writes a file, which is read back and removed. -1 on failure. */
static int book_xlsx(struct buf *b, json_t *rows, const char *from, const char *to)
{
	static const char *const head[] = {"STT", "Mã hồ sơ", "Thủ tục", "Số bộ", "Người nộp",
					   "Địa chỉ", "Điện thoại", "Cơ quan", "Tiếp nhận",
					   "Hẹn trả", "Trạng thái", "Hoàn thành", "Trả kết quả"};
	static const double widths[] = {5, 28, 50, 6, 24, 30, 14, 16, 22, 22, 22, 22, 22};
	/* mkstemps' template: six 'X's before the suffix, filled in here */
	char path[64] = "/tmp/motcua-book-";
	size_t plen = strlen(path);
	memset(path + plen, 'X', 6);
	snprintf(path + plen + 6, sizeof(path) - plen - 6, ".xlsx");
	int fd = mkstemps(path, 5), rc = -1;
	if (fd < 0)
		return -1;
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "Sổ theo dõi") : NULL;
	if (!ws) {
		unlink(path);
		return -1;
	}
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	format_set_text_wrap(bold);
	char title[96];
	snprintf(title, sizeof(title), "SỔ THEO DÕI HỒ SƠ (%s – %s)", from, to);
	worksheet_write_string(ws, 0, 0, title, bold);
	for (lxw_col_t c = 0; c < sizeof(head) / sizeof(head[0]); c++) {
		worksheet_set_column(ws, c, c, widths[c], NULL);
		worksheet_write_string(ws, 2, c, head[c], bold);
	}
	size_t i;
	json_t *d;
	json_array_foreach(rows, i, d) {
		json_t *app = json_object_get(d, "applicant");
		lxw_row_t row = (lxw_row_t)(3 + i);
		worksheet_write_number(ws, row, 0, (double)(i + 1), NULL);
		const char *f[] = {jstr(d, "code"), jstr(json_object_get(d, "procedure"), "name"), NULL,
				   jstr(app, "name"), jstr(app, "address"), jstr(app, "phone"),
				   jstr(d, "agency"), jstr(d, "received_at"), jstr(d, "due_at"),
				   jstr(d, "status_name"), jstr(d, "finished_at"), jstr(d, "returned_at")};
		for (lxw_col_t c = 0; c < sizeof(f) / sizeof(f[0]); c++) {
			if (c == 2)
				worksheet_write_number(ws, row, 3, (double)json_integer_value(json_object_get(d, "sets")), NULL);
			else
				worksheet_write_string(ws, row, c + 1, f[c], NULL);
		}
	}
	if (workbook_close(wb) == LXW_NO_ERROR) {
		FILE *fp = fopen(path, "rb");
		char chunk[8192];
		size_t n;
		if (fp) {
			while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
				buf_add(b, chunk, n);
			rc = ferror(fp) || b->over ? -1 : 0;
			fclose(fp);
		}
	}
	unlink(path);
	return rc;
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
	if (!strcmp(format, "xlsx")) {
		int bad = book_xlsx(&r->out, rows, api_query(r, "from"), api_query(r, "to"));
		json_decref(rows);
		if (bad) {
			api_reply_error(r, 500, "internal_error", NULL, "could not write the workbook");
			return;
		}
		r->status = 200;
		r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		snprintf(r->disposition, sizeof(r->disposition),
			 "attachment; filename=\"so-theo-doi-%.10s-%.10s.xlsx\"", api_query(r, "from"),
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
	if (strcmp(f, "csv") && strcmp(f, "pdf") && strcmp(f, "html") && strcmp(f, "xlsx")) {
		api_reply_error(r, 404, "not_found", "format",
				"the tracking book comes as .csv, .xlsx, .pdf or .html");
		return;
	}
	tracking_book(r, f);
}
