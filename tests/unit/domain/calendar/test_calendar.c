/*
 * test_calendar.c - civil dates and which days are worked (R-DL-1, R-DL-2,
 * R-DL-8).
 *
 * The period table lists every holiday break of the official 2023-2026
 * schedules (data/calendar/vn-holidays.json) and of the computed default
 * years 2027-2030 as announced or as worked out by hand from R-DL-2: the
 * working day before, the days off (weekends included), the working day
 * after. Then: the kinds of single days, make-up Saturdays, where the
 * defaults agree with the official schedules, local days off and
 * schedule validation.
 */
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

/* ---- civil dates -------------------------------------------------------- */

static void dates_and_weekdays(void **state)
{
	int y, m, d;

	(void)state;
	assert_false(cal_date_valid(2025, 2, 29));
	assert_true(cal_date_valid(2024, 2, 29));
	assert_false(cal_date_valid(1900, 2, 29)); /* century, not leap */
	assert_true(cal_date_valid(2000, 2, 29));  /* 400th year, leap */
	assert_false(cal_date_valid(2025, 4, 31));
	assert_false(cal_date_valid(2025, 13, 1));
	assert_false(cal_date_valid(2025, 0, 1));
	assert_false(cal_date_valid(2025, 1, 0));
	assert_int_equal(cal_days_in_month(2100, 2), 28);
	assert_int_equal(cal_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(cal_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(cal_days_from_civil(2025, 1, 1), 20089);
	cal_civil_from_days(20089 + 58, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20250228);
	assert_int_equal(cal_weekday(2025, 1, 1), 3);	/* Wednesday */
	assert_int_equal(cal_weekday(1900, 1, 1), 1);	/* Monday */
	assert_int_equal(cal_weekday(2100, 12, 31), 5); /* Friday */
	assert_int_equal(cal_weekday(2025, 4, 26), 6);	/* Saturday */
	assert_int_equal(cal_weekday(2026, 4, 26), 7);	/* Sunday */
}

static void local_time_is_utc_plus_7(void **state)
{
	struct cal_local l;
	char buf[40];

	(void)state;
	/* 2025-03-03 09:00 in Vietnam is 02:00 UTC */
	assert_int_equal(cal_from_local(2025, 3, 3, 9, 0, 0), 1740967200);
	cal_to_local(1740967200, &l);
	assert_int_equal(l.year * 10000 + l.month * 100 + l.day, 20250303);
	assert_int_equal(l.hour * 100 + l.minute, 900);
	assert_int_equal(l.weekday, 1);
	/* 1900-01-01 00:00 Vietnam is still 1899 in UTC */
	cal_to_local(cal_from_local(1900, 1, 1, 0, 0, 0), &l);
	assert_int_equal(l.year * 10000 + l.month * 100 + l.day, 19000101);
	assert_int_equal(l.hour, 0);
	assert_int_equal(cal_format_time(1740967230, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2025-03-03T09:00:30+07:00");
}

struct parse_case {
	const char *name;
	const char *s;
	enum err code;
	int64_t t;
};

static const struct parse_case parse_cases[] = {
    {"time with T and seconds is Vietnam time", "2025-03-03T09:00:30", ERR_OK, 1740967230},
    {"time with a space", "2025-03-03 09:00", ERR_OK, 1740967200},
    {"time in UTC", "2025-03-03T02:00:00Z", ERR_OK, 1740967200},
    {"time with +07:00", "2025-03-03T09:00+07:00", ERR_OK, 1740967200},
    {"time with -05:00", "2025-03-02T21:00:00-05:00", ERR_OK, 1740967200},
    {"bare date is midnight Vietnam time", "2025-03-03", ERR_OK, 1740934800},
    {"31 February is not a time", "2025-02-31T09:00", ERR_INVALID, 0},
    {"hour 24 is not a time", "2025-03-03T24:00", ERR_INVALID, 0},
    {"trailing text is not a time", "2025-03-03T09:00x", ERR_INVALID, 0},
    {"one-digit month is not a time", "2025-3-03T09:00", ERR_INVALID, 0},
    {"empty string is not a time", "", ERR_INVALID, 0},
};

static void run_parse_case(void **state)
{
	const struct parse_case *c = *state;
	struct errbuf eb = {0};
	int64_t t = 0;

	assert_int_equal(cal_parse_time(c->s, &t, "start", &eb), c->code);
	if (c->code == ERR_OK)
		assert_int_equal(t, c->t);
	else
		assert_string_equal(eb.field, "start");
}

/* ---- breaks: working day before, days off, working day after ---------- */

struct period_case {
	const char *name;
	const char *before, *first, *last, *after;
};

static const struct period_case period_cases[] = {
    {"R-DL-1 2023 New Year: Sun 1/1 and nghỉ bù Mon 2/1", "2022-12-30", "2022-12-31", "2023-01-02",
     "2023-01-03"},
    {"R-DL-1 2023 Tết 20-26/1", "2023-01-19", "2023-01-20", "2023-01-26", "2023-01-27"},
    {"R-DL-1 2023 Giỗ Tổ, 30/4, 1/5 with nghỉ bù: 29/4-3/5", "2023-04-28", "2023-04-29",
     "2023-05-03", "2023-05-04"},
    {"R-DL-1 2023 Quốc khánh 1-4/9", "2023-08-31", "2023-09-01", "2023-09-04", "2023-09-05"},
    {"R-DL-1 2024 New Year Mon 1/1", "2023-12-29", "2023-12-30", "2024-01-01", "2024-01-02"},
    {"R-DL-1 2024 Tết 8-14/2", "2024-02-07", "2024-02-08", "2024-02-14", "2024-02-15"},
    {"R-DL-1 2024 Giỗ Tổ Thu 18/4", "2024-04-17", "2024-04-18", "2024-04-18", "2024-04-19"},
    {"R-DL-1 2024 27/4-1/5 with swapped Mon 29/4", "2024-04-26", "2024-04-27", "2024-05-01",
     "2024-05-02"},
    {"R-DL-1 2024 Quốc khánh 31/8-3/9", "2024-08-30", "2024-08-31", "2024-09-03", "2024-09-04"},
    {"R-DL-1 2025 New Year Wed 1/1", "2024-12-31", "2025-01-01", "2025-01-01", "2025-01-02"},
    {"R-DL-1 2025 Tết 25/1-2/2", "2025-01-24", "2025-01-25", "2025-02-02", "2025-02-03"},
    {"R-DL-1 2025 Giỗ Tổ Mon 7/4", "2025-04-04", "2025-04-05", "2025-04-07", "2025-04-08"},
    {"R-DL-1 2025 30/4-4/5 with swapped Fri 2/5", "2025-04-29", "2025-04-30", "2025-05-04",
     "2025-05-05"},
    {"R-DL-1 2025 Quốc khánh 30/8-2/9", "2025-08-29", "2025-08-30", "2025-09-02", "2025-09-03"},
    {"R-DL-1 2026 New Year 1-4/1 with swapped Fri 2/1", "2025-12-31", "2026-01-01", "2026-01-04",
     "2026-01-05"},
    {"R-DL-1 2026 Tết 14-22/2", "2026-02-13", "2026-02-14", "2026-02-22", "2026-02-23"},
    {"R-DL-1 2026 Giỗ Tổ Sun 26/4, nghỉ bù Mon 27/4", "2026-04-24", "2026-04-25", "2026-04-27",
     "2026-04-28"},
    {"R-DL-1 2026 30/4-3/5", "2026-04-29", "2026-04-30", "2026-05-03", "2026-05-04"},
    {"R-DL-1 2026 Quốc khánh 29/8-2/9 with swapped Mon 31/8", "2026-08-28", "2026-08-29",
     "2026-09-02", "2026-09-03"},
    /* R-DL-2 computed years, worked by hand from the lunar table */
    {"R-DL-2 2027 New Year Fri 1/1", "2026-12-31", "2027-01-01", "2027-01-03", "2027-01-04"},
    {"R-DL-2 2027 Tết: eve Fri 5/2..Tue 9/2, nghỉ bù Wed 10, Thu 11", "2027-02-04", "2027-02-05",
     "2027-02-11", "2027-02-12"},
    {"R-DL-2 2027 Giỗ Tổ Fri 16/4", "2027-04-15", "2027-04-16", "2027-04-18", "2027-04-19"},
    {"R-DL-2 2027 30/4 Fri, 1/5 Sat, nghỉ bù Mon 3/5", "2027-04-29", "2027-04-30", "2027-05-03",
     "2027-05-04"},
    {"R-DL-2 2027 2/9 Thu with 3/9 Fri", "2027-09-01", "2027-09-02", "2027-09-05", "2027-09-06"},
    {"R-DL-2 2028 New Year Sat, nghỉ bù Mon 3/1", "2027-12-31", "2028-01-01", "2028-01-03",
     "2028-01-04"},
    {"R-DL-2 2028 Tết: eve Tue 25/1..Sat 29/1, nghỉ bù Mon 31/1", "2028-01-24", "2028-01-25",
     "2028-01-31", "2028-02-01"},
    {"R-DL-2 2028 Giỗ Tổ Tue 4/4", "2028-04-03", "2028-04-04", "2028-04-04", "2028-04-05"},
    {"R-DL-2 2028 30/4 Sun, 1/5 Mon, nghỉ bù Tue 2/5", "2028-04-28", "2028-04-29", "2028-05-02",
     "2028-05-03"},
    {"R-DL-2 2028 2/9 Sat with 1/9 Fri, nghỉ bù Mon 4/9", "2028-08-31", "2028-09-01", "2028-09-04",
     "2028-09-05"},
    {"R-DL-2 2029 New Year Mon 1/1", "2028-12-29", "2028-12-30", "2029-01-01", "2029-01-02"},
    {"R-DL-2 2029 Tết: eve Mon 12/2..Fri 16/2", "2029-02-09", "2029-02-10", "2029-02-18",
     "2029-02-19"},
    {"R-DL-2 2029 Giỗ Tổ Mon 23/4", "2029-04-20", "2029-04-21", "2029-04-23", "2029-04-24"},
    {"R-DL-2 2029 30/4 Mon, 1/5 Tue", "2029-04-27", "2029-04-28", "2029-05-01", "2029-05-02"},
    {"R-DL-2 2029 2/9 Sun with 1/9 Sat, nghỉ bù Mon 3, Tue 4", "2029-08-31", "2029-09-01",
     "2029-09-04", "2029-09-05"},
    {"R-DL-2 2030 New Year Tue 1/1", "2029-12-31", "2030-01-01", "2030-01-01", "2030-01-02"},
    {"R-DL-2 2030 Tết: eve Fri 1/2..Tue 5/2, nghỉ bù Wed 6, Thu 7", "2030-01-31", "2030-02-01",
     "2030-02-07", "2030-02-08"},
    {"R-DL-2 2030 Giỗ Tổ Fri 12/4", "2030-04-11", "2030-04-12", "2030-04-14", "2030-04-15"},
    {"R-DL-2 2030 30/4 Tue, 1/5 Wed", "2030-04-29", "2030-04-30", "2030-05-01", "2030-05-02"},
    {"R-DL-2 2030 2/9 Mon with 3/9 Tue", "2030-08-30", "2030-08-31", "2030-09-03", "2030-09-04"},
};

static bool working(const char *date)
{
	int y, m, d;

	if (cal_parse_date(date, &y, &m, &d, "date", NULL) != ERR_OK)
		fail_msg("bad date literal %s", date);
	return cal_is_working_day(&cal, y, m, d);
}

static void run_period_case(void **state)
{
	const struct period_case *c = *state;
	int y, m, d;
	int64_t first, last;

	if (!working(c->before))
		fail_msg("%s should be a working day", c->before);
	if (!working(c->after))
		fail_msg("%s should be a working day", c->after);
	cal_parse_date(c->first, &y, &m, &d, "first", NULL);
	first = cal_days_from_civil(y, m, d);
	cal_parse_date(c->last, &y, &m, &d, "last", NULL);
	last = cal_days_from_civil(y, m, d);
	assert_true(first <= last);
	for (int64_t day = first; day <= last; day++) {
		cal_civil_from_days(day, &y, &m, &d);
		if (cal_is_working_day(&cal, y, m, d))
			fail_msg("%04d-%02d-%02d should be off", y, m, d);
	}
}

/* ---- kinds of single days ---------------------------------------------- */

struct kind_case {
	const char *name;
	const char *date;
	const char *kind; /* NULL: not listed as a day off */
	bool working;
};

static const struct kind_case kind_cases[] = {
    {"R-DL-1 2023-01-02 is nghỉ bù for Sunday 1/1", "2023-01-02", "compensatory", false},
    {"R-DL-1 2023-01-25 is nghỉ bù for Tết", "2023-01-25", "compensatory", false},
    {"R-DL-1 2023-09-04 is nghỉ bù for Saturday 2/9", "2023-09-04", "compensatory", false},
    {"R-DL-1 2024-04-29 is swapped", "2024-04-29", "swapped", false},
    {"R-DL-1 2024-05-04 Saturday is a make-up working day", "2024-05-04", NULL, true},
    {"R-DL-1 2025-01-27 is a Tết holiday (28 Chạp)", "2025-01-27", "holiday", false},
    {"R-DL-1 2025-05-02 is swapped", "2025-05-02", "swapped", false},
    {"R-DL-1 2025-04-26 Saturday is a make-up working day", "2025-04-26", NULL, true},
    {"R-DL-1 2025-04-19 Saturday stays off", "2025-04-19", NULL, false},
    {"R-DL-1 2026-01-02 is swapped", "2026-01-02", "swapped", false},
    {"R-DL-1 2026-01-10 Saturday is a make-up working day", "2026-01-10", NULL, true},
    {"R-DL-1 2026-04-26 Sunday is listed as the holiday", "2026-04-26", "holiday", false},
    {"R-DL-1 2026-04-27 is nghỉ bù for Giỗ Tổ", "2026-04-27", "compensatory", false},
    {"R-DL-1 2026-08-22 Saturday is a make-up working day", "2026-08-22", NULL, true},
    {"R-DL-1 2026-08-31 is swapped", "2026-08-31", "swapped", false},
    {"R-DL-1 2026-11-24 (pending, unverified) is a working day", "2026-11-24", NULL, true},
    {"R-DL-2 2027-02-05 eve of Tết is a holiday", "2027-02-05", "holiday", false},
    {"R-DL-2 2027-02-10 is nghỉ bù for Saturday 6/2", "2027-02-10", "compensatory", false},
    {"R-DL-2 2029-09-04 is nghỉ bù for Sunday 2/9", "2029-09-04", "compensatory", false},
    {"R-DL-2 2028-01-29 Saturday mùng 4 is a holiday", "2028-01-29", "holiday", false},
};

static void run_kind_case(void **state)
{
	const struct kind_case *c = *state;
	struct cal_schedule s;
	const char *kind = NULL;
	int y, m, d;

	assert_int_equal(cal_parse_date(c->date, &y, &m, &d, "date", NULL), ERR_OK);
	assert_int_equal(cal_year_schedule(&cal, y, &s, NULL), ERR_OK);
	for (size_t i = 0; i < s.n_off; i++)
		if (s.off[i].month == m && s.off[i].day == d)
			kind = cal_off_kind_name(s.off[i].kind);
	if (c->kind || kind)
		assert_string_equal(kind ? kind : "(none)", c->kind ? c->kind : "(none)");
	assert_int_equal(cal_is_working_day(&cal, y, m, d), c->working);
}

static void sources_and_names(void **state)
{
	struct cal_schedule s;

	(void)state;
	assert_int_equal(cal_year_schedule(&cal, 2025, &s, NULL), ERR_OK);
	assert_string_equal(cal_source_name(s.source), "official");
	assert_int_equal(s.n_off, 12);
	assert_int_equal(s.n_workdays, 1);
	assert_string_equal(s.off[1].name, "Tết Nguyên đán");
	assert_int_equal(s.n_hours, 2);
	assert_int_equal(s.hours[0].from, 450);
	assert_int_equal(s.hours[1].to, 1020);
	assert_int_equal(cal_year_schedule(&cal, 2027, &s, NULL), ERR_OK);
	assert_string_equal(cal_source_name(s.source), "computed");
	assert_int_equal(s.n_off, 14);
	assert_int_equal(cal_year_schedule(&cal, 1899, &s, NULL), ERR_INVALID);
	assert_int_equal(cal_day_minutes(&cal), 480);
}

/* ---- R-DL-2: defaults compared with the official schedules ------------- */

struct agree_case {
	const char *name;
	int year;
	int from_m, from_d, to_m, to_d; /* window, inclusive */
	int n;				/* days off expected in the window */
};

/* Windows in which the official schedule is exactly what R-DL-2 computes
 * (same dates, same kinds). Outside them the Government moved days: Tết
 * 2023-2025 started a day or two earlier, and swaps were announced. */
static const struct agree_case agree_cases[] = {
    {"R-DL-2 2023 New Year: defaults = official", 2023, 1, 1, 1, 10, 2},
    {"R-DL-2 2023 Giỗ Tổ, 30/4, 1/5 + nghỉ bù: defaults = official", 2023, 4, 20, 5, 10, 5},
    {"R-DL-2 2023 Quốc khánh: defaults = official", 2023, 8, 25, 9, 10, 3},
    {"R-DL-2 2024 New Year: defaults = official", 2024, 1, 1, 1, 10, 1},
    {"R-DL-2 2024 Giỗ Tổ: defaults = official", 2024, 4, 10, 4, 20, 1},
    {"R-DL-2 2024 Quốc khánh: defaults = official", 2024, 8, 25, 9, 10, 2},
    {"R-DL-2 2025 New Year: defaults = official", 2025, 1, 1, 1, 10, 1},
    {"R-DL-2 2025 Giỗ Tổ: defaults = official", 2025, 4, 1, 4, 20, 1},
    {"R-DL-2 2025 Quốc khánh: defaults = official", 2025, 8, 25, 9, 10, 2},
    {"R-DL-2 2026 Tết: defaults = official", 2026, 2, 1, 2, 28, 5},
    {"R-DL-2 2026 Giỗ Tổ, 30/4, 1/5: defaults = official", 2026, 4, 20, 5, 10, 4},
};

static size_t window(const struct cal_schedule *s, const struct agree_case *c,
		     const struct cal_day_off **out)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_off; i++) {
		int md = s->off[i].month * 100 + s->off[i].day;

		if (md >= c->from_m * 100 + c->from_d && md <= c->to_m * 100 + c->to_d)
			out[n++] = &s->off[i];
	}
	return n;
}

static void run_agree_case(void **state)
{
	const struct agree_case *c = *state;
	static struct cal_schedule official, computed;
	const struct cal_day_off *a[CAL_MAX_DAYS_OFF], *b[CAL_MAX_DAYS_OFF];
	size_t na, nb;

	assert_int_equal(cal_year_schedule(&cal, c->year, &official, NULL), ERR_OK);
	assert_int_equal(official.source, CAL_SOURCE_OFFICIAL);
	assert_int_equal(cal_compute_year(c->year, &computed, NULL), ERR_OK);
	na = window(&official, c, a);
	nb = window(&computed, c, b);
	assert_int_equal(na, (size_t)c->n);
	assert_int_equal(nb, (size_t)c->n);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i]->month * 100 + a[i]->day, b[i]->month * 100 + b[i]->day);
		assert_string_equal(cal_off_kind_name(a[i]->kind), cal_off_kind_name(b[i]->kind));
	}
}

