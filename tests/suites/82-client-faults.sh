# SPDX-License-Identifier: MIT
# The CLI under faults and the TLS and secrets rules: the mini server's
# generated self-signed certificate is refused unless --cafile or
# --insecure; host names and expiry are checked; PLAIN never goes out
# without TLS unless --plaintext; the password shows in no trace or error;
# a server that closes mid-batch (exit 5), never answers (exit 4), answers
# unknown ids, malformed XML or too deep a stanza never crashes the client
# nor waits for the timeout (exit 3); apply, cut off
# or interrupted (SIGINT), states exactly what it changed; SIGINT ends a
# stalled TLS handshake.
# Fake servers: tests/faults/fake_server.py.
. "$(dirname "$0")/../testlib.sh"
set -u

PY=/usr/bin/python3
FAKE=$TOP/tests/faults/fake_server.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
D=$(t_tmpdir) || exit 1
export XDG_CONFIG_HOME=$D/xdg
PW="Zq7-secret-$RANDOM$RANDOM"
export MUCADMIN_PASSWORD=$PW
unset MUCADMIN_ROOM_PASSWORD
# Bounds on every wait; VALGRIND=1 runs the commands ten times slower.
LIMIT=60
[ -n "${MUCADMIN_VALGRIND:-}" ] && LIMIT=600
export FAKE_SERVER_SECONDS=$LIMIT

# run NAME RC CMD...: CMD's stdout/stderr in $D/out, $D/err; pass on RC.
run() {
	local name=$1 want=$2 rc
	shift 2
	timeout "$LIMIT" "$@" </dev/null >"$D/out" 2>"$D/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		t_pass "$name"
	else
		t_fail "$name (exit $rc, want $want)"
		head -n 5 "$D/err" | sed 's/^/    /'
	fi
}
err_has() { t_check "$1" grep -qE -- "$2" "$D/err"; }
# no_crash NAME: the last run ended by itself, without a sanitizer report.
no_crash() {
	t_check "$1: no crash" bash -c "! grep -qE 'Sanitizer|runtime error|Segmentation' '$D/err'"
}
# no_secret NAME FILE...: the password in none of its forms.
no_secret() {
	local n=$1 b1 b2
	shift
	b1=$(printf '\0user\0%s' "$PW" | base64 -w0)
	b2=$(printf 'user@localhost\0user\0%s' "$PW" | base64 -w0)
	t_check "$n" bash -c '! grep -aqF -e "$1" -e "$2" -e "$3" "${@:4}"' _ \
		"$PW" "$b1" "$b2" "$@"
}

# --- the mini server's own, generated certificate ----------------------
mkdir -p "$D/gen"
if serve_start "$D/gen" --user "user@localhost:$PW"; then
	CERT=
	for _ in $(seq 100); do
		CERT=$(sed -n 's/^MUCADMIN_SERVE_CERT=//p' "$D/gen/serve.out")
		[ -n "$CERT" ] && break
		read -r -t 0.1 <> <(:) || true
	done
	M=("$MUCADMIN" --jid user@localhost --server "127.0.0.1:$SERVE_PORT")
	run "self-signed certificate refused by default (exit 3)" 3 \
		"${M[@]}" rooms
	err_has "the refusal names the certificate problem" \
		'^mucadmin: rooms: certificate-untrusted: .*self-signed'
	run "accepted with --cafile" 0 "${M[@]}" --cafile "$CERT" rooms
	run "accepted with --insecure" 0 "${M[@]}" --insecure rooms
	err_has "--insecure warns" 'warning: --insecure'
	# Secrets: SCRAM and PLAIN traces, a failed login.
	run "-v trace over TLS (SCRAM)" 0 "${M[@]}" --cafile "$CERT" -v rooms
	no_secret "the password is not in the -v trace (SCRAM)" "$D/err" "$D/out"
	# Room passwords: in the form sent, and in the form read back.
	RPW="Rp9-room-$RANDOM$RANDOM"
	run "-v create with a room password" 0 "${M[@]}" --cafile "$CERT" -v \
		create locked "password=$RPW"
	t_check "the trace shows the room password field" \
		grep -q 'roomsecret.*\[redacted\]' "$D/err"
	t_check "the room password is not in the -v trace (sent form)" \
		bash -c '! grep -qF -- "$1" "$2"' _ "$RPW" "$D/err"
	run "-v config read back" 0 "${M[@]}" --cafile "$CERT" -v config locked
	t_check "the trace shows the received password field" \
		grep -q '^mucadmin: recv: .*roomsecret.*\[redacted\]' "$D/err"
	t_check "the room password is not in the -v trace (received form)" \
		bash -c '! grep -qF -- "$1" "$2"' _ "$RPW" "$D/err"
	MUCADMIN_PASSWORD="$PW-wrong" run "wrong password: exit 3" 3 \
		"${M[@]}" --cafile "$CERT" -v rooms
	no_secret "the password is not in the error or the trace" "$D/err"
	serve_stop
