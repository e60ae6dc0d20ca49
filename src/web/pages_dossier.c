/*
 * pages_dossier.c - the page of one dossier, for its applicant and for
 * the officers who handle it: status and due time, the workflow with each
 * step's due time and timeliness, the documents, the official forms that
 * apply (links to the API's PDF and HTML), the history (events), and one
 * form for each action the user may take now. Each action posts to
 * /ho-so/{code}/{action}, which calls dossier_act() and sends the browser
 * back to the page; a refused action shows the page again with the
 * reason next to the field and what was typed kept.
 *
 * The page never decides what is allowed: the dossier's allowed_actions
 * (from the transition table) does. The page only leaves out what would
 * certainly be refused (forward at the last step, complete before it).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/catalog/catalog.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/machine.h"
#include "domain/files/files.h"
#include "domain/forms/forms.h"
#include "web/pages.h"
#include "web/pages_int.h"
#include "web/webform.h"

/* The form fields of each action and how they become its JSON body:
 * 's' a string, 'l' the lines of a textarea as an array of strings,
 * 'a' every value of the name (ticked boxes and the lines of a textarea
 * of the same name) as one array of strings,
 * 'm' an amount of money (digits; dots and spaces allowed), 'b' a
 * checkbox that the page itself reads. An upper-case kind is a field the
 * page requires before asking the domain (which requires most of them
 * too; a step is never sent back without saying why). */
struct afield {
	const char *name;
	char kind;
};
static const struct {
	const char *action;
	struct afield f[5];
} action_fields[] = {
	{"receive", {{"note", 's'}}},
	{"request_supplement", {{"items", 'L'}, {"reason", 'S'}}},
	{"submit_supplement", {{"note", 's'}}},
	{"refuse", {{"reason", 'S'}}},
	{"assign", {{"user", 's'}, {"note", 's'}}},
	{"forward", {{"user", 's'}, {"note", 's'}}},
	{"return_step", {{"reason", 'S'}}},
	{"request_payment", {{"amount", 'm'}, {"note", 's'}}},
	{"record_payment", {{"amount", 'm'}, {"channel", 's'}, {"reference", 's'}}},
	{"transfer", {{"agencies", 'a'}, {"mode", 's'}, {"lead", 's'}, {"note", 's'}}},
	{"transfer_return", {{"agency", 's'}, {"note", 's'}}},
	{"apologize", {{"reason", 'S'}, {"new_due_at", 'S'}}},
	{"complete", {{"result_documents", 'l'}, {"electronic", 'b'}, {"note", 's'}}},
	{"return_result", {{"method", 's'}, {"note", 's'}}},
	{"withdraw", {{"reason", 'S'}}},
	{"stop", {{"reason", 'S'}}},
};

/* The actions whose form is open at first (the usual next move). */
static const char *const primary[] = {"receive",       "forward",           "complete",
				      "return_result", "submit_supplement", "record_payment"};

static int action_index(const char *action)
{
	for (size_t i = 0; i < sizeof(action_fields) / sizeof(action_fields[0]); i++)
		if (!strcmp(action_fields[i].action, action))
			return (int)i;
	return -1;
}

static int is_field_of(int ai, const char *key)
{
	for (int k = 0; k < 5 && action_fields[ai].f[k].name; k++)
		if (!strcmp(action_fields[ai].f[k].name, key))
			return 1;
	return 0;
}

json_t *page_agency_names(struct api_req *r, int en)
{
	struct errbuf eb;
	json_t *list = NULL, *names = json_object(), *a;
	size_t i;
	if (catalog_agency_list(r->ctx->store, 1, &list, &eb) != ERR_OK)
		return names;
	json_array_foreach(list, i, a) {
		json_t *n = json_object_get(a, en ? "name_en" : "name");
		if (!json_is_string(n))
			n = json_object_get(a, "name");
		const char *code = json_string_value(json_object_get(a, "code"));
		if (code && json_is_string(n))
			json_object_set(names, code, n);
	}
	json_decref(list);
	return names;
}

/* See pages_int.h. */
long long page_parse_amount(const char *s)
{
	long long v = 0;
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (v > 100000000000LL)
				return -1;
			v = v * 10 + (*s - '0');
			digits++;
		} else if (*s != '.' && *s != ',' && *s != ' ') {
			break;
		}
	}
	/* a trailing currency word is fine: "1.500.000 đ", "1500000 VND" */
	if (*s && strcmp(s, "đ") && strcmp(s, "VND") && strcmp(s, "vnd") && strcmp(s, "VNĐ"))
		return -1;
	return digits ? v : -1;
}

