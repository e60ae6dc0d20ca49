-- 0005: uploaded files (scans, results), content-addressed: one blob per
-- SHA-256, any number of files (uploads by someone) pointing at it, and the
-- dossiers each file is attached to (which decides who may read it).
CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	size   INTEGER NOT NULL,
	type   TEXT NOT NULL,
	data   BLOB NOT NULL
);
CREATE TABLE files (
	id         TEXT PRIMARY KEY,  -- random, unguessable
	sha256     TEXT NOT NULL REFERENCES blobs(sha256),
	owner      INTEGER NOT NULL REFERENCES users(id),
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX files_owner ON files(owner);
CREATE TABLE file_links (
	file_id TEXT NOT NULL REFERENCES files(id),
	dossier TEXT NOT NULL REFERENCES dossiers(code),
	PRIMARY KEY (file_id, dossier)
);
CREATE INDEX file_links_dossier ON file_links(dossier);
