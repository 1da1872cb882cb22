#!/usr/bin/env bash
# How long isotest needs, once it stops a test, until it has written the report and exited:
# the margin the CTest integration leaves before CTest's own SIGKILL (docs/ctest.md "Timeouts").
#
# usage: stop_budget.sh ISOTEST [RUNS] [PARALLEL]     (default 20 runs per case, 4 at once)
#
# Each run: isotest --timeout T --kill-after K --junit R -- <test>, stdout through a pipe (as
# under CTest). Prints, per case, the time from the moment isotest acts (T for a test that dies
# of SIGTERM; T + K for one that ignores it and needs SIGKILL) to isotest's exit, report written:
# median and maximum, in milliseconds. The first line is for comparison: the whole of a run that
# isotest does not stop, start-up included (CTest's clock, too, starts before isotest's). Run it as root and as an unprivileged user, with the
# machine as busy as CI's. A measurement, not a test: nothing is asserted.
set -euo pipefail
isotest=$(realpath "${1:?usage: stop_budget.sh ISOTEST [RUNS] [PARALLEL]}")
runs=${2:-20}
parallel=${3:-4}
timeout=1
kill_after=0.2
work=$(mktemp -d "${TMPDIR:-/var/tmp}/isotest-stop-budget.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

line=$(printf '%01000d' 0)
# name<TAB>when isotest acts (s)<TAB>command
cases=(
    "reference: isotest -- true, the whole run	0	true"
    "dies of SIGTERM, quiet	$timeout	sleep 100"
    "ignores SIGTERM, quiet	$timeout+$kill_after	sh -c 'trap \"\" TERM; exec sleep 100'"
    "dies of SIGTERM, 1 KB lines flooding stdout	$timeout	yes $line"
    "ignores SIGTERM, floods stdout and stderr	$timeout+$kill_after	sh -c 'trap \"\" TERM; yes $line >&2 & exec yes $line'"
    "ignores SIGTERM, 50 children ignoring it too	$timeout+$kill_after	sh -c 'trap \"\" TERM; for i in \$(seq 50); do sleep 100 & done; exec yes $line'"
    "ignores SIGTERM, wrote 5000 files in its cwd	$timeout+$kill_after	sh -c 'trap \"\" TERM; for i in \$(seq 5000); do : > f\$i; done; exec yes $line'"
)

one_run() {  # case index, run index -> milliseconds past the moment isotest acts
    local name when command
    IFS=$'\t' read -r name when command <<<"${cases[$1]}"
    local report=$work/report-$1-$2.xml
    local start end
    start=$EPOCHREALTIME
    # shellcheck disable=SC2086
    eval "\"$isotest\" --timeout $timeout --kill-after $kill_after --junit \"$report\" -- $command" 2>/dev/null |
        cat >/dev/null || true
    end=$EPOCHREALTIME
    [[ -s $report ]] || { echo "stop_budget: no report from run $2 of case '$name'" >&2; return 1; }
    awk -v start="$start" -v end="$end" -v acts="$when" \
        'BEGIN { split(acts, part, "+"); printf "%.0f\n", (end - start - part[1] - part[2]) * 1000 }' 
}

echo "isotest $("$isotest" --version | cut -d' ' -f2), as $(id -un), $runs runs per case, $parallel at once, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | median ms | max ms |"
echo "| --- | ---: | ---: |"
for index in "${!cases[@]}"; do
    results=$work/results-$index
    : >"$results"
    for ((run = 0; run < runs; run += parallel)); do
        for ((slot = run; slot < run + parallel && slot < runs; ++slot)); do
            one_run "$index" "$slot" >>"$results" &
        done
        wait
    done
    sort -n "$results" | awk -v name="${cases[$index]%%$'\t'*}" \
        '{ value[NR] = $1 } END { printf "| %s | %d | %d |\n", name, value[int((NR + 1) / 2)], value[NR] }'
done
