# SPDX-License-Identifier: MIT
# tests/cli/service_common.sh - service-wide administration (rooms --all,
# --long, --empty, --match), one body run against each server.  The suite
# sources tests/testlib.sh, starts a server whose admin is admin@localhost
# (cli_target_*) and sources this file, then ends with t_done.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=tests/cli/checks.sh
. "$HERE/checks.sh"

# sit ROOM NICK: user3 in ROOM until sit_stop.
sit() {
	local line
	rm -f "$D/sit.in" "$D/sit.out"
	mkfifo "$D/sit.in" "$D/sit.out"
	python3 "$HERE/occupant.py" 127.0.0.1 "$PORT" "$CAFILE" \
		user3@localhost password "$1" "$2" <"$D/sit.in" >"$D/sit.out" \
		2>"$D/sit.err" &
	_T_PIDS+=("$!")
	exec 8>"$D/sit.in" 6<"$D/sit.out"
	IFS= read -r -t 20 line <&6 && [ "$line" = JOINED ]
}
sit_stop() { exec 8>&- 6<&-; }

# --- a public room, a hidden one, a guarded one, a destroyed one -------
expect "a public room" 0 ma create svc-pub public=1 persistent=1
expect "a hidden room" 0 ma create svc-hid public=0 persistent=1
expect "a members-only, moderated, password room" 0 ma create svc-mo \
	public=0 membersonly=1 moderated=1 password=s3cret name=Guarded \
	description='the guarded one'
expect "a room destroyed (a tombstone on Prosody)" 0 ma create svc-gone \
	public=0 persistent=1
expect "... destroyed" 0 ma -y destroy svc-gone

# Discovery shows hidden rooms to nobody on Prosody, to service admins and
# the rooms' owners on ejabberd.
WHO=admin
[ "$SRV" = ejabberd ] && WHO=user2
expect "rooms: discovery leaves the hidden room out" 0 as $WHO --json rooms
json "rooms: no svc-hid" '"svc-hid@'$SVC'" not in [r["jid"] for r in d]'
expect "rooms --all as the service admin" 0 as admin --json rooms --all
json "rooms --all: the hidden rooms too, the destroyed one not" \
	'{"svc-pub@'$SVC'", "svc-hid@'$SVC'", "svc-mo@'$SVC'"} <= {r["jid"] for r in d} and "svc-gone@'$SVC'" not in [r["jid"] for r in d]'
case $SRV in
ejabberd) err_has "rooms --all on ejabberd: no admin command, said" \
	"^mucadmin: rooms: $SVC: no-admin-command: warning: " ;;
*) t_check "$SRV: rooms --all as admin: no warning" test ! -s "$D/err" ;;
esac
expect "rooms --all as a user who is no admin" 0 as user2 --json rooms --all
json "rooms --all, no admin: the public room only" \
	'"svc-pub@'$SVC'" in [r["jid"] for r in d] and not {"svc-hid@'$SVC'", "svc-mo@'$SVC'"} & {r["jid"] for r in d}'
err_has "rooms --all, no admin: the warning" \
	"^mucadmin: rooms: $SVC: no-admin-command: warning: no admin command lists the service's rooms to this account"
expect "rooms --all -q: no warning" 0 as user2 -q rooms --all
t_check "$SRV: rooms --all -q: stderr empty" test ! -s "$D/err"

# --- vital signs --------------------------------------------------------
sit "svc-pub@$SVC" someone || t_fail "$SRV: user3 sits in svc-pub"
expect "rooms --all --long --json" 0 as admin --json rooms --all --long \
	--match 'svc-*'
json "--long: the destroyed room left out (its info says gone)" \
	'"svc-gone@'$SVC'" not in [r["jid"] for r in d]'
json "--long: the keys" 'all(set(r) == {"jid", "occupants", "public", "members_only", "moderated", "password", "persistent", "name", "description"} for r in d)'
json "--long: svc-pub has its occupant, is public" \
	'[(r["occupants"], r["public"], r["persistent"]) for r in d if r["jid"] == "svc-pub@'$SVC'"] == [(1, True, True)]'
json "--long: svc-hid is hidden and empty" \
	'[(r["occupants"], r["public"], r["members_only"], r["password"]) for r in d if r["jid"] == "svc-hid@'$SVC'"] == [(0, False, False, False)]'
