/*
 * forms.c - which forms exist (R-RS-2), when a dossier has one (R-DS-2,
 * R-DS-7, R-DS-8, R-DS-10, R-DS-11, R-DS-13), their titles, and the two
 * render entry points, which build the form's document once
 * (forms_build.c) and hand it to the PDF or the HTML back end.
 */
#include <assert.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/forms/forms_int.h"

static const char *const numbers[] = {"01", "02", "03", "04", "05", "06", "07"};
static_assert(sizeof(numbers) / sizeof(numbers[0]) == FORM__MAX, "a number per form");

/* Circular 01/2018/TT-VPCP: forms 01-06. */
static const char *const titles_2018[] = {
	"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
	"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	"SỔ THEO DÕI HỒ SƠ",
	NULL,
};
static_assert(sizeof(titles_2018) / sizeof(titles_2018[0]) == FORM__MAX, "a title per form");

/* Circular 03/2025: the apology becomes a request for extension, and the
 * stop notice is new. */
static const char *const titles_2025[] = {
	"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
	"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
	"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
	"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN",
	"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
	"SỔ THEO DÕI HỒ SƠ",
	"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
};
static_assert(sizeof(titles_2025) / sizeof(titles_2025[0]) == FORM__MAX, "a title per form");

const char *forms_number(enum form_id f)
{
	return (unsigned)f < FORM__MAX ? numbers[f] : NULL;
}

const char *forms_title(enum form_id f, const char *rule_set)
{
	if ((unsigned)f >= FORM__MAX)
		return NULL;
	if (rule_set && !strcmp(rule_set, "2018"))
		return titles_2018[f];
	return titles_2025[f];
}

enum err forms_parse_id(const char *nn, const char *rule_set, enum form_id *out,
			struct errbuf *eb)
{
	if (!rule_set || (strcmp(rule_set, "2018") && strcmp(rule_set, "2025")))
		return err_set(eb, ERR_INVALID, "rule_set", "rule set must be 2018 or 2025");
	int f = -1;
	for (int i = 0; nn && i < FORM__MAX; i++)
		if (!strcmp(nn, numbers[i]))
			f = i;
	if (f < 0)
		return err_set(eb, ERR_INVALID, "form", "form must be 01 to 07");
	if (!strcmp(rule_set, "2018") && !titles_2018[f])
		return err_setc(eb, ERR_NOTFOUND, "form_not_in_rule_set", "form",
				"form %s exists only in the 2025 rule set (Decree 118/2025), "
				"not in the 2018 one", numbers[f]);
	*out = (enum form_id)f;
	return ERR_OK;
}

static int has(json_t *d, const char *key)
{
	json_t *v = json_object_get(d, key);
	if (json_is_array(v))
		return json_array_size(v) > 0;
	if (json_is_string(v))
		return *json_string_value(v) != '\0';
	return v && !json_is_null(v) && !json_is_false(v);
}

enum err forms_applies(enum form_id f, json_t *dossier, struct errbuf *eb)
{
	if ((unsigned)f >= FORM__MAX)
		return err_set(eb, ERR_INVALID, "form", "form must be 01 to 07");
	if (!json_is_object(dossier))
		return err_set(eb, ERR_INVALID, "dossier", "dossier must be an object");
	long long status = fj_int(dossier, "status", 0);
	const char *why = NULL;
	switch (f) {
	case FORM_01_RECEIPT:
	case FORM_05_CONTROL_SHEET:
	case FORM_06_TRACKING_BOOK:
		if (!has(dossier, "received_at"))
			why = "the dossier has not been received";
		break;
	case FORM_02_SUPPLEMENT:
		if (!has(dossier, "supplements") && status != 5)
			why = "no supplement was requested for this dossier";
		break;
	case FORM_03_REFUSAL:
		if (!has(dossier, "refusal") && status != 3)
			why = "the dossier was not refused";
		break;
	case FORM_04_APOLOGY:
		if (!has(dossier, "apology"))
			why = "the dossier has no apology";
		break;
	case FORM_07_STOP:
		if (!has(dossier, "stop") && status != 8)
			why = "processing of the dossier was not stopped";
		break;
	case FORM__MAX:
		break;
	}
	if (why)
		return err_setc(eb, ERR_NOTFOUND, "form_not_applicable", "form", "form %s: %s",
				numbers[f], why);
	return ERR_OK;
}

/* R-RS-1: a dossier keeps the rule set in force on the day it was
 * received; the regime changed on 2025-07-01. */
static enum err rule_set_of(json_t *model, const char **rs, struct errbuf *eb)
{
	json_t *v = json_object_get(model, "rule_set");
	if (v && !json_is_null(v)) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";
		if (strcmp(s, "2018") && strcmp(s, "2025"))
			return err_set(eb, ERR_INVALID, "rule_set", "rule set must be 2018 or 2025");
		*rs = !strcmp(s, "2018") ? "2018" : "2025";
		return ERR_OK;
	}
	const char *at = fj_str(fj_obj(model, "dossier"), "received_at");
	int64_t t;
	*rs = "2025";
	if (at && vntime_parse(at, &t) == 0 &&
	    t < (vntime_days_from_civil(2025, 7, 1) * 86400 - VN_OFFSET_SEC))
		*rs = "2018";
	return ERR_OK;
}

static enum err render(enum form_id f, json_t *model, struct buf *out, int html,
		       struct errbuf *eb)
{
	if ((unsigned)f >= FORM__MAX)
		return err_set(eb, ERR_INVALID, "form", "form must be 01 to 07");
	if (!json_is_object(model))
		return err_set(eb, ERR_INVALID, "", "the form model must be a JSON object");
	const char *rs;
	enum err e = rule_set_of(model, &rs, eb);
	if (e)
		return e;
	if (!titles_2018[f] && !strcmp(rs, "2018"))
		return err_setc(eb, ERR_NOTFOUND, "form_not_in_rule_set", "form",
				"form %s exists only in the 2025 rule set", numbers[f]);

	size_t len0 = out->len;
	int over0 = out->over;
	struct fdoc d;
	fdoc_init(&d, f);
	e = forms_build(f, rs, model, &d, eb);
	if (!e && d.oom)
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if (!e)
		e = html ? forms_html(&d, out, eb) : forms_pdf(&d, out, eb);
	if (!e && out->over && !over0)
		e = err_set(eb, ERR_LIMIT, NULL, "the form is larger than the output cap");
	fdoc_release(&d);
	if (e) {
		out->len = len0;
		out->over = over0;
		if (out->p)
			out->p[len0] = '\0';
	}
	return e;
}

enum err forms_render_pdf(enum form_id f, json_t *model, struct buf *out, struct errbuf *eb)
{
	return render(f, model, out, 0, eb);
}

enum err forms_render_html(enum form_id f, json_t *model, struct buf *out, struct errbuf *eb)
{
	return render(f, model, out, 1, eb);
}
