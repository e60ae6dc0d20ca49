/*
 * calendar.c - civil dates, yearly schedules of days off and the working
 * calendar's bitmap (R-DL-1, R-DL-2, R-DL-8). See calendar.h.
 *
 * The calendar keeps one bit per day of 1900..2100 (about 9 KiB) plus a
 * running count of working days per 64-day word, rebuilt whenever a year's
 * schedule, a local day off or the defaults change. Building the defaults
 * for all 201 years at cal_init() costs about a millisecond and means the
 * deadline arithmetic (calendar_due.c) never computes or allocates.
 * Deadline arithmetic lives in calendar_due.c, JSON in calendar_json.c and
 * the printed year in calendar_show.c.
 */
#include "core/vntime.h"
#include "domain/calendar/calendar.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar/calendar_int.h"
#include "domain/calendar/lunar.h"

static_assert(CAL_NDAYS == 201 * 365 + 49, "CAL_NDAYS is 1900-01-01..2100-12-31");

/* ---- Civil dates -------------------------------------------------------- */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12)
		return 0;
	return mdays[m - 1] + (m == 2 && is_leap(y));
}

bool cal_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= cal_days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar, no tables, no loops. */
/* The civil-date arithmetic is core's (one implementation for the whole
 * program); these keep the calendar's own names for its callers. */
int64_t cal_days_from_civil(int y, int m, int d)
{
	return vntime_days_from_civil(y, m, d);
}

void cal_civil_from_days(int64_t days, int *y, int *m, int *d)
{
	vntime_civil_from_days(days, y, m, d);
}

static int weekday_of_days(int64_t days)
{
	int64_t r = (days + 3) % 7; /* 1970-01-01 was a Thursday */

	return (int)(r < 0 ? r + 7 : r) + 1;
}

int cal_weekday(int y, int m, int d)
{
	return weekday_of_days(cal_days_from_civil(y, m, d));
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

void cal_to_local(int64_t t, struct cal_local *out)
{
	int64_t local = t + CAL_TZ_OFFSET;
	int64_t days = floor_div(local, 86400);
	int64_t sod = local - days * 86400;

	cal_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->second = (int)(sod % 60);
	out->weekday = weekday_of_days(days);
}

int64_t cal_from_local(int y, int mo, int d, int h, int mi, int s)
{
	return cal_days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + s -
	       CAL_TZ_OFFSET;
}

int cal_format_time(int64_t t, char *buf, size_t sz)
{
	struct cal_local l;

	cal_to_local(t, &l);
	return snprintf(buf, sz, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", l.year, l.month, l.day,
			l.hour, l.minute, l.second);
}

/* Read exactly n digits at *p into *v; advance *p. */
static bool digits(const char **p, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];

		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*p += n;
	*v = x;
	return true;
}

static bool parse_ymd(const char **p, int *y, int *m, int *d)
{
	if (!digits(p, 4, y) || **p != '-')
		return false;
	(*p)++;
	if (!digits(p, 2, m) || **p != '-')
		return false;
	(*p)++;
	return digits(p, 2, d) && cal_date_valid(*y, *m, *d);
}

enum err cal_parse_date(const char *s, int *y, int *m, int *d, const char *field, struct errbuf *eb)
{
	const char *p = s;
	int yy, mm, dd;

	if (!s || !parse_ymd(&p, &yy, &mm, &dd) || *p)
		return err_set(eb, ERR_INVALID, field, "%s: expected a date YYYY-MM-DD", field);
	*y = yy;
	*m = mm;
	*d = dd;
	return ERR_OK;
}

enum err cal_parse_time(const char *s, int64_t *t, const char *field, struct errbuf *eb)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	int64_t offset = CAL_TZ_OFFSET;

	if (!s || !parse_ymd(&p, &y, &mo, &d))
		goto bad;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			goto bad;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				goto bad;
		}
		if (h > 23 || mi > 59 || sec > 59)
			goto bad;
		if (*p == 'Z') {
			offset = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1;

			p++;
			if (!digits(&p, 2, &oh) || *p++ != ':' || !digits(&p, 2, &om) || oh > 14 ||
			    om > 59)
				goto bad;
			offset = sign * ((int64_t)oh * 3600 + om * 60);
		}
	}
	if (*p)
		goto bad;
	*t = cal_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;
	return ERR_OK;
