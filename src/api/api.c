/*
 * api.c - response helpers, error mapping, paging and the role x permission
 * table shared by every handler. See api.h.
 */
#include "api/api.h"
#include "core/fold.h"
#include "core/vntime.h"
#include "domain/audit/audit.h"

#include <assert.h>
#include <sodium.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const int err_status[] = {
	[ERR_OK] = 200,        [ERR_INVALID] = 400, [ERR_RULE] = 422,     [ERR_NOTFOUND] = 404,
	[ERR_CONFLICT] = 409,  [ERR_FORBIDDEN] = 403, [ERR_AUTH] = 401,   [ERR_LIMIT] = 413,
	[ERR_STORE] = 500,     [ERR_BUSY] = 503,    [ERR_THROTTLED] = 429, [ERR_INTERNAL] = 500,
};
static_assert(sizeof(err_status) / sizeof(err_status[0]) == ERR__MAX, "err_status covers enum err");

#define R(x) (1u << (x))
#define OFFICIALS                                                                               \
	(R(ROLE_DESK) | R(ROLE_SPECIALIST) | R(ROLE_UNIT_LEADER) | R(ROLE_AGENCY_LEADER) |      \
	 R(ROLE_CLERK) | R(ROLE_ADMIN) | R(ROLE_INSPECTOR) | R(ROLE_SYSTEM))

/* The one role x permission table: which roles hold each permission. */
static const struct {
	const char *name;
	unsigned roles;
} perms[] = {
	[PERM_PUBLIC] = {"public", ~0u},
	[PERM_LOGIN] = {"login", R(ROLE_CITIZEN) | OFFICIALS},
	[PERM_CATALOG_ADMIN] = {"catalog_admin", R(ROLE_ADMIN)},
	[PERM_AGENCY_ADMIN] = {"agency_admin", R(ROLE_ADMIN)},
	[PERM_CALENDAR_ADMIN] = {"calendar_admin", R(ROLE_ADMIN)},
	[PERM_USER_ADMIN] = {"user_admin", R(ROLE_ADMIN)},
	[PERM_AUDIT_READ] = {"audit_read", R(ROLE_ADMIN) | R(ROLE_INSPECTOR)},
	[PERM_REPORTS] = {"reports", OFFICIALS},
};
static_assert(sizeof(perms) / sizeof(perms[0]) == PERM__MAX, "perms covers enum perm");

int perm_allowed(unsigned roles, enum perm p)
{
	return (unsigned)p < PERM__MAX && (perms[p].roles & roles) != 0;
}

const char *perm_name(enum perm p)
{
	return (unsigned)p < PERM__MAX ? perms[p].name : "?";
}

const char *api_query(struct api_req *r, const char *key)
{
	return r->query ? r->query(r->h, key) : NULL;
}

const char *api_header(struct api_req *r, const char *key)
{
	return r->header ? r->header(r->h, key) : NULL;
}

int api_status_of(enum err e)
{
	return (unsigned)e < ERR__MAX ? err_status[e] : 500;
}

