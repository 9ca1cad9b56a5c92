# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against the built-in mini server,
# over STARTTLS with its certificate checked via --cafile.
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
. "$(dirname "$0")/../cli/rooms_common.sh"

# --- cut off: the server goes away during apply (issue 8) ---------------
mkdir -p "$SD/cut"
if serve_start "$SD/cut" --tls required --cert "$SD/cert.pem" \
	--key "$SD/key.pem" "${users[@]}"; then
	M=("$MUCADMIN" --server "127.0.0.1:$SERVE_PORT" --cafile "$CAFILE" --timeout 20)
	apply_cut "$D/bulk.yaml" "$D/cut.out" KILL "$SERVE_PID"
	t_check "$SRV: cut off: exit 3" test "$APPLY_RC" = 3
	cp "$D/cut.out" "$D/out"
	json "cut off: every action accounted for" 'd["applied"] + d["failed"] + d["unknown"] + d["not_done"] == d["changes"] == 600 and d["applied"] > 0 and d["not_done"] > 0'
	json "cut off: nothing sent after the cut is called applied" 'all(a["status"] == "not done" for a in d["actions"][-100:])'
else
	t_fail "$SRV: serve starts again"
fi
t_done
