# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against the built-in mini server,
# over STARTTLS with its certificate checked via --cafile.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
cli_target_serve "$SD"
. "$(dirname "$0")/../cli/rooms_common.sh"

# --- plan reads every room at once, pipelined (issue 9) ------------------
# The verbose log shows the disco#info of many rooms going out before the
# first answer about a room comes back, then their muc#owner and
# muc#admin gets before the first of those is answered (read one room at
# a time, each waited for its answer: one round trip each).  disco#info
# comes first: whether a room exists is never inferred from an owner's
# form get (issue 12).
expect "pipelined plan: plan -v" 0 ma -v plan "$D/bulk2.yaml"
out_is "pipelined plan: No changes." "No changes."
t_check "$SRV: pipelined plan: many rooms' disco#info, then gets, sent before the first answer" \
	python3 -c '
import re, sys
NS = r"<query xmlns=[\"\x27]http://jabber.org/protocol/(disco#info|muc#owner|muc#admin)[\"\x27]"
infos, rooms, lists, answered = set(), set(), 0, False
for line in open(sys.argv[1]):
    recv = re.search(r"^mucadmin: recv: <iq[^>]*ybulk[^>]*>.*?" + NS, line)
    if recv and recv.group(1) != "disco#info":
        break
    answered |= recv is not None
    if not line.startswith("mucadmin: sent: "):
        continue
    # one line per write: pipelined requests share one
    for m in re.finditer(r"<iq[^>]*(ybulk[0-9]+)@[^>]*>" + NS, line):
        if m.group(2) == "disco#info" and not answered:
            infos.add(m.group(1))
        elif m.group(2) != "disco#info":
            rooms.add(m.group(1))
            lists += m.group(2) == "muc#admin"
sys.exit(0 if len(infos) >= 10 and len(rooms) >= 10 and lists >= 40 else 1)' "$D/err"

# --- plan reads only the lists the file manages (issue 19) -------------
# A file of members: a plan with nothing to change asks for the member
# lists alone; an entry that is on another list (an admin the file makes
# a member) has the others read, so the plan still says admin -> member.
printf '%s\n' "service: $SVC" "rooms:" "  - jid: ylists" "    admins: [ann@localhost]" \
	"    members: [bob@localhost]" >"$D/lists1.yaml"
printf '%s\n' "service: $SVC" "rooms:" "  - jid: ylists" \
	"    members: [bob@localhost]" >"$D/lists2.yaml"
printf '%s\n' "service: $SVC" "rooms:" "  - jid: ylists" \
	"    members: [bob@localhost, ann@localhost]" >"$D/lists3.yaml"
expect "lists: apply" 0 ma apply "$D/lists1.yaml"
expect "lists: members only, plan -v" 0 ma -v plan "$D/lists2.yaml"
out_is "lists: members only: No changes." "No changes."
t_check "$SRV: lists: members only: only the member list is asked for" \
	python3 -c '
import re, sys
affs = re.findall(r"^mucadmin: sent: <iq[^>]*ylists@[^>]*>.*muc#admin.*?affiliation=.(\w+)",
                  open(sys.argv[1]).read(), re.M)
sys.exit(0 if affs == ["member"] else 1)' "$D/err"
expect "lists: an admin the file makes a member" 0 ma --json plan "$D/lists3.yaml"
json "lists: the plan says admin -> member" '[(a["what"], a["old"], a["new"]) for a in d["actions"]] == [("ann@localhost", "admin", "member")]'

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
