# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against the built-in mini server,
# over STARTTLS with its certificate checked via --cafile.
. "$(dirname "$0")/../lib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
	-keyout "$SD/key.pem" -out "$SD/cert.pem" >/dev/null 2>&1 ||
	t_skip "openssl cannot make a certificate"
users=()
for u in user user2 user3 admin; do users+=(--user "$u@localhost:password"); done
if ! serve_start "$SD" --tls required --cert "$SD/cert.pem" --key "$SD/key.pem" \
	"${users[@]}"; then
	t_fail "serve starts"
	t_done
	exit 1
fi
SRV=serve
PORT=$SERVE_PORT
CAFILE=$SD/cert.pem
. "$(dirname "$0")/../cli/rooms_common.sh"
t_done
