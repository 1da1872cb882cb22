#!/bin/sh
# Starts a helper "daemon" and forgets to stop it: it outlives the test (and the whole ctest
# run) on the host. Under isotest it is killed when the test exits.
#   leaves_daemon.sh MARKER PIDFILE
set -eu
marker=$1
pidfile=$2
sh -c 'while sleep 1; do :; done' "$marker" < /dev/null > /dev/null 2>&1 &
echo $! > "$pidfile"
echo "started daemon $! ($marker)"
