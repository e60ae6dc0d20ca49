/*
 * handlers.h - every JSON handler the route table (src/http/routes.def)
 * can name. A handler reads its request, calls the domain and leaves its
 * answer in the request (api_reply_*). It never sends anything itself.
 */
#ifndef MOTCUA_API_HANDLERS_H
#define MOTCUA_API_HANDLERS_H

#include "api/api.h"

/* health.c */
void api_health(struct api_req *r);
/* agencies.c */
void api_agency_list(struct api_req *r);
void api_agency_get(struct api_req *r);
void api_agency_create(struct api_req *r);
void api_agency_update(struct api_req *r);
/* users.c */
void api_user_list(struct api_req *r);
void api_user_create(struct api_req *r);
void api_user_get(struct api_req *r);
void api_user_update(struct api_req *r);
/* procedures.c */
void api_procedure_search(struct api_req *r);
void api_procedure_get(struct api_req *r);
void api_procedure_create(struct api_req *r);
void api_procedure_update(struct api_req *r);
void api_procedure_import(struct api_req *r);
void api_procedure_history(struct api_req *r);
/* calendar.c */
void api_calendar_year(struct api_req *r);
void api_calendar_put(struct api_req *r);
void api_calendar_due(struct api_req *r);
void api_calendar_lunar(struct api_req *r);
/* audit.c */
void api_audit_list(struct api_req *r);
void api_audit_verify(struct api_req *r);
/* dossiers.c */
void api_dossier_create(struct api_req *r);
void api_dossier_list(struct api_req *r);
void api_dossier_counts(struct api_req *r);
void api_dossier_get(struct api_req *r);
void api_dossier_action(struct api_req *r);
void api_lookup(struct api_req *r);
/* reports.c */
void api_report_tracking_book(struct api_req *r);
void api_report_tracking_book_fmt(struct api_req *r);
/* files.c */
void api_file_upload(struct api_req *r);
void api_file_get(struct api_req *r);
void api_dossier_attach(struct api_req *r);
void api_me_documents(struct api_req *r);
struct files_meta;
/* Answer with a stored file (files_read()'s meta and data; data is
 * freed): its type, and its name in Content-Disposition, inline or as an
 * attachment to download. */
void api_reply_file(struct api_req *r, const struct files_meta *m, void *data, int attachment);
/* sync.c */
void api_sync_status(struct api_req *r);
/* forms.c */
void api_dossier_form(struct api_req *r);
/* session.c */
void api_session_create(struct api_req *r);
void api_session_delete(struct api_req *r);
void api_me(struct api_req *r);
void api_register(struct api_req *r);
void api_me_password(struct api_req *r);

#endif
