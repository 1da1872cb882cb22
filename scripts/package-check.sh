#!/usr/bin/env bash
# Builds isotest's .deb and .tar.gz with cpack from a configured build directory, installs the
# .deb with dpkg into a throwaway root (dpkg --root; the machine's own dpkg database and /usr
# are not touched), checks the files it installed, runs the installed binary (--version, a real
# --junit run, as root and as TEST_USER), removes the package and checks that it left nothing
# but its conffile (the AppArmor profile, as dpkg keeps every conffile on -r), then purges it
# and checks that nothing is left at all. Run as root (dpkg --root needs it).
#
# usage: package-check.sh BUILD_DIR [TEST_USER]
set -euo pipefail
build=${1:?usage: package-check.sh BUILD_DIR [TEST_USER]}
test_user=${2:-}
me=package-check

fail() {
    echo "$me: FAILED: $*" >&2
    exit 1
}
[[ $(id -u) -eq 0 ]] || fail "needs root (dpkg --root into a throwaway root)"

rm -rf "$build/packages"
(cd "$build" && cpack -G "DEB;TGZ") >"$build/cpack.log" 2>&1 || fail "cpack failed: $(tail -n3 "$build/cpack.log")"
debs=("$build"/packages/isotest_*.deb)
tgzs=("$build"/packages/isotest_*.tar.gz)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "cpack made no single .deb in $build/packages"
[[ ${#tgzs[@]} -eq 1 && -f ${tgzs[0]} ]] || fail "cpack made no single .tar.gz in $build/packages"
deb=${debs[0]} tgz=${tgzs[0]}
version=$("$build/src/isotest" --version)

# What both packages must hold (the CMake package's directory depends on the libdir).
expected=(usr/bin/isotest usr/share/man/man1/isotest.1 usr/share/doc/isotest/README.md
    usr/share/isotest/bazel/isotest.bzl usr/share/isotest/bazel/isotest.bazelrc etc/apparmor.d/isotest)
has() {  # listing, path (or an extended regex for one)
    grep -qE "^(\./)?$2\$" <<<"$1"
}
deb_files=$(dpkg-deb --fsys-tarfile "$deb" | tar -t)
tgz_files=$(tar -tzf "$tgz")
for path in "${expected[@]}" 'usr/lib/([^/]+/)?cmake/isotest/isotestConfig\.cmake' \
    'usr/lib/([^/]+/)?cmake/isotest/isotest-ctest-launch'; do
    has "$deb_files" "$path" || fail "$(basename "$deb") lacks $path"
    has "$tgz_files" "$path" || fail "$(basename "$tgz") lacks $path"
done
dpkg-deb --info "$deb" conffiles | grep -qx /etc/apparmor.d/isotest || fail "the AppArmor profile is no conffile"
dpkg-deb --info "$deb" postinst | grep -q apparmor_parser || fail "the .deb has no postinst loading the profile"

root=$(mktemp -d /var/tmp/isotest-package-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
chmod 755 "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/tmp"
touch "$root/var/lib/dpkg/status"
chmod 1777 "$root/tmp"
dpkg_root=(dpkg --root="$root" --force-script-chrootless --log=/dev/null)
"${dpkg_root[@]}" -i "$deb" >"$root.log" 2>&1 || fail "dpkg -i: $(tail -n3 "$root.log")"
for path in "${expected[@]}"; do
    [[ -e $root/$path ]] || fail "dpkg -i installed no /$path"
done
installed=$root/usr/bin/isotest
[[ $("$installed" --version) == "$version" ]] || fail "installed isotest --version says '$("$installed" --version)', not '$version'"

# A real run of the installed binary, with a report, as root and as the unprivileged user.
junit_run() {  # who (empty: root)
    local report=$root/tmp/report-${1:-root}.xml
    local -a as=()
    [[ -n $1 ]] && as=(runuser -u "$1" --)
    "${as[@]}" "$installed" --junit "$report" --name installed -- /bin/sh -c 'echo from-the-sandbox; hostname' \
        >"$root/tmp/out" 2>&1 || fail "installed isotest --junit run ${1:+as $1 }failed: $(head -n3 "$root/tmp/out")"
    grep -qx from-the-sandbox "$root/tmp/out" || fail "the installed binary's test printed: $(head -n3 "$root/tmp/out")"
    grep -q 'tests="1" failures="0" errors="0"' "$report" || fail "the installed binary's report: $(head -c 400 "$report")"
}
junit_run ""
if [[ -n $test_user ]] && id "$test_user" >/dev/null 2>&1; then
    junit_run "$test_user"
fi
rm -f "$root"/tmp/report-*.xml "$root/tmp/out"

leftovers() {  # everything in the root but dpkg's database and the scratch /tmp
    (cd "$root" && find . -mindepth 1 \( -path ./var/lib/dpkg -o -path ./tmp \) -prune -o -type f -print -o -type l -print | sort)
}
"${dpkg_root[@]}" -r isotest >"$root.log" 2>&1 || fail "dpkg -r: $(tail -n3 "$root.log")"
left=$(leftovers)
[[ $left == ./etc/apparmor.d/isotest ]] || fail "dpkg -r left more (or less) than the conffile: $left"
"${dpkg_root[@]}" --purge isotest >"$root.log" 2>&1 || fail "dpkg --purge: $(tail -n3 "$root.log")"
left=$(leftovers)
[[ -z $left ]] || fail "dpkg --purge left: $left"
rm -f "$root.log"
echo "$me: $(basename "$deb") and $(basename "$tgz") hold the binary, man page, CMake package, Bazel files, docs and AppArmor profile; installed into a throwaway root, $version ran a --junit test${test_user:+ as root and $test_user}; dpkg -r left the conffile only, --purge nothing"
