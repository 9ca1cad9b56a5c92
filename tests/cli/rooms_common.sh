# SPDX-License-Identifier: MIT
# tests/cli/rooms_common.sh - rooms as code (plan, apply, export), one body
# run against each server.  The suite sources tests/testlib.sh, starts a server
# and sets SRV, PORT and CAFILE as for tests/cli/common.sh (accounts user,
# user2, user3, admin @localhost, password "password"), sources this file,
# and ends with t_done.

CLI_TIMEOUT=60
# shellcheck source=tests/cli/checks.sh
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"

# --- a file that does not load: exit 2, nothing sent -----------------
# The server 127.0.0.1:1 is unreachable: exit 2 (not 3) shows that the
# file was rejected before any connection.
y() { printf "$1" >"$D/bad.yaml"; }
BAD=(ma --server 127.0.0.1:1 apply "$D/bad.yaml")
y 'rooms:\n  - jid: a\n    config: {name: [x}\n'
expect "YAML syntax error" 2 "${BAD[@]}"
err_has "syntax error at FILE:LINE:COLUMN" "^mucadmin: apply: $D/bad.yaml:3:22: "
y 'rooms:\n  - jid: a\n    colour: blue\n'
expect "unknown key" 2 "${BAD[@]}"
err_has "unknown key at FILE:LINE:COLUMN" "^mucadmin: apply: $D/bad.yaml:3:5: room a: unknown key 'colour'"
y 'rooms:\n  - jid: a\n    members: [{jid: b@c, nik: x}]\n'
expect "unknown entry key" 2 ma --server 127.0.0.1:1 plan "$D/bad.yaml"
err_has "unknown entry key position" "bad.yaml:3:26: room a: members: unknown key 'nik'"
y 'rooms:\n  - jid: a\n    config: {membersonly: {x: 1}}\n'
expect "wrong type" 2 "${BAD[@]}"
err_has "wrong type names room and field" "bad.yaml:3:27: room a: config field 'membersonly': expected a string, not a mapping"
y 'rooms:\n  - jid: a\n    members: [not a jid]\n'
expect "bad JID in a list" 2 "${BAD[@]}"
y 'rooms:\n  - jid: a\n    members: [x:y@localhost]\n'
expect "':' in a member's localpart (RFC 7622)" 2 "${BAD[@]}"
y 'rooms:\n  - jid: x:y\n'
expect "':' in a room's localpart (RFC 7622)" 2 "${BAD[@]}"
expect "missing file" 2 ma --server 127.0.0.1:1 plan "$D/nonexistent.yaml"
err_has "missing file named" "nonexistent.yaml: No such file"

# --- create from scratch ---------------------------------------------
cat >"$D/rooms.yaml" <<EOF
service: $SVC
x-team: &team
  whois: moderators
  allowinvites: false
defaults:
  config: {persistent: true}
  owners: [user@localhost]
rooms:
  - jid: yteam
    config:
      <<: *team
      name: Team
      membersonly: yes
    subject: Welcome
    admins: [user2@localhost]
    members:
      - {jid: carol@localhost, nick: Carol}
      - dave@localhost
    outcasts: [troll@localhost]
  - jid: ylobby@$SVC
    config: {name: Lobby, public: true, description: "The lobby"}
EOF
expect "plan before: exit 0" 0 ma -v plan "$D/rooms.yaml"
PROBE=$(grep -o "mucadmin-probe-[^@]*@$SVC" "$D/err" | head -n 1)
t_check "$SRV: plan probes the form of a new room" test -n "$PROBE"
grep -v '^mucadmin: ' "$D/out" >"$D/out.plan"; mv "$D/out.plan" "$D/out"
out_has "plan shows the rooms to create" "^yteam@$SVC +create"
out_has "plan shows a field" "^yteam@$SVC +config +membersonly +- +yes"
out_has "plan shows an affiliation" "^yteam@$SVC +add +user2@localhost +- +admin"
out_has "plan summary" "^Plan: 2 rooms to create"
expect "plan changed nothing" 1 ma info yteam
expect "apply creates" 0 ma --json apply "$D/rooms.yaml"
json "apply JSON: all applied" 'd["applied"] == d["changes"] > 10 and d["failed"] == 0 and all(a["status"] == "applied" for a in d["actions"])'
json "apply JSON shape" 'all({"room","action","what","old","new","status","condition"} <= set(a) for a in d["actions"])'
expect "created room config" 0 ma --json config yteam
json "configured as the file says" '(lambda v: v["name"] == "Team" and v["membersonly"] is True and v["whois"] == "moderators" and v["persistent"] is True and v["allowinvites"] is False)({f["field"]: f["value"] for f in d})'
expect "created room members" 0 ma --json members yteam
case $SRV in
ejabberd)
	# ejabberd 23.01 keeps no nicks with affiliations: plan and apply say
	# so once (a warning, not a change), and the plan converges.
	json "members (no nick kept)" 'sorted((m["jid"], m["nick"]) for m in d) == [("carol@localhost", None), ("dave@localhost", None)]'
	expect "nick not kept: plan" 0 ma plan "$D/rooms.yaml"
	t_check "$SRV: nick not kept: one warning" test "$(grep -c "^mucadmin: plan: yteam@$SVC: warning: carol@localhost: the nick 'Carol' .*is not kept" "$D/err")" = 1
	out_is "nick not kept: No changes." "No changes." ;;
