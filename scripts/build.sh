#!/usr/bin/env bash
# Configures and builds isotest into BUILD_DIR (default /var/tmp/isotest-build).
# Extra arguments go to cmake's configure step.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-/var/tmp/isotest-build}
mkdir -p "$build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DISOTEST_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
