/*
 * forms_build.c - the words of each form: what it says, filled from the
 * model, as a layout-neutral document (forms_int.h). The wording follows
 * the forms of Circular 01/2018/TT-VPCP (01-06) and, for the 2025 rule
 * set, the apology-and-extension letter and the stop notice (04, 07;
 * DOMAIN.md R-RS-2). What each form lists is set by DOMAIN.md: 01 the
 * receipt with the papers received and the appointment (R-DS-2), 02 every
 * missing paper at once (R-DS-2, R-DS-5), 03 the reasons (R-DS-7), 04 the
 * reason and the new return time (R-DS-8), 05 one row per hand-over
 * (R-DS-11), 06 one row per dossier (R-DS-13), 07 the reason (R-DS-10).
 *
 * The builders only read the model; any member may be missing, and then
 * the form shows the dotted blank a paper form has in its place.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/forms/forms_int.h"

struct ctx {
	struct fdoc *d;
	enum form_id f;
	const char *rs;    /* "2018" | "2025" */
	json_t *model;
	json_t *agency;
	json_t *dos;       /* the dossier (may be NULL for form 06) */
	json_t *app;       /* its applicant */
	const char *agency_name;
	const char *desk;  /* who receives and returns: the one-stop desk */
	const char *you;   /* how the letter addresses the applicant */
};

/* ---- caps (STYLE.md: hard caps on every input) ---------------------- */

static enum err cap_arr(json_t *obj, const char *key, size_t max, const char *prefix,
			struct errbuf *eb)
{
	json_t *a = fj_arr(obj, key);
	if (a && json_array_size(a) > max)
		return err_set(eb, ERR_LIMIT, key, "%s%s has %zu items, more than %zu", prefix, key,
			       json_array_size(a), max);
	return ERR_OK;
}

static enum err check_dossier(json_t *dos, const char *prefix, struct errbuf *eb)
{
	static const char *const lists[] = {"documents", "fees", "steps", "supplements",
					    "transfers"};
	enum err e;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if ((e = cap_arr(dos, lists[i], FORMS_MAX_ITEMS, prefix, eb)))
			return e;
	size_t i;
	json_t *s;
	json_array_foreach(fj_arr(dos, "supplements"), i, s)
		if ((e = cap_arr(s, "items", FORMS_MAX_ITEMS, prefix, eb)))
			return e;
	return ERR_OK;
}

/* ---- small pieces ----------------------------------------------------- */

static struct fpara *para(struct ctx *c)
{
	struct fpara *p = fdoc_para(c->d, FA_LEFT);
	if (p)
		p->before = 0.2;
	return p;
}

/* A paragraph of running text: justified, first line indented. */
static struct fpara *prose(struct ctx *c, double before)
{
	struct fpara *p = para(c);
	if (p) {
		p->align = FA_JUSTIFY;
		p->indent = 1.5;
		if (before > 0)
			p->before = before;
	}
	return p;
}

/* "Label: value" with the value in vstyle, or dots when it is absent. */
static struct fpara *field(struct ctx *c, const char *label, const char *value, unsigned vstyle)
{
	struct fpara *p = para(c);
	fpara_add(c->d, p, 0, label);
	if (value && *value)
		fpara_add(c->d, p, vstyle, value);
	else
		fpara_add(c->d, p, 0, FORMS_DOTS FORMS_DOTS);
	return p;
}

static struct fpara *field_time(struct ctx *c, const char *label, const char *iso,
				unsigned vstyle)
{
	char t[64];
	forms_fmt_time(iso, t);
	return field(c, label, t, iso ? vstyle : 0);
}

static const char *timeliness_name(const char *t)
{
	if (!t)
		return "";
	if (!strcmp(t, "early"))
		return "Trước hạn";
	if (!strcmp(t, "on_time"))
		return "Đúng hạn";
	if (!strcmp(t, "late"))
		return "Quá hạn";
	return "";
}

static const char *channel_name(long long ch)
{
	switch (ch) {
	case 1: return "Trực tiếp";
	case 2: return "Trực tuyến";
	case 3: return "Qua dịch vụ bưu chính công ích";
	default: return NULL;
	}
}

/* The applicant's kind decides the words: a citizen is "Ông/Bà". */
static void applicant_words(const char *kind, const char **label, const char **id_label,
			    const char **you)
{
	*you = "Ông/Bà";
	*label = "Ông/Bà (tổ chức): ";
	*id_label = "Số giấy tờ: ";
	if (!kind)
		return;
	if (!strcmp(kind, "citizen")) {
		*label = "Ông/Bà: ";
		*id_label = "Số định danh cá nhân: ";
	} else if (!strcmp(kind, "enterprise")) {
		*label = "Doanh nghiệp: ";
		*id_label = "Mã số doanh nghiệp: ";
		*you = "Quý doanh nghiệp";
	} else if (!strcmp(kind, "agency")) {
		*label = "Cơ quan: ";
		*id_label = "Mã định danh: ";
		*you = "Quý cơ quan";
	} else if (!strcmp(kind, "organisation")) {
		*label = "Tổ chức: ";
		*id_label = "Mã số tổ chức: ";
		*you = "Quý tổ chức";
	}
}

