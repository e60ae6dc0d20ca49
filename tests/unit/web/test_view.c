/*
 * test_view.c - how pages show values (src/web/view.c: money, dates,
 * times, the display strings added to models, list counts) and read form
 * posts (src/web/webform.c: repeated names, percent-decoding, blanks,
 * invalid UTF-8, textarea lines). Expected values are written by hand from
 * the Vietnamese conventions: 27/01/2025, 1.500.000 đ.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "web/view.h"
#include "web/webform.h"

static void money_is_grouped_by_thousands(void **state)
{
	char b[48];
	(void)state;
	view_money(1500000, 0, b, sizeof(b));
	assert_string_equal(b, "1.500.000 đ");
	view_money(1500000, 1, b, sizeof(b));
	assert_string_equal(b, "1,500,000 VND");
	view_money(0, 0, b, sizeof(b));
	assert_string_equal(b, "0 đ");
	view_money(999, 0, b, sizeof(b));
	assert_string_equal(b, "999 đ");
	view_money(1000, 0, b, sizeof(b));
	assert_string_equal(b, "1.000 đ");
	view_money(-25000, 0, b, sizeof(b));
	assert_string_equal(b, "-25.000 đ");
}

static void dates_and_times_read_day_first(void **state)
{
	char b[48];
	(void)state;
	view_date("2025-01-27", b, sizeof(b));
	assert_string_equal(b, "27/01/2025");
	view_time("2025-01-27T09:05:00+07:00", b, sizeof(b));
	assert_string_equal(b, "09:05, 27/01/2025");
	view_time("2025-01-27", b, sizeof(b));
	assert_string_equal(b, "27/01/2025");
	view_time("soon", b, sizeof(b));
	assert_string_equal(b, "soon");
	view_time(NULL, b, sizeof(b));
	assert_string_equal(b, "");
	/* a malformed value is shown as it is, never half-parsed */
	view_date("2025-1-27", b, sizeof(b));
	assert_string_equal(b, "2025-1-27");
}

static void typed_dates_become_iso(void **state)
{
	char b[24];
	(void)state;
	assert_int_equal(view_parse_when("24/11/2026", b, sizeof(b)), 0);
	assert_string_equal(b, "2026-11-24");
	assert_int_equal(view_parse_when(" 1.2.2026", b, sizeof(b)), 0);
	assert_string_equal(b, "2026-02-01");
	assert_int_equal(view_parse_when("18/03/2025 17:00", b, sizeof(b)), 0);
	assert_string_equal(b, "2025-03-18T17:00");
	assert_int_equal(view_parse_when("18-03-2025, 7:05", b, sizeof(b)), 0);
	assert_string_equal(b, "2025-03-18T07:05");
	assert_int_equal(view_parse_when("2025-03-18T17:00", b, sizeof(b)), 0);
	assert_string_equal(b, "2025-03-18T17:00");
	assert_int_equal(view_parse_when("18/03/25", b, sizeof(b)), -1);
	assert_int_equal(view_parse_when("18/03/2025 25:00", b, sizeof(b)), -1);
	assert_int_equal(view_parse_when("18/03/2025 17:00 tomorrow", b, sizeof(b)), -1);
	assert_int_equal(view_parse_when("soon", b, sizeof(b)), -1);
	assert_string_equal(b, "");
}

static void decorate_adds_display_strings_without_changing_the_model(void **state)
{
	(void)state;
	json_t *m = json_loads("{\"status\": 4, \"due_at\": \"2025-03-07T08:00:00+07:00\", \"fees_total\": 5000000,"
			       " \"steps\": [{\"role\": \"specialist\", \"timeliness\": \"late\", \"finished_at\": null}],"
			       " \"events\": [{\"at\": \"2025-03-04T08:00:00+07:00\", \"action\": \"receive\", \"to_status\": 2}],"
			       " \"due_at_text\": \"kept\"}",
			       0, NULL);
	assert_non_null(m);
	view_decorate(m, 0);
	assert_string_equal(json_string_value(json_object_get(m, "status_text")), "Đang xử lý");
	assert_string_equal(json_string_value(json_object_get(m, "due_at_text")), "kept");
	assert_string_equal(json_string_value(json_object_get(m, "fees_total_text")), "5.000.000 đ");
	json_t *st = json_array_get(json_object_get(m, "steps"), 0);
	assert_string_equal(json_string_value(json_object_get(st, "role_text")), "Chuyên viên");
	assert_string_equal(json_string_value(json_object_get(st, "timeliness_text")), "Quá hạn");
	assert_null(json_object_get(st, "finished_at_text"));
	json_t *ev = json_array_get(json_object_get(m, "events"), 0);
	assert_string_equal(json_string_value(json_object_get(ev, "at_text")), "08:00, 04/03/2025");
	assert_string_equal(json_string_value(json_object_get(ev, "action_text")), "Tiếp nhận hồ sơ");
	assert_string_equal(json_string_value(json_object_get(ev, "to_status_text")), "Được tiếp nhận");
	/* the API's own members are untouched */
	assert_int_equal(json_integer_value(json_object_get(m, "status")), 4);
	view_decorate(m, 1);
	assert_string_equal(json_string_value(json_object_get(ev, "action_text")), "Tiếp nhận hồ sơ");
	json_decref(m);
	m = json_pack("{s:i}", "status", 9);
	view_decorate(m, 1);
	assert_string_equal(json_string_value(json_object_get(m, "status_text")), "Result ready");
	json_decref(m);
}

