/*
 * test_due.c - deadline arithmetic (R-DL-3..R-DL-7) on the official
 * calendar of data/calendar/vn-holidays.json (2023-2026) and the computed
 * defaults of other years.
 *
 * Every row of the tables below was worked out by hand from DOMAIN.md and
 * the official notices (and cross-checked with a minute-by-minute walk);
 * each cites its rule. Times are Vietnam local time. Weekday reminders:
 * 2025-03-03 is a Monday; the 2025 days off are 1/1, Tết 27-31/1 (Mon-Fri,
 * so 25/1-2/2 are all off), 7/4, 30/4, 1/5, 2/5 (swapped for Saturday 26/4,
 * worked), 1/9 and 2/9.
 */
#include <math.h>
#include <stdlib.h>

#include "cal_test.h"

static struct calendar cal;

static int setup(void **state)
{
	(void)state;
	return load_official(&cal);
}

static int teardown(void **state)
{
	(void)state;
	cal_release(&cal);
	return 0;
}

/* ---- cal_due() table ---------------------------------------------------- */

#define WD CAL_UNIT_WORKING_DAYS
#define HOURS CAL_UNIT_HOURS
#define DAYS CAL_UNIT_DAYS
#define MONTHS CAL_UNIT_MONTHS
#define SAME CAL_UNIT_SAME_DAY

struct due_case {
	const char *name;
	const char *start;
	double value;
	enum cal_unit unit;
	const char *eff; /* expected effective start */
	const char *due; /* expected due time */
};

