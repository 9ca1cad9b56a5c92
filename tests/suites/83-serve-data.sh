# SPDX-License-Identifier: MIT
# mucadmin serve --data FILE: the file survives kill -9 at any moment
# (every room the server confirmed is there after a restart), and a
# corrupt, truncated or unreadable file is refused with a clear message,
# never emptied or overwritten.  Clients: tests/faults/serve_faults.py.
. "$(dirname "$0")/../lib.sh"
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
	coproc KEEPER { "$PY" "$CLIENT" persist "$SERVE_PORT" "$next" 1000 \
		2>/dev/null; }
	n=0
	while [ $n -lt $k ] && IFS= read -r -t 30 line <&"${KEEPER[0]}"; do
		saved+=("${line#saved }")
		n=$((n + 1))
	done
	# The keeper goes on creating: the kill lands anywhere in a save.
	kill -KILL "$SERVE_PID"
	wait "$SERVE_PID" 2>/dev/null
	wait "$KEEPER_PID" 2>/dev/null
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
# refused NAME: serve --data $F must exit non-zero, announce no port,
# name the file and the problem, and not touch it.
refused() {
	local want=$1 sum
	sum=$(cksum <"$F")
	timeout 20 "$MUCADMIN" serve --port 0 --tls off --any-password \
		--data "$F" >"$D/r.out" 2>"$D/r.err"
	local rc=$?
	[ "$rc" != 0 ] && [ "$rc" != 124 ] && ! grep -q PORT "$D/r.out" &&
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
t_done
