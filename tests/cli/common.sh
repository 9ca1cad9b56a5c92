# SPDX-License-Identifier: MIT
# tests/cli/common.sh - the CLI's black-box tests, one body run against each
# server.  The suite sources tests/testlib.sh, starts a server and sets:
#   SRV     a label for the results ("prosody", "serve")
#   PORT    the c2s port on 127.0.0.1, STARTTLS required
#   CAFILE  the certificate that --cafile must trust
# Accounts user, user2, user3 and admin @localhost, password "password".
# Then it sources this file and ends with t_done.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=tests/cli/checks.sh
. "$HERE/checks.sh"
unset MUCADMIN_ROOM_PASSWORD

# occupant_start JID ROOM NICK: a second client sitting in ROOM.
occupant_start() {
	local line
	rm -f "$D/occ.in" "$D/occ.out"
	mkfifo "$D/occ.in" "$D/occ.out"
	python3 "$HERE/occupant.py" 127.0.0.1 "$PORT" "$CAFILE" "$1" password \
		"$2" "$3" <"$D/occ.in" >"$D/occ.out" 2>"$D/occ.err" &
	_T_PIDS+=("$!")
	exec 8>"$D/occ.in" 6<"$D/occ.out"
	IFS= read -r -t 20 line <&6 && [ "$line" = JOINED ]
}
# occupant_next: the occupant's next line ("GONE 307 110" when kicked).
occupant_next() { local line; IFS= read -r -t 20 line <&6 && echo "$line"; }
occupant_stop() { exec 8>&- 6<&-; }

R=team@$SVC

# --- tables and output without a server -------------------------------
expect "version --json" 0 "$MUCADMIN" version --json
json "version JSON shape" 'set(d) == {"mucadmin", "libmucadmin"}'
expect "help --json" 0 "$MUCADMIN" --json help
json "help JSON lists every command" \
	'{"rooms","info","occupants","create","destroy","config","members","admins","owners","outcasts","affiliation","ban","unban","kick","role","voice","devoice","register","unregister","nick","subject","invite","say","help","version"} <= {c["name"] for c in d}'
json "help JSON shape" 'all(set(c) == {"name","synopsis","summary","aliases","options","connects","destructive"} for c in d)'
expect "help COMMAND --json" 0 "$MUCADMIN" help ban --json
json "help COMMAND JSON" '[c["name"] for c in d] == ["ban"] and d[0]["destructive"] is True and d[0]["options"] == ["reason", "allow-domain-jid", "everywhere", "dry-run", "match"]'

# --- bad input: exit 2, nothing sent ----------------------------------
expect "invalid room JID" 2 ma info 'bad room@x'
err_has "invalid room JID: error line" "^mucadmin: info: bad room@x: jid-malformed: "
expect "invalid room name, even with no server" 2 ma --server 127.0.0.1:1 members 'bad room'
expect "invalid JID to add" 2 ma --server 127.0.0.1:1 members team add 'not a jid'
err_has "invalid JID is named" "^mucadmin: members: team: jid-malformed: 'not a jid' is not a bare JID"
expect "invalid JID to ban" 2 ma -y ban team 'a@b@c'
# One JID check (mucadmin_jid_valid) for the CLI and the library: ':' is
# not allowed in a localpart (RFC 7622), which the library once accepted.
expect "':' in a localpart: refused" 2 ma --server 127.0.0.1:1 members team add 'x:y@localhost'
err_has "':' in a localpart: named" "^mucadmin: members: team: jid-malformed: 'x:y@localhost' is not a bare JID"
expect "':' in a localpart: invite refused" 2 ma --server 127.0.0.1:1 invite team 'x:y@localhost'
# A JID without @ is a domain: a user's JID with its domain forgotten.
NOAT=(ma --server 127.0.0.1:1)
HINT="jid-malformed: 'alice' is a domain, not a user: did you mean alice@localhost\? \(--allow-domain-jid"
expect "members add alice (no @): refused" 2 "${NOAT[@]}" members team add alice
err_has "members add alice: the hint" "^mucadmin: members: team: $HINT"
expect "admins remove alice: refused" 2 "${NOAT[@]}" admins team remove alice
err_has "admins remove alice: the hint" "$HINT"
expect "outcasts add alice: refused" 2 "${NOAT[@]}" outcasts team add alice
expect "ban alice: refused" 2 "${NOAT[@]}" -y ban team alice
err_has "ban alice: the hint" "^mucadmin: ban: $HINT"
expect "unban alice: refused" 2 "${NOAT[@]}" unban team alice
expect "affiliation alice: refused" 2 "${NOAT[@]}" affiliation team alice member
err_has "affiliation alice: the hint" "$HINT"
printf 'bob@localhost\nalice\n' >"$D/nodomain"
IN=$D/nodomain expect "members add - with a JID without @: refused" 2 ma --server 127.0.0.1:1 members team add -
err_has "stdin JID without @: the line" "stdin line 2: 'alice' is a domain, not a user: did you mean alice@localhost\?"
expect "unknown affiliation" 2 ma affiliation team user2@localhost boss
expect "unknown role" 2 ma role team bob king
expect "add or remove" 2 ma members team frob user2@localhost
expect "config needs FIELD=VALUE" 2 ma config team membersonly
expect "register needs --nick" 2 ma register team
expect "destroy: --venue-password needs --venue" 2 ma -y destroy team --venue-password x
expect "plaintext to a remote host" 2 "$MUCADMIN" --jid user@example.org --server example.org --plaintext rooms
err_has "plaintext refusal says why" "not loopback"

