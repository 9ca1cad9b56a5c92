# SPDX-License-Identifier: MIT
# scansion-run against real Prosody 0.12: our scripts, the conformance
# corpus in both modes (compared with tests/scansion/baseline-prosody-0.12.txt)
# and negative copies that must fail.
. "$(dirname "$0")/../testlib.sh"

OURS=$TOP/tests/scansion
CORPUS=$SHARED/scansion
BASELINE=$OURS/baseline-prosody-0.12.txt
JOBS=${SCANSION_JOBS:-6}
export PROSODY_AUTH=insecure

[ -x "$RUNNER" ] || t_skip "no $RUNNER"
have_prosody || t_skip_server "prosody or $SHARED/servers/prosody/start.sh missing"
[ -d "$CORPUS/prosody" ] || t_skip "no corpus in $CORPUS"
[ -f /usr/lib/prosody/modules/mod_muc_moderation/mod_muc_moderation.lua ] ||
	t_skip_server "prosody-modules (mod_muc_moderation) is not installed"
# t_tmpdir registers its dir in the shell that runs it, which $(...) is
# not; make and register ours here so that cleanup removes them.
s_tmpdir() {
	S_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mucadmin-test.XXXXXX") || return 1
	_T_DIRS+=("$S_DIR")
}
s_tmpdir
D=$S_DIR

# The runner without a server: usage and script errors.
"$RUNNER" >"$D/u.out" 2>&1
t_check "no arguments: exit 2" [ $? = 2 ]
"$RUNNER" --tls bogus x.scs >"$D/u.out" 2>&1
t_check "bad --tls: exit 2" [ $? = 2 ]
printf '[Client] A\n\tjid: a@localhost\n-----\nB connects\n' >"$D/bad.scs"
"$RUNNER" --port 1 "$D/bad.scs" >"$D/u.out" 2>&1
t_check "script error: exit 1" [ $? = 1 ]
t_check "script error: ERROR line names the line" \
	grep -q "^ERROR $D/bad.scs:4: unknown character 'B'" "$D/u.out"
t_check "script error: counted as failed" grep -qx "0 passed, 1 failed" "$D/u.out"
printf '[Client] A\n\tjid: a@localhost\n-----\nA connects\nA sends:\n\t<a/><b/>\n' \
	>"$D/bad2.scs"
"$RUNNER" --port 1 "$D/bad2.scs" >"$D/u.out" 2>&1
t_check "two root elements: ERROR before connecting" \
	grep -q "^ERROR $D/bad2.scs:5: bad stanza: expected one XML element" "$D/u.out"
mkdir "$D/dir" && cp "$D/bad2.scs" "$D/dir/b.scs" && cp "$D/bad.scs" "$D/dir/a.scs" &&
	: >"$D/dir/not-a-script.txt"
"$RUNNER" --port 1 "$D/dir" >"$D/u.out" 2>&1
t_check "a directory: its *.scs in name order" \
	[ "$(cut -d' ' -f1,2 "$D/u.out" | tr '\n' ' ')" = \
	"ERROR $D/dir/a.scs:4: ERROR $D/dir/b.scs:5: 0 passed, " ]

# run_fresh DIR OUT ARGS...: a fresh Prosody in DIR, the runner with ARGS,
# the runner's exit status in OUT.rc and its output in OUT.  Scripts reuse
# room names, so no two of them share a server.  DIR is registered by the
# main shell, whose cleanup waits for every server; here the server is only
# told to stop, so that the next job need not wait for its shutdown.
run_fresh() {
	local dir=$1 out=$2 try mods=muc_mam
	shift 2
	# Our scripts pin serve, which is Prosody with both (mucadmin-serve(1));
	# the corpus was written for Prosody's own set-up.
	case $out in */ours-*) mods="muc_mam muc_moderation" ;; esac
	for try in 1 2 3; do
		PROSODY_MUC_MODULES=$mods prosody_start "$dir" 2>"$out.err" && break
		[ "$try" = 3 ] && { echo 99 >"$out.rc"; return 1; }
	done
	"$RUNNER" --port "$PROSODY_PORT" "$@" >"$out" 2>"$out.skips"
	echo $? >"$out.rc"
	"$SHARED/servers/prosody/stop.sh" "$dir" >/dev/null 2>&1 &
}

# STARTTLS with real accounts (start.sh's default set-up): --cafile,
# --insecure, and a plain stream that the server refuses.
run_tls() {
	local dir=$1 script=$OURS/members_only_deregister.scs
	PROSODY_AUTH=internal_hashed prosody_start "$dir" 2>"$D/tls.err" ||
		PROSODY_AUTH=internal_hashed prosody_start "$dir" 2>"$D/tls.err" ||
		return 1
	# (--timeout 20: these two must pass, on a loaded machine too.)
	"$RUNNER" --port "$PROSODY_PORT" --tls starttls --cafile "$PROSODY_CAFILE" \
		--timeout 20 "$script" >"$D/tls-cafile" 2>&1
	"$RUNNER" --port "$PROSODY_PORT" --tls starttls --insecure \
		--timeout 20 "$script" >"$D/tls-insecure" 2>&1
	"$RUNNER" --port "$PROSODY_PORT" --tls starttls --timeout 3 \
		"$script" >"$D/tls-untrusted" 2>&1
	"$RUNNER" --port "$PROSODY_PORT" --tls none --timeout 3 \
		"$script" >"$D/tls-plain" 2>&1
	"$SHARED/servers/prosody/stop.sh" "$dir" >/dev/null 2>&1 &
}

# A state dir for one server, stopped and removed by the main shell's cleanup.
server_dir() {
	s_tmpdir || return 1
	_T_PROSODY+=("$S_DIR")
}

