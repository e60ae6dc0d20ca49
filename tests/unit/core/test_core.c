/*
 * test_core.c - unit tests of src/core: text folding for search, Vietnam
 * time parsing and formatting, the capped buffer, configuration.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/conf.h"
#include "core/fold.h"
#include "core/vntime.h"

static void fold_case(const char *in, const char *want)
{
	char *got = fold_text(in, strlen(in));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void folding_strips_vietnamese_marks_and_maps_d(void **state)
{
	(void)state;
	fold_case("Thủ tục ĐẤT ĐAI!", "thu tuc dat dai");
	fold_case("Chuyển giao công nghệ", "chuyen giao cong nghe");
	fold_case("ẮẰẲẴẶ ẤẦẨẪẬ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỶỸỴ đĐ", "aaaaa aaaaa ooooo ooooo uuuuu yyyy dd");
	fold_case("  X-quang   (y tế) ", "x quang y te");
	fold_case("1.004616.000.00.00.H56", "1 004616 000 00 00 h56");
	/* decomposed input (NFD, as some keyboards send it) folds the same */
	fold_case("Thu\xcc\x89 tu\xcc\xa3\x63", "thu tuc");
	fold_case("", "");
}

static void folding_rejects_invalid_utf8(void **state)
{
	(void)state;
	assert_null(fold_text("\xff\xfe", 2));
	assert_int_equal(utf8_valid("abc", 3), 1);
	assert_int_equal(utf8_valid("a\0c", 3), 0);
	assert_int_equal(utf8_valid("\xc3\x28", 2), 0);
	assert_int_equal(utf8_valid("Đ", strlen("Đ")), 1);
}

static void vietnam_time_round_trips(void **state)
{
	(void)state;
	int64_t t;
	char out[32];
	assert_int_equal(vntime_parse("2025-01-27T09:00:00+07:00", &t), 0);
	assert_int_equal(t, 1737943200);
	vntime_format(t, out);
	assert_string_equal(out, "2025-01-27T09:00:00+07:00");
	/* no offset means Vietnam time */
	assert_int_equal(vntime_parse("2025-01-27T09:00", &t), 0);
	assert_int_equal(t, 1737943200);
	assert_int_equal(vntime_parse("2025-01-27T02:00:00Z", &t), 0);
	assert_int_equal(t, 1737943200);
	assert_int_equal(vntime_parse("2025-01-27 09:00:00.250+0700", &t), 0);
	assert_int_equal(t, 1737943200);
	/* a bare date is midnight Vietnam time: 17:00 UTC the day before */
	assert_int_equal(vntime_parse("2025-01-01", &t), 0);
	vntime_format(t, out);
	assert_string_equal(out, "2025-01-01T00:00:00+07:00");
	assert_int_equal(t, 1735664400);
	/* 23:30 UTC is already the next day in Vietnam */
	vntime_format(1735687800, out);
	assert_string_equal(out, "2025-01-01T06:30:00+07:00");
}

static void vietnam_time_rejects_bad_input(void **state)
{
	(void)state;
	int64_t t;
	int y, m, d;
	static const char *const bad[] = {"2025-02-29", "2024-02-30", "2025-13-01", "2025-1-1",
					  "2025-01-01T24:00", "2025-01-01T10:60", "2025-01-01T10:00+",
					  "2025-01-01X", "", "tomorrow", "2025-01-01T10:00:00+25:00"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(vntime_parse(bad[i], &t), -1);
	assert_int_equal(vntime_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(vntime_parse_date("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(vntime_parse_date("2025-02-31", &y, &m, &d), -1);
}

static void civil_days_are_consistent(void **state)
{
	(void)state;
	assert_int_equal(vntime_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(vntime_days_from_civil(2000, 3, 1), 11017);
	for (int64_t z = -700000; z < 800000; z += 97) {
		int y, m, d;
		vntime_civil_from_days(z, &y, &m, &d);
		assert_true(vntime_date_valid(y, m, d));
		assert_int_equal(vntime_days_from_civil(y, m, d), z);
	}
}

static void buffer_stops_at_its_cap(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "12345"), 0);
	assert_int_equal(buf_addf(&b, "%d", 6789), 0);
	assert_string_equal(b.p, "123456789");
	assert_int_equal(buf_adds(&b, "ab"), -1);
	assert_int_equal(b.over, 1);
	assert_int_equal(b.len, 9);
	buf_reset(&b);
	assert_int_equal(buf_add_html(&b, "<a\"'&", 5), -1); /* 23 bytes > 10 */
	buf_release(&b);
	buf_init(&b, 0);
	buf_add_html(&b, "<Đ&\"'>", strlen("<Đ&\"'>"));
	assert_string_equal(b.p, "&lt;Đ&amp;&quot;&#39;&gt;");
	size_t sz;
	char *p = buf_detach(&b, &sz);
	assert_int_equal(sz, strlen(p));
	free(p);
}

static void config_validates_values(void **state)
{
	(void)state;
	struct conf c;
	struct errbuf eb;
	conf_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_int_equal(c.max_body_bytes, 1048576);
	assert_int_equal(conf_set(&c, "threads", "4", &eb), ERR_OK);
	assert_int_equal(c.threads, 4);
	assert_int_equal(conf_set(&c, "threads", "four", &eb), ERR_INVALID);
	assert_string_equal(eb.field, "threads");
	assert_int_equal(conf_set(&c, "access_log", "off", &eb), ERR_OK);
	assert_int_equal(c.access_log, 0);
	assert_int_equal(conf_set(&c, "no_such_key", "1", &eb), ERR_INVALID);
	assert_int_equal(conf_set(&c, "max_body_bytes", "10", &eb), ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(folding_strips_vietnamese_marks_and_maps_d),
		cmocka_unit_test(folding_rejects_invalid_utf8),
		cmocka_unit_test(vietnam_time_round_trips),
		cmocka_unit_test(vietnam_time_rejects_bad_input),
		cmocka_unit_test(civil_days_are_consistent),
		cmocka_unit_test(buffer_stops_at_its_cap),
		cmocka_unit_test(config_validates_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
