#!/usr/bin/env bash
# tests/cli/bench_known_item.sh: the known-item benchmark (bench/known_item.py)
# on generated fixtures (no ../shared needed) — which articles it samples and
# under which ids, the spans it picks, how it scores a run (hand-checked), and
# a whole run through silk-index and silk-query.
# Environment (from ctest): SRC, BIN; exit 77 = skipped.
set -uo pipefail
: "${SRC:?SRC must name the source tree}"
command -v python3 >/dev/null || { echo "skipped: python3 is missing"; exit 77; }
ki="$SRC/bench/known_item.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failedn=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1))
    else failedn=$((failedn + 1)); printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; fi
}
kv() { awk -F'\t' -v k="$2" '$1 == k { print $2 }' "$1"; }

# A tree as the BBC distribution is laid out: category folders whose file
# names clash, an exact copy in another folder, a hidden file and a README
# that silk-index does not read.
mkdir -p "$tmp/tree/sport" "$tmp/tree/tech"
printf 'Lions win the cup\n\nThe Lions beat the Tigers by three goals on Sunday, their first cup win since the club was founded in the spring.\n\nFans filled the square.\n' >"$tmp/tree/sport/001.txt"
printf 'Chip makers cut prices\n\nMakers of memory chips cut their prices again this week as demand from phone builders fell for a third month.\n' >"$tmp/tree/tech/001.txt"
printf 'Rowing crew sets record\n\nThe crew rowed the river course in under six minutes and set a record that had stood for twelve years.\n' >"$tmp/tree/sport/002.txt"
cp "$tmp/tree/sport/002.txt" "$tmp/tree/tech/002.txt"
printf 'Hidden\n\nnot an article of the tree at all\n' >"$tmp/tree/.hidden.txt"
printf 'About this corpus\n' >"$tmp/tree/README.TXT"

python3 "$ki" sample --dir "$tmp/tree" --count 4 >"$tmp/tree.tsv"
check "tree: ids are relative paths, all four articles, no README or hidden file" \
    "sport/001 sport/002 tech/001 tech/002" "$(awk -F'\t' '$2 == "headline" { print $3 }' "$tmp/tree.tsv" | sort | tr '\n' ' ' | sed 's/ $//')"
check "tree: headlines are first lines" "Lions win the cup" \
    "$(awk -F'\t' '$2 == "headline" && $3 == "sport/001" { print $5 }' "$tmp/tree.tsv")"
check "tree: a copy's headline has its twin" '["sport/002"]' \
    "$(awk -F'\t' '$2 == "headline" && $3 == "tech/002" { print $4 }' "$tmp/tree.tsv")"
check "tree: a copy's span has its twin" '["tech/002"]' \
    "$(awk -F'\t' '$2 == "span" && $3 == "sport/002" { print $4 }' "$tmp/tree.tsv")"
# Every span: 8 words in a row of its own article's body, never its headline.
spans=$(python3 - "$tmp/tree" "$tmp/tree.tsv" <<'EOF'
import sys
bad = 0
for line in open(sys.argv[2], encoding="utf-8"):
    qid, kind, aid, twins, q = line.rstrip("\n").split("\t")
    if kind != "span":
        continue
    head, _, body = open(f"{sys.argv[1]}/{aid}.txt", encoding="utf-8").read().partition("\n")
    body = " ".join(body.split())
    bad += len(q.split()) != 8 or q not in body
print(bad)
EOF
)
check "tree: spans are 8 words of their body" 0 "$spans"
check "tree: the same seed, the same sample" "$(cat "$tmp/tree.tsv")" \
    "$(python3 "$ki" sample --dir "$tmp/tree" --count 4)"
check "tree: another seed, other spans" 1 \
    "$(python3 "$ki" sample --dir "$tmp/tree" --count 4 --seed 3 | cmp -s - "$tmp/tree.tsv"; echo $?)"

# JSON Lines: ids from "id" (a number is its JSON text); a headline-only
# article has no span and an untitled one no headline; quotes and brackets
# are not sent as query syntax.
cat >"$tmp/docs.jsonl" <<'EOF'
{"id": "a1", "title": "Coffee prices rise in Brazil", "body": "Coffee prices in Brazil rose for a fourth week as frost damaged the crop in the south, growers said on Monday."}
{"id": 2, "title": "Gold falls (again) on \"strong\" dollar", "body": "Gold fell in London trading as the dollar gained against the yen and the euro after the bank raised its rates."}
{"id": "a3", "title": "Steel output steady", "body": ""}
{"id": "a4", "title": "", "body": "Wheat exports from the port were unchanged in March, the shipping agents reported in their monthly survey of grain loadings."}
{"id": "a5", "title": "Copper miners strike", "body": "Miners at the largest copper mine in the north walked out on Tuesday over pay, halting output at the pit and the smelter."}
EOF
python3 "$ki" sample --jsonl "$tmp/docs.jsonl" --count 9 >"$tmp/docs.tsv"
check "jsonl: headlines of the titled articles" "2 a1 a3 a5" \
    "$(awk -F'\t' '$2 == "headline" { print $3 }' "$tmp/docs.tsv" | sort | tr '\n' ' ' | sed 's/ $//')"