json "--long: svc-mo is members-only, moderated, password-protected" \
	'[(r["members_only"], r["moderated"], r["password"], r["public"]) for r in d if r["jid"] == "svc-mo@'$SVC'"] == [(True, True, True, False)]'
json "--long: svc-mo has its name and description" \
	'[(r["name"], r["description"]) for r in d if r["jid"] == "svc-mo@'$SVC'"] == [("Guarded", "the guarded one")]'
expect "rooms --all --long, for people" 0 as admin rooms --all -l --match 'svc-*'
out_has "--long: the header" '^JID +OCCUPANTS +PUBLIC +MEMBERS_ONLY +MODERATED +PASSWORD +PERSISTENT +NAME +DESCRIPTION$'
out_has "--long: svc-mo's row" "^svc-mo@$SVC +0 +no +yes +yes +yes +[a-z]+ +Guarded +the guarded one$"
expect "rooms --all --empty" 0 as admin --json rooms --all --empty --match 'svc-*'
json "--empty: the occupied room left out" \
	'sorted(r["jid"] for r in d) == ["svc-hid@'$SVC'", "svc-mo@'$SVC'"]'
sit_stop
expect "rooms --match 'SVC-H*' (case ignored)" 0 as admin --json rooms --all \
	--match 'SVC-H*'
json "--match: svc-hid only" '[r["jid"] for r in d] == ["svc-hid@'$SVC'"]'
expect "rooms --match with an @: the whole JID" 0 as admin --json rooms \
	--all --match "svc-[hm]*@$SVC"
json "--match JID: svc-hid and svc-mo" \
	'sorted(r["jid"] for r in d) == ["svc-hid@'$SVC'", "svc-mo@'$SVC'"]'
expect "rooms --match: nothing matches" 0 as admin --json rooms --match 'nope*'
json "--match: empty" 'd == []'
expect "rooms --all of a room, not a service" 2 as admin rooms --all "svc-pub@$SVC"
expect "rooms --all of no such service" 1 as admin rooms --all nosuch.localhost

# --- whereis ------------------------------------------------------------
expect "bob is a member of svc-hid" 0 ma members svc-hid add bob@localhost
expect "bob is banned from svc-pub" 0 ma -y ban svc-pub bob@localhost
expect "whereis bob, as the service admin" 0 as admin --json whereis \
	BOB@localhost --match 'svc-*'
json "whereis: his two rooms" \
	'sorted((r["room"], r["affiliation"], r["role"]) for r in d) == [("svc-hid@'$SVC'", "member", None), ("svc-pub@'$SVC'", "outcast", None)]'
sit "svc-hid@$SVC" three || t_fail "$SRV: user3 sits in svc-hid"
expect "whereis user3, who sits in a hidden room" 0 as admin --json whereis \
	user3@localhost --match 'svc-*'
case $SRV in
ejabberd) # its role lists are for moderators in the room only
	json "whereis: ejabberd shows no occupant to one outside" 'd == []' ;;
*) json "whereis: the occupant, from the role lists" \
	'd == [{"room": "svc-hid@'$SVC'", "affiliation": "none", "nick": None, "role": "participant", "occupant": "three"}]' ;;
esac
sit_stop
expect "whereis, for people" 0 as admin whereis bob@localhost --match 'svc-*'
out_has "whereis: the header" '^ROOM +AFFILIATION +NICK +ROLE +OCCUPANT$'
expect "whereis as a user without rights: partly" 5 as user2 --json whereis \
	bob@localhost
err_has "whereis: the room it cannot read, named" \
	"^mucadmin: whereis: svc-pub@$SVC: forbidden: warning: its affiliation lists are not all readable"
expect "whereis: a JID without @ refused" 2 as admin whereis bob

# --- ban and unban everywhere --------------------------------------------
expect "a public room of user2's" 0 as user2 create svc-u2 public=1 persistent=1
SPAM=spam@evil.example
expect "ban --everywhere --dry-run" 0 as admin --json ban $SPAM --everywhere \
	--dry-run --match 'svc-*'
