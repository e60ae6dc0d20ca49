/*
 * catalog.h - the agencies and the procedure catalogue as a service: each
 * function validates input with agency.h / procedure.h, opens one store
 * transaction, checks references (parent agencies, implementing agency)
 * and writes. The JSON API, the command line (import, seed-demo) and the
 * web pages all go through here, so the rules hold on every path.
 *
 * Every write is recorded in the audit log (domain/audit) in the same
 * transaction, attributed to `who`.
 *
 * Results are new json_t references the caller releases.
 */
#ifndef MOTCUA_DOMAIN_CATALOG_CATALOG_H
#define MOTCUA_DOMAIN_CATALOG_CATALOG_H

#include <jansson.h>

#include "core/err.h"

struct store;
struct actor;

/* Create an agency (update_code NULL) or patch the agency update_code. */
enum err catalog_agency_save(struct store *st, const struct actor *who, json_t *in,
			     const char *update_code, json_t **out, struct errbuf *eb);
enum err catalog_agency_get(struct store *st, const char *code, json_t **out, struct errbuf *eb);
/* All agencies as a forest: each node has "children": [...]. With flat=1
 * a plain list ordered by code. */
enum err catalog_agency_list(struct store *st, int flat, json_t **out, struct errbuf *eb);
/* Import an array of agencies, parents before children or in any order
 * (they are sorted by level); existing codes are updated. */
enum err catalog_agency_import(struct store *st, const struct actor *who, json_t *arr, int *created,
			       int *updated, struct errbuf *eb);

/* Save a procedure: mode CATALOG_CREATE (POST: the code must be new),
 * CATALOG_NEW_VERSION (PUT: the code must exist; path_code must equal the
 * body's code when both are given). The stored document gets "version",
 * "status" and "change". An input "status": "abolished" abolishes. */
enum catalog_mode {
	CATALOG_CREATE,      /* POST: the code must be new */
	CATALOG_NEW_VERSION, /* PUT: the code must exist */
	CATALOG_ANY,         /* import: either */
};
enum err catalog_procedure_save(struct store *st, const struct actor *who, json_t *in,
				enum catalog_mode mode, const char *path_code, json_t **out,
				struct errbuf *eb);
/* One procedure (version 0 = current). */
enum err catalog_procedure_get(struct store *st, const char *code, int version, json_t **out,
			       struct errbuf *eb);
/* The stored JSON text of one procedure (version 0 = current), without
 * parsing it: the fast path of GET /api/v1/procedures/{code}. */
enum err catalog_procedure_get_text(struct store *st, const char *code, int version, char **out,
				    struct errbuf *eb);
/* {"code", "versions": [{"version","change","status","name","effective_from",
 *  "decision": {"number","date"}, "recorded_at"}]} */
enum err catalog_procedure_history(struct store *st, const char *code, json_t **out,
				   struct errbuf *eb);
/* Import an array of procedures in one transaction: all or nothing. A
 * record equal to the current version is left as it is (idempotent);
 * otherwise it becomes a new version. On failure eb->field starts with the
 * record's index, e.g. "[3].steps". */
enum err catalog_procedure_import(struct store *st, const struct actor *who, json_t *arr,
				  int *added, int *unchanged, struct errbuf *eb);

/* The fields (lĩnh vực) of the published catalogue: an array of strings. */
enum err catalog_fields(struct store *st, json_t **out, struct errbuf *eb);

struct catalog_search {
	const char *q;      /* may be NULL or empty: list all */
	const char *agency;
	const char *field;
	const char *online;
	long limit, offset;
	long *total; /* when not NULL, gets the number of matches (all pages) */
};
/* Ranked search of current procedures. *items gets the text of a JSON
 * array (malloc'd; caller frees) of summaries {code, name, name_en, field,
 * agency, unit, online, time_limit, status, version, fees_total, score};
 * *more says whether a next page exists. */
enum err catalog_procedure_search(struct store *st, const struct catalog_search *s,
				  char **items, int *more, struct errbuf *eb);

#endif
