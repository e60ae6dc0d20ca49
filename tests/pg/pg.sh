#!/bin/sh
# pg.sh - a throw-away PostgreSQL server (Debian's `postgresql` package,
# version 15) for the tests and benchmarks: initdb into a temp dir as an
# unprivileged user (`postgres` when run as root), a Unix socket in that
# dir, a random free port listening on 127.0.0.1 only.
#
#   eval "$(sh tests/pg/pg.sh start [--durable])"
#       prints shell assignments: MOTCUA_TEST_PG_DIR (stop it with that)
#       and MOTCUA_TEST_PG_URL (postgresql:///postgres?host=DIR&port=N&user=postgres,
#       the superuser over the socket). Without --durable, fsync is off
#       (tests); with it, the server keeps its durable defaults (benchmarks).
#   sh tests/pg/pg.sh createdb URL NAME   create database NAME, print its URL
#   sh tests/pg/pg.sh stop DIR            stop the server and remove DIR
set -eu

bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then echo "$PG_BINDIR"; return; fi
	for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	echo "pg.sh: no PostgreSQL server binaries (apt-get install postgresql, or make deps)" >&2
	exit 1
}

# as_pg CMD...: run as the unprivileged postgres user when we are root
as_pg() {
	if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# the URL of database $2 on the server of URL $1
db_url() {
	echo "$1" | sed "s|^\(postgres[a-z]*://[^/]*/\)[^?]*|\1$2|"
}

cmd=${1:-}
case "$cmd" in
start)
	BIN=$(bindir)
	DIR=$(mktemp -d /tmp/motcua-pg-XXXXXX)
	chmod 700 "$DIR"
	[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
	if ! as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C -N \
		>"$DIR/initdb.log" 2>&1; then
		cat "$DIR/initdb.log" >&2
		rm -rf "$DIR"
		exit 1
	fi
	opts="-c listen_addresses=127.0.0.1 -k $DIR -c max_connections=300"
	if [ "${2:-}" != "--durable" ]; then
		opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	fi
	i=0
	while :; do
		# a random port; taken ones make the start fail and we try another
		PORT=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000 ))
		if as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
			-o "-p $PORT $opts" start >/dev/null 2>&1; then
			break
		fi
		i=$((i + 1))
		if [ $i -ge 8 ]; then
			echo "pg.sh: PostgreSQL did not start:" >&2
			tail -n 20 "$DIR/server.log" >&2 2>/dev/null
			rm -rf "$DIR"
			exit 1
		fi
	done
	echo "MOTCUA_TEST_PG_DIR='$DIR'; MOTCUA_TEST_PG_URL='postgresql:///postgres?host=$DIR&port=$PORT&user=postgres'; export MOTCUA_TEST_PG_DIR MOTCUA_TEST_PG_URL"
	;;
createdb)
	[ $# = 3 ] || { echo "usage: pg.sh createdb URL NAME" >&2; exit 2; }
	psql "$2" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$3\" WITH (FORCE)" \
		-c "CREATE DATABASE \"$3\"" >/dev/null
	db_url "$2" "$3"
	;;
stop)
	[ $# = 2 ] || { echo "usage: pg.sh stop DIR" >&2; exit 2; }
	BIN=$(bindir)
	case "$2" in /tmp/motcua-pg-*) ;; *) echo "pg.sh: not a pg.sh dir: $2" >&2; exit 2 ;; esac
	as_pg "$BIN/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$2"
	;;
*)
	echo "usage: pg.sh start [--durable] | createdb URL NAME | stop DIR" >&2
	exit 2
	;;
esac
