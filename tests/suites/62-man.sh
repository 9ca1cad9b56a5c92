# SPDX-License-Identifier: MIT
# Man pages: the committed man/mucadmin.1 is what man/mucadmin.1.in and the
# command table give (make docs), every page renders without a groff
# warning, the pages cover what they must, and make install puts them (and
# the completion scripts) where they belong.
. "$(dirname "$0")/../lib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
D=$(t_tmpdir)
MAN=$TOP/man

# The command list regenerated here, as the Makefile does.
"$MUCADMIN" __man-commands >"$D/cmds"
version=$("$MUCADMIN" --version | sed -n 's/^mucadmin \([^ ]*\) .*/\1/p')
sed -e "/^@COMMANDS@\$/{r $D/cmds" -e 'd}' -e "s/@VERSION@/$version/g" \
	"$MAN/mucadmin.1.in" >"$D/mucadmin.1"
if cmp -s "$D/mucadmin.1" "$MAN/mucadmin.1"; then
	t_pass "man/mucadmin.1 is up to date with the table"
else
	t_fail "man/mucadmin.1 is up to date with the table (run 'make docs')"
	diff -u "$MAN/mucadmin.1" "$D/mucadmin.1" | head -n 20 | sed 's/^/    /'
fi
if [ -f "$BUILD/man/mucadmin.1" ]; then
	t_check "the build's man page is the committed one" \
		cmp -s "$BUILD/man/mucadmin.1" "$MAN/mucadmin.1"
fi

if command -v groff >/dev/null 2>&1; then
	for p in "$MAN"/*.[1-8]; do
		groff -man -ww -z "$p" >"$D/groff" 2>&1
		rc=$?
		t_check "groff -man -ww: $(basename "$p") renders cleanly" \
			[ $rc = 0 ] && [ ! -s "$D/groff" ]
		[ -s "$D/groff" ] && head -n 5 "$D/groff" | sed 's/^/    /'
	done
else
	t_fail "groff is installed (tools/deps.sh lists it)"
fi

# What the pages must cover.
for s in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" SHELL \
	COMPLETION ACCOUNTS "JSON OUTPUT" "EXIT STATUS" ENVIRONMENT EXAMPLES \
	FILES "SEE ALSO"; do
	t_check "mucadmin(1) has $s" grep -qx "\.SH $s" "$MAN/mucadmin.1"
done
for c in $("$MUCADMIN" __man-commands | sed -n 's/^\.B \([^ ]*\).*/\1/p'); do
	t_check "mucadmin(1) lists $c" grep -q "^\.B $c\b" "$MAN/mucadmin.1"
done
t_check "mucadmin(1) leaves hidden commands out" \
	sh -c "! grep -q '^\.B __' '$MAN/mucadmin.1'"
groff -man -Tascii -P-cbou "$MAN/mucadmin-serve.1" >"$D/serve.txt" 2>/dev/null
for o in $("$MUCADMIN" help serve | sed -n 's/^  --\([a-z-]*\).*/\1/p'); do
	t_check "mucadmin-serve(1) has --$o" grep -q -- "--$o\b" "$D/serve.txt"
done
t_check "libmucadmin(3) exists" test -s "$MAN/libmucadmin.3"

# make install: man pages and completions in the usual places.
env -u MAKEFLAGS -u MAKELEVEL make -s -C "$TOP" B="$BUILD" \
	DESTDIR="$D/inst" PREFIX=/usr install >"$D/install.log" 2>&1
t_check "make install" [ $? = 0 ]
for f in share/man/man1/mucadmin.1 share/man/man1/mucadmin-serve.1 \
	share/man/man3/libmucadmin.3 \
	share/bash-completion/completions/mucadmin \
	share/zsh/site-functions/_mucadmin \
	share/fish/vendor_completions.d/mucadmin.fish; do
	t_check "installed: /usr/$f" test -s "$D/inst/usr/$f"
done
t_check "the installed mucadmin(1) is the committed one" \
	cmp -s "$D/inst/usr/share/man/man1/mucadmin.1" "$MAN/mucadmin.1"
t_done
