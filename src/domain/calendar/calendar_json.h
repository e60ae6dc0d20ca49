/*
 * calendar_json.h - a year's schedule of days off as JSON (API.md,
 * "Calendar and deadlines"), both ways, and the loader for the official
 * schedules file data/calendar/vn-holidays.json.
 *
 * The shape is {"year": 2025, "office_hours": [{"from": "07:30", "to":
 * "11:30"}, ...], "days_off": [{"date": "2025-01-01", "kind":
 * "holiday|compensatory|swapped|local", "name": "..."}], "make_up_workdays":
 * [{"date", "name"}], "source": "official|computed"}. Only the JSON <->
 * struct mapping lives here; the rules are checked by cal_schedule_check()
 * and applied by calendar.h. Ownership follows jansson: functions that
 * return json_t * return a new reference the caller must json_decref();
 * input objects are borrowed.
 */
#ifndef MOTCUA_DOMAIN_CALENDAR_CALENDAR_JSON_H
#define MOTCUA_DOMAIN_CALENDAR_CALENDAR_JSON_H

#include <jansson.h>

#include "domain/calendar/calendar.h"

/*
 * Read one year's schedule from obj into *out and validate it with
 * cal_schedule_check(). `year` 0 means obj must carry "year"; otherwise
 * obj's "year" may be left out (as in vn-holidays.json, where the year is
 * the key) but must equal `year` if present. "days_off" is required,
 * "make_up_workdays" and "office_hours" are optional. "source" is
 * optional: "computed" gives CAL_SOURCE_COMPUTED, "official", absence or
 * any other string (vn-holidays.json puts its citation there) official.
 * Unknown members ("note", "swapped_with", "verified", "urls", ...) are
 * ignored. ERR_INVALID with the member's path as field, e.g.
 * "days_off[3].date", "office_hours[1].to", "year"; ERR_LIMIT (field
 * "days_off" / "make_up_workdays") over the caps of struct cal_schedule.
 */
enum err cal_schedule_from_json(const json_t *obj, int year, struct cal_schedule *out,
				struct errbuf *eb);

/* The JSON of s in the shape above, days in the order of s; office_hours
 * only when s->n_hours > 0. NULL when out of memory. */
json_t *cal_schedule_to_json(const struct cal_schedule *s);

/* Read an "office_hours" array of {"from": "HH:MM", "to": "HH:MM"} into
 * iv[CAL_MAX_INTERVALS] and *n, validated by cal_hours_check(). Errors
 * name the field as "office_hours[i].from" etc. */
enum err cal_hours_from_json(const json_t *arr, struct cal_interval *iv, size_t *n,
			     struct errbuf *eb);

/*
 * Add every year of a vn-holidays.json document (root: the whole file,
 * {"years": {"2023": {...}, ...}, ...}) to cal with cal_add_year(). Stops
 * at the first bad year, with that year's prefix on the field, e.g.
 * "years.2024.days_off[2].kind"; years added before it stay added.
 */
enum err cal_add_years_from_json(struct calendar *cal, const json_t *root, struct errbuf *eb);

#endif