bad:
	return err_set(eb, ERR_INVALID, field,
		       "%s: expected a time YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]", field);
}

/* ---- Names -------------------------------------------------------------- */

static const char *const off_kind_names[] = {
    [CAL_OFF_HOLIDAY] = "holiday",
    [CAL_OFF_COMPENSATORY] = "compensatory",
    [CAL_OFF_SWAPPED] = "swapped",
    [CAL_OFF_LOCAL] = "local",
};
static_assert(sizeof(off_kind_names) / sizeof(off_kind_names[0]) == CAL_OFF__MAX,
	      "off_kind_names covers enum cal_off_kind");

static const char *const source_names[] = {
    [CAL_SOURCE_OFFICIAL] = "official",
    [CAL_SOURCE_COMPUTED] = "computed",
};
static_assert(sizeof(source_names) / sizeof(source_names[0]) == CAL_SOURCE__MAX,
	      "source_names covers enum cal_source");

const char *cal_off_kind_name(enum cal_off_kind kind)
{
	return (unsigned)kind < CAL_OFF__MAX ? off_kind_names[kind] : NULL;
}

bool cal_off_kind_parse(const char *s, enum cal_off_kind *out)
{
	for (int k = 0; k < CAL_OFF__MAX; k++) {
		if (s && strcmp(s, off_kind_names[k]) == 0) {
			*out = (enum cal_off_kind)k;
			return true;
		}
	}
	return false;
}

const char *cal_source_name(enum cal_source src)
{
	return (unsigned)src < CAL_SOURCE__MAX ? source_names[src] : NULL;
}

/* ---- Schedules ---------------------------------------------------------- */

void cal_schedule_init(struct cal_schedule *s, int year, enum cal_source source)
{
	s->year = year;
	s->source = source;
	s->n_hours = 0;
	s->n_off = 0;
	s->n_workdays = 0;
}

static bool name_fits(const char *name)
{
	return name && strlen(name) < CAL_NAME_SZ;
}

enum err cal_schedule_add_off(struct cal_schedule *s, int month, int day, enum cal_off_kind kind,
			      const char *name, struct errbuf *eb)
{
	struct cal_day_off *o;

	if (s->n_off >= CAL_MAX_DAYS_OFF)
		return err_set(eb, ERR_LIMIT, "days_off", "days_off: more than %d days",
			       CAL_MAX_DAYS_OFF);
	if (!name_fits(name))
		return err_set(eb, ERR_INVALID, "name", "name: missing or longer than %d bytes",
			       CAL_NAME_SZ - 1);
	o = &s->off[s->n_off++];
	o->month = month;
	o->day = day;
	o->kind = kind;
	snprintf(o->name, sizeof(o->name), "%s", name);
	return ERR_OK;
}

enum err cal_schedule_add_workday(struct cal_schedule *s, int month, int day, const char *name,
				  struct errbuf *eb)
{
	struct cal_workday *w;

	if (s->n_workdays >= CAL_MAX_WORKDAYS)
		return err_set(eb, ERR_LIMIT, "make_up_workdays",
			       "make_up_workdays: more than %d days", CAL_MAX_WORKDAYS);
	if (!name_fits(name))
		return err_set(eb, ERR_INVALID, "name", "name: missing or longer than %d bytes",
			       CAL_NAME_SZ - 1);
	w = &s->workdays[s->n_workdays++];
	w->month = month;
	w->day = day;
	snprintf(w->name, sizeof(w->name), "%s", name);
	return ERR_OK;
}

