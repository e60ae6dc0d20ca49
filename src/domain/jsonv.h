/*
 * jsonv.h - validating JSON input objects field by field, for the domain
 * validators. Each helper reads one member of an object, checks its type
 * and bounds, and on failure fills the errbuf with the dotted field name
 * (prefix + key) and a message saying what was expected. They return
 * ERR_OK / ERR_INVALID so validators can chain them with `if ((e = ...))`.
 */
#ifndef MOTCUA_DOMAIN_JSONV_H
#define MOTCUA_DOMAIN_JSONV_H

#include <jansson.h>

#include "core/err.h"

/* Reject members of obj not in the NULL-terminated list allowed. */
enum err jv_only(json_t *obj, const char *prefix, const char *const *allowed, struct errbuf *eb);
/* A string of 1..maxlen bytes (required) or absent/null (optional: *out
 * NULL). The string is borrowed from obj. */
enum err jv_str(json_t *obj, const char *prefix, const char *key, int required, size_t maxlen,
		const char **out, struct errbuf *eb);
/* An integer in [lo, hi]; absent/null gives def when not required. */
enum err jv_int(json_t *obj, const char *prefix, const char *key, int required, long long lo,
		long long hi, long long def, long long *out, struct errbuf *eb);
/* A number (integer or real) in [lo, hi]. */
enum err jv_num(json_t *obj, const char *prefix, const char *key, int required, double lo,
		double hi, double def, double *out, struct errbuf *eb);
/* A boolean; absent gives def. */
enum err jv_bool(json_t *obj, const char *prefix, const char *key, int def, int *out,
		 struct errbuf *eb);
/* One of the NULL-terminated choices. */
enum err jv_enum(json_t *obj, const char *prefix, const char *key, int required,
		 const char *const *choices, const char **out, struct errbuf *eb);
/* A YYYY-MM-DD date that exists. */
enum err jv_date(json_t *obj, const char *prefix, const char *key, int required, const char **out,
		 struct errbuf *eb);
/* An array (required or absent → empty) of at most maxn items. */
enum err jv_array(json_t *obj, const char *prefix, const char *key, int required, size_t maxn,
		  json_t **out, struct errbuf *eb);

#endif
