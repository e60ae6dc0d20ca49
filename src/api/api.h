/*
 * api.h - the transport-neutral request and response every handler sees.
 *
 * The HTTP layer (src/http/) fills a struct api_req from libmicrohttpd and
 * sends what the handler leaves in it; handlers in api/ (JSON) and web/
 * (HTML) know nothing of libmicrohttpd. This keeps dependencies pointing
 * one way (http -> api/web -> domain -> store -> core).
 *
 * Ownership: strings in the request are borrowed for the handler's call.
 * The response body (out) and json_t results belong to the request and are
 * released by the HTTP layer after sending.
 */
#ifndef MOTCUA_API_API_H
#define MOTCUA_API_API_H

#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/conf.h"
#include "core/err.h"
#include "domain/account/account.h"

struct store;

/* Application-wide state shared by all requests (read-only after start). */
struct api_ctx {
	struct store *store;
	const struct conf *conf;
	const char *version;
};

/* Permissions that routes name (routes.def). PERM_PUBLIC needs no login. */
enum perm {
	PERM_PUBLIC,
	PERM_LOGIN,          /* any logged-in user */
	PERM_CATALOG_ADMIN,  /* edit procedures */
	PERM_AGENCY_ADMIN,   /* edit agencies */
	PERM_CALENDAR_ADMIN, /* edit calendars */
	PERM_USER_ADMIN,     /* manage accounts */
	PERM_AUDIT_READ,     /* read the audit log */
	PERM_REPORTS,        /* officials' reports, scoped */
	PERM__MAX
};

#define API_PARAMS_MAX 4
/* A page form (multipart/form-data) may carry at most this many files. */
#define API_FILES_MAX 16

/* One file part of a page form, streamed by the HTTP layer to an unlinked
 * temporary file that it closes after the reply. */
struct api_file {
	char field[64]; /* the form field's name, e.g. "doc_TP1" */
	char name[256]; /* the file name the browser gave */
	int fd;
	int64_t sz;
};

struct api_req {
	const struct api_ctx *ctx;
	const char *method;
	const char *path;
	const char *params[API_PARAMS_MAX]; /* {name} parts of the route, in order */
	int nparams;
	const char *body;
	size_t body_sz;
	const char *request_id;
	int lang_en; /* 1 when the client prefers English */
	const struct account_user *user; /* NULL when anonymous */
	char bearer[128]; /* the raw session token, when one was sent */
	char ip[64];      /* the client address */
	/* an upload route's "file" part, streamed to an unlinked temp file */
	int upload_fd;    /* -1 when no file part came */
	int64_t upload_sz;
	char upload_name[256];
	char upload_ctype[128];
	/* a page form's file parts (routes with RF_HTML and RF_UPLOAD) */
	struct api_file files[API_FILES_MAX];
	int nfiles;
	/* lookups into the transport, set by the HTTP layer */
	const char *(*query)(void *h, const char *key);
	const char *(*header)(void *h, const char *key);
	void *h;

	/* the response */
	int status;
	struct buf out;
	const char *ctype;
	char location[256];
	int retry_after;
	char set_cookie[2][320]; /* Set-Cookie header values, when not empty */
	char disposition[320];   /* Content-Disposition, when not empty */
	const char *csp;         /* a handler's own Content-Security-Policy, or NULL */
	const char *cache_control;    /* Cache-Control, when not NULL (pages default to no-store) */
	const char *content_encoding; /* Content-Encoding of the body ("gzip"), or NULL */
	char etag[40];                /* ETag, when not empty; also sends Vary: Accept-Encoding */
	int session_from_cookie; /* the user came from the session cookie:
				    state-changing requests need the CSRF token */
};

/* Query parameter or header (NULL if absent). */
const char *api_query(struct api_req *r, const char *key);
const char *api_header(struct api_req *r, const char *key);

/* Answer with a JSON value (the reference is stolen). */
void api_reply_json(struct api_req *r, int status, json_t *v);
/* The session token sent in the motcua_session cookie, or NULL. Copies
 * into buf (>= 80 bytes). */
const char *api_cookie_session(struct api_req *r, char *buf, size_t sz);
/* The value of key in an application/x-www-form-urlencoded body, decoded
 * into out (sz bytes); NULL if absent, too long or not valid UTF-8. */
const char *api_form_value(struct api_req *r, const char *key, char *out, size_t sz);
/* The file part of a page form sent under field, or NULL (borrowed). */
const struct api_file *api_form_file(struct api_req *r, const char *field);
/* The CSRF token of a session: hex SHA-256 of "csrf:" and the session
 * token, so it needs no storage and dies with the session. */
void api_csrf_token(const char *session_token, char out[65]);
/* 1 when the request came over TLS (directly or through a proxy that says
 * X-Forwarded-Proto: https), for the Secure cookie flag. */
int api_is_https(struct api_req *r);

/* Answer with JSON text the caller already has (copied). */
void api_reply_json_text(struct api_req *r, int status, const char *text, size_t sz);
/* Answer with the error body of API.md:
 * {"error": {"code", "message", "field"?}}. */
void api_reply_error(struct api_req *r, int status, const char *code, const char *field,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Answer an enum err with its mapped status, the errbuf's message and
 * field (and its code if it set one). */
void api_reply_err(struct api_req *r, enum err e, const struct errbuf *eb);
/* The HTTP status of an enum err (one table). */
int api_status_of(enum err e);

/* Parse the request body as one JSON value; on failure answer 400 and
 * return NULL (the caller just returns). Duplicate keys and invalid UTF-8
 * are rejected; the message gives line and column. */
json_t *api_body_json_or_400(struct api_req *r);

/* Parse ?limit= (default 50, 1..500) and ?cursor= (an offset we issued);
 * on bad input answer 400 and return -1. */
int api_page_or_400(struct api_req *r, long *limit, long *offset);
/* The {"items": [...], "next_cursor": ...} envelope. */
json_t *api_page(json_t *items, long offset, long limit, int more);
/* The same envelope around items given as JSON array text. */
void api_reply_page_text(struct api_req *r, const char *items, long offset, long limit, int more);

struct actor;
/* Fill *a (for the audit log) from the request's user, request id and
 * client address; roles_buf holds the roles text and must outlive *a. */
void api_actor(struct api_req *r, struct actor *a, char roles_buf[160]);

/* The current time: the clock, or X-Test-Now when conf.test_clock is on. */
int64_t api_now(struct api_req *r);

/* The role x permission table. */
int perm_allowed(unsigned roles, enum perm p);
const char *perm_name(enum perm p);

#endif
