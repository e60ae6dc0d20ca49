/*
 * test_lunar.c - the Vietnamese lunar calendar (R-DL-2).
 *
 * Known dates from DOMAIN.md and the published Vietnamese calendar, every
 * solar day of 1900-2100 converted there and back, and the lunar table of
 * data/calendar/vn-holidays.json (Tết, Giỗ Tổ, new year's eve and the
 * Chinese UTC+8 dates where they differ) for 1985-2035.
 */
#include <stdlib.h>

#include "cal_test.h"

#include "domain/calendar/lunar.h"

struct solar_lunar_case {
	const char *name;
	int y, m, d;	      /* solar */
	int ly, lm, ld, leap; /* lunar */
};

static const struct solar_lunar_case sl_cases[] = {
    {"R-DL-2 Tết 1985 is 21/1 in Vietnam", 1985, 1, 21, 1985, 1, 1, 0},
    {"R-DL-2 Tết 2007 is 17/2", 2007, 2, 17, 2007, 1, 1, 0},
    {"R-DL-2 Tết 2027 is 6/2", 2027, 2, 6, 2027, 1, 1, 0},
    {"R-DL-2 Tết 2025 is 29/1", 2025, 1, 29, 2025, 1, 1, 0},
    {"R-DL-2 new year's eve 2025 is 29 Chạp", 2025, 1, 28, 2024, 12, 29, 0},
    {"R-DL-2 new year's eve 2023 is 30 Chạp", 2023, 1, 21, 2022, 12, 30, 0},
    {"R-DL-2 1/1/2025 is 2/12 of lunar 2024", 2025, 1, 1, 2024, 12, 2, 0},
    {"R-DL-2 Giỗ Tổ 2025 is 10/3 = 7/4", 2025, 4, 7, 2025, 3, 10, 0},
    {"R-DL-2 Giỗ Tổ 2026 is 10/3 = 26/4", 2026, 4, 26, 2026, 3, 10, 0},
    {"R-DL-2 2033 leap 11th month starts 22/12/2033", 2033, 12, 22, 2033, 11, 1, 1},
    {"R-DL-2 2033 regular 11th month starts 22/11/2033", 2033, 11, 22, 2033, 11, 1, 0},
    {"R-DL-2 month 12 of 2033 starts 20/1/2034", 2034, 1, 20, 2033, 12, 1, 0},
    {"R-DL-2 Tết 2034 is 19/2", 2034, 2, 19, 2034, 1, 1, 0},
    {"R-DL-2 2023 leap 2nd month starts 22/3", 2023, 3, 22, 2023, 2, 1, 1},
    {"R-DL-2 2025 leap 6th month starts 25/7", 2025, 7, 25, 2025, 6, 1, 1},
    {"R-DL-2 2020 leap 4th month starts 23/5", 2020, 5, 23, 2020, 4, 1, 1},
    {"R-DL-2 1/1/1900 is in lunar 1899 month 12", 1900, 1, 1, 1899, 12, 1, 0},
    {"R-DL-2 Tết 1900 is 31/1", 1900, 1, 31, 1900, 1, 1, 0},
    {"R-DL-2 Tết 2100 is 9/2", 2100, 2, 9, 2100, 1, 1, 0},
};

static void run_sl_case(void **state)
{
	const struct solar_lunar_case *c = *state;
	struct lunar_date l = {0, 0, 0, false};
	int y = 0, m = 0, d = 0;

	assert_int_equal(lunar_from_solar(c->y, c->m, c->d, &l, NULL), ERR_OK);
	assert_int_equal(l.year, c->ly);
	assert_int_equal(l.month, c->lm);
	assert_int_equal(l.day, c->ld);
	assert_int_equal(l.leap, c->leap);
	assert_int_equal(lunar_to_solar(&l, &y, &m, &d, NULL), ERR_OK);
	assert_int_equal(y, c->y);
	assert_int_equal(m, c->m);
	assert_int_equal(d, c->d);
}

static void china_differs_in_1985(void **state)
{
	struct lunar_date tet = {1985, 1, 1, false};
	int y = 0, m = 0, d = 0;

	(void)state;
	/* R-DL-2: at UTC+8 the new moon of 21/1/1985 falls after midnight,
	 * so China's calendar has a different leap month and Tết on 20/2. */
	assert_int_equal(lunar_to_solar_tz(&tet, 8.0, &y, &m, &d, NULL), ERR_OK);
	assert_int_equal(y * 10000 + m * 100 + d, 19850220);
	assert_int_equal(lunar_to_solar(&tet, &y, &m, &d, NULL), ERR_OK);
	assert_int_equal(y * 10000 + m * 100 + d, 19850121);
}