static enum err item_err(struct errbuf *eb, const char *list, size_t i, const char *leaf,
			 const char *msg)
{
	char field[64];

	if (leaf)
		snprintf(field, sizeof(field), "%s[%zu].%s", list, i, leaf);
	else
		snprintf(field, sizeof(field), "%s[%zu]", list, i);
	return err_set(eb, ERR_INVALID, field, "%s: %s", field, msg);
}

/* item_err() with a snake_case code, for refusals a form must tell apart
 * (a make-up day on a day off, on a weekday, twice). */
static enum err item_errc(struct errbuf *eb, const char *code, const char *list, size_t i,
			  const char *leaf, const char *msg)
{
	char field[64];

	snprintf(field, sizeof(field), "%s[%zu].%s", list, i, leaf);
	return err_setc(eb, ERR_INVALID, code, field, "%s: %s", field, msg);
}

static bool name_ok(const char *name)
{
	return name[0] != '\0' && memchr(name, '\0', CAL_NAME_SZ) != NULL;
}

enum err cal_hours_check(const struct cal_interval *iv, size_t n, struct errbuf *eb)
{
	if (n < 1 || n > CAL_MAX_INTERVALS)
		return err_set(eb, ERR_INVALID, "office_hours",
			       "office_hours: between 1 and %d intervals", CAL_MAX_INTERVALS);
	for (size_t i = 0; i < n; i++) {
		if (iv[i].from < 0 || iv[i].to > 1440 || iv[i].from >= iv[i].to)
			return item_err(eb, "office_hours", i, NULL,
					"expected from < to within 00:00..24:00");
		if (i > 0 && iv[i].from < iv[i - 1].to)
			return item_err(eb, "office_hours", i, NULL,
					"intervals must be in order and not overlap");
	}
	return ERR_OK;
}

enum err cal_schedule_check(const struct cal_schedule *s, struct errbuf *eb)
{
	int y = s->year;

	if (y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year: %d is outside %d..%d", y,
			       CAL_YEAR_MIN, CAL_YEAR_MAX);
	if ((unsigned)s->source >= CAL_SOURCE__MAX)
		return err_set(eb, ERR_INVALID, "source", "source: unknown");
	if (s->n_off > CAL_MAX_DAYS_OFF || s->n_workdays > CAL_MAX_WORKDAYS ||
	    s->n_hours > CAL_MAX_INTERVALS)
		return err_set(eb, ERR_LIMIT, "days_off", "schedule: too many entries");
	if (s->n_hours > 0 && cal_hours_check(s->hours, s->n_hours, eb) != ERR_OK)
		return ERR_INVALID;
	for (size_t i = 0; i < s->n_off; i++) {
		const struct cal_day_off *o = &s->off[i];

		if (!cal_date_valid(y, o->month, o->day))
			return item_err(eb, "days_off", i, "date", "not a date of this year");
		if ((unsigned)o->kind >= CAL_OFF__MAX)
			return item_err(eb, "days_off", i, "kind",
					"expected holiday|compensatory|swapped|local");
		if (!name_ok(o->name))
			return item_err(eb, "days_off", i, "name", "missing or too long");
		for (size_t j = 0; j < i; j++)
			if (s->off[j].month == o->month && s->off[j].day == o->day)
				return item_err(eb, "days_off", i, "date", "listed twice");
	}
	for (size_t i = 0; i < s->n_workdays; i++) {
		const struct cal_workday *w = &s->workdays[i];

		if (!cal_date_valid(y, w->month, w->day))
			return item_err(eb, "make_up_workdays", i, "date",
					"not a date of this year");
		/* the clash with a day off first: it says more than "not a
		 * weekend" about a weekday holiday */
		for (size_t j = 0; j < s->n_off; j++)
			if (s->off[j].month == w->month && s->off[j].day == w->day)
				return item_errc(eb, "workday_is_day_off", "make_up_workdays", i,
						 "date", "also listed as a day off");
		if (cal_weekday(y, w->month, w->day) < 6)
			return item_errc(eb, "workday_not_weekend", "make_up_workdays", i, "date",
					 "a make-up working day must be a Saturday or Sunday");
		if (!name_ok(w->name))
			return item_err(eb, "make_up_workdays", i, "name", "missing or too long");
		for (size_t j = 0; j < i; j++)
			if (s->workdays[j].month == w->month && s->workdays[j].day == w->day)
				return item_errc(eb, "workday_listed_twice", "make_up_workdays", i,
						 "date", "listed twice");
	}
	return ERR_OK;
}

