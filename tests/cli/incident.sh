# SPDX-License-Identifier: MIT
# tests/cli/incident.sh - incident response: the journal and undo, lockdown,
# room history and message moderation; one body run against each server.
# The suite sources tests/testlib.sh, starts a server and sets SRV, PORT and
# CAFILE as for tests/cli/common.sh (accounts user, user2, user3 and admin
# @localhost, password "password"; admin a server admin, who alone may
# re-create a destroyed room where a tombstone keeps its name: Prosody and
# serve), sources this file, and ends with t_done.

CLI_TIMEOUT=60
# shellcheck source=tests/cli/checks.sh
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
export XDG_STATE_HOME=$D/state
J=$XDG_STATE_HOME/mucadmin/journal

# jq_journal NAME EXPR: python EXPR holds for e, the journal's entries
# (pending lines, each with "final": its completion's state, or None).
jq_journal() {
	t_check "$SRV: $1" python3 -c '
import json, sys
e, final = [], {}
for line in open(sys.argv[1], "rb"):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if not isinstance(d, dict):
        continue
    if "changes" in d:
        e.append(d)
    elif "id" in d:
        final[d["id"]] = d.get("state")
for x in e:
    x["final"] = final.get(x["id"])
ok = eval(sys.argv[2])
if not ok:
    print("    got: " + json.dumps(e[-3:])[:2000])
sys.exit(0 if ok else 1)' "$J" "$2"
}
last_id() { python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1]) if "\"changes\"" in l]
print(ids[-1])' "$J"; }

# --- every change is recorded, before it is sent -----------------------
expect "journal: create" 0 ma create jteam name=Jteam
t_check "$SRV: journal: the file is private (0600)" \
	test "$(stat -c %a "$J")" = 600
t_check "$SRV: journal: its directory too (0700)" \
	test "$(stat -c %a "$(dirname "$J")")" = 700
jq_journal "journal: create recorded and done" \
	'e[-1]["changes"] == [{"room": "jteam@'$SVC'", "change": "create", "before": None, "after": {"muc#roomconfig_roomname": "Jteam", "muc#roomconfig_persistentroom": "1"}}] and e[-1]["final"] == "done" and e[-1]["state"] == "pending" and e[-1]["jid"] == "user@localhost" and e[-1]["command"].startswith("mucadmin create ") and e[-1]["command"].endswith(" jteam name=Jteam")'
expect "journal: config" 0 ma config jteam membersonly=1 name=Renamed
jq_journal "journal: config's values before and after" \
	'(lambda c: c["change"] == "config" and c["before"]["muc#roomconfig_roomname"] == "Jteam" and c["after"] == {"muc#roomconfig_membersonly": "1", "muc#roomconfig_roomname": "Renamed"} and c["before"]["muc#roomconfig_membersonly"] in ("0", "false"))(e[-1]["changes"][0])'
expect "journal: members add" 0 ma members jteam add m1@localhost m2@localhost
jq_journal "journal: affiliations before and after" \
	'e[-1]["changes"][0]["before"] == {"m1@localhost": "none", "m2@localhost": "none"} and e[-1]["changes"][0]["after"] == {"m1@localhost": "member", "m2@localhost": "member"}'
expect "journal: ban" 0 ma -y ban jteam m1@localhost
jq_journal "journal: a ban: member before" \
	'e[-1]["changes"][0]["before"] == {"m1@localhost": "member"} and e[-1]["changes"][0]["after"] == {"m1@localhost": "outcast"}'
expect "journal: subject" 0 ma subject jteam "first words"
expect "journal: subject again" 0 ma subject jteam "second words"
jq_journal "journal: the subject before and after" \
	'e[-1]["changes"][0]["before"] == "first words" and e[-1]["changes"][0]["after"] == "second words"'
# A room password is never written, neither as a value nor on the
# command line.
expect "journal: a password" 0 ma config jteam password=Sekr1tPw
t_check "$SRV: journal: the password is not in it" bash -c '! grep -q Sekr1tPw "$1"' _ "$J"
jq_journal "journal: the password is null, the command redacted" \
	'e[-1]["changes"][0]["after"] == {"muc#roomconfig_roomsecret": None} and e[-1]["command"].endswith("jteam password=********")'
expect "journal: no password again" 0 ma config jteam password=

