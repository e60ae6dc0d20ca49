/*
 * machine.c - the transition table. See machine.h. Statuses change only
 * through this table (dossier.c looks every action up here first).
 */
#include "domain/dossier/machine.h"

#include <assert.h>
#include <string.h>

#include "domain/account/account.h"

#define R(x) (1u << (x))
#define DESK R(ROLE_DESK)
#define SPEC R(ROLE_SPECIALIST)
#define ULEAD R(ROLE_UNIT_LEADER)
#define ALEAD R(ROLE_AGENCY_LEADER)
#define CLERK R(ROLE_CLERK)
#define CITIZEN R(ROLE_CITIZEN)
#define SYSTEM R(ROLE_SYSTEM)
#define OFFICERS (DESK | SPEC | ULEAD | ALEAD | CLERK)
#define B DS_BIT

static const struct ds_transition table[] = {
	{DA_RECEIVE, B(DS_SUBMITTED), DS_RECEIVED, DESK,
	 "the desk receives a complete dossier: code, due time, Form 01 (R-DS-2)"},
	{DA_REQUEST_SUPPLEMENT, B(DS_SUBMITTED) | DS_RUNNING, DS_SUPPLEMENT, DESK | SPEC | ULEAD,
	 "ask for every missing paper at once, Form 02; after reception only within 3 WD (R-DS-5)"},
	{DA_SUBMIT_SUPPLEMENT, B(DS_SUPPLEMENT), DS_NONE, DESK | CITIZEN,
	 "the papers came: the clock restarts from zero (R-DS-5, R-DL-6)"},
	{DA_REFUSE, B(DS_SUBMITTED) | DS_RUNNING, DS_REFUSED, DESK | SPEC | ULEAD | ALEAD,
	 "refuse with reasons, Form 03 (R-DS-2, R-DS-7)"},
	{DA_ASSIGN, DS_RUNNING, DS_NONE, ULEAD | ALEAD,
	 "a leader gives the current step to an officer"},
	{DA_FORWARD, DS_RUNNING, DS_PROCESSING, OFFICERS,
	 "finish the current step and start the next (R-DL-7)"},
	{DA_RETURN_STEP, B(DS_PROCESSING), DS_PROCESSING, OFFICERS,
	 "send the dossier back to the previous step"},
	{DA_REQUEST_PAYMENT, DS_RUNNING, DS_PAYMENT, DESK | SPEC | ULEAD,
	 "ask for the fees: the clock pauses (R-DS-6)"},
	{DA_RECORD_PAYMENT, B(DS_PAYMENT), DS_NONE, DESK | SYSTEM,
	 "the fees are paid: the due time moves by the paused working time (R-DS-6)"},
	{DA_TRANSFER, B(DS_PROCESSING), DS_PROCESSING, SPEC | ULEAD | ALEAD,
	 "send to other agencies, in sequence or in parallel (R-DS-11)"},
	{DA_TRANSFER_RETURN, B(DS_PROCESSING), DS_PROCESSING, DESK | SPEC | ULEAD | ALEAD,
	 "another agency handed its part back (R-DS-11)"},
	{DA_APOLOGIZE, DS_RUNNING | B(DS_SUPPLEMENT) | B(DS_PAYMENT), DS_NONE, DESK | ULEAD | ALEAD,
	 "apology and new return time, once, at least 1 WD before the due time (R-DS-8)"},
	{DA_COMPLETE, B(DS_PROCESSING), DS_READY, SPEC | ULEAD | ALEAD | CLERK,
	 "the result is ready (R-DS-9)"},
	{DA_RETURN_RESULT, B(DS_READY), DS_RETURNED, DESK,
	 "the result is handed over in person, by post or online (R-DS-9)"},
	{DA_WITHDRAW, DS_OPEN, DS_WITHDRAWN, DESK | CITIZEN,
	 "the applicant withdraws the dossier (R-DS-10)"},
	{DA_STOP, DS_RUNNING | B(DS_SUPPLEMENT) | B(DS_PAYMENT), DS_STOPPED, ALEAD,
	 "the agency stops processing, with a reason (R-DS-10)"},
};