static void defaults_differ_where_the_government_chose(void **state)
{
	struct cal_schedule s;
	int n_tet = 0;

	(void)state;
	/* R-DL-2: computed Tết 2025 is eve 28/1 + 29/1..1/2 (Sat) + nghỉ bù
	 * Mon 3/2; the official notice chose 27/1..31/1 instead. */
	assert_int_equal(cal_compute_year(2025, &s, NULL), ERR_OK);
	for (size_t i = 0; i < s.n_off; i++) {
		if (s.off[i].month > 2)
			break;
		if (strcmp(s.off[i].name, "Tết Nguyên đán") == 0)
			n_tet++;
	}
	assert_int_equal(n_tet, 6);
	assert_int_equal(s.off[1].month * 100 + s.off[1].day, 128);
	assert_int_equal(s.off[6].month * 100 + s.off[6].day, 203);
	assert_string_equal(cal_off_kind_name(s.off[6].kind), "compensatory");
	/* the official calendar has Mon 3/2/2025 as a working day */
	assert_true(cal_is_working_day(&cal, 2025, 2, 3));
	assert_false(cal_is_working_day(&cal, 2025, 1, 27));
}

/* ---- R-DL-8: local days off and replacing years ------------------------ */

static void local_day_off_and_removal(void **state)
{
	static struct calendar c;
	struct cal_schedule s;
	struct errbuf eb = {0};
	int64_t due = 0;

	(void)state;
	assert_int_equal(load_official(&c), 0);
	/* R-DL-8: an agency closes Mon 10/3/2025 */
	assert_int_equal(cal_add_local_day(&c, 2025, 3, 10, "Ngày thành lập tỉnh", &eb), ERR_OK);
	assert_false(cal_is_working_day(&c, 2025, 3, 10));
	assert_int_equal(
	    cal_due(&c, tl("2025-03-07 09:00"), 1, CAL_UNIT_WORKING_DAYS, NULL, &due, NULL),
	    ERR_OK);
	assert_time("due over the local day", tl("2025-03-11 09:00"), due);
	assert_int_equal(cal_year_schedule(&c, 2025, &s, NULL), ERR_OK);
	assert_int_equal(s.n_off, 13);
	assert_int_equal(s.off[6].month * 100 + s.off[6].day, 310);
	assert_string_equal(cal_off_kind_name(s.off[6].kind), "local");
	assert_string_equal(s.off[6].name, "Ngày thành lập tỉnh");
	assert_int_equal(cal_add_local_day(&c, 2025, 3, 10, "again", &eb), ERR_CONFLICT);
	assert_int_equal(cal_add_local_day(&c, 2025, 2, 30, "x", &eb), ERR_INVALID);
	assert_string_equal(eb.field, "date");
	assert_int_equal(cal_add_local_day(&c, 2025, 3, 11, "", &eb), ERR_INVALID);
	assert_string_equal(eb.field, "name");
	/* a local day off on the make-up Saturday closes it too */
	assert_int_equal(cal_add_local_day(&c, 2025, 4, 26, "Sự kiện địa phương", &eb), ERR_OK);
	assert_false(cal_is_working_day(&c, 2025, 4, 26));
	assert_int_equal(cal_year_schedule(&c, 2025, &s, NULL), ERR_OK);
	assert_int_equal(s.n_workdays, 0);

	/* R-DL-8: dropping the official 2025 goes back to the defaults; the
	 * local days stay */
	assert_int_equal(cal_remove_year(&c, 2025, &eb), ERR_OK);
	assert_true(cal_is_working_day(&c, 2025, 1, 27));  /* official Tết day */
	assert_false(cal_is_working_day(&c, 2025, 2, 3));  /* computed nghỉ bù */
	assert_false(cal_is_working_day(&c, 2025, 3, 10)); /* local */
	assert_int_equal(cal_year_schedule(&c, 2025, &s, NULL), ERR_OK);
	assert_string_equal(cal_source_name(s.source), "computed");
	assert_int_equal(cal_remove_year(&c, 2101, &eb), ERR_INVALID);
	cal_release(&c);
}