/* Name, identity number, address, phone and e-mail of the applicant. */
static void applicant_lines(struct ctx *c, const char *name_label)
{
	const char *label, *id_label, *you;
	applicant_words(fj_str(c->app, "kind"), &label, &id_label, &you);
	field(c, name_label ? name_label : label, fj_str(c->app, "name"), FS_BOLD);
	const char *id = fj_str(c->app, "id_number");
	if (id && *id)
		field(c, id_label, id, 0);
	field(c, "Địa chỉ: ", fj_str(c->app, "address"), 0);
	struct fpara *p = field(c, "Số điện thoại: ", fj_str(c->app, "phone"), 0);
	const char *email = fj_str(c->app, "email");
	if (email && *email) {
		fpara_add(c->d, p, 0, "   Email: ");
		fpara_add(c->d, p, 0, email);
	}
}

static void procedure_lines(struct ctx *c)
{
	json_t *proc = fj_obj(c->dos, "procedure");
	const char *name = fj_str(proc, "name"), *code = fj_str(proc, "code");
	struct fpara *p = field(c, "Thủ tục hành chính: ", name, 0);
	if (code && *code)
		fpara_addf(c->d, p, 0, " (mã số %s)", code);
	const char *sum = fj_str(c->dos, "summary");
	if (sum && *sum)
		field(c, "Nội dung yêu cầu giải quyết: ", sum, 0);
}

/* The paragraphs of a reason: one per line of the text, indented. */
static void reason_lines(struct ctx *c, const char *label, const char *reason)
{
	struct fpara *p = para(c);
	fpara_add(c->d, p, 0, label);
	fpara_add(c->d, p, 0, reason && *reason ? reason : FORMS_DOTS FORMS_DOTS FORMS_DOTS);
}

static void heading(struct ctx *c, const char *date_iso)
{
	struct fdoc *d = c->d;
	d->parent = forms_upper(fj_str(c->agency, "parent_name"));
	d->agency = forms_upper(fj_str(c->agency, "name"));
	if ((fj_str(c->agency, "parent_name") && !d->parent) ||
	    (fj_str(c->agency, "name") && !d->agency))
		d->oom = 1;
	if (c->f != FORM_06_TRACKING_BOOK) {
		char w[64], line[512];
		forms_fmt_date_words(date_iso, w);
		snprintf(line, sizeof(line), "%s, %s", fj_strd(c->agency, "place", "............"),
			 w);
		d->dateline = fdoc_strdup(d, line);
		int y, mo, dd, h, mi;
		if (forms_local(date_iso, &y, &mo, &dd, &h, &mi) == 0) {
			snprintf(line, sizeof(line), "%04d-%02d-%02dT%02d:%02d:00", y, mo, dd, h, mi);
			d->create_date = fdoc_strdup(d, line);
		}
	}
	d->title = fdoc_strdup(d, forms_title(c->f, c->rs));
	struct fpara *p = fdoc_para(d, FA_CENTER);
	if (p) {
		p->scale = 1.2;
		p->fit = 1;
		p->title = 1;
		p->before = 0.9;
	}
	fpara_add(d, p, FS_BOLD, d->title);
	const char *code = fj_str(c->dos, "code");
	if (c->f != FORM_06_TRACKING_BOOK) {
		d->code = fdoc_strdup(d, code);
		p = fdoc_para(d, FA_CENTER);
		fpara_add(d, p, 0, "Mã hồ sơ: ");
		fpara_add(d, p, FS_BOLD, code && *code ? code : FORMS_DOTS);
	}
	fdoc_gap(d, 0.5);
	/* on A5 the QR code sits at the right of the first lines of the body;
	 * the book (A4 landscape) has it in a bottom corner */
	if (c->f != FORM_06_TRACKING_BOOK)
		fdoc_qr(d);
}

static void fees_lines(struct ctx *c, const char *label)
{
	json_t *fees = fj_arr(c->dos, "fees");
	size_t n = fees ? json_array_size(fees) : 0;
	char m[48];
	if (n == 0) {
		field(c, label, "Không", 0);
		return;
	}
	if (n == 1) {
		json_t *fee = json_array_get(fees, 0);
		struct fpara *p = para(c);
		fpara_add(c->d, p, 0, label);
		fpara_add(c->d, p, 0, fj_strd(fee, "name", "Phí, lệ phí"));
		forms_fmt_money(fj_int(fee, "amount", 0), m);
		fpara_add(c->d, p, 0, ": ");
		fpara_add(c->d, p, FS_BOLD, m);
		return;
	}
	struct fpara *p = para(c);
	fpara_add(c->d, p, 0, label);
	long long total = 0;
	size_t i;
	json_t *fee;
	json_array_foreach(fees, i, fee) {
		long long a = fj_int(fee, "amount", 0);
		total += a;
		forms_fmt_money(a, m);
		p = para(c);
		if (p) {
			p->left = 1.2;
			p->before = 0;
		}
		fpara_addf(c->d, p, 0, "- %s: %s", fj_strd(fee, "name", "Phí, lệ phí"), m);
	}
	forms_fmt_money(total, m);
	p = para(c);
	if (p) {
		p->left = 1.2;
		p->before = 0;
	}
	fpara_add(c->d, p, 0, "Tổng cộng: ");
	fpara_add(c->d, p, FS_BOLD, m);
}

