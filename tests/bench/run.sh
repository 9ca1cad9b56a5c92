#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/bench/run.sh - `make bench`: mucadmin against its floors and other
# clients, Prosody 0.12 against the mini server, side by side in one run.
#
# Every figure is a median over repetitions interleaved in the same run,
# with its spread [min .. max]; ratios are only taken between figures of
# this run.  A measurement whose feature is not built prints "n/a (...)".
#
# Environment: BUILD (default build/), BENCH_QUICK=1 (tiny sizes, one
# repetition: the smoke test), BENCH_OUT (keep samples and logs there),
# BENCH_ONLY="oneshot bulk apply startup server" (a subset),
# BENCH_TARGETS="prosody mini miniej ejabberd" (servers of the client rows),
# BENCH_EJ_BULK_SIZES (ejabberd's bulk sizes, default 1000),
# BENCH_LIST_SIZES (the large-list reads, default "20000 40000"),
# BENCH_INSTALL=0 (never apt-get), BENCH_REPS, BENCH_ONESHOT_REPS, BENCH_STARTUP_REPS, BENCH_SERVER_REPS,
# BENCH_BULK_SIZES, BENCH_JOIN_N, BENCH_ROOMS_N, BENCH_FANOUT_SIZES.
set -u
HERE=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=../testlib.sh
. "$HERE/../testlib.sh"
# shellcheck source=lib.sh
. "$HERE/lib.sh"

BB=$BUILD/bench
PY=/usr/bin/python3
QUICK=${BENCH_QUICK:-0}
if [ "$QUICK" = 1 ]; then
	D_REPS=1 D_ONESHOT=1 D_STARTUP=3 D_SERVER=1 D_BULK="20" D_JOIN=10
	D_ROOMS=20 D_FANOUT="3 6" D_JOIN_SMALL=5 D_FANOUT_M=3 D_APPLY="3 3"
	D_EJ_BULK=20 D_LISTS=50
else
	D_REPS=3 D_ONESHOT=15 D_STARTUP=30 D_SERVER=3 D_BULK="1000 10000"
	D_JOIN=1000 D_ROOMS=10000 D_FANOUT="10 100 400" D_FANOUT_M=20
	D_APPLY="100 50" D_JOIN_SMALL=200 D_EJ_BULK=1000
	D_LISTS="20000 40000"
fi
REPS=${BENCH_REPS:-$D_REPS}
ONESHOT_REPS=${BENCH_ONESHOT_REPS:-$D_ONESHOT}
STARTUP_REPS=${BENCH_STARTUP_REPS:-$D_STARTUP}
SERVER_REPS=${BENCH_SERVER_REPS:-$D_SERVER}
BULK_SIZES=${BENCH_BULK_SIZES:-$D_BULK}
EJ_BULK_SIZES=${BENCH_EJ_BULK_SIZES:-$D_EJ_BULK}
LIST_SIZES=${BENCH_LIST_SIZES:-$D_LISTS}
JOIN_N=${BENCH_JOIN_N:-$D_JOIN}
JOIN_SMALL=${BENCH_JOIN_SMALL:-$D_JOIN_SMALL}
ROOMS_N=${BENCH_ROOMS_N:-$D_ROOMS}
FANOUT_SIZES=${BENCH_FANOUT_SIZES:-$D_FANOUT}
FANOUT_M=${BENCH_FANOUT_M:-$D_FANOUT_M}
read -r APPLY_ROOMS APPLY_MEMBERS <<<"${BENCH_APPLY:-$D_APPLY}"
ONLY=${BENCH_ONLY:-oneshot bulk lists apply startup server}
# Seconds the raw floor may take for one bulk size before the size is
# reported as not measurable on that server (and its other methods skipped).
BULK_BUDGET=${BENCH_BULK_BUDGET:-120}
MUC=conference.localhost
# A fresh machine's OpenSSL defaults (this one may export a CA bundle).
unset SSL_CERT_FILE SSL_CERT_DIR
# OpenSSL's default CA file (Debian: the system bundle).
BUNDLE=$(openssl version -d 2>/dev/null | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1/p')/cert.pem
export MUCADMIN_PASSWORD=password LOADGEN_TIMEOUT=${BENCH_LOADGEN_TIMEOUT:-180}

OUT=${BENCH_OUT:-$(t_tmpdir)}
mkdir -p "$OUT/s" "$OUT/log" "$BB"
: >"$OUT/table.txt"
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null

wants() { [[ " $ONLY " == *" $1 "* ]]; }
# BENCH_TARGETS: which servers the client benchmarks run against.
TARGETS=${BENCH_TARGETS:-prosody mini miniej ejabberd}
target() { [[ " $TARGETS " == *" $1 "* ]]; }
say() { echo "bench: $*" >&2; }

# ---------------------------------------------------------------- setup

# Bench-only Debian packages: installed when root, else named.
ensure_packages() {
	local p missing=""
	for p in go-sendxmpp python3-slixmpp valgrind; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "${BENCH_INSTALL:-1}" = 0 ]; then
		say "not installing$missing (BENCH_INSTALL=0): their rows are n/a"
	elif [ "$(id -u)" = 0 ]; then
		say "installing$missing"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $missing >"$OUT/log/apt.log" 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
					--no-install-recommends $missing >"$OUT/log/apt.log" 2>&1; } ||
			say "could not install$missing (see $OUT/log/apt.log)"
	else
		say "missing Debian packages (as root: apt-get install$missing)"
	fi
}

CC=${CC:-cc}
BCFLAGS="-std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter"

# has_symbol NAME: libmucadmin.a defines NAME.
has_symbol() {
	nm -g --defined-only "$BUILD/libmucadmin.a" 2>/dev/null |
		awk '{print $3}' | grep -qx "$1"
}