*)
	json "members and nick" 'sorted((m["jid"], m["nick"]) for m in d) == [("carol@localhost", "Carol"), ("dave@localhost", None)]' ;;
esac
expect "created room admins" 0 ma --json admins yteam
json "admins" '[m["jid"] for m in d] == ["user2@localhost"]'
expect "created room outcasts" 0 ma --json outcasts yteam
json "outcasts" '[m["jid"] for m in d] == ["troll@localhost"]'
expect "second room public" 0 ma --json rooms
json "the public room is listed" 'any(r["jid"] == "ylobby@'$SVC'" for r in d)'
expect "the probe room is gone" 1 ma info "$PROBE"

# --- idempotence -----------------------------------------------------
expect "plan after apply" 0 ma plan "$D/rooms.yaml"
out_is "plan: No changes." "No changes."
expect "apply again" 0 ma apply "$D/rooms.yaml"
out_is "apply again: No changes." "No changes."
expect "plan --json after apply" 0 ma --json plan "$D/rooms.yaml"
json "plan JSON: no changes" 'd == {"changes": 0, "errors": 0}'

# --- the subject of an existing room (read by joining it) ----------------
subj_file() {
	printf 'service: %s\nrooms:\n  - jid: ysubj\n    subject: %s\n' \
		"$SVC" "$2" >"$1"
}
subj_file "$D/subjA.yaml" "Subject A"
subj_file "$D/subjB.yaml" "Subject B"
expect "subject: created with A" 0 ma apply "$D/subjA.yaml"
expect "subject: plan with B" 0 ma plan "$D/subjB.yaml"
out_has "subject: plan shows A -> B" "^ysubj@$SVC +subject +- +Subject A +Subject B$"
out_has "subject: plan summary" "^Plan: 1 subject to set\.$"
expect "subject: apply B" 0 ma --json apply "$D/subjB.yaml"
json "subject: applied and verified" '[(a["action"], a["old"], a["new"], a["status"]) for a in d["actions"]] == [("subject", "Subject A", "Subject B", "applied")]'
# "No changes." alone would hold without the subject compared: the same
# check asks the file with A for the change back.
t_check "$SRV: subject: then plan and apply B say No changes., plan A shows B -> A" \
	bash -c '[ "$("$@" plan "$0/subjB.yaml")" = "No changes." ] &&
		[ "$("$@" apply "$0/subjB.yaml")" = "No changes." ] &&
		"$@" plan "$0/subjA.yaml" | grep -qE "^ysubj@.* +subject +- +Subject B +Subject A$"' \
	"$D" "${M[@]}" --jid user@localhost
expect "subject: export" 0 ma export ysubj
cp "$D/out" "$D/subj.export"
out_has "subject: export has the live subject" "^  subject: Subject B$"
expect "subject: export --json" 0 ma --json export ysubj
json "subject: JSON export" 'd["rooms"][0]["subject"] == "Subject B"'
expect "subject: emptied" 0 ma subject ysubj ""
expect "subject: export of a room without one" 0 ma export ysubj
t_check "$SRV: subject: omitted when empty" bash -c 'grep -q "^  subject:" "$2" &&
	! grep -q "^  subject:" "$1"' _ "$D/out" "$D/subj.export"

# --- dry run -----------------------------------------------------------
sed -e 's/name: Team$/name: Team Two/' -e 's/- dave@localhost/- erin@localhost/' \
	"$D/rooms.yaml" >"$D/rooms2.yaml"
expect "apply --dry-run" 0 ma apply --dry-run "$D/rooms2.yaml"
out_has "dry run: old -> new" "^yteam@$SVC +config +name +Team +Team Two"
out_has "dry run: add" "^yteam@$SVC +add +erin@localhost +- +member"
t_check "$SRV: dry run: no removal without --prune" bash -c '! grep -q dave "$1"' _ "$D/out"
expect "dry run changed nothing" 0 ma --json config yteam
json "name unchanged" '{f["field"]: f["value"] for f in d}["name"] == "Team"'

