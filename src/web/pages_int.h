/*
 * pages_int.h - shared by the files of src/web/ that build pages: the
 * renderer (a template into the layout), the page language, redirects,
 * who the user is in the eyes of the pages, and domain errors turned into
 * messages for people (Vietnamese first) shown next to the field.
 *
 * Not a public interface: handlers are declared in pages.h.
 */
#ifndef MOTCUA_WEB_PAGES_INT_H
#define MOTCUA_WEB_PAGES_INT_H

#include <jansson.h>

#include "api/api.h"
#include "core/err.h"
#include "web/view.h"

/* 1 when the page is in English: ?lang=, then the motcua_lang cookie,
 * then Accept-Language. */
int page_en(struct api_req *r);
/* Render template `name` with model into the layout and answer with
 * status. Takes the model reference. A "self_url" string in the model is
 * the page's own GET address (for the language switch after a failed
 * POST); otherwise the request path is. */
void page_render(struct api_req *r, int status, const char *name, const char *title,
		 json_t *model);
/* A page saying what went wrong (404, 403, 500...). */
void page_error(struct api_req *r, int status, const char *message);
/* Answer 303 See Other to a local path (printf-style). */
void page_redirect(struct api_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Log the browser in with a session token (the HttpOnly cookie) and
 * answer 303 to next when it is a local path, else to "/". */
void page_start_session(struct api_req *r, const char *token, const char *next);
/* next when it is a local path ("/..." but not "//host"), else "/". */
const char *page_safe_next(const char *next);
/* Same-origin check for forms posted without a session (login, sign-up),
 * which therefore have no CSRF token: a browser always sends Origin on a
 * cross-site POST. */
int page_same_origin(struct api_req *r);

/* Roles as the pages see them. */
int page_has_role(const struct account_user *u, enum role role);
/* An official who works on dossiers (not a citizen, not only an
 * inspector): desk, specialist, leaders, clerk, admin. */
int page_is_officer(const struct account_user *u);
/* An official or an inspector: sees the workspace. */
int page_is_staff(const struct account_user *u);

/* "15 ngày làm việc", "Trong ngày" for a procedure's time_limit (online:
 * the online value, "" when there is none). */
void page_time_text(int en, json_t *tl, int online, char *out, size_t sz);
/* A syntactically possible dossier code (letters, digits, dots, dashes). */
int page_dossier_code_ok(const char *code);
/* Append k=v to a query string, percent-encoding v. */
void page_qs_add(char *qs, size_t sz, const char *k, const char *v);

/* The key under which a page model keeps the error of a domain field:
 * "applicant.id_number" -> "applicant_id_number", "items[2]" -> "items". */
void page_field_key(const char *field, char *out, size_t sz);
/* The message for people of a domain error: the catalogue's
 * "e_<code>_<field key>", "e_<code>", "e_field_<field key>", then the
 * domain's own message. Written into buf. */
const char *page_err_text(int en, enum err e, const struct errbuf *eb, char *buf, size_t sz);
/* Set errors.<field key> (or errors._form when there is no field) to the
 * message of a domain error. */
void page_set_error(json_t *errors, int en, enum err e, const struct errbuf *eb);

/* An amount of money as people type it: "1.500.000", "1500000 đ" ->
 * 1500000; -1 if it is not one (pages_dossier.c). */
long long page_parse_amount(const char *s);

/* Administration pages (pages_admin_agencies.c). */
/* Like page_set_error(), but first the administration catalogue's own
 * messages: "adm_e_<code>_<field key>", "adm_e_<code>",
 * "adm_e_field_<field key>". */
void page_adm_set_error(json_t *errors, int en, enum err e, const struct errbuf *eb);
/* Every agency as select options in tree order, [{code, label, selected}]
 * (label: the name indented by depth, then the code), `selected` marked,
 * `exclude` (may be NULL) left out. A new array; NULL if the store
 * failed. */
json_t *page_agency_options(struct api_req *r, int en, const char *selected, const char *exclude);

/* When eb is the domain's weak_password error, set the field's message
 * to the rule the typed password breaks (too short, contains the
 * username, too common) and return 1; else 0. */
int page_weak_password_error(json_t *errors, int en, const struct errbuf *eb, const char *username,
			     const char *password);

/* A document's metadata (an object): issue_date_text and valid_until_text
 * in the page's date format next to the ISO dates. */
void page_meta_dates(json_t *meta);
/* The message `key` with its "{minutes}" replaced by seconds rounded up
 * to minutes (a Retry-After for people), written into out. */
const char *page_minutes_msg(int en, const char *key, int seconds, char *out, size_t sz);

/* The dossier page of code with status (pages_dossier.c). After a failed
 * action, `action` names it, `errors` holds its messages by field key and
 * `values` what was typed (both borrowed; may be NULL). `ok` names an
 * action just done, for the confirmation (may be NULL). */
void page_dossier_show(struct api_req *r, const char *code, int status, const char *action,
		       json_t *errors, json_t *values, const char *ok);
/* Agency code -> name, for every agency (a new object). */
json_t *page_agency_names(struct api_req *r, int en);

/* Shared by online filing and the desk's intake (pages_citizen.c). */
/* The procedure code as the forms show it: with display strings, its
 * documents marked "checked" when ticked ("doc" fields) in form (may be
 * NULL). NULL when there is no such procedure. A new reference. */
json_t *page_procedure_for_form(struct api_req *r, int en, const char *code, json_t *form);
/* The applicant object from the form's applicant_* fields (a new
 * object), copying what was typed into values; an ID number, phone or
 * e-mail address that dossier_create() would refuse gets its message in
 * errors (by field key) already. */
json_t *page_applicant_from_form(int en, json_t *form, json_t *values, json_t *errors);
/* Names of the required documents of p not ticked in the form, joined
 * with "; " into buf; returns how many. */
int page_missing_required(json_t *p, json_t *form, char *buf, size_t sz);
/* The applicant kinds as select options, selected marked. */
json_t *page_kind_options(int en, const char *selected);

/* Documents and files in the pages (pages_citizen.c, pages_documents.c). */
/* The citizen's reusable documents (R-DG-2) for a <select>: each file
 * once, as {"id", "label", "code"?} (a new array; empty when none). */
json_t *page_my_documents_options(struct api_req *r, int en);
/* Store an uploaded file part (files_store: PDF, JPEG or PNG by content)
 * as r's user. On failure the message for people goes to errors[key];
 * on success *stored = {"id", "sha256", "size", "type", "name"} (new). */
enum err page_store_upload(struct api_req *r, int en, const struct api_file *f, json_t *errors,
			   const char *key, json_t **stored);

#endif
