#!/bin/bash
# shellcheck disable=SC2154  # user, isotest, suites: set by the payload's config
# Runs inside the VM lane's VM (scripts/vm-test.sh), from the payload disk mounted at /payload,
# as root, started by isotest-vm.service. Copies the payload's trees to the paths they have on
# the build machine (the test binaries know them), then runs each suite's gtest binary as root
# and as the lingering user through its systemd user manager (systemd-run --user: the test runs
# in the user's delegated cgroup v2 subtree), and writes one line per fact and per suite run on
# the second serial port, which the host keeps as a file:
#
#   vm: kernel=6.1.0-28-amd64 cgroup=v2
#   vm: user=isotest-ci cgroup=/user.slice/.../app.slice/run-u12.service delegated=... offers=...
#   vm: doctor user=root: <isotest doctor's lines, one vm: line each>
#   vm-result: kernel=6.1.0-28-amd64 cgroup=v2 user=root suite=security passed=120 failed=0 skipped=0
#   vm-failed: kernel=... user=root suite=security test=CgroupMemory.TmpfsPagesAre...
#   vm: done
set -u
results=/dev/ttyS1
payload=/payload
# shellcheck source=/dev/null
. "$payload/config"  # user, quick, suites ("name binary filter" lines), isotest

say() {
    echo "$*" >"$results"
    echo "$*"
}

# Copied, not bound: a mount below /var/tmp or /work would change the view an unprivileged
# sandbox gets of it (locked submounts), which the host running the same tests does not have.
cp -a "$payload/tree/." / || say "vm: copying the payload into place failed"

kernel=$(uname -r)
cgroup=$([ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ] && echo v2 || echo v1)
say "vm: kernel=$kernel cgroup=$cgroup"

uid=$(id -u "$user")
# Lingering started the user's manager at boot; wait until it answers.
for _ in $(seq 1 120); do
    systemctl is-active --quiet "user@$uid.service" && [ -S "/run/user/$uid/bus" ] && break
    sleep 1
done
as_user() {
    runuser -u "$user" -- env XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" \
        systemd-run --user --wait --pipe --quiet --collect --same-dir -- "$@"
}
as_root() { "$@"; }

