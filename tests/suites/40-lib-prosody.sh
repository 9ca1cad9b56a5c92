# SPDX-License-Identifier: MIT
# libmucadmin against Prosody: connection statuses, every room operation,
# a 1,000-change batch, the examples, and a connection lost mid-batch.
. "$(dirname "$0")/../lib.sh"
have_prosody || t_skip_server "prosody is not installed"

L=$BUILD/tests-lib
EX=$BUILD/examples
D=$(t_tmpdir)

# lib_run NAME CMD...: a driver's "N passed, N failed" as one result.
lib_run() {
	local name=$1 out rc line
	shift
	out=$("$@" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ "$rc" = 0 ] && [[ "$line" == *" passed, 0 failed" ]]; then
		printf '%s\n' "$out" | grep -E '^  ' # timings and notes
		t_pass "$name: $line"
	else
		printf '%s\n' "$out"
		t_fail "$name (exit $rc)"
	fi
}

if ! prosody_start "$D/prosody"; then
	t_fail "prosody starts"
	t_done
	exit
fi
ARGS=(--server prosody --port "$PROSODY_PORT" --cafile "$PROSODY_CAFILE")

lib_run "lib connect (prosody)" "$L/connect" "${ARGS[@]}"
lib_run "lib rooms (prosody)" "$L/rooms" "${ARGS[@]}" --bulk 1000
lib_run "lib reads (prosody)" "$L/reads" "${ARGS[@]}"

# The examples, as a user would run them.
export MUCADMIN_PASSWORD=password
ROOM=examples-$$@conference.localhost
printf 'ex1@localhost\nex2@localhost\n' >"$D/jids"
t_check "example bulk-members" \
	"$EX/bulk-members" -s "127.0.0.1:$PROSODY_PORT" -c "$PROSODY_CAFILE" \
	user@localhost "$ROOM" member <"$D/jids"
"$EX/room-info" -s "127.0.0.1:$PROSODY_PORT" -c "$PROSODY_CAFILE" \
	user@localhost "$ROOM" >"$D/info" 2>&1
t_check "example room-info shows the members" \
	grep -qx "member: ex2@localhost" "$D/info"
t_check "example room-info shows the owner" \
	grep -qx "owner: user@localhost" "$D/info"
MUCADMIN_PASSWORD=wrong "$EX/room-info" -s "127.0.0.1:$PROSODY_PORT" \
	-c "$PROSODY_CAFILE" user@localhost "$ROOM" >/dev/null 2>"$D/err"
t_check "example room-info: wrong password" \
	grep -q "authentication failed" "$D/err"

# A Prosody that allows plaintext: the library's plaintext mode (only when
# asked), and direct TLS through a TLS-terminating front (tls-proxy.py).
if PROSODY_ALLOW_PLAIN=1 prosody_start "$D/plain"; then
	lib_run "lib connect, plaintext allowed (prosody)" \
		"$L/connect" --plain --port "$PROSODY_PORT"
	lib_run "lib rooms over plaintext (prosody)" \
		"$L/rooms" --plain --port "$PROSODY_PORT" --bulk 0
	python3 "$TOP/tests/lib/tls-proxy.py" "$D/plain/certs/localhost.crt" \
		"$D/plain/certs/localhost.key" "$PROSODY_PORT" >"$D/proxy.out" 2>&1 &
	_T_PIDS+=("$!")
	for _ in $(seq 1 100); do
		DIRECT=$(sed -n 's/^PORT=//p' "$D/proxy.out")
		[ -n "$DIRECT" ] && break
		sleep 0.05
	done
	lib_run "lib direct TLS (prosody behind tls-proxy.py)" \
		"$L/connect" --direct-port "${DIRECT:-1}" --port "$PROSODY_PORT" \
		--cafile "$D/plain/certs/localhost.crt"
	prosody_stop "$D/plain"
	. "$D/prosody/env" # back to the first server
else
	t_fail "prosody starts (plaintext allowed)"
fi

# Last: kill Prosody under a pipelined batch.
lib_run "lib connection lost mid-batch (prosody)" \
	"$L/drop" --kill "$PROSODY_PID" "${ARGS[@]}"
prosody_stop "$D/prosody"
t_done
