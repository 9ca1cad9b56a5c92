# SPDX-License-Identifier: MIT
# tests/lib/drivers.sh - the library drivers' suite body, the same for
# each real server (40-lib-prosody, 43-lib-ejabberd): connection statuses,
# every room operation, a 1,000-change batch, the reads, the examples,
# plaintext and direct TLS, and a connection lost mid-batch.
#
# The suite sources tests/testlib.sh and this file, then calls lib_drivers
# SRV.  SRV_start DIR and SRV_stop DIR (tests/testlib.sh) run a throwaway
# server that sets SRV_PORT, SRV_CAFILE and SRV_PID (upper case), keeps
# its certificate and key in DIR/certs/localhost.{crt,key}, and accepts
# plaintext when SRV_ALLOW_PLAIN=1.  The drivers are told the server
# (--server SRV) and its behaviour (--quirks SRV).

L=$BUILD/tests-lib
EX=$BUILD/examples

# lib_server U: the running server's port, CA file and PID from the
# variables its start function set (U_PORT...).
lib_server() {
	local p=$1_PORT c=$1_CAFILE i=$1_PID
	LIB_PORT=${!p} LIB_CAFILE=${!c} LIB_PID=${!i}
}

# The examples, as a user would run them.
lib_examples() {
	local srv=$1 d=$2 room=examples-$$@conference.localhost
	export MUCADMIN_PASSWORD=password
	printf 'ex1@localhost\nex2@localhost\n' >"$d/jids"
	t_check "example bulk-members ($srv)" \
		"$EX/bulk-members" -s "127.0.0.1:$LIB_PORT" -c "$LIB_CAFILE" \
		user@localhost "$room" member <"$d/jids"
	"$EX/room-info" -s "127.0.0.1:$LIB_PORT" -c "$LIB_CAFILE" \
		user@localhost "$room" >"$d/info" 2>&1
	t_check "example room-info shows the members ($srv)" \
		grep -qx "member: ex2@localhost" "$d/info"
	t_check "example room-info shows the owner ($srv)" \
		grep -qx "owner: user@localhost" "$d/info"
	MUCADMIN_PASSWORD=wrong "$EX/room-info" -s "127.0.0.1:$LIB_PORT" \
		-c "$LIB_CAFILE" user@localhost "$room" >/dev/null 2>"$d/err"
	t_check "example room-info: wrong password ($srv)" \
		grep -q "authentication failed" "$d/err"
}

# A server that allows plaintext: the library's plaintext mode (only when
# asked), and direct TLS through a TLS-terminating front (tls-proxy.py).
lib_plain() {
	local srv=$1 u=$2 d=$3 direct=
	export "${u}_ALLOW_PLAIN=1"
	if ! "${srv}_start" "$d/plain"; then
		unset "${u}_ALLOW_PLAIN"
		t_fail "$srv starts (plaintext allowed)"
		return
	fi
	unset "${u}_ALLOW_PLAIN"
	lib_server "$u"
	lib_run "lib connect, plaintext allowed ($srv)" \
		"$L/connect" --plain --port "$LIB_PORT" --server "$srv"
	lib_run "lib rooms over plaintext ($srv)" "$L/rooms" --plain \
		--port "$LIB_PORT" --server "$srv" --quirks "$srv" --bulk 0
	python3 "$TOP/tests/lib/tls-proxy.py" "$d/plain/certs/localhost.crt" \
		"$d/plain/certs/localhost.key" "$LIB_PORT" >"$d/proxy.out" 2>&1 &
	_T_PIDS+=("$!")
	for _ in $(seq 1 100); do
		direct=$(sed -n 's/^PORT=//p' "$d/proxy.out")
		[ -n "$direct" ] && break
		sleep 0.05
	done
	lib_run "lib direct TLS ($srv behind tls-proxy.py)" \
		"$L/connect" --direct-port "${direct:-1}" --port "$LIB_PORT" \
		--cafile "$d/plain/certs/localhost.crt"
	"${srv}_stop" "$d/plain"
}

lib_drivers() {
	local srv=$1 u d args
	u=$(echo "$srv" | tr '[:lower:]' '[:upper:]')
	d=$(t_tmpdir)
	if ! "${srv}_start" "$d/$srv"; then
		t_fail "$srv starts"
		t_done
		exit 1
	fi
	lib_server "$u"
	args=(--server "$srv" --quirks "$srv" --port "$LIB_PORT"
		--cafile "$LIB_CAFILE")
	lib_run "lib connect ($srv)" "$L/connect" "${args[@]}"
	lib_run "lib rooms ($srv)" "$L/rooms" "${args[@]}" --bulk 1000
	lib_run "lib reads ($srv)" "$L/reads" "${args[@]}"
	lib_examples "$srv" "$d"
	lib_plain "$srv" "$u" "$d"
	# Last: kill the first server under a pipelined batch.
	. "$d/$srv/env"
	lib_server "$u"
	lib_run "lib connection lost mid-batch ($srv)" \
		"$L/drop" --kill "$LIB_PID" "${args[@]}"
	"${srv}_stop" "$d/$srv"
}
