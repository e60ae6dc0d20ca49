/*
 * pages.c - the portal's pages. See pages.h.
 */
#include "web/pages.h"
#include "web/pages_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
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
	char *owned[64]; /* files read from web_root, freed after rendering */
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
	if (src->conf->web_root[0] && src->nowned < 64) {
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

/* The language cookie a ?lang= choice leaves, so the choice holds on the
 * next pages, redirects included. */
static int lang_cookie(struct api_req *r)
{
	const char *c = api_header(r, "Cookie");
	while (c && *c) {
		while (*c == ' ' || *c == ';')
			c++;
		if (!strncmp(c, "motcua_lang=", 12))
			return !strncmp(c + 12, "en", 2) ? 1 : !strncmp(c + 12, "vi", 2) ? 0 : -1;
		c = strchr(c, ';');
	}
	return -1;
}

int page_en(struct api_req *r)
{
	const char *l = api_query(r, "lang");
	if (l && !strcmp(l, "en"))
		return 1;
	if (l && !strcmp(l, "vi"))
		return 0;
	int c = lang_cookie(r);
	return c >= 0 ? c : r->lang_en;
}

int page_has_role(const struct account_user *u, enum role role)
{
	return u && (u->roles & (1u << role));
}

int page_is_officer(const struct account_user *u)
{
	const unsigned officer = (1u << ROLE_DESK) | (1u << ROLE_SPECIALIST) |
				 (1u << ROLE_UNIT_LEADER) | (1u << ROLE_AGENCY_LEADER) |
				 (1u << ROLE_CLERK) | (1u << ROLE_ADMIN);
	return u && (u->roles & officer) && u->agency[0];
}

int page_is_staff(const struct account_user *u)
{
	return page_is_officer(u) || page_has_role(u, ROLE_INSPECTOR);
}

/* The "me" of every model: who is logged in and what the menus offer. */
static json_t *me_model(const struct account_user *u)
{
	return json_pack("{s:s,s:s,s:b,s:b,s:b,s:b,s:b}", "name", u->name, "username", u->username,
			 "is_citizen", page_has_role(u, ROLE_CITIZEN) && !page_is_officer(u),
			 "is_officer", page_is_officer(u), "is_staff", page_is_staff(u), "is_desk",
			 page_has_role(u, ROLE_DESK), "is_admin", page_has_role(u, ROLE_ADMIN));
}

void page_render(struct api_req *r, int status, const char *name, const char *title,
		 json_t *model)
{
	struct tpl_src src = {r->ctx->conf, {0}, 0};
	struct errbuf eb;
	struct mustache_buf body;
	size_t len = 0;
	int en = page_en(r);
	char switch_url[700];
	const char *l = api_query(r, "lang");
	json_t *t = view_messages(en);
	view_counts(model);
	json_object_set(model, "t", t ? t : json_object());
	json_object_set_new(model, "title", json_string(title ? title : ""));
	/* the same page in the other language */
	const char *self = json_string_value(json_object_get(model, "self_url"));
	snprintf(switch_url, sizeof(switch_url), "%s%slang=%s", self ? self : r->path,
		 self && strchr(self, '?') ? "&" : "?", en ? "vi" : "en");
	json_object_set_new(model, "switch_url", json_string(switch_url));
	if (l && (!strcmp(l, "en") || !strcmp(l, "vi")) && !r->set_cookie[1][0])
		snprintf(r->set_cookie[1], sizeof(r->set_cookie[1]),
			 "motcua_lang=%s; Path=/; SameSite=Lax; Max-Age=31536000%s", l,
			 api_is_https(r) ? "; Secure" : "");
	if (r->user) {
		char csrf[65];
		api_csrf_token(r->bearer, csrf);
		json_object_set_new(model, "me", me_model(r->user));
		json_object_set_new(model, "csrf", json_string(csrf));
	}
	if (!json_object_get(model, "login_next"))
		json_object_set_new(model, "login_next",
				    json_string(strcmp(r->method, "GET") || !strncmp(r->path, "/dang-nhap", 10)
							? "/" : r->path));
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
	return view_msg(en, key);
}

void page_error(struct api_req *r, int status, const char *message)
{
	int en = page_en(r);
	const char *heading = msg(en, status == 404 ? "not_found_title"
				      : status == 403 ? "forbidden_title"
						      : "error_title");
	page_render(r, status, "error", heading,
		    json_pack("{s:s,s:s}", "heading", heading, "message", message));
}

void page_redirect(struct api_req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->location, sizeof(r->location), fmt, ap);
	va_end(ap);
	r->status = 303;
	r->ctype = "text/plain; charset=utf-8";
	buf_reset(&r->out);
}

void page_time_text(int en, json_t *tl, int online, char *out, size_t sz)
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

