/*
 * pages.c - the portal's pages. See pages.h.
 */
#include "web/pages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
#include "core/fold.h"
#include "core/log.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/procedure.h"
#include "web/mustache.h"
#include "web/view.h"

#define TEMPLATE_MAX (256u << 10)

struct tpl_src {
	const struct conf *conf;
	char *owned[16]; /* files read from web_root, freed after rendering */
	int nowned;
};

/* Read web/templates/<name>.mustache from web_root or the binary. */
static const char *tpl_load(void *arg, const char *name, size_t *len)
{
	struct tpl_src *src = arg;
	char path[320];
	if (strchr(name, '/') || strchr(name, '.') || strlen(name) > 64)
		return NULL;
	snprintf(path, sizeof(path), "web/templates/%s.mustache", name);
	if (src->conf->web_root[0] && src->nowned < 16) {
		char full[900];
		snprintf(full, sizeof(full), "%s/templates/%s.mustache", src->conf->web_root, name);
		FILE *f = fopen(full, "rb");
		if (f) {
			char *buf = malloc(TEMPLATE_MAX);
			size_t n = buf ? fread(buf, 1, TEMPLATE_MAX - 1, f) : 0;
			fclose(f);
			if (buf) {
				buf[n] = '\0';
				src->owned[src->nowned++] = buf;
				*len = n;
				return buf;
			}
		}
	}
	return assets_find(path, len);
}

static int lang_en(struct api_req *r)
{
	const char *l = api_query(r, "lang");
	if (l && !strcmp(l, "en"))
		return 1;
	if (l && !strcmp(l, "vi"))
		return 0;
	return r->lang_en;
}

/* Render template `name` with model into the layout, and answer. Takes
 * the model reference. */
static void render(struct api_req *r, int status, const char *name, const char *title,
		   json_t *model)
{
	struct tpl_src src = {r->ctx->conf, {0}, 0};
	struct errbuf eb;
	struct mustache_buf body;
	size_t len = 0;
	int en = lang_en(r);
	char switch_url[700];
	json_t *t = view_messages(en);
	json_object_set(model, "t", t ? t : json_object());
	json_object_set_new(model, "title", json_string(title));
	/* the same page in the other language */
	snprintf(switch_url, sizeof(switch_url), "%s?lang=%s", r->path, en ? "vi" : "en");
	json_object_set_new(model, "switch_url", json_string(switch_url));
	if (r->user) {
		char csrf[65];
		api_csrf_token(r->bearer, csrf);
		json_object_set_new(model, "me", json_pack("{s:s,s:s}", "name", r->user->name, "username",
							   r->user->username));
		json_object_set_new(model, "csrf", json_string(csrf));
	}
	mustache_buf_init(&body, 4u << 20);
	const char *tpl = tpl_load(&src, name, &len);
	enum err e = tpl ? mustache_render(tpl, len, model, tpl_load, &src, &body, &eb)
			 : err_set(&eb, ERR_INTERNAL, NULL, "template %s missing", name);
	if (!e) {
		json_object_set_new(model, "body", json_stringn(body.p, body.len));
		mustache_buf_release(&body);
		mustache_buf_init(&body, 8u << 20);
		tpl = tpl_load(&src, "layout", &len);
		e = tpl ? mustache_render(tpl, len, model, tpl_load, &src, &body, &eb)
			: err_set(&eb, ERR_INTERNAL, NULL, "template layout missing");
	}
	if (e) {
		log_error("page %s: %s", name, eb.msg);
		r->status = 500;
		r->ctype = "text/plain; charset=utf-8";
		buf_reset(&r->out);
		buf_adds(&r->out, "500 - lỗi máy chủ / server error\n");
	} else {
		r->status = status;
		r->ctype = "text/html; charset=utf-8";
		buf_reset(&r->out);
		buf_add(&r->out, body.p, body.len);
	}
	mustache_buf_release(&body);
	for (int i = 0; i < src.nowned; i++)
		free(src.owned[i]);
	json_decref(model);
}

static const char *msg(int en, const char *key)
{
	const char *s = json_string_value(json_object_get(view_messages(en), key));
	return s ? s : key;
}

static void page_error(struct api_req *r, int status, const char *message)
{
	int en = lang_en(r);
	const char *heading = msg(en, status == 404 ? "not_found_title" : "error_title");
	render(r, status, "error", heading,
	       json_pack("{s:s,s:s}", "heading", heading, "message", message));
}