# --- log ----------------------------------------------------------------
expect "log" 0 ma log
out_has "log: a table" "^ID +TIME +STATE +ROOMS +CHANGES +COMMAND"
out_has "log: the ban" " done +jteam@$SVC +affiliation +mucadmin ban "
expect "log --json" 0 ma log --json
json "log --json: every entry, oldest first" \
	'[x["changes"][0]["change"] for x in d] == ["create", "config", "affiliation", "affiliation", "subject", "subject", "config", "config"] and all(x["state"] == "done" for x in d)'
expect "log --room" 0 ma log --json --room nosuch
json "log --room: none of another room" 'd == []'
expect "log --room NAME" 0 ma log --json --room jteam
json "log --room NAME: the room's" 'len(d) == 8'
expect "log --since a future day" 0 ma log --json --since 2999-01-01
json "log --since: none" 'd == []'
expect "log --since 1h" 0 ma log --json --since 1h
json "log --since 1h: all" 'len(d) == 8'
expect "log --since garbage" 2 ma log --since yesterday
err_has "log --since garbage: said" "^mucadmin: log: --since 'yesterday' is not a time"

# --- undo ---------------------------------------------------------------
expect "undo: usage" 2 ma undo
expect "undo: both ID and --last" 2 ma undo abc --last
expect "undo: no such entry" 2 ma undo 0123456789ab
err_has "undo: no such entry: said" "^mucadmin: undo: no-entry: the journal has no entry '0123456789ab'"
SUBJ_ID=$(python3 -c '
import json, sys
ids = [json.loads(l) for l in open(sys.argv[1]) if "\"changes\"" in l]
print([x["id"] for x in ids if x["changes"][0]["change"] == "subject"][-1])' "$J")
expect "undo: no terminal, no --yes" 2 ma undo "$SUBJ_ID"
err_has "undo: refused without --yes" "refusing without --yes"
expect "undo --dry-run: the password" 0 ma undo --last --dry-run
err_has "undo --dry-run: the password is not restored" "^mucadmin: undo: jteam@$SVC: warning: muc#roomconfig_roomsecret: not recorded \(a secret, or not readable\): not restored$"
expect "undo --dry-run: the subject" 0 ma undo "$SUBJ_ID" --dry-run
out_has "undo --dry-run: the plan" "^jteam@$SVC +subject"
expect "undo --dry-run: nothing changed" 0 ma export jteam
out_has "undo --dry-run: the subject as it was" "^  subject: second words$"
expect "undo as another account: planned" 0 as user2 undo "$SUBJ_ID" --dry-run
err_has "undo as another account: said" "^mucadmin: undo: journal: warning: entry $SUBJ_ID was made as user@localhost, undone now as user2@localhost$"
expect "undo ID: the subject" 0 ma -y undo "$SUBJ_ID"
out_has "undo: the subject back" "subject .* second words +first words +applied"
jq_journal "undo: itself recorded" \
	'e[-1]["command"].startswith("mucadmin undo ") and e[-1]["changes"] == [{"room": "jteam@'$SVC'", "change": "subject", "before": "second words", "after": "first words"}] and e[-1]["final"] == "done"'
expect "undo: the ban" 0 ma -y undo "$(python3 -c '
import json, sys
ids = [json.loads(l) for l in open(sys.argv[1]) if "\"changes\"" in l]
print([x["id"] for x in ids if x["command"].startswith("mucadmin ban")][-1])' "$J")"
expect "undo: m1 a member again" 0 ma --json members jteam
json "undo: m1 a member again (list)" \
	'sorted(m["jid"] for m in d) == ["m1@localhost", "m2@localhost"]'
expect "undo: m1 not banned" 0 ma --json outcasts jteam
json "undo: no outcasts" 'd == []'
expect "undo: the members added" 0 ma -y undo "$(python3 -c '
import json, sys
ids = [json.loads(l) for l in open(sys.argv[1]) if "\"changes\"" in l]
print([x["id"] for x in ids if x["command"].startswith("mucadmin members")][-1])' "$J")"
expect "undo: no members" 0 ma --json members jteam
json "undo: none left" 'd == []'
expect "undo: the config" 0 ma -y undo "$(python3 -c '
import json, sys
ids = [json.loads(l) for l in open(sys.argv[1]) if "\"changes\"" in l]
print([x["id"] for x in ids if "membersonly=1" in x["command"]][-1])' "$J")"
expect "undo: the config read" 0 ma --json config jteam
json "undo: name and membersonly as before" \
	'{f["field"]: f["value"] for f in d}["name"] == "Jteam" and {f["field"]: f["value"] for f in d}["membersonly"] is False'
expect "undo: an entry already undone: nothing to do" 0 ma -y undo "$SUBJ_ID"
out_is "undo again: No changes." "No changes."

# --- destroy records the room whole; undo re-creates it ----------------
expect "destroy: the room to come back" 0 as admin create jgone name=Gone moderated=1
expect "destroy: members" 0 as admin members jgone add g1@localhost g2@localhost
expect "destroy: an admin" 0 as admin admins jgone add g3@localhost
expect "destroy: a subject" 0 as admin subject jgone "gone but back"
expect "destroy: export before" 0 as admin export jgone
cp "$D/out" "$D/jgone-before.yaml"
expect "destroy" 0 as admin -y destroy jgone
jq_journal "destroy: the room recorded first" \
	'e[-1]["changes"][0]["change"] == "destroy" and "gone but back" in e[-1]["changes"][0]["before"]["rooms_file"] and "g3@localhost" in e[-1]["changes"][0]["before"]["rooms_file"]'
expect "undo --last: the destroy, planned" 0 as admin undo --last --dry-run
out_has "undo: create planned" "^jgone@$SVC +create"
expect "undo --last: the destroy" 0 as admin -y undo --last
expect "undo: export after" 0 as admin export jgone
t_check "$SRV: undo: the room is back as it was" cmp -s "$D/out" "$D/jgone-before.yaml"
diff "$D/jgone-before.yaml" "$D/out" | head -n 10 | sed 's/^/    /'
# Undoing the undo destroys the room it re-created (asked: destructive).
expect "undo the undo: destroys the room again" 0 as admin -y undo --last
out_has "undo the undo: destroy" "^jgone@$SVC +destroy"
expect "undo the undo: the room is gone" 1 as admin info jgone

# --- one apply, many rooms: one entry, undone as a whole ---------------
cat >"$D/two.yaml" <<EOF
rooms:
  - jid: jteam@$SVC
    config: {name: Applied}
    members: [a1@localhost]
  - jid: jnew@$SVC
    config: {name: New}
EOF
expect "apply: two rooms" 0 ma apply "$D/two.yaml"
jq_journal "apply: one entry of both rooms" \
	'sorted((c["room"], c["change"]) for c in e[-1]["changes"]) == [("jnew@'$SVC'", "create"), ("jteam@'$SVC'", "affiliation"), ("jteam@'$SVC'", "config")] and e[-1]["final"] == "done"'
expect "undo --last: the apply, planned" 0 ma undo --last --dry-run
out_has "undo apply: the new room destroyed" "^jnew@$SVC +destroy"
out_has "undo apply: the name back" "^jteam@$SVC +config +name +Applied +Jteam$"
out_has "undo apply: the member removed" "^jteam@$SVC +remove +a1@localhost +member"
expect "undo --last: the apply" 0 ma -y undo --last
expect "undo apply: jnew gone" 1 ma info jnew
expect "undo apply: jteam's name" 0 ma --json config jteam
json "undo apply: Jteam again" '{f["field"]: f["value"] for f in d}["name"] == "Jteam"'

# --- the shell's changes are recorded too ------------------------------
IN=$D/shell.in
printf 'use jteam\nconfig moderated=1\n' >"$IN"
expect "shell: a change" 0 ma shell
IN=
jq_journal "shell: recorded with its line" \
	'e[-1]["command"] == "mucadmin config jteam@'$SVC' moderated=1" and e[-1]["changes"][0]["after"] == {"muc#roomconfig_moderatedroom": "1"}'

# --- no journal, no change ---------------------------------------------
: >"$D/notadir"
expect "journal unwritable: exit 6" 6 env XDG_STATE_HOME="$D/notadir" \
	"${M[@]}" --jid user@localhost create jnever
err_has "journal unwritable: said" "^mucadmin: create: journal: cannot record the change in "
expect "journal unwritable: nothing was sent" 1 ma info jnever
expect "no HOME, no XDG_STATE_HOME: exit 6" 6 env -u HOME -u XDG_STATE_HOME \
	"${M[@]}" --jid user@localhost config jteam moderated=0
err_has "no HOME: said" "journal: cannot record the change in the journal: neither XDG_STATE_HOME nor HOME is set \(nothing was sent\)"
expect "journal unwritable: apply refused" 6 env XDG_STATE_HOME="$D/notadir" \
	"${M[@]}" --jid user@localhost apply "$D/two.yaml"
expect "journal unwritable: apply sent nothing" 1 ma info jnew

# --- a journal someone edited: lines skipped, never a crash ------------
cp "$J" "$D/journal.good"
{
	echo 'not json at all'
	echo '{"id": "x1", "time": "2026-01-01T00:00:00Z", "state": "pending", "changes": [{"room": "r@x", "change": "explode"}]}'
	echo '{"id": 5, "changes": []}'
	python3 -c 'print("[" * 100000 + "]" * 100000)'
	printf '{"id":"x2","time":"2026-01-01T00:00:00Z","state":"pending","command":"\\u0000","changes":[]}\n'
	printf '{"id":"x3","time":"2026-01-01T00:00:00Z","state":"pending","command":"\\u001b[31mred","changes":[{"room":"\\u001b[2Jr@x","change":"subject","before":"a","after":"b"}]}\n'
	echo '{"id": "nosuchid", "state": "done"}'
	printf '\xff\xfe{"id":\n'
	echo '"a string"'
} >>"$J"
expect "a corrupt journal: log" 0 ma log
t_check "$SRV: corrupt: each bad line warned" \
	test "$(grep -c 'not a journal entry: skipped' "$D/err")" = 8
out_has "corrupt: the good entries still shown" "mucadmin undo "
t_check "$SRV: corrupt: no escape reaches the terminal" \
	bash -c '! grep -q "$(printf "\033")" "$1"' _ "$D/out"
out_has "corrupt: escaped" 'x3 .*\\x1b\[2Jr@x'
expect "a corrupt journal: its room is no JID: undo refused" 2 ma undo x3 --dry-run
err_has "a corrupt journal: undo says why, escaped" "^mucadmin: undo: journal: entry x3: \\\\x1b\[2Jr@x: not a room JID$"
cp "$D/journal.good" "$J"

# --- lockdown, and --lift: every field as it was ----------------------
expect "lockdown: a room" 0 ma create lk1 public=1 membersonly=0 moderated=0
expect "lockdown: another" 0 ma create lk2 public=1
expect "lockdown: invites open" 0 ma config lk1 allowinvites=1
expect "lockdown: invites open too" 0 ma config lk2 allowinvites=1
expect "lockdown: one moderated already" 0 ma create lk3 public=1 moderated=1
expect "lockdown: not matched" 0 ma create other public=1
expect "lockdown: export before" 0 ma export lk1 lk2 lk3 other
cp "$D/out" "$D/lk-before.yaml"
expect "lockdown: usage" 2 ma lockdown
expect "lockdown: rooms and --match" 2 ma lockdown lk1 --match 'lk*'
expect "lockdown --dry-run" 0 ma lockdown --dry-run lk1
out_has "lockdown --dry-run: moderated" "^lk1@$SVC +config +moderated +no +yes$"
out_has "lockdown --dry-run: members-only" "^lk1@$SVC +config +membersonly +no +yes$"
out_has "lockdown --dry-run: invites" "^lk1@$SVC +config +allowinvites +yes +no$"
expect "lockdown --dry-run: nothing changed" 0 ma export lk1 lk2 lk3 other
t_check "$SRV: lockdown --dry-run: the rooms as they were" cmp -s "$D/out" "$D/lk-before.yaml"
expect "lockdown --match" 0 ma lockdown --match 'lk*'
for r in lk1 lk2 lk3; do
	expect "lockdown: $r read" 0 ma --json config $r
	json "lockdown: $r locked" \
		'(lambda f: f["moderated"] is True and f["membersonly"] is True and f["allowinvites"] is False)({x["field"]: x["value"] for x in d})'
done
expect "lockdown: the other room read" 0 ma --json config other
json "lockdown: the other room left alone" \
	'{x["field"]: x["value"] for x in d}["membersonly"] is False'
jq_journal "lockdown: one entry, its rooms' values before" \
	'e[-1]["op"] == "lockdown" and sorted(c["room"] for c in e[-1]["changes"]) == ["lk1@'$SVC'", "lk2@'$SVC'", "lk3@'$SVC'"] and all(c["change"] == "config" for c in e[-1]["changes"]) and "muc#roomconfig_moderatedroom" not in [c for c in e[-1]["changes"] if c["room"].startswith("lk3@")][0]["before"]'
expect "lockdown: again: nothing to change" 0 ma lockdown lk1
out_is "lockdown again: No changes." "No changes."
expect "lockdown: a missing room: exit 5" 5 ma lockdown lk1 nosuchroom
err_has "lockdown: a missing room: item-not-found" "^mucadmin: lockdown: nosuchroom@$SVC: item-not-found: "
expect "lockdown: a missing room: not created" 1 ma info nosuchroom
expect "lockdown --lift one" 0 ma lockdown --lift lk1
jq_journal "lockdown --lift: recorded as a lift" \
	'e[-1]["op"] == "lift" and [c["room"] for c in e[-1]["changes"]] == ["lk1@'$SVC'"]'
expect "lockdown --lift --match the rest" 0 ma lockdown --lift --match 'lk*'
expect "lockdown --lift: export after" 0 ma export lk1 lk2 lk3 other
t_check "$SRV: lockdown --lift: every field as it was" cmp -s "$D/out" "$D/lk-before.yaml"
diff "$D/lk-before.yaml" "$D/out" | head -n 10 | sed 's/^/    /'
expect "lockdown --lift again: nothing to lift" 0 ma lockdown --lift lk2
err_has "lockdown --lift again: said" "^mucadmin: lockdown: lk2@$SVC: skipped: no lockdown of it in force"
out_is "lockdown --lift again: No changes." "No changes."

# --- history: the room's archive (XEP-0313) ----------------------------
# features ROOM: the room's disco#info features, one a line.
features() {
	ma --json info "$1" | python3 -c '
import json, sys
print("\n".join(json.load(sys.stdin)["features"]))'
}
expect "history: a room" 0 ma create hroom
features hroom >"$D/features"
HAVE_MAM=0 HAVE_MOD=0
grep -qx "urn:xmpp:mam:2" "$D/features" && HAVE_MAM=1
grep -qx "urn:xmpp:message-moderate:[01]" "$D/features" && HAVE_MOD=1
case $SRV in
prosody | serve)
	# serve: as Prosody with both modules (mucadmin-serve(1)).
	t_check "$SRV: the room offers its archive (mod_muc_mam)" test $HAVE_MAM = 1
	t_check "$SRV: and moderation :0 (mod_muc_moderation)" \
		grep -qx "urn:xmpp:message-moderate:0" "$D/features"
	t_check "$SRV: and not :1 (Debian 12's mod_muc_moderation)" \
		bash -c '! grep -q "urn:xmpp:message-moderate:1" "$1"' _ "$D/features" ;;