int page_dossier_code_ok(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 20 || n > 60)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((code[i] >= '0' && code[i] <= '9') || (code[i] >= 'A' && code[i] <= 'Z') ||
		      code[i] == '.' || code[i] == '-'))
			return 0;
	return 1;
}

void page_field_key(const char *field, char *out, size_t sz)
{
	size_t o = 0;
	for (const char *p = field ? field : ""; *p && o + 1 < sz; p++) {
		if (*p == '[') {
			const char *q = strchr(p, ']');
			if (!q)
				break;
			p = q;
			continue;
		}
		out[o++] = *p == '.' ? '_' : *p;
	}
	out[o] = '\0';
}

const char *page_err_text(int en, enum err e, const struct errbuf *eb, char *buf, size_t sz)
{
	char key[200], fk[64];
	const char *code = eb->code[0] ? eb->code : err_code(e), *s;
	json_t *t = view_messages(en);
	page_field_key(eb->field, fk, sizeof(fk));
	/* the most precise message first: this code on this field; for a
	 * malformed value the field's own explanation; then the code's */
	snprintf(key, sizeof(key), "e_%s_%s", code, fk);
	s = json_string_value(json_object_get(t, key));
	if (!s && fk[0] && !strcmp(code, "invalid_input")) {
		snprintf(key, sizeof(key), "e_field_%s", fk);
		s = json_string_value(json_object_get(t, key));
	}
	if (!s) {
		snprintf(key, sizeof(key), "e_%s", code);
		s = json_string_value(json_object_get(t, key));
	}
	if (!s && fk[0]) {
		snprintf(key, sizeof(key), "e_field_%s", fk);
		s = json_string_value(json_object_get(t, key));
	}
	if (s)
		snprintf(buf, sz, "%s", s);
	else if (api_status_of(e) >= 500)
		snprintf(buf, sz, "%s", msg(en, "e_internal"));
	else
		snprintf(buf, sz, "%s (%s)", msg(en, "e_generic"), eb->msg);
	return buf;
}

void page_set_error(json_t *errors, int en, enum err e, const struct errbuf *eb)
{
	char fk[64], text[600];
	page_field_key(eb->field, fk, sizeof(fk));
	page_err_text(en, e, eb, text, sizeof(text));
	json_object_set_new(errors, fk[0] ? fk : "_form", json_string(text));
}

int page_weak_password_error(json_t *errors, int en, const struct errbuf *eb, const char *username,
			     const char *password)
{
	if (strcmp(eb->code, "weak_password") || !password)
		return 0;
	enum pw_weakness w = account_password_weakness(username, password);
	const char *key = w == PW_TOO_SHORT      ? "e_password_short"
			  : w == PW_HAS_USERNAME ? "e_password_username"
						 : "e_password_common";
	json_object_set_new(errors, eb->field[0] ? eb->field : "password", json_string(msg(en, key)));
	return 1;
}

void page_meta_dates(json_t *meta)
{
	static const char *const dates[] = {"issue_date", "valid_until"};
	char buf[64], key[32];
	for (size_t k = 0; k < 2; k++) {
		const char *v = json_string_value(json_object_get(meta, dates[k]));
		if (!v)
			continue;
		view_date(v, buf, sizeof(buf));
		snprintf(key, sizeof(key), "%s_text", dates[k]);
		json_object_set_new(meta, key, json_string(buf));
	}
}

const char *page_minutes_msg(int en, const char *key, int seconds, char *out, size_t sz)
{
	char mins[16];
	snprintf(mins, sizeof(mins), "%d", (seconds + 59) / 60);
	const char *t = msg(en, key), *ph = strstr(t, "{minutes}");
	if (ph)
		snprintf(out, sz, "%.*s%s%s", (int)(ph - t), t, mins, ph + 9);
	else
		snprintf(out, sz, "%s", t);
	return out;
}

/* The home page's address with the search of s at offset. */
static json_t *home_url(const struct catalog_search *s, long offset)
{
	char qs[900] = "", off[24], url[920];
	snprintf(off, sizeof(off), "%ld", offset);
	page_qs_add(qs, sizeof(qs), "q", s->q);
	page_qs_add(qs, sizeof(qs), "field", s->field);
	page_qs_add(qs, sizeof(qs), "online", s->online);
	page_qs_add(qs, sizeof(qs), "cursor", off);
	snprintf(url, sizeof(url), "/?%s", qs);
	return json_string(url);
}

