/*
 * calendar_bench.c - how many due times per second the calendar engine
 * computes on one thread.
 *
 * Each computation is cal_due() for a 15-working-day limit (R-DL-3) from a
 * start time spread over 2023-2027 (any minute of any day, so starts fall
 * in office hours, lunch, nights, weekends and holidays alike), on a
 * calendar with the official 2023-2026 schedules when
 * data/calendar/vn-holidays.json is readable from the working directory
 * (the project root), else the computed defaults. Runs about 2 seconds and
 * prints "calendar_due_15wd: N per second". Not a test: it checks nothing
 * but a checksum that keeps the work from being optimised away.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "domain/calendar/calendar.h"
#include "domain/calendar/calendar_json.h"

#define NSTARTS 4096
#define BATCH 65536
#define RUN_SECONDS 2.0

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	static struct calendar cal;
	static int64_t starts[NSTARTS];
	struct errbuf eb = {0};
	json_error_t jerr;
	json_t *root;
	int64_t lo = cal_from_local(2023, 1, 1, 0, 0, 0);
	int64_t span = cal_from_local(2028, 1, 1, 0, 0, 0) - lo;
	uint64_t rng = 0x9e3779b97f4a7c15ULL, n = 0, sum = 0;
	double t0, t1, t_init;
	const char *data = "official 2023-2026";

	t0 = now();
	if (cal_init(&cal, &eb) != ERR_OK) {
		fprintf(stderr, "calendar_bench: cal_init: %s\n", eb.msg);
		return 1;
	}
	t_init = now() - t0;
	root = json_load_file("data/calendar/vn-holidays.json", 0, &jerr);
	if (!root || cal_add_years_from_json(&cal, root, &eb) != ERR_OK)
		data = "computed defaults only";
	json_decref(root);

	for (size_t i = 0; i < NSTARTS; i++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		starts[i] = lo + (int64_t)(rng % (uint64_t)(span / 60)) * 60;
	}

	t0 = now();
	do {
		for (size_t i = 0; i < BATCH; i++) {
			int64_t eff, due;

			if (cal_due(&cal, starts[i % NSTARTS], 15, CAL_UNIT_WORKING_DAYS, &eff,
				    &due, NULL) != ERR_OK) {
				fprintf(stderr, "calendar_bench: cal_due failed\n");
				return 1;
			}
			sum += (uint64_t)(due - eff);
		}
		n += BATCH;
		t1 = now();
	} while (t1 - t0 < RUN_SECONDS);

	printf("calendar_due_15wd: %.0f per second\n", (double)n / (t1 - t0));
	fprintf(stderr,
		"  (%llu computations in %.2f s; calendar %s; cal_init %.2f ms; "
		"checksum %llu)\n",
		(unsigned long long)n, t1 - t0, data, t_init * 1e3, (unsigned long long)sum);
	cal_release(&cal);
	return 0;
}