else
	t_fail "serve starts with a generated certificate"
fi

# PLAIN only (any password, no accounts): its trace must not show it.
mkdir -p "$D/plain"
if serve_start "$D/plain" --tls required --any-password; then
	for _ in $(seq 100); do
		CERT=$(sed -n 's/^MUCADMIN_SERVE_CERT=//p' "$D/plain/serve.out")
		[ -n "$CERT" ] && break
		read -r -t 0.1 <> <(:) || true
	done
	run "-v trace over TLS (PLAIN)" 0 "$MUCADMIN" --jid user@localhost \
		--server "127.0.0.1:$SERVE_PORT" --cafile "$CERT" -v rooms
	t_check "the trace shows PLAIN was used" grep -q 'mechanism="PLAIN"' "$D/err"
	no_secret "the password is not in the -v trace (PLAIN)" "$D/err" "$D/out"
	serve_stop
else
	t_fail "serve starts (PLAIN only)"
fi

# --- host names and expiry --------------------------------------------
if openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
	-subj /CN=wrong.example -addext "subjectAltName=DNS:wrong.example" \
	-keyout "$D/wk.pem" -out "$D/wc.pem" >/dev/null 2>&1; then
	mkdir -p "$D/wrong"
	if serve_start "$D/wrong" --user "user@localhost:$PW" --cert "$D/wc.pem" \
		--key "$D/wk.pem"; then
		run "a trusted certificate for another host name: exit 3" 3 \
			"$MUCADMIN" --jid user@localhost --server \
			"127.0.0.1:$SERVE_PORT" --cafile "$D/wc.pem" rooms
		err_has "the refusal says hostname mismatch" \
			'certificate-untrusted: .*host ?name'
		serve_stop
	fi
fi
# An expired certificate (python3-cryptography makes one when present).
if "$PY" - "$D" <<'EOF' 2>/dev/null; then
import datetime, sys
from cryptography import x509
from cryptography.x509.oid import NameOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
past = datetime.datetime(2020, 1, 1)
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(past).not_valid_after(past + datetime.timedelta(1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.DNSName("conference.localhost")]),
            critical=False)
        .sign(key, hashes.SHA256()))
open(sys.argv[1] + "/ec.pem", "wb").write(
    cert.public_bytes(serialization.Encoding.PEM))
open(sys.argv[1] + "/ek.pem", "wb").write(key.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
    serialization.NoEncryption()))
EOF
	mkdir -p "$D/expired"
	if serve_start "$D/expired" --user "user@localhost:$PW" \
		--cert "$D/ec.pem" --key "$D/ek.pem"; then
		run "an expired certificate: exit 3" 3 "$MUCADMIN" --jid \
			user@localhost --server "127.0.0.1:$SERVE_PORT" \
			--cafile "$D/ec.pem" rooms
		err_has "the refusal says expired" 'certificate-untrusted: .*expired'
		serve_stop
	fi
else
	echo "  (no python3-cryptography: expired certificate not tested)"
fi

