/*
 * files.c - see files.h.
 */
#include "domain/files/files.h"

#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/vntime.h"
#include "domain/audit/audit.h"
#include "domain/dossier/dossier.h"
#include "store/store.h"

/* libmagic handles are not thread-safe: one, behind a mutex; sniffing
 * reads only the first few KiB. */
static magic_t magic;
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;

static int sniff(const void *data, size_t sz, char *type, size_t tsz)
{
	const char *t = NULL;
	pthread_mutex_lock(&magic_lock);
	if (!magic) {
		magic = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
		if (magic && magic_load(magic, NULL) != 0) {
			magic_close(magic);
			magic = NULL;
		}
	}
	if (magic)
		t = magic_buffer(magic, data, sz < 65536 ? sz : 65536);
	snprintf(type, tsz, "%s", t ? t : "");
	pthread_mutex_unlock(&magic_lock);
	return t ? 0 : -1;
}

static void copy_meta(struct files_meta *m, const struct store_file_row *r)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "%s", r->id);
	snprintf(m->sha256, sizeof(m->sha256), "%s", r->sha256);
	snprintf(m->type, sizeof(m->type), "%s", r->type);
	snprintf(m->name, sizeof(m->name), "%s", r->name);
	m->size = r->size;
	m->owner = r->owner;
}

/* A file name as given, made safe to store and to echo: no path, no
 * control characters, at most 200 bytes. */
static void clean_name(const char *in, char *out, size_t sz)
{
	const char *base = strrchr(in, '/');
	const char *b2 = strrchr(in, '\\');
	if (b2 && (!base || b2 > base))
		base = b2;
	base = base ? base + 1 : in;
	size_t o = 0;
	for (const char *p = base; *p && o + 1 < sz && o < 200; p++)
		out[o++] = (unsigned char)*p < 0x20 || *p == '"' ? '_' : *p;
	out[o] = '\0';
	if (!o)
		snprintf(out, sz, "file");
}

enum err files_store(struct store *st, const struct account_user *u, const struct actor *who,
		     int fd, int64_t sz, const char *name, json_t **out, struct errbuf *eb)
{
	char type[128], hex[65], id[33], clean[256];
	unsigned char h[crypto_hash_sha256_BYTES], raw[16];
	struct stx *tx = NULL;
	enum err e;
	*out = NULL;
	if (fd < 0 || sz <= 0)
		return err_setc(eb, ERR_INVALID, "missing_file", "file",
				"send the file as multipart/form-data in a part named \"file\"");
	char *data = malloc((size_t)sz);
	if (!data)
		return err_set(eb, ERR_INTERNAL, NULL, "out of memory");
	for (int64_t done = 0; done < sz;) {
		ssize_t n = pread(fd, data + done, (size_t)(sz - done), done);
		if (n <= 0) {
			free(data);
			return err_set(eb, ERR_INTERNAL, NULL, "could not read the upload");
		}
		done += n;
	}
	if (sniff(data, (size_t)sz, type, sizeof(type)) < 0 ||
	    (strcmp(type, "application/pdf") && strcmp(type, "image/jpeg") && strcmp(type, "image/png"))) {
		free(data);
		return err_setc(eb, ERR_RULE, "unsupported_type", "file",
				"only PDF, JPEG and PNG files are accepted; this file's content is %s",
				type[0] ? type : "unknown");
	}
	crypto_hash_sha256(h, (const unsigned char *)data, (unsigned long long)sz);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(id, sizeof(id), raw, sizeof(raw));
	clean_name(name ? name : "", clean, sizeof(clean));
	struct store_file f = {id, hex, type, clean, sz, u->id, vntime_now()};
	if ((e = store_begin(st, STORE_WRITE, &tx, eb)))
		goto out;
	char object[48];
	snprintf(object, sizeof(object), "file:%s", id);
	json_t *after = json_pack("{s:s,s:I,s:s,s:s}", "sha256", hex, "size", (json_int_t)sz, "type",
				  type, "name", clean);
	if ((e = store_file_add(tx, &f, data, eb)) ||
	    (e = audit_record(tx, who, "file.upload", object, NULL, after, eb))) {
		json_decref(after);
		store_rollback(tx);
		goto out;
	}
	json_decref(after);
	if ((e = store_commit(tx, eb)))
		goto out;
	*out = json_pack("{s:s,s:s,s:I,s:s,s:s}", "id", id, "sha256", hex, "size", (json_int_t)sz, "type",
			 type, "name", clean);
out:
	free(data);
	return e;
}

struct vis {
	struct store *st;
	const struct account_user *u;
	int ok;
};

static int can_see_dossier(void *arg, const char *code)
{
	struct vis *v = arg;
	json_t *d = NULL;
	if (dossier_get(v->st, v->u, code, &d, NULL) == ERR_OK) {
		v->ok = 1;
		json_decref(d);
		return 1;
	}
	return 0;
}

/* Visibility of a file whose owner is owner. */
static int visible(struct store *st, const struct account_user *u, const char *id, int64_t owner)
{
	if (owner == u->id || (u->roles & (1u << ROLE_INSPECTOR)))
		return 1;
	struct vis v = {st, u, 0};
	struct stx *tx = NULL;
	if (store_begin(st, STORE_READ, &tx, NULL))
		return 0;
	store_file_dossiers(tx, id, can_see_dossier, &v, NULL);
	store_rollback(tx);
	return v.ok;
}

int files_visible(struct store *st, const struct account_user *u, const char *id)
{
	struct store_file_row r;
	struct stx *tx = NULL;
	if (store_begin(st, STORE_READ, &tx, NULL))
		return 0;
	enum err e = store_file_get(tx, id, &r, NULL, NULL);
	store_rollback(tx);
	if (e)
		return 0;
	int ok = visible(st, u, id, r.owner);
	store_file_release(&r);
	return ok;
}

int files_id_valid(const char *id)
{
	return id && strlen(id) == 32 && strspn(id, "0123456789abcdef") == 32;
}

enum err files_read(struct store *st, const struct account_user *u, const char *id,
		    struct files_meta *meta, void **data, struct errbuf *eb)
{
	struct store_file_row r;
	struct stx *tx = NULL;
	enum err e;
	*data = NULL;
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_file_get(tx, id, &r, NULL, eb);
	store_rollback(tx);
	if (e)
		return e;
	if (!visible(st, u, id, r.owner)) {
		store_file_release(&r);
		return err_setc(eb, ERR_NOTFOUND, "file_not_found", "id", "file not found");
	}
	store_file_release(&r);
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_file_get(tx, id, &r, data, eb);
	store_rollback(tx);
	if (!e) {
		copy_meta(meta, &r);
		store_file_release(&r);
	}
	return e;
}

enum err files_owned(struct store *st, const struct account_user *u, const char *id,
		     struct files_meta *meta, struct errbuf *eb)
{
	struct store_file_row r;
	struct stx *tx = NULL;
	enum err e;
	if ((e = store_begin(st, STORE_READ, &tx, eb)))
		return e;
	e = store_file_get(tx, id, &r, NULL, eb);
	store_rollback(tx);
	if (e)
		return e;
	if (r.owner != u->id) {
		store_file_release(&r);
		return err_setc(eb, ERR_NOTFOUND, "file_not_found", "file_id", "file %s not found", id);
	}
	copy_meta(meta, &r);
	store_file_release(&r);
	return ERR_OK;
}
