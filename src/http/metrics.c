/*
 * metrics.c - GET /metrics in the Prometheus text format: requests by
 * route and status, and a latency histogram per route. Counters are
 * relaxed atomics in fixed arrays sized by the route table, so recording
 * costs a few uncontended increments and never allocates.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"
#include "http/router.h"

#define MAX_ROUTES 128

static const int status_codes[] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404,
				   405, 408, 409, 413, 415, 422, 429, 431, 500, 503, 0};
#define NSTATUS (sizeof(status_codes) / sizeof(status_codes[0])) /* last: other */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				   0.05,   0.1,   0.25,   0.5,   1,    2.5};
#define NBUCKETS (sizeof(bucket_le) / sizeof(bucket_le[0]))

static _Atomic uint64_t req_count[MAX_ROUTES + 1][NSTATUS];
static _Atomic uint64_t lat_bucket[MAX_ROUTES + 1][NBUCKETS + 1];
static _Atomic uint64_t lat_sum_ns[MAX_ROUTES + 1];

void metrics_record(int route, int status, int64_t ns)
{
	size_t r = route < 0 || route >= MAX_ROUTES ? MAX_ROUTES : (size_t)route;
	size_t s = NSTATUS - 1;
	for (size_t i = 0; i + 1 < NSTATUS; i++)
		if (status_codes[i] == status) {
			s = i;
			break;
		}
	atomic_fetch_add_explicit(&req_count[r][s], 1, memory_order_relaxed);
	double sec = (double)ns / 1e9;
	size_t b = 0;
	while (b < NBUCKETS && sec > bucket_le[b])
		b++;
	atomic_fetch_add_explicit(&lat_bucket[r][b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&lat_sum_ns[r], (uint64_t)(ns > 0 ? ns : 0), memory_order_relaxed);
}

static void route_label(size_t r, char *out, size_t sz)
{
	if (r >= routes_count)
		snprintf(out, sz, "method=\"\",route=\"unmatched\"");
	else
		snprintf(out, sz, "method=\"%s\",route=\"%s\"", routes[r].method, routes[r].pattern);
}

void http_metrics_handler(struct api_req *r)
{
	char label[300];
	struct buf *b = &r->out;
	buf_reset(b);
	buf_adds(b, "# HELP motcua_http_requests_total HTTP requests answered, by route and status.\n"
		    "# TYPE motcua_http_requests_total counter\n");
	for (size_t i = 0; i <= MAX_ROUTES; i++) {
		if (i < MAX_ROUTES && i >= routes_count)
			continue;
		route_label(i, label, sizeof(label));
		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t n = atomic_load_explicit(&req_count[i][s], memory_order_relaxed);
			if (!n)
				continue;
			if (status_codes[s])
				buf_addf(b, "motcua_http_requests_total{%s,status=\"%d\"} %llu\n", label,
					 status_codes[s], (unsigned long long)n);
			else
				buf_addf(b, "motcua_http_requests_total{%s,status=\"other\"} %llu\n", label,
					 (unsigned long long)n);
		}
	}
	buf_adds(b, "# HELP motcua_http_request_duration_seconds Time from the first byte of a request "
		    "to the end of its response.\n"
		    "# TYPE motcua_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= MAX_ROUTES; i++) {
		if (i < MAX_ROUTES && i >= routes_count)
			continue;
		uint64_t total = 0, cum = 0;
		for (size_t k = 0; k <= NBUCKETS; k++)
			total += atomic_load_explicit(&lat_bucket[i][k], memory_order_relaxed);
		if (!total)
			continue;
		route_label(i, label, sizeof(label));
		for (size_t k = 0; k < NBUCKETS; k++) {
			cum += atomic_load_explicit(&lat_bucket[i][k], memory_order_relaxed);
			buf_addf(b, "motcua_http_request_duration_seconds_bucket{%s,le=\"%g\"} %llu\n", label,
				 bucket_le[k], (unsigned long long)cum);
		}
		buf_addf(b, "motcua_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %llu\n", label,
			 (unsigned long long)total);
		buf_addf(b, "motcua_http_request_duration_seconds_sum{%s} %.6f\n", label,
			 (double)atomic_load_explicit(&lat_sum_ns[i], memory_order_relaxed) / 1e9);
		buf_addf(b, "motcua_http_request_duration_seconds_count{%s} %llu\n", label,
			 (unsigned long long)total);
	}
	r->status = 200;
	r->ctype = "text/plain; version=0.0.4; charset=utf-8";
}
