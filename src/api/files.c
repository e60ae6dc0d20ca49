/*
 * files.c - uploads and downloads (API.md "Documents"): POST /api/v1/files
 * (multipart, the "file" part), GET /api/v1/files/{id}, attaching a file
 * to a dossier's component, and the citizen's reusable documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/handlers.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier.h"
#include "domain/files/files.h"

void api_file_upload(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *out = NULL;
	const char *ct = api_header(r, "Content-Type");
	if (r->upload_fd < 0 && (!ct || strncasecmp(ct, "multipart/form-data", 19))) {
		api_reply_error(r, 415, "unsupported_media_type", NULL,
				"send the file as multipart/form-data with a part named \"file\"");
		return;
	}
	api_actor(r, &who, roles);
	enum err e = files_store(r->ctx->store, r->user, &who, r->upload_fd, r->upload_sz,
				 r->upload_name, &out, &eb);
	if (e == ERR_RULE && !strcmp(eb.code, "unsupported_type")) {
		api_reply_error(r, 415, "unsupported_type", "file", "%s", eb.msg);
		return;
	}
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	snprintf(r->location, sizeof(r->location), "/api/v1/files/%s",
		 json_string_value(json_object_get(out, "id")));
	api_reply_json(r, 201, out);
}

void api_file_get(struct api_req *r)
{
	struct errbuf eb;
	struct files_meta m;
	void *data = NULL;
	const char *id = r->params[0];
	if (!files_id_valid(id)) {
		api_reply_error(r, 404, "file_not_found", "id", "file not found");
		return;
	}
	enum err e = files_read(r->ctx->store, r->user, id, &m, &data, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	api_reply_file(r, &m, data, 0);
}

/* A file name for Content-Disposition: filename= gets an ASCII fallback,
 * filename*= the UTF-8 name percent-encoded (RFC 6266). */
static void disposition(struct api_req *r, const char *how, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	char ascii[120], enc[600];
	size_t a = 0, o = 0;
	for (const char *p = name; *p && a + 1 < sizeof(ascii); p++) {
		unsigned char c = (unsigned char)*p;
		ascii[a++] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char)c : '_';
	}
	ascii[a] = '\0';
	for (const char *p = name; *p && o + 4 < 180; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
		    c == '-' || c == '_') {
			enc[o++] = (char)c;
		} else {
			enc[o++] = '%';
			enc[o++] = hex[c >> 4];
			enc[o++] = hex[c & 15];
		}
	}
	enc[o] = '\0';
	snprintf(r->disposition, sizeof(r->disposition), "%s; filename=\"%.70s\"; filename*=UTF-8''%.180s", how,
		 ascii, enc);
}

void api_reply_file(struct api_req *r, const struct files_meta *m, void *data, int attachment)
{
	buf_reset(&r->out);
	buf_add(&r->out, data, (size_t)m->size);
	free(data);
	r->status = 200;
	r->ctype = !strcmp(m->type, "application/pdf") ? "application/pdf"
		   : !strcmp(m->type, "image/png")     ? "image/png"
						       : "image/jpeg";
	disposition(r, attachment ? "attachment" : "inline", m->name);
}

void api_dossier_attach(struct api_req *r)
{
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *out = NULL, *in = api_body_json_or_400(r);
	if (!in)
		return;
	api_actor(r, &who, roles);
	enum err e = dossier_attach_document(r->ctx->store, r->user, &who, r->params[0], in,
					     r->ctx->conf->max_dossier_bytes, api_now(r), &out, &eb);
	json_decref(in);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, out);
}

void api_me_documents(struct api_req *r)
{
	struct errbuf eb;
	json_t *items = NULL;
	enum err e = dossier_citizen_documents(r->ctx->store, r->user, api_now(r), &items, &eb);
	if (e)
		api_reply_err(r, e, &eb);
	else
		api_reply_json(r, 200, json_pack("{s:o,s:n}", "items", items, "next_cursor"));
}
