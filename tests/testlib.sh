# SPDX-License-Identifier: MIT
# tests/testlib.sh - shared helpers for the test suites (sourced, bash).
#
# Servers bind a free port and announce readiness; every process and temp
# dir a test makes is registered here and removed on exit.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${BUILD:-$TOP/build}
SHARED=${MUCADMIN_SHARED:-$TOP/../shared}
MUCADMIN=$BUILD/mucadmin
# VALGRIND=1 (make check VALGRIND=1): CLI commands under valgrind memcheck.
if [ -n "${MUCADMIN_VALGRIND:-}" ]; then
	export MUCADMIN_REAL=$MUCADMIN
	export MUCADMIN_VALGRIND_LOGS=${MUCADMIN_VALGRIND_LOGS:-$BUILD/valgrind}
	MUCADMIN=$TOP/tests/faults/valgrind-mucadmin
fi
RUNNER=$BUILD/scansion-run

T_PASSED=0
T_FAILED=0
# One parent dir per suite, made here in the suite's own shell: t_tmpdir
# runs inside $(...), where registering anything would be lost.
# Subshells that set their own EXIT trap (background jobs) leave it alone.
_T_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/mucadmin-test.XXXXXX") || exit 1
_T_ROOT_OWNER=$BASHPID
# The journal and shell history of every mucadmin a suite runs stay in it.
export XDG_STATE_HOME=$_T_ROOT/state
_T_DIRS=()
_T_PIDS=()
_T_PROSODY=()
_T_EJABBERD=()

t_pass() { T_PASSED=$((T_PASSED + 1)); echo "PASS $*"; }
t_fail() { T_FAILED=$((T_FAILED + 1)); echo "FAIL $*"; }
# t_check NAME CMD...: pass when CMD succeeds.
t_check() { local n=$1; shift; if "$@"; then t_pass "$n"; else t_fail "$n"; fi; }
t_done() { echo "$T_PASSED passed, $T_FAILED failed"; [ "$T_FAILED" = 0 ]; }
# t_skip: the suite cannot run here; says why and counts nothing.
t_skip() { echo "SKIP $*"; echo "0 passed, 0 failed, 1 skipped"; exit 0; }
# t_skip_server WHAT: a real server the suite needs is missing.  Skipped on
# a developer's machine; a failure where MUCADMIN_REQUIRE_SERVERS=1 or
# CI=true (CI), so an interoperability suite can never pass by not running.
t_skip_server() {
	if [ "${MUCADMIN_REQUIRE_SERVERS:-0}" = 1 ] || [ "${CI:-}" = true ]; then
		t_fail "$* (a real server is required here: MUCADMIN_REQUIRE_SERVERS=${MUCADMIN_REQUIRE_SERVERS:-} CI=${CI:-})"
		t_done
		exit 1
	fi
	t_skip "$*"
}

# lib_run NAME CMD...: a tests/lib driver's "N passed, N failed" as one
# result; its indented lines (timings, notes) are shown.
lib_run() {
	local name=$1 out rc line
	shift
	out=$("$@" 2>&1)
	rc=$?
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ "$rc" = 0 ] && [[ "$line" == *" passed, 0 failed" ]]; then
		printf '%s\n' "$out" | grep -E '^  '
		t_pass "$name: $line"
	else
		printf '%s\n' "$out"
		t_fail "$name (exit $rc)"
	fi
}

