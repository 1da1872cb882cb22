#!/bin/sh
# Overruns any short --test_timeout: Bazel sends SIGTERM, isotest passes it on and still writes
# test.xml (isotest.Terminated); Bazel reports TIMEOUT as usual.
echo "sleeping past the timeout"
sleep 120
