/*
 * agency.c - see agency.h.
 */
#include "domain/catalog/agency.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/jsonv.h"

static int part_ok(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(isupper((unsigned char)p[i]) || isdigit((unsigned char)p[i])))
			return 0;
	return n > 0;
}

static int level1_ok(const char *p)
{
	return p[0] >= 'A' && p[0] <= 'Y' && isdigit((unsigned char)p[1]) &&
	       isdigit((unsigned char)p[2]);
}

int agency_code_valid(const char *code)
{
	if (strlen(code) != 13 || code[3] != '.' || code[6] != '.' || code[9] != '.')
		return 0;
	return part_ok(code, 3) && part_ok(code + 4, 2) && part_ok(code + 7, 2) && level1_ok(code + 10);
}

int agency_share_code_valid(const char *code)
{
	size_t n = strlen(code);
	if (n < 3 || n > AGENCY_CODE_MAX || !level1_ok(code))
		return 0;
	if (n > 3 && code[3] != '.')
		return 0;
	int parts = 1;
	const char *p = code + 3;
	while (*p) {
		if (*p != '.')
			return 0;
		const char *q = ++p;
		while (*q && *q != '.')
			q++;
		if (!part_ok(p, (size_t)(q - p)) || ++parts > 4)
			return 0;
		p = q;
	}
	return 1;
}

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '0')
			return 0;
	return 1;
}

int agency_code_level(const char *code)
{
	if (!all_zero(code, 3))
		return 4;
	if (!all_zero(code + 4, 2))
		return 3;
	if (!all_zero(code + 7, 2))
		return 2;
	return 1;
}

void agency_share_from_code(const char *code, char out[AGENCY_CODE_MAX + 1])
{
	int lvl = agency_code_level(code);
	int n = snprintf(out, AGENCY_CODE_MAX + 1, "%.3s", code + 10);
	if (lvl >= 2)
		n += snprintf(out + n, (size_t)(AGENCY_CODE_MAX + 1 - n), ".%.2s", code + 7);
	if (lvl >= 3)
		n += snprintf(out + n, (size_t)(AGENCY_CODE_MAX + 1 - n), ".%.2s", code + 4);
	if (lvl >= 4)
		snprintf(out + n, (size_t)(AGENCY_CODE_MAX + 1 - n), ".%.3s", code + 0);
}

