# SPDX-License-Identifier: MIT
# Migration between real servers: a five-room file (config, members with
# and without nicks, admins, outcasts, a password) applied to an empty
# ejabberd 23.01, planned again, exported with --secrets, applied to
# Prosody 0.12 and planned again; then the reverse, Prosody to ejabberd.
# Fields a server lacks are skipped (--skip-unknown), the common ones
# mapped (mucadmin-rooms(5), MIGRATION), passwords carried.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
have_prosody || t_skip_server "prosody is not installed"
T=$(t_tmpdir)
cli_target_ejabberd "$T"
EJ_PORT=$PORT EJ_CA=$CAFILE
prosody_start "$T/prosody" || { t_fail "prosody starts"; t_done; exit 1; }
PR_PORT=$PROSODY_PORT PR_CA=$PROSODY_CAFILE
CLI_TIMEOUT=60
# shellcheck source=tests/cli/checks.sh
. "$(dirname "$0")/../cli/checks.sh"
on() { # on ejabberd|prosody: the servers the next commands talk to
	SRV=$1
	case $1 in
	ejabberd) M=("$MUCADMIN" --server "127.0.0.1:$EJ_PORT" --cafile "$EJ_CA" --timeout 60) ;;
	prosody) M=("$MUCADMIN" --server "127.0.0.1:$PR_PORT" --cafile "$PR_CA" --timeout 60) ;;
	esac
}
# five P (prefix) FILE: the five rooms; $3 names the archiving field as the
# other server does (its var), which the mapping must carry over.
five() {
	cat >"$3" <<EOF2
service: $SVC
defaults:
  owners: [user@localhost]
rooms:
  - jid: ${1}team
    config: {name: Team, persistent: true, membersonly: true, whois: moderators, allowinvites: false}
    subject: Team room
    admins: [user2@localhost]
    members:
      - {jid: carol@localhost, nick: Carol}
      - dave@localhost
    outcasts: [troll@localhost]
  - jid: ${1}lobby
    config: {name: Lobby, public: true, description: The lobby, changesubject: false}
    members: [{jid: gina@localhost, nick: Gina}]
  - jid: ${1}secret
    config: {name: Secret, hidden: true, password: s3cret}
    members: [erin@localhost]
  - jid: ${1}mod
    config: {name: Moderated, persistent: true, moderated: true, whois: anyone}
    admins: [user3@localhost]
    outcasts: [spam@localhost, troll@localhost]
  - jid: ${1}arch
    config: {name: Archive, persistent: true, historylength: 30, $2: true}
    members: [frank@localhost]
EOF2
}
ROOMS=(team lobby secret mod arch)
# converge P FILE WHAT: FILE (the five P rooms) on an empty server: plan
# creates them, apply, plan again shows no changes, the password room is
# protected.
converge() {
	local p=$1 f=$2 what=$3
	expect "$p: $what: plan" 0 ma plan --skip-unknown "$f"
	t_check "$SRV: $p: $what: plan creates the five rooms" test "$(grep -cE "^$p[a-z]+@$SVC +create" "$D/out")" = 5
	expect "$p: $what: apply" 0 ma apply --skip-unknown "$f"
	expect "$p: $what: plan again" 0 ma plan --skip-unknown "$f"
	out_is "$p: $what: No changes." "No changes."
	expect "$p: $what: the password room is protected" 0 ma --json info "${p}secret"
	json "$p: $what: muc_passwordprotected" '"muc_passwordprotected" in d["features"] and "muc_hidden" in d["features"]'
}
# migrate FROM TO P: the file of P rooms applied to an empty FROM,
# converged, exported with --secrets, applied to an empty TO, converged.
migrate() {
	local from=$1 to=$2 p=$3 r
	on "$from"
	converge "$p" "$D/$p.yaml" "$from"
	expect "$p: export --secrets -o" 0 ma export --secrets -o "$D/$p.$from.yaml" "${ROOMS[@]/#/$p}"
	t_check "$SRV: $p: -o creates the file 0600" test "$(stat -c %a "$D/$p.$from.yaml")" = 600
	t_check "$SRV: $p: --secrets carries the password" grep -q "^    password: s3cret$" "$D/$p.$from.yaml"
	expect "$p: export without --secrets" 0 ma export "${p}secret"
	t_check "$SRV: $p: no password without --secrets" bash -c '! grep -q s3cret "$1"' _ "$D/out"
	out_has "$p: ... but it says the room is protected" "^    passwordprotected: true$"
	on "$to"
	converge "$p" "$D/$p.$from.yaml" "$from's export on $to"
	expect "$p: members on $to" 0 ma --json members "${p}team"
	json "$p: members arrived" 'sorted(m["jid"] for m in d) == ["carol@localhost", "dave@localhost"]'
	expect "$p: outcasts on $to" 0 ma --json outcasts "${p}mod"
	json "$p: outcasts arrived" 'sorted(m["jid"] for m in d) == ["spam@localhost", "troll@localhost"]'
	expect "$p: admins on $to" 0 ma --json admins "${p}mod"
	json "$p: admins arrived" '[m["jid"] for m in d] == ["user3@localhost"]'
	expect "$p: config on $to" 0 ma --json config "${p}team"
	json "$p: config arrived" '(lambda v: v["name"] == "Team" and v["membersonly"] is True and v["allowinvites"] is False)({f["field"]: f["value"] for f in d})'
}

