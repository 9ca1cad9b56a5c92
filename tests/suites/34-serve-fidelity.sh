# SPDX-License-Identifier: MIT
# mucadmin serve against Prosody 0.12.3 where no scansion script reaches:
# the login a client sees (STARTTLS required with a real certificate,
# Prosody's SASL offer, in-band password change) and the MUC service's
# options (restrict_room_creation, muc_room_lock_timeout, the
# muc_room_default_* settings).  The same flow (tests/cli/fidelity.py) runs
# on both; its checks hold on each and its normalised answers must match.
. "$(dirname "$0")/../testlib.sh"

PY=/usr/bin/python3
FLOW=$TOP/tests/cli/fidelity.py
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
[ -x "$PY" ] || t_skip "no $PY"
have_prosody || t_skip_server "prosody is not installed"
D=$(t_tmpdir) || exit 1

t_cert_into "$D" key.pem cert.pem || t_skip "openssl cannot make a certificate"
USERS=()
for u in user user2 user3 admin; do USERS+=(--user "$u@localhost:password"); done

# The options both servers get: Prosody's names, serve's flags.
DEFAULTS="public=true persistent=true members_only=true
allow_member_invites=true moderated=true public_jids=true change_subject=true
history_length=5 language=de presence_broadcast=moderator,participant"
SERVE_OPTS=(--admin admin@localhost --room-lock-timeout 3
	--restrict-room-creation admin)
for kv in $DEFAULTS; do SERVE_OPTS+=(--room-default "$kv"); done
PROSODY_LUA="	muc_room_lock_timeout = 3
	muc_room_default_public = true
	muc_room_default_persistent = true
	muc_room_default_members_only = true
	muc_room_default_allow_member_invites = true
	muc_room_default_moderated = true
	muc_room_default_public_jids = true
	muc_room_default_change_subject = true
	muc_room_default_history_length = 5
	muc_room_default_language = \"de\"
	muc_room_default_presence_broadcast = { moderator = true; participant = true }"

# flow WHO NAME PORT CAFILE: the flow NAME (up to a '-': create-local
# runs create); its lines in $D/WHO-NAME.
flow() {
	local out=$D/$1-$2
	if "$PY" "$FLOW" "${2%%-*}" "$3" "$4" >"$out" 2>"$out.err"; then
		t_pass "$2 on $1"
	else
		t_fail "$2 on $1"
		cat "$out.err"
	fi
}

# --- serve: --cert without --tls, then the MUC options.
t_check "--room-default with an unknown key: exit 2" sh -c \
	'"$0" serve --port 0 --room-default colour=red 2>/dev/null; [ $? = 2 ]' \
	"$MUCADMIN"
t_check "--room-default with a bad value: exit 2" sh -c \
	'"$0" serve --port 0 --room-default history_length=-1 2>/dev/null; [ $? = 2 ]' \
	"$MUCADMIN"
t_check "--room-lock-timeout 0: exit 2" sh -c \
	'"$0" serve --port 0 --room-lock-timeout 0 2>/dev/null; [ $? = 2 ]' \
	"$MUCADMIN"
t_check "--restrict-room-creation maybe: exit 2" sh -c \
	'"$0" serve --port 0 --restrict-room-creation maybe 2>/dev/null; [ $? = 2 ]' \
	"$MUCADMIN"
mkdir -p "$D/s1" "$D/s2"
if serve_start "$D/s1" --cert "$D/cert.pem" --key "$D/key.pem" "${USERS[@]}"; then
	flow serve login "$SERVE_PORT" "$D/cert.pem"
	serve_stop
else
	t_fail "serve starts with --cert"
fi
if serve_start "$D/s2" --cert "$D/cert.pem" --key "$D/key.pem" "${USERS[@]}" \
	"${SERVE_OPTS[@]}"; then
	flow serve options "$SERVE_PORT" "$D/cert.pem"
	serve_stop
else
	t_fail "serve starts with the MUC options"
fi

# restrict_room_creation's other values: local (users of the parent
# domain and admins), true (admins).
for v in local true; do
	mkdir -p "$D/s-$v"
	if serve_start "$D/s-$v" --cert "$D/cert.pem" --key "$D/key.pem" \
		"${USERS[@]}" --admin admin@localhost --restrict-room-creation "$v"; then
		flow serve "create-$v" "$SERVE_PORT" "$D/cert.pem"
		serve_stop
	else
		t_fail "serve starts with --restrict-room-creation $v"
	fi
done

# --- Prosody: start.sh's set-up (STARTTLS required, accounts), then the
# same options added to its MUC component and the module reloaded.
if prosody_start "$D/p1"; then
	flow prosody login "$PROSODY_PORT" "$PROSODY_CAFILE"
	prosody_stop "$D/p1"
else
	t_fail "prosody starts"
fi
# shellcheck disable=SC2030,SC2031
if PROSODY_RESTRICT_ROOM_CREATION=admin prosody_start "$D/p2"; then
	# The MUC component is the configuration's last section.
	printf '%s\n' "$PROSODY_LUA" >>"$PROSODY_CONFIG"
	if prosodyctl --config "$PROSODY_CONFIG" shell "config:reload()" \
		>"$D/p2.reload" 2>&1 &&
		prosodyctl --config "$PROSODY_CONFIG" shell \
			'module:reload("muc", "conference.localhost")' \
			>>"$D/p2.reload" 2>&1; then
		flow prosody options "$PROSODY_PORT" "$PROSODY_CAFILE"
	else
		t_fail "prosody takes the MUC options"
		cat "$D/p2.reload"
	fi
	prosody_stop "$D/p2"
else
	t_fail "prosody starts (restrict_room_creation admin)"
fi

for v in local true; do
	# shellcheck disable=SC2030,SC2031
	if PROSODY_RESTRICT_ROOM_CREATION=$v prosody_start "$D/p-$v"; then
		flow prosody "create-$v" "$PROSODY_PORT" "$PROSODY_CAFILE"
		prosody_stop "$D/p-$v"
	else
		t_fail "prosody starts (restrict_room_creation $v)"
	fi
done
t_check "restrict local: a local user creates" \
	grep -q "^user2: created" "$D/serve-create-local"
t_check "restrict true: only admins create" \
	grep -q "^user2: refused ('cancel', 'not-allowed'" "$D/serve-create-true"

for s in login options create-local create-true; do
	if diff "$D/prosody-$s" "$D/serve-$s" >"$D/$s.diff"; then
		t_pass "$s: serve answers as Prosody"
	else
		t_fail "$s: serve differs from Prosody (< Prosody, > serve)"
		cat "$D/$s.diff"
	fi
done
t_done
