#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/check.sh - run every suite in tests/suites/ (or those named in
# $SUITES, e.g. SUITES="10-unit 20-scansion-prosody"), $JOBS at a time
# (default: twice the number of CPUs).  Each suite's output goes to
# $BUILD/test-logs/NAME.log and is printed whole when the suite ends, so
# suites never interleave.  The closing line sums the suites' own
# "N passed, N failed" lines as "total: N passed, N failed, N skipped";
# every SKIP line of a suite is listed above it with the suite's name.
#
# A suite with a line "# check: alone (why)" runs after the others, by
# itself (benchmarks; reports that read what the other suites left).
# Suites start longest first, by their times of the previous run.
#
# A suite still running after $SUITE_TIMEOUT seconds (default 600) is
# stopped: its processes are listed in its log, its whole session is
# killed, and it counts as failed.  Each suite runs in a session of its
# own (setsid), so that nothing it started outlives it unseen.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd -P)
DIR=${CHECK_SUITES_DIR:-$TOP/tests/suites}
LOGS=${BUILD:-$TOP/build}/test-logs
# Three times the CPUs: most suites spend most of their time waiting on
# servers or timeouts, so more of them keep the CPUs busy (a fresh clone
# on 2 cores: the suites 173 s at 4, 161 s at 6).  Sanitized builds
# (SANITIZE=1) cost several times the CPU: twice the CPUs there, as
# measured before.
per_cpu=3
[ -n "${MUCADMIN_SAN_FLAGS:-}" ] && per_cpu=2
JOBS=${JOBS:-$((per_cpu * $(nproc 2>/dev/null || echo 1)))}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-600}
for v in JOBS SUITE_TIMEOUT; do
	case ${!v} in '' | *[!0-9]* | 0)
		echo "tests/check.sh: $v must be a positive number, not '${!v}'" >&2
		exit 2 ;;
	esac
