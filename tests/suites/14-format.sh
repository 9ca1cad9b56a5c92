# SPDX-License-Identifier: MIT
# The tree is in .clang-format's style: make format-check passes on it (a
# change that drifts fails here, with the files named).
. "$(dirname "$0")/../testlib.sh"
command -v clang-format >/dev/null 2>&1 || t_skip "clang-format is not installed"
out=$(make -s -C "$TOP" format-check 2>&1)
rc=$?
t_check "the C sources are formatted (make format-check)" test "$rc" = 0
[ "$rc" = 0 ] || printf '%s\n' "$out" | head -20
t_done
