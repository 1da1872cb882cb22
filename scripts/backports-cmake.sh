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

# shellcheck source=/dev/null
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
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

# deb822 stanzas (*.sources) and one-line entries (*.list) of the machine whose suite is the
# release itself: "URI<TAB>SIGNED-BY" per line.
archive_entries() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -f $file ]] || continue
        awk -v release="$codename" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " release " ") && enabled != "no")
                    print uris "\t" signed
                types = suites = uris = signed = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            { key = tolower($1); sub(/:$/, "", key); value = $0; sub(/^[^:]*:[ \t]*/, "", value) }
            key == "types" { types = value } key == "suites" { suites = value }
            key == "uris" { uris = value } key == "signed-by" { signed = value }
            key == "enabled" { enabled = tolower(value) }
            END { flush() }' "$file"
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $file ]] || continue
        awk -v release="$codename" '
            $1 != "deb" { next }
            {
                signed = ""; field = 2
                if ($2 ~ /^\[/) {
                    while (field <= NF) {
                        if ($field ~ /^\[?signed-by=/) { signed = $field; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
                        if ($field ~ /\]$/) { field++; break }
                        field++
                    }
                }
                if ($(field + 1) == release) print $field "\t" signed
            }' "$file"
    done
}

existing=$(newest_unpacked)
if [[ -n $existing ]]; then
    echo "$existing"
    exit 0
fi

entries=$(archive_entries | sort -u)
[[ -n $entries ]] || fail "no apt source for suite $codename in /etc/apt/sources.list{,.d}; cannot derive $suite"

apt_dir=$cache/apt
rm -rf "$apt_dir"
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/download"
{
    while IFS=$'\t' read -r uris signed; do
        echo "Types: deb"
        echo "URIs: $uris"
        echo "Suites: $suite"
        echo "Components: main"
        [[ -n $signed ]] && echo "Signed-By: $signed"
        echo
    done <<<"$entries"
} >"$apt_dir/sources.list.d/backports.sources"

apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o APT::Sandbox::User="$(id -un)"
    -o Debug::NoLocking=true)
apt-get "${apt_options[@]}" -qq update >"$apt_dir/update.log" 2>&1 ||
    fail "apt-get update of $suite failed ($(grep -m1 -E '^(E|W):' "$apt_dir/update.log" || tail -n1 "$apt_dir/update.log"))"
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