/* The detail of an event, as label/value lines. */
static json_t *event_detail(int en, json_t *detail, json_t *names)
{
	static const char *const keys[] = {"step_name", "user",  "note",        "reason",
					   "items",     "amount", "method",      "new_due_at",
					   "due_at",    "timeliness", "result_documents", "agencies",
					   "agency",    "mode"};
	json_t *out = json_array();
	char buf[1200];
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_t *v = json_object_get(detail, keys[k]);
		const char *s = json_string_value(v);
		char label[64];
		buf[0] = '\0';
		if (!v || json_is_null(v))
			continue;
		if (!strcmp(keys[k], "amount") && json_is_integer(v)) {
			view_money(json_integer_value(v), en, buf, sizeof(buf));
		} else if ((!strcmp(keys[k], "new_due_at") || !strcmp(keys[k], "due_at")) && s) {
			view_time(s, buf, sizeof(buf));
		} else if (!strcmp(keys[k], "method") && s) {
			const char *m = view_msg_opt(en, "method_", s);
			snprintf(buf, sizeof(buf), "%s", m ? m : s);
		} else if (!strcmp(keys[k], "timeliness") && s) {
			const char *m = view_msg_opt(en, "timeliness_", s);
			snprintf(buf, sizeof(buf), "%s", m ? m : s);
		} else if (!strcmp(keys[k], "agency") && s) {
			const char *n = json_string_value(json_object_get(names, s));
			snprintf(buf, sizeof(buf), "%s", n ? n : s);
		} else if (json_is_array(v)) {
			size_t i, o = 0;
			json_t *it;
			json_array_foreach(v, i, it) {
				const char *x = json_is_string(it) ? json_string_value(it)
					       : json_string_value(json_object_get(it, "name"));
				if (!x)
					x = json_string_value(json_object_get(it, "to"));
				if (x && o < sizeof(buf))
					o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? "; " : "", x);
			}
		} else if (s) {
			snprintf(buf, sizeof(buf), "%s", s);
		}
		if (!buf[0])
			continue;
		snprintf(label, sizeof(label), "detail_%s", keys[k]);
		json_array_append_new(out, json_pack("{s:s,s:s}", "label", view_msg(en, label), "value", buf));
	}
	return out;
}

/* Officials of the dossier's department who hold role (for the "who
 * takes the next step" choice). */
static json_t *users_with_role(struct api_req *r, const char *role, const char *agency,
			       const char *selected)
{
	struct errbuf eb;
	json_t *all = NULL, *out = json_array(), *u;
	size_t i;
	if (!role || account_list(r->ctx->store, &all, &eb) != ERR_OK)
		return out;
	json_array_foreach(all, i, u) {
		const char *roles = json_string_value(json_object_get(u, "roles"));
		const char *ag = json_string_value(json_object_get(u, "agency"));
		const char *un = json_string_value(json_object_get(u, "username"));
		int has = 0;
		for (const char *p = roles; p && *p;) {
			size_t n = strcspn(p, ",");
			has |= n == strlen(role) && !strncmp(p, role, n);
			p += n + (p[n] == ',');
		}
		if (!has || !un || json_is_true(json_object_get(u, "disabled")) || !ag || strlen(ag) != 13 ||
		    !agency || strlen(agency) != 13 || strcmp(ag + 7, agency + 7))
			continue;
		json_array_append_new(out, json_pack("{s:s,s:O,s:b}", "username", un, "name",
						     json_object_get(u, "name"), "selected",
						     selected && !strcmp(selected, un)));
	}
	json_decref(all);
	return out;
}

static json_t *options(int en, const char *prefix, const char *const *values, const char *selected)
{
	json_t *out = json_array();
	for (size_t i = 0; values[i]; i++) {
		const char *label = view_msg_opt(en, prefix, values[i]);
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "value", values[i], "label",
						     label ? label : values[i], "selected",
						     selected && !strcmp(selected, values[i])));
	}
	return out;
}

/* The official forms that apply to the dossier now (01..07). */
static json_t *forms_list(int en, json_t *d)
{
	json_t *out = json_array();
	const char *rs = json_string_value(json_object_get(d, "rule_set"));
	const char *code = json_string_value(json_object_get(d, "code"));
	for (int f = 0; f < FORM__MAX; f++) {
		struct errbuf eb;
		enum form_id id;
		const char *nn = forms_number((enum form_id)f);
		char key[16], url[200];
		if (forms_parse_id(nn, rs ? rs : "2025", &id, &eb) || forms_applies(id, d, &eb))
			continue;
		snprintf(key, sizeof(key), "form_%s", nn);
		snprintf(url, sizeof(url), "/api/v1/dossiers/%s/forms/%s", code, nn);
		json_array_append_new(out, json_pack("{s:s,s:s,s:s,s:s+,s:s+}", "nn", nn, "name",
						     view_msg(en, key), "title",
						     forms_title(id, rs) ? forms_title(id, rs) : "", "pdf", url,
						     ".pdf", "html", url, ".html"));
	}
	return out;
}

static int64_t time_of(json_t *o, const char *key)
{
	int64_t t = 0;
	const char *s = json_string_value(json_object_get(o, key));
	return s && vntime_parse(s, &t) == 0 ? t : 0;
}

/* Lines of text of the unticked required documents' names. */
static void missing_docs(json_t *d, char *out, size_t sz)
{
	size_t i, o = 0;
	json_t *doc;
	out[0] = '\0';
	json_array_foreach(json_object_get(d, "documents"), i, doc) {
		if (!json_is_true(json_object_get(doc, "required")) ||
		    json_is_true(json_object_get(doc, "present")))
			continue;
		const char *n = json_string_value(json_object_get(doc, "name"));
		if (n && o < sz)
			o += (size_t)snprintf(out + o, sz - o, "%s%s", o ? "\n" : "", n);
	}
}

/* The transfer form's choices (R-DS-11): every other agency by name as
 * a box to tick, the lead agency as a select, and codes typed that are
 * not in the list (kept in the "other codes" box). */
