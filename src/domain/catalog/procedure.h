/*
 * procedure.h - the catalogue of administrative procedures (TTHC, R-PR):
 * validation of a procedure document, the folded text it is searched by,
 * and the relevance ranking of search hits. No I/O: the API layer reads
 * and writes through the store.
 */
#ifndef MOTCUA_DOMAIN_CATALOG_PROCEDURE_H
#define MOTCUA_DOMAIN_CATALOG_PROCEDURE_H

#include <jansson.h>

#include "core/err.h"

#define PROCEDURE_CODE_MAX 40
#define SEARCH_TOKENS_MAX 8

/* 1 if code looks like a national TTHC code: digits "." six digits, then
 * optional dot-separated upper-case/digit parts (1.004616.000.00.00.H56). */
int procedure_code_valid(const char *code);

/* Validate a procedure document (R-PR-1..5). On success *out is a new
 * canonical document (caller json_decref()s it) holding every component
 * with defaults filled in; version/status are NOT set here (the caller
 * decides them from the history). Errors: ERR_INVALID for malformed input,
 * ERR_RULE (422) for well-formed input that breaks a rule, e.g. step hours
 * that do not add up to the time limit; eb->field names the field. */
enum err procedure_validate(json_t *in, json_t **out, struct errbuf *eb);

/* The folded search text of a canonical document: name, field and code,
 * separated by " | ". Caller frees. */
char *procedure_search_text(json_t *doc);

/* A parsed search query. */
struct proc_query {
	char *folded;                          /* the whole query, folded */
	char *tokens[SEARCH_TOKENS_MAX];       /* its distinct words */
	int ntokens;
	char raw_code[PROCEDURE_CODE_MAX + 1]; /* the query as typed, if it could be a code */
};

/* Parse q (UTF-8). ERR_INVALID if it is not valid UTF-8 or too long. */
enum err proc_query_parse(const char *q, struct proc_query *pq, struct errbuf *eb);
void proc_query_release(struct proc_query *pq);

/* Relevance of one hit (higher is better; 0 = no match): an exact code
 * match first, then words matched in the name as whole words, as word
 * prefixes, as substrings, then the phrase in the name, then matches in the
 * field or code. search_text is the stored folded text. */
double proc_rank(const struct proc_query *pq, const char *code, const char *search_text);

#endif
