/*
 * view.c - see view.h.
 */
#include "web/view.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/assets.h"
#include "core/log.h"

void view_money(long long amount, int en, char *out, size_t sz)
{
	char digits[32], grouped[48];
	int neg = amount < 0;
	unsigned long long v = neg ? 0ULL - (unsigned long long)amount : (unsigned long long)amount;
	int n = snprintf(digits, sizeof(digits), "%llu", v), g = 0;
	char sep = en ? ',' : '.';
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[g++] = sep;
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(out, sz, "%s%s%s", neg ? "-" : "", grouped, en ? " VND" : " đ");
}

static int digits_at(const char *s, const char *pattern)
{
	for (size_t i = 0; pattern[i]; i++) {
		if (pattern[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pattern[i])
			return 0;
	}
	return 1;
}

void view_date(const char *iso, char *out, size_t sz)
{
	if (iso && strlen(iso) >= 10 && digits_at(iso, "dddd-dd-dd"))
		snprintf(out, sz, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		snprintf(out, sz, "%s", iso ? iso : "");
}

void view_time(const char *iso, char *out, size_t sz)
{
	if (iso && strlen(iso) >= 16 && digits_at(iso, "dddd-dd-ddTdd:dd"))
		snprintf(out, sz, "%.5s, %.2s/%.2s/%.4s", iso + 11, iso + 8, iso + 5, iso);
	else
		view_date(iso, out, sz);
}

int view_parse_when(const char *in, char *out, size_t sz)
{
	int d, m, y, hh = -1, mm = -1, n = 0;
	char sep;
	out[0] = '\0';
	if (!in || sz < 20)
		return -1;
	while (*in == ' ')
		in++;
	if (strlen(in) >= 10 && digits_at(in, "dddd-dd-dd")) {
		snprintf(out, sz, "%.19s", in);
		return 0;
	}
	if (sscanf(in, "%2d%c%2d%*[/.-]%4d%n", &d, &sep, &m, &y, &n) != 4 || (sep != '/' && sep != '-' && sep != '.') ||
	    y < 1000)
		return -1;
	in += n;
	while (*in == ' ' || *in == ',')
		in++;
	if (*in && (sscanf(in, "%2d:%2d%n", &hh, &mm, &n) != 2 || in[n] || hh > 23 || mm > 59 || hh < 0 || mm < 0))
		return -1;
	if (hh >= 0)
		snprintf(out, sz, "%04d-%02d-%02dT%02d:%02d", y, m, d, hh, mm);
	else
		snprintf(out, sz, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static json_t *catalogs[2];
static pthread_once_t catalogs_once = PTHREAD_ONCE_INIT;

static void catalogs_load(void)
{
	static const char *const paths[2] = {"web/i18n/vi.json", "web/i18n/en.json"};
	for (int i = 0; i < 2; i++) {
		size_t sz = 0;
		const char *data = assets_find(paths[i], &sz);
		json_error_t je;
		catalogs[i] = data ? json_loadb(data, sz, 0, &je) : NULL;
		if (!catalogs[i])
			log_error("message catalogue %s is missing or broken", paths[i]);
	}
}

json_t *view_messages(int en)
{
	pthread_once(&catalogs_once, catalogs_load);
	return catalogs[en ? 1 : 0];
}

const char *view_msg(int en, const char *key)
{
	const char *s = json_string_value(json_object_get(view_messages(en), key));
	return s ? s : key;
}

const char *view_msg_opt(int en, const char *prefix, const char *key)
{
	char k[96];
	if (!key)
		return NULL;
	snprintf(k, sizeof(k), "%s%s", prefix, key);
	return json_string_value(json_object_get(view_messages(en), k));
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void add_text(json_t *extra, json_t *obj, const char *key, const char *suffix,
		     const char *text)
{
	char k[128];
	if (!text)
		return;
	snprintf(k, sizeof(k), "%s%s", key, suffix);
	if (!json_object_get(obj, k))
		json_object_set_new(extra, k, json_string(text));
}

static void decorate(json_t *v, int en, int depth);

static void decorate_object(json_t *obj, int en, int depth)
{
	json_t *extra = json_object(), *val;
	const char *key;
	char buf[64];
	json_object_foreach(obj, key, val) {
		if (json_is_object(val) || json_is_array(val)) {
			decorate(val, en, depth + 1);
			continue;
		}
		if (json_is_string(val) && (ends_with(key, "_at") || !strcmp(key, "at"))) {
			view_time(json_string_value(val), buf, sizeof(buf));
			add_text(extra, obj, key, "_text", buf);
		} else if (json_is_integer(val) && (!strcmp(key, "amount") || !strcmp(key, "fees_total"))) {
			view_money(json_integer_value(val), en, buf, sizeof(buf));
			add_text(extra, obj, key, "_text", buf);
		} else if (json_is_integer(val) && (!strcmp(key, "status") || !strcmp(key, "to_status"))) {
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(val));
			add_text(extra, obj, key, "_text", view_msg_opt(en, "status_", buf));
		} else if (json_is_string(val) && !strcmp(key, "timeliness")) {
			add_text(extra, obj, key, "_text", view_msg_opt(en, "timeliness_", json_string_value(val)));
		} else if (json_is_string(val) && !strcmp(key, "role")) {
			add_text(extra, obj, key, "_text", view_msg_opt(en, "role_", json_string_value(val)));
		} else if (json_is_string(val) && !strcmp(key, "action")) {
			add_text(extra, obj, key, "_text", view_msg_opt(en, "action_", json_string_value(val)));
		}
	}
	json_object_update(obj, extra);
	json_decref(extra);
}

/* Models are the API's JSON: a few levels deep. The cap only guards
 * against a pathological value. */
static void decorate(json_t *v, int en, int depth)
{
	size_t i;
	json_t *it;
	if (depth > 16)
		return;
	if (json_is_object(v))
		decorate_object(v, en, depth);
	else if (json_is_array(v))
		json_array_foreach(v, i, it)
			decorate(it, en, depth + 1);
}

void view_decorate(json_t *v, int en)
{
	decorate(v, en, 0);
}

static void counts(json_t *v, int depth)
{
	size_t i;
	json_t *it;
	const char *key;
	if (depth > 16)
		return;
	if (json_is_array(v)) {
		json_array_foreach(v, i, it)
			counts(it, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	json_t *extra = json_object();
	json_object_foreach(v, key, it) {
		char k[128];
		if (json_is_array(it)) {
			snprintf(k, sizeof(k), "%s_count", key);
			if (!json_object_get(v, k))
				json_object_set_new(extra, k, json_integer((json_int_t)json_array_size(it)));
		}
		if (json_is_array(it) || json_is_object(it))
			counts(it, depth + 1);
	}
	json_object_update(v, extra);
	json_decref(extra);
}

void view_counts(json_t *v)
{
	counts(v, 0);
}
