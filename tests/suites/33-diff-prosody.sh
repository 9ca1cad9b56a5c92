# SPDX-License-Identifier: MIT
# Differential: the client flows of tests/diff/ (slixmpp, and go-sendxmpp
# as a second stack) against real Prosody 0.12 and against mucadmin serve;
# every difference between the normalized transcripts must be listed in
# tests/diff/allowlist.  Prosody also runs twice against itself, so that
# whatever changes from one run to the next is normalized away.
. "$(dirname "$0")/../testlib.sh"
. "$TOP/tests/diff/diff.sh"

[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
miss=$(diff_missing)
# shellcheck disable=SC2086
[ -z "$miss" ] || t_skip_server "missing:" $miss
D=$(t_tmpdir)
ALLOW=$DIFF_DIR/allowlist
CMP=("$DIFF_PY" "$DIFF_DIR/compare.py")

ok=1
prosody_start "$D/srv-p1" >/dev/null && P1=("$PROSODY_PORT" "$PROSODY_CAFILE") || ok=
prosody_start "$D/srv-p2" >/dev/null && P2=("$PROSODY_PORT" "$PROSODY_CAFILE") || ok=
mkdir "$D/srv-serve" && diff_serve "$D/srv-serve" || ok=
[ -n "$ok" ] || { t_fail "Prosody twice and serve start"; t_done; exit 1; }
diff_flows prosody "${P1[@]}" "$D/prosody"
diff_flows prosody2 "${P2[@]}" "$D/prosody2"
diff_flows serve "$SERVE_PORT" "$SERVE_CAFILE" "$D/serve"
diff_wait "$D/prosody" "$D/prosody2" "$D/serve"
prosody_stop "$D/srv-p1"
prosody_stop "$D/srv-p2"
serve_stop

# check NAME FILE CMD...: t_check, and on failure FILE (less its PASS lines).
check() {
	local name=$1 show=$2
	shift 2
	if "$@"; then t_pass "$name"; else t_fail "$name"; grep -v '^PASS' "$show"; fi
}
for s in prosody prosody2 serve; do
	check "run.py against $s: exit 0" "$D/$s.log" [ "$(cat "$D/$s.rc")" = 0 ]
done
grep -h '^!! ' "$D"/prosody/*.txt >"$D/stopped"
check "every flow runs to its end on Prosody" "$D/stopped" [ ! -s "$D/stopped" ]

# Prosody against itself, nothing allowed: the normalization is complete.
"${CMP[@]}" "$D/prosody" "$D/prosody2" /dev/null >"$D/self.out" 2>&1
check "Prosody against Prosody: no difference" "$D/self.out" [ $? = 0 ]

# serve against Prosody: one result per flow, the differences shown.
"${CMP[@]}" "$D/prosody" "$D/serve" "$ALLOW" >"$D/cmp.out" 2>&1
rc=$?
check "compare.py reads the allowlist" "$D/cmp.out" [ "$rc" != 2 ]
n=0
while IFS= read -r line; do
	case "$line" in
	"PASS flow "*) t_pass "diff ${line#PASS flow }"; n=$((n + 1)) ;;
	"FAIL flow "*) t_fail "diff ${line#FAIL flow }: serve differs from Prosody"; n=$((n + 1)) ;;
	"NOTE "*) t_fail "$line" ;;
	"  "*) echo "$line" ;;
	esac
done <"$D/cmp.out"
flows=("$D"/prosody/*.txt)
t_check "every flow compared" [ "$n" = "${#flows[@]}" ]
tail -n 1 "$D/cmp.out"

# The comparison itself: a changed stanza fails, an untagged rule is refused.
cp -r "$D/serve" "$D/tampered"
sed -i "0,/role='participant'/s//role='visitor'/" "$D/tampered/nick.txt"
"${CMP[@]}" "$D/prosody" "$D/tampered" "$ALLOW" nick >"$D/neg.out" 2>&1
t_check "a changed role: exit 1" [ $? = 1 ]
t_check "a changed role: the flow fails" grep -qx "FAIL flow nick" "$D/neg.out"
t_check "a changed role: both lines shown" \
	grep -q "^    + .*role='visitor'" "$D/neg.out"
printf 'skip * * *\n' >"$D/untagged"
"${CMP[@]}" "$D/prosody" "$D/serve" "$D/untagged" >"$D/untagged.out" 2>&1
t_check "a rule without pending/permanent tag: exit 2" [ $? = 2 ]
printf '# permanent: x\nsub * * * ((\n' >"$D/badre"
"${CMP[@]}" "$D/prosody" "$D/serve" "$D/badre" >"$D/badre.out" 2>&1
t_check "a bad regex: exit 2" [ $? = 2 ]
t_check "every allowlist entry says pending or permanent" \
	"$DIFF_PY" -c 'import re, sys
para = []
for line in open(sys.argv[1]).read().split("\n\n"):
    rules = [x for x in line.splitlines() if x.strip() and not x.startswith("#")]
    if rules and not re.match(r"# (pending: #\d+ item \d|permanent: )", line.lstrip()):
        sys.exit("untagged: %s" % line)' "$ALLOW"
# The normalizer: a server's random id that happens to start with "f-"
# is still numbered (it once passed as a flow's own id: 1 in 4096).
t_check "normalize: a random id starting with f- is numbered, a flow's id kept" \
	env PYTHONPATH="$DIFF_DIR" "$DIFF_PY" -c 'import normalize
n = normalize.Normalizer()
assert n.opaque("f-DQGy5WxtxPZtSrDozlN8ZZ", "arc") == "{arc1}"
assert n.opaque("f-s3") == "f-s3" and n.opaque("sync-12") == "sync-12"
assert n.opaque("f-DQGy5WxtxPZtSrDozlN8ZZ", "arc") == "{arc1}"'
t_done
