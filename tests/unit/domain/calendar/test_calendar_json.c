/*
 * test_calendar_json.c - a year's schedule as JSON (API.md "Calendar and
 * deadlines", R-DL-1, R-DL-8) and the printed year (cal_show_year).
 *
 * Both JSON shapes are read: the API's {"year", "office_hours",
 * "days_off", "make_up_workdays", "source"} and the year objects of
 * data/calendar/vn-holidays.json (no "year", extra "note" members, a
 * citation in "source"). Errors must name the member.
 */
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

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (!j)
		fail_msg("bad JSON literal: %s", jerr.text);
	return j;
}

static void reads_the_api_shape(void **state)
{
	static struct cal_schedule s;
	struct errbuf eb = {0};
	json_t *j = parse("{\"year\": 2027, \"office_hours\": [{\"from\": \"07:00\", \"to\": "
			  "\"11:30\"}, {\"from\": \"13:30\", \"to\": \"17:00\"}], \"days_off\": "
			  "[{\"date\": \"2027-02-05\", \"kind\": \"holiday\", \"name\": \"Tết\"},"
			  " {\"date\": \"2027-03-08\", \"kind\": \"local\", \"name\": \"Ngày "
			  "hội\"}], \"make_up_workdays\": [{\"date\": \"2027-02-20\", \"name\": "
			  "\"Làm bù\"}], \"source\": \"computed\"}");

	(void)state;
	assert_int_equal(cal_schedule_from_json(j, 0, &s, &eb), ERR_OK);
	json_decref(j);
	assert_int_equal(s.year, 2027);
	assert_int_equal(s.source, CAL_SOURCE_COMPUTED);
	assert_int_equal(s.n_hours, 2);
	assert_int_equal(s.hours[0].from, 420);
	assert_int_equal(s.hours[1].from, 810);
	assert_int_equal(s.n_off, 2);
	assert_int_equal(s.off[1].month * 100 + s.off[1].day, 308);
	assert_int_equal(s.off[1].kind, CAL_OFF_LOCAL);
	assert_string_equal(s.off[1].name, "Ngày hội");
	assert_int_equal(s.n_workdays, 1);
	assert_int_equal(s.workdays[0].month * 100 + s.workdays[0].day, 220);
}

static void reads_a_vn_holidays_year(void **state)
{
	static struct cal_schedule s;
	struct errbuf eb = {0};
	json_error_t jerr;
	json_t *root = json_load_file(HOLIDAYS_JSON, 0, &jerr);
	json_t *y2024;

	(void)state;
	assert_non_null(root);
	y2024 = json_object_get(json_object_get(root, "years"), "2024");
	assert_int_equal(cal_schedule_from_json(y2024, 2024, &s, &eb), ERR_OK);
	json_decref(root);
	/* R-DL-1: 2024 lists 14 days off and the make-up Saturday 4/5 */
	assert_int_equal(s.source, CAL_SOURCE_OFFICIAL);
	assert_int_equal(s.n_hours, 0);
	assert_int_equal(s.n_off, 14);
	assert_int_equal(s.off[9].month * 100 + s.off[9].day, 429);
	assert_int_equal(s.off[9].kind, CAL_OFF_SWAPPED);
	assert_int_equal(s.n_workdays, 1);
	assert_int_equal(s.workdays[0].month * 100 + s.workdays[0].day, 504);
}

