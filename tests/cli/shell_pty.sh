# SPDX-License-Identifier: MIT
# tests/cli/shell_pty.sh - the interactive shell on a real terminal, driven
# through tmux (send-keys, capture-pane) on a private socket.  Sourced by
# tests/suites/60-shell.sh, which has a server running and sets M (the
# mucadmin command line), D and the XDG directories.

if ! command -v tmux >/dev/null 2>&1; then
	t_fail "tmux is installed (tools/deps.sh lists it)"
	return 0
fi
SOCK=mucadmin-test-$$
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; t_cleanup' EXIT
# A session that lasts the whole suite: killing a test's session never
# ends the tmux server while the next one is being made (a session made
# as the last one's server exits can fail under load: suite 60 lost sh2).
tm new-session -d -s keep -x 20 -y 5 "sleep 86400"

# screen_wait NAME PATTERN: wait (20 s at most) until the pane of NAME
# shows a line matching PATTERN; the screen is left in $D/screen.
screen_wait() {
	local deadline=$((SECONDS + 20))
	while :; do
		tm capture-pane -p -t "$1" >"$D/screen" 2>/dev/null
		grep -qE -- "$2" "$D/screen" && return 0
		[ $SECONDS -ge $deadline ] && break
		sleep 0.1
	done
	echo "    screen of $1 (waiting for: $2):" >&2
	sed 's/^/    | /' "$D/screen" >&2
	return 1
}
# shell_open NAME ARGS...: the shell in a new tmux session NAME.
shell_open() {
	local name=$1 q
	shift
	q=$(printf '%q ' "$@")
	printf '#!/bin/sh\nexec %s\n' "$q" >"$D/$name.sh"
	chmod +x "$D/$name.sh"
	tm new-session -d -s "$name" -x 160 -y 40 "$D/$name.sh" 2>"$D/tmux.err"
}
keys() { tm send-keys -t "$@"; }
# fresh NAME KEYS...: clear the pane of NAME (C-l), wait until only the
# prompt is left on it, then send KEYS: a later screen_wait cannot match
# what an earlier command left on the screen.
fresh() {
	local n=$1 deadline=$((SECONDS + 20))
	shift
	tm send-keys -t "$n" C-l
	while [ "$(tm capture-pane -p -t "$n" 2>/dev/null | grep -c .)" -gt 1 ] &&
		[ $SECONDS -lt $deadline ]; do
		sleep 0.05
	done
	tm send-keys -t "$n" "$@"
}

# A member whose JID is the only one starting with "u" (user2@localhost),
# and a public room the service lists.
"${M[@]}" create pty public=1 >/dev/null 2>&1
"${M[@]}" members pty add user2@localhost other@localhost >/dev/null 2>&1

shell_open sh1 "${M[@]}" shell
t_check "pty: the prompt shows the account" screen_wait sh1 '^mucadmin admin@localhost>$'
keys sh1 'memb' Tab
t_check "pty: memb<Tab> completes members" screen_wait sh1 '> members$'
keys sh1 C-u 'info pt' Tab
t_check "pty: a room JID from the server" screen_wait sh1 '> info pty@conference\.localhost$'
keys sh1 C-u 'members pty remove u' Tab
t_check "pty: a member's JID from the server" screen_wait sh1 '> members pty remove user2@localhost$'
keys sh1 C-u 'config pty membersonl' Tab
t_check "pty: a field name" screen_wait sh1 '> config pty membersonly=$'
keys sh1 'f' Tab
t_check "pty: a boolean field's value" screen_wait sh1 '> config pty membersonly=false$'
keys sh1 C-u 'use pty' Enter
t_check "pty: use changes the prompt" screen_wait sh1 '^mucadmin admin@localhost pty@conference\.localhost>$'
keys sh1 'members remove o' Tab
t_check "pty: member JID with the room omitted" screen_wait sh1 'pty@conference\.localhost> members remove other@localhost$'
keys sh1 C-u '--json members' Enter
t_check "pty: a command on the current room" screen_wait sh1 '"jid":"other@localhost"'
keys sh1 'create secret1 password=hunter2' Enter
keys sh1 'config pty name=x' Enter
keys sh1 'version' Enter
t_check "pty: version ran" screen_wait sh1 '^mucadmin [0-9.]+ \(libmucadmin'
keys sh1 'help use' Enter
t_check "pty: help COMMAND" screen_wait sh1 '^usage: mucadmin use'
keys sh1 C-d
H=$XDG_STATE_HOME/mucadmin/history
deadline=$((SECONDS + 20))
while tm has-session -t sh1 2>/dev/null && [ $SECONDS -lt $deadline ]; do
	sleep 0.1
