# SPDX-License-Identifier: MIT
# tests/bench/lib.sh - the benchmark harness's helpers (sourced by run.sh):
# timing, samples, statistics and the table.
#
# Samples: one number per line in $OUT/s/KEY (seconds).  Rows of the table
# go to $OUT/table.txt as they are computed, and are printed at the end.

# now_s: the shell's own clock (no fork), in seconds with microseconds.
now_s() { echo "$EPOCHREALTIME"; }

# time_cmd KEY CMD...: run CMD once, add its wall time to sample KEY.
# A failed run adds no sample and is logged.
time_cmd() {
	local key=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	if "$@" >>"$OUT/log/$key.out" 2>>"$OUT/log/$key.err"; then
		t1=$EPOCHREALTIME
		echo "$t0 $t1" | awk '{printf "%.6f\n", $2 - $1}' >>"$OUT/s/$key"
	else
		echo "run failed (exit $?): $*" >>"$OUT/log/$key.err"
	fi
}

# add_sample KEY VALUE
add_sample() { echo "$2" >>"$OUT/s/$1"; }

# kv FILE NAME: the value of NAME=... in FILE (the helpers' output).
kv() { sed -n "s/^.*\\b$2=\\([^ ]*\\).*$/\\1/p" "$1" | tail -n 1; }

# stats KEY: "median min max n" of sample KEY (empty when none).
stats() {
	[ -s "$OUT/s/$1" ] || return 0
	sort -g "$OUT/s/$1" | awk '{v[NR] = $1} END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.9g %.9g %.9g %d\n", m, v[1], v[NR], NR }'
}

# fmt_time SECONDS: a human duration.
fmt_time() {
	awk -v s="$1" 'BEGIN {
		if (s < 0.001) printf "%.1f us", s * 1e6
		else if (s < 1) printf "%.2f ms", s * 1e3
		else printf "%.3f s", s }'
}

# NA[KEY]: why a measurement could not run ("not built yet: ...").
declare -A NA

row() { printf '%s\n' "$*" | tee -a "$OUT/table.txt"; }

section() { row ""; row "## $*"; }

# show KEY LABEL [UNIT]: one measured row (median, spread, count).
# UNIT "s" (default) formats as a duration; anything else prints raw.
show() {
	local key=$1 label=$2 unit=${3:-s} st med lo hi n
	if [ -n "${NA[$key]:-}" ]; then
		row "$(printf '  %-52s n/a (%s)' "$label" "${NA[$key]}")"
		return
	fi
	st=$(stats "$key")
	if [ -z "$st" ]; then
		row "$(printf '  %-52s n/a (no successful run; see %s)' "$label" \
			"$OUT/log/$key.err")"
		return
	fi
	read -r med lo hi n <<<"$st"
	if [ "$unit" = s ]; then
		row "$(printf '  %-52s %10s   [%s .. %s] n=%s' "$label" \
			"$(fmt_time "$med")" "$(fmt_time "$lo")" "$(fmt_time "$hi")" "$n")"
	else
		row "$(printf '  %-52s %10s %s [%s .. %s] n=%s' "$label" \
			"$med" "$unit" "$lo" "$hi" "$n")"
	fi
}

# ratio A B LABEL OP TARGET: median(A)/median(B), with the spread
# (min(A)/max(B) .. max(A)/min(B)), checked against OP (le|ge) TARGET.
ratio() {
	local a=$1 b=$2 label=$3 op=${4:-} target=${5:-} sa sb why verdict
	why=${NA[$a]:-${NA[$b]:-}}
	sa=$(stats "$a")
	sb=$(stats "$b")
	if [ -n "$why" ] || [ -z "$sa" ] || [ -z "$sb" ]; then
		row "$(printf '  %-52s n/a (%s)' "$label" "${why:-a side has no sample}")"
		return
	fi
	read -r r lo hi verdict <<<"$(echo "$sa $sb" | awk -v op="$op" -v t="$target" '{
		r = $1 / $5; lo = $2 / $7; hi = $3 / $6
		v = "-"
		if (op == "le") v = (r <= t) ? "MET" : "MISSED"
		if (op == "ge") v = (r >= t) ? "MET" : "MISSED"
		printf "%.3g %.3g %.3g %s\n", r, lo, hi, v }')"
	local tgt=""
	[ "$op" = le ] && tgt="target <= $target"
	[ "$op" = ge ] && tgt="target >= $target"
	row "$(printf '  %-52s %8sx  [%s .. %s]  %-15s %s' "$label" "$r" "$lo" \
		"$hi" "$tgt" "$verdict")"
}

# limit KEY LABEL OP TARGET [UNIT] [SCALE]: an absolute target on a median
# (SCALE multiplies the sample before comparing and printing).
limit() {
	local key=$1 label=$2 op=$3 target=$4 unit=${5:-s} scale=${6:-1} st
	if [ -n "${NA[$key]:-}" ]; then
		row "$(printf '  %-52s n/a (%s)' "$label" "${NA[$key]}")"
		return
	fi
	st=$(stats "$key")
	if [ -z "$st" ]; then
		row "$(printf '  %-52s n/a (no sample)' "$label")"
		return
	fi
	row "$(echo "$st" | awk -v op="$op" -v t="$target" -v u="$unit" \
		-v sc="$scale" -v l="$label" '{
		m = $1 * sc; lo = $2 * sc; hi = $3 * sc
		v = (op == "le") ? (m <= t ? "MET" : "MISSED") : (m >= t ? "MET" : "MISSED")
		printf "  %-52s %10.4g %s [%.4g .. %.4g]  target %s %s %s  %s\n",
			l, m, u, lo, hi, (op == "le" ? "<=" : ">="), t, u, v }')"
}
