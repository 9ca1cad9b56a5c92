# SPDX-License-Identifier: MIT
# tests/cli/service_common.sh - service-wide administration (rooms --all,
# --long, --empty, --match), one body run against each server.  The suite
# sources tests/lib.sh, starts a server whose admin is admin@localhost
# (cli_target_*) and sources this file, then ends with t_done.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=tests/cli/checks.sh
. "$HERE/checks.sh"

# sit ROOM NICK: user3 in ROOM until sit_stop.
sit() {
	local line
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
