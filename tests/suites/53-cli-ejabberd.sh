# SPDX-License-Identifier: MIT
# The CLI against ejabberd 23.01: the same body as against Prosody and the
# mini server (tests/cli/common.sh), where the servers differ said so per
# server, over STARTTLS with the certificate checked through --cafile.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
ED=$(t_tmpdir)
cli_target_ejabberd "$ED"
. "$(dirname "$0")/../cli/common.sh"
t_done
