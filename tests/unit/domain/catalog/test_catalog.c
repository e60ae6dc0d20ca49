/*
 * test_catalog.c - agencies' codes (R-AG-1), procedure validation
 * (R-PR-1, R-PR-2, R-PR-4) and the ranking of catalogue search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog/agency.h"
#include "domain/catalog/procedure.h"

static void agency_codes_follow_both_notations(void **state)
{
	(void)state;
	/* R-AG-1: VVV.ZZ.YY.MXX, 13 characters, level 1 last */
	assert_true(agency_code_valid("000.00.12.H50"));
	assert_true(agency_code_valid("000.00.00.H50"));
	assert_true(agency_code_valid("001.07.12.H50"));
	assert_false(agency_code_valid("000.00.12.Z50")); /* level 1 letter A-Y */
	assert_false(agency_code_valid("000.00.12.h50"));
	assert_false(agency_code_valid("00.00.12.H50"));
	assert_false(agency_code_valid("000.00.12.H5"));
	assert_false(agency_code_valid("000-00-12-H50"));
	assert_false(agency_code_valid("H50.12"));
	assert_true(agency_share_code_valid("H50"));
	assert_true(agency_share_code_valid("H50.12"));
	assert_true(agency_share_code_valid("H50.12.07.001"));
	assert_false(agency_share_code_valid("H50."));
	assert_false(agency_share_code_valid("Z50.12"));
	assert_false(agency_share_code_valid("H50.12.07.001.9"));
	assert_false(agency_share_code_valid("000.00.12.H50"));
}

static void share_code_is_derived_level_first(void **state)
{
	(void)state;
	char out[AGENCY_CODE_MAX + 1];
	agency_share_from_code("000.00.12.H50", out);
	assert_string_equal(out, "H50.12");
	agency_share_from_code("000.00.00.H50", out);
	assert_string_equal(out, "H50");
	agency_share_from_code("000.01.12.H50", out);
	assert_string_equal(out, "H50.12.01");
	agency_share_from_code("001.07.12.H50", out);
	assert_string_equal(out, "H50.12.07.001");
	assert_int_equal(agency_code_level("000.00.00.H50"), 1);
	assert_int_equal(agency_code_level("000.00.12.H50"), 2);
	assert_int_equal(agency_code_level("000.01.12.H50"), 3);
	assert_int_equal(agency_code_level("001.07.12.H50"), 4);
}

static json_t *parse(const char *s)
{
	json_error_t je;
	json_t *v = json_loads(s, JSON_DECODE_ANY, &je);
	assert_non_null(v);
	return v;
}

