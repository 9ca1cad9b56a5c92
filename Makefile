# SPDX-License-Identifier: MIT
# mucadmin: plain Makefile. make · make check · make demo · make install
#
# Sources are picked up by directory, so adding a file needs no edit here:
#   libmucadmin/*.c            -> build/libmucadmin.so.0, build/libmucadmin.a
#   libmucadmin/examples/*.c   -> build/examples/NAME
#   cli/*.c cli/server/*.c     -> build/mucadmin (main() in cli/main.c)
#   tests/scansion/*.c         -> build/scansion-run (main() in tests/scansion/main.c)
#   tests/unit/GROUP-NAME.c    -> build/tests/GROUP-NAME, linked with the
#                                 objects of GROUP: runner, server, lib or cli

VERSION    = 0.1.0
SOVERSION  = 0

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

CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wno-unused-parameter
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -MMD -MP -Ilibmucadmin \
	-DMUCADMIN_VERSION_STRING='"$(VERSION)"'
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS    += -fsanitize=address,undefined
# Programs the tests compile against the library need the runtime too.
check: export MUCADMIN_SAN_FLAGS = -fsanitize=address,undefined
endif
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

LIB_LIBS = -lstrophe
SRV_LIBS = -lexpat -lssl -lcrypto -lidn
CLI_LIBS = $(LIB_LIBS) $(SRV_LIBS) -lreadline -lyaml
RUN_LIBS = -lstrophe -lexpat -lssl -lcrypto

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
PCFILE  = $(B)/libmucadmin.pc
PROGS   = $(B)/mucadmin $(if $(RUN_SRC),$(B)/scansion-run)

all: $(LIBSO) $(B)/libmucadmin.so $(LIBA) $(PCFILE) $(PROGS) $(EXAMPLES) \
	$(UNITS) $(LIBTESTS) $(B)/man/mucadmin.1

# Missing Debian packages are installed when root, else named (tools/deps.sh).
$(B)/.deps-ok: tools/deps.sh
	@tools/deps.sh ensure
	@mkdir -p $(B) && touch $@

$(B)/obj/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(LIBSO): $(LIB_OBJ) libmucadmin/libmucadmin.sym
	$(CC) -shared -Wl,-soname,$(SONAME) \
		-Wl,--version-script=libmucadmin/libmucadmin.sym \
		$(LDFLAGS) -o $@ $(LIB_OBJ) $(LIB_LIBS)

$(B)/libmucadmin.so: $(LIBSO)
	ln -sf $(SONAME) $@

$(LIBA): $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(PCFILE): Makefile
	@mkdir -p $(B)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' \
		'includedir=$(INCLUDEDIR)' '' 'Name: libmucadmin' \
		'Description: XMPP multi-user chat room administration' \
		'Version: $(VERSION)' 'Requires.private: libstrophe' \
		'Libs: -L$${libdir} -lmucadmin' 'Cflags: -I$${includedir}' > $@

$(B)/mucadmin: $(CLI_OBJ) $(SRV_OBJ) $(LIBA)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(SRV_OBJ) $(LIBA) $(CLI_LIBS)

$(B)/scansion-run: $(RUN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $(RUN_OBJ) $(RUN_LIBS)

$(B)/examples/%: $(B)/obj/libmucadmin/examples/%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIB_LIBS)

$(B)/tests/runner-%: $(B)/obj/tests/unit/runner-%.o $(RUN_NOMAIN)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(RUN_LIBS)
$(B)/tests/server-%: $(B)/obj/tests/unit/server-%.o $(SRV_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(SRV_LIBS)
$(B)/tests/lib-%: $(B)/obj/tests/unit/lib-%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)
# tests/lib/NAME.c -> build/tests-lib/NAME: libmucadmin drivers that the
# 4x-lib suites run against real servers (they need arguments and network,
# so they are kept out of build/tests/, which the unit suite runs).
$(B)/tests-lib/%: $(B)/obj/tests/lib/%.o $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)
$(B)/tests/cli-%: $(B)/obj/tests/unit/cli-%.o $(CLI_NOMAIN) $(SRV_OBJ) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ $(CLI_LIBS)

# The man page's command list comes from the command table.
$(B)/man/mucadmin.1: man/mucadmin.1.in $(B)/mucadmin
	@mkdir -p $(dir $@)
	$(B)/mucadmin __man-commands > $@.cmds
	sed -e '/^@COMMANDS@$$/{r $@.cmds' -e 'd}' \
		-e 's/@VERSION@/$(VERSION)/g' man/mucadmin.1.in > $@
	rm -f $@.cmds

# man/mucadmin.1 is committed (installed as it is, checked by suite
# 62-man); "make docs" regenerates it after a change to the table.
docs: $(B)/man/mucadmin.1
	cp $(B)/man/mucadmin.1 man/mucadmin.1

check: all
	BUILD=$(abspath $(B)) tests/check.sh

demo: all
	BUILD=$(abspath $(B)) tests/demo.sh

bench: all
	BUILD=$(abspath $(B)) tests/bench.sh

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
	$(INSTALL) -m 644 libmucadmin/mucadmin.h $(DESTDIR)$(INCLUDEDIR)/mucadmin.h
	$(INSTALL) -m 644 $(PCFILE) $(DESTDIR)$(PKGCONFIGDIR)/libmucadmin.pc
	for f in $(wildcard man/*.1); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man1/; done
	for f in $(wildcard man/*.3); do \
		$(INSTALL) -m 644 $$f $(DESTDIR)$(MANDIR)/man3/; done
	for f in $(wildcard man/*.5); do \
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

clean:
	rm -rf $(B)

.PHONY: all check demo bench install uninstall clean docs
.SECONDARY:

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
-include tests/fuzz/fuzz.mk
