#!/bin/sh
# Checks the Bazel test-encyclopedia contract from inside the test, and that isolation is on:
#   - hostname is "localhost" (isotest's UTS namespace; the host's name otherwise),
#   - $TEST_TMPDIR and $TEST_UNDECLARED_OUTPUTS_DIR are writable (the latter is kept: Bazel
#     zips it into test.outputs/outputs.zip after the test),
#   - sharding: touches $TEST_SHARD_STATUS_FILE and sees TEST_SHARD_INDEX/TEST_TOTAL_SHARDS,
#   - --test_filter reaches the test as TESTBRIDGE_TEST_ONLY (checked when EXPECT_TEST_ONLY is set).
set -u
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

name=$(uname -n)
[ "$name" = localhost ] || fail "hostname is '$name', not localhost: not isolated"

if ! echo scratch > "$TEST_TMPDIR/scratch.txt"; then fail "TEST_TMPDIR $TEST_TMPDIR not writable"; fi

shard="${TEST_SHARD_INDEX:-none}"
if [ -n "${TEST_SHARD_STATUS_FILE:-}" ]; then
    touch "$TEST_SHARD_STATUS_FILE" || fail "cannot touch TEST_SHARD_STATUS_FILE $TEST_SHARD_STATUS_FILE"
    [ -n "${TEST_TOTAL_SHARDS:-}" ] || fail "TEST_TOTAL_SHARDS missing in a sharded test"
fi

if ! echo "shard $shard of ${TEST_TOTAL_SHARDS:-1} ran on $name" > "$TEST_UNDECLARED_OUTPUTS_DIR/shard-$shard.txt"; then
    fail "TEST_UNDECLARED_OUTPUTS_DIR $TEST_UNDECLARED_OUTPUTS_DIR not writable"
fi

if [ -n "${EXPECT_TEST_ONLY:-}" ] && [ "${TESTBRIDGE_TEST_ONLY:-}" != "$EXPECT_TEST_ONLY" ]; then
    fail "TESTBRIDGE_TEST_ONLY is '${TESTBRIDGE_TEST_ONLY:-}', expected '$EXPECT_TEST_ONLY'"
fi

echo "contract checks done for shard $shard: $failures failure(s)"
[ "$failures" -eq 0 ]
