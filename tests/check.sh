#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/check.sh - run every suite in tests/suites/ (or those named in
# $SUITES, e.g. SUITES="10-unit 20-scansion-prosody"), sum their closing
# "N passed, N failed" lines and print the total the same way.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd -P)
LOGS=${BUILD:-$TOP/build}/test-logs
mkdir -p "$LOGS"
total_p=0 total_f=0 bad=0

for s in "$TOP"/tests/suites/*.sh; do
	name=$(basename "$s" .sh)
	if [ -n "${SUITES:-}" ] && ! [[ " $SUITES " == *" $name "* ]]; then
		continue
	fi
	echo "== $name"
	bash "$s" 2>&1 | tee "$LOGS/$name.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$LOGS/$name.log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $name: no summary line (exit $rc)"
		total_f=$((total_f + 1))
		continue
	fi
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: exit $rc"
		total_f=$((total_f + 1))
	fi
done
echo "total: $total_p passed, $total_f failed"
[ "$total_f" = 0 ]
