# SPDX-License-Identifier: MIT
# tests/bench/service.sh - service-wide administration (issue 17), sourced
# by run.sh's main: the inventory with vital signs (rooms --all --long) of
# BENCH_SVC_ROOMS rooms on the mini server against a raw floor doing the
# same disco requests pipelined (discofloor.py) and against one request at
# a time (a shell script of info lines), then whereis and ban --everywhere
# over the same rooms.  Runs by default, or when BENCH_ONLY names service.
[ -z "${BENCH_ONLY:-}" ] || wants service || return 0

if [ "$QUICK" = 1 ]; then SVC_N=${BENCH_SVC_ROOMS:-20}; else SVC_N=${BENCH_SVC_ROOMS:-10000}; fi

svc_round() {
	local port=$1 m=("$MUCADMIN" --server "127.0.0.1:$1" --plaintext
		--jid admin@localhost -q)
	time_cmd svc-floor "$PY" "$HERE/discofloor.py" 127.0.0.1 "$port" \
		admin@localhost password "$MUC"
	time_cmd svc-long "${m[@]}" rooms --all --long
	time_cmd svc-serial "${m[@]}" shell "$OUT/svc-info.txt"
	time_cmd svc-whereis "${m[@]}" whereis nobody@localhost
	time_cmd svc-ban "${m[@]}" -y ban spam@evil.example --everywhere
	time_cmd svc-unban "${m[@]}" -y unban spam@evil.example --everywhere
}

service_bench() {
	local port i
	section "service-wide: $SVC_N rooms on the mini server (plaintext)"
	if ! have_serve || ! start_mini svc --any-password --tls off \
		--admin admin@localhost; then
		row "  n/a (the mini server does not start)"
		return
	fi
	port=$PORT_svc
	for ((i = 1; i <= SVC_N; i++)); do printf 's%05d\n' "$i"; done \
		>"$OUT/svc-rooms.txt"
	sed 's/^/info /' "$OUT/svc-rooms.txt" >"$OUT/svc-info.txt"
	# shellcheck disable=SC2046
	"$BB/rawxmpp" --port "$port" --plain --user admin --pass password \
		create $(sed "s/\$/@$MUC/" "$OUT/svc-rooms.txt") \
		>"$OUT/log/svc-create.out" 2>&1 ||
		{ row "  n/a (rooms not created: $OUT/log/svc-create.out)"; return; }
	for ((i = 0; i < REPS; i++)); do svc_round "$port"; done
	show svc-floor "raw floor: inventory + disco#info, pipelined"
	show svc-long "mucadmin rooms --all --long"
	show svc-serial "one disco#info at a time (shell of info lines)"
	ratio svc-long svc-floor "rooms --all --long / raw floor" le 1.5
	ratio svc-serial svc-long "one at a time / rooms --all --long" ge 20
	show svc-whereis "mucadmin whereis (7 lists per room)"
	show svc-ban "mucadmin ban --everywhere (read, set, read back)"
	show svc-unban "mucadmin unban --everywhere"
	stop_pid "$PID_svc"
}

service_bench