done
t_check "pty: Ctrl-D leaves" sh -c "! tmux -L '$SOCK' has-session -t sh1 2>/dev/null"
t_check "pty: history kept" grep -qx 'use pty' "$H"
t_check "pty: history has version" grep -qx 'version' "$H"
t_check "pty: no password in the history" sh -c "! grep -q hunter2 '$H'"
t_check "pty: no config change in the history" sh -c "! grep -q '^config' '$H'"
t_check "pty: the history is private" [ "$(stat -c %a "$H")" = 600 ]

# mucadmin with no command on a terminal is the shell.
shell_open sh0 "${M[@]}"
t_check "pty: no command on a terminal: the shell" screen_wait sh0 '^mucadmin admin@localhost>$'
tm kill-session -t sh0

# Ctrl-C during a slow request: a server that accepts and never answers.
python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)
' >"$D/silent.port" &
_T_PIDS+=("$!")
deadline=$((SECONDS + 20))
while [ ! -s "$D/silent.port" ] && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
SILENT=$(cat "$D/silent.port")
t_check "pty: the silent server listens" test -n "$SILENT"
shell_open sh2 "$MUCADMIN" --server "127.0.0.1:$SILENT" --plaintext \
	--timeout 300 --jid admin@localhost shell
t_check "pty: connecting to a silent server" screen_wait sh2 'Ctrl-D leaves'
keys sh2 C-c
t_check "pty: Ctrl-C cancels the connection" screen_wait sh2 'cancelled'
t_check "pty: the prompt is back" screen_wait sh2 '^mucadmin admin@localhost>$'
# Ctrl-C once the line has left readline (the cursor is below it): a key
# still in the terminal's input queue would be flushed by the interrupt.
keys sh2 'rooms' Enter
cursor_below() {
	local deadline=$((SECONDS + 20)) at y
	while [ $SECONDS -lt $deadline ]; do
		tm capture-pane -p -t "$1" >"$D/screen"
		at=$(grep -nE -- "$2" "$D/screen" | tail -n 1 | cut -d: -f1)
		y=$(tm display -p -t "$1" '#{cursor_y}')
		[ -n "$at" ] && [ "$y" -ge "$at" ] && return 0
		sleep 0.1
	done
	return 1
}
t_check "pty: rooms is running" cursor_below sh2 '> rooms$'
keys sh2 C-c
# The second "cancelled" line (the first was the connection's).
cancels() {
	local deadline=$((SECONDS + 20))
	while [ $SECONDS -lt $deadline ]; do
		tm capture-pane -p -t sh2 >"$D/screen"
		[ "$(grep -cE '^mucadmin: (rooms: )?cancelled' "$D/screen")" -ge 2 ] &&
			return 0
		sleep 0.1
	done
	sed 's/^/    | /' "$D/screen" | grep -v '^    | $'
	return 1
}
t_check "pty: Ctrl-C cancels a request" cancels
keys sh2 'version' Enter
t_check "pty: the shell goes on after Ctrl-C" screen_wait sh2 '^mucadmin [0-9.]+ \(libmucadmin'
keys sh2 'vers'
screen_wait sh2 '> vers$' >/dev/null 2>&1
keys sh2 C-c
t_check "pty: Ctrl-C at the prompt drops the line" screen_wait sh2 'vers\^C$'
tm kill-session -t sh2

# join: a member's shell stays in a room; what the owner does to it there
# (kick, ban, destroy) shows up between prompts, without a keypress.
"${M[@]}" create watch public=1 >/dev/null 2>&1
shell_open sh4 "$MUCADMIN" --server "127.0.0.1:$SERVE_PORT" --plaintext \
	--timeout 20 --jid user2@localhost shell
t_check "pty: a member's shell" screen_wait sh4 '^mucadmin user2@localhost>$'
# Nicks of a room the shell is not in: none to offer (the mini server,
# like Prosody, lists no occupants), and a line says why.
keys sh4 'kick watch ' Tab
t_check "pty: nicks of a room not joined: why none" screen_wait sh4 \
	"^mucadmin: watch@conference\.localhost: no nicks to offer: the shell is not in the room \('join watch@conference\.localhost' first\)$"