# --- prune -------------------------------------------------------------
expect "apply without --prune keeps what the file omits" 0 ma apply "$D/rooms2.yaml"
expect "members after apply" 0 ma --json members yteam
json "dave kept, erin added" '{m["jid"] for m in d} == {"carol@localhost", "dave@localhost", "erin@localhost"}'
expect "a stray public room of ours" 0 ma create ystray public=1
expect "a public room of someone else" 0 as user2 create ytheirs public=1
expect "a stray room of ours outside the scope" 0 ma create zstray public=1
# Without a prune: scope in the file, --prune destroys no room (issue 13).
expect "plan --prune, no scope" 0 ma plan --prune "$D/rooms2.yaml"
out_has "no scope: affiliations still pruned" "^yteam@$SVC +remove +dave@localhost +member"
t_check "$SRV: no scope: no room destroyed" bash -c '! grep -q destroy "$1"' _ "$D/out"
err_has "no scope: plan says why" "^mucadmin: plan: skipped: --prune destroys no room: .*rooms2.yaml declares no 'prune:' scope"
{ echo "prune: [ystr*, ytheirs]"; cat "$D/rooms2.yaml"; } >"$D/rooms3.yaml"
expect "plan --prune" 0 ma plan --prune "$D/rooms3.yaml"
out_has "plan --prune removes dave" "^yteam@$SVC +remove +dave@localhost +member"
out_has "plan --prune destroys a room the file omits" "^ystray@$SVC +destroy"
t_check "$SRV: prune leaves others' rooms alone" bash -c '! grep -q ytheirs "$1"' _ "$D/out"
t_check "$SRV: prune leaves rooms outside the scope alone" bash -c '! grep -q zstray "$1"' _ "$D/out"
t_check "$SRV: prune leaves unmanaged lists alone" bash -c '! grep -q "ylobby.*remove" "$1"' _ "$D/out"
t_check "$SRV: with a scope, no note" bash -c '! grep -q "destroys no room" "$1"' _ "$D/err"
expect "apply --prune asks (no terminal: refused)" 2 ma apply --prune "$D/rooms3.yaml"
err_has "prune refusal" "refusing without --yes"
expect "apply --prune --yes" 0 ma -y apply --prune "$D/rooms3.yaml"
expect "members after prune" 0 ma --json members yteam
json "dave removed" '{m["jid"] for m in d} == {"carol@localhost", "erin@localhost"}'
expect "the stray room is gone" 1 ma info ystray
expect "the others' room is there" 0 ma info ytheirs
expect "the room outside the scope is there" 0 ma info zstray
expect "owners after prune" 0 ma --json owners yteam
json "we stay owner" '[m["jid"] for m in d] == ["user@localhost"]'
expect "prune is idempotent" 0 ma -y apply --prune "$D/rooms3.yaml"
out_is "prune again: No changes." "No changes."
expect "zstray destroyed" 0 ma -y destroy zstray
printf 'prune: team-*\nrooms: [{jid: a}]\n' >"$D/prune-str.yaml"
expect "prune: not a list" 2 ma --server 127.0.0.1:1 plan "$D/prune-str.yaml"
err_has "prune: not a list, says so" "prune must be a list of room name patterns"
printf 'prune: [team@x]\nrooms: [{jid: a}]\n' >"$D/prune-at.yaml"
expect "prune: a JID, not a name" 2 ma --server 127.0.0.1:1 plan "$D/prune-at.yaml"
err_has "prune: a JID, says so" "prune: 'team@x' is not a pattern of room names"

# --- partial failure -----------------------------------------------------
expect "a room of someone else" 0 as user2 create yother
cat >"$D/partial.yaml" <<EOF
rooms:
  - jid: yteam@$SVC
    config: {name: Team Three, nosuchfield: 1}
    members: [carol@localhost, erin@localhost, frank@localhost]
  - jid: yother@$SVC
    members: [carol@localhost]
  - jid: ylobby@$SVC
    config: {whois: everybody}
