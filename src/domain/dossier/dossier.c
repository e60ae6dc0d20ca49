/*
 * dossier.c - see dossier.h. The document of a dossier is the JSON the
 * API returns (API.md "Dossiers"); the columns of the store mirror the
 * parts that queues and scoping query. Effects of each action live in
 * effects.c; this file holds intake, access, the write path and queries.
 */
#include "domain/dossier/dossier_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fold.h"
#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/catalog/agency.h"
#include "domain/jsonv.h"
#include "domain/workcal/workcal.h"
#include "store/store.h"

/* ---- small JSON helpers ---- */

void ds_set_time(json_t *o, const char *key, int64_t t)
{
	char buf[32];
	if (!t) {
		json_object_set_new(o, key, json_null());
		return;
	}
	vntime_format(t, buf);
	json_object_set_new(o, key, json_string(buf));
}

int64_t ds_get_time(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	int64_t t = 0;
	if (!s || vntime_parse(s, &t) < 0)
		return 0;
	return t;
}

const char *ds_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* ---- masking (personal data in public answers and logs) ---- */

void mask_digits(const char *s, char *out, size_t sz)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0) {
		snprintf(out, sz, "%s", "");
		return;
	}
	if (n <= 6) {
		snprintf(out, sz, "%.*s***", n > 2 ? 2 : 1, s);
		return;
	}
	snprintf(out, sz, "%.4s***%s", s, s + n - 3);
}

/* Bytes of the UTF-8 character at s. */
static size_t u8len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

void mask_name(const char *s, char *out, size_t sz)
{
	size_t o = 0, words = 0, nwords = 0;
	const char *p;
	out[0] = '\0';
	if (!s)
		return;
	for (p = s; *p;) {
		while (*p == ' ')
			p++;
		if (*p)
			nwords++;
		while (*p && *p != ' ')
			p++;
	}
	for (p = s; *p && o + 8 < sz;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		words++;
		if (o)
			out[o++] = ' ';
		if (words == 1 && nwords > 1) { /* the family name stays */
			size_t n = (size_t)(p - w) < sz - o - 1 ? (size_t)(p - w) : sz - o - 1;
			memcpy(out + o, w, n);
			o += n;
		} else {
			size_t n = u8len(w);
			memcpy(out + o, w, n);
			o += n;
			const char *stars = words == nwords ? "*" : "***";
			memcpy(out + o, stars, strlen(stars));
			o += strlen(stars);
		}
	}
	out[o] = '\0';
}

void mask_email(const char *s, char *out, size_t sz)
{
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s) {
		snprintf(out, sz, "%s", s && *s ? "***" : "");
		return;
	}
	snprintf(out, sz, "%.*s***%s", (int)u8len(s), s, at);
}

/* ---- scope ---- */

void ds_scope_of_agency(const char *agency, char s1[8], char s2[24])
{
	snprintf(s1, 8, "%.3s", agency + 10);
	if (agency_code_level(agency) <= 1)
		snprintf(s2, 24, "%s", agency);
	else
		snprintf(s2, 24, "000.00.%.6s", agency + 7);
}

static int is_official(const struct account_user *u)
{
	return (u->roles & ~((1u << ROLE_CITIZEN) | (1u << ROLE_INSPECTOR))) != 0 && u->agency[0];
}

/* Restrict q to what u may see. */
void ds_scope_query(const struct account_user *u, struct store_dossier_query *q, char s1[8],
			char s2[24])
{
	if (u->roles & (1u << ROLE_INSPECTOR))
		return;
	if (is_official(u) && agency_code_valid(u->agency)) {
		ds_scope_of_agency(u->agency, s1, s2);
		if (agency_code_level(u->agency) <= 1)
			q->scope1 = s1;
		else
			q->scope2 = s2;
		return;
	}
	q->citizen_user = u->id ? u->id : -1;
}

int ds_can_see(const struct account_user *u, const struct store_dossier_row *row)
{
	char s1[8], s2[24];
	if (u->roles & (1u << ROLE_INSPECTOR))
		return 1;
	if (is_official(u) && agency_code_valid(u->agency)) {
		ds_scope_of_agency(u->agency, s1, s2);
		return agency_code_level(u->agency) <= 1 ? !strcmp(s1, row->scope1)
							 : !strcmp(s2, row->scope2);
	}
	return row->citizen_user && row->citizen_user == u->id;
}

/* ---- the write path ---- */

