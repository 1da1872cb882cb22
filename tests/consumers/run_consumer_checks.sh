#!/usr/bin/env bash
# Real runs of the isotest binary with --junit, each report checked by two independent
# consumers: xmllint against the Jenkins xUnit schema (check_junit.sh: without the schema, which
# is not in this repository, by the rules that stand in for it — said in one line), and an npm
# JUnit reader whose counts must match what the run should have produced; an HTML viewer's page
# shows why a test failed. Then `isotest merge` of them all, checked too.
#
#   run_consumer_checks.sh ISOTEST_BINARY [SHARED_DIR]   (default: ../shared next to the repo)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
isotest=$1
schema=${2:-$here/../../../shared}/schemas/jenkins-xunit-junit-10.xsd
echo "run_consumer_checks: $(bash "$here/check_junit.sh" --how "$schema")"
valid_xml() { bash "$here/check_junit.sh" "$schema" "$@"; }
work=$(mktemp -d /var/tmp/isotest-consumers.XXXXXX)
trap 'rm -rf "$work"' EXIT
export ISOTEST_NPM_DIR=$work/npm
failures=0

# name, expected "tests failures errors skipped", expected exit status, isotest arguments...
check() {
  local name=$1 counts=$2 want_status=$3; shift 3
  local report=$work/reports/$name.xml status=0
  "$isotest" --junit "$report" "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null || status=$?
  local problems=""
  [ "$status" -eq "$want_status" ] || problems+=" exit $status (wanted $want_status);"
  valid_xml "$report" >"$work/$name.xmllint" 2>&1 || problems+=" schema: $(head -c 300 "$work/$name.xmllint");"
  # shellcheck disable=SC2086
  bash "$here/validate_with_npm.sh" $counts "$report" >"$work/$name.npm" 2>&1 || problems+=" npm reader: $(tail -n 3 "$work/$name.npm" | tr '\n' ' ');"
  if [ -n "$problems" ]; then
    echo "FAIL $name:$problems"
    failures=$((failures + 1))
  else
    echo "ok   $name"
  fi
}

check pass          "1 0 0 0" 0   -- true
check exit-status   "1 1 0 0" 3   -- sh -c 'echo out; echo err >&2; exit 3'
check signal        "1 0 1 0" 139 -- sh -c 'kill -SEGV $$'
check timeout       "1 0 1 0" 124 --timeout 0.2 -- sleep 30
check skipped       "1 0 0 1" 77  --skip-exit-code 77 -- sh -c 'exit 77'
check not-found     "1 0 1 0" 127 -- no-such-command-for-isotest
check hostile-text  "1 1 0 0" 1   -- sh -c 'printf "nul:\000 esc:\033[31mred\033[0m bad:\377\376 ]]> cr:\r\n"; printf "\001\002\xef\xbf\xbe" >&2; exit 1'
check big-output    "1 0 0 0" 0   --max-report-output 64K -- sh -c 'head -c 5000000 /dev/urandom | od -An -tx1'
check leftovers     "1 0 0 0" 0   -- sh -c 'sleep 1000 & echo x > "$HOME/written-by-isotest-consumer-check"'

# A real GoogleTest binary: its own per-case results (GTEST_OUTPUT, pointed inside the sandbox
# by isotest) are merged into the report, one <testcase> per case.
gtest_binary=$(dirname "$isotest")/../tests/unit/unit_tests
total_checks=11
if [ -x "$gtest_binary" ]; then
  total_checks=12
  cases=$("$gtest_binary" --gtest_list_tests --gtest_filter='MountPlan.*' | grep -c '^  ')
  report=$work/gtest.xml
  status=0
  "$isotest" --junit "$report" -- "$gtest_binary" --gtest_filter='MountPlan.*:Options.DefaultsMatchTheDocumentedOnes' \
    >/dev/null 2>&1 || status=$?
  names=$(xmllint --xpath 'count(//testcase[@classname="MountPlan"])' "$report" 2>/dev/null || echo 0)
  if [ "$status" -eq 0 ] && [ "$names" = "$cases" ] && valid_xml "$report" >/dev/null 2>&1 &&
     bash "$here/validate_with_npm.sh" "$((cases + 1))" 0 0 0 "$report" >/dev/null 2>&1; then
    echo "ok   gtest's own $((cases + 1)) cases merged into the report"
  else
    echo "FAIL gtest own results: exit $status, $names MountPlan cases of $cases"
    failures=$((failures + 1))
  fi
fi

# What a person sees: an HTML viewer (junit-viewer, installed with the reader above) shows a
# failure's body only, so why a test failed must be in it even when the test said so on stdout
# alone (a Unity-style "FAIL: Expected 42 Was 41"); a classname groups by the test's name.
total_checks=$((total_checks + 1))
viewer=$ISOTEST_NPM_DIR/node_modules/.bin/junit-viewer
report=$work/viewer.xml
"$isotest" --junit "$report" --name answer_test -- sh -c 'echo "test.c:12:test_answer:FAIL: Expected 42 Was 41"; exit 1' \
  >/dev/null 2>&1 || true
if [ -x "$viewer" ] && "$viewer" --results="$report" --save="$work/viewer.html" >"$work/viewer.log" 2>&1 &&
   grep -q 'FAIL: Expected 42 Was 41' "$work/viewer.html" && grep -q 'classname:"answer_test"' "$work/viewer.html"; then
  echo "ok   junit-viewer's page shows the failure reason printed on stdout"
else
  echo "FAIL junit-viewer: the page lacks the stdout failure reason or the classname ($(tail -n 2 "$work/viewer.log" 2>/dev/null | tr '\n' ' '))"
  failures=$((failures + 1))
fi

merged=$work/merged.xml
if "$isotest" merge -o "$merged" "$work/reports" >"$work/merge.out" 2>&1 &&
   valid_xml "$merged" >/dev/null 2>&1 &&
   bash "$here/validate_with_npm.sh" 9 2 3 1 "$merged" >"$work/merge.npm" 2>&1; then
  echo "ok   merge of all reports (9 tests, 2 failures, 3 errors, 1 skipped)"
else
  echo "FAIL merge: $(cat "$work/merge.out" "$work/merge.npm" 2>/dev/null | tail -n 5 | tr '\n' ' ')"
  failures=$((failures + 1))
fi
"$isotest" report "$work/reports" >"$work/summary.txt" || true
grep -q "leftover" "$work/summary.txt" || grep -qi "sleep" "$work/summary.txt" || {
  echo "FAIL isotest report does not mention the leftover process"; failures=$((failures + 1)); }

echo "$((total_checks - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
