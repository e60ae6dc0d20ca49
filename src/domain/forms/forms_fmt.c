/*
 * forms_fmt.c - how the forms print times, dates, money and upper-case
 * names, how they read the JSON model, and the QR code matrix.
 *
 * Times print as official documents write them: "09 giờ 00 phút, ngày
 * 27/01/2025" in Vietnam time whatever the offset of the input, the date
 * line as "ngày 27 tháng 01 năm 2025" (Decree 30/2020 writes a leading
 * zero for days below 10 and for January and February only), money as
 * "1.500.000 đồng". A value that is absent prints as the dotted blank of
 * the paper form, never as "(null)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <utf8proc.h>

#include "core/vntime.h"
#include "domain/forms/forms_int.h"

int forms_local(const char *iso, int *y, int *mo, int *d, int *h, int *mi)
{
	int64_t t;
	if (!iso || vntime_parse(iso, &t) != 0)
		return -1;
	int64_t lt = t + VN_OFFSET_SEC;
	int64_t days = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
	int64_t sod = lt - days * 86400;
	vntime_civil_from_days(days, y, mo, d);
	*h = (int)(sod / 3600);
	*mi = (int)(sod / 60 % 60);
	return 0;
}

void forms_fmt_time(const char *iso, char out[64])
{
	int y, mo, d, h, mi;
	if (forms_local(iso, &y, &mo, &d, &h, &mi) != 0)
		snprintf(out, 64, "..... giờ ..... phút, ngày ...../...../.......");
	else
		snprintf(out, 64, "%02d giờ %02d phút, ngày %02d/%02d/%04d", h, mi, d, mo, y);
}

void forms_fmt_date(const char *iso, char out[32])
{
	int y, mo, d, h, mi;
	if (forms_local(iso, &y, &mo, &d, &h, &mi) != 0)
		snprintf(out, 32, "...../...../.......");
	else
		snprintf(out, 32, "%02d/%02d/%04d", d, mo, y);
}

void forms_fmt_date_words(const char *iso, char out[64])
{
	int y, mo, d, h, mi;
	if (forms_local(iso, &y, &mo, &d, &h, &mi) != 0)
		snprintf(out, 64, "ngày ..... tháng ..... năm .......");
	else
		snprintf(out, 64, "ngày %02d tháng %s%d năm %04d", d, mo < 3 ? "0" : "", mo, y);
}

void forms_fmt_money(long long amount, char out[48])
{
	char digits[32];
	unsigned long long v = amount < 0 ? 0ULL - (unsigned long long)amount : (unsigned long long)amount;
	int n = snprintf(digits, sizeof(digits), "%llu", v);
	size_t o = 0;
	if (amount < 0)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	snprintf(out + o, 48 - o, " đồng");
}

char *forms_upper(const char *s)
{
	if (!s)
		return NULL;
	size_t sz = strlen(s);
	/* an upper-case letter takes at most 4 bytes, like any code point */
	char *out = malloc(4 * sz + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	utf8proc_ssize_t i = 0;
	while ((size_t)i < sz) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)sz - i, &cp);
		if (l <= 0) { /* not UTF-8: copy the byte, pango shows a box */
			out[o++] = s[i++];
			continue;
		}
		o += (size_t)utf8proc_encode_char(utf8proc_toupper(cp), (utf8proc_uint8_t *)out + o);
		i += l;
	}
	out[o] = '\0';
	return out;
}

const char *fj_str(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *fj_strd(json_t *obj, const char *key, const char *def)
{
	const char *s = fj_str(obj, key);
	return s && *s ? s : def;
}

long long fj_int(json_t *obj, const char *key, long long def)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	if (json_is_integer(v))
		return (long long)json_integer_value(v);
	if (json_is_real(v)) {
		double x = json_real_value(v);
		if (x > -9e15 && x < 9e15)
			return (long long)(x < 0 ? x - 0.5 : x + 0.5);
	}
	return def;
}

json_t *fj_obj(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_object(v) ? v : NULL;
}

json_t *fj_arr(json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	return json_is_array(v) ? v : NULL;
}

unsigned char *forms_qr(const char *text, int *width)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return NULL;
	size_t n = (size_t)q->width * (size_t)q->width;
	unsigned char *m = malloc(n);
	if (m) {
		for (size_t i = 0; i < n; i++)
			m[i] = q->data[i] & 1;
		*width = q->width;
	}
	QRcode_free(q);
	return m;
}
