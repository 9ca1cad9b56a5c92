# SPDX-License-Identifier: MIT
# The benchmark harness in its quick mode (tiny sizes, one repetition): it
# must complete and print its whole table.  No timing is checked here.
# It runs beside the other suites: quick mode checks no timing.
. "$(dirname "$0")/../testlib.sh"
D=$(t_tmpdir)

# The service section's stated round trip and room count, as quick mode has
# them (the checks below count round trips).
RTT=2 N=10
BENCH_QUICK=1 BENCH_INSTALL=0 BENCH_OUT="$D/out" BUILD="$BUILD" \
	BENCH_SVC_RTT_MS=$RTT BENCH_SVC_SMALL=$N \
	"$TOP/tests/bench.sh" >"$D/table" 2>"$D/err"
rc=$?
t_check "quick bench completes" [ "$rc" = 0 ]
[ "$rc" = 0 ] || { tail -n 20 "$D/err"; }
t_check "prints the table header" grep -q '^# mucadmin benchmarks' "$D/table"
for s in "one-shot against" "bulk: " "large lists: " "apply: " \
	"startup, no network" "server: clients joining" "server: callgrind"; do
	t_check "table has: $s" grep -q "^## $s" "$D/table"
done
# Each way to reach a server has its row and its floor (issue 19).
for r in "--cafile / floor with the CA file alone" "cafile: in config / same floor" \
	"system store / floor with that store" "direct TLS / direct-TLS floor" \
	"plaintext / plaintext floor"; do
	t_check "table has: $r" grep -qF -- "  $r" "$D/table"
done
# Issue 17's one at a time against pipelined: on loopback (the floor's
# ceiling) and through delayfwd's round trip, each with a figure.
# rowfig LABEL: the table has the row LABEL, and a figure follows it.
rowfig() {
	awk -v l="  $1" 'index($0, l) == 1 &&
		substr($0, length(l) + 1) ~ /^ +[0-9.]+( ?(us|ms|s)|x) / {f = 1}
		END {exit !f}' "$D/table"
}
via="via a $RTT ms round trip"
t_check "table has the round-trip section" \
	grep -qF "## service-wide: $N rooms on the mini server $via" "$D/table"
for r in "raw floor: the same requests one at a time" \
	"raw floor: one at a time / pipelined" "raw floor, pipelined, $via" \
	"raw floor, one at a time, $via" \
	"raw floor: one at a time / pipelined, $RTT ms round trip" \
	"mucadmin rooms --all --long $via" "one at a time (shell) $via" \
	"one at a time / rooms --all --long, $RTT ms round trip"; do
	t_check "row has a figure: $r" rowfig "$r"
done
# The floor one at a time through the front waits for at least its N
# answers and 6 exchanges of the session's start, each a round trip
# (loopback: a few ms).
t_check "one at a time via delayfwd takes its round trips" awk -v \
	min="$(((N + 6) * RTT))" 'NR == 1 || $1 * 1000 < m {m = $1 * 1000}
	END {exit !(NR && m >= min)}' "$D/out/s/svcs-rtt-fserial"
# delayfwd alone, against an echo server: each exchange costs the stated
# round trip (the first one a second: the handshake's stand-in), and 20
# MiB both ways (over its 8 MiB bound a side) come back whole, in order.
t_check "delayfwd delays each exchange and relays in order" python3 - \
	"$BUILD/bench/delayfwd" <<'EOF2'
import os, socket, subprocess, sys, threading, time
srv = socket.create_server(("127.0.0.1", 0))
def echo():
    c = srv.accept()[0]
    while d := c.recv(1 << 16):
        c.sendall(d)
    c.close()
threading.Thread(target=echo, daemon=True).start()
fwd = subprocess.Popen([sys.argv[1], "50", str(srv.getsockname()[1])],
                       stdout=subprocess.PIPE, text=True)
port = int(fwd.stdout.readline().split("=")[1])
s = socket.create_connection(("127.0.0.1", port))
t, ok = [time.monotonic()], True
for m in (b"one", b"two"):
    s.sendall(m)
    ok = s.recv(16) == m and ok
    t.append(time.monotonic())
data, got = os.urandom(20 << 20), bytearray()
def read():
    while len(got) < len(data) and (d := s.recv(1 << 20)):
        got.extend(d)
r = threading.Thread(target=read)
r.start()
s.sendall(data)
r.join()
fwd.kill()
print("exchanges (s):", t[1] - t[0], t[2] - t[1], "bulk whole:", got == data)
sys.exit(not (ok and t[1] - t[0] >= 0.1 and t[2] - t[1] >= 0.05
              and got == data))
EOF2
# Every row is a figure, a ratio or an explained n/a.
bad=$(grep -E '^  ' "$D/table" |
	grep -vE '[0-9](\.[0-9]+)? ?(us|ms|s|KiB|Ir) |[0-9.e+-]+x |n/a \(.+\)' || true)
t_check "every row has a figure or says why not" [ -z "$bad" ]
[ -z "$bad" ] || printf '%s\n' "$bad"
t_check "the table is saved" [ -s "$BUILD/bench/RESULTS-latest.md" ]
t_done
