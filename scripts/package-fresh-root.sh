#!/usr/bin/env bash
# The .deb as a user installs it (issue 15): `apt install ./isotest_*.deb` into a fresh Debian 12
# root, then `isotest doctor` and the demo (scripts/demo.sh's test, run by the installed binary)
# there, as root and as an unprivileged user. The root is the VM lane's debootstrapped one
# (scripts/vm/image.sh, cached under /var/tmp/isotest-vm; made here if missing), used through an
# overlay so that it stays fresh; it shares this machine's kernel. Run as root.
#
# usage: package-fresh-root.sh BUILD_DIR    (a configured and built tree; cpack runs if it has no .deb)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:?usage: package-fresh-root.sh BUILD_DIR}
cache=${ISOTEST_VM_CACHE:-/var/tmp/isotest-vm}
me="package-fresh-root"

fail() {
    echo "$me: FAILED: $*" >&2
    exit 1
}
[[ $(id -u) -eq 0 ]] || fail "needs root (mount, pivot_root)"
command -v debootstrap >/dev/null || fail "debootstrap not found: sudo apt-get install debootstrap"

debs=("$build"/packages/isotest_*.deb)
if [[ ! -f ${debs[0]} ]]; then
    (cd "$build" && cpack -G DEB) >"$build/cpack.log" 2>&1 || fail "cpack failed: $(tail -n3 "$build/cpack.log")"
    debs=("$build"/packages/isotest_*.deb)
fi
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "no single .deb in $build/packages"
deb=${debs[0]}

# shellcheck source=scripts/vm/image.sh
. "$src/scripts/vm/image.sh"
vm_root_ensure "$cache/image" || fail "$vm_error"
fresh=$cache/image/root

scratch=$(mktemp -d /var/tmp/isotest-fresh-root.XXXXXX)
root=$scratch/merged
cleanup() {
    umount -R "$root" 2>/dev/null || umount -lR "$root" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
mkdir -p "$scratch/upper" "$scratch/work" "$root"
mount -t overlay overlay -o "lowerdir=$fresh,upperdir=$scratch/upper,workdir=$scratch/work" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --rbind /dev "$root/dev"
mount --make-rslave "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
chmod 1777 "$root/tmp"
cp "$deb" "$root/tmp/"
# The demo's "source tree" (it writes there, and the write must vanish): one the user may write.
demo=/srv/isotest-demo
mkdir -p "$root$demo/scripts"
cp "$src/scripts/demo.sh" "$root$demo/scripts/"
# The fresh root as / through pivot_root in a mount namespace of its own, not chroot: the kernel
# refuses user namespaces to a chrooted process (clone: EPERM), so isotest cannot run in one.
in_root() {
    # shellcheck disable=SC2016
    unshare --mount --propagation private -- sh -c 'cd "$1" && mkdir -p .old-root && pivot_root . .old-root &&
        cd / && umount -l /.old-root && shift && exec "$@"' sh "$root" "$@"
}

log=$scratch/apt.log
in_root test ! -e /usr/bin/isotest || fail "the fresh root already has /usr/bin/isotest"
DEBIAN_FRONTEND=noninteractive in_root apt install -y "./tmp/$(basename "$deb")" >"$log" 2>&1 ||
    fail "apt install ./$(basename "$deb"): $(grep -E '^E:' "$log" | head -n2)"
# shellcheck disable=SC2016  # dpkg-query's format, not the shell's
echo "$me: apt install ./$(basename "$deb") into a fresh Debian 12 root: $(in_root dpkg-query -W -f '${Package} ${Version} ${Status}' isotest)"
in_root isotest --version

user=isotest-ci
in_root chown -R "$user" "$demo"
for who in root "$user"; do
    as=()
    [[ $who == root ]] || as=(runuser -u "$who" --)
    echo "--- isotest doctor as $who (in the fresh root)"
    in_root "${as[@]}" isotest doctor || fail "isotest doctor as $who found this root unable to run isotest"
    echo "--- the demo as $who, by the installed /usr/bin/isotest"
    out=$(in_root "${as[@]}" env ISOTEST=/usr/bin/isotest REPORT="/tmp/demo-$who.xml" bash "$demo/scripts/demo.sh" 2>&1) ||
        fail "the demo as $who: $out"
    echo "$out" | grep -v '^<' | sed 's/^/  /'
    grep -q 'isotest exited with 0' <<<"$out" || fail "the demo as $who did not pass"
    grep -q 'wrote into the source tree (will vanish)' <<<"$out" || fail "the demo as $who could not write into its tree"
    grep -q 'source tree untouched after the run' <<<"$out" || fail "the demo's write as $who reached its tree"
    grep -q 'tests="1" failures="0" errors="0"' "$root/tmp/demo-$who.xml" || fail "the demo's report as $who: $(head -c 300 "$root/tmp/demo-$who.xml")"
done
DEBIAN_FRONTEND=noninteractive in_root apt purge -y isotest >"$log" 2>&1 || fail "apt purge isotest: $(tail -n2 "$log")"
in_root test ! -e /usr/bin/isotest || fail "apt purge left /usr/bin/isotest"
echo "$me: installed with apt into a fresh Debian 12 root, doctor and the demo passed as root and $user, purged"