static void leap_months(void **state)
{
	(void)state;
	assert_int_equal(lunar_leap_month(2033), 11);
	assert_int_equal(lunar_leap_month(2034), 0);
	assert_int_equal(lunar_leap_month(2023), 2);
	assert_int_equal(lunar_leap_month(2025), 6);
	assert_int_equal(lunar_leap_month(2024), 0);
	assert_int_equal(lunar_leap_month(2020), 4);
	assert_int_equal(lunar_leap_month(1985), 2);
	assert_int_equal(lunar_leap_month(1899), -1);
	assert_int_equal(lunar_month_days(2024, 12, false), 29); /* eve 2025 is the 29th */
	assert_int_equal(lunar_month_days(2022, 12, false), 30);
	assert_int_equal(lunar_month_days(2033, 11, true), 29);
	assert_int_equal(lunar_month_days(2034, 11, true), -1);
}

struct bad_lunar_case {
	const char *name;
	struct lunar_date l;
};

static const struct bad_lunar_case bad_lunar_cases[] = {
    {"lunar 30 Chạp 2024 does not exist (29 days)", {2024, 12, 30, false}},
    {"lunar leap 5 of 2025 does not exist (leap 6)", {2025, 5, 1, true}},
    {"lunar month 13 does not exist", {2025, 13, 1, false}},
    {"lunar month 0 does not exist", {2025, 0, 1, false}},
    {"lunar day 0 does not exist", {2025, 1, 0, false}},
    {"lunar day 31 does not exist", {2025, 1, 31, false}},
    {"lunar year 1800 is out of range", {1800, 1, 1, false}},
    {"lunar 2/12/2100 falls after 2100 (1/12 is 31/12/2100)", {2100, 12, 2, false}},
};

