# SPDX-License-Identifier: MIT
# serve --quirks ejabberd against real ejabberd 23.01: the scripts recorded
# on ejabberd (tests/scansion/ejabberd/*.scs, transcripts *.ejabberd.log)
# replayed against both, in the runner's default and --strict modes (every
# stanza listed, in order); both must pass each script in each mode, skip
# the same number of stanzas, and answer each request the same way (type,
# error condition and text).  Each script must fail against serve's default
# (Prosody) quirks: it tests a difference.
. "$(dirname "$0")/../testlib.sh"

HERE=$TOP/tests/scansion/ejabberd
[ -x "$RUNNER" ] || t_skip "no $RUNNER"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
have_ejabberd || t_skip_server "ejabberd is not installed"
D=$(t_tmpdir)
SCRIPTS=("$HERE"/*.scs)
t_check "there are recorded scripts" [ "${#SCRIPTS[@]}" -ge 5 ]

# replay WHO ARGS...: every script against the server at ARGS, in both
# modes, with the runner's output in $D/WHO-NAME-MODE and its wire log in
# $D/WHO-NAME-MODE.log.
replay() {
	local who=$1 f n mode flag
	shift
	for mode in default strict; do
		flag=; [ $mode = strict ] && flag=--strict
		for f in "${SCRIPTS[@]}"; do
			n=$(basename "$f" .scs)-$mode
			"$RUNNER" "$@" $flag -v "$f" >"$D/$who-$n" 2>"$D/$who-$n.log"
			echo $? >"$D/$who-$n.rc"
		done
	done
}

# answers LOG: each character's iq answers in order, one line each:
# character, id, type, error condition, error text.
NS_ST=urn:ietf:params:xml:ns:xmpp-stanzas
answers() {
	local l who st id ty co tx
	grep "^<- [^:]*: <iq " "$1" | while IFS= read -r l; do
		who=${l#<- }
		who=${who%%: *}
		st=${l#*: }
		id=$(printf '%s' "$st" | sed -n "s/^<iq[^>]* id='\([^']*\)'.*/\1/p")
		ty=$(printf '%s' "$st" | sed -n "s/^<iq[^>]* type='\([^']*\)'.*/\1/p")
		co=$(printf '%s' "$l" |
			sed -n "s/.*<error[^>]*><\([a-z-]*\) xmlns='$NS_ST'.*/\1/p")
		tx=$(printf '%s' "$l" | sed -n "s/.*<text[^>]*>\([^<]*\)<\/text>.*/\1/p")
		printf '%s|%s|%s|%s|%s\n' "$who" "$id" "$ty" "$co" "$tx"
	done | sort -s -t'|' -k1,1
}

ejabberd_start "$D/ejabberd" || { t_fail "ejabberd starts"; t_done; exit 1; }
replay ejabberd --port "$EJABBERD_PORT" --tls starttls \
	--cafile "$EJABBERD_CAFILE" --timeout 5
ejabberd_stop "$D/ejabberd"

mkdir "$D/q" "$D/p"
if serve_start "$D/q" --any-password --quirks ejabberd; then
	replay quirks --port "$SERVE_PORT" --timeout 5
	serve_stop
	t_check "serve --quirks ejabberd exits cleanly" [ $? = 0 ]
else
	t_fail "serve --quirks ejabberd starts"
fi
if serve_start "$D/p" --any-password; then
	replay prosody --port "$SERVE_PORT" --timeout 1
	serve_stop
else
	t_fail "serve starts"
fi

# compare NAME-MODE: both servers pass it alike and answer alike.
compare() {
	local n=$1 who
	for who in ejabberd quirks; do
		if [ "$(cat "$D/$who-$n.rc")" = 0 ] &&
			grep -qx "1 passed, 0 failed" "$D/$who-$n"; then
			t_pass "$n: passes on $who"
		else
			t_fail "$n: fails on $who"
			cat "$D/$who-$n"
		fi
	done
	# "PASS FILE (N skipped)": the same N from both.
	t_check "$n: as many stanzas skipped on both" [ \
		"$(sed -n 's/^PASS [^ ]*//p' "$D/ejabberd-$n")" = \
		"$(sed -n 's/^PASS [^ ]*//p' "$D/quirks-$n")" ]
	answers "$D/ejabberd-$n.log" >"$D/ejabberd-$n.answers"
	answers "$D/quirks-$n.log" >"$D/quirks-$n.answers"
	if [ -s "$D/ejabberd-$n.answers" ] &&
		diff "$D/ejabberd-$n.answers" "$D/quirks-$n.answers" >"$D/$n.diff"; then
		t_pass "$n: the same answers from both"
	else
		t_fail "$n: answers differ (< ejabberd, > serve --quirks ejabberd)"
		cat "$D/$n.diff"
	fi
}

for f in "${SCRIPTS[@]}"; do
	n=$(basename "$f" .scs)
	t_check "$n: its ejabberd transcript is in the repo" \
		[ -s "$HERE/$n.ejabberd.log" ]
	compare "$n-default"
	compare "$n-strict"
	t_check "$n: fails with the default (Prosody) quirks" \
		grep -qx "0 passed, 1 failed" "$D/prosody-$n-default"
done
t_done