# --- rooms, create, info ----------------------------------------------
expect "rooms" 0 ma rooms
expect "rooms --json" 0 ma --json rooms
json "rooms JSON is a list" 'isinstance(d, list)'
expect "create" 0 ma create team
out_has "create says so" "^$R: created$"
expect "create again: exists" 1 ma create team
err_has "create again: error line" "^mucadmin: create: $R: exists: "
expect "create with fields" 0 ma --json create team2 name=Two membersonly=yes public=1
json "create JSON shape" 'd == {"room": "team2@'$SVC'"}'
expect "create: unknown field" 2 ma create team3 nosuchfield=1
expect "rooms lists the public room" 0 ma --json rooms
json "rooms JSON shape" 'any(r["jid"] == "team2@'$SVC'" for r in d) and all(set(r) == {"jid","name"} for r in d)'
expect "rooms of a named service" 0 ma rooms $SVC
out_has "rooms table" "^JID +NAME"
expect "info" 0 ma info team2
out_has "info human" "^room: +team2@$SVC"
expect "info --json" 0 ma --json info team2
json "info JSON shape" 'set(d) == {"room","name","features","info"} and "http://jabber.org/protocol/muc" in d["features"] and "muc_membersonly" in d["features"]'
expect "info: missing room" 1 ma info nosuchroom
err_has "info: missing room: condition" "^mucadmin: info: nosuchroom@$SVC: item-not-found: "

# --- config -----------------------------------------------------------
expect "config shows the form" 0 ma config team2
out_has "config table header" "^FIELD +TYPE +VALUE +OPTIONS +LABEL$"
out_has "config shows aliases" "^membersonly +boolean +yes"
expect "config --json" 0 ma --json config team2
json "config JSON shape" 'all(set(f) == {"field","type","value","options","var","label"} for f in d)'
json "config JSON values" '{f["field"]: f["value"] for f in d}["name"] == "Two" and {f["field"]: f["value"] for f in d}["membersonly"] is True'
json "config JSON options" '"anyone" in {f["field"]: f for f in d}["whois"]["options"]'
expect "config change by alias" 0 ma config team name="Team room" membersonly=on whois=anyone
expect "config change by var" 0 ma --json config team muc#roomconfig_roomdesc="About us"
json "config change JSON" 'd == {"room": "'$R'", "changed": ["muc#roomconfig_roomdesc"]}'
expect "config read back" 0 ma --json config team
json "config changes applied" '(lambda v: v["name"] == "Team room" and v["membersonly"] is True and v["whois"] == "anyone" and v["description"] == "About us")({f["field"]: f["value"] for f in d})'
expect "config: a list-multi field, comma-separated" 0 ma config team presencebroadcast=moderator,participant
expect "config: list-multi read back" 0 ma --json config team
json "list-multi values" 'sorted({f["field"]: f["value"] for f in d}["presencebroadcast"]) == ["moderator", "participant"]'
expect "config: list-multi back to all" 0 ma config team presencebroadcast=visitor,participant,moderator
expect "config: unknown field" 2 ma config team nosuchfield=1
err_has "unknown field lists the server's fields" "^mucadmin: config: $R: unknown-field: 'nosuchfield' .*offers: .*membersonly"
expect "config: bad boolean" 2 ma config team membersonly=maybe
err_has "bad boolean: condition" "^mucadmin: config: $R: bad-value: "
expect "config: not an option" 2 ma config team whois=everybody
case $SRV in
ejabberd)
	# ejabberd 23.01 has no history fields: refused before anything is sent.
	expect "config: no history fields on ejabberd" 2 ma config team historylength=5
	err_has "no history fields: unknown-field" "^mucadmin: config: $R: unknown-field: 'historylength' "
	;;
