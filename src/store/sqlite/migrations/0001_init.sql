-- 0001: agencies, the procedure catalogue with its versions, users and
-- sessions, calendars, settings. Times are Unix seconds (UTC).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE agencies (
	code       TEXT PRIMARY KEY,
	share_code TEXT NOT NULL UNIQUE,
	parent     TEXT REFERENCES agencies(code),
	name       TEXT NOT NULL,
	doc        TEXT NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent);

CREATE TABLE procedures (
	code            TEXT NOT NULL,
	version         INTEGER NOT NULL CHECK (version >= 1),
	current         INTEGER NOT NULL DEFAULT 1,
	status          TEXT NOT NULL CHECK (status IN ('active', 'amended', 'abolished')),
	change          TEXT NOT NULL CHECK (change IN ('new', 'amended', 'abolished')),
	name            TEXT NOT NULL,
	field           TEXT NOT NULL,
	agency          TEXT NOT NULL REFERENCES agencies(code),
	online          TEXT NOT NULL CHECK (online IN ('full', 'partial', 'none')),
	effective_from  TEXT NOT NULL,
	decision_number TEXT,
	decision_date   TEXT,
	search_text     TEXT NOT NULL,
	summary         TEXT NOT NULL, -- JSON of the search-result item
	doc             TEXT NOT NULL,
	recorded_at     INTEGER NOT NULL,
	PRIMARY KEY (code, version)
);
CREATE INDEX procedures_current ON procedures(current, code);

CREATE TABLE users (
	id         INTEGER PRIMARY KEY,
	username   TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	roles      TEXT NOT NULL,
	agency     TEXT REFERENCES agencies(code),
	pwhash     TEXT NOT NULL,
	disabled   INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE calendars (
	year   INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
	agency TEXT NOT NULL DEFAULT '',
	doc    TEXT NOT NULL,
	PRIMARY KEY (year, agency)
);
