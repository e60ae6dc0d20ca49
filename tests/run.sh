#!/bin/sh
# run.sh - run every test suite (unit, unit under ASan+UBSan, API - also
# against a server built with ASan+UBSan -, browser) and end
# with one line totalling them all: "N passed, N failed".
# Each suite's own output is kept in build/test-logs/ and shown on failure.
#
# The suites that touch storage run on both backends: SQLite, and a
# throw-away PostgreSQL server started here (tests/pg/pg.sh) and stopped
# at the end - the store contract suite (labels pg, pgasan), the API and
# browser suites (api-pg, browser-pg; their servers get a fresh database
# each) and the two-server test (multi). MOTCUA_TEST_PG_URL=postgres://...
# uses an existing server instead (each suite gets a fresh database on it);
# MOTCUA_TEST_PG=off skips PostgreSQL, saying so.
set -u
LOG=build/test-logs
mkdir -p "$LOG"
TP=0
TF=0
add() { TP=$((TP + $1)); TF=$((TF + $2)); }

# PostgreSQL for the second backend. Kept out of the environment of the
# SQLite runs: only the PostgreSQL runs get MOTCUA_TEST_PG_URL.
PG_URL=${MOTCUA_TEST_PG_URL:-}
PG_DIR=
unset MOTCUA_TEST_PG_URL
if [ "${MOTCUA_TEST_PG:-on}" != off ] && [ -z "$PG_URL" ]; then
	if out=$(sh tests/pg/pg.sh start 2>"$LOG/pg-start.log"); then
		eval "$out"
		PG_URL=$MOTCUA_TEST_PG_URL
		PG_DIR=$MOTCUA_TEST_PG_DIR
		unset MOTCUA_TEST_PG_URL MOTCUA_TEST_PG_DIR
		trap 'sh tests/pg/pg.sh stop "$PG_DIR"' EXIT
		trap 'exit 130' INT TERM
	fi
fi
# pgdb NAME: a fresh database on the test server; prints its URL
pgdb() {
	PGOPTIONS='-c client_min_messages=warning' sh tests/pg/pg.sh createdb "$PG_URL" "$1" 2>>"$LOG/pg-start.log"
}
pg_missing() { # $1 label, $2 suite
	if [ "${MOTCUA_TEST_PG:-on}" = off ]; then
		printf '%-6s %-50s skipped (MOTCUA_TEST_PG=off)\n' "$1" "$2"
	else
		printf '%-6s %-50s %4d passed, %d failed\n' "$1" "$2 (no PostgreSQL)" 0 1
		sed 's/^/    | /' "$LOG/pg-start.log" | tail -n 20
		add 0 1
	fi
}

run_cmocka() { # $1 label, $2 binary
	out="$LOG/$1-$(echo "$2" | tr '/' '_').log"
	"$2" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi # crashed or sanitizer report
	printf '%-6s %-50s %4d passed, %d failed\n' "$1" "${2#build/*/tests/}" "$p" "$f"
	[ "$f" = 0 ] || sed 's/^/    | /' "$out" | tail -n 60
	add "$p" "$f"
}

for t in $(find build/rel/tests -type f -perm -u+x 2>/dev/null | sort); do run_cmocka unit "$t"; done
for t in $(find build/asan/tests -type f -perm -u+x 2>/dev/null | sort); do
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_cmocka asan "$t"
done

run_node() { # $1 label, $2 dir; env set by the caller
	out="$LOG/$1.log"
	node --test --test-reporter=tap "$2" >"$out" 2>&1
	rc=$?
	p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$out" | tail -n 1)
	f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$out" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
	printf '%-6s %-50s %4d passed, %d failed\n' "$1" "$2" "$p" "$f"
	[ "$f" = 0 ] || grep -B2 -A25 '^not ok' "$out" | head -n 150 | sed 's/^/    | /'
	add "$p" "$f"
}

# the store contract suite again, on PostgreSQL (a fresh database each)
for b in rel asan; do
	t=build/$b/tests/store/test_store_contract
	label=pg
	[ $b = asan ] && label=pgasan
	[ -x "$t" ] || continue
	if [ -n "$PG_URL" ] && url=$(pgdb "motcua_test_contract_$b"); then
		MOTCUA_TEST_DB=$url ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
			run_cmocka "$label" "$t"
	else
		pg_missing "$label" "${t#build/*/tests/}"
	fi
done

MUSTACHE_RENDER_BIN=build/rel/mustache-render run_node mustache tests/mustache-diff/
MOTCUA_BIN=build/rel/motcua run_node api tests/api/
MOTCUA_BIN=build/rel/motcua run_node browser tests/browser/
# the API suite again against the server built with ASan+UBSan: a memory
# error or undefined behaviour stops the server (its tests fail), and any
# sanitizer report on a server's or command's stderr - leaks are reported
# as the server exits - fails the test file (tests/api/lib/server.mjs)
ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	MOTCUA_BIN=build/asan/motcua run_node api-asan tests/api/
if [ -n "$PG_URL" ]; then
	MOTCUA_TEST_PG_URL=$PG_URL MOTCUA_BIN=build/rel/motcua run_node api-pg tests/api/
	MOTCUA_TEST_PG_URL=$PG_URL MOTCUA_BIN=build/rel/motcua run_node browser-pg tests/browser/
	MOTCUA_TEST_PG_URL=$PG_URL MOTCUA_BIN=build/rel/motcua run_node multi tests/pg/
else
	pg_missing api-pg tests/api/
	pg_missing browser-pg tests/browser/
	pg_missing multi tests/pg/
fi

echo "$TP passed, $TF failed"
[ "$TF" = 0 ]
