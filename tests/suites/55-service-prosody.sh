# SPDX-License-Identifier: MIT
# Service-wide administration against Prosody 0.12 (admin@localhost is in
# its admins): hidden rooms through its muc#destroy command's options.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
PD=$(t_tmpdir)
cli_target_prosody "$PD"
. "$(dirname "$0")/../cli/service_common.sh"
t_done
