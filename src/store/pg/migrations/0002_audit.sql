-- 0002: the append-only, hash-chained audit log (R-DS-12). Each row's hash
-- is SHA-256(previous row's hash || the row's canonical text); the
-- triggers refuse updates, deletes and TRUNCATE through SQL, and `motcua
-- audit verify` detects any change made behind them (e.g. by a superuser
-- who drops a trigger).
CREATE TABLE audit_log (
	id         bigint PRIMARY KEY, -- given by the writer: the chain's position
	at         bigint NOT NULL,
	actor      text NOT NULL,
	roles      text NOT NULL,
	agency     text NOT NULL,
	action     text NOT NULL,
	object     text COLLATE "C" NOT NULL,
	summary    text NOT NULL,
	request_id text NOT NULL,
	ip         text NOT NULL,
	prev_hash  text NOT NULL,
	hash       text NOT NULL
);
CREATE INDEX audit_object ON audit_log(object, id);

CREATE FUNCTION motcua_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION '% is append-only', TG_ARGV[0];
END
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION motcua_append_only('the audit log');
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
	FOR EACH ROW EXECUTE FUNCTION motcua_append_only('the audit log');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log
	FOR EACH STATEMENT EXECUTE FUNCTION motcua_append_only('the audit log');
