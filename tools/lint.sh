#!/bin/sh
# lint.sh - make lint: every source compiles under clang with the project's
# warnings, includes point one way (main -> http -> api/web -> domain ->
# store -> core), no banned function is called, cppcheck finds nothing.
set -u
fail=0
PKGS="libmicrohttpd jansson sqlite3 libpq libsodium libutf8proc pangocairo libqrencode libmagic xlsxwriter"
FLAGS="-std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Isrc -Ibuild/gen $(pkg-config --cflags $PKGS)"
make -s build/gen/assets.c
for f in $(find src -name '*.c' | sort); do
	clang $FLAGS -fsyntax-only "$f" || { echo "lint: clang: $f"; fail=1; }
done

# which layers each layer may include
allowed() {
	case "$1" in
	core) echo "core" ;;
	store) echo "core store" ;;
	domain) echo "core store domain" ;;
	api) echo "core store domain api" ;;
	web) echo "core store domain api web" ;;
	http) echo "core store domain api web http" ;;
	esac
}
for f in $(find src -mindepth 2 -name '*.[ch]' | sort); do
	layer=$(echo "$f" | cut -d/ -f2)
	ok=$(allowed "$layer")
	for inc in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f"); do
		case " $ok " in
		*" $inc "*) ;;
		*) echo "lint: $f includes $inc/ (the $layer layer may include: $ok)"; fail=1 ;;
		esac
	done
done
# the calendar is pure: no I/O headers
if grep -n '#include "store/' src/domain/calendar/*.[ch] 2>/dev/null; then
	echo "lint: src/domain/calendar must not use the store"; fail=1
fi

banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gmtime|localtime)\s*\('
if grep -nE "$banned" $(find src -name '*.[ch]'); then
	echo "lint: banned function (STYLE.md)"; fail=1
fi

if command -v cppcheck >/dev/null; then
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability \
		--suppress=missingIncludeSystem --suppress=unknownMacro --inline-suppr -Isrc -Ibuild/gen src || fail=1
fi
[ $fail = 0 ] && echo "lint: clean"
exit $fail
