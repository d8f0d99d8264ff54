#!/usr/bin/env bash
# tests/cli/jobs.sh: a new index built in several processes (--jobs 3) and
# merged into one answers exactly as one built by one process (--jobs 1):
# the same hits, scores, order (ties included), totals and facet counts;
# both are one compacted database that Xapian's checker passes; updating
# either (an article changed, one vanished) gives the same listings again;
# a build stopped at each step of the merge (kill -9 at a crash point)
# leaves a searchable index or the old one, and the next run finishes it
# to the same listings; --shards still keeps shards; bad --jobs is refused.
. "$(dirname "$0")/lib/common.sh"
strip() {  # JSON Lines without timings (they vary) and shard names
    sed -e 's/,"timings":{[^}]*}//' -e 's/,"shard":"[^"]*"//'
}

# 300 generated articles from a few paragraphs, so that many passages tie
# exactly and the order of ties is put to the test.
mkdir -p "$tmp/corpus"
tie_corpus 300 >"$tmp/corpus/news.jsonl"

printf 'q1\trailway\nq2\tchina trade\nq3\tfreight OR cocoa\nq4\t"interest rates"\nq5\tcountry:ke\nq6\tyear:..9999\n' >"$tmp/queries.tsv"
# listing INDEX: every query's listing, scores and facet counts included.
listing() {
    "$q_bin" -i "$1" --json --limit 500 --per-article 0 --duplicates keep \
        --facets all --batch "$tmp/queries.tsv" | strip
}
# same LABEL A B: the listings of indexes A and B are identical.
same() {
    local a b
    a=$(listing "$2"); b=$(listing "$3")
    if [ -z "$a" ] || [ "$a" != "$b" ]; then
        echo "FAIL: $1: listings differ"
        diff <(echo "$a") <(echo "$b") | head -6
        fail=1
    fi
}
# one_db LABEL INDEX: INDEX is one database (no stub, no shards, no mark
# of a build under way), consistent by Xapian's checker.
one_db() {
    check "$1: one database" test -f "$2/iamglass"
    check "$1: no shards" test ! -e "$2/XAPIANDB" -a ! -e "$2/shard-0"
    check "$1: no build under way" test ! -e "$2/silk-merge-pending"
    local out
    out=$("$idx_bin" --check -i "$2"); local rc=$?
    check "$1: xapian-check clean (rc $rc: $out)" test $rc -eq 0
}

out1=$("$idx_bin" -v -i "$tmp/j1" --jobs 1 "$tmp/corpus" 2>"$tmp/v1.err"); rc=$?
check "--jobs 1: exit 0 ($out1)" test $rc -eq 0
check "-v: one process, compression deferred" \
    grep -q "building $tmp/j1 in 1 process, compression deferred" "$tmp/v1.err"
out3=$("$idx_bin" -v -i "$tmp/j3" --jobs 3 "$tmp/corpus" 2>"$tmp/v.err"); rc=$?
check "--jobs 3: exit 0 ($out3)" test $rc -eq 0
check "--jobs 3: same summary counts" test "${out1%%;*}" = "${out3%%;*}"
check "-v names the processes" grep -q "building $tmp/j3 in 3 processes" "$tmp/v.err"
check "-v names the merge" grep -q "compacted $tmp/j3 into one database" "$tmp/v.err"
one_db "--jobs 1" "$tmp/j1"
one_db "--jobs 3" "$tmp/j3"
same "--jobs 1 and --jobs 3" "$tmp/j1" "$tmp/j3"
n=$(listing "$tmp/j1" | grep -c '"score"')
check "the listings hold hits ($n)" test "$n" -gt 300

# Updates after the build: one article changed, one vanished; the same in
# both, and as a fresh build of the new corpus counts them.
tie_corpus 300 | sed -e '/"g007"/s/trade update/tin trade update/' -e '/"g123"/d' \
    >"$tmp/corpus/news.jsonl"
for d in j1 j3; do
    out=$("$idx_bin" -i "$tmp/$d" "$tmp/corpus"); rc=$?
    check "$d update: exit 0" test $rc -eq 0
    check "$d update: one changed, one removed ($out)" \
        has "$out" "0 added, 1 changed, 298 unchanged, 1 removed"