# Where the user's tests run, and what that cgroup and its parent offer (the proof that the
# cgroup is delegated: owned by the user, with controllers for children).
# shellcheck disable=SC2016
where=$(as_user sh -c 'c=$(sed -n "s/^0:://p" /proc/self/cgroup); p=$(dirname "$c");
    echo "cgroup=$c owner=$(stat -c %U "/sys/fs/cgroup$c") parent_owner=$(stat -c %U "/sys/fs/cgroup$p") parent_subtree_control=\"$(cat "/sys/fs/cgroup$p/cgroup.subtree_control")\""' 2>&1)
say "vm: user=$user $where"

for who in root "$user"; do
    runner=as_root
    [ "$who" = root ] || runner=as_user
    $runner "$isotest" doctor 2>&1 | while IFS= read -r line; do say "vm: doctor user=$who: $line"; done
done

# What a plain run says (on a kernel isotest does not support: its one-line error, exit 125).
for who in root "$user"; do
    runner=as_root
    [ "$who" = root ] || runner=as_user
    said=$($runner "$isotest" -- true 2>&1)
    say "vm-run: kernel=$kernel user=$who isotest -- true: exit $? ${said:+: $said}"
done

# A kernel isotest does not support (doctor's kernel line fails): what is proved there is the
# refusal — one line naming the version needed, exit 125, as root and as the user — not the suites.
if ! "$isotest" doctor 2>/dev/null | grep -q '^ok    kernel version'; then
    for who in root "$user"; do
        runner=as_root
        [ "$who" = root ] || runner=as_user
        # shellcheck disable=SC2016
        said=$($runner sh -c '"$1" -- true 2>&1; echo "exit $?"' sh "$isotest")
        lines=$(printf '%s\n' "$said" | grep -vc '^exit ')
        if [ "$lines" = 1 ] && printf '%s\n' "$said" | grep -q '^exit 125$' && printf '%s\n' "$said" | grep -q 'Linux >= 5.12'; then
            say "vm-result: kernel=$kernel cgroup=$cgroup user=$who suite=refusal passed=1 failed=0 skipped=0 (one line, exit 125)"
        else
            say "vm-result: kernel=$kernel cgroup=$cgroup user=$who suite=refusal passed=0 failed=1 skipped=0: $said"
        fi
    done
    say "vm: done"
    systemctl poweroff --force --force
    exit 0
fi

# The cgroup v2 proof in one line per user: 200 MiB into the sandbox's /dev/shm (tmpfs) under
# --memory 64M, and 60 processes under --max-procs 20; what the report says held.
# shellcheck disable=SC2016
for who in root "$user"; do
    runner=as_root
    [ "$who" = root ] || runner=as_user
    xml=/tmp/vm-proof-$who.xml
    # isotest's own exit status, read where it ran (systemd-run --wait maps a unit's end its own way).
    memory_status=$($runner sh -c '"$1" --memory 64M --junit "$2" --report-details -- sh -c "head -c 200M /dev/zero > /dev/shm/fill" >/dev/null 2>&1; echo $?' \
        sh "$isotest" "$xml")
    limits=$(xmllint --xpath 'string(//property[@name="isotest.cgroup_limits"]/@value)' "$xml" 2>/dev/null)
    hit=$(xmllint --xpath 'string(//property[@name="isotest.memory_limit_hit"]/@value)' "$xml" 2>/dev/null)
    procs=$($runner "$isotest" --max-procs 20 -- sh -c 'i=0; while [ $i -lt 60 ]; do (sleep 5 &) 2>/dev/null; i=$((i+1)); done; set -- /proc/[0-9]*; echo $#' 2>/dev/null)
    left=$(find /sys/fs/cgroup -name 'isotest.*' -type d 2>/dev/null | wc -l)
    say "vm-cgroup: kernel=$kernel cgroup=$cgroup user=$who memory: 200M into tmpfs under --memory 64M -> exit $memory_status, memory_limit_hit=${hit:-absent}, cgroup_limits=\"$limits\"; processes under --max-procs 20: $procs of 60; isotest cgroups left: $left"
done

# The user's other way into a delegated cgroup: a transient scope of its systemd manager
# (systemd-run --user --scope), where isotest stays its caller's child and keeps its terminal and
# exit status. The same memory proof as above.
xml=/tmp/vm-proof-scope.xml
# shellcheck disable=SC2016
scope_status=$(runuser -u "$user" -- env XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus" \
    systemd-run --user --scope --quiet -- sh -c '"$1" --memory 64M --junit "$2" --report-details -- sh -c "head -c 200M /dev/zero > /dev/shm/fill" >/dev/null 2>&1; echo $?' \
    sh "$isotest" "$xml" 2>&1)
limits=$(xmllint --xpath 'string(//property[@name="isotest.cgroup_limits"]/@value)' "$xml" 2>/dev/null)
hit=$(xmllint --xpath 'string(//property[@name="isotest.memory_limit_hit"]/@value)' "$xml" 2>/dev/null)
left=$(find /sys/fs/cgroup -name 'isotest.*' -type d 2>/dev/null | wc -l)
say "vm-cgroup: kernel=$kernel cgroup=$cgroup user=$user via=systemd-run-scope memory: 200M into tmpfs under --memory 64M -> exit $scope_status, memory_limit_hit=${hit:-absent}, cgroup_limits=\"$limits\"; isotest cgroups left: $left"

while read -r suite binary filter; do
    for who in root "$user"; do
        runner=as_root
        [ "$who" = root ] || runner=as_user
        xml=/tmp/vm-$who-$suite.xml
        rm -f "$xml"
        install -d -m 1777 /tmp
        echo "=== $suite as $who (filter: $filter)"
        start=$(date +%s)
        $runner "$binary" --gtest_filter="$filter" --gtest_output="xml:$xml" 2>&1
        seconds=$(($(date +%s) - start))
        if [ ! -s "$xml" ]; then
            say "vm-result: kernel=$kernel cgroup=$cgroup user=$who suite=$suite passed=0 failed=1 skipped=0 seconds=$seconds (no report: the binary did not finish)"
            continue
        fi
        tests=$(xmllint --xpath 'string(/testsuites/@tests)' "$xml")
        failed=$(xmllint --xpath 'count(//testcase[failure or error])' "$xml")
        skipped=$(xmllint --xpath 'count(//testcase[skipped])' "$xml")
        say "vm-result: kernel=$kernel cgroup=$cgroup user=$who suite=$suite passed=$((tests - failed - skipped)) failed=$failed skipped=$skipped seconds=$seconds"
        xmllint --xpath '//testcase[failure or error]/@name' "$xml" 2>/dev/null | tr ' ' '\n' | sed -n 's/^name="\(.*\)"$/\1/p' |
            while read -r name; do say "vm-failed: kernel=$kernel user=$who suite=$suite test=$name"; done
    done
done <<<"$suites"
say "vm: done"
# Off at once: the results are on the host already, the root disk is a throwaway overlay (and
# the unit's SuccessAction= was seen to leave the VM running under TCG).
systemctl poweroff --force --force
