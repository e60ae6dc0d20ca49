-- 0004: dossiers (hồ sơ), their append-only event history, the per-agency
-- per-day code counters and the outbox of notifications to deliver.
-- A dossier is a canonical JSON document plus the columns that queues,
-- scoping and lookups query. Times are Unix seconds (UTC).
CREATE TABLE dossiers (
	code            TEXT PRIMARY KEY,
	agency          TEXT NOT NULL REFERENCES agencies(code),
	scope1          TEXT NOT NULL, -- level-1 code of the agency (province)
	scope2          TEXT NOT NULL, -- its level-2 root (department): the scope of officials
	procedure       TEXT NOT NULL,
	channel         INTEGER NOT NULL CHECK (channel IN (1, 2, 3)),
	status          INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
	rule_set        TEXT NOT NULL,
	citizen_user    INTEGER REFERENCES users(id),
	handler         TEXT,          -- username holding the current step
	step_role       TEXT,          -- role of the current step
	applicant_name  TEXT NOT NULL,
	applicant_id    TEXT,          -- ID number, for the public lookup's unlock
	search_text     TEXT NOT NULL, -- folded code, applicant, procedure
	submitted_at    INTEGER NOT NULL,
	received_at     INTEGER,
	due_at          INTEGER,
	finished_at     INTEGER,
	returned_at     INTEGER,
	alert           INTEGER NOT NULL DEFAULT 0, -- 0 none, 1 due soon sent, 2 overdue sent
	updated_at      INTEGER NOT NULL,
	doc             TEXT NOT NULL
);
CREATE INDEX dossiers_scope ON dossiers(scope2, status, due_at);
CREATE INDEX dossiers_scope1 ON dossiers(scope1, status);
CREATE INDEX dossiers_handler ON dossiers(handler, status);
CREATE INDEX dossiers_citizen ON dossiers(citizen_user);
CREATE INDEX dossiers_due ON dossiers(status, due_at);

CREATE TABLE dossier_events (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL REFERENCES dossiers(code),
	at          INTEGER NOT NULL,
	action      TEXT NOT NULL,
	from_status INTEGER,
	to_status   INTEGER NOT NULL,
	actor       TEXT NOT NULL,
	detail      TEXT NOT NULL -- JSON
);
CREATE INDEX dossier_events_code ON dossier_events(code, id);
CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
BEGIN
	SELECT RAISE(ABORT, 'dossier history is append-only');
END;
CREATE TRIGGER dossier_events_no_delete BEFORE DELETE ON dossier_events
BEGIN
	SELECT RAISE(ABORT, 'dossier history is append-only');
END;

CREATE TABLE dossier_counters (
	agency TEXT NOT NULL,
	day    TEXT NOT NULL, -- YYMMDD, Vietnam time
	n      INTEGER NOT NULL,
	PRIMARY KEY (agency, day)
);

CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	topic      TEXT NOT NULL,  -- e.g. notify.sms, notify.email, portal.sync
	key        TEXT NOT NULL,  -- idempotency key for the receiver
	payload    TEXT NOT NULL,  -- JSON
	created_at INTEGER NOT NULL,
	attempts   INTEGER NOT NULL DEFAULT 0,
	next_at    INTEGER NOT NULL,
	done_at    INTEGER,
	last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(done_at, next_at);
