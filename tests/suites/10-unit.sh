# SPDX-License-Identifier: MIT
# Unit tests: every build/tests/* program (no network).
. "$(dirname "$0")/../testlib.sh"
for t in "$BUILD"/tests/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$("$t" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ "$rc" = 0 ] && [[ "$line" == *" passed, 0 failed"* ]]; then
		t_pass "$name: $line"
	else
		printf '%s\n' "$out"
		t_fail "$name (exit $rc)"
	fi
done
t_done
