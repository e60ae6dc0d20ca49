/*
 * effects.c - what each action does to a dossier's document: due times
 * from the working calendar (R-DL-3..7), pauses and restarts (R-DS-5,
 * R-DS-6), the one apology (R-DS-8), step runs with their timeliness
 * (R-DL-7), transfers between agencies (R-DS-11). Pure: the calendar and
 * the clock are passed in; dossier.c stores the result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/catalog/agency.h"
#include "domain/dossier/dossier_int.h"
#include "domain/jsonv.h"
#include "store/store.h"

json_t *ds_current_run(json_t *doc)
{
	json_t *steps = json_object_get(doc, "steps");
	size_t n = json_array_size(steps);
	json_t *last = n ? json_array_get(steps, n - 1) : NULL;
	return last && json_is_null(json_object_get(last, "finished_at")) ? last : NULL;
}

const char *ds_rule_set(int64_t t)
{
	/* 2025-07-01T00:00:00+07:00 */
	return t < 1751302800 ? "2018" : "2025";
}

enum err ds_notify(struct stx *tx, json_t *doc, const char *action, int64_t now, struct errbuf *eb)
{
	static const char *const notified[] = {"receive", "request_supplement", "apologize", "complete",
					       "refuse", "stop", "return_result"};
	int yes = 0;
	for (size_t i = 0; i < sizeof(notified) / sizeof(notified[0]); i++)
		yes |= !strcmp(notified[i], action);
	if (!yes)
		return ERR_OK;
	json_t *app = json_object_get(doc, "applicant");
	static const char *const channels[][2] = {{"phone", "notify.sms"}, {"email", "notify.email"}};
	for (int c = 0; c < 2; c++) {
		const char *to = ds_str(app, channels[c][0]);
		if (!to)
			continue;
		char key[160];
		snprintf(key, sizeof(key), "%s:%s:%lld:%s", ds_str(doc, "code"), action, (long long)now,
			 channels[c][0]);
		json_t *p = json_pack("{s:s,s:s,s:s,s:O?,s:O?,s:O?}", "to", to, "template", action, "code",
				      ds_str(doc, "code"), "status_name", json_object_get(doc, "status_name"),
				      "due_at", json_object_get(doc, "due_at"), "procedure",
				      json_object_get(json_object_get(doc, "procedure"), "name"));
		char *text = json_dumps(p, JSON_COMPACT);
		json_decref(p);
		enum err e = text ? store_outbox_add(tx, channels[c][1], key, text, now, eb)
				  : err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		free(text);
		if (e)
			return e;
	}
	return ERR_OK;
}

/* The time limit of the dossier: the online value when filed online and
 * the procedure has one (R-PR-2). Returns 0 when there is no limit. */
static int time_limit(json_t *doc, double *value, enum cal_unit *unit)
{
	json_t *tl = json_object_get(json_object_get(doc, "procedure"), "time_limit");
	const char *u = ds_str(tl, "unit");
	json_t *v = json_object_get(tl, "value"), *ov = json_object_get(tl, "online_value");
	if (!u || !strcmp(u, "none") || cal_unit_parse(u, unit, NULL) != ERR_OK)
		return 0;
	*value = json_number_value(v);
	if (json_integer_value(json_object_get(doc, "channel")) == 2 && json_is_number(ov))
		*value = json_number_value(ov);
	return 1;
}

static json_t *proc_step(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(json_object_get(doc, "procedure"), "steps"), i);
}

static size_t proc_nsteps(json_t *doc)
{
	return json_array_size(json_object_get(json_object_get(doc, "procedure"), "steps"));
}

/* Start a run of workflow step idx at `start`: its due time is the start
 * plus the step's working hours (R-DL-7). */
static enum err start_run(const struct calendar *cal, json_t *doc, size_t idx, int64_t start,
			  const char *handler, struct errbuf *eb)
{
	json_t *st = proc_step(doc, idx);
	int64_t due = 0;
	double hours = json_number_value(json_object_get(st, "hours"));
	enum err e = cal_add_working_seconds(cal, start, (int64_t)llround(hours * 3600), &due, eb);
	if (e)
		return e;
	json_t *run = json_pack("{s:I,s:O?,s:O?,s:O?,s:f,s:s?}", "index", (json_int_t)idx, "name",
				json_object_get(st, "name"), "role", json_object_get(st, "role"),
				"unit", json_object_get(st, "unit"), "hours", hours, "handler", handler);
	ds_set_time(run, "started_at", start);
	ds_set_time(run, "due_at", due);
	ds_set_time(run, "finished_at", 0);
	json_object_set_new(run, "timeliness", json_null());
	json_object_set_new(run, "result", json_null());
	json_array_append_new(json_object_get(doc, "steps"), run);
	return ERR_OK;
}

