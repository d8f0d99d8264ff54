#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan+UBSan, build-fuzz/) and run each
# for SECONDS (default 20), as many at once as there are cores; exit non-zero
# on any finding. CI runs it with a short time; docs/reliability.md gives the
# longer run.
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 600 query
# A finding is saved as build-fuzz/fuzz-artifacts/<target>/crash-*: copy it
# to tests/fuzz/regressions/<target>/ to keep it as a regression test.
# Extra libFuzzer flags: FUZZ_ARGS="-max_len=65536 -jobs=2".
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
shift || true
all=(analyzer query jsonl json csv text sgml xml passage date facets data)
targets=("${@:-${all[@]}}")
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSILK_FUZZ=ON -DSILK_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" -- --no-print-directory \
    $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# Input files of the file readers go to a private tmpfs directory.
export SILK_FUZZ_TMP=${SILK_FUZZ_TMP:-/dev/shm}
[ -w "$SILK_FUZZ_TMP" ] || SILK_FUZZ_TMP=/tmp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run_target T: one target's run; its report in $build/fuzz-artifacts/T/report,
# exit 1 on a finding.
run_target() {
    local t=$1 work="$build/fuzz-corpus/$1" art="$build/fuzz-artifacts/$1"
    mkdir -p "$work" "$art"
    # Seeds and fixed findings join the working corpus; NAME.open files
    # (findings not fixed yet, see docs/reliability.md) stay out.
    find "tests/fuzz/corpus/$t" "tests/fuzz/regressions/$t" -type f \
        ! -name '.*' ! -name '*.open' -exec cp -t "$work" {} +
    {
        echo "== fuzz_$t: ${secs}s"
        # -timeout: an input that takes 10 s is a hang (a finding);
        # -rss_limit_mb: the readers may hold a few copies of a big input.
        if ! "$build/bin/fuzz_$t" -max_total_time="$secs" -timeout=10 \
                -rss_limit_mb=2048 -print_final_stats=1 \
                -artifact_prefix="$art/" ${FUZZ_ARGS:-} \
                "$work" >"$art/log" 2>&1; then
            echo "FINDING in fuzz_$t: see $art/log and $art/"
            grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: )' "$art/log" | head -5 || true
            return 1
        fi
        grep -E '^stat::number_of_executed_units|^Done ' "$art/log" | tr '\n' ' '
        echo
    } >"$art/report"
}

# As many targets at once as there are cores (each is one process); the
# reports in the targets' order.
failed=()
jobs=$(nproc)
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    batch=("${targets[@]:i:jobs}")
    pids=()
    for t in "${batch[@]}"; do
        run_target "$t" &
        pids+=($!)
    done
    for k in "${!batch[@]}"; do
        t=${batch[$k]}
        wait "${pids[$k]}" || failed+=("$t")
        cat "$build/fuzz-artifacts/$t/report"
    done
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: findings in: ${failed[*]}"
    exit 1
fi
echo "fuzz.sh: no findings (${#targets[@]} targets, ${secs}s each)"
