# Helpers shared by the buildsys example runners (run_bazel_example.sh, run_ctest_example.sh).
# Sourced, not run: source "$(dirname "$0")/lib.sh".
# shellcheck shell=bash

# usage: SCRIPT ISOTEST_BINARY [SHARED_DIR]. Sets repo, isotest, shared and schema, or exits 2
# with one line naming the problem. The schema is not in this repository: without it (a fresh
# clone has no ../shared), valid_xml checks with what it has and this says so in one line.
read_binary_and_schema() {  # script name, the script's arguments...
    local me=$1
    shift
    repo=$(cd "$(dirname "$0")/../.." && pwd)
    if (($# < 1)); then
        echo "usage: $0 ISOTEST_BINARY [SHARED_DIR]" >&2
        exit 2
    fi
    isotest=$(realpath "$1")
    shared=$(realpath -m "${2:-$repo/../shared}")
    schema=$shared/schemas/jenkins-xunit-junit-10.xsd
    [[ -x $isotest ]] || { echo "$me: error: $isotest is not an executable" >&2; exit 2; }
    echo "$me: $(bash "$repo/tests/consumers/check_junit.sh" --how "$schema")"
}

# Each report valid: against the schema where it is present, else by the rules that stand in
# for it (tests/consumers/check_junit.sh).
valid_xml() {  # report...
    bash "$repo/tests/consumers/check_junit.sh" "$schema" "$@"
}

# Starts counting checks; their output goes to LOG_DIR/checks.log.
begin_checks() {  # log dir
    log=$1
    mkdir -p "$log"
    started=$SECONDS
    failures=0
    checks=0
}

check() {  # description, command...
    local description=$1
    shift
    checks=$((checks + 1))
    if "$@" >>"$log/checks.log" 2>&1; then
        echo "  ok    $description"
    else
        echo "  FAIL  $description"
        failures=$((failures + 1))
    fi
}
step() { echo "== $* ($((SECONDS - started)) s)"; }

# Prints the tally; fails (after saying where the logs are) when a check failed.
end_checks() {  # script name, where the logs are kept
    step "done"
    echo "$1: $((checks - failures)) passed, $failures failed ($((SECONDS - started)) s)"
    if ((failures)); then
        echo "$1: logs kept in $2" >&2
        return 1
    fi
}

contains() { [[ -f $1 ]] && grep -q -e "$2" "$1"; }  # file, pattern
# Strict JSON (node's JSON.parse; node is there for tests/consumers' npm reader).
valid_json() { node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1"; }  # file
exit_status_is() { [[ $1 == "$2" ]]; }