/* Mirror the document's state into the store's columns and write it. */
enum err ds_save(struct stx *tx, json_t *doc, int create, int64_t citizen, int64_t now,
		 struct errbuf *eb)
{
	char s1[8], s2[24], *text = NULL, *search = NULL;
	const char *code = ds_str(doc, "code"), *agency = ds_str(doc, "agency");
	json_t *app = json_object_get(doc, "applicant"), *proc = json_object_get(doc, "procedure");
	json_t *cur = ds_current_run(doc);
	enum err e;
	ds_scope_of_agency(agency, s1, s2);
	char raw[1200];
	snprintf(raw, sizeof(raw), "%s %s %s %s", code, ds_str(app, "name") ? ds_str(app, "name") : "",
		 ds_str(proc, "code") ? ds_str(proc, "code") : "",
		 ds_str(proc, "name") ? ds_str(proc, "name") : "");
	search = fold_text(raw, strlen(raw));
	int status = (int)json_integer_value(json_object_get(doc, "status"));
	json_object_set_new(doc, "status_name", json_string(ds_status_name(status)));
	json_object_set_new(doc, "portal_status", json_string(ds_status_portal_word(status)));
	text = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (!search || !text) {
		e = err_set(eb, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	struct store_dossier d = {
		.code = code,
		.agency = agency,
		.scope1 = s1,
		.scope2 = s2,
		.procedure = ds_str(proc, "code"),
		.channel = (int)json_integer_value(json_object_get(doc, "channel")),
		.status = (int)json_integer_value(json_object_get(doc, "status")),
		.rule_set = ds_str(doc, "rule_set"),
		.citizen_user = citizen,
		.handler = cur ? ds_str(cur, "handler") : NULL,
		.step_role = cur ? ds_str(cur, "role") : NULL,
		.applicant_name = ds_str(app, "name"),
		.applicant_id = ds_str(app, "id_number"),
		.search_text = search,
		.submitted_at = ds_get_time(doc, "submitted_at"),
		.received_at = ds_get_time(doc, "received_at"),
		.due_at = ds_get_time(doc, "due_at"),
		.finished_at = ds_get_time(doc, "finished_at"),
		.returned_at = ds_get_time(doc, "returned_at"),
		.alert = (int)json_integer_value(json_object_get(doc, "alert")),
		.updated_at = now,
		.doc = text,
	};
	e = create ? store_dossier_insert(tx, &d, eb) : store_dossier_update(tx, &d, eb);
out:
	free(search);
	free(text);
	return e;
}

/* Event, audit row and notifications of one change, in tx. */
static enum err record(struct stx *tx, const struct actor *who, json_t *doc, const char *action,
		       int from, int to, json_t *detail, int64_t now, struct errbuf *eb)
{
	const char *code = ds_str(doc, "code");
	char *text = json_dumps(detail ? detail : json_object(), JSON_COMPACT | JSON_SORT_KEYS);
	char object[80], auditact[64];
	enum err e;
	if (!text)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	e = store_dossier_event_add(tx, code, now, action, from, to, who && who->username ? who->username : "",
				    text, eb);
	free(text);
	if (e)
		return e;
	snprintf(object, sizeof(object), "dossier:%s", code);
	snprintf(auditact, sizeof(auditact), "dossier.%s", action);
	json_t *before = from ? json_pack("{s:i}", "status", from) : NULL;
	json_t *after = json_pack("{s:i,s:O?,s:O?}", "status", to, "due_at", json_object_get(doc, "due_at"),
				  "detail", detail);
	e = audit_record(tx, who, auditact, object, before, after, eb);
	json_decref(before);
	json_decref(after);
	if (e)
		return e;
	return ds_notify(tx, doc, action, now, eb);
}

/* ---- intake ---- */

static enum err check_applicant(json_t *a, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {"kind", "name", "id_number", "phone", "email", "address", NULL};
	static const char *const kinds[] = {"citizen", "enterprise", "agency", "organisation", NULL};
	const char *kind, *name, *id, *phone, *email, *addr;
	enum err e;
	if (!json_is_object(a))
		return a ? err_set(eb, ERR_INVALID, "applicant", "applicant must be an object")
			 : err_setc(eb, ERR_INVALID, "missing_field", "applicant", "applicant is required");
	if ((e = jv_only(a, "applicant.", keys, eb)) ||
	    (e = jv_enum(a, "applicant.", "kind", 0, kinds, &kind, eb)) ||
	    (e = jv_str(a, "applicant.", "name", 1, 200, &name, eb)) ||
	    (e = jv_str(a, "applicant.", "id_number", 0, 20, &id, eb)) ||
	    (e = jv_str(a, "applicant.", "phone", 0, 20, &phone, eb)) ||
	    (e = jv_str(a, "applicant.", "email", 0, 254, &email, eb)) ||
	    (e = jv_str(a, "applicant.", "address", 0, 500, &addr, eb)))
		return e;
	if (id) {
		size_t n = strlen(id);
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)id[i]))
				n = 0;
		if (n != 9 && n != 12)
			return err_set(eb, ERR_INVALID, "applicant.id_number",
				       "applicant.id_number must be 12 digits (CCCD) or 9 digits (CMND)");
	}
	if (phone) {
		size_t n = strlen(phone), k = 0;
		for (size_t i = 0; i < n; i++) {
			if (isdigit((unsigned char)phone[i]))
				k++;
			else if (!(i == 0 && phone[i] == '+') && phone[i] != ' ' && phone[i] != '.')
				k = 0, n = 0;
		}
		if (k < 9 || k > 12)
			return err_set(eb, ERR_INVALID, "applicant.phone",
				       "applicant.phone must be a phone number of 9 to 12 digits");
	}
	if (email && (!strchr(email, '@') || strchr(email, ' ') || email[0] == '@'))
		return err_set(eb, ERR_INVALID, "applicant.email", "applicant.email is not an e-mail address");
	*out = json_pack("{s:s,s:s,s:s?,s:s?,s:s?,s:s?}", "kind", kind ? kind : "citizen", "name", name,
			 "id_number", id, "phone", phone, "email", email, "address", addr);
	return ERR_OK;
}

/* The dossier's documents: the procedure's list, each marked present or
 * not from the input; a code outside the published list is refused
 * (R-DS-12: officials may not ask for papers outside it). */
/* One paper of a dossier as the API sends it, at intake or with a
 * supplement: {"code", "note"?, "file_id" | "reuse_of"} (index i names
 * the field of an error). */
static enum err document_item(json_t *d, size_t i, const char **code, const char **note,
			      const char **file_id, const char **reuse_of, struct errbuf *eb)
{
	static const char *const keys[] = {"code", "note", "file_id", "reuse_of", NULL};
	char pre[40];
	enum err e;
	snprintf(pre, sizeof(pre), "documents[%zu].", i);
	if (!json_is_object(d))
		return err_set(eb, ERR_INVALID, "documents", "documents[%zu] must be {\"code\"}", i);
	if ((e = jv_only(d, pre, keys, eb)) || (e = jv_str(d, pre, "code", 1, 32, code, eb)) ||
	    (e = jv_str(d, pre, "note", 0, 500, note, eb)) ||
	    (e = jv_str(d, pre, "file_id", 0, 40, file_id, eb)) ||
	    (e = jv_str(d, pre, "reuse_of", 0, 40, reuse_of, eb)))
		return e;
	if (*file_id && *reuse_of) {
		char f[48];
		snprintf(f, sizeof(f), "documents[%zu].reuse_of", i);
		return err_set(eb, ERR_INVALID, f, "%s: give a new file_id or reuse_of, not both", f);
	}
	return ERR_OK;
}

