/*
 * machine.h - the dossier state machine (R-DS): the ten national statuses,
 * the actions officers and citizens take, and the one transition table
 * saying which action is allowed in which status, by which roles, and
 * where it leads. No I/O: dossier.c applies a transition's effects.
 */
#ifndef MOTCUA_DOMAIN_DOSSIER_MACHINE_H
#define MOTCUA_DOMAIN_DOSSIER_MACHINE_H

#include <stdbool.h>

enum ds_status {
	DS_NONE = 0,
	DS_SUBMITTED = 1,  /* Mới đăng ký: filed online, not yet received */
	DS_RECEIVED = 2,   /* Được tiếp nhận */
	DS_REFUSED = 3,    /* Không được tiếp nhận */
	DS_PROCESSING = 4, /* Đang xử lý */
	DS_SUPPLEMENT = 5, /* Yêu cầu bổ sung giấy tờ (paused) */
	DS_PAYMENT = 6,    /* Yêu cầu thực hiện nghĩa vụ tài chính (paused) */
	DS_WITHDRAWN = 7,  /* Công dân yêu cầu rút hồ sơ */
	DS_STOPPED = 8,    /* Dừng xử lý */
	DS_READY = 9,      /* Đã xử lý xong */
	DS_RETURNED = 10,  /* Đã trả kết quả */
	DS__MAX
};

enum ds_action {
	DA_RECEIVE,
	DA_REQUEST_SUPPLEMENT,
	DA_SUBMIT_SUPPLEMENT,
	DA_REFUSE,
	DA_ASSIGN,
	DA_FORWARD,
	DA_RETURN_STEP,
	DA_REQUEST_PAYMENT,
	DA_RECORD_PAYMENT,
	DA_TRANSFER,
	DA_TRANSFER_RETURN,
	DA_APOLOGIZE,
	DA_COMPLETE,
	DA_RETURN_RESULT,
	DA_WITHDRAW,
	DA_STOP,
	DA__MAX
};

#define DS_BIT(s) (1u << (s))
/* Statuses in which the clock runs (R-DL-6: 5 and 6 pause it). */
#define DS_RUNNING (DS_BIT(DS_RECEIVED) | DS_BIT(DS_PROCESSING))
#define DS_OPEN                                                                                 \
	(DS_BIT(DS_SUBMITTED) | DS_RUNNING | DS_BIT(DS_SUPPLEMENT) | DS_BIT(DS_PAYMENT))
#define DS_FINAL                                                                                \
	(DS_BIT(DS_REFUSED) | DS_BIT(DS_WITHDRAWN) | DS_BIT(DS_STOPPED) | DS_BIT(DS_READY) |     \
	 DS_BIT(DS_RETURNED))

struct ds_transition {
	enum ds_action action;
	unsigned from;  /* DS_BIT mask of statuses it is allowed in */
	int to;         /* the new status; DS_NONE = decided by the effect */
	unsigned roles; /* bit (1 << enum role) of roles that may take it */
	const char *doc;
};

/* The transition for action in status, or NULL when not allowed. */
const struct ds_transition *ds_transition_find(int status, enum ds_action a);
/* The actions allowed in status (bit (1 << action)), for any role. */
unsigned ds_allowed(int status);
/* The actions allowed in status for a user holding roles. */
unsigned ds_allowed_for(int status, unsigned roles);

/* "receive", "request_supplement", ... (API.md names); parse returns
 * false on an unknown name. */
const char *ds_action_name(enum ds_action a);
bool ds_action_parse(const char *s, enum ds_action *out);
/* "Được tiếp nhận", ... and the national portal's word ("new", ...). */
const char *ds_status_name(int status);
const char *ds_status_portal_word(int status);

#endif
