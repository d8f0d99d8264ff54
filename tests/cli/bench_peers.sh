#!/usr/bin/env bash
# tests/cli/bench_peers.sh: the benchmark peers (xapian-peer, fts5-peer) on the
# small fixture in bench/testdata — what they index, skip and rank. Skipped
# unless the build has them (-DSILK_BENCH=ON).
set -uo pipefail
: "${BIN:?BIN must name the bin directory of a build}" "${SRC:?SRC must name the source tree}"
for p in xapian-peer fts5-peer; do
    [ -x "$BIN/$p" ] || { echo "skipped: $BIN/$p not built (configure with -DSILK_BENCH=ON)"; exit 77; }
done
fix="$SRC/bench/testdata"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failedn=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1))
    else failedn=$((failedn + 1)); printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; fi
}
# top QID RUN: the first docid the run ranks for QID (nothing when none).
top() { awk -v q="$1" '$1 == q && $4 == 1 { print $3 }' "$2"; }

# Indexing: 5 articles, 2 malformed lines skipped and named; paragraphs split
# on blank lines (the empty article keeps one document).
$BIN/xapian-peer index "$fix/toy_docs.jsonl" "$tmp/xa" >"$tmp/xa.out" 2>"$tmp/xa.err"
check "xapian article: status" 0 $?
check "xapian article: counts" "articles	5 passages	5 bytes	348 skipped	2" "$(tr '\n' ' ' <"$tmp/xa.out" | sed 's/ $//')"
check "xapian article: skipped lines named" 2 "$(grep -c 'toy_docs.jsonl:[36]: skipped' "$tmp/xa.err")"
$BIN/xapian-peer index --level paragraph "$fix/toy_docs.jsonl" "$tmp/xp" >"$tmp/xp.out" 2>/dev/null
check "xapian paragraph: passages" 8 "$(awk -F'\t' '$1 == "passages" { print $2 }' "$tmp/xp.out")"
$BIN/fts5-peer index "$fix/toy_docs.jsonl" "$tmp/f.db" >"$tmp/f.out" 2>/dev/null
check "fts5: counts" "articles	5 passages	5 bytes	348 skipped	2" "$(tr '\n' ' ' <"$tmp/f.out" | sed 's/ $//')"
$BIN/fts5-peer compact "$tmp/f.db"
check "fts5: compact" 0 $?

# Ranking: each query's article first, odd punctuation harmless, a query of
# no words gives no line; a paragraph index lists each article once.
for peer in xa xp f; do
    if [ $peer = f ]; then $BIN/fts5-peer search "$tmp/f.db" "$fix/toy_queries.tsv" --trec >"$tmp/$peer.run"
    else $BIN/xapian-peer search "$tmp/$peer" "$fix/toy_queries.tsv" >"$tmp/$peer.run"; fi
    check "$peer: status" 0 $?
    check "$peer: top documents" "d1 d2 d3 - d5" "$(for q in q1 q2 q3 q4 q5; do t=$(top $q "$tmp/$peer.run"); echo "${t:--}"; done | tr '\n' ' ' | sed 's/ $//')"
    check "$peer: q4 has no hits" 0 "$(awk '$1 == "q4"' "$tmp/$peer.run" | wc -l)"
    check "$peer: one line per article" "$(sort -u -k1,1 -k3,3 "$tmp/$peer.run" | wc -l)" "$(wc -l <"$tmp/$peer.run")"
done
check "xapian paragraph: run tag" xapian-para "$(awk 'NR == 1 { print $6 }' "$tmp/xp.run")"

# Pseudo-relevance feedback (--prf): the same first documents (a query's
# own article stays on top of its expansion), its own run tag, and the
# latency figures with the second search timed.
$BIN/xapian-peer search "$tmp/xa" "$fix/toy_queries.tsv" --trec --prf >"$tmp/prf.run"
check "prf: status" 0 $?
check "prf: top documents" "d1 d2 d3 - d5" "$(for q in q1 q2 q3 q4 q5; do t=$(top $q "$tmp/prf.run"); echo "${t:--}"; done | tr '\n' ' ' | sed 's/ $//')"
check "prf: run tag" xapian-prf "$(awk 'NR == 1 { print $6 }' "$tmp/prf.run")"
check "prf: latency queries" 5 "$($BIN/xapian-peer search "$tmp/xa" "$fix/toy_queries.tsv" --latency --prf | awk -F'\t' '$1 == "queries" { print $2 }')"
$BIN/xapian-peer search "$tmp/xa" "$fix/toy_queries.tsv" --prf --frob >/dev/null 2>&1
check "prf bad usage: status" 2 $?

# Latency mode: the figures a user reads.
$BIN/xapian-peer search "$tmp/xa" "$fix/toy_queries.tsv" --latency >"$tmp/lat"
check "latency: fields" "queries p50_ms p99_ms mean_ms qps" "$(cut -f1 "$tmp/lat" | tr '\n' ' ' | sed 's/ $//')"
check "latency: queries" 5 "$(awk -F'\t' '$1 == "queries" { print $2 }' "$tmp/lat")"

# Errors: bad usage and a missing database exit 2 with a message.
$BIN/xapian-peer search "$tmp/none" "$fix/toy_queries.tsv" >/dev/null 2>"$tmp/err"
check "xapian missing db: status" 2 $?
check "xapian missing db: message" 1 "$(grep -c '^xapian-peer: ' "$tmp/err")"
$BIN/fts5-peer search "$tmp/none.db" "$fix/toy_queries.tsv" >/dev/null 2>"$tmp/err"
check "fts5 missing db: status" 2 $?
$BIN/fts5-peer frobnicate >/dev/null 2>&1
check "fts5 bad usage: status" 2 $?
$BIN/xapian-peer index --level sentence "$fix/toy_docs.jsonl" "$tmp/xs" >/dev/null 2>&1
check "xapian bad level: status" 2 $?

echo "bench_peers: $passed passed, $failedn failed"
[ "$failedn" -eq 0 ]
