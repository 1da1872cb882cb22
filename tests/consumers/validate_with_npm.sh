#!/usr/bin/env bash
# Reads JUnit XML reports with an independent consumer from npm (test-results-parser) and
# checks that the counts it sees match the expected ones.
#
#   validate_with_npm.sh TESTS FAILURES ERRORS SKIPPED FILE   expected counts given
#   validate_with_npm.sh FILE...                               expected counts are counted
#                                                              from the <testcase> elements
#                                                              with xmllint --xpath
# A testcase with <error> counts as an error, else with <failure> as a failure, else with
# <skipped> as skipped (isotest writes at most one of them per case).
#
# The npm package is installed with `npm ci` (package.json + package-lock.json beside this
# script) into $ISOTEST_NPM_DIR if set (reused across calls), else into a temp directory
# removed on exit. Never globally. Needs node, npm and xmllint (libxml2-utils).
# Exit status: 0 all counts match, 1 a mismatch or unreadable report, 2 usage/setup error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
    echo "usage: $0 TESTS FAILURES ERRORS SKIPPED FILE | $0 FILE..." >&2
    exit 2
}

[ $# -ge 1 ] || usage
# Counts come as four numbers and one file; anything else numeric-looking is a mistake.
if [[ "$1" =~ ^[0-9]+$ ]] && [ $# -ne 5 ]; then usage; fi
for tool in node npm xmllint; do
    command -v "$tool" > /dev/null || { echo "validate_with_npm: $tool not found" >&2; exit 2; }
done

install_dir="${ISOTEST_NPM_DIR:-}"
if [ -z "$install_dir" ]; then
    install_dir="$(mktemp -d "${TMPDIR:-/tmp}/isotest-npm.XXXXXX")"
    trap 'rm -rf "$install_dir"' EXIT
fi
mkdir -p "$install_dir"
if ! cmp -s "$here/package-lock.json" "$install_dir/package-lock.json" ||
   [ ! -d "$install_dir/node_modules/test-results-parser" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$install_dir/"
    if ! (cd "$install_dir" && npm ci --no-audit --no-fund --loglevel=error > npm-install.log 2>&1); then
        echo "validate_with_npm: npm ci failed in $install_dir:" >&2
        cat "$install_dir/npm-install.log" >&2
        exit 2
    fi
fi
cp "$here/check_junit_counts.js" "$install_dir/check_junit_counts.js"

xpath_count() {  # FILE EXPR
    xmllint --xpath "count($2)" "$1"
}

check() {  # TESTS FAILURES ERRORS SKIPPED FILE
    node "$install_dir/check_junit_counts.js" "$5" "$1" "$2" "$3" "$4"
}

is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }

status=0
if [ $# -eq 5 ] && is_count "$1" && is_count "$2" && is_count "$3" && is_count "$4"; then
    check "$1" "$2" "$3" "$4" "$5" || status=1
else
    for file in "$@"; do
        if ! xmllint --noout "$file" 2> /dev/null; then
            echo "FAIL $file: not well-formed XML (xmllint)"
            status=1
            continue
        fi
        tests="$(xpath_count "$file" '//testcase')"
        errors="$(xpath_count "$file" '//testcase[error]')"
        failures="$(xpath_count "$file" '//testcase[failure and not(error)]')"
        skipped="$(xpath_count "$file" '//testcase[skipped and not(failure) and not(error)]')"
        check "$tests" "$failures" "$errors" "$skipped" "$file" || status=1
    done
fi
exit "$status"