# Run every job line of $D/jobs ("NAME ARGS...") at most $JOBS at a time.
run_jobs() {
	local name args n=1
	server_dir && (run_tls "$S_DIR") &
	while read -r name args; do
		server_dir || return 1
		# shellcheck disable=SC2086
		(run_fresh "$S_DIR" "$D/$name" $args) &
		n=$((n + 1))
		if [ "$n" -ge "$JOBS" ]; then wait -n; n=$((n - 1)); fi
	done <"$D/jobs"
	wait
}

# Negative copies: one expectation changed each; they must fail.
sed "s/status code='321'/status code='307'/" \
	"$CORPUS/muc_members_only_deregister.scs" >"$D/seed-307.scs"
sed "62s/affiliation='member'/affiliation='admin'/" \
	"$CORPUS/muc_members_only_deregister.scs" >"$D/seed-admin.scs"
sed '/jid="${Juliet.s full JID}" affiliation="none" role="none"/{s/role="none"/role="none" nick="Juliet"/;}' \
	"$OURS/members_only_deregister.scs" >"$D/ours-extra-attr.scs"
# Swap <status code="321"/> and the <item> in Romeo's strict <x>.
awk '/<status code="321"\/>/ && !done { held=$0; getline; print; print held; done=1; next } { print }' \
	"$OURS/members_only_deregister.scs" >"$D/ours-order.scs"
# The reason as Tybalt receives it (its first use is in what Romeo sends).
awk '/Thou wretched boy/ { n++; if (n == 2) sub(/boy/, "man") } { print }' \
	"$OURS/ban_reason.scs" >"$D/ours-text.scs"
sed 's/status code="321"/status code="307"/' \
	"$OURS/members_only_deregister.scs" >"$D/ours-307.scs"
cat >"$D/nothing.scs" <<'SCS'
# A presence arrives where the script says nothing will
[Client] Romeo
	jid: user@localhost
	password: password
-----
Romeo connects
Romeo sends:
	<presence to="quiet@conference.localhost/Romeo">
		<x xmlns="http://jabber.org/protocol/muc"/>
	</presence>
Romeo receives: nothing
SCS

# Listed once: the runner and the count below must see the same set.
OUR_SCRIPTS=("$OURS"/*.scs)
: >"$D/jobs"
for mode in default strict; do
	flag=; [ $mode = strict ] && flag=--strict
	for f in "${OUR_SCRIPTS[@]}"; do
		echo "ours-$(basename "$f" .scs)-$mode --timeout 3 $flag $f" >>"$D/jobs"
	done
	while read -r script _; do
		case "$script" in '#'* | '') continue ;; esac
		echo "corpus-$(echo "$script" | tr / _)-$mode --timeout 3 $flag $CORPUS/$script" >>"$D/jobs"
	done <"$BASELINE"
	for neg in seed-307 seed-admin ours-307 ours-extra-attr ours-order ours-text; do
		echo "neg-$neg-$mode --timeout 2 $flag $D/$neg.scs" >>"$D/jobs"
	done
done
echo "neg-nothing-strict --strict $D/nothing.scs" >>"$D/jobs"
run_jobs

for m in cafile insecure; do
	if grep -qx "1 passed, 0 failed" "$D/tls-$m"; then
		t_pass "starttls with --$m"
	else
		t_fail "starttls with --$m"
		sed 's/^/    /' "$D/tls-$m"
	fi
done
t_check "starttls, certificate not trusted: ERROR" \
	grep -q "^ERROR .*Romeo connects" "$D/tls-untrusted"
t_check "plain stream where TLS is required: ERROR" \
	grep -q "^ERROR .*Romeo connects" "$D/tls-plain"

# Every script of ours passes in both modes.
for f in "${OUR_SCRIPTS[@]}"; do
	for mode in default strict; do
		out=$D/ours-$(basename "$f" .scs)-$mode
		if [ "$(cat "$out.rc")" = 0 ] && grep -q "^PASS $f" "$out" &&
			grep -qx "1 passed, 0 failed" "$out"; then
			t_pass "ours $(basename "$f") ($mode)"
		else
			t_fail "ours $(basename "$f") ($mode)"
			cat "$out"
		fi
	done
done
t_check "our members_only_deregister.scs is there" \
	[ -f "$D/ours-members_only_deregister-default" ]

# The corpus must give exactly the baseline's results.
baseline_check "$BASELINE" "$D" "the baseline"

for mode in default strict; do
	for neg in seed-307 seed-admin ours-307 ours-extra-attr ours-order ours-text; do
		out=$D/neg-$neg-$mode
		if [ "$(cat "$out.rc")" = 1 ] && grep -q "^FAIL $D/$neg.scs:" "$out" &&
			grep -qx "0 passed, 1 failed" "$out"; then
			t_pass "negative $neg ($mode) fails"
		else
			t_fail "negative $neg ($mode) should fail"
			cat "$out"
		fi
	done
done
t_check "seed 321->307: the failure names line 99" \
	grep -q "^FAIL $D/seed-307.scs:99: Juliet receives" "$D/neg-seed-307-default"
t_check "seed 321->307: shows the expected stanza" \
	grep -q "^  expected: .*status code='307'" "$D/neg-seed-307-default"
t_check "seed 321->307: lists the skipped stanzas" \
	grep -q "^  skipped (" "$D/neg-seed-307-default"
t_check "ours 321->307 --strict: shows the received stanza" \
	grep -q "^  received: .*status code='321'" "$D/neg-ours-307-strict"
t_check "ours 321->307 --strict: says why" \
	grep -q "^  mismatch: .*code='321', expected '307'" "$D/neg-ours-307-strict"
t_check "receives nothing: an arriving stanza fails" \
	grep -q "^FAIL $D/nothing.scs:11: Romeo receives nothing" "$D/neg-nothing-strict"
t_done