EOF
expect "partial failure: exit 5" 5 ma --json apply "$D/partial.yaml"
json "partial: counts" 'd["applied"] == 2 and d["failed"] == 3'
json "partial: what was applied" 'sorted((a["action"], a["what"]) for a in d["actions"] if a["status"] == "applied") == [("add", "frank@localhost"), ("config", "name")]'
json "partial: what failed" 'sorted((a["room"].split("@")[0], a["condition"]) for a in d["actions"] if a["status"] == "failed") == [("ylobby", "bad-value"), ("yother", "forbidden"), ("yteam", "unknown-field")]'
err_has "partial: the unknown field is named" "^mucadmin: apply: yteam@$SVC: unknown-field: nosuchfield: "
err_has "partial: the room not owned is named" "^mucadmin: apply: yother@$SVC: forbidden: "
expect "partial: the rest was applied" 0 ma --json config yteam
json "partial: name changed" '{f["field"]: f["value"] for f in d}["name"] == "Team Three"'
expect "partial: human summary" 5 ma apply "$D/partial.yaml"
out_has "partial: summary line" "^Applied 0 of 3 changes: 3 failed"

# --- an admin (not owner) manages the lists, not the configuration -------
expect "made admin of a room of someone else" 0 as user2 admins yother add user@localhost
cat >"$D/admin.yaml" <<EOF
rooms:
  - jid: yother@$SVC
    config: {name: Mine now}
    members: [gina@localhost]
EOF
expect "admin: exit 5" 5 ma --json apply "$D/admin.yaml"
json "admin: members applied, config refused" 'sorted((a["action"], a["what"], a["status"], a["condition"]) for a in d["actions"]) == [("add", "gina@localhost", "applied", None), ("error", "config", "failed", "forbidden")]'
expect "admin: the member is there" 0 as user2 --json members yother
json "admin: gina is a member" '[m["jid"] for m in d] == ["gina@localhost"]'

# --- export round trip ---------------------------------------------------
expect "export" 0 ma export yteam ylobby
cp "$D/out" "$D/export.yaml"
out_has "export is a rooms file" "^rooms:$"
out_has "export uses aliases" "^    membersonly: true$"
case $SRV in
ejabberd) t_check "$SRV: export: no nick (none kept)" bash -c '! grep -q "nick:" "$1"' _ "$D/out" ;;
*) out_has "export keeps nicks" "nick: Carol" ;;
esac
expect "export then plan: exit 0" 0 ma plan "$D/export.yaml"
out_is "export then plan: No changes." "No changes."
expect "export --json" 0 ma --json export yteam
json "export JSON shape" 'set(d) == {"rooms"} and d["rooms"][0]["jid"] == "yteam@'$SVC'" and d["rooms"][0]["config"]["membersonly"] is True'
cp "$D/out" "$D/export.json"
expect "export --json then plan (JSON is YAML)" 0 ma plan "$D/export.json"
out_is "JSON export then plan: No changes." "No changes."
expect "export --all: a listed room not ours" 5 ma export --all
out_has "export --all has the public room" "^- jid: ylobby@$SVC$"
err_has "export --all names the room it cannot read" "^mucadmin: export: ytheirs@$SVC: forbidden: "
expect "export a missing room" 1 ma export nosuchroom
expect "export of a room not ours" 1 ma export yother

# --- the room password is secret ---------------------------------------
# ejabberd protects a room with passwordprotectedroom, and shows the
# password only once it is on; Prosody has no such switch.
case $SRV in
ejabberd) PW_ON=(passwordprotected=1) PW_OFF=(passwordprotected=0) ;;
*) PW_ON=() PW_OFF=() ;;
esac
expect "room password set" 0 ma config ylobby "${PW_ON[@]}" password=s3cret
expect "export leaves the password out" 0 ma export ylobby
t_check "$SRV: no password in the export" bash -c '! grep -q s3cret "$1"' _ "$D/out"
err_has "the omission is said" "not-exported: .*roomsecret"
expect "room password cleared" 0 ma config ylobby "${PW_OFF[@]}" password=

# --- 100 rooms -----------------------------------------------------------
{
	echo "service: $SVC"
	echo "defaults: {config: {persistent: true, membersonly: true}}"
	echo "rooms:"
	for i in $(seq 1 100); do
		echo "  - {jid: ybulk$i, config: {name: Bulk $i}, members: [m$i@localhost, all@localhost]}"
	done
} >"$D/bulk.yaml"
expect "100 rooms: apply" 0 ma --json apply "$D/bulk.yaml"
json "100 rooms: all applied" 'd["applied"] == d["changes"] == 100 * 6 and d["failed"] == 0'
expect "100 rooms: plan" 0 ma plan "$D/bulk.yaml"
out_is "100 rooms: No changes." "No changes."
expect "plan --exit-code: no changes, 0" 0 ma plan --exit-code "$D/bulk.yaml"
expect "plan --exit-code: a file that does not load, 2" 2 ma plan --exit-code "$D/bad.yaml"
expect "100 rooms: one of them" 0 ma --json members ybulk77
json "100 rooms: members of one" 'sorted(m["jid"] for m in d) == ["all@localhost", "m77@localhost"]'