static void office_hours_change_day_length(void **state)
{
	static struct calendar c;
	static const struct cal_interval summer[] = {{7 * 60, 11 * 60 + 30},
						     {13 * 60 + 30, 17 * 60}};
	static const struct cal_interval bad[] = {{13 * 60, 17 * 60}, {7 * 60, 11 * 60}};
	struct errbuf eb = {0};
	int64_t eff = 0, due = 0;

	(void)state;
	assert_int_equal(cal_init(&c, &eb), ERR_OK);
	assert_int_equal(cal_set_office_hours(&c, summer, 2, &eb), ERR_OK);
	assert_int_equal(cal_day_minutes(&c), 480);
	/* R-DL-3 with 07:00-11:30, 13:30-17:00: Mon 06:00 + 1 WD */
	assert_int_equal(
	    cal_due(&c, tl("2027-03-01 06:00"), 1, CAL_UNIT_WORKING_DAYS, &eff, &due, NULL),
	    ERR_OK);
	assert_time("effective start", tl("2027-03-01 07:00"), eff);
	assert_time("due", tl("2027-03-01 17:00"), due);
	assert_int_equal(cal_set_office_hours(&c, bad, 2, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "office_hours[1]");
	assert_int_equal(cal_set_office_hours(&c, summer, 0, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "office_hours");
	cal_release(&c);
}

/* ---- schedule validation ------------------------------------------------ */

static void schedule_validation_names_the_field(void **state)
{
	static struct cal_schedule s;
	struct errbuf eb = {0};

	(void)state;
	cal_schedule_init(&s, 2027, CAL_SOURCE_OFFICIAL);
	assert_int_equal(cal_schedule_add_off(&s, 1, 1, CAL_OFF_HOLIDAY, "Tết Dương lịch", &eb),
			 ERR_OK);
	assert_int_equal(cal_schedule_add_off(&s, 2, 29, CAL_OFF_HOLIDAY, "x", &eb), ERR_OK);
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "days_off[1].date"); /* 2027 is not a leap year */
	s.off[1].day = 28;
	s.off[1].kind = (enum cal_off_kind)9;
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "days_off[1].kind");
	s.off[1].kind = CAL_OFF_SWAPPED;
	s.off[1].month = 1;
	s.off[1].day = 1;
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "days_off[1].date"); /* twice */
	s.off[1].month = 2;
	s.off[1].day = 1; /* Monday */
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_OK);
	assert_int_equal(cal_schedule_add_workday(&s, 2, 3, "Làm bù", &eb), ERR_OK);
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "make_up_workdays[0].date"); /* a Wednesday */
	s.workdays[0].day = 6;					   /* Saturday */
	assert_int_equal(cal_schedule_check(&s, &eb), ERR_OK);
	assert_int_equal(cal_add_year(&cal, &s, &eb), ERR_OK);
	assert_false(cal_is_working_day(&cal, 2027, 2, 1));
	assert_true(cal_is_working_day(&cal, 2027, 2, 6));
	assert_true(cal_is_working_day(&cal, 2027, 2, 5)); /* no computed Tết any more */
	assert_int_equal(cal_remove_year(&cal, 2027, &eb), ERR_OK);
	assert_false(cal_is_working_day(&cal, 2027, 2, 5));
	s.year = 1899;
	assert_int_equal(cal_add_year(&cal, &s, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "year");
}