static void agency_validation_names_the_field(void **state)
{
	(void)state;
	struct errbuf eb;
	json_t *out = NULL;
	json_t *in = parse("{\"code\":\"000.00.12.H50\",\"share_code\":\"H50.13\",\"name\":\"Sở\"}");
	assert_int_equal(agency_validate(in, NULL, &out, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "share_code");
	json_decref(in);
	in = parse("{\"code\":\"000.00.12.H50\",\"name\":\"Sở\",\"office_hours\":[{\"from\":\"13:00\",\"to\":\"17:00\"},{\"from\":\"07:30\",\"to\":\"11:30\"}]}");
	assert_int_equal(agency_validate(in, NULL, &out, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "office_hours[1]");
	json_decref(in);
	in = parse("{\"code\":\"000.00.12.H50\",\"name\":\"Sở\",\"colour\":\"red\"}");
	assert_int_equal(agency_validate(in, NULL, &out, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "colour");
	assert_string_equal(eb.code, "unknown_field");
	json_decref(in);
	in = parse("{\"code\":\"000.00.12.H50\",\"name\":\"Sở\",\"valid_from\":\"2025-07-01\",\"valid_to\":\"2025-06-30\"}");
	assert_int_equal(agency_validate(in, NULL, &out, &eb), ERR_INVALID);
	assert_string_equal(eb.field, "valid_to");
	json_decref(in);
	/* a good one gets its share code and default office hours */
	in = parse("{\"code\":\"000.02.12.H50\",\"name\":\"Phòng Quản lý khoa học\",\"parent\":\"000.00.12.H50\"}");
	assert_int_equal(agency_validate(in, NULL, &out, &eb), ERR_OK);
	assert_string_equal(json_string_value(json_object_get(out, "share_code")), "H50.12.02");
	assert_int_equal(json_integer_value(json_object_get(out, "level")), 3);
	assert_int_equal(json_array_size(json_object_get(out, "office_hours")), 2);
	json_decref(in);
	json_decref(out);
}

static const char *good_procedure =
	"{\"code\":\"1.004201.000.00.00.H50\",\"name\":\"Đăng ký chuyển giao công nghệ\","
	"\"field\":\"Chuyển giao công nghệ\",\"agency\":\"000.00.12.H50\",\"online\":\"full\","
	"\"time_limit\":{\"value\":5,\"unit\":\"working_days\",\"online_value\":3},"
	"\"documents\":[{\"code\":\"TP1\",\"name\":\"Văn bản đề nghị\",\"original\":1}],"
	"\"fees\":[{\"code\":\"PHI1\",\"name\":\"Phí thẩm định\",\"amount\":5000000}],"
	"\"steps\":[{\"name\":\"Tiếp nhận\",\"role\":\"desk\",\"hours\":4},"
	"{\"name\":\"Thẩm định\",\"role\":\"specialist\",\"hours\":28},"
	"{\"name\":\"Phê duyệt\",\"role\":\"agency_leader\",\"hours\":8}]}";

static void procedure_steps_must_add_up_to_the_time_limit(void **state)
{
	(void)state;
	struct errbuf eb;
	json_t *out = NULL, *in = parse(good_procedure);
	/* R-PR-4: 4 + 28 + 8 = 40 h = 5 WD x 8 h */
	assert_int_equal(procedure_validate(in, &out, &eb), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(
				 json_array_get(json_object_get(out, "documents"), 0), "certified_copy")),
			 0);
	json_decref(out);
	json_object_set_new(json_array_get(json_object_get(in, "steps"), 1), "hours", json_integer(20));
	assert_int_equal(procedure_validate(in, &out, &eb), ERR_RULE);
	assert_string_equal(eb.field, "steps");
	assert_string_equal(eb.code, "steps_hours_mismatch");
	json_decref(in);
}

static void procedure_validation_rejects_bad_fields(void **state)
{
	(void)state;
	static const struct {
		const char *path, *value, *field;
		enum err e;
	} cases[] = {
		{"code", "\"1.2.3\"", "code", ERR_INVALID},
		{"online", "\"sometimes\"", "online", ERR_INVALID},
		{"agency", "\"H50.12\"", "agency", ERR_INVALID},
		{"name", "\"\"", "name", ERR_INVALID},
		{"name", "42", "name", ERR_INVALID},
		{"time_limit", "{\"value\":5,\"unit\":\"weeks\"}", "time_limit.unit", ERR_INVALID},
		{"time_limit", "{\"value\":-1,\"unit\":\"days\"}", "time_limit.value", ERR_INVALID},
		{"time_limit", "{\"value\":5,\"unit\":\"working_days\",\"online_value\":7}",
		 "time_limit.online_value", ERR_RULE},
		{"fees", "[{\"code\":\"P\",\"name\":\"x\",\"amount\":1.5}]", "fees[0].amount", ERR_INVALID},
		{"documents", "[{\"code\":\"TP1\",\"name\":\"a\"},{\"code\":\"TP1\",\"name\":\"b\"}]",
		 "documents[1].code", ERR_RULE},
		{"steps", "[{\"name\":\"x\",\"role\":\"janitor\",\"hours\":40}]", "steps[0].role", ERR_INVALID},
		{"extra", "1", "extra", ERR_INVALID},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct errbuf eb;
		json_t *out = NULL, *in = parse(good_procedure);
		json_object_set_new(in, cases[i].path, parse(cases[i].value));
		assert_int_equal(procedure_validate(in, &out, &eb), cases[i].e);
		assert_string_equal(eb.field, cases[i].field);
		assert_null(out);
		json_decref(in);
	}
}

static void procedure_codes(void **state)
{
	(void)state;
	assert_true(procedure_code_valid("1.004616.000.00.00.H56"));
	assert_true(procedure_code_valid("2.001501"));
	assert_false(procedure_code_valid("1.00461.000.00.00.H56"));
	assert_false(procedure_code_valid("1.004616..H56"));
	assert_false(procedure_code_valid("abc"));
	assert_false(procedure_code_valid(""));
}

static double rank(const char *q, const char *code, const char *name, const char *field)
{
	struct proc_query pq;
	struct errbuf eb;
	char text[512];
	char *fn = NULL;
	json_t *doc = json_pack("{s:s,s:s,s:s}", "code", code, "name", name, "field", field);
	fn = procedure_search_text(doc);
	snprintf(text, sizeof(text), "%s", fn);
	free(fn);
	json_decref(doc);
	assert_int_equal(proc_query_parse(q, &pq, &eb), ERR_OK);
	double s = proc_rank(&pq, code, text);
	proc_query_release(&pq);
	return s;
}

static void search_ranks_name_matches_first(void **state)
{
	(void)state;
	const char *f = "Chuyển giao công nghệ";
	double exact = rank("chuyen giao cong nghe", "1.004201", "Đăng ký chuyển giao công nghệ", f);
	double field_only = rank("chuyen giao cong nghe", "1.004203",
				 "Cấp giấy chứng nhận doanh nghiệp khoa học", f);
	double none = rank("chuyen giao cong nghe", "1.004301", "Cấp giấy phép tiến hành công việc bức xạ",
			   "An toàn bức xạ");
	assert_true(exact > field_only);
	assert_true(field_only > 0);
	assert_true(none == 0);
	/* đ is found by d; accents are ignored */
	assert_true(rank("dang ky", "1.004201", "Đăng ký hoạt động", "x") > 0);
	assert_true(rank("ĐĂNG KÝ", "1.004201", "đăng ký hoạt động", "x") > 0);
	/* a whole word beats a prefix, which beats a substring */
	assert_true(rank("in", "1.000001", "Giấy phép in", "x") > rank("in", "1.000002", "Giấy phép inox", "x"));
	/* the code typed exactly wins */
	assert_true(rank("1.004201", "1.004201", "Đăng ký", "x") >= 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agency_codes_follow_both_notations),
		cmocka_unit_test(share_code_is_derived_level_first),
		cmocka_unit_test(agency_validation_names_the_field),
		cmocka_unit_test(procedure_steps_must_add_up_to_the_time_limit),
		cmocka_unit_test(procedure_validation_rejects_bad_fields),
		cmocka_unit_test(procedure_codes),
		cmocka_unit_test(search_ranks_name_matches_first),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