static int md_cmp(int m1, int d1, int m2, int d2)
{
	return m1 != m2 ? m1 - m2 : d1 - d2;
}

/* Insertion sorts: lists are short, and stable. */
void cal_schedule_sort(struct cal_schedule *s)
{
	for (size_t i = 1; i < s->n_off; i++) {
		struct cal_day_off x = s->off[i];
		size_t j = i;

		while (j > 0 &&
		       md_cmp(s->off[j - 1].month, s->off[j - 1].day, x.month, x.day) > 0) {
			s->off[j] = s->off[j - 1];
			j--;
		}
		s->off[j] = x;
	}
	for (size_t i = 1; i < s->n_workdays; i++) {
		struct cal_workday x = s->workdays[i];
		size_t j = i;

		while (j > 0 && md_cmp(s->workdays[j - 1].month, s->workdays[j - 1].day, x.month,
				       x.day) > 0) {
			s->workdays[j] = s->workdays[j - 1];
			j--;
		}
		s->workdays[j] = x;
	}
}

/* ---- R-DL-2: computed defaults ------------------------------------------ */

static const char *const NAME_NEW_YEAR = "Tết Dương lịch";
static const char *const NAME_TET = "Tết Nguyên đán";
static const char *const NAME_HUNG = "Giỗ Tổ Hùng Vương";
static const char *const NAME_APR30 = "Ngày Chiến thắng (30/4)";
static const char *const NAME_MAY1 = "Ngày Quốc tế Lao động (1/5)";
static const char *const NAME_SEP2 = "Quốc khánh (2/9)";

static int find_off(const struct cal_schedule *s, int m, int d)
{
	for (size_t i = 0; i < s->n_off; i++)
		if (s->off[i].month == m && s->off[i].day == d)
			return (int)i;
	return -1;
}

/* Add a holiday on days-since-1970 `days`. Two holidays on one date give
 * one day off (the Labour Code compensates only weekends), named after
 * both: Giỗ Tổ fell on 30/4 in 1947. */
static enum err add_holiday(struct cal_schedule *s, int64_t days, const char *name,
			    struct errbuf *eb)
{
	int y, m, d, i;

	cal_civil_from_days(days, &y, &m, &d);
	if (y != s->year)
		return err_set(eb, ERR_INTERNAL, "year", "holiday %04d-%02d-%02d outside year %d",
			       y, m, d, s->year);
	if ((i = find_off(s, m, d)) >= 0) {
		size_t len = strlen(s->off[i].name);

		if (strcmp(s->off[i].name, name) != 0)
			snprintf(s->off[i].name + len, CAL_NAME_SZ - len, " / %s", name);
		return ERR_OK;
	}
	return cal_schedule_add_off(s, m, d, CAL_OFF_HOLIDAY, name, eb);
}

static enum err lunar_day(int year, int month, int day, int64_t *days, struct errbuf *eb)
{
	struct lunar_date ld = {.year = year, .month = month, .day = day, .leap = false};
	int y, m, d;
	enum err e = lunar_to_solar(&ld, &y, &m, &d, eb);

	if (e == ERR_OK)
		*days = cal_days_from_civil(y, m, d);
	return e;
}

