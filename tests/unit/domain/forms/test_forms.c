/*
 * test_forms.c - the official forms (R-RS-2, R-DS-2, R-DS-5, R-DS-7,
 * R-DS-8, R-DS-10, R-DS-11, R-DS-13): which forms exist and when a dossier
 * has one, and what the PDF and the HTML really say.
 *
 * The PDFs are read back with poppler's pdftotext, pdfinfo and pdffonts
 * (poppler-utils), run through popen: the text must hold the exact title,
 * the dossier code, the times as official documents write them, the
 * applicant, and the whole Vietnamese alphabet line; the page must be A5
 * (A4 landscape for the book); every embedded font must be Noto.
 * pdftotext -raw gives the text in the order it was drawn; a line that
 * pango wrapped comes back as two lines, so the text is compared with
 * every run of white space folded into one space.
 *
 * Under LeakSanitizer, fontconfig keeps its configuration and font
 * caches for the life of the process (pango's font map initialises it and
 * nobody calls FcFini()), which LSan reports as leaks at exit;
 * __lsan_default_suppressions() below silences fontconfig, pango and glib
 * only (in practice only fontconfig matches) and nothing of ours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "domain/forms/forms.h"
#include "domain/forms/forms_int.h"

const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig\n"
	       "leak:libpango\n"
	       "leak:libglib\n";
}

#define ALPHABET "ẮẰẲẴẶ ẤẦẨẪẬ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỶỸỴ đĐ"
#define RECEIVED "09 giờ 00 phút, ngày 27/01/2025"
#define CODE "000.00.12.H50-250127-0001"
#define URL "https://dichvucong.quangtri.gov.vn/tra-cuu/000.00.12.H50-250127-0001"

/* A realistic model, written with ' for " to stay readable; no text in it
 * has an apostrophe. */
static const char model_text[] =
	"{ 'rule_set': '2025',"
	"  'lookup_url': '" URL "',"
	"  'agency': {'code': '000.00.12.H50', 'name': 'Sở Khoa học và Công nghệ',"
	"     'parent_name': 'UBND tỉnh Quảng Trị',"
	"     'desk_name': 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị', 'place': 'Quảng Trị'},"
	"  'dossier': { 'code': '" CODE "',"
	"     'procedure': {'code': '1.004201.000.00.00.H50', 'name': 'Đăng ký chuyển giao công nghệ'},"
	"     'channel': 1,"
	"     'applicant': {'kind': 'citizen', 'name': 'Nguyễn Văn An', 'id_number': '045090001234',"
	"        'phone': '0912 345 678', 'email': 'an.nguyen@example.vn',"
	"        'address': 'Số 12 đường Hùng Vương, phường Đông Hà, tỉnh Quảng Trị'},"
	"     'summary': '" ALPHABET "', 'sets': 1, 'status': 4, 'status_name': 'Đang xử lý',"
	"     'received_at': '2025-01-27T09:00:00+07:00', 'due_at': '2025-02-14T09:00:00+07:00',"
	"     'original_due_at': '2025-02-12T09:00:00+07:00', 'finished_at': '2025-02-13T16:30:00+07:00',"
	"     'returned_at': '2025-02-14T08:15:00+07:00', 'return_method': 'in_person',"
	"     'documents': ["
	"        {'code': 'TP1', 'name': 'Văn bản đề nghị đăng ký chuyển giao công nghệ (Mẫu số 01)',"
	"         'original': 1, 'certified_copy': 0, 'photocopy': 0, 'present': true},"
	"        {'code': 'TP2', 'name': 'Hợp đồng chuyển giao công nghệ', 'original': 1,"
	"         'certified_copy': 1, 'photocopy': 0, 'present': true},"
	"        {'code': 'TP3', 'name': 'Giấy chứng nhận đăng ký doanh nghiệp của bên nhận công nghệ',"
	"         'original': 0, 'certified_copy': 1, 'photocopy': 0, 'present': true},"
	"        {'code': 'TP4', 'name': 'Văn bản xác nhận tư cách pháp lý của người đại diện',"
	"         'original': 0, 'certified_copy': 0, 'photocopy': 1, 'present': false}],"
	"     'fees': [{'name': 'Phí thẩm định hợp đồng chuyển giao công nghệ', 'amount': 1500000}],"
	"     'steps': ["
	"        {'name': 'Tiếp nhận hồ sơ', 'unit_name': 'Trung tâm Phục vụ hành chính công',"
	"         'handler': 'Nguyễn Thị Lan', 'started_at': '2025-01-27T09:00:00+07:00',"
	"         'due_at': '2025-01-27T17:00:00+07:00', 'finished_at': '2025-01-27T10:00:00+07:00',"
	"         'timeliness': 'early', 'result': 'Chuyển phòng chuyên môn'},"
	"        {'name': 'Thẩm định hồ sơ', 'unit_name': 'Phòng Quản lý công nghệ',"
	"         'handler': 'Trần Minh Đức', 'started_at': '2025-01-27T10:00:00+07:00',"
	"         'due_at': '2025-02-10T10:00:00+07:00', 'finished_at': '2025-02-12T15:00:00+07:00',"
	"         'timeliness': 'late', 'result': 'Đủ điều kiện'},"
	"        {'name': 'Phê duyệt', 'unit_name': 'Lãnh đạo Sở', 'handler': 'Lê Quang Hải',"
	"         'started_at': '2025-02-12T15:00:00+07:00', 'due_at': '2025-02-13T17:00:00+07:00',"
	"         'finished_at': '2025-02-13T16:30:00+07:00', 'timeliness': 'on_time',"
	"         'result': 'Đã ký'}],"
	"     'supplements': [{'requested_at': '2025-01-28T14:30:00+07:00',"
	"        'items': ['Bản sao chứng thực Giấy chứng nhận đăng ký doanh nghiệp',"
	"                  'Văn bản xác nhận tư cách pháp lý của người đại diện theo pháp luật',"
	"                  'Bản dịch tiếng Việt có công chứng của hợp đồng'],"
	"        'reason': 'Hồ sơ còn thiếu giấy tờ theo Nghị định 76/2018/NĐ-CP.',"
	"        'submitted_at': null, 'officer': 'Nguyễn Thị Lan'}],"
	"     'refusal': {'at': '2025-01-27T10:15:00+07:00',"
	"        'reason': 'Thủ tục không thuộc thẩm quyền giải quyết của Sở Khoa học và Công nghệ.',"
	"        'officer': 'Nguyễn Thị Lan'},"
	"     'apology': {'at': '2025-02-11T08:00:00+07:00',"
	"        'reason': 'Cần lấy ý kiến chuyên gia về công nghệ chuyển giao.',"
	"        'new_due_at': '2025-02-14T09:00:00+07:00', 'officer': 'Phạm Văn Bình'},"
	"     'stop': {'at': '2025-02-05T10:00:00+07:00',"
	"        'reason': 'Người nộp hồ sơ đề nghị dừng giải quyết.', 'officer': 'Phạm Văn Bình'},"
	"     'transfers': [{'from': 'Sở Khoa học và Công nghệ', 'to': 'Sở Tài chính',"
	"        'at': '2025-01-30T08:30:00+07:00', 'result': 'on_time',"
	"        'note': 'Lấy ý kiến về giá trị hợp đồng'}],"
	"     'receiver': {'name': 'Nguyễn Thị Lan', 'title': 'Công chức Bộ phận Một cửa'} }"
	"}";

