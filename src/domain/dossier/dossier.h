/*
 * dossier.h - dossiers (hồ sơ) from intake to the returned result: the
 * service the API and the pages call (R-DS-1..13, R-DL-3..8).
 *
 * Every change goes through one write transaction that stores the new
 * state, appends an event to the dossier's history, a hash-chained audit
 * row and any outbox messages (notifications) - all or nothing. Statuses
 * change only through the transition table in machine.h.
 *
 * Access: officials see the dossiers of their department (their agency's
 * level-2 root and its units; province-level officials the whole
 * province), inspectors every dossier (read-only), citizens their own.
 * A dossier outside one's scope is ERR_NOTFOUND, never ERR_FORBIDDEN, so
 * codes cannot be probed.
 *
 * `now` is passed in (Unix seconds) so that tests and imports can place
 * events in time; the API passes the clock.
 */
#ifndef MOTCUA_DOMAIN_DOSSIER_DOSSIER_H
#define MOTCUA_DOMAIN_DOSSIER_DOSSIER_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/account/account.h"

struct store;
struct actor;

/* File a dossier: online by a citizen (status 1), or at the desk by an
 * officer (status 1, or 2 with "receive": true). Body per API.md. */
enum err dossier_create(struct store *st, const struct account_user *u, const struct actor *who,
			json_t *in, int64_t now, json_t **out, struct errbuf *eb);

/* Take an action (API.md names) with its JSON body. ERR_STATE-like
 * refusals are ERR_CONFLICT with the allowed actions in the message. */
enum err dossier_act(struct store *st, const struct account_user *u, const struct actor *who,
		     const char *code, const char *action, json_t *in, int64_t now, json_t **out,
		     struct errbuf *eb);

/* One dossier with its history ("events") and the actions the user may
 * take now ("allowed_actions"). */
enum err dossier_get(struct store *st, const struct account_user *u, const char *code,
		     json_t **out, struct errbuf *eb);

/* Queues and filters of the officers' workspace. */
enum dossier_queue {
	DQ_ALL,
	DQ_MINE,      /* the current step is mine */
	DQ_RECEPTION, /* filed online, waiting for the desk */
	DQ_DUE_TODAY, /* in progress, due before the end of today */
	DQ_DUE_SOON,  /* in progress, due within 2 working days */
	DQ_OVERDUE,   /* in progress, past the due time */
	DQ_PAUSED,    /* waiting for papers or fees */
	DQ__MAX
};
struct dossier_filter {
	enum dossier_queue queue;
	unsigned status_mask;
	const char *procedure;
	const char *q; /* free text: code, applicant, procedure (folded) */
	int64_t due_before;
	long limit, offset;
};
enum err dossier_queue_parse(const char *s, enum dossier_queue *out);
enum err dossier_list(struct store *st, const struct account_user *u, const struct dossier_filter *f,
		      int64_t now, json_t **items, int *more, struct errbuf *eb);
/* {"by_status": {"1": n, ...}, "queues": {"mine": n, "reception": n, ...}} */
enum err dossier_counts(struct store *st, const struct account_user *u, int64_t now, json_t **out,
			struct errbuf *eb);

/* The public lookup: status, due time, masked applicant; with the
 * applicant's ID number, the step list too. */
enum err dossier_lookup(struct store *st, const char *code, const char *id_number, json_t **out,
			struct errbuf *eb);

/* Attach an uploaded file to a component of a dossier in u's scope (desk
 * or specialist): {"code", "file_id", "kind"?, "metadata"?: {document_type,
 * number, issuer, issue_date, valid_until, owner_id}} (R-DG-1). The file
 * must be u's own upload or already attached in scope; the dossier's files
 * may not exceed dossier_max_bytes (ERR_LIMIT). */
enum err dossier_attach_document(struct store *st, const struct account_user *u,
				 const struct actor *who, const char *code, json_t *in,
				 int64_t dossier_max_bytes, int64_t now, json_t **out,
				 struct errbuf *eb);
/* The citizen's reusable documents and results (R-DG-2): digitized
 * components and electronic results of their dossiers that are still
 * valid on `now`'s date. */
enum err dossier_citizen_documents(struct store *st, const struct account_user *u, int64_t now,
				   json_t **out, struct errbuf *eb);

/* The tracking book (Form 06): dossiers in u's scope (of agency, when
 * given) received in [from, to), oldest first; at most 5000 rows. */
enum err dossier_tracking_book(struct store *st, const struct account_user *u, const char *agency,
			       int64_t from, int64_t to, json_t **rows, struct errbuf *eb);

/* R-DL-8: recompute the due times of open dossiers (of agency, or all
 * when NULL) after their calendar changed. *changed counts them. */
enum err dossier_recompute_due(struct store *st, const struct actor *who, const char *agency,
			       int64_t now, int *changed, struct errbuf *eb);

/* Deadline alerts: mark dossiers in progress that are due within 2
 * working days (level 1) or overdue (level 2), once per level, with an
 * event and an outbox notification for the officers. *sent counts them. */
enum err dossier_alerts_run(struct store *st, int64_t now, int *sent, struct errbuf *eb);

/* The model of the official forms (domain/forms) for a dossier in u's
 * scope: {rule_set, lookup_url, agency: {code, name, parent_name,
 * desk_name, place}, dossier}. public_url is the portal's base URL. */
enum err dossier_form_model(struct store *st, const struct account_user *u, const char *code,
			    const char *public_url, json_t **out, struct errbuf *eb);

/* Mask personal data for public answers and logs: "0912***678". */
void mask_digits(const char *s, char *out, size_t sz);
/* "Nguyễn Văn An" -> "Nguyễn V*** A*". */
void mask_name(const char *s, char *out, size_t sz);
/* "an.nguyen@example.vn" -> "a***@example.vn". */
void mask_email(const char *s, char *out, size_t sz);

#endif
