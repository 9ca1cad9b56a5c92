# SPDX-License-Identifier: MIT
# libmucadmin as a package: only documented mucadmin_* symbols leave the
# shared library; make install gives a header, .pc file and man page that
# an example builds against.
. "$(dirname "$0")/../lib.sh"

SO=$BUILD/libmucadmin.so.0
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
t_check "SONAME is libmucadmin.so.0" \
	bash -c "objdump -p '$SO' | grep -q 'SONAME *libmucadmin.so.0'"

DEST=$D/root
make -s -C "$TOP" B="$BUILD" DESTDIR="$DEST" PREFIX=/usr/local install >"$D/install.log" 2>&1
t_check "make install DESTDIR" test $? = 0
for f in include/mucadmin.h lib/libmucadmin.so.0 lib/libmucadmin.a \
	lib/pkgconfig/libmucadmin.pc share/man/man3/libmucadmin.3; do
	t_check "installed $f" test -e "$DEST/usr/local/$f"
done

export PKG_CONFIG_PATH=$DEST/usr/local/lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$DEST
t_check "pkg-config knows libmucadmin" pkg-config --exists libmucadmin
want=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
t_check "pkg-config version is $want" \
	test "$(pkg-config --modversion libmucadmin)" = "$want"
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
t_check "the man page formats" bash -c "man -l '$TOP/man/libmucadmin.3' >/dev/null 2>&1 || groff -man -Tutf8 '$TOP/man/libmucadmin.3' >/dev/null"
t_done