build_helpers() {
	local ssl strophe
	ssl=$(pkg-config --cflags --libs openssl)
	strophe=$(pkg-config --cflags --libs libstrophe)
	# shellcheck disable=SC2086
	$CC $BCFLAGS -o "$BB/floor" "$HERE/floor.c" $strophe &&
		$CC $BCFLAGS -o "$BB/rawxmpp" "$HERE/rawxmpp.c" $ssl &&
		$CC $BCFLAGS -o "$BB/loadgen" "$HERE/loadgen.c" $ssl &&
		$CC $BCFLAGS -o "$BB/tlsfwd" "$HERE/tlsfwd.c" $ssl &&
		$CC $BCFLAGS -o "$BB/delayfwd" "$HERE/delayfwd.c" ||
		{ say "cannot build the bench helpers"; exit 1; }
	rm -f "$BB/bulklib"
	if has_symbol mucadmin_batch_apply && has_symbol mucadmin_session_connect; then
		# shellcheck disable=SC2086
		$CC $BCFLAGS -I"$BUILD/include" -o "$BB/bulklib" "$HERE/bulklib.c" \
			"$BUILD/libmucadmin.a" $strophe 2>"$OUT/log/bulklib-build.err"
	fi
}

have_cmd() { "$MUCADMIN" help "$1" >/dev/null 2>&1; }
have_slix() { "$PY" -c 'import slixmpp' >/dev/null 2>&1; }
have_go() { command -v go-sendxmpp >/dev/null 2>&1; }
have_serve() { [ -x "$MUCADMIN" ] && "$MUCADMIN" help serve >/dev/null 2>&1; }

# The mini server's certificate (the bench's own, like Prosody's).
make_cert() {
	CERT=$OUT/serve.crt
	KEY=$OUT/serve.key
	[ -s "$CERT" ] && return 0
	openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
		-subj "/CN=localhost" \
		-addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
		-keyout "$KEY" -out "$CERT" >/dev/null 2>&1
}

# start_mini NAME ARGS...: a mini server in $OUT/NAME; sets PORT_<NAME>,
# PID_<NAME>.  Fails (status 1) when it does not come up.
start_mini() {
	local name=$1 dir=$OUT/$1
	shift
	rm -rf "$dir" && mkdir -p "$dir"
	serve_start "$dir" "$@" || return 1
	printf -v "PORT_$name" '%s' "$SERVE_PORT"
	printf -v "PID_$name" '%s' "$SERVE_PID"
}

stop_pid() {
	[ -n "${1:-}" ] || return 0
	kill -TERM "$1" 2>/dev/null
	local i
	for i in $(seq 1 100); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.05
	done
	kill -KILL "$1" 2>/dev/null
}

# start_prosody NAME [insecure]: sets PORT_<NAME>, PID_<NAME>, PCA.
# insecure: plaintext, any user with any password (the load generator).
start_prosody() {
	local name=$1 dir=$OUT/$1 ok
	rm -rf "$dir" && mkdir -p "$dir"
	if [ "${2:-}" = insecure ]; then
		PROSODY_AUTH=insecure prosody_start "$dir" 2>"$OUT/log/$name-start.err"
	else
		prosody_start "$dir" 2>"$OUT/log/$name-start.err"
	fi
	ok=$?
	[ $ok = 0 ] || { say "Prosody did not start (see $OUT/log/$name-start.err)"; return 1; }
	printf -v "PORT_$name" '%s' "$PROSODY_PORT"
	printf -v "PID_$name" '%s' "$PROSODY_PID"
	PCA=$PROSODY_CAFILE
}

stop_prosody() { prosody_stop "$OUT/$1"; }

