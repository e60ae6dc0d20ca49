/*
 * pages.h - the HTML face: the public portal and the officers' workspace.
 * Each page handler builds the same JSON model the API returns for its
 * resource (plus display strings and the message catalogue under "t"),
 * and renders it with a Mustache template from web/templates/ into
 * web/templates/layout.mustache. Pages work without JavaScript (htmx only
 * enhances them); forms post normally with the session's CSRF token and
 * come back with errors next to the field, keeping what was typed.
 * Templates and static files are embedded in the binary, or read from
 * conf.web_root when that is set (development).
 *
 * The routes are in src/http/routes_web.def; every handler here is named
 * there, with its permission (checked before the handler runs: anonymous
 * users of a page that needs a login are sent to /dang-nhap?next=).
 * Handlers never send anything themselves; they leave the answer in the
 * request, as the JSON handlers do.
 */
#ifndef MOTCUA_WEB_PAGES_H
#define MOTCUA_WEB_PAGES_H

#include "api/api.h"

/* pages.c: the portal */
/* GET / - search the procedure catalogue (accent-insensitive). */
void page_home(struct api_req *r);
/* GET /thu-tuc/{code} - one procedure, with the way to file it. */
void page_procedure(struct api_req *r);
/* GET /co-quan - the agencies and their units. */
void page_agencies(struct api_req *r);
/* GET /static/{file} - web/static/ files and the npm front-end files. */
void page_static(struct api_req *r);
/* An error answered as a page (for the HTTP layer's refusals on page
 * routes: a wrong role, a missing CSRF token). */
void page_http_error(struct api_req *r, int status, const char *message);
/* GET /dang-nhap - the login form; POST logs in (session cookie). */
void page_login(struct api_req *r);
void page_login_post(struct api_req *r);
void page_register(struct api_req *r);
void page_register_post(struct api_req *r);
void page_account(struct api_req *r);
void page_password_post(struct api_req *r);
/* POST /dang-xuat - log out. */
void page_logout(struct api_req *r);

/* pages_citizen.c: citizens */
/* GET|POST /thu-tuc/{code}/nop-truc-tuyen - file a dossier online. */
void page_file_form(struct api_req *r);
void page_file_post(struct api_req *r);
/* GET /ho-so - the citizen's own dossiers. */
void page_my_dossiers(struct api_req *r);
/* GET /tra-cuu - the lookup form (?code= goes to the dossier's page). */
void page_lookup_form(struct api_req *r);
/* GET /tra-cuu/{code} - public lookup, personal data masked; POST with
 * the applicant's ID number shows the steps too. */
void page_lookup(struct api_req *r);
void page_lookup_post(struct api_req *r);

/* pages_dossier.c: one dossier */
/* GET /ho-so/{code} - status, steps with due times, documents, forms to
 * print, history, and a form for each action allowed now. */
void page_dossier(struct api_req *r);
/* POST /ho-so/{code}/{action} - take the action, back to the dossier. */
void page_dossier_act(struct api_req *r);
/* GET /ho-so/{code}/{action} - back to the dossier: where the login form
 * sends someone whose session expired while an action form was open. */
void page_dossier_back(struct api_req *r);
/* POST /ho-so/{code}/dinh-kem: the desk or the specialist attaches a scan
 * to a component with its digitization metadata (multipart form). */
void page_dossier_attach(struct api_req *r);
/* GET /giay-to: the citizen's documents (digitized papers, electronic
 * results) with links to download them. */
void page_my_documents(struct api_req *r);
/* GET /tep/{id}: a file, for whoever may read it (files_read). */
void page_file_download(struct api_req *r);
/* GET /can-bo/so-theo-doi: the tracking book (Form 06) of a period, with
 * the CSV, Excel and PDF downloads of the API. */
void page_tracking_book(struct api_req *r);

/* pages_officer.c: the workspace */
/* GET /can-bo - queues with counts and the dossiers of one queue. */
void page_workspace(struct api_req *r);
/* GET|POST /can-bo/tiep-nhan - intake at the desk. */
void page_intake(struct api_req *r);
void page_intake_post(struct api_req *r);

/* pages_admin.c: calendar and administration */
/* GET /lich-lam-viec - a year's working calendar (days off and make-up
 * working days marked), national or of one agency (?agency=, national
 * days plus its own); administrators also get the forms to add or remove
 * a day off (an agency's own, in its view) and a make-up working day. */
void page_calendar(struct api_req *r);
/* POST /quan-tri/lich - add a national day off, or with the form field
 * agency that agency's own (local) one; POST /quan-tri/lich/xoa removes
 * one the same way. */
void page_calendar_add(struct api_req *r);
void page_calendar_remove(struct api_req *r);
/* POST /quan-tri/lich/lam-bu - add a national make-up working day;
 * POST /quan-tri/lich/lam-bu/xoa removes one. */
void page_calendar_makeup_add(struct api_req *r);
void page_calendar_makeup_remove(struct api_req *r);
/* GET /quan-tri/lich - back to the calendar (after an interrupted login). */
void page_calendar_back(struct api_req *r);
/* GET /quan-tri - the administrator's index. */
void page_admin(struct api_req *r);
/* GET /quan-tri/thu-tuc - the catalogue, with the way to add a procedure. */
void page_admin_procedures(struct api_req *r);

/* pages_admin_procedures.c: publishing and amending procedures */
/* GET|POST /quan-tri/thu-tuc/moi - publish a new procedure. */
void page_admin_procedure_new(struct api_req *r);
void page_admin_procedure_create(struct api_req *r);
/* GET|POST /quan-tri/thu-tuc/{code} - amend (a new version) or abolish;
 * the version history. */
void page_admin_procedure(struct api_req *r);
void page_admin_procedure_save(struct api_req *r);

/* pages_admin_agencies.c: agencies */
/* GET /quan-tri/co-quan - the agencies as a tree, each a link. */
void page_admin_agencies(struct api_req *r);
/* GET|POST /quan-tri/co-quan/moi - create an agency. */
void page_admin_agency_new(struct api_req *r);
void page_admin_agency_create(struct api_req *r);
/* GET|POST /quan-tri/co-quan/{code} - change an agency. */
void page_admin_agency(struct api_req *r);
void page_admin_agency_save(struct api_req *r);

/* pages_admin_users.c: accounts */
/* GET /quan-tri/nguoi-dung - the accounts. */
void page_admin_users(struct api_req *r);
/* GET|POST /quan-tri/nguoi-dung/moi - create an account. */
void page_admin_user_new(struct api_req *r);
void page_admin_user_create(struct api_req *r);
/* GET|POST /quan-tri/nguoi-dung/{username} - change an account: name,
 * roles, agency (do=save), lock or unlock (do=disable|enable), a new
 * password (do=password). */
void page_admin_user(struct api_req *r);
void page_admin_user_save(struct api_req *r);

#endif
