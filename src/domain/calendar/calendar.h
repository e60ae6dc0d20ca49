/*
 * calendar.h - the working calendar and deadline engine (DOMAIN.md R-DL).
 *
 * This module answers "which days are worked" and "when is this due". It
 * knows the Vietnamese rules for days off (R-DL-1, R-DL-2), office hours,
 * and the arithmetic of time limits in working days, working hours,
 * calendar days, months and "same day" (R-DL-3..5, R-DL-6, R-DL-7).
 *
 * It is pure: no clock, no file or database access, no globals. Official
 * schedules come in as data (struct cal_schedule, see calendar_json.h for
 * the JSON shape); years without one get the computed defaults of R-DL-2.
 * The only I/O is cal_show_year(), which prints to a FILE the caller owns.
 *
 * Times are int64 Unix seconds (UTC). Vietnam has no daylight saving time:
 * local time is always UTC+7 (CAL_TZ_OFFSET), and every day boundary,
 * office hour and cut-off here is Vietnam local time. The engine covers the
 * solar years 1900..2100; anything outside is ERR_INVALID.
 *
 * Ownership: struct calendar is caller-allocated (it is about 16 KiB and
 * holds no pointers to caller memory); cal_init() may allocate, and
 * cal_release() frees all of it. Schedules are plain values, copied in.
 * A calendar is not modified by the due-time functions, so one calendar can
 * serve many threads at once as long as nobody edits it meanwhile.
 */
#ifndef MOTCUA_DOMAIN_CALENDAR_CALENDAR_H
#define MOTCUA_DOMAIN_CALENDAR_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"

#define CAL_YEAR_MIN 1900
#define CAL_YEAR_MAX 2100
#define CAL_NYEARS (CAL_YEAR_MAX - CAL_YEAR_MIN + 1)
#define CAL_NDAYS 73414 /* 1900-01-01 .. 2100-12-31 */
#define CAL_NWORDS ((CAL_NDAYS + 63) / 64)
#define CAL_TZ_OFFSET (7 * 3600) /* Vietnam: UTC+7 all year */

#define CAL_NAME_SZ 128		      /* bytes of a day's name, with the NUL */
#define CAL_MAX_DAYS_OFF 64	      /* days off listed in one year's schedule */
#define CAL_MAX_WORKDAYS 32	      /* make-up working days in one year */
#define CAL_MAX_INTERVALS 8	      /* office-hour intervals in a day */
#define CAL_MAX_LOCAL 512	      /* local days off of one calendar, all years */
#define CAL_SAME_DAY_CUTOFF (15 * 60) /* R-DL-5: "same day" if received before 15:00 */
/* Longest accepted time limit, in calendar days (10 years); see cal_due(). */
#define CAL_MAX_LIMIT_DAYS 3660

/* ---- Civil dates (proleptic Gregorian) ---------------------------------- */

/* True when y-m-d is a real date, 1 <= y <= 9999 ("2025-02-31" is not). */
bool cal_date_valid(int y, int m, int d);

/* Days in month m (1..12) of year y, or 0 when m is out of range. */
int cal_days_in_month(int y, int m);

/* Days from 1970-01-01 to y-m-d (negative before). Not validated: month
 * and day must be in range. */
int64_t cal_days_from_civil(int y, int m, int d);

/* The inverse of cal_days_from_civil(). */
void cal_civil_from_days(int64_t days, int *y, int *m, int *d);

/* ISO weekday of y-m-d: 1 = Monday ... 6 = Saturday, 7 = Sunday. */
int cal_weekday(int y, int m, int d);

/* A moment as Vietnam local time. */
struct cal_local {
	int year, month, day;
	int hour, minute, second;
	int weekday; /* 1 = Monday ... 7 = Sunday */
};

/* Split Unix time t into Vietnam local time. */
void cal_to_local(int64_t t, struct cal_local *out);

/* Unix time of the Vietnam local time y-mo-d h:mi:s (fields are not
 * validated; out-of-range values carry over arithmetically). */
