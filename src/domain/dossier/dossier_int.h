/*
 * dossier_int.h - shared by the files of src/domain/dossier/: document
 * helpers, scope, and the effects of each action (effects.c).
 */
#ifndef MOTCUA_DOMAIN_DOSSIER_INT_H
#define MOTCUA_DOMAIN_DOSSIER_INT_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/account/account.h"
#include "domain/calendar/calendar.h"
#include "domain/dossier/dossier.h"
#include "domain/dossier/machine.h"

struct stx;
struct store_dossier_row;

void ds_set_time(json_t *o, const char *key, int64_t t);
int64_t ds_get_time(json_t *o, const char *key);
const char *ds_str(json_t *o, const char *key);
void ds_scope_of_agency(const char *agency, char s1[8], char s2[24]);
int ds_can_see(const struct account_user *u, const struct store_dossier_row *row);
int ds_missing_required(json_t *doc, char *buf, size_t sz);

struct store_dossier_query;
/* Restrict q to the dossiers u may see; s1/s2 hold the scope strings. */
void ds_scope_query(const struct account_user *u, struct store_dossier_query *q, char s1[8],
		    char s2[24]);

/* Store doc (insert when create) with its columns mirrored. */
enum err ds_save(struct stx *tx, json_t *doc, int create, int64_t citizen, int64_t now,
		 struct errbuf *eb);

/* Check the file_id / reuse_of of the documents of a new dossier (the
 * user's own uploads; documents from the user's store) and set their
 * digitization and reuse flags (R-DG-2). */
enum err ds_check_files(struct store *st, const struct account_user *u, json_t *doc, int64_t now,
			struct errbuf *eb);
/* Attach the files of doc's documents and results to the dossier. */
enum err ds_link_files(struct stx *tx, json_t *doc, struct errbuf *eb);

/* The step run in progress (last of "steps" without finished_at), or
 * NULL. Borrowed. */
json_t *ds_current_run(json_t *doc);
/* "2018" before 2025-07-01 (Vietnam time), else "2025" (R-RS-1). */
const char *ds_rule_set(int64_t t);
/* Queue the applicant's notification of action, if it has one. */
enum err ds_notify(struct stx *tx, json_t *doc, const char *action, int64_t now, struct errbuf *eb);

/* Reception: received_at, effective start, due times, the first step. */
enum err ds_effect_receive(const struct calendar *cal, json_t *doc, const struct account_user *u,
			   int64_t now, json_t **detail, struct errbuf *eb);
/* The effect of action a on doc (validating its input `in`), from status
 * `from`; *to may be changed by the effect; *detail (new reference) is
 * what the event records. */
enum err ds_effect(enum ds_action a, const struct calendar *cal, json_t *doc, json_t *in,
		   const struct account_user *u, int from, int64_t now, int *to, json_t **detail,
		   struct errbuf *eb);

#endif
