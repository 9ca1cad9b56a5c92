# SPDX-License-Identifier: MIT
# libmucadmin against Prosody: connection statuses, every room operation,
# a 1,000-change batch, the examples, and a connection lost mid-batch
# (the body, tests/lib/drivers.sh, is the one 43-lib-ejabberd runs).
. "$(dirname "$0")/../testlib.sh"
have_prosody || t_skip_server "prosody is not installed"
. "$(dirname "$0")/../lib/drivers.sh"
lib_drivers prosody
t_done
