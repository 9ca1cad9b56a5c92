#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/diff/both.sh - run flows against a fresh Prosody and a fresh serve
# and compare the transcripts (see README).
#
#   tests/diff/both.sh [-k DIR] [FLOW...]
#
# -k DIR keeps both transcripts in DIR/prosody and DIR/serve.  Exit 0 when
# every difference is allowlisted, 1 otherwise, 77 when something it needs
# is missing.
. "$(dirname "$0")/../testlib.sh"
. "$TOP/tests/diff/diff.sh"
KEEP=
if [ "${1:-}" = -k ]; then KEEP=$2; shift 2; fi
miss=$(diff_missing)
[ -z "$miss" ] || { echo "SKIP missing:" $miss; exit 77; }
[ -x "$MUCADMIN" ] || { echo "SKIP no $MUCADMIN (make first)"; exit 77; }
if [ -n "$KEEP" ]; then
	rm -rf "$KEEP/prosody" "$KEEP/serve" "$KEEP/srv-prosody" "$KEEP/srv-serve"
	mkdir -p "$KEEP" && OUT=$(cd "$KEEP" && pwd -P)
else
	OUT=$(t_tmpdir)
fi
diff_run "$OUT" "$@" || exit 1
for s in prosody serve; do
	[ "$(cat "$OUT/$s.rc")" = 0 ] || { echo "run.py against $s failed:"; cat "$OUT/$s.log"; exit 1; }
	grep -v '^Using slower stringprep' "$OUT/$s.log" | sed "s/^/$s: /"
done
"$DIFF_PY" "$DIFF_DIR/compare.py" "$OUT/prosody" "$OUT/serve" "$DIFF_DIR/allowlist" "$@"
