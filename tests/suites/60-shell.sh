# SPDX-License-Identifier: MIT
# The shell: script mode (a pipe, a file), the current room, stopping at the
# first error; then the interactive shell on a real terminal (tmux): Tab
# completion of commands, room JIDs and members' JIDs, the prompt, history
# without secrets, Ctrl-C during a slow request, events between prompts;
# ad-hoc commands as dialogues (tests/cli/shell_adhoc.sh: serve, a fake
# server's two-stage command, real Prosody).
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
D=$(t_tmpdir)
export XDG_CONFIG_HOME=$D/xdg XDG_STATE_HOME=$D/state MUCADMIN_PASSWORD=pw
unset MUCADMIN_ROOM_PASSWORD
if ! serve_start "$D" --tls off --user admin@localhost:pw \
	--user user2@localhost:pw; then
	t_fail "serve starts"
	t_done
	exit 1
fi
M=("$MUCADMIN" --server "127.0.0.1:$SERVE_PORT" --plaintext --timeout 20
	--jid admin@localhost)

# run NAME RC [ARGS...]: the shell with stdin from $D/in; out/err kept.
run() {
	local name=$1 want=$2 rc
	shift 2
	"${M[@]}" shell "$@" <"$D/in" >"$D/out" 2>"$D/err"
	rc=$?
	if [ "$rc" = "$want" ]; then t_pass "$name"; else
		t_fail "$name (exit $rc, want $want)"
		sed 's/^/    /' "$D/err" | head -n 5
	fi
}
out_has() { t_check "$1" grep -qE -- "$2" "$D/out"; }
err_has() { t_check "$1" grep -qE -- "$2" "$D/err"; }

# --- script mode: a pipe ---------------------------------------------------
cat >"$D/in" <<'SCRIPT'
# set up a room; blank lines and comments are skipped

create team public=1
use team
members add user2@localhost  # a trailing comment
config name="Team room"
--json info
SCRIPT
run "script from a pipe" 0
out_has "use says the room" "^current room: team@conference.localhost$"
out_has "members add ran on the current room" "added 1 member to team@conference.localhost"
out_has "a quoted value is one word" '"name":"Team room"'
out_has "per-line options: --json for that line" '^\{"room":"team@conference.localhost"'

printf 'members\n' >"$D/in"
run "a new shell has no current room" 2
err_has "no room: usage" "usage: mucadmin members"

printf 'use team\n--json members\nkick\nversion\n' >"$D/in"
run "stops at the first error with its status" 2
t_check "nothing after the error ran" sh -c "! grep -q '^mucadmin [0-9]' '$D/out'"
err_has "the failed line is named" "^mucadmin: <stdin>:3: stopped after a failed command \(exit 2\)"
t_check "members with the room omitted" grep -q '"jid":"user2@localhost"' "$D/out"

printf 'info nosuchroom\nversion\n' >"$D/in"
run "a server refusal: exit 1" 1
printf 'info nosuchroom\nversion\n' >"$D/in"
run "--keep-going goes on" 1 --keep-going
out_has "--keep-going: later lines ran" "^mucadmin [0-9.]+ "

printf 'version "unterminated\n' >"$D/in"
run "an open quote is a usage error" 2
err_has "an open quote is named" "unterminated \" quote"

# --- script mode: a file ---------------------------------------------------
printf 'use team\nowners --json\n' >"$D/script"
: >"$D/in"
run "a script file" 0 "$D/script"
out_has "the file ran" '"jid":"admin@localhost"'
run "a missing script file" 2 "$D/nonexistent"

# One-shot mode has no current room.
"${M[@]}" use team >"$D/out" 2>"$D/err"
t_check "use outside the shell: exit 2" [ $? = 2 ]
err_has "use outside the shell says so" "only in the shell"
"${M[@]}" join team >"$D/out" 2>"$D/err"
t_check "join outside the shell: exit 2" [ $? = 2 ]
err_has "join outside the shell says so" "only in the shell"
printf 'join team --nick scripted\nleave team\nleave team\n' >"$D/in"
run "join and leave in a script" 0
out_has "the script's join" "^team@conference.localhost: joined"
out_has "leave twice: no error" "^team@conference.localhost: left$"
printf 'join team --nick ""\n' >"$D/in"
run "join with an empty nick: exit 2" 2
# No command and a piped stdin: the shell's script mode, as mucadmin(1)'s
# EXAMPLES use it (suite 62 runs them).
printf 'use team\n--json members\n' | "${M[@]}" >"$D/out" 2>"$D/err"
t_check "no command, piped stdin: a script, exit 0" [ $? = 0 ]
out_has "no command: the script ran" '"jid":"user2@localhost"'
printf 'kick\nversion\n' | "${M[@]}" >"$D/out" 2>"$D/err"
t_check "no command, piped stdin: stops as a script does" [ $? = 2 ]
err_has "no command: the failed line is named" "^mucadmin: <stdin>:1: stopped"
# The nick (issue 13): a line's --nick holds for that line, join's is
# kept for the later joins of the session.
printf 'say team one\nsay team --nick line two\njoin team --nick kept\nleave team\nsay team three\n' >"$D/in"
run "nicks in a script" 0 -v
t_check "the default nick, a line's, join's then kept" test \
	"$(sed -n 's/^mucadmin: info: joining team@conference.localhost as //p' "$D/err" | tr '\n' ' ')" = "mucadmin line kept kept "

. "$(dirname "$0")/../cli/shell_pty.sh"
. "$(dirname "$0")/../cli/shell_adhoc.sh"
t_done
