/*
 * workcal.c - see workcal.h.
 */
#include "domain/workcal/workcal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assets.h"
#include "domain/audit/audit.h"
#include "domain/calendar/calendar_json.h"
#include "store/store.h"

#define CACHE_SLOTS 32

struct workcal_ref {
	char agency[40];
	long rev;
	struct calendar cal;
	int refs;
	int stale; /* out of the cache: freed by the last workcal_put() */
};

static struct workcal_ref *cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void ref_free(struct workcal_ref *r)
{
	cal_release(&r->cal);
	free(r);
}

static long read_rev(struct stx *tx)
{
	char *v = NULL;
	long rev = 0;
	if (store_meta_get(tx, "calendar_rev", &v, NULL) == ERR_OK)
		rev = strtol(v, NULL, 10);
	free(v);
	return rev;
}

enum err workcal_bump(struct stx *tx, struct errbuf *eb)
{
	char v[24];
	snprintf(v, sizeof(v), "%ld", read_rev(tx) + 1);
	return store_meta_set(tx, "calendar_rev", v, eb);
}

enum err workcal_seed_official(struct store *st, int *added, struct errbuf *eb)
{
	size_t sz = 0;
	const char *data = assets_find("data/calendar/vn-holidays.json", &sz);
	json_error_t je;
	json_t *root = data ? json_loadb(data, sz, 0, &je) : NULL;
	struct stx *tx = NULL;
	enum err e;
	*added = 0;
	if (!root)
		return err_set(eb, ERR_INTERNAL, NULL, "the shipped holiday schedules are missing");
	struct cal_schedule *s = malloc(sizeof(*s));
	if (!s || (e = store_begin(st, STORE_WRITE, &tx, eb))) {
		free(s);
		json_decref(root);
		return s ? e : err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	}
	const char *key;
	json_t *year;
	json_object_foreach(json_object_get(root, "years"), key, year) {
		int y = (int)strtol(key, NULL, 10);
		char *old = NULL;
		if (store_calendar_get(tx, y, "", &old, NULL) == ERR_OK) {
			free(old);
			continue;
		}
		if ((e = cal_schedule_from_json(year, y, s, eb)))
			goto fail;
		s->source = CAL_SOURCE_OFFICIAL;
		s->n_hours = 0;
		json_t *doc = cal_schedule_to_json(s);
		char *text = json_dumps(doc, JSON_COMPACT);
		json_decref(doc);
		e = text ? store_calendar_put(tx, y, "", text, eb)
			 : err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		free(text);
		if (e)
			goto fail;
		(*added)++;
	}
	if (*added && (e = workcal_bump(tx, eb)))
		goto fail;
	e = store_commit(tx, eb);
	goto out;
fail:
	store_rollback(tx);
out:
	free(s);
	json_decref(root);
	return e;
}

struct load_ctx {
	struct calendar *cal;
	struct cal_schedule *s;
	int local;
	enum err e;
	struct errbuf *eb;
};

static int load_year(void *arg, int year, const char *doc)
{
	struct load_ctx *l = arg;
	json_t *v = json_loads(doc, 0, NULL);
	if (!v) {
		l->e = err_set(l->eb, ERR_STORE, NULL, "stored calendar %d is not JSON", year);
		return 1;
	}
	l->e = cal_schedule_from_json(v, year, l->s, l->eb);
	json_decref(v);
	if (l->e)
		return 1;
	if (!l->local) {
		l->e = cal_add_year(l->cal, l->s, l->eb);
		return l->e != ERR_OK;
	}
	for (size_t i = 0; i < l->s->n_off; i++) {
		l->e = cal_add_local_day(l->cal, year, l->s->off[i].month, l->s->off[i].day,
					 l->s->off[i].name, l->eb);
		if (l->e)
			return 1;
	}
	return 0;
}

