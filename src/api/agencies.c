/*
 * agencies.c - the JSON face of agencies (R-AG): GET list (a tree, or
 * ?flat=true), GET one, admin POST and PATCH.
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/catalog/agency.h"
#include "domain/catalog/catalog.h"

/* 400 when a {code} in the path is not an agency code at all: a client
 * error of a different kind from "no such agency". */
static int code_or_400(struct api_req *r, const char *code)
{
	if (!agency_code_valid(code)) {
		api_reply_error(r, 400, "invalid_agency_code", "code",
				"'%.60s' is not an agency code like 000.00.12.H50", code);
		return -1;
	}
	return 0;
}

void api_agency_list(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	const char *flat = api_query(r, "flat");
	if (flat && strcmp(flat, "true") && strcmp(flat, "false")) {
		api_reply_error(r, 400, "invalid_input", "flat", "flat must be true or false");
		return;
	}
	enum err e = catalog_agency_list(r->ctx->store, flat && !strcmp(flat, "true"), &out, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:o}", "items", out));
}

void api_agency_get(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	if (code_or_400(r, r->params[0]) < 0)
		return;
	enum err e = catalog_agency_get(r->ctx->store, r->params[0], &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_agency_create(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	api_actor(r, &who, roles);
	json_t *out = NULL, *in = api_body_json_or_400(r);
	if (!in)
		return;
	enum err e = catalog_agency_save(r->ctx->store, &who, in, NULL, &out, &eb);
	json_decref(in);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	snprintf(r->location, sizeof(r->location), "/api/v1/agencies/%s",
		 json_string_value(json_object_get(out, "code")));
	api_reply_json(r, 201, out);
}

void api_agency_update(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	api_actor(r, &who, roles);
	json_t *out = NULL, *in;
	if (code_or_400(r, r->params[0]) < 0 || !(in = api_body_json_or_400(r)))
		return;
	enum err e = catalog_agency_save(r->ctx->store, &who, in, r->params[0], &out, &eb);
	json_decref(in);
	if (e == ERR_NOTFOUND && !eb.code[0])
		err_setc(&eb, ERR_NOTFOUND, "agency_not_found", "code", "agency %s not found", r->params[0]);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}
