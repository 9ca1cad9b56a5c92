#!/bin/sh
# SPDX-License-Identifier: MIT
# The Debian packages that building, testing and the demo need.
#
#   tools/deps.sh check [SET...]    exit 0 when all are installed, else print
#                                   the apt-get line to run and exit 1
#   tools/deps.sh install [SET...]  install the missing ones (root only)
#   tools/deps.sh ensure [SET...]   install when root; otherwise name what is
#                                   missing and exit 0 (what needs it skips)
#   tools/deps.sh list [SET...]     print the list
#   tools/deps.sh stop-services     stop the system Prosody and ejabberd the
#                                   packages may have started (tests start
#                                   their own); done after every install
#
# SET is build, test, demo or all (the default).  `make` itself needs only
# the build set and finds it with pkg-config (the Makefile names the
# missing module and its package); `make check` ensures build and test,
# `make demo` build and demo, and .ci/run installs all.

BUILD_PKGS="gcc make pkg-config libstrophe-dev libreadline-dev libyaml-dev
libexpat1-dev libssl-dev libidn-dev"
TEST_PKGS="prosody prosody-modules ejabberd openssl python3 tmux valgrind clang libclang-rt-14-dev
groff zsh fish strace clang-format python3-slixmpp go-sendxmpp procps"
DEMO_PKGS="openssl"

pkgs() {
	[ $# = 0 ] && set -- all
	l=
	for s in "$@"; do
		case $s in
		build) l="$l $BUILD_PKGS" ;;
		test) l="$l $TEST_PKGS" ;;
		demo) l="$l $DEMO_PKGS" ;;
		all) l="$l $BUILD_PKGS $TEST_PKGS $DEMO_PKGS" ;;
		*) echo "tools/deps.sh: unknown set '$s' (build, test, demo, all)" >&2
			return 2 ;;
		esac
	done
	# Each package once, in order.
	echo $l | tr ' ' '\n' | awk '!seen[$0]++' | tr '\n' ' '
}

stop_services() {
	if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
		systemctl stop prosody ejabberd >/dev/null 2>&1
	fi
	for pf in /run/prosody/prosody.pid /run/ejabberd/ejabberd.pid; do
		if [ -s "$pf" ] && kill -0 "$(cat "$pf")" 2>/dev/null; then
			kill -TERM "$(cat "$pf")" 2>/dev/null
		fi
	done
	return 0
}

missing() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || printf '%s ' "$p"
	done
}

cmd=${1:-check}
[ $# -gt 0 ] && shift
PKGS=$(pkgs "$@") || exit 2
case $cmd in
list)
	echo $PKGS
	;;
check | install | ensure)
	command -v dpkg-query >/dev/null 2>&1 || {
		[ "$cmd" = check ] && { echo "mucadmin: no dpkg here" >&2; exit 1; }
		echo "mucadmin: not Debian: install the equivalents of: $PKGS" >&2
		exit 0
	}
	m=$(missing)
	[ -z "$m" ] && exit 0
	if [ "$cmd" = check ] || [ "$(id -u)" != 0 ]; then
		echo "mucadmin: missing Debian packages; run as root:" >&2
		echo "  apt-get install -y $m" >&2
		[ "$cmd" = ensure ] &&
			echo "mucadmin: going on without them (what needs them skips)" >&2
		[ "$cmd" = ensure ] && exit 0
		exit 1
	fi
	echo "mucadmin: installing missing packages: $m" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $m >/dev/null || exit 1
	# The prosody and ejabberd packages may start their system services;
	# tests start their own throwaway instances, so stop the packaged ones.
	stop_services
	;;
stop-services)
	stop_services
	;;
*)
	echo "usage: tools/deps.sh check|install|ensure|list [build|test|demo|all] | stop-services" >&2
	exit 2
	;;
esac
