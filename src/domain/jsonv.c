/*
 * jsonv.c - see jsonv.h.
 */
#include "domain/jsonv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/vntime.h"

static const char *type_name(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

#define FIELD(buf, prefix, key) snprintf(buf, sizeof(buf), "%s%s", prefix ? prefix : "", key)

enum err jv_only(json_t *obj, const char *prefix, const char *const *allowed, struct errbuf *eb)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v) {
		int ok = 0;
		for (const char *const *a = allowed; *a; a++)
			if (!strcmp(*a, key)) {
				ok = 1;
				break;
			}
		if (!ok) {
			char f[128];
			FIELD(f, prefix, key);
			return err_setc(eb, ERR_INVALID, "unknown_field", f, "unknown field '%s'", f);
		}
	}
	return ERR_OK;
}

static enum err missing(const char *prefix, const char *key, struct errbuf *eb)
{
	char f[128];
	FIELD(f, prefix, key);
	return err_setc(eb, ERR_INVALID, "missing_field", f, "%s is required", f);
}

static enum err wrong(const char *prefix, const char *key, const char *want, json_t *v,
		      struct errbuf *eb)
{
	char f[128];
	FIELD(f, prefix, key);
	return err_set(eb, ERR_INVALID, f, "%s must be %s, not %s", f, want, type_name(v));
}

enum err jv_str(json_t *obj, const char *prefix, const char *key, int required, size_t maxlen,
		const char **out, struct errbuf *eb)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? missing(prefix, key, eb) : ERR_OK;
	if (!json_is_string(v))
		return wrong(prefix, key, "a string", v, eb);
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	char f[128];
	FIELD(f, prefix, key);
	if (n == 0 && required)
		return err_set(eb, ERR_INVALID, f, "%s must not be empty", f);
	if (n > maxlen)
		return err_set(eb, ERR_INVALID, f, "%s is longer than %zu bytes", f, maxlen);
	if (!utf8_valid(s, n))
		return err_set(eb, ERR_INVALID, f, "%s contains a NUL byte or invalid UTF-8", f);
	*out = s;
	return ERR_OK;
}

enum err jv_int(json_t *obj, const char *prefix, const char *key, int required, long long lo,
		long long hi, long long def, long long *out, struct errbuf *eb)
{
	json_t *v = json_object_get(obj, key);
	*out = def;
	if (!v || json_is_null(v))
		return required ? missing(prefix, key, eb) : ERR_OK;
	if (!json_is_integer(v))
		return wrong(prefix, key, "an integer", v, eb);
	long long n = json_integer_value(v);
	if (n < lo || n > hi) {
		char f[128];
		FIELD(f, prefix, key);
		return err_set(eb, ERR_INVALID, f, "%s must be from %lld to %lld", f, lo, hi);
	}
	*out = n;
	return ERR_OK;
}

enum err jv_num(json_t *obj, const char *prefix, const char *key, int required, double lo,
		double hi, double def, double *out, struct errbuf *eb)
{
	json_t *v = json_object_get(obj, key);
	*out = def;
	if (!v || json_is_null(v))
		return required ? missing(prefix, key, eb) : ERR_OK;
	if (!json_is_number(v))
		return wrong(prefix, key, "a number", v, eb);
	double n = json_number_value(v);
	if (!isfinite(n) || n < lo || n > hi) {
		char f[128];
		FIELD(f, prefix, key);
		return err_set(eb, ERR_INVALID, f, "%s must be from %g to %g", f, lo, hi);
	}
	*out = n;
	return ERR_OK;
}

enum err jv_bool(json_t *obj, const char *prefix, const char *key, int def, int *out,
		 struct errbuf *eb)
{
	json_t *v = json_object_get(obj, key);
	*out = def;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_boolean(v))
		return wrong(prefix, key, "true or false", v, eb);
	*out = json_is_true(v);
	return ERR_OK;
}

enum err jv_enum(json_t *obj, const char *prefix, const char *key, int required,
		 const char *const *choices, const char **out, struct errbuf *eb)
{
	enum err e = jv_str(obj, prefix, key, required, 64, out, eb);
	if (e || !*out)
		return e;
	for (const char *const *c = choices; *c; c++)
		if (!strcmp(*c, *out))
			return ERR_OK;
	char f[128], list[256] = "";
	size_t n = 0;
	FIELD(f, prefix, key);
	for (const char *const *c = choices; *c; c++)
		n += (size_t)snprintf(list + n, n < sizeof(list) ? sizeof(list) - n : 0, "%s%s",
				      c == choices ? "" : ", ", *c);
	return err_set(eb, ERR_INVALID, f, "%s must be one of: %s", f, list);
}

enum err jv_date(json_t *obj, const char *prefix, const char *key, int required, const char **out,
		 struct errbuf *eb)
{
	enum err e = jv_str(obj, prefix, key, required, 10, out, eb);
	int y, m, d;
	if (e || !*out)
		return e;
	if (vntime_parse_date(*out, &y, &m, &d) < 0) {
		char f[128];
		FIELD(f, prefix, key);
		return err_set(eb, ERR_INVALID, f, "%s must be a real date as YYYY-MM-DD, not '%s'", f,
			       *out);
	}
	return ERR_OK;
}

enum err jv_array(json_t *obj, const char *prefix, const char *key, int required, size_t maxn,
		  json_t **out, struct errbuf *eb)
{
	json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? missing(prefix, key, eb) : ERR_OK;
	if (!json_is_array(v))
		return wrong(prefix, key, "an array", v, eb);
	if (json_array_size(v) > maxn) {
		char f[128];
		FIELD(f, prefix, key);
		return err_set(eb, ERR_INVALID, f, "%s has more than %zu items", f, maxn);
	}
	*out = v;
	return ERR_OK;
}
