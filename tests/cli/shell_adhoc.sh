# SPDX-License-Identifier: MIT
# tests/cli/shell_adhoc.sh - ad-hoc commands as dialogues in the
# interactive shell (tmux): FIELD= completion of a command's fields, each
# stage's form shown and asked for (Tab on a list's options), a bad value
# asked again, cancel (a line, Ctrl-C, Ctrl-D) sent to the server, the
# server's errors; against serve (Prosody's MUC commands), a fake server's
# two-stage command (tests/faults/fake_server.py adhoc-stages), and real
# Prosody.  Sourced by tests/suites/60-shell.sh after shell_pty.sh (tm,
# keys, screen_wait, shell_open).

tm new-session -d -s keep2 -x 20 -y 5 "sleep 86400"
SVC=conference.localhost
SETAFF=http://prosody.im/protocol/muc#set-affiliation
DESTROY=http://prosody.im/protocol/muc#destroy
mkdir -p "$D/adhoc"
if ! serve_start "$D/adhoc" --tls off --user admin@localhost:pw \
	--admin admin@localhost -v; then
	t_fail "adhoc: serve starts"
	return 0
fi
A=("$MUCADMIN" --server "127.0.0.1:$SERVE_PORT" --plaintext --timeout 20
	--jid admin@localhost)
LOG=$D/adhoc/serve.err
# answer NAME PROMPT KEYS...: once PROMPT shows, type KEYS.
answer() {
	local name=$1 prompt=$2
	shift 2
	screen_wait "$name" "$prompt" >/dev/null && keys "$name" "$@"
}
# cancels_answered N: serve got N cancels and answered each "canceled".
cancels_answered() {
	local deadline=$((SECONDS + 20))
	while [ $SECONDS -lt $deadline ]; do
		[ "$(grep -c 'RECV: .*action="cancel"' "$LOG")" = "$1" ] &&
			[ "$(grep -c "SEND: .*status='canceled'" "$LOG")" = "$1" ] &&
			return 0
		sleep 0.1
	done
	grep -c 'action="cancel"' "$LOG" >&2
	return 1
}
# (made out of order: Destroy Rooms lists them sorted)
"${A[@]}" create dlg3 >/dev/null 2>&1
"${A[@]}" create dlg1 >/dev/null 2>&1
"${A[@]}" create dlg2 >/dev/null 2>&1

# Script mode never asks: a missing field is a usage error, as one-shot.
printf 'command -y %s %s room=dlg1@%s\n' $SVC $SETAFF $SVC >"$D/in"
"${A[@]}" shell <"$D/in" >"$D/out" 2>"$D/err"
t_check "adhoc: a script never asks (exit 2)" [ $? = 2 ]
t_check "adhoc: a script: the field that needs a value" grep -q \
	"required: the field jid needs a value (jid=VALUE)" "$D/err"
t_check "adhoc: a script: no form shown" sh -c "! grep -q 'Set affiliation' '$D/out'"
t_check "adhoc: a script: the command cancelled" cancels_answered 1

shell_open ad1 "${A[@]}" shell
t_check "adhoc: the shell" screen_wait ad1 '^mucadmin admin@localhost>$'
# FIELD= of the command's first stage, and a list field's options.
keys ad1 "command $SVC $SETAFF aff" Tab
t_check "adhoc: Tab completes a command's field name" screen_wait ad1 \
	"> command $SVC $SETAFF affiliation=\$"
keys ad1 'ow' Tab
t_check "adhoc: Tab completes the field's option" screen_wait ad1 \
	"> command $SVC $SETAFF affiliation=owner ?\$"
keys ad1 C-u
t_check "adhoc: completion's execute was cancelled" cancels_answered 2

# A dialogue: room given on the line, the rest asked for.
fresh ad1 "command -y $SVC $SETAFF room=dlg1@$SVC" Enter
t_check "adhoc: the stage's form: its title" screen_wait ad1 '^Set affiliation$'
t_check "adhoc: a field given on the line" screen_wait ad1 \
	"^  room: Room \(jid-single, required\) = dlg1@$SVC \(given\)\$"
