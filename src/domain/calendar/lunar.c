/*
 * lunar.c - the Vietnamese lunar calendar by astronomical computation.
 *
 * The method (Hồ Ngọc Đức, "Thuật toán tính âm lịch"):
 *  1. A lunar month begins on the local day that contains a new moon. New
 *     moons are numbered k = 0, 1, ... from the one of 1900-01-01 13:51 UTC
 *     and their times come from Meeus's series (Astronomical Algorithms,
 *     ch. 49), truncated to the terms that matter at a one-day resolution.
 *  2. The month containing the winter solstice (the sun at 270°) is month
 *     11. Between two months 11 there are 12 or 13 lunar months.
 *  3. With 13, the first month after month 11 during which the sun does not
 *     enter a new 30° sector of longitude (no major solar term) is the leap
 *     month; it repeats the number of the month before it.
 * Day boundaries are local midnights, so the time zone changes dates when
 * a new moon or a solar term falls close to midnight.
 *
 * Day numbers here are Julian Day Numbers (JDN, the integer day count used
 * by astronomers: 2451545 is 2000-01-01). Nothing is cached: every call
 * recomputes the few new moons it needs, which costs microseconds.
 */
#include "domain/calendar/lunar.h"

#include <math.h>
#include <stdint.h>

#define SYNODIC_MONTH 29.530588853
/* JDN (as a real) of new moon k = 0, the origin of the lunation count. */
#define NEW_MOON_0 2415021.076998695
#define JDN_MIN 2415021 /* 1900-01-01 */
#define JDN_MAX 2488434 /* 2100-12-31 */

/* Julian Day Number of a proleptic Gregorian date (no validation). */
static int32_t jdn_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468 + 2440588);
}

static void civil_from_jdn(int32_t jdn, int *y, int *m, int *d)
{
	int64_t z = (int64_t)jdn - 2440588 + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t dd = doy - (153 * mp + 2) / 5 + 1;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static bool civil_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int n;

	if (m < 1 || m > 12 || d < 1)
		return false;
	n = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		n = 29;
	return d <= n;
}

/* Julian Ephemeris Day of new moon k (Meeus ch. 49, truncated series),
 * corrected from dynamical time to universal time. */
static double new_moon_time(int k)
{
	const double dr = M_PI / 180.0;
	double t = k / 1236.85, t2 = t * t, t3 = t2 * t;
	double jd, m, mpr, f, c1, deltat;

	jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
	jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
	m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;    /* sun anomaly */
	mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; /* moon anomaly */
	f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; /* moon latitude arg */
	c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m);
	c1 += -0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr);
	c1 += -0.0004 * sin(dr * 3 * mpr);
	c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr));
	c1 += -0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m));
	c1 += -0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr));
	c1 += 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m));
	if (t < -11)
		deltat =
		    0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3;
	else
		deltat = -0.000278 + 0.000265 * t + 0.000262 * t2;
	return jd + c1 - deltat;
}

/* Apparent longitude of the sun, in radians 0..2π, at Julian Day jd (Meeus
 * ch. 25, low precision: good to about 0.01°). */
static double sun_longitude(double jd)
{
	const double dr = M_PI / 180.0;
	double t = (jd - 2451545.0) / 36525, t2 = t * t;
	double m, l0, dl, l;

	m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
	l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
	dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m);
	dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m);
	l = (l0 + dl) * dr;
	return l - 2 * M_PI * floor(l / (2 * M_PI));
}

/* JDN of the local day that contains new moon k. */
static int32_t new_moon_day(int k, double tz)
{
	return (int32_t)floor(new_moon_time(k) + 0.5 + tz / 24.0);
}

/* The 30° sector (0..11) the sun is in at the local midnight that starts
 * day jdn; sector 9 begins at the winter solstice (270°). */
static int sun_sector(int32_t jdn, double tz)
{
	return (int)floor(sun_longitude(jdn - 0.5 - tz / 24.0) / M_PI * 6.0);
}

