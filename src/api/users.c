/*
 * users.c - the JSON face of the accounts, for administrators: list,
 * create, read one and change one (name, roles, agency, disabled, a
 * password reset). The rules - password policy, roles, an official's
 * agency, not disabling oneself - are domain/account's, shared with the
 * command line (`motcua user`) and the administration pages; here the
 * body is only checked for shape (400) and turned into their arguments.
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/jsonv.h"

/* The roles array of a body as a comma-separated list in buf; absent
 * leaves *out NULL. 400 for anything but an array of strings. */
static enum err roles_arg(json_t *in, char *buf, size_t sz, const char **out, struct errbuf *eb)
{
	json_t *arr = json_object_get(in, "roles"), *it;
	size_t i, o = 0;
	*out = NULL;
	if (!arr || json_is_null(arr))
		return ERR_OK;
	if (!json_is_array(arr) || json_array_size(arr) > ROLE__MAX)
		return err_set(eb, ERR_INVALID, "roles", "roles must be an array of role names");
	buf[0] = '\0';
	json_array_foreach(arr, i, it) {
		const char *s = json_string_value(it);
		if (!s || !*s || strchr(s, ',') || strlen(s) > 40)
			return err_set(eb, ERR_INVALID, "roles", "roles[%zu] must be a role name", i);
		o += (size_t)snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", o ? "," : "", s);
	}
	*out = buf;
	return ERR_OK;
}

void api_user_list(struct api_req *r)
{
	struct errbuf eb;
	json_t *users = NULL, *u;
	size_t i;
	enum err e = account_list(r->ctx->store, &users, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	json_array_foreach(users, i, u)
		json_object_set_new(u, "roles", account_roles_array(json_string_value(json_object_get(u, "roles"))));
	api_reply_json(r, 200, json_pack("{s:o,s:n}", "items", users, "next_cursor"));
}

void api_user_create(struct api_req *r)
{
	static const char *const keys[] = {"username", "name", "password", "roles", "agency", NULL};
	struct errbuf eb;
	struct actor who;
	char roles_buf[160], rl[ROLE__MAX * 16];
	const char *username, *name, *password, *roles, *agency;
	json_t *out = NULL, *in = api_body_json_or_400(r);
	enum err e;
	if (!in)
		return;
	api_actor(r, &who, roles_buf);
	if (!json_is_object(in))
		e = err_set(&eb, ERR_INVALID, "", "send {\"username\", \"name\", \"password\", \"roles\", \"agency\"}");
	else if (!(e = jv_only(in, "", keys, &eb)) && !(e = jv_str(in, "", "username", 1, 63, &username, &eb)) &&
		 !(e = jv_str(in, "", "name", 0, ACCOUNT_NAME_MAX, &name, &eb)) &&
		 !(e = jv_str(in, "", "password", 1, PASSWORD_MAX_LEN, &password, &eb)) &&
		 !(e = jv_str(in, "", "agency", 0, 40, &agency, &eb)) &&
		 !(e = roles_arg(in, rl, sizeof(rl), &roles, &eb))) {
		if (!roles)
			e = err_setc(&eb, ERR_INVALID, "missing_field", "roles", "roles is required");
		else
			e = account_user_add(r->ctx->store, &who, username, name, roles, agency, password, &eb);
		if (!e)
			e = account_user_get(r->ctx->store, username, &out, &eb);
		if (!e)
			snprintf(r->location, sizeof(r->location), "/api/v1/users/%s", username);
	}
	json_decref(in);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 201, out);
}

void api_user_get(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	enum err e = account_user_get(r->ctx->store, r->params[0], &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_user_update(struct api_req *r)
{
	static const char *const keys[] = {"name", "password", "roles", "agency", "disabled", NULL};
	struct errbuf eb;
	struct actor who;
	struct account_change c = {NULL, NULL, 0, NULL, -1, NULL};
	char roles_buf[160], rl[ROLE__MAX * 16];
	json_t *out = NULL, *in = api_body_json_or_400(r);
	json_t *dis;
	enum err e;
	if (!in)
		return;
	api_actor(r, &who, roles_buf);
	if (!json_is_object(in)) {
		e = err_set(&eb, ERR_INVALID, "", "send an object with the fields to change");
		goto out;
	}
	if ((e = jv_only(in, "", keys, &eb)) || (e = jv_str(in, "", "name", 0, ACCOUNT_NAME_MAX, &c.name, &eb)) ||
	    (e = jv_str(in, "", "password", 0, PASSWORD_MAX_LEN, &c.password, &eb)) ||
	    (e = jv_str(in, "", "agency", 0, 40, &c.agency, &eb)) ||
	    (e = roles_arg(in, rl, sizeof(rl), &c.roles, &eb)))
		goto out;
	/* "agency": null takes the agency away (a citizen's account) */
	c.set_agency = json_object_get(in, "agency") != NULL;
	dis = json_object_get(in, "disabled");
	if (dis && !json_is_boolean(dis)) {
		e = err_set(&eb, ERR_INVALID, "disabled", "disabled must be true or false");
		goto out;
	}
	if (dis)
		c.disabled = json_is_true(dis);
	if ((e = account_user_update(r->ctx->store, &who, r->params[0], &c, &eb)))
		goto out;
	e = account_user_get(r->ctx->store, r->params[0], &out, &eb);
out:
	json_decref(in);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}
