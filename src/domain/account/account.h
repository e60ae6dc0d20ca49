/*
 * account.h - users, roles, passwords and login sessions.
 *
 * Passwords are hashed with libsodium's argon2id at its interactive
 * limits. A session is an opaque random token (32 bytes, hex) handed to the
 * client once; only its SHA-256 is stored, so a stolen database does not
 * yield usable tokens. Sessions expire after `ttl` seconds without use
 * (sliding expiry) and are revoked on logout and on password change.
 */
#ifndef MOTCUA_DOMAIN_ACCOUNT_ACCOUNT_H
#define MOTCUA_DOMAIN_ACCOUNT_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct actor;

/* Roles (API.md). Their order is their bit in account_user.roles. */
enum role {
	ROLE_CITIZEN,
	ROLE_DESK,
	ROLE_SPECIALIST,
	ROLE_UNIT_LEADER,
	ROLE_AGENCY_LEADER,
	ROLE_CLERK,
	ROLE_ADMIN,
	ROLE_INSPECTOR,
	ROLE_SYSTEM,
	ROLE__MAX
};

#define PASSWORD_MIN_LEN 10
#define ACCOUNT_NAME_MAX 120 /* bytes of a display name */
#define PASSWORD_MAX_LEN 256
#define SESSION_TOKEN_LEN 64 /* hex characters */

struct account_user {
	int64_t id;
	char username[64];
	char name[128];
	char agency[40];
	unsigned roles; /* bit (1u << enum role) */
};

const char *role_name(enum role r);
/* Parse a comma-separated role list into bits; ERR_RULE (unknown_role,
 * field "roles") naming the unknown role, roles_required for none. */
enum err role_parse_list(const char *s, unsigned *bits, struct errbuf *eb);
/* A comma-separated role list as a new JSON array of role names, in the
 * order of enum role (unknown names are left out). */
json_t *account_roles_array(const char *roles);

/* Which rule of the password policy a new password breaks, if any. */
enum pw_weakness { PW_OK, PW_TOO_SHORT, PW_TOO_LONG, PW_HAS_USERNAME, PW_COMMON };
enum pw_weakness account_password_weakness(const char *username, const char *password);
/* Check a new password against the policy (length; not the username; not
 * a common password): ERR_RULE with code weak_password and field
 * "password". */
enum err account_password_check(const char *username, const char *password, struct errbuf *eb);

/* Create a user. roles is a comma-separated list; officials need an
 * agency that exists (ERR_RULE agency_required / unknown_agency, field
 * "agency"), citizens must not have one (citizen_agency). ERR_CONFLICT
 * when the username is taken; ERR_INVALID for a malformed username or a
 * name over ACCOUNT_NAME_MAX. Audited as user.create. */
enum err account_user_add(struct store *st, const struct actor *who, const char *username,
			  const char *name, const char *roles, const char *agency,
			  const char *password, struct errbuf *eb);

#define LOGIN_MAX_FAILURES 5
#define LOGIN_WINDOW_SECS (15 * 60)

/* Check username and password; on success create a session and write its
 * token (NUL-terminated, SESSION_TOKEN_LEN chars) and the user. A wrong
 * username and a wrong password give the same ERR_AUTH. After
 * LOGIN_MAX_FAILURES failures within LOGIN_WINDOW_SECS for the account or
 * for the client address (who->ip), further attempts get ERR_THROTTLED
 * and *retry_after the seconds until one more is allowed. Failures and
 * successes are audited. */
enum err account_login(struct store *st, const struct actor *who, const char *username,
		       const char *password, int ttl, char token[SESSION_TOKEN_LEN + 1],
		       struct account_user *user, int *retry_after, struct errbuf *eb);
/* Set a new password (policy-checked) and end every session of the user. */
enum err account_set_password(struct store *st, const struct actor *who, const char *username,
			      const char *password, struct errbuf *eb);
/* Disable (1) or enable (0) an account; disabling ends its sessions. */
enum err account_set_disabled(struct store *st, const struct actor *who, const char *username,
			      int disabled, struct errbuf *eb);
/* Every account as JSON [{username, name, roles, agency, disabled}]. */
enum err account_list(struct store *st, json_t **out, struct errbuf *eb);
/* 1 if password (compared case-insensitively) is one of the 10,000 most
 * common passwords. */
int account_password_is_common(const char *password);
/* The user of a live session token, sliding its expiry; ERR_AUTH if the
 * token is unknown, expired or its user disabled. */
enum err account_resolve(struct store *st, const char *token, int ttl, struct account_user *user,
			 struct errbuf *eb);
/* End the session of token (no error if it was already gone). */
enum err account_logout(struct store *st, const char *token, struct errbuf *eb);

/* A citizen signs up: a "citizen" account with the account_user_add()
 * rules (username, password policy) and a full name. At most
 * REGISTER_MAX_PER_WINDOW sign-ups per client address (who->ip) within
 * LOGIN_WINDOW_SECS; beyond, ERR_THROTTLED and *retry_after seconds.
 * ERR_CONFLICT (field "username") when the name is taken. */
#define REGISTER_MAX_PER_WINDOW 10
enum err account_register(struct store *st, const struct actor *who, const char *username,
			  const char *name, const char *password, int *retry_after, struct errbuf *eb);
/* A user changes their own password: `current` must be right (else
 * ERR_RULE, field "current_password"), the new one must differ and pass
 * the policy (field "new_password"). Every session of the user ends. */
enum err account_change_password(struct store *st, const struct actor *who, const char *username,
				  const char *current, const char *password, struct errbuf *eb);
/* One account as a new JSON object {username, name, roles: [...], agency
 * (absent for citizens), disabled}. ERR_NOTFOUND (user_not_found). */
enum err account_user_get(struct store *st, const char *username, json_t **out, struct errbuf *eb);

/* What account_user_update() changes; members left NULL (or -1, or 0 for
 * set_agency) are kept as stored. */
struct account_change {
	const char *name;     /* the display name */
	const char *roles;    /* comma-separated role list */
	int set_agency;       /* 1: agency below replaces the stored one */
	const char *agency;   /* NULL or "" = none (citizens) */
	int disabled;         /* 1 disable (ends the sessions), 0 enable, -1 keep */
	const char *password; /* a reset: policy-checked, ends every session */
};

/*
 * Change an account in one transaction, with the rules of
 * account_user_add() on the resulting roles and agency. The acting user
 * (who->username) may not disable their own account (ERR_RULE
 * cannot_disable_self, field "disabled") nor take away their own admin
 * role (cannot_remove_own_admin, field "roles"). Audited like the command
 * line: user.update (before/after of name, roles, agency),
 * user.disable/user.enable, user.password - one row per kind of change
 * actually made. ERR_NOTFOUND (user_not_found) for an unknown username.
 */
enum err account_user_update(struct store *st, const struct actor *who, const char *username,
			     const struct account_change *c, struct errbuf *eb);

#endif