static void transfer_choices(struct api_req *r, int en, json_t *d, json_t *o, json_t *val)
{
	json_t *names = page_agency_names(r, en), *boxes = json_array(), *leads = json_array(), *n;
	json_t *chosen = json_object_get(val, "agencies"), *c;
	const char *own = json_string_value(json_object_get(d, "agency"));
	const char *lead = json_string_value(json_object_get(val, "lead"));
	const char *code;
	char other[2000];
	size_t i, oo = 0;
	json_object_foreach(names, code, n) {
		int ticked = 0;
		if (own && !strcmp(own, code))
			continue;
		json_array_foreach(chosen, i, c)
			ticked |= json_is_string(c) && !strcmp(json_string_value(c), code);
		json_array_append_new(boxes, json_pack("{s:s,s:O,s:b}", "code", code, "name", n, "checked", ticked));
		json_array_append_new(leads, json_pack("{s:s,s:O,s:b}", "code", code, "name", n, "selected",
						       lead && !strcmp(lead, code)));
	}
	other[0] = '\0';
	json_array_foreach(chosen, i, c) {
		const char *v = json_string_value(c);
		if (v && !json_object_get(names, v) && oo < sizeof(other))
			oo += (size_t)snprintf(other + oo, sizeof(other) - oo, "%s%s", oo ? "\n" : "", v);
	}
	json_object_set_new(o, "agency_boxes", boxes);
	json_object_set_new(o, "leads", leads);
	json_object_set_new(o, "agencies_other", json_string(other));
	json_decref(names);
}

/* The documents of the dossier as the page shows them (R-DG-1/2): each
 * component's file link, how it came (digitized, reused), its
 * digitization metadata with dates for people, who digitized it; the
 * result documents with their files. */
static void documents_model(int en, json_t *d)
{
	json_t *it;
	size_t i;
	char buf[64];
	json_array_foreach(json_object_get(d, "documents"), i, it) {
		const char *fid = json_string_value(json_object_get(it, "file_id"));
		json_t *reuse = json_object_get(it, "reuse");
		json_t *meta = json_object_get(it, "metadata");
		if (fid && files_id_valid(fid)) {
			snprintf(buf, sizeof(buf), "/tep/%s", fid);
			json_object_set_new(it, "file_url", json_string(buf));
		}
		if (json_is_integer(reuse) && json_integer_value(reuse) > 0) {
			snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(reuse));
			const char *t = view_msg_opt(en, "doc_reuse_flag_", buf);
			if (t)
				json_object_set_new(it, "reuse_text", json_string(t));
		}
		if (json_is_object(meta)) {
			page_meta_dates(meta);
			const char *kind = json_string_value(json_object_get(it, "kind"));
			const char *kt = kind ? view_msg_opt(en, "doc_kind_", kind) : NULL;
			if (kt)
				json_object_set_new(it, "doc_kind_text", json_string(kt));
			json_object_set_new(it, "has_meta", json_true());
		}
	}
	json_array_foreach(json_object_get(d, "result_documents"), i, it) {
		const char *fid = json_string_value(json_object_get(it, "file_id"));
		if (fid && files_id_valid(fid)) {
			snprintf(buf, sizeof(buf), "/tep/%s", fid);
			json_object_set_new(it, "file_url", json_string(buf));
		}
	}
}

/* The form to attach a scan to a component (R-DG-1): for the desk and
 * the specialist while the dossier is open; NULL otherwise. After a
 * failed attempt (action "attach") it is open with the errors and what
 * was typed. */
static json_t *attach_model(struct api_req *r, int en, json_t *d, int st, const char *action,
			    json_t *errors, json_t *values)
{
	static const char *const kinds[] = {"original", "certified_copy", "photocopy", NULL};
	json_t *comps = json_array(), *it;
	size_t i;
	if (!(page_has_role(r->user, ROLE_DESK) || page_has_role(r->user, ROLE_SPECIALIST)) ||
	    !page_is_officer(r->user) || !(DS_OPEN & DS_BIT(st))) {
		json_decref(comps);
		return json_null();
	}
	int failed = action && !strcmp(action, "attach");
	const char *sel = failed ? json_string_value(json_object_get(values, "component")) : NULL;
	json_array_foreach(json_object_get(d, "documents"), i, it)
		json_array_append_new(comps, json_pack("{s:O,s:O,s:b}", "code", json_object_get(it, "code"), "name",
						       json_object_get(it, "name"), "selected",
						       sel && json_is_string(json_object_get(it, "code")) &&
							       !strcmp(sel, json_string_value(json_object_get(it, "code")))));
	const char *k = failed ? json_string_value(json_object_get(values, "kind")) : NULL;
	json_t *kopts = json_array();
	json_array_append_new(kopts, json_pack("{s:s,s:s,s:b}", "value", "", "label", view_msg(en, "doc_kind_unknown"),
					       "selected", !k));
	for (size_t n = 0; kinds[n]; n++) {
		const char *l = view_msg_opt(en, "doc_kind_", kinds[n]);
		json_array_append_new(kopts, json_pack("{s:s,s:s,s:b}", "value", kinds[n], "label", l ? l : kinds[n],
						       "selected", k && !strcmp(k, kinds[n])));
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:b}", "comps", comps, "kinds", kopts, "val",
			 failed && values ? json_incref(values) : json_object(), "err",
			 failed && errors ? json_incref(errors) : json_object(), "open", failed);
}

