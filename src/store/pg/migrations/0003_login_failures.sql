-- 0003: failed logins, for throttling per account and per client address
-- (5 failures in 15 minutes lock further attempts until the oldest ages out).
CREATE TABLE login_failures (
	key text NOT NULL, -- "user:<username>" or "ip:<address>"
	at  bigint NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE INDEX login_failures_at ON login_failures(at);
