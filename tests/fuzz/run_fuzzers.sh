#!/bin/sh
# Builds isotest's libFuzzer targets with clang (ASan + UBSan, coverage instrumented) in a build
# directory of their own and runs each for a bounded time. Exits nonzero if any target found a
# crash; the crashing inputs are listed. Needs: clang, libclang-rt-14-dev (Debian 12), cmake.
#
#   tests/fuzz/run_fuzzers.sh [-t SECONDS_EACH] [-b BUILD_DIR] [-k] [TARGET...]
#     -t  time per target (default 60, or $ISOTEST_FUZZ_SECONDS)
#     -b  build directory (default /var/tmp/isotest-fuzz-build, or $ISOTEST_FUZZ_BUILD)
#     -k  keep crashes: copy each crashing input into tests/fuzz/regressions/TARGET/, where
#         the fuzz.replay test runs it in every normal test run (commit it with the fix)
#     TARGET: cli_parse xml_text junit tap channel packets (default: all)
set -eu

seconds=${ISOTEST_FUZZ_SECONDS:-60}
build=${ISOTEST_FUZZ_BUILD:-/var/tmp/isotest-fuzz-build}
keep=false
while getopts t:b:k option; do
    case $option in
        t) seconds=$OPTARG ;;
        b) build=$OPTARG ;;
        k) keep=true ;;
        *) sed -n '2,13p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
targets=${*:-cli_parse xml_text junit tap channel packets}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
fuzz_dir=$source_dir/tests/fuzz

command -v clang++ >/dev/null || { echo "run_fuzzers.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }

cmake -S "$source_dir" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DISOTEST_FUZZ=ON -DISOTEST_SANITIZE=ON -DISOTEST_WERROR=OFF \
    -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log" >&2; exit 2; }
for target in $targets; do
    cmake --build "$build" -j2 --target "fuzz_$target" >"$build.build.log" 2>&1 ||
        { tail -50 "$build.build.log" >&2; exit 2; }
done

failed=""
for target in $targets; do
    binary=$build/tests/fuzz/fuzz_$target
    corpus=$build/corpus/$target        # grows across runs; the seeds stay read-only
    crashes=$build/crashes/$target
    rm -rf "$crashes"
    mkdir -p "$corpus" "$crashes" "$fuzz_dir/regressions/$target"
    echo "== fuzz_$target for ${seconds}s"
    # Saved crashes first: a regression shows up at once, before any new fuzzing.
    if ! "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$corpus" "$fuzz_dir/corpus/$target" "$fuzz_dir/regressions/$target" \
        >"$build/fuzz_$target.log" 2>&1; then
        failed="$failed $target"
        echo "fuzz_$target FAILED; log: $build/fuzz_$target.log" >&2
        grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$build/fuzz_$target.log" | head -20 >&2 || true
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz_$target.log" || true
    for crash in "$crashes"/*; do
        [ -f "$crash" ] || continue
        echo "crash input: $crash"
        if $keep; then
            cp "$crash" "$fuzz_dir/regressions/$target/$(sha1sum "$crash" | cut -c1-40)"
        fi
    done
done

if [ -n "$failed" ]; then
    echo "run_fuzzers.sh: crashes in:$failed" >&2
    exit 1
fi
echo "run_fuzzers.sh: no crashes ($targets, ${seconds}s each)"
