/*
 * procedure.c - see procedure.h.
 */
#include "domain/catalog/procedure.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fold.h"
#include "domain/catalog/agency.h"
#include "domain/jsonv.h"

static const char *const ONLINE[] = {"full", "partial", "none", NULL};
static const char *const UNITS[] = {"working_days", "days", "hours", "months", "same_day", "none", NULL};
static const char *const LEVELS[] = {"central", "province", "district", "commune", NULL};
static const char *const STEP_ROLES[] = {"desk", "specialist", "unit_leader", "agency_leader",
					 "clerk", "system", NULL};

int procedure_code_valid(const char *code)
{
	size_t n = strlen(code), i = 0;
	if (n == 0 || n > PROCEDURE_CODE_MAX)
		return 0;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i == 0 || code[i] != '.')
		return 0;
	size_t j = ++i;
	while (i < n && isdigit((unsigned char)code[i]))
		i++;
	if (i - j != 6)
		return 0;
	while (i < n) {
		if (code[i] != '.')
			return 0;
		j = ++i;
		while (i < n && (isupper((unsigned char)code[i]) || isdigit((unsigned char)code[i])))
			i++;
		if (i == j)
			return 0;
	}
	return 1;
}

static enum err check_documents(json_t *docs, json_t *out, struct errbuf *eb)
{
	static const char *const keys[] = {"code", "name", "original", "certified_copy",
					   "photocopy", "required", "note", NULL};
	size_t i;
	json_t *d;
	enum err e;
	json_t *arr = json_array();
	json_object_set_new(out, "documents", arr);
	json_array_foreach(docs, i, d) {
		char pre[40];
		const char *code, *name, *note;
		long long o, c, p;
		int req;
		snprintf(pre, sizeof(pre), "documents[%zu].", i);
		if (!json_is_object(d))
			return err_set(eb, ERR_INVALID, "documents", "documents[%zu] must be an object", i);
		if ((e = jv_only(d, pre, keys, eb)) || (e = jv_str(d, pre, "code", 1, 32, &code, eb)) ||
		    (e = jv_str(d, pre, "name", 1, 1000, &name, eb)) ||
		    (e = jv_int(d, pre, "original", 0, 0, 99, 0, &o, eb)) ||
		    (e = jv_int(d, pre, "certified_copy", 0, 0, 99, 0, &c, eb)) ||
		    (e = jv_int(d, pre, "photocopy", 0, 0, 99, 0, &p, eb)) ||
		    (e = jv_bool(d, pre, "required", 1, &req, eb)) ||
		    (e = jv_str(d, pre, "note", 0, 1000, &note, eb)))
			return e;
		for (size_t k = 0; k < i; k++)
			if (!strcmp(json_string_value(json_object_get(json_array_get(arr, k), "code")), code)) {
				char f[48];
				snprintf(f, sizeof(f), "documents[%zu].code", i);
				return err_set(eb, ERR_RULE, f, "document code %s appears twice", code);
			}
		json_t *x = json_pack("{s:s,s:s,s:I,s:I,s:I,s:b}", "code", code, "name", name,
				      "original", o, "certified_copy", c, "photocopy", p, "required", req);
		if (note)
			json_object_set_new(x, "note", json_string(note));
		json_array_append_new(arr, x);
	}
	return ERR_OK;
}

static enum err check_fees(json_t *fees, json_t *out, struct errbuf *eb)
{
	static const char *const keys[] = {"code", "name", "amount", "payer", "note", NULL};
	size_t i;
	json_t *f;
	enum err e;
	json_t *arr = json_array();
	json_object_set_new(out, "fees", arr);
	json_array_foreach(fees, i, f) {
		char pre[32];
		const char *code, *name, *payer, *note;
		long long amount;
		snprintf(pre, sizeof(pre), "fees[%zu].", i);
		if (!json_is_object(f))
			return err_set(eb, ERR_INVALID, "fees", "fees[%zu] must be an object", i);
		if ((e = jv_only(f, pre, keys, eb)) || (e = jv_str(f, pre, "code", 1, 32, &code, eb)) ||
		    (e = jv_str(f, pre, "name", 1, 500, &name, eb)) ||
		    (e = jv_int(f, pre, "amount", 1, 0, 100000000000LL, 0, &amount, eb)) ||
		    (e = jv_str(f, pre, "payer", 0, 200, &payer, eb)) ||
		    (e = jv_str(f, pre, "note", 0, 1000, &note, eb)))
			return e;
		json_t *x = json_pack("{s:s,s:s,s:I}", "code", code, "name", name, "amount", amount);
		if (payer)
			json_object_set_new(x, "payer", json_string(payer));
		if (note)
			json_object_set_new(x, "note", json_string(note));
		json_array_append_new(arr, x);
	}
	return ERR_OK;
}

