#!/usr/bin/env bash
# Proves the CTest integration on real `ctest -j4` runs, with the stock CMake (3.25 on Debian 12)
# and a newer one (bookworm-backports, unpacked by scripts/backports-cmake.sh; this fails when
# it cannot be had):
#   1. examples/ctest-clash plain (no isotest): the clashes happen — port tests fail with
#      "Address already in use", the hostname test fails, the source tree gets a file, a daemon
#      outlives ctest;
#   2. the same through isotest, from an install prefix (cmake --install of isotest's build dir,
#      then find_package(isotest)), with each CMake: every test passes, the source tree is
#      untouched, no daemon is left, one report per test, every report (and the merged one)
#      valid against the schema, SKIP_RETURN_CODE gives <skipped>, WILL_FAIL passes; a test
#      overrunning its TIMEOUT has a report and a line on stderr saying why it ended (CMake <
#      3.27: isotest's own timeout, CTest says Failed; >= 3.27: CTest's SIGTERM, CTest says
#      Timeout);
#   3. the same through add_subdirectory(<isotest source>) (skip with ISOTEST_EXAMPLE_FROM_SOURCE=0);
#   4. examples/ctest-project, a project that knows nothing of isotest, bare and wrapped from
#      the command line (isotest-all.cmake), with each CMake, as root and as the unprivileged
#      ISOTEST_TEST_USER (default isotest-ci, when run as root and the user exists): CTest says
#      the same of every test in every directory (SegFault, abort, Skipped, a test using 90 %
#      of its TIMEOUT passes) but for the overrunning one on CMake < 3.27, every test has its
#      report under its own name, and the try_run() checks ran bare (not as tests).
#
# usage: run_ctest_example.sh ISOTEST_BINARY [SHARED_DIR]
#   ISOTEST_BINARY  isotest inside its CMake build directory (the build dir is found above it)
#   SHARED_DIR      holds schemas/jenkins-xunit-junit-10.xsd (default: ../shared next to the repo;
#                   without it the reports are checked as tests/consumers/check_junit.sh says)
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

stock_cmake=$(dirname "$(command -v cmake)")
newer_cmake=$(bash "$repo/scripts/backports-cmake.sh")/bin || exit 1
cmake_version() { "$1/cmake" --version | head -n1 | cut -d' ' -f3; }

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
version_before() { [[ $(printf '%s\n' "$(cmake_version "$1")" "$2" | sort -V | head -n1) != "$2" ]]; }  # bin dir, version
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