/* Display strings for a time limit: "15 ngày làm việc", "Trong ngày". */
static void time_text(int en, json_t *tl, int online, char *out, size_t sz)
{
	const char *unit = json_string_value(json_object_get(tl, "unit"));
	json_t *v = json_object_get(tl, online ? "online_value" : "value");
	char key[40];
	out[0] = '\0';
	if (!unit || (online && !json_is_number(v)))
		return;
	snprintf(key, sizeof(key), "unit_%s", unit);
	if (!strcmp(unit, "same_day") || !strcmp(unit, "none")) {
		snprintf(out, sz, "%s", msg(en, key));
		return;
	}
	snprintf(out, sz, "%g %s", json_number_value(v), msg(en, key));
}

static void decorate_summary(int en, json_t *it)
{
	char buf[96];
	json_t *tl = json_object_get(it, "time_limit");
	time_text(en, tl, 0, buf, sizeof(buf));
	json_object_set_new(it, "time_text", json_string(buf));
	long long fees = json_integer_value(json_object_get(it, "fees_total"));
	if (fees > 0)
		view_money(fees, en, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", msg(en, "free"));
	json_object_set_new(it, "fee_text", json_string(buf));
	snprintf(buf, sizeof(buf), "online_%s", json_string_value(json_object_get(it, "online")));
	json_object_set_new(it, "online_text", json_string(msg(en, buf)));
}

/* Append k=v to a query string, percent-encoding v. */
static void qs_add(char *qs, size_t sz, const char *k, const char *v)
{
	size_t n = strlen(qs);
	if (!v || !*v)
		return;
	n += (size_t)snprintf(qs + n, n < sz ? sz - n : 0, "%s%s=", n ? "&" : "", k);
	for (const unsigned char *p = (const unsigned char *)v; *p && n + 4 < sz; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.')
			qs[n++] = (char)*p;
		else
			n += (size_t)snprintf(qs + n, sz - n, "%%%02X", *p);
	}
	qs[n < sz ? n : sz - 1] = '\0';
}

void page_home(struct api_req *r)
{
	int en = lang_en(r);
	struct errbuf eb;
	struct catalog_search s = {0};
	char *items_text = NULL;
	int more = 0;
	json_t *model = json_object(), *fields = NULL;
	s.q = api_query(r, "q");
	s.field = api_query(r, "field");
	s.online = api_query(r, "online");
	s.limit = 20;
	const char *cursor = api_query(r, "cursor");
	if (cursor) {
		char *end;
		errno = 0;
		s.offset = strtol(cursor, &end, 10);
		if (errno || *end || s.offset < 0 || s.offset > 1000000)
			s.offset = 0;
	}
	if (s.field && !*s.field)
		s.field = NULL;
	if (s.online && strcmp(s.online, "full") && strcmp(s.online, "partial") && strcmp(s.online, "none"))
		s.online = NULL;
	json_object_set_new(model, "q", json_string(s.q && utf8_valid(s.q, strlen(s.q)) ? s.q : ""));
	enum err e = catalog_procedure_search(r->ctx->store, &s, &items_text, &more, &eb);
	json_t *items = NULL;
	if (e == ERR_INVALID) {
		json_object_set_new(model, "error", json_string(eb.msg));
	} else if (e) {
		json_decref(model);
		page_error(r, 500, msg(en, "error_title"));
		return;
	}
	items = items_text ? json_loads(items_text, 0, NULL) : NULL;
	free(items_text);
	if (!items)
		items = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
		decorate_summary(en, it);
	json_object_set_new(model, "count", json_integer((json_int_t)(json_array_size(items) + (size_t)s.offset)));
	json_object_set_new(model, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(model, "items", items);
	if (more) {
		char qs[900] = "", off[24];
		snprintf(off, sizeof(off), "%ld", s.offset + s.limit);
		qs_add(qs, sizeof(qs), "lang", en ? "en" : "vi");
		qs_add(qs, sizeof(qs), "q", s.q);
		qs_add(qs, sizeof(qs), "field", s.field);
		qs_add(qs, sizeof(qs), "online", s.online);
		qs_add(qs, sizeof(qs), "cursor", off);
		char url[920];
		snprintf(url, sizeof(url), "/?%s", qs);
		json_object_set_new(model, "next_url", json_string(url));
	}
	json_t *flist = json_array();
	if (catalog_fields(r->ctx->store, &fields, &eb) == ERR_OK) {
		json_array_foreach(fields, i, it) {
			const char *f = json_string_value(it);
			json_array_append_new(flist, json_pack("{s:s,s:b}", "name", f, "selected",
							       s.field && !strcmp(s.field, f)));
		}
		json_decref(fields);
	}
	json_object_set_new(model, "fields", flist);
	json_t *opts = json_array();
	static const char *const levels[] = {"full", "partial", "none"};
	for (int k = 0; k < 3; k++) {
		char key[32];
		snprintf(key, sizeof(key), "online_%s", levels[k]);
		json_array_append_new(opts, json_pack("{s:s,s:s,s:b}", "value", levels[k], "label",
						      msg(en, key), "selected",
						      s.online && !strcmp(s.online, levels[k])));
	}
	json_object_set_new(model, "online_options", opts);
	render(r, 200, "home", msg(en, "nav_procedures"), model);
}

void page_procedure(struct api_req *r)
{
	int en = lang_en(r);
	struct errbuf eb;
	json_t *p = NULL, *hist = NULL, *agency = NULL;
	char buf[128];
	if (!procedure_code_valid(r->params[0]) ||
	    catalog_procedure_get(r->ctx->store, r->params[0], 0, &p, &eb) != ERR_OK) {
		page_error(r, 404, msg(en, "not_found_title"));
		return;
	}
	json_t *model = json_pack("{s:o}", "p", p);
	const char *ag = json_string_value(json_object_get(p, "agency"));
	if (ag && catalog_agency_get(r->ctx->store, ag, &agency, &eb) == ERR_OK) {
		json_t *n = json_object_get(agency, en ? "name_en" : "name");
		if (!json_is_string(n))
			n = json_object_get(agency, "name");
		json_object_set(model, "agency_name", n);
		json_decref(agency);
	} else {
		json_object_set_new(model, "agency_name", json_string(ag ? ag : ""));
	}
	if (en && json_is_string(json_object_get(p, "name_en")))
		json_object_set(p, "name", json_object_get(p, "name_en"));
	time_text(en, json_object_get(p, "time_limit"), 0, buf, sizeof(buf));
	json_object_set_new(model, "time_text", json_string(buf));
	time_text(en, json_object_get(p, "time_limit"), 1, buf, sizeof(buf));
	if (buf[0])
		json_object_set_new(model, "online_time_text", json_string(buf));
	snprintf(buf, sizeof(buf), "online_%s", json_string_value(json_object_get(p, "online")));
	json_object_set_new(model, "online_text", json_string(msg(en, buf)));
	snprintf(buf, sizeof(buf), "level_%s", json_string_value(json_object_get(p, "level")));
	json_object_set_new(model, "level_text", json_string(msg(en, buf)));
	snprintf(buf, sizeof(buf), "proc_status_%s", json_string_value(json_object_get(p, "status")));
	json_object_set_new(model, "status_text", json_string(msg(en, buf)));
	view_date(json_string_value(json_object_get(p, "effective_from")), buf, sizeof(buf));
	json_object_set_new(model, "effective_text", json_string(buf));
	json_t *fees = json_array(), *it;
	size_t i;
	json_array_foreach(json_object_get(p, "fees"), i, it) {
		view_money(json_integer_value(json_object_get(it, "amount")), en, buf, sizeof(buf));
		json_array_append_new(fees, json_pack("{s:O,s:s}", "name", json_object_get(it, "name"),
						      "amount_text", buf));
	}
	json_object_set_new(model, "has_fees", json_boolean(json_array_size(fees) > 0));
	json_object_set_new(model, "fees", fees);
	json_t *steps = json_array();
	json_array_foreach(json_object_get(p, "steps"), i, it) {
		snprintf(buf, sizeof(buf), "role_%s", json_string_value(json_object_get(it, "role")));
		json_t *st = json_deep_copy(it);
		json_object_set_new(st, "role_text", json_string(msg(en, buf)));
		json_array_append_new(steps, st);
	}
	json_object_set_new(model, "steps", steps);
	if (catalog_procedure_history(r->ctx->store, r->params[0], &hist, &eb) == ERR_OK) {
		json_t *versions = json_object_get(hist, "versions");
		json_array_foreach(versions, i, it) {
			snprintf(buf, sizeof(buf), "change_%s", json_string_value(json_object_get(it, "change")));
			json_object_set_new(it, "change_text", json_string(msg(en, buf)));
			view_date(json_string_value(json_object_get(it, "effective_from")), buf, sizeof(buf));
			json_object_set_new(it, "effective_text", json_string(buf));
		}
		json_object_set(model, "history", versions);
		json_decref(hist);
	}
	render(r, 200, "procedure", json_string_value(json_object_get(p, "name")), model);
}

static void agencies_name_en(json_t *list, int en)
{
	size_t i;
	json_t *a;
	json_array_foreach(list, i, a) {
		if (en && json_is_string(json_object_get(a, "name_en")))
			json_object_set(a, "name", json_object_get(a, "name_en"));
		agencies_name_en(json_object_get(a, "children"), en);
	}
}

void page_agencies(struct api_req *r)
{
	int en = lang_en(r);
	struct errbuf eb;
	json_t *tree = NULL;
	if (catalog_agency_list(r->ctx->store, 0, &tree, &eb) != ERR_OK) {
		page_error(r, 500, msg(en, "error_title"));
		return;
	}
	agencies_name_en(tree, en);
	render(r, 200, "agencies", msg(en, "agencies_title"), json_pack("{s:o}", "items", tree));
}

static const struct {
	const char *ext, *ctype;
} ctypes[] = {
	{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},           {".png", "image/png"},
	{".ico", "image/x-icon"},            {".woff2", "font/woff2"},
};

void page_static(struct api_req *r)
{
	const char *name = r->params[0];
	char path[300];
	size_t sz = 0;
	const char *ctype = NULL;
	if (strstr(name, "..") || strchr(name, '/') || strlen(name) > 200) {
		api_reply_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(ctypes) / sizeof(ctypes[0]); i++)
		if (!strcmp(dot, ctypes[i].ext))
			ctype = ctypes[i].ctype;
	snprintf(path, sizeof(path), "web/static/%s", name);
	const char *data = assets_find(path, &sz);
	if (!data || !ctype) {
		api_reply_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	r->status = 200;
	r->ctype = ctype;
	buf_reset(&r->out);
	buf_add(&r->out, data, sz);
}

/* A local path to go back to after login ("/..." but not "//host"). */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 200 ||
	    strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static void login_form(struct api_req *r, int status, const char *username, const char *next,
		       const char *error)
{
	int en = lang_en(r);
	json_t *m = json_pack("{s:s,s:s}", "username", username ? username : "", "next", safe_next(next));
	if (error)
		json_object_set_new(m, "error", json_string(error));
	render(r, status, "login", msg(en, "login_title"), m);
}

void page_login(struct api_req *r)
{
	login_form(r, 200, NULL, api_query(r, "next"), NULL);
}

/* Same-origin check for the login form (it has no session yet, so no
 * CSRF token): a browser always sends Origin on a cross-site POST. */
static int same_origin(struct api_req *r)
{
	const char *origin = api_header(r, "Origin"), *host = api_header(r, "Host");
	if (!origin || !strcmp(origin, "null"))
		return origin == NULL;
	const char *p = strstr(origin, "://");
	return p && host && !strcmp(p + 3, host);
}

void page_login_post(struct api_req *r)
{
	int en = lang_en(r), retry = 0;
	char user[80], pw[300], next[240], token[SESSION_TOKEN_LEN + 1], roles[160];
	struct errbuf eb;
	struct account_user u;
	struct actor who;
	const char *un = api_form_value(r, "username", user, sizeof(user));
	const char *pass = api_form_value(r, "password", pw, sizeof(pw));
	const char *nx = api_form_value(r, "next", next, sizeof(next));
	if (!same_origin(r)) {
		page_error(r, 403, msg(en, "bad_origin"));
		return;
	}
	if (!un || !*un || !pass || !*pass) {
		login_form(r, 400, un, nx, msg(en, "login_missing"));
		return;
	}
	api_actor(r, &who, roles);
	enum err e = account_login(r->ctx->store, &who, un, pass, r->ctx->conf->session_ttl, token, &u,
				   &retry, &eb);
	memset(pw, 0, sizeof(pw));
	if (e == ERR_THROTTLED) {
		char m[200], mins[16];
		snprintf(mins, sizeof(mins), "%d", (retry + 59) / 60);
		const char *t = msg(en, "login_throttled"), *ph = strstr(t, "{minutes}");
		if (ph)
			snprintf(m, sizeof(m), "%.*s%s%s", (int)(ph - t), t, mins, ph + 9);
		else
			snprintf(m, sizeof(m), "%s", t);
		r->retry_after = retry;
		login_form(r, 429, un, nx, m);
		return;
	}
	if (e == ERR_AUTH) {
		login_form(r, 401, un, nx, msg(en, "login_failed"));
		return;
	}
	if (e) {
		page_error(r, api_status_of(e), msg(en, "error_title"));
		return;
	}
	snprintf(r->set_cookie[0], sizeof(r->set_cookie[0]),
		 "motcua_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", token,
		 r->ctx->conf->session_ttl, api_is_https(r) ? "; Secure" : "");
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", safe_next(nx));
	r->ctype = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}

void page_logout(struct api_req *r)
{
	struct errbuf eb;
	account_logout(r->ctx->store, r->bearer, &eb);
	snprintf(r->set_cookie[0], sizeof(r->set_cookie[0]),
		 "motcua_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
		 api_is_https(r) ? "; Secure" : "");
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "/");
	r->ctype = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}
