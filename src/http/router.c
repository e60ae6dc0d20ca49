/*
 * router.c - the route table and its matcher. See router.h.
 *
 * The table is small (tens of routes), so matching walks it in order and
 * compares segment by segment; literal routes are listed before patterns
 * that would also match them (e.g. /procedures/import before
 * /procedures/{code}).
 */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "web/pages.h"
#include "http/http_int.h"

const struct route routes[] = {
#define ROUTE(m, p, h, perm, flags, doc) {#m, p, h, perm, flags, doc, #h},
#include "http/routes.def"
#include "http/routes_web.def"
#undef ROUTE
};
const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode n bytes of s; NULL if malformed or it decodes to NUL or
 * a slash (a segment never contains one). */
static char *segment_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int a = i + 2 < n ? hexval(s[i + 1]) : -1;
			int b = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (a < 0 || b < 0 || a * 16 + b == 0 || a * 16 + b == '/') {
				free(out);
				return NULL;
			}
			*o++ = (char)(a * 16 + b);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* Match path against pattern; fill params on success. */
static int match_one(const char *pattern, const char *path, char *params[], int *nparams)
{
	const char *p = pattern, *u = path;
	int n = 0;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			goto no;
		p++;
		u++;
		const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
		if (pl > 1 && p[0] == '{') {
			if (ul == 0 || n >= API_PARAMS_MAX)
				goto no;
			params[n] = segment_decode(u, ul);
			if (!params[n])
				goto no;
			n++;
		} else if (pl != ul || memcmp(p, u, pl) != 0) {
			goto no;
		}
		p += pl;
		u += ul;
	}
	if (*p || *u)
		goto no;
	*nparams = n;
	return 1;
no:
	for (int i = 0; i < n; i++) {
		free(params[i]);
		params[i] = NULL;
	}
	return 0;
}

enum route_match router_match(const char *method, const char *path, int *index,
			      char *params[API_PARAMS_MAX], int *nparams, char *allow,
			      size_t allow_sz)
{
	int path_seen = 0;
	size_t alen = 0;
	*nparams = 0;
	if (allow_sz)
		allow[0] = '\0';
	for (size_t i = 0; i < routes_count; i++) {
		char *tmp[API_PARAMS_MAX] = {0};
		int n = 0;
		if (!match_one(routes[i].pattern, path, tmp, &n))
			continue;
		if (!strcmp(routes[i].method, method) ||
		    (!strcmp(method, "HEAD") && !strcmp(routes[i].method, "GET"))) {
			for (int k = 0; k < n; k++)
				params[k] = tmp[k];
			*nparams = n;
			*index = (int)i;
			return ROUTE_FOUND;
		}
		for (int k = 0; k < n; k++)
			free(tmp[k]);
		if (!strstr(allow, routes[i].method) && alen + strlen(routes[i].method) + 3 < allow_sz) {
			alen += (size_t)snprintf(allow + alen, allow_sz - alen, "%s%s", alen ? ", " : "",
						 routes[i].method);
		}
		path_seen = 1;
	}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

unsigned router_flags(const char *method, const char *path)
{
	char *params[API_PARAMS_MAX] = {0}, allow[8];
	int idx = -1, n = 0;
	unsigned f = 0;
	if (router_match(method, path, &idx, params, &n, allow, sizeof(allow)) == ROUTE_FOUND)
		f = routes[idx].flags;
	for (int i = 0; i < n; i++)
		free(params[i]);
	return f;
}
