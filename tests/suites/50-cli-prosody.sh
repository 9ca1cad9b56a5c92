# SPDX-License-Identifier: MIT
# The CLI against Prosody 0.12: every command, its JSON, its exit codes,
# STARTTLS with the certificate checked through --cafile.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
PD=$(t_tmpdir)
cli_target_prosody "$PD"
. "$(dirname "$0")/../cli/common.sh"
t_done