/* JDN of the first day of lunar month 11 whose start lies in solar year y
 * (the month that contains the winter solstice of y). */
static int32_t month11_start(int y, double tz)
{
	int k = (int)floor((jdn_from_civil(y, 12, 31) - NEW_MOON_0) / SYNODIC_MONTH);
	int32_t nm = new_moon_day(k, tz);

	/* If the sun is already past 270° when this month begins, the solstice
	 * fell in the month before, which is therefore month 11. */
	if (sun_sector(nm, tz) >= 9)
		nm = new_moon_day(k - 1, tz);
	return nm;
}

/* Lunation index of the month that starts on day a11. */
static int lunation_of(int32_t a11)
{
	return (int)floor((a11 - NEW_MOON_0) / SYNODIC_MONTH + 0.5);
}

/* In a 13-month year that starts with month 11 on day a11: the offset
 * (1..12) from that month 11 of the leap month, i.e. the first month in
 * which the sun stays in one sector from its start to the next month's. */
static int leap_offset(int32_t a11, double tz)
{
	int k = lunation_of(a11);
	int i = 1;
	int arc = sun_sector(new_moon_day(k + 1, tz), tz);
	int last;

	do {
		last = arc;
		i++;
		arc = sun_sector(new_moon_day(k + i, tz), tz);
	} while (arc != last && i < 14);
	return i - 1;
}

static bool tz_valid(double tz)
{
	return tz >= -12.0 && tz <= 14.0;
}

static enum err jdn_to_lunar(int32_t jdn, int solar_year, double tz, struct lunar_date *out)
{
	int k = (int)floor((jdn - NEW_MOON_0) / SYNODIC_MONTH);
	int32_t month_start;
	int32_t a11, b11;
	int lyear, diff, lmonth;
	bool leap = false;

	/* k from the mean lunation is off by one now and then (true new moons
	 * wander up to ~14 h around the mean): settle on the last new moon
	 * whose day is not after jdn. */
	while (new_moon_day(k + 1, tz) <= jdn)
		k++;
	while ((month_start = new_moon_day(k, tz)) > jdn)
		k--;
	a11 = month11_start(solar_year, tz);
	b11 = a11;
	if (a11 >= month_start) {
		/* Before this year's month 11: the stretch opened by last year's. */
		lyear = solar_year;
		a11 = month11_start(solar_year - 1, tz);
	} else {
		lyear = solar_year + 1;
		b11 = month11_start(solar_year + 1, tz);
	}
	diff = (int)((month_start - a11) / 29); /* months since month 11 */
	lmonth = diff + 11;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11, tz);

		if (diff >= lo) {
			lmonth = diff + 10;
			leap = diff == lo;
		}
	}
	if (lmonth > 12)
		lmonth -= 12;
	if (lmonth >= 11 && diff < 4)
		lyear--;
	out->year = lyear;
	out->month = lmonth;
	out->day = (int)(jdn - month_start) + 1;
	out->leap = leap;
	return ERR_OK;
}

enum err lunar_from_solar_tz(int y, int m, int d, double tz_hours, struct lunar_date *out,
			     struct errbuf *eb)
{
	int32_t jdn;

	if (!tz_valid(tz_hours))
		return err_set(eb, ERR_INVALID, "tz", "time zone %.2f h is out of range", tz_hours);
	if (!civil_valid(y, m, d))
		return err_set(eb, ERR_INVALID, "date", "%04d-%02d-%02d is not a date", y, m, d);
	jdn = jdn_from_civil(y, m, d);
	if (jdn < JDN_MIN || jdn > JDN_MAX)
		return err_set(eb, ERR_INVALID, "date", "%04d-%02d-%02d is outside 1900-2100", y, m,
			       d);
	return jdn_to_lunar(jdn, y, tz_hours, out);
}

enum err lunar_from_solar(int y, int m, int d, struct lunar_date *out, struct errbuf *eb)
{
	return lunar_from_solar_tz(y, m, d, LUNAR_TZ_VN, out, eb);
}

