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
 * Under LeakSanitizer, fontconfig, pango and glib keep caches for the
 * life of the process (font map, pattern cache, type system) that are
 * reachable only through their internals; __lsan_default_suppressions()
 * below silences exactly those libraries and nothing of ours.
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
	       "leak:libglib\n"
	       "leak:libgobject\n"
	       "leak:libharfbuzz\n";
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
	struct errbuf eb = {{0}};
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

	char *raw = run("pdftotext -enc UTF-8 -raw '%s' -", path);
	assert_contains(raw, titles_2025[f]); /* the title is one unbroken line */
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