ejabberd)
	# mod_mam with mod_muc's default_room_options mam: true (ejabberd's own
	# default is false: rooms are archived only when configured so).
	t_check "$SRV: the room offers its archive (mod_mam)" test $HAVE_MAM = 1
	t_check "$SRV: and no moderation (23.01 has none)" test $HAVE_MOD = 0 ;;
esac
expect "history: bad --limit" 2 ma history hroom --limit 0
err_has "history: bad --limit: said" "^mucadmin: history: --limit '0' is not a number from 1 to 100000"
expect "history: bad --since" 2 ma history hroom --since soon
expect "history: a missing room" 1 ma history nosuchroom
err_has "history: a missing room: item-not-found" "^mucadmin: history: nosuchroom@$SVC: item-not-found: "
if [ $HAVE_MAM = 0 ]; then
	# serve until the room archive (the mini server's fidelity issue)
	# advertises urn:xmpp:mam:2 on rooms: then the branch below runs.
	expect "history: no archive: not supported (exit 7)" 7 ma history hroom
	err_has "history: not supported: said" "^mucadmin: history: hroom@$SVC: not-supported: hroom@$SVC keeps no archive this account may read \(no urn:xmpp:mam:2 in its disco#info\)$"
else
	for i in $(seq 1 60); do echo "say hroom line-$i"; done >"$D/say.txt"
	expect "history: 60 messages" 0 ma shell "$D/say.txt"
	expect "history: a spammer" 0 as user2 --nick spammer say hroom "buy now"
	IN=$D/evil.txt
	# XML has no C0 controls but tab, newline and CR; a C1 one (CSI,
	# U+009B) passes, and a terminal may take it for an escape.
	printf 'evil \302\2332J text' >"$IN"
	expect "history: a hostile text" 0 as user2 --nick spammer say hroom -
	IN=
	expect "history: all of it" 0 ma -v --json history hroom --limit 1000
	cp "$D/err" "$D/history.trace"
	json "history: 62 messages, oldest first, complete" \
		'd["complete"] is True and len(d["messages"]) == 62 and [m["text"] for m in d["messages"][:2]] == ["line-1", "line-2"] and d["messages"][60]["text"] == "buy now" and len({m["id"] for m in d["messages"]}) == 62 and all(m["id"] and m["time"] and m["nick"] for m in d["messages"])'
	json "history: the spammer's nick" \
		'[m["nick"] for m in d["messages"][60:]] == ["spammer", "spammer"] and d["messages"][0]["nick"] != "spammer"'
	case $SRV in
	prosody) json "history: occupant-ids (XEP-0421)" \
		'all(m["occupant_id"] for m in d["messages"]) and d["messages"][0]["occupant_id"] != d["messages"][61]["occupant_id"]' ;;
	esac
	# Pipelined: the second page is asked (queued to be written) as soon
	# as the first is full, before the first's answer is handled.
	t_check "$SRV: history: the next page asked before the first's answer" \
		python3 -c '
