# SPDX-License-Identifier: MIT
# Man pages: the committed man/mucadmin.1 is what man/mucadmin.1.in and the
# command table give (make docs), every page renders without a groff
# warning, the pages cover what they must, and make install puts them (and
# the completion scripts) where they belong.
. "$(dirname "$0")/../testlib.sh"
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
# The EXAMPLES of mucadmin(1), taken from man/mucadmin.1.in and run as
# written against serve (domain example.org), account "work" the default.
EX=$D/examples
mkdir -p "$EX/bin" "$EX/xdg/mucadmin"
ln -s "$MUCADMIN" "$EX/bin/mucadmin"
sed -n '/^\.SH EXAMPLES$/,/^\.SH [^E]/p' "$MAN/mucadmin.1.in" |
	sed -n '/^\.nf$/,/^\.fi$/p' | sed -e '/^\./d' -e 's/\\-/-/g' \
	-e 's/\\e/\\/g' >"$EX/examples.sh"
t_check "EXAMPLES: extracted" grep -q '| mucadmin -a work$' "$EX/examples.sh"
t_check "EXAMPLES: no groff escape left" \
	sh -c "! grep -qE '\\\\[-e(]' '$EX/examples.sh'"
if serve_start "$EX" --tls off --domain example.org \
	--user admin@example.org:pw; then
	cat >"$EX/xdg/mucadmin/config.yaml" <<EOF
default: work
accounts:
  work:
    jid: admin@example.org
    server: 127.0.0.1:$SERVE_PORT
    tls: plaintext
EOF
	printf 'bob@example.org\ncarol@example.org\n' >"$EX/people.txt"
	printf 'use team\nconfig name="Set up"\n' >"$EX/setup.txt"
	(cd "$EX" && PATH=$EX/bin:$PATH XDG_CONFIG_HOME=$EX/xdg \
		MUCADMIN_PASSWORD=pw bash -e -o pipefail examples.sh) \
		</dev/null >"$EX/out" 2>"$EX/err"
	rc=$?
	t_check "EXAMPLES: all run, exit 0 (got $rc)" [ $rc = 0 ]
	[ $rc = 0 ] || head -n 5 "$EX/err" | sed 's/^/    /'
	t_check "EXAMPLES: the piped shell added ann" \
		grep -q '^added 1 member to team@conference.example.org$' "$EX/out"
	t_check "EXAMPLES: stdin's JIDs added" \
		grep -q '^added 2 members to team@conference.example.org$' "$EX/out"
	t_check "EXAMPLES: setup.txt ran" \
		grep -q "^configured team@conference.example.org: 1 field changed$" "$EX/out"
	serve_stop
else
	t_fail "EXAMPLES: serve starts"
fi
t_done
