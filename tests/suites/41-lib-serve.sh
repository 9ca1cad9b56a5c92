# SPDX-License-Identifier: MIT
# libmucadmin against the mini server (mucadmin serve), in both quirks
# modes: the same drivers as 40-lib-prosody.
. "$(dirname "$0")/../testlib.sh"

L=$BUILD/tests-lib
D=$(t_tmpdir)
USERS=(--user user@localhost:password --user user2@localhost:password
	--user user3@localhost:password)

# The certificate serve made for itself is announced after the port (the
# drain that serve_start leaves running writes it to serve.out): poll.
serve_cert() {
	local dir=$1 i
	for i in $(seq 1 100); do
		SERVE_CERT=$(sed -n 's/^MUCADMIN_SERVE_CERT=//p' "$dir/serve.out" 2>/dev/null)
		[ -n "$SERVE_CERT" ] && return 0
		sleep 0.05
	done
	return 1
}

# Until the mini server can serve, these tests cannot run.
mkdir "$D/probe"
if ! serve_start "$D/probe" "${USERS[@]}" 2>/dev/null || ! serve_cert "$D/probe"; then
	t_skip "mucadmin serve is not ready"
fi
serve_stop

for q in prosody ejabberd; do
	mkdir "$D/$q"
	if ! serve_start "$D/$q" "${USERS[@]}" --quirks "$q" || ! serve_cert "$D/$q"; then
		t_fail "serve starts ($q quirks)"
		continue
	fi
	ARGS=(--server serve --quirks "$q" --port "$SERVE_PORT" --cafile "$SERVE_CERT")
	lib_run "lib connect (serve, $q quirks)" "$L/connect" "${ARGS[@]}"
	lib_run "lib rooms (serve, $q quirks)" "$L/rooms" "${ARGS[@]}" --bulk 1000
	lib_run "lib reads (serve, $q quirks)" "$L/reads" "${ARGS[@]}"
	serve_stop
done

# The examples against the mini server too (40-lib-prosody runs them on
# Prosody when it is installed).
mkdir "$D/examples"
if serve_start "$D/examples" "${USERS[@]}" && serve_cert "$D/examples"; then
	EX=$BUILD/examples
	export MUCADMIN_PASSWORD=password
	printf 'ex1@localhost\nex2@localhost\n' >"$D/jids"
	t_check "example bulk-members (serve)" \
		"$EX/bulk-members" -s "127.0.0.1:$SERVE_PORT" -c "$SERVE_CERT" \
		user@localhost ex@conference.localhost member <"$D/jids"
	"$EX/room-info" -s "127.0.0.1:$SERVE_PORT" -c "$SERVE_CERT" \
		user@localhost ex@conference.localhost >"$D/info" 2>&1
	t_check "example room-info shows the members (serve)" \
		grep -qx "member: ex2@localhost" "$D/info"
	serve_stop
else
	t_fail "serve starts (examples)"
fi

mkdir "$D/drop"
if serve_start "$D/drop" "${USERS[@]}" && serve_cert "$D/drop"; then
	lib_run "lib connection lost mid-batch (serve)" "$L/drop" \
		--kill "$SERVE_PID" --server serve --port "$SERVE_PORT" \
		--cafile "$SERVE_CERT"
	serve_stop
else
	t_fail "serve starts (drop)"
fi
t_done