# --- fake servers --------------------------------------------------------
# fake MODE: start tests/faults/fake_server.py MODE; sets FPORT, FPID.
fake() {
	local line
	coproc FAKESRV { "$PY" "$FAKE" "$1" 2>"$D/fake.err"; }
	FPID=$FAKESRV_PID
	_T_PIDS+=("$FPID")
	IFS= read -r -t 10 line <&"${FAKESRV[0]}" || return 1
	FPORT=${line#PORT=}
}
fake_end() { kill "$FPID" 2>/dev/null; wait "$FPID" 2>/dev/null; }
F=(--jid user@localhost --timeout 3)

# No TLS offered: PLAIN is never sent, unless --plaintext.
if fake plain-check; then
	run "no TLS offered: refused (exit 3)" 3 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" rooms
	err_has "the refusal says TLS" 'tls'
	fake_end
	t_check "no <auth/> was sent without TLS" \
		bash -c "! grep -q AUTH-SEEN '$D/fake.err'"
fi
if fake plain-check; then
	run "--plaintext: logs in without TLS" 0 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext rooms
	fake_end
	t_check "--plaintext: PLAIN was sent" grep -q AUTH-SEEN "$D/fake.err"
fi

JIDS=(a@localhost b@localhost c@localhost d@localhost e@localhost)
if fake drop; then
	run "server closes mid-batch: exit 5" 5 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext members r add "${JIDS[@]}"
	fake_end
	t_check "each pending item is reported as failed" \
		test "$(grep -cE '^mucadmin: members: r@conference.localhost: [a-z-]+: [a-e]@localhost: ' "$D/err")" = 3
	t_check "the summary says what was applied" grep -q 'added 2 of 5' "$D/out"
	no_crash "mid-batch close"
fi
if fake drop; then
	run "--json: the same batch, per-item results" 5 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext --json members r add \
		"${JIDS[@]}"
	fake_end
	t_check "--json: 2 applied, 3 failed" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["applied"] == 2 and d["failed"] == 3, d' "$D/out"
fi
if fake silent; then
	run "server never answers: exit 4 (--timeout 3)" 4 "$MUCADMIN" \
		"${F[@]}" --server "127.0.0.1:$FPORT" --plaintext rooms
	err_has "the error says timeout" '^mucadmin: rooms: timeout: '
	fake_end
fi
# ^C during the TLS handshake (issue 13), which libstrophe runs to its end
# whatever flags say: the signal shuts the socket down.
if fake tls-stall; then
	rm -f "$D/v"
	mkfifo "$D/v"
	"$MUCADMIN" "${F[@]}" -v --server "127.0.0.1:$FPORT" rooms \
		</dev/null >"$D/out" 2>"$D/v" &
	MPID=$!
	_T_PIDS+=("$MPID")
	exec 7<"$D/v"
	while IFS= read -r line <&7; do
		[[ "$line" == *"recv: <proceed"* ]] && { kill -INT "$MPID"; break; }
	done
	cat <&7 >"$D/err"
	exec 7<&-
	wait "$MPID"
	t_check "SIGINT during the TLS handshake: exit 130" test $? = 130
	err_has "SIGINT during the TLS handshake: said" \
		'^mucadmin: rooms: interrupted: stopped by SIGINT'
	wait "$FPID" 2>/dev/null # it ends when the client has gone
	t_check "SIGINT during the TLS handshake: the client left at once" \
		grep -q CLIENT-LEFT "$D/fake.err"
fi
# No core file may hold the password: mucadmin sets a zero core size and
# makes itself non-dumpable.  Run as nobody, the /proc entries of a
# non-dumpable process belong to root (a dumpable one's to nobody).
if [ "$(id -u)" = 0 ] && [ -z "${MUCADMIN_VALGRIND:-}" ] && fake silent; then
	X=$(t_tmpdir)
	chmod 755 "$_T_ROOT" "$X"
	cp "$MUCADMIN" "$X/mucadmin"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env XDG_CONFIG_HOME=/nonexistent "$X/mucadmin" "${F[@]}" \
		--timeout 30 --server "127.0.0.1:$FPORT" --plaintext rooms \
		>/dev/null 2>&1 &
	cpid=$!
	_T_PIDS+=("$cpid")
	core=no owner=
	deadline=$((SECONDS + 20))
	while [ $SECONDS -lt $deadline ]; do
		if [ "$(readlink "/proc/$cpid/exe")" = "$X/mucadmin" ] &&
			grep -qE '^Max core file size +0 +0 ' "/proc/$cpid/limits"; then
			core=zero
			owner=$(stat -c %u "/proc/$cpid/environ")
			[ "$owner" = 0 ] && break
		fi
		sleep 0.05
	done
	t_check "no core file: core size limit 0 (soft and hard)" [ "$core" = zero ]
	t_check "no core file: the process is not dumpable" [ "$owner" = 0 ]
	kill "$cpid" 2>/dev/null
	wait "$cpid" 2>/dev/null
	fake_end
fi
if fake unknown-id; then
	run "answers with unknown ids and foreign JIDs are ignored" 0 \
		"$MUCADMIN" "${F[@]}" --server "127.0.0.1:$FPORT" --plaintext \
		members r add a@localhost b@localhost
	fake_end
	no_crash "unknown ids"
fi
if fake malformed; then
	run "malformed XML from the server: exit 3" 3 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext rooms
	err_has "malformed XML: one error line" '^mucadmin: rooms: [a-z-]+: '
	fake_end
	no_crash "malformed XML"
fi
# Malformed XML on a stream the server keeps open: libstrophe only sends
# a stream error, so without a check this waited for the timeout (exit 4).
if fake malformed-open; then
	run "malformed XML, stream kept open: exit 3, not a timeout" 3 \
		"$MUCADMIN" "${F[@]}" --timeout 30 --server "127.0.0.1:$FPORT" \
		--plaintext rooms
	err_has "malformed XML: the error says what happened" \
		'^mucadmin: rooms: protocol-error: .*not well-formed'
	fake_end
	no_crash "malformed XML, stream kept open"
fi
# 100,000 nested elements overflowed the stack in libstrophe (exit 139).
if fake deep; then
	run "a form nesting 100,000 elements: exit 3, no crash" 3 \
		"$MUCADMIN" "${F[@]}" --server "127.0.0.1:$FPORT" --plaintext \
		config r
	err_has "deep nesting: the error names the cause" \
		'^mucadmin: config: r@conference.localhost: protocol-error: .*too large or too deeply nested'
	fake_end
	no_crash "deep nesting"
fi
# ... while a big room's honest list still passes.
if FAKE_ITEMS=10000 fake big-list; then
	run "a list of 10,000 members is not too large" 0 "$MUCADMIN" \
		"${F[@]}" --timeout 30 --server "127.0.0.1:$FPORT" --plaintext \
		--json members r
	t_check "all 10,000 members listed" "$PY" -c '
import json, sys
assert len(json.load(open(sys.argv[1]))) == 10000' "$D/out"
	fake_end
fi
# Control characters from the server (a C1 CSI starts a terminal escape
# sequence; CR and newline forge lines) never reach the terminal raw.
if fake evil; then
	run "a JID with control characters: listed" 0 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext members r
	t_check "table: no raw control character" bash -c \
		"! LC_ALL=C grep -qP '\\xc2[\\x80-\\x9f]|\\r' '$D/out'"
	t_check "table: the JID shown escaped, on one line" \
		grep -q '^evil\\x9b31m fake line @localhost ' "$D/out"
	fake_end
fi
if fake evil; then
	run "--json: the same JID" 0 "$MUCADMIN" "${F[@]}" \
		--server "127.0.0.1:$FPORT" --plaintext --json members r
	t_check "--json: valid JSON, escaped, the JID intact" "$PY" -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\xc2\x9b" not in raw and b"\r" not in raw, raw
d = json.loads(raw)
assert d[0]["jid"] == "evil\x9b31m\rfake\nline\t@localhost", d' "$D/out"
	fake_end
fi
if fake evil; then
	run "an error text with control characters: exit 1" 1 "$MUCADMIN" \
		"${F[@]}" --server "127.0.0.1:$FPORT" --plaintext config r
	t_check "error: one line, escaped" test "$(wc -l <"$D/err")" = 1
	t_check "error: no raw control character" bash -c \
		"! LC_ALL=C grep -qP '\\xc2[\\x80-\\x9f]|\\r' '$D/err'"
	err_has "error: the server's text shown escaped" \
		'\(server: no\\x9b31m\\x0dfake\\x0aline\\x09\)$'
	fake_end
fi
# Adding reads the lists first (a JID moved down must be confirmed): a
# list answered without its payload stops the command before any set.
if fake bad-reply; then
	run "answers without payload: a clear error" 3 \
		"$MUCADMIN" "${F[@]}" --server "127.0.0.1:$FPORT" --plaintext \
		members r add a@localhost b@localhost
	err_has "answers without payload: said so" \
		'^mucadmin: members: r@conference.localhost: protocol-error: the server sent an unexpected answer'
	fake_end
	no_crash "bad replies"
fi
if fake bad-set; then
	run "errors without a condition: a clear error" 1 \
		"$MUCADMIN" "${F[@]}" --server "127.0.0.1:$FPORT" --plaintext \
		members r add a@localhost b@localhost
	err_has "errors without a condition: per-item error lines" \
		'^mucadmin: members: r@conference.localhost: [a-z-]+: a@localhost: '
	fake_end
	no_crash "errors without a condition"
fi
# apply, cut off or interrupted, says exactly what it changed.
printf 'rooms:\n  - jid: r@conference.localhost\n    members: [%s]\n' \
	"$(IFS=,; echo "${JIDS[*]}")" >"$D/rooms.yaml"
# applied_says NAME COND: the answered changes applied (at most the 2 the
# server answered; fewer when the client had not read them yet), the
# others unknown because of COND, and the table and summary agree.
applied_says() {
	local sum a u
	sum=$(grep '^Applied [0-9]* of 5 changes: 0 failed, [0-9]* unknown' "$D/out")
	a=$(echo "$sum" | sed -n 's/^Applied \([0-9]*\) .*/\1/p')
	u=$(echo "$sum" | sed -n 's/.* failed, \([0-9]*\) unknown.*/\1/p')
	t_check "$1: the summary counts applied + unknown = 5 ($a + $u)" \
		test -n "$a" -a -n "$u" -a "$((${a:-0} + ${u:-0}))" = 5 -a "${a:-9}" -le 2
	t_check "$1: the table lists $a applied" test \
		"$(grep -cE '^r@conference.localhost +add +[a-e]@localhost .* applied ' "$D/out")" = "${a:-x}"
	t_check "$1: each unknown change on stderr, with why" test \
		"$(grep -cE "^mucadmin: apply: r@conference.localhost: $2: add [a-e]@localhost: .*unknown" "$D/err")" = "${u:-x}"
}
if fake drop; then
	timeout "$LIMIT" "$MUCADMIN" "${F[@]}" --server "127.0.0.1:$FPORT" \
		--plaintext apply "$D/rooms.yaml" >"$D/out" 2>"$D/err"
	rc=$?
	fake_end
	# mucadmin-rooms(5): a lost connection is exit 3, not 5 (partial),
	# even with some changes applied: the summary says which.
	t_check "apply cut off by the server: exit 3 (got $rc)" test "$rc" = 3
	applied_says "apply cut off" connection-failed
	no_crash "apply cut off"
fi
if fake stall; then
	timeout "$LIMIT" "$MUCADMIN" "${F[@]}" --timeout 30 \
		--server "127.0.0.1:$FPORT" --plaintext apply "$D/rooms.yaml" \
		>"$D/out" 2>"$D/err" &
	apid=$!
	for _ in $(seq $((LIMIT * 20))); do
		grep -q STALLED "$D/fake.err" 2>/dev/null && break
		read -r -t 0.05 <> <(:) || true
	done
	kill -INT "$apid"
	wait "$apid"
	rc=$?
	fake_end
	t_check "apply interrupted by SIGINT: exit 130 (got $rc)" test "$rc" = 130
	applied_says "apply interrupted" cancelled
	no_crash "apply interrupted"
fi
no_secret "the password is in no output of the fake-server runs" "$D/err" \
	"$D/out"

# --- password_file readable by the group is refused as well ------------
mkdir -p "$XDG_CONFIG_HOME/mucadmin"
printf '%s\n' "$PW" >"$D/pw"
chmod 640 "$D/pw"
cat >"$XDG_CONFIG_HOME/mucadmin/config.yaml" <<EOF
accounts:
  main:
    jid: user@localhost
    server: 127.0.0.1:1
    password_file: $D/pw
EOF
unset MUCADMIN_PASSWORD
run "password_file readable by the group: refused (exit 6)" 6 \
	"$MUCADMIN" -a main rooms
err_has "the refusal says why" 'accessible by others'
no_secret "the refusal does not show the password" "$D/err"

# --- a config file others may write is refused before it is used ------
# Its password_command would run as us: ssh's rule, exit 6.
CONF=$XDG_CONFIG_HOME/mucadmin/config.yaml
cat >"$CONF" <<EOF
accounts:
  w:
    jid: user@localhost
    server: 127.0.0.1:1
    password_command: touch $D/pwned; echo x
EOF
for mode in 666 620 602; do
	chmod "$mode" "$CONF"
	run "config.yaml mode $mode: refused (exit 6)" 6 "$MUCADMIN" -a w rooms
	t_check "config.yaml mode $mode: its password_command did not run" \
		test ! -e "$D/pwned"
done
err_has "the refusal names the file and the fix" \
	"^mucadmin: rooms: config: $CONF is writable by others .*chmod 600 $CONF"
if [ "$(id -u)" = 0 ]; then
	chmod 600 "$CONF"
	chown 65534 "$CONF"
	run "config.yaml owned by another user: refused (exit 6)" 6 \
		"$MUCADMIN" -a w rooms
	err_has "the refusal says whose file it is" 'owned by uid 65534'
	t_check "another user's file: its password_command did not run" \
		test ! -e "$D/pwned"
	chown 0 "$CONF"
fi
chmod 600 "$CONF"
run "config.yaml mode 600: used (the login then fails, exit 3)" 3 \
	"$MUCADMIN" -a w --timeout 3 rooms
t_check "mode 600: its password_command ran" test -e "$D/pwned"
t_done
