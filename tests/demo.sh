#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make demo: a real session against a real server, narrated.
. "$(dirname "$0")/lib.sh"
set -e
echo "mucadmin demo: nothing to show yet beyond help."
"$MUCADMIN" help
