/*
 * sync.c - GET /api/v1/sync/status: the outbox of messages the workers
 * deliver (notifications now; national portal sync later): queue depth,
 * failing messages, delivered messages.
 */
#include "api/handlers.h"
#include "store/store.h"

void api_sync_status(struct api_req *r)
{
	struct errbuf eb;
	struct stx *tx = NULL;
	int64_t pending = 0, failing = 0, done = 0;
	enum err e = store_begin(r->ctx->store, STORE_READ, &tx, &eb);
	if (!e)
		e = store_outbox_stats(tx, &pending, &failing, &done, &eb);
	store_rollback(tx);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:I,s:I,s:I}", "pending", (json_int_t)pending, "failing",
					 (json_int_t)failing, "delivered", (json_int_t)done));
}
