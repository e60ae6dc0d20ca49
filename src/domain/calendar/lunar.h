/*
 * lunar.h - the Vietnamese lunisolar calendar (âm lịch), computed.
 *
 * Converts solar (Gregorian) dates to lunar dates and back by Hồ Ngọc Đức's
 * astronomical method: a lunar month starts on the local day of a new moon,
 * the month that contains the winter solstice is month 11, and in a lunar
 * year with 13 new moons between two months 11 the first month without a
 * major solar term (the sun entering a new 30° sector of longitude) is the
 * leap month, numbered like the month before it. Vietnam reckons days at
 * UTC+7, which is why its Tết differs from China's (UTC+8) in some years
 * (1985: 21/1 in Vietnam, 20/2 in China).
 *
 * This module is pure arithmetic: no clock, no I/O, no tables, no globals.
 * It is checked for every solar day of 1900-01-01..2100-12-31, the range the
 * functions accept. It does not know about holidays; calendar.h does.
 */
#ifndef MOTCUA_DOMAIN_CALENDAR_LUNAR_H
#define MOTCUA_DOMAIN_CALENDAR_LUNAR_H

#include <stdbool.h>

#include "core/err.h"

/* The Vietnamese time zone used for lunar reckoning, in hours east of UTC. */
#define LUNAR_TZ_VN 7.0

/* A lunar date. year is the lunar year, which begins at Tết, so a solar
 * date in January before Tết belongs to the previous lunar year (month 11
 * or 12). leap is true in the repeated (nhuận) month, which carries the
 * number of the month before it. */
struct lunar_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..30 */
	bool leap;
};

/*
 * Convert the solar date y-m-d to a Vietnamese lunar date in *out.
 * Returns ERR_INVALID (field "date") when y-m-d is not a real date or lies
 * outside 1900-01-01..2100-12-31; *out is then untouched. eb may be NULL.
 */
enum err lunar_from_solar(int y, int m, int d, struct lunar_date *out, struct errbuf *eb);

/*
 * Convert the Vietnamese lunar date *ld to the solar date *y-*m-*d.
 * Returns ERR_INVALID (field "date") when the month is not 1..12, the day
 * is beyond that month's length (29 or 30), leap is set but that year has
 * no such leap month, or the result lies outside 1900-01-01..2100-12-31.
 * The outputs are untouched on error. eb may be NULL.
 */
enum err lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d, struct errbuf *eb);

/*
 * The same two conversions for another time zone, tz_hours east of UTC
 * (-12..14). With 8.0 they reproduce the Chinese calendar; motcua uses
 * LUNAR_TZ_VN everywhere, and the tests use 8.0 to show where the two differ.
 */
enum err lunar_from_solar_tz(int y, int m, int d, double tz_hours, struct lunar_date *out,
			     struct errbuf *eb);
enum err lunar_to_solar_tz(const struct lunar_date *ld, double tz_hours, int *y, int *m, int *d,
			   struct errbuf *eb);

/*
 * The leap month of lunar year `year` in the Vietnamese calendar: 0 when
 * the year has none, otherwise the number (1..12) the leap month repeats
 * (2033 gives 11). Returns -1 for a year outside 1900..2099.
 */
int lunar_leap_month(int year);

/*
 * The number of days (29 or 30) of lunar month `month` (leap as in struct
 * lunar_date) of lunar year `year`, or -1 when that month does not exist
 * or lies outside the supported range.
 */
int lunar_month_days(int year, int month, bool leap);

#endif