t_check "adhoc: a list field's options" screen_wait ad1 \
	'^      options: owner, admin, member, none, outcast$'
t_check "adhoc: asks for the first field not given" screen_wait ad1 '^jid>$'
keys ad1 Enter
t_check "adhoc: an empty required field: asked again" screen_wait ad1 \
	"required: jid needs a value \('cancel' cancels the command\)\$"
keys ad1 'not@a@jid' Enter
t_check "adhoc: a bad value: why, and asked again" screen_wait ad1 \
	'bad-value: jid: not a valid JID$'
keys ad1 'user2@localhost' Enter
t_check "adhoc: the next field" screen_wait ad1 '^affiliation>$'
keys ad1 'me' Tab
t_check "adhoc: Tab offers the field's options" screen_wait ad1 '^affiliation> member$'
keys ad1 Enter
t_check "adhoc: an optional field" screen_wait ad1 '^reason>$'
keys ad1 Enter
t_check "adhoc: submitted: the server's note" screen_wait ad1 '^info +Affiliation updated$'
t_check "adhoc: the prompt is back" screen_wait ad1 '^mucadmin admin@localhost>$'
t_check "adhoc: the dialogue's affiliation is set" sh -c \
	'"$@" --json members dlg1 | grep -q "\"jid\":\"user2@localhost\""' _ "${A[@]}"
t_check "adhoc: the answers stay out of the history" sh -c \
	"! grep -q 'user2@localhost' '$XDG_STATE_HOME/mucadmin/history'"

# Everything required given: no dialogue.
fresh ad1 "command -y $SVC $SETAFF room=dlg1@$SVC jid=user3@localhost affiliation=admin" Enter
t_check "adhoc: all given: run at once" screen_wait ad1 '^info +Affiliation updated$'
t_check "adhoc: all given: no form shown" sh -c "! grep -q '^Set affiliation' '$D/screen'"

# A bad value on the line: said, then asked for (the rest kept).
fresh ad1 "command -y $SVC $SETAFF room=dlg1@$SVC jid=bad@@jid affiliation=member" Enter
t_check "adhoc: a bad value on the line: why" screen_wait ad1 \
	"command: $SVC: bad-value: jid: not a valid JID\$"
t_check "adhoc: a bad value on the line: asked for" screen_wait ad1 '^jid>$'
t_check "adhoc: the good ones given" screen_wait ad1 \
	'^  affiliation: Affiliation \(list-single, required\) = member \(given\)$'
keys ad1 'user3@localhost' Enter
answer ad1 '^reason>$' Enter
t_check "adhoc: a bad value on the line: then done" screen_wait ad1 '^info +Affiliation updated$'
t_check "adhoc: a bad value on the line: the affiliation set" sh -c \
	'"$@" --json members dlg1 | grep -q "\"jid\":\"user3@localhost\""' _ "${A[@]}"

# Cancel: a line "cancel", Ctrl-C, Ctrl-D; each a cancel the server ends.
fresh ad1 "command -y $SVC $SETAFF" Enter
t_check "adhoc: nothing given: every field asked" screen_wait ad1 '^room>$'
keys ad1 "dlg2@$SVC" Enter
screen_wait ad1 '^jid>$' >/dev/null
keys ad1 'cancel' Enter
t_check "adhoc: a line 'cancel': the command canceled at the server" \
	screen_wait ad1 "command: $SVC: canceled: the command was canceled; the server ended it\$"
