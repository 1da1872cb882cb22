#!/usr/bin/env bash
# Syntax-checks isotest's AppArmor profile (packaging/apparmor/isotest) with apparmor_parser
# -Q -K (parse and compile, load nothing, write no cache), using a parser that knows the
# `userns,` rule (scripts/apparmor-parser.sh: the machine's own or Debian 13's). A control run
# proves the parser really checks: the same profile with the rule misspelt must be refused.
#
# usage: check-apparmor-profile.sh [PARSER_CACHE_DIR]
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
profile=$src/packaging/apparmor/isotest
me=check-apparmor-profile

fail() {
    echo "$me: FAILED: $*" >&2
    exit 1
}

parser=$(bash "$src/scripts/apparmor-parser.sh" "$@") || fail "no apparmor_parser that knows userns (see above)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$parser" -Q -K "$profile" >"$scratch/log" 2>&1 || fail "$parser refuses $profile: $(grep -v -e '^Cache read/write disabled' -e '^Warning' "$scratch/log" | head -n3)"
sed 's/^\( *\)userns,/\1usrns,/' "$profile" >"$scratch/isotest"
grep -q 'usrns,' "$scratch/isotest" || fail "$profile has no 'userns,' rule"
if "$parser" -Q -K "$scratch/isotest" >/dev/null 2>&1; then
    fail "$parser accepts a misspelt rule too: it checks nothing"
fi
# The attachment the package's users rely on (and isotest doctor names).
grep -qE '^profile isotest /usr/\{,local/\}bin/isotest flags=\(unconfined\) \{' "$profile" ||
    fail "$profile does not attach to /usr/bin/isotest and /usr/local/bin/isotest unconfined"
echo "$me: $profile accepted by $("$parser" --version 2>&1 | head -n1)"