json "--dry-run: would ban in every room, hidden ones too" \
	'sorted(r["room"] for r in d if r["result"] == "would-ban") == ["svc-hid@'$SVC'", "svc-mo@'$SVC'", "svc-pub@'$SVC'", "svc-u2@'$SVC'"]'
expect "--dry-run changed nothing" 0 ma --json outcasts svc-hid
json "--dry-run: svc-hid has no ban" '"'$SPAM'" not in [r["jid"] for r in d]'
expect "ban --everywhere, no terminal, no --yes: refused" 2 as admin ban $SPAM \
	--everywhere
err_has "ban --everywhere: why" "refusing without --yes"
expect "ban --everywhere --yes" 0 as admin -y --json -v ban $SPAM --everywhere \
	--match 'svc-*' --reason spam
json "ban --everywhere: banned in all four" \
	'sorted((r["room"], r["result"]) for r in d) == [(x + "@'$SVC'", "banned") for x in ("svc-hid", "svc-mo", "svc-pub", "svc-u2")]'
t_check "$SRV: ban --everywhere: one set per room, with the reason" test \
	"$(grep -oE "<iq [^>]*type=[\"']set[\"'][^>]*><query xmlns=[\"']http://jabber.org/protocol/muc#admin[\"']><item [^>]*affiliation=[\"']outcast[\"'][^>]*><reason>spam</reason></item></query></iq>" "$D/err" | wc -l)" = 4
expect "the ban is in svc-hid's outcasts" 0 ma --json outcasts svc-hid
json "svc-hid: banned" '"'$SPAM'" in [r["jid"] for r in d]'
expect "ban --everywhere again: already" 0 as admin -y --json ban $SPAM \
	--everywhere --match 'svc-*'
json "again: already everywhere" 'all(r["result"] == "already" for r in d) and len(d) == 4'
expect "ban --everywhere as a user with rights in some rooms: partly" 5 \
	ma -y --json ban eve@evil.example --everywhere --match 'svc-*'
json "as user: svc-pub banned, svc-u2 without rights, said" \
	'("svc-pub@'$SVC'", "banned", None) in [(r["room"], r["result"], r["condition"]) for r in d] and ("svc-u2@'$SVC'", "no-rights", "forbidden") in [(r["room"], r["result"], r["condition"]) for r in d]'
expect "ban --everywhere where it has no rights at all: refused" 1 \
	as user3 -y --json ban eve@evil.example --everywhere --match 'svc-u2'
json "no rights at all: the room listed" \
	'd == [{"room": "svc-u2@'$SVC'", "result": "no-rights", "condition": "forbidden"}]'
expect "unban --everywhere" 0 as admin -y --json unban $SPAM --everywhere \
	--match 'svc-*'
json "unban --everywhere: unbanned in all four" \
	'sorted(r["result"] for r in d) == ["unbanned"] * 4'
expect "whereis the spammer now" 0 as admin --json whereis $SPAM --match 'svc-*'
json "whereis: nowhere" 'd == []'
expect "ban ROOM JID --everywhere: refused" 2 as admin ban svc-pub $SPAM \
	--everywhere
err_has "ban ROOM JID --everywhere: usage" "usage: mucadmin ban JID --everywhere"
expect "ban JID without a room: refused" 2 as admin -y ban $SPAM
expect "ban --dry-run without --everywhere: refused" 2 as admin ban svc-pub \
	$SPAM --dry-run
# In the shell, with a current room the line does not use.
printf 'use svc-pub\nban %s --everywhere --dry-run --match svc-hid\nrooms --all --match svc-hid\nwhereis bob@localhost --match svc-hid\n' \
	$SPAM >"$D/sh.txt"
expect "shell: ban --everywhere with a current room" 0 as admin shell "$D/sh.txt"
out_has "shell: would ban in svc-hid, not in the current room" \
	"^svc-hid@$SVC +would-ban +-$"
t_check "$SRV: shell: the current room left alone" \
	bash -c "! grep -q '^svc-pub@$SVC .*would-ban' '$D/out'"
out_has "shell: rooms --all" "^svc-hid@$SVC"
out_has "shell: whereis" "^svc-hid@$SVC +member "