static void finish_run(json_t *run, int64_t now, const char *result)
{
	if (!run)
		return;
	ds_set_time(run, "finished_at", now);
	json_object_set_new(run, "timeliness",
			    json_string(cal_timeliness_name(cal_timeliness(ds_get_time(run, "due_at"), now))));
	json_object_set_new(run, "result", json_string(result));
}

static json_t *officer(const struct account_user *u)
{
	return json_pack("{s:s,s:s}", "username", u->username, "name", u->name);
}

/* A required reason (1..2000 bytes). */
static enum err reason_of(json_t *in, const char **reason, struct errbuf *eb)
{
	return jv_str(in, "", "reason", 1, 2000, reason, eb);
}

static enum err only(json_t *in, const char *const *keys, struct errbuf *eb)
{
	return jv_only(in, "", keys, eb);
}

enum err ds_effect_receive(const struct calendar *cal, json_t *doc, const struct account_user *u,
			   int64_t now, json_t **detail, struct errbuf *eb)
{
	double value;
	enum cal_unit unit;
	int64_t eff = now, due = 0;
	enum err e;
	*detail = NULL;
	if (time_limit(doc, &value, &unit) && (e = cal_due(cal, now, value, unit, &eff, &due, eb)))
		return e;
	ds_set_time(doc, "received_at", now);
	ds_set_time(doc, "effective_start", eff);
	ds_set_time(doc, "due_at", due);
	ds_set_time(doc, "original_due_at", due);
	json_object_set_new(doc, "rule_set", json_string(ds_rule_set(now)));
	json_object_set_new(doc, "receiver", officer(u));
	json_object_set_new(doc, "status", json_integer(DS_RECEIVED));
	if (proc_nsteps(doc) && (e = start_run(cal, doc, 0, eff, u->username, eb)))
		return e;
	*detail = json_pack("{s:O,s:O,s:O}", "received_at", json_object_get(doc, "received_at"),
			    "effective_start", json_object_get(doc, "effective_start"), "due_at",
			    json_object_get(doc, "due_at"));
	return ERR_OK;
}

/* The working-day length of cal in seconds. */
static int64_t day_secs(const struct calendar *cal)
{
	return (int64_t)cal_day_minutes(cal) * 60;
}

static enum err do_forward(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
			   int from, int *to, json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"note", "user", NULL};
	const char *note, *user;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_str(in, "", "note", 0, 2000, &note, eb)) ||
	    (e = jv_str(in, "", "user", 0, 63, &user, eb)))
		return e;
	json_t *cur = ds_current_run(doc);
	size_t n = proc_nsteps(doc);
	size_t next = cur ? (size_t)json_integer_value(json_object_get(cur, "index")) + 1 : 0;
	if (n == 0 && from == DS_RECEIVED) {
		*to = DS_PROCESSING;
		*detail = json_pack("{s:s?}", "note", note);
		return ERR_OK;
	}
	if (next >= n)
		return err_setc(eb, ERR_CONFLICT, "last_step", "action",
				"this is the last step of the workflow: use complete when the result is ready");
	finish_run(cur, now, "forwarded");
	if ((e = start_run(cal, doc, next, now, user, eb)))
		return e;
	*to = DS_PROCESSING;
	json_t *run = ds_current_run(doc);
	*detail = json_pack("{s:I,s:O?,s:O,s:s?,s:s?}", "step", (json_int_t)next, "step_name",
			    json_object_get(run, "name"), "step_due_at", json_object_get(run, "due_at"),
			    "user", user, "note", note);
	return ERR_OK;
}