enum err cal_compute_year(int year, struct cal_schedule *out, struct errbuf *eb)
{
	int64_t tet, hung, sep2;
	size_t n_holidays;
	enum err e;
	int wd;

	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year: %d is outside %d..%d", year,
			       CAL_YEAR_MIN, CAL_YEAR_MAX);
	cal_schedule_init(out, year, CAL_SOURCE_COMPUTED);
	if ((e = lunar_day(year, 1, 1, &tet, eb)) || (e = lunar_day(year, 3, 10, &hung, eb)))
		return e;
	if ((e = add_holiday(out, cal_days_from_civil(year, 1, 1), NAME_NEW_YEAR, eb)))
		return e;
	/* Tết: new year's eve (the last day of month 12, 29th or 30th) + 1..4 */
	for (int i = -1; i <= 3; i++)
		if ((e = add_holiday(out, tet + i, NAME_TET, eb)))
			return e;
	if ((e = add_holiday(out, hung, NAME_HUNG, eb)) ||
	    (e = add_holiday(out, cal_days_from_civil(year, 4, 30), NAME_APR30, eb)) ||
	    (e = add_holiday(out, cal_days_from_civil(year, 5, 1), NAME_MAY1, eb)))
		return e;
	sep2 = cal_days_from_civil(year, 9, 2);
	wd = weekday_of_days(sep2);
	if ((e = add_holiday(out, sep2 + ((wd == 1 || wd == 4) ? 1 : -1), NAME_SEP2, eb)) ||
	    (e = add_holiday(out, sep2, NAME_SEP2, eb)))
		return e;
	cal_schedule_sort(out);

	/* Weekend compensation (Labour Code art. 111(3)), in date order so that
	 * two weekend holidays take consecutive free weekdays. */
	n_holidays = out->n_off;
	for (size_t i = 0; i < n_holidays; i++) {
		int64_t day = cal_days_from_civil(year, out->off[i].month, out->off[i].day);
		int y, m, d;
		char name[CAL_NAME_SZ];

		if (weekday_of_days(day) < 6)
			continue;
		do {
			day++;
			cal_civil_from_days(day, &y, &m, &d);
		} while (weekday_of_days(day) >= 6 || find_off(out, m, d) >= 0);
		if (y != year)
			continue; /* cannot happen: no holiday is near 31/12 */
		snprintf(name, sizeof(name), "%s", out->off[i].name);
		if ((e = cal_schedule_add_off(out, m, d, CAL_OFF_COMPENSATORY, name, eb)))
			return e;
	}
	cal_schedule_sort(out);
	return ERR_OK;
}

/* ---- The calendar ------------------------------------------------------- */

static int32_t day_index(int y, int m, int d)
{
	return (int32_t)(cal_days_from_civil(y, m, d) - CAL_EPOCH_DAYS);
}

static void set_bit(struct calendar *cal, int32_t di, bool on)
{
	uint64_t mask = 1ULL << (di & 63);

	if (on)
		cal->work[di >> 6] |= mask;
	else
		cal->work[di >> 6] &= ~mask;
}

enum err cal_base_schedule(const struct calendar *cal, int year, struct cal_schedule *out,
			   struct errbuf *eb)
{
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year: %d is outside %d..%d", year,
			       CAL_YEAR_MIN, CAL_YEAR_MAX);
	if (cal->year[year - CAL_YEAR_MIN]) {
		*out = *cal->year[year - CAL_YEAR_MIN];
		return ERR_OK;
	}
	return cal_compute_year(year, out, eb);
}

/* Recompute the bits of `year` from its schedule and the local days. */
static enum err apply_year(struct calendar *cal, int year, struct errbuf *eb)
{
	struct cal_schedule *s = malloc(sizeof(*s));
	int32_t first = day_index(year, 1, 1);
	int32_t ndays = is_leap(year) ? 366 : 365;
	enum err e;

