#!/usr/bin/env bash
# Runs the commands of docs/remote-execution.md that can run here: every ```sh block preceded by
# the line `<!-- runnable -->`, in the order written, as one bash script (set -euo pipefail) in a
# scratch directory, with the isotest under test first on PATH and installed (cmake --install of
# its build directory) under $ISOTEST_PREFIX, the CMake package included. Then checks what the
# blocks promise: doctor's required lines ok, the merged report holds every test of the suite
# (six, one failed) as one valid report, `isotest report` names the failure, and the merge of a
# bazel-testlogs-like tree holds both of its reports.
#
# usage: run_remote_execution_doc.sh ISOTEST_BINARY [SHARED_DIR]
# Work files go to ${ISOTEST_EXAMPLE_WORKDIR:-$TMPDIR or /tmp} (kept on failure).
set -uo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

read_binary_and_schema run_remote_execution_doc "$@"
doc=$repo/docs/remote-execution.md

build_dir=$(dirname "$isotest")
while [[ $build_dir != / && ! -f $build_dir/CMakeCache.txt ]]; do build_dir=$(dirname "$build_dir"); done
[[ -f $build_dir/CMakeCache.txt ]] || {
    echo "run_remote_execution_doc: error: no CMake build directory above $isotest (CMakeCache.txt)" >&2
    exit 2
}

work=$(mktemp -d "${ISOTEST_EXAMPLE_WORKDIR:-${TMPDIR:-/tmp}}/isotest-remote-doc.XXXXXX")
begin_checks "$work/log"

# The runnable blocks, in order: the ```sh block right after each `<!-- runnable -->` line.
extract_runnable() {  # markdown file
    awk '
        /^<!-- runnable -->$/ { armed = 1; next }
        armed && /^```sh$/ { inside = 1; armed = 0; print "# --- block " ++n; next }
        inside && /^```$/ { inside = 0; next }
        inside { print; next }
        NF { armed = 0 }
    ' "$1"
}

step "the runnable blocks of docs/remote-execution.md"
script=$work/blocks.sh
extract_runnable "$doc" >"$script"
blocks=$(grep -c '^# --- block ' "$script")
check "the doc has its five runnable blocks" exit_status_is "$blocks" 5

prefix=$work/prefix
cmake --install "$build_dir" --prefix "$prefix" >"$log/install.log" 2>&1
check "cmake --install $build_dir" exit_status_is $? 0
# The installed binary is the one under test (cmake --install copies it).
check "the installed isotest is the one under test" cmp -s "$prefix/bin/isotest" "$isotest"

# As the invoker and, run as root, once more as the unprivileged ISOTEST_TEST_USER (default
# isotest-ci, where it exists), as run_ctest_example.sh does.
test_user=${ISOTEST_TEST_USER:-isotest-ci}
runners=(self)
if [[ $(id -u) == 0 ]] && id "$test_user" >/dev/null 2>&1; then
    runners+=("$test_user")
    chmod -R a+rX "$work" "$prefix"
fi
for who in "${runners[@]}"; do
    run=$work/run-$who
    mkdir -p "$run"
    as=()
    if [[ $who != self ]]; then
        chown "$test_user" "$run"
        as=(runuser -u "$test_user" --)
    fi
    step "the blocks, as $(if [[ $who == self ]]; then id -un; else echo "$who"; fi)"
    (cd "$run" && "${as[@]}" env PATH="$prefix/bin:$PATH" ISOTEST_PREFIX="$prefix" HOME="$run" bash -euo pipefail "$script") \
        >"$log/blocks-$who.log" 2>&1
    check "the blocks run, each command succeeding (log: $log/blocks-$who.log)" exit_status_is $? 0
    check "doctor: every required line ok" bash -c "! grep -q '^FAIL' '$log/blocks-$who.log' && grep -q '^ok    default sandbox runs /bin/true' '$log/blocks-$who.log'"
    check "each shard ran its half: 3 reports each" bash -c "[[ \$(ls '$run'/reports-1/*.xml | wc -l) == 3 && \$(ls '$run'/reports-2/*.xml | wc -l) == 3 ]]"
    check "the merged report holds all six tests" contains "$run/suite.xml" '<testsuites[^>]* tests="6"'
    check "... one of them failed" contains "$run/suite.xml" '<testsuites[^>]* failures="1"'
    check "... and is valid" valid_xml "$run/suite.xml"
    check "isotest merge reads test.xml files through the bazel-testlogs symlink" contains "$run/all.xml" '<testsuites[^>]* tests="2"'
    check "isotest report names the failing test" contains "$log/blocks-$who.log" 'FAILED fails.fails  (reports-2/fails.xml)'
done

end_checks run_remote_execution_doc "$work"
status=$?
((status == 0)) && rm -rf "$work"
exit "$status"
