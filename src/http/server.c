/*
 * server.c - libmicrohttpd glue. See server.h.
 *
 * libmicrohttpd calls on_request() several times per request: once when
 * the headers are in, once per chunk of body, and once more when the body
 * is complete. We answer only on that last call, even for requests
 * without a body: answering on the first call turns keep-alive off.
 * Each request has one struct reqctx, freed in on_completed(), which is
 * also where the access log line and the metrics are written.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "domain/account/account.h"
#include "http/http_int.h"
#include "http/router.h"
#include "web/pages.h"

struct http_server {
	struct MHD_Daemon *d;
	const struct api_ctx *ctx;
};

struct reqctx {
	struct api_req r;
	struct buf body;
	int64_t t0;
	int route;
	int early;        /* status decided before the body was read (413, 408) */
	char *params[API_PARAMS_MAX];
	char id[24];
	char allow[64];
	struct account_user user;
	char method[16];
	struct MHD_PostProcessor *pp; /* upload routes */
	long upload_cap;
	unsigned rflags;  /* the route's flags (routes.def), 0 when none matched */
	int page_form;    /* a page's multipart form: fields and several files */
	int nparts;       /* parts of a page form seen so far */
	int64_t files_sz; /* bytes of all its files */
	char early_msg[300]; /* why a page form was refused before its handler ran */
	char field_key[64];  /* the plain field of a page form being read */
	size_t field_len;
	int field_open;
};

/* A page form may carry this many parts in all (fields and files). */
#define PAGE_FORM_PARTS_MAX 256

static _Atomic uint64_t req_seq;
static unsigned req_prefix;

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *conn_query(void *h, const char *key)
{
	return MHD_lookup_connection_value(h, MHD_GET_ARGUMENT_KIND, key);
}

static const char *conn_header(void *h, const char *key)
{
	return MHD_lookup_connection_value(h, MHD_HEADER_KIND, key);
}

static void add_common_headers(struct MHD_Response *resp, struct reqctx *x)
{
	MHD_add_response_header(resp, "X-Request-Id", x->id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Content-Security-Policy",
				x->r.csp ? x->r.csp
					 : "default-src 'self'; script-src 'self'; style-src 'self'; "
					   "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
					   "form-action 'self'; frame-ancestors 'none'");
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct reqctx *x)
{
	struct api_req *r = &x->r;
	size_t sz = 0;
	char *body = buf_detach(&r->out, &sz);
	if (!r->status)
		r->status = 500;
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(sz, body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(body);
		return MHD_NO;
	}
	add_common_headers(resp, x);
	if (r->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	if (r->status == 405 && x->allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, x->allow);
	if (r->retry_after > 0) {
		char ra[16];
		snprintf(ra, sizeof(ra), "%d", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	if (r->location[0] && (r->status == 201 || (r->status >= 300 && r->status < 400)))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	for (int i = 0; i < 2; i++)
		if (r->set_cookie[i][0])
			MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie[i]);
	if (r->cache_control)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, r->cache_control);
	else if (x->route >= 0 && (routes[x->route].flags & (RF_JSON | RF_HTML)))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->content_encoding)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, r->content_encoding);
	if (r->etag[0]) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	}
	if (r->status == 413 || r->status == 408)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Resolve the bearer token and check the route's permission. Returns 0
 * when the handler may run; otherwise the error is in the reply. */