static void run_bad_lunar_case(void **state)
{
	const struct bad_lunar_case *c = *state;
	struct errbuf eb = {0};
	int y = -1, m = -1, d = -1;

	assert_int_equal(lunar_to_solar(&c->l, &y, &m, &d, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "date");
	assert_int_equal(y, -1);
}

static void bad_solar_dates(void **state)
{
	struct lunar_date l = {7, 7, 7, true};
	struct errbuf eb = {0};

	(void)state;
	assert_int_equal(lunar_from_solar(2025, 2, 29, &l, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "date");
	assert_int_equal(lunar_from_solar(2025, 4, 31, &l, &eb), ERR_INVALID);
	assert_int_equal(lunar_from_solar(1899, 12, 31, &l, &eb), ERR_INVALID);
	assert_int_equal(lunar_from_solar(2101, 1, 1, &l, &eb), ERR_INVALID);
	assert_int_equal(lunar_from_solar_tz(2025, 1, 1, 15.0, &l, &eb), ERR_INVALID);
	assert_int_equal(l.year, 7); /* untouched */
	assert_int_equal(lunar_from_solar(2100, 12, 31, &l, &eb), ERR_OK);
}

/* R-DL-2: every solar day 1900-2100 converts to a lunar date that converts
 * back to it, and consecutive days step through the lunar calendar: the
 * day grows by one, or a new month starts after a 29th or 30th. */
static void round_trip_every_day(void **state)
{
	struct lunar_date prev = {0, 0, 0, false};
	int64_t first = cal_days_from_civil(1900, 1, 1), last = cal_days_from_civil(2100, 12, 31);
	int64_t n = 0, months = 0, leaps = 0;

	(void)state;
	for (int64_t day = first; day <= last; day++) {
		struct lunar_date l;
		int y, m, d, y2, m2, d2;

		cal_civil_from_days(day, &y, &m, &d);
		if (lunar_from_solar(y, m, d, &l, NULL) != ERR_OK)
			fail_msg("lunar_from_solar %04d-%02d-%02d failed", y, m, d);
		if (lunar_to_solar(&l, &y2, &m2, &d2, NULL) != ERR_OK || y2 != y || m2 != m ||
		    d2 != d)
			fail_msg("%04d-%02d-%02d -> %d/%d%s/%d -> %04d-%02d-%02d", y, m, d, l.day,
				 l.month, l.leap ? "L" : "", l.year, y2, m2, d2);
		if (day > first) {
			if (l.day == 1) {
				bool next_in_year =
				    l.month == prev.month + 1 && !l.leap && l.year == prev.year;
				bool leap_after = l.leap && !prev.leap && l.month == prev.month &&
						  l.year == prev.year;
				bool new_year = l.month == 1 && prev.month == 12 &&
						l.year == prev.year + 1 && !l.leap;

				if (prev.day < 29 || prev.day > 30 ||
				    !(next_in_year || leap_after || new_year))
					fail_msg("bad month change at %04d-%02d-%02d", y, m, d);
				months++;
				leaps += l.leap;
			} else if (l.day != prev.day + 1 || l.month != prev.month ||
				   l.leap != prev.leap || l.year != prev.year) {
				fail_msg("bad day step at %04d-%02d-%02d", y, m, d);
			}
		}
		prev = l;
		n++;
	}
	assert_int_equal(n, CAL_NDAYS);
	/* 201 years hold about 2486 lunations, 74 of them leap months */
	assert_true(months >= 2484 && months <= 2487);
	assert_true(leaps >= 72 && leaps <= 76);
}

static void ymd(const char *s, int *y, int *m, int *d)
{
	if (!s || cal_parse_date(s, y, m, d, "date", NULL) != ERR_OK)
		fail_msg("bad date in the JSON: %s", s ? s : "(missing)");
}

static void check_lunar_date(int ly, int lm, int ld, double tz, const char *expected,
			     const char *what)
{
	struct lunar_date l = {ly, lm, ld, false};
	int y, m, d, ey, em, ed;

	ymd(expected, &ey, &em, &ed);
	if (lunar_to_solar_tz(&l, tz, &y, &m, &d, NULL) != ERR_OK)
		fail_msg("%s of %d: conversion failed", what, ly);
	if (y != ey || m != em || d != ed)
		fail_msg("%s of %d (UTC%+.0f): expected %s, got %04d-%02d-%02d", what, ly, tz,
			 expected, y, m, d);
}

/* R-DL-2: the lunar table of vn-holidays.json, 1985-2035. */
static void json_lunar_table(void **state)
{
	json_error_t jerr;
	json_t *root = json_load_file(HOLIDAYS_JSON, 0, &jerr), *table, *row;
	const char *key;
	int years = 0, china = 0;

	(void)state;
	assert_non_null(root);
	table = json_object_get(root, "lunar");
	assert_true(json_is_object(table));
	json_object_foreach(table, key, row)
	{
		int ly = (int)strtol(key, NULL, 10);
		const char *eve = json_string_value(json_object_get(row, "lunar_new_year_eve"));
		int eve_day =
		    (int)json_integer_value(json_object_get(row, "lunar_new_year_eve_day"));
		struct lunar_date l;
		int y, m, d;

		check_lunar_date(ly, 1, 1, 7.0, json_string_value(json_object_get(row, "tet")),
				 "tet");
		check_lunar_date(ly, 3, 10, 7.0,
				 json_string_value(json_object_get(row, "hung_kings")),
				 "hung_kings");
		ymd(eve, &y, &m, &d);
		assert_int_equal(lunar_from_solar(y, m, d, &l, NULL), ERR_OK);
		if (l.year != ly - 1 || l.month != 12 || l.day != eve_day)
			fail_msg("eve %s: got %d/%d/%d, want %d/12/%d", eve, l.day, l.month, l.year,
				 eve_day, ly - 1);
		if (json_object_get(row, "tet_china_utc8")) {
			check_lunar_date(ly, 1, 1, 8.0,
					 json_string_value(json_object_get(row, "tet_china_utc8")),
					 "tet UTC+8");
			china++;
		}
		if (json_object_get(row, "hung_kings_china_utc8")) {
			check_lunar_date(
			    ly, 3, 10, 8.0,
			    json_string_value(json_object_get(row, "hung_kings_china_utc8")),
			    "hung_kings UTC+8");
			china++;
		}
		years++;
	}
	json_decref(root);
	assert_int_equal(years, 2035 - 1985 + 1);
	assert_int_equal(china, 4);
}

int main(void)
{
	struct CMUnitTest tests[N_OF(sl_cases) + N_OF(bad_lunar_cases) + 5];
	size_t n = 0;

	CASE_TESTS(tests + n, sl_cases, run_sl_case);
	n += N_OF(sl_cases);
	CASE_TESTS(tests + n, bad_lunar_cases, run_bad_lunar_case);
	n += N_OF(bad_lunar_cases);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(china_differs_in_1985);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(leap_months);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(bad_solar_dates);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(round_trip_every_day);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(json_lunar_table);
	if (n != N_OF(tests)) {
		fprintf(stderr, "test table size mismatch: %zu of %zu\n", n, N_OF(tests));
		return 1;
	}
	return cmocka_run_group_tests_name("lunar calendar", tests, NULL, NULL);
}
