/*
 * pages_admin.c - the working calendar of a year as people read it (a
 * grid per month, days off and make-up working Saturdays marked, the list
 * with their names), national or of one agency (the national days plus
 * its own), the administrator's edit of it (add or remove a national day
 * off or make-up working day, or an agency's own local day off:
 * workcal_put_year() as the API's PUT, audited, and the open dossiers'
 * due times follow at once, R-DL-8), the administrator's index and the list of the
 * catalogue. Editing procedures is in pages_admin_procedures.c, agencies
 * in pages_admin_agencies.c, accounts in pages_admin_users.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "domain/catalog/agency.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier.h"
#include "domain/workcal/workcal.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

static const char *const day_kinds[] = {"holiday", "compensatory", "swapped", "local", NULL};

/* ?year=, else this year (Vietnam time). */
static int year_param(struct api_req *r, const char *s)
{
	char today[16];
	int y, m, d;
	if (s) {
		char *end;
		errno = 0;
		long v = strtol(s, &end, 10);
		if (!errno && end != s && !*end && v >= CAL_YEAR_MIN && v <= CAL_YEAR_MAX)
			return (int)v;
	}
	vntime_format_date(api_now(r), today);
	return vntime_parse_date(today, &y, &m, &d) == 0 ? y : 2025;
}

/* Look a date up in an array of {date, ...}. */
static json_t *find_date(json_t *arr, const char *date)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
		if (json_is_string(json_object_get(it, "date")) &&
		    !strcmp(json_string_value(json_object_get(it, "date")), date))
			return it;
	return NULL;
}

