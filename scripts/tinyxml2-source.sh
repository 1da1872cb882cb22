#!/usr/bin/env bash
# Gets Debian's tinyxml2 source tarball for the static isotest build (Debian ships no static
# libtinyxml2) and prints its path. CMake runs this at configure time (cmake/StaticTinyxml2.cmake).
#
# usage: tinyxml2-source.sh [CACHE_DIR]   (default /var/tmp/isotest-tinyxml2-source)
#
# The source comes through apt's own source mechanism: deb-src entries derived from the
# machine's Debian entries (same URIs and Signed-By, suite = the machine's release) in a
# private apt state (scripts/apt-private.sh), then `apt-get source --download-only tinyxml2`,
# which checks the .dsc against the signed Sources index and the tarballs against the .dsc.
# The orig tarball's SHA-256 is checked here too, against the release isotest was tested with,
# on every call: a second call reuses the cached tarball. When the archive cannot be reached
# (offline), says why in one line on stderr and exits 1.
set -euo pipefail
cache=${1:-/var/tmp/isotest-tinyxml2-source}
me=tinyxml2-source
tarball_name=tinyxml2_9.0.0+dfsg.orig.tar.xz
tarball_sha256=96510f47a5db537f70dff3e83dd71fd2180cbba4aa76c589a549467e7f34bc9b

fail() {
    echo "$me: $*" >&2
    exit 1
}

verified() {  # path: exits 0 when it holds the expected tarball
    [[ -f $1 ]] && [[ $(sha256sum "$1" | cut -d' ' -f1) == "$tarball_sha256" ]]
}

tarball=$cache/$tarball_name
if verified "$tarball"; then
    echo "$tarball"
    exit 0
fi

# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"
codename=$(apt_private_codename)
[[ -n $codename ]] || fail "/etc/os-release names no VERSION_CODENAME; this needs Debian"
mkdir -p "$cache"
apt_dir=$cache/apt
apt_private_setup "$apt_dir" deb-src "$codename" || fail "$apt_private_error"
apt_private_update "$apt_dir" || { rm -rf "$apt_dir"; fail "$apt_private_error"; }
download=$apt_dir/download
mkdir -p "$download"
(cd "$download" && apt-get "${apt_private_options[@]}" -qq source --download-only tinyxml2) \
    >"$apt_dir/source.log" 2>&1 ||
    fail "apt-get source --download-only tinyxml2 failed ($(grep -m1 -E '^(E|W):' "$apt_dir/source.log" || tail -n1 "$apt_dir/source.log"))"
verified "$download/$tarball_name" ||
    fail "$download/$tarball_name is not the tinyxml2 release isotest is built with (SHA-256 $tarball_sha256); the archive has: $(cd "$download" && ls)"
mv "$download/$tarball_name" "$tarball.partial"
mv "$tarball.partial" "$tarball"
chmod a+r "$tarball"
rm -rf "$apt_dir"
echo "$tarball"