static int authorize(struct reqctx *x)
{
	struct api_req *r = &x->r;
	const struct route *rt = &routes[x->route];
	const char *auth = api_header(r, "Authorization");
	struct errbuf eb;
	char cookie[96];
	const char *from_cookie = NULL;
	if (!(auth && !strncasecmp(auth, "Bearer ", 7)))
		from_cookie = api_cookie_session(r, cookie, sizeof(cookie));
	if ((auth && !strncasecmp(auth, "Bearer ", 7)) || from_cookie) {
		snprintf(r->bearer, sizeof(r->bearer), "%s", from_cookie ? from_cookie : auth + 7);
		r->session_from_cookie = from_cookie != NULL;
		enum err e = account_resolve(r->ctx->store, r->bearer, r->ctx->conf->session_ttl,
					     &x->user, &eb);
		if (e == ERR_OK) {
			r->user = &x->user;
		} else if (rt->perm != PERM_PUBLIC && !(rt->flags & RF_HTML)) {
			api_reply_err(r, e, &eb);
			return -1;
		}
	}
	/* a page that needs a login sends the browser to the login form */
	if ((rt->flags & RF_HTML) && rt->perm != PERM_PUBLIC && !r->user) {
		r->status = 303;
		snprintf(r->location, sizeof(r->location), "/dang-nhap?next=%.200s", r->path);
		r->ctype = "text/plain; charset=utf-8";
		buf_reset(&r->out);
		buf_adds(&r->out, "303 - cần đăng nhập / login required\n");
		return -1;
	}
	/* a browser's cookie travels with requests other sites trigger: a
	 * state-changing request on a cookie session must prove it came from
	 * our own page (X-CSRF-Token header or csrf form field) */
	if (r->user && r->session_from_cookie && strcmp(x->method, "GET") && strcmp(x->method, "HEAD")) {
		char want[65], got[80];
		const char *h = api_header(r, "X-CSRF-Token");
		const char *f = h ? h : api_form_value(r, "csrf", got, sizeof(got));
		api_csrf_token(r->bearer, want);
		if (!f || strlen(f) != 64 || sodium_memcmp(f, want, 64) != 0) {
			const char *m = r->lang_en ? "the form has expired or did not come from this site; "
						     "reload the page and try again"
						   : "biểu mẫu đã hết hạn hoặc không gửi từ trang này; hãy tải "
						     "lại trang và thử lại";
			if (rt->flags & RF_HTML)
				page_http_error(r, 403, m);
			else
				api_reply_error(r, 403, "csrf_failed", "csrf", "%s", m);
			return -1;
		}
	}
	if (rt->perm == PERM_PUBLIC)
		return 0;
	if (!r->user) {
		api_reply_error(r, 401, "unauthorized", NULL,
				r->lang_en ? "log in first: send Authorization: Bearer <token>"
					   : "cần đăng nhập: gửi Authorization: Bearer <token>");
		return -1;
	}
	if (!perm_allowed(r->user->roles, rt->perm) && (rt->flags & RF_HTML)) {
		page_http_error(r, 403, r->lang_en ? "your role may not open this page"
						   : "vai trò của bạn không được mở trang này");
		return -1;
	}
	if (!perm_allowed(r->user->roles, rt->perm)) {
		api_reply_error(r, 403, "forbidden", NULL,
				r->lang_en ? "your role may not do this (needs %s)"
					   : "vai trò của bạn không được phép (cần quyền %s)",
				perm_name(rt->perm));
		return -1;
	}
	return 0;
}

static void dispatch(struct reqctx *x, const char *url)
{
	struct api_req *r = &x->r;
	int n = 0;
	enum route_match m = router_match(x->method, url, &x->route, x->params, &n, x->allow,
					  sizeof(x->allow));
	if (m == ROUTE_NO_PATH) {
		x->route = -1;
		api_reply_error(r, 404, "not_found", NULL, "no such resource: %.200s", url);
		return;
	}
	if (m == ROUTE_NO_METHOD) {
		x->route = -1;
		api_reply_error(r, 405, "method_not_allowed", NULL, "%s is not allowed here; allowed: %s",
				x->method, x->allow);
		return;
	}
	for (int i = 0; i < n; i++)
		r->params[i] = x->params[i];
	r->nparams = n;
	if (!(routes[x->route].flags & (RF_BODY | RF_UPLOAD)) && r->body_sz > 0) {
		api_reply_error(r, 400, "unexpected_body", NULL, "this request takes no body");
		return;
	}
	if (authorize(x) < 0)
		return;
	routes[x->route].handler(r);
}

/* Whether addr is in the comma-separated list. */
static int in_list(const char *list, const char *addr, size_t n)
{
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ", ");
		if (len && len == n && !strncmp(p, addr, n))
			return 1;
		p += len;
	}
	return 0;
}

/* Behind a trusted reverse proxy the client is the last address of
 * X-Forwarded-For that is not itself a trusted proxy (the ones to its
 * left were written by the client and prove nothing). ip is the peer's
 * address on entry and is replaced only by a well-formed address. */