static enum err check_steps(json_t *steps, json_t *out, double *total, struct errbuf *eb)
{
	static const char *const keys[] = {"name", "role", "unit", "hours", NULL};
	size_t i;
	json_t *s;
	enum err e;
	json_t *arr = json_array();
	*total = 0;
	json_object_set_new(out, "steps", arr);
	json_array_foreach(steps, i, s) {
		char pre[32];
		const char *name, *role, *unit;
		double hours;
		snprintf(pre, sizeof(pre), "steps[%zu].", i);
		if (!json_is_object(s))
			return err_set(eb, ERR_INVALID, "steps", "steps[%zu] must be an object", i);
		if ((e = jv_only(s, pre, keys, eb)) || (e = jv_str(s, pre, "name", 1, 500, &name, eb)) ||
		    (e = jv_enum(s, pre, "role", 1, STEP_ROLES, &role, eb)) ||
		    (e = jv_str(s, pre, "unit", 0, AGENCY_CODE_MAX, &unit, eb)) ||
		    (e = jv_num(s, pre, "hours", 1, 0.25, 100000, 0, &hours, eb)))
			return e;
		if (unit && !agency_code_valid(unit)) {
			char f[40];
			snprintf(f, sizeof(f), "steps[%zu].unit", i);
			return err_setc(eb, ERR_INVALID, "invalid_agency_code", f,
					"%s '%s' is not an agency code like 000.01.12.H50", f, unit);
		}
		json_t *x = json_pack("{s:s,s:s,s:o,s:f}", "name", name, "role", role, "unit",
				      unit ? json_string(unit) : json_null(), "hours", hours);
		json_array_append_new(arr, x);
		*total += hours;
	}
	return ERR_OK;
}

/* Copy an array of objects with the given string keys (results, legal
 * bases), requiring `required_key`. */
static enum err check_list(json_t *in, const char *name, const char *const *keys,
			   const char *required_key, json_t *out, struct errbuf *eb)
{
	size_t i;
	json_t *it;
	enum err e;
	json_t *arr = json_array();
	json_object_set_new(out, name, arr);
	json_array_foreach(in, i, it) {
		char pre[48];
		snprintf(pre, sizeof(pre), "%s[%zu].", name, i);
		if (json_is_string(it)) { /* a bare name is accepted */
			json_array_append_new(arr, json_pack("{s:O}", required_key, it));
			continue;
		}
		if (!json_is_object(it))
			return err_set(eb, ERR_INVALID, name, "%s[%zu] must be an object", name, i);
		if ((e = jv_only(it, pre, keys, eb)))
			return e;
		const char *v;
		if ((e = jv_str(it, pre, required_key, 1, 1000, &v, eb)))
			return e;
		json_t *x = json_object();
		for (const char *const *k = keys; *k; k++) {
			json_t *m = json_object_get(it, *k);
			if (!m || json_is_null(m))
				continue;
			if (!json_is_string(m) && !json_is_boolean(m)) {
				char f[64];
				snprintf(f, sizeof(f), "%s%s", pre, *k);
				json_decref(x);
				return err_set(eb, ERR_INVALID, f, "%s must be a string", f);
			}
			json_object_set(x, *k, m);
		}
		json_array_append_new(arr, x);
	}
	return ERR_OK;
}

