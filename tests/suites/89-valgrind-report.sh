# SPDX-License-Identifier: MIT
# With VALGRIND=1 (make check VALGRIND=1): the valgrind reports that the
# CLI commands of the earlier suites left must hold no error and no
# definite leak.  Without it, nothing to check.
# check: alone (it reads the reports the other suites left)
. "$(dirname "$0")/../testlib.sh"
set -u

[ -n "${MUCADMIN_VALGRIND:-}" ] || t_skip "not a VALGRIND=1 run"
logs=${MUCADMIN_VALGRIND_LOGS:?}
n=$(find "$logs" -name 'vg.*.log' 2>/dev/null | wc -l)
t_check "commands ran under valgrind ($n reports)" test "$n" -gt 0
bad=$(find "$logs" -name 'vg.*.log' -size +0 2>/dev/null)
t_check "no memory error and no definite leak in any report" test -z "$bad"
for f in $bad; do
	echo "== $f"
	head -n 40 "$f"
done
t_done