import re, sys
lines = open(sys.argv[1]).read().split("\n")
sent = [(i, re.search(r"id=\"([^\"]+)\"", l).group(1)) for i, l in enumerate(lines)
        if l.startswith("mucadmin: sent: <iq") and "urn:xmpp:mam:2" in l]
assert len(sent) >= 2, sent
asked = [i for i, l in enumerate(lines) if "archive page 1 is full: the next one is asked before its answer" in l]
answer = [i for i, l in enumerate(lines) if l.startswith("mucadmin: recv: <iq") and "id=\"%s\"" % sent[0][1] in l]
sys.exit(0 if asked and answer and asked[0] < answer[0] else 1)' "$D/history.trace"
	expect "history --from a nick" 0 ma --json history hroom --from spammer
	json "history --from: the spammer's two" \
		'[m["nick"] for m in d["messages"]] == ["spammer", "spammer"]'
	expect "history --limit 5" 0 ma --json history hroom --limit 5
	json "history --limit 5: five, not complete" \
		'len(d["messages"]) == 5 and d["complete"] is False'
	err_has "history --limit: said there is more" "^mucadmin: history: hroom@$SVC: truncated: "
	expect "history --since a future day" 0 ma --json history hroom --since 2999-01-01
	json "history --since: nothing" 'd["messages"] == [] and d["complete"] is True'
	expect "history --until long ago" 0 ma --json history hroom --until 2001-01-01
	json "history --until: nothing" 'd["messages"] == []'
	expect "history: a table" 0 ma history hroom --from spammer
	out_has "history: the header" "^ID +TIME +NICK +OCCUPANT_ID +JID +RETRACTED +TEXT$"
	out_has "history: the hostile text escaped" 'evil \\x9b2J text$'
	t_check "$SRV: history: no escape reaches the terminal" \
		bash -c '! grep -q "$(printf "\302\233")" "$1"' _ "$D/out"