run_isolated() {  # label, cmake bin dir, build dir, cmake args...
    local label=$1 bin=$2 build=$3
    shift 3
    local tag=${label// /-}
    "$bin/cmake" -S "$src" -B "$build" -DCLASH_TIMEOUT_DEMO=ON "$@" >"$log/$tag-configure.log" 2>&1 &&
        "$bin/cmake" --build "$build" -j2 >"$log/$tag-build.log" 2>&1
    local built=$?
    check "$label: configure and build (logs: $tag-configure.log, $tag-build.log)" exit_status_is $built 0
    ((built == 0)) || return
    (cd "$build" && "$bin/ctest" -j4 -LE timeout-demo --output-on-failure) >"$log/$tag-ctest.log" 2>&1
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

    # The overrunning test (TIMEOUT 4) has a report and a line on stderr saying why it ended.
    (cd "$build" && "$bin/ctest" -L timeout-demo --output-on-failure) >"$log/$tag-timeout.log" 2>&1
    if version_before "$bin" 3.27; then
        check "$label: overruns_timeout ends by isotest's timeout before CTest's (CTest: Failed)" \
            contains "$log/$tag-timeout.log" "overruns_timeout (Failed)"
        check "$label: its report says isotest.Timeout" contains "$reports/overruns_timeout.xml" 'type="isotest.Timeout"'
        check "$label: stderr says isotest timed it out" \
            contains "$log/$tag-timeout.log" "^isotest: timed out after 3.500 s (--timeout); the test was killed$"
    else
        check "$label: overruns_timeout ends by CTest's TIMEOUT (CTest: Timeout)" \
            contains "$log/$tag-timeout.log" "overruns_timeout (Timeout)"
        check "$label: its report says isotest.Terminated by SIGTERM" \
            contains "$reports/overruns_timeout.xml" 'type="isotest.Terminated" message="terminated: isotest received SIGTERM'
        check "$label: stderr says isotest passed CTest's SIGTERM on" \
            contains "$log/$tag-timeout.log" "^isotest: terminated: isotest received SIGTERM; "
    fi
    check "$label: overruns_timeout.xml validates" \
        valid_xml "$reports/overruns_timeout.xml"

    "$bin/cmake" --build "$build" --target isotest_merge_reports >"$log/$tag-merge.log" 2>&1
    check "$label: isotest_merge_reports target" exit_status_is $? 0
    check "$label: merged report validates" valid_xml "$build/isotest-report.xml"
    check "$label: merged report counts all $((${#tests_isolated[@]} + 1)) tests" \
        contains "$build/isotest-report.xml" "<testsuites tests=\"$((${#tests_isolated[@]} + 1))\""
    # The suite-wide view: of all the tests, those that reach outside, grouped by what they did
    # (overruns_timeout too: its sleep outlived the shell isotest's timeout killed).
    "$isotest" report "$reports" >"$log/$tag-report.txt" 2>&1
    check "$label: isotest report: a hermeticity section (log $tag-report.txt)" \
        contains "$log/$tag-report.txt" "^Hermeticity: 3 of $((${#tests_isolated[@]} + 1)) isotest runs depend on"
    check "$label: ... writes_source_tree among those that wrote outside their writable paths" \
        contains "$log/$tag-report.txt" "^    writes_source_tree  .*generated-by-test.txt"
    check "$label: ... leaves_daemon among those that left processes running" \
        contains "$log/$tag-report.txt" "^    leaves_daemon  [0-9]"
    "$isotest" report --format json "$reports" >"$log/$tag-report.json" 2>"$log/$tag-report-json.err"
    check "$label: isotest report --format json is valid JSON (log $tag-report.json)" valid_json "$log/$tag-report.json"
    check "$label: ... naming leaves_daemon under left_processes_running" \
        contains "$log/$tag-report.json" '"left_processes_running":\[{"test":"leaves_daemon"'
    for pid in $(daemon_pids "$build"); do kill "$pid" 2>/dev/null; done
}
run_isolated "installed, CMake $(cmake_version "$stock_cmake")" "$stock_cmake" "$work/installed" -DCMAKE_PREFIX_PATH="$prefix"
run_isolated "installed, CMake $(cmake_version "$newer_cmake")" "$newer_cmake" "$work/installed-newer" -DCMAKE_PREFIX_PATH="$prefix"

# --- 3. through isotest, from source -----------------------------------------------------
if [[ ${ISOTEST_EXAMPLE_FROM_SOURCE:-1} != 0 ]]; then
    step "isotest from source (add_subdirectory)"
    run_isolated "from source, CMake $(cmake_version "$stock_cmake")" "$stock_cmake" "$work/from-source" \
        -DCLASH_ISOTEST_SOURCE_DIR="$repo"
else
    echo "== from source: skipped (ISOTEST_EXAMPLE_FROM_SOURCE=0)"
fi

# --- 4. a whole project, unedited ------------------------------------------------------
project_src=$work/project-src
cp -r "$repo/examples/ctest-project" "$project_src"
test_user=${ISOTEST_TEST_USER:-isotest-ci}
as_user=()
if [[ $(id -u) == 0 ]] && id "$test_user" >/dev/null 2>&1; then
    as_user=(runuser -u "$test_user" --)
    chmod 755 "$work"
    chmod -R a+rX "$project_src" "$prefix"
fi
project_tests=(top_passes core_skips core_in_time crash_segfault crash_abort tools_overruns)

# "name verdict" per test, sorted, from a ctest log: "crash_abort Subprocess aborted***Exception:".
verdicts() {  # ctest log
    sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) [ .]*\(.*[^ ]\)  *[0-9.][0-9.]* sec$/\1 \2/p' "$1" |
        sort
}
run_project() {  # tag, cmake bin dir, runner (empty or runuser ...), cmake args...
    local tag=$1 bin=$2
    local runner=()
    [[ -n $3 ]] && read -r -a runner <<<"$3"
    shift 3
    local build=$work/project-$tag
    mkdir -p "$build"
    [[ ${#runner[@]} -gt 0 ]] && chown "$test_user" "$build"
    "${runner[@]}" "$bin/cmake" -S "$project_src" -B "$build" "$@" >"$log/project-$tag-configure.log" 2>&1 &&
        "${runner[@]}" "$bin/cmake" --build "$build" -j2 >"$log/project-$tag-build.log" 2>&1
    local built=$?
    (cd "$build" && "${runner[@]}" "$bin/ctest" -j4 --output-on-failure) >"$log/project-$tag-ctest.log" 2>&1
    verdicts "$log/project-$tag-ctest.log" >"$log/project-$tag-verdicts.txt"
    return $built
}
probe_ran_bare() {  # configure log
    [[ $(grep -c "try_run probe ([a-z]*): hostname $(uname -n)\$" "$1") == 2 ]]
}

for bin in "$stock_cmake" "$newer_cmake"; do
    version=$(cmake_version "$bin")
    step "examples/ctest-project with CMake $version: bare, then isotest-all.cmake"
    run_project "bare-$version" "$bin" ""
    check "CMake $version, bare: configure and build (logs: project-bare-$version-*.log)" exit_status_is $? 0
    check "CMake $version, bare: every test ran" \
        test "$(wc -l <"$log/project-bare-$version-verdicts.txt")" -eq ${#project_tests[@]}
    check "CMake $version, bare: the try_run probes ran on this host" probe_ran_bare "$log/project-bare-$version-configure.log"
    # What isotest changes, and why: on CMake < 3.27 isotest's own timeout ends the overrunning
    # test (CTest: Failed, exit 124); on >= 3.27 CTest ends it with SIGTERM, and says so.
    if version_before "$bin" 3.27; then
        sed 's/^tools_overruns \*\*\*Timeout$/tools_overruns ***Failed/' "$log/project-bare-$version-verdicts.txt"
    else
        sed 's/^tools_overruns \*\*\*Timeout$/tools_overruns ***Timeout (SIGTERM)/' "$log/project-bare-$version-verdicts.txt"
    fi >"$log/project-expected-$version.txt"
    users=("root:")
    ((${#as_user[@]})) && users+=("$test_user:${as_user[*]}")
    for entry in "${users[@]}"; do
        user=${entry%%:*}
        tag=isotest-$version-$user
        run_project "$tag" "$bin" "${entry#*:}" \
            -DCMAKE_PROJECT_TOP_LEVEL_INCLUDES="$(dirname "$config")/isotest-all.cmake"
        built=$?
        label="CMake $version, isotest-all.cmake, as $user"
        check "$label: configure and build (logs: project-$tag-*.log)" exit_status_is $built 0
        check "$label: CTest's verdicts are bare's (but the overrun, explained)" \
            diff "$log/project-expected-$version.txt" "$log/project-$tag-verdicts.txt"
        check "$label: the try_run probes ran on this host, not under isotest" \
            probe_ran_bare "$log/project-$tag-configure.log"
        reports=$work/project-$tag/isotest-reports
        check "$label: one report per test, each under its CTest name (no cmTC_*)" \
            reports_are "$reports" "${project_tests[@]}"
        check "$label: every report validates against the schema" all_reports_valid "$reports"
        check "$label: core_skips.xml (a subdirectory's test) has <skipped>" contains "$reports/core_skips.xml" "<skipped"
        check "$label: crash_segfault.xml says SIGSEGV" contains "$reports/crash_segfault.xml" "killed by signal SIGSEGV"
        check "$label: crash_abort.xml says SIGABRT" contains "$reports/crash_abort.xml" "killed by signal SIGABRT"
        check "$label: core_in_time.xml (90 % of its TIMEOUT) passed" lacks "$reports/core_in_time.xml" "<failure\|<error"
        if version_before "$bin" 3.27; then
            check "$label: tools_overruns.xml says isotest.Timeout" contains "$reports/tools_overruns.xml" 'type="isotest.Timeout"'
            check "$label: stderr says isotest timed it out" \
                contains "$log/project-$tag-ctest.log" "^isotest: timed out after 1.500 s (--timeout); the test was killed$"
        else
            check "$label: tools_overruns.xml says isotest.Terminated" contains "$reports/tools_overruns.xml" 'type="isotest.Terminated"'
            check "$label: stderr says isotest passed CTest's SIGTERM on" \
                contains "$log/project-$tag-ctest.log" "^isotest: terminated: isotest received SIGTERM; the test was killed by signal SIGTERM$"
        fi
    done
done

end_checks run_ctest_example "$log (checks.log, *-ctest.log)" || exit 1
rm -rf "$work"
exit 0
