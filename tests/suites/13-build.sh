# SPDX-License-Identifier: MIT
# The build as a packager or a user without root runs it, in a copy of the
# tree: `make` as an unprivileged user, with apt-get, dpkg, prosody and
# ejabberd shadowed on PATH by stubs that record any call, builds with the
# build packages only and calls none of them; the packager's CPPFLAGS,
# CFLAGS and LDFLAGS reach the compiles and links (Debian's
# -D_FORTIFY_SOURCE=2) while the build's own flags stay; a missing
# pkg-config module, or no pkg-config at all, is named with its Debian
# package before anything compiles; make format-check names a file that
# drifts and make format fixes it.
. "$(dirname "$0")/../testlib.sh"
set -u
D=$(t_tmpdir)
command -v cc >/dev/null 2>&1 || t_skip "no C compiler"
SRC=$D/src
mkdir -p "$SRC" "$D/stubs" "$D/home"
tar -C "$TOP" --exclude='./build*' --exclude=./.git -cf - . | tar -C "$SRC" -xf -
for c in apt-get apt dpkg dpkg-query sudo prosody prosodyctl ejabberdctl; do
	printf '#!/bin/sh\necho "%s $*" >>%q\nexit 127\n' "$c" "$D/stub-calls" \
		>"$D/stubs/$c"
