# shellcheck shell=bash disable=SC2154,SC2034  # src, me, cache: the sourcing script's; vm_error: for it
# The VM lane's Debian 12 image (sourced by scripts/vm-test.sh):
#
#   vm_image_ensure CACHE BUILD KERNEL...   makes CACHE/image/{base.img,vmlinuz-*,initrd-*} unless
#                                           the cached ones were made from the same recipe (the
#                                           package list, the kernels, this file); on failure
#                                           returns 1 with one line in vm_error
#
# The root is debootstrapped from the mirror of the machine's own apt configuration (no host is
# written in the repository), with systemd (unified cgroup v2 hierarchy, Debian 12's default),
# Debian 12's kernel, Debian 11's kernel when asked for (downloaded through a private apt setup),
# the libraries the test binaries in BUILD link against (found with ldd and dpkg -S here, so the
# image follows the build), and the unprivileged user isotest-ci with lingering on: its systemd
# user manager starts at boot and holds the cgroup systemd delegates to it.

vm_user=isotest-ci
# Raise when vm_root_ensure makes its root differently: the cached root is made again.
vm_root_format=1
# What the suites run besides their own binaries (tests/*/: sh, unshare, mount, ip, xmllint,
# newuidmap for --map-subids, FUSE) and what the lane itself uses (systemd-run --user, machinectl).
vm_packages=(systemd systemd-sysv dbus dbus-user-session libpam-systemd systemd-container
    linux-image-amd64 initramfs-tools kmod udev procps iproute2 util-linux uidmap libxml2-utils fuse3
    e2fsprogs)

# Installed in the image step (no new debootstrap): tools a few tests use (bwrap: nesting;
# curl and python3: the network-attempt tests' real clients).
vm_image_packages=(bubblewrap curl python3)

vm_library_packages() {  # build: the Debian packages of the shared libraries the test binaries load
    local binaries
    binaries=$(find "$1/src" "$1/tests/integration" "$1/tests/security" "$1/tests/faults" -maxdepth 2 \
        -type f -perm -u+x 2>/dev/null)
    # shellcheck disable=SC2086
    ldd $binaries 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u |
        while read -r library; do
            dpkg -S "$(readlink -f "$library")" 2>/dev/null || dpkg -S "$library" 2>/dev/null || true
        done | cut -d: -f1 | sort -u
}

vm_mirror() {  # "URI<TAB>KEYRING" of the machine's first Debian 12 apt entry
    # shellcheck source=scripts/apt-private.sh
    . "$src/scripts/apt-private.sh"
    apt_private_entries bookworm | head -n1
}

