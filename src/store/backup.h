/*
 * backup.h - `motcua backup`: an online, consistent copy of a SQLite
 * database, taken with SQLite's online backup API while servers keep
 * reading and writing it (in WAL mode the copy is one read transaction:
 * writers are not held up). Not for PostgreSQL, whose own tools
 * (pg_basebackup, pg_dump) do this better; see docs/operations.md.
 *
 * A companion of store.h rather than part of it: it works on a database
 * by its URL, outside any struct store.
 */
#ifndef MOTCUA_STORE_BACKUP_H
#define MOTCUA_STORE_BACKUP_H

#include <stdint.h>

#include "core/err.h"

/* Copy the SQLite database at url to the new file dest: written to
 * dest.partial, checked (PRAGMA quick_check), made self-contained
 * (rollback journal, no -wal file needed), fsync'd and renamed into
 * place, so dest is either absent or a complete copy. *pages gets the
 * pages copied (may be NULL). ERR_CONFLICT if dest exists, ERR_INVALID
 * for a PostgreSQL URL, ERR_STORE if the copy failed (dest is then not
 * created). */
enum err store_backup(const char *url, const char *dest, int64_t *pages, struct errbuf *eb);

#endif