# --- ejabberd to Prosody --------------------------------------------------
# The file names archiving as Prosody does: ejabberd's form calls it mam.
five e muc#roomconfig_enablearchiving "$D/e.yaml"
on ejabberd
# Without --skip-unknown, ejabberd's lack of a history field is an error
# (exit 5 on apply); with it, one warning line, and the plan converges.
expect "e: plan without --skip-unknown" 0 ma plan "$D/e.yaml"
out_has "e: historylength: unknown-field" "^earch@$SVC +error +historylength .*unknown-field"
expect "e: plan --skip-unknown" 0 ma plan --skip-unknown "$D/e.yaml"
t_check "$SRV: e: one warning for the skipped field" test "$(grep -c "^mucadmin: plan: earch@$SVC: warning: historylength: skipped" "$D/err")" = 1
t_check "$SRV: e: the skipped field is no action" bash -c '! grep -q historylength "$1"' _ "$D/out"
t_check "$SRV: e: one warning for the nicks ejabberd does not keep" test "$(grep -c "warning: .*nick .*is not kept" "$D/err")" = 1
out_has "e: Prosody's name for archiving is mapped (mam)" "^earch@$SVC +config +muc#roomconfig_enablearchiving"
out_has "e: hidden is public negated" "^esecret@$SVC +config +hidden +- +yes"
out_has "e: a password turns passwordprotected on" "^esecret@$SVC +config +passwordprotected +- +yes"
migrate ejabberd prosody e
on prosody
expect "e: ejabberd's fields Prosody lacks: without --skip-unknown, exit 5" 5 ma apply "$D/e.ejabberd.yaml"
err_has "e: ... each named" "^mucadmin: apply: eteam@$SVC: unknown-field: public_list: "
expect "e: export from Prosody" 0 ma export esecret
out_has "e: Prosody says the room is protected (no switch in its form)" "^    passwordprotected: true$"
t_check "$SRV: e: and leaves the password out" bash -c '! grep -q s3cret "$1"' _ "$D/out"
cp "$D/out" "$D/e.prosody.yaml"
expect "e: that export plans No changes on Prosody" 0 ma plan "$D/e.prosody.yaml"
out_is "e: Prosody export then plan: No changes." "No changes."

# --- Prosody to ejabberd ----------------------------------------------------
# The file names archiving as ejabberd does (mam).
five p mam "$D/p.yaml"
migrate prosody ejabberd p
expect "p: the nick kept by Prosody" 0 ma --json members pteam
json "p: ejabberd keeps none (reported, converged)" 'sorted((m["jid"], m["nick"]) for m in d) == [("carol@localhost", None), ("dave@localhost", None)]'
t_done
