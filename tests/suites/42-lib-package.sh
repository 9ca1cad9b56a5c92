# SPDX-License-Identifier: MIT
# libmucadmin as a package: only documented mucadmin_* symbols leave the
# shared library; make install gives a header, .pc file and man page that
# an example builds against; the .pc says the PREFIX of the install; every
# place that states the version says what VERSION says.
. "$(dirname "$0")/../testlib.sh"

VERSION=$(cat "$TOP/VERSION")
SOVERSION=$(sed -n 's/^SOVERSION *= *//p' "$TOP/Makefile")
SO=$BUILD/libmucadmin.so.$SOVERSION
HDR=$TOP/libmucadmin/mucadmin.h
D=$(t_tmpdir)

nm -D --defined-only "$SO" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' |
	sed 's/@.*//' | sort >"$D/exported"
t_check "the library exports symbols" test -s "$D/exported"
t_check "only mucadmin_* is exported" \
	bash -c "! grep -v '^mucadmin_' '$D/exported'"
undocumented=0
while read -r sym; do
	grep -q "\\b$sym(" "$HDR" || { echo "not in mucadmin.h: $sym"; undocumented=1; }
done <"$D/exported"
t_check "every exported symbol is declared in mucadmin.h" test "$undocumented" = 0
grep -o '\bmucadmin_[a-z_0-9]*(' "$HDR" | tr -d '(' | sort -u >"$D/declared"
missing=$(comm -23 "$D/declared" "$D/exported")
[ -n "$missing" ] && echo "declared, not exported: $missing"
t_check "every function of mucadmin.h is exported" test -z "$missing"
t_check "SONAME is libmucadmin.so.$SOVERSION" \
	bash -c "objdump -p '$SO' | grep -q 'SONAME *libmucadmin.so.$SOVERSION\$'"

DEST=$D/root
env -u MAKEFLAGS -u MAKELEVEL make -s -C "$TOP" B="$BUILD" DESTDIR="$DEST" PREFIX=/usr/local install >"$D/install.log" 2>&1
t_check "make install DESTDIR" test $? = 0
for f in include/mucadmin.h lib/libmucadmin.so.$SOVERSION lib/libmucadmin.a \
	lib/pkgconfig/libmucadmin.pc share/man/man3/libmucadmin.3; do
	t_check "installed $f" test -e "$DEST/usr/local/$f"
done

export PKG_CONFIG_PATH=$DEST/usr/local/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$DEST
t_check "pkg-config knows libmucadmin" pkg-config --exists libmucadmin
t_check "pkg-config version is $VERSION" \
	test "$(pkg-config --modversion libmucadmin)" = "$VERSION"
# shellcheck disable=SC2046
cc ${MUCADMIN_SAN_FLAGS:-} -Wall -Wextra -o "$D/room-info" "$TOP/libmucadmin/examples/room-info.c" \
	$(pkg-config --cflags --libs libmucadmin) 2>"$D/cc.log"
t_check "an example builds against the installed header and .pc" test $? = 0
LD_LIBRARY_PATH=$DEST/usr/local/lib "$D/room-info" >/dev/null 2>"$D/usage"
t_check "the example runs with the installed library (usage, exit 2)" test $? = 2
# shellcheck disable=SC2046
cc ${MUCADMIN_SAN_FLAGS:-} -o "$D/room-info-static" "$TOP/libmucadmin/examples/room-info.c" \
	$(pkg-config --cflags libmucadmin) "$DEST/usr/local/lib/libmucadmin.a" \
	$(pkg-config --libs-only-l --static libmucadmin | sed 's/-lmucadmin//') 2>>"$D/cc.log"
t_check "an example links the static library" test $? = 0
# The example in libmucadmin(3) compiles as printed.
sed -n '/^\.SH EXAMPLE/,/^\.fi/p' "$TOP/man/libmucadmin.3" |
	sed -e '1,/^\.nf/d' -e '/^\.fi/d' -e 's/\\e/\\/g' >"$D/man-example.c"
# shellcheck disable=SC2046
cc ${MUCADMIN_SAN_FLAGS:-} -Wall -Wextra -Werror -o "$D/man-example" "$D/man-example.c" \
	$(pkg-config --cflags --libs libmucadmin) 2>>"$D/cc.log"
t_check "the example of libmucadmin(3) compiles" test $? = 0
# libmucadmin(3)'s FUNCTIONS lists exactly the functions of mucadmin.h, and
# the page names no function the header lacks.
sed -n '/^\.SH FUNCTIONS/,/^\.SH /s/^\.BR \(mucadmin_[a-z_0-9]*\) ().*/\1/p' \
	"$TOP/man/libmucadmin.3" | sort >"$D/man-listed"
t_check "libmucadmin(3) FUNCTIONS: no name twice" \
	test -z "$(uniq -d "$D/man-listed")"
