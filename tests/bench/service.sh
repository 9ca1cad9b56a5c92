# SPDX-License-Identifier: MIT
# tests/bench/service.sh - service-wide administration (issue 17), sourced
# by run.sh's main: the inventory with vital signs (rooms --all --long)
# against a raw floor doing the same disco requests pipelined
# (discofloor.py) and against one request at a time (a shell script: the
# inventory alone, then an info line a room); whereis and ban --everywhere against their floors (the
# same list reads and sets, pipelined).  BENCH_SVC_ROOMS rooms (10,000)
# on the mini server for the inventory, BENCH_SVC_SMALL (1,000) on the
# mini server and on Prosody 0.12 for everything.  Prosody answers these
# at about 100 requests a second (it keeps 100 rooms in memory, and loads
# and evicts the others for each request), so its rounds take minutes:
# BENCH_SVC_PROSODY_REPS (1) of them.  Runs by default, or when BENCH_ONLY
# names service.
[ -z "${BENCH_ONLY:-}" ] || wants service || return 0

if [ "$QUICK" = 1 ]; then
	SVC_N=${BENCH_SVC_ROOMS:-20} SVC_SMALL=${BENCH_SVC_SMALL:-10}
else
	SVC_N=${BENCH_SVC_ROOMS:-10000} SVC_SMALL=${BENCH_SVC_SMALL:-1000}
fi
SVC_PREPS=${BENCH_SVC_PROSODY_REPS:-1}

# floor_cmd KEY CMD...: run the floor CMD, add the time it measured itself.
floor_cmd() {
	local key=$1
	shift
	if "$@" >"$OUT/log/$key.last" 2>>"$OUT/log/$key.err"; then
		cat "$OUT/log/$key.last" >>"$OUT/log/$key.out"
		add_sample "$key" "$(kv "$OUT/log/$key.last" seconds)"
	else
		echo "run failed (exit $?): $*" >>"$OUT/log/$key.err"
	fi
}

# svc_round KEY PORT FULL ROUND: one repetition of every measurement (FULL
# 0: the inventory ones only), interleaved so that load hits them alike.
svc_round() {
	local k=$1 port=$2 full=$3 f=("$PY" "$HERE/discofloor.py" 127.0.0.1 "$2"
		admin@localhost password "$MUC")
	# Prosody builds the admin command's form of 1,000 rooms in 10-20 s.
	local m=("$MUCADMIN" --server "127.0.0.1:$port" --plaintext --timeout 300
		--jid admin@localhost -q)
	floor_cmd "$k-floor" "${f[@]}" info
	time_cmd "$k-long" "${m[@]}" rooms --all --long
	time_cmd "$k-serial" "${m[@]}" shell "$OUT/$k-info.txt"
	[ "$full" = 1 ] || return 0
	floor_cmd "$k-wfloor" "${f[@]}" whereis
	time_cmd "$k-whereis" "${m[@]}" whereis nobody@localhost
	# A JID of its own each round: the floor leaves it banned.
	floor_cmd "$k-bfloor" "${f[@]}" ban "floor$4@evil.example"
	time_cmd "$k-ban" "${m[@]}" -y ban spam@evil.example --everywhere
	time_cmd "$k-unban" "${m[@]}" -y unban spam@evil.example --everywhere
}

# svc_rows KEY N FULL: the table of one section.
svc_rows() {
	local k=$1
	show "$k-floor" "raw floor: inventory + disco#info, pipelined"
	show "$k-long" "mucadmin rooms --all --long"
	show "$k-serial" "one at a time (shell: inventory, info lines)"
	ratio "$k-long" "$k-floor" "rooms --all --long / raw floor" le 1.5
	ratio "$k-serial" "$k-long" "one at a time / rooms --all --long" ge 20
	[ "$3" = 1 ] || return 0
	show "$k-wfloor" "raw floor: inventory + 7 lists a room, pipelined"
	show "$k-whereis" "mucadmin whereis (7 lists per room)"
	ratio "$k-whereis" "$k-wfloor" "whereis / raw floor" le 1.5
	show "$k-bfloor" "raw floor: inventory + read, set, read back"
	show "$k-ban" "mucadmin ban --everywhere (read, set, read back)"
	ratio "$k-ban" "$k-bfloor" "ban --everywhere / raw floor" le 1.5
	show "$k-unban" "mucadmin unban --everywhere (4 lists read back)"
}

# svc_bench KEY KIND N FULL TITLE [ROUNDS]: a fresh server (KIND mini or
# prosody, plaintext, admin@localhost a service admin) with N persistent
# rooms owned by the admin, then ROUNDS (REPS) rounds.
svc_bench() {
	local k=$1 kind=$2 n=$3 full=$4 rounds=${6:-$REPS} port i
	section "service-wide: $n rooms on $5 (plaintext)"
	if [ "$kind" = mini ]; then
		if ! have_serve || ! start_mini "$k" --any-password --tls off \
			--admin admin@localhost; then
			row "  n/a (the mini server does not start)"
			return
		fi
		port=$SERVE_PORT
	else
		if ! have_prosody || ! PROSODY_ALLOW_PLAIN=1 start_prosody "$k"; then
			row "  n/a (Prosody does not start: $OUT/log/$k-start.err)"
			return
		fi
		port=$PROSODY_PORT
	fi
	for ((i = 1; i <= n; i++)); do printf 's%05d\n' "$i"; done \
		>"$OUT/$k-rooms.txt"
	# One at a time does the same work: the inventory (its --match keeps
	# no room, so no info is read), then each room's info in turn.
	{
		echo "rooms --all --long --match no-room-matches"
		sed 's/^/info /' "$OUT/$k-rooms.txt"
	} >"$OUT/$k-info.txt"
	# shellcheck disable=SC2046
	if "$BB/rawxmpp" --port "$port" --plain --user admin --pass password \
		create $(sed "s/\$/@$MUC/" "$OUT/$k-rooms.txt") \
		>"$OUT/log/$k-create.out" 2>&1; then
		for ((i = 0; i < rounds; i++)); do svc_round "$k" "$port" "$full" "$i"; done
		svc_rows "$k" "$n" "$full"
	else
		row "  n/a (rooms not created: $OUT/log/$k-create.out)"
	fi
	if [ "$kind" = mini ]; then stop_pid "$SERVE_PID"; else stop_prosody "$k"; fi
}

svc_bench svc mini "$SVC_N" 0 "the mini server"
svc_bench svcs mini "$SVC_SMALL" 1 "the mini server"
target prosody && svc_bench svcp prosody "$SVC_SMALL" 1 "Prosody 0.12" "$SVC_PREPS"