static const struct due_case due_cases[] = {
    /* R-DL-3: working days through office hours */
    {"R-DL-3 Mon 09:00 + 2 WD is Wed 09:00", "2025-03-03 09:00", 2, WD, "2025-03-03 09:00",
     "2025-03-05 09:00"},
    {"R-DL-3 Mon 07:30 + 2 WD is Tue 17:00, not Wed 07:30", "2025-03-03 07:30", 2, WD,
     "2025-03-03 07:30", "2025-03-04 17:00"},
    {"R-DL-3 sent Fri 22:00 starts Mon 07:30", "2025-03-07 22:00", 1, WD, "2025-03-10 07:30",
     "2025-03-10 17:00"},
    {"R-DL-3 start in the lunch break starts 13:00", "2025-03-03 12:00", 1, WD, "2025-03-03 13:00",
     "2025-03-04 11:30"},
    {"R-DL-3 start before opening starts 07:30", "2025-03-03 06:00", 1, WD, "2025-03-03 07:30",
     "2025-03-03 17:00"},
    {"R-DL-3 start at 17:00 closing starts next morning", "2025-03-03 17:00", 1, WD,
     "2025-03-04 07:30", "2025-03-04 17:00"},
    {"R-DL-3 start on Sunday starts Monday", "2025-03-09 10:00", 3, WD, "2025-03-10 07:30",
     "2025-03-12 17:00"},
    {"R-DL-3 start at 11:30 exactly starts 13:00", "2025-03-03 11:30", 0.5, WD, "2025-03-03 13:00",
     "2025-03-03 17:00"},
    {"R-DL-3 half a WD from 09:00 crosses lunch to 14:30", "2025-03-03 09:00", 0.5, WD,
     "2025-03-03 09:00", "2025-03-03 14:30"},
    {"R-DL-3 1.5 WD from opening ends 11:30 next day", "2025-03-03 07:30", 1.5, WD,
     "2025-03-03 07:30", "2025-03-04 11:30"},
    {"R-DL-3 0.25 WD is 120 min across lunch", "2025-03-03 10:30", 0.25, WD, "2025-03-03 10:30",
     "2025-03-03 14:00"},
    {"R-DL-3 0.1 WD is 48 min", "2025-03-03 07:30", 0.1, WD, "2025-03-03 07:30",
     "2025-03-03 08:18"},
    {"R-DL-3 1/3 WD rounds to 160 min", "2025-03-03 07:30", 1.0 / 3.0, WD, "2025-03-03 07:30",
     "2025-03-03 10:10"},
    {"R-DL-3 zero limit is due at the effective start", "2025-03-03 20:00", 0, WD,
     "2025-03-04 07:30", "2025-03-04 07:30"},
    {"R-DL-3 seconds of the start carry through", "2025-03-03 09:00:30", 2, WD,
     "2025-03-03 09:00:30", "2025-03-05 09:00:30"},
    {"R-DL-3 afternoon start + 1 WD ends at the morning closing", "2025-03-03 13:00", 1, WD,
     "2025-03-03 13:00", "2025-03-04 11:30"},
    /* R-DL-5: working hours */
    {"R-DL-5 4 h from 07:30 is 11:30, not 13:00", "2025-03-03 07:30", 4, HOURS, "2025-03-03 07:30",
     "2025-03-03 11:30"},
    {"R-DL-5 2 h from 16:00 is 08:30 next day", "2025-03-03 16:00", 2, HOURS, "2025-03-03 16:00",
     "2025-03-04 08:30"},
    {"R-DL-5 0.25 h from 11:20 is 13:05", "2025-03-03 11:20", 0.25, HOURS, "2025-03-03 11:20",
     "2025-03-03 13:05"},
    {"R-DL-5 8 h from 13:00 is 11:30 next day", "2025-03-03 13:00", 8, HOURS, "2025-03-03 13:00",
     "2025-03-04 11:30"},
    {"R-DL-5 4 h from Fri 15:00 is Mon 09:30", "2025-03-07 15:00", 4, HOURS, "2025-03-07 15:00",
     "2025-03-10 09:30"},
    /* R-DL-1: each holiday period of the official 2023-2026 schedules */
    {"R-DL-1 2025 Tết: Fri 24/1 09:00 + 1 WD is Mon 3/2 09:00", "2025-01-24 09:00", 1, WD,
     "2025-01-24 09:00", "2025-02-03 09:00"},
    {"R-DL-1 2025 start during Tết starts Mon 3/2", "2025-01-28 10:00", 1, WD, "2025-02-03 07:30",
     "2025-02-03 17:00"},
    {"R-DL-1 2025 Fri 24/1 07:30 + 1 WD is Fri 17:00, not after Tết", "2025-01-24 07:30", 1, WD,
     "2025-01-24 07:30", "2025-01-24 17:00"},
    {"R-DL-1 2025 Thu 23/1 13:00 + 1 WD is Fri 24/1 11:30", "2025-01-23 13:00", 1, WD,
     "2025-01-23 13:00", "2025-01-24 11:30"},
    {"R-DL-1 2025 make-up Sat 26/4 is a working day", "2025-04-25 09:00", 1, WD, "2025-04-25 09:00",
     "2025-04-26 09:00"},
    {"R-DL-1 2025 start on the make-up Saturday", "2025-04-26 08:00", 2, WD, "2025-04-26 08:00",
     "2025-04-29 08:00"},
    {"R-DL-1 2025 30/4, 1/5 and swapped Fri 2/5 are off", "2025-04-29 14:00", 1, WD,
     "2025-04-29 14:00", "2025-05-05 14:00"},
    {"R-DL-1 2025 Sunday after the make-up Saturday is off", "2025-04-27 10:00", 1, WD,
     "2025-04-28 07:30", "2025-04-28 17:00"},
    {"R-DL-1 2025 Quốc khánh 1-2/9", "2025-08-29 09:00", 1, WD, "2025-08-29 09:00",
     "2025-09-03 09:00"},
    {"R-DL-1 2025 Giỗ Tổ Mon 7/4", "2025-04-04 10:00", 1, WD, "2025-04-04 10:00",
     "2025-04-08 10:00"},
    {"R-DL-1 2025 New Year 1/1", "2024-12-31 10:00", 1, WD, "2024-12-31 10:00", "2025-01-02 10:00"},
    {"R-DL-1 2023 Tết 20-26/1", "2023-01-19 09:00", 1, WD, "2023-01-19 09:00", "2023-01-27 09:00"},
    {"R-DL-1 2023 Giỗ Tổ/30-4/1-5 with nghỉ bù 2-3/5", "2023-04-28 10:00", 1, WD,
     "2023-04-28 10:00", "2023-05-04 10:00"},
    {"R-DL-1 2023 Quốc khánh 1/9 and nghỉ bù 4/9", "2023-08-31 10:00", 1, WD, "2023-08-31 10:00",
     "2023-09-05 10:00"},
    {"R-DL-1 2023 New Year on Sunday, nghỉ bù Mon 2/1", "2022-12-30 10:00", 1, WD,
     "2022-12-30 10:00", "2023-01-03 10:00"},
    {"R-DL-1 2024 Tết 8-14/2", "2024-02-07 10:00", 1, WD, "2024-02-07 10:00", "2024-02-15 10:00"},
    {"R-DL-1 2024 swapped Mon 29/4 with 30/4-1/5", "2024-04-26 10:00", 1, WD, "2024-04-26 10:00",
     "2024-05-02 10:00"},
    {"R-DL-1 2024 make-up Sat 4/5 is worked", "2024-05-03 10:00", 1, WD, "2024-05-03 10:00",
     "2024-05-04 10:00"},
    {"R-DL-1 2024 Quốc khánh 2-3/9", "2024-08-30 10:00", 1, WD, "2024-08-30 10:00",
     "2024-09-04 10:00"},
    {"R-DL-1 2024 Giỗ Tổ Thu 18/4", "2024-04-17 10:00", 1, WD, "2024-04-17 10:00",
     "2024-04-19 10:00"},
    {"R-DL-1 2024 New Year Mon 1/1", "2023-12-29 10:00", 1, WD, "2023-12-29 10:00",
     "2024-01-02 10:00"},
    {"R-DL-1 2026 New Year 1/1 and swapped Fri 2/1", "2025-12-31 10:00", 1, WD, "2025-12-31 10:00",
     "2026-01-05 10:00"},
    {"R-DL-1 2026 make-up Sat 10/1 is worked", "2026-01-09 10:00", 1, WD, "2026-01-09 10:00",
     "2026-01-10 10:00"},
    {"R-DL-1 2026 Tết 16-20/2", "2026-02-13 10:00", 1, WD, "2026-02-13 10:00", "2026-02-23 10:00"},
    {"R-DL-1 2026 Giỗ Tổ Sun 26/4, nghỉ bù Mon 27/4", "2026-04-24 10:00", 1, WD, "2026-04-24 10:00",
     "2026-04-28 10:00"},
    {"R-DL-1 2026 30/4-1/5 Thu-Fri", "2026-04-29 10:00", 1, WD, "2026-04-29 10:00",
     "2026-05-04 10:00"},
    {"R-DL-1 2026 make-up Sat 22/8 is worked", "2026-08-21 10:00", 1, WD, "2026-08-21 10:00",
     "2026-08-22 10:00"},
    {"R-DL-1 2026 swapped Mon 31/8 with 1-2/9", "2026-08-28 10:00", 1, WD, "2026-08-28 10:00",
     "2026-09-03 10:00"},
    /* R-DL-3 long limits over several holiday periods */
    {"R-DL-3 30 WD over New Year and Tết 2025", "2024-12-20 09:00", 30, WD, "2024-12-20 09:00",
     "2025-02-10 09:00"},
    {"R-DL-3 30 WD over Giỗ Tổ and 30/4-2/5 2025", "2025-04-01 09:00", 30, WD, "2025-04-01 09:00",
     "2025-05-16 09:00"},
    {"R-DL-3 60 WD over Tết, Giỗ Tổ and 30/4 2026", "2026-02-02 09:00", 60, WD, "2026-02-02 09:00",
     "2026-05-07 09:00"},
    {"R-DL-3 15 WD from official 2026 into computed 2027", "2026-12-21 09:00", 15, WD,
     "2026-12-21 09:00", "2027-01-12 09:00"},
    /* R-DL-2: computed years */
    {"R-DL-2 2027 computed Tết 5-11/2", "2027-02-04 10:00", 1, WD, "2027-02-04 10:00",
     "2027-02-12 10:00"},
    {"R-DL-2 2028 computed Tết 25-31/1", "2028-01-24 10:00", 1, WD, "2028-01-24 10:00",
     "2028-02-01 10:00"},
    {"R-DL-2 2029 computed 1/9 Sat, 2/9 Sun, nghỉ bù 3-4/9", "2029-08-31 10:00", 1, WD,
     "2029-08-31 10:00", "2029-09-05 10:00"},
    {"R-DL-2 2030 computed Tết 1-7/2", "2030-01-31 10:00", 1, WD, "2030-01-31 10:00",
     "2030-02-08 10:00"},
    /* R-DL-4: calendar days */
    {"R-DL-4 5 days ending Saturday is Monday's closing", "2025-03-03 10:00", 5, DAYS,
     "2025-03-03 10:00", "2025-03-10 17:00"},
    {"R-DL-4 3 days is Thursday's closing", "2025-03-03 10:00", 3, DAYS, "2025-03-03 10:00",
     "2025-03-06 17:00"},
    {"R-DL-4 10 days ending in Tết is Mon 3/2 closing", "2025-01-20 10:00", 10, DAYS,
     "2025-01-20 10:00", "2025-02-03 17:00"},
    {"R-DL-4 counting starts after the effective start", "2025-03-07 20:00", 1, DAYS,
     "2025-03-10 07:30", "2025-03-11 17:00"},
    {"R-DL-4 0 days is the same day's closing", "2025-03-03 10:00", 0, DAYS, "2025-03-03 10:00",
     "2025-03-03 17:00"},
    {"R-DL-4 ending on make-up Sat 26/4 closes that day", "2025-04-21 10:00", 5, DAYS,
     "2025-04-21 10:00", "2025-04-26 17:00"},
    {"R-DL-4 30 days ending on 30/4 is Mon 5/5 closing", "2025-03-31 10:00", 30, DAYS,
     "2025-03-31 10:00", "2025-05-05 17:00"},
    /* months: calendar months, end as R-DL-4 */
    {"months 31/1 + 1 month is 29/2 in a leap year", "2024-01-31 10:00", 1, MONTHS,
     "2024-01-31 10:00", "2024-02-29 17:00"},
    {"months 31/3 + 1 month is 30/4, off, so Mon 5/5", "2025-03-31 10:00", 1, MONTHS,
     "2025-03-31 10:00", "2025-05-05 17:00"},
    {"months 3 months from 16/6 is 16/9", "2025-06-16 10:00", 3, MONTHS, "2025-06-16 10:00",
     "2025-09-16 17:00"},
    {"months 12 months ending in computed Tết 2027", "2026-02-10 10:00", 12, MONTHS,
     "2026-02-10 10:00", "2027-02-12 17:00"},
    /* R-DL-5: same day */
    {"R-DL-5 same day received 14:59 closes 17:00", "2025-03-03 14:59", 0, SAME, "2025-03-03 14:59",
     "2025-03-03 17:00"},
    {"R-DL-5 same day received 15:00 closes next day", "2025-03-03 15:00", 0, SAME,
     "2025-03-03 15:00", "2025-03-04 17:00"},
    {"R-DL-5 same day Fri 16:00 closes Monday", "2025-03-07 16:00", 1, SAME, "2025-03-07 16:00",
     "2025-03-10 17:00"},
    {"R-DL-5 same day on Saturday closes Monday", "2025-03-08 10:00", 1, SAME, "2025-03-10 07:30",
     "2025-03-10 17:00"},
    {"R-DL-5 same day during Tết closes Mon 3/2", "2025-01-29 10:00", 1, SAME, "2025-02-03 07:30",
     "2025-02-03 17:00"},
    {"R-DL-5 same day on make-up Sat 26/4 closes that day", "2025-04-26 10:00", 1, SAME,
     "2025-04-26 10:00", "2025-04-26 17:00"},
    {"R-DL-5 same day Tue 29/4 15:30 closes Mon 5/5", "2025-04-29 15:30", 1, SAME,
     "2025-04-29 15:30", "2025-05-05 17:00"},
    {"R-DL-5 same day before opening closes that day", "2025-03-03 06:00", 1, SAME,
     "2025-03-03 07:30", "2025-03-03 17:00"},
    {"R-DL-5 same day in the lunch break closes that day", "2025-03-03 12:00", 1, SAME,
     "2025-03-03 13:00", "2025-03-03 17:00"},
};