*)
	# Prosody keeps the default history within the history length, silently.
	expect "config: a change the server ignored" 1 ma config team historylength=5 defaulthistory=50
	err_has "ignored: the field is named" "^mucadmin: config: $R: ignored: .*defaulthistorymessages \(defaulthistory\)"
	expect "config: history back" 0 ma config team historylength=20
	;;
esac
printf 's3cret\n' >"$D/secret"
IN=$D/secret expect "config: password from stdin" 0 ma config team password=-
expect "config: private values are masked" 0 ma --json config team
json "masked password" '{f["field"]: f["value"] for f in d}["password"] == "********"'
# ejabberd serves the password only while passwordprotected is on: a
# password turns it on, clearing the password turns it off.
[ $SRV = ejabberd ] && json "a password turns passwordprotected on" \
	'{f["field"]: f["value"] for f in d}["passwordprotected"] is True'
expect "config: password cleared" 0 ma config team password=
if [ $SRV = ejabberd ]; then
	expect "config: read back" 0 ma --json config team
	json "no password, passwordprotected off" \
		'(lambda v: v["passwordprotected"] is False and not v["password"])({f["field"]: f["value"] for f in d})'
fi
# ejabberd answers an owner's request to a missing room from a temporary
# room: the room is asked for first (disco#info).
expect "config: missing room" 1 ma config nosuchroom
err_has "config: missing room: item-not-found" "^mucadmin: config: nosuchroom@$SVC: item-not-found: "
expect "config change: missing room" 1 ma config nosuchroom name=x
err_has "config change: missing room: item-not-found" "^mucadmin: config: nosuchroom@$SVC: item-not-found: "
expect "config: no permission" 1 as user2 config team name=x
err_has "no permission: condition" "^mucadmin: config: $R: forbidden: "

# --- affiliation lists ------------------------------------------------
expect "members add" 0 ma members team add user2@localhost user3@localhost
out_has "members add says so" "^added 2 members to $R$"
expect "members add a domain: --allow-domain-jid" 0 ma members team add localhost --allow-domain-jid
expect "the domain is a member" 0 ma --json members team
json "the domain is listed" '"localhost" in [m["jid"] for m in d]'
expect "members remove a domain" 0 ma members team remove localhost --allow-domain-jid
expect "members list" 0 ma members team
out_has "members table header" "^JID +NICK +REASON$"
out_has "members table row" "^user2@localhost "
expect "members --json" 0 ma --json members team
json "members JSON shape" 'sorted(m["jid"] for m in d) == ["user2@localhost", "user3@localhost"] and all(set(m) == {"jid","nick","reason"} for m in d)'
expect "members remove" 0 ma --json members team remove user3@localhost nobody@localhost
json "members remove JSON shape" 'd["action"] == "removed" and d["affiliation"] == "member" and d["applied"] == 1 and d["failed"] == 0 and d["skipped"] == ["nobody@localhost"] and [r["jid"] for r in d["results"]] == ["user3@localhost"] and set(d["results"][0]) == {"jid","ok","condition","text"}'
err_has "remove skips non-members" "skipped: nobody@localhost is not a member"
BATCH_KEYS='{"room","action","affiliation","results","skipped","moved","applied","failed"}'
json "members remove: the batch result's keys" "set(d) == $BATCH_KEYS"
expect "members remove, none of them members" 0 ma --json members team remove nobody@localhost
json "nothing to remove: the same shape, no results" "set(d) == $BATCH_KEYS"' and d["results"] == [] and d["skipped"] == ["nobody@localhost"] and d["applied"] == 0 and d["failed"] == 0'
expect "admins add" 0 ma admins team add user3@localhost
expect "admins --json" 0 ma --json admins team
json "admins JSON" '[m["jid"] for m in d] == ["user3@localhost"]'
expect "members remove leaves admins alone" 0 ma members team remove user3@localhost
expect "admins after members remove" 0 ma --json admins team
json "admin kept" '[m["jid"] for m in d] == ["user3@localhost"]'
expect "admins remove" 0 ma admins team remove user3@localhost
expect "owners list" 0 ma --json owners team
json "owners JSON" '[m["jid"] for m in d] == ["user@localhost"]'
expect "owners remove without --yes off a terminal" 2 ma owners team remove user@localhost
err_has "owners remove refusal" "refusing without --yes"
expect "partly applied: exit 5" 5 ma -y --json members team add user3@localhost user@localhost
json "partial JSON lists each item" 'd["applied"] == 1 and d["failed"] == 1 and [r["ok"] for r in d["results"]] == [True, False] and d["results"][1]["condition"]'
err_has "partial: the failed item is listed" "^mucadmin: members: $R: [a-z-]+: user@localhost: "
expect "all items refused: exit 1" 1 ma -y members team add user@localhost
expect "list without permission" 1 as user2 admins team2
err_has "list without permission: condition" "^mucadmin: admins: team2@$SVC: forbidden: "