static void decorate_summary(int en, json_t *it)
{
	char buf[96];
	json_t *tl = json_object_get(it, "time_limit");
	page_time_text(en, tl, 0, buf, sizeof(buf));
	json_object_set_new(it, "time_text", json_string(buf));
	long long fees = json_integer_value(json_object_get(it, "fees_total"));
	if (fees > 0)
		view_money(fees, en, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%s", msg(en, "free"));
	json_object_set_new(it, "fee_text", json_string(buf));
	snprintf(buf, sizeof(buf), "online_%s", json_string_value(json_object_get(it, "online")));
	json_object_set_new(it, "online_text", json_string(msg(en, buf)));
	if (en && json_is_string(json_object_get(it, "name_en")))
		json_object_set(it, "name", json_object_get(it, "name_en"));
}

void page_qs_add(char *qs, size_t sz, const char *k, const char *v)
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
	int en = page_en(r);
	struct errbuf eb;
	struct catalog_search s = {0};
	char *items_text = NULL;
	int more = 0;
	json_t *model = json_object(), *fields = NULL;
	s.q = api_query(r, "q");
	s.field = api_query(r, "field");
	s.online = api_query(r, "online");
	s.limit = 20;
	long total = 0;
	s.total = &total;
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
	json_object_set_new(model, "count", json_integer((json_int_t)total));
	if (json_array_size(items) > 0 && (s.offset > 0 || more)) {
		json_object_set_new(model, "range_from", json_integer((json_int_t)s.offset + 1));
		json_object_set_new(model, "range_to", json_integer((json_int_t)(s.offset + (long)json_array_size(items))));
	}
	json_object_set_new(model, "has_items", json_boolean(json_array_size(items) > 0));
	json_object_set_new(model, "items", items);
	if (more)
		json_object_set_new(model, "next_url", home_url(&s, s.offset + s.limit));
	if (s.offset > 0)
		json_object_set_new(model, "prev_url", home_url(&s, s.offset > s.limit ? s.offset - s.limit : 0));
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
	page_render(r, 200, "home", msg(en, "nav_procedures"), model);
}

void page_procedure(struct api_req *r)
{
	int en = page_en(r);
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
	page_time_text(en, json_object_get(p, "time_limit"), 0, buf, sizeof(buf));
	json_object_set_new(model, "time_text", json_string(buf));
	page_time_text(en, json_object_get(p, "time_limit"), 1, buf, sizeof(buf));
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
	/* filing: online for full/partial online service (R-PR-3), at the
	 * desk for its officers; never for an abolished procedure */
	const char *online = json_string_value(json_object_get(p, "online"));
	const char *pst = json_string_value(json_object_get(p, "status"));
	int active = !pst || strcmp(pst, "abolished");
	json_object_set_new(model, "can_file_online",
			    json_boolean(active && online && strcmp(online, "none") &&
					 !page_is_officer(r->user)));
	json_object_set_new(model, "can_intake", json_boolean(active && page_has_role(r->user, ROLE_DESK)));
	page_render(r, 200, "procedure", json_string_value(json_object_get(p, "name")), model);
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
	int en = page_en(r);
	struct errbuf eb;
	json_t *tree = NULL;
	if (catalog_agency_list(r->ctx->store, 0, &tree, &eb) != ERR_OK) {
		page_error(r, 500, msg(en, "error_title"));
		return;
	}
	agencies_name_en(tree, en);
	page_render(r, 200, "agencies", msg(en, "agencies_title"), json_pack("{s:o}", "items", tree));
}

