#!/usr/bin/env bash
# tests/cli/rebuild.sh: --rebuild builds beside the index and swaps it in
# only when complete — SIGINT, kill -9 and a failed run (--strict) leave the
# old index answering with all its passages and no debris a re-run trips
# on; a reader during a rebuild sees the old index; the swap's kill points
# (exchange, and the two renames of a file system that refuses it); a
# damaged index can be rebuilt; a sharded index can be re-sharded.
# Environment: BIN (build/bin); REBUILD_ARTICLES (default 2000).
set -u
idx_bin="$BIN/silk-index"
query="$BIN/silk-query"
fail=0
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}
# total INDEX: the number of passages silk-query finds (every one has a
# year), or "error RC".
total() {
    local out rc
    out=$("$query" -i "$1" --json --limit 0 'year:..9999' 2>&1); rc=$?
    if [ $rc -gt 1 ]; then echo "error $rc: $out"; return; fi
    sed -n 's/.*"total":\([0-9]*\).*/\1/p' <<<"$out" | tail -1
}
# debris DIR: what a rebuild may leave beside an index (none expected).
debris() {
    ls -a "$1" | grep -F '.silk-' || true
}

# A generated corpus: N articles of four paragraphs each (a rebuild of it
# takes a few seconds at --commit-every 50, time for a signal to land).
# REBUILD_ARTICLES: test.sh's sanitized run takes fewer.
N=${REBUILD_ARTICLES:-2000}
mkdir -p "$tmp/big"
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++) {
        printf "{\"id\": \"gen%05d\", \"title\": \"Generated article %d on trade\", \"date\": \"20%02d-0%d-1%d\", \"body\": \"", i, i, i % 25, 1 + i % 9, i % 10
        for (p = 0; p < 4; p++)
            printf "Paragraph %d of article %d: the railway between China and Laos carried %d tonnes of freight this month, officials of the Ministry of Commerce said on Tuesday.\\n\\n", p, i, i * 7 + p
        printf "\"}\n"
    }
}' >"$tmp/big/articles.jsonl"
mkdir -p "$tmp/d"
"$idx_bin" -q -i "$tmp/d/idx" "$tmp/big"
ref=$(total "$tmp/d/idx")
check "reference has passages" test "${ref:-0}" -gt 0 2>/dev/null

# 1. SIGINT during --rebuild: exit 130, the old index answers in full.
"$idx_bin" --rebuild --commit-every 50 -i "$tmp/d/idx" "$tmp/big" \
    >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!; pids+=("$pid")
sleep 0.5
during=$(total "$tmp/d/idx")
kill -INT "$pid" 2>/dev/null
wait "$pid"; rc=$?
check "reader during a rebuild sees the old index ($during of $ref)" \
    test "$during" = "$ref"
if [ $rc -eq 130 ]; then
    check "SIGINT: says the index is unchanged" \
        grep -q "the rebuild did not finish: $tmp/d/idx is unchanged" "$tmp/int.err"
else
    echo "note: the rebuild finished before SIGINT arrived (rc $rc)"
    check "SIGINT: exit 130 or 0" test $rc -eq 0
fi
got=$(total "$tmp/d/idx")
check "after SIGINT: every passage still there ($got of $ref)" test "$got" = "$ref"
check "after SIGINT: nothing left beside the index" test -z "$(debris "$tmp/d")"
out=$("$idx_bin" -i "$tmp/d/idx" "$tmp/big")
check "after SIGINT: a re-run finds everything unchanged ($out)" \
    has "$out" "0 added, 0 changed, $N unchanged, 0 removed"

# 2. kill -9 during --rebuild: the old index answers; the debris is
# cleared by the next run, which completes.
"$idx_bin" --rebuild --commit-every 50 -i "$tmp/d/idx" "$tmp/big" \
    >/dev/null 2>&1 &
pid=$!; pids+=("$pid")
sleep 0.5
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
got=$(total "$tmp/d/idx")
check "after kill -9: every passage still there ($got of $ref)" test "$got" = "$ref"
out=$("$idx_bin" --rebuild -i "$tmp/d/idx" "$tmp/big"); rc=$?
check "rebuild after kill -9: exit 0" test $rc -eq 0
check "rebuild after kill -9: adds all ($out)" has "$out" "$N added, 0 changed, 0 unchanged, 0 removed"
check "rebuild after kill -9: same passages" test "$(total "$tmp/d/idx")" = "$ref"
check "rebuild after kill -9: nothing left beside" test -z "$(debris "$tmp/d")"