int64_t cal_from_local(int y, int mo, int d, int h, int mi, int s);

/* Write t as "YYYY-MM-DDTHH:MM:SS+07:00" (Vietnam time) into buf of sz
 * bytes; returns the length snprintf would write (25). */
int cal_format_time(int64_t t, char *buf, size_t sz);

/* Parse "YYYY-MM-DD" strictly (no trailing text). On error returns
 * ERR_INVALID with `field` as the error's field; outputs untouched. */
enum err cal_parse_date(const char *s, int *y, int *m, int *d, const char *field,
			struct errbuf *eb);

/* Parse an ISO 8601 time "YYYY-MM-DD[T| ]HH:MM[:SS][Z|+HH:MM|-HH:MM]";
 * without an offset it is Vietnam local time. A bare "YYYY-MM-DD" means
 * 00:00 Vietnam time. ERR_INVALID with `field` on error. */
enum err cal_parse_time(const char *s, int64_t *t, const char *field, struct errbuf *eb);

/* ---- A year's schedule of days off (R-DL-1, R-DL-2) ---------------------- */

enum cal_off_kind {
	CAL_OFF_HOLIDAY,      /* statutory holiday (Labour Code art. 112) */
	CAL_OFF_COMPENSATORY, /* nghỉ bù: a holiday fell on Saturday/Sunday */
	CAL_OFF_SWAPPED,      /* a weekday given off against a make-up Saturday */
	CAL_OFF_LOCAL,	      /* an agency's own day off */
	CAL_OFF__MAX
};

/* "holiday", "compensatory", "swapped", "local" (NULL when out of range). */
const char *cal_off_kind_name(enum cal_off_kind kind);

/* Parse one of the names above; false when unknown. */
bool cal_off_kind_parse(const char *s, enum cal_off_kind *out);

enum cal_source {
	CAL_SOURCE_OFFICIAL, /* published by the Government for that year */
	CAL_SOURCE_COMPUTED, /* the R-DL-2 defaults */
	CAL_SOURCE__MAX
};

/* "official", "computed". */
const char *cal_source_name(enum cal_source src);

/* Office hours: [from, to) in minutes since local midnight. */
struct cal_interval {
	int from, to;
};

struct cal_day_off {
	int month, day;
	enum cal_off_kind kind;
	char name[CAL_NAME_SZ];
};

struct cal_workday {
	int month, day;
	char name[CAL_NAME_SZ];
};

/*
 * One year's days off and make-up working days. Weekends (Saturday,
 * Sunday) are off without being listed; a listed weekend day off is a
 * holiday that happens to fall on it. A make-up working day must be a
 * Saturday or Sunday. n_hours == 0 means "the calendar's office hours";
 * cal_add_year() never takes office hours from a schedule (they belong to
 * the calendar, see cal_set_office_hours()), cal_year_schedule() fills them
 * in for display. A plain value: copy it freely.
 */
struct cal_schedule {
	int year;
	enum cal_source source;
	size_t n_hours;
	struct cal_interval hours[CAL_MAX_INTERVALS];
	size_t n_off;
	struct cal_day_off off[CAL_MAX_DAYS_OFF];
	size_t n_workdays;
	struct cal_workday workdays[CAL_MAX_WORKDAYS];
};

/* Empty schedule for `year` with the given source. */
void cal_schedule_init(struct cal_schedule *s, int year, enum cal_source source);

/* Append a day off / a make-up working day, copying name. Checks only
 * capacity (ERR_LIMIT, field "days_off" or "make_up_workdays") and that
 * name is there and fits CAL_NAME_SZ (ERR_INVALID, field "name");
 * cal_schedule_check() checks the rest. */
enum err cal_schedule_add_off(struct cal_schedule *s, int month, int day, enum cal_off_kind kind,
			      const char *name, struct errbuf *eb);