enum err procedure_validate(json_t *in, json_t **out, struct errbuf *eb)
{
	static const char *const keys[] = {
		"code", "name", "name_en", "field", "level", "agency", "unit", "online",
		"time_limit", "subjects", "method", "documents", "fees", "steps", "results",
		"legal_bases", "status", "version", "effective_from", "decision", "demo",
		"requirements", "change", NULL}; /* version and change: the server's, ignored */
	static const char *const tl_keys[] = {"value", "unit", "online_value", "note", NULL};
	static const char *const dec_keys[] = {"number", "date", NULL};
	static const char *const res_keys[] = {"name", "electronic", NULL};
	static const char *const lb_keys[] = {"number", "date", "title", NULL};
	enum err e;
	json_t *o = json_object();
	const char *code, *name, *name_en, *field, *level, *agency, *unit, *online, *subjects,
		*method, *eff, *req;
	json_t *tl, *docs, *fees, *steps, *results, *lbs, *dec;
	int demo;
	*out = NULL;
	if (!json_is_object(in)) {
		e = err_set(eb, ERR_INVALID, "", "a procedure must be a JSON object");
		goto fail;
	}
	if ((e = jv_only(in, "", keys, eb)) || (e = jv_str(in, "", "code", 1, PROCEDURE_CODE_MAX, &code, eb)))
		goto fail;
	if (!procedure_code_valid(code)) {
		e = err_setc(eb, ERR_INVALID, "invalid_procedure_code", "code",
			     "code '%s' is not a procedure code like 1.004616.000.00.00.H50", code);
		goto fail;
	}
	if ((e = jv_str(in, "", "name", 1, 1000, &name, eb)) ||
	    (e = jv_str(in, "", "name_en", 0, 1000, &name_en, eb)) ||
	    (e = jv_str(in, "", "field", 1, 300, &field, eb)) ||
	    (e = jv_enum(in, "", "level", 0, LEVELS, &level, eb)) ||
	    (e = jv_str(in, "", "agency", 1, AGENCY_CODE_MAX, &agency, eb)) ||
	    (e = jv_str(in, "", "unit", 0, AGENCY_CODE_MAX, &unit, eb)) ||
	    (e = jv_enum(in, "", "online", 1, ONLINE, &online, eb)) ||
	    (e = jv_str(in, "", "subjects", 0, 4000, &subjects, eb)) ||
	    (e = jv_str(in, "", "method", 0, 4000, &method, eb)) ||
	    (e = jv_str(in, "", "requirements", 0, 4000, &req, eb)) ||
	    (e = jv_date(in, "", "effective_from", 0, &eff, eb)) ||
	    (e = jv_bool(in, "", "demo", 0, &demo, eb)) ||
	    (e = jv_array(in, "", "documents", 0, 100, &docs, eb)) ||
	    (e = jv_array(in, "", "fees", 0, 50, &fees, eb)) ||
	    (e = jv_array(in, "", "steps", 0, 30, &steps, eb)) ||
	    (e = jv_array(in, "", "results", 0, 50, &results, eb)) ||
	    (e = jv_array(in, "", "legal_bases", 0, 100, &lbs, eb)))
		goto fail;
	if (!agency_code_valid(agency)) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "agency",
			     "agency '%s' is not an agency code like 000.00.12.H50", agency);
		goto fail;
	}
	if (unit && !agency_code_valid(unit)) {
		e = err_setc(eb, ERR_INVALID, "invalid_agency_code", "unit",
			     "unit '%s' is not an agency code like 000.01.12.H50", unit);
		goto fail;
	}
	json_object_set_new(o, "code", json_string(code));
	json_object_set_new(o, "name", json_string(name));
	if (name_en)
		json_object_set_new(o, "name_en", json_string(name_en));
	json_object_set_new(o, "field", json_string(field));
	json_object_set_new(o, "level", json_string(level ? level : "province"));
	json_object_set_new(o, "agency", json_string(agency));
	json_object_set_new(o, "unit", unit ? json_string(unit) : json_null());
	json_object_set_new(o, "online", json_string(online));

	/* time limit (R-PR-2) */
	tl = json_object_get(in, "time_limit");
	if (!json_is_object(tl)) {
		e = tl ? err_set(eb, ERR_INVALID, "time_limit", "time_limit must be an object {value, unit}")
		       : err_setc(eb, ERR_INVALID, "missing_field", "time_limit", "time_limit is required");
		goto fail;
	}
	const char *tunit, *tnote;
	double tval, tonline;
	if ((e = jv_only(tl, "time_limit.", tl_keys, eb)) ||
	    (e = jv_enum(tl, "time_limit.", "unit", 1, UNITS, &tunit, eb)) ||
	    (e = jv_num(tl, "time_limit.", "value", strcmp(tunit, "same_day") && strcmp(tunit, "none"),
			0, 3650, 0, &tval, eb)) ||
	    (e = jv_num(tl, "time_limit.", "online_value", 0, 0, 3650, -1, &tonline, eb)) ||
	    (e = jv_str(tl, "time_limit.", "note", 0, 1000, &tnote, eb)))
		goto fail;
	if (!strcmp(tunit, "same_day"))
		tval = 1;
	if (tonline > tval) {
		e = err_set(eb, ERR_RULE, "time_limit.online_value",
			    "the online time limit cannot be longer than the time limit");
		goto fail;
	}
	json_t *tlo = json_object();
	json_object_set_new(tlo, "value", tval == floor(tval) ? json_integer((json_int_t)tval) : json_real(tval));
	json_object_set_new(tlo, "unit", json_string(tunit));
	json_object_set_new(tlo, "online_value",
			    tonline < 0 ? json_null()
					: (tonline == floor(tonline) ? json_integer((json_int_t)tonline)
								     : json_real(tonline)));
	if (tnote)
		json_object_set_new(tlo, "note", json_string(tnote));
	json_object_set_new(o, "time_limit", tlo);
	json_object_set_new(o, "subjects", subjects ? json_string(subjects) : json_null());
	json_object_set_new(o, "method", method ? json_string(method) : json_null());
	if (req)
		json_object_set_new(o, "requirements", json_string(req));

	double total = 0;
	if ((docs && (e = check_documents(docs, o, eb))) || (fees && (e = check_fees(fees, o, eb))) ||
	    (steps && (e = check_steps(steps, o, &total, eb))) ||
	    (results && (e = check_list(results, "results", res_keys, "name", o, eb))) ||
	    (lbs && (e = check_list(lbs, "legal_bases", lb_keys, "number", o, eb))))
		goto fail;
	if (!docs)
		json_object_set_new(o, "documents", json_array());
	if (!fees)
		json_object_set_new(o, "fees", json_array());
	if (!steps)
		json_object_set_new(o, "steps", json_array());
	if (!results)
		json_object_set_new(o, "results", json_array());
	if (!lbs)
		json_object_set_new(o, "legal_bases", json_array());

	/* R-PR-4: the steps' durations add up to the time limit */
	if (steps && json_array_size(steps) > 0) {
		double want = -1;
		if (!strcmp(tunit, "working_days"))
			want = tval * 8;
		else if (!strcmp(tunit, "hours"))
			want = tval;
		if (want >= 0 && fabs(total - want) > 1e-6) {
			e = err_setc(eb, ERR_RULE, "steps_hours_mismatch", "steps",
				     "the steps take %g working hours in all but the time limit is %g "
				     "%s = %g working hours",
				     total, tval, tunit, want);
			goto fail;
		}
		if (!strcmp(tunit, "same_day") && total > 8 + 1e-6) {
			e = err_setc(eb, ERR_RULE, "steps_hours_mismatch", "steps",
				     "a same-day procedure's steps cannot take more than 8 working hours (%g given)",
				     total);
			goto fail;
		}
	}
	json_object_set_new(o, "effective_from", eff ? json_string(eff) : json_null());
	dec = json_object_get(in, "decision");
	if (dec && !json_is_null(dec)) {
		const char *dn, *dd;
		if (!json_is_object(dec)) {
			e = err_set(eb, ERR_INVALID, "decision", "decision must be {number, date}");
			goto fail;
		}
		if ((e = jv_only(dec, "decision.", dec_keys, eb)) ||
		    (e = jv_str(dec, "decision.", "number", 1, 100, &dn, eb)) ||
		    (e = jv_date(dec, "decision.", "date", 0, &dd, eb)))
			goto fail;
		json_object_set_new(o, "decision",
				    json_pack("{s:s,s:o}", "number", dn, "date", dd ? json_string(dd) : json_null()));
	} else {
		json_object_set_new(o, "decision", json_null());
	}
	if (demo)
		json_object_set_new(o, "demo", json_true());
	*out = o;
	return ERR_OK;
