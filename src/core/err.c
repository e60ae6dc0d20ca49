/*
 * err.c - filling error buffers. See err.h.
 */
#include "core/err.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const err_codes[] = {
	[ERR_OK] = "ok",
	[ERR_INVALID] = "invalid_input",
	[ERR_RULE] = "rule_violation",
	[ERR_NOTFOUND] = "not_found",
	[ERR_CONFLICT] = "conflict",
	[ERR_FORBIDDEN] = "forbidden",
	[ERR_AUTH] = "unauthorized",
	[ERR_LIMIT] = "too_large",
	[ERR_STORE] = "storage_error",
	[ERR_BUSY] = "overloaded",
	[ERR_THROTTLED] = "too_many_requests",
	[ERR_INTERNAL] = "internal_error",
};
static_assert(sizeof(err_codes) / sizeof(err_codes[0]) == ERR__MAX, "err_codes covers enum err");

__attribute__((format(printf, 4, 0))) static void err_vfill(struct errbuf *eb, const char *code,
							     const char *field, const char *fmt,
							     va_list ap)
{
	if (!eb)
		return;
	vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
	snprintf(eb->field, sizeof(eb->field), "%s", field ? field : "");
	snprintf(eb->code, sizeof(eb->code), "%s", code ? code : "");
}

enum err err_set(struct errbuf *eb, enum err e, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vfill(eb, NULL, field, fmt, ap);
	va_end(ap);
	return e;
}

enum err err_setc(struct errbuf *eb, enum err e, const char *code, const char *field,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vfill(eb, code, field, fmt, ap);
	va_end(ap);
	return e;
}

void err_clear(struct errbuf *eb)
{
	if (eb)
		memset(eb, 0, sizeof(*eb));
}

const char *err_code(enum err e)
{
	if ((int)e < 0 || e >= ERR__MAX)
		return "internal_error";
	return err_codes[e];
}
