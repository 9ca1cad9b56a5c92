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
# BENCH_SVC_PROSODY_REPS (1) of them.  On the mini server the raw floor
# also runs one request at a time (discofloor.py serial): on loopback a
# round trip is cheaper than handling an answer, which caps what
# pipelining can save.  So the 1,000-room inventory rows run again
# through a stated round trip, BENCH_SVC_RTT_MS (10; quick mode 2), the
# relay tests/bench/delayfwd.c.  Not on Prosody: it spends ~10 ms of its
# own on each request, pipelined or not, so one at a time would take
# 20 s more a round and still measure Prosody's pace.  Runs by default,
# or when BENCH_ONLY names service.
[ -z "${BENCH_ONLY:-}" ] || wants service || return 0

if [ "$QUICK" = 1 ]; then
	SVC_N=${BENCH_SVC_ROOMS:-20} SVC_SMALL=${BENCH_SVC_SMALL:-10}
	SVC_RTT=${BENCH_SVC_RTT_MS:-2}
else
	SVC_N=${BENCH_SVC_ROOMS:-10000} SVC_SMALL=${BENCH_SVC_SMALL:-1000}
	SVC_RTT=${BENCH_SVC_RTT_MS:-10}
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

# svc_cmds PORT: the floor (F) and mucadmin (M) commands of the
# measurements, as admin@localhost, plaintext, against 127.0.0.1:PORT.
svc_cmds() {
	F=("$PY" "$HERE/discofloor.py" 127.0.0.1 "$1" admin@localhost password
		"$MUC")
	# Prosody builds the admin command's form of 1,000 rooms in 10-20 s.
	M=("$MUCADMIN" --server "127.0.0.1:$1" --plaintext --timeout 300
		--jid admin@localhost -q)
}

# svc_round KEY PORT FULL ROUND [KIND]: one repetition of every
# measurement (FULL 0: the inventory ones only), interleaved so that load
# hits them alike; KIND mini: the floor one at a time too.
svc_round() {
	local k=$1 full=$3 F M
	svc_cmds "$2"
	floor_cmd "$k-floor" "${F[@]}" info
	[ "${5:-}" = mini ] && floor_cmd "$k-fserial" "${F[@]}" serial
	time_cmd "$k-long" "${M[@]}" rooms --all --long
	time_cmd "$k-serial" "${M[@]}" shell "$OUT/$k-info.txt"
	[ "$full" = 1 ] || return 0
	floor_cmd "$k-wfloor" "${F[@]}" whereis
	time_cmd "$k-whereis" "${M[@]}" whereis nobody@localhost
	# A JID of its own each round: the floor leaves it banned.
	floor_cmd "$k-bfloor" "${F[@]}" ban "floor$4@evil.example"
	time_cmd "$k-ban" "${M[@]}" -y ban spam@evil.example --everywhere
	time_cmd "$k-unban" "${M[@]}" -y unban spam@evil.example --everywhere
}

# svc_rows KEY N FULL: the table of one section.
svc_rows() {
	local k=$1
	show "$k-floor" "raw floor: inventory + disco#info, pipelined"
	if [ -s "$OUT/s/$k-fserial" ]; then
		show "$k-fserial" "raw floor: the same requests one at a time"
		ratio "$k-fserial" "$k-floor" "raw floor: one at a time / pipelined"
	fi
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

# svc_rtt KEY PORT N: the inventory rows again through delayfwd, a
# SVC_RTT ms round trip in front of the server on PORT.
svc_rtt() {
	local k=$1 n=$3 via="via a $SVC_RTT ms round trip" i F M
	section "service-wide: $n rooms on the mini server $via (plaintext, tests/bench/delayfwd.c)"
	if ! start_fwd DELAYFWD_PORT "$OUT/log/$k-rtt.err" \
		"$BB/delayfwd" "$SVC_RTT" "$2"; then
		row "  n/a (delayfwd did not start: $OUT/log/$k-rtt.err)"
		return
	fi
	svc_cmds "$FWD_PORT"
	for ((i = 0; i < REPS; i++)); do
		floor_cmd "$k-rtt-floor" "${F[@]}" info
		floor_cmd "$k-rtt-fserial" "${F[@]}" serial
		time_cmd "$k-rtt-long" "${M[@]}" rooms --all --long
		time_cmd "$k-rtt-serial" "${M[@]}" shell "$OUT/$k-info.txt"
	done
	stop_pid "$FWD_PID"
	FWD_PID=
	show "$k-rtt-floor" "raw floor, pipelined, $via"
	show "$k-rtt-fserial" "raw floor, one at a time, $via"
	ratio "$k-rtt-fserial" "$k-rtt-floor" \
		"raw floor: one at a time / pipelined, $SVC_RTT ms round trip"
	show "$k-rtt-long" "mucadmin rooms --all --long $via"
	show "$k-rtt-serial" "one at a time (shell) $via"
	ratio "$k-rtt-long" "$k-rtt-floor" \
		"rooms --all --long / raw floor, $SVC_RTT ms round trip"
	ratio "$k-rtt-serial" "$k-rtt-long" \
		"one at a time / rooms --all --long, $SVC_RTT ms round trip" ge 20
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
		for ((i = 0; i < rounds; i++)); do
			svc_round "$k" "$port" "$full" "$i" "$kind"
		done
		svc_rows "$k" "$n" "$full"
		[ "$kind" = mini ] && [ "$full" = 1 ] && svc_rtt "$k" "$port" "$n"
	else
		row "  n/a (rooms not created: $OUT/log/$k-create.out)"
	fi
	if [ "$kind" = mini ]; then stop_pid "$SERVE_PID"; else stop_prosody "$k"; fi
}

svc_bench svc mini "$SVC_N" 0 "the mini server"
svc_bench svcs mini "$SVC_SMALL" 1 "the mini server"
target prosody && svc_bench svcp prosody "$SVC_SMALL" 1 "Prosody 0.12" "$SVC_PREPS"
