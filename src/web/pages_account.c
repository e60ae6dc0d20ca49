/*
 * pages_account.c - a person's own account: signing up as a citizen
 * (/dang-ky) and the account page with the password change (/tai-khoan).
 * Both forms keep what was typed (never the passwords) and put each
 * error next to its field.
 */
#include <stdio.h>
#include <string.h>

#include "domain/account/account.h"
#include "domain/audit/audit.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

/* A domain error for these forms: a weak password says which rule. */
static void page_password_error(json_t *errors, int en, enum err e, const struct errbuf *eb,
				const char *username, const char *password)
{
	if (!page_weak_password_error(errors, en, eb, username, password))
		page_set_error(errors, en, e, eb);
}

/* values and errors stay the caller's. */
static void register_form(struct api_req *r, int status, json_t *values, json_t *errors)
{
	int en = page_en(r);
	const char *next = json_string_value(json_object_get(values, "next"));
	json_object_set_new(values, "next", json_string(page_safe_next(next)));
	json_t *m = json_pack("{s:O,s:O,s:s,s:i}", "val", values, "err", errors, "self_url", "/dang-ky",
			      "password_min", PASSWORD_MIN_LEN);
	page_render(r, status, "register", view_msg(en, "reg_title"), m);
}

void page_register(struct api_req *r)
{
	if (r->user) { /* already logged in */
		page_redirect(r, "/tai-khoan");
		return;
	}
	json_t *v = json_object();
	const char *next = api_query(r, "next");
	if (next)
		json_object_set_new(v, "next", json_string(next));
	json_t *errors = json_object();
	register_form(r, 200, v, errors);
	json_decref(v);
	json_decref(errors);
}