t_check "adhoc: 'cancel': serve got it and answered canceled" cancels_answered 3
fresh ad1 "command -y $SVC $SETAFF" Enter
screen_wait ad1 '^room>$' >/dev/null
# (^C flushes what the terminal has not passed on yet: wait for the echo.)
keys ad1 "dlg2@$SVC"
screen_wait ad1 "^room> dlg2@$SVC\$" >/dev/null
keys ad1 C-c
t_check "adhoc: Ctrl-C at a question" screen_wait ad1 "^room> dlg2@$SVC\^C\$"
t_check "adhoc: Ctrl-C: canceled at the server" cancels_answered 4
t_check "adhoc: Ctrl-C: the prompt is back" screen_wait ad1 '^mucadmin admin@localhost>$'
fresh ad1 "command -y $SVC $SETAFF" Enter
screen_wait ad1 '^room>$' >/dev/null
keys ad1 C-d
t_check "adhoc: Ctrl-D: canceled at the server" cancels_answered 5
t_check "adhoc: Ctrl-D: said so" screen_wait ad1 "canceled: the command was canceled; the server ended it\$"
fresh ad1 'version' Enter
t_check "adhoc: the shell goes on after a cancel" screen_wait ad1 '^mucadmin [0-9.]+ \(libmucadmin'
t_check "adhoc: and no stray blank line after Ctrl-D" sh -c \
	"grep -A1 '> version\$' '$D/screen' | grep -q '^mucadmin [0-9]'"

# The server's error: a room that does not exist, reported (exit 1).
fresh ad1 "command -y $SVC $SETAFF jid=user2@localhost affiliation=member" Enter
screen_wait ad1 '^room>$' >/dev/null
keys ad1 "nosuch@$SVC" Enter
answer ad1 '^reason>$' Enter
t_check "adhoc: the server's error note" screen_wait ad1 \
	"command: $SVC: command-error: No such room\$"
t_check "adhoc: the server's status" screen_wait ad1 '^status: canceled$'

# A list-multi field: several values on a line, Tab on each.
fresh ad1 "command -y $SVC $DESTROY" Enter
t_check "adhoc: Destroy Rooms: its form" screen_wait ad1 \
	'^  rooms: Rooms to destroy: \(list-multi, required; values separated by blanks\)$'
t_check "adhoc: Destroy Rooms: its instructions, as Prosody's" screen_wait ad1 \
	'^Select the rooms to destroy$'
t_check "adhoc: Destroy Rooms: every room, sorted, as Prosody's" screen_wait ad1 \
	"^      options: dlg1@$SVC, dlg2@$SVC, dlg3@$SVC\$"
keys ad1 "nosuch@$SVC" Enter
t_check "adhoc: a value the list does not offer: asked again" screen_wait ad1 \
	"bad-value: rooms: not one of the field's options\$"
keys ad1 'dlg2' Tab
t_check "adhoc: Tab completes one of several values" screen_wait ad1 "^rooms> dlg2@$SVC ?\$"
keys ad1 'dlg3' Tab
t_check "adhoc: Tab completes the second value" screen_wait ad1 "^rooms> dlg2@$SVC dlg3@$SVC ?\$"
keys ad1 Enter
t_check "adhoc: Destroy Rooms: done" screen_wait ad1 "^info +The following rooms were destroyed: dlg2@$SVC dlg3@$SVC"
t_check "adhoc: both rooms gone, the third kept" sh -c \
	'! "$@" info dlg2 && ! "$@" info dlg3 && "$@" info dlg1' _ "${A[@]}" \
	>/dev/null 2>&1
tm kill-session -t ad1
serve_stop