enum err cal_schedule_add_workday(struct cal_schedule *s, int month, int day, const char *name,
				  struct errbuf *eb);

/*
 * Validate s: year in 1900..2100; each day off a real date of that year
 * with a known kind and a non-empty name, no date twice; each make-up
 * working day a Saturday or Sunday of that year, not also a day off, not
 * twice; office hours (if any) as cal_hours_check(). ERR_INVALID with the
 * field in the JSON spelling, e.g. "days_off[3].date", "year". A make-up
 * day refused for its date carries a code a form can tell apart:
 * "workday_is_day_off", "workday_not_weekend", "workday_listed_twice".
 */
enum err cal_schedule_check(const struct cal_schedule *s, struct errbuf *eb);

/* Sort days off and make-up days by date (stable for equal dates). */
void cal_schedule_sort(struct cal_schedule *s);

/*
 * The R-DL-2 default schedule of `year` (1900..2100), source computed:
 * holidays 1/1; Tết = the last day of lunar month 12 and lunar 1/1..4/1;
 * Giỗ Tổ (lunar 10/3); 30/4; 1/5; 2/9 with 3/9 when 2/9 is a Monday or
 * Thursday, else 1/9. Then weekend compensation: in date order, each
 * holiday on a Saturday or Sunday gives the next Monday..Friday that is not
 * already off, kind compensatory, with the holiday's name. Two holidays on
 * one date make one day off named after both (Giỗ Tổ on 30/4 in 1947; no
 * extra day: the Labour Code compensates only weekends). No make-up days.
 * ERR_INVALID (field "year") out of range.
 */
enum err cal_compute_year(int year, struct cal_schedule *out, struct errbuf *eb);

/* Validate office hours: 1..CAL_MAX_INTERVALS intervals within 0..1440,
 * each from < to, in increasing order without overlap. ERR_INVALID with
 * field "office_hours" or "office_hours[i]". */
enum err cal_hours_check(const struct cal_interval *iv, size_t n, struct errbuf *eb);

/* ---- The calendar ------------------------------------------------------- */

struct cal_local_day {
	int32_t day; /* days since 1970-01-01 */
	char name[CAL_NAME_SZ];
};

/*
 * A working calendar (one per agency). Fields are private: use the
 * functions. work[] has one bit per day from 1900-01-01 (set = working
 * day) and rank[w] counts the working days before word w, so counting and
 * skipping working days costs a popcount and a binary search, never a
 * walk over days.
 */
struct calendar {
	uint64_t work[CAL_NWORDS];
	uint32_t rank[CAL_NWORDS + 1];
	struct cal_schedule *year[CAL_NYEARS]; /* owned; NULL = computed */
	struct cal_local_day *local;	       /* owned, n_local entries */
	size_t n_local;
	size_t n_hours;
	struct cal_interval hours[CAL_MAX_INTERVALS];
	int64_t day_secs; /* working seconds in a working day */
	int cutoff;	  /* same-day cut-off, minutes since midnight */
};

/*
 * Set up cal with the computed default schedule for every year 1900..2100
 * and the default office hours 07:30-11:30, 13:00-17:00 (8 h a day).
 * Takes about a millisecond (the lunar dates of 201 years). Returns ERR_OK;
 * on failure (only ERR_INTERNAL) cal needs no release.
 */
enum err cal_init(struct calendar *cal, struct errbuf *eb);

/* Free what cal owns. cal may be used again only after cal_init(). */
void cal_release(struct calendar *cal);

/* Replace the office hours (validated by cal_hours_check()). The length
 * of a working day (R-DL-3) becomes their sum. */
enum err cal_set_office_hours(struct calendar *cal, const struct cal_interval *iv, size_t n,
			      struct errbuf *eb);

/* The working-day length in minutes (480 by default). */
int cal_day_minutes(const struct calendar *cal);

