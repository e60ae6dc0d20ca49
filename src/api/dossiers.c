/*
 * dossiers.c - the JSON face of dossiers (API.md "Dossiers", "Public
 * lookup"): intake, queues, one dossier, actions, the public lookup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/machine.h"

static int code_ok(const char *code)
{
	size_t n = strlen(code);
	if (n < 20 || n > 60)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((code[i] >= '0' && code[i] <= '9') || (code[i] >= 'A' && code[i] <= 'Z') ||
		      code[i] == '.' || code[i] == '-'))
			return 0;
	return 1;
}

static int code_or_404(struct api_req *r)
{
	if (!code_ok(r->params[0])) {
		api_reply_error(r, 404, "dossier_not_found", "code", "no dossier has the code '%.60s'",
				r->params[0]);
		return -1;
	}
	return 0;
}

void api_dossier_create(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *out = NULL, *in = api_body_json_or_400(r);
	if (!in)
		return;
	api_actor(r, &who, roles);
	enum err e = dossier_create(r->ctx->store, r->user, &who, in, api_now(r), &out, &eb);
	json_decref(in);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	snprintf(r->location, sizeof(r->location), "/api/v1/dossiers/%s",
		 json_string_value(json_object_get(out, "code")));
	api_reply_json(r, 201, out);
}

void api_dossier_action(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *out = NULL, *in = NULL;
	if (code_or_404(r) < 0)
		return;
	if (r->body_sz && !(in = api_body_json_or_400(r)))
		return;
	api_actor(r, &who, roles);
	enum err e = dossier_act(r->ctx->store, r->user, &who, r->params[0], r->params[1], in,
				 api_now(r), &out, &eb);
	json_decref(in);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_dossier_get(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	if (code_or_404(r) < 0)
		return;
	enum err e = dossier_get(r->ctx->store, r->user, r->params[0], &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

/* ?status=2,4 into a bit mask; -1 (answered) on bad input. */
static int status_mask_or_400(struct api_req *r, unsigned *mask)
{
	const char *s = api_query(r, "status");
	*mask = 0;
	if (!s || !*s)
		return 0;
	while (*s) {
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (errno || end == s || v < 1 || v > 10 || (*end && *end != ',')) {
			api_reply_error(r, 400, "invalid_input", "status",
					"status must be numbers from 1 to 10, separated by commas");
			return -1;
		}
		*mask |= 1u << v;
		s = *end ? end + 1 : end;
	}
	return 0;
}

void api_dossier_list(struct api_req *r)
{
	struct errbuf eb;
	struct dossier_filter f = {0};
	const char *queue = api_query(r, "queue"), *db = api_query(r, "due_before"),
		   *overdue = api_query(r, "overdue");
	json_t *items = NULL;
	int more = 0;
	if (api_page_or_400(r, &f.limit, &f.offset) < 0 || status_mask_or_400(r, &f.status_mask) < 0)
		return;
	if (queue && dossier_queue_parse(queue, &f.queue)) {
		api_reply_error(r, 400, "invalid_input", "queue",
				"queue must be all, mine, reception, due_today, due_soon, overdue or paused");
		return;
	}
	if (overdue && strcmp(overdue, "true") && strcmp(overdue, "false")) {
		api_reply_error(r, 400, "invalid_input", "overdue", "overdue must be true or false");
		return;
	}
	if (overdue && !strcmp(overdue, "true"))
		f.queue = DQ_OVERDUE;
	if (db && vntime_parse(db, &f.due_before) < 0) {
		api_reply_error(r, 400, "invalid_input", "due_before", "due_before must be a time like 2025-02-10T17:00");
		return;
	}
	f.procedure = api_query(r, "procedure");
	f.q = api_query(r, "q");
	enum err e = dossier_list(r->ctx->store, r->user, &f, api_now(r), &items, &more, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, api_page(items, f.offset, f.limit, more));
}

void api_dossier_counts(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	enum err e = dossier_counts(r->ctx->store, r->user, api_now(r), &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_lookup(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	if (code_or_404(r) < 0)
		return;
	enum err e = dossier_lookup(r->ctx->store, r->params[0], api_query(r, "id_number"), &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}
