/*
 * files.h - uploaded files (R-DG): scans of papers received at the desk,
 * files a citizen sends with an online dossier, result documents. A file
 * is accepted by its content (PDF, JPEG, PNG, sniffed with libmagic), never
 * by its name; it is stored content-addressed (SHA-256) in the database so
 * that a dossier and its papers commit and replicate together.
 *
 * Who may read a file: its owner (who uploaded it), the officials whose
 * scope holds a dossier it is attached to, and inspectors; anyone else gets
 * ERR_NOTFOUND.
 */
#ifndef MOTCUA_DOMAIN_FILES_FILES_H
#define MOTCUA_DOMAIN_FILES_FILES_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "domain/account/account.h"

struct store;
struct actor;

/* Store the sz bytes readable from fd (a temporary file) under name.
 * ERR_RULE with code "unsupported_type" when the content is not a PDF,
 * JPEG or PNG; *out = {"id", "sha256", "size", "type", "name"}. */
enum err files_store(struct store *st, const struct account_user *u, const struct actor *who,
		     int fd, int64_t sz, const char *name, json_t **out, struct errbuf *eb);

/* A file the user may read: its record and bytes (malloc'd; the caller
 * frees *data and releases *meta). */
struct files_meta {
	char id[40], sha256[65], type[40], name[256];
	int64_t size, owner;
};
enum err files_read(struct store *st, const struct account_user *u, const char *id,
		    struct files_meta *meta, void **data, struct errbuf *eb);
/* The file's record if u owns it (for attaching to u's own dossier). */
enum err files_owned(struct store *st, const struct account_user *u, const char *id,
		     struct files_meta *meta, struct errbuf *eb);
/* 1 if id has the shape of a file id (32 lower-case hex digits). */
int files_id_valid(const char *id);
/* 1 if u may read file id. */
int files_visible(struct store *st, const struct account_user *u, const char *id);

#endif
