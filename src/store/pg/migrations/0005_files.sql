-- 0005: uploaded files (scans, results), content-addressed: one blob per
-- SHA-256, any number of files (uploads by someone) pointing at it, and the
-- dossiers each file is attached to (which decides who may read it).
CREATE TABLE blobs (
	sha256 text PRIMARY KEY,
	size   bigint NOT NULL,
	type   text NOT NULL,
	data   bytea NOT NULL
);
-- scans and PDFs are compressed already: store them out of line as they are
ALTER TABLE blobs ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE files (
	id         text PRIMARY KEY,  -- random, unguessable
	sha256     text NOT NULL REFERENCES blobs(sha256),
	owner      bigint NOT NULL REFERENCES users(id),
	name       text NOT NULL,
	created_at bigint NOT NULL
);
CREATE INDEX files_owner ON files(owner);
CREATE TABLE file_links (
	file_id text NOT NULL REFERENCES files(id),
	dossier text COLLATE "C" NOT NULL REFERENCES dossiers(code),
	PRIMARY KEY (file_id, dossier)
);
CREATE INDEX file_links_dossier ON file_links(dossier);