static const struct {
	const char *ext, *ctype;
} ctypes[] = {
	{".css", "text/css; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},           {".png", "image/png"},
	{".ico", "image/x-icon"},            {".woff2", "font/woff2"},
};

/* Files from npm packages, embedded by the Makefile (NPM_ASSETS) and
 * served under /static/ by their file name. */
static const struct {
	const char *name, *path;
} npm_files[] = {
	{"htmx.min.js", "node_modules/htmx.org/dist/htmx.min.js"},
	{"pico.min.css", "node_modules/@picocss/pico/css/pico.min.css"},
};

/* FNV-1a, 64 bits: the ETag of an embedded file. */
static uint64_t fnv1a64(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Whether an Accept-Encoding header lists gzip with a q above zero. */
static int accepts_gzip(const char *ae)
{
	for (const char *p = ae; p && (p = strstr(p, "gzip")); p += 4) {
		if (p != ae && p[-1] != ' ' && p[-1] != ',')
			continue;
		const char *q = p + 4;
		while (*q == ' ')
			q++;
		if (*q == ',' || *q == '\0')
			return 1;
		if (*q == ';') {
			const char *v = strstr(q, "q=");
			const char *end = strchr(q, ',');
			if (!v || (end && v > end))
				return 1;
			return strtod(v + 2, NULL) > 0;
		}
	}
	return 0;
}

void page_static(struct api_req *r)
{
	const char *name = r->params[0];
	char path[300];
	size_t sz = 0;
	const char *ctype = NULL, *data = NULL;
	char *owned = NULL;
	if (strstr(name, "..") || strchr(name, '/') || strlen(name) > 200) {
		api_reply_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(ctypes) / sizeof(ctypes[0]); i++)
		if (!strcmp(dot, ctypes[i].ext))
			ctype = ctypes[i].ctype;
	snprintf(path, sizeof(path), "web/static/%s", name);
	for (size_t i = 0; i < sizeof(npm_files) / sizeof(npm_files[0]); i++)
		if (!strcmp(name, npm_files[i].name))
			snprintf(path, sizeof(path), "%s", npm_files[i].path);
	/* development: web/static/ from --web-root, edited without a rebuild */
	if (ctype && r->ctx->conf->web_root[0] && !strncmp(path, "web/static/", 11)) {
		char full[900];
		snprintf(full, sizeof(full), "%s/static/%s", r->ctx->conf->web_root, name);
		FILE *f = fopen(full, "rb");
		if (f) {
			owned = malloc(TEMPLATE_MAX);
			sz = owned ? fread(owned, 1, TEMPLATE_MAX, f) : 0;
			data = owned;
			fclose(f);
		}
	}
	if (!data)
		data = assets_find(path, &sz);
	if (!data || !ctype) {
		free(owned);
		api_reply_error(r, 404, "not_found", NULL, "no such file");
		return;
	}
	r->status = 200;
	r->ctype = ctype;
	buf_reset(&r->out);
	if (owned) { /* from disk while developing: never cached */
		r->cache_control = "no-cache";
		buf_add(&r->out, data, sz);
		free(owned);
		return;
	}
	/* embedded: the same bytes until the next build. Browsers keep them
	 * an hour, then revalidate with the ETag (a 304 without a body); the
	 * gzip copy, made at build time, is a representation of its own. */
	char gz[340];
	size_t gsz = 0;
	const char *gdata = NULL;
	if (accepts_gzip(api_header(r, "Accept-Encoding"))) {
		snprintf(gz, sizeof(gz), "build/gen/gz/%s.gz", path);
		gdata = assets_find(gz, &gsz);
		if (gdata && gsz >= sz)
			gdata = NULL;
	}
	snprintf(r->etag, sizeof(r->etag), "\"%016llx%s\"", (unsigned long long)fnv1a64(data, sz),
		 gdata ? "-gz" : "");
	r->cache_control = "public, max-age=3600";
	const char *inm = api_header(r, "If-None-Match");
	if (inm && strstr(inm, r->etag)) {
		r->status = 304;
		r->ctype = NULL;
		return;
	}
	if (gdata) {
		r->content_encoding = "gzip";
		buf_add(&r->out, gdata, gsz);
	} else {
		buf_add(&r->out, data, sz);
	}
}

/* A local path to go back to after login ("/..." but not "//host"). */
const char *page_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 200 ||
	    strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static void login_form(struct api_req *r, int status, const char *username, const char *next,
		       const char *error)
{
	int en = page_en(r);
	json_t *m = json_pack("{s:s,s:s}", "username", username ? username : "", "next", page_safe_next(next));
	if (error)
		json_object_set_new(m, "error", json_string(error));
	page_render(r, status, "login", msg(en, "login_title"), m);
}

void page_login(struct api_req *r)
{
	login_form(r, 200, NULL, api_query(r, "next"), NULL);
}

/* Same-origin check for the login form (it has no session yet, so no
 * CSRF token): a browser always sends Origin on a cross-site POST. */
int page_same_origin(struct api_req *r)
{
	const char *origin = api_header(r, "Origin"), *host = api_header(r, "Host");
	if (!origin || !strcmp(origin, "null"))
		return origin == NULL;
	const char *p = strstr(origin, "://");
	return p && host && !strcmp(p + 3, host);
}

void page_login_post(struct api_req *r)
{
	int en = page_en(r), retry = 0;
	char user[80], pw[300], next[240], token[SESSION_TOKEN_LEN + 1], roles[160];
	struct errbuf eb;
	struct account_user u;
	struct actor who;
	const char *un = api_form_value(r, "username", user, sizeof(user));
	const char *pass = api_form_value(r, "password", pw, sizeof(pw));
	const char *nx = api_form_value(r, "next", next, sizeof(next));
	if (!page_same_origin(r)) {
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
		char m[200];
		r->retry_after = retry;
		login_form(r, 429, un, nx, page_minutes_msg(en, "login_throttled", retry, m, sizeof(m)));
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
	page_start_session(r, token, nx);
}

void page_start_session(struct api_req *r, const char *token, const char *next)
{
	snprintf(r->set_cookie[0], sizeof(r->set_cookie[0]),
		 "motcua_session=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%d%s", token,
		 r->ctx->conf->session_ttl, api_is_https(r) ? "; Secure" : "");
	r->status = 303;
	snprintf(r->location, sizeof(r->location), "%s", page_safe_next(next));
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

void page_http_error(struct api_req *r, int status, const char *message)
{
	page_error(r, status, message);
}
