# SPDX-License-Identifier: MIT
# mucadmin: plain Makefile. make · make check · make demo · make install
# · make fuzz · make format · make format-check
#
# Sources are picked up by directory, so adding a file needs no edit here:
#   libmucadmin/*.c            -> build/libmucadmin.so.2, build/libmucadmin.a
#   libmucadmin/examples/*.c   -> build/examples/NAME
#   cli/*.c cli/server/*.c     -> build/mucadmin (main() in cli/main.c)
#   tests/scansion/*.c         -> build/scansion-run (main() in tests/scansion/main.c)
#   tests/unit/GROUP-NAME.c    -> build/tests/GROUP-NAME, linked with the
#                                 objects of GROUP: runner, server, lib or cli

# The one version: VERSION feeds the header's MUCADMIN_VERSION_* (as -D
# options here, written into the installed mucadmin.h), mucadmin_version(),
# the .pc and the man pages' .TH lines.
VERSION   := $(shell cat VERSION)
VERSION_WORDS = $(subst ., ,$(VERSION))
SOVERSION  = 2

PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR     ?=
INSTALL     ?= install
PKG_CONFIG  ?= pkg-config
CLANG_FORMAT ?= clang-format

# GNU conventions: CFLAGS (optimisation, debugging) is the user's and
# replaces the default below; CPPFLAGS and LDFLAGS are the user's too and
# reach every compile and link.  What the build needs is kept apart.
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wno-unused-parameter
VERSION_DEFS = -DMUCADMIN_VERSION_MAJOR=$(word 1,$(VERSION_WORDS)) \
	-DMUCADMIN_VERSION_MINOR=$(word 2,$(VERSION_WORDS)) \
	-DMUCADMIN_VERSION_PATCH=$(word 3,$(VERSION_WORDS)) \
	-DMUCADMIN_VERSION_STRING='"$(VERSION)"'
ifeq ($(SANITIZE),1)
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# Programs the tests compile against the library need the runtime too.
check: export MUCADMIN_SAN_FLAGS = -fsanitize=address,undefined
endif

# Build dependencies, found with pkg-config: module:Debian package.  Only
# readline's include path is taken: its .pc adds -D_XOPEN_SOURCE=600,
# which would lower the feature level of every file.
BUILD_DEPS = libstrophe:libstrophe-dev expat:libexpat1-dev \
	openssl:libssl-dev libidn:libidn-dev yaml-0.1:libyaml-dev \
	readline:libreadline-dev
pc = $(shell $(PKG_CONFIG) $(1) 2>/dev/null)
PC_CFLAGS := $(call pc,--cflags libstrophe expat openssl libidn yaml-0.1) \
	$(call pc,--cflags-only-I readline)
LIB_LIBS  := $(call pc,--libs libstrophe)
SRV_LIBS  := $(call pc,--libs expat openssl libidn)
CLI_LIBS  := $(LIB_LIBS) $(SRV_LIBS) $(call pc,--libs yaml-0.1 readline)
RUN_LIBS  := $(call pc,--libs libstrophe expat openssl)

