/*
 * pages_admin.c - the working calendar of a year as people read it (a
 * grid per month, days off and make-up working Saturdays marked, the list
 * with their names), the administrator's edit of it (add or remove a
 * national day off: workcal_put_year(), audited, due times follow at
 * once, R-DL-8), the administrator's index and the list of the
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
#include "domain/catalog/catalog.h"
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

static void calendar_show(struct api_req *r, int status, int year, json_t *errors, json_t *values,
			  const char *ok)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *sched = NULL, *it;
	char today[16], buf[64];
	size_t i;
	if (workcal_year_json(r->ctx->store, year, NULL, &sched, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		return;
	}
	vntime_format_date(api_now(r), today);
	json_t *model = json_pack("{s:i,s:i,s:i,s:o,s:o}", "year", year, "prev", year - 1, "next", year + 1,
				  "err", errors ? json_incref(errors) : json_object(), "val",
				  values ? json_incref(values) : json_object());
	json_object_set_new(model, "months", months_model(en, year, sched, today));
	json_array_foreach(json_object_get(sched, "days_off"), i, it) {
		view_date(json_string_value(json_object_get(it, "date")), buf, sizeof(buf));
		json_object_set_new(it, "date_text", json_string(buf));
		const char *k = view_msg_opt(en, "daykind_", json_string_value(json_object_get(it, "kind")));
		json_object_set_new(it, "kind_text", json_string(k ? k : ""));
	}
	json_array_foreach(json_object_get(sched, "make_up_workdays"), i, it) {
		view_date(json_string_value(json_object_get(it, "date")), buf, sizeof(buf));
		json_object_set_new(it, "date_text", json_string(buf));
	}
	const char *src = json_string_value(json_object_get(sched, "source"));
	json_object_set_new(model, "source_text", json_string(view_msg(en, src && !strcmp(src, "computed")
									   ? "cal_source_computed"
									   : "cal_source_official")));
	json_t *kinds = json_array();
	const char *sel = json_string_value(json_object_get(values, "kind"));
	for (i = 0; day_kinds[i]; i++)
		json_array_append_new(kinds, json_pack("{s:s,s:s?,s:b}", "value", day_kinds[i], "label",
						       view_msg_opt(en, "daykind_", day_kinds[i]), "selected",
						       sel ? !strcmp(sel, day_kinds[i]) : i == 0));
	json_object_set_new(model, "kinds", kinds);
	json_object_set_new(model, "can_edit", json_boolean(r->user && perm_allowed(r->user->roles, PERM_CALENDAR_ADMIN)));
	if (ok) {
		const char *m = view_msg_opt(en, "ok_cal_", ok);
		if (m)
			json_object_set_new(model, "flash", json_string(m));
	}
	snprintf(buf, sizeof(buf), "/lich-lam-viec?year=%d", year);
	json_object_set_new(model, "self_url", json_string(buf));
	json_object_set_new(model, "cal", sched);
	snprintf(buf, sizeof(buf), "%s %d", view_msg(en, "cal_title"), year);
	page_render(r, status, "calendar", buf, model);
}

void page_calendar(struct api_req *r)
{
	const char *ok = api_query(r, "ok");
	if (ok && strcmp(ok, "added") && strcmp(ok, "removed"))
		ok = NULL;
	calendar_show(r, 200, year_param(r, api_query(r, "year")), NULL, NULL, ok);
}

/* Store the national schedule of year with days_off changed. */
static enum err put_days_off(struct api_req *r, int year, json_t *sched, struct errbuf *eb)
{
	struct actor who;
	char roles[160];
	json_t *out = NULL;
	json_object_del(sched, "agency");
	json_object_del(sched, "source");
	api_actor(r, &who, roles);
	enum err e = workcal_put_year(r->ctx->store, &who, year, NULL, sched, &out, eb);
	json_decref(out);
	return e;
}

void page_calendar_add(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *sched = NULL;
	const char *typed = webform_get(form, "date"), *name = webform_get(form, "name");
	char iso[24];
	/* a browser without a date picker sends what was typed: 24/11/2026 */
	const char *date = typed && view_parse_when(typed, iso, sizeof(iso)) == 0 && strlen(iso) == 10 ? iso
															: typed;
	const char *kind = webform_get(form, "kind");
	int y = 0, m, d, year = year_param(r, webform_get(form, "year"));
	if (date)
		json_object_set_new(values, "date", json_string(date));
	if (name)
		json_object_set_new(values, "name", json_string(name));
	if (kind)
		json_object_set_new(values, "kind", json_string(kind));
	if (!date || vntime_parse_date(date, &y, &m, &d) != 0 || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		json_object_set_new(errors, "date", json_string(view_msg(en, date ? "e_date" : "e_required")));
	else
		year = y;
	if (!name)
		json_object_set_new(errors, "name", json_string(view_msg(en, "e_required")));
	else if (strlen(name) > 200)
		json_object_set_new(errors, "name", json_string(view_msg(en, "e_too_long")));
	int kind_ok = 0;
	for (size_t i = 0; kind && day_kinds[i]; i++)
		kind_ok |= !strcmp(kind, day_kinds[i]);
	if (!kind_ok)
		json_object_set_new(errors, "kind", json_string(view_msg(en, "e_required")));
	if (!json_object_size(errors) && workcal_year_json(r->ctx->store, year, NULL, &sched, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		goto out;
	}
	if (!json_object_size(errors) && find_date(json_object_get(sched, "days_off"), date))
		json_object_set_new(errors, "date", json_string(view_msg(en, "e_day_off_exists")));
	if (!json_object_size(errors)) {
		json_array_append_new(json_object_get(sched, "days_off"),
				      json_pack("{s:s,s:s,s:s}", "date", date, "kind", kind, "name", name));
		enum err e = put_days_off(r, year, sched, &eb);
		if (e) {
			if (!eb.field[0] || strncmp(eb.field, "days_off", 8))
				eb.field[0] = '\0';
			else
				snprintf(eb.field, sizeof(eb.field), "date");
			page_set_error(errors, en, e, &eb);
		}
	}
	if (json_object_size(errors)) {
		calendar_show(r, 400, year, errors, values, NULL);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d&ok=added#ngay-nghi", year);
out:
	json_decref(sched);
	json_decref(form);
	json_decref(values);
	json_decref(errors);
}

void page_calendar_remove(struct api_req *r)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *form = webform_parse(r->body, r->body_sz), *sched = NULL;
	const char *date = webform_get(form, "date");
	int y, m, d;
	size_t i;
	json_t *it;
	if (!date || vntime_parse_date(date, &y, &m, &d) != 0 || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
		page_error(r, 400, view_msg(en, "e_date"));
		goto out;
	}
	if (workcal_year_json(r->ctx->store, y, NULL, &sched, &eb) != ERR_OK) {
		page_error(r, 500, view_msg(en, "error_title"));
		goto out;
	}
	json_t *off = json_object_get(sched, "days_off");
	json_t *hit = find_date(off, date);
	json_array_foreach(off, i, it)
		if (it == hit) {
			json_array_remove(off, i);
			break;
		}
	enum err e = put_days_off(r, y, sched, &eb);
	if (e) {
		json_t *errors = json_object();
		eb.field[0] = '\0';
		page_set_error(errors, en, e, &eb);
		calendar_show(r, api_status_of(e), y, errors, NULL, NULL);
		json_decref(errors);
		goto out;
	}
	page_redirect(r, "/lich-lam-viec?year=%d&ok=removed#ngay-nghi", y);
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
