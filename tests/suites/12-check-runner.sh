# SPDX-License-Identifier: MIT
# tests/check.sh itself, on suites made here: JOBS suites run at once, each
# one's output printed whole when it ends (never interleaved); the closing
# line counts passed, failed and skipped and every skip is listed with its
# suite and reason; "# check: alone" suites run after the others; under
# CI=true or MUCADMIN_REQUIRE_SERVERS=1 a missing real server fails.
. "$(dirname "$0")/../testlib.sh"
D=$(t_tmpdir)
S=$D/suites
mkdir -p "$S"
mkfifo "$D/ab" "$D/ba"
# mk NAME BODY: a suite using the real tests/testlib.sh.
mk() { printf '. %q\nD=%q\n%s\n' "$TOP/tests/testlib.sh" "$D" "$2" >"$S/$1.sh"; }
# a and b each wait for the other, so they pass only when run together.
mk a-pass 't_pass a1
exec 3<>"$D/ab"
echo hi >&3
if read -r -t 20 _ <>"$D/ba"; then t_pass "a saw b"; else t_fail "a alone"; fi
t_pass a2
touch "$D/a.done"
t_done'
mk b-pass 't_pass b1
if read -r -t 20 _ <>"$D/ab"; then
	t_pass "b saw a"
	echo hi >"$D/ba"
else
	t_fail "b alone"
fi
t_pass b2
touch "$D/b.done"
t_done'
mk c-skip 't_skip "no frobnicator here"'
mk d-server 't_skip_server "no such server"'
mk e-partial 't_pass e1
echo "SKIP e-part: zsh missing"
t_done'
mk f-fail 't_fail f1
t_done'
mk z-alone '# check: alone (it checks that it runs last)
t_check "ran after the others" test -e "$D/a.done" -a -e "$D/b.done"
t_done'

run() { # OUT ENV... : the runner on $S with ENV
	local out=$1
	shift
	env -u CI -u MUCADMIN_REQUIRE_SERVERS -u SUITES BUILD="$D/build" \
		CHECK_SUITES_DIR="$S" "$@" bash "$TOP/tests/check.sh" >"$out" 2>&1
}
# block NAME: the lines the runner printed for suite NAME.
block() { sed -n "/^== $1 (/,/^== /p" "$D/out" | sed '1d;/^== /d'; }

run "$D/out" JOBS=2
t_check "a failed suite: exit 1" test $? = 1
t_check "closing line: passed, failed, skipped" \
	test "$(tail -n 1 "$D/out")" = "total: 8 passed, 1 failed, 3 skipped"
t_check "a and b ran at once (JOBS=2)" \
	grep -qx 'PASS a saw b' "$D/out"
t_check "a's output whole, not interleaved" test "$(block a-pass)" = \
	"$(printf 'PASS a1\nPASS a saw b\nPASS a2\n3 passed, 0 failed')"
t_check "b's output whole, not interleaved" test "$(block b-pass)" = \
	"$(printf 'PASS b1\nPASS b saw a\nPASS b2\n3 passed, 0 failed')"
t_check "each suite's output kept in BUILD/test-logs" \
	grep -qx 'PASS a2' "$D/build/test-logs/a-pass.log"
t_check "the alone suite ran last, after the others ended" \
	test "$(grep '^== ' "$D/out" | tail -n 1 | cut -d' ' -f2)" = z-alone
t_check "... and passed" grep -qx 'PASS ran after the others' "$D/out"
sed -n '/^skipped:$/,/^time: /p' "$D/out" >"$D/skips"
for s in "c-skip: no frobnicator here" "d-server: no such server" \
	"e-partial: e-part: zsh missing"; do
	t_check "skip listed: $s" grep -qx "  SKIP $s" "$D/skips"
done
t_check "the suites' times and CPU times are summed" \
	grep -qE '^time: [0-9.]+ s with JOBS=2; the suites one after another: [0-9.]+ s, [0-9.]+ s CPU$' "$D/out"

for v in CI=true MUCADMIN_REQUIRE_SERVERS=1; do
	run "$D/ci" "$v" SUITES="c-skip d-server"
	t_check "$v: a missing server fails the run" test $? = 1
	t_check "$v: counted as failed, not skipped" test \
		"$(tail -n 1 "$D/ci")" = "total: 0 passed, 1 failed, 1 skipped"
done
run "$D/ci" CI=false SUITES="d-server"
t_check "CI=false: a missing server skips" test $? = 0
run "$D/j" JOBS=0 SUITES=c-skip
t_check "JOBS=0: usage error" test $? = 2
run "$D/j" SUITE_TIMEOUT=x SUITES=c-skip
t_check "SUITE_TIMEOUT=x: usage error" test $? = 2

# The watchdog: a suite that hangs is stopped, its processes listed, and
# counted as failed; a process a suite leaves behind is listed and stopped.
# The sleeps stand for a hang and a forgotten server (argv[0] marks them).
S2=$D/hang
mkdir -p "$S2"
printf '. %q\nt_pass h1\n(exec -a mca-hang-%s sleep 600)\nt_done\n' \
	"$TOP/tests/testlib.sh" $$ >"$S2/h-hang.sh"
printf '. %q\nt_pass l1\n(exec -a mca-left-%s sleep 600) &\nt_done\n' \
	"$TOP/tests/testlib.sh" $$ >"$S2/l-left.sh"
env -u CI -u MUCADMIN_REQUIRE_SERVERS -u SUITES BUILD="$D/build2" \
	CHECK_SUITES_DIR="$S2" SUITE_TIMEOUT=2 bash "$TOP/tests/check.sh" \
	>"$D/hang.out" 2>&1
t_check "a hung suite fails the run" test $? = 1
t_check "... said so" grep -qx \
	'FAIL h-hang: stopped after 2 s (SUITE_TIMEOUT); its last lines and processes are above' \
	"$D/hang.out"
t_check "... its output before the hang kept" grep -qx 'PASS h1' "$D/hang.out"
t_check "... its processes listed" grep -q "mca-hang-$$ 600" "$D/hang.out"
t_check "... counted once" \
	test "$(tail -n 1 "$D/hang.out")" = "total: 1 passed, 1 failed, 0 skipped"
t_check "a leftover process listed" grep -q "mca-left-$$ 600" "$D/hang.out"
t_check "no process of either left" \
	test -z "$(pgrep -f "mca-(hang|left)-$$" || true)"
t_done
