# SPDX-License-Identifier: MIT
# tests/diff/diff.sh - the differential runs' shell side, sourced after
# tests/testlib.sh by suite 33 and by both.sh: start Prosody and serve with the
# same set-up, run the flows against each.
DIFF_PY=${DIFF_PYTHON:-/usr/bin/python3}
DIFF_DIR=$TOP/tests/diff
# serve is Prosody with these on its MUC component (mucadmin-serve(1)).
export PROSODY_MUC_MODULES="muc_mam muc_moderation"

# diff_missing: what the runs need and this machine lacks (empty when none).
diff_missing() {
	have_prosody || echo "prosody"
	[ -f /usr/lib/prosody/modules/mod_muc_moderation/mod_muc_moderation.lua ] ||
		echo "prosody-modules"
	"$DIFF_PY" -c 'import slixmpp' 2>/dev/null || echo "python3-slixmpp"
	command -v go-sendxmpp >/dev/null 2>&1 || echo "go-sendxmpp"
}

# diff_serve DIR: serve with start.sh's Prosody set-up: STARTTLS required,
# accounts user, user2, user3, admin ("password"), admin@localhost a server
# admin.  Sets SERVE_PORT, SERVE_PID and SERVE_CAFILE.
diff_serve() {
	local dir=$1 u users=()
	t_cert_into "$dir" key.pem cert.pem || return 1
	for u in user user2 user3 admin; do users+=(--user "$u@localhost:password"); done
	serve_start "$dir" --tls required --cert "$dir/cert.pem" --key "$dir/key.pem" \
		--admin admin@localhost "${users[@]}" || return 1
	SERVE_CAFILE=$dir/cert.pem
}

# diff_flows NAME PORT CAFILE OUT [FLOW...]: run.py in the background,
# its exit status in OUT.rc and its output in OUT.log when done.
diff_flows() {
	local name=$1 port=$2 ca=$3 out=$4
	shift 4
	rm -f "$out.rc"
	mkdir -p "$out" || return 1
	("$DIFF_PY" "$DIFF_DIR/run.py" --port "$port" --cafile "$ca" --out "$out" "$@" \
		>"$out.log" 2>&1; echo $? >"$out.rc") &
	_T_PIDS+=("$!")
}

# diff_run OUT [FLOW...]: a fresh Prosody and a fresh serve, the flows
# against both at once, transcripts in OUT/prosody and OUT/serve.
diff_run() {
	local out=$1
	shift
	mkdir -p "$out/srv-serve" || return 1
	prosody_start "$out/srv-prosody" >/dev/null || { echo "prosody does not start"; return 1; }
	diff_serve "$out/srv-serve" || { echo "serve does not start"; return 1; }
	diff_flows prosody "$PROSODY_PORT" "$PROSODY_CAFILE" "$out/prosody" "$@"
	diff_flows serve "$SERVE_PORT" "$SERVE_CAFILE" "$out/serve" "$@"
	diff_wait "$out/prosody" "$out/serve"
	prosody_stop "$out/srv-prosody"
	serve_stop
}

# diff_wait OUT...: until each diff_flows run has written OUT.rc.
diff_wait() {
	local o
	for o in "$@"; do
		while [ ! -s "$o.rc" ]; do wait -n 2>/dev/null || sleep 0.1; done
	done
}
