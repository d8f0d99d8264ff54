#!/usr/bin/env bash
# tests/cli/shards.sh: a sharded index answers exactly as one index holding
# everything — same hits, scores, order (ties included), pages, per-article
# limit, folded copies ("also"), totals of passages, articles and results,
# and facet counts — for 3 local shards (a sharded directory, and
# the shards given as repeated -i), 2 local + 1 remote shard (when
# xapian-tcpsrv is there), and the compacted merge; plus incremental
# re-indexing, a shard-count mismatch and compaction's kept metadata.
. "$(dirname "$0")/lib/common.sh"
strip() {  # JSON Lines without timings and estimated counts (both vary)
    sed -e 's/,"timings":{[^}]*}//' -e 's/,"shard":"[^"]*"//' \
        -e 's/"total":[0-9]*,"exact":false/"total":"~","exact":false/' \
        -e 's/"articles":[0-9]*,"articles_exact":false/"articles":"~","articles_exact":false/'
}

# A generated corpus of 400 articles built from a few paragraphs, so that
# many passages tie exactly (the same text in several articles) and the
# order of ties is put to the test; countries, years and sources vary.
mkdir -p "$tmp/corpus/gen"
cp -r "$SRC/corpus/." "$tmp/corpus/"
tie_corpus 400 >"$tmp/corpus/gen/news.jsonl"

out=$("$idx_bin" -i "$tmp/one" "$tmp/corpus"); rc=$?
check "one index: exit 0" test $rc -eq 0
out3=$("$idx_bin" -i "$tmp/three" --shards 3 "$tmp/corpus"); rc=$?
check "3 shards: exit 0" test $rc -eq 0
check "3 shards: same summary counts" test "${out%%;*}" = "${out3%%;*}"
check "3 shards: a stub" grep -qx "auto shard-2" "$tmp/three/XAPIANDB"
for k in 0 1 2; do check "shard $k exists" test -f "$tmp/three/shard-$k/iamglass"; done

queries=("railway" "china trade" "freight OR cocoa" '"interest rates"'
         "rice -laos" "country:ke" "year:2016..2018 railway" "ministry:commerce"
         "title:update china")
optsets=("" "--per-article 1" "--per-article 2 --limit 15" "--offset 7 --limit 9"
         "--offset 30 --limit 5 --per-article 1" "--facets all --limit 20"
         "--facets all --per-article 1" "--limit 200"
         "--per-article 0 --duplicates keep --limit 50" "--count-limit 20 --offset 5"
         "--exact --limit 30")
# The queries as one --batch file (one process an option set and index,
# not one a query: the sanitized run spent minutes starting processes).
for i in "${!queries[@]}"; do printf 'q%d\t%s\n' "$i" "${queries[$i]}"; done >"$tmp/queries.tsv"
# same LABEL INDEX-ARGS...: every query and option set answers as "one".
same() {
    local label=$1; shift
    local o a b bad=0
    for o in "${optsets[@]}"; do
        # shellcheck disable=SC2086
        a=$("$q_bin" -i "$tmp/one" --json $o --batch "$tmp/queries.tsv" | strip)
        # shellcheck disable=SC2086
        b=$("$q_bin" "$@" --json $o --batch "$tmp/queries.tsv" | strip)
        if [ -z "$a" ] || [ "$a" != "$b" ]; then
            echo "FAIL: $label differs with options '$o'"
            diff <(echo "$a") <(echo "$b") | head -6
            bad=1
        fi
    done
    [ $bad -eq 0 ] || fail=1
}
same "3 shards (directory)" -i "$tmp/three"
same "3 shards (-i each)" -i "$tmp/three/shard-0" -i "$tmp/three/shard-1" -i "$tmp/three/shard-2"
n=$("$q_bin" -i "$tmp/one" --json --limit 200 railway | grep -c '"score"')
ties=$("$q_bin" -i "$tmp/one" --json --limit 200 railway | grep -o '"score":[0-9.]*' |
       sort | uniq -c | awk '$1 > 1 { n += $1 } END { print n + 0 }')
