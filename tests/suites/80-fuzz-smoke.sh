# SPDX-License-Identifier: MIT
# libFuzzer targets (tests/fuzz/*.c): build them, then replay their seed
# corpus and every saved crash input (tests/fuzz/regressions/NAME/).  No
# random fuzzing here, so the result depends on the tree only: that is
# `make fuzz` (FUZZ_SECONDS per target; tests/fuzz/fuzz.mk).
. "$(dirname "$0")/../testlib.sh"
set -u

command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1 ||
	t_skip "no clang (tools/deps.sh installs it)"
# Replaying needs no optimisation: -O0 in a directory of its own, apart
# from make fuzz's -O1 objects.
FZ=$BUILD/fuzz-replay
D=$(t_tmpdir) || exit 1

if make -s -C "$TOP" B="$BUILD" FZ="$FZ" FUZZ_OPT=-O0 fuzz-build \
	>"$D/build.log" 2>&1; then
	t_pass "fuzz targets build"
else
	tail -n 30 "$D/build.log"
	t_fail "fuzz targets build"
	t_done
	exit 1
fi
t_check "fuzz targets build warning-free" \
	bash -c "! grep -E 'warning:' '$D/build.log'"

for src in "$TOP"/tests/fuzz/*.c; do
	t=$(basename "$src" .c)
	bin=$FZ/fuzz-$t
	if [ ! -x "$bin" ]; then
		t_fail "fuzz-$t: not built"
		continue
	fi
	# The seeds and the saved crash inputs, each once.
	inputs=()
	for f in "$TOP/tests/fuzz/corpus/$t"/* \
		"$TOP/tests/fuzz/regressions/$t"/*; do
		[ -f "$f" ] && inputs+=("$f")
	done
	if [ ${#inputs[@]} = 0 ]; then
		t_fail "fuzz-$t: no seed corpus in tests/fuzz/corpus/$t"
		continue
	fi
	if (cd "$D" && nice -n 19 "$bin" -runs=1 "${inputs[@]}") \
		>"$D/$t.replay" 2>&1; then
		t_pass "fuzz-$t: ${#inputs[@]} seed and regression inputs replay"
	else
		grep -E '^(==|SUMMARY|Running:)' "$D/$t.replay" | tail -n 20
		t_fail "fuzz-$t: replaying seeds and regressions"
	fi
done
t_done