void page_register_post(struct api_req *r)
{
	int en = page_en(r), retry = 0;
	char pw[300], pw2[300], token[SESSION_TOKEN_LEN + 1], roles[160];
	struct errbuf eb;
	struct actor who;
	struct account_user u;
	if (!page_same_origin(r)) {
		page_error(r, 403, view_msg(en, "bad_origin"));
		return;
	}
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object();
	const char *un = webform_get(form, "username"), *name = webform_get(form, "name");
	const char *next = webform_get(form, "next");
	const char *pass = api_form_value(r, "password", pw, sizeof(pw));
	const char *pass2 = api_form_value(r, "password2", pw2, sizeof(pw2));
	if (un)
		json_object_set_new(values, "username", json_string(un));
	if (name)
		json_object_set_new(values, "name", json_string(name));
	if (next)
		json_object_set_new(values, "next", json_string(next));
	if (!un)
		json_object_set_new(errors, "username", json_string(view_msg(en, "e_required")));
	if (!name)
		json_object_set_new(errors, "name", json_string(view_msg(en, "e_required")));
	if (!pass || !*pass)
		json_object_set_new(errors, "password", json_string(view_msg(en, "e_required")));
	else if (!pass2 || strcmp(pass, pass2))
		json_object_set_new(errors, "password2", json_string(view_msg(en, "e_password_mismatch")));
	if (!webform_get(form, "agree"))
		json_object_set_new(errors, "agree", json_string(view_msg(en, "e_reg_agree")));
	if (json_object_size(errors)) {
		register_form(r, 400, values, errors);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = account_register(r->ctx->store, &who, un, name, pass, &retry, &eb);
	if (e == ERR_THROTTLED) {
		char m[200];
		r->retry_after = retry;
		json_object_set_new(errors, "_form",
				    json_string(page_minutes_msg(en, "reg_throttled", retry, m, sizeof(m))));
		register_form(r, 429, values, errors);
		goto out;
	}
	if (e == ERR_CONFLICT) {
		json_object_set_new(errors, "username", json_string(view_msg(en, "e_username_taken")));
		register_form(r, 409, values, errors);
		goto out;
	}
	if (e == ERR_INVALID || e == ERR_RULE) {
		page_password_error(errors, en, e, &eb, un, pass);
		register_form(r, e == ERR_INVALID ? 400 : 422, values, errors);
		goto out;
	}
	if (e) {
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		goto out;
	}
	e = account_login(r->ctx->store, &who, un, pass, r->ctx->conf->session_ttl, token, &u, &retry, &eb);
	if (e) { /* created, but the session could not start: log in by hand */
		page_redirect(r, "/dang-nhap");
		goto out;
	}
	page_start_session(r, token, next);
out:
	memset(pw, 0, sizeof(pw));
	memset(pw2, 0, sizeof(pw2));
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

static void account_form(struct api_req *r, int status, json_t *errors, const char *ok)
{
	int en = page_en(r);
	char text[80];
	json_t *roles = json_array();
	for (int i = 0; i < ROLE__MAX; i++) {
		if (!(r->user->roles & (1u << i)))
			continue;
		snprintf(text, sizeof(text), "role_%s", role_name((enum role)i));
		json_array_append_new(roles, json_string(view_msg(en, text)));
	}
	json_t *m = json_pack("{s:s,s:s,s:o,s:o,s:i,s:b}", "username", r->user->username, "name",
			      r->user->name, "roles", roles, "err", json_incref(errors), "password_min",
			      PASSWORD_MIN_LEN, "changed", ok != NULL);
	if (r->user->agency[0]) {
		json_t *names = page_agency_names(r, en);
		const char *an = json_string_value(json_object_get(names, r->user->agency));
		json_object_set_new(m, "agency", json_string(an ? an : r->user->agency));
		json_decref(names);
	}
	json_object_set_new(m, "self_url", json_string("/tai-khoan"));
	page_render(r, status, "account", view_msg(en, "acc_title"), m);
}

void page_account(struct api_req *r)
{
	json_t *errors = json_object();
	const char *changed = api_query(r, "changed");
	account_form(r, 200, errors, changed ? "password" : NULL);
	json_decref(errors);
}

void page_password_post(struct api_req *r)
{
	int en = page_en(r), retry = 0;
	char cur[300], pw[300], pw2[300], token[SESSION_TOKEN_LEN + 1], roles[160];
	struct errbuf eb;
	struct actor who;
	struct account_user u;
	json_t *errors = json_object();
	const char *c = api_form_value(r, "current_password", cur, sizeof(cur));
	const char *p = api_form_value(r, "new_password", pw, sizeof(pw));
	const char *p2 = api_form_value(r, "new_password2", pw2, sizeof(pw2));
	if (!c || !*c)
		json_object_set_new(errors, "current_password", json_string(view_msg(en, "e_required")));
	if (!p || !*p)
		json_object_set_new(errors, "new_password", json_string(view_msg(en, "e_required")));
	else if (!p2 || strcmp(p, p2))
		json_object_set_new(errors, "new_password2", json_string(view_msg(en, "e_password_mismatch")));
	if (json_object_size(errors)) {
		account_form(r, 400, errors, NULL);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = account_change_password(r->ctx->store, &who, r->user->username, c, p, &eb);
	if (e == ERR_INVALID || e == ERR_RULE) {
		page_password_error(errors, en, e, &eb, r->user->username, p);
		account_form(r, e == ERR_INVALID ? 400 : 422, errors, NULL);
		goto out;
	}
	if (e) {
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		goto out;
	}
	/* every session ended, this one too: start a new one for this browser */
	e = account_login(r->ctx->store, &who, r->user->username, p, r->ctx->conf->session_ttl, token, &u,
			  &retry, &eb);
	if (e) {
		page_redirect(r, "/dang-nhap?next=/tai-khoan");
		goto out;
	}
	page_start_session(r, token, "/tai-khoan?changed=1");
out:
	memset(cur, 0, sizeof(cur));
	memset(pw, 0, sizeof(pw));
	memset(pw2, 0, sizeof(pw2));
	json_decref(errors);
}
