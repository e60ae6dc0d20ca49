/*
 * cal_test.h - helpers shared by the calendar unit tests (header-only:
 * every tests/unit test_*.c file is its own program).
 *
 * Times in the tables are written as Vietnam local time strings and read
 * with cal_parse_time(), whose own cases are in test_calendar.c. The
 * official calendar is data/calendar/vn-holidays.json, read relative to the
 * project root (the working directory when tests run).
 */
#ifndef MOTCUA_TEST_CAL_TEST_H
#define MOTCUA_TEST_CAL_TEST_H

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_json.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define HOLIDAYS_JSON "data/calendar/vn-holidays.json"

/* Vietnam local "YYYY-MM-DD HH:MM[:SS]" to Unix time; fails the test on a
 * typo in a table. */
static inline int64_t tl(const char *s)
{
	int64_t t = 0;
	struct errbuf eb = {0};

	if (cal_parse_time(s, &t, "t", &eb) != ERR_OK)
		fail_msg("bad time literal \"%s\": %s", s, eb.msg);
	return t;
}

/* Assert two times are equal, printing both as Vietnam local times. */
static inline void assert_time(const char *what, int64_t expected, int64_t actual)
{
	char e[40], a[40];

	if (expected == actual)
		return;
	cal_format_time(expected, e, sizeof(e));
	cal_format_time(actual, a, sizeof(a));
	fail_msg("%s: expected %s, got %s", what, e, a);
}

/* Init cal and add the official schedules; 0 on success (cmocka setup). */
static inline int load_official(struct calendar *cal)
{
	struct errbuf eb = {0};
	json_error_t jerr;
	json_t *root;
	enum err e;

	if (cal_init(cal, &eb) != ERR_OK) {
		fprintf(stderr, "cal_init: %s\n", eb.msg);
		return -1;
	}
	root = json_load_file(HOLIDAYS_JSON, 0, &jerr);
	if (!root) {
		fprintf(stderr, "%s: %s\n", HOLIDAYS_JSON, jerr.text);
		cal_release(cal);
		return -1;
	}
	e = cal_add_years_from_json(cal, root, &eb);
	json_decref(root);
	if (e != ERR_OK) {
		fprintf(stderr, "%s: %s (%s)\n", HOLIDAYS_JSON, eb.msg, eb.field);
		cal_release(cal);
		return -1;
	}
	return 0;
}

/* Fill tests[0..n) with one cmocka test per row of a case table; each test
 * gets its row as *state. */
#define CASE_TESTS(tests, cases, fn)                                                               \
	for (size_t i_ = 0; i_ < N_OF(cases); i_++)                                                \
		(tests)[i_] = (struct CMUnitTest)                                                  \
		{                                                                                  \
			(cases)[i_].name, (fn), NULL, NULL, (void *)&(cases)[i_]                   \
		}

#endif
