#!/bin/sh
# run.sh - run every test suite (unit, unit under ASan+UBSan, API) and end
# with one line totalling them all: "N passed, N failed".
# Each suite's own output is kept in build/test-logs/ and shown on failure.
set -u
LOG=build/test-logs
mkdir -p "$LOG"
TP=0
TF=0
add() { TP=$((TP + $1)); TF=$((TF + $2)); }

run_cmocka() { # $1 label, $2 binary
	out="$LOG/$(echo "$2" | tr '/' '_').log"
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

MUSTACHE_RENDER_BIN=build/rel/mustache-render run_node mustache tests/mustache-diff/
MOTCUA_BIN=build/rel/motcua run_node api tests/api/

echo "$TP passed, $TF failed"
[ "$TF" = 0 ]
