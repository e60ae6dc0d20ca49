/*
 * vntime.h - time as motcua stores and shows it: int64 Unix seconds (UTC)
 * inside, ISO 8601 with the Vietnam offset (+07:00, no daylight saving)
 * outside. Inputs without an offset are Vietnam time (API.md conventions).
 * Civil-date arithmetic is done here by hand (proleptic Gregorian), so no
 * TZ database or non-reentrant libc call is involved.
 */
#ifndef MOTCUA_CORE_VNTIME_H
#define MOTCUA_CORE_VNTIME_H

#include <stdint.h>

#define VN_OFFSET_SEC (7 * 3600)

/* Days since 1970-01-01 of a civil date (valid or not: callers validate). */
int64_t vntime_days_from_civil(int y, int m, int d);
/* The civil date of a day number. */
void vntime_civil_from_days(int64_t z, int *y, int *m, int *d);
/* 1 if y-m-d is a real date (31/2 is not), in years 1..9999. */
int vntime_date_valid(int y, int m, int d);
/* Now, Unix seconds. */
int64_t vntime_now(void);
/* Format t as "2025-01-27T09:00:00+07:00" into out (>= 26 bytes). */
void vntime_format(int64_t t, char out[32]);
/* Format the Vietnam-time date of t as "2025-01-27". */
void vntime_format_date(int64_t t, char out[16]);
/* Parse "YYYY-MM-DD"; 0 on success, -1 if malformed or not a real date. */
int vntime_parse_date(const char *s, int *y, int *m, int *d);
/* Parse ISO 8601 "YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]" (a space may stand for
 * T; a bare date means 00:00 Vietnam time). 0 on success, -1 otherwise. */
int vntime_parse(const char *s, int64_t *t);

#endif