# --- affiliation, ban, unban ------------------------------------------
expect "affiliation admin" 0 ma affiliation team user3@localhost admin --reason trusted
out_has "affiliation says so" "user3@localhost is now admin"
expect "affiliation --json" 0 ma --json affiliation team user3@localhost member
json "affiliation JSON" 'd == {"room": "'$R'", "jid": "user3@localhost", "affiliation": "member"}'
expect "affiliation with a reserved nick" 0 ma affiliation team romeo@localhost member --nick Romeo
case $SRV in
ejabberd)
	# ejabberd stores no nicks with affiliations: applied, and said so.
	err_has "the nick not kept: a warning naming the limitation" \
		"^mucadmin: affiliation: $R: nick-not-kept: warning: romeo@localhost is member, .*'Romeo'.*ejabberd"
	;;
*)
	t_check "$SRV: the nick kept: no warning" test ! -s "$D/err"
	expect "the reserved nick, listed" 0 ma --json members team
	json "the member's nick" '[m["nick"] for m in d if m["jid"] == "romeo@localhost"] == ["Romeo"]'
	;;
esac
expect "the member with a nick, removed" 0 ma affiliation team romeo@localhost none
expect "affiliation owner" 0 ma affiliation team user2@localhost owner
expect "removing an owner asks" 2 ma affiliation team user2@localhost member
expect "removing an owner with --yes" 0 ma -y affiliation team user2@localhost member
expect "ban without --yes off a terminal" 2 ma ban team user3@localhost
expect "ban" 0 ma -y --json ban team user3@localhost --reason spam
json "ban JSON" 'd == {"room": "'$R'", "jid": "user3@localhost", "affiliation": "outcast"}'
expect "outcasts list" 0 ma --json outcasts team
json "outcasts JSON" '[m["jid"] for m in d] == ["user3@localhost"]'
expect "bans alias" 0 ma bans team
out_has "bans alias lists" "^user3@localhost"
expect "unban" 0 ma unban team user3@localhost
expect "unban again is a no-op" 0 ma --json unban team user3@localhost
json "unban no-op JSON" 'd["affiliation"] is None'
expect "outcasts add (ban in bulk)" 0 ma -y outcasts team add user3@localhost
expect "outcasts remove" 0 ma outcasts team remove user3@localhost
expect "ban: no permission" 1 as user2 -y ban team user3@localhost

# --- adding to a lower list moves JIDs down: only when confirmed --------
expect "moves: an owner" 0 ma affiliation team user2@localhost owner
expect "moves: an admin" 0 ma admins team add user3@localhost
expect "members add of an owner and an admin, off a terminal" 2 \
	ma members team add user2@localhost user3@localhost
err_has "moves: refused, and says why" "^mucadmin: members: $R: refusing without --yes"
expect "moves: nothing was sent" 0 ma --json owners team
json "moves: still an owner" '"user2@localhost" in [m["jid"] for m in d]'
expect "admins add of an owner, off a terminal" 2 ma admins team add user2@localhost
expect "moves: with --yes" 0 ma -y members team add user2@localhost user3@localhost
out_has "moves: the count" "^added 2 members to $R$"
out_has "moves: who left the owners" "^moved from owners: user2@localhost$"
out_has "moves: who left the admins" "^moved from admins: user3@localhost$"
expect "moves: a member added again, nothing to ask" 0 ma --json members team add user2@localhost
json "moves: JSON, none" 'd["moved"] == [] and d["applied"] == 1'
expect "moves: an admin again" 0 ma admins team add user3@localhost
expect "moves: --json" 0 ma -y --json members team add user3@localhost
json "moves: JSON names the list left" 'd["moved"] == [{"jid": "user3@localhost", "from": "admin"}]'
expect "moves: an owner again" 0 ma affiliation team user2@localhost owner
expect "moves: on a terminal, declined" 2 python3 "$HERE/onterm.py" "[y/N]" n -- \
	"${M[@]}" --jid user@localhost admins team add user2@localhost user3@localhost