diff "$D/declared" <(sort -u "$D/man-listed") >"$D/man-diff" || cat "$D/man-diff"
t_check "libmucadmin(3) FUNCTIONS lists exactly mucadmin.h's functions" \
	test ! -s "$D/man-diff"
grep -o '\bmucadmin_[a-z_0-9]* ()' "$TOP/man/libmucadmin.3" | sed 's/ ()//' |
	sort -u | comm -23 - "$D/declared" >"$D/man-stale"
[ -s "$D/man-stale" ] && echo "not in mucadmin.h: $(cat "$D/man-stale")"
t_check "libmucadmin(3) names only functions of mucadmin.h" test ! -s "$D/man-stale"
# The installed header stands alone: it has the version numbers in it.
cat >"$D/ver.c" <<'EOF'
#include <stdio.h>
#include <mucadmin.h>
#if !MUCADMIN_CHECK_VERSION(0, 2, 0)
#error "MUCADMIN_CHECK_VERSION(0, 2, 0) is false"
#endif
int main(void)
{
    printf("%d.%d.%d %s\n", MUCADMIN_VERSION_MAJOR, MUCADMIN_VERSION_MINOR,
           MUCADMIN_VERSION_PATCH, mucadmin_version());
    return 0;
}
EOF
# shellcheck disable=SC2046
cc ${MUCADMIN_SAN_FLAGS:-} -Wall -Wextra -Werror -o "$D/ver" "$D/ver.c" \
	$(pkg-config --cflags --libs libmucadmin) 2>>"$D/cc.log"
t_check "a program builds on the installed header alone" test $? = 0
LD_LIBRARY_PATH=$DEST/usr/local/lib "$D/ver" >"$D/ver.out" 2>&1
t_check "version: installed header and library call say $VERSION" \
	test "$(cat "$D/ver.out")" = "$VERSION $VERSION"
t_check "version: mucadmin --version says $VERSION" test \
	"$("$MUCADMIN" --version)" = "mucadmin $VERSION (libmucadmin $VERSION)"
for p in "$TOP"/man/*.[1-8] "$DEST"/usr/local/share/man/man*/*; do
	th=$(sed -n 's/^\.TH [^"]*"[^"]*" "\([^"]*\)".*/\1/p' "$p")
	name=${p#"$D/"}
	t_check "version: .TH of ${name#"$TOP/"} says $VERSION (else: make docs)" \
		test "${th#* }" = "$VERSION"
done
grep -qx "## mucadmin $VERSION" "$TOP/NEWS" 2>/dev/null
t_check "version: NEWS has a section for $VERSION" test $? = 0

# PREFIX=/usr at install time: the .pc says /usr (make install writes it,
# not the build, which knows no PREFIX), and a program builds with
# pkg-config against that DESTDIR install.
DEST2=$D/usr-root
env -u MAKEFLAGS -u MAKELEVEL make -s -C "$TOP" B="$BUILD" DESTDIR="$DEST2" \
	PREFIX=/usr install >"$D/install2.log" 2>&1
t_check "make install PREFIX=/usr DESTDIR" test $? = 0
PC=$DEST2/usr/lib/pkgconfig/libmucadmin.pc
t_check "the .pc says prefix=/usr" grep -qx 'prefix=/usr' "$PC"
t_check "the .pc names no /usr/local" bash -c "! grep -q /usr/local '$PC'"
t_check "the .pc is mode 644" test "$(stat -c %a "$PC")" = 644
export PKG_CONFIG_PATH=$DEST2/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$DEST2
t_check "pkg-config: libdir is /usr/lib" test \
	"$(PKG_CONFIG_SYSROOT_DIR='' pkg-config --variable=libdir libmucadmin)" = /usr/lib
# shellcheck disable=SC2046
t_check "pkg-config: -I is the DESTDIR's /usr/include" \
	test "$(echo $(pkg-config --cflags-only-I libmucadmin))" = "-I$DEST2/usr/include"
# shellcheck disable=SC2046
cc ${MUCADMIN_SAN_FLAGS:-} -Wall -Wextra -Werror -o "$D/ver2" "$D/ver.c" \
	$(pkg-config --cflags --libs libmucadmin) 2>>"$D/cc.log"
t_check "a program builds with pkg-config against the PREFIX=/usr install" \
	test $? = 0
LD_LIBRARY_PATH=$DEST2/usr/lib "$D/ver2" >"$D/ver2.out" 2>&1
t_check "it runs with the installed library" \
	test "$(cat "$D/ver2.out")" = "$VERSION $VERSION"
[ -s "$D/cc.log" ] && head -n 20 "$D/cc.log"
t_check "the man page formats" bash -c "man -l '$TOP/man/libmucadmin.3' >/dev/null 2>&1 || groff -man -Tutf8 '$TOP/man/libmucadmin.3' >/dev/null"
t_done