# Two stages (no Prosody or serve command has two): the fake server's.
PY=/usr/bin/python3
coproc FAKESRV { FAKE_SERVER_SECONDS=120 "$PY" "$TOP/tests/faults/fake_server.py" adhoc-stages 2>"$D/fake.err"; }
FPID=$FAKESRV_PID
_T_PIDS+=("$FPID")
FPORT=
IFS= read -r -t 10 line <&"${FAKESRV[0]}" && FPORT=${line#PORT=}
t_check "adhoc: the fake server listens" test -n "$FPORT"
shell_open ad2 "$MUCADMIN" --server "127.0.0.1:$FPORT" --plaintext \
	--timeout 20 --jid user@localhost shell
t_check "adhoc: fake: the shell" screen_wait ad2 '^mucadmin user@localhost>$'
keys ad2 'command -y localhost stages' Enter
t_check "adhoc: fake: stage one's instructions" screen_wait ad2 '^Pick a mode$'
t_check "adhoc: fake: a fixed field's text" screen_wait ad2 '^  Read this first$'
t_check "adhoc: fake: options with their labels" screen_wait ad2 \
	'^      options: fast \(Fast\), slow \(Slow\), refuse, hang$'
t_check "adhoc: fake: the server's control characters as \\xHH" screen_wait ad2 \
	'^  evil: Evil\\x9b2J\\x7flabel \(text-single\)$'
t_check "adhoc: fake: the current value in the question" screen_wait ad2 '^mode \[slow\]>$'
keys ad2 'f' Tab Enter
t_check "adhoc: fake: a boolean's current value" screen_wait ad2 '^notify \[true\]>$'
keys ad2 'fa' Tab
t_check "adhoc: fake: Tab on a boolean" screen_wait ad2 '^notify \[true\]> false$'
keys ad2 Enter
screen_wait ad2 '^secret>$' >/dev/null
keys ad2 'hunter2' Enter
t_check "adhoc: fake: a private answer is not shown" screen_wait ad2 '^evil>$'
t_check "adhoc: fake: (nowhere on the screen)" sh -c "! grep -q hunter2 '$D/screen'"
keys ad2 Enter
t_check "adhoc: fake: the second stage" screen_wait ad2 '^Stage two$'
keys ad2 'a@localhost b@localhost' Enter
t_check "adhoc: fake: text-multi: a line a value" screen_wait ad2 '^lines>$'
keys ad2 'line one' Enter
answer ad2 '^  \.\.\.>$' 'line two' Enter
t_check "adhoc: fake: text-multi: the next line" screen_wait ad2 '^  \.\.\.> line two$'
answer ad2 '^  \.\.\.>$' Enter
t_check "adhoc: fake: completed, its note" screen_wait ad2 '^info +done in two stages$'
t_check "adhoc: fake: stage one submitted with next, as answered" grep -qx \
	'SUBMIT 1 next mode=fast notify=0 secret=hunter2 evil=' "$D/fake.err"
t_check "adhoc: fake: stage two completed, multi values apart" grep -qx \
	'SUBMIT 2 complete jids=a@localhost|b@localhost lines=line one|line two' "$D/fake.err"
# The server refuses a stage: said, and the command cancelled.
fresh ad2 'command -y localhost stages' Enter
screen_wait ad2 '^mode \[slow\]>$' >/dev/null
keys ad2 'refuse' Enter
answer ad2 '^notify \[true\]>$' Enter
answer ad2 '^secret>$' 'x' Enter
answer ad2 '^evil>$' Enter
t_check "adhoc: fake: the server's refusal" screen_wait ad2 \
	'^mucadmin: command: localhost: not-acceptable: '
t_check "adhoc: fake: the server's text" screen_wait ad2 '\(server: refused by the fake\)$'
# fake_cancel N: the fake's session fake-N was cancelled.
fake_cancel() {
	local deadline=$((SECONDS + 20))
	until grep -qx "CANCELED fake-$1" "$D/fake.err"; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}
t_check "adhoc: fake: after the refusal, the session cancelled" fake_cancel 2
# Ctrl-C while a stage is being submitted (the fake never answers it).
fresh ad2 'command -y localhost stages' Enter
answer ad2 '^mode \[slow\]>$' 'hang' Enter
answer ad2 '^notify \[true\]>$' Enter
answer ad2 '^secret>$' 'x' Enter
answer ad2 '^evil>$' Enter
submitted() { grep -q '^SUBMIT 1 next mode=hang' "$D/fake.err"; }
deadline=$((SECONDS + 20))
until submitted || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
keys ad2 C-c
t_check "adhoc: fake: Ctrl-C during a submit: said" screen_wait ad2 \
	'^mucadmin: command: localhost: cancelled'
t_check "adhoc: fake: Ctrl-C during a submit: the command cancelled" fake_cancel 3
t_check "adhoc: fake: Ctrl-C during a submit: and said so" screen_wait ad2 \
	'^mucadmin: command: localhost: canceled: the command was canceled; the server ended it$'
t_check "adhoc: fake: the prompt is back" screen_wait ad2 '^mucadmin user@localhost>$'
tm kill-session -t ad2
kill "$FPID" 2>/dev/null
wait "$FPID" 2>/dev/null

# Real Prosody: its own forms (Destroy Rooms lists its rooms).  The tmux
# server keeps the environment it started with: the password goes in env.
if ! have_prosody; then
	if [ "${MUCADMIN_REQUIRE_SERVERS:-0}" = 1 ] || [ "${CI:-}" = true ]; then
		t_fail "adhoc: prosody is required here"
	else
		echo "SKIP adhoc: prosody not installed"
	fi
	return 0
fi
if ! prosody_start "$D/prosody"; then
	t_fail "adhoc: prosody starts"
	return 0
fi
P=("$MUCADMIN" --server "127.0.0.1:$PROSODY_PORT" --cafile "$PROSODY_CAFILE"
	--timeout 20 --jid admin@localhost)
export MUCADMIN_PASSWORD=password
"${P[@]}" create pdlg1 >/dev/null 2>&1
"${P[@]}" create pdlg2 >/dev/null 2>&1
shell_open ad3 env MUCADMIN_PASSWORD=password "${P[@]}" shell
t_check "adhoc: prosody: the shell" screen_wait ad3 '^mucadmin admin@localhost>$'
keys ad3 "command -y $SVC $SETAFF" Enter
t_check "adhoc: prosody: its form" screen_wait ad3 '^  affiliation: Affiliation \(list-single, required\)$'
answer ad3 '^room>$' "pdlg1@$SVC" Enter
answer ad3 '^jid>$' 'user2@localhost' Enter
answer ad3 '^affiliation>$' 'mem' Tab
t_check "adhoc: prosody: Tab on its options" screen_wait ad3 '^affiliation> member$'
keys ad3 Enter
answer ad3 '^reason>$' Enter
t_check "adhoc: prosody: done" screen_wait ad3 '^info +Affiliation updated$'
t_check "adhoc: prosody: the member is set" sh -c \
	'"$@" --json members pdlg1 | grep -q "\"jid\":\"user2@localhost\""' _ "${P[@]}"
fresh ad3 "command -y $SVC $SETAFF" Enter
screen_wait ad3 '^room>$' >/dev/null
keys ad3 "pdlg2@$SVC" Enter
answer ad3 '^jid>$' 'cancel' Enter
t_check "adhoc: prosody: cancel: Prosody ended the command" screen_wait ad3 \
	"command: $SVC: canceled: the command was canceled; the server ended it\$"
fresh ad3 "command -y $SVC $DESTROY" Enter
t_check "adhoc: prosody: Destroy Rooms' instructions" screen_wait ad3 '^Select the rooms to destroy$'
t_check "adhoc: prosody: Destroy Rooms' field" screen_wait ad3 \
	'^  rooms: Rooms to destroy: \(list-multi, required; values separated by blanks\)$'
t_check "adhoc: prosody: every room, sorted" screen_wait ad3 "^      options: pdlg1@$SVC, pdlg2@$SVC\$"
keys ad3 'pdlg2' Tab
t_check "adhoc: prosody: Tab on its rooms" screen_wait ad3 "^rooms> pdlg2@$SVC ?\$"
keys ad3 Enter
t_check "adhoc: prosody: destroyed" screen_wait ad3 "destroyed: pdlg2@$SVC"
t_check "adhoc: prosody: the room is gone" sh -c '! "$@" info pdlg2' _ \
	"${P[@]}" 2>/dev/null
tm kill-session -t ad3
prosody_stop "$D/prosody"
