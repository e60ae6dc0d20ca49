/*
 * calendar_json.c - schedules of days off to and from JSON. See
 * calendar_json.h for the shape; the rules are in calendar.c.
 *
 * Parsing checks types and formats member by member so that an error can
 * name the exact member ("days_off[3].date"); cal_schedule_check() then
 * checks what needs the whole year (duplicates, make-up days on weekends).
 */
#include "domain/calendar/calendar_json.h"

#include <stdlib.h>
#include <string.h>

static enum err member_err(struct errbuf *eb, const char *list, size_t i, const char *leaf,
			   const char *msg)
{
	char field[64];

	if (leaf)
		snprintf(field, sizeof(field), "%s[%zu].%s", list, i, leaf);
	else
		snprintf(field, sizeof(field), "%s[%zu]", list, i);
	return err_set(eb, ERR_INVALID, field, "%s: %s", field, msg);
}

/* "HH:MM" with 00:00..24:00 into minutes since midnight. */
static bool parse_hhmm(const char *s, int *min)
{
	int h, m;

	if (!s || strlen(s) != 5 || s[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*min = h * 60 + m;
	return true;
}

enum err cal_hours_from_json(const json_t *arr, struct cal_interval *iv, size_t *n,
			     struct errbuf *eb)
{
	size_t i;
	json_t *item;

	if (!json_is_array(arr))
		return err_set(eb, ERR_INVALID, "office_hours", "office_hours: expected an array");
	if (json_array_size(arr) > CAL_MAX_INTERVALS || json_array_size(arr) == 0)
		return err_set(eb, ERR_INVALID, "office_hours",
			       "office_hours: between 1 and %d intervals", CAL_MAX_INTERVALS);
	json_array_foreach(arr, i, item)
	{
		if (!json_is_object(item))
			return member_err(eb, "office_hours", i, NULL, "expected an object");
		if (!parse_hhmm(json_string_value(json_object_get(item, "from")), &iv[i].from))
			return member_err(eb, "office_hours", i, "from", "expected \"HH:MM\"");
		if (!parse_hhmm(json_string_value(json_object_get(item, "to")), &iv[i].to))
			return member_err(eb, "office_hours", i, "to", "expected \"HH:MM\"");
	}
	*n = json_array_size(arr);
	return cal_hours_check(iv, *n, eb);
}

/* The date member of list[i] as a date of `year`. */
static enum err item_date(const json_t *item, const char *list, size_t i, int year, int *m, int *d,
			  struct errbuf *eb)
{
	const char *s = json_string_value(json_object_get(item, "date"));
	int y;

	if (!s || cal_parse_date(s, &y, m, d, "date", NULL) != ERR_OK)
		return member_err(eb, list, i, "date", "expected a date YYYY-MM-DD");
	if (y != year)
		return member_err(eb, list, i, "date", "not in the schedule's year");
	return ERR_OK;
}

static enum err item_name(const json_t *item, const char *list, size_t i, const char **name,
			  struct errbuf *eb)
{
	const char *s = json_string_value(json_object_get(item, "name"));

	if (!s || !s[0])
		return member_err(eb, list, i, "name", "expected a non-empty string");
	if (strlen(s) >= CAL_NAME_SZ)
		return member_err(eb, list, i, "name", "longer than 127 bytes");
	*name = s;
	return ERR_OK;
}

static enum err read_days_off(const json_t *arr, struct cal_schedule *out, struct errbuf *eb)
{
	size_t i;
	json_t *item;
	enum err e;

	if (!json_is_array(arr))
		return err_set(eb, ERR_INVALID, "days_off", "days_off: expected an array");
	if (json_array_size(arr) > CAL_MAX_DAYS_OFF)
		return err_set(eb, ERR_LIMIT, "days_off", "days_off: more than %d days",
			       CAL_MAX_DAYS_OFF);
	json_array_foreach(arr, i, item)
	{
		enum cal_off_kind kind;
		const char *name = NULL;
		int m, d;

		if (!json_is_object(item))
			return member_err(eb, "days_off", i, NULL, "expected an object");
		if ((e = item_date(item, "days_off", i, out->year, &m, &d, eb)))
			return e;
		if (!cal_off_kind_parse(json_string_value(json_object_get(item, "kind")), &kind))
			return member_err(eb, "days_off", i, "kind",
					  "expected holiday|compensatory|swapped|local");
		if ((e = item_name(item, "days_off", i, &name, eb)))
			return e;
		if ((e = cal_schedule_add_off(out, m, d, kind, name, eb)))
			return e;
	}
	return ERR_OK;
}

static enum err read_workdays(const json_t *arr, struct cal_schedule *out, struct errbuf *eb)
{
	size_t i;
	json_t *item;
	enum err e;

	if (!json_is_array(arr))
		return err_set(eb, ERR_INVALID, "make_up_workdays",
			       "make_up_workdays: expected an array");
	if (json_array_size(arr) > CAL_MAX_WORKDAYS)
		return err_set(eb, ERR_LIMIT, "make_up_workdays",
			       "make_up_workdays: more than %d days", CAL_MAX_WORKDAYS);
	json_array_foreach(arr, i, item)
	{
		const char *name = NULL;
		int m, d;

		if (!json_is_object(item))
			return member_err(eb, "make_up_workdays", i, NULL, "expected an object");
		if ((e = item_date(item, "make_up_workdays", i, out->year, &m, &d, eb)))
			return e;
		if ((e = item_name(item, "make_up_workdays", i, &name, eb)))
			return e;
		if ((e = cal_schedule_add_workday(out, m, d, name, eb)))
			return e;
	}
	return ERR_OK;
}

enum err cal_schedule_from_json(const json_t *obj, int year, struct cal_schedule *out,
				struct errbuf *eb)
{
	const json_t *jy, *jsrc, *jhours, *jwork;
	enum cal_source src = CAL_SOURCE_OFFICIAL;
	enum err e;

	if (!json_is_object(obj))
		return err_set(eb, ERR_INVALID, NULL, "expected a JSON object");
	jy = json_object_get(obj, "year");
	if (jy) {
		if (!json_is_integer(jy) || (year && json_integer_value(jy) != year))
			return err_set(eb, ERR_INVALID, "year", "year: expected %s",
				       year ? "the year of the schedule" : "an integer");
		if (json_integer_value(jy) < CAL_YEAR_MIN || json_integer_value(jy) > CAL_YEAR_MAX)
			return err_set(eb, ERR_INVALID, "year", "year: outside %d..%d",
				       CAL_YEAR_MIN, CAL_YEAR_MAX);
		year = (int)json_integer_value(jy);
	} else if (!year) {
		return err_set(eb, ERR_INVALID, "year", "year: missing");
	}
	jsrc = json_object_get(obj, "source");
	if (jsrc && !json_is_string(jsrc))
		return err_set(eb, ERR_INVALID, "source", "source: expected official|computed");
	if (jsrc && strcmp(json_string_value(jsrc), "computed") == 0)
		src = CAL_SOURCE_COMPUTED;
	cal_schedule_init(out, year, src);

	jhours = json_object_get(obj, "office_hours");
	if (jhours && (e = cal_hours_from_json(jhours, out->hours, &out->n_hours, eb)))
		return e;
	if (!json_object_get(obj, "days_off"))
		return err_set(eb, ERR_INVALID, "days_off", "days_off: missing");
	if ((e = read_days_off(json_object_get(obj, "days_off"), out, eb)))
		return e;
	jwork = json_object_get(obj, "make_up_workdays");
	if (jwork && (e = read_workdays(jwork, out, eb)))
		return e;
	return cal_schedule_check(out, eb);
}

static json_t *hhmm(int min)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "%02d:%02d", min / 60 % 100, min % 60);
	return json_string(buf);
}

