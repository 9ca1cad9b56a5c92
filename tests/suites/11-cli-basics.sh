# SPDX-License-Identifier: MIT
# The CLI's table-driven basics: help, version, usage errors, the man page.
. "$(dirname "$0")/../testlib.sh"
D=$(t_tmpdir)

"$MUCADMIN" --version >"$D/v" 2>&1
t_check "--version exits 0" [ $? = 0 ]
t_check "--version names both versions" grep -qE '^mucadmin [0-9.]+ \(libmucadmin [0-9.]+\)$' "$D/v"

"$MUCADMIN" help >"$D/h" 2>&1
t_check "help exits 0" [ $? = 0 ]
# Every visible command of the table is listed by help and in the man page.
for c in $("$MUCADMIN" __man-commands | sed -n 's/^\.B \([^ ]*\).*/\1/p'); do
	t_check "help lists $c" grep -qE "^  $c " "$D/h"
	t_check "man page lists $c" grep -q "^\.B $c" "$BUILD/man/mucadmin.1"
	"$MUCADMIN" help "$c" >"$D/hc" 2>&1
	t_check "help $c" grep -q "^usage: mucadmin $c" "$D/hc"
done

"$MUCADMIN" help no-such-command >"$D/e" 2>&1
t_check "help of an unknown command exits 2" [ $? = 2 ]
t_check "help of an unknown command says so" grep -q "^mucadmin: help: 'no-such-command' is not a command" "$D/e"

"$MUCADMIN" frobnicate >"$D/e" 2>&1
t_check "unknown command exits 2" [ $? = 2 ]
# No command, input from a terminal, output not to one: usage (a piped
# stdin is a shell script, suite 60).
python3 "$TOP/tests/cli/onterm.py" -- sh -c '"$1" >"$2" 2>&1' _ \
	"$MUCADMIN" "$D/e" >/dev/null
t_check "no command exits 2 with usage" [ $? = 2 ]
t_check "no command prints usage" grep -q '^usage: mucadmin' "$D/e"
"$MUCADMIN" version --no-such-option >"$D/e" 2>&1
t_check "unknown option exits 2" [ $? = 2 ]
t_check "unknown option is named" grep -q "unknown option '--no-such-option'" "$D/e"
"$MUCADMIN" version extra >"$D/e" 2>&1
t_check "too many arguments exits 2" [ $? = 2 ]
"$MUCADMIN" --timeout abc version >"$D/e" 2>&1
t_check "bad --timeout exits 2" [ $? = 2 ]
t_done