/* Build the calendar of agency inside tx. */
static enum err build(struct stx *tx, const char *agency, struct calendar *cal, struct errbuf *eb)
{
	enum err e;
	struct load_ctx l = {cal, malloc(sizeof(struct cal_schedule)), 0, ERR_OK, eb};
	if (!l.s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if ((e = cal_init(cal, eb))) {
		free(l.s);
		return e;
	}
	if ((e = store_calendar_each(tx, "", load_year, &l, eb)) || (e = l.e))
		goto fail;
	if (agency && *agency) {
		char *doc = NULL;
		if ((e = store_agency_get(tx, agency, &doc, eb))) {
			if (e == ERR_NOTFOUND)
				err_setc(eb, ERR_NOTFOUND, "agency_not_found", "agency",
					 "agency %s not found", agency);
			goto fail;
		}
		json_t *a = json_loads(doc, 0, NULL);
		free(doc);
		json_t *hours = json_object_get(a, "office_hours");
		if (json_is_array(hours) && json_array_size(hours) > 0) {
			struct cal_interval iv[CAL_MAX_INTERVALS];
			size_t n = 0;
			e = cal_hours_from_json(hours, iv, &n, eb);
			if (!e)
				e = cal_set_office_hours(cal, iv, n, eb);
		}
		json_decref(a);
		if (e)
			goto fail;
		l.local = 1;
		if ((e = store_calendar_each(tx, agency, load_year, &l, eb)) || (e = l.e))
			goto fail;
	}
	free(l.s);
	return ERR_OK;
fail:
	free(l.s);
	cal_release(cal);
	return e;
}

enum err workcal_get(struct store *st, const char *agency, const struct calendar **cal,
		     struct workcal_ref **ref, struct errbuf *eb)
{
	struct stx *tx = NULL;
	enum err e;
	const char *key = agency ? agency : "";
	*cal = NULL;
	*ref = NULL;
	if (strlen(key) >= sizeof(cache[0]->agency))
		return err_set(eb, ERR_INVALID, "agency", "agency code too long");
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	long rev = read_rev(tx);
	pthread_mutex_lock(&cache_lock);
	for (int i = 0; i < CACHE_SLOTS; i++) {
		if (cache[i] && cache[i]->rev == rev && !strcmp(cache[i]->agency, key)) {
			cache[i]->refs++;
			*ref = cache[i];
			*cal = &cache[i]->cal;
			pthread_mutex_unlock(&cache_lock);
			store_rollback(tx);
			return ERR_OK;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	struct workcal_ref *r = calloc(1, sizeof(*r));
	if (!r) {
		store_rollback(tx);
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	}
	snprintf(r->agency, sizeof(r->agency), "%s", key);
	r->rev = rev;
	e = build(tx, key, &r->cal, eb);
	store_rollback(tx);
	if (e) {
		free(r);
		return e;
	}
	r->refs = 1;
	/* cache it: replace the same agency's older entry, else a free slot,
	 * else an unused one */
	pthread_mutex_lock(&cache_lock);
	int slot = -1;
	for (int i = 0; i < CACHE_SLOTS && slot < 0; i++)
		if (cache[i] && !strcmp(cache[i]->agency, key))
			slot = i;
	for (int i = 0; i < CACHE_SLOTS && slot < 0; i++)
		if (!cache[i])
			slot = i;
	for (int i = 0; i < CACHE_SLOTS && slot < 0; i++)
		if (cache[i]->refs == 0)
			slot = i;
	if (slot >= 0) {
		struct workcal_ref *old = cache[slot];
		if (old) {
			if (old->refs == 0)
				ref_free(old);
			else
				old->stale = 1;
		}
		cache[slot] = r;
	} else {
		r->stale = 1; /* cache full of calendars in use: this one is private */
	}
	pthread_mutex_unlock(&cache_lock);
	*ref = r;
	*cal = &r->cal;
	return ERR_OK;
}

void workcal_put(struct workcal_ref *ref)
{
	if (!ref)
		return;
	pthread_mutex_lock(&cache_lock);
	int last = --ref->refs == 0 && ref->stale;
	pthread_mutex_unlock(&cache_lock);
	if (last)
		ref_free(ref);
}

enum err workcal_year_json(struct store *st, int year, const char *agency, json_t **out,
			   struct errbuf *eb)
{
	const struct calendar *cal;
	struct workcal_ref *ref;
	enum err e;
	*out = NULL;
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year must be from %d to %d", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	struct cal_schedule *s = malloc(sizeof(*s));
	if (!s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if ((e = workcal_get(st, agency, &cal, &ref, eb))) {
		free(s);
		return e;
	}
	e = cal_year_schedule(cal, year, s, eb);
	workcal_put(ref);
	if (!e) {
		json_t *o = cal_schedule_to_json(s);
		json_object_set_new(o, "agency", agency && *agency ? json_string(agency) : json_null());
		json_object_set_new(o, "source", json_string(cal_source_name(s->source)));
		if (!json_object_get(o, "make_up_workdays"))
			json_object_set_new(o, "make_up_workdays", json_array());
		*out = o;
	}
	free(s);
	return e;
}

enum err workcal_own_year_json(struct store *st, int year, const char *agency, json_t **out,
			       struct errbuf *eb)
{
	struct stx *tx = NULL;
	char *text = NULL;
	json_t *doc = NULL;
	enum err e;
	*out = NULL;
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year must be from %d to %d", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	if (!agency || !*agency)
		return err_set(eb, ERR_INVALID, "agency", "an agency code is required");
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	if ((e = store_agency_get(tx, agency, &text, eb))) {
		if (e == ERR_NOTFOUND)
			err_setc(eb, ERR_NOTFOUND, "agency_not_found", "agency",
				 "agency %s not found", agency);
		goto out;
	}
	free(text);
	text = NULL;
	e = store_calendar_get(tx, year, agency, &text, eb);
	if (e == ERR_NOTFOUND) {
		e = ERR_OK;
	} else if (!e && !(doc = json_loads(text, 0, NULL))) {
		e = err_set(eb, ERR_STORE, NULL, "stored calendar %d of %s is not JSON", year,
			    agency);
		goto out;
	}
	if (e)
		goto out;
	json_t *o = json_pack("{s:i,s:o,s:o}", "year", year, "days_off", json_array(),
			      "make_up_workdays", json_array());
	json_t *off = json_object_get(doc, "days_off");
	if (json_is_array(off))
		json_array_extend(json_object_get(o, "days_off"), off);
	*out = o;
out:
	store_rollback(tx);
	free(text);
	json_decref(doc);
	return e;
}

enum err workcal_put_year(struct store *st, const struct actor *who, int year, const char *agency,
			  json_t *in, json_t **out, struct errbuf *eb)
{
	enum err e;
	struct stx *tx = NULL;
	char *before_text = NULL, *text = NULL;
	json_t *effective = NULL, *before = NULL, *doc = NULL;
	const char *ag = agency && *agency ? agency : NULL;
	*out = NULL;
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
		return err_set(eb, ERR_INVALID, "year", "year must be from %d to %d", CAL_YEAR_MIN,
			       CAL_YEAR_MAX);
	if (!json_is_object(in))
		return err_set(eb, ERR_INVALID, "", "the body must be a JSON object like GET returns");
	json_t *bag = json_object_get(in, "agency");
	if (bag && !json_is_null(bag) &&
	    (!json_is_string(bag) || !ag || strcmp(json_string_value(bag), ag)))
		return err_set(eb, ERR_INVALID, "agency", "agency in the body differs from ?agency=");
	struct cal_schedule *s = malloc(sizeof(*s));
	if (!s)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	if ((e = cal_schedule_from_json(in, year, s, eb)))
		goto out;
	/* office hours belong to the agency record, not to a year */
	if (json_object_get(in, "office_hours")) {
		if ((e = workcal_year_json(st, year, ag, &effective, eb)))
			goto out;
		if (!json_equal(json_object_get(in, "office_hours"),
				json_object_get(effective, "office_hours"))) {
			e = err_setc(eb, ERR_RULE, "office_hours_elsewhere", "office_hours",
				     "office hours are set on the agency (PATCH /api/v1/agencies/{code}), "
				     "not per year; leave office_hours out or unchanged");
			goto out;
		}
	}
	if (ag) {
		for (size_t i = 0; i < s->n_off; i++)
			if (s->off[i].kind != CAL_OFF_LOCAL) {
				char f[40];
				snprintf(f, sizeof(f), "days_off[%zu].kind", i);
				e = err_set(eb, ERR_INVALID, f,
					    "an agency adds only its own days off (kind \"local\"); the "
					    "national schedule is edited without ?agency=");
				goto out;
			}
		if (s->n_workdays) {
			e = err_set(eb, ERR_INVALID, "make_up_workdays",
				    "make-up working days belong to the national schedule");
			goto out;
		}
	}
	s->source = CAL_SOURCE_OFFICIAL;
	s->n_hours = 0;
	doc = cal_schedule_to_json(s);
	text = json_dumps(doc, JSON_COMPACT);
	if (!text) {
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	if (ag) {
		char *tmp = NULL;
		if ((e = store_agency_get(tx, ag, &tmp, eb))) {
			if (e == ERR_NOTFOUND)
				err_setc(eb, ERR_NOTFOUND, "agency_not_found", "agency", "agency %s not found", ag);
			goto fail;
		}
		free(tmp);
	}
	if (store_calendar_get(tx, year, ag ? ag : "", &before_text, NULL) == ERR_OK)
		before = json_loads(before_text, 0, NULL);
	char object[64];
	snprintf(object, sizeof(object), "calendar:%d%s%s", year, ag ? ":" : "", ag ? ag : "");
	if ((e = store_calendar_put(tx, year, ag ? ag : "", text, eb)) ||
	    (e = audit_record(tx, who, "calendar.update", object, before, doc, eb)) ||
	    (e = workcal_bump(tx, eb)))
		goto fail;
	if ((e = store_commit(tx, eb)))
		goto out;
	e = workcal_year_json(st, year, ag, out, eb);
	goto out;
fail:
	store_rollback(tx);
out:
	free(s);
	free(before_text);
	free(text);
	json_decref(before);
	json_decref(doc);
	json_decref(effective);
	return e;
}
