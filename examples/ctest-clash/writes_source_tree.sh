#!/bin/sh
# Writes its output next to the sources (cwd is the source directory, from WORKING_DIRECTORY)
# and trips over the file an earlier run left there. Under isotest the write lands in a
# throw-away overlay: the source tree stays clean and every run starts fresh.
set -eu
if [ -e generated-by-test.txt ]; then
    echo "stale generated-by-test.txt from an earlier run in $(pwd)" >&2
    exit 1
fi
echo "written by the writes_source_tree test" > generated-by-test.txt
echo "wrote $(pwd)/generated-by-test.txt"