static char tmpdir[64];

static json_t *parse_quoted(const char *text)
{
	char *s = strdup(text);
	assert_non_null(s);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t je;
	json_t *v = json_loads(s, 0, &je);
	if (!v)
		fprintf(stderr, "model: %s at %d\n", je.text, je.position);
	assert_non_null(v);
	free(s);
	return v;
}

static json_t *model(void)
{
	return parse_quoted(model_text);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/motcua-forms-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write b to tmpdir/name; returns the path (static storage). */
static const char *save(const struct buf *b, const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* The whole output of a shell command (malloc'd); the command must exit 0. */
static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&b, chunk, n);
	int rc = pclose(p);
	if (rc != 0)
		fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
	assert_int_equal(rc, 0);
	return buf_detach(&b, NULL);
}

/* Fold every run of white space (pango's line breaks included) into one
 * space, in place. */
static char *fold_space(char *s)
{
	char *o = s;
	int sp = 0;
	for (char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\f' || *p == '\t' || *p == '\r') {
			sp = 1;
			continue;
		}
		if (sp && o != s)
			*o++ = ' ';
		sp = 0;
		*o++ = *p;
	}
	*o = '\0';
	return s;
}

/* Drop all white space, in place (for text broken inside a word). */
static char *no_space(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\f')
			*o++ = *p;
	*o = '\0';
	return s;
}

static void render_pdf(enum form_id f, json_t *m, struct buf *b)
{
	struct errbuf eb;
	memset(&eb, 0, sizeof(eb));
	enum err e = forms_render_pdf(f, m, b, &eb);
	if (e)
		fprintf(stderr, "form %s: %s\n", forms_number(f), eb.msg);
	assert_int_equal(e, ERR_OK);
	assert_true(b->len > 1000);
	assert_memory_equal(b->p, "%PDF-", 5);
}

/* The text of a rendered PDF, white space folded. */
static char *pdf_text(const char *path)
{
	return fold_space(run("pdftotext -enc UTF-8 -raw '%s' -", path));
}

static void page_size(const char *path, double *w, double *h, int *pages)
{
	char *info = run("pdfinfo '%s'", path);
	char *ps = strstr(info, "Page size:"), *pg = strstr(info, "Pages:");
	assert_non_null(ps);
	assert_non_null(pg);
	assert_int_equal(sscanf(ps, "Page size: %lf x %lf", w, h), 2);
	assert_int_equal(sscanf(pg, "Pages: %d", pages), 1);
	free(info);
}

#define assert_contains(hay, needle)                                                           \
	do {                                                                                   \
		if (!strstr((hay), (needle)))                                                  \
			fail_msg("missing \"%s\" in:\n%s", (needle), (hay));                   \
	} while (0)
#define assert_lacks(hay, needle)                                                              \
	do {                                                                                   \
		if (strstr((hay), (needle)))                                                   \
			fail_msg("unexpected \"%s\" in:\n%s", (needle), (hay));                \
	} while (0)

/* ---- every form says what it must ----------------------------------- */

static const char *const titles_2025[FORM__MAX] = {
	"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN",
	"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	"SỔ THEO DÕI HỒ SƠ",
	"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
};

/* Render form f of the realistic model and check the common facts;
 * returns the folded text (caller frees). */