static enum err check_documents(json_t *in, json_t *proc, json_t **out, struct errbuf *eb)
{
	json_t *list = json_array(), *d;
	size_t i;
	enum err e;
	json_array_foreach(json_object_get(proc, "documents"), i, d) {
		json_t *x = json_deep_copy(d);
		json_object_set_new(x, "present", json_false());
		json_array_append_new(list, x);
	}
	json_array_foreach(in, i, d) {
		const char *code, *note, *file_id, *reuse_of;
		if ((e = document_item(d, i, &code, &note, &file_id, &reuse_of, eb)))
			goto fail;
		json_t *match = NULL, *x;
		size_t k;
		json_array_foreach(list, k, x)
			if (!strcmp(ds_str(x, "code"), code))
				match = x;
		if (!match) {
			char f[40];
			snprintf(f, sizeof(f), "documents[%zu].code", i);
			e = err_setc(eb, ERR_RULE, "document_not_in_procedure", f,
				     "%s: %s is not in the procedure's published list of documents", f, code);
			goto fail;
		}
		if (json_is_true(json_object_get(match, "present"))) {
			char f[40];
			snprintf(f, sizeof(f), "documents[%zu].code", i);
			e = err_set(eb, ERR_INVALID, f, "%s: %s is listed twice", f, code);
			goto fail;
		}
		json_object_set_new(match, "present", json_true());
		if (note)
			json_object_set_new(match, "note", json_string(note));
		/* checked against the store by dossier_create */
		if (file_id)
			json_object_set_new(match, "file_id", json_string(file_id));
		if (reuse_of)
			json_object_set_new(match, "reuse_of", json_string(reuse_of));
	}
	*out = list;
	return ERR_OK;
fail:
	json_decref(list);
	return e;
}

/* Codes of required documents not present, comma-separated into buf;
 * 0 when none is missing. */
int ds_missing_required(json_t *doc, char *buf, size_t sz)
{
	size_t i, o = 0;
	json_t *d;
	int n = 0;
	buf[0] = '\0';
	json_array_foreach(json_object_get(doc, "documents"), i, d) {
		if (json_is_true(json_object_get(d, "required")) && !json_is_true(json_object_get(d, "present"))) {
			o += (size_t)snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", n ? ", " : "", ds_str(d, "code"));
			n++;
		}
	}
	return n;
}

struct versions {
	int best;
	char day[16];
};

static int pick_version(void *arg, const struct store_procedure *p)
{
	struct versions *v = arg;
	if (!p->effective_from || strcmp(p->effective_from, v->day) <= 0)
		v->best = p->version;
	return 0;
}

/* R-RS-1 for procedures: a dossier is handled under the version of the
 * procedure in force on the day it is filed; a version published ahead of
 * its effective date applies only from then. *proc is replaced when an
 * older version is the one in force. */
static enum err version_in_force(struct stx *tx, const char *code, int64_t now, json_t **proc,
				 struct errbuf *eb)
{
	struct versions v = {0, ""};
	const char *eff = ds_str(*proc, "effective_from"), *status = ds_str(*proc, "status");
	vntime_format_date(now, v.day);
	/* an abolished procedure is refused as such, whatever the date */
	if (!eff || strcmp(eff, v.day) <= 0 || (status && !strcmp(status, "abolished")))
		return ERR_OK;
	enum err e = store_procedure_history(tx, code, pick_version, &v, eb);
	if (e)
		return e;
	if (!v.best)
		return err_setc(eb, ERR_RULE, "procedure_not_in_force", "procedure",
				"procedure %s takes effect on %s", code, eff);
	char *text = NULL;
	if ((e = store_procedure_get(tx, code, v.best, &text, eb)))
		return e;
	json_t *old = json_loads(text, 0, NULL);
	free(text);
	if (!old)
		return err_set(eb, ERR_STORE, NULL, "stored procedure unreadable");
	json_decref(*proc);
	*proc = old;
	return ERR_OK;
}

