/*
 * pages_admin_users.c - the administrator's accounts: the list, the form
 * to create an account and the page of one account (name, roles as
 * checkboxes, agency, lock or unlock, a new password). Everything is done
 * by domain/account (account_user_add, account_user_update), the same
 * functions as the JSON API /api/v1/users and `motcua user`, so the rules
 * and the audit rows are theirs; this file turns form fields into their
 * arguments and their errors into messages next to the fields.
 */
#include <stdio.h>
#include <string.h>

#include "domain/audit/audit.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

/* Roles an administrator hands out here ("system" is the server's own). */
static const enum role form_roles[] = {ROLE_CITIZEN, ROLE_DESK, ROLE_SPECIALIST, ROLE_UNIT_LEADER,
				      ROLE_AGENCY_LEADER, ROLE_CLERK, ROLE_ADMIN, ROLE_INSPECTOR};
#define NFORM_ROLES (sizeof(form_roles) / sizeof(form_roles[0]))

static void roles_text(int en, const char *roles, char *text, size_t sz)
{
	size_t o = 0;
	text[0] = '\0';
	for (const char *p = roles; p && *p;) {
		char role[40];
		size_t n = strcspn(p, ",");
		snprintf(role, sizeof(role), "%.*s", (int)(n < 39 ? n : 39), p);
		const char *l = view_msg_opt(en, "role_", role);
		if (o < sz)
			o += (size_t)snprintf(text + o, sz - o, "%s%s", o ? ", " : "", l ? l : role);
		p += n + (p[n] == ',');
	}
}

void page_admin_users(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *users = NULL, *u;
	size_t i;
	if (account_list(r->ctx->store, &users, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	json_t *names = page_agency_names(r, en);
	json_array_foreach(users, i, u) {
		char text[400];
		roles_text(en, json_string_value(json_object_get(u, "roles")), text, sizeof(text));
		json_object_set_new(u, "roles_text", json_string(text));
		const char *ag = json_string_value(json_object_get(u, "agency"));
		json_object_set(u, "agency_name", json_object_get(names, ag ? ag : ""));
	}
	json_decref(names);
	page_render(r, 200, "admin_users", view_msg(en, "admin_users"), json_pack("{s:o}", "items", users));
}

/* The role checkboxes, those in `roles` (comma-separated) ticked. */
static json_t *role_boxes(int en, const char *roles)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < NFORM_ROLES; i++) {
		const char *name = role_name(form_roles[i]);
		size_t n = strlen(name);
		int on = 0;
		for (const char *p = roles; p && *p;) {
			size_t k = strcspn(p, ",");
			on |= k == n && !strncmp(p, name, n);
			p += k + (p[k] == ',');
		}
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:b}", "value", name, "label",
						     view_msg_opt(en, "role_", name), "checked", on));
	}
	return arr;
}

/* Render the form of a new account (username NULL) or of one account.
 * values: {username, name, roles (comma-separated), agency} as the inputs
 * show them; stored: the account as account_user_get() gives it. */
static void user_show(struct api_req *r, int status, const char *username, json_t *stored, json_t *values,
		      json_t *errors, const char *ok)
{
	int en = page_en(r);
	char buf[200];
	json_t *model = json_pack("{s:b,s:O,s:o}", "is_new", username == NULL, "val", values, "err",
				  errors ? json_incref(errors) : json_object());
	json_t *agencies = page_agency_options(r, en, json_string_value(json_object_get(values, "agency")), NULL);
	if (!agencies) {
		json_decref(model);
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	json_object_set_new(model, "agencies", agencies);
	json_object_set_new(model, "roles", role_boxes(en, json_string_value(json_object_get(values, "roles"))));
	if (username) {
		json_object_set_new(model, "username", json_string(username));
		json_object_set(model, "u", stored);
		json_object_set_new(model, "is_self",
				    json_boolean(r->user && !strcmp(r->user->username, username)));
		snprintf(buf, sizeof(buf), "/quan-tri/nguoi-dung/%s", username);
		json_object_set_new(model, "self_url", json_string(buf));
	} else {
		json_object_set_new(model, "self_url", json_string("/quan-tri/nguoi-dung/moi"));
	}
	if (ok) {
		const char *m = view_msg_opt(en, "adm_ok_user_", ok);
		if (m)
			json_object_set_new(model, "flash", json_string(m));
	}
	page_render(r, status, "adm_user", username ? username : view_msg(en, "adm_user_new"), model);
}

/* The values of a stored account for the form. */
static json_t *values_of(json_t *u)
{
	char roles[200];
	size_t i, o = 0;
	json_t *x;
	roles[0] = '\0';
	json_array_foreach(json_object_get(u, "roles"), i, x)
		o += (size_t)snprintf(roles + o, o < sizeof(roles) ? sizeof(roles) - o : 0, "%s%s", o ? "," : "",
				      json_string_value(x));
	json_t *agency = json_object_get(u, "agency");
	return json_pack("{s:O,s:O,s:s,s:s}", "username", json_object_get(u, "username"), "name",
			 json_object_get(u, "name"), "roles", roles, "agency",
			 json_is_string(agency) ? json_string_value(agency) : "");
}

void page_admin_user_new(struct api_req *r)
{
	json_t *v = json_pack("{s:s}", "roles", "");
	user_show(r, 200, NULL, NULL, v, NULL, NULL);
	json_decref(v);
}

static const char *const user_oks[] = {"created", "saved", "disabled", "enabled", "password", NULL};

void page_admin_user(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *u = NULL;
	const char *ok = api_query(r, "ok"), *okv = NULL;
	if (account_user_get(r->ctx->store, r->params[0], &u, &eb) != ERR_OK) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		return;
	}
	for (size_t i = 0; ok && user_oks[i]; i++)
		if (!strcmp(ok, user_oks[i]))
			okv = user_oks[i];
	json_t *v = values_of(u);
	user_show(r, 200, r->params[0], u, v, NULL, okv);
	json_decref(v);
	json_decref(u);
}