t_cleanup() {
	local d p
	for d in "${_T_PROSODY[@]}"; do
		"$SHARED/servers/prosody/stop.sh" "$d" >/dev/null 2>&1
	done
	for d in "${_T_EJABBERD[@]}"; do
		"$SHARED/servers/ejabberd/stop.sh" "$d" --rm >/dev/null 2>&1
	done
	# TERM (and CONT, for a process a test paused) to each; one that has
	# not ended within 10 s is killed, so that cleaning up never hangs.
	local left=() still i st
	for p in "${_T_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null && kill -CONT "$p" 2>/dev/null && left+=("$p")
	done
	for ((i = 0; i < 200 && ${#left[@]} > 0; i++)); do
		still=()
		for p in "${left[@]}"; do
			st=
			read -r st 2>/dev/null <"/proc/$p/stat"
			st=${st##*) }
			[ -n "$st" ] && [ "${st%% *}" != Z ] && still+=("$p")
		done
		left=("${still[@]}")
		[ ${#left[@]} = 0 ] || sleep 0.05
	done
	for p in "${left[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for p in "${_T_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	for d in "${_T_DIRS[@]}"; do rm -rf -- "$d"; done
	if [ "$BASHPID" = "$_T_ROOT_OWNER" ]; then rm -rf -- "$_T_ROOT"; fi
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM

t_tmpdir() {
	local d
	d=$(mktemp -d "$_T_ROOT/t.XXXXXX") || return 1
	echo "$d"
}

# A port that was free a moment ago (for servers that cannot bind port 0).
t_freeport() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# t_freeport_pair GAP: a port P, below the kernel's ephemeral range, such
# that P and P+GAP were both free a moment ago.
t_freeport_pair() {
	python3 -c 'import random, socket, sys
gap = int(sys.argv[1])
for _ in range(200):
    p = random.randrange(10000, 32768 - gap)
    try:
        for q in (p, p + gap):
            s = socket.socket()
            s.bind(("127.0.0.1", q))
            s.close()
    except OSError:
        continue
    print(p)
    break' "$1"
}

# t_cert: a key and certificate for localhost and conference.localhost in
# T_CERT_KEY and T_CERT_CRT, made once for every suite of a run (an RSA key
# costs 0.2-0.5 s of CPU, and the suites start over 150 servers) under
# $BUILD/test-certs, renewed when a day old.  Made in a directory of its
# own and renamed into place, so suites starting at once never see half a
# pair.  Servers copy them (they may chmod or chown their copy).
t_cert() {
	local c=$BUILD/test-certs tmp
	T_CERT_KEY=$c/localhost.key T_CERT_CRT=$c/localhost.crt
	if [ -s "$T_CERT_CRT" ] && [ -z "$(find "$T_CERT_CRT" -mmin +1440 2>/dev/null)" ]; then
		return 0
	fi
	mkdir -p "$BUILD" 2>/dev/null
	tmp=$(mktemp -d "$BUILD/.test-certs.XXXXXX" 2>/dev/null) ||
		tmp=$(mktemp -d "$_T_ROOT/certs.XXXXXX") || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
		-subj /CN=localhost \
		-addext "subjectAltName=DNS:localhost,DNS:conference.localhost" \
		-keyout "$tmp/localhost.key" -out "$tmp/localhost.crt" >/dev/null 2>&1 ||
		{ rm -rf "$tmp"; return 1; }
	chmod 644 "$tmp/localhost.key"
	# A pair still there is a day old (see above): it moves aside first; if
	# another suite renamed its pair in meanwhile, the rename fails and
	# this one is dropped.
	[ -s "$T_CERT_CRT" ] && mv "$c" "$tmp.old" 2>/dev/null && rm -rf "$tmp.old"
	mv -T "$tmp" "$c" 2>/dev/null || rm -rf "$tmp"
	[ -s "$T_CERT_CRT" ] && [ -s "$T_CERT_KEY" ]
}

# t_cert_into DIR KEY CRT: the run's pair copied to DIR/KEY and DIR/CRT.
t_cert_into() {
	t_cert || return 1
	mkdir -p "$1" && cp "$T_CERT_KEY" "$1/$2" && cp "$T_CERT_CRT" "$1/$3" &&
		chmod 600 "$1/$2"
}

have_prosody() { command -v prosody >/dev/null 2>&1 && [ -x "$SHARED/servers/prosody/start.sh" ]; }

# prosody_start DIR: a throwaway Prosody in DIR; PROSODY_* knobs of start.sh
# pass through the environment.  Sets PROSODY_PORT, PROSODY_CAFILE...
prosody_start() {
	local dir=$1 port try out
	# start.sh keeps a certificate it finds: the run's, made once.
	[ -s "$dir/certs/localhost.crt" ] ||
		t_cert_into "$dir/certs" localhost.key localhost.crt 2>/dev/null
	for try in 1 2 3 4 5; do
		port=$(t_freeport)
		if out=$("$SHARED/servers/prosody/start.sh" "$dir" "$port" 2>&1); then
			_T_PROSODY+=("$dir")
			# shellcheck disable=SC1091
			. "$dir/env"
			return 0
		fi
		case "$out" in *"already in use"*) continue ;; esac
		break
	done
	echo "prosody_start: $out" >&2
	return 1
}

have_ejabberd() { command -v ejabberdctl >/dev/null 2>&1 && [ -x "$SHARED/servers/ejabberd/start.sh" ]; }

# ejabberd_start DIR: a throwaway ejabberd 23.01 in DIR (~2.5 s), c2s on a
# free port, STARTTLS required, accounts user, user2, user3 and admin
# @localhost ("password"), MUC at conference.localhost.  EJABBERD_* knobs
# of start.sh pass through.  Sets EJABBERD_PORT, EJABBERD_CAFILE...
# Run as root, ejabberdctl runs as the ejabberd user: the suite's dirs
# above DIR must let it in (searchable, not listable).
ejabberd_start() {
	local dir=$1 port try out users=${EJABBERD_USERS:-user user2 user3 admin}
	local later=
	if [ "$(id -u)" = 0 ]; then
		# DIR's parent and, under the run's root, every directory above
		# it up to that root (a suite's t_tmpdir is 0700).
		local up root
		up=$(dirname "$dir")
		mkdir -p "$up" && up=$(cd "$up" && pwd -P)
		root=$(cd "$_T_ROOT" && pwd -P)
		chmod o+x "$up" "$root" 2>/dev/null
		while [[ "$up" == "$root"/* ]]; do
			chmod o+x "$up" 2>/dev/null
			up=$(dirname "$up")
		done
	fi
	# start.sh registers each account with an ejabberdctl call, an Erlang
	# VM of its own (~0.9 s of CPU each); erl_call registers the others
	# in one call to the running node when it can reach it.
	if [ -n "$(_t_ejabberd_cookie)" ] && command -v erl_call >/dev/null &&
		[ "${users% *}" != "$users" ]; then
		later=${users% *}
		users=${users##* }
	fi
	if [ ! -s "$dir/certs/localhost.pem" ] &&
		t_cert_into "$dir/certs" localhost.key localhost.crt 2>/dev/null; then
		cat "$dir/certs/localhost.crt" "$dir/certs/localhost.key" \
			>"$dir/certs/localhost.pem" && chmod 600 "$dir/certs/localhost.pem"
	fi
	for try in 1 2 3 4 5; do
		# The Erlang distribution port is PORT+20000: both must be free.
		port=$(t_freeport_pair 20000)
		_T_EJABBERD+=("$dir")
		if out=$(EJABBERD_USERS=$users \
			"$SHARED/servers/ejabberd/start.sh" "$dir" "$port" 2>&1); then
			# shellcheck disable=SC1091
			. "$dir/env"
			[ -z "$later" ] || _t_ejabberd_register "$later" || return 1
			return 0
		fi
		"$SHARED/servers/ejabberd/stop.sh" "$dir" >/dev/null 2>&1
		case "$out" in *"already in use"*) continue ;; esac
		break
	done
	echo "ejabberd_start: $out" >&2
	return 1
}

# _t_ejabberd_cookie: the Erlang cookie of the nodes start.sh starts (as
# the ejabberd user when root), empty when it cannot be read.
_t_ejabberd_cookie() {
	local home=$HOME
	[ "$(id -u)" = 0 ] && home=$(getent passwd ejabberd | cut -d: -f6)
	cat "$home/.erlang.cookie" 2>/dev/null
}

# _t_ejabberd_register "USER...": those accounts on the started ejabberd
# ($EJABBERD_PASSWORD or "password"), through erl_call to its
# distribution port; ejabberdctl for each when that fails.
_t_ejabberd_register() {
	local u list= out pw=${EJABBERD_PASSWORD:-password}
	for u in $1; do list="$list${list:+, }<<\"$u\">>"; done
	out=$(printf '%s\n' "lists:all(fun(R) -> R =:= ok orelse R =:= {error, exists} end, [ejabberd_auth:try_register(U, <<\"localhost\">>, <<\"$pw\">>) || U <- [$list]])." |
		erl_call -c "$(_t_ejabberd_cookie)" -timeout 30 \
			-address "127.0.0.1:$EJABBERD_DIST_PORT" -e 2>&1)
	[ "$out" = "{ok, true}" ] && return 0
	echo "ejabberd_start: erl_call: $out; registering with ejabberdctl" >&2
	for u in $1; do
		out=$("$EJABBERD_CTL" register "$u" localhost "$pw" 2>&1) ||
			case "$out" in *"already registered"*) ;; *)
				echo "ejabberd_start: register $u: $out" >&2
				return 1
				;;
			esac
	done
}

ejabberd_stop() {
	"$SHARED/servers/ejabberd/stop.sh" "$1" >/dev/null 2>&1
	local keep=() d
	for d in "${_T_EJABBERD[@]}"; do [ "$d" != "$1" ] && keep+=("$d"); done
	_T_EJABBERD=("${keep[@]}")
}

prosody_stop() {
	"$SHARED/servers/prosody/stop.sh" "$1" >/dev/null 2>&1
	local keep=() d
	for d in "${_T_PROSODY[@]}"; do [ "$d" != "$1" ] && keep+=("$d"); done
	_T_PROSODY=("${keep[@]}")
}

# baseline_check BASELINE DIR WHO: each corpus script's result in both
# modes, as the scansion suites leave it in DIR (corpus-NAME-MODE, its .rc
# and .err), must be the one BASELINE records; WHO names the reference.
baseline_check() {
	local baseline=$1 dir=$2 who=$3 script want_d want_s mode out want got
	while read -r script want_d want_s _; do
		case "$script" in '#'* | '') continue ;; esac
		for mode in default strict; do
			out=$dir/corpus-$(echo "$script" | tr / _)-$mode
			want=$want_d
			[ $mode = strict ] && want=$want_s
			got=fail
			[ "$(cat "$out.rc")" = 0 ] && got=pass
			grep -q '^ERROR' "$out" && got=error
			if [ "$got" = "$want" ]; then
				t_pass "corpus $script ($mode): $got, as $who"
			else
				t_fail "corpus $script ($mode): $got, $who gives $want"
				cat "$out" "$out.err" 2>/dev/null
			fi
		done
	done <"$baseline"
}

# serve_start DIR [ARGS...]: mucadmin serve on a free port; waits for its
# MUCADMIN_SERVE_PORT line.  Sets SERVE_PORT and SERVE_PID.
serve_start() {
	local dir=$1 line
	shift
	mkfifo "$dir/serve.fifo" || return 1
	"$MUCADMIN" serve --port 0 "$@" >"$dir/serve.fifo" 2>"$dir/serve.err" &
	SERVE_PID=$!
	_T_PIDS+=("$SERVE_PID")
	exec 9<"$dir/serve.fifo"
	if ! IFS= read -r -t 20 line <&9; then
		echo "serve_start: no port announced; stderr:" >&2
		cat "$dir/serve.err" >&2
		exec 9<&-
		return 1
	fi
	# Keep draining stdout so the server never blocks on a full pipe.
	cat <&9 >"$dir/serve.out" &
	_T_PIDS+=("$!")
	exec 9<&-
	case "$line" in
	MUCADMIN_SERVE_PORT=*) SERVE_PORT=${line#MUCADMIN_SERVE_PORT=} ;;
	*) echo "serve_start: unexpected first line: $line" >&2; return 1 ;;
	esac
}

# serve_tls_start DIR [ARGS...]: serve_start with STARTTLS required, the
# run's certificate (t_cert, as DIR/cert.pem and DIR/key.pem) and
# the accounts user, user2, user3 and admin @localhost, password
# "password" (their --user options in SERVE_USERS); ARGS... more serve
# options.  Returns 2 when openssl cannot make the certificate, 1 when the
# server does not start.
serve_tls_start() {
	local dir=$1 u
	shift
	t_cert_into "$dir" key.pem cert.pem || return 2
	SERVE_USERS=()
	for u in user user2 user3 admin; do
		SERVE_USERS+=(--user "$u@localhost:password")
	done
	serve_start "$dir" --tls required --cert "$dir/cert.pem" \
		--key "$dir/key.pem" "${SERVE_USERS[@]}" "$@" || return 1
}

# serve_tls_or_skip DIR [ARGS...]: serve_tls_start, or end the suite: skipped when
# openssl cannot make a certificate, failed when the server does not start.
serve_tls_or_skip() {
	serve_tls_start "$@"
	case $? in
	0) ;;
	2) t_skip "openssl cannot make a certificate" ;;
	*) t_fail "serve starts"; t_done; exit 1 ;;
	esac
}

# The server the CLI black-box bodies (tests/cli/common.sh,
# rooms_common.sh) run against: each sets SRV, PORT, CAFILE, SRV_PID (its
# process, for kill -STOP; ejabberd: its beam) (and for the
# mini server users, its --user options), or ends the suite.
cli_target_serve() { # DIR [SERVE ARGS...]
	serve_tls_or_skip "$@"
	users=("${SERVE_USERS[@]}")
	SRV=serve PORT=$SERVE_PORT CAFILE=$1/cert.pem SRV_PID=$SERVE_PID
}
cli_target_prosody() { # DIR
	have_prosody || t_skip_server "prosody is not installed"
	prosody_start "$1/prosody" || { t_fail "prosody starts"; t_done; exit 1; }
	SRV=prosody PORT=$PROSODY_PORT CAFILE=$PROSODY_CAFILE SRV_PID=$PROSODY_PID
}
cli_target_ejabberd() { # DIR
	have_ejabberd || t_skip_server "ejabberd is not installed"
	ejabberd_start "$1/ejabberd" || { t_fail "ejabberd starts"; t_done; exit 1; }
	SRV=ejabberd PORT=$EJABBERD_PORT CAFILE=$EJABBERD_CAFILE SRV_PID=$EJABBERD_PID
}

serve_stop() {
	[ -n "${SERVE_PID:-}" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
	local rc=$?
	SERVE_PID=
	return $rc
}
