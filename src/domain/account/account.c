/*
 * account.c - see account.h.
 */
#include "domain/account/account.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "store/store.h"

static const char *const role_names[] = {
	[ROLE_CITIZEN] = "citizen",         [ROLE_DESK] = "desk",   [ROLE_SPECIALIST] = "specialist",
	[ROLE_UNIT_LEADER] = "unit_leader", [ROLE_AGENCY_LEADER] = "agency_leader",
	[ROLE_CLERK] = "clerk",             [ROLE_ADMIN] = "admin", [ROLE_INSPECTOR] = "inspector",
	[ROLE_SYSTEM] = "system",
};
_Static_assert(sizeof(role_names) / sizeof(role_names[0]) == ROLE__MAX, "role_names covers enum role");

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__MAX ? role_names[r] : "?";
}

enum err role_parse_list(const char *s, unsigned *bits, struct errbuf *eb)
{
	*bits = 0;
	while (*s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int found = 0;
		for (int i = 0; i < ROLE__MAX; i++)
			if (strlen(role_names[i]) == n && !strncmp(role_names[i], s, n)) {
				*bits |= 1u << i;
				found = 1;
			}
		if (!found)
			return err_set(eb, ERR_INVALID, "role",
				       "unknown role '%.*s' (roles: citizen, desk, specialist, unit_leader, "
				       "agency_leader, clerk, admin, inspector, system)",
				       (int)(n > 40 ? 40 : n), s);
		s += n;
		if (*s == ',')
			s++;
	}
	if (!*bits)
		return err_set(eb, ERR_INVALID, "role", "at least one role is required");
	return ERR_OK;
}

enum err account_password_check(const char *username, const char *password, struct errbuf *eb)
{
	size_t n = strlen(password);
	if (n < PASSWORD_MIN_LEN)
		return err_setc(eb, ERR_INVALID, "weak_password", "password",
				"the password must have at least %d characters", PASSWORD_MIN_LEN);
	if (n > PASSWORD_MAX_LEN)
		return err_set(eb, ERR_INVALID, "password", "the password is longer than %d bytes",
			       PASSWORD_MAX_LEN);
	if (username && strstr(password, username))
		return err_setc(eb, ERR_INVALID, "weak_password", "password",
				"the password must not contain the username");
	return ERR_OK;
}

static int username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 63)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = u[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-' || c == '@'))
			return 0;
	}
	return 1;
}

enum err account_user_add(struct store *st, const struct actor *who, const char *username,
			  const char *name, const char *roles, const char *agency,
			  const char *password, struct errbuf *eb)
{
	unsigned bits;
	enum err e;
	char hash[crypto_pwhash_STRBYTES];
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if (!username_ok(username))
		return err_set(eb, ERR_INVALID, "username",
			       "username must be 2-63 characters of a-z, 0-9, '.', '_', '-', '@'");
	if ((e = role_parse_list(roles, &bits, eb)) || (e = account_password_check(username, password, eb)))
		return e;
	if (bits == (1u << ROLE_CITIZEN) && agency && *agency)
		return err_set(eb, ERR_INVALID, "agency", "a citizen account belongs to no agency");
	if (!(bits & (1u << ROLE_CITIZEN)) && (!agency || !*agency))
		return err_set(eb, ERR_INVALID, "agency", "an official's account needs an agency");
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory hashing the password");
	struct stx *tx = NULL;
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	struct store_user u = {0, username, name && *name ? name : username, roles,
			       agency && *agency ? agency : NULL, hash, 0};
	char object[80];
	snprintf(object, sizeof(object), "user:%s", username);
	json_t *after = json_pack("{s:s,s:s,s:s?}", "name", u.name, "roles", roles, "agency", u.agency);
	if ((e = store_user_add(tx, &u, NULL, eb)) ||
	    (e = audit_record(tx, who, "user.create", object, NULL, after, eb))) {
		json_decref(after);
		store_rollback(tx);
		return e;
	}
	json_decref(after);
	return store_commit(tx, eb);
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static enum err fill_user(const struct store_user *su, struct account_user *user, struct errbuf *eb)
{
	memset(user, 0, sizeof(*user));
	user->id = su->id;
	snprintf(user->username, sizeof(user->username), "%s", su->username);
	snprintf(user->name, sizeof(user->name), "%s", su->name);
	snprintf(user->agency, sizeof(user->agency), "%s", su->agency ? su->agency : "");
	return role_parse_list(su->roles, &user->roles, eb);
}

enum err account_login(struct store *st, const char *username, const char *password, int ttl,
		       char token[SESSION_TOKEN_LEN + 1], struct account_user *user,
		       struct errbuf *eb)
{
	struct store_user su;
	struct stx *tx = NULL;
	enum err e;
	char th[65];
	unsigned char raw[SESSION_TOKEN_LEN / 2];
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_user_get(tx, username, 0, &su, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND) {
		/* spend the same time as a real check so timing tells nothing */
		char dummy[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(dummy, password, strlen(password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return err_set(eb, ERR_INTERNAL, NULL, "out of memory hashing the password");
		return err_setc(eb, ERR_AUTH, "invalid_credentials", NULL, "wrong username or password");
	}
	if (e)
		return e;
	if (crypto_pwhash_str_verify(su.pwhash, password, strlen(password)) != 0 || su.disabled) {
		store_user_release(&su);
		return err_setc(eb, ERR_AUTH, "invalid_credentials", NULL, "wrong username or password");
	}
	e = fill_user(&su, user, eb);
	store_user_release(&su);
	if (e)
		return e;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, SESSION_TOKEN_LEN + 1, raw, sizeof(raw));
	token_hash(token, th);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	if ((e = store_session_add(tx, th, user->id, vntime_now() + ttl, eb))) {
		store_rollback(tx);
		return e;
	}
	return store_commit(tx, eb);
}

enum err account_resolve(struct store *st, const char *token, int ttl, struct account_user *user,
			 struct errbuf *eb)
{
	char th[65];
	int64_t uid = 0, now = vntime_now();
	struct stx *tx = NULL;
	struct store_user su;
	enum err e;
	if (strlen(token) != SESSION_TOKEN_LEN)
		return err_setc(eb, ERR_AUTH, "invalid_token", NULL, "the session token is not valid");
	token_hash(token, th);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	e = store_session_touch(tx, th, now, now + ttl, &uid, eb);
	if (!e)
		e = store_user_get(tx, NULL, uid, &su, eb);
	if (e) {
		store_rollback(tx);
		if (e == ERR_AUTH || e == ERR_NOTFOUND)
			return err_setc(eb, ERR_AUTH, "invalid_token", NULL,
					"the session has expired or was ended; log in again");
		return e;
	}
	if (su.disabled) {
		store_user_release(&su);
		store_rollback(tx);
		return err_setc(eb, ERR_AUTH, "invalid_token", NULL, "this account is disabled");
	}
	e = fill_user(&su, user, eb);
	store_user_release(&su);
	if (e) {
		store_rollback(tx);
		return e;
	}
	return store_commit(tx, eb);
}

enum err account_logout(struct store *st, const char *token, struct errbuf *eb)
{
	char th[65];
	struct stx *tx = NULL;
	enum err e;
	token_hash(token, th);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	if ((e = store_session_delete(tx, th, eb))) {
		store_rollback(tx);
		return e;
	}
	return store_commit(tx, eb);
}
