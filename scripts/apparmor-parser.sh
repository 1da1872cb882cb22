#!/usr/bin/env bash
# Prints the path of an apparmor_parser that knows the `userns,` rule (AppArmor 4.0+), to
# syntax-check packaging/apparmor/isotest. Debian 12's own apparmor_parser is 3.0, which
# rejects `userns,` as a syntax error, so unless the machine's parser knows the rule, Debian
# 13's apparmor package is downloaded (not installed) through a private apt setup derived from
# the machine's apt configuration (scripts/apt-private.sh) and unpacked under CACHE_DIR.
#
# usage: apparmor-parser.sh [CACHE_DIR]   (default /var/tmp/isotest-apparmor-parser)
#
# The unpacked parser is a wrapper (CACHE_DIR/apparmor_parser) that resolves a profile's
# includes against the rules that came with it. When none can be had, says why in one line and
# exits 1.
set -euo pipefail
cache=${1:-/var/tmp/isotest-apparmor-parser}
suite=${ISOTEST_APPARMOR_SUITE:-trixie}
me=apparmor-parser

fail() {
    echo "$me: $*" >&2
    exit 1
}

knows_userns() {  # parser
    local probe
    probe=$(mktemp)
    printf 'profile probe /probe flags=(unconfined) {\n  userns,\n}\n' >"$probe"
    local ok=0
    "$1" -Q -K "$probe" >/dev/null 2>&1 || ok=1
    rm -f "$probe"
    return "$ok"
}

for parser in /usr/sbin/apparmor_parser /sbin/apparmor_parser; do
    if [[ -x $parser ]] && knows_userns "$parser"; then
        echo "$parser"
        exit 0
    fi
done

# The unpacked parser runs through a wrapper: Debian 13's parser needs Debian 13's C library
# (GLIBC_2.38), which comes along and is loaded by its own dynamic loader, for it alone.
wrapper=$cache/apparmor_parser
if [[ -x $wrapper ]] && knows_userns "$wrapper"; then
    echo "$wrapper"
    exit 0
fi

# shellcheck source=scripts/apt-private.sh
. "$(dirname "$0")/apt-private.sh"
mkdir -p "$cache"
apt_dir=$cache/apt
apt_private_setup "$apt_dir" deb "$suite" || fail "$apt_private_error"
apt_private_update "$apt_dir" || { rm -rf "$apt_dir"; fail "$suite: $apt_private_error"; }
mkdir -p "$apt_dir/download"
(cd "$apt_dir/download" && apt-get "${apt_private_options[@]}" -qq download apparmor libc6) >"$apt_dir/download.log" 2>&1 ||
    fail "apt-get download apparmor libc6 from $suite failed ($(tail -n1 "$apt_dir/download.log"))"
rm -rf "$cache/root" "$wrapper"
for deb in "$apt_dir"/download/*.deb; do
    dpkg -x "$deb" "$cache/root"
done
rm -rf "$apt_dir"
parser=$(find "$cache/root" -path '*/sbin/apparmor_parser' -type f | head -n1)
loader=$(find "$cache/root" -name 'ld-linux*.so.*' | head -n1)
libc=$(find "$cache/root" -name libc.so.6 | head -n1)
[[ -n $parser && -n $loader && -n $libc ]] || fail "the apparmor and libc6 packages of $suite hold no apparmor_parser, dynamic loader or libc.so.6"
# Its configuration names the kernel features to compile for when the running kernel offers none
# (no AppArmor here): the ones shipped with it, at their unpacked place.
sed "s|^policy-features=/|policy-features=$cache/root/|" "$cache/root/etc/apparmor/parser.conf" >"$cache/parser.conf"
cat >"$wrapper" <<WRAPPER
#!/bin/sh
# apparmor_parser of Debian $suite with its own C library (made by scripts/apparmor-parser.sh)
exec "$loader" --library-path "$(dirname "$libc")" "$parser" --config-file "$cache/parser.conf" --base "$cache/root/etc/apparmor.d" "\$@"
WRAPPER
chmod 755 "$wrapper"
chmod -R a+rX "$cache"
knows_userns "$wrapper" ||
    fail "apparmor_parser from $suite does not accept a userns rule either: $("$wrapper" --version 2>&1 | head -n1)"
echo "$wrapper"