static void run_due_case(void **state)
{
	const struct due_case *c = *state;
	struct errbuf eb = {0};
	int64_t eff = -1, due = -1;
	enum err e = cal_due(&cal, tl(c->start), c->value, c->unit, &eff, &due, &eb);

	if (e != ERR_OK)
		fail_msg("cal_due failed: %s (%s)", eb.msg, eb.field);
	assert_time("effective start", tl(c->eff), eff);
	assert_time("due", tl(c->due), due);
}

/* ---- errors ------------------------------------------------------------- */

struct err_case {
	const char *name;
	const char *start;
	double value;
	int unit;
	enum err code;
	const char *field;
};

static const struct err_case err_cases[] = {
    {"R-DL-3 NaN duration is invalid", "2025-03-03 09:00", NAN, WD, ERR_INVALID, "duration"},
    {"R-DL-3 negative duration is invalid", "2025-03-03 09:00", -1, WD, ERR_INVALID, "duration"},
    {"R-DL-5 infinite hours are invalid", "2025-03-03 09:00", INFINITY, HOURS, ERR_INVALID,
     "duration"},
    {"R-DL-3 a billion WD is invalid", "2025-03-03 09:00", 1e9, WD, ERR_INVALID, "duration"},
    {"R-DL-3 3660.5 WD is over the cap", "2025-03-03 09:00", 3660.5, WD, ERR_INVALID, "duration"},
    {"R-DL-4 fractional days are invalid", "2025-03-03 09:00", 1.5, DAYS, ERR_INVALID, "duration"},
    {"months fractional months are invalid", "2025-03-03 09:00", 0.5, MONTHS, ERR_INVALID,
     "duration"},
    {"months 121 months is over the cap", "2025-03-03 09:00", 121, MONTHS, ERR_INVALID, "duration"},
    {"R-DL-5 same day with NaN is invalid", "2025-03-03 09:00", NAN, SAME, ERR_INVALID, "duration"},
    {"unknown unit 99 is invalid", "2025-03-03 09:00", 1, 99, ERR_INVALID, "unit"},
    {"unknown unit -1 is invalid", "2025-03-03 09:00", 1, -1, ERR_INVALID, "unit"},
    {"start before 1900 is invalid", "1899-12-31 09:00", 1, WD, ERR_INVALID, "start"},
    {"start after 2100 is invalid", "2101-01-02 09:00", 1, WD, ERR_INVALID, "start"},
    {"due after 2100 is invalid", "2100-12-29 09:00", 5, WD, ERR_INVALID, "duration"},
    {"R-DL-4 days ending after 2100 is invalid", "2100-12-20 09:00", 30, DAYS, ERR_INVALID,
     "duration"},
};

