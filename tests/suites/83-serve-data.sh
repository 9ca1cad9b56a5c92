# SPDX-License-Identifier: MIT
# mucadmin serve --data FILE: the file survives kill -9 at any moment
# (every room the server confirmed is there after a restart), and a
# corrupt, truncated or unreadable file is refused (exit 6) with a clear
# message, never emptied or overwritten; a save keeps the previous file
# as FILE.bak; both are mode 0600.  Clients: tests/faults/serve_faults.py.
. "$(dirname "$0")/../testlib.sh"
set -u

PY=/usr/bin/python3
CLIENT=$TOP/tests/faults/serve_faults.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
D=$(t_tmpdir) || exit 1
F=$D/rooms.xml
run=0

# start: serve --data $F in a fresh dir.
start() {
	run=$((run + 1))
	mkdir -p "$D/run$run" && serve_start "$D/run$run" --tls off \
		--any-password --data "$F"
}

# --- kill -9 while rooms are being created and saved.
saved=()
next=0
ok=1
for k in 1 4 9 15 24; do
	if ! start; then
		ok=0
		break
	fi
	# Not a coproc: bash unsets a coproc's variables when it reaps it,
	# which may be before they are read (the keeper ends with the server).
	exec {kfd}< <(exec "$PY" "$CLIENT" persist "$SERVE_PORT" "$next" 1000 \
		2>/dev/null)
	kpid=$!
	n=0
	while [ $n -lt $k ] && IFS= read -r -t 30 line <&"$kfd"; do
		saved+=("${line#saved }")
		n=$((n + 1))
	done
	# The keeper goes on creating: the kill lands anywhere in a save.
	kill -KILL "$SERVE_PID"
	wait "$SERVE_PID" 2>/dev/null
	wait "$kpid" 2>/dev/null
	exec {kfd}<&-
	[ $n = $k ] || { echo "only $n of $k rooms confirmed"; ok=0; }
	next=$((next + 1000))
done
t_check "5 servers killed with SIGKILL mid-save (${#saved[@]} rooms confirmed)" \
	test "$ok" = 1
if start; then
	t_pass "restarts on the file left by kill -9"
	"$PY" "$CLIENT" rooms "$SERVE_PORT" >"$D/rooms" 2>"$D/rooms.err"
	missing=
	for r in "${saved[@]}"; do
		grep -qx "$r@conference.localhost" "$D/rooms" || missing="$missing $r"
	done
	t_check "every confirmed room survived (${#saved[@]})" \
		test -z "$missing" -a "${#saved[@]}" -gt 0
	[ -n "$missing" ] && echo "missing:$missing"
	serve_stop
	t_check "clean exit" test $? = 0
else
	t_fail "restarts on the file left by kill -9"
fi
t_check "the data file is well-formed XML" "$PY" -c \
	"import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$F"

# --- a damaged file is refused, and left as it was.
# refused WANT: serve --data $F must exit 6, announce no port,
# name the file and the problem, and not touch it.
refused() {
	local want=$1 sum
	sum=$(cksum <"$F")
	timeout 20 "$MUCADMIN" serve --port 0 --tls off --any-password \
		--data "$F" >"$D/r.out" 2>"$D/r.err"
	local rc=$?
	[ "$rc" = 6 ] && ! grep -q PORT "$D/r.out" &&
		grep -q "^mucadmin: serve: $F: .*$want" "$D/r.err" &&
		[ "$(cksum <"$F")" = "$sum" ] || {
		echo "exit $rc; stderr:"
		cat "$D/r.err"
		return 1
	}
}
cp "$F" "$D/good.xml"
head -c $(($(wc -c <"$D/good.xml") / 2)) "$D/good.xml" >"$F"
t_check "a truncated file is refused, untouched" refused "not a mucadmin data file"
head -c 3000 /dev/urandom >"$F"
t_check "a garbage file is refused, untouched" refused "not a mucadmin data file"
echo "<html><body>not rooms</body></html>" >"$F"
t_check "another XML document is refused, untouched" refused "not a mucadmin data file"
# The attack: a NUL byte before a good file made it load as no rooms,
# and the next save replaced it with an empty document.
{ printf '\0'; cat "$D/good.xml"; } >"$F"
t_check "a file starting with a NUL byte is refused, untouched" refused \
	"not a mucadmin data file (a NUL byte in it)"
printf '\n' >"$F"
t_check "a file of one newline is refused (only 0 bytes is empty)" refused \
	"not a mucadmin data file"
"$PY" - "$D/good.xml" "$F" dup <<'PYEOF'
import re, sys
text = open(sys.argv[1]).read()
room = re.search(r"<room [^>]*?(/>|>.*?</room>)", text).group(0)
text = text.replace("</mucdata>", room + "</mucdata>", 1)
open(sys.argv[2], "w").write(text)
PYEOF
t_check "a room that appears twice is refused, untouched" refused \
	"room p[0-9]*@conference.localhost appears twice"
sed "0,/jid='p[0-9]*@conference.localhost'/s//jid='Bad Room@conference.localhost'/" \
	"$D/good.xml" >"$F"
t_check "an invalid room JID is refused, untouched" refused \
	"invalid room JID 'Bad Room@conference.localhost'"
sed "0,/jid='p[0-9]*@conference.localhost'/s//jid='p1@elsewhere.example'/" \
	"$D/good.xml" >"$F"
t_check "a room JID off the MUC service is refused, untouched" refused \
	"invalid room JID 'p1@elsewhere.example'"
mkdir "$D/adir"
F0=$F
F=$D/adir
t_check "a directory is refused" refused "Is a directory"
F=$F0
if [ "$(id -u)" != 0 ]; then
	cp "$D/good.xml" "$F"
	chmod 000 "$F"
	t_check "an unreadable file is refused" refused "Permission denied"
	chmod 600 "$F"
fi
cp "$D/good.xml" "$F"
if start; then
	"$PY" "$CLIENT" rooms "$SERVE_PORT" >"$D/rooms2" 2>/dev/null
	t_check "the repaired file loads all its rooms again" \
		test "$(wc -l <"$D/rooms2")" = "$(wc -l <"$D/rooms")"
	serve_stop
fi

# --- a save keeps the previous file as FILE.bak; both are 0600 (room
# passwords are in them), whatever the umask.
cp "$D/good.xml" "$F"
chmod 644 "$F"
rm -f "$F.bak"
old_umask=$(umask)
umask 000
if start; then
	umask "$old_umask"
	"$PY" "$CLIENT" persist "$SERVE_PORT" 90000 1 >"$D/p.out" 2>&1
	t_check "a room created on the repaired file is confirmed" \
		grep -qx "saved p90000" "$D/p.out"
	serve_stop
	t_check "FILE.bak is the file before the save" cmp -s "$D/good.xml" \
		"$F.bak"
	t_check "FILE has the new room" grep -q "p90000@conference" "$F"
	t_check "FILE is mode 600" test "$(stat -c %a "$F")" = 600
	t_check "FILE.bak is mode 600" test "$(stat -c %a "$F.bak")" = 600
	t_check "no FILE.tmp left" test ! -e "$F.tmp"
else
	umask "$old_umask"
	t_fail "starts on the repaired file (umask 000)"
fi
t_done
