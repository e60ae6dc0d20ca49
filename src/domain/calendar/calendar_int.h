/*
 * calendar_int.h - internals shared by the files of the calendar module.
 *
 * Not a contract: only the .c files of src/domain/calendar include it. Day indexes
 * ("di") count days from 1900-01-01 (index 0) to 2100-12-31 (CAL_NDAYS-1)
 * and address the bits of struct calendar's work[] bitmap.
 */
#ifndef MOTCUA_DOMAIN_CALENDAR_CALENDAR_INT_H
#define MOTCUA_DOMAIN_CALENDAR_CALENDAR_INT_H

#include "domain/calendar/calendar.h"

#define CAL_EPOCH_DAYS (-25567) /* cal_days_from_civil(1900, 1, 1) */

static inline bool cal_di_working(const struct calendar *cal, int32_t di)
{
	return (cal->work[di >> 6] >> (di & 63)) & 1;
}

/* Working days with index < di (0 <= di <= CAL_NDAYS). */
static inline int32_t cal_rank(const struct calendar *cal, int32_t di)
{
	int32_t w = di >> 6;
	int b = di & 63;

	if (b == 0)
		return (int32_t)cal->rank[w];
	return (int32_t)cal->rank[w] + __builtin_popcountll(cal->work[w] & ((1ULL << b) - 1));
}

/* Index of the working day of rank k (k working days before it), or -1
 * when there are not that many working days up to 2100-12-31. */
int32_t cal_select(const struct calendar *cal, int32_t k);

/* The base schedule of `year`: the added one or the computed default
 * (without local days). Returns ERR_OK or the error of cal_compute_year. */
enum err cal_base_schedule(const struct calendar *cal, int year, struct cal_schedule *out,
			   struct errbuf *eb);

#endif
