#!/bin/sh
# SPDX-License-Identifier: MIT
# The one list of Debian packages that building and testing mucadmin need.
#
#   tools/deps.sh check     exit 0 when all are installed, else print the
#                           apt-get line to run and exit 1
#   tools/deps.sh install   install the missing ones (root only)
#   tools/deps.sh ensure    install when root, otherwise like check
#   tools/deps.sh list      print the list

BUILD_PKGS="gcc make pkg-config libstrophe-dev libreadline-dev libyaml-dev
libexpat1-dev libssl-dev libidn-dev"
TEST_PKGS="prosody ejabberd openssl python3 tmux valgrind clang libclang-rt-14-dev
groff zsh fish strace python3-slixmpp go-sendxmpp"
PKGS="$BUILD_PKGS $TEST_PKGS"

missing() {
	for p in $PKGS; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || printf '%s ' "$p"
	done
}

case "${1:-check}" in
list)
	echo $PKGS
	;;
check | install | ensure)
	m=$(missing)
	[ -z "$m" ] && exit 0
	if [ "$1" = check ] || [ "$(id -u)" != 0 ]; then
		echo "mucadmin: missing Debian packages; run as root:" >&2
		echo "  apt-get install -y $m" >&2
		exit 1
	fi
	echo "mucadmin: installing missing packages: $m" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || exit 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $m >/dev/null || exit 1
	# The prosody and ejabberd packages may start their system services;
	# tests start their own throwaway instances, so stop the packaged ones.
	for pf in /run/prosody/prosody.pid /run/ejabberd/ejabberd.pid; do
		if [ -s "$pf" ] && kill -0 "$(cat "$pf")" 2>/dev/null; then
			kill -TERM "$(cat "$pf")" 2>/dev/null
		fi
	done
	;;
*)
	echo "usage: tools/deps.sh check|install|ensure|list" >&2
	exit 2
	;;
esac
