#!/bin/sh
# run.sh - build the libFuzzer targets in tests/fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) and run each for FUZZ_SECONDS
# (default 60) from the seed corpus in tests/fuzz/corpus/<target>/.
# Crashes are left as crash-* files in build/fuzz/.
set -eu
SECS=${FUZZ_SECONDS:-60}
OUT=build/fuzz
mkdir -p "$OUT"
PKGS="libmicrohttpd jansson sqlite3 libpq libsodium libutf8proc pangocairo libqrencode libmagic xlsxwriter"
CFLAGS="-g -O1 -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Isrc -Ibuild/gen $(pkg-config --cflags $PKGS)"
SAN="-fsanitize=fuzzer-no-link,address,undefined"
make -s build/gen/assets.c
objs=""
for f in $(find src -name '*.c' ! -path src/main.c | sort) build/gen/assets.c; do
	o="$OUT/obj/$(echo "$f" | tr '/' '_').o"
	mkdir -p "$OUT/obj"
	if [ ! -f "$o" ] || [ "$f" -nt "$o" ]; then
		clang $CFLAGS $SAN -c "$f" -o "$o"
	fi
	objs="$objs $o"
done
for t in tests/fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	clang $CFLAGS -fsanitize=fuzzer,address,undefined "$t" $objs -o "$OUT/$name" $(pkg-config --libs $PKGS) -lpthread -lm
	mkdir -p "tests/fuzz/corpus/$name" "$OUT/corpus-$name"
	echo "fuzzing $name for ${SECS}s"
	(cd "$OUT" && ./"$name" -max_total_time="$SECS" -max_len=4096 "corpus-$name" "../../tests/fuzz/corpus/$name" 2>&1 | tail -n 3)
done