done
chmod 755 "$D/stubs"/*
: >"$D/stub-calls"
chmod 666 "$D/stub-calls"
# as_user CMD...: CMD as nobody when root (else as ourselves), with a
# clean environment and the stubs first on PATH.
as_user() {
	local run=()
	if [ "$(id -u)" = 0 ]; then
		run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	(cd "$SRC" && "${run[@]}" env -i HOME="$D/home" TMPDIR="$D/home" \
		PATH="$D/stubs:/usr/local/bin:/usr/bin:/bin" LANG=C "$@")
}
if [ "$(id -u)" = 0 ]; then
	chmod o+x "$_T_ROOT" "$D"
	chown -R 65534:65534 "$SRC" "$D/home"
fi
t_check "the build runs unprivileged" test "$(as_user id -u)" != 0 -o \
	"$(id -u)" != 0

# -O0: the quickest build; the hardening is checked on one object below.
as_user make -j2 CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS='-O0 -g0' \
	LDFLAGS=-Wl,-z,now >"$D/make.log" 2>&1
rc=$?
t_check "make builds with the build packages only (exit $rc)" test "$rc" = 0
[ "$rc" = 0 ] || tail -n 20 "$D/make.log"
t_check "make called no apt-get, dpkg, sudo, prosody or ejabberd" \
	test ! -s "$D/stub-calls"
[ -s "$D/stub-calls" ] && cat "$D/stub-calls"
t_check "the program runs" bash -c "cd '$SRC' && build/mucadmin --version >/dev/null"
grep -E '^cc .* -c -o build/obj/cli/main.o ' "$D/make.log" >"$D/cc-line"
t_check "CPPFLAGS reaches the compiles" grep -q -- ' -D_FORTIFY_SOURCE=2 ' "$D/cc-line"
t_check "CFLAGS replaces the default optimisation" \
	bash -c "grep -q -- ' -O0 -g0 ' '$D/cc-line' && ! grep -q -- ' -O2 ' '$D/cc-line'"
t_check "the build's own flags stay" \
	bash -c "grep -q -- '-std=gnu11 -Wall -Wextra ' '$D/cc-line' && grep -q -- ' -Ilibmucadmin ' '$D/cc-line'"
t_check "CPPFLAGS reaches every compile" test \
	"$(grep -E '^cc .* -c ' "$D/make.log" | grep -vc -- '-D_FORTIFY_SOURCE=2')" = 0
t_check "LDFLAGS reaches the links" \
	grep -qE '^cc .* -Wl,-z,now .*-o build/mucadmin ' "$D/make.log"
# _FORTIFY_SOURCE needs optimisation: one object made again with -O1.
rm -f "$SRC/build/obj/cli/output.o"
as_user make CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS='-O1 -g0' \
	build/obj/cli/output.o >>"$D/make.log" 2>&1
t_check "-D_FORTIFY_SOURCE=2 works: checked calls are made" \
	bash -c "nm '$SRC/build/obj/cli/output.o' | grep -q '__[a-z]*_chk'"

# A module missing: named with its package, and nothing compiled.
mkdir -p "$D/pc"
for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
	for f in "$d"/*.pc; do
		[ -e "$f" ] && [ "$(basename "$f")" != yaml-0.1.pc ] &&
			ln -sf "$f" "$D/pc/"
	done
done
as_user make clean >/dev/null 2>&1
as_user env PKG_CONFIG_LIBDIR="$D/pc" make >"$D/miss.log" 2>&1
t_check "no yaml-0.1: make fails" test $? != 0
t_check "no yaml-0.1: the module and its Debian package are named" grep -q \
	"pkg-config module 'yaml-0.1' not found (Debian package: libyaml-dev)" \
	"$D/miss.log"
t_check "no yaml-0.1: only that one is named" \
	test "$(grep -c 'not found (Debian package' "$D/miss.log")" = 1
t_check "no yaml-0.1: nothing compiled" bash -c "! grep -q '^cc ' '$D/miss.log'"
as_user make PKG_CONFIG=no-such-pkg-config >"$D/nopc.log" 2>&1
t_check "no pkg-config: make fails" test $? != 0
t_check "no pkg-config: said, with its package" grep -q \
	"no-such-pkg-config not found (Debian: apt-get install pkg-config)" "$D/nopc.log"
t_check "still no apt-get or dpkg call" test ! -s "$D/stub-calls"

# tools/deps.sh ensure, unprivileged: names what is missing, installs
# nothing, and lets make check go on (exit 0).  dpkg-query here says every
# package but zsh and prosody is installed.
mkdir -p "$D/dpkg"
printf '#!/bin/sh\ncase "$*" in *zsh* | *prosody*) exit 1 ;; esac\necho "install ok installed"\n' \
	>"$D/dpkg/dpkg-query"
chmod 755 "$D/dpkg/dpkg-query"
: >"$D/stub-calls"
as_user env PATH="$D/dpkg:$D/stubs:/usr/bin:/bin" tools/deps.sh ensure build test \
	>"$D/ensure.log" 2>&1
rc=$?
t_check "deps.sh ensure, not root: exit 0 (got $rc)" test "$rc" = 0
t_check "deps.sh ensure, not root: the apt-get line to run" \
	grep -qx '  apt-get install -y prosody prosody-modules zsh ' "$D/ensure.log"
t_check "deps.sh ensure, not root: no apt-get call" test ! -s "$D/stub-calls"
as_user env PATH="$D/dpkg:$D/stubs:/usr/bin:/bin" tools/deps.sh ensure build \
	>"$D/ensure.log" 2>&1
t_check "deps.sh ensure build: test packages are not its business" \
	test ! -s "$D/ensure.log"
as_user env PATH="$D/dpkg:$D/stubs:/usr/bin:/bin" tools/deps.sh check test \
	>/dev/null 2>&1
t_check "deps.sh check: exit 1 when some are missing" test $? = 1
t_check "deps.sh list: every set" test "$(tools/deps.sh list)" = \
	"$(tools/deps.sh list build test demo)"

if command -v clang-format >/dev/null 2>&1; then
	printf 'int f(int a){return a+1;}\n' >"$SRC/cli/zz_drift.c"
	as_user make format-check FORMAT_FILES=cli/zz_drift.c >"$D/fmt.log" 2>&1
	t_check "format-check: fails on drift" test $? != 0
	t_check "format-check: names the file" grep -qx '  cli/zz_drift.c' "$D/fmt.log"
	as_user make format FORMAT_FILES=cli/zz_drift.c >/dev/null 2>&1
	as_user make format-check FORMAT_FILES=cli/zz_drift.c >"$D/fmt.log" 2>&1
	t_check "format: then format-check passes" test $? = 0
	t_check "format: Linux braces, 4 spaces" test "$(cat "$SRC/cli/zz_drift.c")" = \
		"$(printf 'int f(int a)\n{\n    return a + 1;\n}')"
else
	echo "SKIP format: clang-format not installed"
fi
t_done