	if (!s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if ((e = cal_base_schedule(cal, year, s, eb)))
		goto out;
	for (int32_t i = 0; i < ndays; i++)
		set_bit(cal, first + i, weekday_of_days(first + i + CAL_EPOCH_DAYS) < 6);
	for (size_t i = 0; i < s->n_off; i++)
		set_bit(cal, day_index(year, s->off[i].month, s->off[i].day), false);
	for (size_t i = 0; i < s->n_workdays; i++)
		set_bit(cal, day_index(year, s->workdays[i].month, s->workdays[i].day), true);
	for (size_t i = 0; i < cal->n_local; i++) {
		int32_t di = cal->local[i].day - CAL_EPOCH_DAYS;

		if (di >= first && di < first + ndays)
			set_bit(cal, di, false);
	}
out:
	free(s);
	return e;
}

static void rebuild_rank(struct calendar *cal)
{
	cal->rank[0] = 0;
	for (size_t w = 0; w < CAL_NWORDS; w++)
		cal->rank[w + 1] = cal->rank[w] + (uint32_t)__builtin_popcountll(cal->work[w]);
}

static const struct cal_interval default_hours[] = {{7 * 60 + 30, 11 * 60 + 30},
						    {13 * 60, 17 * 60}};

static void set_hours(struct calendar *cal, const struct cal_interval *iv, size_t n)
{
	cal->day_secs = 0;
	for (size_t i = 0; i < n; i++) {
		cal->hours[i] = iv[i];
		cal->day_secs += (int64_t)(iv[i].to - iv[i].from) * 60;
	}
	cal->n_hours = n;
}

enum err cal_init(struct calendar *cal, struct errbuf *eb)
{
	enum err e = ERR_OK;

	memset(cal, 0, sizeof(*cal));
	set_hours(cal, default_hours, sizeof(default_hours) / sizeof(default_hours[0]));
	cal->cutoff = CAL_SAME_DAY_CUTOFF;
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++)
		if ((e = apply_year(cal, y, eb)))
			return e;
	rebuild_rank(cal);
	return e;
}

void cal_release(struct calendar *cal)
{
	for (int i = 0; i < CAL_NYEARS; i++) {
		free(cal->year[i]);
		cal->year[i] = NULL;
	}
	free(cal->local);
	cal->local = NULL;
	cal->n_local = 0;
}

enum err cal_set_office_hours(struct calendar *cal, const struct cal_interval *iv, size_t n,
			      struct errbuf *eb)
{
	enum err e = cal_hours_check(iv, n, eb);

	if (e)
		return e;
	set_hours(cal, iv, n);
	return ERR_OK;
}

int cal_day_minutes(const struct calendar *cal)
{
	return (int)(cal->day_secs / 60);
}

enum err cal_add_year(struct calendar *cal, const struct cal_schedule *s, struct errbuf *eb)
{
	struct cal_schedule *copy, *old;
	enum err e = cal_schedule_check(s, eb);
	int i;

	if (e)
		return e;
	copy = malloc(sizeof(*copy));
	if (!copy)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	*copy = *s;
	copy->n_hours = 0;
	i = s->year - CAL_YEAR_MIN;
	old = cal->year[i];
	cal->year[i] = copy;
	if ((e = apply_year(cal, s->year, eb))) {
		cal->year[i] = old;
		free(copy);
		return e;
	}
	free(old);
	rebuild_rank(cal);
	return ERR_OK;
}

enum err cal_remove_year(struct calendar *cal, int year, struct errbuf *eb)
{
	struct cal_schedule *old;
	enum err e;

	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year: %d is outside %d..%d", year,
			       CAL_YEAR_MIN, CAL_YEAR_MAX);
	old = cal->year[year - CAL_YEAR_MIN];
	cal->year[year - CAL_YEAR_MIN] = NULL;
	if ((e = apply_year(cal, year, eb))) {
		cal->year[year - CAL_YEAR_MIN] = old;
		return e;
	}
	free(old);
	rebuild_rank(cal);
	return ERR_OK;
}

enum err cal_add_local_day(struct calendar *cal, int y, int m, int d, const char *name,
			   struct errbuf *eb)
{
	struct cal_local_day *grown;
	int32_t day;
	enum err e;