expect "moves: on a terminal, asked and accepted" 0 python3 "$HERE/onterm.py" "[y/N]" y -- \
	"${M[@]}" --jid user@localhost admins team add user2@localhost user3@localhost
out_has "moves: the question names the owner only" "Move 1 JID down to admins of $R \(user2@localhost is an owner\)\? \[y/N\]"
out_has "moves: accepted" "moved from owners: user2@localhost"
expect "outcasts add, off a terminal: as ban, refused" 2 ma outcasts team add user3@localhost
expect "outcasts add: nothing was sent" 0 ma --json admins team
json "outcasts add: still an admin" '"user3@localhost" in [m["jid"] for m in d]'
expect "outcasts add: on a terminal, asked" 0 python3 "$HERE/onterm.py" "[y/N]" y -- \
	"${M[@]}" --jid user@localhost outcasts team add user3@localhost
out_has "outcasts add: the question" "Ban 1 JID from $R \(user3@localhost is an admin\)\? \[y/N\]"
out_has "outcasts add: the ban took the admin's rights" "^moved from admins: user3@localhost"
expect "moves: back to as before" 0 ma outcasts team remove user3@localhost
expect "moves: user2 a member again" 0 ma -y members team add user2@localhost

# --- bulk: 1,000 JIDs from stdin --------------------------------------
for i in $(seq 1 1000); do echo "bulk$i@localhost"; done >"$D/jids"
printf '# a comment\n\n' >>"$D/jids"
expect "create bulk room" 0 ma create bulk
IN=$D/jids expect "bulk add of 1,000 JIDs from stdin" 0 ma --timeout 120 members bulk add -
out_has "bulk add count" "^added 1000 members to bulk@$SVC$"
expect "bulk list" 0 ma --json members bulk
json "all 1,000 are members" 'len(d) == 1000 and {m["jid"] for m in d} == {"bulk%d@localhost" % i for i in range(1, 1001)}'
printf 'ok@localhost\nnot a jid\n' >"$D/badjids"
IN=$D/badjids expect "bad JID on stdin: nothing sent" 2 ma members bulk add -
err_has "bad stdin line is named" "stdin line 2: 'not a jid'"
expect "destroy bulk room" 0 ma -y destroy bulk

# --- ^C while connecting: the batch is not sent (issue 13) --------------
paused_signal INT members team add p1@localhost p2@localhost
t_check "$SRV: SIGINT while connecting: exit 130" test "$PAUSED_RC" = 130
expect "SIGINT while connecting: the server goes on" 0 ma --json members team
json "SIGINT while connecting: nothing was added" \
	'not {"p1@localhost", "p2@localhost"} & {m["jid"] for m in d}'

# --- a batch: one item per set, unless the service says it is ejabberd --
expect "a batch of 3, verbose" 0 ma -v members team add s1@localhost \
	s2@localhost s3@localhost
err_has "the service's software is asked" \
	"^mucadmin: info: $SVC runs .*: one item per set$"
t_check "$SRV: one muc#admin set per item" test \
	"$(grep '^mucadmin: sent: ' "$D/err" | grep -o '<iq [^>]*type=.set.[^>]*><query xmlns=.http://jabber.org/protocol/muc#admin.><item [^>]*/></query>' | wc -l)" = 3
expect "the batch's members, removed" 0 ma members team remove \
	s1@localhost s2@localhost s3@localhost

