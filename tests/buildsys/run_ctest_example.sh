#!/usr/bin/env bash
# Proves the CTest integration on a real `ctest -j4` run of examples/ctest-clash:
#   1. plain (no isotest): the clashes happen — port tests fail with "Address already in use",
#      the hostname test fails, the source tree gets a file, a daemon outlives ctest;
#   2. through isotest, from an install prefix (cmake --install of isotest's build dir, then
#      find_package(isotest)): every test passes, the source tree is untouched, no daemon is
#      left, one report per test, every report (and the merged one) valid against the schema,
#      SKIP_RETURN_CODE gives <skipped>, WILL_FAIL passes, and isotest's timeout fires before
#      CTest's (the report says isotest.Timeout);
#   3. the same through add_subdirectory(<isotest source>) (skip with ISOTEST_EXAMPLE_FROM_SOURCE=0).
#
# usage: run_ctest_example.sh ISOTEST_BINARY [SHARED_DIR]
#   ISOTEST_BINARY  isotest inside its CMake build directory (the build dir is found above it)
#   SHARED_DIR      holds schemas/jenkins-xunit-junit-10.xsd (default: ../shared next to the repo;
#                   without it the reports are checked as tests/report/check_junit.sh says)
# Work files go to ${ISOTEST_EXAMPLE_WORKDIR:-$TMPDIR or /tmp} (kept on failure): under /tmp on
# purpose, where the sandbox mounts a fresh /tmp over the project.
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

read_binary_and_schema run_ctest_example "$@"

build_dir=$(dirname "$isotest")
while [[ $build_dir != / && ! -f $build_dir/CMakeCache.txt ]]; do build_dir=$(dirname "$build_dir"); done
[[ -f $build_dir/CMakeCache.txt ]] || {
    echo "run_ctest_example: error: no CMake build directory above $isotest (CMakeCache.txt)" >&2
    exit 2
}

work=$(mktemp -d "${ISOTEST_EXAMPLE_WORKDIR:-${TMPDIR:-/tmp}}/isotest-ctest-example.XXXXXX")
begin_checks "$work/log"

