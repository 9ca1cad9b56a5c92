# SPDX-License-Identifier: MIT
# The CLI against the built-in mini server (mucadmin serve): the same tests
# as against Prosody, over STARTTLS with a certificate checked via --cafile.
. "$(dirname "$0")/../lib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
serve_tls_start "$SD"
case $? in
0) ;;
2) t_skip "openssl cannot make a certificate" ;;
*) t_fail "serve starts"; t_done; exit 1 ;;
esac
users=("${SERVE_USERS[@]}")
SRV=serve
PORT=$SERVE_PORT
CAFILE=$SD/cert.pem
. "$(dirname "$0")/../cli/common.sh"

# --plaintext: only with a server that offers no TLS, and only on loopback.
serve_stop
mkdir -p "$SD/plain"
if serve_start "$SD/plain" --tls off "${users[@]}"; then
	expect "no TLS offered: refused" 3 "$MUCADMIN" --jid user@localhost \
		--server "127.0.0.1:$SERVE_PORT" rooms
	err_has "no TLS offered: condition" "^mucadmin: rooms: tls-failed: "
	expect "--plaintext on loopback" 0 "$MUCADMIN" --jid user@localhost \
		--server "127.0.0.1:$SERVE_PORT" --plaintext create plain
	expect "--plaintext: the room is there" 0 "$MUCADMIN" --jid user@localhost \
		--server "127.0.0.1:$SERVE_PORT" --plaintext --json owners plain
	json "--plaintext: owners" '[m["jid"] for m in d] == ["user@localhost"]'
else
	t_fail "serve starts without TLS"
fi
t_done
