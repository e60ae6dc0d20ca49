#!/bin/sh
# bench/run.sh - motcua's benchmarks (make bench). Everything runs against
# 127.0.0.1 only, each load bounded in time. Figures are printed and kept
# in bench/results/<date>.txt.
#
#   1. HTTP: wrk -t2 -c64 -d10s on GET /healthz and on a catalogue search,
#      against `motcua serve` on a fresh demo database (SQLite).
#   2. Micro benchmarks: every build/rel/bench/* program (e.g. due-time
#      computations per second of the calendar engine).
set -eu
BIN=${MOTCUA_BIN:-build/rel/motcua}
DUR=${BENCH_DURATION:-10s}
mkdir -p bench/results
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
TMP=$(mktemp -d)
trap '[ -n "${PID:-}" ] && kill $PID 2>/dev/null; rm -rf "$TMP"' EXIT INT TERM

{
echo "# motcua bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(uname -r)"
$BIN seed-demo --db "$TMP/bench.db" >/dev/null
MOTCUA_ACCESS_LOG=${BENCH_ACCESS_LOG:-on} $BIN serve --db "$TMP/bench.db" --listen 127.0.0.1:0 \
	>"$TMP/serve.out" 2>"$TMP/serve.log" &
PID=$!
for i in $(seq 1 50); do
	grep -q listening "$TMP/serve.out" 2>/dev/null && break
	sleep 0.1
done
URL=$(sed -n 's/.*listening on \(http:[^ ]*\) .*/\1/p' "$TMP/serve.out")
URL=${URL%/}
[ -n "$URL" ] || { echo "server did not start"; cat "$TMP/serve.log"; exit 1; }

run_wrk() { # label path
	echo
	echo "## $1: wrk -t2 -c64 -d$DUR $URL$2"
	wrk -t2 -c64 -d"$DUR" --latency "$URL$2" | sed -n '/Requests\/sec/p;/Latency  /p;/ 50%/p;/ 99%/p;/Non-2xx/p;/requests in/p'
}
run_wrk "healthz" "/healthz"
run_wrk "catalogue search (q=chuyen giao cong nghe)" "/api/v1/procedures?q=chuyen%20giao%20cong%20nghe"
run_wrk "catalogue list (no q, 50 per page)" "/api/v1/procedures"
run_wrk "one procedure" "/api/v1/procedures/1.004201.000.00.00.H50"

TOKEN=$(curl -s -XPOST "$URL/api/v1/session" -H 'Content-Type: application/json' \
	-d '{"username":"motcua","password":"MotCua@Demo2025"}' | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
CODE=$(curl -s -XPOST "$URL/api/v1/dossiers" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	-d '{"procedure":"1.004201.000.00.00.H50","applicant":{"name":"Nguyễn Văn An"},"documents":[{"code":"TP1"},{"code":"TP2"},{"code":"TP3"}],"receive":true}' \
	| sed -n 's/.*"code":"\(000[^"]*\)".*/\1/p' | head -n 1)
run_wrk "public lookup of a dossier" "/api/v1/lookup/$CODE"
echo
echo "## dossier intake at the desk (durable): wrk -t2 -c64 -d$DUR -s bench/intake.lua $URL/api/v1/dossiers"
MOTCUA_TOKEN=$TOKEN wrk -t2 -c64 -d"$DUR" --latency -s bench/intake.lua "$URL/api/v1/dossiers" | sed -n '/Requests\/sec/p;/Latency  /p;/ 50%/p;/ 99%/p;/Non-2xx/p;/requests in/p'
kill $PID 2>/dev/null || true

for b in build/rel/bench/*; do
	[ -x "$b" ] || continue
	echo
	echo "## $(basename "$b")"
	timeout 60 "$b"
done
} 2>&1 | tee "$OUT"
echo "(saved in $OUT)"