# --- bulk destroy ---------------------------------------------------------
expect "a hidden room to destroy" 0 ma create svc-del1 public=0
expect "a public one" 0 ma create svc-del2 public=1
expect "an empty one the filters find" 0 ma create svc-del3 public=0
printf 'svc-del1\n# a comment\n\n  svc-del2@%s  \nsvc-nosuch\n' "$SVC" \
	>"$D/del.txt"
expect "destroy --from --dry-run" 5 as admin --json destroy --from \
	"$D/del.txt" --dry-run
json "--dry-run: two would go, the missing one fails" \
	'[(r["room"], r["result"], r["condition"]) for r in d] == [("svc-del1@'$SVC'", "would-destroy", None), ("svc-del2@'$SVC'", "would-destroy", None), ("svc-nosuch@'$SVC'", "failed", "item-not-found")]'
expect "--dry-run destroyed nothing" 0 ma info svc-del1
expect "destroy --from, no terminal, no --yes: refused" 2 as admin destroy \
	--from "$D/del.txt"
echo svc-del1 >"$D/one.txt"
IN=$D/one.txt expect "destroy --from a room without rights: refused" 1 \
	as user2 -y --json destroy --from -
json "without rights: the room, its condition" \
	'[(r["result"], r["condition"]) for r in d] == [("failed", "forbidden")]'

IN=$D/del.txt expect "destroy --from - --yes" 5 as admin -y --json -v \
	destroy --from - --reason 'spam wave'
json "destroy --from: two destroyed, the missing one failed" \
	'[(r["room"], r["result"]) for r in d] == [("svc-del1@'$SVC'", "destroyed"), ("svc-del2@'$SVC'", "destroyed"), ("svc-nosuch@'$SVC'", "failed")]'
t_check "$SRV: destroy --from: the reason in each destruction" test \
	"$(grep -oE "<iq [^>]*type=[\"']set[\"'][^>]*><query xmlns=[\"']http://jabber.org/protocol/muc#owner[\"']><destroy><reason>spam wave</reason></destroy></query></iq>" "$D/err" | wc -l)" = 2
expect "svc-del1 is gone" 1 ma info svc-del1
expect "destroy --empty --match" 0 as admin -y --json destroy --empty \
	--match 'svc-del*'
json "--empty --match: the empty one that is left" \
	'd == [{"room": "svc-del3@'$SVC'", "result": "destroyed", "condition": None}]'
expect "destroy --from and --empty: refused" 2 as admin destroy --from - --empty
expect "destroy ROOM --dry-run: refused" 2 as admin destroy svc-hid --dry-run

# --- ad-hoc commands (XEP-0050) -------------------------------------------
NS_SETAFF=http://prosody.im/protocol/muc#set-affiliation
NS_DESTROY=http://prosody.im/protocol/muc#destroy
case $SRV in
ejabberd) # no ad-hoc commands on its MUC service (no mod_adhoc here)
	expect "commands: ejabberd's service has none" 0 as admin --json commands
	json "commands: none" 'd == []'
	expect "command: none to run" 1 as admin -y command $SVC $NS_SETAFF \
		room=svc-hid@$SVC jid=zed@localhost affiliation=member
	;;