# --- roles (a second client in the room) ------------------------------
expect "occupants of a room that does not exist" 1 ma occupants nosuchroom
err_has "occupants: item-not-found" "^mucadmin: occupants: nosuchroom@$SVC: item-not-found"
expect "occupants did not create it" 1 ma info nosuchroom
expect "kick in a room that does not exist" 1 ma kick nosuchroom bob
err_has "kick: the room does not exist" "^mucadmin: kick: nosuchroom@$SVC: item-not-found: the room .*does not exist"
expect "room open to all" 0 ma config team membersonly=0
if occupant_start user3@localhost "$R" bob; then
	t_pass "$SRV: occupant joined"
	expect "occupants --join" 0 ma --json occupants team --join
	# ejabberd 23.01 may keep the moderator role it gave user3 as an admin
	# earlier in this body, although user3 was not in the room then.
	bob_roles='("participant",)'
	[ "$SRV" = ejabberd ] && bob_roles='("participant", "moderator")'
	json "occupants: bob, a participant, and our own nick, the owner" \
		'[(o["role"] in '"$bob_roles"', o["affiliation"]) for o in d if o["nick"] == "bob"] == [(True, "none")] and [(o["nick"], o["role"], o["affiliation"]) for o in d if o["nick"] != "bob"] == [("mucadmin", "moderator", "owner")]'
	json "occupants: the real JIDs (the owner sees them)" \
		'sorted(o["jid"].split("/")[0] for o in d) == ["user3@localhost", "user@localhost"]'
	expect "occupants --no-join" 0 ma --json occupants team --no-join
	json "occupants --no-join: JSON shape" 'isinstance(d, list) and all(set(o) == {"nick","role","affiliation","jid"} for o in d)'
	expect "occupants again: we left the room" 0 ma --json occupants team --join
	json "occupants again: the same two" 'len(d) == 2'
	expect "devoice" 0 ma devoice team bob
	expect "voice" 0 ma --json voice team bob
	json "voice JSON" 'd == {"room": "'$R'", "nick": "bob", "role": "participant"}'
	expect "role moderator" 0 ma role team bob moderator
	expect "role participant" 0 ma role team bob participant
	expect "kick a missing nick" 1 ma kick team nobody
	err_has "kick missing: error line" "^mucadmin: kick: $R: [a-z-]+: "
	err_has "kick missing: the nick, not the room" "^mucadmin: kick: $R: [a-z-]+: nobody in the room has the nick 'nobody'$"
	expect "voice for a missing nick" 1 ma voice team nobody
	err_has "voice missing: the nick, not the room" "nobody in the room has the nick 'nobody'$"
	expect "kick" 0 ma kick team bob --reason bye
	t_check "$SRV: the occupant was kicked (307)" \
		bash -c '[[ "$1" == "GONE"*307* ]]' _ "$(occupant_next)"
	occupant_stop
else
	t_fail "$SRV: occupant joined"
	occupant_stop
fi

# --- someone else has our nick: join as mucadmin-XXXX (issue 13) ------
if occupant_start user3@localhost "$R" mucadmin; then
	expect "nick taken: occupants" 0 ma -v --json occupants team --join
	err_has "nick taken: the retry is shown with -v" \
		"^mucadmin: info: the nick mucadmin is taken in $R; trying mucadmin-[a-z0-9]{4}$"
	json "nick taken: the occupant and us" \
		'sorted((o["nick"][:9], o["affiliation"]) for o in d) == [("mucadmin", "none"), ("mucadmin-", "owner")]'
	expect "nick taken: devoice the one holding it" 0 ma devoice team mucadmin
	expect "nick taken: voice" 0 ma voice team mucadmin
	expect "nick taken: say (its echo has our other nick)" 0 ma say team hi
	expect "--nick" 0 ma --nick boss -v --json occupants team --join
	json "--nick: the nick joined under" '"boss" in [o["nick"] for o in d]'
	expect "--nick taken: tried again too" 0 ma --nick mucadmin kick team mucadmin
	t_check "$SRV: nick taken: its holder kicked (307)" \
		bash -c '[[ "$1" == "GONE"*307* ]]' _ "$(occupant_next)"
	occupant_stop
else
	t_fail "$SRV: occupant as mucadmin joined"
	occupant_stop
fi
expect "--nick: an empty one" 2 ma --nick "" occupants team

# --- subject, say, invite ---------------------------------------------
expect "subject" 0 ma subject team "Welcome"
IN=/dev/null expect "subject --json" 0 ma --json subject team "Welcome back"
json "subject JSON" 'd == {"room": "'$R'", "subject": "Welcome back"}'
printf 'from stdin\n' >"$D/msg"
IN=$D/msg expect "say from stdin" 0 ma --json say team -
json "say JSON" 'd == {"room": "'$R'", "text": "from stdin"}'
# Said as an occupant: joining a missing room would create it.
expect "say to a missing room" 1 ma say nosuchroom hello
err_has "say: missing room: item-not-found" "^mucadmin: say: nosuchroom@$SVC: item-not-found: "
expect "subject of a missing room" 1 ma subject nosuchroom hello
expect "say and subject did not create it" 1 ma info nosuchroom
# ejabberd takes a mediated invitation only from an occupant.
printf 'line one\nline two\n\n' >"$D/lines"
IN=$D/lines expect "subject from stdin: several lines" 0 ma --json subject team -
json "subject from stdin: all of it" 'd["subject"] == "line one\nline two"'
expect "the room has all of the subject" 0 ma --json export team
json "the room's subject: both lines" 'd["rooms"][0]["subject"] == "line one\nline two"'
IN=$D/lines expect "say from stdin: several lines" 0 ma --json say team -
json "say from stdin: all of it" 'd["text"] == "line one\nline two"'
head -c 65537 /dev/zero | tr '\0' x >"$D/big"
IN=$D/big expect "say from stdin: too long" 2 ma say team -
err_has "too long: said" "^mucadmin: say: stdin: the text is longer than 65536 bytes$"
head -c 65536 /dev/zero | tr '\0' x >"$D/big"
IN=$D/big expect "say from stdin: the longest text" 0 ma say team -
expect "invite" 0 ma invite team user3@localhost --reason "join us"
expect "invite --direct --json" 0 ma --json invite team user3@localhost --direct
json "invite JSON" 'd["direct"] is True and d["results"] == [{"jid": "user3@localhost", "ok": True, "condition": None}]'