static enum err do_return_step(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
			       json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"note", "reason", NULL};
	const char *note, *reason;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_str(in, "", "note", 0, 2000, &note, eb)) ||
	    (e = jv_str(in, "", "reason", 0, 2000, &reason, eb)))
		return e;
	json_t *cur = ds_current_run(doc);
	size_t idx = cur ? (size_t)json_integer_value(json_object_get(cur, "index")) : 0;
	if (!cur || idx == 0)
		return err_setc(eb, ERR_CONFLICT, "first_step", "action", "there is no earlier step to return to");
	finish_run(cur, now, "returned");
	if ((e = start_run(cal, doc, idx - 1, now, NULL, eb)))
		return e;
	*detail = json_pack("{s:I,s:s?}", "step", (json_int_t)(idx - 1), "reason", reason ? reason : note);
	return ERR_OK;
}

static enum err do_request_supplement(const struct calendar *cal, json_t *doc, json_t *in,
				      const struct account_user *u, int from, int64_t now,
				      json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"items", "reason", NULL};
	const char *reason;
	json_t *items;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_array(in, "", "items", 1, 50, &items, eb)) ||
	    (e = reason_of(in, &reason, eb)))
		return e;
	if (json_array_size(items) == 0)
		return err_set(eb, ERR_INVALID, "items",
			       "items must list every missing or incomplete paper (guide once, completely)");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) {
		if (!json_is_string(it) || json_string_length(it) == 0 || json_string_length(it) > 500) {
			char f[32];
			snprintf(f, sizeof(f), "items[%zu]", i);
			return err_set(eb, ERR_INVALID, f, "%s must be a non-empty text", f);
		}
	}
	if (from != DS_SUBMITTED) {
		/* R-DS-5: after appraisal, only within 3 working days of reception */
		int64_t received = ds_get_time(doc, "received_at"), worked = 0;
		if ((e = cal_working_seconds_between(cal, received, now, &worked, eb)))
			return e;
		if (worked > 3 * day_secs(cal)) {
			char r[32];
			vntime_format(received, r);
			return err_setc(eb, ERR_CONFLICT, "supplement_too_late", "action",
					"a supplement may be requested only within 3 working days of "
					"reception (R-DS-5); this dossier was received at %s",
					r);
		}
		json_t *cur = ds_current_run(doc);
		json_object_set_new(doc, "paused_step",
				    cur ? json_integer(json_integer_value(json_object_get(cur, "index"))) : json_null());
		finish_run(cur, now, "supplement_requested");
		ds_set_time(doc, "paused_at", now);
	}
	json_t *sup = json_pack("{s:O,s:s,s:o}", "items", items, "reason", reason, "officer", officer(u));
	ds_set_time(sup, "requested_at", now);
	ds_set_time(sup, "submitted_at", 0);
	json_array_append_new(json_object_get(doc, "supplements"), sup);
	*detail = json_pack("{s:O,s:s}", "items", items, "reason", reason);
	return ERR_OK;
}

static enum err do_submit_supplement(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
				     int *to, json_t **detail, struct errbuf *eb)
{
	/* "documents" is checked and applied by dossier_act() */
	static const char *const keys[] = {"note", "documents", NULL};
	const char *note;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	json_t *sups = json_object_get(doc, "supplements");
	json_t *last = json_array_get(sups, json_array_size(sups) - 1);
	if (last)
		ds_set_time(last, "submitted_at", now);
	if (!ds_get_time(doc, "received_at")) {
		/* before reception: back to the desk, which now receives it */
		*to = DS_SUBMITTED;
		*detail = json_pack("{s:s?}", "note", note);
		return ERR_OK;
	}
	/* R-DS-5: the time limit restarts from zero */
	double value;
	enum cal_unit unit;
	int64_t eff = now, due = 0;
	if (time_limit(doc, &value, &unit) && (e = cal_due(cal, now, value, unit, &eff, &due, eb)))
		return e;
	ds_set_time(doc, "effective_start", eff);
	ds_set_time(doc, "due_at", due);
	ds_set_time(doc, "paused_at", 0);
	json_object_set_new(doc, "alert", json_integer(0)); /* a new deadline: alert again */
	json_t *ps = json_object_get(doc, "paused_step");
	size_t idx = json_is_integer(ps) ? (size_t)json_integer_value(ps) : 0;
	if (proc_nsteps(doc) && (e = start_run(cal, doc, idx, eff, NULL, eb)))
		return e;
	json_object_del(doc, "paused_step");
	*to = idx == 0 ? DS_RECEIVED : DS_PROCESSING;
	*detail = json_pack("{s:O,s:O,s:s?}", "effective_start", json_object_get(doc, "effective_start"),
			    "due_at", json_object_get(doc, "due_at"), "note", note);
	return ERR_OK;
}