static char *check_form(enum form_id f)
{
	json_t *m = model();
	struct buf b = BUF_INIT;
	render_pdf(f, m, &b);
	char name[32];
	snprintf(name, sizeof(name), "form%s.pdf", forms_number(f));
	const char *path = save(&b, name);

	/* the title is a line of its own, unbroken */
	char *raw = run("pdftotext -enc UTF-8 -raw '%s' -", path);
	char own[128];
	snprintf(own, sizeof(own), "\n%s\n", titles_2025[f]);
	assert_contains(raw, own);
	if (f == FORM_01_RECEIPT) /* and on the receipt, so is the summary */
		assert_contains(raw, "Nội dung yêu cầu giải quyết: " ALPHABET "\n");
	free(raw);
	char *text = pdf_text(path);
	assert_contains(text, CODE);
	assert_contains(text, RECEIVED);
	assert_contains(text, "Nguyễn Văn An");
	assert_contains(text, ALPHABET);
	assert_contains(text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	assert_contains(text, "Độc lập - Tự do - Hạnh phúc");
	assert_contains(text, "UBND TỈNH QUẢNG TRỊ");
	assert_contains(text, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
	char *flat = no_space(strdup(text));
	assert_contains(flat, URL); /* printed under the QR code */
	free(flat);

	double w, h;
	int pages;
	page_size(path, &w, &h, &pages);
	if (f == FORM_06_TRACKING_BOOK) {
		assert_float_equal(w, 841.89, 0.01); /* A4 landscape (R-DS-13) */
		assert_float_equal(h, 595.28, 0.01);
	} else {
		assert_float_equal(w, 419.53, 0.01); /* A5 portrait */
		assert_float_equal(h, 595.28, 0.01);
	}
	assert_int_equal(pages, 1); /* the realistic dossier fits on one page */

	/* Noto only: every font in the file is a subset of Noto Serif */
	char *fonts = run("pdffonts '%s' | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | "
			  "sort -u",
			  path);
	assert_contains(fonts, "NotoSerif-Regular");
	assert_contains(fonts, "NotoSerif-Bold");
	for (char *line = fonts, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		if (strncmp(line, "NotoSerif-", 10))
			fail_msg("form %s uses the font %s", forms_number(f), line);
	}
	free(fonts);

	buf_release(&b);
	json_decref(m);
	return text;
}

static void form01_receipt_lists_papers_times_fees_and_signatures(void **state)
{
	(void)state;
	char *t = check_form(FORM_01_RECEIPT);
	/* R-DS-2: receipt and appointment */
	assert_contains(t, "Quảng Trị, ngày 27 tháng 01 năm 2025");
	assert_contains(t, "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị tiếp nhận hồ sơ của:");
	assert_contains(t, "Số 12 đường Hùng Vương, phường Đông Hà, tỉnh Quảng Trị");
	assert_contains(t, "0912 345 678");
	assert_contains(t, "Đăng ký chuyển giao công nghệ");
	assert_contains(t, "Văn bản đề nghị đăng ký chuyển giao công nghệ (Mẫu số 01)");
	assert_contains(t, "Giấy chứng nhận đăng ký doanh nghiệp của bên nhận công nghệ");
	assert_lacks(t, "tư cách pháp lý"); /* not handed in: not on the receipt */
	assert_contains(t, "Bản chính");
	assert_contains(t, "Số lượng hồ sơ: 1 (bộ)");
	assert_contains(t, "Thời gian nhận hồ sơ: " RECEIVED);
	assert_contains(t, "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 14/02/2025");
	assert_contains(t, "Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Quảng Trị");
	assert_contains(t, "1.500.000 đồng");
	assert_contains(t, "NGƯỜI NỘP HỒ SƠ");
	assert_contains(t, "NGƯỜI TIẾP NHẬN");
	assert_contains(t, "(Ký và ghi rõ họ tên)");
	assert_contains(t, "Nguyễn Thị Lan");
	free(t);
}

static void form02_asks_for_every_missing_paper_at_once(void **state)
{
	(void)state;
	char *t = check_form(FORM_02_SUPPLEMENT);
	/* R-DS-2 "guide once, completely": every item, numbered, and the reason */
	const char *a = strstr(t, "1. Bản sao chứng thực Giấy chứng nhận đăng ký doanh nghiệp");
	const char *b = strstr(t, "2. Văn bản xác nhận tư cách pháp lý của người đại diện theo pháp luật");
	const char *c = strstr(t, "3. Bản dịch tiếng Việt có công chứng của hợp đồng");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_true(a < b && b < c);
	assert_contains(t, "Lý do: Hồ sơ còn thiếu giấy tờ theo Nghị định 76/2018/NĐ-CP.");
	assert_contains(t, "Thời gian yêu cầu bổ sung: 14 giờ 30 phút, ngày 28/01/2025");
	assert_contains(t, "Quảng Trị, ngày 28 tháng 01 năm 2025");
	assert_contains(t, "NGƯỜI HƯỚNG DẪN");
	assert_lacks(t, "lần thứ"); /* the first request */
	free(t);
}

static void form03_refusal_gives_the_reason(void **state)
{
	(void)state;
	char *t = check_form(FORM_03_REFUSAL);
	assert_contains(t, "thông báo không tiếp nhận, giải quyết hồ sơ này");
	assert_contains(t, "Thủ tục không thuộc thẩm quyền giải quyết của Sở Khoa học và Công nghệ.");
	assert_contains(t, "NGƯỜI TIẾP NHẬN");
	free(t);
}

static void form04_apology_gives_reason_and_new_return_time(void **state)
{
	(void)state;
	char *t = check_form(FORM_04_APOLOGY);
	/* R-DS-8: the reason and the new return time, once */
	assert_contains(t, "Kính gửi: Ông/Bà Nguyễn Văn An");
	assert_contains(t, "Lý do: Cần lấy ý kiến chuyên gia về công nghệ chuyển giao.");
	assert_contains(t, "Thời hạn trả kết quả theo Giấy tiếp nhận: 09 giờ 00 phút, ngày 12/02/2025");
	assert_contains(t, "gia hạn thời gian giải quyết hồ sơ đến 09 giờ 00 phút, ngày 14/02/2025");
	assert_contains(t, "Quảng Trị, ngày 11 tháng 02 năm 2025");
	assert_contains(t, "THỦ TRƯỞNG CƠ QUAN");
	assert_contains(t, "Phạm Văn Bình");
	free(t);
}

static void form05_control_sheet_has_a_row_per_handover_in_time_order(void **state)
{
	(void)state;
	char *t = check_form(FORM_05_CONTROL_SHEET);
	/* R-DS-11: from, to, time, early/on time/late; the inter-agency
	 * transfer of 30/01 falls between the steps of 27/01 and 12/02 */
	const char *r1 = strstr(t, "1. Giao: Trung tâm Phục vụ hành chính công (Nguyễn Thị Lan) Nhận: "
				   "Phòng Quản lý công nghệ (Trần Minh Đức)");
	const char *r2 = strstr(t, "2. Giao: Sở Khoa học và Công nghệ Nhận: Sở Tài chính");
	const char *r3 = strstr(t, "3. Giao: Phòng Quản lý công nghệ (Trần Minh Đức) Nhận: Lãnh đạo Sở");
	const char *r4 = strstr(t, "4. Giao: Lãnh đạo Sở (Lê Quang Hải) Nhận: Nguyễn Văn An");
	assert_non_null(r1);
	assert_non_null(r2);
	assert_non_null(r3);
	assert_non_null(r4);
	assert_true(r1 < r2 && r2 < r3 && r3 < r4);
	assert_contains(r1, "10 giờ 00 phút, ngày 27/01/2025 Trước hạn");
	assert_contains(r2, "08 giờ 30 phút, ngày 30/01/2025 Đúng hạn");
	assert_contains(r3, "15 giờ 00 phút, ngày 12/02/2025 Quá hạn");
	assert_contains(t, "Cơ quan phối hợp giải quyết hồ sơ: Sở Tài chính");
	free(t);
}

static void form06_book_has_the_dossier_row(void **state)
{
	(void)state;
	char *t = check_form(FORM_06_TRACKING_BOOK);
	assert_contains(t, "Mã hồ sơ");
	assert_contains(t, "Cơ quan chủ trì giải quyết");
	assert_contains(t, "(13)");
	assert_contains(t, "Sở Khoa học và Công nghệ");
	assert_contains(t, "ĐT: 0912 345 678");
	free(t);
}

static void form07_stop_notice_gives_the_reason(void **state)
{
	(void)state;
	char *t = check_form(FORM_07_STOP);
	assert_contains(t, "thông báo dừng giải quyết hồ sơ nêu trên kể từ 10 giờ 00 phút, ngày 05/02/2025");
	assert_contains(t, "Lý do: Người nộp hồ sơ đề nghị dừng giải quyết.");
	assert_contains(t, "Quảng Trị, ngày 05 tháng 02 năm 2025");
	free(t);
}

static void form04_title_follows_the_rule_set(void **state)
{
	(void)state;
	/* R-RS-2: the 2018 set has the apology with a new return time */
	json_t *m = model();
	json_object_set_new(m, "rule_set", json_string("2018"));
	struct buf b = BUF_INIT;
	render_pdf(FORM_04_APOLOGY, m, &b);
	char *t = pdf_text(save(&b, "form04-2018.pdf"));
	assert_contains(t, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
	assert_contains(t, "sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào 09 giờ 00 phút, ngày 14/02/2025");
	assert_lacks(t, "GIA HẠN");
	free(t);
	buf_release(&b);
	json_decref(m);
}

static void rule_set_comes_from_the_reception_day_when_absent(void **state)
{
	(void)state;
	/* R-RS-1: the regime changed on 2025-07-01 (Vietnam time) */
	static const struct {
		const char *received_at;
		const char *title;
	} cases[] = {
		{"2025-06-30T23:59:59+07:00", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
		{"2025-06-30T16:59:59Z", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
		{"2025-07-01T00:00:00+07:00", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"},
		{"2025-06-30T17:00:00Z", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *m = model();
		json_object_del(m, "rule_set");
		json_object_set_new(json_object_get(m, "dossier"), "received_at",
				    json_string(cases[i].received_at));
		struct buf b = BUF_INIT;
		render_pdf(FORM_04_APOLOGY, m, &b);
		char *t = pdf_text(save(&b, "form04-inferred.pdf"));
		assert_contains(t, cases[i].title);
		free(t);
		buf_reset(&b);
		struct errbuf eb;
		enum err want = i < 2 ? ERR_NOTFOUND : ERR_OK;
		assert_int_equal(forms_render_pdf(FORM_07_STOP, m, &b, &eb), want);
		buf_release(&b);
		json_decref(m);
	}
}

/* ---- which forms exist, and when ------------------------------------ */

static void form_numbers_parse_per_rule_set(void **state)
{
	(void)state;
	static const struct {
		const char *nn, *rs;
		enum err e;
		enum form_id f;
		const char *field;
	} cases[] = {
		{"01", "2018", ERR_OK, FORM_01_RECEIPT, ""},
		{"02", "2018", ERR_OK, FORM_02_SUPPLEMENT, ""},
		{"03", "2018", ERR_OK, FORM_03_REFUSAL, ""},
		{"04", "2018", ERR_OK, FORM_04_APOLOGY, ""},
		{"05", "2018", ERR_OK, FORM_05_CONTROL_SHEET, ""},
		{"06", "2018", ERR_OK, FORM_06_TRACKING_BOOK, ""},
		{"07", "2018", ERR_NOTFOUND, FORM__MAX, "form"}, /* R-RS-2: 2025 only */
		{"01", "2025", ERR_OK, FORM_01_RECEIPT, ""},
		{"06", "2025", ERR_OK, FORM_06_TRACKING_BOOK, ""},
		{"07", "2025", ERR_OK, FORM_07_STOP, ""},
		{"08", "2025", ERR_INVALID, FORM__MAX, "form"},
		{"00", "2025", ERR_INVALID, FORM__MAX, "form"},
		{"7", "2025", ERR_INVALID, FORM__MAX, "form"},
		{"007", "2025", ERR_INVALID, FORM__MAX, "form"},
		{"01 ", "2025", ERR_INVALID, FORM__MAX, "form"},
		{"", "2025", ERR_INVALID, FORM__MAX, "form"},
		{NULL, "2025", ERR_INVALID, FORM__MAX, "form"},
		{"01", "2019", ERR_INVALID, FORM__MAX, "rule_set"},
		{"01", "", ERR_INVALID, FORM__MAX, "rule_set"},
		{"01", NULL, ERR_INVALID, FORM__MAX, "rule_set"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct errbuf eb;
	memset(&eb, 0, sizeof(eb));
		enum form_id f = FORM__MAX;
		assert_int_equal(forms_parse_id(cases[i].nn, cases[i].rs, &f, &eb), cases[i].e);
		assert_int_equal(f, cases[i].f);
		if (cases[i].e)
			assert_string_equal(eb.field, cases[i].field);
	}
	struct errbuf eb;
	enum form_id f;
	assert_int_equal(forms_parse_id("07", "2018", &f, &eb), ERR_NOTFOUND);
	assert_string_equal(eb.code, "form_not_in_rule_set");
	assert_contains(eb.msg, "2025");
	assert_string_equal(forms_number(FORM_07_STOP), "07");
	assert_null(forms_number(FORM__MAX));
	assert_null(forms_title(FORM_07_STOP, "2018"));
	assert_string_equal(forms_title(FORM_04_APOLOGY, "2025"), "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN");
	assert_string_equal(forms_title(FORM_04_APOLOGY, "2018"),
			    "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ");
}

static void forms_apply_only_when_the_dossier_has_the_event(void **state)
{
	(void)state;
	/* columns: forms 01..07; 1 = applies */
	static const struct {
		const char *dossier;
		int applies[FORM__MAX];
	} cases[] = {
		{"{}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'status': 1}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'received_at': '2025-01-27T09:00:00+07:00'}", {1, 0, 0, 0, 1, 1, 0}},
		{"{'received_at': null}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'received_at': ''}", {0, 0, 0, 0, 0, 0, 0}},
		/* R-DS-2, R-DS-5: a supplement request, or the status that says so */
		{"{'supplements': []}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'supplements': [{'items': ['x']}]}", {0, 1, 0, 0, 0, 0, 0}},
		{"{'status': 5}", {0, 1, 0, 0, 0, 0, 0}},
		/* R-DS-2, R-DS-7: refused */
		{"{'refusal': null}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'refusal': {'reason': 'x'}}", {0, 0, 1, 0, 0, 0, 0}},
		{"{'status': 3}", {0, 0, 1, 0, 0, 0, 0}},
		/* R-DS-8: only with an apology (being late is not enough) */
		{"{'apology': null, 'status': 4}", {0, 0, 0, 0, 0, 0, 0}},
		{"{'apology': {'reason': 'x', 'new_due_at': '2025-02-14T09:00:00+07:00'}}",
		 {0, 0, 0, 1, 0, 0, 0}},
		/* R-DS-10: stopped */
		{"{'stop': {'reason': 'x'}}", {0, 0, 0, 0, 0, 0, 1}},
		{"{'status': 8}", {0, 0, 0, 0, 0, 0, 1}},
		{"{'status': 7}", {0, 0, 0, 0, 0, 0, 0}}, /* withdrawn is not stopped */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *d = parse_quoted(cases[i].dossier);
		for (int f = 0; f < FORM__MAX; f++) {
			struct errbuf eb;
	memset(&eb, 0, sizeof(eb));
			enum err e = forms_applies((enum form_id)f, d, &eb);
			if (e != (cases[i].applies[f] ? ERR_OK : ERR_NOTFOUND))
				fail_msg("%s, form %s: got %d (%s)", cases[i].dossier,
					 forms_number((enum form_id)f), e, eb.msg);
			if (e)
				assert_string_equal(eb.code, "form_not_applicable");
		}
		json_decref(d);
	}
	json_t *m = model(), *d = json_object_get(m, "dossier");
	for (int f = 0; f < FORM__MAX; f++)
		assert_int_equal(forms_applies((enum form_id)f, d, NULL), ERR_OK);
	struct errbuf eb;
	assert_int_equal(forms_applies(FORM__MAX, d, &eb), ERR_INVALID);
	json_t *arr = json_array();
	assert_int_equal(forms_applies(FORM_01_RECEIPT, arr, &eb), ERR_INVALID);
	assert_int_equal(forms_applies(FORM_01_RECEIPT, NULL, &eb), ERR_INVALID);
	json_decref(arr);
	json_decref(m);
}

/* ---- robustness ------------------------------------------------------ */

static void missing_and_mistyped_fields_render_as_blanks(void **state)
{
	(void)state;
	static const char *const models[] = {
		"{}",
		"{'dossier': {}}",
		"{'rule_set': null, 'lookup_url': null, 'agency': null, 'dossier': null, 'book': null}",
		"{'agency': 'x', 'dossier': [], 'book': 3, 'lookup_url': 5}",
		"{'rule_set': '2025', 'agency': {'name': null, 'place': 7},"
		" 'dossier': {'applicant': null, 'procedure': 'x', 'documents': null,"
		"  'fees': [{}, null, {'amount': 'x'}, {'amount': 1.5e20}], 'steps': [{}, 5, {}],"
		"  'supplements': [{'items': [null, 5, 'a']}, 'x'], 'transfers': [{}, null],"
		"  'refusal': {}, 'apology': {}, 'stop': 'x', 'received_at': 'yesterday',"
		"  'due_at': '2025-13-40T99:00', 'sets': 'two', 'channel': 9, 'status': '5',"
		"  'return_method': 'drone', 'receiver': []},"
		" 'book': {'rows': [{}, null, 3, {'applicant': 'x', 'steps': [1, 2]}]}}",
	};
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		json_t *m = parse_quoted(models[i]);
		for (int f = 0; f < FORM__MAX; f++) {
			struct buf b = BUF_INIT;
			struct errbuf eb;
	memset(&eb, 0, sizeof(eb));
			enum err e = forms_render_pdf((enum form_id)f, m, &b, &eb);
			if (e)
				fail_msg("model %zu form %s: %s", i, forms_number((enum form_id)f),
					 eb.msg);
			assert_memory_equal(b.p, "%PDF-", 5);
			buf_reset(&b);
			assert_int_equal(forms_render_html((enum form_id)f, m, &b, &eb), ERR_OK);
			assert_non_null(strstr(b.p, "</html>"));
			buf_release(&b);
		}
		json_decref(m);
	}
	/* a blank receipt still reads as one: dotted blanks, no "(null)" */
	json_t *m = parse_quoted("{}");
	struct buf b = BUF_INIT;
	render_pdf(FORM_01_RECEIPT, m, &b);
	char *t = pdf_text(save(&b, "blank01.pdf"));
	assert_contains(t, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ");
	assert_contains(t, "Mã hồ sơ: ............");
	assert_contains(t, "..... giờ ..... phút, ngày ...../...../.......");
	assert_contains(t, "............, ngày ..... tháng ..... năm .......");
	assert_lacks(t, "null");
	free(t);
	buf_release(&b);
	json_decref(m);
}

static void bad_requests_fail_and_leave_the_buffer_alone(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "kept");
	struct errbuf eb;
	json_t *m = model();
	json_object_set_new(m, "rule_set", json_string("2019"));
	assert_int_equal(forms_render_pdf(FORM_01_RECEIPT, m, &b, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "rule_set");
	json_object_set_new(m, "rule_set", json_integer(2025));
	assert_int_equal(forms_render_html(FORM_01_RECEIPT, m, &b, &eb), ERR_INVALID);
	json_object_set_new(m, "rule_set", json_string("2018"));
	assert_int_equal(forms_render_pdf(FORM_07_STOP, m, &b, &eb), ERR_NOTFOUND);
	assert_string_equal(eb.code, "form_not_in_rule_set");
	assert_int_equal(forms_render_html(FORM_07_STOP, m, &b, &eb), ERR_NOTFOUND);
	assert_int_equal(forms_render_pdf(FORM__MAX, m, &b, &eb), ERR_INVALID);
	json_t *arr = json_array();
	assert_int_equal(forms_render_pdf(FORM_01_RECEIPT, arr, &b, &eb), ERR_INVALID);
	assert_int_equal(forms_render_html(FORM_01_RECEIPT, NULL, &b, &eb), ERR_INVALID);
	json_decref(arr);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.p, "kept");
	buf_release(&b);
	json_decref(m);
}

static void caps_give_err_limit(void **state)
{
	(void)state;
	struct errbuf eb;
	struct buf b = BUF_INIT;
	json_t *m = model();
	json_t *docs = json_object_get(json_object_get(m, "dossier"), "documents");
	json_t *one = json_array_get(docs, 0);
	while (json_array_size(docs) < FORMS_MAX_ITEMS)
		json_array_append(docs, one);
	render_pdf(FORM_01_RECEIPT, m, &b); /* 500 papers: many pages, fine */
	buf_reset(&b);
	json_array_append(docs, one);
	assert_int_equal(forms_render_pdf(FORM_01_RECEIPT, m, &b, &eb), ERR_LIMIT);
	assert_string_equal(eb.field, "documents");
	assert_int_equal(b.len, 0);
	json_decref(m);

	m = model();
	char url[FORMS_MAX_URL + 2];
	memset(url, 'a', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	json_object_set_new(m, "lookup_url", json_string(url));
	assert_int_equal(forms_render_html(FORM_01_RECEIPT, m, &b, &eb), ERR_LIMIT);
	assert_string_equal(eb.field, "lookup_url");

	json_t *book = json_object(), *rows = json_array();
	json_object_set_new(m, "book", book);
	json_object_set_new(book, "rows", rows);
	json_t *row = json_object();
	for (int i = 0; i <= FORMS_MAX_BOOK_ROWS; i++)
		json_array_append(rows, row);
	json_decref(row);
	json_object_del(m, "lookup_url");
	assert_int_equal(forms_render_pdf(FORM_06_TRACKING_BOOK, m, &b, &eb), ERR_LIMIT);
	assert_string_equal(eb.field, "book.rows");
	json_decref(m);

	/* the caller's own cap on the output */
	buf_release(&b);
	m = model();
	buf_init(&b, 2000);
	assert_int_equal(forms_render_pdf(FORM_01_RECEIPT, m, &b, &eb), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	buf_init(&b, 2000);
	assert_int_equal(forms_render_html(FORM_01_RECEIPT, m, &b, &eb), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	json_decref(m);
}

/* ---- the book ------------------------------------------------------- */

static void book_flows_over_pages_repeating_its_header(void **state)
{
	(void)state;
	/* R-DS-13: a row per dossier, A4 landscape, the header on every page */
	json_t *m = model();
	json_t *d = json_object_get(m, "dossier");
	json_t *book = json_pack("{s:s, s:s, s:[]}", "from", "2025-01-01", "to", "2025-01-31",
				 "rows");
	json_t *rows = json_object_get(book, "rows");
	for (int i = 1; i <= 40; i++) {
		json_t *r = json_deep_copy(d);
		char code[40];
		snprintf(code, sizeof(code), "000.00.12.H50-250127-%04d", i);
		json_object_set_new(r, "code", json_string(code));
		json_array_append_new(rows, r);
	}
	json_object_set_new(m, "book", book);
	struct buf b = BUF_INIT;
	render_pdf(FORM_06_TRACKING_BOOK, m, &b);
	const char *path = save(&b, "book.pdf");
	double w, h;
	int pages;
	page_size(path, &w, &h, &pages);
	assert_float_equal(w, 841.89, 0.01);
	assert_float_equal(h, 595.28, 0.01);
	assert_true(pages >= 3);
	char *t = pdf_text(path);
	assert_contains(t, "Từ ngày 01/01/2025 đến ngày 31/01/2025");
	int heads = 0;
	for (const char *p = t; (p = strstr(p, "Cơ quan chủ trì giải quyết")); p++)
		heads++;
	assert_int_equal(heads, pages);
	const char *prev = t;
	for (int i = 1; i <= 40; i++) { /* every row, in order */
		char code[40];
		snprintf(code, sizeof(code), "000.00.12.H50-250127-%04d", i);
		const char *at = strstr(prev, code);
		if (!at)
			fail_msg("row %d missing or out of order", i);
		prev = at;
	}
	free(t);
	buf_release(&b);

	/* no rows: the book says so */
	json_array_clear(rows);
	buf_init(&b, 0);
	render_pdf(FORM_06_TRACKING_BOOK, m, &b);
	t = pdf_text(save(&b, "book-empty.pdf"));
	assert_contains(t, "Không có hồ sơ nào trong kỳ.");
	free(t);
	buf_release(&b);
	json_decref(m);
}

/* ---- HTML ------------------------------------------------------------ */

static void html_is_standalone_and_escapes_every_model_string(void **state)
{
	(void)state;
	json_t *m = model();
	json_t *d = json_object_get(m, "dossier");
	json_object_set_new(json_object_get(d, "applicant"), "name",
			    json_string("<script>alert('x')</script> & \"Co\""));
	json_object_set_new(d, "code", json_string("<b>X</b>"));
	json_object_set_new(json_object_get(m, "agency"), "place", json_string("<img src=x onerror=y>"));
	for (int f = 0; f < FORM__MAX; f++) {
		struct buf b = BUF_INIT;
		struct errbuf eb;
		assert_int_equal(forms_render_html((enum form_id)f, m, &b, &eb), ERR_OK);
		assert_int_equal(strncmp(b.p, "<!DOCTYPE html>", 15), 0);
		assert_lacks(b.p, "<script");
		assert_lacks(b.p, "<img");
		assert_lacks(b.p, "<b>X</b>");
		assert_contains(b.p, titles_2025[f]);
		assert_contains(b.p, ALPHABET);
		assert_contains(b.p, "<svg"); /* the QR code */
		assert_contains(b.p, "<a href=\"" URL "\">" URL "</a>");
		if (f != FORM_06_TRACKING_BOOK) {
			assert_contains(b.p, "@page{size:A5 portrait");
			assert_contains(b.p, "&lt;b&gt;X&lt;/b&gt;");
			assert_contains(b.p, "&lt;img src=x onerror=y&gt;");
			assert_contains(b.p, RECEIVED);
		} else {
			assert_contains(b.p, "@page{size:A4 landscape");
		}
		assert_contains(b.p, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;");
		buf_release(&b);
	}
	/* the title names the form and the dossier; a non-http link is text */
	json_object_set_new(m, "lookup_url", json_string("javascript:alert(1)"));
	struct buf b = BUF_INIT;
	struct errbuf eb;
	assert_int_equal(forms_render_html(FORM_01_RECEIPT, m, &b, &eb), ERR_OK);
	assert_contains(b.p, "<title>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ - &lt;b&gt;X&lt;/b&gt;</title>");
	assert_lacks(b.p, "href=");
	assert_contains(b.p, "javascript:alert(1)</figcaption>");
	buf_release(&b);
	json_decref(m);
}

/* ---- fonts and formats ------------------------------------------------ */

static void noto_serif_draws_every_vietnamese_letter(void **state)
{
	(void)state;
	struct forms_font_report r;
	struct errbuf eb;
	static const char *const texts[] = {
		ALPHABET,
		"ắằẳẵặ ấầẩẫậ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵ ÀÁẢÃẠ ĂÂÊÔƠƯ àáảãạ ăâêôơư",
		"Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A\xcc\x81", /* decomposed (NFD) */
		"1.500.000 đồng ₫ № – “ ” …",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(forms_font_check(texts[i], &r, &eb), ERR_OK);
		if (r.unknown_glyphs)
			fail_msg("%s: %d letters cannot be drawn", texts[i], r.unknown_glyphs);
		assert_int_equal(r.nfamilies, 1);
		assert_string_equal(r.families[0], "Noto Serif");
	}
	/* a letter no installed font has is counted, not hidden: U+0378 is
	 * unassigned, so no font anywhere draws it (a CJK letter was used
	 * before, but machines with CJK fonts draw those) */
	assert_int_equal(forms_font_check("\xcd\xb8", &r, &eb), ERR_OK);
	assert_int_equal(r.unknown_glyphs, 4); /* once per style */
	assert_int_equal(forms_font_check(NULL, &r, &eb), ERR_INVALID);
}

static void times_dates_and_money_print_as_official_documents_write_them(void **state)
{
	(void)state;
	char s[64];
	static const struct {
		const char *iso, *time, *words;
	} times[] = {
		{"2025-01-27T09:00:00+07:00", "09 giờ 00 phút, ngày 27/01/2025", "ngày 27 tháng 01 năm 2025"},
		{"2025-01-27T02:00:00Z", "09 giờ 00 phút, ngày 27/01/2025", "ngày 27 tháng 01 năm 2025"},
		{"2025-01-26T17:00:00Z", "00 giờ 00 phút, ngày 27/01/2025", "ngày 27 tháng 01 năm 2025"},
		{"2025-01-27T16:59:00Z", "23 giờ 59 phút, ngày 27/01/2025", "ngày 27 tháng 01 năm 2025"},
		{"2025-01-27 09:05", "09 giờ 05 phút, ngày 27/01/2025", "ngày 27 tháng 01 năm 2025"},
		/* Decree 30/2020: a leading zero for days below 10 and for
		 * January and February only */
		{"2025-02-05T10:00:00+07:00", "10 giờ 00 phút, ngày 05/02/2025", "ngày 05 tháng 02 năm 2025"},
		{"2025-03-05T10:00:00+07:00", "10 giờ 00 phút, ngày 05/03/2025", "ngày 05 tháng 3 năm 2025"},
		{"2025-12-31T17:30:00+07:00", "17 giờ 30 phút, ngày 31/12/2025", "ngày 31 tháng 12 năm 2025"},
		{NULL, "..... giờ ..... phút, ngày ...../...../.......", "ngày ..... tháng ..... năm ......."},
		{"27/01/2025", "..... giờ ..... phút, ngày ...../...../.......", "ngày ..... tháng ..... năm ......."},
	};
	for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		forms_fmt_time(times[i].iso, s);
		assert_string_equal(s, times[i].time);
		forms_fmt_date_words(times[i].iso, s);
		assert_string_equal(s, times[i].words);
	}
	static const struct {
		long long v;
		const char *s;
	} money[] = {
		{0, "0 đồng"},           {999, "999 đồng"},
		{1000, "1.000 đồng"},    {500000, "500.000 đồng"},
		{1500000, "1.500.000 đồng"}, {-25000, "-25.000 đồng"},
		{1234567890123LL, "1.234.567.890.123 đồng"},
	};
	char mb[48];
	for (size_t i = 0; i < sizeof(money) / sizeof(money[0]); i++) {
		forms_fmt_money(money[i].v, mb);
		assert_string_equal(mb, money[i].s);
	}
	char *u = forms_upper("Sở Khoa học và Công nghệ; đường ỷ ữ");
	assert_string_equal(u, "SỞ KHOA HỌC VÀ CÔNG NGHỆ; ĐƯỜNG Ỷ Ữ");
	free(u);
}

static void second_supplement_request_says_so(void **state)
{
	(void)state;
	/* R-DS-5: more than one request is worth showing; the form lists the
	 * latest request's items only */
	json_t *m = model();
	json_t *sups = json_object_get(json_object_get(m, "dossier"), "supplements");
	json_array_append_new(sups, json_pack("{s:s, s:[s], s:s}", "requested_at",
					      "2025-02-03T08:00:00+07:00", "items",
					      "Bản đồ vị trí khu đất", "reason", "Thiếu bản đồ."));
	struct buf b = BUF_INIT;
	render_pdf(FORM_02_SUPPLEMENT, m, &b);
	char *t = pdf_text(save(&b, "form02-second.pdf"));
	assert_contains(t, "(yêu cầu lần thứ 2)");
	assert_contains(t, "1. Bản đồ vị trí khu đất");
	assert_lacks(t, "Bản dịch tiếng Việt");
	assert_contains(t, "Lý do: Thiếu bản đồ.");
	free(t);
	buf_release(&b);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(form01_receipt_lists_papers_times_fees_and_signatures),
		cmocka_unit_test(form02_asks_for_every_missing_paper_at_once),
		cmocka_unit_test(form03_refusal_gives_the_reason),
		cmocka_unit_test(form04_apology_gives_reason_and_new_return_time),
		cmocka_unit_test(form05_control_sheet_has_a_row_per_handover_in_time_order),
		cmocka_unit_test(form06_book_has_the_dossier_row),
		cmocka_unit_test(form07_stop_notice_gives_the_reason),
		cmocka_unit_test(form04_title_follows_the_rule_set),
		cmocka_unit_test(rule_set_comes_from_the_reception_day_when_absent),
		cmocka_unit_test(form_numbers_parse_per_rule_set),
		cmocka_unit_test(forms_apply_only_when_the_dossier_has_the_event),
		cmocka_unit_test(missing_and_mistyped_fields_render_as_blanks),
		cmocka_unit_test(bad_requests_fail_and_leave_the_buffer_alone),
		cmocka_unit_test(caps_give_err_limit),
		cmocka_unit_test(book_flows_over_pages_repeating_its_header),
		cmocka_unit_test(html_is_standalone_and_escapes_every_model_string),
		cmocka_unit_test(noto_serif_draws_every_vietnamese_letter),
		cmocka_unit_test(times_dates_and_money_print_as_official_documents_write_them),
		cmocka_unit_test(second_supplement_request_says_so),
	};
	return cmocka_run_group_tests_name("forms", tests, setup, teardown);
}