static void forwarded_client(struct MHD_Connection *c, const char *trusted, char *ip, size_t sz)
{
	if (!trusted[0] || !in_list(trusted, ip, strlen(ip)))
		return;
	const char *xff = conn_header(c, "X-Forwarded-For");
	if (!xff)
		return;
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		size_t a = start, b = end;
		while (a < b && xff[a] == ' ')
			a++;
		while (b > a && xff[b - 1] == ' ')
			b--;
		char cand[64];
		unsigned char bin[16];
		if (b - a > 0 && b - a < sizeof(cand)) {
			memcpy(cand, xff + a, b - a);
			cand[b - a] = '\0';
			int ok = inet_pton(AF_INET, cand, bin) == 1 || inet_pton(AF_INET6, cand, bin) == 1;
			if (!ok)
				return; /* garbage: keep the proxy's address */
			if (!in_list(trusted, cand, b - a)) {
				snprintf(ip, sz, "%s", cand);
				return;
			}
		}
		end = start > 0 ? start - 1 : 0;
	}
}

/* An unlinked temporary file for an upload: it disappears with its
 * descriptor, whatever happens. -1 when none could be made. */
static int upload_tmp_fd(void)
{
	const char *tmp = getenv("TMPDIR");
	char tpath[512];
	/* mkstemp's template ends in six 'X's, filled in here */
	int n = snprintf(tpath, sizeof(tpath) - 7, "%s/motcua-upload-", tmp && *tmp ? tmp : "/tmp");
	if (n < 0 || (size_t)n >= sizeof(tpath) - 7)
		n = snprintf(tpath, sizeof(tpath), "/tmp/motcua-upload-");
	memset(tpath + n, 'X', 6);
	tpath[n + 6] = '\0';
	int fd = mkstemp(tpath);
	if (fd >= 0)
		unlink(tpath);
	return fd;
}