# start_fwd NAME LOG CMD...: the relay CMD (tlsfwd, delayfwd) in the
# background, its stderr appended to LOG; its first line must announce
# NAME=PORT within 20 s.  Sets FWD_PORT and FWD_PID; the relay is stopped
# when it does not announce.
FWD_PID=
start_fwd() {
	local name=$1 log=$2 fifo=$OUT/fwd.fifo line
	shift 2
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	"$@" >"$fifo" 2>>"$log" &
	FWD_PID=$!
	_T_PIDS+=("$FWD_PID")
	exec 8<"$fifo"
	IFS= read -r -t 20 line <&8
	exec 8<&-
	rm -f "$fifo"
	FWD_PORT=${line#"$name"=}
	[ -n "$FWD_PORT" ] && [ "$FWD_PORT" != "$line" ] && return 0
	stop_pid "$FWD_PID"
	FWD_PID=
	return 1
}

# start_plain: a mini server without TLS (the plaintext row) and a direct
# TLS front to it (the direct-TLS row).  Sets PORT_miniplain, FWD_PORT.
start_plain() {
	start_mini miniplain --tls off --user user@localhost:password &&
		start_fwd TLSFWD_PORT "$OUT/log/setup.err" \
			"$BB/tlsfwd" "$CERT" "$KEY" "$PORT_miniplain"
}
stop_plain() {
	stop_pid "$FWD_PID"
	stop_pid "${PID_miniplain:-}"
	FWD_PID= PID_miniplain=
}

# ---------------------------------------------------------------- one-shot

# raw PORT ARGS...: the raw-socket client as user@localhost over STARTTLS.
raw() {
	local port=$1
	shift
	"$BB/rawxmpp" --port "$port" --tls "$@"
}

# The trust each one-shot row uses, and its floor with the same trust:
# --cafile and cafile: trust the CA file alone (cli/castore.c points
# SSL_CERT_FILE at it and SSL_CERT_DIR at /dev/null), the floor too; the
# system store is a hashed CA directory holding the system's CAs and the
# server's (SSL_CERT_DIR), which mucadmin reads on demand (SSL_CERT_FILE
# /dev/null), the floor too.  The first floor row is libstrophe's own
# default: OpenSSL's whole CA bundle parsed, then the CA file.
oneshot_setup() {
	local tag=$1 port=$2 ca=$3 sys=$OUT/sysca-$1 x
	rm -rf "$sys" && mkdir -p "$sys"
	cp -P /etc/ssl/certs/*.pem "$sys/" 2>/dev/null
	cp "$ca" "$sys/bench-server-ca.pem"
	openssl rehash "$sys" >/dev/null 2>&1
	for x in "cafile:$port:starttls" "direct:${DIRECT_PORT:-0}:direct"; do
		local d=$OUT/xdg-$tag-${x%%:*} p=${x#*:}
		mkdir -p "$d/mucadmin"
		printf '%s\n' "default: main" "accounts:" "  main:" \
			"    jid: user@localhost" "    server: 127.0.0.1:${p%%:*}" \
			"    cafile: $ca" "    tls: ${p#*:}" >"$d/mucadmin/config.yaml"
		chmod 600 "$d/mucadmin/config.yaml"
	done
}

oneshot_round() {
	local tag=$1 port=$2 ca=$3 room=$4 sys=$OUT/sysca-$1 m f=$BB/floor
	local only=(env SSL_CERT_FILE="$ca" SSL_CERT_DIR=/dev/null)
	m=("$MUCADMIN" --jid user@localhost --server "127.0.0.1:$port")
	time_cmd "os-$tag-floor" "$f" user@localhost - 127.0.0.1 "$port" "$ca"
	time_cmd "os-$tag-floorca" "${only[@]}" \
		"$f" user@localhost - 127.0.0.1 "$port" "$ca"
	time_cmd "os-$tag-floorsys" env SSL_CERT_FILE=/dev/null SSL_CERT_DIR="$sys" \
		"$f" user@localhost - 127.0.0.1 "$port" @system
	if [ -z "${NA[os-$tag-mucadmin]:-}" ]; then
		time_cmd "os-$tag-mucadmin" "${m[@]}" --cafile "$ca" members "$room"
		[ -s "$BUNDLE" ] && time_cmd "os-$tag-mucenv" env SSL_CERT_FILE="$BUNDLE" \
			"${m[@]}" --cafile "$ca" members "$room"
		time_cmd "os-$tag-muccfg" env XDG_CONFIG_HOME="$OUT/xdg-$tag-cafile" \
			"$MUCADMIN" members "$room"
		time_cmd "os-$tag-mucsys" env SSL_CERT_DIR="$sys" \
			"${m[@]}" members "$room"
	fi
	if [ -n "${DIRECT_PORT:-}" ]; then
		time_cmd "os-$tag-floordirect" "${only[@]}" \
			"$f" user@localhost - 127.0.0.1 "$DIRECT_PORT" "$ca" direct
		time_cmd "os-$tag-mucdirect" env XDG_CONFIG_HOME="$OUT/xdg-$tag-direct" \
			"$MUCADMIN" members "$room"
		time_cmd "os-$tag-floorplain" "$f" user@localhost - 127.0.0.1 \
			"$PLAIN_PORT" - plain
		time_cmd "os-$tag-mucplain" "$MUCADMIN" --jid user@localhost \
			--server "127.0.0.1:$PLAIN_PORT" --plaintext members "$room"
	fi
	[ -z "${NA[os-$tag-go]:-}" ] &&
		time_cmd "os-$tag-go" env SSL_CERT_FILE="$ca" go-sendxmpp \
			-j "127.0.0.1:$port" -u user@localhost -p password \
			-m "$OUT/msg.txt" user2@localhost
	[ -z "${NA[os-$tag-slix]:-}" ] &&
		time_cmd "os-$tag-slix" "$PY" "$HERE/slix.py" 127.0.0.1 "$port" \
			"$ca" user@localhost get "$room"
}

# oneshot TAG PORT CA NAME: DIRECT_PORT and PLAIN_PORT, when set, are a
# direct-TLS front (tests/bench/tlsfwd.c) and the plaintext port of a
# server holding the same account and room.
oneshot() {
	local tag=$1 port=$2 ca=$3 name=$4 room=oneshot@$MUC r
	have_cmd members || NA[os-$tag-mucadmin]="not built yet: mucadmin members"
	have_go || NA[os-$tag-go]="go-sendxmpp not installed"
	have_slix || NA[os-$tag-slix]="python3-slixmpp not installed"
	echo "hello from go-sendxmpp" >"$OUT/msg.txt"
	raw "$port" create "$room" >>"$OUT/log/setup.err" 2>&1
	[ -n "${PLAIN_PORT:-}" ] && "$MUCADMIN" --jid user@localhost --server \
		"127.0.0.1:$PLAIN_PORT" --plaintext create "$room" >>"$OUT/log/setup.err" 2>&1
	oneshot_setup "$tag" "$port" "$ca"
	say "one-shot against $name: $ONESHOT_REPS rounds"
	oneshot_round "$tag" "$port" "$ca" "$room" # warm-up, not counted
	rm -f "$OUT/s/os-$tag-"*
	for r in $(seq 1 "$ONESHOT_REPS"); do
		oneshot_round "$tag" "$port" "$ca" "$room"
	done
	[ -s "$BUNDLE" ] || NA[os-$tag-mucenv]="no CA bundle at $BUNDLE"
	section "one-shot against $name (wall time per process)"
	show "os-$tag-floor" "floor: libstrophe connect+TLS+SCRAM+bind+close"
	show "os-$tag-floorca" "floor, the CA file alone (no bundle parsed)"
	show "os-$tag-floorsys" "floor, system store read on demand"
	show "os-$tag-mucadmin" "mucadmin --cafile CA members ROOM"
	show "os-$tag-mucenv" "  same, SSL_CERT_FILE=the system bundle"
	show "os-$tag-muccfg" "mucadmin members ROOM, cafile: in config"
	show "os-$tag-mucsys" "mucadmin members ROOM, system store"
	if [ -n "${DIRECT_PORT:-}" ]; then
		show "os-$tag-floordirect" "floor, direct TLS, the CA file alone"
		show "os-$tag-mucdirect" "mucadmin, tls: direct + cafile: in config"
		show "os-$tag-floorplain" "floor, plaintext"
		show "os-$tag-mucplain" "mucadmin --plaintext members ROOM"
	fi
	show "os-$tag-go" "go-sendxmpp (one message)"
	show "os-$tag-slix" "slixmpp script (one muc#admin get)"
	ratio "os-$tag-mucadmin" "os-$tag-floor" "mucadmin --cafile / libstrophe's default floor"
	ratio "os-$tag-mucadmin" "os-$tag-floorca" "--cafile / floor with the CA file alone" le 1.2
	ratio "os-$tag-mucenv" "os-$tag-floorca" \
		"--cafile, SSL_CERT_FILE=bundle / same floor" le 1.2
	ratio "os-$tag-muccfg" "os-$tag-floorca" "cafile: in config / same floor" le 1.2
	ratio "os-$tag-mucsys" "os-$tag-floorsys" "system store / floor with that store" le 1.2
	if [ -n "${DIRECT_PORT:-}" ]; then
		ratio "os-$tag-mucdirect" "os-$tag-floordirect" "direct TLS / direct-TLS floor" le 1.2
		ratio "os-$tag-mucplain" "os-$tag-floorplain" "plaintext / plaintext floor" le 1.2
	fi
	ratio "os-$tag-slix" "os-$tag-mucadmin" "slixmpp / mucadmin" ge 5
	ratio "os-$tag-go" "os-$tag-mucadmin" "go-sendxmpp / mucadmin" ge 5
}

# ---------------------------------------------------------------- bulk

# Prosody saves a persistent room on every affiliation change (~12 ms per
# change at 1,000 members, growing with the list), which would make a
# 10,000-member run take tens of minutes; so against Prosody the rooms are
# temporary ones, kept alive by a holder session that stays in them.
HOLD_PID=
hold_rooms() {
	local port=$1
	shift
	rm -f "$OUT/hold.in" "$OUT/hold.out"
	mkfifo "$OUT/hold.in"
	raw "$port" --temp create "$@" <"$OUT/hold.in" >"$OUT/hold.out" \
		2>>"$OUT/log/setup.err" &
	HOLD_PID=$!
	exec 7>"$OUT/hold.in"
	local i
	for i in $(seq 1 600); do
		grep -q ready "$OUT/hold.out" 2>/dev/null && return 0
		kill -0 "$HOLD_PID" 2>/dev/null || break
		sleep 0.05
	done
	say "could not create the rooms (see $OUT/log/setup.err)"
	return 1
}
release_rooms() {
	exec 7>&-
	wait "$HOLD_PID" 2>/dev/null
	HOLD_PID=
}

# bulk_one KEY LISTED_MIN CMD...: run a bulk client, take its total_s.
bulk_one() {
	local key=$1 want=$2 f=$OUT/log/$1.last listed
	shift 2
	if ! "$@" >"$f" 2>>"$OUT/log/$key.err"; then
		echo "failed: $*" >>"$OUT/log/$key.err"
		return
	fi
	cat "$f" >>"$OUT/log/$key.out"
	listed=$(kv "$f" listed)
	if [ "${listed:-0}" -lt "$want" ]; then
		echo "verification failed: listed=$listed < $want" >>"$OUT/log/$key.err"
		NA[$key]="only $listed of $want members listed afterwards"
		return
	fi
	add_sample "$key" "$(kv "$f" total_s)"
	[ -n "$(kv "$f" set_s)" ] && add_sample "$key-set" "$(kv "$f" set_s)"
}

# gone ROOM: destroy a persistent room as soon as its method is measured.
# The mini server rewrites its whole data file on every change, so a room
# left behind would make every later method pay for its members.
gone() {
	[ "$TEMP_ROOMS" = 1 ] && return 0
	raw "$BULK_PORT" destroy "$1" >>"$OUT/log/setup.err" 2>&1
}

bulk_rep() {
	local tag=$1 port=$2 ca=$3 n=$4 rep=$5 mode=$6 temp=$7
	local base=b-$tag-$n-$rep room_f room_m room_s room_p multi=""
	room_f=$base-floor@$MUC room_m=$base-mucadmin@$MUC
	room_s=$base-single@$MUC room_p=$base-slix@$MUC
	[ "$mode" = multi ] && multi=--multi
	TEMP_ROOMS=$temp BULK_PORT=$port
	if [ "$temp" = 1 ]; then
		hold_rooms "$port" "$room_f" "$room_m" "$room_s" "$room_p" || return
	else
		raw "$port" create "$room_f" "$room_m" "$room_s" "$room_p" \
			>>"$OUT/log/setup.err" 2>&1 || return
	fi
	bulk_one "bk-$tag-$n-floor" "$n" timeout "$BULK_BUDGET" \
		"$BB/rawxmpp" --port "$port" --tls $multi bulk "$room_f" "$n"
	gone "$room_f"
	if [ ! -s "$OUT/s/bk-$tag-$n-floor" ]; then
		local k why="not measured: the server did not apply $n changes"
		why="$why within ${BULK_BUDGET}s even for the raw floor"
		for k in floor floor-set mucadmin single slix; do
			NA[bk-$tag-$n-$k]=$why
		done
	fi
	if [ -n "${NA[bk-$tag-$n-floor]:-}" ]; then
		[ "$temp" = 1 ] && release_rooms
		gone "$room_m"
		gone "$room_s"
		gone "$room_p"
		return 1
	fi
	if [ -z "${NA[bk-$tag-$n-mucadmin]:-}" ]; then
		bulk_one "bk-$tag-$n-mucadmin" "$n" timeout "$BULK_BUDGET" \
			"$BB/bulklib" user@localhost 127.0.0.1 "$port" "$ca" "$room_m" \
			"$n" "$mode"
		gone "$room_m"
		bulk_one "bk-$tag-$n-single" "$n" timeout "$((BULK_BUDGET * 3))" \
			"$BB/bulklib" user@localhost 127.0.0.1 "$port" "$ca" "$room_s" \
			"$n" single
	fi
	gone "$room_s"
	[ -z "${NA[bk-$tag-$n-slix]:-}" ] &&
		bulk_one "bk-$tag-$n-slix" "$n" timeout "$((BULK_BUDGET * 2))" \
			"$PY" "$HERE/slix.py" 127.0.0.1 \
			"$port" "$ca" user@localhost add "$room_p" "$n"
	if [ "$temp" = 1 ]; then
		release_rooms
	else
		gone "$room_p"
	fi
}

bulk() {
	local tag=$1 port=$2 ca=$3 name=$4 mode=$5 temp=$6 n rep what
	for n in ${SIZES:-$BULK_SIZES}; do
		if [ ! -x "$BB/bulklib" ]; then
			NA[bk-$tag-$n-mucadmin]="not built yet: libmucadmin batches"
			NA[bk-$tag-$n-single]=${NA[bk-$tag-$n-mucadmin]}
		fi
		have_slix || NA[bk-$tag-$n-slix]="python3-slixmpp not installed"
		say "bulk $n against $name: $REPS rounds"
		for rep in $(seq 1 "$REPS"); do
			bulk_rep "$tag" "$port" "$ca" "$n" "$rep" "$mode" "$temp" || break
		done
		what="pipelined single-item IQs"
		[ "$mode" = multi ] && what="one multi-item IQ"
		section "bulk: $n member adds against $name ($what, list verified)"
		show "bk-$tag-$n-floor" "floor: raw socket, all written at once"
		show "bk-$tag-$n-floor-set" "  (floor without the list read-back)"
		show "bk-$tag-$n-mucadmin" "mucadmin batch (libmucadmin, verified)"
		show "bk-$tag-$n-single" "libmucadmin, one request in flight"
		show "bk-$tag-$n-slix" "slixmpp script, pipelined"
		ratio "bk-$tag-$n-mucadmin" "bk-$tag-$n-floor" "mucadmin / floor" le 1.2
		ratio "bk-$tag-$n-single" "bk-$tag-$n-mucadmin" "one-at-a-time / mucadmin" \
			"$(case $tag in mini*) echo ge ;; esac)" 20
		ratio "bk-$tag-$n-slix" "bk-$tag-$n-mucadmin" "slixmpp / mucadmin"
		if [ "$tag" = mini ] && [ "$n" -ge 10000 ]; then
			limit "bk-$tag-$n-floor-set" \
				"mini server applies $n changes (persistent room)" le 0.5 s
		fi
	done
}

# ---------------------------------------------------------------- lists

# time_or_why KEY CMD...: as time_cmd, but a failed run makes KEY n/a with
# its exit status, its time and the first line of its error.
time_or_why() {
	local key=$1 t0 rc
	shift
	t0=$EPOCHREALTIME
	"$@" >"$OUT/log/$key.last" 2>"$OUT/log/$key.lasterr"
	rc=$?
	if [ $rc = 0 ]; then
		echo "$t0 $EPOCHREALTIME" | awk '{printf "%.6f\n", $2 - $1}' >>"$OUT/s/$key"
	else
		NA[$key]="exit $rc after $(echo "$t0 $EPOCHREALTIME" | awk '{printf "%.2f s", $2 - $1}'): $(head -c 220 "$OUT/log/$key.lasterr" | head -n 1)"
	fi
}

# Reading one large member list, the whole command (login included):
# the raw floor against mucadmin members, on the mini server (its
# multi-item sets fill a room at once).  libmucadmin(3) LIMITS.
large_lists() {
	local port=$1 ca=$2 n r room
	for n in $LIST_SIZES; do
		room=biglist-$n@$MUC
		raw "$port" create "$room" >>"$OUT/log/setup.err" 2>&1
		"$BB/rawxmpp" --port "$port" --tls --multi bulk "$room" "$n" \
			>>"$OUT/log/setup.err" 2>&1
		say "large list of $n: $REPS rounds"
		for r in $(seq 1 "$REPS"); do
			time_cmd "ls-$n-floor" "$BB/rawxmpp" --port "$port" --tls list "$room"
			[ -n "${NA[ls-$n-mucadmin]:-}" ] && continue
			time_or_why "ls-$n-mucadmin" "$MUCADMIN" --jid user@localhost \
				--server "127.0.0.1:$port" --cafile "$ca" --timeout 300 \
				members "$room"
		done
		raw "$port" destroy "$room" >>"$OUT/log/setup.err" 2>&1
		section "large lists: one list of $n members read (mini server, whole command)"
		show "ls-$n-floor" "floor: raw socket, login + one list read"
		show "ls-$n-mucadmin" "mucadmin members ROOM"
		ratio "ls-$n-mucadmin" "ls-$n-floor" "mucadmin / floor"
	done
}

# ---------------------------------------------------------------- apply

# rooms_file FILE PREFIX: $APPLY_ROOMS rooms of $APPLY_MEMBERS members.
rooms_file() {
	local f=$1 prefix=$2 i j
	{
		echo "service: $MUC"
		echo "rooms:"
		for i in $(seq 0 $((APPLY_ROOMS - 1))); do
			echo "  - jid: $prefix-$i"
			echo "    config:"
			echo "      name: Bench room $i"
			echo "      persistent: yes"
			echo "    members:"
			for j in $(seq 0 $((APPLY_MEMBERS - 1))); do
				echo "      - m$j-$i@localhost"
			done
		done
	} >"$f"
}

apply_rep() {
	local tag=$1 port=$2 ca=$3 rep=$4 prefix f i rooms=()
	prefix=ap-$tag-$rep
	f=$OUT/$prefix.yaml
	rooms_file "$f" "$prefix"
	local m=("$MUCADMIN" --yes --jid user@localhost --server "127.0.0.1:$port"
		--cafile "$ca")
	time_cmd "ap-$tag-first" "${m[@]}" apply "$f"
	time_cmd "ap-$tag-plan" "${m[@]}" plan "$f"
	time_cmd "ap-$tag-noop" "${m[@]}" apply "$f"
	for i in $(seq 0 $((APPLY_ROOMS - 1))); do rooms+=("$prefix-$i@$MUC"); done
	raw "$port" destroy "${rooms[@]}" >>"$OUT/log/setup.err" 2>&1
}

apply_bench() {
	local tag=$1 port=$2 ca=$3 name=$4 r k
	if ! have_cmd apply || ! have_cmd plan; then
		for k in first plan noop; do
			NA[ap-$tag-$k]="not built yet: mucadmin apply/plan"
		done
	else
		say "apply against $name: $REPS rounds"
		for r in $(seq 1 "$REPS"); do apply_rep "$tag" "$port" "$ca" "$r"; done
	fi
	section "apply: ${APPLY_ROOMS} rooms x ${APPLY_MEMBERS} members against $name"
	show "ap-$tag-first" "first apply (creates everything)"
	show "ap-$tag-plan" "no-op plan"
	show "ap-$tag-noop" "no-op apply"
	show "os-$tag-mucadmin" "(one one-shot command, for the target)"
	if [ -z "${NA[ap-$tag-plan]:-}" ] && [ -s "$OUT/s/os-$tag-mucadmin" ]; then
		awk '{print $1 * 3}' "$OUT/s/os-$tag-mucadmin" >"$OUT/s/os-$tag-x3"
		ratio "ap-$tag-plan" "os-$tag-x3" "no-op plan / 3 one-shot commands" le 2
	else
		ratio "ap-$tag-plan" "os-$tag-mucadmin" "no-op plan / 3 one-shot commands" le 2
	fi
}

# ---------------------------------------------------------------- startup

# startup_ir KEY CMD...: instructions of one run, dynamic loader included.
startup_ir() {
	local key=$1 f=$OUT/log/$1.cg
	shift
	valgrind --tool=callgrind --callgrind-out-file="$f" "$@" >/dev/null \
		2>>"$OUT/log/$key.err" || return
	add_sample "$key" "$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$f")"
}

startup() {
	local r
	have_cmd help || NA[st-help]="not built yet: mucadmin help"
	"$MUCADMIN" __complete -- mem >/dev/null 2>&1 ||
		NA[st-complete]="not built yet: mucadmin __complete"
	say "startup: $STARTUP_REPS rounds"
	for r in $(seq 1 "$STARTUP_REPS"); do
		time_cmd st-true /bin/true
		[ -z "${NA[st-help]:-}" ] && time_cmd st-help "$MUCADMIN" help
		[ -z "${NA[st-complete]:-}" ] &&
			time_cmd st-complete "$MUCADMIN" __complete -- mem
	done
	# Wall time on a loaded machine is mostly the machine; the instruction
	# count (dynamic loader included) is the stable figure.
	if command -v valgrind >/dev/null; then
		startup_ir st-true-ir /bin/true
		[ -z "${NA[st-help]:-}" ] && startup_ir st-help-ir "$MUCADMIN" help
		[ -z "${NA[st-complete]:-}" ] &&
			startup_ir st-complete-ir "$MUCADMIN" __complete -- mem
	fi
	NA[st-help-ir]=${NA[st-help]:-} NA[st-complete-ir]=${NA[st-complete]:-}
	section "startup, no network (wall time per process)"
	show st-true "/bin/true (fork+exec floor)"
	show st-help "mucadmin help"
	show st-complete "mucadmin __complete"
	show st-true-ir "/bin/true, instructions (callgrind)" Ir
	show st-help-ir "mucadmin help, instructions (callgrind)" Ir
	show st-complete-ir "mucadmin __complete, instructions (callgrind)" Ir
	limit st-help "mucadmin help" le 5 ms 1000
	limit st-complete "mucadmin __complete" le 5 ms 1000
}

# ---------------------------------------------------------------- server

# load KIND PORT PID MODE TARGET N KEY: one loadgen run; its figures become
# samples KEY (seconds) and KEY-kb-* (RSS deltas per unit).  A run that
# fails marks KEY n/a so that later rounds skip it.
load() {
	local kind=$1 port=$2 pid=$3 mode=$4 target=$5 n=$6 key=$7
	local f=$OUT/log/$key.last
	[ -n "${NA[$key]:-}" ] && return
	if ! "$BB/loadgen" --port "$port" --pid "$pid" "$mode" "$target" "$n" \
		>"$f" 2>>"$OUT/log/$key.err"; then
		NA[$key]="did not finish within ${LOADGEN_TIMEOUT}s"
		grep -q timeout "$OUT/log/$key.err" ||
			NA[$key]="failed: $(tail -n 1 "$OUT/log/$key.err")"
		return
	fi
	add_sample "$key" "$(kv "$f" work_s)"
	add_sample "$key-kb-all" "$(awk -F= -v n="$n" '/rss_base/{b=$2}
		/rss_work/{w=$2} END{printf "%.3f", (w-b)/n}' "$f")"
	add_sample "$key-kb-cold" "$(awk -F= -v n="$n" '/rss_pre/{b=$2}
		/rss_work/{w=$2} END{printf "%.3f", (w-b)/n}' "$f")"
	add_sample "$key-kb" "$(awk -F= -v n="$n" '/rss_login/{l=$2}
		/rss_work/{w=$2} END{printf "%.3f", (w-l)/n}' "$f")"
}

# on_fresh KIND MODE TARGET N KEY: one load run against a fresh server
# (KIND mini or prosody), plaintext, any user with any password, so that
# no run pays for the clean-up of the one before.
on_fresh() {
	local kind=$1 port pid
	shift
	[ -n "${NA[$4]:-}" ] && return
	if [ "$kind" = mini ]; then
		start_mini srv --any-password --tls off || return
		port=$PORT_srv pid=$PID_srv
	else
		start_prosody psrv insecure || return
		port=$PORT_psrv pid=$PID_psrv
	fi
	load "$kind" "$port" "$pid" "$@"
	if [ "$kind" = mini ]; then
		stop_pid "$pid"
	else
		stop_prosody psrv
	fi
}

server_round() {
	on_fresh "$1" join "small@$MUC" "$JOIN_SMALL" "sv-$1-join-small"
	on_fresh "$1" join "join@$MUC" "$JOIN_N" "sv-$1-join"
	on_fresh "$1" rooms "$MUC" "$ROOMS_N" "sv-$1-rooms"
}

# Instructions the mini server spends per groupchat message per recipient:
# callgrind counts only between the --before and --after hooks.
fanout_cost() {
	local k=$1 dir=$OUT/cg-$k port pid f line
	rm -rf "$dir" && mkdir -p "$dir"
	valgrind --tool=callgrind --callgrind-out-file="$dir/cg.%p" \
		"$MUCADMIN" serve --port 0 --any-password --tls off \
		>"$dir/out" 2>"$dir/err" &
	pid=$!
	_T_PIDS+=("$pid")
	for line in $(seq 1 600); do
		grep -q MUCADMIN_SERVE_PORT "$dir/out" 2>/dev/null && break
		sleep 0.05
	done
	port=$(sed -n 's/^MUCADMIN_SERVE_PORT=//p' "$dir/out")
	if [ -z "$port" ]; then
		say "callgrind server did not start (see $dir/err)"
		stop_pid "$pid"
		return
	fi
	f=$OUT/log/cg-$k.last
	if "$BB/loadgen" --port "$port" \
		--before "callgrind_control -z $pid >/dev/null" \
		--after "callgrind_control -d fanout $pid >/dev/null" \
		fanout "fan@$MUC" "$k" "$FANOUT_M" >"$f" 2>>"$OUT/log/cg-$k.err"; then
		local dump ir
		dump=$(ls -t "$dir"/cg.*.* 2>/dev/null | head -n 1)
		ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$dump" 2>/dev/null)
		[ -z "$ir" ] && ir=$(sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$dump")
		[ -n "$ir" ] && add_sample "cg-$k-total" "$ir"
		[ -n "$ir" ] && add_sample "cg-$k" \
			"$(awk -v i="$ir" -v k="$k" -v m="$FANOUT_M" 'BEGIN{printf "%.1f", i / (k * m)}')"
	fi
	stop_pid "$pid"
}

server_bench() {
	local r k
	if ! have_serve; then
		for k in join join-small rooms; do
			NA[sv-mini-$k]="not built yet: mucadmin serve"
			NA[sv-mini-$k-kb]=${NA[sv-mini-$k]} NA[sv-mini-$k-kb-all]=${NA[sv-mini-$k]}
			NA[sv-mini-$k-kb-cold]=${NA[sv-mini-$k]}
		done
	fi
	say "server: $SERVER_REPS rounds of $JOIN_N joins and $ROOMS_N rooms"
	for r in $(seq 1 "$SERVER_REPS"); do
		have_serve && server_round mini
		if have_prosody; then
			server_round prosody
		else
			NA[sv-prosody-join]="Prosody not installed"
			NA[sv-prosody-join-small]=${NA[sv-prosody-join]}
			NA[sv-prosody-rooms]=${NA[sv-prosody-join]}
		fi
	done
	local kind
	for kind in prosody mini; do
		for k in join join-small rooms; do
			[ -n "${NA[sv-$kind-$k]:-}" ] || continue
			NA[sv-$kind-$k-kb]=${NA[sv-$kind-$k]}
			NA[sv-$kind-$k-kb-all]=${NA[sv-$kind-$k]}
			NA[sv-$kind-$k-kb-cold]=${NA[sv-$kind-$k]}
		done
	done
	section "server: clients joining one room, rooms created (plaintext)"
	show sv-prosody-join-small "Prosody: $JOIN_SMALL clients join one room"
	show sv-mini-join-small "mini server: $JOIN_SMALL clients join one room"
	ratio sv-mini-join-small sv-prosody-join-small "mini / Prosody ($JOIN_SMALL joins)" le 1
	show sv-prosody-join "Prosody: $JOIN_N clients join one room"
	show sv-mini-join "mini server: $JOIN_N clients join one room"
	ratio sv-mini-join sv-prosody-join "mini / Prosody ($JOIN_N joins)" le 1
	show sv-prosody-rooms "Prosody: one client creates $ROOMS_N rooms"
	show sv-mini-rooms "mini server: one client creates $ROOMS_N rooms"
	ratio sv-mini-rooms sv-prosody-rooms "mini / Prosody ($ROOMS_N rooms)" le 1
	show sv-prosody-join-kb "Prosody RSS per occupant (join only)" KiB
	show sv-mini-join-kb "mini RSS per occupant (join only)" KiB
	show sv-mini-join-kb-all "mini RSS per occupant incl. its session" KiB
	show sv-mini-join-kb-cold "  same, counted from before the first login" KiB
	show sv-prosody-rooms-kb "Prosody RSS per room" KiB
	show sv-mini-rooms-kb "mini RSS per room" KiB
	limit sv-mini-join-kb-all "mini: memory per occupant (with session)" le 4 KiB
	section "server: callgrind instructions per groupchat message per recipient"
	if ! have_serve; then
		for k in $FANOUT_SIZES; do NA[cg-$k]="not built yet: mucadmin serve"; done
	elif ! command -v valgrind >/dev/null; then
		for k in $FANOUT_SIZES; do NA[cg-$k]="valgrind not installed"; done
	else
		for k in $FANOUT_SIZES; do fanout_cost "$k"; done
	fi
	local first="" last="" prev="" a b
	for k in $FANOUT_SIZES; do
		show "cg-$k" "mini: room of $k, Ir per message per recipient" Ir
	done
	# The marginal cost of one more recipient: the slope of the total
	# between two room sizes, which leaves the per-message part out.
	for k in $FANOUT_SIZES; do
		if [ -n "$prev" ]; then
			a=$(stats "cg-$prev-total") b=$(stats "cg-$k-total")
			if [ -n "$a" ] && [ -n "$b" ]; then
				add_sample "cg-m-$k" "$(echo "${a%% *} ${b%% *}" | awk -v m="$FANOUT_M" \
					-v p="$prev" -v k="$k" '{printf "%.1f", ($2 - $1) / (m * (k - p))}')"
			else
				NA[cg-m-$k]=${NA[cg-$k]:-no sample}
			fi
			show "cg-m-$k" "mini: each recipient more, rooms $prev -> $k" Ir
			[ -z "$first" ] && first=$k
			last=$k
		fi
		prev=$k
	done
	if [ -n "$first" ] && [ "$first" != "$last" ]; then
		ratio "cg-m-$last" "cg-m-$first" "marginal cost, largest / smallest rooms" le 1.2
	elif [ -n "$first" ]; then
		ratio "cg-$last" "cg-${FANOUT_SIZES%% *}" "per-recipient cost, room $last / room ${FANOUT_SIZES%% *}" le 1.2
	fi
}

# ---------------------------------------------------------------- main

machine() {
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) x ${cpu:-unknown CPU}," \
		"$(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)," \
		"$(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-Linux}"), kernel $(uname -r)"
}

main() {
	ensure_packages
	build_helpers
	row "# mucadmin benchmarks"
	row "$(machine)"
	row "quick=$QUICK reps: one-shot $ONESHOT_REPS, bulk $REPS, startup $STARTUP_REPS, server $SERVER_REPS"
	row "median [min .. max] n=samples; ratios: median/median [worst .. best pairing]"
	local have_p=0 have_m=0 have_e=0
	if { wants oneshot || wants bulk || wants apply; } && target ejabberd; then
		if have_ejabberd && ejabberd_start "$OUT/ejabberd" \
			2>"$OUT/log/ejabberd-start.err"; then
			have_e=1 EJ_PORT=$EJABBERD_PORT EJ_CA=$EJABBERD_CAFILE
		else
			say "no ejabberd: its rows are n/a (see $OUT/log/ejabberd-start.err)"
		fi
	fi
	if wants oneshot || wants bulk || wants lists || wants apply; then
		if have_prosody && start_prosody prosody; then
			have_p=1
			PROSODY_CA=$PCA
		else
			say "no Prosody: its rows are n/a"
		fi
		if have_serve && make_cert && start_mini mini --tls required \
			--cert "$CERT" --key "$KEY" --user user@localhost:password \
			--user user2@localhost:password --data "$OUT/mini-rooms.data" &&
			start_mini miniej --tls required --cert "$CERT" --key "$KEY" \
				--user user@localhost:password --user user2@localhost:password \
				--data "$OUT/miniej-rooms.data" --quirks ejabberd; then
			have_m=1
		else
			say "no mini server: its rows are n/a"
		fi
	fi
	if wants oneshot; then
		[ $have_p = 1 ] && target prosody && oneshot prosody "$PORT_prosody" "$PROSODY_CA" "Prosody 0.12"
		[ $have_m = 1 ] && target mini && start_plain &&
			DIRECT_PORT=$FWD_PORT PLAIN_PORT=$PORT_miniplain \
				oneshot mini "$PORT_mini" "$CERT" "the mini server"
		stop_plain
		[ $have_e = 1 ] && oneshot ejabberd "$EJ_PORT" "$EJ_CA" "ejabberd 23.01"
	fi
	if wants bulk; then
		[ $have_p = 1 ] && target prosody && bulk prosody "$PORT_prosody" "$PROSODY_CA" "Prosody 0.12" batch 1
		[ $have_m = 1 ] && target mini && bulk mini "$PORT_mini" "$CERT" "the mini server" batch 0
		[ $have_m = 1 ] && target miniej && bulk miniej "$PORT_miniej" "$CERT" \
			"the mini server --quirks ejabberd" multi 0
		# ejabberd applies every item of a multi-item set (DESIGN.md).
		[ $have_e = 1 ] && SIZES=$EJ_BULK_SIZES bulk ejabberd "$EJ_PORT" \
			"$EJ_CA" "ejabberd 23.01" multi 0
	fi
	[ $have_m = 1 ] && wants lists && large_lists "$PORT_miniej" "$CERT"
	if wants apply; then
		[ $have_p = 1 ] && target prosody && apply_bench prosody "$PORT_prosody" "$PROSODY_CA" "Prosody 0.12"
		[ $have_m = 1 ] && target mini && apply_bench mini "$PORT_mini" "$CERT" "the mini server"
		[ $have_e = 1 ] && apply_bench ejabberd "$EJ_PORT" "$EJ_CA" "ejabberd 23.01"
	fi
	[ $have_p = 1 ] && stop_prosody prosody
	[ $have_e = 1 ] && ejabberd_stop "$OUT/ejabberd"
	wants startup && startup
	wants server && server_bench
	. "$HERE/service.sh"
	{
		echo "# mucadmin benchmark run"
		echo
		echo '```'
		cat "$OUT/table.txt"
		echo '```'
	} >"$BB/RESULTS-latest.md"
	echo
	echo "bench: table saved in $BB/RESULTS-latest.md (samples and logs in $OUT)"
}

main "$@"
