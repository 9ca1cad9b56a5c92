# SPDX-License-Identifier: MIT
# mucadmin serve under hostile and heavy clients: garbage, an entity bomb,
# DTDs, oversized stanzas, stanzas split at every byte, password guessing,
# 300 clients that vanish mid-stream, slow clients that never finish their
# header, 500 clients in one room, clients that never read a flood.  After each: the server still runs and serves a
# normal client; after the crowds leave, its RSS is back near its
# baseline.  Raw clients: tests/faults/serve_faults.py.
. "$(dirname "$0")/../testlib.sh"
set -u

PY=/usr/bin/python3
CLIENT=$TOP/tests/faults/serve_faults.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
D=$(t_tmpdir) || exit 1
# RSS is not meaningful under AddressSanitizer (quarantine, shadow).
SAN=
if [ -n "${MUCADMIN_SAN_FLAGS:-}" ] || ldd "$MUCADMIN" 2>/dev/null |
	grep -q 'libasan'; then
	SAN=1
fi
HANDSHAKE=3
NVANISH=${FAULTS_VANISH:-300}
NROOM=${FAULTS_ROOM:-500}
# Memory the server may keep over its baseline once everyone has left.
SLACK_KB=${FAULTS_RSS_SLACK_KB:-2048}

mkdir -p "$D/s"
if ! serve_start "$D/s" --tls off --any-password --user victim:secret; then
	t_fail "serve starts"
	t_done
	exit 1
fi

rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVE_PID/status"; }

# sc NAME SCENARIO [ARG]: a client scenario; then the server must be alive.
sc() {
	local n=$1
	shift
	if timeout 600 "$PY" "$CLIENT" "$1" "$SERVE_PORT" "${@:2}" \
		>"$D/sc.out" 2>"$D/sc.err"; then
		t_pass "$n"
		[ -s "$D/sc.out" ] && sed 's/^/  /' "$D/sc.out"
	else
		cat "$D/sc.err"
		t_fail "$n"
	fi
	t_check "$n: server still running" kill -0 "$SERVE_PID"
}

# rss_back NAME: RSS falls back under baseline + slack within 20 s.
rss_back() {
	local now deadline=$((SECONDS + 20))
	[ -n "$SAN" ] && return 0
	while now=$(rss); [ -n "$now" ] && [ "$now" -gt $((BASE + SLACK_KB)) ] &&
		[ $SECONDS -lt $deadline ]; do
		read -r -t 0.2 <> <(:) || true
	done
	echo "  RSS after $1: ${now:-?} kB (baseline $BASE kB)"
	t_check "$1: RSS back near baseline" \
		test -n "$now" -a "${now:-0}" -le $((BASE + SLACK_KB))
}

# Warm up (first login, first room, first garbage), then the baseline.
sc "a normal client is served" healthy
"$PY" "$CLIENT" garbage "$SERVE_PORT" >/dev/null 2>&1
"$PY" "$CLIENT" room "$SERVE_PORT" 3 >/dev/null 2>&1
BASE=$(rss)
[ -n "$SAN" ] && echo "  (sanitized build: RSS not checked)" ||
	echo "  baseline RSS: $BASE kB"

sc "garbage bytes: connection closed" garbage
sc "entity-expansion bomb: restricted-xml at once" bomb
sc "DTDs and external entities: restricted-xml, nothing read" dtd
sc "oversized stanza and start tag: policy-violation" oversized
sc "a stanza split at every byte boundary" split
sc "$NVANISH clients vanish at every stage of a session" vanish "$NVANISH"
rss_back "$NVANISH clients vanished"
sc "$NROOM clients in one room, one message each, all delivered" room \
	"$NROOM"
rss_back "$NROOM clients left the room"
# Last: the failures slow every login from 127.0.0.1 for 30 s after them.
sc "failed logins: the third ends the stream, a burst is cut" logins

serve_stop
t_check "SIGTERM: clean exit after all that" test $? = 0
t_check "no sanitizer report from the server" \
	bash -c "! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error' '$D/s/serve.err'"

# Slow clients, on a server of their own with a short handshake timeout
# (the one above keeps the default: a busy sanitized server may take
# seconds to greet the healthy client after the crowd).
mkdir -p "$D/slow"
if MUCADMIN_SERVE_HANDSHAKE_TIMEOUT=$HANDSHAKE serve_start "$D/slow" \
	--tls off --any-password; then
	sc "slow clients cut at the handshake timeout, others served" slow \
		"$HANDSHAKE"
	serve_stop
	t_check "SIGTERM: clean exit" test $? = 0
else
	t_fail "serve starts (handshake timeout $HANDSHAKE s)"
fi

# The output budget: a small one drops the clients that do not read (each
# with less waiting than a connection may buffer) and serves the others.
mkdir -p "$D/flood"
if serve_start "$D/flood" --tls off --any-password --max-output-total 1M
then
	sc "output budget 1M: 20 non-reading clients dropped, a reader served" \
		flood 20 100
	serve_stop
	t_check "SIGTERM: clean exit" test $? = 0
else
	t_fail "serve starts (--max-output-total 1M)"
fi
# The attack with the default budget: RSS stayed bounded by nothing.
mkdir -p "$D/flood2"
if serve_start "$D/flood2" --tls off --any-password; then
	sc "200 non-reading occupants, 16 KB messages: a reader served" \
		flood 200 150 rss
	peak=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' \
		"/proc/$SERVE_PID/status")
	if [ -z "$SAN" ]; then
		echo "  peak RSS: ${peak:-?} kB"
		t_check "... peak RSS below 256 MiB" test "${peak:-999999}" -lt 262144
	fi
	serve_stop
	t_check "SIGTERM: clean exit" test $? = 0
else
	t_fail "serve starts (default output budget)"
fi

# Repeated failures from one address, with a long delay so that the held
# attempt is still held while the others are served.
mkdir -p "$D/auth"
if MUCADMIN_SERVE_AUTH_DELAY=5 serve_start "$D/auth" --tls off \
	--any-password --user victim:secret; then
	sc "an address's repeated failures wait (a timer): others served" \
		slow-logins
	serve_stop
	t_check "SIGTERM: clean exit" test $? = 0
else
	t_fail "serve starts (auth delay 5 s)"
fi
t_done
