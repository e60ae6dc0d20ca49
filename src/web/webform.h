/*
 * webform.h - the fields of an HTML form post
 * (application/x-www-form-urlencoded), all of them at once and with
 * repeated names kept (checkbox lists), where api_form_value() reads one
 * value of one name.
 *
 * Values are percent-decoded, '+' is a space, and every value must be
 * valid UTF-8 without NUL bytes; a malformed pair is dropped rather than
 * failing the whole form (the page then reports the field as missing).
 * It is not a validator: pages check each value's meaning themselves.
 *
 * Ownership: webform_parse() returns a new json_t the caller releases;
 * the getters return values borrowed from it.
 */
#ifndef MOTCUA_WEB_WEBFORM_H
#define MOTCUA_WEB_WEBFORM_H

#include <jansson.h>
#include <stddef.h>

/* At most this many fields are read; the rest are ignored. */
#define WEBFORM_MAX_FIELDS 400

/* Parse body (sz bytes, may be NULL) into {"name": ["value", ...], ...}. */
json_t *webform_parse(const char *body, size_t sz);
/* The first value of name with leading and trailing blanks removed
 * (stored back trimmed), or NULL when the form has no such field or only
 * blanks in it. */
const char *webform_get(json_t *form, const char *name);
/* Every value of name (borrowed array of strings; empty array if none). */
json_t *webform_all(json_t *form, const char *name);
/* Whether value is among the values of name (a ticked checkbox). */
int webform_has(json_t *form, const char *name, const char *value);
/* The non-blank lines of a textarea value, each trimmed, as a new array of
 * strings (at most max lines). */
json_t *webform_lines(const char *text, size_t max);

#endif
