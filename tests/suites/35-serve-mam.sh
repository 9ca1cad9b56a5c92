# SPDX-License-Identifier: MIT
# The room archive's paging by stanza-id (RSM after/before, the form's
# ids, after-id and before-id, flip-page), the same client against mucadmin
# serve and Prosody 0.12.3 with mod_muc_mam; the archive's bound on serve.
# The client: tests/cli/mam_paging.py.
. "$(dirname "$0")/../testlib.sh"

PY=/usr/bin/python3
CLIENT=$TOP/tests/cli/mam_paging.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
D=$(t_tmpdir) || exit 1
_T_DIRS+=("$D")

# paging WHERE PORT ROOM [cap]: each of the client's checks, named WHERE.
paging() {
	local where=$1 line
	shift
	"$PY" "$CLIENT" "$@" >"$D/out" 2>"$D/err"
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
