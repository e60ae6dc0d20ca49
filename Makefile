# motcua - the only build entry. Targets: all (release build), run, test,
# bench, fuzz, lint, deps, clean. Every library is found with pkg-config.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libutf8proc pangocairo libqrencode libmagic xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CSTD    := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS_REL  := -O2 -g $(CSTD) $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
CFLAGS_ASAN := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined $(CSTD) $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
LDLIBS  := $(PKG_LIBS) -lpthread -lm

SRC      := $(shell find src -name '*.c' ! -path 'src/main.c' | sort)
# front-end files from npm, served under /static/ (src/web/pages.c maps the names)
NPM_ASSETS := node_modules/htmx.org/dist/htmx.min.js node_modules/@picocss/pico/css/pico.min.css
ASSETS   := build/gen/common-passwords.txt $(shell find src/store -name '*.sql' | sort) $(shell find data -name '*.json' 2>/dev/null | sort) \
            $(shell find web/templates web/i18n web/static -type f 2>/dev/null | sort) $(NPM_ASSETS)
# gzip copies of the static files, served to browsers that accept gzip
# (a phone on a slow line downloads pico and htmx at a quarter of their size)
# (made by the assets.c recipe: .SECONDARY would not remake missing ones)
GZ_SRC   := $(shell find web/static -type f 2>/dev/null | sort) $(NPM_ASSETS)
TESTSRC  := $(shell find tests/unit tests/store -name 'test_*.c' 2>/dev/null | sort)

REL_OBJ  := $(SRC:%.c=build/rel/%.o) build/rel/gen/assets.o
ASAN_OBJ := $(SRC:%.c=build/asan/%.o) build/asan/gen/assets.o
REL_TESTS  := $(TESTSRC:tests/%.c=build/rel/tests/%)
ASAN_TESTS := $(TESTSRC:tests/%.c=build/asan/tests/%)

.SECONDARY:
.PHONY: all run test test-unit test-asan test-api bench fuzz lint deps clean demo-db

all: build/rel/motcua

# npm packages embedded at build time (package-lock.json pins them)
node_modules/.stamp: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(NPM_ASSETS): | node_modules/.stamp ;

build/gen/common-passwords.txt: node_modules/.stamp tools/gen-common-passwords.mjs
	@mkdir -p build/gen
	node tools/gen-common-passwords.mjs $@

build/gen/assets.c: Makefile tools/embed.sh $(ASSETS)
	@mkdir -p build/gen
	@for f in $(GZ_SRC); do mkdir -p build/gen/gz/$$(dirname $$f) && gzip -9 -n -c $$f > build/gen/gz/$$f.gz || exit 1; done
	sh tools/embed.sh $(ASSETS) $(GZ_SRC:%=build/gen/gz/%.gz) > $@.tmp && mv $@.tmp $@

build/rel/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -c $< -o $@
build/asan/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_ASAN) -c $< -o $@

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -c $< -o $@
build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_ASAN) -c $< -o $@

build/rel/libmotcua.a: $(REL_OBJ)
	@rm -f $@; ar rcs $@ $^
build/asan/libmotcua.a: $(ASAN_OBJ)
	@rm -f $@; ar rcs $@ $^

build/rel/motcua: build/rel/src/main.o build/rel/libmotcua.a
	@echo "  LD      $@"
	@$(CC) -o $@ $^ $(LDLIBS)
	@ln -sf rel/motcua build/motcua

# the server under ASan+UBSan, for the API suite's second run (tests/run.sh)
build/asan/motcua: build/asan/src/main.o build/asan/libmotcua.a
	@echo "  LD asan $@"
	@$(CC) -fsanitize=address,undefined -o $@ $^ $(LDLIBS)

build/rel/tests/%: build/rel/tests/%.o build/rel/libmotcua.a
	@echo "  LD      $@"
	@$(CC) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)
build/asan/tests/%: build/asan/tests/%.o build/asan/libmotcua.a
	@echo "  LD asan $@"
	@$(CC) -fsanitize=address,undefined -o $@ $^ $(LDLIBS) $(shell pkg-config --libs cmocka)

BENCHSRC := $(shell find bench -name '*.c' 2>/dev/null | sort)
BENCH_BINS := $(BENCHSRC:bench/%.c=build/rel/bench/%)
build/rel/bench/%: bench/%.c build/rel/libmotcua.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_REL) -o $@ $< build/rel/libmotcua.a $(LDLIBS)

build/rel/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_REL) -Itests -c $< -o $@
build/asan/tests/%.o: tests/%.c
	@mkdir -p $(dir $@)
	@echo "  CC asan $<"
	@$(CC) $(CFLAGS_ASAN) -Itests -c $< -o $@

# the Mustache differential test's driver (outside build/*/tests, which
# tests/run.sh runs as cmocka programs)
build/rel/mustache-render: tests/mustache-diff/render_main.c build/rel/libmotcua.a
	@echo "  LD      $@"
	@$(CC) $(CFLAGS_REL) -o $@ $< build/rel/libmotcua.a $(LDLIBS)

tests/mustache-diff/node_modules: tests/mustache-diff/package-lock.json
	cd tests/mustache-diff && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# make deps: install what is missing, with apt-get (needs root or sudo).
deps:
	@sh tools/deps.sh

DB     ?= data/motcua.db
LISTEN ?= 127.0.0.1:8080
run: deps all
	@test -f $(DB) || build/rel/motcua seed-demo --db $(DB)
	build/rel/motcua serve --db $(DB) --listen $(LISTEN)

test: deps build/rel/motcua build/asan/motcua build/rel/mustache-render tests/mustache-diff/node_modules $(REL_TESTS) $(ASAN_TESTS)
	@sh tests/run.sh

test-unit: $(REL_TESTS)
	@for t in $(REL_TESTS); do $$t || exit 1; done

bench: deps build/rel/motcua $(BENCH_BINS)
	@sh bench/run.sh

fuzz:
	@sh tests/fuzz/run.sh

lint:
	@sh tools/lint.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
