# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against real ejabberd 23.01: the same
# body as suites 70 and 71, with ejabberd's differences stated in it.
. "$(dirname "$0")/../lib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
ED=$(t_tmpdir)
cli_target_ejabberd "$ED"
. "$(dirname "$0")/../cli/rooms_common.sh"
t_done