static void every_computed_year_is_sane(void **state)
{
	static struct cal_schedule s;

	(void)state;
	/* R-DL-2 over 1900-2100: 11 holidays, except 1947 when Giỗ Tổ fell on
	 * 30/4 (one day, both names); compensation only for weekend holidays,
	 * on weekdays; everything valid. */
	for (int y = CAL_YEAR_MIN; y <= CAL_YEAR_MAX; y++) {
		int holidays = 0, weekend = 0, comp = 0;
		int expected = y == 1947 ? 10 : 11;

		assert_int_equal(cal_compute_year(y, &s, NULL), ERR_OK);
		assert_int_equal(cal_schedule_check(&s, NULL), ERR_OK);
		for (size_t i = 0; i < s.n_off; i++) {
			int wd = cal_weekday(y, s.off[i].month, s.off[i].day);

			if (s.off[i].kind == CAL_OFF_HOLIDAY) {
				holidays++;
				weekend += wd >= 6;
			} else {
				assert_int_equal(s.off[i].kind, CAL_OFF_COMPENSATORY);
				assert_true(wd <= 5);
				comp++;
			}
		}
		if (holidays != expected || comp != weekend)
			fail_msg("%d: %d holidays, %d on weekends, %d compensatory", y, holidays,
				 weekend, comp);
	}
}

int main(void)
{
	struct CMUnitTest tests[N_OF(parse_cases) + N_OF(period_cases) + N_OF(kind_cases) +
				N_OF(agree_cases) + 8];
	size_t n = 0;

	CASE_TESTS(tests + n, parse_cases, run_parse_case);
	n += N_OF(parse_cases);
	CASE_TESTS(tests + n, period_cases, run_period_case);
	n += N_OF(period_cases);
	CASE_TESTS(tests + n, kind_cases, run_kind_case);
	n += N_OF(kind_cases);
	CASE_TESTS(tests + n, agree_cases, run_agree_case);
	n += N_OF(agree_cases);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(dates_and_weekdays);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(local_time_is_utc_plus_7);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(sources_and_names);
	tests[n++] =
	    (struct CMUnitTest)cmocka_unit_test(defaults_differ_where_the_government_chose);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(local_day_off_and_removal);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(office_hours_change_day_length);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(schedule_validation_names_the_field);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(every_computed_year_is_sane);
	if (n != N_OF(tests)) {
		fprintf(stderr, "test table size mismatch: %zu of %zu\n", n, N_OF(tests));
		return 1;
	}
	return cmocka_run_group_tests_name("working calendar", tests, setup, teardown);
}
