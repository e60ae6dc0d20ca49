/*
 * calendar_due.c - deadline arithmetic over the working calendar (R-DL-3
 * .. R-DL-7). See cal_due() in calendar.h for the rules.
 *
 * Everything goes through one function of time, W(t): the working seconds
 * from 1900-01-01 00:00 (Vietnam) to t. With the calendar's per-word counts
 * of working days, W(t) = (working days before t's day) x (day length) +
 * (office time already passed on t's day, if it is a working day), which
 * is O(1). Adding working time is then W(start) + amount, turned back into
 * a moment by finding the working day of that rank (a binary search over
 * 1 148 words and a select within one word) and walking that day's few
 * office intervals. Between two moments it is W(t1) - W(t0). No loop runs
 * over days, so a 15-day limit and a 10-year one cost the same.
 *
 * W is flat outside office hours, so one value of W is reached at many
 * moments: 11:30 and 13:00 of a day, or 17:00 and the next opening. The
 * "opening" inverse picks the last of them (where work resumes: used for
 * the effective start), the "closing" inverse the first (used for due
 * times: R-DL-3's "shown as the previous closing").
 */
#include <assert.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_int.h"

/* A moment as (day index, second of the local day). */
struct pos {
	int32_t di;
	int32_t sod;
};

static bool pos_of(int64_t t, struct pos *p)
{
	int64_t local, days, di;

	if (t < INT64_MIN / 2 || t > INT64_MAX / 2)
		return false;
	local = t + CAL_TZ_OFFSET;
	days = local / 86400;
	if (local % 86400 < 0)
		days--;
	di = days - CAL_EPOCH_DAYS;
	if (di < 0 || di >= CAL_NDAYS)
		return false;
	p->di = (int32_t)di;
	p->sod = (int32_t)(local - days * 86400);
	return true;
}

/* Unix time of the local midnight that starts day di. */
static int64_t day_start(int32_t di)
{
	return ((int64_t)di + CAL_EPOCH_DAYS) * 86400 - CAL_TZ_OFFSET;
}

static int64_t closing_of(const struct calendar *cal, int32_t di)
{
	return day_start(di) + (int64_t)cal->hours[cal->n_hours - 1].to * 60;
}

/* Office seconds of a working day that lie before second-of-day sod. */
static int64_t worked_before(const struct calendar *cal, int32_t sod)
{
	int64_t w = 0;

	for (size_t i = 0; i < cal->n_hours; i++) {
		int32_t from = cal->hours[i].from * 60, to = cal->hours[i].to * 60;

		if (sod <= from)
			break;
		w += (sod < to ? sod : to) - from;
	}
	return w;
}

/* W(t) of the moment at p. */
static int64_t wtime(const struct calendar *cal, const struct pos *p)
{
	int64_t w = (int64_t)cal_rank(cal, p->di) * cal->day_secs;

	if (cal_di_working(cal, p->di))
		w += worked_before(cal, p->sod);
	return w;
}

/* The moment r office seconds into working day di. On an interval
 * boundary `closing` picks the end of the earlier interval, otherwise the
 * start of the later one. */
static int64_t at_offset(const struct calendar *cal, int32_t di, int64_t r, bool closing)
{
	for (size_t i = 0; i < cal->n_hours; i++) {
		int64_t len = (int64_t)(cal->hours[i].to - cal->hours[i].from) * 60;

		if (closing ? r <= len : r < len)
			return day_start(di) + (int64_t)cal->hours[i].from * 60 + r;
		r -= len;
	}
	return closing_of(cal, di); /* not reached: r <= day length (< for openings) */
}

/* The first moment at which W reaches w (w > 0). False past 2100. */
static bool time_closing(const struct calendar *cal, int64_t w, int64_t *out)
{
	int64_t k = (w - 1) / cal->day_secs;
	int32_t di;

	if (k > INT32_MAX || (di = cal_select(cal, (int32_t)k)) < 0)
		return false;
	*out = at_offset(cal, di, w - k * cal->day_secs, true);
	return true;
}

/* The last moment at which W is w, where work resumes. False past 2100. */
static bool time_opening(const struct calendar *cal, int64_t w, int64_t *out)
{
	int64_t k = w / cal->day_secs;
	int32_t di;

	if (k > INT32_MAX || (di = cal_select(cal, (int32_t)k)) < 0)
		return false;
	*out = at_offset(cal, di, w - k * cal->day_secs, false);
	return true;
}

