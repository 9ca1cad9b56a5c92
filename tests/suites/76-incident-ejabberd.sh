# SPDX-License-Identifier: MIT
# Incident response (journal and undo, lockdown, history, retract) against
# ejabberd 23.01: mod_mam archives rooms, and there is no message
# moderation (retract says so): tests/cli/incident.sh.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
ED=$(t_tmpdir)
cli_target_ejabberd "$ED"
. "$(dirname "$0")/../cli/incident.sh"
t_done
