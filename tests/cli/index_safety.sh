#!/usr/bin/env bash
# tests/cli/index_safety.sh: silk-index under stress — a second writer waits
# for the lock then exits 2; SIGINT commits and exits 130; kill -9 leaves the
# last commit; in both cases a re-run completes to what an uninterrupted run
# gives (same articles and passages).
set -u
idx_bin="$BIN/silk-index"
fail=0
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}
count() {  # count SUMMARY WORD: the number before WORD in a summary line
    sed -n "s/.* \([0-9][0-9]*\) $2.*/\1/p" <<<"$1"
}

# A generated corpus: N articles of four paragraphs each.
N=2000
mkdir -p "$tmp/big"
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++) {
        printf "{\"id\": \"gen%05d\", \"title\": \"Generated article %d on trade\", \"date\": \"20%02d-0%d-1%d\", \"body\": \"", i, i, i % 25, 1 + i % 9, i % 10
        for (p = 0; p < 4; p++)
            printf "Paragraph %d of article %d: the railway between China and Laos carried %d tonnes of freight this month, officials of the Ministry of Commerce said on Tuesday.\\n\\n", p, i, i * 7 + p
        printf "\"}\n"
    }
}' >"$tmp/big/articles.jsonl"

# The reference: one uninterrupted run.
ref=$("$idx_bin" -i "$tmp/ref" "$tmp/big"); rc=$?
check "reference run exits 0" test $rc -eq 0
check "reference adds all" has "$ref" "$N added"
ref_passages=$(count "$ref" passage)

# SIGINT: finish the article in hand, commit, summary, exit 130.
"$idx_bin" --commit-every 50 -i "$tmp/int" "$tmp/big" >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!; pids+=("$pid")
sleep 0.4
kill -INT "$pid" 2>/dev/null
wait "$pid"; rc=$?
if [ $rc -eq 130 ]; then
    check "SIGINT: says so" grep -q "interrupted: run again to finish" "$tmp/int.err"
    first=$(cat "$tmp/int.out")
    check "SIGINT: summary printed" has "$first" "added"
    second=$("$idx_bin" -i "$tmp/int" "$tmp/big")
    check "after SIGINT: nothing changed or removed" has "$second" " 0 changed,"
    check "after SIGINT: every article once" \
        test $(( $(count "$first" added) + $(count "$second" added) )) -eq $N
    check "after SIGINT: same passages as the reference" \
        test $(( $(count "$first" passage) + $(count "$second" passage) )) -eq "$ref_passages"
else
    check "SIGINT: exit 130 (or 0 if it finished first)" test $rc -eq 0
    echo "note: the run finished before SIGINT arrived"
fi
third=$("$idx_bin" -i "$tmp/int" "$tmp/big")
check "SIGINT: then nothing to do" has "$third" "0 added, 0 changed, $N unchanged, 0 removed"

# kill -9: the last commit stands; a re-run completes it.
"$idx_bin" --commit-every 50 -i "$tmp/kill" "$tmp/big" >/dev/null 2>&1 &
pid=$!; pids+=("$pid")
sleep 0.4
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
again=$("$idx_bin" -i "$tmp/kill" "$tmp/big"); rc=$?
check "after kill -9: exit 0" test $rc -eq 0
check "after kill -9: nothing half-done" has "$again" " 0 changed, "
check "after kill -9: every article once" \
    test $(( $(count "$again" added) + $(count "$again" unchanged) )) -eq $N
if command -v xapian-delve >/dev/null; then
    d_ref=$(xapian-delve "$tmp/ref" | sed -n 's/^number of documents = //p')
    d_kill=$(xapian-delve "$tmp/kill" | sed -n 's/^number of documents = //p')
    check "after kill -9: same passages as the reference" test "$d_kill" = "$d_ref"
fi

# A second writer waits for the lock, then exits 2 and says why. (The
# holder is one process, --jobs 1, so one SIGSTOP pauses all of it.)
"$idx_bin" --jobs 1 --commit-every 1 -i "$tmp/lock" "$tmp/big" >/dev/null 2>&1 &
holder=$!; pids+=("$holder")
for _ in $(seq 100); do
    [ -e "$tmp/lock/iamglass" ] && break
    sleep 0.05
done
kill -STOP "$holder"
if kill -0 "$holder" 2>/dev/null; then
    start=$(date +%s%N)
    "$idx_bin" --lock-timeout 1 -i "$tmp/lock" "$tmp/big" >/dev/null 2>"$tmp/lock.err"; rc=$?
    waited=$(( ($(date +%s%N) - start) / 1000000 ))
    check "second writer: exit 2" test $rc -eq 2
    check "second writer: message" grep -q "another silk-index is writing $tmp/lock (lock held); try again when it finishes" "$tmp/lock.err"
    check "second writer waited about a second" test "$waited" -ge 900
    check "lock file kept" test -e "$tmp/lock/flintlock"
    kill -CONT "$holder"
    kill -INT "$holder"
    wait "$holder"; rc=$?
    check "lock holder finishes normally" test $rc -eq 130 -o $rc -eq 0
else
    echo "FAIL: the lock holder ended too early"; fail=1
fi

exit $fail
