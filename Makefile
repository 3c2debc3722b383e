# SPDX-License-Identifier: GPL-3.0-or-later
# traction: one Makefile. `make demo` and `make check` install what is
# missing (scripts/deps.sh) and build; SANITIZE=address,undefined builds
# into build-san/.

PREFIX  ?= /usr/local
LOCALEDIR ?= $(PREFIX)/share/locale
VERSION := 0.1.0
CC      ?= cc

PKGS    := sqlite3 libmicrohttpd jansson libRmath gsl libsodium libpsl zlib
WARN    := -Wall -Wextra -Wstrict-prototypes -Wvla -Wwrite-strings -Wformat=2 \
           -Wshadow -Wno-missing-field-initializers -Werror
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -DTRACTION_VERSION='"$(VERSION)"' \
             -DTRACTION_LOCALEDIR='"$(LOCALEDIR)"' $(WARN) $(CFLAGS) -Isrc \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lglpk -lm -pthread

ifdef SANITIZE
BUILD   ?= build-san
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
LDSAN   := -fsanitize=$(SANITIZE)
else
BUILD   ?= build
LDSAN   :=
endif

LIB_SRC := $(sort $(wildcard src/core/*.c src/model/*.c src/store/*.c \
             src/import/*.c src/catalog/*.c src/stats/*.c src/lp/*.c src/auth/*.c \
             src/analysis/*.c src/view/*.c src/sim/*.c src/dash/*.c \
             src/http/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/catalog_data.o \
           $(BUILD)/gen/survey_data.o
SURVEY_JSON := $(sort $(wildcard data/surveys/*.json))
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAY := $(FUZZ_SRC:%.c=$(BUILD)/%-replay)

# The dashboard's languages besides English: po/LANG.po, compiled into
# the build tree (where the program looks first: locale/ beside it) and
# installed under LOCALEDIR (docs/HACKING.md, "Languages").
LINGUAS := nl
MO      := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/traction.mo)

.PHONY: all deps check check-build test demo bench fuzz fuzz-long install clean lint calibrate pot

all: $(BUILD)/traction $(MO)

deps:
	@scripts/deps.sh

# The long calibration of pilot verdicts (docs/statistics.md): 2,000
# simulated pilots per design, 2,000 of weekly interim looks per design,
# 2,000 portfolios of 20.
calibrate: $(BUILD)/tests/unit/analysis/test_pilot_calibration
	CALIBRATE_RUNS=2000 $(BUILD)/tests/unit/analysis/test_pilot_calibration

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"; $(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The reviewed catalog, built into the program as a C string.
$(BUILD)/gen/catalog_data.c: data/catalog/ai-services.tsv
	@mkdir -p $(dir $@)
	@echo "  GEN $@"; { echo '/* Generated from $< by the Makefile. */'; \
	  echo 'const char catalog_builtin[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
	      -e 's/^/"/' -e 's/$$/\\n"/' $<; echo ';'; } >$@

$(BUILD)/gen/catalog_data.o: $(BUILD)/gen/catalog_data.c
	@echo "  CC $<"; $(CC) -std=c11 $(CFLAGS) -c -o $@ $<

# The reviewed survey instruments, each built in as a C string.
$(BUILD)/gen/survey_data.c: $(SURVEY_JSON) Makefile
	@mkdir -p $(dir $@)
	@echo "  GEN $@"; { echo '/* Generated from data/surveys by the Makefile. */'; \
	  echo '#include "model/survey.h"'; \
	  echo 'const struct survey_builtin survey_builtins[] = {'; \
	  for f in $(SURVEY_JSON); do echo "{\"$$(basename $$f .json)\","; \
	    sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
	        -e 's/^/"/' -e 's/$$/\\n"/' $$f; echo '},'; done; \
	  echo '{0, 0}};'; } >$@

$(BUILD)/gen/survey_data.o: $(BUILD)/gen/survey_data.c
	@echo "  CC $<"; $(CC) -std=c11 $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/locale/%/LC_MESSAGES/traction.mo: po/%.po
	@mkdir -p $(dir $@)
	@echo "  MSGFMT $<"; msgfmt --check -o $@ $<

# The template of every marked message (po/traction.pot) and each
# language's catalogue brought up to date with it; then translate what
# msgmerge left empty or fuzzy (tests/cli/t0026-i18n.sh fails until then).
pot:
	@echo "  XGETTEXT po/traction.pot"; scripts/pot.sh po/traction.pot
	@for l in $(LINGUAS); do msgmerge --quiet --update --backup=none \
	    --previous po/$$l.po po/traction.pot; done
	@for l in $(LINGUAS); do printf 'po/%s.po: ' $$l; \
	    msgfmt --statistics -o /dev/null po/$$l.po; done

$(BUILD)/libtraction.a: $(LIB_OBJ)
	@rm -f $@
	@echo "  AR $@"; ar rcs $@ $^

$(BUILD)/traction: $(CLI_OBJ) $(BUILD)/libtraction.a
	@echo "  LD $@"; $(CC) $(LDSAN) -o $@ $(CLI_OBJ) $(BUILD)/libtraction.a $(LIBS)

# The CLI with store fault injection (tests/fault/fault.c; never
# installed): SQLite's own hooks fail its Nth I/O call or allocation, as
# TRACTION_FAULT says. The wraps install them before SQLite initialises.
FAULT_WRAP := -Wl,--wrap=sqlite3_initialize -Wl,--wrap=sqlite3_vfs_find \
              -Wl,--wrap=sqlite3_open_v2 -Wl,--wrap=sqlite3_close_v2 \
              -Wl,--wrap=store_open

$(BUILD)/traction-fault: $(CLI_OBJ) $(BUILD)/tests/fault/fault.o $(BUILD)/libtraction.a
	@echo "  LD $@"; $(CC) $(LDSAN) $(FAULT_WRAP) -o $@ $(CLI_OBJ) \
	    $(BUILD)/tests/fault/fault.o $(BUILD)/libtraction.a $(LIBS)

$(BUILD)/tests/unit/%: tests/unit/%.c $(BUILD)/libtraction.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@echo "  LD $@"; $(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libtraction.a \
	    $(LIBS) $(shell pkg-config --libs cmocka) $(LDSAN)

$(BUILD)/fuzz/%-replay: fuzz/%.c fuzz/replay.c $(BUILD)/libtraction.a
	@mkdir -p $(dir $@)
	@echo "  LD $@"; $(CC) $(ALL_CFLAGS) -o $@ $< fuzz/replay.c $(BUILD)/libtraction.a \
	    $(LIBS) $(LDSAN)

check-build: $(BUILD)/traction $(MO) $(BUILD)/traction-fault $(UNIT_BIN) $(FUZZ_REPLAY)

# The whole suite, on a normal and a sanitizer build, and the shadow
# scan's threads under ThreadSanitizer; ends with one line "N passed, N
# failed".
check: deps
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory check-build SANITIZE=address,undefined
	@$(MAKE) --no-print-directory BUILD=build-tsan SANITIZE=thread \
	    build-tsan/traction
	@scripts/run-tests.sh build build-san

test: check-build
	@scripts/run-tests.sh $(BUILD)

lint:
	@scripts/lint.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@rm -rf demo
	@$(BUILD)/traction demo --dir demo $(if $(PORT),--port $(PORT))

bench: deps
	@scripts/deps.sh --bench
	@$(MAKE) --no-print-directory all
	@fail=0; for b in bench/*.sh; do echo "== $$b"; \
	    TRACTION=$(BUILD)/traction $$b || { echo "$$b: target missed"; fail=1; }; \
	done; exit $$fail

# libFuzzer targets (clang); each fuzz/fuzz_*.c is also built as a
# replay program that `make check` runs over fuzz/corpus/.
fuzz: deps
	@scripts/deps.sh --fuzz
	@$(MAKE) --no-print-directory CC=clang BUILD=build-fuzz \
	    SANITIZE=address,undefined,fuzzer-no-link build-fuzz/libtraction.a
	@mkdir -p build-fuzz/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	    clang $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o build-fuzz/fuzz/$$n \
	        $$f build-fuzz/libtraction.a $(LIBS) || exit 1; \
	    mkdir -p build-fuzz/corpus/$$n; \
	    echo "built build-fuzz/fuzz/$$n; run: build-fuzz/fuzz/$$n -max_total_time=60 build-fuzz/corpus/$$n fuzz/corpus/$${n#fuzz_}"; done

# Each target for FUZZ_SECONDS (600) from its corpus in the repository
# and build-fuzz/corpus/; then the inputs that add coverage are merged
# into fuzz/corpus/NAME (commit them; `make check` replays them). Prints
# each target's executions per second; a crash stops nothing else and
# leaves its input in build-fuzz/crashes/.
FUZZ_SECONDS ?= 600
fuzz-long: fuzz
	@mkdir -p build-fuzz/crashes; fail=0; \
	for f in $(FUZZ_SRC); do n=$$(basename $$f .c); c=$${n#fuzz_}; \
	    mkdir -p build-fuzz/corpus/$$n fuzz/corpus/$$c; \
	    if build-fuzz/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	        -print_final_stats=1 -artifact_prefix=build-fuzz/crashes/$$n- \
	        build-fuzz/corpus/$$n fuzz/corpus/$$c >build-fuzz/$$n.log 2>&1; then \
	        r=ok; else r="CRASHED (build-fuzz/$$n.log)"; fail=1; fi; \
	    runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/$$n.log); \
	    secs=$$(sed -n 's/.*Done [0-9]* runs in \([0-9]*\) second.*/\1/p' build-fuzz/$$n.log); \
	    build-fuzz/fuzz/$$n -merge=1 fuzz/corpus/$$c build-fuzz/corpus/$$n \
	        >build-fuzz/$$n-merge.log 2>&1 || { r="$$r, merge failed"; fail=1; }; \
	    printf '%-14s %s: %s runs in %s s (%s/s), corpus %s files\n' $$n "$$r" \
	        "$${runs:-?}" "$${secs:-?}" "$$( [ -n "$$runs" ] && [ -n "$$secs" ] && [ "$$secs" -gt 0 ] && echo $$((runs / secs)) || echo ?)" \
	        "$$(ls fuzz/corpus/$$c | wc -l)"; \
	done; exit $$fail

install: $(BUILD)/traction $(MO)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/traction
	install -m 755 $(BUILD)/traction $(DESTDIR)$(PREFIX)/bin/traction
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/traction/
	@for l in $(LINGUAS); do \
	    install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	    install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/traction.mo \
	        $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/traction.mo || exit 1; done

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(sort $(BUILD) build build-san) -name '*.d' 2>/dev/null)
