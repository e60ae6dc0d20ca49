/*
 * vntime.c - see vntime.h. days_from_civil / civil_from_days follow the
 * well-known era-based formulas (Howard Hinnant's derivation), written out
 * here from their published description.
 */
#include "core/vntime.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t vntime_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void vntime_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int vntime_date_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

int64_t vntime_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec;
}

void vntime_format(int64_t t, char out[32])
{
	int64_t lt = t + VN_OFFSET_SEC;
	int64_t days = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
	int64_t sod = lt - days * 86400;
	int y, m, d;
	vntime_civil_from_days(days, &y, &m, &d);
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", y, m, d, (int)(sod / 3600),
		 (int)(sod / 60 % 60), (int)(sod % 60));
}

void vntime_format_date(int64_t t, char out[16])
{
	int64_t lt = t + VN_OFFSET_SEC;
	int64_t days = lt >= 0 ? lt / 86400 : -((-lt + 86399) / 86400);
	int y, m, d;
	vntime_civil_from_days(days, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* Read exactly n digits at *s; advance. -1 if not digits. */
static int read_digits(const char **s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	return v;
}

int vntime_parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	int yy = read_digits(&p, 4);
	if (yy < 0 || *p++ != '-')
		return -1;
	int mm = read_digits(&p, 2);
	if (mm < 0 || *p++ != '-')
		return -1;
	int dd = read_digits(&p, 2);
	if (dd < 0 || *p != '\0' || !vntime_date_valid(yy, mm, dd))
		return -1;
	*y = yy;
	*m = mm;
	*d = dd;
	return 0;
}

int vntime_parse(const char *s, int64_t *t)
{
	const char *p = s;
	int y = read_digits(&p, 4), m, d, hh = 0, mi = 0, ss = 0;
	int64_t off = VN_OFFSET_SEC;
	if (y < 0 || *p++ != '-' || (m = read_digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = read_digits(&p, 2)) < 0 || !vntime_date_valid(y, m, d))
		return -1;
	if (*p == 'T' || *p == ' ') {
		p++;
		if ((hh = read_digits(&p, 2)) < 0 || *p++ != ':' || (mi = read_digits(&p, 2)) < 0)
			return -1;
		if (*p == ':') {
			p++;
			if ((ss = read_digits(&p, 2)) < 0)
				return -1;
			if (*p == '.') { /* fractions are accepted and dropped */
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (hh > 23 || mi > 59 || ss > 59)
			return -1;
		if (*p == 'Z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p == '-' ? -1 : 1;
			p++;
			int oh = read_digits(&p, 2), om;
			if (oh < 0)
				return -1;
			if (*p == ':')
				p++;
			if ((om = read_digits(&p, 2)) < 0 || oh > 14 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p != '\0')
		return -1;
	*t = vntime_days_from_civil(y, m, d) * 86400 + hh * 3600 + mi * 60 + ss - off;
	return 0;
}
