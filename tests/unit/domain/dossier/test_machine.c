/*
 * test_machine.c - the dossier transition table (R-DS) and the masking of
 * personal data, case by case from DOMAIN.md.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/account/account.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/machine.h"

#define A(x) (1u << (x))

static void every_status_allows_exactly_these_actions(void **state)
{
	(void)state;
	static const struct {
		int status;
		unsigned allowed;
		const char *why;
	} cases[] = {
		{DS_SUBMITTED, A(DA_RECEIVE) | A(DA_REQUEST_SUPPLEMENT) | A(DA_REFUSE) | A(DA_WITHDRAW),
		 "R-DS-2: the desk receives, asks for papers (Form 02) or refuses (Form 03)"},
		{DS_RECEIVED, A(DA_REQUEST_SUPPLEMENT) | A(DA_REFUSE) | A(DA_ASSIGN) | A(DA_FORWARD) |
				      A(DA_REQUEST_PAYMENT) | A(DA_APOLOGIZE) | A(DA_WITHDRAW) | A(DA_STOP),
		 "received: routed onward, paused, apologised for, closed"},
		{DS_PROCESSING, A(DA_REQUEST_SUPPLEMENT) | A(DA_REFUSE) | A(DA_ASSIGN) | A(DA_FORWARD) |
					A(DA_RETURN_STEP) | A(DA_REQUEST_PAYMENT) | A(DA_TRANSFER) |
					A(DA_TRANSFER_RETURN) | A(DA_APOLOGIZE) | A(DA_COMPLETE) |
					A(DA_WITHDRAW) | A(DA_STOP),
		 "processing: everything but reception and return"},
		{DS_SUPPLEMENT, A(DA_SUBMIT_SUPPLEMENT) | A(DA_APOLOGIZE) | A(DA_WITHDRAW) | A(DA_STOP),
		 "R-DS-5: waiting for the papers"},
		{DS_PAYMENT, A(DA_RECORD_PAYMENT) | A(DA_APOLOGIZE) | A(DA_WITHDRAW) | A(DA_STOP),
		 "R-DS-6: waiting for the fees"},
		{DS_READY, A(DA_RETURN_RESULT), "R-DS-9: only the hand-over is left"},
		{DS_REFUSED, 0, "R-DS-7 closed"},
		{DS_WITHDRAWN, 0, "R-DS-10 closed"},
		{DS_STOPPED, 0, "R-DS-10 closed"},
		{DS_RETURNED, 0, "R-DS-9 done"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ds_allowed(cases[i].status) != cases[i].allowed)
			fail_msg("status %d (%s): allowed %#x, want %#x", cases[i].status, cases[i].why,
				 ds_allowed(cases[i].status), cases[i].allowed);
	}
	assert_int_equal(ds_allowed(0), 0);
	assert_int_equal(ds_allowed(11), 0);
}

static void roles_are_checked_per_action(void **state)
{
	(void)state;
	unsigned desk = 1u << ROLE_DESK, citizen = 1u << ROLE_CITIZEN, leader = 1u << ROLE_AGENCY_LEADER,
		 inspector = 1u << ROLE_INSPECTOR, specialist = 1u << ROLE_SPECIALIST;
	/* only the desk receives and returns results */
	assert_true(ds_allowed_for(DS_SUBMITTED, desk) & A(DA_RECEIVE));
	assert_false(ds_allowed_for(DS_SUBMITTED, specialist) & A(DA_RECEIVE));
	assert_true(ds_allowed_for(DS_READY, desk) & A(DA_RETURN_RESULT));
	/* R-DS-10: the applicant withdraws; only the agency leader stops */
	assert_true(ds_allowed_for(DS_PROCESSING, citizen) & A(DA_WITHDRAW));
	assert_int_equal(ds_allowed_for(DS_PROCESSING, citizen), A(DA_WITHDRAW));
	assert_true(ds_allowed_for(DS_PROCESSING, leader) & A(DA_STOP));
	assert_false(ds_allowed_for(DS_PROCESSING, specialist) & A(DA_STOP));
	/* the inspector reads, never acts */
	for (int s = 1; s <= 10; s++)
		assert_int_equal(ds_allowed_for(s, inspector), 0);
}

static void transitions_lead_where_the_regulation_says(void **state)
{
	(void)state;
	static const struct {
		int from;
		enum ds_action a;
		int to;
	} cases[] = {
		{DS_SUBMITTED, DA_RECEIVE, DS_RECEIVED},     {DS_SUBMITTED, DA_REFUSE, DS_REFUSED},
		{DS_RECEIVED, DA_FORWARD, DS_PROCESSING},    {DS_PROCESSING, DA_REQUEST_PAYMENT, DS_PAYMENT},
		{DS_PROCESSING, DA_REQUEST_SUPPLEMENT, DS_SUPPLEMENT},
		{DS_PROCESSING, DA_COMPLETE, DS_READY},      {DS_READY, DA_RETURN_RESULT, DS_RETURNED},
		{DS_PAYMENT, DA_WITHDRAW, DS_WITHDRAWN},     {DS_SUPPLEMENT, DA_STOP, DS_STOPPED},
		/* decided by the effect: back to where it was paused */
		{DS_SUPPLEMENT, DA_SUBMIT_SUPPLEMENT, DS_NONE}, {DS_PAYMENT, DA_RECORD_PAYMENT, DS_NONE},
		{DS_PROCESSING, DA_APOLOGIZE, DS_NONE},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ds_transition *t = ds_transition_find(cases[i].from, cases[i].a);
		assert_non_null(t);
		assert_int_equal(t->to, cases[i].to);
	}
	assert_null(ds_transition_find(DS_RETURNED, DA_FORWARD));
	assert_null(ds_transition_find(DS_SUBMITTED, DA_COMPLETE));
}

static void action_names_round_trip(void **state)
{
	(void)state;
	for (int a = 0; a < DA__MAX; a++) {
		enum ds_action back;
		assert_true(ds_action_parse(ds_action_name((enum ds_action)a), &back));
		assert_int_equal(back, a);
	}
	enum ds_action x;
	assert_false(ds_action_parse("teleport", &x));
	assert_string_equal(ds_status_name(DS_PAYMENT), "Yêu cầu thực hiện nghĩa vụ tài chính");
	assert_string_equal(ds_status_portal_word(DS_RETURNED), "done");
}

static void personal_data_is_masked(void **state)
{
	(void)state;
	char out[128];
	mask_digits("0912345678", out, sizeof(out));
	assert_string_equal(out, "0912***678");
	mask_digits("001085012345", out, sizeof(out));
	assert_string_equal(out, "0010***345");
	mask_name("Nguyễn Văn An", out, sizeof(out));
	assert_string_equal(out, "Nguyễn V*** A*");
	mask_name("Đặng Thị Ánh Tuyết", out, sizeof(out));
	assert_string_equal(out, "Đặng T*** Á*** T*");
	mask_name("Công ty TNHH Ánh Dương", out, sizeof(out));
	assert_string_equal(out, "Công t*** T*** Á*** D*");
	mask_email("an.nguyen@example.vn", out, sizeof(out));
	assert_string_equal(out, "a***@example.vn");
	mask_email("", out, sizeof(out));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_status_allows_exactly_these_actions),
		cmocka_unit_test(roles_are_checked_per_action),
		cmocka_unit_test(transitions_lead_where_the_regulation_says),
		cmocka_unit_test(action_names_round_trip),
		cmocka_unit_test(personal_data_is_masked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
