#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs dependencies, builds with -Werror, runs unit
# and integration tests as root and as an unprivileged user, then again under
# AddressSanitizer + UndefinedBehaviorSanitizer, then the package (built, installed into a
# throwaway root, run, removed; then with apt into a fresh Debian 12 root), the VM lane's quick
# run (scripts/vm-test.sh: Debian 12's kernel with cgroup v2), the AppArmor profile's syntax
# check, the report consumers and build-system examples.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
shared=${ISOTEST_SHARED_DIR:-$src/../shared}
test_user=${ISOTEST_TEST_USER:-isotest-ci}
base=${ISOTEST_BUILD_BASE:-/var/tmp/isotest-ci}

bash "$src/scripts/install-deps.sh"
# The JUnit schemas live beside the repository (CI has them); a fresh clone has none.
echo "test-all: $(bash "$src/tests/consumers/check_junit.sh" --how "$shared/schemas/jenkins-xunit-junit-10.xsd")"

user_args=()
if [ "$(id -u)" -eq 0 ]; then
  id "$test_user" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$test_user"
  # Subordinate ids for --map-subids (useradd grants them only where /etc/subuid already exists
  # and login.defs asks for them): 65536 past the highest range granted so far.
  for file in /etc/subuid /etc/subgid; do
    if ! grep -q "^$test_user:[0-9]*:[1-9]" "$file" 2>/dev/null; then
      start=$(awk -F: 'BEGIN { end = 100000 } NF == 3 && $2 + $3 > end { end = $2 + $3 } END { print end }' "$file" 2>/dev/null || echo 100000)
      flag=$([ "$file" = /etc/subuid ] && echo --add-subuids || echo --add-subgids)
      usermod "$flag" "$start-$((start + 65535))" "$test_user"
    fi
  done
  # Debian's udev makes /dev/net/tun and /dev/fuse 0666; a machine booted without udev leaves
  # them root's alone, and the device tests (tests/integration/devices_test.cpp) run as the
  # unprivileged user too.
  for node in /dev/net/tun /dev/fuse; do
    if [ -c "$node" ]; then chmod 0666 "$node"; fi
  done
  user_args=(-DISOTEST_TEST_USER="$test_user")
else
  echo "test-all: not root; integration tests run as $(id -un) only" >&2
fi

# Fresh builds every time: a build tree configured from another checkout is refused by cmake.
rm -rf "$base/release" "$base/sanitize" "$base/bench" "$base/fuzz"
mkdir -p "$base" && chmod 755 "$base"
run_suite() {  # name, extra cmake args...
  local name=$1; shift
  local build="$base/$name"
  echo "=== build: $name"
  BUILD_DIR="$build" bash "$src/scripts/build.sh" -DISOTEST_SHARED_DIR="$shared" "${user_args[@]}" "$@"
  chmod -R a+rX "$build"
  echo "=== test: $name"
  (cd "$build" && ctest --output-on-failure -j2 --timeout 600)
}

suites=0
run_suite release
suites=$((suites + 1))
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run_suite sanitize -DISOTEST_SANITIZE=ON
suites=$((suites + 1))

echo "=== package: .deb and .tar.gz built, installed into a throwaway root, run, removed"
if [ "$(id -u)" -eq 0 ]; then
  bash "$src/scripts/package-check.sh" "$base/release" "$test_user"
  suites=$((suites + 1))
else
  echo "test-all: not root; no package check (dpkg --root needs root)" >&2
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "=== package: apt install ./isotest_*.deb into a fresh Debian 12 root, doctor and the demo there"
  bash "$src/scripts/package-fresh-root.sh" "$base/release"
  suites=$((suites + 1))
  echo "=== VM lane (--quick): Debian 12's kernel, systemd's cgroup v2, as root and as a systemd user"
  bash "$src/scripts/vm-test.sh" --quick --build "$base/release" --shared "$shared"
  suites=$((suites + 1))
else
  echo "test-all: not root; no fresh-root install, no VM lane (debootstrap and chroot need root)" >&2
fi
echo "=== AppArmor profile: apparmor_parser -Q -K"
bash "$src/scripts/check-apparmor-profile.sh"
suites=$((suites + 1))

echo "=== bench --quick (every launcher still runs; figures not meaningful)"
ISOTEST_BENCH_BUILD="$base/bench" bash "$src/bench/run.sh" --quick --isotest "$base/release/src/isotest" >/dev/null
suites=$((suites + 1))

echo "=== fuzzers (libFuzzer, bounded time each)"
bash "$src/tests/fuzz/run_fuzzers.sh" -t "${ISOTEST_FUZZ_SECONDS:-20}" -b "$base/fuzz"
suites=$((suites + 1))

for extra in "$src"/tests/consumers/run_consumer_checks.sh "$src"/tests/examples/run_ctest_example.sh \
             "$src"/tests/examples/run_bazel_example.sh "$src"/tests/examples/run_remote_execution_doc.sh; do
  if [ -f "$extra" ]; then
    echo "=== $(basename "$extra")"
    bash "$extra" "$base/release/src/isotest" "$shared"
    suites=$((suites + 1))
  fi
done
echo "test-all: all suites passed"
echo "suites: $suites passed, 0 failed"
