/*
 * procedures.c - the JSON face of the procedure catalogue (R-PR): search,
 * one procedure (optionally ?version=N), its history, and the admin
 * create / new version / import.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/catalog/procedure.h"

static int code_or_400(struct api_req *r, const char *code)
{
	if (!procedure_code_valid(code)) {
		api_reply_error(r, 400, "invalid_procedure_code", "code",
				"'%.60s' is not a procedure code like 1.004616.000.00.00.H50", code);
		return -1;
	}
	return 0;
}

void api_procedure_search(struct api_req *r)
{
	struct errbuf eb;
	struct catalog_search s = {0};
	char *items = NULL;
	int more = 0;
	if (api_page_or_400(r, &s.limit, &s.offset) < 0)
		return;
	s.q = api_query(r, "q");
	s.agency = api_query(r, "agency");
	s.field = api_query(r, "field");
	s.online = api_query(r, "online");
	if (s.online && strcmp(s.online, "full") && strcmp(s.online, "partial") && strcmp(s.online, "none")) {
		api_reply_error(r, 400, "invalid_input", "online", "online must be full, partial or none");
		return;
	}
	if (s.agency && !*s.agency)
		s.agency = NULL;
	if (s.field && !*s.field)
		s.field = NULL;
	long total = 0;
	s.total = &total;
	enum err e = catalog_procedure_search(r->ctx->store, &s, &items, &more, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_page_text(r, items, s.offset, s.limit, more);
	/* the number of matches over all pages, after next_cursor */
	if (r->out.len > 0 && r->out.p[r->out.len - 1] == '}') {
		r->out.len--;
		buf_addf(&r->out, ",\"total\":%ld}", total);
	}
	free(items);
}

void api_procedure_get(struct api_req *r)
{
	struct errbuf eb;
	long version = 0;
	const char *v = api_query(r, "version");
	if (code_or_400(r, r->params[0]) < 0)
		return;
	if (v) {
		char *end;
		errno = 0;
		version = strtol(v, &end, 10);
		if (errno || end == v || *end || version < 1 || version > 100000) {
			api_reply_error(r, 400, "invalid_input", "version", "version must be a whole number from 1");
			return;
		}
	}
	char *text = NULL;
	enum err e = catalog_procedure_get_text(r->ctx->store, r->params[0], (int)version, &text, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json_text(r, 200, text, strlen(text));
	free(text);
}

void api_procedure_history(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	if (code_or_400(r, r->params[0]) < 0)
		return;
	enum err e = catalog_procedure_history(r->ctx->store, r->params[0], &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

static void save(struct api_req *r, enum catalog_mode mode, const char *path_code)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	api_actor(r, &who, roles);
	json_t *out = NULL, *in = api_body_json_or_400(r);
	if (!in)
		return;
	enum err e = catalog_procedure_save(r->ctx->store, &who, in, mode, path_code, &out, &eb);
	json_decref(in);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	snprintf(r->location, sizeof(r->location), "/api/v1/procedures/%s",
		 json_string_value(json_object_get(out, "code")));
	api_reply_json(r, mode == CATALOG_CREATE ? 201 : 200, out);
}

void api_procedure_create(struct api_req *r)
{
	save(r, CATALOG_CREATE, NULL);
}

void api_procedure_update(struct api_req *r)
{
	if (code_or_400(r, r->params[0]) < 0)
		return;
	save(r, CATALOG_NEW_VERSION, r->params[0]);
}

void api_procedure_import(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	api_actor(r, &who, roles);
	int added = 0, unchanged = 0;
	json_t *in = api_body_json_or_400(r);
	if (!in)
		return;
	enum err e = catalog_procedure_import(r->ctx->store, &who, in, &added, &unchanged, &eb);
	json_decref(in);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:i,s:i}", "imported", added, "unchanged", unchanged));
}
