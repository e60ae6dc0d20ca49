/*
 * workcal.h - the working calendars of agencies, as stored and edited by
 * administrators (R-DL-1, R-DL-3, R-DL-8), on top of the pure calendar
 * engine in domain/calendar/.
 *
 * The national schedule of a year is stored under agency "" (the official
 * schedules shipped in data/calendar/vn-holidays.json are loaded at
 * migrate/seed time; years without one are computed by the R-DL-2
 * defaults). An agency adds its own days off (kind "local") per year and
 * keeps its office hours on its agency record. Building a calendar costs
 * about a millisecond, so built calendars are cached per agency and
 * rebuilt when the stored revision ("calendar_rev", bumped by every edit
 * in the same transaction) changes: several servers on one database stay
 * consistent.
 */
#ifndef MOTCUA_DOMAIN_WORKCAL_WORKCAL_H
#define MOTCUA_DOMAIN_WORKCAL_WORKCAL_H

#include <jansson.h>

#include "core/err.h"
#include "domain/calendar/calendar.h"

struct store;
struct stx;
struct actor;
struct workcal_ref;

/* Store the shipped official schedules for years not stored yet (admin
 * edits are never overwritten). *added gets the number of years stored. */
enum err workcal_seed_official(struct store *st, int *added, struct errbuf *eb);

/* The working calendar of agency (NULL or "" = national, default office
 * hours). ERR_NOTFOUND (field "agency") for an unknown agency. The
 * calendar is shared and read-only; give it back with workcal_put(). */
enum err workcal_get(struct store *st, const char *agency, const struct calendar **cal,
		     struct workcal_ref **ref, struct errbuf *eb);
void workcal_put(struct workcal_ref *ref);

/* The effective schedule of year for agency, in the API.md shape, with
 * "agency" and "source". */
enum err workcal_year_json(struct store *st, int year, const char *agency, json_t **out,
			   struct errbuf *eb);

/* The days an agency set for itself in year (its stored schedule, without
 * the national days): {"year", "days_off": [...], "make_up_workdays": []},
 * empty lists when it has set none. What workcal_put_year() with that
 * agency replaces. ERR_NOTFOUND (field "agency") for an unknown agency. */
enum err workcal_own_year_json(struct store *st, int year, const char *agency, json_t **out,
			       struct errbuf *eb);

/* Replace the schedule of year: the national one (agency NULL), whose days
 * off may be of any kind, or an agency's own days (all of kind "local").
 * Audited; bumps the revision. *out gets the new effective schedule. */
enum err workcal_put_year(struct store *st, const struct actor *who, int year, const char *agency,
			  json_t *in, json_t **out, struct errbuf *eb);

/* Bump the calendar revision inside tx (e.g. when an agency's office hours
 * change), so every server rebuilds its cached calendars. */
enum err workcal_bump(struct stx *tx, struct errbuf *eb);

#endif