static void writes_the_api_shape(void **state)
{
	static struct cal_schedule s, back;
	json_t *j;
	char *text;

	(void)state;
	assert_int_equal(cal_year_schedule(&cal, 2025, &s, NULL), ERR_OK);
	s.n_off = 1; /* keep the expected text short: 1/1 only */
	j = cal_schedule_to_json(&s);
	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT);
	assert_string_equal(
	    text, "{\"year\":2025,\"office_hours\":[{\"from\":\"07:30\",\"to\":\"11:30\"},"
		  "{\"from\":\"13:00\",\"to\":\"17:00\"}],\"days_off\":[{\"date\":\"2025-01-01\","
		  "\"kind\":\"holiday\",\"name\":\"Tết Dương lịch\"}],\"make_up_workdays\":"
		  "[{\"date\":\"2025-04-26\",\"name\":\"Làm bù for Friday 2/5/2025 (30/4–1/5 "
		  "swap)\"}],\"source\":\"official\"}");
	free(text);
	assert_int_equal(cal_schedule_from_json(j, 0, &back, NULL), ERR_OK);
	json_decref(j);
	assert_int_equal(back.year, 2025);
	assert_int_equal(back.n_off, 1);
	assert_int_equal(back.n_workdays, 1);
	assert_int_equal(back.n_hours, 2);
	assert_string_equal(back.workdays[0].name, s.workdays[0].name);
}

static void round_trips_every_official_year(void **state)
{
	static struct cal_schedule s, back;

	(void)state;
	for (int y = 2023; y <= 2026; y++) {
		json_t *j;

		assert_int_equal(cal_year_schedule(&cal, y, &s, NULL), ERR_OK);
		j = cal_schedule_to_json(&s);
		assert_non_null(j);
		assert_int_equal(cal_schedule_from_json(j, y, &back, NULL), ERR_OK);
		json_decref(j);
		assert_int_equal(back.n_off, s.n_off);
		assert_int_equal(back.n_workdays, s.n_workdays);
		for (size_t i = 0; i < s.n_off; i++) {
			assert_int_equal(back.off[i].month * 100 + back.off[i].day,
					 s.off[i].month * 100 + s.off[i].day);
			assert_int_equal(back.off[i].kind, s.off[i].kind);
			assert_string_equal(back.off[i].name, s.off[i].name);
		}
		for (size_t i = 0; i < s.n_workdays; i++) {
			assert_int_equal(back.workdays[i].month * 100 + back.workdays[i].day,
					 s.workdays[i].month * 100 + s.workdays[i].day);
			assert_string_equal(back.workdays[i].name, s.workdays[i].name);
		}
	}
}

struct json_err_case {
	const char *name;
	const char *json;
	int year;
	enum err code;
	const char *field;
};

#define DAY(d, k, n) "{\"date\": \"" d "\", \"kind\": \"" k "\", \"name\": \"" n "\"}"