enum err dossier_create(struct store *st, const struct account_user *u, const struct actor *who,
			json_t *in, int64_t now, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {"procedure", "agency", "channel", "applicant", "summary",
					   "documents", "receive", "sets", NULL};
	const char *pcode, *agency, *summary;
	long long channel, sets;
	int receive;
	json_t *docs_in, *applicant = NULL, *proc = NULL, *documents = NULL, *doc = NULL;
	char *ptext = NULL, *atext = NULL;
	struct stx *tx = NULL;
	const struct calendar *cal = NULL;
	struct workcal_ref *ref = NULL;
	enum err e;
	int citizen = (u->roles & (1u << ROLE_CITIZEN)) && !is_official(u);
	*out = NULL;
	if (!json_is_object(in))
		return err_set(eb, ERR_INVALID, "", "the body must be a JSON object");
	if ((e = jv_only(in, "", keys, eb)) ||
	    (e = jv_str(in, "", "procedure", 1, 40, &pcode, eb)) ||
	    (e = jv_str(in, "", "agency", 0, 35, &agency, eb)) ||
	    (e = jv_int(in, "", "channel", 0, 1, 3, citizen ? 2 : 1, &channel, eb)) ||
	    (e = jv_str(in, "", "summary", 0, 2000, &summary, eb)) ||
	    (e = jv_int(in, "", "sets", 0, 1, 100, 1, &sets, eb)) ||
	    (e = jv_bool(in, "", "receive", 0, &receive, eb)) ||
	    (e = jv_array(in, "", "documents", 0, 100, &docs_in, eb)) ||
	    (e = check_applicant(json_object_get(in, "applicant"), &applicant, eb)))
		goto out;
	if (citizen && (channel != 2 || receive)) {
		e = err_set(eb, ERR_INVALID, channel != 2 ? "channel" : "receive",
			    "citizens file online (channel 2); the desk receives the dossier");
		goto out;
	}
	if (!citizen && !(u->roles & (1u << ROLE_DESK))) {
		e = err_setc(eb, ERR_FORBIDDEN, "forbidden", NULL,
			     "only the one-stop desk files dossiers for applicants");
		goto out;
	}
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		goto out;
	e = store_procedure_get(tx, pcode, 0, &ptext, eb);
	if (e == ERR_NOTFOUND)
		e = err_setc(eb, ERR_RULE, "unknown_procedure", "procedure", "procedure %s does not exist", pcode);
	if (!e && !(proc = json_loads(ptext, 0, NULL)))
		e = err_set(eb, ERR_STORE, NULL, "stored procedure unreadable");
	if (!e)
		e = version_in_force(tx, pcode, now, &proc, eb);
	if (!e && !strcmp(ds_str(proc, "status"), "abolished"))
		e = err_setc(eb, ERR_RULE, "procedure_abolished", "procedure", "procedure %s is abolished", pcode);
	if (!e && !agency)
		agency = ds_str(proc, "agency");
	if (!e && (!agency_code_valid(agency) ||
		   (e = store_agency_get(tx, agency, &atext, eb)) == ERR_NOTFOUND))
		e = err_setc(eb, ERR_RULE, "unknown_agency", "agency", "agency %s does not exist", agency);
	store_rollback(tx);
	tx = NULL;
	if (e)
		goto out;
	/* the receiving agency is the procedure's, or one of its units */
	char ps1[8], ps2[24], as1[8], as2[24];
	ds_scope_of_agency(ds_str(proc, "agency"), ps1, ps2);
	ds_scope_of_agency(agency, as1, as2);
	if (strcmp(ps2, as2)) {
		e = err_setc(eb, ERR_RULE, "wrong_agency", "agency",
			     "procedure %s is handled by %s, not by %s", pcode, ds_str(proc, "agency"), agency);
		goto out;
	}
	if (!citizen) {
		struct store_dossier_row probe = {0};
		probe.scope1 = as1;
		probe.scope2 = as2;
		if (!ds_can_see(u, &probe)) {
			e = err_setc(eb, ERR_RULE, "wrong_agency", "agency",
				     "agency %s is outside your agency", agency);
			goto out;
		}
	}
	if (channel == 2 && !strcmp(ds_str(proc, "online"), "none")) {
		e = err_setc(eb, ERR_RULE, "not_online", "channel",
			     "procedure %s is not offered online (online level: none)", pcode);
		goto out;
	}
	if ((e = check_documents(docs_in, proc, &documents, eb)))
		goto out;

	/* build the document */
	doc = json_object();
	json_t *psnap = json_pack("{s:O,s:O,s:O,s:O,s:O,s:O}", "code", json_object_get(proc, "code"),
				  "name", json_object_get(proc, "name"), "version",
				  json_object_get(proc, "version"), "time_limit",
				  json_object_get(proc, "time_limit"), "online",
				  json_object_get(proc, "online"), "steps", json_object_get(proc, "steps"));
	json_object_set_new(psnap, "needs_result", json_boolean(json_array_size(json_object_get(proc, "results")) > 0));
	json_object_set_new(doc, "procedure", psnap);
	json_object_set_new(doc, "agency", json_string(agency));
	json_object_set_new(doc, "channel", json_integer(channel));
	json_object_set_new(doc, "status", json_integer(DS_SUBMITTED));
	json_object_set_new(doc, "applicant", applicant);
	applicant = NULL;
	json_object_set_new(doc, "summary", summary ? json_string(summary) : json_null());
	json_object_set_new(doc, "sets", json_integer(sets));
	json_object_set_new(doc, "documents", documents);
	documents = NULL;
	json_int_t fees_total = 0;
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(proc, "fees"), i, f)
		fees_total += json_integer_value(json_object_get(f, "amount"));
	json_object_set(doc, "fees", json_object_get(proc, "fees"));
	json_object_set_new(doc, "fees_total", json_integer(fees_total));
	json_object_set_new(doc, "payments", json_array());
	json_object_set_new(doc, "supplements", json_array());
	json_object_set_new(doc, "transfers", json_array());
	json_object_set_new(doc, "steps", json_array());
	json_object_set_new(doc, "result_documents", json_array());
	ds_set_time(doc, "submitted_at", now);
	static const char *const times[] = {"received_at", "effective_start", "due_at",
					    "original_due_at", "finished_at", "returned_at",
					    "paused_at"};
	for (size_t k = 0; k < sizeof(times) / sizeof(times[0]); k++)
		json_object_set_new(doc, times[k], json_null());
	static const char *const nulls[] = {"refusal", "apology", "stop", "withdrawal",
					    "timeliness", "return_method", "receiver"};
	for (size_t k = 0; k < sizeof(nulls) / sizeof(nulls[0]); k++)
		json_object_set_new(doc, nulls[k], json_null());
	json_object_set_new(doc, "rule_set", json_string(ds_rule_set(now)));
	json_object_set_new(doc, "alert", json_integer(0));
	if (!citizen)
		json_object_set_new(doc, "filed_by", json_string(u->username));

	if ((e = ds_check_files(st, u, doc, now, eb)))
		goto out;
	if (receive) {
		char missing[400];
		if (ds_missing_required(doc, missing, sizeof(missing))) {
			e = err_setc(eb, ERR_RULE, "missing_documents", "documents",
				     "required documents missing: %s - do not receive an incomplete "
				     "dossier: file it without \"receive\" and request a supplement "
				     "(Form 02) listing them all",
				     missing);
			goto out;
		}
		if ((e = workcal_get(st, agency, &cal, &ref, eb)))
			goto out;
	}
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	{
		char day[8], code[64];
		int64_t n = 0;
		struct cal_local lt;
		cal_to_local(now, &lt);
		snprintf(day, sizeof(day), "%02d%02d%02d", lt.year % 100, lt.month, lt.day);
		if ((e = store_dossier_next_seq(tx, agency, day, &n, eb)))
			goto fail;
		snprintf(code, sizeof(code), "%s-%s-%04lld", agency, day, (long long)n);
		json_object_set_new(doc, "code", json_string(code));
	}
	/* the row first: events refer to it */
	json_t *rd = NULL;
	if (receive && (e = ds_effect_receive(cal, doc, u, now, &rd, eb)))
		goto fail;
	json_object_set_new(doc, "status", json_integer(DS_SUBMITTED));
	if ((e = ds_save(tx, doc, 1, citizen ? u->id : 0, now, eb)) ||
	    (e = ds_link_files(tx, doc, eb))) {
		json_decref(rd);
		goto fail;
	}
	json_t *detail = json_pack("{s:I,s:b}", "channel", (json_int_t)channel, "receive", receive);
	e = record(tx, who, doc, "create", 0, DS_SUBMITTED, detail, now, eb);
	json_decref(detail);
	if (!e && receive) {
		json_object_set_new(doc, "status", json_integer(DS_RECEIVED));
		e = record(tx, who, doc, "receive", DS_SUBMITTED, DS_RECEIVED, rd, now, eb);
		if (!e)
			e = ds_save(tx, doc, 0, citizen ? u->id : 0, now, eb);
	}
	json_decref(rd);
	if (e)
		goto fail;
	if ((e = store_commit(tx, eb)))
		goto out;
	tx = NULL;
	*out = doc;
	doc = NULL;
	goto out;
