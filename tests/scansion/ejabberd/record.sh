#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# record.sh: replay every script here against a throwaway real ejabberd
# 23.01 and keep what went over the wire as NAME.ejabberd.log (the
# captures the --quirks ejabberd branches name).  Run from the build tree
# after `make`; needs ejabberd (tests/testlib.sh ejabberd_start).
. "$(dirname "$0")/../../testlib.sh"

HERE=$TOP/tests/scansion/ejabberd
have_ejabberd || { echo "record.sh: ejabberd is not installed" >&2; exit 1; }
D=$(t_tmpdir)
ejabberd_start "$D/ejabberd" || exit 1
rc=0
for f in "$HERE"/*.scs; do
	log=${f%.scs}.ejabberd.log
	"$RUNNER" --port "$EJABBERD_PORT" --tls starttls \
		--cafile "$EJABBERD_CAFILE" --timeout 5 -v "$f" 2>"$log.tmp" ||
		rc=1
	# The runner's own notes (connections, skips) are not wire data.
	grep -E '^(->|<-) |^	' "$log.tmp" >"$log"
	rm -f "$log.tmp"
done
exit $rc