*)
	expect "commands of the service, as its admin" 0 as admin --json commands
	json "commands: Prosody's two" \
		'[(c["node"], c["name"], c["jid"]) for c in d] == [("'$NS_DESTROY'", "Destroy Rooms", "'$SVC'"), ("'$NS_SETAFF'", "Set affiliation in room", "'$SVC'")]'
	expect "commands, as a user: none" 0 as user2 --json commands $SVC
	json "commands as a user: none" 'd == []'
	expect "command: set an affiliation" 0 as admin -y --json command $SVC \
		$NS_SETAFF room=svc-hid@$SVC jid=zed@localhost affiliation=member \
		reason=adhoc
	json "command: completed, its note" \
		'd["status"] == "completed" and d["notes"] == [{"type": "info", "text": "Affiliation updated"}]'
	expect "command: zed is a member now" 0 ma --json members svc-hid
	json "command: zed listed" '"zed@localhost" in [m["jid"] for m in d]'
	expect "command: a room that does not exist" 1 as admin -y command $SVC \
		$NS_SETAFF room=nosuch@$SVC jid=zed@localhost affiliation=member
	err_has "command: the note said" "^mucadmin: command: $SVC: command-error: No such room$"
	expect "command: a required field left out: cancelled" 2 as admin -y \
		command $SVC $NS_SETAFF room=svc-hid@$SVC jid=zed@localhost
	err_has "command: which field" "the field affiliation needs a value"
	expect "command: a field it lacks" 2 as admin -y command $SVC $NS_SETAFF \
		room=svc-hid@$SVC jid=zed@localhost affiliation=member colour=red
	err_has "command: the unknown field" "the command has no field colour"
	expect "command: a value not offered" 2 as admin -y command $SVC \
		$NS_SETAFF room=svc-hid@$SVC jid=zed@localhost affiliation=king
	expect "command as a user: forbidden" 1 as user2 -y command $SVC \
		$NS_SETAFF room=svc-hid@$SVC jid=zed@localhost affiliation=member
	err_has "command as a user: the condition" "^mucadmin: command: $SVC: forbidden"
	expect "command without --yes, no terminal: refused" 2 as admin command \
		$SVC $NS_DESTROY rooms=svc-hid@$SVC
	CG=(--server "127.0.0.1:$PORT" --cafile "$CAFILE" --jid admin@localhost)
	expect "completion: the commands' nodes" 0 "$MUCADMIN" __complete -- \
		"${CG[@]}" command $SVC ''
	out_has "completion: the set-affiliation node" "^$NS_SETAFF	Set affiliation in room$"
	expect "completion: the command's fields" 0 "$MUCADMIN" __complete -- \
		"${CG[@]}" command $SVC $NS_SETAFF ''
	t_check "$SRV: completion: its first stage's fields, no room config names" \
		test "$(cut -f1 "$D/out" | sort | tr '\n' ' ')" = "affiliation= jid= reason= room= "
	expect "completion: a field's options" 0 "$MUCADMIN" __complete -- \
		"${CG[@]}" command $SVC $NS_SETAFF affiliation=o
	t_check "$SRV: completion: the affiliations offered" \
		test "$(cut -f1 "$D/out" | tr '\n' ' ')" = "affiliation=owner affiliation=outcast "
	expect "a room for the destroy command" 0 ma create svc-adhoc public=0
	expect "command: destroy rooms (a list-multi field)" 0 as admin -y --json \
		command $SVC $NS_DESTROY rooms=svc-adhoc@$SVC
	json "command: destroyed, said" \
		'd["status"] == "completed" and "svc-adhoc@'$SVC'" in d["notes"][0]["text"]'
	expect "command: the room is gone" 1 ma info svc-adhoc
	;;
esac

# --- occupants without joining ------------------------------------------
sit "svc-pub@$SVC" four || t_fail "$SRV: user3 sits in svc-pub"
expect "occupants: the role lists first" 0 ma -v --json occupants svc-pub
case $SRV in
ejabberd) # role lists only for moderators inside: it joins
	json "occupants on ejabberd: joined, so the account is there too" \
		'sorted(o["nick"] for o in d) == ["four", "mucadmin"]'
	err_has "occupants on ejabberd: the role list refused, then a join" \
		'sent: <presence [^>]*to="svc-pub@'$SVC'/mucadmin"' ;;
*)	json "occupants: the occupant, role, real JID, without joining" \
		'[(o["nick"], o["role"], o["affiliation"], o["jid"].split("/")[0]) for o in d] == [("four", "participant", "none", "user3@localhost")]'
	t_check "$SRV: occupants: no presence sent" \
		bash -c "! grep -q 'sent: <presence' '$D/err'" ;;
esac
expect "occupants --no-join, a user without rights" 0 as user2 -v --json \
	occupants svc-pub --no-join
t_check "$SRV: --no-join: never a presence" \
	bash -c "! grep -q 'sent: <presence' '$D/err'"
json "--no-join: the shape" \
	'all(set(o) == {"nick", "role", "affiliation", "jid"} for o in d)'
expect "occupants --join: the roster" 0 ma --json occupants svc-pub --join
json "--join: the account is there too" \
	'sorted(o["nick"] for o in d) == ["four", "mucadmin"]'
expect "occupants --join --no-join: refused" 2 ma occupants svc-pub --join \
	--no-join
sit_stop
