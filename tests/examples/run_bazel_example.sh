#!/usr/bin/env bash
# Proves the Bazel integration on real `bazel test` runs of bazel/example (offline, Debian's
# bazel-bootstrap):
#   0. without isotest the example's tests are not vacuous: the two port tests clash
#      ("Address already in use") and the contract test sees the host's hostname;
#   1. with `--config=isolated` (--run_under isotest, from isotest.bazelrc) and
#   2. with the isotest_* rules of isotest.bzl,
#      each under --spawn_strategy=sandboxed (isotest nested in Bazel's linux-sandbox) and
#      standalone: every test passes, the two port tests held the same port at the same time,
#      every test.xml in bazel-testlogs was written by isotest and validates against the
#      schema, the test's own XML cases show up in it, sharded tests and --test_filter see
#      their variables, and undeclared outputs written inside the sandbox reach outputs.zip;
#      a test overrunning Bazel's timeout is shown as TIMEOUT with isotest's test.xml.
#
# usage: run_bazel_example.sh ISOTEST_BINARY [SHARED_DIR]
#   SHARED_DIR holds schemas/jenkins-xunit-junit-10.xsd (default: ../shared next to the repo;
#              without it the reports are checked as tests/consumers/check_junit.sh says)
# Bazel's output base goes to a temporary directory; the server is shut down at the end.
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

read_binary_and_schema run_bazel_example "$@"
workspace=$repo/bazel/example
if ! command -v bazel >/dev/null; then
    echo "run_bazel_example: error: bazel not found; install it with: apt-get install bazel-bootstrap" >&2
    exit 1