static int write_all(int fd, const char *data, size_t size)
{
	for (size_t done = 0; done < size;) {
		ssize_t w = write(fd, data + done, size - done);
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* "20 MB", "512 KB", "900 byte": a limit as people read it. */
static void human_size(long sz, char *out, size_t osz)
{
	if (sz >= 1048576 && sz % 1048576 == 0)
		snprintf(out, osz, "%ld MB", sz / 1048576);
	else if (sz >= 1048576)
		snprintf(out, osz, "%.1f MB", (double)sz / 1048576.0);
	else if (sz >= 1024)
		snprintf(out, osz, "%ld KB", sz / 1024);
	else
		snprintf(out, osz, "%ld byte", sz);
}

/* Percent-encode n bytes into the body, as a browser would for
 * application/x-www-form-urlencoded. -1 when the body is full. */
static int body_add_encoded(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '_' || c == '.' || c == '~';
		if (plain ? buf_addc(b, (char)c) < 0
			  : buf_add(b, (char[]){'%', hex[c >> 4], hex[c & 15]}, 3) < 0)
			return -1;
	}
	return 0;
}

static enum MHD_Result page_refuse(struct reqctx *x, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum MHD_Result page_refuse(struct reqctx *x, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->early_msg, sizeof(x->early_msg), fmt, ap);
	va_end(ap);
	x->early = status;
	return MHD_NO;
}

/* A page's multipart form (routes with RF_HTML and RF_UPLOAD): its plain
 * fields are written into the body as if the browser had sent them
 * urlencoded (so the CSRF check and webform_parse() read them as
 * always); each file part goes to its own unlinked temporary file, keyed
 * by its field name. Caps: conf.max_file_bytes a file,
 * conf.max_dossier_bytes all the files, API_FILES_MAX files and
 * PAGE_FORM_PARTS_MAX parts; past one the page answers 413. A file input
 * left empty (no file name) is no part at all. */
static enum MHD_Result page_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *content_type,
				 const char *transfer_encoding, const char *data, uint64_t off,
				 size_t size)
{
	struct reqctx *x = cls;
	struct api_req *r = &x->r;
	const struct conf *cf = r->ctx->conf;
	int en = r->lang_en;
	char lim[32];
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (!key)
		return MHD_YES;
	if (filename && !*filename)
		return MHD_YES;
	if (!filename) {
		/* libmicrohttpd may announce a field with no bytes at offset 0
		 * and then give its bytes at offset 0 again: one field */
		int again = off == 0 && x->field_open && x->field_len == 0 && !strcmp(x->field_key, key);
		if (off == 0 && !again) {
			x->field_open = 1;
			x->field_len = 0;
			snprintf(x->field_key, sizeof(x->field_key), "%s", key);
			if (++x->nparts > PAGE_FORM_PARTS_MAX)
				return page_refuse(x, 413, en ? "the form has more than %d fields and files"
							      : "biểu mẫu có quá %d trường và tệp",
						   PAGE_FORM_PARTS_MAX);
			if ((x->body.len && buf_addc(&x->body, '&') < 0) ||
			    body_add_encoded(&x->body, key, strlen(key)) < 0 || buf_addc(&x->body, '=') < 0)
				goto full;
		}
		if (body_add_encoded(&x->body, data, size) < 0)
			goto full;
		x->field_len += size;
		return MHD_YES;
	}
	x->field_open = 0;
	struct api_file *f = r->nfiles ? &r->files[r->nfiles - 1] : NULL;
	if (off == 0 && !(f && f->sz == 0 && !strcmp(f->field, key) && !strcmp(f->name, filename))) {
		if (++x->nparts > PAGE_FORM_PARTS_MAX)
			return page_refuse(x, 413, en ? "the form has more than %d fields and files"
						      : "biểu mẫu có quá %d trường và tệp",
					   PAGE_FORM_PARTS_MAX);
		if (r->nfiles >= API_FILES_MAX)
			return page_refuse(x, 413, en ? "at most %d files can be sent at once"
						      : "mỗi lần chỉ gửi được tối đa %d tệp",
					   API_FILES_MAX);
		f = &r->files[r->nfiles];
		memset(f, 0, sizeof(*f));
		if ((f->fd = upload_tmp_fd()) < 0)
			return page_refuse(x, 503, en ? "could not store the upload; try again"
						      : "không lưu được tệp tải lên; hãy thử lại");
		r->nfiles++;
		snprintf(f->field, sizeof(f->field), "%s", key);
		snprintf(f->name, sizeof(f->name), "%s", filename);
	}
	if (!f)
		return MHD_YES;
	if (f->sz + (int64_t)size > cf->max_file_bytes) {
		human_size(cf->max_file_bytes, lim, sizeof(lim));
		return page_refuse(x, 413, en ? "the file %.120s is larger than the limit of %s (%ld bytes) per file"
					      : "tệp %.120s lớn hơn giới hạn %s (%ld byte) cho mỗi tệp",
				   f->name, lim, cf->max_file_bytes);
	}
	if (x->files_sz + (int64_t)size > cf->max_dossier_bytes) {
		human_size(cf->max_dossier_bytes, lim, sizeof(lim));
		return page_refuse(x, 413, en ? "the files together are larger than the limit of %s (%ld bytes)"
					      : "các tệp gửi cùng lúc lớn hơn giới hạn %s (%ld byte)",
				   lim, cf->max_dossier_bytes);
	}
	if (write_all(f->fd, data, size) < 0)
		return page_refuse(x, 503, en ? "could not store the upload; try again"
					      : "không lưu được tệp tải lên; hãy thử lại");
	f->sz += (int64_t)size;
	x->files_sz += (int64_t)size;
	return MHD_YES;
full:
	human_size(cf->max_body_bytes, lim, sizeof(lim));
	return page_refuse(x, 413, en ? "the form's fields are larger than %s" : "nội dung các trường của biểu mẫu lớn hơn %s",
			   lim);
}

/* libmicrohttpd's multipart parser hands us the parts in pieces: the
 * "file" part goes to a temporary file that is unlinked at once (it
 * disappears with the descriptor, whatever happens), up to the cap. */