fail:
	store_rollback(tx);
out:
	workcal_put(ref);
	json_decref(applicant);
	json_decref(documents);
	json_decref(proc);
	json_decref(doc);
	free(ptext);
	free(atext);
	return e;
}

/* ---- actions ---- */

static void allowed_list(unsigned mask, char *buf, size_t sz)
{
	size_t o = 0;
	buf[0] = '\0';
	for (int a = 0; a < DA__MAX; a++)
		if (mask & (1u << a))
			o += (size_t)snprintf(buf + o, o < sz ? sz - o : 0, "%s%s", o ? ", " : "",
					      ds_action_name((enum ds_action)a));
	if (!o)
		snprintf(buf, sz, "none (the dossier is closed)");
}

/* The user a step is assigned to must be an enabled official of the
 * dossier's agency or of one of its units (their codes share the agency's
 * suffix "NN.XNN", e.g. 000.03.12.H50 under 000.00.12.H50). */
static enum err check_assignee(struct stx *tx, const char *username, const char *agency,
			       struct errbuf *eb)
{
	struct store_user su;
	unsigned roles = 0;
	if (!username) /* the effect reports the missing field */
		return ERR_OK;
	enum err e = store_user_get(tx, username, 0, &su, eb);
	if (e == ERR_NOTFOUND)
		return err_setc(eb, ERR_RULE, "unknown_user", "user", "there is no user %.63s", username);
	if (e)
		return e;
	struct errbuf ignore;
	int ok = !su.disabled && role_parse_list(su.roles, &roles, &ignore) == ERR_OK &&
		 (roles & ~((1u << ROLE_CITIZEN) | (1u << ROLE_INSPECTOR) | (1u << ROLE_SYSTEM)));
	const char *ua = su.agency ? su.agency : "";
	size_t n = strlen(agency);
	int same = ok && strlen(ua) == n && n > 7 && !strcmp(ua + 7, agency + 7);
	store_user_release(&su);
	if (!ok)
		return err_setc(eb, ERR_RULE, "not_an_official", "user",
				"%.63s is not an enabled official who can handle a step", username);
	if (!same)
		return err_setc(eb, ERR_RULE, "other_agency", "user",
				"%.63s does not work at the agency of this dossier", username);
	return ERR_OK;
}

/* The papers of a supplement (R-DS-5), as at intake: [{"code", "file_id"
 * | "reuse_of", "note"}], a code alone for a paper handed in on paper.
 * Files are checked like an intake's (ds_check_files): the sender's own
 * upload, or one of their valid documents. *out gets the checked list. */
static enum err supplement_documents(struct store *st, const struct account_user *u, json_t *in,
				     int64_t now, json_t **out, struct errbuf *eb)
{
	json_t *d;
	size_t i;
	enum err e;
	*out = NULL;
	if (!json_is_array(in) || json_array_size(in) == 0 || json_array_size(in) > 100)
		return err_set(eb, ERR_INVALID, "documents",
			       "documents must be a list of 1 to 100 papers [{\"code\", \"file_id\" or \"reuse_of\"}]");
	json_t *wrap = json_pack("{s:[]}", "documents"), *list = json_object_get(wrap, "documents");
	json_array_foreach(in, i, d) {
		const char *code, *note, *file_id, *reuse_of;
		if ((e = document_item(d, i, &code, &note, &file_id, &reuse_of, eb))) {
			json_decref(wrap);
			return e;
		}
		json_array_append_new(list, json_deep_copy(d));
	}
	if ((e = ds_check_files(st, u, wrap, now, eb))) {
		json_decref(wrap);
		return e;
	}
	*out = json_incref(list);
	json_decref(wrap);
	return ERR_OK;
}

/* Mark the papers of a supplement present on the dossier's components,
 * with their files, and list their codes in the event's detail. */
static enum err apply_supplement_documents(json_t *doc, json_t *sup, int64_t now, json_t *detail,
					   struct errbuf *eb)
{
	json_t *d, *codes = json_array();
	size_t i;
	json_array_foreach(sup, i, d) {
		const char *code = ds_str(d, "code");
		json_t *c = NULL, *x;
		size_t k;
		json_array_foreach(json_object_get(doc, "documents"), k, x)
			if (!strcmp(ds_str(x, "code"), code))
				c = x;
		if (!c) {
			json_decref(codes);
			return err_setc(eb, ERR_RULE, "document_not_in_procedure", "documents",
					"documents[%zu]: %s is not in the procedure's published list of documents", i,
					code);
		}
		const char *key;
		json_t *v;
		json_object_foreach(d, key, v)
			if (strcmp(key, "code") && strcmp(key, "reuse_of"))
				json_object_set(c, key, v);
		json_object_set_new(c, "present", json_true());
		ds_set_time(c, "supplemented_at", now);
		json_array_append_new(codes, json_string(code));
	}
	if (json_is_object(detail))
		json_object_set_new(detail, "documents", codes);
	else
		json_decref(codes);
	return ERR_OK;
}

