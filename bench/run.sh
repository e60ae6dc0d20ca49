#!/bin/sh
# bench/run.sh - motcua's benchmarks (make bench). Everything runs against
# 127.0.0.1 only, each load bounded in time. Figures are printed and kept
# in bench/results/<date>.txt.
#
#   1. HTTP on SQLite: wrk -t2 -c64 -d10s on GET /healthz, catalogue
#      searches and reads, the portal's home page (Mustache HTML), a
#      static file as gzip, the public lookup of a dossier and desk intake
#      (the durable write path), against `motcua serve` on a fresh demo
#      database.
#   2. The same database-bound scenarios (search, one procedure, lookup,
#      intake) on PostgreSQL: a durable throw-away PostgreSQL 15 server
#      (tests/pg/pg.sh start --durable; fsync and synchronous_commit on, the
#      data directory on the same disk as the SQLite file), then pgbench's
#      simple-update TPS on that server (pgbench -i; pgbench -N -c 8 -T 10)
#      as its physical reference - what sqlite_raw is for SQLite.
#      BENCH_PG=off skips this part.
#   3. Micro benchmarks: every build/rel/bench/* program (e.g. due-time
#      computations per second of the calendar engine, sqlite_raw).
#   4. The two backends side by side: requests/s and p99 per scenario.
set -eu
BIN=${MOTCUA_BIN:-build/rel/motcua}
DUR=${BENCH_DURATION:-10s}
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
TMP=$(mktemp -d)
PID=
PG_DIR=
SUMMARY=$TMP/summary
# main runs in the pipeline into tee: its own shell, its own traps
cleanup() {
	[ -z "$PID" ] || kill "$PID" 2>/dev/null || true
	[ -z "$PG_DIR" ] || sh tests/pg/pg.sh stop "$PG_DIR"
	rm -rf "$TMP"
}

start_server() { # $1 database (file or URL); sets PID and URL
	MOTCUA_ACCESS_LOG=${BENCH_ACCESS_LOG:-on} $BIN serve --db "$1" --listen 127.0.0.1:0 \
		>"$TMP/serve.out" 2>"$TMP/serve.log" &
	PID=$!
	for i in $(seq 1 100); do
		grep -q listening "$TMP/serve.out" 2>/dev/null && break
		sleep 0.1
	done
	URL=$(sed -n 's/.*listening on \(http:[^ ]*\) .*/\1/p' "$TMP/serve.out")
	URL=${URL%/}
	[ -n "$URL" ] || { echo "server did not start"; cat "$TMP/serve.log"; exit 1; }
}

stop_server() {
	kill "$PID" 2>/dev/null || true
	wait "$PID" 2>/dev/null || true
	PID=
}

# run_wrk BACKEND KEY LABEL PATH [SCRIPT]: print wrk's figures, note them
# in the summary as KEY|BACKEND|requests/s|p99
run_wrk() {
	echo
	if [ -n "${5:-}" ]; then
		echo "## $3 [$1]: wrk -t2 -c64 -d$DUR -s $5 $URL$4"
		MOTCUA_TOKEN=$TOKEN wrk -t2 -c64 -d"$DUR" --latency -s "$5" "$URL$4" >"$TMP/wrk.out"
	else
		echo "## $3 [$1]: wrk -t2 -c64 -d$DUR $URL$4"
		wrk -t2 -c64 -d"$DUR" --latency "$URL$4" >"$TMP/wrk.out"
	fi
	sed -n '/Requests\/sec/p;/Latency  /p;/ 50%/p;/ 99%/p;/Non-2xx/p;/requests in/p' "$TMP/wrk.out"
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$TMP/wrk.out")
	p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$TMP/wrk.out")
	echo "$2|$1|${rps:-?}|${p99:-?}|$3" >>"$SUMMARY"
}