static enum err do_request_payment(json_t *doc, json_t *in, int from, int64_t now, json_t **detail,
				   struct errbuf *eb)
{
	static const char *const keys[] = {"amount", "note", NULL};
	const char *note;
	long long amount;
	enum err e;
	if ((e = only(in, keys, eb)) ||
	    (e = jv_int(in, "", "amount", 0, 0, 100000000000LL,
			json_integer_value(json_object_get(doc, "fees_total")), &amount, eb)) ||
	    (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	if (amount <= 0)
		return err_setc(eb, ERR_RULE, "nothing_to_pay", "amount",
				"the procedure has no fees; give the amount to request");
	ds_set_time(doc, "paused_at", now);
	json_object_set_new(doc, "paused_from", json_integer(from));
	json_t *req = json_pack("{s:I,s:s?}", "amount", (json_int_t)amount, "note", note);
	ds_set_time(req, "requested_at", now);
	json_object_set_new(doc, "payment_request", req);
	*detail = json_pack("{s:I}", "amount", (json_int_t)amount);
	return ERR_OK;
}

static enum err do_record_payment(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
				  int *to, json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"amount", "channel", "reference", NULL};
	static const char *const chans[] = {"desk", "bank_transfer", "gateway", "national_portal", NULL};
	const char *channel, *ref;
	long long amount;
	enum err e;
	json_t *req = json_object_get(doc, "payment_request");
	long long want = json_integer_value(json_object_get(req, "amount"));
	if ((e = only(in, keys, eb)) ||
	    (e = jv_int(in, "", "amount", 0, 0, 100000000000LL, want, &amount, eb)) ||
	    (e = jv_enum(in, "", "channel", 0, chans, &channel, eb)) ||
	    (e = jv_str(in, "", "reference", 0, 100, &ref, eb)))
		return e;
	if (amount != want)
		return err_setc(eb, ERR_RULE, "wrong_amount", "amount",
				"%lld VND was requested, not %lld", want, amount);
	/* R-DS-6: the due time moves later by the paused working time */
	int64_t paused = ds_get_time(doc, "paused_at"), worked = 0, due = ds_get_time(doc, "due_at");
	if ((e = cal_working_seconds_between(cal, paused, now, &worked, eb)))
		return e;
	if (due && (e = cal_add_working_seconds(cal, due, worked, &due, eb)))
		return e;
	ds_set_time(doc, "due_at", due);
	json_object_set_new(doc, "alert", json_integer(0));
	json_t *cur = ds_current_run(doc);
	int64_t sdue = cur ? ds_get_time(cur, "due_at") : 0;
	if (sdue && !cal_add_working_seconds(cal, sdue, worked, &sdue, NULL))
		ds_set_time(cur, "due_at", sdue);
	json_t *pay = json_pack("{s:I,s:s,s:s?}", "amount", (json_int_t)amount, "channel",
				channel ? channel : "desk", "reference", ref);
	ds_set_time(pay, "at", now);
	json_array_append_new(json_object_get(doc, "payments"), pay);
	*to = (int)json_integer_value(json_object_get(doc, "paused_from"));
	if (*to != DS_RECEIVED && *to != DS_PROCESSING)
		*to = DS_PROCESSING;
	ds_set_time(doc, "paused_at", 0);
	json_object_del(doc, "paused_from");
	json_object_del(doc, "payment_request");
	*detail = json_pack("{s:I,s:I,s:O}", "amount", (json_int_t)amount, "paused_working_seconds",
			    (json_int_t)worked, "due_at", json_object_get(doc, "due_at"));
	return ERR_OK;
}

static enum err do_apologize(const struct calendar *cal, json_t *doc, json_t *in,
			     const struct account_user *u, int64_t now, json_t **detail,
			     struct errbuf *eb)
{
	static const char *const keys[] = {"reason", "new_due_at", NULL};
	const char *reason, *nd;
	int64_t new_due = 0, left = 0, due = ds_get_time(doc, "due_at");
	enum err e;
	if (!json_is_null(json_object_get(doc, "apology")) && json_object_get(doc, "apology"))
		return err_setc(eb, ERR_CONFLICT, "already_apologized", "action",
				"the return time can be reset only once (R-DS-8); this dossier was "
				"already apologised for");
	if ((e = only(in, keys, eb)) || (e = reason_of(in, &reason, eb)) ||
	    (e = jv_str(in, "", "new_due_at", 1, 40, &nd, eb)))
		return e;
	if (vntime_parse(nd, &new_due) < 0)
		return err_set(eb, ERR_INVALID, "new_due_at", "new_due_at must be a time like 2025-02-10T17:00");
	if (!due)
		return err_setc(eb, ERR_CONFLICT, "no_due_time", "action", "this dossier has no due time");
	if (new_due <= due)
		return err_setc(eb, ERR_RULE, "new_due_not_later", "new_due_at",
				"new_due_at must be later than the current due time");
	if ((e = cal_working_seconds_between(cal, now, due, &left, eb)))
		return e;
	if (now >= due || left < day_secs(cal)) {
		char d[32];
		vntime_format(due, d);
		return err_setc(eb, ERR_CONFLICT, "apology_too_late", "action",
				"the apology must be issued at least 1 working day before the due time "
				"(R-DS-8); the due time is %s",
				d);
	}
	json_t *ap = json_pack("{s:s,s:O,s:o}", "reason", reason, "previous_due_at",
			       json_object_get(doc, "due_at"), "officer", officer(u));
	ds_set_time(ap, "at", now);
	ds_set_time(ap, "new_due_at", new_due);
	json_object_set_new(doc, "apology", ap);
	ds_set_time(doc, "due_at", new_due);
	json_object_set_new(doc, "alert", json_integer(0));
	*detail = json_pack("{s:s,s:O}", "reason", reason, "new_due_at", json_object_get(doc, "due_at"));
	return ERR_OK;
}

static enum err do_complete(json_t *doc, json_t *in, int64_t now, json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"result_documents", "note", NULL};
	json_t *rd;
	const char *note;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_array(in, "", "result_documents", 0, 20, &rd, eb)) ||
	    (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	int needs = json_is_true(json_object_get(json_object_get(doc, "procedure"), "needs_result"));
	if (needs && json_array_size(rd) == 0)
		return err_setc(eb, ERR_RULE, "result_required", "result_documents",
				"this procedure issues a result document: list it in result_documents");
	json_t *list = json_array(), *it;
	size_t i;
	json_array_foreach(rd, i, it) {
		const char *name = json_is_string(it) ? json_string_value(it) : ds_str(it, "name");
		if (!name || !*name || strlen(name) > 500) {
			json_decref(list);
			char f[40];
			snprintf(f, sizeof(f), "result_documents[%zu]", i);
			return err_set(eb, ERR_INVALID, f, "%s must be a name or {\"name\", \"electronic\"}", f);
		}
		const char *fid = json_is_object(it) ? ds_str(it, "file_id") : NULL;
		if (fid && strlen(fid) > 40) {
			json_decref(list);
			return err_set(eb, ERR_INVALID, "result_documents", "file_id is not a file id");
		}
		json_array_append_new(list, json_pack("{s:s,s:b,s:s?}", "name", name, "electronic",
						      fid || (json_is_object(it) && json_is_true(json_object_get(it, "electronic"))),
						      "file_id", fid));
	}
	json_object_set_new(doc, "result_documents", list);
	finish_run(ds_current_run(doc), now, "completed");
	ds_set_time(doc, "finished_at", now);
	json_object_set_new(doc, "timeliness",
			    json_string(cal_timeliness_name(cal_timeliness(ds_get_time(doc, "due_at"), now))));
	*detail = json_pack("{s:O,s:O}", "timeliness", json_object_get(doc, "timeliness"),
			    "result_documents", json_object_get(doc, "result_documents"));
	return ERR_OK;
}

