/*
 * store.h - the one storage interface of motcua. The domain and API layers
 * see only this header: no SQL, no backend types. Backends: SQLite
 * (store/sqlite/, a file path) and, later, PostgreSQL (store/pg/, a
 * postgres:// URL) implement the same functions.
 *
 * Ownership: struct store is created by store_open() and freed by
 * store_close(); it is shared by all threads. A struct stx (transaction) is
 * used by one thread at a time, from store_begin() until store_commit() or
 * store_rollback(), both of which release it. Strings a store function
 * hands back are malloc'd and owned by the caller unless stated otherwise.
 *
 * Resources are stored as a canonical JSON document (validated by the
 * domain) plus the columns queries need (codes, names, folded search text).
 */
#ifndef MOTCUA_STORE_STORE_H
#define MOTCUA_STORE_STORE_H

#include <stdint.h>

#include "core/err.h"

struct store;
struct stx;

/* Open the store named by url: a file path (SQLite; created if absent) or
 * postgres://... . Does not migrate. */
enum err store_open(const char *url, struct store **out, struct errbuf *eb);
void store_close(struct store *st);
/* "sqlite" or "postgresql". */
const char *store_backend(const struct store *st);

/* Apply pending migrations in order; *applied gets how many. Refuses
 * (ERR_CONFLICT) a database whose schema is newer than this binary. */
enum err store_migrate(struct store *st, int *applied, struct errbuf *eb);
/* The schema version of the database and of this binary. */
enum err store_schema_version(struct store *st, int *db_version, int *binary_version,
			      struct errbuf *eb);

enum store_mode { STORE_READ, STORE_WRITE };

/* Start a transaction. STORE_WRITE transactions are serialised on SQLite. */
enum err store_begin(struct store *st, enum store_mode mode, struct stx **tx, struct errbuf *eb);
/* Commit and release tx. On failure the transaction is rolled back and
 * released all the same. */
enum err store_commit(struct stx *tx, struct errbuf *eb);
/* Roll back and release tx. NULL is allowed. */
void store_rollback(struct stx *tx);

/* ---- key/value metadata (settings that are data, e.g. "demo_seeded") ---- */
enum err store_meta_get(struct stx *tx, const char *key, char **value, struct errbuf *eb);
enum err store_meta_set(struct stx *tx, const char *key, const char *value, struct errbuf *eb);

/* ---- agencies (R-AG) ---- */
struct store_agency {
	const char *code;       /* dossier-code notation, primary key */
	const char *share_code; /* data-sharing notation, unique */
	const char *parent;     /* NULL for a root */
	const char *name;
	const char *doc;        /* canonical JSON of the whole agency */
};

/* Insert (create=1: ERR_CONFLICT if code or share_code exists) or update
 * (create=0: ERR_NOTFOUND if absent). */
enum err store_agency_put(struct stx *tx, const struct store_agency *a, int create,
			  struct errbuf *eb);
/* The JSON document of one agency; ERR_NOTFOUND if absent. */
enum err store_agency_get(struct stx *tx, const char *code, char **doc, struct errbuf *eb);
/* Call fn for every agency, ordered by code. fn returns non-zero to stop. */
enum err store_agency_each(struct stx *tx, int (*fn)(void *arg, const char *doc), void *arg,
			   struct errbuf *eb);

/* ---- procedures (R-PR) ---- */
struct store_procedure {
	const char *code;
	int version;
	const char *status;         /* active | amended | abolished */
	const char *change;         /* new | amended | abolished */
	const char *name;
	const char *field;
	const char *agency;
	const char *online;         /* full | partial | none */
	const char *effective_from; /* YYYY-MM-DD */
	const char *decision_number;
	const char *decision_date;
	const char *search_text;    /* folded code + name + field */
	const char *summary;        /* JSON object shown in search results */
	const char *doc;            /* canonical JSON of this version */
	int64_t recorded_at;
};

/* Store a new version of a procedure. The version must be exactly one more
 * than the latest stored (1 for a new code), else ERR_CONFLICT. The new
 * version becomes current; the previous current one is marked with
 * prev_status (e.g. "amended"), unless prev_status is NULL. */
enum err store_procedure_add_version(struct stx *tx, const struct store_procedure *p,
				     const char *prev_status, struct errbuf *eb);
