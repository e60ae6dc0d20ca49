/*
 * audit.c - the audit log for inspectors and administrators: rows about
 * one object (or all), and a check of the hash chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"

void api_audit_list(struct api_req *r)
{
	struct errbuf eb;
	json_t *rows = NULL;
	long limit, after;
	const char *object = api_query(r, "object");
	if (api_page_or_400(r, &limit, &after) < 0)
		return;
	if (object && (!*object || strlen(object) > 120)) {
		api_reply_error(r, 400, "invalid_input", "object", "object must be like procedure:CODE");
		return;
	}
	/* the cursor is the id of the last row seen */
	enum err e = audit_list(r->ctx->store, object, after, limit + 1, &rows, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	int more = json_array_size(rows) > (size_t)limit;
	if (more)
		json_array_remove(rows, (size_t)limit);
	json_int_t last = json_integer_value(json_object_get(json_array_get(rows, json_array_size(rows) - 1), "id"));
	char next[24];
	snprintf(next, sizeof(next), "%lld", (long long)last);
	api_reply_json(r, 200, json_pack("{s:o,s:o}", "items", rows, "next_cursor",
					 more ? json_string(next) : json_null()));
}

void api_audit_verify(struct api_req *r)
{
	struct errbuf eb;
	int64_t rows = 0, bad = 0;
	enum err e = audit_verify(r->ctx->store, &rows, &bad, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:b,s:I,s:o}", "intact", bad == 0, "rows", (json_int_t)rows,
					 "first_broken_row", bad ? json_integer(bad) : json_null()));
}