static const char *const action_names[] = {
	[DA_RECEIVE] = "receive",
	[DA_REQUEST_SUPPLEMENT] = "request_supplement",
	[DA_SUBMIT_SUPPLEMENT] = "submit_supplement",
	[DA_REFUSE] = "refuse",
	[DA_ASSIGN] = "assign",
	[DA_FORWARD] = "forward",
	[DA_RETURN_STEP] = "return_step",
	[DA_REQUEST_PAYMENT] = "request_payment",
	[DA_RECORD_PAYMENT] = "record_payment",
	[DA_TRANSFER] = "transfer",
	[DA_TRANSFER_RETURN] = "transfer_return",
	[DA_APOLOGIZE] = "apologize",
	[DA_COMPLETE] = "complete",
	[DA_RETURN_RESULT] = "return_result",
	[DA_WITHDRAW] = "withdraw",
	[DA_STOP] = "stop",
};
static_assert(sizeof(action_names) / sizeof(action_names[0]) == DA__MAX, "every action named");

static const char *const status_names[] = {
	[DS_NONE] = "",
	[DS_SUBMITTED] = "Mới đăng ký",
	[DS_RECEIVED] = "Được tiếp nhận",
	[DS_REFUSED] = "Không được tiếp nhận",
	[DS_PROCESSING] = "Đang xử lý",
	[DS_SUPPLEMENT] = "Yêu cầu bổ sung giấy tờ",
	[DS_PAYMENT] = "Yêu cầu thực hiện nghĩa vụ tài chính",
	[DS_WITHDRAWN] = "Công dân yêu cầu rút hồ sơ",
	[DS_STOPPED] = "Dừng xử lý",
	[DS_READY] = "Đã xử lý xong",
	[DS_RETURNED] = "Đã trả kết quả",
};
static_assert(sizeof(status_names) / sizeof(status_names[0]) == DS__MAX, "every status named");

static const char *const portal_words[] = {
	[DS_NONE] = "",          [DS_SUBMITTED] = "receiving", [DS_RECEIVED] = "new",
	[DS_REFUSED] = "denied", [DS_PROCESSING] = "processing", [DS_SUPPLEMENT] = "waiting",
	[DS_PAYMENT] = "paying", [DS_WITHDRAWN] = "cancelled", [DS_STOPPED] = "unresolved",
	[DS_READY] = "releasing", [DS_RETURNED] = "done",
};
static_assert(sizeof(portal_words) / sizeof(portal_words[0]) == DS__MAX, "every status mapped");

const struct ds_transition *ds_transition_find(int status, enum ds_action a)
{
	if (status <= DS_NONE || status >= DS__MAX)
		return NULL;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].action == a && (table[i].from & DS_BIT(status)))
			return &table[i];
	return NULL;
}

unsigned ds_allowed(int status)
{
	return ds_allowed_for(status, ~0u);
}

unsigned ds_allowed_for(int status, unsigned roles)
{
	unsigned m = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (status > DS_NONE && status < DS__MAX && (table[i].from & DS_BIT(status)) &&
		    (table[i].roles & roles))
			m |= 1u << table[i].action;
	return m;
}

const char *ds_action_name(enum ds_action a)
{
	return (unsigned)a < DA__MAX ? action_names[a] : "?";
}

bool ds_action_parse(const char *s, enum ds_action *out)
{
	for (int i = 0; i < DA__MAX; i++)
		if (!strcmp(action_names[i], s)) {
			*out = (enum ds_action)i;
			return true;
		}
	return false;
}

const char *ds_status_name(int status)
{
	return status > DS_NONE && status < DS__MAX ? status_names[status] : "";
}

const char *ds_status_portal_word(int status)
{
	return status > DS_NONE && status < DS__MAX ? portal_words[status] : "";
}