# --- registration -----------------------------------------------------
expect "members-only again" 0 ma config team membersonly=1
expect "register: not a member" 1 as user3 register team --nick Romeo
expect "member for registration" 0 ma members team add user2@localhost
case $SRV in
ejabberd)
	# ejabberd 23.01 registers nicks with the service, not with a room.
	expect "register: no room-level registration" 1 as user2 register team --nick Juliet
	err_has "register: service-unavailable" "^mucadmin: register: $R: service-unavailable: "
	expect "unregister: no room-level registration" 1 as user2 unregister team
	err_has "unregister: service-unavailable" "^mucadmin: unregister: $R: service-unavailable: "
	# It keeps no reserved nick in a room (item-not-found for a room that
	# exists): none, not "the room does not exist".
	expect "nick: no reserved nick" 0 as user2 --json nick team
	json "nick: none (JSON null)" 'd == {"room": "'$R'", "nick": None}'
	;;
*)
	expect "register" 0 as user2 --json register team --nick Juliet
	json "register JSON" 'd == {"room": "'$R'", "nick": "Juliet"}'
	expect "nick" 0 as user2 nick team
	t_check "$SRV: nick prints the reserved nick" grep -qx Juliet "$D/out"
	expect "nick --json" 0 as user2 --json nick team
	json "nick JSON" 'd == {"room": "'$R'", "nick": "Juliet"}'
	expect "unregister" 0 as user2 unregister team
	expect "nick of an owner without one" 0 ma --json nick team
	json "nick JSON null" 'd == {"room": "'$R'", "nick": None}'
	;;
esac
expect "nick: missing room" 1 ma nick nosuchroom
err_has "nick: missing room: item-not-found" "^mucadmin: nick: nosuchroom@$SVC: item-not-found: "

# --- connection, TLS, authentication, timeout: exits 3 and 4 ----------
MUCADMIN_PASSWORD=wrong expect "wrong password" 3 ma rooms
err_has "wrong password: error line" "^mucadmin: rooms: not-authorized: "
expect "untrusted certificate" 3 "$MUCADMIN" --server "127.0.0.1:$PORT" --jid user@localhost rooms
err_has "untrusted certificate: condition" "certificate-untrusted"
expect "--insecure trusts any certificate" 0 "$MUCADMIN" --server "127.0.0.1:$PORT" --jid user@localhost --insecure rooms
err_has "--insecure warns" "warning: --insecure"
expect "unreachable server" 3 ma --server "127.0.0.1:$(t_freeport)" rooms
err_has "unreachable: condition" "^mucadmin: rooms: connection-failed: "
mkfifo "$D/silent"
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(600)' >"$D/silent" &
_T_PIDS+=("$!")
if IFS= read -r -t 20 SILENT <"$D/silent"; then
	expect "a server that never answers: timeout" 4 ma --server "127.0.0.1:$SILENT" --timeout 1 rooms
	err_has "timeout: condition" "^mucadmin: rooms: timeout: "
else
	t_fail "$SRV: silent server started"
fi

# --- accounts and passwords: exit 6 -----------------------------------
mkdir -p "$XDG_CONFIG_HOME/mucadmin"
CONF=$XDG_CONFIG_HOME/mucadmin/config.yaml
expect "no such account (no file)" 6 "$MUCADMIN" -a nope rooms
cat >"$CONF" <<EOF
default: main
accounts:
  main:
    jid: user@localhost
    server: 127.0.0.1:$PORT
    cafile: $CAFILE
    service: $SVC
    password_command: echo password
    nick: acctnick
  filed:
    jid: user@localhost
    server: 127.0.0.1:$PORT
    cafile: $CAFILE
    password_file: $D/pw
  tilde:
    jid: user@localhost
    server: 127.0.0.1:$PORT
    cafile: ~/ca.pem
    password_file: ~/pw
