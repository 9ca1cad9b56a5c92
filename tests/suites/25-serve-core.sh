# SPDX-License-Identifier: MIT
# mucadmin serve, the server core: start-up line, options, STARTTLS and
# SASL, stream errors, iq handling, routing, presence tracking, timeouts,
# clean shutdown.  Raw clients: tests/cli/serve_core.py.
. "$(dirname "$0")/../testlib.sh"

PY=/usr/bin/python3
CLIENT=$TOP/tests/cli/serve_core.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"

D=$(t_tmpdir) || exit 1
_T_DIRS+=("$D")

# sc NAME SCENARIO ARGS...: a client scenario against $SERVE_PORT.
sc() {
	local n=$1
	shift
	if "$PY" "$CLIENT" "$1" "$SERVE_PORT" "${@:2}" 2>"$D/sc.err"; then
		t_pass "$n"
	else
		cat "$D/sc.err"
		t_fail "$n"
	fi
}

# serve_in SUBDIR ARGS...: serve_start in a fresh dir of its own.
serve_in() {
	mkdir -p "$D/$1" && serve_start "$D/$1" "${@:2}"
}

# --- bad options: exit 2 (usage) or 6 (configuration), nothing started.
usage() {
	local want=$1
	shift
	timeout 10 "$MUCADMIN" serve "$@" >"$D/u.out" 2>"$D/u.err"
	[ $? = "$want" ] && grep -q '^mucadmin: serve' "$D/u.err" &&
		! grep -q MUCADMIN_SERVE_PORT "$D/u.out"
}
t_check "bad --port: exit 2" usage 2 --port abc
t_check "--port out of range: exit 2" usage 2 --port 70000
t_check "bad --tls: exit 2" usage 2 --port 0 --tls sometimes
t_check "bad --domain: exit 2" usage 2 --port 0 --domain 'a b'
t_check "--user without password: exit 2" usage 2 --port 0 --user romeo
t_check "bad --max-output-total: exit 2" usage 2 --port 0 \
	--max-output-total lots
t_check "--max-output-total under 64K: exit 2" usage 2 --port 0 \
	--max-output-total 1K
t_check "--cert without --key: exit 2" usage 2 --port 0 --cert "$D/none"
t_check "unreadable --cert: exit 6" usage 6 --port 0 --cert "$D/none" \
	--key "$D/none"
t_check "bad --user domain: exit 6" usage 6 --port 0 --user \
	romeo@elsewhere:pw

# --- default start: TLS optional with a generated certificate.
if serve_in main --user romeo@localhost:secret --user alice:secret \
	--user bob:secret --user carol:secret; then
	t_pass "starts, first line MUCADMIN_SERVE_PORT=N"
	t_check "port is a number" test "$SERVE_PORT" -gt 0
	CERT=
	for _ in $(seq 50); do
		CERT=$(sed -n 's/^MUCADMIN_SERVE_CERT=//p' "$D/main/serve.out")
		[ -n "$CERT" ] && break
		read -r -t 0.1 <> <(:) || true
	done
	t_check "generated certificate path printed and readable" test -r "$CERT"
	t_check "certificate names domain and MUC domain" sh -c \
		"openssl x509 -in '$CERT' -noout -ext subjectAltName |
		 grep -q 'DNS:localhost, DNS:conference.localhost'"
	sc "STARTTLS + SCRAM-SHA-1 with --user account" scram "$CERT" SCRAM-SHA-1
	sc "SCRAM-SHA-256 not offered (Prosody 0.12): invalid-mechanism" \
		scram-sha256-refused "$CERT"
	sc "TLS sessions survive their neighbours' ends" tls-neighbours "$CERT"
	sc "wrong password refused (PLAIN)" wrong-password PLAIN
	sc "wrong password refused (SCRAM-SHA-1)" wrong-password SCRAM-SHA-1
	sc "stream errors: not-well-formed, DTD, size, namespace, host, auth, from" \
		stream-errors
	sc "ping, disco#info/#items, roster, session, service-unavailable" iq
	sc "routing, self-presence, directed presence on disconnect" routing
	sc "same full JID: old session replaced (conflict)" replace
	# A logged-in client sees system-shutdown; SIGTERM exits 0.
	coproc WAITER { "$PY" "$CLIENT" shutdown-wait "$SERVE_PORT" 2>&1; }
	wpid=$WAITER_PID
	read -r -t 10 line <&"${WAITER[0]}"
	t_check "client logged in before shutdown" [ "$line" = READY ]
	t_check "SIGTERM: exit 0" serve_stop
	wait "$wpid"
	t_check "clients get system-shutdown" [ $? = 0 ]
	t_check "generated certificate removed at exit" test ! -e "$CERT"
else
	t_fail "starts, first line MUCADMIN_SERVE_PORT=N"
fi

# --- --tls required / off, --any-password.
if serve_in req --tls required --user romeo:secret; then
	sc "--tls required: no SASL before STARTTLS" tls-required
	serve_stop
else
	t_fail "start with --tls required"
fi
if serve_in off --tls off --any-password -v; then
	sc "--tls off: no STARTTLS offered" tls-off
	sc "--any-password: PLAIN only, any login, requested resource" \
		any-password
	t_check "-v logs the XML both ways on stderr" sh -c \
		"grep -q 'RECV: <stream:stream' '$D/off/serve.err' &&
		 grep -q 'whoever@localhost/mK0dD6Ha SEND: <iq' '$D/off/serve.err'"
	# PLAIN's payload is base64 of NUL whoever NUL whatever.
	t_check "-v does not log the SASL PLAIN payload" sh -c \
		"! grep -q 'AHdob2V2ZXIAd2hhdGV2ZXI=' '$D/off/serve.err' &&
		 grep -q 'RECV: <auth .*>\[redacted\]</auth>' '$D/off/serve.err'"
	kill -INT "$SERVE_PID"
	wait "$SERVE_PID"
	t_check "SIGINT: exit 0" [ $? = 0 ]
	SERVE_PID=
else
	t_fail "start with --tls off --any-password"
fi

if serve_in anyu --tls off --any-password --user romeo:secret; then
	sc "--any-password with --user: accounts keep their passwords" \
		any-password-users
	serve_stop
else
	t_fail "start with --any-password --user"
fi

# --- handshake timeout (shortened through the environment).
if MUCADMIN_SERVE_HANDSHAKE_TIMEOUT=1 serve_in idle --tls off; then
	sc "handshake timeout: connection-timeout stream error" idle
	serve_stop
else
	t_fail "start with a short handshake timeout"
fi

t_done