static json_t *date_str(int y, int m, int d)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	return json_string(buf);
}

json_t *cal_schedule_to_json(const struct cal_schedule *s)
{
	json_t *root = json_object(), *off = json_array(), *work = json_array();
	int bad = !root || !off || !work;

	for (size_t i = 0; !bad && i < s->n_off; i++) {
		const struct cal_day_off *o = &s->off[i];
		json_t *item = json_object();

		bad |=
		    !item || json_object_set_new(item, "date", date_str(s->year, o->month, o->day));
		bad |= json_object_set_new(item, "kind", json_string(cal_off_kind_name(o->kind)));
		bad |= json_object_set_new(item, "name", json_string(o->name));
		bad |= json_array_append_new(off, item);
	}
	for (size_t i = 0; !bad && i < s->n_workdays; i++) {
		const struct cal_workday *w = &s->workdays[i];
		json_t *item = json_object();

		bad |=
		    !item || json_object_set_new(item, "date", date_str(s->year, w->month, w->day));
		bad |= json_object_set_new(item, "name", json_string(w->name));
		bad |= json_array_append_new(work, item);
	}
	if (!bad)
		bad |= json_object_set_new(root, "year", json_integer(s->year));
	if (!bad && s->n_hours > 0) {
		json_t *hours = json_array();

		bad |= !hours;
		for (size_t i = 0; !bad && i < s->n_hours; i++) {
			json_t *item = json_object();

			bad |= !item || json_object_set_new(item, "from", hhmm(s->hours[i].from));
			bad |= json_object_set_new(item, "to", hhmm(s->hours[i].to));
			bad |= json_array_append_new(hours, item);
		}
		bad |= json_object_set_new(root, "office_hours", hours);
	}
	if (!bad) {
		bad |= json_object_set_new(root, "days_off", off);
		off = NULL;
		bad |= json_object_set_new(root, "make_up_workdays", work);
		work = NULL;
		bad |= json_object_set_new(root, "source", json_string(cal_source_name(s->source)));
	}
	json_decref(off);
	json_decref(work);
	if (bad) {
		json_decref(root);
		return NULL;
	}
	return root;
}

enum err cal_add_years_from_json(struct calendar *cal, const json_t *root, struct errbuf *eb)
{
	const json_t *years = json_object_get(root, "years");
	struct cal_schedule *s = NULL;
	const char *key;
	json_t *val;
	enum err e = ERR_OK;

	if (!json_is_object(years))
		return err_set(eb, ERR_INVALID, "years", "years: expected an object");
	s = malloc(sizeof(*s));
	if (!s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	json_object_foreach((json_t *)years, key, val)
	{
		char *end;
		long y = strtol(key, &end, 10);

		if (*end || end == key || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX) {
			e = err_set(eb, ERR_INVALID, "years",
				    "years: \"%s\" is not a year in %d..%d", key, CAL_YEAR_MIN,
				    CAL_YEAR_MAX);
			goto out;
		}
		e = cal_schedule_from_json(val, (int)y, s, eb);
		if (!e)
			e = cal_add_year(cal, s, eb);
		if (e) {
			if (eb) {
				char field[2 * sizeof(eb->field)];
				size_t len;

				snprintf(field, sizeof(field), "years.%ld%s%s", y,
					 eb->field[0] ? "." : "", eb->field);
				len = strlen(field);
				if (len >= sizeof(eb->field))
					len = sizeof(eb->field) - 1;
				memcpy(eb->field, field, len);
				eb->field[len] = '\0';
			}
			goto out;
		}
	}
out:
	free(s);
	return e;
}