fi
for tool in unzip xmllint; do
    command -v $tool >/dev/null || { echo "run_bazel_example: error: $tool not found" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/isotest-bazel-example.XXXXXX")
begin_checks "$work/log"

bazel_() {  # every bazel command: private output root, a server that goes away by itself
    (cd "$workspace" && bazel --output_user_root="$work/root" --max_idle_secs=600 "$@")
}
cleanup() {
    bazel_ shutdown >/dev/null 2>&1
    if ((failures == 0)); then
        chmod -R u+w "$work" 2>/dev/null
        rm -rf "$work"
    fi
}
trap cleanup EXIT

zip_has() { local listing; listing=$(unzip -l "$1") && grep -q -e "$2" <<<"$listing"; }

common=(--symlink_prefix=/ --jobs=2 --local_cpu_resources=2 --nocache_test_results
    --test_output=errors --repo_env=ISOTEST_BINARY="$isotest")

# The two port tests meet in a shared directory (see port_holder.cc); it must be writable in
# Bazel's sandbox and, under isotest, bound through with --rw.
new_rendezvous() { mktemp -d "$work/rendezvous.XXXXXX"; }
rendezvous_flags() { echo "--test_env=PORT_RENDEZVOUS_DIR=$1" "--sandbox_writable_path=$1"; }

testlogs=""
run_bazel_test() {  # tag, expected exit, bazel test arguments...
    local tag=$1 expected=$2
    shift 2
    bazel_ test "${common[@]}" "$@" >"$log/$tag.log" 2>&1
    local status=$?
    check "$tag: bazel test exits $expected (got $status; log $tag.log)" exit_status_is $status "$expected"
    testlogs=$(bazel_ info "${common[@]}" bazel-testlogs 2>/dev/null)
}

# A test.xml that isotest wrote (its isotest.* properties) and the schema accepts.
isotest_report_ok() {  # tag, test.xml
    check "$1: ${2#"$testlogs"/} validates" valid_xml "$2"
    check "$1: ${2#"$testlogs"/} was written by isotest" contains "$2" 'name="isotest.version"'
}

check_isolated_run() {  # tag, strategy, port a, port b, own xml test, contract test
    local tag=$1 strategy=$2 port_a=$3 port_b=$4 own_xml=$5 contract=$6
    if [[ $strategy == sandboxed ]]; then
        check "$tag: tests ran in Bazel's linux-sandbox (isotest nested inside it)" \
            contains "$log/$tag.log" "linux-sandbox"
    fi
    local target
    for target in "$port_a" "$port_b"; do
        isotest_report_ok "$tag" "$testlogs/$target/test.xml"
        check "$tag: $target held the port while its peer held it too" \
            contains "$testlogs/$target/test.log" "holds the same port at the same time"
    done
    isotest_report_ok "$tag" "$testlogs/$own_xml/test.xml"
    check "$tag: $own_xml's own test cases are in test.xml" \
        contains "$testlogs/$own_xml/test.xml" 'own_case_alpha'
    check "$tag: ... both of them" contains "$testlogs/$own_xml/test.xml" 'own_case_beta'
    local shard
    for shard in 1 2; do
        local dir=$testlogs/$contract/shard_${shard}_of_2
        isotest_report_ok "$tag" "$dir/test.xml"
        check "$tag: $contract shard $shard: contract checks passed inside" \
            contains "$dir/test.log" "contract checks done for shard $((shard - 1)): 0 failure(s)"
        check "$tag: $contract shard $shard: undeclared output reached outputs.zip" \
            zip_has "$dir/test.outputs/outputs.zip" "shard-$((shard - 1)).txt"
        check "$tag: $contract shard $shard: TEST_SHARD_STATUS_FILE touched inside persisted" \
            test -f "$dir/test.shard"
        check "$tag: $contract shard $shard: report named after the target and shard" \
            contains "$dir/test.xml" "//:$contract (shard $shard of 2)"
    done
}

step "bazel $(bazel --version 2>/dev/null | tail -1); workspace $workspace; output root $work/root"

# --- 0. without isotest: the clash is real ------------------------------------------------
step "plain bazel test (no isotest), sandboxed"
rendezvous=$(new_rendezvous)
# shellcheck disable=SC2046
run_bazel_test plain 3 --spawn_strategy=sandboxed $(rendezvous_flags "$rendezvous") \
    //:port_a //:port_b //:contract_test
check "plain: one port test failed with 'Address already in use'" \
    grep -q "Address already in use" "$testlogs/port_a/test.log" "$testlogs/port_b/test.log"
check "plain: contract_test saw the host's hostname" \
    contains "$testlogs/contract_test/shard_1_of_2/test.log" "not localhost: not isolated"

for strategy in sandboxed standalone; do
    # --- 1. --config=isolated: --run_under isotest ------------------------------------------
    step "bazel test --config=isolated, $strategy"
    rendezvous=$(new_rendezvous)
    # shellcheck disable=SC2046
    run_bazel_test "run-under-$strategy" 0 --spawn_strategy=$strategy --config=isolated \
        --test_filter=example.filter --test_env=EXPECT_TEST_ONLY=example.filter \
        //:own_xml_test //:contract_test
    # The port tests' rendezvous directory is bound through with --rw in the --run_under value.
    # shellcheck disable=SC2046
    run_bazel_test "run-under-ports-$strategy" 0 --spawn_strategy=$strategy \
        --run_under="@isotest_bin//:isotest --rw $rendezvous" $(rendezvous_flags "$rendezvous") \
        //:port_a //:port_b
    check_isolated_run "run-under-$strategy" "$strategy" port_a port_b own_xml_test contract_test
    if [[ $strategy == sandboxed ]]; then
        # Bazel's own timeout: SIGTERM to isotest, which passes it on and still writes test.xml.
        run_bazel_test "timeout-$strategy" 3 --spawn_strategy=$strategy --config=isolated \
            --test_timeout=3 //:overruns_timeout
        check "timeout-$strategy: Bazel reports TIMEOUT" \
            grep -q "//:overruns_timeout .*TIMEOUT" "$log/timeout-$strategy.log"
        isotest_report_ok "timeout-$strategy" "$testlogs/overruns_timeout/test.xml"
        check "timeout-$strategy: test.xml says isotest.Terminated" \
            contains "$testlogs/overruns_timeout/test.xml" 'type="isotest.Terminated"'
    fi

    # --- 2. isotest_* rules -------------------------------------------------------------
    step "bazel test of the isotest_* rule targets, $strategy"
    rendezvous=$(new_rendezvous)
    # shellcheck disable=SC2046
    run_bazel_test "rules-$strategy" 0 --spawn_strategy=$strategy --test_tag_filters=isotest \
        $(rendezvous_flags "$rendezvous") //...
    check "rules-$strategy: all 4 isotest_* targets ran and passed" \
        contains "$log/rules-$strategy.log" "Executed 4 out of 4 tests: 4 tests pass"
    check_isolated_run "rules-$strategy" "$strategy" port_c_isolated port_d_isolated own_xml_isolated \
        contract_isolated
    # The suite-wide view of the test.xml files Bazel keeps, which isotest wrote.
    "$isotest" report "$testlogs" >"$log/report-$strategy.txt" 2>&1
    check "report-$strategy: isotest report has a hermeticity section (log report-$strategy.txt)" \
        contains "$log/report-$strategy.txt" "^Hermeticity: [0-9]"
    "$isotest" report --format json "$testlogs" >"$log/report-$strategy.json" 2>&1
    check "report-$strategy: isotest report --format json is valid JSON" valid_json "$log/report-$strategy.json"
    check "report-$strategy: ... counting the isotest runs" contains "$log/report-$strategy.json" '"isotest_runs":[1-9]'
done

end_checks run_bazel_example "$log (checks.log, <run>.log) and $work/root" || exit 1
exit 0