/* The papers of a supplement: the supplement form offers, for each paper
 * of the dossier, a file to upload ("sup_<code>") and, for the applicant,
 * one of their stored documents ("sreuse_<code>"). An error of a paper is
 * under "sup_<code>" in the action's err. */
static void supplement_choices(struct api_req *r, int en, json_t *d, json_t *o)
{
	json_t *list = json_array(), *c, *err = json_object_get(o, "err"), *val = json_object_get(o, "val");
	json_t *mine = page_has_role(r->user, ROLE_CITIZEN) && !page_is_officer(r->user)
			       ? page_my_documents_options(r, en) : json_array();
	size_t i;
	char key[80];
	json_array_foreach(json_object_get(d, "documents"), i, c) {
		const char *code = json_string_value(json_object_get(c, "code"));
		if (!code)
			continue;
		json_t *x = json_pack("{s:s,s:O}", "code", code, "name", json_object_get(c, "name"));
		snprintf(key, sizeof(key), "sup_%s", code);
		if (json_object_get(err, key))
			json_object_set(x, "error", json_object_get(err, key));
		snprintf(key, sizeof(key), "sreuse_%s", code);
		const char *sel = json_string_value(json_object_get(val, key));
		json_t *opts = json_array(), *m;
		size_t k;
		json_array_foreach(mine, k, m) {
			const char *id = json_string_value(json_object_get(m, "id"));
			json_array_append_new(opts, json_pack("{s:s,s:O,s:b}", "value", id, "label",
							      json_object_get(m, "label"), "selected",
							      sel && !strcmp(sel, id)));
		}
		json_object_set_new(x, "reuse_count", json_integer((json_int_t)json_array_size(opts)));
		json_object_set_new(x, "reuse", opts);
		json_array_append_new(list, x);
	}
	json_decref(mine);
	json_object_set_new(o, "papers", list);
}

/* act.<action> for each action shown: its default values, and for the
 * failed one what was typed and the errors. */
static json_t *actions_model(struct api_req *r, int en, json_t *d, const char *failed,
			     json_t *errors, json_t *values)
{
	json_t *act = json_object(), *a;
	size_t i;
	json_t *steps = json_object_get(json_object_get(d, "procedure"), "steps");
	size_t nsteps = json_array_size(steps);
	json_t *runs = json_object_get(d, "steps");
	json_t *cur = json_array_get(runs, json_array_size(runs) - 1);
	if (cur && !json_is_null(json_object_get(cur, "finished_at")))
		cur = NULL;
	long idx = cur ? (long)json_integer_value(json_object_get(cur, "index")) : -1;
	int last = cur && (size_t)(idx + 1) >= nsteps;
	const char *agency = json_string_value(json_object_get(d, "agency"));
	char buf[4000];
	json_array_foreach(json_object_get(d, "allowed_actions"), i, a) {
		const char *name = json_string_value(a);
		if (!name || action_index(name) < 0)
			continue;
		if (!strcmp(name, "forward") && last && nsteps)
			continue;
		if (!strcmp(name, "complete") && nsteps && !last && cur)
			continue;
		if (!strcmp(name, "return_step") && idx < 1)
			continue;
		json_t *o = json_pack("{s:o,s:o,s:s}", "val", json_object(), "err", json_object(), "id", name);
		json_t *val = json_object_get(o, "val");
		if (!strcmp(name, "request_supplement")) {
			missing_docs(d, buf, sizeof(buf));
			json_object_set_new(val, "items", json_string(buf));
		} else if (!strcmp(name, "request_payment")) {
			snprintf(buf, sizeof(buf), "%lld",
				 (long long)json_integer_value(json_object_get(d, "fees_total")));
			json_object_set_new(val, "amount", json_string(buf));
		} else if (!strcmp(name, "record_payment")) {
			json_t *req = json_object_get(d, "payment_request");
			snprintf(buf, sizeof(buf), "%lld",
				 (long long)json_integer_value(json_object_get(req, "amount")));
			json_object_set_new(val, "amount", json_string(buf));
		} else if (!strcmp(name, "complete")) {
			json_t *p = NULL, *res;
			struct errbuf eb;
			size_t k, o2 = 0;
			int electronic = 0;
			buf[0] = '\0';
			const char *pc = json_string_value(json_object_get(json_object_get(d, "procedure"), "code"));
			int ver = (int)json_integer_value(json_object_get(json_object_get(d, "procedure"), "version"));
			if (pc && catalog_procedure_get(r->ctx->store, pc, ver, &p, &eb) == ERR_OK) {
				json_array_foreach(json_object_get(p, "results"), k, res) {
					const char *n = json_string_value(json_object_get(res, "name"));
					electronic |= json_is_true(json_object_get(res, "electronic"));
					if (n && o2 < sizeof(buf))
						o2 += (size_t)snprintf(buf + o2, sizeof(buf) - o2, "%s%s",
								       o2 ? "\n" : "", n);
				}
				json_decref(p);
			}
			json_object_set_new(val, "result_documents", json_string(buf));
			json_object_set_new(val, "electronic", json_boolean(electronic));
		}
		if (failed && !strcmp(failed, name)) {
			if (values)
				json_object_update(val, values);
			if (errors)
				json_object_update(json_object_get(o, "err"), errors);
			if (!strcmp(name, "complete"))
				json_object_set_new(val, "electronic",
						    json_boolean(json_object_get(values, "electronic") != NULL));
			json_object_set_new(o, "open", json_true());
			json_object_set_new(o, "failed", json_true());
		}
		const char *sel = json_string_value(json_object_get(val, "user"));
		if (!strcmp(name, "forward") || !strcmp(name, "assign")) {
			json_t *st = !strcmp(name, "forward") ? json_array_get(steps, (size_t)(idx + 1))
							       : json_array_get(steps, (size_t)idx);
			if (st) {
				json_object_set(o, "step_name", json_object_get(st, "name"));
				const char *rt = view_msg_opt(en, "role_", json_string_value(json_object_get(st, "role")));
				json_object_set_new(o, "step_role", json_string(rt ? rt : ""));
			}
			json_object_set_new(o, "users",
					    users_with_role(r, json_string_value(json_object_get(st, "role")),
							    agency, sel));
		}
		if (!strcmp(name, "return_result")) {
			static const char *const methods[] = {"in_person", "post", "online", NULL};
			const char *m = json_string_value(json_object_get(val, "method"));
			json_object_set_new(o, "methods", options(en, "method_", methods, m ? m : "in_person"));
		}
		if (!strcmp(name, "record_payment")) {
			static const char *const chans[] = {"desk", "bank_transfer", "gateway", "national_portal",
							    NULL};
			const char *c = json_string_value(json_object_get(val, "channel"));
			json_object_set_new(o, "channels", options(en, "pay_", chans, c ? c : "desk"));
		}
		if (!strcmp(name, "submit_supplement"))
			supplement_choices(r, en, d, o);
		if (!strcmp(name, "transfer")) {
			static const char *const modes[] = {"sequential", "parallel", NULL};
			const char *m = json_string_value(json_object_get(val, "mode"));
			json_object_set_new(o, "modes", options(en, "mode_", modes, m ? m : "sequential"));
			transfer_choices(r, en, d, o, val);
		}
		if (!strcmp(name, "transfer_return")) {
			json_t *open = json_array(), *t;
			size_t k;
			json_array_foreach(json_object_get(d, "transfers"), k, t)
				if (!json_is_null(json_object_get(t, "sent_at")) &&
				    json_is_null(json_object_get(t, "returned_at")))
					json_array_append_new(open, json_pack("{s:O}", "code", json_object_get(t, "to")));
			if (!json_array_size(open)) {
				json_decref(open);
				json_decref(o);
				continue;
			}
			json_object_set_new(o, "open_transfers", open);
		}
		json_object_set_new(act, name, o);
	}
	/* one form open: the failed one, else the usual next move */
	int any_open = 0;
	const char *k;
	json_t *v;
	json_object_foreach(act, k, v)
		any_open |= json_is_true(json_object_get(v, "open"));
	for (size_t p = 0; !any_open && p < sizeof(primary) / sizeof(primary[0]); p++) {
		json_t *o = json_object_get(act, primary[p]);
		if (o) {
			json_object_set_new(o, "open", json_true());
			any_open = 1;
		}
	}
	json_object_set_new(act, "any", json_boolean(json_object_size(act) > 0));
	return act;
}

