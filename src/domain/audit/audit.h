/*
 * audit.h - the tamper-evident audit log (R-DS-12).
 *
 * Every change to business data is recorded in the same store transaction
 * as the change itself: who (user, roles, agency), what (action, object),
 * a before/after summary, when, the request id and the client address.
 * Rows are chained: hash = SHA-256(previous hash || canonical row), so
 * altering, inserting or deleting any row in the database file breaks the
 * chain at that row, which audit_verify() reports.
 */
#ifndef MOTCUA_DOMAIN_AUDIT_AUDIT_H
#define MOTCUA_DOMAIN_AUDIT_AUDIT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"

struct store;
struct stx;

/* Who is acting, as the audit log records it. Borrowed strings; NULL
 * fields are recorded as "". */
struct actor {
	const char *username; /* "cli:<user>" for the command line */
	const char *roles;    /* comma-separated */
	const char *agency;
	const char *request_id;
	const char *ip;
};

/* An actor for the command line: username "cli", role "system". */
extern const struct actor audit_cli_actor;

/* Append one row inside tx (a write transaction). before/after may be
 * NULL; they are stored as {"before":..., "after":...} with sorted keys. */
enum err audit_record(struct stx *tx, const struct actor *who, const char *action,
		      const char *object, json_t *before, json_t *after, struct errbuf *eb);

/* Recompute the whole chain. *rows gets the number of rows checked;
 * *first_bad the id of the first row whose hash or link is wrong (0 when
 * the chain is intact). */
enum err audit_verify(struct store *st, int64_t *rows, int64_t *first_bad, struct errbuf *eb);

/* Rows about one object (or all, object NULL) as a JSON array, oldest
 * first, after after_id, at most limit. */
enum err audit_list(struct store *st, const char *object, int64_t after_id, long limit,
		    json_t **out, struct errbuf *eb);

#endif