enum err dossier_act(struct store *st, const struct account_user *u, const struct actor *who,
		     const char *code, const char *action, json_t *in, int64_t now, json_t **out,
		     struct errbuf *eb)
{
	enum ds_action a;
	struct stx *tx = NULL;
	struct store_dossier_row row = {0};
	json_t *doc = NULL, *detail = NULL, *sup_docs = NULL;
	const struct calendar *cal = NULL;
	struct workcal_ref *ref = NULL;
	enum err e;
	*out = NULL;
	if (!ds_action_parse(action, &a))
		return err_setc(eb, ERR_NOTFOUND, "unknown_action", "action",
				"unknown action '%.40s' (API.md lists the actions)", action);
	if (in && !json_is_object(in))
		return err_set(eb, ERR_INVALID, "", "the body must be a JSON object");
	/* the calendar of the dossier's agency: read before taking the write
	 * lock (it may read the store to build) */
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_dossier_get(tx, code, &row, eb);
	store_rollback(tx);
	tx = NULL;
	if (e || !ds_can_see(u, &row)) {
		store_dossier_row_release(&row);
		return e ? e : err_setc(eb, ERR_NOTFOUND, "dossier_not_found", "code", "dossier %s not found", code);
	}
	char agency[40];
	snprintf(agency, sizeof(agency), "%s", row.agency);
	store_dossier_row_release(&row);
	if ((e = workcal_get(st, agency, &cal, &ref, eb)))
		return e;
	/* papers sent with a supplement: their files are checked against the
	 * store (the sender's own, or from their documents) before the write */
	if (a == DA_SUBMIT_SUPPLEMENT && in && json_object_get(in, "documents") &&
	    (e = supplement_documents(st, u, json_object_get(in, "documents"), now, &sup_docs, eb)))
		goto out;
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	if ((e = store_dossier_get(tx, code, &row, eb)))
		goto fail;
	if (!(doc = json_loads(row.doc, 0, NULL))) {
		e = err_set(eb, ERR_STORE, NULL, "stored dossier unreadable");
		goto fail;
	}
	int from = row.status;
	const struct ds_transition *t = ds_transition_find(from, a);
	if (!t) {
		char allowed[400];
		allowed_list(ds_allowed_for(from, u->roles), allowed, sizeof(allowed));
		e = err_setc(eb, ERR_CONFLICT, "action_not_allowed", "action",
			     "%s is not allowed while the dossier is '%s'; allowed now: %s", action,
			     ds_status_name(from), allowed);
		goto fail;
	}
	if (!(t->roles & u->roles)) {
		e = err_setc(eb, ERR_FORBIDDEN, "forbidden", "action", "your role may not %s", action);
		goto fail;
	}
	if (a == DA_ASSIGN && in && (e = check_assignee(tx, json_string_value(json_object_get(in, "user")), agency, eb)))
		goto fail;
	/* a citizen acts only on their own dossier (scope checked above) */
	int to = t->to ? t->to : from;
	json_t *empty = json_object();
	e = ds_effect(a, cal, doc, in ? in : empty, u, from, now, &to, &detail, eb);
	json_decref(empty);
	if (e || (sup_docs && (e = apply_supplement_documents(doc, sup_docs, now, detail, eb))))
		goto fail;
	json_object_set_new(doc, "status", json_integer(to));
	if ((e = record(tx, who, doc, action, from, to, detail, now, eb)) ||
	    (e = ds_save(tx, doc, 0, row.citizen_user, now, eb)) ||
	    ((a == DA_COMPLETE || sup_docs) && (e = ds_link_files(tx, doc, eb)))) {
		if (e == ERR_RULE)
			err_setc(eb, ERR_RULE, "file_not_found", a == DA_COMPLETE ? "result_documents" : "documents",
				 "a file_id does not exist");
		goto fail;
	}
	if ((e = store_commit(tx, eb)))
		goto out;
	tx = NULL;
	*out = doc;
	doc = NULL;
	goto out;
fail:
	store_rollback(tx);
out:
	store_dossier_row_release(&row);
	workcal_put(ref);
	json_decref(doc);
	json_decref(detail);
	json_decref(sup_docs);
	return e;
}

/* ---- reading ---- */

static int add_event(void *arg, const struct store_dossier_event *ev)
{
	char at[32];
	vntime_format(ev->at, at);
	json_t *d = json_loads(ev->detail, 0, NULL);
	json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:o,s:i,s:s,s:o}", "id", (json_int_t)ev->id,
					     "at", at, "action", ev->action, "from_status",
					     ev->from_status ? json_integer(ev->from_status) : json_null(),
					     "to_status", ev->to_status, "actor", ev->actor, "detail",
					     d ? d : json_object()));
	return 0;
}

enum err dossier_get(struct store *st, const struct account_user *u, const char *code,
		     json_t **out, struct errbuf *eb)
{
	struct stx *tx = NULL;
	struct store_dossier_row row = {0};
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	*out = NULL;
	if (e)
		return e;
	if ((e = store_dossier_get(tx, code, &row, eb)))
		goto out;
	if (!ds_can_see(u, &row)) {
		e = err_setc(eb, ERR_NOTFOUND, "dossier_not_found", "code", "dossier %s not found", code);
		goto out;
	}
	json_t *doc = json_loads(row.doc, 0, NULL), *events = json_array();
	if (!doc) {
		json_decref(events);
		e = err_set(eb, ERR_STORE, NULL, "stored dossier unreadable");
		goto out;
	}
	if ((e = store_dossier_events(tx, code, add_event, events, eb))) {
		json_decref(doc);
		json_decref(events);
		goto out;
	}
	json_object_set_new(doc, "events", events);
	json_t *allowed = json_array();
	unsigned m = ds_allowed_for(row.status, u->roles);
	for (int a = 0; a < DA__MAX; a++)
		if (m & (1u << a))
			json_array_append_new(allowed, json_string(ds_action_name((enum ds_action)a)));
	json_object_set_new(doc, "allowed_actions", allowed);
	*out = doc;
out:
	store_rollback(tx);
	store_dossier_row_release(&row);
	return e;
}

enum err dossier_queue_parse(const char *s, enum dossier_queue *out)
{
	static const char *const names[] = {"all", "mine", "reception", "due_today", "due_soon",
					    "overdue", "paused"};
	for (int i = 0; i < DQ__MAX; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum dossier_queue)i;
			return ERR_OK;
		}
	return ERR_INVALID;
}

