# SPDX-License-Identifier: MIT
# Service-wide administration against ejabberd 23.01 (admin@localhost in
# its admin ACL): discovery shows it hidden rooms; RSM pages of 100.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
ED=$(t_tmpdir)
cli_target_ejabberd "$ED"
. "$(dirname "$0")/../cli/service_common.sh"

# More than 100 rooms: ejabberd then lists only occupied ones unless asked
# with RSM, and pages at most 100 at a time (asked for more, it skips the
# first ones).
for i in $(seq -w 1 105); do echo "create pg$i"; done >"$D/many.txt"
expect "105 more rooms" 0 ma -q shell "$D/many.txt"
expect "rooms --all -v: RSM pages" 0 as admin --json -v rooms --all --match 'pg*'
json "rooms --all: all 105" \
	'sorted(r["jid"] for r in d) == ["pg%03d@'$SVC'" % i for i in range(1, 106)]'
t_check "$SRV: pages of 100 asked with <max/>" \
	grep -q 'sent: <iq [^>]*><query xmlns="http://jabber.org/protocol/disco#items"><set xmlns="http://jabber.org/protocol/rsm"><max>100</max><after>' "$D/err"
t_done
