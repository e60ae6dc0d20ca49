/*
 * session.c - logging in and out over the API (POST/DELETE
 * /api/v1/session) and GET /api/v1/me.
 */
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/jsonv.h"

static json_t *user_json(const struct account_user *u)
{
	json_t *roles = json_array();
	for (int i = 0; i < ROLE__MAX; i++)
		if (u->roles & (1u << i))
			json_array_append_new(roles, json_string(role_name((enum role)i)));
	return json_pack("{s:s,s:s,s:o,s:o}", "username", u->username, "name", u->name, "roles", roles,
			 "agency", u->agency[0] ? json_string(u->agency) : json_null());
}

void api_session_create(struct api_req *r)
{
	static const char *const keys[] = {"username", "password", NULL};
	struct errbuf eb;
	struct account_user u;
	char token[SESSION_TOKEN_LEN + 1];
	const char *user, *pw;
	struct actor who;
	char roles[160];
	int retry = 0;
	json_t *in = api_body_json_or_400(r);
	api_actor(r, &who, roles);
	enum err e;
	if (!in)
		return;
	if (!json_is_object(in)) {
		json_decref(in);
		api_reply_error(r, 400, "invalid_input", NULL, "send {\"username\", \"password\"}");
		return;
	}
	if ((e = jv_only(in, "", keys, &eb)) || (e = jv_str(in, "", "username", 1, 64, &user, &eb)) ||
	    (e = jv_str(in, "", "password", 1, PASSWORD_MAX_LEN, &pw, &eb)) ||
	    (e = account_login(r->ctx->store, &who, user, pw, r->ctx->conf->session_ttl, token, &u,
			       &retry, &eb))) {
		json_decref(in);
		api_reply_err(r, e, &eb);
		if (retry > 0)
			r->retry_after = retry;
		return;
	}
	json_decref(in);
	api_reply_json(r, 201, json_pack("{s:s,s:o,s:i}", "token", token, "user", user_json(&u),
					 "expires_in", r->ctx->conf->session_ttl));
}

void api_session_delete(struct api_req *r)
{
	struct errbuf eb;
	enum err e = account_logout(r->ctx->store, r->bearer, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	r->status = 204;
	r->ctype = NULL;
	buf_reset(&r->out);
}

void api_me(struct api_req *r)
{
	api_reply_json(r, 200, user_json(r->user));
}

/* A new session for a user who just proved who they are (sign-up,
 * password change): 201 {token, user, expires_in}. */
static void reply_new_session(struct api_req *r, const struct actor *who, const char *username,
			      const char *password)
{
	struct errbuf eb;
	struct account_user u;
	char token[SESSION_TOKEN_LEN + 1];
	int retry = 0;
	enum err e = account_login(r->ctx->store, who, username, password, r->ctx->conf->session_ttl,
				   token, &u, &retry, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 201, json_pack("{s:s,s:o,s:i}", "token", token, "user", user_json(&u),
					 "expires_in", r->ctx->conf->session_ttl));
}

void api_register(struct api_req *r)
{
	static const char *const keys[] = {"username", "name", "password", NULL};
	struct errbuf eb;
	const char *user, *name, *pw;
	struct actor who;
	char roles[160];
	int retry = 0;
	enum err e;
	json_t *in = api_body_json_or_400(r);
	if (!in)
		return;
	api_actor(r, &who, roles);
	if (!json_is_object(in)) {
		json_decref(in);
		api_reply_error(r, 400, "invalid_input", NULL, "send {\"username\", \"name\", \"password\"}");
		return;
	}
	if ((e = jv_only(in, "", keys, &eb)) || (e = jv_str(in, "", "username", 1, 63, &user, &eb)) ||
	    (e = jv_str(in, "", "name", 1, 120, &name, &eb)) ||
	    (e = jv_str(in, "", "password", 1, PASSWORD_MAX_LEN, &pw, &eb)) ||
	    (e = account_register(r->ctx->store, &who, user, name, pw, &retry, &eb))) {
		json_decref(in);
		api_reply_err(r, e, &eb);
		if (retry > 0)
			r->retry_after = retry;
		return;
	}
	reply_new_session(r, &who, user, pw);
	json_decref(in);
}

void api_me_password(struct api_req *r)
{
	static const char *const keys[] = {"current_password", "new_password", NULL};
	struct errbuf eb;
	const char *cur, *pw;
	struct actor who;
	char roles[160];
	enum err e;
	json_t *in = api_body_json_or_400(r);
	if (!in)
		return;
	api_actor(r, &who, roles);
	if (!json_is_object(in)) {
		json_decref(in);
		api_reply_error(r, 400, "invalid_input", NULL,
				"send {\"current_password\", \"new_password\"}");
		return;
	}
	if ((e = jv_only(in, "", keys, &eb)) ||
	    (e = jv_str(in, "", "current_password", 1, PASSWORD_MAX_LEN, &cur, &eb)) ||
	    (e = jv_str(in, "", "new_password", 1, PASSWORD_MAX_LEN, &pw, &eb)) ||
	    (e = account_change_password(r->ctx->store, &who, r->user->username, cur, pw, &eb))) {
		json_decref(in);
		api_reply_err(r, e, &eb);
		return;
	}
	reply_new_session(r, &who, r->user->username, pw);
	json_decref(in);
}