EOF
chmod 600 "$CONF" # mucadmin refuses a config others may write
echo password >"$D/pw"
mkdir -p "$D/home"
cp "$CAFILE" "$D/home/ca.pem"
(umask 077 && echo password >"$D/home/pw")
chmod 644 "$D/pw"
unset MUCADMIN_PASSWORD
expect "default account, password_command" 0 "$MUCADMIN" --json members team
json "account's service completes the room" 'isinstance(d, list)'
expect "the account's nick: say" 0 "$MUCADMIN" -v say team hello
err_has "the account's nick: joined under it" "^mucadmin: info: joining $R as acctnick$"
expect "--nick over the account's nick" 0 "$MUCADMIN" -v --nick cli say team hello
err_has "--nick over the account's: joined under it" "^mucadmin: info: joining $R as cli$"
expect "password_file readable by others" 6 "$MUCADMIN" -a filed rooms
err_has "password_file refusal says why" "accessible by others"
chmod 600 "$D/pw"
expect "password_file" 0 "$MUCADMIN" -a filed owners team
expect "~/ in password_file and cafile" 0 env HOME="$D/home" "$MUCADMIN" -a tilde owners team
expect "~/ without HOME" 6 env -u HOME "$MUCADMIN" -a tilde owners team
err_has "~/ without HOME: said" "password_file ~/pw: cannot expand ~"
expect "no such account" 6 "$MUCADMIN" -a nope rooms
err_has "no such account: error line" "^mucadmin: rooms: config: .*no account named 'nope'"
expect "no password and no terminal" 6 env XDG_CONFIG_HOME="$D/none" setsid -w "$MUCADMIN" --jid user@localhost --server "127.0.0.1:$PORT" --cafile "$CAFILE" rooms
printf 'accounts:\n  x:\n    jid: user@localhost\n    colour: blue\n' >"$CONF"
expect "unknown key in the accounts file" 6 "$MUCADMIN" rooms
err_has "unknown key is named" "unknown key 'colour'"
printf 'accounts: [\n' >"$CONF"
expect "broken YAML" 6 "$MUCADMIN" rooms
export MUCADMIN_PASSWORD=password
rm -f "$CONF"
expect "cafile that cannot be read" 6 ma --cafile "$D/nonexistent.pem" rooms

# --- verbose: the stream on stderr, credentials redacted --------------
expect "--verbose" 0 ma -v owners team
err_has "--verbose shows the XML" "^mucadmin: sent: <iq"
t_check "$SRV: --verbose redacts credentials" bash -c '! grep -q "AHVzZXIAcGFzc3dvcmQ=\|>password<" "$1"' _ "$D/err"
expect "--quiet" 0 ma -q config team name="Quiet"
out_empty "--quiet prints no confirmation"

# --- on a terminal: the password prompt, confirmations -----------------
ONTERM=(python3 "$HERE/onterm.py")
unset MUCADMIN_PASSWORD
expect "password prompt on a terminal" 0 "${ONTERM[@]}" "Password for" password -- \
	env XDG_CONFIG_HOME="$D/none" "${M[@]}" --jid user@localhost owners team
out_has "the prompt names the account" "Password for user@localhost: "
t_check "$SRV: the password is not echoed" bash -c '! grep -q password "$1"' _ "$D/out"
out_has "the command ran" "^user@localhost "
export MUCADMIN_PASSWORD=password
expect "ban: confirmation declined" 2 "${ONTERM[@]}" "[y/N]" n -- "${M[@]}" --jid user@localhost ban team user3@localhost
out_has "ban: the question" "Ban user3@localhost from $R\\? \\[y/N\\]"
expect "ban: confirmation accepted" 0 "${ONTERM[@]}" "[y/N]" y -- "${M[@]}" --jid user@localhost ban team user3@localhost
expect "unban after the confirmed ban" 0 ma --json unban team user3@localhost
json "the confirmed ban was applied" 'd["affiliation"] == "none"'

# --- destroy ----------------------------------------------------------
expect "destroy without --yes off a terminal" 2 ma destroy team
expect "destroy --json" 0 ma -y --json destroy team --reason done --venue team2
json "destroy JSON" 'd == {"room": "'$R'", "venue": "team2@'$SVC'"}'
expect "destroyed room is gone" 1 ma info team
expect "destroy a missing room" 1 ma -y destroy nosuchroom
err_has "destroy a missing room: item-not-found" "^mucadmin: destroy: nosuchroom@$SVC: item-not-found: "
expect "destroy team2" 0 ma -y destroy team2
