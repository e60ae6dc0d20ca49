-- 0002: the append-only, hash-chained audit log (R-DS-12). Each row's hash
-- is SHA-256(previous row's hash || the row's canonical text); the
-- triggers refuse updates and deletes through SQL, and `motcua audit
-- verify` detects any change made behind SQLite's back.
CREATE TABLE audit_log (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL,
	roles      TEXT NOT NULL,
	agency     TEXT NOT NULL,
	action     TEXT NOT NULL,
	object     TEXT NOT NULL,
	summary    TEXT NOT NULL,
	request_id TEXT NOT NULL,
	ip         TEXT NOT NULL,
	prev_hash  TEXT NOT NULL,
	hash       TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log(object, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