/* "HH:MM" -> minutes, -1 if malformed. */
static int hhmm(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':' || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

static enum err validate_hours(json_t *hours, struct errbuf *eb)
{
	static const char *const keys[] = {"from", "to", NULL};
	size_t i;
	json_t *it;
	int prev_end = -1;
	enum err e;
	if (json_array_size(hours) == 0)
		return err_set(eb, ERR_INVALID, "office_hours", "office_hours needs at least one period");
	json_array_foreach(hours, i, it) {
		char pre[48];
		const char *from, *to;
		snprintf(pre, sizeof(pre), "office_hours[%zu].", i);
		if (!json_is_object(it))
			return err_set(eb, ERR_INVALID, "office_hours",
				       "office_hours[%zu] must be {\"from\": \"HH:MM\", \"to\": \"HH:MM\"}", i);
		if ((e = jv_only(it, pre, keys, eb)) || (e = jv_str(it, pre, "from", 1, 5, &from, eb)) ||
		    (e = jv_str(it, pre, "to", 1, 5, &to, eb)))
			return e;
		int f = hhmm(from), t = hhmm(to);
		if (f < 0 || t < 0 || f >= t || f < prev_end) {
			char fld[64];
			snprintf(fld, sizeof(fld), "office_hours[%zu]", i);
			return err_set(eb, ERR_INVALID, fld,
				       "%s: times must be HH:MM, from before to, periods in order "
				       "without overlap",
				       fld);
		}
		prev_end = t;
	}
	return ERR_OK;
}

enum err agency_validate(json_t *in, json_t *base, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {"code", "share_code", "name", "name_en", "parent",
					   "level", "office_hours", "valid_from", "valid_to",
					   "succeeded_by", "address", "phone", "email", "demo",
					   NULL};
	enum err e;
	json_t *m = NULL;
	*out = NULL;
	if (!json_is_object(in))
		return err_set(eb, ERR_INVALID, "", "the body must be a JSON object");
	if ((e = jv_only(in, "", keys, eb)))
		return e;
	/* an update starts from the stored document and applies the patch */
	m = base ? json_deep_copy(base) : json_object();
	json_object_update(m, in);
	if (base && json_object_get(in, "code") &&
	    !json_equal(json_object_get(in, "code"), json_object_get(base, "code"))) {
		e = err_set(eb, ERR_INVALID, "code", "code cannot be changed; create a new agency and set succeeded_by");
		goto fail;
	}
	const char *code, *share, *name, *name_en, *parent, *vf, *vt, *succ, *addr, *phone, *email;
	long long level;
	int demo;
	json_t *hours;
	if ((e = jv_str(m, "", "code", 1, AGENCY_CODE_MAX, &code, eb)))
		goto fail;
	if (!agency_code_valid(code)) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "code",
			     "code '%s' is not an agency code like 000.00.12.H50 (level 4.3.2.1; "
			     "the level-1 part is a letter A-Y and two digits)",
			     code);
		goto fail;
	}
	char derived[AGENCY_CODE_MAX + 1];
	agency_share_from_code(code, derived);
	if ((e = jv_str(m, "", "share_code", 0, AGENCY_CODE_MAX, &share, eb)))
		goto fail;
	if (share && !agency_share_code_valid(share)) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "share_code",
			     "share_code '%s' is not a data-sharing code like H50.12", share);
		goto fail;
	}
	if (share && strcmp(share, derived) != 0) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "share_code",
			     "share_code '%s' does not name the same agency as code %s (expected %s)",
			     share, code, derived);
		goto fail;
	}
	if ((e = jv_str(m, "", "name", 1, 300, &name, eb)) ||
	    (e = jv_str(m, "", "name_en", 0, 300, &name_en, eb)) ||
	    (e = jv_str(m, "", "parent", 0, AGENCY_CODE_MAX, &parent, eb)) ||
	    (e = jv_int(m, "", "level", 0, 1, 4, agency_code_level(code), &level, eb)) ||
	    (e = jv_date(m, "", "valid_from", 0, &vf, eb)) ||
	    (e = jv_date(m, "", "valid_to", 0, &vt, eb)) ||
	    (e = jv_str(m, "", "succeeded_by", 0, AGENCY_CODE_MAX, &succ, eb)) ||
	    (e = jv_str(m, "", "address", 0, 500, &addr, eb)) ||
	    (e = jv_str(m, "", "phone", 0, 32, &phone, eb)) ||
	    (e = jv_str(m, "", "email", 0, 254, &email, eb)) ||
	    (e = jv_bool(m, "", "demo", 0, &demo, eb)) ||
	    (e = jv_array(m, "", "office_hours", 0, 6, &hours, eb)))
		goto fail;
	if (level != agency_code_level(code)) {
		e = err_set(eb, ERR_INVALID, "level",
			    "level %lld contradicts code %s, which names a level-%d agency", level, code,
			    agency_code_level(code));
		goto fail;
	}
	if (parent && (!agency_code_valid(parent) || !strcmp(parent, code))) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "parent",
			     "parent '%s' is not another agency's code", parent);
		goto fail;
	}
	if (succ && (!agency_code_valid(succ) || !strcmp(succ, code))) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "succeeded_by",
			     "succeeded_by '%s' is not another agency's code", succ);
		goto fail;
	}
	if (vf && vt && strcmp(vt, vf) < 0) {
		e = err_set(eb, ERR_INVALID, "valid_to", "valid_to is before valid_from");
		goto fail;
	}
	if (succ && !vt) {
		e = err_set(eb, ERR_INVALID, "valid_to", "an agency succeeded by another needs valid_to");
		goto fail;
	}
	if (hours && (e = validate_hours(hours, eb)))
		goto fail;
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(code));
	json_object_set_new(o, "share_code", json_string(derived));
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "name_en", name_en ? json_string(name_en) : json_null());
	json_object_set_new(o, "parent", parent ? json_string(parent) : json_null());
	json_object_set_new(o, "level", json_integer(level));
	if (hours) {
		json_object_set(o, "office_hours", hours);
	} else {
		json_object_set_new(o, "office_hours",
				    json_pack("[{s:s,s:s},{s:s,s:s}]", "from", "07:30", "to", "11:30",
					      "from", "13:00", "to", "17:00"));
	}
	json_object_set_new(o, "valid_from", vf ? json_string(vf) : json_null());
	json_object_set_new(o, "valid_to", vt ? json_string(vt) : json_null());
	json_object_set_new(o, "succeeded_by", succ ? json_string(succ) : json_null());
	if (addr)
		json_object_set_new(o, "address", json_string(addr));
	if (phone)
		json_object_set_new(o, "phone", json_string(phone));
	if (email)
		json_object_set_new(o, "email", json_string(email));
	if (demo)
		json_object_set_new(o, "demo", json_true());
	*out = o;
	e = ERR_OK;
fail:
	json_decref(m);
	return e;
}