ALL_CPPFLAGS = -Ilibmucadmin $(VERSION_DEFS) $(PC_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = -std=gnu11 $(WARN) $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS  = $(SAN_FLAGS) $(LDFLAGS)
# Linking: the compile flags too (-flto, -pg and the sanitizers need them).
LINK = $(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)

# VALGRIND=1: the CLI's black-box suites with every command under valgrind
# memcheck (tests/faults/valgrind-mucadmin); errors or definite leaks fail.
ifeq ($(VALGRIND),1)
check: export MUCADMIN_VALGRIND = 1
check: export MUCADMIN_SERVE_HANDSHAKE_TIMEOUT = 600
check: export SUITES ?= 11-cli-basics 50-cli-prosody 51-cli-serve \
	82-client-faults 89-valgrind-report
check: valgrind-clean
valgrind-clean:
	rm -rf $(B)/valgrind
.PHONY: valgrind-clean
endif

B = build

LIB_SRC = $(wildcard libmucadmin/*.c)
CLI_SRC = $(wildcard cli/*.c)
SRV_SRC = $(wildcard cli/server/*.c)
RUN_SRC = $(wildcard tests/scansion/*.c)
EX_SRC  = $(wildcard libmucadmin/examples/*.c)
UNIT_SRC = $(wildcard tests/unit/*.c)
LIBT_SRC = $(wildcard tests/lib/*.c)

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))
LIB_OBJ = $(call obj,$(LIB_SRC))
CLI_OBJ = $(call obj,$(CLI_SRC))
SRV_OBJ = $(call obj,$(SRV_SRC))
RUN_OBJ = $(call obj,$(RUN_SRC))
CLI_NOMAIN = $(filter-out $(B)/obj/cli/main.o,$(CLI_OBJ))
RUN_NOMAIN = $(filter-out $(B)/obj/tests/scansion/main.o,$(RUN_OBJ))

EXAMPLES = $(patsubst libmucadmin/examples/%.c,$(B)/examples/%,$(EX_SRC))
UNITS    = $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
LIBTESTS = $(patsubst tests/lib/%.c,$(B)/tests-lib/%,$(LIBT_SRC))

SONAME  = libmucadmin.so.$(SOVERSION)
LIBSO   = $(B)/$(SONAME)
LIBA    = $(B)/libmucadmin.a
HEADER  = $(B)/include/mucadmin.h
PROGS   = $(B)/mucadmin $(if $(RUN_SRC),$(B)/scansion-run)
MANPAGES = $(patsubst man/%,$(B)/man/%,$(wildcard man/*.[1-8]))

all: $(LIBSO) $(B)/libmucadmin.so $(LIBA) $(HEADER) $(PROGS) $(EXAMPLES) \
	$(UNITS) $(LIBTESTS) $(MANPAGES)

# Each build dependency by its pkg-config name; a missing one is named with
# the Debian package that provides it (tools/deps.sh installs the set).
$(B)/.deps-ok: Makefile
	@command -v $(PKG_CONFIG) >/dev/null 2>&1 || { \
		echo "mucadmin: $(PKG_CONFIG) not found (Debian: apt-get install pkg-config)" >&2; \
		exit 1; }
	@bad=; for d in $(BUILD_DEPS); do \
		$(PKG_CONFIG) --exists "$${d%%:*}" && continue; \
		echo "mucadmin: pkg-config module '$${d%%:*}' not found (Debian package: $${d#*:})" >&2; \
		bad="$$bad $${d#*:}"; \
	done; \
	[ -z "$$bad" ] || { echo "mucadmin: install:$$bad" \
		"(or set PKG_CONFIG_PATH to where their .pc files are)" >&2; exit 1; }
	@mkdir -p $(B) && touch $@

$(B)/obj/%.o: %.c VERSION | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -fPIC -MMD -MP -c -o $@ $<

$(LIBSO): $(LIB_OBJ) libmucadmin/libmucadmin.sym
	$(LINK) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libmucadmin/libmucadmin.sym \
		-o $@ $(LIB_OBJ) $(LIB_LIBS)

$(B)/libmucadmin.so: $(LIBSO)
	ln -sf $(SONAME) $@

$(LIBA): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

# The header as installed: the version numbers written in.
$(HEADER): libmucadmin/mucadmin.h VERSION
	@mkdir -p $(dir $@)
	printf '#define MUCADMIN_VERSION_%s %s\n' MAJOR $(word 1,$(VERSION_WORDS)) \
		MINOR $(word 2,$(VERSION_WORDS)) PATCH $(word 3,$(VERSION_WORDS)) \
		> $@.ver
	sed -e '/^#ifndef MUCADMIN_VERSION_MAJOR /,/^#endif/{/^#endif/r $@.ver' \
		-e 'd}' libmucadmin/mucadmin.h > $@.tmp
	rm -f $@.ver
	grep -q '^#define MUCADMIN_VERSION_PATCH' $@.tmp && mv $@.tmp $@

$(B)/mucadmin: $(CLI_OBJ) $(SRV_OBJ) $(LIBA)
	$(LINK) -o $@ $(CLI_OBJ) $(SRV_OBJ) $(LIBA) $(CLI_LIBS)

$(B)/scansion-run: $(RUN_OBJ)
	$(LINK) -o $@ $(RUN_OBJ) $(RUN_LIBS)

$(B)/examples/%: $(B)/obj/libmucadmin/examples/%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $< $(LIBA) $(LIB_LIBS)

$(B)/tests/runner-%: $(B)/obj/tests/unit/runner-%.o $(RUN_NOMAIN)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(RUN_LIBS)
$(B)/tests/server-%: $(B)/obj/tests/unit/server-%.o $(SRV_OBJ)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(SRV_LIBS)
$(B)/tests/lib-%: $(B)/obj/tests/unit/lib-%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(LIB_LIBS)
# tests/lib/NAME.c -> build/tests-lib/NAME: libmucadmin drivers that the
# 4x-lib suites run against real servers (they need arguments and network,
# so they are kept out of build/tests/, which the unit suite runs).
$(B)/tests-lib/%: $(B)/obj/tests/lib/%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(LIB_LIBS)
$(B)/tests/cli-%: $(B)/obj/tests/unit/cli-%.o $(CLI_NOMAIN) $(SRV_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(LINK) -o $@ $^ $(CLI_LIBS)

# The man pages with VERSION in their .TH line; mucadmin(1)'s command list
# comes from the command table.
TH_VERSION = -e '/^\.TH /s/"\(lib\)\{0,1\}mucadmin\( [0-9][0-9.]*\)\{0,1\}"/"\1mucadmin $(VERSION)"/'
$(B)/man/mucadmin.1: man/mucadmin.1.in $(B)/mucadmin VERSION
	@mkdir -p $(dir $@)
	$(B)/mucadmin __man-commands > $@.cmds
	sed -e '/^@COMMANDS@$$/{r $@.cmds' -e 'd}' \
		-e 's/@VERSION@/$(VERSION)/g' man/mucadmin.1.in > $@
	rm -f $@.cmds
$(B)/man/%: man/% VERSION
	@mkdir -p $(dir $@)
	sed $(TH_VERSION) $< > $@

# The committed man pages are what VERSION and the table give (suites 62
# and 13 check): "make docs" regenerates them after a change to either.
docs: $(MANPAGES)
	cp $(MANPAGES) man/

# Only check and demo install (as root) or name (otherwise) the Debian
# packages they need; the build is made after, so that it sees them.
# JOBS=N: suites run at once (default: three times the number of CPUs,
# twice with SANITIZE=1).
# The build before the tests and the demo uses every CPU unless make was
# given its own -j.
BUILD_JOBS = $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 1))
check:
	@tools/deps.sh ensure build test
	@$(MAKE) --no-print-directory $(BUILD_JOBS) all
	BUILD=$(abspath $(B)) tests/check.sh

demo:
	@tools/deps.sh ensure build demo
	@$(MAKE) --no-print-directory $(BUILD_JOBS) all
	BUILD=$(abspath $(B)) tests/demo.sh

bench: all
	BUILD=$(abspath $(B)) tests/bench.sh

# libmucadmin.pc is written at install time, from the install variables
# of that run (a .pc made by "make" would keep the PREFIX of the build).
PC_LIBDIR     = $(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))
PC_INCLUDEDIR = $(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
		$(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m 755 $(B)/mucadmin $(DESTDIR)$(BINDIR)/mucadmin
	$(INSTALL) -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libmucadmin.so
	$(INSTALL) -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libmucadmin.a
	$(INSTALL) -m 644 $(HEADER) $(DESTDIR)$(INCLUDEDIR)/mucadmin.h
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(PC_LIBDIR)' \
		'includedir=$(PC_INCLUDEDIR)' '' 'Name: libmucadmin' \
		'Description: XMPP multi-user chat room administration' \
		'Version: $(VERSION)' 'Requires.private: libstrophe' \
		'Libs: -L$${libdir} -lmucadmin' 'Cflags: -I$${includedir}' \
		> $(DESTDIR)$(PKGCONFIGDIR)/libmucadmin.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/libmucadmin.pc
	for f in $(filter %.1,$(MANPAGES)); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man1/; done
	for f in $(filter %.3,$(MANPAGES)); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man3/; done
	for f in $(filter %.5,$(MANPAGES)); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man5/; done
	for f in $(wildcard completions/mucadmin.bash); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(BASHCOMPDIR)/mucadmin; done
	for f in $(wildcard completions/_mucadmin); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(ZSHCOMPDIR)/_mucadmin; done
	for f in $(wildcard completions/mucadmin.fish); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(FISHCOMPDIR)/mucadmin.fish; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mucadmin \
		$(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libmucadmin.so \
		$(DESTDIR)$(LIBDIR)/libmucadmin.a \
		$(DESTDIR)$(INCLUDEDIR)/mucadmin.h \
		$(DESTDIR)$(PKGCONFIGDIR)/libmucadmin.pc \
		$(patsubst man/%,$(DESTDIR)$(MANDIR)/man1/%,$(wildcard man/*.1)) \
		$(patsubst man/%,$(DESTDIR)$(MANDIR)/man3/%,$(wildcard man/*.3)) \
		$(patsubst man/%,$(DESTDIR)$(MANDIR)/man5/%,$(wildcard man/*.5)) \
		$(DESTDIR)$(BASHCOMPDIR)/mucadmin $(DESTDIR)$(ZSHCOMPDIR)/_mucadmin \
		$(DESTDIR)$(FISHCOMPDIR)/mucadmin.fish

# The C style is .clang-format's.  format: apply it in place; format-check:
# fail, naming the files, when one would change.
FORMAT_FILES = $(wildcard libmucadmin/*.[ch] libmucadmin/examples/*.c \
	cli/*.[ch] cli/server/*.[ch] tests/*/*.[ch])
format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)
format-check:
	@command -v $(CLANG_FORMAT) >/dev/null 2>&1 || { echo "make" \
		"format-check: $(CLANG_FORMAT) not found (Debian: clang-format)" >&2; \
		exit 1; }
	@bad=; for f in $(FORMAT_FILES); do \
		$(CLANG_FORMAT) --dry-run -Werror $$f >/dev/null 2>&1 || \
			bad="$$bad $$f"; \
	done; \
	[ -z "$$bad" ] || { echo "make format-check: not formatted" \
		"(make format):" >&2; printf '  %s\n' $$bad >&2; exit 1; }

clean:
	rm -rf $(B)

.PHONY: all check demo bench install uninstall clean docs format format-check
.SECONDARY:

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
-include tests/fuzz/fuzz.mk
