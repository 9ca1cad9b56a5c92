# SPDX-License-Identifier: MIT
# libmucadmin against ejabberd 23.01: the same drivers and body as against
# Prosody (tests/lib/drivers.sh); where the servers differ, the drivers
# say so per server (--server ejabberd).
. "$(dirname "$0")/../testlib.sh"
have_ejabberd || t_skip_server "ejabberd is not installed"
. "$(dirname "$0")/../lib/drivers.sh"
lib_drivers ejabberd
t_done