	if (!cal_date_valid(y, m, d) || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "date", "date: not a date in %d..%d", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	if (!name || !name[0] || !name_fits(name))
		return err_set(eb, ERR_INVALID, "name", "name: missing or longer than %d bytes",
			       CAL_NAME_SZ - 1);
	day = (int32_t)cal_days_from_civil(y, m, d);
	for (size_t i = 0; i < cal->n_local; i++)
		if (cal->local[i].day == day)
			return err_set(eb, ERR_CONFLICT, "date",
				       "date: %04d-%02d-%02d is already a local day off", y, m, d);
	if (cal->n_local >= CAL_MAX_LOCAL)
		return err_set(eb, ERR_LIMIT, "date", "more than %d local days off", CAL_MAX_LOCAL);
	grown = realloc(cal->local, (cal->n_local + 1) * sizeof(*grown));
	if (!grown)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	cal->local = grown;
	cal->local[cal->n_local].day = day;
	snprintf(cal->local[cal->n_local].name, CAL_NAME_SZ, "%s", name);
	cal->n_local++;
	if ((e = apply_year(cal, y, eb))) {
		cal->n_local--;
		return e;
	}
	rebuild_rank(cal);
	return ERR_OK;
}

enum err cal_year_schedule(const struct calendar *cal, int year, struct cal_schedule *out,
			   struct errbuf *eb)
{
	enum err e = cal_base_schedule(cal, year, out, eb);

	if (e)
		return e;
	for (size_t i = 0; i < cal->n_local; i++) {
		int y, m, d;

		cal_civil_from_days(cal->local[i].day, &y, &m, &d);
		if (y != year || find_off(out, m, d) >= 0)
			continue;
		/* A local day off cancels a make-up working day on that date. */
		for (size_t j = 0; j < out->n_workdays; j++) {
			if (out->workdays[j].month == m && out->workdays[j].day == d) {
				memmove(&out->workdays[j], &out->workdays[j + 1],
					(out->n_workdays - j - 1) * sizeof(out->workdays[0]));
				out->n_workdays--;
				break;
			}
		}
		if ((e = cal_schedule_add_off(out, m, d, CAL_OFF_LOCAL, cal->local[i].name, eb)))
			return e;
	}
	out->n_hours = cal->n_hours;
	memcpy(out->hours, cal->hours, cal->n_hours * sizeof(cal->hours[0]));
	cal_schedule_sort(out);
	return ERR_OK;
}

bool cal_is_working_day(const struct calendar *cal, int y, int m, int d)
{
	int64_t di;

	if (!cal_date_valid(y, m, d))
		return false;
	di = cal_days_from_civil(y, m, d) - CAL_EPOCH_DAYS;
	if (di < 0 || di >= CAL_NDAYS)
		return false;
	return cal_di_working(cal, (int32_t)di);
}

int32_t cal_select(const struct calendar *cal, int32_t k)
{
	int32_t lo = 0, hi = CAL_NWORDS - 1;
	uint64_t x;
	int j, base = 0, c;

	if (k < 0 || (uint32_t)k >= cal->rank[CAL_NWORDS])
		return -1;
	/* the last word whose rank is <= k holds the day */
	while (lo < hi) {
		int32_t mid = (lo + hi + 1) / 2;

		if (cal->rank[mid] <= (uint32_t)k)
			lo = mid;
		else
			hi = mid - 1;
	}
	x = cal->work[lo];
	j = k - (int32_t)cal->rank[lo];
	c = __builtin_popcountll(x & 0xffffffffULL);
	if (j >= c) {
		j -= c;
		x >>= 32;
		base += 32;
	}
	c = __builtin_popcountll(x & 0xffffULL);
	if (j >= c) {
		j -= c;
		x >>= 16;
		base += 16;
	}
	c = __builtin_popcountll(x & 0xffULL);
	if (j >= c) {
		j -= c;
		x >>= 8;
		base += 8;
	}
	while (j-- > 0)
		x &= x - 1;
	return lo * 64 + base + __builtin_ctzll(x);
}