done
mkdir -p "$LOGS"
total_p=0 total_f=0 total_s=0 sum_us=0 sum_cpu=0
SKIPS=()
declare -A NAME=() T0=()
# The microseconds since the epoch.
now_us() { local t=${EPOCHREALTIME/,/.}; echo $((10#${t%.*}${t#*.})); }
secs() { printf '%d.%01d' $(($1 / 1000000)) $(($1 % 1000000 / 100000)); }

# cpu_of NAME: the suite's user+system seconds ("?" when unknown).
cpu_of() {
	local u s
	{ read -r _ && read -r u s; } <"$LOGS/$1.cpu" 2>/dev/null ||
		{ echo "?"; return; }
	awk -v u="$u" -v s="$s" 'function sec(t,  m) {
		m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t)
		return m * 60 + t
	} BEGIN { printf "%.1f", sec(u) + sec(s) }'
}

# report NAME RC US: print the suite's log and add its counts.
report() {
	local name=$1 rc=$2 us=$3 log=$LOGS/$1.log line p f s cpu
	cpu=$(cpu_of "$name")
	echo "== $name ($(secs "$us") s, $cpu s CPU)"
	cat "$log"
	echo "$us" >"$LOGS/$name.us"
	sum_us=$((sum_us + us))
	sum_cpu=$(awk -v a="$sum_cpu" -v b="$cpu" 'BEGIN { printf "%.1f", a + b }')
	s=0
	while IFS= read -r line; do
		SKIPS+=("$name: ${line#SKIP }")
		s=$((s + 1))
	done < <(grep '^SKIP ' "$log")
	total_s=$((total_s + s))
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ "$rc" = 124 ]; then
		echo "FAIL $name: stopped after $SUITE_TIMEOUT s (SUITE_TIMEOUT); its last lines and processes are above"
		total_f=$((total_f + 1))
		return
	fi
	if [ -z "$line" ]; then
		echo "FAIL $name: no summary line (exit $rc)"
		total_f=$((total_f + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL $name: exit $rc"
		total_f=$((total_f + 1))
	fi
}

# run_suite NAME: the suite in a session of its own, under a watchdog;
# exits with the suite's status, or 124 when the watchdog stopped it.
run_suite() {
	local log=$LOGS/$1.log sid w rc
	: >"$log"
	# Appending: the watchdog's lines never overwrite the suite's.
	setsid bash "$DIR/$1.sh" </dev/null >>"$log" 2>&1 &
	sid=$!
	trap 'pkill -TERM -s $sid 2>/dev/null; wait $sid; exit 130' INT TERM
	# The watchdog exits 124 once it has fired, 0 when stopped before.
	(
		fired=0
		trap 'kill $sl 2>/dev/null; exit $((fired ? 124 : 0))' TERM
		sleep "$SUITE_TIMEOUT" &
		sl=$!
		wait $sl
		{
			echo "WATCHDOG: $1 still running after $SUITE_TIMEOUT s; its processes:"
			ps -o pid,ppid,etimes,stat,args -s "$sid" 2>/dev/null
		} >>"$log"
		fired=1
		pkill -TERM -s "$sid" 2>/dev/null
		sleep 10 &
		sl=$!
		wait $sl
		pkill -KILL -s "$sid" 2>/dev/null
		exit 124
	) &
	w=$!
	wait $sid
	rc=$?
	# The CPU time of the suite and what it waited for (children's line).
	# (times itself, not in a pipe: a forked copy would count its own.)
	times >"$LOGS/$1.cpu"
	# What the suite left running in its session is listed and stopped.
	# (Zombies are already gone: only their parent has not reaped them.)
	if ps -o stat= -s "$sid" 2>/dev/null | grep -qv '^Z'; then
		{
			echo "LEFTOVER: processes $1 left running (stopped now):"
			ps -o pid,ppid,etimes,stat,args -s "$sid"
		} >>"$log" 2>&1
		pkill -TERM -s "$sid" 2>/dev/null
	fi
	kill -TERM $w 2>/dev/null
	wait $w
	# (Only 124 says it fired: TERM before its trap was set gives 143.)
	[ $? = 124 ] && exit 124
	exit $rc
}

start() {
	run_suite "$1" &
	NAME[$!]=$1
	T0[$!]=$(now_us)
}

# reap: wait for any suite to end and report it.
reap() {
	local pid rc
	wait -n -p pid "${!NAME[@]}"
	rc=$?
	[ -n "${pid:-}" ] || return 1
	report "${NAME[$pid]}" "$rc" $(($(now_us) - T0[$pid]))
	unset "NAME[$pid]" "T0[$pid]"
}

stop_all() {
	local pid
	for pid in "${!NAME[@]}"; do kill -TERM "$pid" 2>/dev/null; done
	wait
	exit 130
}
trap stop_all INT TERM

# The suites to run, longest (by last time) first; then those run alone.
together=() alone=()
while read -r _ name; do
	if grep -q '^# check: alone' "$DIR/$name.sh"; then
		alone+=("$name")
	else
		together+=("$name")
	fi
done < <(for s in "$DIR"/*.sh; do
	name=$(basename "$s" .sh)
	if [ -n "${SUITES:-}" ] && ! [[ " $SUITES " == *" $name "* ]]; then
		continue
	fi
	# Unknown times first: a new suite may be long.
	echo "$(cat "$LOGS/$name.us" 2>/dev/null || echo 999999999999) $name"
done | sort -k1,1nr -k2,2)

wall0=$(now_us)
for name in "${together[@]}"; do
	while [ "${#NAME[@]}" -ge "$JOBS" ]; do reap || break; done
	start "$name"
done
while [ "${#NAME[@]}" -gt 0 ]; do reap || break; done
for name in "${alone[@]}"; do
	start "$name"
	reap
done
wall=$(($(now_us) - wall0))

if [ "${#SKIPS[@]}" -gt 0 ]; then
	echo "skipped:"
	printf '  SKIP %s\n' "${SKIPS[@]}"
fi
echo "time: $(secs "$wall") s with JOBS=$JOBS; the suites one after another: $(secs "$sum_us") s, $sum_cpu s CPU"
echo "total: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