/* Fill q for a queue; cal gives "2 working days" and "end of today". */
static void queue_query(enum dossier_queue qu, const struct account_user *u,
			const struct calendar *cal, int64_t now, struct store_dossier_query *q)
{
	int64_t t = 0;
	switch (qu) {
	case DQ_ALL:
		break;
	case DQ_MINE:
		q->handler = u->username;
		q->status_mask = DS_RUNNING;
		break;
	case DQ_RECEPTION:
		q->status_mask = DS_BIT(DS_SUBMITTED);
		break;
	case DQ_DUE_TODAY: {
		struct cal_local lt;
		cal_to_local(now, &lt);
		q->status_mask = DS_RUNNING;
		q->due_before = cal_from_local(lt.year, lt.month, lt.day + 1, 0, 0, 0);
		break;
	}
	case DQ_DUE_SOON:
		q->status_mask = DS_RUNNING;
		q->due_after = now;
		if (cal_add_working_seconds(cal, now, 2 * (int64_t)cal_day_minutes(cal) * 60, &t, NULL))
			t = now + 2 * 86400;
		q->due_before = t;
		break;
	case DQ_OVERDUE:
		q->status_mask = DS_RUNNING;
		q->due_before = now;
		break;
	case DQ_PAUSED:
		q->status_mask = DS_BIT(DS_SUPPLEMENT) | DS_BIT(DS_PAYMENT);
		break;
	case DQ__MAX:
		break;
	}
}

struct list_ctx {
	json_t *items;
};

static int add_item(void *arg, const char *doc)
{
	struct list_ctx *l = arg;
	json_t *d = json_loads(doc, 0, NULL);
	if (!d)
		return 0;
	json_t *s = json_object();
	static const char *const keys[] = {"code", "status", "status_name", "agency", "procedure",
					   "channel", "received_at", "due_at", "finished_at",
					   "returned_at", "submitted_at"};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_object_set(s, keys[i], json_object_get(d, keys[i]));
	json_object_del(json_object_get(s, "procedure"), "steps");
	json_object_set(s, "applicant_name", json_object_get(json_object_get(d, "applicant"), "name"));
	json_t *cur = ds_current_run(d);
	json_object_set(s, "handler", cur ? json_object_get(cur, "handler") : json_null());
	json_object_set(s, "step", cur ? json_object_get(cur, "name") : json_null());
	json_array_append_new(l->items, s);
	json_decref(d);
	return 0;
}

enum err dossier_list(struct store *st, const struct account_user *u, const struct dossier_filter *f,
		      int64_t now, json_t **items, int *more, struct errbuf *eb)
{
	struct store_dossier_query q = {0};
	char s1[8], s2[24], *like = NULL;
	const struct calendar *cal;
	struct workcal_ref *ref;
	struct stx *tx = NULL;
	enum err e;
	*items = NULL;
	*more = 0;
	if ((e = workcal_get(st, is_official(u) ? u->agency : NULL, &cal, &ref, eb)))
		return e;
	ds_scope_query(u, &q, s1, s2);
	queue_query(f->queue, u, cal, now, &q);
	workcal_put(ref);
	if (f->status_mask)
		q.status_mask = q.status_mask ? (q.status_mask & f->status_mask) : f->status_mask;
	if (q.status_mask == 0 && f->status_mask)
		q.status_mask = 1u << 31; /* no status can match */
	q.procedure = f->procedure;
	if (f->due_before && (!q.due_before || f->due_before < q.due_before))
		q.due_before = f->due_before;
	if (f->q && *f->q) {
		char *folded = fold_text(f->q, strlen(f->q));
		if (!folded)
			return err_set(eb, ERR_INVALID, "q", "q is not valid UTF-8");
		like = malloc(strlen(folded) * 2 + 3);
		size_t o = 0;
		like[o++] = '%';
		for (const char *p = folded; *p; p++) {
			if (*p == ' ')
				like[o++] = '%';
			else {
				if (*p == '%' || *p == '_' || *p == '\\')
					like[o++] = '\\';
				like[o++] = *p;
			}
		}
		like[o++] = '%';
		like[o] = '\0';
		free(folded);
		q.like = like;
	}
	q.limit = f->limit + 1;
	q.offset = f->offset;
	struct list_ctx l = {json_array()};
	if (!(e = store_begin(st, STORE_READ, &tx, eb))) {
		e = store_dossier_list(tx, &q, add_item, &l, eb);
		store_rollback(tx);
	}
	free(like);
	if (e) {
		json_decref(l.items);
		return e;
	}
	if (json_array_size(l.items) > (size_t)f->limit) {
		json_array_remove(l.items, (size_t)f->limit);
		*more = 1;
	}
	*items = l.items;
	return ERR_OK;
}

enum err dossier_counts(struct store *st, const struct account_user *u, int64_t now, json_t **out,
			struct errbuf *eb)
{
	static const char *const qnames[] = {"all", "mine", "reception", "due_today", "due_soon",
					     "overdue", "paused"};
	struct store_dossier_query q = {0};
	char s1[8], s2[24];
	int64_t counts[11];
	const struct calendar *cal;
	struct workcal_ref *ref;
	struct stx *tx = NULL;
	enum err e;
	*out = NULL;
	if ((e = workcal_get(st, is_official(u) ? u->agency : NULL, &cal, &ref, eb)))
		return e;
	if ((e = store_begin(st, STORE_READ, &tx, eb))) {
		workcal_put(ref);
		return e;
	}
	ds_scope_query(u, &q, s1, s2);
	json_t *by = json_object(), *queues = json_object();
	if (!(e = store_dossier_counts(tx, &q, counts, eb)))
		for (int s = 1; s <= 10; s++) {
			char k[12];
			snprintf(k, sizeof(k), "%d", s);
			json_object_set_new(by, k, json_integer(counts[s]));
		}
	for (int i = 0; !e && i < DQ__MAX; i++) {
		struct store_dossier_query qq = {0};
		int64_t total = 0;
		ds_scope_query(u, &qq, s1, s2);
		queue_query((enum dossier_queue)i, u, cal, now, &qq);
		unsigned mask = qq.status_mask;
		qq.status_mask = 0;
		if (!(e = store_dossier_counts(tx, &qq, counts, eb)))
			for (int s = 1; s <= 10; s++)
				if (!mask || (mask & (1u << s)))
					total += counts[s];
		json_object_set_new(queues, qnames[i], json_integer(total));
	}
	store_rollback(tx);
	workcal_put(ref);
	if (e) {
		json_decref(by);
		json_decref(queues);
		return e;
	}
	*out = json_pack("{s:o,s:o}", "by_status", by, "queues", queues);
	return ERR_OK;
}

