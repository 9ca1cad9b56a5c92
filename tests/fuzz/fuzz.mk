# SPDX-License-Identifier: MIT
# tests/fuzz/fuzz.mk - libFuzzer targets (clang), included by the Makefile.
#
#   make fuzz-build                 build $(B)/fuzz/fuzz-NAME for every target
#   make fuzz FUZZ_SECONDS=N        run each target N seconds (default 60) on
#                                   tests/fuzz/corpus/NAME (a copy: new inputs
#                                   land in $(B)/fuzz/corpus/NAME); crashes are
#                                   written to $(B)/fuzz/crash-NAME-*
#   make fuzz FUZZ_TARGETS="xnode sasl"   only those
#
# Objects are compiled again with clang, coverage instrumentation and
# ASan+UBSan into $(B)/fuzz/obj, apart from the normal build.  Saved crash
# inputs live in tests/fuzz/regressions/NAME/ and are replayed by the
# 80-fuzz-smoke suite.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# FUZZ_OPT: -O1 for fuzzing; suite 80, which only replays inputs, builds
# with -O0 into its own FZ (half the compile time).
FUZZ_OPT     ?= -O1
FUZZ_CFLAGS   = -std=gnu11 -Wall -Wextra -Wno-unused-parameter $(FUZZ_OPT) -g \
	$(FUZZ_SAN) -Ilibmucadmin $(VERSION_DEFS) $(PC_CFLAGS) $(CPPFLAGS)
FZ ?= $(B)/fuzz

fzobj = $(patsubst %.c,$(FZ)/obj/%.o,$(1))
FZ_SRV = $(call fzobj,$(SRV_SRC))
FZ_LIB = $(call fzobj,$(LIB_SRC))
FZ_CLI = $(call fzobj,$(filter-out cli/main.c,$(CLI_SRC)))

# Targets: tests/fuzz/NAME.c -> $(FZ)/fuzz-NAME; what each links.
FUZZ_ALL     = $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c))
FUZZ_TARGETS ?= $(FUZZ_ALL)
FZ_DEPS_stream = $(FZ_SRV)
FZ_LIBS_stream = $(SRV_LIBS)
FZ_DEPS_sasl   = $(FZ_SRV)
FZ_LIBS_sasl   = $(SRV_LIBS)
FZ_DEPS_xnode  = $(FZ_SRV)
FZ_LIBS_xnode  = $(SRV_LIBS)
FZ_DEPS_form   = $(FZ_SRV)
FZ_LIBS_form   = $(SRV_LIBS)
FZ_DEPS_script = $(call fzobj,tests/scansion/script.c)
FZ_LIBS_script =
FZ_DEPS_iqfwd  = $(FZ_SRV)
FZ_LIBS_iqfwd  = $(SRV_LIBS)
FZ_DEPS_store  = $(FZ_SRV)
FZ_LIBS_store  = $(SRV_LIBS)
FZ_DEPS_rooms  = $(FZ_CLI) $(FZ_SRV) $(FZ_LIB)
FZ_LIBS_rooms  = $(CLI_LIBS)
FZ_DEPS_account = $(call fzobj,cli/account.c)
FZ_LIBS_account = -lyaml
FZ_DEPS_libform = $(FZ_LIB)
FZ_LIBS_libform = $(LIB_LIBS)
FZ_DEPS_answers = $(FZ_LIB) $(call fzobj,cli/output.c cli/server/xutil.c)
FZ_LIBS_answers = $(LIB_LIBS)

$(FZ)/obj/tests/fuzz/%.o: tests/fuzz/%.c | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
$(FZ)/obj/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

.SECONDEXPANSION:
$(FZ)/fuzz-%: $(FZ)/obj/tests/fuzz/%.o $$(FZ_DEPS_$$*)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(FZ_LIBS_$*)

fuzz-build: $(patsubst %,$(FZ)/fuzz-%,$(FUZZ_TARGETS))

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FZ)/corpus/$$t; \
		echo "== fuzz-$$t: $(FUZZ_SECONDS) s"; \
		(cd $(FZ) && nice -n 19 ./fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
			-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=crash-$$t- corpus/$$t \
			$(abspath tests/fuzz/corpus)/$$t) 2>&1 | \
			grep -E '^(stat::number_of_executed_units|==|SUMMARY|Test unit written|INFO: seed corpus|#[0-9]+ *DONE)|runtime error' || :; \
		if ls $(FZ)/crash-$$t-* >/dev/null 2>&1; then \
			echo "fuzz-$$t: crash inputs in $(FZ)/crash-$$t-*"; exit 1; \
		fi; \
	done

.PHONY: fuzz fuzz-build

-include $(shell find $(FZ)/obj -name '*.d' 2>/dev/null)
