/*
 * err.h - the one error vocabulary of motcua's domain and store layers.
 *
 * Plumbing returns 0 / -1; domain and store boundaries return an enum err
 * and fill the caller's struct errbuf with a human message (and, when the
 * error is about one input field, that field's dotted name) only on
 * failure. The API layer maps enum err to an HTTP status in one table.
 */
#ifndef MOTCUA_CORE_ERR_H
#define MOTCUA_CORE_ERR_H

#include <stddef.h>

enum err {
	ERR_OK = 0,
	ERR_INVALID,   /* malformed input: 400 */
	ERR_RULE,      /* well-formed input that breaks a rule: 422 */
	ERR_NOTFOUND,  /* 404 */
	ERR_CONFLICT,  /* 409: duplicate, or not allowed in this state */
	ERR_FORBIDDEN, /* 403 */
	ERR_AUTH,      /* 401 */
	ERR_LIMIT,     /* 413: over a size cap */
	ERR_STORE,     /* storage failed: 500 */
	ERR_BUSY,      /* overloaded / locked: 503 */
	ERR_THROTTLED, /* too many attempts: 429 */
	ERR_INTERNAL,  /* a bug: 500 */
	ERR__MAX
};

struct errbuf {
	char msg[256];
	char field[64];
	char code[48]; /* optional snake_case code overriding the default */
};

/* Fill eb (may be NULL) with a printf-style message; returns e so callers
 * can write `return err_set(eb, ERR_INVALID, "x", "bad %s", s);`.
 * field may be NULL. */
enum err err_set(struct errbuf *eb, enum err e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Like err_set with an explicit snake_case error code. */
enum err err_setc(struct errbuf *eb, enum err e, const char *code, const char *field,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Reset eb to empty. */
void err_clear(struct errbuf *eb);

/* The default snake_case code of e, e.g. "invalid_input". */
const char *err_code(enum err e);

#endif