void page_dossier_show(struct api_req *r, const char *code, int status, const char *action,
		       json_t *errors, json_t *values, const char *ok)
{
	int en = page_en(r);
	struct errbuf eb;
	json_t *d = NULL;
	char buf[256];
	size_t i;
	json_t *it;
	enum err e = dossier_get(r->ctx->store, r->user, code, &d, &eb);
	if (e == ERR_NOTFOUND) {
		page_error(r, 404, view_msg(en, "dossier_not_found"));
		return;
	}
	if (e) {
		page_error(r, api_status_of(e), view_msg(en, "error_title"));
		return;
	}
	json_t *names = page_agency_names(r, en);
	json_t *model = json_object();
	int st = (int)json_integer_value(json_object_get(d, "status"));
	int64_t now = api_now(r), due = time_of(d, "due_at");
	/* forms and actions read the dossier's own shape: before decorating */
	json_object_set_new(model, "forms", forms_list(en, d));
	json_object_set_new(model, "act", actions_model(r, en, d, action, errors, values));
	json_object_set_new(model, "attach", attach_model(r, en, d, st, action, errors, values));
	documents_model(en, d);
	view_decorate(d, en);
	const char *ag = json_string_value(json_object_get(d, "agency"));
	json_object_set(model, "agency_name", json_object_get(names, ag ? ag : ""));
	snprintf(buf, sizeof(buf), "channel_%lld", (long long)json_integer_value(json_object_get(d, "channel")));
	json_object_set_new(model, "channel_text", json_string(view_msg(en, buf)));
	const char *kind = json_string_value(json_object_get(json_object_get(d, "applicant"), "kind"));
	const char *kt = view_msg_opt(en, "kind_", kind);
	json_object_set_new(model, "kind_text", json_string(kt ? kt : ""));
	json_object_set_new(model, "overdue",
			    json_boolean((st == 2 || st == 4) && due && now > due));
	json_object_set_new(model, "is_staff", json_boolean(page_is_staff(r->user)));
	/* the workflow: each planned step, done, current or to come */
	json_t *plan = json_array(), *runs = json_object_get(d, "steps");
	json_t *cur = json_array_get(runs, json_array_size(runs) - 1);
	long idx = cur && json_is_null(json_object_get(cur, "finished_at"))
			   ? (long)json_integer_value(json_object_get(cur, "index"))
			   : -1;
	int finished = st == 9 || st == 10;
	json_array_foreach(json_object_get(json_object_get(d, "procedure"), "steps"), i, it) {
		const char *state = finished || (long)i < idx ? "done" : (long)i == idx ? "current" : "todo";
		if (!finished && idx < 0)
			state = "todo";
		const char *unit = json_string_value(json_object_get(it, "unit"));
		const char *rt = view_msg_opt(en, "role_", json_string_value(json_object_get(it, "role")));
		json_t *s = json_pack("{s:I,s:O,s:s,s:O,s:O?,s:s,s:s?}", "n", (json_int_t)(i + 1), "name",
				      json_object_get(it, "name"), "role_text", rt ? rt : "", "hours", json_object_get(it, "hours"), "unit_name",
				      json_object_get(names, unit ? unit : ""), "state", state,
				      "state_text", view_msg_opt(en, "step_", state));
		json_array_append_new(plan, s);
	}
	json_object_set_new(model, "plan", plan);
	json_array_foreach(runs, i, it) {
		const char *unit = json_string_value(json_object_get(it, "unit"));
		json_object_set(it, "unit_name", json_object_get(names, unit ? unit : ""));
		json_object_set_new(it, "n", json_integer((json_int_t)i + 1));
		json_object_set_new(it, "running", json_boolean(json_is_null(json_object_get(it, "finished_at"))));
		const char *res = json_string_value(json_object_get(it, "result"));
		const char *rt = view_msg_opt(en, "run_", res);
		if (rt)
			json_object_set_new(it, "result_text", json_string(rt));
	}
	json_array_foreach(json_object_get(d, "events"), i, it) {
		json_object_set_new(it, "lines", event_detail(en, json_object_get(it, "detail"), names));
		const char *ea = json_string_value(json_object_get(it, "action"));
		if (ea && !strcmp(ea, "attach_document")) {
			/* a scan attached (R-DG-1): which paper */
			json_object_set_new(it, "action_text", json_string(view_msg(en, "doc_event_attach")));
			json_t *c = json_object_get(json_object_get(it, "detail"), "code");
			if (json_is_string(c))
				json_array_append_new(json_object_get(it, "lines"),
						      json_pack("{s:s,s:O}", "label", view_msg(en, "doc_attach_component"), "value", c));
		}
	}
	/* newest first reads better in a history */
	json_t *evs = json_object_get(d, "events"), *rev = json_array();
	for (size_t k = json_array_size(evs); k > 0; k--)
		json_array_append(rev, json_array_get(evs, k - 1));
	json_object_set_new(model, "events", rev);
	json_object_set_new(model, "has_fees", json_boolean(json_array_size(json_object_get(d, "fees")) > 0));
	if (ok) {
		const char *m = !strcmp(ok, "attach") ? view_msg(en, "doc_ok_attach") : view_msg_opt(en, "ok_", ok);
		json_object_set_new(model, "flash", json_string(m ? m : view_msg(en, "ok_done")));
		/* the form to print after reception (01) or a supplement request (02) */
		const char *nn = !strcmp(ok, "receive") || !strcmp(ok, "received") ? "01"
				 : !strcmp(ok, "request_supplement")                ? "02"
										   : NULL;
		json_t *f;
		size_t k;
		json_array_foreach(json_object_get(model, "forms"), k, f)
			if (nn && !strcmp(json_string_value(json_object_get(f, "nn")), nn))
				json_object_set(model, "flash_form", f);
	}
	snprintf(buf, sizeof(buf), "/ho-so/%s", code);
	json_object_set_new(model, "self_url", json_string(buf));
	json_object_set_new(model, "d", d);
	json_decref(names);
	snprintf(buf, sizeof(buf), "%s %s", view_msg(en, "dossier_title"), code);
	page_render(r, status, "dossier", buf, model);
}