t_check "pty: and the line is still there" screen_wait sh4 '> kick watch ?$'
keys sh4 C-u
keys sh4 'join watch --nick watcher' Enter
t_check "pty: join" screen_wait sh4 '^watch@conference\.localhost: joined'
# Nicks of a room the shell is in come from its roster (the mini server,
# like Prosody, lists no occupants in disco#items).
keys sh4 'kick watch wat' Tab
t_check "pty: a joined room's nick completes" screen_wait sh4 '> kick watch watcher ?$'
keys sh4 C-u
t_check "pty: kick the joined shell" "${M[@]}" kick watch watcher --reason out
t_check "pty: kicked, by whom and why, between prompts" screen_wait sh4 \
	'^mucadmin: watch@conference\.localhost: kicked out of the room by mucadmin \(reason: out\)$'
keys sh4 'join watch' Enter
t_check "pty: join again (the nick kept)" "${M[@]}" kick watch watcher
t_check "pty: kicked without a reason" screen_wait sh4 \
	'kicked out of the room by mucadmin$'
# A reason is the server's text: what could drive the terminal (a
# newline, a C1 control such as CSI U+009B, DEL) is shown as \\xHH.
keys sh4 'join watch' Enter
screen_wait sh4 '^mucadmin user2@localhost>$' >/dev/null
t_check "pty: kick with control characters in the reason" "${M[@]}" kick \
	watch watcher --reason "$(printf 'x\n\302\2332Jy\177z')"
t_check "pty: the reason's control characters as \\xHH" screen_wait sh4 \
	'kicked out of the room by mucadmin \(reason: x\\x0a\\x9b2Jy\\x7fz\)$'
keys sh4 'join watch' Enter
screen_wait sh4 '^mucadmin user2@localhost>$' >/dev/null
keys sh4 'leave watch' Enter
t_check "pty: leave" screen_wait sh4 '^watch@conference\.localhost: left$'
t_check "pty: after leave, no occupant to kick" \
	sh -c '! "$@" kick watch watcher 2>/dev/null' _ "${M[@]}"
keys sh4 'join watch' Enter
joined_five_times() {
	local deadline=$((SECONDS + 20))
	while [ $SECONDS -lt $deadline ]; do
		tm capture-pane -p -t sh4 >"$D/screen"
		[ "$(grep -c ': joined' "$D/screen")" -ge 5 ] && return 0
		sleep 0.1
	done
	return 1
}
t_check "pty: joined a fifth time" joined_five_times
t_check "pty: destroy the joined room" "${M[@]}" -y destroy watch --reason done \
	--venue elsewhere
t_check "pty: destroyed, why and where to go, between prompts" screen_wait sh4 \
	'^mucadmin: watch@conference\.localhost: the room was destroyed \(reason: done\); alternate room: elsewhere@conference\.localhost$'
"${M[@]}" create watch2 public=1 >/dev/null 2>&1
keys sh4 'join watch2' Enter
t_check "pty: join another room" screen_wait sh4 '^watch2@conference\.localhost: joined'
t_check "pty: ban the joined shell" "${M[@]}" -y ban watch2 user2@localhost \
	--reason spam
t_check "pty: banned, shown between prompts" screen_wait sh4 \
	'^mucadmin: watch2@conference\.localhost: banned from the room( by [^ ]+)? \(reason: spam\)$'
keys sh4 'join watch2' Enter
t_check "pty: join while banned: the server's refusal" screen_wait sh4 \
	'watch2@conference\.localhost: .*(forbidden|banned)'
tm kill-session -t sh4

# The connection lost while the shell waits at its prompt, then the
# server back on the same port (the one it had picked): the next command
# reconnects, with a notice.
shell_open sh3 "${M[@]}" shell
t_check "pty: connected" screen_wait sh3 '^mucadmin admin@localhost>$'
port=$SERVE_PORT
serve_stop
t_check "pty: connection lost shown between prompts" screen_wait sh3 'connection lost'
mkdir -p "$D/again"
"$MUCADMIN" serve --port "$port" --tls off --user admin@localhost:pw \
	>"$D/again/out" 2>"$D/again/err" &
_T_PIDS+=("$!")
deadline=$((SECONDS + 20))
until grep -q MUCADMIN_SERVE_PORT "$D/again/out" 2>/dev/null ||
	[ $SECONDS -ge $deadline ]; do sleep 0.1; done
t_check "pty: the server is back on port $port" grep -q "=$port\$" "$D/again/out"
keys sh3 'create back public=1' Enter
t_check "pty: the next command reconnects, with a notice" screen_wait sh3 'reconnecting'
t_check "pty: and runs" screen_wait sh3 '^back@conference\.localhost: created'
tm kill-server 2>/dev/null