done
same "--jobs 1 and --jobs 3, updated" "$tmp/j1" "$tmp/j3"
check "the changed article is found" \
    has "$("$q_bin" -i "$tmp/j3" --json tin)" '"article":"g007"'
check "the vanished article is gone" \
    hasnt "$("$q_bin" -i "$tmp/j3" --json --limit 500 'year:..9999')" '"article":"g123"'
one_db "--jobs 3, updated" "$tmp/j3"

# Stopped at each step of a new build (kill -9 at a crash point): what is
# there answers (a build under way is searchable), and the next run
# finishes it: one database, the listings of the reference.
for point in shards-created stub-written built compacted merged swapped; do
    for jobs in 1 3; do
        rm -rf "$tmp/k"
        (SILK_INDEX_CRASH_AT=$point "$idx_bin" -q --jobs $jobs -i "$tmp/k" \
            "$tmp/corpus"; true) 2>/dev/null
        if [ "$point" = built ] || [ "$point" = compacted ]; then
            n=$("$q_bin" -i "$tmp/k" --json --limit 500 'year:..9999' | grep -c '"score"')
            check "killed at $point (--jobs $jobs): the build is searchable ($n hits)" \
                test "$n" -gt 0
        fi
        out=$("$idx_bin" -i "$tmp/k" "$tmp/corpus" 2>&1); rc=$?
        check "killed at $point (--jobs $jobs): the next run exits 0 ($out)" test $rc -eq 0
        one_db "killed at $point (--jobs $jobs), run again" "$tmp/k"
        same "killed at $point (--jobs $jobs), run again" "$tmp/j1" "$tmp/k"
        check "killed at $point (--jobs $jobs): nothing left beside" \
            test -z "$(ls -A "$tmp" | grep '^\.k\.')"
    done
done

# --rebuild is a merged build beside: killed at each step, the old index
# answers as before; the next rebuild finishes.
"$idx_bin" -q -i "$tmp/r" "$tmp/corpus"
for point in stub-written built compacted rebuilt; do
    (SILK_INDEX_CRASH_AT=$point "$idx_bin" -q --rebuild --jobs 3 -i "$tmp/r" \
        "$tmp/corpus"; true) 2>/dev/null
    same "rebuild killed at $point: the old index" "$tmp/j1" "$tmp/r"
done
check "a killed rebuild leaves its build beside" test -e "$tmp/.r.silk-build" -o -e "$tmp/.r.silk-new"
out=$("$idx_bin" --rebuild --jobs 3 -i "$tmp/r" "$tmp/corpus" 2>&1); rc=$?
check "rebuild: exit 0 ($out)" test $rc -eq 0
one_db "rebuilt" "$tmp/r"
same "rebuilt" "$tmp/j1" "$tmp/r"
check "rebuild: nothing left beside" test -z "$(ls -A "$tmp" | grep '^\.r\.')"

# An explicit --shards N keeps N shards (--jobs does not merge them).
out=$("$idx_bin" -q --shards 2 --jobs 3 -i "$tmp/s" "$tmp/corpus"); rc=$?
check "--shards 2: exit 0" test $rc -eq 0
check "--shards 2: kept as 2 shards" grep -qx "auto shard-1" "$tmp/s/XAPIANDB"
same "--shards 2" "$tmp/j1" "$tmp/s"
# A stopped merged build is finished as one database, not re-sharded.
rm -rf "$tmp/k"
(SILK_INDEX_CRASH_AT=built "$idx_bin" -q --jobs 3 -i "$tmp/k" "$tmp/corpus"; true) 2>/dev/null
err=$("$idx_bin" -q --shards 3 -i "$tmp/k" "$tmp/corpus" 2>&1); rc=$?
check "--shards on a stopped merged build: exit 2" test $rc -eq 2
check "--shards on a stopped merged build: says how to finish ($err)" \
    has "$err" "finish it without --shards"

# Bad --jobs.
for bad in 0 -1 x 1000; do
    err=$("$idx_bin" -q --jobs "$bad" -i "$tmp/bad" "$tmp/corpus" 2>&1); rc=$?
    check "--jobs $bad: exit 2" test $rc -eq 2
    check "--jobs $bad: says what it wants ($err)" has "$err" "--jobs wants a whole number"
done
check "--jobs refused: no index made" test ! -e "$tmp/bad"
exit $fail