void page_dossier(struct api_req *r)
{
	const char *ok = api_query(r, "ok");
	if (!page_dossier_code_ok(r->params[0])) {
		page_error(r, 404, view_msg(page_en(r), "dossier_not_found"));
		return;
	}
	/* only our own action names are echoed back */
	if (ok && action_index(ok) < 0 && strcmp(ok, "filed") && strcmp(ok, "received") && strcmp(ok, "attach"))
		ok = NULL;
	page_dossier_show(r, r->params[0], 200, NULL, NULL, NULL, ok);
}

/* The JSON body of an action from its form; field errors of the form
 * itself (an amount that is not one) go into errors. */
static json_t *action_body(int en, int ai, json_t *form, json_t *values, json_t *errors)
{
	json_t *in = json_object();
	for (int k = 0; k < 5 && action_fields[ai].f[k].name; k++) {
		const char *name = action_fields[ai].f[k].name;
		const char *v = webform_get(form, name);
		if (action_fields[ai].f[k].kind == 'a') {
			json_t *all = json_array(), *x;
			size_t i;
			json_array_foreach(webform_all(form, name), i, x) {
				json_t *lines = webform_lines(json_string_value(x), 50);
				json_array_extend(all, lines);
				json_decref(lines);
			}
			if (json_array_size(all)) {
				json_object_set(values, name, all);
				json_object_set_new(in, name, all);
			} else {
				json_decref(all);
			}
			continue;
		}
		if (action_fields[ai].f[k].kind == 'b') {
			if (v)
				json_object_set_new(values, name, json_string(v));
			continue;
		}
		if (!v) {
			if (isupper((unsigned char)action_fields[ai].f[k].kind))
				json_object_set_new(errors, name, json_string(view_msg(en, "e_required")));
			continue;
		}
		json_object_set_new(values, name, json_string(v));
		switch (tolower((unsigned char)action_fields[ai].f[k].kind)) {
		case 'l':
			json_object_set_new(in, name, webform_lines(v, 50));
			break;
		case 'm': {
			long long amount = page_parse_amount(v);
			if (amount < 0)
				json_object_set_new(errors, name, json_string(view_msg(en, "e_amount_format")));
			else
				json_object_set_new(in, name, json_integer(amount));
			break;
		}
		default:
			if (!strcmp(name, "new_due_at")) {
				/* "18/03/2025 17:00" typed where no picker exists */
				char iso[24];
				if (view_parse_when(v, iso, sizeof(iso)) == 0)
					v = iso;
				json_object_set_new(in, name, json_string(v));
				break;
			}
			json_object_set_new(in, name, json_string(v));
		}
	}
	/* the result documents are electronic (signed PDF) when ticked */
	if (!strcmp(action_fields[ai].action, "complete") && json_object_get(in, "result_documents")) {
		json_t *list = json_array(), *it;
		size_t i;
		json_array_foreach(json_object_get(in, "result_documents"), i, it)
			json_array_append_new(list, json_pack("{s:O,s:b}", "name", it, "electronic",
							      json_object_get(values, "electronic") != NULL));
		json_object_set_new(in, "result_documents", list);
	}
	return in;
}

