# SPDX-License-Identifier: MIT
# tests/cli/checks.sh - what the CLI test bodies (common.sh, rooms_common.sh)
# share: a temp dir and config home, the mucadmin command line for the
# server under test, and the result checks.  Needs SRV, PORT and CAFILE;
# CLI_TIMEOUT is the per-request timeout (seconds, default 20).  A command
# still running after CLI_HANG seconds (default 240: far above any
# command's own deadlines) is stopped and fails its check as hung, so one
# hang costs a check, not the run.

D=$(t_tmpdir)
export XDG_CONFIG_HOME=$D/xdg
export MUCADMIN_PASSWORD=password
SVC=conference.localhost
CLI_HANG=${CLI_HANG:-240}
M=(timeout --foreground -k 5 "$CLI_HANG" "$MUCADMIN" --server "127.0.0.1:$PORT"
	--cafile "$CAFILE" --timeout "${CLI_TIMEOUT:-20}")

# as USER ARGS...: mucadmin logged in as USER@localhost.
as() { local who=$1; shift; "${M[@]}" --jid "$who@localhost" "$@"; }
ma() { as user "$@"; }

# expect NAME RC CMD...: run CMD with stdin from $IN (default /dev/null),
# stdout in $D/out and stderr in $D/err; pass when it exits with RC.
expect() {
	local name=$1 want=$2 rc
	shift 2
	"$@" <"${IN:-/dev/null}" >"$D/out" 2>"$D/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		t_pass "$SRV: $name"
	elif [ "$rc" = 124 ]; then
		t_fail "$SRV: $name (hung: stopped after $CLI_HANG s, want exit $want)"
	else
		t_fail "$SRV: $name (exit $rc, want $want)"
		head -n 5 "$D/err" | sed 's/^/    /'
	fi
}
# json NAME EXPR: $D/out is one JSON value d for which python EXPR holds
# (d is shown when it does not).
json() {
	t_check "$SRV: $1" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    print("    got: " + json.dumps(d)[:2000])
sys.exit(0 if ok else 1)' "$D/out" "$2"
}
err_has() { t_check "$SRV: $1" grep -qE -- "$2" "$D/err"; }
out_has() { t_check "$SRV: $1" grep -qE -- "$2" "$D/out"; }
out_empty() { t_check "$SRV: $1" test ! -s "$D/out"; }
out_is() { t_check "$SRV: $1" bash -c '[ "$(cat "$1")" = "$2" ]' _ "$D/out" "$2"; }

# m_pid PID: the mucadmin process of the "${M[@]}" job PID (timeout's
# child).  Signals go to it straight: timeout forwards them only when it
# is next scheduled, and on a loaded machine mucadmin had finished by then.
m_pid() {
	local c
	c=$(pgrep -P "$1" -x mucadmin | head -n 1)
	echo "${c:-$1}"
}

# paused_signal SIGNAL ARGS...: with the server stopped (SRV_PID), run
# mucadmin -v ARGS (as user) in the background, send it SIGNAL once it is
# connecting, then let the server go on (without the signal it would then
# do it all); its status in PAUSED_RC, stderr in $D/err.
paused_signal() {
	local sig=$1 line pid
	shift
	rm -f "$D/verbose"
	mkfifo "$D/verbose"
	: >"$D/err"
	kill -STOP "$SRV_PID"
	"${M[@]}" --jid user@localhost -v "$@" >"$D/out" 2>"$D/verbose" \
		</dev/null &
	pid=$!
	_T_PIDS+=("$pid")
	exec 7<"$D/verbose"
	while IFS= read -r line <&7; do
		echo "$line" >>"$D/err"
		[[ "$line" == *"info: connecting as"* ]] || continue
		kill "-$sig" "$(m_pid "$pid")"
		break
	done
	kill -CONT "$SRV_PID"
	cat <&7 >>"$D/err"
	exec 7<&-
	wait "$pid"
	PAUSED_RC=$?
}

# apply_cut FILE OUT SIGNAL [PID]: apply FILE with --json (stdout in OUT)
# in the background and send SIGNAL to PID (default: the apply itself) as
# its third muc#admin set goes out; then wait: its status in APPLY_RC.
apply_cut() {
	local file=$1 out=$2 sig=$3 target=${4:-} line n=0 apid
	rm -f "$D/verbose"
	mkfifo "$D/verbose"
	"${M[@]}" --jid user@localhost -v --json apply "$file" \
		>"$out" 2>"$D/verbose" &
	apid=$!
	_T_PIDS+=("$apid")
	exec 7<"$D/verbose"
	while IFS= read -r line <&7; do
		[[ "$line" == *"sent: <iq"*type=?set?*"muc#admin"* ]] || continue
		n=$((n + 1))
		[ "$n" = 3 ] && { kill "-$sig" "${target:-$(m_pid "$apid")}"; break; }
	done
	cat <&7 >/dev/null
	exec 7<&-
	wait "$apid"
	APPLY_RC=$?
}
