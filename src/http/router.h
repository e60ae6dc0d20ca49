/*
 * router.h - matching a method and path against the route table
 * (routes.def). Patterns are split into segments once, at start-up.
 */
#ifndef MOTCUA_HTTP_ROUTER_H
#define MOTCUA_HTTP_ROUTER_H

#include <stddef.h>

#include "api/api.h"

/* RF_UPLOAD: a multipart/form-data body streamed to a temporary file (the
 * "file" part), capped by conf.max_file_bytes instead of max_body_bytes.
 * On a page (RF_HTML | RF_UPLOAD) a multipart form may carry fields and
 * several files (api_req.files, each capped by max_file_bytes, together by
 * max_dossier_bytes); its fields reach the handler as an urlencoded body. */
enum route_flag { RF_JSON = 1, RF_HTML = 2, RF_BODY = 4, RF_UPLOAD = 8 };

typedef void (*route_handler)(struct api_req *r);

struct route {
	const char *method;
	const char *pattern;
	route_handler handler;
	enum perm perm;
	unsigned flags;
	const char *summary;
	const char *handler_name;
};

extern const struct route routes[];
extern const size_t routes_count;

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* Find the route for method and path. On ROUTE_FOUND *index is set and
 * params (each a malloc'd, percent-decoded copy the caller frees) hold the
 * captured segments. On ROUTE_NO_METHOD, allow gets the methods that the
 * path accepts ("GET, POST"). */
enum route_match router_match(const char *method, const char *path, int *index,
			      char *params[API_PARAMS_MAX], int *nparams, char *allow,
			      size_t allow_sz);

/* The flags of the route method + path would match (0 if none). */
unsigned router_flags(const char *method, const char *path);

#endif