/* The latest version number of code, 0 if there is none. */
enum err store_procedure_latest(struct stx *tx, const char *code, int *version, struct errbuf *eb);
/* The JSON of one version (0 = current); ERR_NOTFOUND if absent. */
enum err store_procedure_get(struct stx *tx, const char *code, int version, char **doc,
			     struct errbuf *eb);

struct store_procedure_query {
	const char *const *tokens; /* folded words that must all occur, may be empty */
	int ntokens;
	const char *agency;        /* NULL = any */
	const char *field;         /* exact field name; NULL = any */
	const char *online;        /* NULL = any */
	int include_abolished;
	int max_rows;              /* hard cap on rows handed to fn */
};

/* One candidate row of a search: the columns the ranking needs. Borrowed
 * for the duration of the callback only. */
struct store_procedure_hit {
	const char *code;
	const char *name;
	const char *search_text;
	const char *summary;
};

/* Call fn for current versions matching q (unranked, ordered by code). */
enum err store_procedure_search(struct stx *tx, const struct store_procedure_query *q,
				int (*fn)(void *arg, const struct store_procedure_hit *h),
				void *arg, struct errbuf *eb);
/* Call fn for every stored version of code, oldest first, with its history
 * columns. ERR_NOTFOUND if the code has no version. */
enum err store_procedure_history(struct stx *tx, const char *code,
				 int (*fn)(void *arg, const struct store_procedure *p), void *arg,
				 struct errbuf *eb);
/* Call fn with each distinct field of current, not abolished procedures,
 * in alphabetical order. */
enum err store_procedure_fields(struct stx *tx, int (*fn)(void *arg, const char *field), void *arg,
				struct errbuf *eb);
/* A trivial read, to tell whether the store answers (health checks). */
enum err store_ping(struct stx *tx, struct errbuf *eb);
/* Count current procedures (for metrics and health). */
enum err store_procedure_count(struct stx *tx, int64_t *n, struct errbuf *eb);

/* ---- users and sessions ---- */
struct store_user {
	int64_t id;
	const char *username;
	const char *name;
	const char *roles;  /* comma-separated role identifiers */
	const char *agency; /* NULL for citizens */
	const char *pwhash; /* argon2id string */
	int disabled;
};

enum err store_user_add(struct stx *tx, const struct store_user *u, int64_t *id,
			struct errbuf *eb);
/* Look a user up by username (id = 0) or id; fills u with malloc'd strings
 * released by store_user_release(). ERR_NOTFOUND if absent. */
enum err store_user_get(struct stx *tx, const char *username, int64_t id, struct store_user *u,
			struct errbuf *eb);
void store_user_release(struct store_user *u);
enum err store_user_set_password(struct stx *tx, int64_t id, const char *pwhash,
				 struct errbuf *eb);

/* Sessions are keyed by the SHA-256 (hex) of the opaque token. */
enum err store_session_add(struct stx *tx, const char *token_hash, int64_t user_id,
			   int64_t expires_at, struct errbuf *eb);
/* The user of a live session (expires_at > now), sliding its expiry to
 * new_expiry. ERR_NOTFOUND if absent or expired. */
enum err store_session_touch(struct stx *tx, const char *token_hash, int64_t now,
			     int64_t new_expiry, int64_t *user_id, struct errbuf *eb);
/* Read a live session without writing: its user and when it was last
 * used. ERR_AUTH if absent or expired. */
enum err store_session_get(struct stx *tx, const char *token_hash, int64_t now, int64_t *user_id,
			   int64_t *last_seen, struct errbuf *eb);
enum err store_session_delete(struct stx *tx, const char *token_hash, struct errbuf *eb);
/* Revoke every session of a user (password change). */
enum err store_session_delete_user(struct stx *tx, int64_t user_id, struct errbuf *eb);

/* Failed logins under key ("user:NAME" or "ip:ADDR") since `since`:
 * their count and the time of the oldest (0 when none). */
enum err store_login_failures(struct stx *tx, const char *key, int64_t since, int *count,
			      int64_t *oldest, struct errbuf *eb);
/* Record a failed login; rows older than `forget_before` are pruned. */
enum err store_login_failure_add(struct stx *tx, const char *key, int64_t at,
				 int64_t forget_before, struct errbuf *eb);