enum err dossier_lookup(struct store *st, const char *code, const char *id_number, json_t **out,
			struct errbuf *eb)
{
	struct stx *tx = NULL;
	struct store_dossier_row row = {0};
	enum err e = store_begin(st, STORE_READ, &tx, eb);
	char name[256];
	*out = NULL;
	if (e)
		return e;
	e = store_dossier_get(tx, code, &row, eb);
	store_rollback(tx);
	if (e) {
		store_dossier_row_release(&row);
		return e;
	}
	json_t *d = json_loads(row.doc, 0, NULL);
	if (!d) {
		store_dossier_row_release(&row);
		return err_set(eb, ERR_STORE, NULL, "stored dossier unreadable");
	}
	mask_name(ds_str(json_object_get(d, "applicant"), "name"), name, sizeof(name));
	json_t *o = json_pack("{s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:O?,s:s}", "code",
			      json_object_get(d, "code"), "procedure",
			      json_object_get(json_object_get(d, "procedure"), "name"), "procedure_code",
			      json_object_get(json_object_get(d, "procedure"), "code"), "agency",
			      json_object_get(d, "agency"), "status", json_object_get(d, "status"),
			      "status_name", json_object_get(d, "status_name"), "received_at",
			      json_object_get(d, "received_at"), "due_at", json_object_get(d, "due_at"),
			      "returned_at", json_object_get(d, "returned_at"), "applicant", name);
	/* the applicant's own ID number unlocks the steps; compare in
	 * constant time so the answer's timing tells nothing */
	int unlocked = 0;
	if (id_number && row.applicant_id && strlen(id_number) == strlen(row.applicant_id)) {
		unsigned char diff = 0;
		for (size_t i = 0; id_number[i]; i++)
			diff |= (unsigned char)(id_number[i] ^ row.applicant_id[i]);
		unlocked = diff == 0;
	}
	json_object_set_new(o, "steps_unlocked", json_boolean(unlocked));
	if (unlocked) {
		json_t *steps = json_array(), *s;
		size_t i;
		json_array_foreach(json_object_get(d, "steps"), i, s)
			json_array_append_new(steps, json_pack("{s:O?,s:O?,s:O?,s:O?,s:O?}", "name",
							       json_object_get(s, "name"), "started_at",
							       json_object_get(s, "started_at"), "due_at",
							       json_object_get(s, "due_at"), "finished_at",
							       json_object_get(s, "finished_at"), "timeliness",
							       json_object_get(s, "timeliness")));
		json_object_set_new(o, "steps", steps);
		json_object_set(o, "supplements", json_object_get(d, "supplements"));
		json_object_set(o, "apology", json_object_get(d, "apology"));
	}
	json_decref(d);
	store_dossier_row_release(&row);
	*out = o;
	return ERR_OK;
}

/* The name of an agency, or NULL; borrowed from the cache array. */
static json_t *agency_doc(struct stx *tx, const char *code)
{
	char *text = NULL;
	if (!code || store_agency_get(tx, code, &text, NULL) != ERR_OK)
		return NULL;
	json_t *a = json_loads(text, 0, NULL);
	free(text);
	return a;
}

enum err dossier_form_model(struct store *st, const struct account_user *u, const char *code,
			    const char *public_url, json_t **out, struct errbuf *eb)
{
	json_t *doc = NULL;
	struct stx *tx = NULL;
	enum err e = dossier_get(st, u, code, &doc, eb);
	*out = NULL;
	if (e)
		return e;
	if ((e = store_begin(st, STORE_READ, &tx, eb))) {
		json_decref(doc);
		return e;
	}
	const char *ag = ds_str(doc, "agency");
	json_t *a = agency_doc(tx, ag), *parent = a ? agency_doc(tx, ds_str(a, "parent")) : NULL;
	/* the province (level 1) gives the place name on the date line */
	char prov[16];
	snprintf(prov, sizeof(prov), "000.00.00.%.3s", ag + 10);
	json_t *province = agency_doc(tx, prov);
	json_t *first = json_array_get(json_object_get(json_object_get(doc, "procedure"), "steps"), 0);
	json_t *desk = agency_doc(tx, ds_str(first, "unit"));
	store_rollback(tx);
	const char *pname = province ? ds_str(province, "name") : NULL, *place = pname;
	static const char *const prefixes[] = {"Ủy ban nhân dân tỉnh ", "Ủy ban nhân dân thành phố ",
					       "UBND tỉnh ", "UBND thành phố "};
	for (size_t i = 0; place && i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(place, prefixes[i], strlen(prefixes[i])))
			place = place + strlen(prefixes[i]);
	char url[600];
	snprintf(url, sizeof(url), "%s/tra-cuu/%s", public_url, code);
	json_t *agency = json_pack("{s:s,s:s?,s:s?,s:s?,s:s?}", "code", ag, "name", a ? ds_str(a, "name") : NULL,
				   "parent_name", parent ? ds_str(parent, "name") : NULL, "desk_name",
				   desk ? ds_str(desk, "name") : NULL, "place", place);
	*out = json_pack("{s:O,s:s,s:o,s:o}", "rule_set", json_object_get(doc, "rule_set"), "lookup_url",
			 url, "agency", agency, "dossier", doc);
	json_decref(a);
	json_decref(parent);
	json_decref(province);
	json_decref(desk);
	return ERR_OK;
}
