#!/usr/bin/env bash
# Installs what building and testing isotest needs on Debian 12 (run as root).
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: not root; assuming the packages are installed (see this script for the list)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates build-essential g++ cmake make pkg-config \
  libboost-dev libboost-program-options-dev libboost-filesystem-dev \
  libtinyxml2-dev libgtest-dev googletest \
  libxml2-utils util-linux procps iproute2 bubblewrap uidmap curl python3 \
  bazel-bootstrap zip file clang libclang-rt-14-dev \
  debootstrap qemu-system-x86 qemu-utils >/dev/null
# node + npm for the independent JUnit reader; a node that ships its own npm (NodeSource)
# conflicts with Debian's npm package, so only install what is missing.
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
