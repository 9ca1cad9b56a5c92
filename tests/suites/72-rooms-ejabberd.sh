# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against real ejabberd 23.01: the same
# body as suites 70 and 71, with ejabberd's differences stated in it.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
ED=$(t_tmpdir)
cli_target_ejabberd "$ED"
. "$(dirname "$0")/../cli/rooms_common.sh"

# --- a missing room is asked about with disco#info (issue 12) -----------
# ejabberd answers an owner's form get to a missing room by creating a
# temporary room (its log says "Created MUC room"), and drops the list
# gets pipelined to it while it goes (plan timed out: "no answer to
# request mca2", exit 4).  Neither plan nor export may do that.
printf 'rooms:\n  - jid: ynever@%s\n    config: {name: Never}\n    members: [a@localhost]\n' \
	"$SVC" >"$D/never.yaml"
expect "a missing room: plan" 0 ma plan "$D/never.yaml"
out_has "a missing room: create" "^ynever@$SVC +create"
expect "a missing room: export" 1 ma export ynever
err_has "a missing room: export says item-not-found" "^mucadmin: export: ynever@$SVC: item-not-found: "
t_check "$SRV: a missing room: no temporary room made for it" \
	bash -c '! grep -q "Created MUC room ynever@" "$1"' _ "$EJABBERD_LOG"
t_check "$SRV: ... (the log is the one that says so)" \
	grep -q "Created MUC room yteam@$SVC" "$EJABBERD_LOG"
t_done
