# shellcheck shell=bash
# shellcheck disable=SC2154  # me, src: the sourcing script's (vm-test.sh); vm_user: image.sh's
# Boots the VM lane's image once (sourced by scripts/vm-test.sh):
#
#   vm_boot CACHE bookworm|bullseye BUILD SHARED QUICK
#
# Makes the payload disk (the test binaries, the isotest binary, tests/consumers and the JUnit
# schemas, at the paths they have here; guest-run.sh and its config), boots the kernel of that
# Debian release on a copy-on-write overlay of CACHE/image/base.img, and prints the results
# guest-run.sh wrote on the second serial port. Returns 1 when a suite failed or no results came.

# The gtest filters of --quick: what issue 15 asks the VM to prove (cgroup v2 limits and their
# cleanup, devices, a host directory removed inside, which kernels before 6.6 make differ), the
# basic launch paths, and SIGKILL of isotest.
vm_quick_filter_integration='Launch.*:Devices.*:ReportProperties.*:MountOverlay.RemovingOrRenamingAHostDirectoryWorksOrIsExplained:KeepWrites.CopiesWhatTheTestCreatedChangedAndDeletedAndLeavesTheHostAlone'
vm_quick_filter_security='Cgroup*:ForkBomb.*:Memory.*'
vm_quick_filter_faults='Sigkill.MidRunLeavesNothingBehind:Sigkill.AtAnyMomentOfSetupLeavesNothingBehind'

vm_boot() {
    local cache=$1 release=$2 build=$3 shared=$4 quick=$5
    local version run payload accel start seconds status=0
    version=$(vm_kernel_version "$cache" "$release") || { echo "$me: unknown kernel '$release' (bookworm or bullseye)" >&2; return 1; }
    [[ -n $version ]] || { echo "$me: no $release kernel in $cache/image" >&2; return 1; }
    # Per release; ISOTEST_VM_RUN_PREFIX keeps two lanes run at once (two checkouts) apart.
    run=${ISOTEST_VM_RUN_PREFIX:-$cache/run}-$release
    rm -rf "$run"
    mkdir -p "$run/payload/tree"
    payload=$run/payload

    local path paths=("$build/src" "$build/tests/integration" "$build/tests/security" "$build/tests/faults"
        "$src/tests/consumers" "$shared/schemas")
    for path in "${paths[@]}"; do
        mkdir -p "$payload/tree$path"
        # Its ancestors as they are here (cp -a in the VM gives them these modes: /var/tmp 1777).
        local ancestor=$path
        while [[ $ancestor != / ]]; do
            chmod --reference="$ancestor" "$payload/tree$ancestor"
            ancestor=$(dirname "$ancestor")
        done
        # The executables (and tests/consumers' scripts and rules, the schemas), not the objects.
        (cd "$path" && find . -path ./CMakeFiles -prune -o -type f \( -perm -u+x -o -path './junit-rules/*' \
            -o -name '*.xsd' -o -name '*.sh' -o -name '*.js' -o -name '*.json' \) -print |
            tar -cf - --files-from=- | tar -C "$payload/tree$path" -xpf -)
    done
    cp "$src/scripts/vm/guest-run.sh" "$payload/"
    local filter_i='*' filter_s='*' filter_f='*'
    if [[ $quick -eq 1 ]]; then
        filter_i=$vm_quick_filter_integration filter_s=$vm_quick_filter_security filter_f=$vm_quick_filter_faults
    fi
    {
        echo "user=$vm_user"
        echo "isotest=$build/src/isotest"
        echo "suites='integration $build/tests/integration/integration_tests $filter_i"
        echo "security $build/tests/security/security_tests $filter_s"
        echo "faults $build/tests/faults/fault_tests $filter_f'"
    } >"$payload/config"
    chmod -R a+rX "$payload"
    mkfs.ext4 -q -F -L payload -d "$payload" "$run/payload.img" 512M >"$run/mkfs.log" 2>&1 ||
        { echo "$me: mkfs.ext4 -d of the payload failed ($(tail -n1 "$run/mkfs.log"))" >&2; return 1; }
    qemu-img create -q -f qcow2 -b "$cache/image/base.img" -F raw "$run/root.qcow2"

    accel=tcg,thread=multi
    if [[ -w /dev/kvm ]] && grep -qE 'vmx|svm' /proc/cpuinfo; then accel=kvm; fi
    echo "$me: booting Debian's $version ($release) with qemu ($accel), $([[ $quick -eq 1 ]] && echo quick || echo full) run; console log $run/console.log" >&2
    start=$(date +%s)
    timeout "${ISOTEST_VM_TIMEOUT:-5400}" qemu-system-x86_64 -machine q35 -accel "$accel" -cpu max -smp 2 -m 2048 \
        -display none -monitor none -no-reboot -nic none \
        -kernel "$cache/image/vmlinuz-$version" -initrd "$cache/image/initrd-$version" \
        -append "root=/dev/vda rw console=ttyS0 panic=-1 systemd.unified_cgroup_hierarchy=1 systemd.show_status=0" \
        -drive "file=$run/root.qcow2,if=virtio,format=qcow2" \
        -drive "file=$run/payload.img,if=virtio,format=raw,readonly=on" \
        -serial "file:$run/console.log" -serial "file:$run/results.log" || status=$?
    seconds=$(($(date +%s) - start))
    [[ $status -eq 0 ]] || echo "$me: qemu exited with status $status after ${seconds}s (124: the lane's timeout)" >&2
    sed 's/\r$//' "$run/results.log"
    echo "$me: $release ($version): ${seconds}s in the VM"
    grep -q '^vm: done' "$run/results.log" || { echo "$me: FAILED: the VM gave no complete results (console: $run/console.log)" >&2; return 1; }
    grep -q '^vm-result:' "$run/results.log" || { echo "$me: FAILED: no suite ran" >&2; return 1; }
    if grep -E '^vm-result:' "$run/results.log" | grep -qv ' failed=0 '; then
        echo "$me: FAILED: a suite failed on $version" >&2
        return 1
    fi
    rm -f "$run/root.qcow2" "$run/payload.img"
}