static const struct json_err_case json_err_cases[] = {
    {"a schedule must be an object", "[]", 0, ERR_INVALID, ""},
    {"year is required without a key", "{\"days_off\": []}", 0, ERR_INVALID, "year"},
    {"year must be an integer", "{\"year\": \"2025\", \"days_off\": []}", 0, ERR_INVALID, "year"},
    {"year must match the key", "{\"year\": 2025, \"days_off\": []}", 2024, ERR_INVALID, "year"},
    {"year 1899 is out of range", "{\"year\": 1899, \"days_off\": []}", 0, ERR_INVALID, "year"},
    {"days_off is required", "{\"year\": 2025}", 0, ERR_INVALID, "days_off"},
    {"days_off must be an array", "{\"year\": 2025, \"days_off\": {}}", 0, ERR_INVALID, "days_off"},
    {"a day off must be an object", "{\"year\": 2025, \"days_off\": [1]}", 0, ERR_INVALID,
     "days_off[0]"},
    {"a day off needs YYYY-MM-DD",
     "{\"year\": 2025, \"days_off\": [" DAY("2025-1-01", "holiday", "x") "]}", 0, ERR_INVALID,
     "days_off[0].date"},
    {"a day off must be in the year",
     "{\"year\": 2025, \"days_off\": [" DAY("2024-12-31", "holiday", "x") "]}", 0, ERR_INVALID,
     "days_off[0].date"},
    {"31/2 is not a date",
     "{\"year\": 2025, \"days_off\": [" DAY("2025-02-31", "holiday", "x") "]}", 0, ERR_INVALID,
     "days_off[0].date"},
    {"kind must be known",
     "{\"year\": 2025, \"days_off\": [" DAY("2025-01-01", "holiday",
					    "x") ", " DAY("2025-01-02", "vacation", "y") "]}",
     0, ERR_INVALID, "days_off[1].kind"},
    {"a day off needs a name",
     "{\"year\": 2025, \"days_off\": [{\"date\": \"2025-01-01\", \"kind\": \"holiday\"}]}", 0,
     ERR_INVALID, "days_off[0].name"},
    {"a name longer than 127 bytes is refused",
     "{\"year\": 2025, \"days_off\": [" DAY(
	 "2025-01-01", "holiday",
	 "0123456789012345678901234567890123456789012345678901234567890123456789"
	 "0123456789012345678901234567890123456789012345678901234567890123456789") "]}",
     0, ERR_INVALID, "days_off[0].name"},
    {"a date listed twice is refused",
     "{\"year\": 2025, \"days_off\": [" DAY("2025-01-01", "holiday",
					    "x") ", " DAY("2025-01-01", "local", "y") "]}",
     0, ERR_INVALID, "days_off[1].date"},
    {"a make-up working day must be a weekend day",
     "{\"year\": 2025, \"days_off\": [], \"make_up_workdays\": [{\"date\": \"2025-04-25\", "
     "\"name\": \"x\"}]}",
     0, ERR_INVALID, "make_up_workdays[0].date"},
    {"a make-up working day cannot also be off",
     "{\"year\": 2025, \"days_off\": [" DAY(
	 "2025-04-26", "local",
	 "x") "], "
	      "\"make_up_workdays\": [{\"date\": \"2025-04-26\", \"name\": \"y\"}]}",
     0, ERR_INVALID, "make_up_workdays[0].date"},
    {"office hours need HH:MM",
     "{\"year\": 2025, \"days_off\": [], \"office_hours\": [{\"from\": \"7:30\", \"to\": "
     "\"11:30\"}]}",
     0, ERR_INVALID, "office_hours[0].from"},
    {"office hours must not overlap",
     "{\"year\": 2025, \"days_off\": [], \"office_hours\": [{\"from\": \"07:30\", \"to\": "
     "\"11:30\"}, {\"from\": \"11:00\", \"to\": \"17:00\"}]}",
     0, ERR_INVALID, "office_hours[1]"},
    {"source must be a string", "{\"year\": 2025, \"days_off\": [], \"source\": 5}", 0, ERR_INVALID,
     "source"},
};

static void run_json_err_case(void **state)
{
	const struct json_err_case *c = *state;
	static struct cal_schedule s;
	struct errbuf eb = {0};
	json_t *j = parse(c->json);
	enum err e = cal_schedule_from_json(j, c->year, &s, &eb);

	json_decref(j);
	assert_int_equal(e, c->code);
	assert_string_equal(eb.field, c->field);
	assert_true(eb.msg[0] != '\0');
}

static void too_many_days_off_is_a_limit(void **state)
{
	static struct cal_schedule s;
	struct errbuf eb = {0};
	json_t *j = json_pack("{s:i, s:[]}", "year", 2025, "days_off");

	(void)state;
	for (int i = 0; i <= CAL_MAX_DAYS_OFF; i++) {
		char date[32];

		snprintf(date, sizeof(date), "2025-%02d-%02d", 1 + i / 28, 1 + i % 28);
		json_array_append_new(
		    json_object_get(j, "days_off"),
		    json_pack("{s:s, s:s, s:s}", "date", date, "kind", "local", "name", "x"));
	}
	assert_int_equal(cal_schedule_from_json(j, 0, &s, &eb), ERR_LIMIT);
	assert_string_equal(eb.field, "days_off");
	json_decref(j);
}

