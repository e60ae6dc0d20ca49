/*
 * register.c - what citizens do to their own account: sign up and change
 * their password. See account.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/fold.h"
#include "core/vntime.h"
#include "domain/account/account.h"
#include "domain/audit/audit.h"
#include "store/store.h"

/* Sign-ups are counted per client address in the table that counts
 * failed logins (under "signup:ADDR"), so they share its window: rows
 * older than LOGIN_WINDOW_SECS are pruned by every login attempt. */
static enum err signup_throttled(struct store *st, const char *key, int64_t now, int *retry_after,
				 struct errbuf *eb)
{
	struct stx *tx = NULL;
	int n = 0;
	int64_t oldest = 0;
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	if (e)
		return e;
	e = store_login_failures(tx, key, now - LOGIN_WINDOW_SECS, &n, &oldest, eb);
	store_rollback(tx);
	if (e)
		return e;
	if (n >= REGISTER_MAX_PER_WINDOW) {
		int64_t wait = oldest + LOGIN_WINDOW_SECS - now;
		*retry_after = (int)(wait > 1 ? wait : 1);
		return err_setc(eb, ERR_THROTTLED, "too_many_attempts", NULL,
				"too many accounts created from this address; try again in %d minute(s)",
				(*retry_after + 59) / 60);
	}
	return ERR_OK;
}

enum err account_register(struct store *st, const struct actor *who, const char *username,
			  const char *name, const char *password, int *retry_after, struct errbuf *eb)
{
	char key[96];
	int64_t now = vntime_now();
	enum err e;
	*retry_after = 0;
	if (!name || !*name || strlen(name) > 120 || !utf8_valid(name, strlen(name)))
		return err_setc(eb, ERR_INVALID, "invalid_input", "name",
				"the full name is required (at most 120 bytes of UTF-8)");
	snprintf(key, sizeof(key), "signup:%.80s", who && who->ip ? who->ip : "");
	if ((e = signup_throttled(st, key, now, retry_after, eb)))
		return e;
	e = account_user_add(st, who, username, name, "citizen", NULL, password, eb);
	if (e == ERR_CONFLICT && !strcmp(eb->field, "username"))
		return err_setc(eb, ERR_CONFLICT, "username_taken", "username",
				"the username %s is taken", username);
	if (e)
		return e;
	struct stx *tx = NULL;
	if (store_begin(st, STORE_WRITE, &tx, NULL) == ERR_OK) {
		if (store_login_failure_add(tx, key, now, now - LOGIN_WINDOW_SECS, NULL) == ERR_OK)
			store_commit(tx, NULL);
		else
			store_rollback(tx);
	}
	return ERR_OK;
}

enum err account_change_password(struct store *st, const struct actor *who, const char *username,
				  const char *current, const char *password, struct errbuf *eb)
{
	struct store_user su;
	struct stx *tx = NULL;
	enum err e;
	if (sodium_init() < 0)
		return err_set(eb, ERR_INTERNAL, NULL, "libsodium failed to start");
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_user_get(tx, username, 0, &su, eb);
	store_rollback(tx);
	if (e == ERR_NOTFOUND)
		return err_setc(eb, ERR_AUTH, "invalid_credentials", NULL, "the account no longer exists");
	if (e)
		return e;
	int ok = crypto_pwhash_str_verify(su.pwhash, current, strlen(current)) == 0;
	store_user_release(&su);
	if (!ok)
		return err_setc(eb, ERR_RULE, "wrong_password", "current_password",
				"the current password is not right");
	if (!strcmp(current, password))
		return err_setc(eb, ERR_RULE, "same_password", "new_password",
				"the new password must differ from the current one");
	e = account_set_password(st, who, username, password, eb);
	if (e && !strcmp(eb->field, "password"))
		snprintf(eb->field, sizeof(eb->field), "new_password");
	return e;
}