/* refuse, withdraw, stop: closing with a reason. */
static enum err do_close(json_t *doc, json_t *in, const struct account_user *u, const char *field,
			 int64_t now, json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"reason", NULL};
	const char *reason;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = reason_of(in, &reason, eb)))
		return e;
	json_t *c = json_pack("{s:s,s:o}", "reason", reason, "by", officer(u));
	ds_set_time(c, "at", now);
	json_object_set_new(doc, field, c);
	finish_run(ds_current_run(doc), now, field);
	ds_set_time(doc, "finished_at", now);
	ds_set_time(doc, "paused_at", 0);
	*detail = json_pack("{s:s}", "reason", reason);
	return ERR_OK;
}

static enum err do_return_result(json_t *doc, json_t *in, int64_t now, json_t **detail,
				 struct errbuf *eb)
{
	static const char *const keys[] = {"method", "note", NULL};
	static const char *const methods[] = {"in_person", "post", "online", NULL};
	const char *method, *note;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_enum(in, "", "method", 1, methods, &method, eb)) ||
	    (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	ds_set_time(doc, "returned_at", now);
	json_object_set_new(doc, "return_method", json_string(method));
	*detail = json_pack("{s:s}", "method", method);
	return ERR_OK;
}

static enum err do_assign(json_t *doc, json_t *in, json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"user", "note", NULL};
	const char *user, *note;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_str(in, "", "user", 1, 63, &user, eb)) ||
	    (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	json_t *cur = ds_current_run(doc);
	if (!cur)
		return err_setc(eb, ERR_CONFLICT, "no_current_step", "action", "no step is in progress");
	json_object_set_new(cur, "handler", json_string(user));
	*detail = json_pack("{s:s,s:O?}", "user", user, "step", json_object_get(cur, "name"));
	return ERR_OK;
}