check "jsonl: spans of the articles with a body" "2 a1 a4 a5" \
    "$(awk -F'\t' '$2 == "span" { print $3 }' "$tmp/docs.tsv" | sort | tr '\n' ' ' | sed 's/ $//')"
check "jsonl: quotes and brackets dropped" "Gold falls again on strong dollar" \
    "$(awk -F'\t' '$2 == "headline" && $3 == "2" { print $5 }' "$tmp/docs.tsv")"

# Scoring, hand-checked: h1 at rank 1, h2 at 3, h3 collapsed into a hit's
# "also" at 1, h4 not in the top 10 but at 50 in the deep run; s1's twin at
# rank 1, s2 nowhere.
printf '%s\n' 'h1	headline	a	[]	x' 'h2	headline	b	[]	x' 'h3	headline	c	[]	x' \
    'h4	headline	d	[]	x' 's1	span	e	["e2"]	x' 's2	span	f	[]	x' >"$tmp/q.tsv"
printf '%s\n' '{"type":"hit","qid":"h1","rank":1,"article":"a"}' \
    '{"type":"hit","qid":"h2","rank":1,"article":"z"}' '{"type":"hit","qid":"h2","rank":3,"article":"b"}' \
    '{"type":"hit","qid":"h2","rank":2,"article":"y"}' \
    '{"type":"hit","qid":"h3","rank":1,"article":"z","also":["c"]}' \
    '{"type":"hit","qid":"h4","rank":1,"article":"z"}' '{"type":"summary","qid":"h4"}' \
    '{"type":"hit","qid":"s1","rank":1,"article":"e2"}' >"$tmp/run.jsonl"
printf '%s\n' 'h4 Q0 d 50 1.0 silk' 'h4 Q0 z 1 9.0 silk' >"$tmp/deep.trec"
check "score" "headline.queries	4
headline.twins	0
headline.rank1	0.5000
headline.top10	0.7500
headline.mrr10	0.5833
headline.found	1.0000
headline.rank1_twin	0
headline.via_also	1
span.queries	2
span.twins	1
span.rank1	0.5000
span.top10	0.5000
span.mrr10	0.5000
span.found	0.5000
span.rank1_twin	1
span.via_also	0" "$(python3 "$ki" score "$tmp/q.tsv" "$tmp/run.jsonl" "$tmp/deep.trec")"

# Bad usage and bad input: exit 2, one line that says what.
python3 "$ki" run --dir "$tmp/tree" >/dev/null 2>&1
check "run without --bin: exit 2" 2 $?
python3 "$ki" sample --jsonl "$tmp/none.jsonl" >/dev/null 2>"$tmp/err"
check "missing input: exit 2" 2 $?
check "missing input: names it" 1 "$(grep -c 'none.jsonl' "$tmp/err")"
python3 "$ki" sample --jsonl "$tmp/docs.jsonl" --count x >/dev/null 2>"$tmp/err"
check "bad count: message" "known_item.py: --count wants a number, not 'x'" "$(cat "$tmp/err")"

# A whole run: silk indexes all but a3 and a5; the harness is given every
# article.
if [ -x "${BIN:-}/silk-index" ] && [ -x "${BIN:-}/silk-query" ]; then
    grep -v '"a[35]"' "$tmp/docs.jsonl" >"$tmp/indexed.jsonl"
    "$BIN/silk-index" -i "$tmp/idx" "$tmp/indexed.jsonl" >/dev/null 2>&1
    python3 "$ki" run --bin "$BIN" --index "$tmp/idx" --jsonl "$tmp/docs.jsonl" --count 9 \
        --misses "$tmp/misses.tsv" >"$tmp/fig" 2>"$tmp/err"
    check "run: exit 0" 0 $?
    check "run: headline queries" 4 "$(kv "$tmp/fig" headline.queries)"
    check "run: the articles not indexed are the headline misses" 0.5000 "$(kv "$tmp/fig" headline.rank1)"
    check "run: ... and the span miss" 0.7500 "$(kv "$tmp/fig" span.top10)"
    check "run: misses name them, not found within 1000" "headline a3 - headline a5 - span a5 -" \
        "$(awk -F'\t' 'NR > 1 { print $1, $3, $4 }' "$tmp/misses.tsv" | tr '\n' ' ' | sed 's/ $//')"
    if command -v xapian-delve >/dev/null; then
        check "run: articles" 5 "$(kv "$tmp/fig" articles)"
        check "run: indexed" 3 "$(kv "$tmp/fig" indexed)"
        check "run: searchable" 3 "$(kv "$tmp/fig" searchable)"
        check "run: no foreign ids" 0 "$(kv "$tmp/fig" foreign)"
    else
        check "run: without xapian-delve, coverage is '-'" - "$(kv "$tmp/fig" indexed)"
    fi
else
    echo "note: no silk-index/silk-query in BIN: the whole run is not tested"
fi

echo "bench_known_item: $passed passed, $failedn failed"
[ "$failedn" -eq 0 ]