enum err store_login_failures_clear(struct stx *tx, const char *key, struct errbuf *eb);
/* Change a user's disabled flag. ERR_NOTFOUND if there is no such user. */
enum err store_user_set_disabled(struct stx *tx, int64_t id, int disabled, struct errbuf *eb);
/* Replace a user's name, roles and agency (NULL = none). ERR_NOTFOUND if
 * there is no such user; ERR_RULE naming "agency" if that agency does not
 * exist. */
enum err store_user_update(struct stx *tx, int64_t id, const char *name, const char *roles,
			   const char *agency, struct errbuf *eb);
/* Call fn for every user, by username. Strings are borrowed for the call. */
enum err store_user_each(struct stx *tx, int (*fn)(void *arg, const struct store_user *u), void *arg,
			 struct errbuf *eb);

/* ---- calendars (R-DL-1, R-DL-8): one JSON schedule per year and agency
 * ("" = the national calendar) ---- */
enum err store_calendar_put(struct stx *tx, int year, const char *agency, const char *doc,
			    struct errbuf *eb);
/* ERR_NOTFOUND when no schedule is stored for that year and agency. */
enum err store_calendar_get(struct stx *tx, int year, const char *agency, char **doc,
			    struct errbuf *eb);

/* Call fn with (year, doc) of every schedule stored for agency ("" = the
 * national calendar), by year. */
enum err store_calendar_each(struct stx *tx, const char *agency,
			     int (*fn)(void *arg, int year, const char *doc), void *arg,
			     struct errbuf *eb);

/* ---- dossiers (R-DS) ---- */
struct store_dossier {
	const char *code, *agency, *scope1, *scope2, *procedure;
	int channel, status;
	const char *rule_set;
	int64_t citizen_user; /* 0 = none */
	const char *handler, *step_role;
	const char *applicant_name, *applicant_id, *search_text;
	int64_t submitted_at, received_at, due_at, finished_at, returned_at; /* 0 = none */
	int alert;
	int64_t updated_at;
	const char *doc;
};

/* The next number of agency's dossiers on day ("YYMMDD", Vietnam time):
 * 1, 2, 3... in the writing transaction, so numbers are gap-free and
 * never reused even with concurrent intake on several servers. */
enum err store_dossier_next_seq(struct stx *tx, const char *agency, const char *day, int64_t *n,
				struct errbuf *eb);
enum err store_dossier_insert(struct stx *tx, const struct store_dossier *d, struct errbuf *eb);
/* Replace the state of an existing dossier (all columns and the doc). */
enum err store_dossier_update(struct stx *tx, const struct store_dossier *d, struct errbuf *eb);

/* What store_dossier_get hands back: malloc'd copies, released with
 * store_dossier_row_release(). */
struct store_dossier_row {
	char *doc, *agency, *scope1, *scope2, *handler, *applicant_id;
	int64_t citizen_user;
	int status;
};
enum err store_dossier_get(struct stx *tx, const char *code, struct store_dossier_row *out,
			   struct errbuf *eb);
void store_dossier_row_release(struct store_dossier_row *r);

/* Append to a dossier's history (R-DS-12): the table refuses updates. */
enum err store_dossier_event_add(struct stx *tx, const char *code, int64_t at, const char *action,
				 int from_status, int to_status, const char *actor,
				 const char *detail, struct errbuf *eb);
struct store_dossier_event {
	int64_t id, at;
	const char *action;
	int from_status, to_status;
	const char *actor, *detail;
};
enum err store_dossier_events(struct stx *tx, const char *code,
			      int (*fn)(void *arg, const struct store_dossier_event *ev), void *arg,
			      struct errbuf *eb);

struct store_dossier_query {
	/* scope: every non-NULL/non-zero one must hold */
	const char *scope1, *scope2;
	int64_t citizen_user;
	const char *handler;
	const char *step_role;
	unsigned status_mask;  /* bit (1 << status); 0 = any */
	const char *procedure;
	int64_t due_before;    /* due_at < this; 0 = any */
	int64_t due_after;     /* due_at >= this; 0 = any */
	const char *like;      /* LIKE pattern on the folded search text */
	long limit, offset;
};
/* Call fn with the JSON doc of each matching dossier, soonest due first. */
enum err store_dossier_list(struct stx *tx, const struct store_dossier_query *q,
			    int (*fn)(void *arg, const char *doc), void *arg, struct errbuf *eb);
/* counts[s] = matching dossiers in status s (1..10); status_mask ignored. */
enum err store_dossier_counts(struct stx *tx, const struct store_dossier_query *q,
			      int64_t counts[11], struct errbuf *eb);