daemon_pids() {  # build dir -> pids of daemons left by leaves_daemon from that build
    pgrep -f "ctest-clash-daemon:$1" || true
}
source_digest() {  # dir -> one line per file: hash and name
    (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
all_reports_valid() {  # dir
    valid_xml "$1"/*.xml
}
reports_are() {  # dir, expected names...
    local dir=$1
    shift
    local expected actual
    expected=$(printf '%s.xml\n' "$@" | sort)
    actual=$(cd "$dir" && ls -1 ./*.xml 2>/dev/null | sed 's|^\./||' | sort)
    echo "expected reports: $expected"
    echo "actual reports: $actual"
    [[ $expected == "$actual" ]]
}
lacks() { [[ -f $1 ]] && ! grep -q -e "$2" "$1"; }
no_daemon_from() { [[ -z $(daemon_pids "$1") ]]; }

tests_isolated=(port_server_1 port_server_2 port_server_3 port_server_4 hostname_is_localhost
    writes_source_tree leaves_daemon skips_itself expected_to_fail Server.StartsOnItsPort
    Server.RestartsOnItsPort)

src=$work/src
cp -r "$repo/examples/ctest-clash" "$src"
pristine=$(source_digest "$src")
source_is_pristine() { [[ $(source_digest "$src") == "$pristine" ]]; }

# --- 1. plain ----------------------------------------------------------------------------
step "plain ctest -j4 (no isotest)"
plain=$work/plain
cmake -S "$src" -B "$plain" -DCLASH_WITH_ISOTEST=OFF >"$log/plain-configure.log" 2>&1 &&
    cmake --build "$plain" -j2 >"$log/plain-build.log" 2>&1
check "plain: configure and build" exit_status_is $? 0
(cd "$plain" && ctest -j4 --output-on-failure) >"$log/plain-ctest.log" 2>&1
plain_status=$?
check "plain: ctest fails (exit $plain_status)" test "$plain_status" -ne 0
check "plain: a port test fails with 'Address already in use'" contains "$log/plain-ctest.log" "Address already in use"
check "plain: hostname_is_localhost fails (hostname is $(uname -n))" \
    contains "$log/plain-ctest.log" "hostname_is_localhost (Failed)"
check "plain: the source tree got generated-by-test.txt" test -f "$src/generated-by-test.txt"
leftover=$(daemon_pids "$plain")
check "plain: a daemon outlived ctest (pids: ${leftover:-none})" test -n "$leftover"
for pid in $leftover; do kill "$pid" 2>/dev/null; done
for _ in 1 2 3 4 5 6 7 8 9 10; do [[ -z $(daemon_pids "$plain") ]] && break; sleep 0.5; done
check "plain: leftover daemon cleaned up" no_daemon_from "$plain"
rm -f "$src/generated-by-test.txt"
check "plain: source tree restored" source_is_pristine

# --- 2. through isotest, installed -------------------------------------------------------
step "isotest from an install prefix"
prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$log/install.log" 2>&1
check "cmake --install $build_dir" exit_status_is $? 0
config=$(find "$prefix" -name isotestConfig.cmake -print -quit)
check "the install has isotestConfig.cmake (${config:-missing: is ctest/ added to the build?})" test -n "$config"

run_isolated() {  # label, build dir, cmake args...
    local label=$1 build=$2
    shift 2
    local tag=${label// /-}
    cmake -S "$src" -B "$build" -DCLASH_TIMEOUT_DEMO=ON "$@" >"$log/$tag-configure.log" 2>&1 &&
        cmake --build "$build" -j2 >"$log/$tag-build.log" 2>&1
    local built=$?
    check "$label: configure and build (logs: $tag-configure.log, $tag-build.log)" exit_status_is $built 0
    ((built == 0)) || return
    (cd "$build" && ctest -j4 -LE timeout-demo --output-on-failure) >"$log/$tag-ctest.log" 2>&1
    check "$label: ctest -j4 passes (exit $?)" contains "$log/$tag-ctest.log" "100% tests passed, 0 tests failed out of ${#tests_isolated[@]}"
    check "$label: skips_itself reported as skipped by ctest" contains "$log/$tag-ctest.log" "skips_itself (Skipped)"
    check "$label: source tree untouched" source_is_pristine
    check "$label: no daemon left" no_daemon_from "$build"
    local reports=$build/isotest-reports
    check "$label: one report per test in isotest-reports/" reports_are "$reports" "${tests_isolated[@]}"
    check "$label: every report validates against the schema" all_reports_valid "$reports"
    check "$label: skips_itself.xml has <skipped>" contains "$reports/skips_itself.xml" "<skipped"
    check "$label: expected_to_fail.xml records the failure" contains "$reports/expected_to_fail.xml" 'type="isotest.ExitCode"'
    check "$label: port_server_1.xml passed" lacks "$reports/port_server_1.xml" "<failure\|<error"
    check "$label: leaves_daemon.xml names the leftover daemon" contains "$reports/leaves_daemon.xml" 'leftover_processes" value="[0-9]'
    check "$label: writes_source_tree.xml names the file it wrote" contains "$reports/writes_source_tree.xml" "generated-by-test.txt"

    # isotest's timeout fires before CTest's: CTest sees a failure (exit 124), not "Timeout".
    (cd "$build" && ctest -L timeout-demo --output-on-failure) >"$log/$tag-timeout.log" 2>&1
    check "$label: overrunning test fails by isotest's timeout, not CTest's" \
        contains "$log/$tag-timeout.log" "overruns_timeout (Failed)"
    check "$label: its report says isotest.Timeout" contains "$reports/overruns_timeout.xml" 'type="isotest.Timeout"'
    check "$label: overruns_timeout.xml validates" \
        valid_xml "$reports/overruns_timeout.xml"

    cmake --build "$build" --target isotest_merge_reports >"$log/$tag-merge.log" 2>&1
    check "$label: isotest_merge_reports target" exit_status_is $? 0
    check "$label: merged report validates" valid_xml "$build/isotest-report.xml"
    check "$label: merged report counts all $((${#tests_isolated[@]} + 1)) tests" \
        contains "$build/isotest-report.xml" "<testsuites tests=\"$((${#tests_isolated[@]} + 1))\""
    for pid in $(daemon_pids "$build"); do kill "$pid" 2>/dev/null; done
}
run_isolated "installed" "$work/installed" -DCMAKE_PREFIX_PATH="$prefix"

# --- 3. through isotest, from source -----------------------------------------------------
if [[ ${ISOTEST_EXAMPLE_FROM_SOURCE:-1} != 0 ]]; then
    step "isotest from source (add_subdirectory)"
    run_isolated "from source" "$work/from-source" -DCLASH_ISOTEST_SOURCE_DIR="$repo"
else
    echo "== from source: skipped (ISOTEST_EXAMPLE_FROM_SOURCE=0)"
fi

end_checks run_ctest_example "$log (checks.log, *-ctest.log)" || exit 1
rm -rf "$work"
exit 0