/* The ticked roles of the form as a comma-separated list in buf. */
static const char *form_roles_list(json_t *form, char *buf, size_t sz)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < NFORM_ROLES; i++)
		if (webform_has(form, "roles", role_name(form_roles[i])))
			o += (size_t)snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", o ? "," : "",
					      role_name(form_roles[i]));
	return buf;
}

/* A weak password says which rule it broke. */
static void user_error(json_t *errors, int en, enum err e, const struct errbuf *eb, const char *username,
		       const char *password)
{
	if (!page_weak_password_error(errors, en, eb, username, password))
		page_adm_set_error(errors, en, e, eb);
}

void page_admin_user_create(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char aroles[160], roles[200];
	enum err e = ERR_OK;
	json_t *form = webform_parse(r->body, r->body_sz), *errors = json_object();
	const char *username = webform_get(form, "username"), *name = webform_get(form, "name");
	const char *password = webform_get(form, "password"), *agency = webform_get(form, "agency");
	form_roles_list(form, roles, sizeof(roles));
	json_t *values = json_pack("{s:s,s:s,s:s,s:s}", "username", username ? username : "", "name",
				   name ? name : "", "roles", roles, "agency", agency ? agency : "");
	if (!username)
		json_object_set_new(errors, "username", json_string(view_msg(en, "e_required")));
	if (!password)
		json_object_set_new(errors, "password", json_string(view_msg(en, "e_required")));
	if (!roles[0])
		json_object_set_new(errors, "roles", json_string(view_msg(en, "adm_e_roles_required")));
	if (!json_object_size(errors)) {
		api_actor(r, &who, aroles);
		e = account_user_add(r->ctx->store, &who, username, name, roles, agency, password, &eb);
		if (!e) {
			page_redirect(r, "/quan-tri/nguoi-dung/%s?ok=created", username);
			goto out;
		}
		user_error(errors, en, e, &eb, username, password);
	}
	user_show(r, e ? api_status_of(e) : 400, NULL, NULL, values, errors, NULL);
out:
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

void page_admin_user_save(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct actor who;
	char aroles[160], roles[200];
	struct account_change c = {NULL, NULL, 0, NULL, -1, NULL};
	json_t *form = webform_parse(r->body, r->body_sz), *errors = json_object();
	json_t *u = NULL, *values = NULL;
	const char *what = webform_get(form, "do"), *ok = "saved";
	const char *username = r->params[0];
	enum err e = ERR_OK;
	if (account_user_get(r->ctx->store, username, &u, &eb) != ERR_OK) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		goto out;
	}
	values = values_of(u);
	if (what && (!strcmp(what, "disable") || !strcmp(what, "enable"))) {
		c.disabled = !strcmp(what, "disable");
		ok = c.disabled ? "disabled" : "enabled";
	} else if (what && !strcmp(what, "password")) {
		c.password = webform_get(form, "password");
		ok = "password";
		if (!c.password)
			json_object_set_new(errors, "password", json_string(view_msg(en, "e_required")));
	} else {
		const char *name = webform_get(form, "name"), *agency = webform_get(form, "agency");
		c.name = name;
		c.roles = form_roles_list(form, roles, sizeof(roles));
		/* roles the form does not offer (system) are kept as stored */
		json_t *sr;
		size_t k;
		json_array_foreach(json_object_get(u, "roles"), k, sr) {
			const char *rn = json_string_value(sr);
			int offered = 0;
			for (size_t i = 0; rn && i < NFORM_ROLES; i++)
				offered |= !strcmp(rn, role_name(form_roles[i]));
			if (rn && !offered && roles[0] && strlen(roles) + strlen(rn) + 2 < sizeof(roles))
				snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), ",%s", rn);
		}
		c.set_agency = 1;
		c.agency = agency;
		json_object_set_new(values, "name", json_string(name ? name : ""));
		json_object_set_new(values, "roles", json_string(roles));
		json_object_set_new(values, "agency", json_string(agency ? agency : ""));
		if (!name)
			json_object_set_new(errors, "name", json_string(view_msg(en, "e_required")));
		if (!roles[0])
			json_object_set_new(errors, "roles", json_string(view_msg(en, "adm_e_roles_required")));
	}
	if (!json_object_size(errors)) {
		api_actor(r, &who, aroles);
		if (!(e = account_user_update(r->ctx->store, &who, username, &c, &eb))) {
			page_redirect(r, "/quan-tri/nguoi-dung/%s?ok=%s", username, ok);
			goto out;
		}
		user_error(errors, en, e, &eb, username, c.password);
	}
	user_show(r, e ? api_status_of(e) : 400, username, u, values, errors, NULL);
out:
	json_decref(form);
	json_decref(values);
	json_decref(errors);
	json_decref(u);
}
