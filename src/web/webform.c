/*
 * webform.c - see webform.h.
 */
#include "web/webform.h"

#include <stdlib.h>
#include <string.h>

#include "core/fold.h"

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode n bytes at s into out (room for n + 1); -1 if malformed. */
static int decode(const char *s, size_t n, char *out, size_t *len)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int a = hexv(s[i + 1]), b = hexv(s[i + 2]);
			if (a < 0 || b < 0)
				return -1;
			c = a * 16 + b;
			i += 2;
		}
		if (c == 0)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	*len = o;
	return 0;
}

json_t *webform_parse(const char *body, size_t sz)
{
	json_t *form = json_object();
	const char *p = body, *end = body ? body + sz : NULL;
	int nfields = 0;
	char *tmp = NULL;
	if (!body || !sz)
		return form;
	tmp = malloc(sz + 1);
	if (!tmp)
		return form;
	while (p < end && nfields < WEBFORM_MAX_FIELDS) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pe - p));
		char name[128];
		size_t nlen = 0, vlen = 0;
		if (eq && (size_t)(eq - p) < sizeof(name) && eq > p &&
		    decode(p, (size_t)(eq - p), name, &nlen) == 0 && utf8_valid(name, nlen) &&
		    decode(eq + 1, (size_t)(pe - eq - 1), tmp, &vlen) == 0 && utf8_valid(tmp, vlen)) {
			json_t *arr = json_object_get(form, name);
			if (!arr) {
				arr = json_array();
				json_object_set_new(form, name, arr);
			}
			json_array_append_new(arr, json_stringn(tmp, vlen));
			nfields++;
		}
		p = pe + 1;
	}
	free(tmp);
	return form;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *webform_get(json_t *form, const char *name)
{
	json_t *v = json_array_get(json_object_get(form, name), 0);
	const char *s = json_string_value(v);
	if (!s)
		return NULL;
	size_t n = strlen(s), a = 0;
	while (a < n && blank(s[a]))
		a++;
	while (n > a && blank(s[n - 1]))
		n--;
	if (n == a)
		return NULL;
	if (a || n != strlen(s)) {
		json_string_setn(v, s + a, n - a);
		s = json_string_value(v);
	}
	return s;
}

json_t *webform_all(json_t *form, const char *name)
{
	json_t *arr = json_object_get(form, name);
	if (!arr) {
		arr = json_array();
		json_object_set_new(form, name, arr);
	}
	return arr;
}

int webform_has(json_t *form, const char *name, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(form, name), i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), value))
			return 1;
	return 0;
}

json_t *webform_lines(const char *text, size_t max)
{
	json_t *out = json_array();
	const char *p = text;
	while (p && *p && json_array_size(out) < max) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl : p + strlen(p);
		const char *a = p;
		while (a < e && blank(*a))
			a++;
		while (e > a && blank(e[-1]))
			e--;
		if (e > a)
			json_array_append_new(out, json_stringn(a, (size_t)(e - a)));
		p = nl ? nl + 1 : NULL;
	}
	return out;
}