vm_bullseye_kernel() {  # root dir: downloads Debian 11's kernel package into root/tmp and prints its path there
    local root=$1 apt_dir=$cache/apt-bullseye package
    # shellcheck source=scripts/apt-private.sh
    . "$src/scripts/apt-private.sh"
    apt_private_setup "$apt_dir" deb bullseye || { vm_error="bullseye kernel: $apt_private_error"; return 1; }
    apt_private_update "$apt_dir" || { vm_error="bullseye kernel: $apt_private_error"; return 1; }
    package=$(apt-cache "${apt_private_options[@]}" depends linux-image-amd64 |
        awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
    [[ -n $package ]] || { vm_error="bullseye kernel: linux-image-amd64 names no kernel package"; return 1; }
    (cd "$root/tmp" && apt-get "${apt_private_options[@]}" -qq download "$package") >"$apt_dir/download.log" 2>&1 ||
        { vm_error="bullseye kernel: apt-get download $package failed: $(tail -n1 "$apt_dir/download.log")"; return 1; }
    printf "%s\n" "$root"/tmp/"$package"_*.deb | sed "s|^$root||"
}

vm_root_ensure() {  # dir: the debootstrapped root in DIR/root, made once per recipe
    local dir=$1 recipe mirror keyring root log deb
    recipe="root $vm_root_format: ${vm_packages[*]}"
    if [[ -f $dir/root.recipe && $(cat "$dir/root.recipe") == "$recipe" ]]; then
        return 0
    fi
    echo "$me: making the VM's Debian 12 root in $dir/root (debootstrap; several minutes, once)" >&2
    IFS=$'\t' read -r mirror keyring < <(vm_mirror) || true
    [[ -n ${mirror:-} ]] || { vm_error="no Debian 12 (bookworm) entry in the machine's apt sources to take the mirror from"; return 1; }
    mirror=${mirror%% *}
    rm -rf "$dir"
    mkdir -p "$dir"
    root=$dir/root log=$dir/root.log
    debootstrap --variant=minbase ${keyring:+--keyring="$keyring"} --include="$(IFS=,; echo "${vm_packages[*]}")" \
        bookworm "$root" "$mirror" >"$log" 2>&1 ||
        { vm_error="debootstrap failed (log $log): $(grep -m1 -E '^E:' "$log" || tail -n1 "$log")"; return 1; }
    # Every kernel the lane knows is installed, whichever was asked for: one image serves all.
    deb=$(vm_bullseye_kernel "$root") || return 1
    chroot "$root" dpkg -i "$deb" >>"$log" 2>&1 || { vm_error="installing Debian 11's kernel failed (log $log)"; return 1; }
    rm -f "$root$deb"
    echo isotest-vm >"$root/etc/hostname"
    printf '/dev/vda / ext4 rw,relatime 0 1\n' >"$root/etc/fstab"
    chroot "$root" useradd --create-home --shell /bin/sh "$vm_user" >>"$log" 2>&1
    grep -q "^$vm_user:" "$root/etc/subuid" 2>/dev/null ||
        chroot "$root" usermod --add-subuids 100000-165535 --add-subgids 100000-165535 "$vm_user" >>"$log" 2>&1
    # Lingering: the user's systemd manager (user@UID.service) runs from boot, without a login.
    mkdir -p "$root/var/lib/systemd/linger"
    touch "$root/var/lib/systemd/linger/$vm_user"
    passwd -R "$root" -d root >>"$log" 2>&1
    # Nothing waits for a network the VM does not have, and no timer competes with the tests.
    chroot "$root" systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer \
        man-db.timer e2scrub_all.timer fstrim.timer >>"$log" 2>&1 || true
    echo "$recipe" >"$dir/root.recipe"
}

vm_image_ensure() {
    local cache=$1 build=$2 dir=$1/image libraries root log version
    vm_root_ensure "$dir" || return 1
    root=$dir/root log=$dir/image.log
    mapfile -t libraries < <({ printf "%s\n" "${vm_image_packages[@]}"; vm_library_packages "$build"; } | sort -u)
    recipe="$(cat "$dir/root.recipe"); libraries: ${libraries[*]}; unit: $(sha256sum <"$src/scripts/vm/isotest-vm.service")"
    if [[ -f $dir/image.recipe && $(cat "$dir/image.recipe") == "$recipe" && -f $dir/base.img ]]; then
        return 0
    fi
    echo "$me: making the VM's disk image $dir/base.img (with ${libraries[*]})" >&2
    rm -f "$dir/base.img" "$dir/image.recipe"
    if [[ ${#libraries[@]} -gt 0 ]]; then
        { chroot "$root" apt-get update -qq && DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq \
            --no-install-recommends "${libraries[@]}" && chroot "$root" apt-get clean; } >"$log" 2>&1 ||
            { vm_error="installing ${libraries[*]} into the VM's root failed (log $log)"; return 1; }
    fi
    # debootstrap writes no /etc/hosts; Debian's installer writes this one (the name tests read it).
    printf '127.0.0.1\tlocalhost\n127.0.1.1\tisotest-vm\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n' \
        >"$root/etc/hosts"
    cp "$src/scripts/vm/isotest-vm.service" "$root/etc/systemd/system/"
    chroot "$root" systemctl enable isotest-vm.service >>"$log" 2>&1
    for version in "$root"/boot/vmlinuz-*; do
        version=${version##*/vmlinuz-}
        cp "$root/boot/vmlinuz-$version" "$dir/vmlinuz-$version"
        cp "$root/boot/initrd.img-$version" "$dir/initrd-$version"
    done
    mkfs.ext4 -q -F -L isotest-vm -d "$root" "$dir/base.img" 3G >>"$log" 2>&1 ||
        { vm_error="mkfs.ext4 -d of the root failed (log $log)"; return 1; }
    echo "$recipe" >"$dir/image.recipe"
}

vm_kernel_version() {  # cache, bookworm|bullseye: the kernel version that lane boots
    local pattern
    case $2 in
    bookworm) pattern='6.1.*' ;;
    bullseye) pattern='5.10.*' ;;
    *) return 1 ;;
    esac
    # shellcheck disable=SC2086
    # shellcheck disable=SC2012  # names made by Debian's kernel packages
    (cd "$1/image" && ls -d vmlinuz-$pattern 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n1)
}
