#!/bin/sh
# deps.sh - install the Debian packages motcua needs to build, run and test,
# with apt-get, only those that are missing. Runs as root, or through sudo.
set -eu
PKGS="build-essential pkg-config clang libmicrohttpd-dev libjansson-dev libsqlite3-dev
libsodium-dev libutf8proc-dev libcmocka-dev libpq-dev postgresql libclang-rt-14-dev sqlite3 wrk
libmagic-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-core poppler-utils zbar-tools chromium"
missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
# Node.js (API and browser tests, front-end packages): any installed node
# and npm will do; Debian's own packages otherwise.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
echo "make deps: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