check "the test has ties to order ($ties of $n hits tie)" test "$ties" -gt 20
# The exact counts the layouts must agree on are there to compare.
s=$("$q_bin" -i "$tmp/one" --json --limit 200 railway | tail -1)
check "exact totals to compare" has "$s" '"exact":true,"articles":'
check "copies folded to compare" grep -q '"also_total":[1-9]' <<<"$("$q_bin" -i "$tmp/one" --json --limit 200 railway)"

# 2 local + 1 remote shard, served by xapian-tcpsrv on a free port.
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    . "$(dirname "$0")/lib/serve.sh"
    if serve "$tmp/three/shard-1"; then
        printf 'auto three/shard-0\nremote 127.0.0.1:%s\nauto three/shard-2\n' "$port" >"$tmp/mixed.stub"
        same "2 local + 1 remote" -i "$tmp/mixed.stub"
        kill "$srv"; wait "$srv" 2>/dev/null; srv=""
    else
        fail=1  # serve said why
    fi
else
    echo "note: xapian-tcpsrv not found: the remote part is left out (scripts/deps.sh installs xapian-tools)"
fi

# Compaction merges the shards and keeps silk's metadata (every article
# record, the schema, the language).
out=$("$idx_bin" --compact -i "$tmp/three" --output "$tmp/merged"); rc=$?
check "compact: exit 0" test $rc -eq 0
check "compact: says so" has "$out" "compacted $tmp/three (3 shards"
same "compacted merge" -i "$tmp/merged"
out=$("$idx_bin" -i "$tmp/merged" "$tmp/corpus")
check "compacted: every record kept (all unchanged)" has "$out" "0 added, 0 changed, 405 unchanged, 0 removed"
err=$("$idx_bin" --compact -i "$tmp/three" --output "$tmp/merged" 2>&1); rc=$?
check "compact onto an existing path: exit 2" test $rc -eq 2
check "compact onto an existing path: says so" has "$err" "destination exists"

# Incremental re-indexing on the sharded index, mirrored on the single one.
sed -i 's/Exports of rice and rubber grew/Exports of rice, tin and rubber grew/' "$tmp/corpus/gen/news.jsonl"
rm "$tmp/corpus/000_eee68d401b6df1ce.txt" "$tmp/corpus/000_eee68d401b6df1ce.meta"
a=$("$idx_bin" -i "$tmp/one" "$tmp/corpus")
b=$("$idx_bin" -i "$tmp/three" "$tmp/corpus"); rc=$?
check "re-index shards: exit 0" test $rc -eq 0
check "re-index shards: changes counted as one index" test "${a%%;*}" = "${b%%;*}"
check "re-index shards: one removed" has "$b" " 1 removed"
same "3 shards after re-indexing" -i "$tmp/three"
b=$("$idx_bin" -i "$tmp/three" "$tmp/corpus")
check "re-run on shards: nothing to do" has "$b" "0 added, 0 changed, 404 unchanged, 0 removed"

# A shard count that does not match the index is a clear error.
err=$("$idx_bin" -i "$tmp/three" --shards 2 "$tmp/corpus" 2>&1); rc=$?
check "--shards mismatch: exit 2" test $rc -eq 2
check "--shards mismatch: says what to do" has "$err" "has 3 shards, not 2"
err=$("$idx_bin" -i "$tmp/one" --shards 2 "$tmp/corpus" 2>&1); rc=$?
check "--shards on a single index: exit 2" test $rc -eq 2
check "--shards on a single index: says so" has "$err" "has 1 shard, not 2"

# In-place compaction: the sharded directory becomes one index.
"$idx_bin" -q --compact -i "$tmp/three"
check "in place: one index now" test -f "$tmp/three/iamglass" -a ! -e "$tmp/three/XAPIANDB"
same "compacted in place" -i "$tmp/three"
exit $fail
