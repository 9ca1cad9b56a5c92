# SPDX-License-Identifier: MIT
# Incident response (journal and undo, lockdown, history, retract) against
# Prosody 0.12 with the room archive and message moderation of Debian's
# prosody-modules (mod_muc_mam, mod_muc_moderation): tests/cli/incident.sh.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -f /usr/lib/prosody/modules/mod_muc_moderation/mod_muc_moderation.lua ] ||
	t_skip_server "prosody-modules (mod_muc_moderation) is not installed"
export PROSODY_MUC_MODULES="muc_mam muc_moderation"
PD=$(t_tmpdir)
cli_target_prosody "$PD"
. "$(dirname "$0")/../cli/incident.sh"
t_done