/* Twelve month grids, Monday first. */
static json_t *months_model(int en, int year, json_t *sched, const char *today)
{
	json_t *months = json_array();
	json_t *off = json_object_get(sched, "days_off"), *work = json_object_get(sched, "make_up_workdays");
	for (int m = 1; m <= 12; m++) {
		char key[24];
		int64_t first = vntime_days_from_civil(year, m, 1);
		int wd = (int)(((first + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
		int ndays = 28;
		while (ndays < 31 && vntime_date_valid(year, m, ndays + 1))
			ndays++;
		json_t *weeks = json_array(), *week = json_array();
		for (int k = 0; k < wd; k++)
			json_array_append_new(week, json_pack("{s:b}", "blank", 1));
		for (int d = 1; d <= ndays; d++) {
			char date[40];
			snprintf(date, sizeof(date), "%04d-%02d-%02d", year, m, d);
			int dow = (wd + d - 1) % 7;
			json_t *o = find_date(off, date), *w = find_date(work, date);
			json_t *cell = json_pack("{s:i,s:s,s:b,s:b,s:b,s:b}", "d", d, "date", date, "weekend",
						 dow >= 5 && !w, "off", o != NULL, "makeup", w != NULL, "today",
						 today && !strcmp(today, date));
			/* every cell has a name, so {{name}} never reaches the month's */
			json_t *nm = o || w ? json_object_get(o ? o : w, "name") : NULL;
			json_object_set_new(cell, "name", json_is_string(nm) ? json_incref(nm) : json_string(""));
			json_array_append_new(week, cell);
			if (dow == 6) {
				json_array_append_new(weeks, week);
				week = json_array();
			}
		}
		if (json_array_size(week)) {
			while (json_array_size(week) < 7)
				json_array_append_new(week, json_pack("{s:b}", "blank", 1));
			json_array_append_new(weeks, week);
		} else {
			json_decref(week);
		}
		snprintf(key, sizeof(key), "month_%d", m);
		json_array_append_new(months, json_pack("{s:s,s:o}", "name", view_msg(en, key), "weeks", weeks));
	}
	return months;
}

/* The agency of a calendar view or form: NULL for the national one. */
static const char *agency_arg(const char *s)
{
	return s && *s ? s : NULL;
}

/* "&agency=CODE" for the links and redirects of an agency's view, else "".
 * Only a well-formed code reaches a URL (it has no character to escape). */
static const char *agency_q(const char *agency, char *buf, size_t sz)
{
	if (!agency || !agency_code_valid(agency))
		return "";
	snprintf(buf, sz, "&agency=%s", agency);
	return buf;
}

/* A date from a form: a browser without a date picker sends what was
 * typed (24/11/2026), which becomes ISO in iso; else the text as sent. */
static const char *form_date(const char *typed, char iso[24])
{
	return typed && view_parse_when(typed, iso, 24) == 0 && strlen(iso) == 10 ? iso : typed;
}

/* The year of an ISO date within the calendar's years, else 0. */
static int date_year(const char *date)
{
	int y = 0, m, d;
	if (!date || vntime_parse_date(date, &y, &m, &d) != 0 || y < CAL_YEAR_MIN ||
	    y > CAL_YEAR_MAX)
		return 0;
	return y;
}

/* Remove the entry of date from arr; 1 when there was one. */
static int drop_date(json_t *arr, const char *date)
{
	size_t i;
	json_t *it, *hit = find_date(arr, date);
	json_array_foreach(arr, i, it) {
		if (it == hit) {
			json_array_remove(arr, i);
			return 1;
		}
	}
	return 0;
}

/* The name of agency in the page's language ("" when unknown). */
static json_t *agency_name(struct api_req *r, int en, const char *agency)
{
	struct errbuf eb;
	json_t *a = NULL, *out;
	if (catalog_agency_get(r->ctx->store, agency, &a, &eb) != ERR_OK)
		return json_string("");
	json_t *nm = json_object_get(a, en ? "name_en" : "name");
	if (!json_is_string(nm))
		nm = json_object_get(a, "name");
	out = json_is_string(nm) ? json_incref(nm) : json_string("");
	json_decref(a);
	return out;
}

static void calendar_show(struct api_req *r, int status, int year, const char *agency,
			  json_t *errors, json_t *values, const char *ok)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *sched = NULL, *own = NULL, *it;
	char today[16], buf[64], aq[40];
	size_t i;
	enum err e = agency && !agency_code_valid(agency)
			 ? ERR_NOTFOUND
			 : workcal_year_json(r->ctx->store, year, agency, &sched, &eb);
	if (!e && agency)
		e = workcal_own_year_json(r->ctx->store, year, agency, &own, &eb);
	if (e) {
		json_decref(sched);
		if (e == ERR_NOTFOUND)
			page_error(r, 404, view_msg(en, "cal2_e_agency_unknown"));
		else
			page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	int can_edit = r->user && perm_allowed(r->user->roles, PERM_CALENDAR_ADMIN);
	vntime_format_date(api_now(r), today);
	json_t *model = json_pack("{s:i,s:i,s:i,s:o,s:o}", "year", year, "prev", year - 1, "next",
				  year + 1, "err", errors ? json_incref(errors) : json_object(),
				  "val", values ? json_incref(values) : json_object());
	json_object_set_new(model, "months", months_model(en, year, sched, today));
	json_t *national = agency ? json_string(view_msg(en, "cal2_scope_national")) : NULL;
	json_array_foreach(json_object_get(sched, "days_off"), i, it) {
		const char *date = json_string_value(json_object_get(it, "date"));
		view_date(date, buf, sizeof(buf));
		json_object_set_new(it, "date_text", json_string(buf));
		const char *k =
		    view_msg_opt(en, "daykind_", json_string_value(json_object_get(it, "kind")));
		json_object_set_new(it, "kind_text", json_string(k ? k : ""));
		/* an agency's view removes only the agency's own days: the
		 * national ones belong to the national schedule */
		int mine = !agency || (date && find_date(json_object_get(own, "days_off"), date));
		json_object_set_new(it, "removable", json_boolean(can_edit && mine));
		if (agency)
			json_object_set_new(it, "scope_text",
					    mine ? json_string(view_msg(en, "cal2_scope_own"))
						 : json_incref(national));
	}
	json_array_foreach(json_object_get(sched, "make_up_workdays"), i, it) {
		view_date(json_string_value(json_object_get(it, "date")), buf, sizeof(buf));
		json_object_set_new(it, "date_text", json_string(buf));
		json_object_set_new(it, "removable", json_boolean(can_edit && !agency));
	}
	json_decref(national);
	const char *src = json_string_value(json_object_get(sched, "source"));
	json_object_set_new(
	    model, "source_text",
	    json_string(view_msg(en, src && !strcmp(src, "computed") ? "cal_source_computed"
								     : "cal_source_official")));
	json_t *kinds = json_array();
	const char *sel = json_string_value(json_object_get(values, "kind"));
	for (i = 0; day_kinds[i]; i++)
		json_array_append_new(
		    kinds, json_pack("{s:s,s:s?,s:b}", "value", day_kinds[i], "label",
				     view_msg_opt(en, "daykind_", day_kinds[i]), "selected",
				     sel ? !strcmp(sel, day_kinds[i]) : i == 0));
	json_object_set_new(model, "kinds", kinds);
	json_object_set_new(model, "can_edit", json_boolean(can_edit));
	json_object_set_new(model, "national", json_boolean(!agency));
	json_object_set_new(
	    model, "has_makeup",
	    json_boolean(json_array_size(json_object_get(sched, "make_up_workdays")) > 0));
	json_t *opts = page_agency_options(r, en, agency, NULL);
	json_object_set_new(model, "agencies", opts ? opts : json_array());
	json_object_set_new(model, "q_agency", json_string(agency_q(agency, aq, sizeof(aq))));
	if (agency) {
		json_object_set_new(model, "agency", json_string(agency));
		json_object_set_new(model, "agency_name", agency_name(r, en, agency));
	}
	if (ok) {
		const char *m = view_msg_opt(en, "ok_cal_", ok);
		if (!m)
			m = view_msg_opt(en, "cal2_ok_", ok);
		if (m)
			json_object_set_new(model, "flash", json_string(m));
	}
	snprintf(buf, sizeof(buf), "/lich-lam-viec?year=%d%s", year,
		 agency_q(agency, aq, sizeof(aq)));
	json_object_set_new(model, "self_url", json_string(buf));
	json_object_set_new(model, "cal", sched);
	json_decref(own);
	snprintf(buf, sizeof(buf), "%s %d", view_msg(en, "cal_title"), year);
	page_render(r, status, "calendar", buf, model);
}

void page_calendar(struct api_req *r)
{
	static const char *const oks[] = {"added", "removed", "mu_added", "mu_removed", NULL};
	const char *ok = api_query(r, "ok"), *shown = NULL;
	for (size_t i = 0; ok && oks[i]; i++)
		if (!strcmp(ok, oks[i]))
			shown = oks[i];
	calendar_show(r, 200, year_param(r, api_query(r, "year")),
		      agency_arg(api_query(r, "agency")), NULL, NULL, shown);
}

/*
 * Store the schedule of year - the national one (agency NULL; sched is its
 * effective schedule) or agency's own days (sched as
 * workcal_own_year_json() gave it) - through workcal_put_year(), as PUT
 * /api/v1/calendar/{year}[?agency=] does, and like it move the due times
 * of the open dossiers that follow that calendar (R-DL-8).
 */
static enum err put_schedule(struct api_req *r, int year, const char *agency, json_t *sched,
			     struct errbuf *eb)
{
	struct actor who;
	char roles[160];
	json_t *out = NULL;
	int changed = 0;
	json_object_del(sched, "agency");
	json_object_del(sched, "source");
	api_actor(r, &who, roles);
	enum err e = workcal_put_year(r->ctx->store, &who, year, agency, sched, &out, eb);
	json_decref(out);
	if (!e)
		e = dossier_recompute_due(r->ctx->store, &who, agency, api_now(r), &changed, eb);
	return e;
}

/* The schedule a form changes: the effective national one, or the
 * agency's own days. */
static enum err schedule_to_change(struct api_req *r, int year, const char *agency, json_t **sched,
				   struct errbuf *eb)
{
	return agency ? workcal_own_year_json(r->ctx->store, year, agency, sched, eb)
		      : workcal_year_json(r->ctx->store, year, NULL, sched, eb);
}

/*
 * Put a refusal of the domain next to the field of the form it is about.
 * mu: the make-up day form (fields mu_date, mu_name, the rest mu_form),
 * else the day-off form (date, name, the rest _form). A make-up day on a
 * day off is refused by cal_schedule_check() on the make-up day's date
 * whichever of the two was added, so its message depends on the form.
 */
static void cal_set_error(json_t *errors, int en, int mu, enum err e, struct errbuf *eb)
{
	char key[64];
	const char *f = eb->field, *m = NULL, *leaf = strrchr(f, '.');
	int workday = !strncmp(f, "make_up_workdays", 16), off = !strncmp(f, "days_off", 8);
	if (eb->code[0] && (workday || off)) {
		snprintf(key, sizeof(key), "cal2_e_%s_%s", mu ? "mu" : "off", eb->code);
		m = view_msg_opt(en, "", key);
	}
	if (m) {
		json_object_set_new(errors, mu ? "mu_date" : "date", json_string(m));
		return;
	}
	if ((mu && workday) || (!mu && off))
		snprintf(eb->field, sizeof(eb->field), "%s%s", mu ? "mu_" : "",
			 leaf && !strcmp(leaf, ".name") ? "name" : "date");
	else
		snprintf(eb->field, sizeof(eb->field), "%s", mu ? "mu_form" : "");
	page_set_error(errors, en, e, eb);
}

/* Check the date and name fields of a calendar form into values and
 * errors (under prefix + "date" / "name"); returns the ISO date. */
static const char *check_date_name(json_t *form, int en, const char *prefix, char iso[24],
				   json_t *values, json_t *errors)
{
	char key[16];
	const char *date = form_date(webform_get(form, "date"), iso),
		   *name = webform_get(form, "name");
	snprintf(key, sizeof(key), "%sdate", prefix);
	if (date)
		json_object_set_new(values, key, json_string(date));
	if (!date_year(date))
		json_object_set_new(errors, key,
				    json_string(view_msg(en, date ? "e_date" : "e_required")));
	snprintf(key, sizeof(key), "%sname", prefix);
	if (name)
		json_object_set_new(values, key, json_string(name));
	if (!name)
		json_object_set_new(errors, key, json_string(view_msg(en, "e_required")));
	else if (strlen(name) > 200)
		json_object_set_new(errors, key, json_string(view_msg(en, "e_too_long")));
	return date;
}

void page_calendar_add(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *sched = NULL, *shown = NULL;
	char iso[24], aq[40];
	const char *agency = agency_arg(webform_get(form, "agency"));
	const char *date = check_date_name(form, en, "", iso, values, errors);
	const char *name = webform_get(form, "name");
	/* an agency adds only its own days, of kind "local" */
	const char *kind = agency ? "local" : webform_get(form, "kind");
	int year = date_year(date) ? date_year(date) : year_param(r, webform_get(form, "year"));
	if (kind)
		json_object_set_new(values, "kind", json_string(kind));
	int kind_ok = 0;
	for (size_t i = 0; kind && day_kinds[i]; i++)
		kind_ok |= !strcmp(kind, day_kinds[i]);
	if (!kind_ok)
		json_object_set_new(errors, "kind", json_string(view_msg(en, "e_required")));
	if (!json_object_size(errors)) {
		/* the day may be off already in the calendar shown (for an
		 * agency: a national day or its own) */
		enum err e = workcal_year_json(r->ctx->store, year, agency, &shown, &eb);
		if (!e)
			e = schedule_to_change(r, year, agency, &sched, &eb);
		if (e) {
			page_error(r, e == ERR_NOTFOUND ? 404 : 500,
				   view_msg(en, e == ERR_NOTFOUND ? "cal2_e_agency_unknown"
								  : "error_title"));
			goto out;
		}
		if (find_date(json_object_get(shown, "days_off"), date))
			json_object_set_new(errors, "date",
					    json_string(view_msg(en, "e_day_off_exists")));
	}
	if (!json_object_size(errors)) {
		json_array_append_new(
		    json_object_get(sched, "days_off"),
		    json_pack("{s:s,s:s,s:s}", "date", date, "kind", kind, "name", name));
		enum err e = put_schedule(r, year, agency, sched, &eb);
		if (e)
			cal_set_error(errors, en, 0, e, &eb);
	}
	if (json_object_size(errors)) {
		calendar_show(r, 400, year, agency, errors, values, NULL);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d%s&ok=added#ngay-nghi", year,
		      agency_q(agency, aq, sizeof(aq)));
out:
	json_decref(shown);
	json_decref(sched);
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

void page_calendar_remove(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz), *sched = NULL, *errors = json_object();
	const char *date = webform_get(form, "date"),
		   *agency = agency_arg(webform_get(form, "agency"));
	char aq[40];
	int y = date_year(date);
	if (!y) {
		page_error(r, 400, view_msg(en, "e_date"));
		goto out;
	}
	enum err e = schedule_to_change(r, y, agency, &sched, &eb);
	if (e) {
		page_error(
		    r, e == ERR_NOTFOUND ? 404 : 500,
		    view_msg(en, e == ERR_NOTFOUND ? "cal2_e_agency_unknown" : "error_title"));
		goto out;
	}
	if (!drop_date(json_object_get(sched, "days_off"), date) && agency) {
		/* a national day seen in an agency's view */
		json_object_set_new(errors, "_form", json_string(view_msg(en, "cal2_e_not_own")));
		calendar_show(r, 409, y, agency, errors, NULL, NULL);
		goto out;
	}
	if ((e = put_schedule(r, y, agency, sched, &eb))) {
		eb.field[0] = '\0';
		page_set_error(errors, en, e, &eb);
		calendar_show(r, api_status_of(e), y, agency, errors, NULL, NULL);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d%s&ok=removed#ngay-nghi", y,
		      agency_q(agency, aq, sizeof(aq)));
out:
	json_decref(errors);
	json_decref(sched);
	json_decref(form);
}

void page_calendar_makeup_add(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *sched = NULL;
	char iso[24];
	const char *date = check_date_name(form, en, "mu_", iso, values, errors);
	const char *name = webform_get(form, "name");
	int year = date_year(date) ? date_year(date) : year_param(r, webform_get(form, "year"));
	/* whether the day is off, a weekday or listed already, the domain
	 * says (cal_schedule_check()) */
	if (!json_object_size(errors)) {
		if (workcal_year_json(r->ctx->store, year, NULL, &sched, &eb) != ERR_OK) {
			page_error(r, 500, view_msg(en, "error_title"));
			goto out;
		}
		json_array_append_new(json_object_get(sched, "make_up_workdays"),
				      json_pack("{s:s,s:s}", "date", date, "name", name));
		enum err e = put_schedule(r, year, NULL, sched, &eb);
		if (e)
			cal_set_error(errors, en, 1, e, &eb);
	}
	if (json_object_size(errors)) {
		calendar_show(r, 400, year, NULL, errors, values, NULL);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d&ok=mu_added#lam-bu", year);
out:
	json_decref(sched);
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

void page_calendar_makeup_remove(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz), *sched = NULL;
	const char *date = webform_get(form, "date");
	int y = date_year(date);
	if (!y) {
		page_error(r, 400, view_msg(en, "e_date"));
		goto out;
	}
	if (workcal_year_json(r->ctx->store, y, NULL, &sched, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		goto out;
	}
	drop_date(json_object_get(sched, "make_up_workdays"), date);
	enum err e = put_schedule(r, y, NULL, sched, &eb);
	if (e) {
		json_t *errors = json_object();
		snprintf(eb.field, sizeof(eb.field), "mu_form");
		page_set_error(errors, en, e, &eb);
		calendar_show(r, api_status_of(e), y, NULL, errors, NULL, NULL);
		json_decref(errors);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d&ok=mu_removed#lam-bu", y);
out:
	json_decref(sched);
	json_decref(form);
}

void page_calendar_back(struct api_req *r)
{
	page_redirect(r, "/lich-lam-viec");
}

void page_admin(struct api_req *r)
{
	int en = page_en(r);
	page_render(r, 200, "admin", view_msg(en, "admin_title"), json_object());
}

void page_admin_procedures(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	struct catalog_search s = {0};
	char *text = NULL, buf[96];
	int more = 0;
	json_t *items = NULL, *it;
	size_t i;
	s.limit = 500;
	if (catalog_procedure_search(r->ctx->store, &s, &text, &more, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	items = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	if (!items)
		items = json_array();
	json_array_foreach(items, i, it) {
		page_time_text(en, json_object_get(it, "time_limit"), 0, buf, sizeof(buf));
		json_object_set_new(it, "time_text", json_string(buf));
		const char *ol = view_msg_opt(en, "online_", json_string_value(json_object_get(it, "online")));
		json_object_set_new(it, "online_text", json_string(ol ? ol : ""));
		const char *st = view_msg_opt(en, "proc_status_", json_string_value(json_object_get(it, "status")));
		json_object_set_new(it, "status_text", json_string(st ? st : ""));
		if (en && json_is_string(json_object_get(it, "name_en")))
			json_object_set(it, "name", json_object_get(it, "name_en"));
	}
	view_decorate(items, en);
	page_render(r, 200, "admin_procedures", view_msg(en, "admin_procedures"),
		    json_pack("{s:o,s:I}", "items", items, "count", (json_int_t)json_array_size(items)));
}