static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *filename, const char *content_type,
				 const char *transfer_encoding, const char *data, uint64_t off,
				 size_t size)
{
	struct reqctx *x = cls;
	(void)kind;
	(void)transfer_encoding;
	if (!key || strcmp(key, "file") || !filename)
		return MHD_YES; /* other fields are not used */
	if (off == 0 && x->r.upload_fd < 0) {
		x->r.upload_fd = upload_tmp_fd();
		if (x->r.upload_fd < 0) {
			x->early = 503;
			return MHD_NO;
		}
		snprintf(x->r.upload_name, sizeof(x->r.upload_name), "%s", filename);
		snprintf(x->r.upload_ctype, sizeof(x->r.upload_ctype), "%s", content_type ? content_type : "");
	}
	if (x->r.upload_fd < 0)
		return MHD_YES;
	if (x->r.upload_sz + (int64_t)size > x->upload_cap) {
		x->early = 413;
		return MHD_NO;
	}
	if (write_all(x->r.upload_fd, data, size) < 0) {
		x->early = 503;
		return MHD_NO;
	}
	x->r.upload_sz += (int64_t)size;
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct reqctx *x = *con_cls;
	(void)version;
	if (!x) {
		x = calloc(1, sizeof(*x));
		if (!x)
			return MHD_NO;
		*con_cls = x;
		x->t0 = now_ns();
		x->route = -1;
		snprintf(x->method, sizeof(x->method), "%s", method);
		snprintf(x->id, sizeof(x->id), "%08x-%06llx", req_prefix,
			 (unsigned long long)atomic_fetch_add(&req_seq, 1));
		buf_init(&x->body, (size_t)s->ctx->conf->max_body_bytes);
		buf_init(&x->r.out, 64u << 20);
		x->r.ctx = s->ctx;
		x->r.method = x->method;
		x->r.path = url;
		x->r.request_id = x->id;
		x->r.query = conn_query;
		x->r.header = conn_header;
		x->r.h = c;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr,
				  x->r.ip, sizeof(x->r.ip));
		else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr,
				  x->r.ip, sizeof(x->r.ip));
		forwarded_client(c, s->ctx->conf->trusted_proxies, x->r.ip, sizeof(x->r.ip));
		const char *al = conn_header(c, "Accept-Language");
		x->r.lang_en = al && !strncasecmp(al, "en", 2);
		x->r.upload_fd = -1;
		long cap = s->ctx->conf->max_body_bytes;
		x->rflags = router_flags(method, url);
		const char *ct = conn_header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
		if ((x->rflags & RF_UPLOAD) && (x->rflags & RF_HTML)) {
			/* a page form with files; an urlencoded one is read as always */
			if (ct && !strncasecmp(ct, "multipart/form-data", 19))
				x->pp = MHD_create_post_processor(c, 16384, page_iter, x);
			if (x->pp) {
				x->page_form = 1;
				cap = s->ctx->conf->max_dossier_bytes + s->ctx->conf->max_body_bytes + 65536;
				if (cap < s->ctx->conf->max_file_bytes + 65536)
					cap = s->ctx->conf->max_file_bytes + 65536;
			}
		} else if (x->rflags & RF_UPLOAD) {
			/* the multipart parser is libmicrohttpd's; we only keep the bytes */
			/* not multipart: the handler answers 415 (after the login check) */
			x->pp = MHD_create_post_processor(c, 16384, post_iter, x);
			if (x->pp) {
				x->upload_cap = s->ctx->conf->max_file_bytes;
				cap = x->upload_cap + 65536;
			}
		}
		const char *cl = conn_header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			long long n = strtoll(cl, &end, 10);
			if (errno || end == cl || *end || n < 0 || n > cap) {
				/* answer now, without reading a byte of the body */
				x->early = 413;
				if (x->rflags & RF_HTML) {
					char lim[32];
					human_size(x->page_form ? s->ctx->conf->max_dossier_bytes : cap, lim, sizeof(lim));
					snprintf(x->early_msg, sizeof(x->early_msg),
						 x->r.lang_en ? "what was sent is larger than the limit of %s"
							      : "nội dung gửi lên lớn hơn giới hạn %s",
						 lim);
					page_http_error(&x->r, 413, x->early_msg);
				} else {
					api_reply_error(&x->r, 413, "too_large", NULL,
							"the request body is larger than %ld bytes",
							x->pp ? x->upload_cap : cap);
				}
				return send_reply(c, x);
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!x->early) {
			if (now_ns() - x->t0 > (int64_t)s->ctx->conf->request_timeout * 1000000000)
				x->early = 408;
			else if (x->pp) {
				if (MHD_post_process(x->pp, upload_data, *upload_size) != MHD_YES && !x->early)
					x->early = 400;
			} else if (buf_add(&x->body, upload_data, *upload_size) < 0)
				x->early = 413;
		} else if (now_ns() - x->t0 > (int64_t)s->ctx->conf->request_timeout * 2000000000LL) {
			return MHD_NO; /* a client that keeps sending after being refused */
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (x->early && x->early_msg[0]) {
		/* a page form refused while it was read: a page saying why */
		if (x->early == 503)
			x->r.retry_after = 5;
		page_http_error(&x->r, x->early, x->early_msg);
	} else if (x->early == 413 && (x->rflags & RF_HTML)) {
		char lim[32], m[200];
		human_size(s->ctx->conf->max_body_bytes, lim, sizeof(lim));
		snprintf(m, sizeof(m), x->r.lang_en ? "what was sent is larger than the limit of %s"
						    : "nội dung gửi lên lớn hơn giới hạn %s", lim);
		page_http_error(&x->r, 413, m);
	} else if (x->early == 413) {
		api_reply_error(&x->r, 413, "too_large", x->pp ? "file" : NULL,
				"the %s is larger than %ld bytes", x->pp ? "file" : "request body",
				x->pp ? x->upload_cap : s->ctx->conf->max_body_bytes);
	} else if (x->early == 400 && (x->rflags & RF_HTML)) {
		page_http_error(&x->r, 400, x->r.lang_en ? "the form could not be read; try again"
							 : "không đọc được biểu mẫu; hãy thử lại");
	} else if (x->early == 400) {
		api_reply_error(&x->r, 400, "malformed_multipart", NULL,
				"the multipart body could not be read");
	} else if (x->early == 408) {
		api_reply_error(&x->r, 408, "request_timeout", NULL,
				"the request body took longer than %d seconds to arrive",
				s->ctx->conf->request_timeout);
	} else if (x->early == 503) {
		x->r.retry_after = 5;
		api_reply_error(&x->r, 503, "overloaded", NULL, "could not store the upload; try again");
	} else {
		x->r.body = x->body.p;
		x->r.body_sz = x->body.len;
		dispatch(x, url);
	}
	return send_reply(c, x);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct reqctx *x = *con_cls;
	(void)c;
	if (!x)
		return;
	int64_t ns = now_ns() - x->t0;
	int status = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? x->r.status : 499;
	metrics_record(x->route, status, ns);
	if (s->ctx->conf->access_log)
		log_info("access id=%s ip=%s method=%s path=\"%.200s\" status=%d us=%lld user=%s",
			 x->id, x->r.ip, x->method, x->r.path ? x->r.path : "", status, (long long)(ns / 1000),
			 x->r.user ? x->r.user->username : "-");
	for (int i = 0; i < API_PARAMS_MAX; i++)
		free(x->params[i]);
	if (x->pp)
		MHD_destroy_post_processor(x->pp);
	if (x->r.upload_fd >= 0)
		close(x->r.upload_fd);
	for (int i = 0; i < x->r.nfiles; i++)
		if (x->r.files[i].fd >= 0)
			close(x->r.files[i].fd);
	buf_release(&x->body);
	buf_release(&x->r.out);
	free(x);
	*con_cls = NULL;
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warn("libmicrohttpd: %s", line);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct errbuf *eb)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return err_set(eb, ERR_INVALID, "listen", "listen must be host:port, e.g. 127.0.0.1:8080"),
		       -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return err_set(eb, ERR_INVALID, "listen", "bad port in '%s'", listen), -1;
	if (!strcmp(host, "localhost"))
		snprintf(host, sizeof(host), "127.0.0.1");
	if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
		return err_set(eb, ERR_INVALID, "listen", "'%s' is not an IPv4 address", host), -1;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

