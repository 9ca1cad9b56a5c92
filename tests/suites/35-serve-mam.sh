# SPDX-License-Identifier: MIT
# The room archive's paging by stanza-id (RSM after/before, the form's
# ids, after-id and before-id, flip-page), the same client against mucadmin
# serve and Prosody 0.12.3 with mod_muc_mam; the archive's bound on serve;
# serve's message moderation modes (--moderation 0, 1, off) and its bounds.
# The clients: tests/cli/mam_paging.py, tests/cli/moderation.py.
. "$(dirname "$0")/../testlib.sh"

PY=/usr/bin/python3
CLIENT=$TOP/tests/cli/mam_paging.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
D=$(t_tmpdir) || exit 1
_T_DIRS+=("$D")

# paging WHERE PORT ROOM [cap]: each of the client's checks, named WHERE
# (CLIENT: the client, mam_paging.py unless set).
paging() {
	local where=$1 line
	shift
	"$PY" "${CLIENT_PY:-$CLIENT}" "$@" >"$D/out" 2>"$D/err"
	echo "rc=$?" >>"$D/out"
	while IFS= read -r line; do
		case "$line" in
		"ok "*) t_pass "$where: ${line#ok }" ;;
		"not ok "*) t_fail "$where: ${line#not ok }" ;;
		rc=0) ;;
		*) t_fail "$where: client exits ${line#rc=}"; cat "$D/err" ;;
		esac
	done <"$D/out"
}

mkdir -p "$D/serve"
if serve_start "$D/serve" --any-password; then
	paging serve "$SERVE_PORT" pages
	paging serve "$SERVE_PORT" bounded cap
	serve_stop
	t_check "serve exits 0" [ $? = 0 ]
else
	t_fail "serve starts"
fi

for mode in 0 1 off; do
	mkdir -p "$D/serve-mod$mode"
	if serve_start "$D/serve-mod$mode" --any-password --moderation $mode; then
		CLIENT_PY=$TOP/tests/cli/moderation.py \
			paging "serve --moderation" "$SERVE_PORT" modroom@conference.localhost $mode
		serve_stop
	else
		t_fail "serve --moderation $mode starts"
	fi
done

# The library picks :1 where the room offers it (mucadmin retract).
mkdir -p "$D/serve-cli"
serve_tls_start "$D/serve-cli" --moderation 1 || t_fail "serve --moderation 1 starts (TLS)"
SRV="serve --moderation 1" PORT=$SERVE_PORT CAFILE=$D/serve-cli/cert.pem
. "$TOP/tests/cli/checks.sh"
expect "a room" 0 ma create mroom
expect "a spammer" 0 as user2 --nick spammer say mroom "buy now"
expect "its message" 0 ma --json history mroom --from spammer
ID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["messages"][0]["id"])' "$D/out")
expect "retract" 0 ma -v -y retract --reason spam mroom -- "$ID"
err_has "retract: asked the :1 way" "^mucadmin: sent: <iq .*<moderate xmlns=.urn:xmpp:message-moderate:1. id=.$ID.>"
expect "history after" 0 ma --json history mroom --from spammer
json "history: the tombstone" '[m["retracted"] for m in d["messages"]] == [True]'
serve_stop

if have_prosody; then
	mkdir -p "$D/prosody"
	if PROSODY_AUTH=insecure prosody_start "$D/prosody"; then
		paging prosody "$PROSODY_PORT" pages
	else
		t_fail "prosody starts"
	fi
elif [ "${MUCADMIN_REQUIRE_SERVERS:-0}" = 1 ]; then
	t_fail "prosody missing (MUCADMIN_REQUIRE_SERVERS=1)"
else
	echo "SKIP the Prosody half: prosody or its start.sh missing"
fi
t_done
