/*
 * forms.c - GET /api/v1/dossiers/{code}/forms/{NN}.pdf|.html: the official
 * form NN of a dossier in its rule set, or 404 with the reason when the
 * form does not apply (e.g. 04 for a dossier never apologised for).
 */
#include <stdio.h>
#include <string.h>

#include "api/handlers.h"
#include "domain/dossier/dossier.h"
#include "domain/forms/forms.h"

void api_dossier_form(struct api_req *r)
{
	struct errbuf eb;
	json_t *model = NULL;
	enum form_id f;
	char nn[3];
	const char *name = r->params[1];
	int pdf = 0;
	if (strlen(name) == 6 && !strcmp(name + 2, ".pdf"))
		pdf = 1;
	else if (!(strlen(name) == 7 && !strcmp(name + 2, ".html"))) {
		api_reply_error(r, 404, "not_found", "form", "forms are named NN.pdf or NN.html, e.g. 01.pdf");
		return;
	}
	snprintf(nn, sizeof(nn), "%.2s", name);
	enum err e = dossier_form_model(r->ctx->store, r->user, r->params[0], r->ctx->conf->public_url,
					&model, &eb);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	json_t *dossier = json_object_get(model, "dossier");
	const char *rs = json_string_value(json_object_get(model, "rule_set"));
	if ((e = forms_parse_id(nn, rs ? rs : "2025", &f, &eb)) || (e = forms_applies(f, dossier, &eb))) {
		json_decref(model);
		api_reply_err(r, e == ERR_INVALID ? ERR_NOTFOUND : e, &eb);
		return;
	}
	buf_reset(&r->out);
	e = pdf ? forms_render_pdf(f, model, &r->out, &eb) : forms_render_html(f, model, &r->out, &eb);
	json_decref(model);
	if (e) {
		api_reply_err(r, e, &eb);
		return;
	}
	r->status = 200;
	r->ctype = pdf ? "application/pdf" : "text/html; charset=utf-8";
	/* a printable form is one self-contained page with its own styles */
	if (!pdf)
		r->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
			 "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
}