fail:
	json_decref(o);
	return e;
}

char *procedure_search_text(json_t *doc)
{
	const char *name = json_string_value(json_object_get(doc, "name"));
	const char *field = json_string_value(json_object_get(doc, "field"));
	const char *code = json_string_value(json_object_get(doc, "code"));
	char *fn = fold_text(name, strlen(name)), *ff = fold_text(field, strlen(field)),
	     *fc = fold_text(code, strlen(code));
	char *out = NULL;
	if (fn && ff && fc) {
		size_t n = strlen(fn) + strlen(ff) + strlen(fc) + 8;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s | %s | %s", fn, ff, fc);
	}
	free(fn);
	free(ff);
	free(fc);
	return out;
}

enum err proc_query_parse(const char *q, struct proc_query *pq, struct errbuf *eb)
{
	memset(pq, 0, sizeof(*pq));
	size_t n = strlen(q);
	if (n > 500)
		return err_set(eb, ERR_INVALID, "q", "q is longer than 500 bytes");
	if (!utf8_valid(q, n))
		return err_set(eb, ERR_INVALID, "q", "q is not valid UTF-8");
	pq->folded = fold_text(q, n);
	if (!pq->folded)
		return err_set(eb, ERR_INVALID, "q", "q is not valid UTF-8");
	if (n <= PROCEDURE_CODE_MAX) {
		size_t i = 0;
		while (q[i] == ' ')
			i++;
		snprintf(pq->raw_code, sizeof(pq->raw_code), "%s", q + i);
	}
	const char *p = pq->folded;
	while (*p && pq->ntokens < SEARCH_TOKENS_MAX) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		int dup = 0;
		for (int i = 0; i < pq->ntokens; i++)
			if (strlen(pq->tokens[i]) == len && !strncmp(pq->tokens[i], p, len))
				dup = 1;
		if (len && !dup)
			pq->tokens[pq->ntokens++] = strndup(p, len);
		p += len;
		while (*p == ' ')
			p++;
	}
	return ERR_OK;
}

