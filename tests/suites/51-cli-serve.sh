# SPDX-License-Identifier: MIT
# The CLI against the built-in mini server (mucadmin serve): the same tests
# as against Prosody, over STARTTLS with a certificate checked via --cafile.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
cli_target_serve "$SD"
. "$(dirname "$0")/../cli/common.sh"

# --quirks ejabberd: the service says so (XEP-0092), so a batch goes in
# one muc#admin set, and is still read back.
serve_stop
mkdir -p "$SD/ej"
if serve_start "$SD/ej" --tls off --quirks ejabberd "${users[@]}"; then
	EJ=("$MUCADMIN" --jid user@localhost --server "127.0.0.1:$SERVE_PORT"
		--plaintext)
	expect "ejabberd quirks: a room" 0 "${EJ[@]}" create ej
	expect "ejabberd quirks: a batch of 3, verbose" 0 "${EJ[@]}" -v \
		members ej add e1@localhost e2@localhost e3@localhost
	err_has "ejabberd quirks: detected" \
		"^mucadmin: info: $SVC runs mucadmin serve \(ejabberd quirks\): many items per set$"
	t_check "ejabberd quirks: one set with the 3 items" test \
		"$(grep '^mucadmin: sent: ' "$D/err" | grep -o '<iq [^>]*type=.set.[^>]*><query xmlns=.http://jabber.org/protocol/muc#admin.><item [^>]*/><item [^>]*/><item [^>]*/></query>' | wc -l)" = 1
	t_check "ejabberd quirks: and the list read back" \
		grep -q 'sent: <iq [^>]*type="get"><query xmlns="http://jabber.org/protocol/muc#admin"><item affiliation="member"/>' "$D/err"
	expect "ejabberd quirks: all 3 members" 0 "${EJ[@]}" --json members ej
	json "ejabberd quirks: the members" \
		'sorted(m["jid"] for m in d) == ["e1@localhost", "e2@localhost", "e3@localhost"]'
	# ejabberd 23.01's answers, measured: item-not-found for the nick of
	# a room that exists, not-acceptable for a nick nobody has.
	expect "ejabberd quirks: no reserved nick" 0 "${EJ[@]}" --json nick ej
	json "ejabberd quirks: nick null" 'd == {"room": "ej@'$SVC'", "nick": None}'
	expect "ejabberd quirks: nick of a missing room" 1 "${EJ[@]}" nick nosuchroom
	err_has "ejabberd quirks: the room does not exist" "^mucadmin: nick: nosuchroom@$SVC: item-not-found: "
	expect "ejabberd quirks: kick a missing nick" 1 "${EJ[@]}" kick ej nobody
	err_has "ejabberd quirks: the nick, not the room" "^mucadmin: kick: ej@$SVC: not-acceptable: nobody in the room has the nick 'nobody'$"
	serve_stop
else
	t_fail "serve --quirks ejabberd starts"
fi

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

# -v observes: the same batch sends the same bytes with the log as
# without it (it once made every request go through libstrophe's own
# serialisation).  serve -v logs what each connection sent, as it came.
serve_stop
mkdir -p "$SD/wire"
if serve_start "$SD/wire" -v --tls off "${users[@]}"; then
	W=("$MUCADMIN" --jid user@localhost --server "127.0.0.1:$SERVE_PORT"
		--plaintext)
	WJ=(w1@localhost w2@localhost w3@localhost w4@localhost)
	expect "wire: a room" 0 "${W[@]}" create wire
	expect "wire: a batch without -v" 0 "${W[@]}" members wire add "${WJ[@]}"
	expect "wire: undone" 0 "${W[@]}" members wire remove "${WJ[@]}"
	expect "wire: the batch with -v" 0 "${W[@]}" -v members wire add "${WJ[@]}"
	serve_stop
	# Each connection's input, from its stream header on, one line each.
	python3 - "$SD/wire/serve.err" >"$D/wire" <<'PY'
import re, sys
conns = []
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"mucadmin: serve: \d+ \S+ RECV: (.*)$", line.rstrip("\n"))
    if not m:
        continue
    if m.group(1).startswith("<stream:stream "):  # a new client, before auth
        conns.append("")
    if conns:
        conns[-1] += m.group(1)
for c in conns:
    print(c)
PY
	t_check "wire: four connections seen" test "$(wc -l <"$D/wire")" = 4
	t_check "wire: the batch sent its sets" \
		test "$(sed -n 2p "$D/wire" | grep -o 'muc#admin.><item affiliation=.member. jid=' | wc -l)" = 4
	t_check "wire: the same bytes with -v as without" \
		test "$(sed -n 2p "$D/wire")" = "$(sed -n 4p "$D/wire")"
else
	t_fail "serve starts without TLS, -v"
fi
t_done
