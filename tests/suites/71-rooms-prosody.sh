# SPDX-License-Identifier: MIT
# Rooms as code (plan, apply, export) against Prosody 0.12, then a migration:
# rooms exported from Prosody applied to the built-in mini server.
. "$(dirname "$0")/../testlib.sh"
[ -x "$MUCADMIN" ] || t_skip "no $MUCADMIN"
PD=$(t_tmpdir)
cli_target_prosody "$PD"
. "$(dirname "$0")/../cli/rooms_common.sh"

# --- migration: export from Prosody, apply to the mini server ---------
SRV=migration
expect "export from Prosody" 0 ma export yteam ylobby
cp "$D/out" "$D/from-prosody.yaml"
SD=$(t_tmpdir)
if serve_tls_start "$SD"; then
	M=("$MUCADMIN" --server "127.0.0.1:$SERVE_PORT" --cafile "$SD/cert.pem" --timeout 60)
	expect "plan on the mini server: rooms to create" 0 ma plan "$D/from-prosody.yaml"
	out_has "the rooms are created" "^yteam@$SVC +create"
	expect "apply to the mini server" 0 ma apply "$D/from-prosody.yaml"
	expect "plan after the migration" 0 ma plan "$D/from-prosody.yaml"
	out_is "migrated: No changes." "No changes."
	expect "export from the mini server" 0 ma export yteam ylobby
	t_check "$SRV: both servers export the same rooms" \
		cmp -s "$D/out" "$D/from-prosody.yaml"
	diff "$D/from-prosody.yaml" "$D/out" | head -n 10 | sed 's/^/    /'
	sed 's/^    name: Team Three$/&\n    muc#roomconfig_nosuchfield: "1"/' \
		"$D/from-prosody.yaml" >"$D/lacking.yaml"
	expect "a field the target lacks: exit 5" 5 ma apply "$D/lacking.yaml"
	err_has "the lacking field is reported" "unknown-field: muc#roomconfig_nosuchfield: "
	serve_stop
else
	t_fail "$SRV: serve starts"
fi
t_done
