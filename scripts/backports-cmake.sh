#!/usr/bin/env bash
# Puts a newer CMake (Debian's <codename>-backports suite) beside the stock one, without
# installing it: the CTest integration is tested with both. Prints the directory holding its
# bin/cmake and bin/ctest; they find their modules in the share/ next to bin/.
#
# usage: backports-cmake.sh [CACHE_DIR]   (default /var/tmp/isotest-cmake-backports)
#
# The apt source is derived from the machine's own Debian entries (same URIs and Signed-By,
# suite <codename>-backports) and used through a private apt state under CACHE_DIR, so the
# machine's apt configuration and installed packages are left as they are. A second call
# reuses what the first one unpacked. When the suite cannot be reached, says so in one line
# and exits 1: whoever needs the newer CMake must not silently skip it.
set -euo pipefail
cache=${1:-/var/tmp/isotest-cmake-backports}
me=backports-cmake

fail() {
    echo "$me: error: $*" >&2
    exit 1
}

# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"
codename=$(apt_private_codename)
[[ -n $codename ]] || fail "/etc/os-release names no VERSION_CODENAME; this needs Debian"
suite=$codename-backports

# Already unpacked: reuse it (the newest version unpacked wins).
newest_unpacked() {
    local dir best=""
    for dir in "$cache"/cmake-*/usr; do
        [[ -x $dir/bin/cmake ]] && best=$dir
    done
    echo "$best"
}

existing=$(newest_unpacked)
if [[ -n $existing ]]; then
    echo "$existing"
    exit 0
fi

apt_dir=$cache/apt
apt_private_setup "$apt_dir" deb "$suite" || fail "$apt_private_error"
mkdir -p "$apt_dir/download"
apt_options=("${apt_private_options[@]}")
apt_private_update "$apt_dir" || fail "$suite: $apt_private_error"
version=$(apt-cache "${apt_options[@]}" policy cmake 2>/dev/null |
    awk -v suite="$suite" '/^ (   |\*\*\*) [0-9]/ { version = ($1 == "***") ? $2 : $1 } $0 ~ (" " suite "/") && version { print version; exit }')
[[ -n $version ]] || fail "suite $suite has no cmake package (see $apt_dir/update.log)"

(cd "$apt_dir/download" && apt-get "${apt_options[@]}" -qq download "cmake=$version" "cmake-data=$version") \
    >"$apt_dir/download.log" 2>&1 || fail "apt-get download cmake=$version from $suite failed ($(tail -n1 "$apt_dir/download.log"))"

target=$cache/cmake-$version
rm -rf "$target.partial"
mkdir -p "$target.partial"
for deb in "$apt_dir"/download/*.deb; do
    dpkg -x "$deb" "$target.partial"
done
"$target.partial/usr/bin/cmake" --version >/dev/null 2>&1 ||
    fail "the unpacked cmake $version does not run: $("$target.partial/usr/bin/cmake" --version 2>&1 | head -n1)"
rm -rf "$target"
mv "$target.partial" "$target"
rm -rf "$apt_dir"
echo "$target/usr"