/* Closing of day di if it is a working day, else of the next one. */
static bool closing_on_or_after(const struct calendar *cal, int64_t di, int64_t *out)
{
	int32_t wd;

	if (di < 0 || di >= CAL_NDAYS)
		return false;
	if (cal_di_working(cal, (int32_t)di)) {
		*out = closing_of(cal, (int32_t)di);
		return true;
	}
	/* di is off, so the working days up to and including it number
	 * rank(di + 1), which is the rank of the next working day. */
	wd = cal_select(cal, cal_rank(cal, (int32_t)di + 1));
	if (wd < 0)
		return false;
	*out = closing_of(cal, wd);
	return true;
}

static const char *const unit_names[] = {
    [CAL_UNIT_WORKING_DAYS] = "working_days",
    [CAL_UNIT_HOURS] = "hours",
    [CAL_UNIT_DAYS] = "days",
    [CAL_UNIT_MONTHS] = "months",
    [CAL_UNIT_SAME_DAY] = "same_day",
};
static_assert(sizeof(unit_names) / sizeof(unit_names[0]) == CAL_UNIT__MAX,
	      "unit_names covers enum cal_unit");

/* The most of each unit a limit may have (CAL_MAX_LIMIT_DAYS worth). */
static const double unit_max[] = {
    [CAL_UNIT_WORKING_DAYS] = CAL_MAX_LIMIT_DAYS, [CAL_UNIT_HOURS] = CAL_MAX_LIMIT_DAYS * 24.0,
    [CAL_UNIT_DAYS] = CAL_MAX_LIMIT_DAYS,	  [CAL_UNIT_MONTHS] = CAL_MAX_LIMIT_DAYS / 30.5,
    [CAL_UNIT_SAME_DAY] = CAL_MAX_LIMIT_DAYS,
};
static_assert(sizeof(unit_max) / sizeof(unit_max[0]) == CAL_UNIT__MAX,
	      "unit_max covers enum cal_unit");

const char *cal_unit_name(enum cal_unit unit)
{
	return (unsigned)unit < CAL_UNIT__MAX ? unit_names[unit] : NULL;
}

enum err cal_unit_parse(const char *s, enum cal_unit *out, struct errbuf *eb)
{
	for (int u = 0; u < CAL_UNIT__MAX; u++) {
		if (s && strcmp(s, unit_names[u]) == 0) {
			*out = (enum cal_unit)u;
			return ERR_OK;
		}
	}
	return err_set(eb, ERR_INVALID, "unit",
		       "unit: expected working_days|hours|days|months|same_day");
}

static enum err too_late(struct errbuf *eb)
{
	return err_set(eb, ERR_INVALID, "duration", "duration: the due time falls after %d",
		       CAL_YEAR_MAX);
}

static enum err bad_start(struct errbuf *eb, const char *field)
{
	return err_set(eb, ERR_INVALID, field, "%s: outside %d..%d", field, CAL_YEAR_MIN,
		       CAL_YEAR_MAX);
}

/* The last day of a months limit: the same day number n months after day
 * di, or the last day of that month when it is shorter. */
static int64_t add_months(int32_t di, int n)
{
	int y, m, d, dim;
	int months;

	cal_civil_from_days((int64_t)di + CAL_EPOCH_DAYS, &y, &m, &d);
	months = y * 12 + (m - 1) + n;
	y = months / 12;
	m = months % 12 + 1;
	dim = cal_days_in_month(y, m);
	if (d > dim)
		d = dim;
	return cal_days_from_civil(y, m, d) - CAL_EPOCH_DAYS;
}

enum err cal_due(const struct calendar *cal, int64_t start, double value, enum cal_unit unit,
		 int64_t *effective_start, int64_t *due, struct errbuf *eb)
{
	struct pos p, pe = {0, 0};
	int64_t w0, eff, when = 0, secs;

	if ((unsigned)unit >= CAL_UNIT__MAX)
		return err_set(eb, ERR_INVALID, "unit", "unit: unknown (%d)", (int)unit);
	if (!isfinite(value) || value < 0 || value > unit_max[unit])
		return err_set(eb, ERR_INVALID, "duration",
			       "duration: expected a number from 0 to %.0f %s", unit_max[unit],
			       unit_names[unit]);
	if ((unit == CAL_UNIT_DAYS || unit == CAL_UNIT_MONTHS) && value != floor(value))
		return err_set(eb, ERR_INVALID, "duration", "duration: %s must be a whole number",
			       unit_names[unit]);
	if (!pos_of(start, &p))
		return bad_start(eb, "start");
	w0 = wtime(cal, &p);
	if (!time_opening(cal, w0, &eff))
		return too_late(eb);

	switch (unit) {
	case CAL_UNIT_WORKING_DAYS:
	case CAL_UNIT_HOURS:
		/* R-DL-3 / R-DL-5: whole minutes of working time */
		if (unit == CAL_UNIT_WORKING_DAYS)
			secs = llround(value * (double)(cal->day_secs / 60)) * 60;
		else
			secs = llround(value * 60.0) * 60;
		if (secs == 0)
			when = eff;
		else if (!time_closing(cal, w0 + secs, &when))
			return too_late(eb);
		break;
	case CAL_UNIT_DAYS:
	case CAL_UNIT_MONTHS:
		/* R-DL-4: from the day after the (effective) start */
		pos_of(eff, &pe);
		if (!closing_on_or_after(cal,
					 unit == CAL_UNIT_DAYS ? (int64_t)pe.di + (int64_t)value
							       : add_months(pe.di, (int)value),
					 &when))
			return too_late(eb);
		break;
	case CAL_UNIT_SAME_DAY: {
		/* R-DL-5: before the cut-off (and the closing) on a working day */
		int64_t cut = (int64_t)cal->cutoff * 60;
		int64_t close = (int64_t)cal->hours[cal->n_hours - 1].to * 60;

		if (cal_di_working(cal, p.di) && p.sod < cut && p.sod < close)
			when = closing_of(cal, p.di);
		else if (!closing_on_or_after(cal, (int64_t)p.di + 1, &when))
			return too_late(eb);
		break;
	}
	default:
		return err_set(eb, ERR_INVALID, "unit", "unit: unknown (%d)", (int)unit);
	}
	if (effective_start)
		*effective_start = eff;
	if (due)
		*due = when;
	return ERR_OK;
}