/* First day (JDN) of lunar month (year, month, leap), or -1 when that
 * month does not exist. *len receives its length in days. */
static int32_t lunar_month_start(int year, int month, bool leap, double tz, int *len)
{
	int32_t a11, b11, start;
	int k, off;

	if (month < 1 || month > 12 || year < 1800 || year > 2200)
		return -1;
	if (month < 11) {
		a11 = month11_start(year - 1, tz);
		b11 = month11_start(year, tz);
	} else {
		a11 = month11_start(year, tz);
		b11 = month11_start(year + 1, tz);
	}
	k = lunation_of(a11);
	off = month - 11;
	if (off < 0)
		off += 12;
	if (b11 - a11 > 365) {
		int lo = leap_offset(a11, tz);
		int leap_month = lo - 2;

		if (leap_month < 0)
			leap_month += 12;
		if (leap && month != leap_month)
			return -1;
		if (leap || off >= lo)
			off++;
	} else if (leap) {
		return -1;
	}
	start = new_moon_day(k + off, tz);
	*len = (int)(new_moon_day(k + off + 1, tz) - start);
	return start;
}

enum err lunar_to_solar_tz(const struct lunar_date *ld, double tz_hours, int *y, int *m, int *d,
			   struct errbuf *eb)
{
	int32_t start, jdn;
	int len = 0;

	if (!tz_valid(tz_hours))
		return err_set(eb, ERR_INVALID, "tz", "time zone %.2f h is out of range", tz_hours);
	if (ld->year < 1899 || ld->year > 2100)
		return err_set(eb, ERR_INVALID, "date", "lunar year %d is outside 1899-2100",
			       ld->year);
	if (ld->month < 1 || ld->month > 12 || ld->day < 1 || ld->day > 30)
		return err_set(eb, ERR_INVALID, "date", "lunar %d/%d is not a lunar date", ld->day,
			       ld->month);
	start = lunar_month_start(ld->year, ld->month, ld->leap, tz_hours, &len);
	if (start < 0)
		return err_set(eb, ERR_INVALID, "date", "lunar year %d has no leap month %d",
			       ld->year, ld->month);
	if (ld->day > len)
		return err_set(eb, ERR_INVALID, "date", "lunar month %d%s of %d has %d days",
			       ld->month, ld->leap ? " (leap)" : "", ld->year, len);
	jdn = start + ld->day - 1;
	if (jdn < JDN_MIN || jdn > JDN_MAX)
		return err_set(eb, ERR_INVALID, "date", "lunar date falls outside 1900-2100");
	civil_from_jdn(jdn, y, m, d);
	return ERR_OK;
}

enum err lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d, struct errbuf *eb)
{
	return lunar_to_solar_tz(ld, LUNAR_TZ_VN, y, m, d, eb);
}

int lunar_leap_month(int year)
{
	int32_t a11, b11;
	int lm;

	if (year < 1900 || year > 2099)
		return -1;
	/* Leap months 1..10 of `year` lie in the stretch opened by month 11 of
	 * year-1; leap 11 or 12 in the stretch opened by month 11 of year. */
	a11 = month11_start(year - 1, LUNAR_TZ_VN);
	b11 = month11_start(year, LUNAR_TZ_VN);
	if (b11 - a11 > 365) {
		lm = leap_offset(a11, LUNAR_TZ_VN) - 2;
		if (lm >= 1 && lm <= 10)
			return lm;
	}
	a11 = b11;
	b11 = month11_start(year + 1, LUNAR_TZ_VN);
	if (b11 - a11 > 365) {
		lm = leap_offset(a11, LUNAR_TZ_VN) - 2;
		if (lm < 1)
			lm += 12;
		if (lm >= 11)
			return lm;
	}
	return 0;
}

int lunar_month_days(int year, int month, bool leap)
{
	int len = 0;

	if (year < 1899 || year > 2100)
		return -1;
	if (lunar_month_start(year, month, leap, LUNAR_TZ_VN, &len) < 0)
		return -1;
	return len;
}
