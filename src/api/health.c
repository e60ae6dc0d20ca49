/*
 * health.c - GET /healthz: is the process up and can it read its store.
 */
#include "api/handlers.h"
#include "store/store.h"

void api_health(struct api_req *r)
{
	struct stx *tx = NULL;
	struct errbuf eb;
	enum err e = store_begin(r->ctx->store, STORE_READ, &tx, &eb);
	if (!e)
		e = store_ping(tx, &eb);
	store_rollback(tx);
	const char *db = store_backend(r->ctx->store);
	if (e) {
		r->retry_after = 5;
		api_reply_json(r, 503, json_pack("{s:s,s:s,s:s}", "status", "unavailable", "version",
						 r->ctx->version, "db", db));
		return;
	}
	api_reply_json(r, 200, json_pack("{s:s,s:s,s:s}", "status", "ok", "version", r->ctx->version,
					 "db", db));
}