enum err cal_working_seconds_between(const struct calendar *cal, int64_t t0, int64_t t1,
				     int64_t *secs, struct errbuf *eb)
{
	struct pos p0, p1;

	if (!pos_of(t0, &p0))
		return bad_start(eb, "start");
	if (!pos_of(t1, &p1))
		return bad_start(eb, "end");
	*secs = wtime(cal, &p1) - wtime(cal, &p0);
	return ERR_OK;
}

enum err cal_working_minutes_between(const struct calendar *cal, int64_t t0, int64_t t1,
				     int64_t *minutes, struct errbuf *eb)
{
	int64_t secs;
	enum err e = cal_working_seconds_between(cal, t0, t1, &secs, eb);

	if (e == ERR_OK)
		*minutes = secs / 60;
	return e;
}

enum err cal_add_working_seconds(const struct calendar *cal, int64_t t, int64_t secs, int64_t *out,
				 struct errbuf *eb)
{
	struct pos p;
	int64_t w, when;

	if (secs < 0 || secs > (int64_t)CAL_NDAYS * 86400)
		return err_set(eb, ERR_INVALID, "duration", "duration: must be 0 or more");
	if (!pos_of(t, &p))
		return bad_start(eb, "start");
	w = wtime(cal, &p);
	if (!(secs == 0 ? time_opening(cal, w, &when) : time_closing(cal, w + secs, &when)))
		return too_late(eb);
	*out = when;
	return ERR_OK;
}

enum err cal_add_working_minutes(const struct calendar *cal, int64_t t, int64_t minutes,
				 int64_t *out, struct errbuf *eb)
{
	if (minutes < 0 || minutes > (int64_t)CAL_NDAYS * 1440)
		return err_set(eb, ERR_INVALID, "duration", "duration: must be 0 or more");
	return cal_add_working_seconds(cal, t, minutes * 60, out, eb);
}

enum err cal_step_dues(const struct calendar *cal, int64_t start, const double *hours, size_t n,
		       int64_t *dues, struct errbuf *eb)
{
	int64_t at = start;

	for (size_t i = 0; i < n; i++) {
		enum err e = cal_due(cal, at, hours[i], CAL_UNIT_HOURS, NULL, &dues[i], eb);

		if (e) {
			if (eb && strcmp(eb->field, "duration") == 0)
				snprintf(eb->field, sizeof(eb->field), "steps[%zu].hours", i);
			return e;
		}
		at = dues[i];
	}
	return ERR_OK;
}

static int64_t local_date(int64_t t)
{
	int64_t local = t + CAL_TZ_OFFSET;
	int64_t days = local / 86400;

	return local % 86400 < 0 ? days - 1 : days;
}

enum cal_timeliness cal_timeliness(int64_t due, int64_t finished)
{
	if (finished > due)
		return CAL_LATE;
	if (local_date(finished) < local_date(due))
		return CAL_EARLY;
	return CAL_ON_TIME;
}

static const char *const timeliness_names[] = {
    [CAL_EARLY] = "early",
    [CAL_ON_TIME] = "on_time",
    [CAL_LATE] = "late",
};
static_assert(sizeof(timeliness_names) / sizeof(timeliness_names[0]) == CAL_TIMELINESS__MAX,
	      "timeliness_names covers enum cal_timeliness");

const char *cal_timeliness_name(enum cal_timeliness t)
{
	return (unsigned)t < CAL_TIMELINESS__MAX ? timeliness_names[t] : NULL;
}
