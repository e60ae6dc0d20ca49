/*
 * server.h - the HTTP server: libmicrohttpd with an epoll thread pool,
 * keep-alive, request caps (body 413, headers 431, time 408), the route
 * table, the permission check before each handler, security headers,
 * metrics and one access-log line per request.
 */
#ifndef MOTCUA_HTTP_SERVER_H
#define MOTCUA_HTTP_SERVER_H

#include "api/api.h"
#include "core/err.h"

struct http_server;

/* Start serving ctx on ctx->conf->listen ("host:port"; port 0 picks a free
 * one). *port gets the port actually bound. */
enum err http_server_start(const struct api_ctx *ctx, struct http_server **out, int *port,
			   struct errbuf *eb);
/* Stop accepting, finish in-flight requests, free. */
void http_server_stop(struct http_server *s);

#endif
