/*
 * backup.c - store_backup() (store/backup.h): SQLite's online backup API
 * copies the whole database in one step, that is in one read transaction
 * of the source, so the copy is a consistent snapshot; in WAL mode the
 * servers' writers go on meanwhile. The copy is checked and renamed into
 * place only once it is complete and on disk.
 */
#include "store/backup.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"

/* fsync a file, or the directory holding it (dir = 1). */
static int sync_path(const char *path, int dir)
{
	char buf[4096];
	const char *p = path;
	if (dir) {
		const char *slash = strrchr(path, '/');
		if (!slash)
			p = ".";
		else if (slash == path)
			p = "/";
		else {
			snprintf(buf, sizeof(buf), "%.*s", (int)(slash - path), path);
			p = buf;
		}
	}
	int fd = open(p, O_RDONLY | (dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

enum err store_backup(const char *url, const char *dest, int64_t *pages, struct errbuf *eb)
{
	sqlite3 *src = NULL, *dst = NULL;
	sqlite3_backup *b = NULL;
	sqlite3_stmt *s = NULL;
	char tmp[4096];
	struct stat sb;
	enum err e = ERR_STORE;
	int rc;
	if (pages)
		*pages = 0;
	if (store_url_is_pg(url))
		return err_set(eb, ERR_INVALID, "db",
			       "a PostgreSQL database is backed up with pg_basebackup or pg_dump "
			       "(docs/operations.md)");
	if (stat(dest, &sb) == 0)
		return err_set(eb, ERR_CONFLICT, NULL, "%s exists: give a new file name", dest);
	if (snprintf(tmp, sizeof(tmp), "%s.partial", dest) >= (int)sizeof(tmp))
		return err_set(eb, ERR_INVALID, NULL, "destination path too long");
	if (stat(url, &sb) != 0)
		return err_set(eb, ERR_NOTFOUND, "db", "%s: %s", url, strerror(errno));
	unlink(tmp);
	if (sqlite3_open_v2(url, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		err_set(eb, ERR_STORE, "db", "cannot open %s: %s", url, sqlite3_errmsg(src));
		goto out;
	}
	sqlite3_busy_timeout(src, 10000);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		err_set(eb, ERR_STORE, NULL, "cannot create %s: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	if (!(b = sqlite3_backup_init(dst, "main", src, "main"))) {
		err_set(eb, ERR_STORE, NULL, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* all pages in one step: one read transaction, one snapshot */
	for (int tries = 0; (rc = sqlite3_backup_step(b, -1)) != SQLITE_DONE; tries++) {
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && tries < 100) {
			sqlite3_sleep(100);
			continue;
		}
		err_set(eb, ERR_STORE, NULL, "backup: %s", sqlite3_errstr(rc));
		goto out;
	}
	if (pages)
		*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	b = NULL;
	/* one self-contained file, checked */
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW ||
	    strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0) {
		err_set(eb, ERR_STORE, NULL, "the copy does not check out: %s", sqlite3_errmsg(dst));
		goto out;
	}
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_close(dst) != SQLITE_OK) {
		err_set(eb, ERR_STORE, NULL, "closing the copy: %s", sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (sync_path(tmp, 0) < 0 || rename(tmp, dest) < 0 || sync_path(dest, 1) < 0) {
		err_set(eb, ERR_STORE, NULL, "writing %s: %s", dest, strerror(errno));
		goto out;
	}
	e = ERR_OK;
out:
	sqlite3_finalize(s);
	if (b)
		sqlite3_backup_finish(b);
	sqlite3_close(dst);
	sqlite3_close(src);
	if (e)
		unlink(tmp);
	return e;
}
