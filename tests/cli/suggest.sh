#!/usr/bin/env bash
# tests/cli/suggest.sh: end-to-end test of "did you mean" on the bundled
# corpus — a spelling suggestion from the index's own vocabulary for a
# query with (almost) no matches, in text and as the JSON summary's
# suggestion, alike through one index, local shards and a remote shard;
# unknown fields and options of silk-query and silk-index name the nearest
# real one. The remote part is skipped without xapian-tcpsrv.
. "$(dirname "$0")/lib/common.sh"
suggestion() {  # suggestion INDEX QUERY: the JSON summary's suggestion field
    "$q_bin" -i "$1" --json --limit 0 -- "$2" | sed -n 's/.*"type":"summary".*"suggestion":\(null\|"\([^"\\]\|\\.\)*"\).*/\1/p'
}

"$idx_bin" -q -i "$tmp/one" "$SRC/corpus" || { echo "FAIL: indexing"; exit 1; }
"$idx_bin" -q -i "$tmp/sh" --shards 3 "$SRC/corpus" || { echo "FAIL: sharded indexing"; exit 1; }

# Spelling, from the index's words.
out=$("$q_bin" -i "$tmp/one" railwy); rc=$?
check "railwy: no match, exit 1" test $rc -eq 1
check "railwy: did you mean railway (text)" has "$out" "did you mean: railway"
check "railwy: suggestion in JSON" test "$(suggestion "$tmp/one" railwy)" = '"railway"'
check "a swap is one edit: raliway" test "$(suggestion "$tmp/one" raliway)" = '"railway"'
check "two words, one wrong" test "$(suggestion "$tmp/one" 'railwy tunnel')" = '"railway tunnel"'
check "a query that matches gets no suggestion" test "$(suggestion "$tmp/one" railway)" = null
check "nothing near: no suggestion" test "$(suggestion "$tmp/one" zqxjkv)" = null
check "=word is not corrected" test "$(suggestion "$tmp/one" '=railwy')" = null
check "an excluded word is not corrected" test "$(suggestion "$tmp/one" 'zqxjkv -railwy')" = null
out=$("$q_bin" -i "$tmp/one" railway)
check "a match prints no did-you-mean line" hasnt "$out" "did you mean"
# Field names.
out=$("$q_bin" -i "$tmp/one" --limit 1 contry:Laos railway)
check "contry: the note names country:" has "$out" "unknown field contry: read as a word (did you mean country:?)"
check "contry: the note is the first line, before the hits" \
    grep -q '^note: unknown field contry: read as a word (did you mean country:?)' <(head -1 <<<"$out")
out=$("$q_bin" -i "$tmp/one" railwy)
check "railwy: did you mean is the first line" test "$(head -1 <<<"$out")" = "did you mean: railway"
check "contry: suggestion with the field fixed" \
    test "$(suggestion "$tmp/one" 'contry:Japan rice')" = '"country:Japan rice"'
out=$("$q_bin" -i "$tmp/one" --json --limit 0 author:orwell)
check "a field nothing like a real one: the plain note" has "$out" '"notes":"unknown field author: read as a word"'
# Options.
err=$("$q_bin" -i "$tmp/one" --limt 5 railway 2>&1); rc=$?
check "silk-query --limt: exit 2" test $rc -eq 2
check "silk-query --limt names --limit" has "$err" "unknown option '--limt': did you mean --limit?"
check "silk-query --limt: one line" test "$(wc -l <<<"$err")" -eq 1
err=$("$q_bin" -i "$tmp/one" --explain railway 2>&1)
check "silk-query --explain names --explain-query" has "$err" "did you mean --explain-query?"
err=$("$q_bin" -i "$tmp/one" --zzzzzz railway 2>&1)
check "silk-query: nothing near, no guess" hasnt "$err" "did you mean"
err=$("$idx_bin" -i "$tmp/x" --rebuilt "$SRC/corpus" 2>&1); rc=$?
check "silk-index --rebuilt: exit 2" test $rc -eq 2
check "silk-index --rebuilt names --rebuild" test "$err" = \
    "silk-index: unknown option '--rebuilt': did you mean --rebuild? (try 'silk-index --help')"
err=$("$idx_bin" -i "$tmp/x" --synonims f "$SRC/corpus" 2>&1)
check "silk-index --synonims names --synonyms" has "$err" "did you mean --synonyms?"
err=$("$idx_bin" -i 2>&1); rc=$?
check "silk-index -i with no value" test "$err" = "silk-index: -i needs a value (try 'silk-index --help')"
err=$("$idx_bin" --quiet=1 -i "$tmp/x" "$SRC/corpus" 2>&1)
check "silk-index --quiet=1" test "$err" = "silk-index: --quiet takes no value (try 'silk-index --help')"
check "bad options write no index" test ! -e "$tmp/x"

# One index, local shards and a remote shard suggest alike.
for q in railwy 'railwy tunnel' 'contry:Laos railwy'; do
    check "shards = one index for '$q'" test "$(suggestion "$tmp/sh" "$q")" = "$(suggestion "$tmp/one" "$q")"
done
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    . "$(dirname "$0")/lib/serve.sh"
    serve "$tmp/one" || exit 1
    printf 'remote 127.0.0.1:%s\n' "$port" >"$tmp/stub"
    for q in railwy 'railwy tunnel' 'contry:Laos railwy'; do
        check "remote = one index for '$q'" test "$(suggestion "$tmp/stub" "$q")" = "$(suggestion "$tmp/one" "$q")"
    done
    check "remote: railwy -> railway" test "$(suggestion "$tmp/stub" railwy)" = '"railway"'
else
    echo "note: xapian-tcpsrv not found: remote part skipped"
fi
exit $fail
