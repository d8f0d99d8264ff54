#!/usr/bin/env bash
# Install what is missing, build silk plain and with ASan+UBSan, and run the
# whole test suite through ctest in both builds. Non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")"
scripts/deps.sh

jobs=$(nproc)
run_suite() {  # run_suite BUILD_DIR CMAKE_ARGS...
    local dir=$1; shift
    echo "== $dir: configure and build"
    cmake -S . -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs" -- --no-print-directory >/dev/null
    echo "== $dir: ctest"
    ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

# The plain build also builds the benchmark peers (bench/), so that their
# test runs and .ci/run's bench/run.sh --quick can use build/bin.
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSILK_BENCH=ON
# The sanitized run looks for memory errors, not for more kill points: the
# kill tests take a few random kills there (the plain run takes them all),
# shard_crash a 1,500-article corpus, query_pages 50 of its 150 queries,
# rebuild an 800-article corpus (its 2,000 take 7 times as long there).
SHARD_KILLS=2 COMPACT_KILLS=2 SHARD_CRASH_ARTICLES=1500 QUERY_PAGES_QUERIES=50 \
REBUILD_ARTICLES=800 \
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DSILK_SANITIZE=ON

# ---- reliability (docs/reliability.md): memcheck over the end-to-end runs
# of the plain build, then every fuzz target for a short fixed time ----
echo "== valgrind: end-to-end runs under memcheck (build/)"
scripts/valgrind.sh build
echo "== fuzz: every target for ${SILK_FUZZ_SECONDS:-7}s (build-fuzz/)"
scripts/fuzz.sh "${SILK_FUZZ_SECONDS:-7}"