# --- interrupted: says exactly what it changed (issue 8) -----------------
sed -e 's/all@localhost/every@localhost/' "$D/bulk.yaml" >"$D/bulk2.yaml"
expect "plan --exit-code: changes, 1" 1 ma --json plan --exit-code "$D/bulk2.yaml"
json "plan --exit-code: the plan is printed" 'd["changes"] == 100'
# Interrupt once changes are being sent: at the third room's (the plan,
# which reads every room first, sends no muc#admin "set").
apply_cut "$D/bulk2.yaml" "$D/int.out" INT
t_check "$SRV: interrupted: exit 130" test "$APPLY_RC" = 130
cp "$D/int.out" "$D/out"
json "interrupted: every action accounted for" 'd["applied"] + d["failed"] + d["unknown"] + d["not_done"] == d["changes"] == 100 and 0 < d["applied"] and d["not_done"] > 0'
expect "interrupted: the rest still to do" 0 ma --json plan "$D/bulk2.yaml"
t_check "$SRV: interrupted: the report matches the server" python3 -c '
import json, sys
rep = json.load(open(sys.argv[1]))
left = json.load(open(sys.argv[2]))
done = {(a["room"], a["what"]) for a in rep["actions"] if a["status"] == "applied"}
todo = {(a["room"], a["what"]) for a in left.get("actions", [])}
notdone = {(a["room"], a["what"]) for a in rep["actions"] if a["status"] == "not done"}
sys.exit(0 if not (done & todo) and notdone <= todo else 1)' "$D/int.out" "$D/out"
expect "after the interruption: apply finishes" 0 ma apply "$D/bulk2.yaml"
expect "after the interruption: No changes." 0 ma plan "$D/bulk2.yaml"
out_is "after the interruption: plan" "No changes."

# --- ^C while connecting: exit 130, nothing sent (issue 13) -------------
cat >"$D/paused.yaml" <<EOF2
service: $SVC
rooms:
  - jid: ypaused
    config: {name: Paused}
EOF2
for sig in INT TERM; do
	paused_signal "$sig" apply "$D/paused.yaml"
	t_check "$SRV: SIG$sig while connecting: exit 130" test "$PAUSED_RC" = 130
	err_has "SIG$sig while connecting: said" "^mucadmin: apply: interrupted: stopped by SIG$sig"
	expect "SIG$sig while connecting: the server goes on" 0 ma --json plan "$D/paused.yaml"
	json "SIG$sig while connecting: nothing was applied" '[a["action"] for a in d["actions"]][0] == "create"'
done

# --- plan reads a room's configuration from disco#info (issue 19) -------
# When disco#info says every field the file sets (persistent, public,
# membersonly, moderated: room features; name: muc#roominfo), a plan with
# nothing to change asks for no owner's form; a field to change, or one
# disco#info does not say exactly (description), has the form read.
info_file() { # info_file FILE NAME [MORE]
	printf '%s\n' "service: $SVC" "rooms:" "  - jid: yinfo" \
		"    config: {name: $2, persistent: yes, public: no, membersonly: yes, moderated: yes$3}" >"$1"
}
owner_gets() { # owner_gets: the muc#owner requests to yinfo in $D/err
	grep -cE "^mucadmin: sent: <iq[^>]*yinfo@[^>]*>.*muc#owner" "$D/err"
}
info_file "$D/info1.yaml" "Info room" ", description: Told by the form"
info_file "$D/info2.yaml" "Info room"
info_file "$D/info3.yaml" "Info room 2"
expect "info: apply" 0 ma apply "$D/info1.yaml"
expect "info: covered fields, plan -v" 0 ma -v plan "$D/info2.yaml"
out_is "info: covered fields: No changes." "No changes."
t_check "$SRV: info: covered fields: no owner's form asked for" \
	test "$(owner_gets)" = 0
expect "info: a field disco#info lacks, plan -v" 0 ma -v plan "$D/info1.yaml"
out_is "info: a field disco#info lacks: No changes." "No changes."
t_check "$SRV: info: a field disco#info lacks: the owner's form is read" \
	test "$(owner_gets)" = 1
expect "info: a field to change, plan -v" 0 ma -v --json plan "$D/info3.yaml"
json "info: the change, as the owner's form has it" '[(a["what"], a["old"], a["new"]) for a in d["actions"]] == [("name", "Info room", "Info room 2")]'
t_check "$SRV: info: a field to change: the owner's form is read" \
	test "$(owner_gets)" = 1