/* Send the transfer at index i now: its due time from its working days. */
static enum err send_transfer(const struct calendar *cal, json_t *t, int64_t now, struct errbuf *eb)
{
	ds_set_time(t, "sent_at", now);
	json_t *days = json_object_get(t, "days");
	if (json_is_number(days)) {
		int64_t eff, due;
		enum err e = cal_due(cal, now, json_number_value(days), CAL_UNIT_WORKING_DAYS, &eff, &due, eb);
		if (e)
			return e;
		ds_set_time(t, "due_at", due);
	}
	return ERR_OK;
}

static enum err do_transfer(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
			    json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"agencies", "mode", "lead", "note", NULL};
	static const char *const modes[] = {"sequential", "parallel", NULL};
	json_t *ags, *it, *trs = json_object_get(doc, "transfers");
	const char *mode, *lead, *note;
	size_t i;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_array(in, "", "agencies", 1, 20, &ags, eb)) ||
	    (e = jv_enum(in, "", "mode", 1, modes, &mode, eb)) ||
	    (e = jv_str(in, "", "lead", 0, 35, &lead, eb)) || (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	json_array_foreach(trs, i, it)
		if (json_is_null(json_object_get(it, "returned_at")))
			return err_setc(eb, ERR_CONFLICT, "transfer_open", "action",
					"a transfer to %s is still open", ds_str(it, "to"));
	if (json_array_size(ags) == 0)
		return err_set(eb, ERR_INVALID, "agencies", "agencies must name at least one agency");
	int lead_found = lead == NULL;
	json_t *added = json_array();
	json_array_foreach(ags, i, it) {
		char f[40];
		const char *code = json_is_string(it) ? json_string_value(it) : ds_str(it, "code");
		json_t *days = json_is_object(it) ? json_object_get(it, "days") : NULL;
		snprintf(f, sizeof(f), "agencies[%zu]", i);
		if (!code || !agency_code_valid(code)) {
			json_decref(added);
			return err_setc(eb, ERR_INVALID, "invalid_agency_code", f,
					"%s must be an agency code or {\"code\", \"days\"}", f);
		}
		if (days && (!json_is_number(days) || json_number_value(days) <= 0 ||
			     json_number_value(days) > 365)) {
			json_decref(added);
			return err_set(eb, ERR_INVALID, f, "%s.days must be a number of working days", f);
		}
		lead_found |= lead && !strcmp(lead, code);
		json_t *t = json_pack("{s:s,s:s,s:b,s:O?,s:s?}", "to", code, "from",
				      ds_str(doc, "agency"), "lead", lead && !strcmp(lead, code), "days",
				      days, "note", note);
		ds_set_time(t, "sent_at", 0);
		ds_set_time(t, "due_at", 0);
		ds_set_time(t, "returned_at", 0);
		json_object_set_new(t, "result", json_null());
		json_object_set_new(t, "mode", json_string(mode));
		if ((!strcmp(mode, "parallel") || i == 0) && (e = send_transfer(cal, t, now, eb))) {
			json_decref(t);
			json_decref(added);
			return e;
		}
		json_array_append_new(added, t);
	}
	if (!lead_found) {
		json_decref(added);
		return err_set(eb, ERR_INVALID, "lead", "lead must be one of the agencies");
	}
	json_array_extend(trs, added);
	*detail = json_pack("{s:s,s:o}", "mode", mode, "agencies", added);
	return ERR_OK;
}

