# SPDX-License-Identifier: MIT
# The benchmark harness in its quick mode (tiny sizes, one repetition): it
# must complete and print its whole table.  No timing is checked here.
# It runs beside the other suites: quick mode checks no timing.
. "$(dirname "$0")/../testlib.sh"
D=$(t_tmpdir)

BENCH_QUICK=1 BENCH_INSTALL=0 BENCH_OUT="$D/out" BUILD="$BUILD" \
	"$TOP/tests/bench.sh" >"$D/table" 2>"$D/err"
rc=$?
t_check "quick bench completes" [ "$rc" = 0 ]
[ "$rc" = 0 ] || { tail -n 20 "$D/err"; }
t_check "prints the table header" grep -q '^# mucadmin benchmarks' "$D/table"
for s in "one-shot against" "bulk: " "large lists: " "apply: " \
	"startup, no network" "server: clients joining" "server: callgrind"; do
	t_check "table has: $s" grep -q "^## $s" "$D/table"
done
# Each way to reach a server has its row and its floor (issue 19).
for r in "--cafile / floor with the CA file alone" "cafile: in config / same floor" \
	"system store / floor with that store" "direct TLS / direct-TLS floor" \
	"plaintext / plaintext floor"; do
	t_check "table has: $r" grep -qF -- "  $r" "$D/table"
done
# Every row is a figure, a ratio or an explained n/a.
bad=$(grep -E '^  ' "$D/table" |
	grep -vE '[0-9](\.[0-9]+)? ?(us|ms|s|KiB|Ir) |[0-9.e+-]+x |n/a \(.+\)' || true)
t_check "every row has a figure or says why not" [ -z "$bad" ]
[ -z "$bad" ] || printf '%s\n' "$bad"
t_check "the table is saved" [ -s "$BUILD/bench/RESULTS-latest.md" ]
t_done