static void file_errors_name_the_year(void **state)
{
	static struct calendar c;
	struct errbuf eb = {0};
	json_t *j;

	(void)state;
	assert_int_equal(cal_init(&c, NULL), ERR_OK);
	j = parse("{\"years\": {\"2024\": {\"days_off\": [" DAY("2024-01-01", "bogus", "x") "]}}}");
	assert_int_equal(cal_add_years_from_json(&c, j, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "years.2024.days_off[0].kind");
	json_decref(j);
	j = parse("{\"years\": {\"20x4\": {\"days_off\": []}}}");
	assert_int_equal(cal_add_years_from_json(&c, j, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "years");
	json_decref(j);
	j = parse("{\"lunar\": {}}");
	assert_int_equal(cal_add_years_from_json(&c, j, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "years");
	json_decref(j);
	cal_release(&c);
}

/* ---- cal_show_year ------------------------------------------------------ */

static char *show(int year)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	assert_int_equal(cal_show_year(f, &cal, year), ERR_OK);
	fclose(f);
	return buf;
}

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("missing from the printed year: \"%s\"", needle);
}

static void shows_2025_as_announced(void **state)
{
	char *text = show(2025);

	(void)state;
	/* R-DL-1: the 2025 notice as a reader must see it */
	assert_contains(text, "Working calendar 2025 (official schedule)");
	assert_contains(text,
			"Office hours: 07:30-11:30, 13:00-17:00 (1 working day = 8 h 00 min)");
	/* January's last week: Tết 27-31/1, lunar 28 Chạp .. mùng 3 */
	assert_contains(text, "\n 27H 28     28H 29     29H 1/1    30H 2      31H 3\n");
	/* the make-up Saturday 26/4 and the 30/4 week */
	assert_contains(text, "\n 21  24     22  25     23  26     24  27     25  28     26W 29"
			      "     27. 30\n");
	assert_contains(text, "\n                                   1H 4/4     2S 5       3. 6"
			      "       4. 7\n");
	assert_contains(text, "\n  1H 10/7    2H 11      3  12 ");
	assert_contains(text, "  2025-01-25 Sat - 2025-02-02 Sun   9 days  Tết Nguyên đán\n");
	assert_contains(text, "  2025-04-30 Wed - 2025-05-04 Sun   5 days  Ngày Chiến thắng (30/4)"
			      " / Ngày Quốc tế Lao động (1/5) / Hoán đổi (30/4–1/5)\n");
	assert_contains(text, "  2025-08-30 Sat - 2025-09-02 Tue   4 days  Quốc khánh (2/9)\n");
	assert_contains(text, "  2025-01-27 Mon  holiday       Tết Nguyên đán\n");
	assert_contains(text, "  2025-05-02 Fri  swapped       Hoán đổi (30/4–1/5)\n");
	assert_contains(text, "  2025-09-01 Mon  holiday       Quốc khánh (2/9)\n");
	assert_contains(text, "  2025-04-26 Sat  Làm bù for Friday 2/5/2025 (30/4–1/5 swap)\n");
	/* the leap 6th month of Ất Tỵ starts 25/7 */
	assert_contains(text, " 25  1/6n ");
	free(text);
}

static void shows_a_computed_year(void **state)
{
	char *text = show(2027);

	(void)state;
	assert_contains(text, "Working calendar 2027 (computed schedule)");
	assert_contains(text, "  2027-02-05 Fri - 2027-02-11 Thu   7 days  Tết Nguyên đán\n");
	assert_contains(text, "  2027-02-10 Wed  compensatory  Tết Nguyên đán\n");
	assert_contains(text, "  (none)\n");
	free(text);
	assert_int_equal(cal_show_year(stdout, &cal, 1899), ERR_INVALID);
}

int main(void)
{
	struct CMUnitTest tests[N_OF(json_err_cases) + 8];
	size_t n = 0;

	CASE_TESTS(tests + n, json_err_cases, run_json_err_case);
	n += N_OF(json_err_cases);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(reads_the_api_shape);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(reads_a_vn_holidays_year);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(writes_the_api_shape);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(round_trips_every_official_year);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(too_many_days_off_is_a_limit);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(file_errors_name_the_year);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(shows_2025_as_announced);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(shows_a_computed_year);
	if (n != N_OF(tests)) {
		fprintf(stderr, "test table size mismatch: %zu of %zu\n", n, N_OF(tests));
		return 1;
	}
	return cmocka_run_group_tests_name("calendar JSON and display", tests, setup, teardown);
}