# scenarios BACKEND DATABASE all|db: seed, serve, load, stop
scenarios() {
	$BIN seed-demo --db "$2" >/dev/null
	start_server "$2"
	TOKEN=
	[ "$3" = all ] && run_wrk "$1" 1 "healthz" "/healthz"
	run_wrk "$1" 2 "catalogue search (q=chuyen giao cong nghe)" "/api/v1/procedures?q=chuyen%20giao%20cong%20nghe"
	[ "$3" = all ] && run_wrk "$1" 3 "catalogue list (no q, 50 per page)" "/api/v1/procedures"
	[ "$3" = all ] && run_wrk "$1" 7 "portal home page, HTML search (q=chuyen giao)" "/?q=chuyen%20giao"
	[ "$3" = all ] && run_wrk "$1" 8 "static pico.min.css, gzip" "/static/pico.min.css" bench/gzip.lua
	run_wrk "$1" 4 "one procedure" "/api/v1/procedures/1.004201.000.00.00.H50"
	TOKEN=$(curl -s -XPOST "$URL/api/v1/session" -H 'Content-Type: application/json' \
		-d '{"username":"motcua","password":"MotCua@Demo2025"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
	CODE=$(curl -s -XPOST "$URL/api/v1/dossiers" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		-d '{"procedure":"1.004201.000.00.00.H50","applicant":{"name":"Nguyễn Văn An"},"documents":[{"code":"TP1"},{"code":"TP2"},{"code":"TP3"}],"receive":true}' \
		| sed -n 's/.*"code":"\(000[^"]*\)".*/\1/p' | head -n 1)
	run_wrk "$1" 5 "public lookup of a dossier" "/api/v1/lookup/$CODE"
	run_wrk "$1" 6 "dossier intake at the desk (durable)" "/api/v1/dossiers" bench/intake.lua
	stop_server
}

main() {
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "# motcua bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -r)"
: >"$SUMMARY"
scenarios sqlite "$TMP/bench.db" all

PGBENCH_TPS=
if [ "${BENCH_PG:-on}" != off ]; then
	eval "$(sh tests/pg/pg.sh start --durable)"
	PG_DIR=$MOTCUA_TEST_PG_DIR
	PG_URL=$MOTCUA_TEST_PG_URL
	unset MOTCUA_TEST_PG_DIR MOTCUA_TEST_PG_URL
	echo
	echo "# PostgreSQL $(psql "$PG_URL" -XAtc 'SHOW server_version'): fsync=$(psql "$PG_URL" -XAtc 'SHOW fsync'), synchronous_commit=$(psql "$PG_URL" -XAtc 'SHOW synchronous_commit'), motcua pool of 16 connections"
	DB=$(PGOPTIONS='-c client_min_messages=warning' sh tests/pg/pg.sh createdb "$PG_URL" motcua_bench)
	scenarios postgresql "$DB" db
	PGB=$(PGOPTIONS='-c client_min_messages=warning' sh tests/pg/pg.sh createdb "$PG_URL" pgbench)
	echo
	echo "## pgbench simple-update (physical reference): pgbench -i; pgbench -N -c 8 -j 2 -T ${DUR%s}"
	pgbench -i -q "$PGB" >"$TMP/pgbench-init.log" 2>&1
	pgbench -N -c 8 -j 2 -T "${DUR%s}" "$PGB" 2>&1 | sed -n '/latency average/p;/^tps/p' | tee "$TMP/pgbench.out"
	PGBENCH_TPS=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' "$TMP/pgbench.out" | head -n 1)
	sh tests/pg/pg.sh stop "$PG_DIR"
	PG_DIR=
fi

SQLITE_RAW=
for b in build/rel/bench/*; do
	[ -x "$b" ] || continue
	echo
	echo "## $(basename "$b")"
	timeout 60 "$b" | tee "$TMP/micro.out"
	case "$b" in
	*/sqlite_raw) SQLITE_RAW=$(sed -n 's/^sqlite_raw: \([0-9]*\) durable.*/\1/p' "$TMP/micro.out") ;;
	esac
done

echo
echo "## side by side: requests/s (p99), wrk -t2 -c64 -d$DUR, the same demo data"
printf '%-46s %-22s %-22s\n' "scenario" "sqlite" "postgresql"
for k in 1 2 3 7 8 4 5 6; do
	label=$(sed -n "s/^$k|[^|]*|[^|]*|[^|]*|//p" "$SUMMARY" | head -n 1)
	[ -n "$label" ] || continue
	sq=$(awk -F'|' -v k=$k '$1 == k && $2 == "sqlite" {printf "%.0f (%s)", $3, $4}' "$SUMMARY")
	pg=$(awk -F'|' -v k=$k '$1 == k && $2 == "postgresql" {printf "%.0f (%s)", $3, $4}' "$SUMMARY")
	printf '%-46s %-22s %-22s\n' "$label" "${sq:--}" "${pg:--}"
done
printf '%-46s %-22s %-22s\n' "physical reference (durable tx/s)" "${SQLITE_RAW:-?} sqlite_raw" "${PGBENCH_TPS:-?} pgbench -N"
}
main 2>&1 | tee "$OUT"
echo "(saved in $OUT)"
