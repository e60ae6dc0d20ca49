/*
 * http_int.h - shared inside src/http/: the handlers the HTTP layer owns
 * itself (metrics, OpenAPI) and the metrics recorder.
 */
#ifndef MOTCUA_HTTP_INT_H
#define MOTCUA_HTTP_INT_H

#include <stdint.h>

#include "api/api.h"

void http_metrics_handler(struct api_req *r);
void http_openapi_handler(struct api_req *r);

/* Record one finished request: route index (-1 = no route), status and
 * duration in nanoseconds. Lock-free; safe from any thread. */
void metrics_record(int route, int status, int64_t ns);

#endif
