/*
 * fuzz_parsers.c - a libFuzzer target for motcua's input parsers. The first
 * input byte picks the parser, the rest is its input: ISO 8601 times and
 * dates, text folding, agency and procedure JSON validation, query
 * parsing and ranking, and route matching. Each must return an error or a
 * result for any bytes, never crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/vntime.h"
#include "domain/catalog/agency.h"
#include "domain/catalog/procedure.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	struct errbuf eb;
	switch (data[0] % 6) {
	case 0: {
		int64_t t;
		int y, m, d;
		if (vntime_parse(s, &t) == 0) {
			char out[32];
			vntime_format(t, out);
		}
		vntime_parse_date(s, &y, &m, &d);
		break;
	}
	case 1:
		free(fold_text(s, size - 1));
		break;
	case 2:
	case 3: {
		json_t *in = json_loadb(s, size - 1, 0, NULL), *out = NULL;
		if (in) {
			if (data[0] % 6 == 2)
				procedure_validate(in, &out, &eb);
			else
				agency_validate(in, NULL, &out, &eb);
			json_decref(out);
			json_decref(in);
		}
		break;
	}
	case 4: {
		struct proc_query pq;
		if (proc_query_parse(s, &pq, &eb) == ERR_OK) {
			proc_rank(&pq, "1.000001", "dang ky chuyen giao | chuyen giao | 1 000001");
			proc_query_release(&pq);
		}
		break;
	}
	case 5: {
		char *params[API_PARAMS_MAX] = {0}, allow[64];
		int idx, n = 0;
		if (router_match("GET", s, &idx, params, &n, allow, sizeof(allow)) == ROUTE_FOUND)
			for (int i = 0; i < n; i++)
				free(params[i]);
		break;
	}
	}
	free(s);
	return 0;
}