static void run_err_case(void **state)
{
	const struct err_case *c = *state;
	struct errbuf eb = {0};
	int64_t eff = 42, due = 43;
	enum err e = cal_due(&cal, tl(c->start), c->value, (enum cal_unit)c->unit, &eff, &due, &eb);

	assert_int_equal(e, c->code);
	assert_string_equal(eb.field, c->field);
	assert_true(eb.msg[0] != '\0');
	assert_int_equal(eff, 42); /* outputs untouched on error */
	assert_int_equal(due, 43);
}

static void longest_limit_is_accepted(void **state)
{
	int64_t due = 0;

	(void)state;
	/* R-DL-3: 3660 WD is the cap itself; from 2025 it ends around 2039 */
	assert_int_equal(cal_due(&cal, tl("2025-03-03 09:00"), 3660, WD, NULL, &due, NULL), ERR_OK);
	assert_true(due > tl("2039-01-01 00:00") && due < tl("2040-12-31 00:00"));
}

static void unit_names_parse(void **state)
{
	static const char *const names[] = {"working_days", "hours", "days", "months", "same_day"};
	struct errbuf eb = {0};
	enum cal_unit u;

	(void)state;
	for (int i = 0; i < CAL_UNIT__MAX; i++) {
		assert_int_equal(cal_unit_parse(names[i], &u, &eb), ERR_OK);
		assert_int_equal(u, i);
		assert_string_equal(cal_unit_name(u), names[i]);
	}
	assert_int_equal(cal_unit_parse("weeks", &u, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "unit");
	assert_int_equal(cal_unit_parse(NULL, &u, &eb), ERR_INVALID);
	assert_null(cal_unit_name(CAL_UNIT__MAX));
}

/* ---- R-DL-6 pauses ------------------------------------------------------ */

struct between_case {
	const char *name;
	const char *t0, *t1;
	int64_t minutes;
};

static const struct between_case between_cases[] = {
    {"R-DL-6 pause Mon 10:00 to Tue 10:00 is 480 working min", "2025-03-03 10:00",
     "2025-03-04 10:00", 480},
    {"R-DL-6 pause Fri 16:00 to Mon 08:00 is 90 working min", "2025-03-07 16:00",
     "2025-03-10 08:00", 90},
    {"R-DL-6 pause over Tết 2025 counts no holiday", "2025-01-24 16:00", "2025-02-03 08:00", 90},
    {"R-DL-6 pause over lunch counts only office time", "2025-03-03 11:00", "2025-03-03 13:30", 60},
    {"R-DL-6 pause over a whole week is 5 WD", "2025-03-03 07:30", "2025-03-10 07:30", 2400},
    {"R-DL-6 pause on the make-up Saturday counts it", "2025-04-26 07:00", "2025-04-27 12:00", 480},
    {"R-DL-6 reversed interval is negative", "2025-03-04 10:00", "2025-03-03 10:00", -480},
    {"R-DL-6 pause inside a night is zero", "2025-03-03 18:00", "2025-03-04 07:00", 0},
};

static void run_between_case(void **state)
{
	const struct between_case *c = *state;
	int64_t m = -999;

	assert_int_equal(cal_working_minutes_between(&cal, tl(c->t0), tl(c->t1), &m, NULL), ERR_OK);
	assert_int_equal(m, c->minutes);
}

static void pause_counts_seconds(void **state)
{
	int64_t s = 0, m = 7;

	(void)state;
	assert_int_equal(cal_working_seconds_between(&cal, tl("2025-03-03 09:00:30"),
						     tl("2025-03-03 09:01:00"), &s, NULL),
			 ERR_OK);
	assert_int_equal(s, 30);
	assert_int_equal(cal_working_minutes_between(&cal, tl("2025-03-03 09:00:30"),
						     tl("2025-03-03 09:01:00"), &m, NULL),
			 ERR_OK);
	assert_int_equal(m, 0); /* truncated */
}

struct shift_case {
	const char *name;
	const char *due;
	int64_t minutes;
	const char *expected;
};

static const struct shift_case shift_cases[] = {
    {"R-DL-6 a day's pause moves Wed 09:00 to Thu 09:00", "2025-03-05 09:00", 480,
     "2025-03-06 09:00"},
    {"R-DL-6 shifting a 17:00 due by 60 min is 08:30", "2025-03-04 17:00", 60, "2025-03-05 08:30"},
    {"R-DL-6 shifting across Tết 2025", "2025-01-24 16:00", 120, "2025-02-03 08:30"},
    {"R-DL-6 zero shift at closing is the next opening", "2025-03-04 17:00", 0, "2025-03-05 07:30"},
    {"R-DL-6 shift ending exactly at 11:30 stays 11:30", "2025-03-05 09:00", 150,
     "2025-03-05 11:30"},
};

static void run_shift_case(void **state)
{
	const struct shift_case *c = *state;
	int64_t out = 0;

	assert_int_equal(cal_add_working_minutes(&cal, tl(c->due), c->minutes, &out, NULL), ERR_OK);
	assert_time("shifted due", tl(c->expected), out);
}

static void pause_then_resume_shifts_due(void **state)
{
	int64_t due = 0, paused = 0, shifted = 0;

	(void)state;
	/* R-DL-6: received Mon 09:00 with 2 WD (due Wed 09:00), waits for
	 * payment from Mon 14:00 to Tue 10:30: 180 + 180 working minutes. */
	assert_int_equal(cal_due(&cal, tl("2025-03-03 09:00"), 2, WD, NULL, &due, NULL), ERR_OK);
	assert_int_equal(cal_working_minutes_between(&cal, tl("2025-03-03 14:00"),
						     tl("2025-03-04 10:30"), &paused, NULL),
			 ERR_OK);
	assert_int_equal(paused, 360);
	assert_int_equal(cal_add_working_minutes(&cal, due, paused, &shifted, NULL), ERR_OK);
	assert_time("due after the pause", tl("2025-03-05 16:30"), shifted);
}

static void supplement_restarts_from_zero(void **state)
{
	int64_t due = 0;

	(void)state;
	/* R-DL-6 / R-DS-5: the supplement handed in Fri 14:00 restarts 5 WD */
	assert_int_equal(cal_due(&cal, tl("2025-03-07 14:00"), 5, WD, NULL, &due, NULL), ERR_OK);
	assert_time("due after supplement", tl("2025-03-14 14:00"), due);
}

static void negative_shift_is_invalid(void **state)
{
	struct errbuf eb = {0};
	int64_t out = 0;

	(void)state;
	assert_int_equal(cal_add_working_minutes(&cal, tl("2025-03-03 09:00"), -1, &out, &eb),
			 ERR_INVALID);
	assert_string_equal(eb.field, "duration");
	assert_int_equal(cal_working_minutes_between(&cal, tl("1899-01-01 09:00"),
						     tl("2025-03-03 09:00"), &out, &eb),
			 ERR_INVALID);
	assert_string_equal(eb.field, "start");
}

/* ---- R-DL-7 steps and timeliness --------------------------------------- */

static void steps_follow_each_other(void **state)
{
	static const double hours[] = {4, 8, 4};
	int64_t dues[3] = {0};

	(void)state;
	/* R-DL-7: 4 h + 8 h + 4 h = 2 WD from Mon 09:00 */
	assert_int_equal(cal_step_dues(&cal, tl("2025-03-03 09:00"), hours, 3, dues, NULL), ERR_OK);
	assert_time("step 1", tl("2025-03-03 14:30"), dues[0]);
	assert_time("step 2", tl("2025-03-04 14:30"), dues[1]);
	assert_time("step 3 = the dossier's due", tl("2025-03-05 09:00"), dues[2]);
}

static void steps_over_tet(void **state)
{
	static const double hours[] = {2, 0.5, 8};
	int64_t dues[3] = {0};

	(void)state;
	/* R-DL-7: Fri 24/1/2025 15:00 + 2 h ends at 17:00; 0.5 h more is after Tết */
	assert_int_equal(cal_step_dues(&cal, tl("2025-01-24 15:00"), hours, 3, dues, NULL), ERR_OK);
	assert_time("step 1", tl("2025-01-24 17:00"), dues[0]);
	assert_time("step 2", tl("2025-02-03 08:00"), dues[1]);
	assert_time("step 3", tl("2025-02-04 08:00"), dues[2]);
}

static void bad_step_names_its_index(void **state)
{
	static const double hours[] = {4, -1};
	struct errbuf eb = {0};
	int64_t dues[2];

	(void)state;
	assert_int_equal(cal_step_dues(&cal, tl("2025-03-03 09:00"), hours, 2, dues, &eb),
			 ERR_INVALID);
	assert_string_equal(eb.field, "steps[1].hours");
}

struct timely_case {
	const char *name;
	const char *due, *finished;
	enum cal_timeliness expected;
};

static const struct timely_case timely_cases[] = {
    {"R-DL-7 finished the day before the due day is early", "2025-03-05 09:00", "2025-03-04 16:00",
     CAL_EARLY},
    {"R-DL-7 finished on the due day before the time is on time", "2025-03-05 09:00",
     "2025-03-05 08:00", CAL_ON_TIME},
    {"R-DL-7 finished exactly at the due time is on time", "2025-03-05 09:00", "2025-03-05 09:00",
     CAL_ON_TIME},
    {"R-DL-7 finished a minute after the due time is late", "2025-03-05 09:00", "2025-03-05 09:01",
     CAL_LATE},
    {"R-DL-7 due day starts at local midnight", "2025-03-05 09:00", "2025-03-05 00:00",
     CAL_ON_TIME},
    {"R-DL-7 late evening of the day before is early", "2025-03-05 09:00", "2025-03-04 23:59",
     CAL_EARLY},
    {"R-DL-7 Wed 07:30 after a Tue 17:00 due is late", "2025-03-04 17:00", "2025-03-05 07:30",
     CAL_LATE},
    {"R-DL-7 morning of a Tue 17:00 due day is on time", "2025-03-04 17:00", "2025-03-04 10:00",
     CAL_ON_TIME},
};

static void run_timely_case(void **state)
{
	const struct timely_case *c = *state;
	enum cal_timeliness t = cal_timeliness(tl(c->due), tl(c->finished));

	assert_string_equal(cal_timeliness_name(t), cal_timeliness_name(c->expected));
}

/* ---- agreement with a minute-by-minute walk ---------------------------- */

static bool in_office(int64_t t)
{
	struct cal_local l;
	int m;

	cal_to_local(t, &l);
	if (!cal_is_working_day(&cal, l.year, l.month, l.day))
		return false;
	m = l.hour * 60 + l.minute;
	return (m >= 450 && m < 690) || (m >= 780 && m < 1020);
}

/* R-DL-3 by definition: walk minute by minute through office time. */
static int64_t walk_due(int64_t start, int64_t minutes, int64_t *eff)
{
	int64_t t = start;

	while (!in_office(t))
		t += 60;
	*eff = t;
	if (minutes == 0)
		return t;
	for (t = start; minutes > 0; t += 60)
		if (in_office(t))
			minutes--;
	return t;
}

static void agrees_with_minute_walk(void **state)
{
	uint64_t rng = 12345;
	int64_t lo = tl("2022-12-01 00:00"), span = tl("2031-01-01 00:00") - lo;

	(void)state;
	for (int i = 0; i < 300; i++) {
		int64_t start, eff, due, weff, wdue, between = 0;
		double value;

		rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
		start = lo + (int64_t)((rng >> 20) % (uint64_t)(span / 60)) * 60;
		value = (double)((rng >> 8) % 97) / 8.0; /* 0 .. 12 WD in eighths */
		assert_int_equal(cal_due(&cal, start, value, WD, &eff, &due, NULL), ERR_OK);
		wdue = walk_due(start, llround(value * 480), &weff);
		assert_time("effective start vs walk", weff, eff);
		assert_time("due vs walk", wdue, due);
		assert_int_equal(cal_working_minutes_between(&cal, start, due, &between, NULL),
				 ERR_OK);
		assert_int_equal(between, llround(value * 480));
	}
}

int main(void)
{
	struct CMUnitTest tests[N_OF(due_cases) + N_OF(err_cases) + N_OF(between_cases) +
				N_OF(shift_cases) + N_OF(timely_cases) + 10];
	size_t n = 0;

	CASE_TESTS(tests + n, due_cases, run_due_case);
	n += N_OF(due_cases);
	CASE_TESTS(tests + n, err_cases, run_err_case);
	n += N_OF(err_cases);
	CASE_TESTS(tests + n, between_cases, run_between_case);
	n += N_OF(between_cases);
	CASE_TESTS(tests + n, shift_cases, run_shift_case);
	n += N_OF(shift_cases);
	CASE_TESTS(tests + n, timely_cases, run_timely_case);
	n += N_OF(timely_cases);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(longest_limit_is_accepted);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(unit_names_parse);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(pause_counts_seconds);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(pause_then_resume_shifts_due);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(supplement_restarts_from_zero);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(negative_shift_is_invalid);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(steps_follow_each_other);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(steps_over_tet);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(bad_step_names_its_index);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(agrees_with_minute_walk);
	if (n != N_OF(tests)) {
		fprintf(stderr, "test table size mismatch: %zu of %zu\n", n, N_OF(tests));
		return 1;
	}
	return cmocka_run_group_tests_name("calendar due times", tests, setup, teardown);
}
