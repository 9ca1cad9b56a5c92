#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/diff/both.sh - run flows against a fresh Prosody and a fresh serve
# and compare the transcripts (see README).
#
#   tests/diff/both.sh [-k DIR] [FLOW...]
#
# -k DIR keeps both transcripts in DIR/prosody and DIR/serve.  Exit 0 when
# every difference is allowlisted, 1 otherwise, 77 when a server or
# slixmpp is missing.
. "$(dirname "$0")/../lib.sh"
PY=${DIFF_PYTHON:-/usr/bin/python3}
HERE=$TOP/tests/diff
KEEP=
if [ "${1:-}" = -k ]; then KEEP=$2; shift 2; fi

diff_have() {
	have_prosody || { echo "prosody is not installed"; return 1; }
	"$PY" -c 'import slixmpp' 2>/dev/null || { echo "python3-slixmpp is not installed"; return 1; }
	[ -x "$MUCADMIN" ] || { echo "no $MUCADMIN"; return 1; }
}

# diff_serve DIR: serve with the same set-up as start.sh's Prosody:
# STARTTLS required, accounts user, user2, user3, admin ("password"),
# admin@localhost a server admin.  Sets SERVE_CAFILE.
diff_serve() {
	local dir=$1 u users=()
	openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
		-keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 || return 1
	for u in user user2 user3 admin; do users+=(--user "$u@localhost:password"); done
	serve_start "$dir" --tls required --cert "$dir/cert.pem" --key "$dir/key.pem" \
		--admin admin@localhost "${users[@]}" || return 1
	SERVE_CAFILE=$dir/cert.pem
}

# diff_run OUT FLOW...: both servers, both transcripts in OUT/{prosody,serve}.
diff_run() {
	local out=$1
	shift
	mkdir -p "$out/prosody" "$out/serve" "$out/srv-serve" || return 1
	prosody_start "$out/srv-prosody" >/dev/null || { echo "prosody does not start"; return 1; }
	diff_serve "$out/srv-serve" || { echo "serve does not start"; return 1; }
	"$PY" "$HERE/run.py" --port "$PROSODY_PORT" --cafile "$PROSODY_CAFILE" \
		--out "$out/prosody" "$@" >"$out/run-prosody.log" 2>&1 &
	local p1=$!
	"$PY" "$HERE/run.py" --port "$SERVE_PORT" --cafile "$SERVE_CAFILE" \
		--out "$out/serve" "$@" >"$out/run-serve.log" 2>&1
	local r2=$?
	wait $p1
	local r1=$?
	prosody_stop "$out/srv-prosody"
	serve_stop
	[ "$r1" = 0 ] && [ "$r2" = 0 ] || {
		echo "run.py failed (prosody $r1, serve $r2)"
		cat "$out/run-prosody.log" "$out/run-serve.log"
		return 1
	}
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	why=$(diff_have) || { echo "SKIP $why"; exit 77; }
	if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && OUT=$(cd "$KEEP" && pwd -P); else OUT=$(t_tmpdir); fi
	diff_run "$OUT" "$@" || exit 1
	"$PY" "$HERE/compare.py" "$OUT/prosody" "$OUT/serve" "$HERE/allowlist" "$@"
fi
