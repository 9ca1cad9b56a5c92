# SPDX-License-Identifier: MIT
# scansion-run against mucadmin serve: our scripts and the conformance
# corpus in both modes, each corpus script on a fresh server, compared with
# the Prosody 0.12.3 baseline (tests/scansion/baseline-prosody-0.12.txt):
# the mini server must give exactly Prosody's results.
. "$(dirname "$0")/../testlib.sh"

OURS=$TOP/tests/scansion
CORPUS=$SHARED/scansion
BASELINE=$OURS/baseline-prosody-0.12.txt
JOBS=${SCANSION_JOBS:-6}

[ -x "$RUNNER" ] || t_skip "no $RUNNER"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -d "$CORPUS/prosody" ] || t_skip "no corpus in $CORPUS"
D=$(t_tmpdir)

# run_fresh OUT ARGS...: a fresh server (Prosody's test set-up: any
# password, admin@localhost an admin), the runner with ARGS; its exit
# status in OUT.rc, its output in OUT.
run_fresh() {
	local out=$1 dir
	shift
	_T_DIRS=() _T_PIDS=() _T_PROSODY=()
	trap t_cleanup EXIT
	dir=$(t_tmpdir) || return 1
	if ! serve_start "$dir" --any-password --admin admin@localhost \
		2>"$out.err"; then
		echo 99 >"$out.rc"
		return 1
	fi
	"$RUNNER" --port "$SERVE_PORT" "$@" >"$out" 2>"$out.skips"
	echo $? >"$out.rc"
	serve_stop
	echo $? >"$out.serve-rc"
}

run_jobs() {
	local name args n=0
	while read -r name args; do
		# shellcheck disable=SC2086
		(run_fresh "$D/$name" $args) &
		n=$((n + 1))
		if [ "$n" -ge "$JOBS" ]; then wait -n; n=$((n - 1)); fi
	done <"$D/jobs"
	wait
}

: >"$D/jobs"
for mode in default strict; do
	flag=; [ $mode = strict ] && flag=--strict
	# Our scripts use distinct rooms: one server runs them all, in turn.
	echo "ours-$mode $flag $OURS" >>"$D/jobs"
	while read -r script _; do
		case "$script" in '#'* | '') continue ;; esac
		echo "corpus-$(echo "$script" | tr / _)-$mode --timeout 3 $flag $CORPUS/$script" >>"$D/jobs"
	done <"$BASELINE"
done
run_jobs

n_ours=$(ls "$OURS"/*.scs | wc -l)
for mode in default strict; do
	out=$D/ours-$mode
	t_check "our scripts pass ($mode)" [ "$(cat "$out.rc")" = 0 ]
	t_check "our scripts: summary ($mode)" \
		grep -qx "$n_ours passed, 0 failed" "$out"
	grep -v '^PASS' "$out" | grep -v ' passed, '
	t_check "server exits cleanly on SIGTERM ($mode)" \
		[ "$(cat "$out.serve-rc")" = 0 ]
done

baseline_check "$BASELINE" "$D" "Prosody"

# In the default mode the stanzas skipped must be the ones Prosody sends
# that the corpus does not list (the baseline's comment block).
sed -n 's/^#   \([^ ]*:[0-9]*\) *\([^:]*\):.*/\1 \2/p' "$BASELINE" | sort >"$D/want-skips"
: >"$D/got-skips"
while read -r script want_d _; do
	case "$script" in '#'* | '') continue ;; esac
	[ "$want_d" = pass ] || { grep "^#   $script:" "$BASELINE" |
		sed 's/^#   \([^ ]*:[0-9]*\) *\([^:]*\):.*/\1 \2/' >>"$D/got-skips"; continue; }
	out=$D/corpus-$(echo "$script" | tr / _)-default
	sed -n "s|^skipped $CORPUS/\([^ ]*:[0-9]*\) \([^:]*\):.*|\1 \2|p" "$out.skips" |
		sort -u >>"$D/got-skips"
done <"$BASELINE"
sort -o "$D/got-skips" "$D/got-skips"
if diff "$D/want-skips" "$D/got-skips" >"$D/skips.diff"; then
	t_pass "corpus: the same unlisted stanzas as Prosody are skipped"
else
	t_fail "corpus: skipped stanzas differ from Prosody's (< Prosody, > serve)"
	cat "$D/skips.diff"
fi
t_done