/* What the supplement form sent for each paper: an uploaded file is
 * stored at once; a stored document chosen is passed on as reuse_of. */
static void supplement_files(struct api_req *r, int en, json_t *in, json_t *form, json_t *values,
			     json_t *errors)
{
	json_t *docs = json_array();
	const char *key;
	json_t *v;
	for (int i = 0; i < r->nfiles; i++) {
		const struct api_file *f = &r->files[i];
		json_t *stored = NULL;
		if (strncmp(f->field, "sup_", 4) || !f->field[4])
			continue;
		if (page_store_upload(r, en, f, errors, f->field, &stored) == ERR_OK)
			json_array_append_new(docs, json_pack("{s:s,s:O}", "code", f->field + 4, "file_id",
							      json_object_get(stored, "id")));
		json_decref(stored);
	}
	json_object_foreach(form, key, v) {
		const char *id = webform_get(form, key);
		char fk[80];
		if (strncmp(key, "sreuse_", 7) || !key[7] || !id)
			continue;
		json_object_set_new(values, key, json_string(id));
		snprintf(fk, sizeof(fk), "sup_%s", key + 7);
		if (api_form_file(r, fk))
			continue; /* a new file wins over a stored one */
		json_array_append_new(docs, json_pack("{s:s,s:s}", "code", key + 7, "reuse_of", id));
	}
	if (json_array_size(docs))
		json_object_set_new(in, "documents", docs);
	else
		json_decref(docs);
}

/* The electronic result (R-DG-3, R-IX 4.1) sent with "complete": the file
 * is stored and given to the first result document (or becomes one,
 * named after the file, when none was listed); the others stay names. */
static void result_file(struct api_req *r, int en, json_t *in, json_t *values, json_t *errors)
{
	const struct api_file *f = api_form_file(r, "result_file");
	json_t *stored = NULL;
	if (!f || page_store_upload(r, en, f, errors, "result_file", &stored) != ERR_OK)
		return;
	json_t *list = json_object_get(in, "result_documents");
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(in, "result_documents", list);
	}
	json_t *first = json_array_get(list, 0);
	if (!first) {
		first = json_pack("{s:O}", "name", json_object_get(stored, "name"));
		json_array_append_new(list, first);
	}
	json_object_set(first, "file_id", json_object_get(stored, "id"));
	json_object_set_new(first, "electronic", json_true());
	json_object_set_new(values, "electronic", json_string("1"));
	json_decref(stored);
}

