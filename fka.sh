#!/bin/sh
export XDG_CONFIG_HOME=/tmp/shc/xdg XDG_STATE_HOME=/tmp/shc/state MUCADMIN_PASSWORD=pw ASAN_OPTIONS=detect_leaks=1
exec /work/wt-shellcmd/build/mucadmin --server 127.0.0.1: --plaintext --jid user@localhost shell 2>/tmp/shc/asan.err