# 3. A rebuild that fails (--strict and a bad file) leaves the old index.
mkdir -p "$tmp/bad"
cp "$tmp/big/articles.jsonl" "$tmp/bad/"
printf '{"id": "broken", "title": "x"\n' >"$tmp/bad/zz.jsonl"
err=$("$idx_bin" --rebuild --strict -i "$tmp/d/idx" "$tmp/bad" 2>&1 >/dev/null); rc=$?
check "failed rebuild: exit 2" test $rc -eq 2
check "failed rebuild: says the index is unchanged" has "$err" "is unchanged"
check "failed rebuild: every passage still there" test "$(total "$tmp/d/idx")" = "$ref"
check "failed rebuild: nothing left beside" test -z "$(debris "$tmp/d")"

# 4. The swap's kill points. After the exchange, before the old index is
# removed: the new index is in place; the next run removes the old.
(SILK_INDEX_CRASH_AT=swapped "$idx_bin" -q --rebuild -i "$tmp/d/idx" "$tmp/big"; true) 2>/dev/null
check "killed after the exchange: the new index answers" test "$(total "$tmp/d/idx")" = "$ref"
out=$("$idx_bin" -i "$tmp/d/idx" "$tmp/big")
check "killed after the exchange: re-run unchanged" has "$out" "0 added, 0 changed, $N unchanged, 0 removed"
check "killed after the exchange: old index removed" test -z "$(debris "$tmp/d")"
# Before the swap (built, not swapped): the old index stays.
(SILK_INDEX_CRASH_AT=rebuilt "$idx_bin" -q --rebuild -i "$tmp/d/idx" "$tmp/big"; true) 2>/dev/null
check "killed before the swap: the old index answers" test "$(total "$tmp/d/idx")" = "$ref"
# A file system that refuses the exchange: two renames.
out=$(SILK_INDEX_NO_EXCHANGE=1 "$idx_bin" --rebuild -i "$tmp/d/idx" "$tmp/big"); rc=$?
check "two-rename swap: exit 0" test $rc -eq 0
check "two-rename swap: complete" test "$(total "$tmp/d/idx")" = "$ref"
check "two-rename swap: nothing left beside" test -z "$(debris "$tmp/d")"
# Killed between the two renames: no index for an instant; the next run
# puts the new (complete) one in place.
(SILK_INDEX_NO_EXCHANGE=1 SILK_INDEX_CRASH_AT=moved-aside \
    "$idx_bin" -q --rebuild -i "$tmp/d/idx" "$tmp/big"; true) 2>/dev/null
check "killed between the renames: the index is moved aside" test ! -e "$tmp/d/idx"
err=$("$idx_bin" -i "$tmp/d/idx" "$tmp/big" 2>&1); rc=$?
check "killed between the renames: next run exits 0" test $rc -eq 0
check "killed between the renames: says it finished the swap" has "$err" "finished a swap that was stopped"
check "killed between the renames: unchanged ($err)" has "$err" "0 added, 0 changed, $N unchanged, 0 removed"
check "killed between the renames: complete" test "$(total "$tmp/d/idx")" = "$ref"
check "killed between the renames: nothing left beside" test -z "$(debris "$tmp/d")"

# 5. A damaged index (a table truncated) cannot be opened, but it can be
# rebuilt: that is the way out the error messages give.
cp -r "$tmp/d/idx" "$tmp/d/dmg"
truncate -s 8192 "$tmp/d/dmg/postlist.glass"
out=$("$idx_bin" --rebuild -i "$tmp/d/dmg" "$tmp/big" 2>&1); rc=$?
check "rebuild of a damaged index: exit 0 ($out)" test $rc -eq 0
check "rebuild of a damaged index: complete" test "$(total "$tmp/d/dmg")" = "$ref"

# 6. A sharded index is rebuilt sharded; --rebuild --shards N re-shards.
"$idx_bin" -q --shards 2 -i "$tmp/d/sh" "$tmp/big"
out=$("$idx_bin" --rebuild -i "$tmp/d/sh" "$tmp/big"); rc=$?
check "sharded rebuild: exit 0" test $rc -eq 0
check "sharded rebuild: still 2 shards" test -d "$tmp/d/sh/shard-1" -a ! -e "$tmp/d/sh/shard-2"
out=$("$idx_bin" --rebuild --shards 3 -i "$tmp/d/sh" "$tmp/big"); rc=$?
check "re-shard with --rebuild --shards 3: exit 0" test $rc -eq 0
check "re-shard: 3 shards" test -d "$tmp/d/sh/shard-2"
check "re-shard: same passages" test "$(total "$tmp/d/sh")" = "$ref"
check "re-shard: nothing left beside" test -z "$(debris "$tmp/d")"

exit $fail