static enum err do_transfer_return(const struct calendar *cal, json_t *doc, json_t *in, int64_t now,
				   json_t **detail, struct errbuf *eb)
{
	static const char *const keys[] = {"agency", "note", NULL};
	const char *agency, *note;
	json_t *trs = json_object_get(doc, "transfers"), *t, *hit = NULL;
	size_t i, hit_i = 0;
	enum err e;
	if ((e = only(in, keys, eb)) || (e = jv_str(in, "", "agency", 1, 35, &agency, eb)) ||
	    (e = jv_str(in, "", "note", 0, 2000, &note, eb)))
		return e;
	json_array_foreach(trs, i, t)
		if (!strcmp(ds_str(t, "to"), agency) && !json_is_null(json_object_get(t, "sent_at")) &&
		    json_is_null(json_object_get(t, "returned_at"))) {
			hit = t;
			hit_i = i;
		}
	if (!hit)
		return err_setc(eb, ERR_CONFLICT, "no_open_transfer", "agency",
				"no open transfer to %s", agency);
	ds_set_time(hit, "returned_at", now);
	int64_t due = ds_get_time(hit, "due_at");
	json_object_set_new(hit, "result",
			    json_string(due ? cal_timeliness_name(cal_timeliness(due, now)) : "on_time"));
	if (note)
		json_object_set_new(hit, "return_note", json_string(note));
	/* sequential: the next agency gets it now */
	json_t *next = json_array_get(trs, hit_i + 1);
	if (next && !strcmp(ds_str(next, "mode"), "sequential") &&
	    json_is_null(json_object_get(next, "sent_at")) && (e = send_transfer(cal, next, now, eb)))
		return e;
	*detail = json_pack("{s:s,s:O}", "agency", agency, "result", json_object_get(hit, "result"));
	return ERR_OK;
}

enum err ds_effect(enum ds_action a, const struct calendar *cal, json_t *doc, json_t *in,
		   const struct account_user *u, int from, int64_t now, int *to, json_t **detail,
		   struct errbuf *eb)
{
	static const char *const no_keys[] = {"note", NULL};
	*detail = NULL;
	switch (a) {
	case DA_RECEIVE: {
		char missing[400];
		enum err e = only(in, no_keys, eb);
		if (e)
			return e;
		if (ds_missing_required(doc, missing, sizeof(missing)))
			return err_setc(eb, ERR_RULE, "missing_documents", "documents",
					"required documents missing: %s - request a supplement (Form 02) "
					"listing them instead of receiving",
					missing);
		return ds_effect_receive(cal, doc, u, now, detail, eb);
	}
	case DA_FORWARD:
		return do_forward(cal, doc, in, now, from, to, detail, eb);
	case DA_RETURN_STEP:
		return do_return_step(cal, doc, in, now, detail, eb);
	case DA_ASSIGN:
		return do_assign(doc, in, detail, eb);
	case DA_REQUEST_SUPPLEMENT:
		return do_request_supplement(cal, doc, in, u, from, now, detail, eb);
	case DA_SUBMIT_SUPPLEMENT:
		return do_submit_supplement(cal, doc, in, now, to, detail, eb);
	case DA_REQUEST_PAYMENT:
		return do_request_payment(doc, in, from, now, detail, eb);
	case DA_RECORD_PAYMENT:
		return do_record_payment(cal, doc, in, now, to, detail, eb);
	case DA_APOLOGIZE:
		return do_apologize(cal, doc, in, u, now, detail, eb);
	case DA_COMPLETE:
		return do_complete(doc, in, now, detail, eb);
	case DA_RETURN_RESULT:
		return do_return_result(doc, in, now, detail, eb);
	case DA_REFUSE:
		return do_close(doc, in, u, "refusal", now, detail, eb);
	case DA_WITHDRAW:
		return do_close(doc, in, u, "withdrawal", now, detail, eb);
	case DA_STOP:
		return do_close(doc, in, u, "stop", now, detail, eb);
	case DA_TRANSFER:
		return do_transfer(cal, doc, in, now, detail, eb);
	case DA_TRANSFER_RETURN:
		return do_transfer_return(cal, doc, in, now, detail, eb);
	case DA__MAX:
		break;
	}
	return err_set(eb, ERR_INTERNAL, NULL, "unknown action");
}