/* Queue a message for a worker to deliver (at-least-once; the receiver is
 * idempotent by key). */
enum err store_outbox_add(struct stx *tx, const char *topic, const char *key, const char *payload,
			  int64_t now, struct errbuf *eb);

/* Set the alert level of a dossier (1 due soon, 2 overdue notified) in
 * its column and its document. */
enum err store_dossier_set_alert(struct stx *tx, const char *code, int alert, struct errbuf *eb);
/* Dossiers in progress (status 2 or 4) that need an alert: due before
 * soon_before with alert < 1, or due before now with alert < 2. */
struct store_alert_row {
	const char *code, *agency, *handler, *step_role;
	int64_t due_at;
	int alert;
};
enum err store_dossier_alerts(struct stx *tx, int64_t now, int64_t soon_before, long limit,
			      int (*fn)(void *arg, const struct store_alert_row *r), void *arg,
			      struct errbuf *eb);

/* ---- outbox delivery (workers) ---- */
struct store_outbox_row {
	int64_t id;
	const char *topic, *key, *payload;
	int attempts;
};
/* Claim up to limit due messages (next_at <= now, not done) for
 * lease_secs: their next_at moves to now + lease_secs so that no other
 * worker takes them meanwhile (on PostgreSQL with SKIP LOCKED). fn gets
 * each claimed row. */
enum err store_outbox_claim(struct stx *tx, int64_t now, long limit, int lease_secs,
			    int (*fn)(void *arg, const struct store_outbox_row *r), void *arg,
			    struct errbuf *eb);
enum err store_outbox_done(struct stx *tx, int64_t id, int64_t now, struct errbuf *eb);
/* Record a failed attempt; try again at next_at. */
enum err store_outbox_retry(struct stx *tx, int64_t id, int64_t next_at, const char *error,
			    struct errbuf *eb);
/* Queue depth: not yet delivered, of which failed at least once. */
enum err store_outbox_stats(struct stx *tx, int64_t *pending, int64_t *failing, int64_t *done,
			    struct errbuf *eb);

/* ---- files (R-DG) ---- */
struct store_file {
	const char *id, *sha256, *type, *name;
	int64_t size, owner, created_at;
};
/* Store a file: its blob (once per SHA-256) and its record. */
enum err store_file_add(struct stx *tx, const struct store_file *f, const void *data,
			struct errbuf *eb);
/* A file's record (strings malloc'd into *out, released with
 * store_file_release) and, when data is not NULL, its bytes (malloc'd). */
struct store_file_row {
	char *id, *sha256, *type, *name;
	int64_t size, owner, created_at;
};
enum err store_file_get(struct stx *tx, const char *id, struct store_file_row *out, void **data,
			struct errbuf *eb);
void store_file_release(struct store_file_row *r);
enum err store_file_link(struct stx *tx, const char *file_id, const char *dossier,
			 struct errbuf *eb);
/* Call fn with each dossier code the file is attached to. */
enum err store_file_dossiers(struct stx *tx, const char *file_id,
			     int (*fn)(void *arg, const char *dossier), void *arg, struct errbuf *eb);
/* Total bytes of the files attached to a dossier (for the per-dossier cap). */
enum err store_dossier_file_bytes(struct stx *tx, const char *dossier, int64_t *bytes,
				  struct errbuf *eb);

/* ---- the audit log (append-only, hash-chained; see domain/audit) ---- */
struct store_audit {
	int64_t id; /* assigned by store_audit_append */
	int64_t at;
	const char *actor, *roles, *agency, *action, *object, *summary, *request_id, *ip;
	const char *prev_hash, *hash;
};

/* The hash of the newest row ("" when the log is empty), read inside a
 * write transaction so that no other writer can append in between. */
enum err store_audit_head(struct stx *tx, int64_t *next_id, char hash[65], struct errbuf *eb);
/* Append one row with a->id (must be next_id from store_audit_head). */
enum err store_audit_append(struct stx *tx, const struct store_audit *a, struct errbuf *eb);
/* Call fn for rows in id order, all (object NULL) or those of object,
 * starting after after_id; at most limit rows (0 = no limit). */
enum err store_audit_each(struct stx *tx, const char *object, int64_t after_id, long limit,
			  int (*fn)(void *arg, const struct store_audit *a), void *arg,
			  struct errbuf *eb);

#endif
