#!/usr/bin/env bash
# The main job: build isotest, run a real test under it, and show its JUnit report.
# The test tries what usually breaks parallel test runs: it binds a fixed port, writes into
# the source tree and /tmp, leaves a daemon, and reads the hostname. Under isotest all of it
# stays inside the sandbox.
# ISOTEST=/usr/bin/isotest runs the demo with an installed isotest instead (nothing installed
# or built; scripts/package-fresh-root.sh does so in a fresh root).
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${ISOTEST:-}" ]; then
  isotest=$ISOTEST
else
  bash "$src/scripts/install-deps.sh"
  BUILD_DIR=${BUILD_DIR:-/var/tmp/isotest-build} bash "$src/scripts/build.sh" -DISOTEST_BUILD_TESTS=OFF
  isotest=${BUILD_DIR:-/var/tmp/isotest-build}/src/isotest
fi
report=${REPORT:-/var/tmp/isotest-demo-report.xml}

set +e
"$isotest" --junit "$report" --name demo --timeout 30 -- sh -c '
  echo "hostname inside: $(hostname)"
  echo "processes visible: $(ls /proc | grep -c "^[0-9]")"
  echo "network interfaces: $(ls /sys/class/net | tr "\n" " ")"
  echo scribble > '"$src"'/written-by-demo.txt && echo "wrote into the source tree (will vanish)"
  sleep 1000 & echo "left a daemon behind (pid $!, will be killed)"
  echo "some stderr" >&2
  exit 0'
status=$?
set -e
echo "isotest exited with $status"
test ! -e "$src/written-by-demo.txt" && echo "source tree untouched after the run"
echo "---- JUnit report: $report"
cat "$report"