void proc_query_release(struct proc_query *pq)
{
	free(pq->folded);
	for (int i = 0; i < pq->ntokens; i++)
		free(pq->tokens[i]);
	memset(pq, 0, sizeof(*pq));
}

/* How well tok occurs in the first len bytes of s: 3 as a whole word, 2 as
 * a word prefix, 1 inside a word, 0 not at all. */
static int word_match(const char *s, size_t len, const char *tok)
{
	size_t tl = strlen(tok);
	int best = 0;
	for (size_t i = 0; i + tl <= len; i++) {
		if (memcmp(s + i, tok, tl) != 0)
			continue;
		int start = i == 0 || s[i - 1] == ' ';
		int end = i + tl == len || s[i + tl] == ' ';
		int m = start ? (end ? 3 : 2) : 1;
		if (m > best)
			best = m;
		if (best == 3)
			break;
	}
	return best;
}

double proc_rank(const struct proc_query *pq, const char *code, const char *search_text)
{
	double score = 0;
	if (pq->raw_code[0] && !strcasecmp(pq->raw_code, code))
		score += 1000;
	const char *bar = strstr(search_text, " | ");
	size_t name_len = bar ? (size_t)(bar - search_text) : strlen(search_text);
	size_t all_len = strlen(search_text);
	static const double name_pts[] = {0, 2, 6, 10};
	for (int i = 0; i < pq->ntokens; i++) {
		int m = word_match(search_text, name_len, pq->tokens[i]);
		if (m)
			score += name_pts[m];
		else if (word_match(search_text, all_len, pq->tokens[i]))
			score += 1;
		else
			return 0; /* every word must occur somewhere */
	}
	/* the words in the order typed, in the name */
	if (pq->ntokens > 1 && pq->folded[0]) {
		const char *hit = strstr(search_text, pq->folded);
		if (hit && (size_t)(hit - search_text) < name_len)
			score += 20;
	}
	/* among equals, prefer shorter names (more specific) */
	score += 1.0 / (1.0 + (double)name_len / 100.0);
	return score;
}