void api_reply_json(struct api_req *r, int status, json_t *v)
{
	buf_reset(&r->out);
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
	if (!v) {
		buf_adds(&r->out, "null");
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(v);
	if (!s) {
		r->status = 500;
		buf_adds(&r->out, "{\"error\":{\"code\":\"internal_error\",\"message\":\"out of memory\"}}");
		return;
	}
	buf_adds(&r->out, s);
	free(s);
}

void api_reply_json_text(struct api_req *r, int status, const char *text, size_t sz)
{
	buf_reset(&r->out);
	r->status = status;
	r->ctype = "application/json; charset=utf-8";
	buf_add(&r->out, text, sz);
}

void api_reply_page_text(struct api_req *r, const char *items, long offset, long limit, int more)
{
	buf_reset(&r->out);
	r->status = 200;
	r->ctype = "application/json; charset=utf-8";
	buf_adds(&r->out, "{\"items\":");
	buf_adds(&r->out, items);
	if (more)
		buf_addf(&r->out, ",\"next_cursor\":\"%ld\"}", offset + limit);
	else
		buf_adds(&r->out, ",\"next_cursor\":null}");
}

void api_reply_error(struct api_req *r, int status, const char *code, const char *field,
		     const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_t *e = json_pack("{s:s,s:s}", "code", code, "message", msg);
	if (!e) /* msg was not UTF-8: never echo such bytes */
		e = json_pack("{s:s,s:s}", "code", code, "message", "invalid input");
	if (field && *field)
		json_object_set_new(e, "field", json_string(field));
	api_reply_json(r, status, json_pack("{s:o}", "error", e));
}

void api_reply_err(struct api_req *r, enum err e, const struct errbuf *eb)
{
	int status = api_status_of(e);
	const char *code = eb && eb->code[0] ? eb->code : err_code(e);
	const char *msg = eb && eb->msg[0] ? eb->msg : err_code(e);
	if (status >= 500)
		msg = e == ERR_BUSY ? "the server is busy, try again shortly"
				    : "internal error; the request id identifies it in the server log";
	if (e == ERR_BUSY)
		r->retry_after = 2;
	api_reply_error(r, status, code, eb && status < 500 ? eb->field : NULL, "%s", msg);
}

json_t *api_body_json_or_400(struct api_req *r)
{
	json_error_t je;
	if (!r->body || r->body_sz == 0) {
		api_reply_error(r, 400, "missing_body", NULL, "a JSON body is required");
		return NULL;
	}
	const char *ct = api_header(r, "Content-Type");
	if (ct && (strncasecmp(ct, "application/json", 16) != 0 ||
		   (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' '))) {
		api_reply_error(r, 415, "unsupported_media_type", NULL,
				"send the body as application/json, not %.80s", ct);
		return NULL;
	}
	json_t *v = json_loadb(r->body, r->body_sz, JSON_REJECT_DUPLICATES, &je);
	if (!v) {
		api_reply_error(r, 400, "malformed_json", NULL, "malformed JSON at line %d, column %d: %s",
				je.line, je.column, je.text);
		return NULL;
	}
	return v;
}

int api_page_or_400(struct api_req *r, long *limit, long *offset)
{
	const char *l = api_query(r, "limit"), *c = api_query(r, "cursor");
	char *end;
	*limit = 50;
	*offset = 0;
	if (l) {
		errno = 0;
		*limit = strtol(l, &end, 10);
		if (errno || end == l || *end || *limit < 1 || *limit > 500) {
			api_reply_error(r, 400, "invalid_input", "limit", "limit must be a whole number from 1 to 500");
			return -1;
		}
	}
	if (c && *c) {
		errno = 0;
		*offset = strtol(c, &end, 10);
		if (errno || end == c || *end || *offset < 0 || *offset > 100000000) {
			api_reply_error(r, 400, "invalid_input", "cursor", "cursor is not one this server issued");
			return -1;
		}
	}
	return 0;
}

json_t *api_page(json_t *items, long offset, long limit, int more)
{
	char next[24];
	snprintf(next, sizeof(next), "%ld", offset + limit);
	return json_pack("{s:o,s:o}", "items", items, "next_cursor", more ? json_string(next) : json_null());
}

void api_actor(struct api_req *r, struct actor *a, char roles_buf[160])
{
	size_t n = 0;
	roles_buf[0] = '\0';
	if (r->user)
		for (int i = 0; i < ROLE__MAX; i++)
			if (r->user->roles & (1u << i))
				n += (size_t)snprintf(roles_buf + n, n < 160 ? 160 - n : 0, "%s%s",
						      n ? "," : "", role_name((enum role)i));
	a->username = r->user ? r->user->username : "-";
	a->roles = roles_buf;
	a->agency = r->user ? r->user->agency : "";
	a->request_id = r->request_id;
	a->ip = r->ip;
}

const char *api_cookie_session(struct api_req *r, char *buf, size_t sz)
{
	const char *c = api_header(r, "Cookie");
	const char *name = "motcua_session=";
	size_t n = strlen(name);
	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		if (!strncmp(c, name, n)) {
			c += n;
			size_t len = strcspn(c, ";");
			if (len == 0 || len >= sz)
				return NULL;
			memcpy(buf, c, len);
			buf[len] = '\0';
			return buf;
		}
		c = strchr(c, ';');
	}
	return NULL;
}

void api_csrf_token(const char *session_token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)"csrf:", 5);
	crypto_hash_sha256_update(&st, (const unsigned char *)session_token, strlen(session_token));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int api_is_https(struct api_req *r)
{
	const char *p = api_header(r, "X-Forwarded-Proto");
	return (p && !strcasecmp(p, "https")) || !strncmp(r->ctx->conf->public_url, "https:", 6);
}

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

const struct api_file *api_form_file(struct api_req *r, const char *field)
{
	for (int i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].field, field) && r->files[i].fd >= 0 && r->files[i].sz > 0)
			return &r->files[i];
	return NULL;
}

const char *api_form_value(struct api_req *r, const char *key, char *out, size_t sz)
{
	const char *p = r->body, *end = r->body ? r->body + r->body_sz : NULL;
	size_t klen = strlen(key);
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pe - p));
		if (eq && (size_t)(eq - p) == klen && !memcmp(p, key, klen)) {
			size_t o = 0;
			for (const char *q = eq + 1; q < pe; q++) {
				int c = (unsigned char)*q;
				if (c == '+') {
					c = ' ';
				} else if (c == '%') {
					int a = q + 2 < pe ? hexv(q[1]) : -1, b = q + 2 < pe ? hexv(q[2]) : -1;
					if (a < 0 || b < 0)
						return NULL;
					c = a * 16 + b;
					q += 2;
				}
				if (o + 1 >= sz || c == 0)
					return NULL;
				out[o++] = (char)c;
			}
			out[o] = '\0';
			return utf8_valid(out, o) ? out : NULL;
		}
		p = pe + 1;
	}
	return NULL;
}

int64_t api_now(struct api_req *r)
{
	int64_t t;
	const char *h = r->ctx->conf->test_clock ? api_header(r, "X-Test-Now") : NULL;
	if (h && vntime_parse(h, &t) == 0)
		return t;
	return vntime_now();
}