static const char *return_method(struct ctx *c, char *buf, size_t sz)
{
	const char *m = fj_str(c->dos, "return_method");
	if (!m)
		return NULL;
	if (!strcmp(m, "in_person")) {
		snprintf(buf, sz, "Trực tiếp tại %s", c->desk);
		return buf;
	}
	if (!strcmp(m, "post"))
		return "Qua dịch vụ bưu chính công ích";
	if (!strcmp(m, "online"))
		return "Trực tuyến (bản điện tử trên Cổng Dịch vụ công)";
	return m;
}

static const char *receiver_name(struct ctx *c)
{
	return fj_str(fj_obj(c->dos, "receiver"), "name");
}

/* ---- the forms ------------------------------------------------------- */

/* Form 01 (R-DS-2): receipt and appointment. */
static void form01(struct ctx *c)
{
	struct fdoc *d = c->d;
	heading(c, fj_str(c->dos, "received_at"));
	struct fpara *p = para(c);
	fpara_add(d, p, 0, c->desk);
	fpara_add(d, p, 0, " tiếp nhận hồ sơ của:");
	applicant_lines(c, NULL);
	procedure_lines(c);
	/* the receipt is handed over at the desk: say how the dossier came
	 * only when it came another way */
	long long chn = fj_int(c->dos, "channel", 0);
	if (chn != 1 && channel_name(chn))
		field(c, "Hình thức nộp hồ sơ: ", channel_name(chn), 0);

	p = para(c);
	if (p)
		p->keep = 1;
	fpara_add(d, p, 0, "1. Thành phần hồ sơ nộp gồm:");
	json_t *docs = fj_arr(c->dos, "documents");
	size_t i, n = 0;
	json_t *doc;
	json_array_foreach(docs, i, doc)
		if (!json_is_false(json_object_get(doc, "present")))
			n++;
	if (n == 0) {
		p = para(c);
		if (p)
			p->left = 1.2;
		fpara_add(d, p, FS_ITALIC, "(Không có giấy tờ)");
	} else {
		static const double w[] = {0.06, 0.49, 0.15, 0.15, 0.15};
		struct ftable *t = fdoc_table(d, 5, w, 1);
		if (t) {
			t->align[0] = FA_CENTER;
			t->align[2] = t->align[3] = t->align[4] = FA_CENTER;
			t->scale = 0.88;
		}
		ftable_text(d, t, FS_BOLD, "TT");
		ftable_text(d, t, FS_BOLD, "Tên giấy tờ");
		ftable_text(d, t, FS_BOLD, "Bản chính");
		ftable_text(d, t, FS_BOLD, "Bản sao chứng thực");
		ftable_text(d, t, FS_BOLD, "Bản chụp");
		size_t k = 0;
		json_array_foreach(docs, i, doc) {
			if (json_is_false(json_object_get(doc, "present")))
				continue;
			char num[24];
			snprintf(num, sizeof(num), "%zu", ++k);
			ftable_text(d, t, 0, num);
			ftable_text(d, t, 0, fj_strd(doc, "name", FORMS_DOTS));
			static const char *const kinds[] = {"original", "certified_copy", "photocopy"};
			for (size_t j = 0; j < 3; j++) {
				long long v = fj_int(doc, kinds[j], 0);
				if (v > 0)
					snprintf(num, sizeof(num), "%lld", v);
				else
					num[0] = '\0';
				ftable_text(d, t, 0, num);
			}
		}
	}
	char sets[32];
	snprintf(sets, sizeof(sets), "%lld (bộ)", fj_int(c->dos, "sets", 1));
	field(c, "2. Số lượng hồ sơ: ", sets, 0);
	field_time(c, "3. Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), FS_BOLD);
	field_time(c, "4. Thời gian trả kết quả giải quyết hồ sơ: ", fj_str(c->dos, "due_at"),
		   FS_BOLD);
	char rm[512];
	field(c, "5. Đăng ký nhận kết quả: ", return_method(c, rm, sizeof(rm)), 0);
	fees_lines(c, "6. Phí, lệ phí: ");
	fdoc_gap(d, 0.6);
	const char *kind = fj_str(c->app, "kind");
	int citizen = kind && !strcmp(kind, "citizen");
	fdoc_sign(d, "NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)",
		  citizen ? fj_str(c->app, "name") : NULL, "NGƯỜI TIẾP NHẬN",
		  "(Ký và ghi rõ họ tên)", receiver_name(c));
}

/* Form 02 (R-DS-2, R-DS-5): every missing or incomplete paper at once. */
static void form02(struct ctx *c)
{
	struct fdoc *d = c->d;
	json_t *sups = fj_arr(c->dos, "supplements");
	size_t nsup = sups ? json_array_size(sups) : 0;
	json_t *sup = nsup ? json_array_get(sups, nsup - 1) : NULL; /* the latest request */
	const char *at = fj_str(sup, "requested_at");
	heading(c, at ? at : fj_str(c->dos, "received_at"));
	applicant_lines(c, "Hồ sơ của: ");
	procedure_lines(c);
	if (fj_str(c->dos, "received_at"))
		field_time(c, "Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), 0);
	field_time(c, "Thời gian yêu cầu bổ sung: ", at, 0);

	struct fpara *p = prose(c, 0.5);
	if (p)
		p->keep = 1;
	fpara_add(d, p, 0, "Sau khi xem xét, ");
	fpara_add(d, p, 0, c->desk);
	fpara_addf(d, p, 0, " đề nghị %s bổ sung, hoàn thiện hồ sơ gồm những nội dung sau", c->you);
	if (nsup > 1)
		fpara_addf(d, p, 0, " (yêu cầu lần thứ %zu)", nsup);
	fpara_add(d, p, 0, ":");
	json_t *items = fj_arr(sup, "items");
	size_t i, n = 0;
	json_t *it;
	json_array_foreach(items, i, it) {
		if (!json_is_string(it))
			continue;
		p = para(c);
		if (p) {
			p->left = 0.6;
			p->indent = -1.2;
			p->before = 0.1;
		}
		fpara_addf(d, p, 0, "%zu. %s", ++n, json_string_value(it));
	}
	if (n == 0) {
		p = para(c);
		if (p)
			p->left = 0.6;
		fpara_add(d, p, 0, "1. " FORMS_DOTS FORMS_DOTS FORMS_DOTS);
	}
	reason_lines(c, "Lý do: ", fj_str(sup, "reason"));
	p = prose(c, 0.4);
	fpara_addf(d, p, 0,
		   "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, %s liên hệ %s "
		   "để được hướng dẫn.",
		   c->you, c->desk);
	p = prose(c, 0);
	fpara_add(d, p, 0, "Xin trân trọng cảm ơn!");
	fdoc_gap(d, 0.6);
	const char *officer = fj_str(sup, "officer");
	fdoc_sign(d, "NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)",
		  officer ? officer : receiver_name(c), NULL, NULL, NULL);
}

/* Form 03 (R-DS-2, R-DS-7): refusal with its reasons. */
static void form03(struct ctx *c)
{
	struct fdoc *d = c->d;
	json_t *ref = fj_obj(c->dos, "refusal");
	heading(c, fj_str(ref, "at") ? fj_str(ref, "at") : fj_str(c->dos, "received_at"));
	struct fpara *p = para(c);
	fpara_add(d, p, 0, c->desk);
	fpara_add(d, p, 0, " tiếp nhận hồ sơ của:");
	applicant_lines(c, NULL);
	procedure_lines(c);
	if (fj_str(c->dos, "received_at"))
		field_time(c, "Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), 0);
	p = prose(c, 0.5);
	fpara_addf(d, p, 0,
		   "Qua xem xét, %s thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ "
		   "thể như sau:",
		   c->desk);
	p = prose(c, 0);
	const char *reason = fj_str(ref, "reason");
	fpara_add(d, p, 0, reason && *reason ? reason : FORMS_DOTS FORMS_DOTS FORMS_DOTS);
	p = prose(c, 0);
	fpara_addf(d, p, 0, "Xin thông báo để %s được biết và thực hiện./.", c->you);
	fdoc_gap(d, 0.6);
	const char *officer = fj_str(ref, "officer");
	fdoc_sign(d, "NGƯỜI TIẾP NHẬN", "(Ký và ghi rõ họ tên)",
		  officer ? officer : receiver_name(c), NULL, NULL, NULL);
}

static void dear(struct ctx *c)
{
	struct fpara *p = fdoc_para(c->d, FA_CENTER);
	if (p)
		p->before = 0.2;
	const char *kind = fj_str(c->app, "kind");
	int citizen = !kind || !strcmp(kind, "citizen");
	fpara_addf(c->d, p, 0, "Kính gửi: %s", citizen ? "Ông/Bà " : "");
	fpara_add(c->d, p, FS_BOLD, fj_strd(c->app, "name", FORMS_DOTS FORMS_DOTS));
	fdoc_gap(c->d, 0.3);
}

/* Form 04 (R-DS-8): apology with the new return time (2018), or the
 * apology and request for extension (2025). */
static void form04(struct ctx *c)
{
	struct fdoc *d = c->d;
	json_t *ap = fj_obj(c->dos, "apology");
	int v2025 = !strcmp(c->rs, "2025");
	heading(c, fj_str(ap, "at"));
	dear(c);
	char rd[64];
	forms_fmt_date_words(fj_str(c->dos, "received_at"), rd);
	struct fpara *p = prose(c, 0);
	fpara_addf(d, p, 0, "Ngày %s, %s tiếp nhận hồ sơ của %s đề nghị giải quyết thủ tục ",
		   rd + strlen("ngày "), c->desk, c->you);
	fpara_add(d, p, FS_BOLD,
		  fj_strd(fj_obj(c->dos, "procedure"), "name", FORMS_DOTS FORMS_DOTS));
	fpara_add(d, p, 0, ".");
	field(c, "Địa chỉ: ", fj_str(c->app, "address"), 0);
	const char *sum = fj_str(c->dos, "summary");
	if (sum && *sum)
		field(c, "Nội dung yêu cầu giải quyết: ", sum, 0);
	field_time(c, "Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), 0);
	const char *orig = fj_str(c->dos, "original_due_at");
	if (!orig) /* before the apology the due time was the only one */
		orig = fj_str(c->dos, "due_at");
	const char *newdue = fj_str(ap, "new_due_at");
	if (orig && newdue && !strcmp(orig, newdue))
		orig = NULL;
	field_time(c, "Thời hạn trả kết quả theo Giấy tiếp nhận: ", orig, 0);
	p = prose(c, 0.4);
	if (v2025)
		fpara_addf(d, p, 0,
			   "Tuy nhiên, %s không thể giải quyết hồ sơ của %s đúng thời hạn nêu trên.",
			   c->agency_name, c->you);
	else
		fpara_addf(d, p, 0,
			   "Tuy nhiên đến nay, %s chưa trả kết quả giải quyết hồ sơ của %s đúng hạn "
			   "ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
			   c->agency_name, c->you);
	p = prose(c, 0);
	fpara_add(d, p, 0, "Lý do: ");
	const char *reason = fj_str(ap, "reason");
	fpara_add(d, p, 0, reason && *reason ? reason : FORMS_DOTS FORMS_DOTS FORMS_DOTS);
	p = prose(c, 0);
	fpara_addf(d, p, 0,
		   "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của %s. %s xin lỗi "
		   "%s về sự chậm trễ và bất tiện này.",
		   c->you, c->agency_name, c->you);
	char t[64];
	forms_fmt_time(newdue, t);
	p = prose(c, 0);
	if (v2025)
		fpara_addf(d, p, 0, "%s đề nghị %s đồng ý gia hạn thời gian giải quyết hồ sơ đến ",
			   c->agency_name, c->you);
	else
		fpara_addf(d, p, 0, "%s sẽ trả kết quả giải quyết hồ sơ cho %s vào ",
			   c->agency_name, c->you);
	fpara_add(d, p, newdue ? FS_BOLD : 0, t);
	fpara_add(d, p, 0, ".");
	p = prose(c, 0);
	fpara_addf(d, p, 0, "Xin trân trọng cảm ơn sự hợp tác của %s./.", c->you);
	fdoc_gap(d, 0.6);
	fdoc_sign(d, "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)",
		  fj_str(ap, "officer"), NULL, NULL, NULL);
}

/* One hand-over of form 05: from whom to whom, when, and how the giver
 * stood against its time limit. */
struct handover {
	int64_t t;
	int has_t;
	size_t ord;
	const char *from, *from_who, *to, *to_who, *at, *result, *note;
};

static int handover_cmp(const void *a, const void *b)
{
	const struct handover *x = a, *y = b;
	if (x->has_t != y->has_t)
		return x->has_t ? -1 : 1;
	if (x->has_t && x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

static void handover_cell(struct ctx *c, struct ftable *t, const struct handover *h, size_t k)
{
	struct fpara *p = ftable_cell(c->d, t, FA_LEFT);
	fpara_addf(c->d, p, 0, "%zu. Giao: ", k);
	fpara_add(c->d, p, 0, h->from ? h->from : FORMS_DOTS);
	if (h->from_who && *h->from_who)
		fpara_addf(c->d, p, 0, " (%s)", h->from_who);
	fpara_add(c->d, p, 0, "\nNhận: ");
	fpara_add(c->d, p, 0, h->to ? h->to : FORMS_DOTS);
	if (h->to_who && *h->to_who)
		fpara_addf(c->d, p, 0, " (%s)", h->to_who);
}

/* Form 05 (R-DS-11): the control sheet, a row per hand-over: between the
 * steps of the internal workflow, between agencies, and back to the
 * applicant, in time order. */
static void form05(struct ctx *c)
{
	struct fdoc *d = c->d;
	heading(c, fj_str(c->dos, "received_at"));
	struct fpara *p = fdoc_para(d, FA_CENTER);
	fpara_add(d, p, FS_ITALIC, "(Kèm theo hồ sơ của: ");
	fpara_add(d, p, FS_ITALIC | FS_BOLD, fj_strd(c->app, "name", FORMS_DOTS FORMS_DOTS));
	fpara_add(d, p, FS_ITALIC, ")");
	field(c, "Địa chỉ: ", fj_str(c->app, "address"), 0);
	procedure_lines(c);
	field(c, "Cơ quan (bộ phận) giải quyết hồ sơ: ", c->agency_name, 0);

	json_t *steps = fj_arr(c->dos, "steps"), *tr = fj_arr(c->dos, "transfers");
	size_t nsteps = steps ? json_array_size(steps) : 0, ntr = tr ? json_array_size(tr) : 0;
	/* the agencies that took part, each once */
	p = NULL;
	for (size_t i = 0; i < ntr; i++) {
		const char *to = fj_str(json_array_get(tr, i), "to");
		int seen = !to || !*to;
		for (size_t j = 0; j < i && !seen; j++) {
			const char *o = fj_str(json_array_get(tr, j), "to");
			seen = o && !strcmp(o, to);
		}
		if (seen)
			continue;
		if (!p) {
			p = para(c);
			fpara_add(d, p, 0, "Cơ quan phối hợp giải quyết hồ sơ: ");
		} else {
			fpara_add(d, p, 0, "; ");
		}
		fpara_add(d, p, 0, to);
	}
	field_time(c, "Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), 0);
	field_time(c, "Thời hạn trả kết quả: ", fj_str(c->dos, "due_at"), FS_BOLD);

	size_t cap = nsteps + ntr + 1, n = 0;
	struct handover *h = calloc(cap, sizeof(*h));
	if (!h) {
		d->oom = 1;
		return;
	}
	for (size_t i = 1; i < nsteps; i++) {
		json_t *a = json_array_get(steps, i - 1), *b = json_array_get(steps, i);
		struct handover *x = &h[n];
		x->from = fj_str(a, "unit_name");
		x->from_who = fj_str(a, "handler");
		x->to = fj_str(b, "unit_name");
		x->to_who = fj_str(b, "handler");
		x->at = fj_str(b, "started_at");
		if (!x->at)
			x->at = fj_str(a, "finished_at");
		x->result = timeliness_name(fj_str(a, "timeliness"));
		x->note = fj_str(a, "result");
		if (!x->note)
			x->note = fj_str(a, "name");
		x->ord = n++;
	}
	for (size_t i = 0; i < ntr; i++) {
		json_t *a = json_array_get(tr, i);
		struct handover *x = &h[n];
		x->from = fj_str(a, "from");
		x->to = fj_str(a, "to");
		x->at = fj_str(a, "at");
		x->result = timeliness_name(fj_str(a, "result"));
		x->note = fj_str(a, "note");
		x->ord = n++;
	}
	const char *ret = fj_str(c->dos, "returned_at");
	if (ret) {
		json_t *last = nsteps ? json_array_get(steps, nsteps - 1) : NULL;
		struct handover *x = &h[n];
		x->from = last ? fj_str(last, "unit_name") : c->desk;
		x->from_who = last ? fj_str(last, "handler") : NULL;
		x->to = fj_strd(c->app, "name", "Người nộp hồ sơ");
		x->at = ret;
		x->result = timeliness_name(last ? fj_str(last, "timeliness") : NULL);
		x->note = "Trả kết quả";
		x->ord = n++;
	}
	for (size_t i = 0; i < n; i++)
		h[i].has_t = vntime_parse(h[i].at ? h[i].at : "", &h[i].t) == 0;
	qsort(h, n, sizeof(*h), handover_cmp);

	p = para(c);
	if (p) {
		p->keep = 1;
		p->before = 0.5;
	}
	fpara_add(d, p, FS_BOLD, "Quá trình giao, nhận hồ sơ:");
	static const double w[] = {0.38, 0.24, 0.16, 0.22};
	struct ftable *t = fdoc_table(d, 4, w, 1);
	if (t) {
		t->scale = 0.85;
		t->align[2] = FA_CENTER;
	}
	ftable_text(d, t, FS_BOLD, "Giao, nhận hồ sơ");
	ftable_text(d, t, FS_BOLD, "Thời gian giao, nhận");
	ftable_text(d, t, FS_BOLD, "Kết quả (trước hạn / đúng hạn / quá hạn)");
	ftable_text(d, t, FS_BOLD, "Ghi chú");
	for (size_t i = 0; i < n; i++) {
		char tm[64];
		handover_cell(c, t, &h[i], i + 1);
		forms_fmt_time(h[i].at, tm);
		ftable_text(d, t, 0, h[i].at ? tm : "");
		ftable_text(d, t, 0, h[i].result);
		ftable_text(d, t, 0, h[i].note ? h[i].note : "");
	}
	if (n == 0) {
		struct handover blank = {0};
		handover_cell(c, t, &blank, 1);
		ftable_text(d, t, 0, "");
		ftable_text(d, t, 0, "");
		ftable_text(d, t, 0, "");
	}
	free(h);
}

/* ---- form 06 -------------------------------------------------------- */

static void cell_time(struct ctx *c, struct ftable *t, const char *iso)
{
	char tm[64];
	forms_fmt_time(iso, tm);
	ftable_text(c->d, t, 0, iso ? tm : "");
}

static const char *lead_agency(struct ctx *c, json_t *dos)
{
	json_t *v = json_object_get(dos, "lead_agency");
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v) && fj_str(v, "name"))
		return fj_str(v, "name");
	const char *a = fj_str(fj_obj(dos, "agency"), "name");
	return a ? a : c->agency_name;
}

static void book_row(struct ctx *c, struct ftable *t, json_t *dos, size_t k)
{
	struct fdoc *d = c->d;
	json_t *app = fj_obj(dos, "applicant");
	char num[32];
	snprintf(num, sizeof(num), "%zu", k);
	ftable_text(d, t, 0, num);
	ftable_text(d, t, 0, fj_strd(dos, "code", ""));
	struct fpara *p = ftable_cell(d, t, FA_LEFT);
	fpara_add(d, p, 0, fj_strd(fj_obj(dos, "procedure"), "name", ""));
	const char *sum = fj_str(dos, "summary");
	if (sum && *sum) {
		fpara_add(d, p, 0, "\n");
		fpara_add(d, p, FS_ITALIC, sum);
	}
	snprintf(num, sizeof(num), "%lld", fj_int(dos, "sets", 1));
	ftable_text(d, t, 0, num);
	ftable_text(d, t, 0, fj_strd(app, "name", ""));
	p = ftable_cell(d, t, FA_LEFT);
	fpara_add(d, p, 0, fj_strd(app, "address", ""));
	const char *phone = fj_str(app, "phone");
	if (phone && *phone) {
		fpara_add(d, p, 0, "\nĐT: ");
		fpara_add(d, p, 0, phone);
	}
	ftable_text(d, t, 0, lead_agency(c, dos));
	cell_time(c, t, fj_str(dos, "received_at"));
	cell_time(c, t, fj_str(dos, "due_at"));
	/* transferred to the processing agency: the first inter-agency
	 * transfer, else the start of the step after reception */
	const char *moved = fj_str(json_array_get(fj_arr(dos, "transfers"), 0), "at");
	if (!moved)
		moved = fj_str(json_array_get(fj_arr(dos, "steps"), 1), "started_at");
	cell_time(c, t, moved);
	cell_time(c, t, fj_str(dos, "finished_at"));
	cell_time(c, t, fj_str(dos, "returned_at"));
	const char *note = fj_str(dos, "note");
	ftable_text(d, t, 0, note ? note : fj_strd(dos, "status_name", ""));
}

/* Form 06 (R-DS-13): the tracking book, A4 landscape. */
static void form06(struct ctx *c, json_t *book)
{
	struct fdoc *d = c->d;
	d->landscape = 1;
	heading(c, NULL);
	struct fpara *p;
	const char *from = fj_str(book, "from"), *to = fj_str(book, "to");
	if (from || to) {
		char a[32], b[32];
		forms_fmt_date(from, a);
		forms_fmt_date(to, b);
		p = fdoc_para(d, FA_CENTER);
		fpara_addf(d, p, FS_ITALIC, "Từ ngày %s đến ngày %s", a, b);
	}
	p = fdoc_para(d, FA_CENTER);
	fpara_add(d, p, 0, "Nơi tiếp nhận: ");
	fpara_add(d, p, FS_BOLD, c->desk);
	fdoc_gap(d, 0.4);
	static const double w[] = {20, 110, 86, 34, 62, 78, 60, 48, 48, 48, 48, 48, 52};
	struct ftable *t = fdoc_table(d, 13, w, 2);
	if (t) {
		t->scale = 0.78;
		t->align[0] = t->align[3] = FA_CENTER;
	}
	static const char *const head[] = {
		"STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)",
		"Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại", "Cơ quan chủ trì giải quyết",
		"Nhận hồ sơ (giờ, ngày)", "Hẹn trả kết quả", "Chuyển hồ sơ đến cơ quan giải quyết",
		"Nhận kết quả từ cơ quan giải quyết", "Trả kết quả cho cá nhân, tổ chức",
		"Ghi chú"};
	for (size_t i = 0; i < 13; i++)
		ftable_text(d, t, FS_BOLD, head[i]);
	for (size_t i = 0; i < 13; i++) {
		char num[16];
		snprintf(num, sizeof(num), "(%zu)", i + 1);
		ftable_text(d, t, FS_ITALIC, num);
	}
	json_t *rows = fj_arr(book, "rows");
	size_t k = 0;
	if (rows) {
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
			if (json_is_object(row))
				book_row(c, t, row, ++k);
	} else if (c->dos) {
		book_row(c, t, c->dos, ++k);
	}
	if (k == 0) {
		p = fdoc_para(d, FA_CENTER);
		if (p)
			p->before = 0.5;
		fpara_add(d, p, FS_ITALIC, "Không có hồ sơ nào trong kỳ.");
	}
}

/* Form 07 (R-RS-2, R-DS-10, 2025 rule set): processing stopped. */
static void form07(struct ctx *c)
{
	struct fdoc *d = c->d;
	json_t *st = fj_obj(c->dos, "stop");
	heading(c, fj_str(st, "at"));
	dear(c);
	char rd[64];
	forms_fmt_date_words(fj_str(c->dos, "received_at"), rd);
	struct fpara *p = prose(c, 0);
	fpara_addf(d, p, 0, "Ngày %s, %s tiếp nhận hồ sơ của %s đề nghị giải quyết thủ tục ",
		   rd + strlen("ngày "), c->desk, c->you);
	fpara_add(d, p, FS_BOLD,
		  fj_strd(fj_obj(c->dos, "procedure"), "name", FORMS_DOTS FORMS_DOTS));
	fpara_add(d, p, 0, ".");
	field(c, "Địa chỉ: ", fj_str(c->app, "address"), 0);
	const char *sum = fj_str(c->dos, "summary");
	if (sum && *sum)
		field(c, "Nội dung yêu cầu giải quyết: ", sum, 0);
	field_time(c, "Thời gian nhận hồ sơ: ", fj_str(c->dos, "received_at"), 0);
	char t[64];
	forms_fmt_time(fj_str(st, "at"), t);
	p = prose(c, 0.4);
	fpara_addf(d, p, 0, "%s thông báo dừng giải quyết hồ sơ nêu trên kể từ ", c->agency_name);
	fpara_add(d, p, fj_str(st, "at") ? FS_BOLD : 0, t);
	fpara_add(d, p, 0, ".");
	p = prose(c, 0);
	fpara_add(d, p, 0, "Lý do: ");
	const char *reason = fj_str(st, "reason");
	fpara_add(d, p, 0, reason && *reason ? reason : FORMS_DOTS FORMS_DOTS FORMS_DOTS);
	p = prose(c, 0);
	fpara_addf(d, p, 0, "Mọi vướng mắc, %s liên hệ %s để được hướng dẫn.", c->you, c->desk);
	p = prose(c, 0);
	fpara_addf(d, p, 0, "Xin thông báo để %s được biết./.", c->you);
	fdoc_gap(d, 0.6);
	fdoc_sign(d, "THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên và đóng dấu)",
		  fj_str(st, "officer"), NULL, NULL, NULL);
}

enum err forms_build(enum form_id f, const char *rule_set, json_t *model, struct fdoc *d,
		     struct errbuf *eb)
{
	struct ctx c = {0};
	c.d = d;
	c.f = f;
	c.rs = rule_set;
	c.model = model;
	c.agency = fj_obj(model, "agency");
	c.dos = fj_obj(model, "dossier");
	c.app = fj_obj(c.dos, "applicant");
	c.agency_name = fj_strd(c.agency, "name", "Cơ quan giải quyết");
	c.desk = fj_strd(c.agency, "desk_name", NULL);
	if (!c.desk)
		c.desk = fj_strd(c.agency, "name", "Bộ phận tiếp nhận và trả kết quả");
	const char *label, *id_label;
	applicant_words(fj_str(c.app, "kind"), &label, &id_label, &c.you);

	enum err e = check_dossier(c.dos, "dossier.", eb);
	if (e)
		return e;
	json_t *book = fj_obj(model, "book");
	if (f == FORM_06_TRACKING_BOOK && book) {
		json_t *rows = fj_arr(book, "rows");
		if (rows && json_array_size(rows) > FORMS_MAX_BOOK_ROWS)
			return err_set(eb, ERR_LIMIT, "book.rows",
				       "the book has %zu rows, more than %d", json_array_size(rows),
				       FORMS_MAX_BOOK_ROWS);
	}
	const char *url = fj_str(model, "lookup_url");
	if (url && strlen(url) > FORMS_MAX_URL)
		return err_set(eb, ERR_LIMIT, "lookup_url", "lookup_url is longer than %d bytes",
			       FORMS_MAX_URL);
	if (url && *url)
		d->qr_url = fdoc_strdup(d, url);

	switch (f) {
	case FORM_01_RECEIPT: form01(&c); break;
	case FORM_02_SUPPLEMENT: form02(&c); break;
	case FORM_03_REFUSAL: form03(&c); break;
	case FORM_04_APOLOGY: form04(&c); break;
	case FORM_05_CONTROL_SHEET: form05(&c); break;
	case FORM_06_TRACKING_BOOK: form06(&c, book); break;
	case FORM_07_STOP: form07(&c); break;
	case FORM__MAX: return err_set(eb, ERR_INVALID, "form", "form must be 01 to 07");
	}
	return ERR_OK;
}