/*
 * Use schedule s (validated by cal_schedule_check(); its office hours are
 * ignored) for year s->year instead of the computed default: an official
 * schedule, or an edited computed one (R-DL-1, R-DL-8). Replaces what that
 * year had. ERR_INVALID as cal_schedule_check(); ERR_INTERNAL when out of
 * memory (cal unchanged).
 */
enum err cal_add_year(struct calendar *cal, const struct cal_schedule *s, struct errbuf *eb);

/* Go back to the computed defaults for `year`. ERR_INVALID out of range. */
enum err cal_remove_year(struct calendar *cal, int year, struct errbuf *eb);

/*
 * Add an agency's local day off y-m-d (kind local, R-DL-8) on top of
 * whatever schedule its year has; it also turns a make-up day off.
 * ERR_INVALID (field "date") for a bad date, ERR_CONFLICT when that date is
 * already a local day off, ERR_LIMIT after CAL_MAX_LOCAL.
 */
enum err cal_add_local_day(struct calendar *cal, int y, int m, int d, const char *name,
			   struct errbuf *eb);

/*
 * The effective schedule of `year` into *out: the added or computed days
 * off, plus the calendar's local days off (kind local; a date already
 * listed keeps its listing), sorted by date; source as added; office hours
 * filled from the calendar. ERR_INVALID (field "year") out of range.
 */
enum err cal_year_schedule(const struct calendar *cal, int year, struct cal_schedule *out,
			   struct errbuf *eb);

/* True when y-m-d is a working day (false also for invalid or out of range). */
bool cal_is_working_day(const struct calendar *cal, int y, int m, int d);

/* ---- Deadlines (R-DL-3..7) ---------------------------------------------- */

enum cal_unit {
	CAL_UNIT_WORKING_DAYS,
	CAL_UNIT_HOURS,
	CAL_UNIT_DAYS,
	CAL_UNIT_MONTHS,
	CAL_UNIT_SAME_DAY,
	CAL_UNIT__MAX
};

/* "working_days", "hours", "days", "months", "same_day" (NULL out of range). */
const char *cal_unit_name(enum cal_unit unit);

/* Parse a unit name; ERR_INVALID with field "unit" when unknown. */
enum err cal_unit_parse(const char *s, enum cal_unit *out, struct errbuf *eb);

/*
 * The due time of a time limit of `value` `unit`s that starts at `start`.
 *
 * Effective start (all units): `start` moved to the next opening of office
 * hours when it is outside them (lunch, evening, a day off): received
 * Friday 22:00 starts Monday 07:30. Within office hours it is `start`.
 *
 * working_days, hours (R-DL-3, R-DL-5): the limit becomes working time,
 * value x the working-day length (or x 60 min), rounded to the nearest
 * minute; fractions are fine (0.5 working day = 240 min). It is added from
 * the effective start through office hours of working days only. The due
 * time is the earliest moment at which that much working time has passed,
 * so a result that lands on an opening is given as the closing before it:
 * Mon 07:30 + 2 working days = Tue 17:00 (not Wed 07:30); Mon 09:00 + 2
 * = Wed 09:00; 08:00 + 3.5 h = 11:30 (not 13:00); likewise Mon 13:00 + 1
 * working day = Tue 11:30, the same working instant as Tue 13:00. Seconds
 * of start carry through. A value of 0 gives the effective start.
 *
 * days (R-DL-4): value must be a whole number n. Counting starts the day
 * after the effective start's date; the due time is the closing hour of
 * the n-th day, or, if that day is off, the closing of the next working
 * day. n = 0 gives the closing of the start day (or the next working one).
 *
 * months: value a whole number n. The last day is the effective start's
 * date n calendar months later (the last day of that month if it is
 * shorter: 31/1 + 1 month = 28/2 or 29/2), then the same rule as days.
 *
 * same_day (R-DL-5): value is ignored (but must be valid). Received on a
 * working day before CAL_SAME_DAY_CUTOFF (15:00) and before its closing:
 * due at that day's closing; otherwise at the closing of the next working
 * day.
 *
 * *effective_start and *due are set on success (either may be NULL).
 * Errors, outputs untouched: ERR_INVALID field "duration" when value is
 * NaN, infinite, negative, over CAL_MAX_LIMIT_DAYS worth (3660 working days
 * or days, 3660 x 24 hours, 120 months), fractional for days or months, or
 * when the due time would fall after 2100; field "unit" for an unknown
 * unit; field "start" when start is outside 1900..2100.
 */
