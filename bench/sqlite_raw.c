/*
 * sqlite_raw.c - the raw limit of durable single-row writes on this disk:
 * SQLite in WAL mode with synchronous=FULL, one INSERT per transaction
 * (each COMMIT waits for fsync), for a fixed time. Dossier intake is
 * compared with this figure (bench/run.sh).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/motcua-raw-XXXXXX";
	double secs = argc > 1 ? atof(argv[1]) : 5.0;
	int fd = mkstemp(path);
	sqlite3 *db;
	sqlite3_stmt *st;
	if (fd < 0)
		return 1;
	close(fd);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE t(id INTEGER PRIMARY KEY, code TEXT, doc TEXT)",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO t(code, doc) VALUES (?1, ?2)", -1, &st, NULL);
	static char doc[3000];
	for (size_t i = 0; i < sizeof(doc) - 1; i++)
		doc[i] = (char)('a' + i % 26);
	long n = 0;
	double t0 = now_s(), t = t0;
	while (t - t0 < secs) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_text(st, 1, "000.00.12.H50-250805-0001", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, doc, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		n++;
		if ((n & 15) == 0)
			t = now_s();
	}
	t = now_s();
	printf("sqlite_raw: %.0f durable single-row transactions per second (WAL, synchronous=FULL, %ld in %.1f s)\n",
	       (double)n / (t - t0), n, t - t0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof(wal), "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", path);
	unlink(wal);
	return 0;
}
