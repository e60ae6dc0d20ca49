/*
 * alerts.c - deadline alerts (R-DS-8: "the system warns the responsible
 * officers before this point"): dossiers in progress that enter "due
 * soon" (within 2 working days) or become overdue get an event in their
 * history and a notification in the outbox for the handler of the
 * current step and the unit's leaders, once per level.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/dossier/dossier_int.h"
#include "domain/workcal/workcal.h"
#include "store/store.h"

struct alert {
	char code[64], handler[64], role[32];
	int64_t due_at;
	int level;
};

struct alert_list {
	struct alert v[200];
	int n;
	int64_t now;
};

static int collect(void *arg, const struct store_alert_row *r)
{
	struct alert_list *l = arg;
	if (l->n >= 200)
		return 1;
	struct alert *a = &l->v[l->n++];
	snprintf(a->code, sizeof(a->code), "%s", r->code);
	snprintf(a->handler, sizeof(a->handler), "%s", r->handler ? r->handler : "");
	snprintf(a->role, sizeof(a->role), "%s", r->step_role ? r->step_role : "");
	a->due_at = r->due_at;
	a->level = r->due_at < l->now ? 2 : 1;
	return 0;
}

enum err dossier_alerts_run(struct store *st, int64_t now, int *sent, struct errbuf *eb)
{
	const struct calendar *cal;
	struct workcal_ref *ref;
	struct stx *tx = NULL;
	int64_t soon = 0;
	enum err e;
	struct alert_list *l = calloc(1, sizeof(*l));
	*sent = 0;
	if (!l)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	l->now = now;
	if ((e = workcal_get(st, NULL, &cal, &ref, eb)))
		goto out;
	e = cal_add_working_seconds(cal, now, 2 * (int64_t)cal_day_minutes(cal) * 60, &soon, eb);
	workcal_put(ref);
	if (e || (e = store_begin(st, STORE_READ, &tx, eb)))
		goto out;
	e = store_dossier_alerts(tx, now, soon, 200, collect, l, eb);
	store_rollback(tx);
	if (e)
		goto out;
	for (int i = 0; i < l->n; i++) {
		struct alert *a = &l->v[i];
		const char *what = a->level == 2 ? "alert_overdue" : "alert_due_soon";
		char due[32], key[160], *payload = NULL;
		vntime_format(a->due_at, due);
		json_t *p = json_pack("{s:s,s:s,s:s,s:s,s:s}", "code", a->code, "alert", what, "due_at", due,
				      "handler", a->handler, "step_role", a->role);
		payload = json_dumps(p, JSON_COMPACT);
		json_t *detail = json_pack("{s:s,s:s}", "due_at", due, "notify", a->handler[0] ? a->handler : "unit leaders");
		char *dtext = json_dumps(detail, JSON_COMPACT);
		json_decref(p);
		json_decref(detail);
		snprintf(key, sizeof(key), "%s:%s", a->code, what);
		if (!payload || !dtext) {
			free(payload);
			free(dtext);
			e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
			goto out;
		}
		/* each dossier in its own short transaction: one bad row does not
		 * hold back the others */
		if (!(e = store_begin(st, STORE_WRITE, &tx, eb))) {
			struct store_dossier_row row;
			if ((e = store_dossier_get(tx, a->code, &row, eb)) == ERR_OK) {
				/* another server may have alerted it since we looked */
				json_t *d = json_loads(row.doc, 0, NULL);
				int done = (int)json_integer_value(json_object_get(d, "alert")) >= a->level ||
					   !(DS_RUNNING & DS_BIT(row.status));
				json_decref(d);
				if (done) {
					store_dossier_row_release(&row);
					store_rollback(tx);
					free(payload);
					free(dtext);
					continue;
				}
				e = store_dossier_set_alert(tx, a->code, a->level, eb);
				if (!e)
					e = store_dossier_event_add(tx, a->code, now, what, row.status, row.status,
								    "system", dtext, eb);
				if (!e)
					e = store_outbox_add(tx, "notify.officer", key, payload, now, eb);
				store_dossier_row_release(&row);
			}
			if (e)
				store_rollback(tx);
			else if (!(e = store_commit(tx, eb)))
				(*sent)++;
		}
		free(payload);
		free(dtext);
		if (e)
			goto out;
	}
out:
	free(l);
	return e;
}