enum err http_server_start(const struct api_ctx *ctx, struct http_server **out, int *port,
			   struct errbuf *eb)
{
	struct sockaddr_in sa;
	const struct conf *cf = ctx->conf;
	*out = NULL;
	if (routes_count > 128)
		return err_set(eb, ERR_INTERNAL, NULL, "route table larger than the metrics arrays");
	if (parse_listen(cf->listen, &sa, eb) < 0)
		return ERR_INVALID;
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	s->ctx = ctx;
	req_prefix = (unsigned)getpid() ^ (unsigned)time(NULL);
	/* handlers block on fsync (group commit) and on the database: several
	 * threads per core keep the cores busy and let commits batch up */
	long threads = cf->threads > 0 ? cf->threads : 8 * sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 8;
	if (threads > 128)
		threads = 128;
	s->d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
		(unsigned)threads, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cf->max_header_bytes,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cf->idle_timeout, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)cf->max_connections, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	if (!s->d) {
		free(s);
		return err_set(eb, ERR_INVALID, "listen", "cannot listen on %s (in use, or not allowed)",
			       cf->listen);
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_LISTEN_FD);
	struct sockaddr_in bound;
	socklen_t len = sizeof(bound);
	*port = ntohs(sa.sin_port);
	if (info && getsockname(info->listen_fd, (struct sockaddr *)&bound, &len) == 0)
		*port = ntohs(bound.sin_port);
	*out = s;
	return ERR_OK;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->d);
	free(s);
}
