# SPDX-License-Identifier: MIT
# mucadmin serve's MUC service beyond the corpus: persistence across a
# restart with --data, the --quirks ejabberd mode, a bad data file.
. "$(dirname "$0")/../testlib.sh"

SERVE=$TOP/tests/scansion/serve
# Recorded on real ejabberd 23.01; suite 32 replays them there too.
EJ=$TOP/tests/scansion/ejabberd
[ -x "$RUNNER" ] || t_skip "no $RUNNER"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
D=$(t_tmpdir)
DATA=$D/rooms.xml

# run NAME ARGS...: the runner against the current server, output in NAME.
run() {
	local name=$1
	shift
	"$RUNNER" --port "$SERVE_PORT" --timeout 3 "$@" >"$D/$name" 2>&1
}

# Persistence: create, stop, restart, check.
mkdir "$D/s1" "$D/s2" "$D/s3" "$D/s4"
serve_start "$D/s1" --any-password --data "$DATA" || t_fail "serve starts"
t_check "persist: part 1 passes (strict)" \
	run p1 --strict "$SERVE/persist/1_create.scs"
serve_stop
t_check "persist: server exits 0 on SIGTERM" [ $? = 0 ]
t_check "persist: data file written" grep -q "archive@conference.localhost" "$DATA"
t_check "persist: no temp file left" [ ! -e "$DATA.tmp" ]
serve_start "$D/s2" --any-password --data "$DATA" || t_fail "serve restarts"
t_check "persist: part 2 passes after a restart" \
	run p2 "$SERVE/persist/2_check.scs"
# XEP-0421: the room's salt is kept, so an account's occupant-id is the
# same after the restart: base64(HMAC-SHA256(bare JID, salt)).
salt=$(sed -n "s/.*<room jid='archive@conference.localhost'[^>]* oidsalt='\([^']*\)'.*/\1/p" "$DATA")
t_check "persist: the occupant-id salt is in the data file" [ -n "$salt" ]
oid=$(printf %s "$salt" | openssl dgst -sha256 -hmac user2@localhost -binary |
	base64)
cat >"$D/oid.scs" <<SCS
# The occupant-id after a restart
[Client] Juliet
	jid: user2@localhost
	password: password
-----
Juliet connects
Juliet sends:
	<presence to="archive@conference.localhost/Jules">
		<x xmlns="http://jabber.org/protocol/muc"/>
	</presence>
Juliet receives:
	<presence from="archive@conference.localhost/Jules">
		<occupant-id xmlns="urn:xmpp:occupant-id:0" id="$oid"/>
	</presence>
Juliet disconnects
SCS
t_check "persist: the same occupant-id after a restart" run oid "$D/oid.scs"
serve_stop
cat "$D/p1" "$D/p2" | grep -v '^PASS' | grep -v ' passed, '

# --quirks ejabberd: the scripts recorded on ejabberd pass.
serve_start "$D/s3" --any-password --quirks ejabberd || t_fail "serve starts"
t_check "quirks ejabberd: the ejabberd scripts pass" run ej "$EJ"
t_check "quirks ejabberd: the room's caps" run ej-caps "$SERVE/caps"
cat "$D/ej" "$D/ej-caps" | grep -v '^PASS' | grep -v ' passed, '
serve_stop

# The Prosody quirks are the default: the same scripts fail there.
serve_start "$D/s4" --any-password || t_fail "serve starts"
run ej-default "$EJ"
t_check "quirks prosody (default): the ejabberd scripts fail" [ $? = 1 ]
run caps-default "$SERVE/caps"
t_check "quirks prosody (default): no room caps" [ $? = 1 ]
serve_stop

# A data file that is not ours: serve refuses to start and says why.
echo "<not-ours/>" >"$D/bad.xml"
"$MUCADMIN" serve --port 0 --data "$D/bad.xml" >"$D/bad.out" 2>"$D/bad.err"
t_check "bad data file: non-zero exit" [ $? != 0 ]
t_check "bad data file: error names the file" grep -q "bad.xml" "$D/bad.err"
t_done
