#!/bin/sh
# Exits with the given status (for SKIP_RETURN_CODE / WILL_FAIL), or sleeps first.
#   exits_with.sh STATUS [SLEEP_SECONDS]
[ -n "${2:-}" ] && sleep "$2"
exit "$1"