static void counts_say_whether_a_list_has_items(void **state)
{
	(void)state;
	json_t *m = json_loads("{\"steps\": [], \"d\": {\"events\": [1, 2, 3], \"x\": {\"y\": [[1]]}}}", 0, NULL);
	view_counts(m);
	assert_int_equal(json_integer_value(json_object_get(m, "steps_count")), 0);
	json_t *d = json_object_get(m, "d");
	assert_int_equal(json_integer_value(json_object_get(d, "events_count")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "x"), "y_count")), 1);
	json_decref(m);
}

static void messages_exist_in_both_languages(void **state)
{
	(void)state;
	json_t *vi = view_messages(0), *en = view_messages(1);
	const char *key;
	json_t *v;
	assert_non_null(vi);
	assert_non_null(en);
	json_object_foreach(vi, key, v)
		if (!json_is_string(json_object_get(en, key)))
			fail_msg("web/i18n/en.json lacks %s", key);
	json_object_foreach(en, key, v)
		if (!json_is_string(json_object_get(vi, key)))
			fail_msg("web/i18n/vi.json lacks %s", key);
	assert_string_equal(view_msg(0, "no_such_key"), "no_such_key");
	assert_null(view_msg_opt(0, "role_", "pirate"));
	assert_string_equal(view_msg_opt(0, "role_", "desk"), "Bộ phận Một cửa");
}

static void form_fields_keep_repeated_names(void **state)
{
	(void)state;
	const char body[] = "csrf=ab&doc=TP1&doc=TP2&applicant_name=Nguy%E1%BB%85n+V%C4%83n+An&empty=&doc=TP3";
	json_t *f = webform_parse(body, strlen(body));
	assert_int_equal(json_array_size(webform_all(f, "doc")), 3);
	assert_true(webform_has(f, "doc", "TP2"));
	assert_false(webform_has(f, "doc", "TP4"));
	assert_string_equal(webform_get(f, "applicant_name"), "Nguyễn Văn An");
	assert_null(webform_get(f, "empty"));
	assert_null(webform_get(f, "missing"));
	assert_int_equal(json_array_size(webform_all(f, "missing")), 0);
	json_decref(f);
}

static void form_values_are_trimmed_and_malformed_pairs_dropped(void **state)
{
	(void)state;
	/* %C3 alone is not UTF-8; %0 is cut short; %00 is a NUL; a name
	 * without '=' is nothing */
	const char body[] = "a=+%20x%20y+&bad=%C3&cut=%0&nul=a%00b&lonely&=novalue&ok=1";
	json_t *f = webform_parse(body, strlen(body));
	assert_string_equal(webform_get(f, "a"), "x y");
	assert_null(webform_get(f, "bad"));
	assert_null(webform_get(f, "cut"));
	assert_null(webform_get(f, "nul"));
	assert_null(webform_get(f, "lonely"));
	assert_string_equal(webform_get(f, "ok"), "1");
	json_decref(f);
	f = webform_parse(NULL, 0);
	assert_true(json_is_object(f));
	assert_int_equal(json_object_size(f), 0);
	json_decref(f);
}

static void form_field_count_is_capped(void **state)
{
	(void)state;
	static char body[WEBFORM_MAX_FIELDS * 8 + 64];
	size_t o = 0;
	for (int i = 0; i < WEBFORM_MAX_FIELDS + 50; i++)
		o += (size_t)snprintf(body + o, sizeof(body) - o, "%sx=%d", i ? "&" : "", i % 10);
	json_t *f = webform_parse(body, o);
	assert_int_equal(json_array_size(webform_all(f, "x")), WEBFORM_MAX_FIELDS);
	json_decref(f);
}

static void textarea_lines_skip_blanks(void **state)
{
	(void)state;
	json_t *l = webform_lines("  Bản sao hợp đồng \r\n\r\n\tGiấy ủy quyền\nx", 2);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(json_string_value(json_array_get(l, 0)), "Bản sao hợp đồng");
	assert_string_equal(json_string_value(json_array_get(l, 1)), "Giấy ủy quyền");
	json_decref(l);
	l = webform_lines("", 10);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(money_is_grouped_by_thousands),
	    cmocka_unit_test(dates_and_times_read_day_first),
	    cmocka_unit_test(typed_dates_become_iso),
	    cmocka_unit_test(decorate_adds_display_strings_without_changing_the_model),
	    cmocka_unit_test(counts_say_whether_a_list_has_items),
	    cmocka_unit_test(messages_exist_in_both_languages),
	    cmocka_unit_test(form_fields_keep_repeated_names),
	    cmocka_unit_test(form_values_are_trimmed_and_malformed_pairs_dropped),
	    cmocka_unit_test(form_field_count_is_capped),
	    cmocka_unit_test(textarea_lines_skip_blanks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
