# SPDX-License-Identifier: MIT
# Incident response (journal and undo, lockdown, history, retract) against
# the built-in mini server (tests/cli/incident.sh), admin@localhost a server
# admin, who alone re-creates a destroyed room over its tombstone.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
cli_target_serve "$SD" --admin admin@localhost
. "$(dirname "$0")/../cli/incident.sh"
t_done
