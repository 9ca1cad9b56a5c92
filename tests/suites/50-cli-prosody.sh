# SPDX-License-Identifier: MIT
# The CLI against Prosody 0.12: every command, its JSON, its exit codes,
# STARTTLS with the certificate checked through --cafile.
. "$(dirname "$0")/../lib.sh"
have_prosody || t_skip "prosody is not installed"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
PD=$(t_tmpdir)
prosody_start "$PD/prosody" || { t_fail "prosody starts"; t_done; exit 1; }
SRV=prosody
PORT=$PROSODY_PORT
CAFILE=$PROSODY_CAFILE
. "$(dirname "$0")/../cli/common.sh"
t_done
