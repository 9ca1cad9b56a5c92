# SPDX-License-Identifier: MIT
# Service-wide administration against the mini server, admin@localhost its
# --admin: hidden rooms through the destroy command, as Prosody does.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
SD=$(t_tmpdir)
cli_target_serve "$SD" --admin admin@localhost
. "$(dirname "$0")/../cli/service_common.sh"
t_done
