/*
 * recompute.c - R-DL-8: when the working calendar changes (a day off
 * added or removed), the due times of open dossiers are recomputed from
 * their history: the time limit counted again from the effective start
 * under the new calendar, plus the working time each payment pause took
 * (as recorded when it ended). A dossier whose return time was reset by
 * an apology keeps that time (it was promised to the applicant). Each
 * change is an event and an audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier_int.h"
#include "domain/workcal/workcal.h"
#include "store/store.h"

struct codes {
	char (*v)[64];
	size_t n, cap;
	const char *agency;
};

static int collect_code(void *arg, const char *text)
{
	struct codes *c = arg;
	json_t *d = json_loads(text, 0, NULL);
	if (!d)
		return 0;
	const char *code = ds_str(d, "code"), *ag = ds_str(d, "agency");
	if (code && ag && (!c->agency || !strcmp(c->agency, ag))) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 64;
			char(*v)[64] = realloc(c->v, cap * sizeof(*v));
			if (!v) {
				json_decref(d);
				return 1;
			}
			c->v = v;
			c->cap = cap;
		}
		snprintf(c->v[c->n++], 64, "%s", code);
	}
	json_decref(d);
	return 0;
}

struct pause_sum {
	int64_t secs;
};

static int sum_pauses(void *arg, const struct store_dossier_event *ev)
{
	struct pause_sum *p = arg;
	if (strcmp(ev->action, "record_payment"))
		return 0;
	json_t *d = json_loads(ev->detail, 0, NULL);
	p->secs += json_integer_value(json_object_get(d, "paused_working_seconds"));
	json_decref(d);
	return 0;
}

/* The new due time of one dossier under cal; 0 = leave it. */
static int64_t new_due(const struct calendar *cal, struct stx *tx, json_t *doc)
{
	json_t *ap = json_object_get(doc, "apology");
	if (ap && !json_is_null(ap))
		return 0;
	json_t *tl = json_object_get(json_object_get(doc, "procedure"), "time_limit");
	const char *u = ds_str(tl, "unit");
	enum cal_unit unit;
	if (!u || cal_unit_parse(u, &unit, NULL) != ERR_OK)
		return 0;
	double value = json_number_value(json_object_get(tl, "value"));
	json_t *ov = json_object_get(tl, "online_value");
	if (json_integer_value(json_object_get(doc, "channel")) == 2 && json_is_number(ov))
		value = json_number_value(ov);
	int64_t start = ds_get_time(doc, "effective_start"), eff, due;
	if (!start || cal_due(cal, start, value, unit, &eff, &due, NULL) != ERR_OK)
		return 0;
	struct pause_sum p = {0};
	store_dossier_events(tx, ds_str(doc, "code"), sum_pauses, &p, NULL);
	if (p.secs && cal_add_working_seconds(cal, due, p.secs, &due, NULL) != ERR_OK)
		return 0;
	return due;
}

enum err dossier_recompute_due(struct store *st, const struct actor *who, const char *agency,
			       int64_t now, int *changed, struct errbuf *eb)
{
	struct store_dossier_query q = {0};
	struct codes c = {NULL, 0, 0, agency};
	struct stx *tx = NULL;
	enum err e;
	*changed = 0;
	q.status_mask = DS_RUNNING | DS_BIT(DS_SUPPLEMENT) | DS_BIT(DS_PAYMENT);
	q.limit = 1000000;
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_dossier_list(tx, &q, collect_code, &c, eb);
	store_rollback(tx);
	for (size_t i = 0; !e && i < c.n; i++) {
		struct store_dossier_row row = {0};
		const struct calendar *cal;
		struct workcal_ref *ref;
		json_t *doc = NULL;
		if ((e = store_begin(st, STORE_READ, &tx, eb)))
			break;
		e = store_dossier_get(tx, c.v[i], &row, eb);
		store_rollback(tx);
		if (e)
			break;
		e = workcal_get(st, row.agency, &cal, &ref, eb);
		store_dossier_row_release(&row);
		if (e)
			break;
		if ((e = store_begin(st, STORE_WRITE, &tx, eb))) {
			workcal_put(ref);
			break;
		}
		if (!(e = store_dossier_get(tx, c.v[i], &row, eb)) && (doc = json_loads(row.doc, 0, NULL))) {
			int64_t old = ds_get_time(doc, "due_at"), due = new_due(cal, tx, doc);
			if (due && due != old && (DS_OPEN & DS_BIT(row.status))) {
				char was[32], now_due[32];
				vntime_format(old, was);
				vntime_format(due, now_due);
				ds_set_time(doc, "due_at", due);
				json_object_set_new(doc, "alert", json_integer(0));
				json_t *detail = json_pack("{s:s,s:s}", "previous_due_at", was, "due_at", now_due);
				char *dt = json_dumps(detail, JSON_COMPACT);
				char object[80];
				snprintf(object, sizeof(object), "dossier:%s", c.v[i]);
				e = dt ? ds_save(tx, doc, 0, row.citizen_user, now, eb) : ERR_INTERNAL;
				if (!e)
					e = store_dossier_event_add(tx, c.v[i], now, "recompute_due", row.status,
								    row.status, "system", dt, eb);
				if (!e)
					e = audit_record(tx, who, "dossier.recompute_due", object, NULL, detail, eb);
				free(dt);
				json_decref(detail);
				if (!e)
					(*changed)++;
			}
		}
		json_decref(doc);
		store_dossier_row_release(&row);
		workcal_put(ref);
		if (e)
			store_rollback(tx);
		else
			e = store_commit(tx, eb);
	}
	free(c.v);
	return e;
}
