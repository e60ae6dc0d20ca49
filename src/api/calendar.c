/*
 * calendar.c - the JSON face of the working calendar (R-DL): a year's
 * days off, due-time computation, lunar dates, and the admin edit.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/calendar/calendar.h"
#include "domain/calendar/lunar.h"
#include "domain/dossier/dossier.h"
#include "domain/workcal/workcal.h"

/* The {year} path part: digits only, 1900..2100, else 400. */
static int year_or_400(struct api_req *r, int *year)
{
	const char *s = r->params[0];
	char *end;
	errno = 0;
	long y = strtol(s, &end, 10);
	if (errno || end == s || *end || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
		api_reply_error(r, 400, "invalid_input", "year", "year must be a number from %d to %d",
				CAL_YEAR_MIN, CAL_YEAR_MAX);
		return -1;
	}
	*year = (int)y;
	return 0;
}

static const char *agency_param(struct api_req *r)
{
	const char *a = api_query(r, "agency");
	return a && *a ? a : NULL;
}

void api_calendar_year(struct api_req *r)
{
	struct errbuf eb;
	json_t *out = NULL;
	int year;
	if (year_or_400(r, &year) < 0)
		return;
	enum err e = workcal_year_json(r->ctx->store, year, agency_param(r), &out, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_calendar_put(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *out = NULL, *in;
	int year;
	if (year_or_400(r, &year) < 0 || !(in = api_body_json_or_400(r)))
		return;
	api_actor(r, &who, roles);
	enum err e = workcal_put_year(r->ctx->store, &who, year, agency_param(r), in, &out, &eb);
	json_decref(in);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	/* R-DL-8: open dossiers follow the new calendar */
	int changed = 0;
	if ((e = dossier_recompute_due(r->ctx->store, &who, agency_param(r), api_now(r), &changed, &eb))) {
		json_decref(out);
		api_reply_err(r, e, &eb);
		return;
	}
	json_object_set_new(out, "dossiers_recomputed", json_integer(changed));
	api_reply_json(r, 200, out);
}

void api_calendar_due(struct api_req *r)
{
	struct errbuf eb;
	const char *start = api_query(r, "start"), *dur = api_query(r, "duration"),
		   *unit = api_query(r, "unit");
	int64_t t, eff, due;
	enum cal_unit u;
	double n = 0;
	const struct calendar *cal;
	struct workcal_ref *ref;
	enum err e;
	if (!start || !*start) {
		api_reply_error(r, 400, "missing_field", "start", "start is required (e.g. 2025-01-27T09:00)");
		return;
	}
	if ((e = cal_parse_time(start, &t, "start", &eb)) || !unit || (e = cal_unit_parse(unit, &u, &eb))) {
		if (!e)
			api_reply_error(r, 400, "missing_field", "unit",
					"unit is required: working_days, days, hours, months or same_day");
		else
			api_reply_err(r, e, &eb);
		return;
	}
	if (u != CAL_UNIT_SAME_DAY || dur) {
		char *end;
		if (!dur || !*dur) {
			api_reply_error(r, 400, "missing_field", "duration", "duration is required");
			return;
		}
		errno = 0;
		n = strtod(dur, &end);
		if (errno || end == dur || *end || !isfinite(n) || n < 0) {
			api_reply_error(r, 400, "invalid_input", "duration",
					"duration must be a number of at least 0 (0.5 = half a working day)");
			return;
		}
	}
	if ((e = workcal_get(r->ctx->store, agency_param(r), &cal, &ref, &eb))) {
		api_reply_err(r, e, &eb);
		return;
	}
	e = cal_due(cal, t, n, u, &eff, &due, &eb);
	workcal_put(ref);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	char s1[32], s2[32], s3[32];
	cal_format_time(t, s1, sizeof(s1));
	cal_format_time(eff, s2, sizeof(s2));
	cal_format_time(due, s3, sizeof(s3));
	const char *ag = agency_param(r);
	api_reply_json(r, 200,
		       json_pack("{s:s,s:s,s:s,s:f,s:s,s:o}", "start", s1, "effective_start", s2, "due",
				 s3, "duration", n, "unit", cal_unit_name(u), "agency",
				 ag ? json_string(ag) : json_null()));
}

void api_calendar_lunar(struct api_req *r)
{
	struct errbuf eb;
	struct lunar_date ld;
	int y, m, d;
	enum err e = cal_parse_date(r->params[0], &y, &m, &d, "date", &eb);
	if (!e && (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX))
		e = err_set(&eb, ERR_INVALID, "date", "date must be in the years %d to %d", CAL_YEAR_MIN,
			    CAL_YEAR_MAX);
	if (!e)
		e = lunar_from_solar(y, m, d, &ld, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_json(r, 200, json_pack("{s:i,s:i,s:i,s:b,s:s}", "day", ld.day, "month", ld.month,
					 "year", ld.year, "leap_month", ld.leap, "date",
					 r->params[0]));
}