enum err cal_due(const struct calendar *cal, int64_t start, double value, enum cal_unit unit,
		 int64_t *effective_start, int64_t *due, struct errbuf *eb);

/*
 * Working time between t0 and t1: the seconds of office hours on working
 * days inside [t0, t1), negative when t1 < t0 (R-DL-6: the length of a
 * pause). The minutes variant truncates toward zero. ERR_INVALID (field
 * "start" for t0, "end" for t1) outside 1900..2100.
 */
enum err cal_working_seconds_between(const struct calendar *cal, int64_t t0, int64_t t1,
				     int64_t *secs, struct errbuf *eb);
enum err cal_working_minutes_between(const struct calendar *cal, int64_t t0, int64_t t1,
				     int64_t *minutes, struct errbuf *eb);

/*
 * t plus `secs` (or `minutes`) of working time, by the rule of cal_due()
 * for working days: the earliest moment at which that much working time
 * has passed after t; 0 gives the next opening at or after t. Used to
 * shift a due time by a pause (R-DL-6). ERR_INVALID field "duration" for a
 * negative amount or a result after 2100, field "start" for t out of range.
 */
enum err cal_add_working_seconds(const struct calendar *cal, int64_t t, int64_t secs, int64_t *out,
				 struct errbuf *eb);
enum err cal_add_working_minutes(const struct calendar *cal, int64_t t, int64_t minutes,
				 int64_t *out, struct errbuf *eb);

/*
 * Planned due times of consecutive workflow steps (R-DL-7): step 0 starts
 * at `start`, step i+1 starts when step i is due, and each step's due is
 * its start plus hours[i] working hours (cal_due() with unit hours).
 * Writes n due times into dues[]. Errors as cal_due(), with the field
 * "steps[i].hours" for a bad hours[i]; dues[] is then partly written.
 */
enum err cal_step_dues(const struct calendar *cal, int64_t start, const double *hours, size_t n,
		       int64_t *dues, struct errbuf *eb);

enum cal_timeliness {
	CAL_EARLY,   /* finished on a local date before the due time's date */
	CAL_ON_TIME, /* finished on the due date, at or before the due time */
	CAL_LATE,    /* finished after the due time */
	CAL_TIMELINESS__MAX
};

/*
 * Timeliness of work due at `due` and finished at `finished` (Form 05,
 * R-DL-7): late when finished > due (to the second); early when finished
 * on an earlier Vietnam calendar date than due's; otherwise on time. So
 * with due Wed 09:00, Tue 16:00 is early and Wed 08:00 on time; with
 * due Tue 17:00 (the R-DL-3 form of "Wed 07:30"), Tue 10:00 is on time.
 */
enum cal_timeliness cal_timeliness(int64_t due, int64_t finished);

/* "early", "on_time", "late" (NULL out of range). */
const char *cal_timeliness_name(enum cal_timeliness t);

/* ---- Display ------------------------------------------------------------ */

/*
 * Print `year` as text to out: the office hours, twelve month grids
 * (Monday..Sunday columns) where each day shows a mark and its lunar day
 * (the lunar month too on a lunar 1st and on each solar 1st), then a legend
 * listing every day off (date, weekday, kind, name) and make-up working
 * day, and the source of the schedule. Marks: H holiday, C compensatory,
 * S swapped, L local day off, W make-up working day, '.' weekend day off.
 * ERR_INVALID for a year out of range, ERR_INTERNAL when writing fails.
 */
enum err cal_show_year(FILE *out, const struct calendar *cal, int year);

#endif
