/*
 * view.h - how values are shown to people: money as "1.500.000 đ", dates
 * as "27/01/2025", times as "09:00, 27/01/2025", and the message
 * catalogues (web/i18n/vi.json, en.json) that pages are written in.
 *
 * Nothing here knows HTTP or templates: these are pure functions of their
 * arguments and the embedded catalogues, so unit tests call them as they
 * are (tests/unit/web/test_view.c).
 */
#ifndef MOTCUA_WEB_VIEW_H
#define MOTCUA_WEB_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* "1.500.000 đ" (Vietnamese) or "1,500,000 VND" (English) into out. */
void view_money(long long amount, int en, char *out, size_t sz);
/* "2025-01-27" -> "27/01/2025"; other input is copied as it is. */
void view_date(const char *iso, char *out, size_t sz);
/* "2025-01-27T09:05:00+07:00" (a time the API wrote, Vietnam offset) ->
 * "09:05, 27/01/2025"; a bare date becomes "27/01/2025"; anything else is
 * copied as it is; NULL gives "". */
void view_time(const char *iso, char *out, size_t sz);
/* What people type back into ISO form: "27/01/2025" (or "27-01-2025",
 * "27.01.2025") -> "2025-01-27", and with a time "27/01/2025 17:00" ->
 * "2025-01-27T17:00". Input already in ISO form is copied. Returns 0, or
 * -1 (out empty) when the text is neither; the date's existence is the
 * caller's to check. out needs 20 bytes. */
int view_parse_when(const char *in, char *out, size_t sz);
/* The message catalogue for a language (borrowed; lives for the process,
 * or NULL if the embedded catalogue is broken). */
json_t *view_messages(int en);
/* The message of key in the catalogue, or key itself when it is missing
 * (so a forgotten key shows, rather than a blank). Borrowed. */
const char *view_msg(int en, const char *key);
/* The message of prefix+key (e.g. "role_" + "desk"), or NULL when there is
 * none. Borrowed. */
const char *view_msg_opt(int en, const char *prefix, const char *key);

/*
 * Add display strings next to the values of a model, in place, at every
 * depth of objects and arrays:
 *   "<k>_text" for each "<k>_at" or "at" time  ("09:05, 27/01/2025"),
 *   "<k>_text" for "amount", "fees_total"      ("1.500.000 đ"),
 *   "status_text" for an integer "status" 1..10 ("Đang xử lý"), and
 *     "to_status_text" for "to_status",
 *   "timeliness_text" ("Đúng hạn"), "role_text" ("Chuyên viên"),
 *   "action_text" for "action" ("Chuyển bước tiếp theo").
 * Keys already present are not overwritten. The model keeps its API shape;
 * only new keys are added.
 */
void view_decorate(json_t *v, int en);

/*
 * Add "<k>_count" (the length) next to every array "<k>" of a model, at
 * every depth, so that a template can say "only if the list has items"
 * ({{#steps_count}}<h2>...</h2>{{/steps_count}}): our Mustache engine,
 * like the specification, does not resolve "steps.0" or "length".
 */
void view_counts(json_t *v);

#endif