void page_dossier_act(struct api_req *r)
{
	int en = page_en(r);
	const char *code = r->params[0], *action = r->params[1];
	struct errbuf eb;
	struct actor who;
	char roles[160];
	enum ds_action a;
	int ai = action_index(action);
	if (!page_dossier_code_ok(code) || ai < 0 || !ds_action_parse(action, &a)) {
		page_error(r, 404, view_msg(en, "not_found_title"));
		return;
	}
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object(), *out = NULL;
	json_t *in = action_body(en, ai, form, values, errors);
	if (!strcmp(action, "complete"))
		result_file(r, en, in, values, errors);
	if (!strcmp(action, "submit_supplement"))
		supplement_files(r, en, in, form, values, errors);
	json_decref(form);
	if (json_object_size(errors)) {
		page_dossier_show(r, code, 400, action, errors, values, NULL);
		goto out;
	}
	api_actor(r, &who, roles);
	enum err e = dossier_act(r->ctx->store, r->user, &who, code, action, in, api_now(r), &out, &eb);
	if (e == ERR_NOTFOUND && !strcmp(eb.code, "dossier_not_found")) {
		page_error(r, 404, view_msg(en, "dossier_not_found"));
		goto out;
	}
	if (e) {
		char fk[64];
		unsigned long di;
		const char *dc = NULL;
		page_field_key(eb.field, fk, sizeof(fk));
		/* documents[i].file_id of a supplement: next to that paper */
		if (sscanf(eb.field, "documents[%lu]", &di) == 1)
			dc = json_string_value(json_object_get(json_array_get(json_object_get(in, "documents"), di), "code"));
		if (dc)
			snprintf(eb.field, sizeof(eb.field), "sup_%.50s", dc);
		else if (!is_field_of(ai, fk))
			eb.field[0] = '\0';
		page_set_error(errors, en, e, &eb);
		page_dossier_show(r, code, api_status_of(e), action, errors, values, NULL);
		goto out;
	}
	page_redirect(r, "/ho-so/%s?ok=%s", code, action);
out:
	json_decref(in);
	json_decref(out);
	json_decref(values);
	json_decref(errors);
}

void page_dossier_back(struct api_req *r)
{
	if (!page_dossier_code_ok(r->params[0])) {
		page_error(r, 404, view_msg(page_en(r), "dossier_not_found"));
		return;
	}
	page_redirect(r, "/ho-so/%s", r->params[0]);
}

/* The metadata fields of the attach form (R-DG-1), as the domain names
 * them; dates are typed as people write them (27/01/2025) or in ISO. */
static const char *const attach_meta[] = {"document_type", "number", "issuer", "issue_date",
					  "valid_until", "owner_id"};

void page_dossier_attach(struct api_req *r)
{
	int en = page_en(r);
	const char *code = r->params[0];
	struct errbuf eb;
	struct actor who;
	char roles[160];
	json_t *stored = NULL, *in = NULL, *out = NULL, *meta = json_object();
	if (!page_dossier_code_ok(code)) {
		json_decref(meta);
		page_error(r, 404, view_msg(en, "dossier_not_found"));
		return;
	}
	json_t *form = webform_parse(r->body, r->body_sz);
	json_t *values = json_object(), *errors = json_object();
	const char *comp = webform_get(form, "component"), *kind = webform_get(form, "kind");
	if (comp)
		json_object_set_new(values, "component", json_string(comp));
	else
		json_object_set_new(errors, "component", json_string(view_msg(en, "e_required")));
	if (kind)
		json_object_set_new(values, "kind", json_string(kind));
	for (size_t i = 0; i < sizeof(attach_meta) / sizeof(attach_meta[0]); i++) {
		const char *v = webform_get(form, attach_meta[i]);
		char iso[24];
		if (!v)
			continue;
		json_object_set_new(values, attach_meta[i], json_string(v));
		if (strstr(attach_meta[i], "date") || !strcmp(attach_meta[i], "valid_until")) {
			if (view_parse_when(v, iso, sizeof(iso)) < 0 || strlen(iso) != 10) {
				json_object_set_new(errors, attach_meta[i], json_string(view_msg(en, "doc_e_date")));
				continue;
			}
			v = iso;
		}
		json_object_set_new(meta, attach_meta[i], json_string(v));
	}
	const struct api_file *f = api_form_file(r, "file");
	if (!f)
		json_object_set_new(errors, "file", json_string(view_msg(en, "doc_e_file_missing")));
	else if (!json_object_size(errors))
		page_store_upload(r, en, f, errors, "file", &stored);
	if (json_object_size(errors)) {
		page_dossier_show(r, code, 400, "attach", errors, values, NULL);
		goto out;
	}
	in = json_pack("{s:s,s:O}", "code", comp, "file_id", json_object_get(stored, "id"));
	if (kind)
		json_object_set_new(in, "kind", json_string(kind));
	if (json_object_size(meta))
		json_object_set(in, "metadata", meta);
	api_actor(r, &who, roles);
	enum err e = dossier_attach_document(r->ctx->store, r->user, &who, code, in,
					     r->ctx->conf->max_dossier_bytes, api_now(r), &out, &eb);
	if (e == ERR_NOTFOUND && !strcmp(eb.code, "dossier_not_found")) {
		page_error(r, 404, view_msg(en, "dossier_not_found"));
		goto out;
	}
	if (e) {
		char fk[64], text[600];
		page_field_key(eb.field, fk, sizeof(fk));
		const char *key = !strcmp(fk, "code") ? "component"
				  : !strcmp(fk, "file_id") ? "file"
				  : !strncmp(fk, "metadata_", 9) ? fk + 9
				  : !strcmp(fk, "kind") ? "kind" : "_form";
		json_object_set_new(errors, e == ERR_LIMIT ? "file" : key,
				    json_string(e == ERR_LIMIT ? view_msg(en, "doc_e_dossier_full")
							       : page_err_text(en, e, &eb, text, sizeof(text))));
		page_dossier_show(r, code, api_status_of(e), "attach", errors, values, NULL);
		goto out;
	}
	page_redirect(r, "/ho-so/%s?ok=attach#docs-h", code);
out:
	json_decref(form);
	json_decref(values);
	json_decref(errors);
	json_decref(stored);
	json_decref(in);
	json_decref(out);
	json_decref(meta);
}