fi

# --- retract: message moderation (XEP-0425) ----------------------------
expect "retract: a bad stanza-id" 2 ma -y retract hroom ''
expect "retract: no terminal, no --yes" 2 ma retract hroom someid
if [ $HAVE_MOD = 0 ]; then
	expect "retract: not supported (exit 7)" 7 ma -y retract hroom someid
	err_has "retract: not supported: said" "^mucadmin: retract: hroom@$SVC: not-supported: hroom@$SVC offers no message moderation \(neither urn:xmpp:message-moderate:1 nor urn:xmpp:message-moderate:0 in its disco#info\)$"
else
	expect "retract: the spammer's ids" 0 ma --json history hroom --from spammer
	read -r ID1 ID2 < <(python3 -c '
import json, sys
print(" ".join(m["id"] for m in json.load(open(sys.argv[1]))["messages"]))' "$D/out")
	expect "retract: not a moderator" 1 as user3 -y retract hroom -- "$ID1"
	err_has "retract: not a moderator: forbidden" "^mucadmin: retract: hroom@$SVC: forbidden: "
	expect "retract: an id the archive lacks" 1 ma -y retract hroom nosuchid
	err_has "retract: item-not-found" "^mucadmin: retract: hroom@$SVC: item-not-found: nosuchid: "
	expect "retract: both, with a reason" 0 ma -y --json retract --reason spam hroom -- "$ID1" "$ID2"
	json "retract: both retracted" \
		'd["retracted"] == 2 and d["failed"] == 0 and [r["ok"] for r in d["results"]] == [True, True]'
	expect "retract: history shows the tombstones" 0 ma --json history hroom --from spammer
	json "retract: both retracted in the archive" \
		'[m["retracted"] for m in d["messages"]] == [True, True] and all(m["text"] is None for m in d["messages"])'
	expect "retract: one good, one not: exit 5" 5 ma -y retract hroom -- "$ID1" nosuchid
fi

# --- purge: one sender's messages, found in the archives, retracted ----
expect "purge: no ROOM, no --everywhere" 2 ma purge user3@localhost
expect "purge: ROOM and --everywhere" 2 ma purge user3@localhost proom1 --everywhere
expect "purge: bad --since" 2 ma purge user3@localhost proom1 --since soon
expect "purge: not a JID" 2 ma purge 'a@b@c' proom1
expect "purge: a room" 0 ma create proom1 public=1
expect "purge: another" 0 ma create proom2 public=1
if [ $HAVE_MAM = 0 ]; then
	expect "purge: no archive: not supported (exit 7)" 7 ma -y --json purge user3@localhost proom1 --nick spam3
	json "purge: no archive: the room's row" \
		'd["rooms"] == [{"room": "proom1@'$SVC'", "result": "no-archive", "found": 0, "retracted": 0, "failed": 0, "condition": None, "ids": []}]'
else
	for r in proom1 proom2; do
		expect "purge: the spammer posts in $r" 0 as user3 --nick spam3 say $r "spam in $r"
		expect "purge: again in $r" 0 as user3 --nick spam3 say $r "more spam in $r"
	done
	expect "purge: someone else posts" 0 as user2 --nick bystander say proom1 "hello"
	expect "purge: the spammer's ids" 0 ma --json history proom1 --from spam3
	SPAM1=$(python3 -c '
import json, sys
print(" ".join(sorted(m["id"] for m in json.load(open(sys.argv[1]))["messages"])))' "$D/out")
	# By real JID, without --nick: where the room shows it (whois anyone),
	# the sender's messages under any nick.
	expect "purge: a non-anonymous room" 0 ma create pjid public=1 whois=anyone
	expect "purge: the spammer posts there" 0 as user3 --nick jid1 say pjid "one"
	expect "purge: under another nick" 0 as user3 --nick jid2 say pjid "two"
	expect "purge: someone else there" 0 as user2 --nick jid3 say pjid "three"
	expect "purge --dry-run by real JID" $((HAVE_MOD ? 0 : 7)) ma --json purge --dry-run user3@localhost pjid
	json "purge by real JID: both nicks, not the other sender" \
		'd["found"] == 2'
	expect "purge --dry-run: no terminal needed" $((HAVE_MOD ? 0 : 7)) ma --json purge --dry-run user3@localhost proom1 --nick spam3
	json "purge --dry-run: the spammer's two, the bystander's not" \
		'd["dry_run"] is True and d["found"] == 2 and d["retracted"] == 0 and " ".join(sorted(d["rooms"][0]["ids"])) == "'"$SPAM1"'" and d["rooms"][0]["result"] == ("would-retract" if '$HAVE_MOD' else "unsupported")'
	expect "purge --since a future day: nothing" 0 ma -y --json purge user3@localhost proom1 --nick spam3 --since 2999-01-01
	json "purge --since: none found" 'd["rooms"][0]["result"] == "none" and d["found"] == 0'
	expect "purge: no terminal, no --yes" 2 ma purge user3@localhost proom1 --nick spam3
	if [ $HAVE_MOD = 0 ]; then
		expect "purge: no moderation: not supported (exit 7)" 7 ma -y --json purge user3@localhost --everywhere --nick spam3
		json "purge: each room unsupported, none retracted" \
			'd["retracted"] == 0 and {r["room"]: (r["result"], r["found"]) for r in d["rooms"] if r["room"].startswith("proom")} == {"proom1@'$SVC'": ("unsupported", 2), "proom2@'$SVC'": ("unsupported", 2)}'
	else
		expect "purge: not a moderator: refused" 1 as user2 -y --json purge user3@localhost proom1 --nick spam3
		json "purge: not a moderator: failed" \
			'd["rooms"][0]["result"] == "failed" and d["rooms"][0]["failed"] == 2 and d["rooms"][0]["condition"] == "forbidden"'
		expect "purge --everywhere" 0 ma -y --json purge user3@localhost --everywhere --nick spam3 --reason spam
		json "purge --everywhere: two in each room" \
			'{r["room"]: (r["result"], r["found"], r["retracted"]) for r in d["rooms"] if r["room"].startswith("proom")} == {"proom1@'$SVC'": ("retracted", 2, 2), "proom2@'$SVC'": ("retracted", 2, 2)}'
		expect "purge: history shows the retractions" 0 ma --json history proom1
		json "purge: the spammer's retracted, the bystander's kept" \
			'[m["retracted"] for m in d["messages"] if m["nick"] == "spam3"] == [True, True] and [m["retracted"] for m in d["messages"] if m["nick"] == "bystander"] == [False]'
		expect "purge: again: nothing left" 0 ma -y --json purge user3@localhost proom1 --nick spam3
		json "purge: again: none found" 'd["rooms"][0]["result"] == "none"'
	fi
fi

# --- sweep: where, ban everywhere, purge; one journal entry for undo ---
expect "sweep: a room" 0 ma create sw1 public=1
expect "sweep: another" 0 ma create sw2 public=1
expect "sweep: the spammer a member of sw2" 0 ma members sw2 add user3@localhost
if [ $HAVE_MAM = 1 ]; then
	for r in sw1 sw2; do
		expect "sweep: the spammer posts in $r" 0 as user3 --nick spamsw say $r "spam in $r"
		expect "sweep: again in $r" 0 as user3 --nick spamsw say $r "more in $r"
	done
	expect "sweep: someone else posts" 0 as user2 --nick bystander say sw1 "hello"
	WANT=$([ $HAVE_MOD = 1 ] && echo would-retract || echo unsupported)
	DONE=$([ $HAVE_MOD = 1 ] && echo retracted || echo unsupported)
	NFOUND=2
else
	WANT=no-archive DONE=no-archive NFOUND=0
fi
NLINES=$(wc -l <"$J")
expect "sweep --dry-run" 0 ma --json sweep --dry-run user3@localhost --match 'sw*' --nick spamsw
json "sweep --dry-run: exactly what would happen" \
	'sorted((r["room"], r["ban"], r["before"], r["messages"], r["found"], r["retracted"]) for r in d["rooms"]) == [(x + "@'$SVC'", "would-ban", b, "'$WANT'", '$NFOUND', 0) for x, b in (("sw1", "none"), ("sw2", "member"))] and d["dry_run"] is True and d["banned"] == 0'
err_has "sweep --dry-run: retractions are final" "^mucadmin: sweep: dry run: undo would lift the bans; the retractions are final$"
t_check "$SRV: sweep --dry-run: nothing journaled" test "$(wc -l <"$J")" = "$NLINES"
expect "sweep: the spammer not banned yet" 0 ma --json outcasts sw1
t_check "$SRV: sweep --dry-run: not banned" bash -c '! grep -q user3@localhost "$1"' _ "$D/out"
expect "sweep: no terminal, no --yes" 2 ma sweep user3@localhost --match 'sw*'
expect "sweep" 0 ma -y --json sweep user3@localhost --match 'sw*' --nick spamsw --reason spam
json "sweep: banned everywhere, messages handled" \
	'sorted((r["room"], r["ban"], r["messages"], r["found"], r["retracted"]) for r in d["rooms"]) == [(x + "@'$SVC'", "banned", "'$DONE'", '$NFOUND', '$NFOUND' if "'$DONE'" == "retracted" else 0) for x in ("sw1", "sw2")] and d["banned"] == 2'
expect "sweep: banned in sw1" 0 ma --json outcasts sw1
out_has "sweep: user3 an outcast of sw1" "user3@localhost"
expect "sweep: banned in sw2" 0 ma --json outcasts sw2
out_has "sweep: user3 an outcast of sw2" "user3@localhost"
jq_journal "sweep: one entry for both bans, done" \
	'sorted(((c["room"], c["change"], c["before"], c["after"]) for c in e[-1]["changes"]), key=str) == [("sw1@'$SVC'", "affiliation", {"user3@localhost": "none"}, {"user3@localhost": "outcast"}), ("sw2@'$SVC'", "affiliation", {"user3@localhost": "member"}, {"user3@localhost": "outcast"})] and e[-1]["final"] == "done"'
if [ $HAVE_MOD = 1 ]; then
	expect "sweep: history shows the retractions" 0 ma --json history sw1
	json "sweep: the spammer's retracted, the bystander's kept" \
		'[m["retracted"] for m in d["messages"] if m["nick"] == "spamsw"] == [True, True] and [m["retracted"] for m in d["messages"] if m["nick"] == "bystander"] == [False]'
fi
expect "sweep: again: banned already, nothing to retract" 0 ma -y --json sweep user3@localhost --match 'sw*' --nick spamsw
json "sweep: again: already" '[r["ban"] for r in d["rooms"]] == ["already", "already"]'
expect "sweep: undo --last lifts the bans" 0 ma -y undo --last
expect "sweep: undone in sw1" 0 ma --json outcasts sw1
t_check "$SRV: sweep: undo: no outcast in sw1" bash -c '! grep -q user3@localhost "$1"' _ "$D/out"
expect "sweep: undone in sw2: a member again" 0 ma --json members sw2
out_has "sweep: undo: user3 a member of sw2 again" "user3@localhost"
