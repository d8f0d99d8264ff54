#!/usr/bin/env bash
# tests/cli/bench_eval.sh: the benchmark's relevance evaluator (bench/eval.py)
# against hand-checked values, and the harness scripts' deterministic output
# on the small fixture in bench/testdata (no ../shared needed).
set -uo pipefail
: "${SRC:?SRC must name the source tree}"
command -v python3 >/dev/null || { echo "skipped: python3 is missing"; exit 77; }
bench="$SRC/bench"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failedn=0
check() {  # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then passed=$((passed + 1))
    else failedn=$((failedn + 1)); printf 'FAIL %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3"; fi
}

# The evaluator's own hand-checked toy (bench/testdata/toy.expected).
python3 "$bench/eval.py" --self-test >"$tmp/self" 2>&1
check "eval self-test" "eval self-test: 15 passed, 0 failed" "$(tail -n 1 "$tmp/self")"

# The evaluator's report as a user reads it.
check "eval report" "queries	3
ndcg@10	0.3503
map	0.3519
p@10	0.1000
recall@100	0.5556" "$(python3 "$bench/eval.py" "$bench/testdata/toy.qrels" "$bench/testdata/toy.run")"

# --binary: every relevant grade gains 1 (q1: d2, d1 relevant at ranks 1
# and 3 of 3 relevant: (1 + 1/2) / (1 + 1/log2 3 + 1/2) = 0.7039; q2 0.6309;
# q4 0); --depth 2 keeps the first two documents of each ranking.
check "eval --binary" "ndcg@10	0.4449" \
    "$(python3 "$bench/eval.py" "$bench/testdata/toy.qrels" "$bench/testdata/toy.run" --binary | grep ndcg)"
check "eval --depth" "recall@100	0.4444" \
    "$(python3 "$bench/eval.py" "$bench/testdata/toy.qrels" "$bench/testdata/toy.run" --depth 2 | grep recall)"

# Errors: a missing run file and a malformed qrels line exit 2 with a message.
python3 "$bench/eval.py" "$bench/testdata/toy.qrels" "$tmp/none.run" >/dev/null 2>"$tmp/err"
check "eval missing run: status" 2 $?
check "eval missing run: message" 1 "$(grep -c 'none.run' "$tmp/err")"
echo "q1 0 d1" >"$tmp/bad.qrels"
python3 "$bench/eval.py" "$tmp/bad.qrels" "$bench/testdata/toy.run" >/dev/null 2>"$tmp/err"
check "eval bad qrels: status" 2 $?
check "eval bad qrels: message" "eval.py: $tmp/bad.qrels:1: expected 'qid 0 docid rel'" "$(cat "$tmp/err")"

# Query generation: deterministic, 2-4 content words, no tickers or jargon.
printf '%s\n' '{"id": "1", "title": "BAHIA COCOA REVIEW"}' \
    '{"id": "2", "title": "PLM <PLMA> UNIT ENDS MERGER TALKS"}' \
    '{"id": "3", "title": "U.K. MONEY MARKET SHORTAGE FORECAST AT 250 MLN STG"}' \
    '{"id": "4", "title": "NET"}' \
    '{"id": "5", "title": "Bahia cocoa review"}' >"$tmp/docs.jsonl"
check "make_queries" "r1	bahia cocoa
r2	plm ends merger
r3	u.k money market shortage" "$(python3 "$bench/make_queries.py" "$tmp/docs.jsonl")"
check "make_queries --count" "r1	bahia cocoa" "$(python3 "$bench/make_queries.py" --count 1 "$tmp/docs.jsonl")"

# The long-article stand-in: bodies re-cut into lines of N words.
printf '%s\n' '{"id": "1", "title": "T", "body": "a b\n\nc d e"}' >"$tmp/cut.jsonl"
python3 "$bench/figures.py" cut 2 "$tmp/cut.jsonl" "$tmp/cut.out"
check "figures cut" '{"id": "1", "title": "T", "body": "a b\nc d\ne"}' "$(cat "$tmp/cut.out")"

# The six-collection table: silk - best peer (here FTS5, the only peer run),
# a missing engine as "-", the halves without odd/even numeric qids as "-".
mkdir -p "$tmp/rel/data/toy"
cp "$bench/testdata/toy.qrels" "$tmp/rel/data/toy/qrels.txt"
cp "$bench/testdata/toy.run" "$tmp/rel/rel-toy-silk.run"
grep -v ' d3 ' "$bench/testdata/toy.run" >"$tmp/rel/rel-toy-fts5.run"
python3 "$bench/relevance.py" "$tmp/rel" "$tmp/rel/data" toy >"$tmp/rel.out"
check "relevance table" "ndcg@10	toy	3	-	-	0.465	0.445	-0.020	-	-" \
    "$(grep '^ndcg@10	toy' "$tmp/rel/relevance.tsv")"

# The table: ratio > 1 means silk ahead, whichever way a figure improves.
printf 'a\t2\t1\t4\thi\nb\t2\t1\t4\tlo\nc\t-\t1\t4\thi\n' >"$tmp/figs.tsv"
python3 "$bench/figures.py" table "$tmp/figs.tsv" "$tmp/out.tsv" >/dev/null
check "table ratios" "figure	silk	xapian	fts5	ratio
a	2.000	1.000	4.000	0.50x
b	2.000	1.000	4.000	0.50x
c	-	1.000	4.000	-" "$(cat "$tmp/out.tsv")"

# Issue 14's goals table: met when the value is on the goal's side (the
# bound itself included), "-" without a value or without a goal.
printf 'up\t3\tge\t3\tx\ndown\t1.6\tle\t1.5\ty\nnone\t-\tle\t2\tz\nrep\t0.5\treport\t-\tw\n' \
    >"$tmp/goals.tsv"
python3 "$bench/figures.py" goals "$tmp/goals.tsv" "$tmp/goals.out" >/dev/null
check "goals table" "goal	value	target	met	what
up	3.000	>= 3	yes	x
down	1.600	<= 1.5	no	y
none	-	<= 2	-	z
rep	0.5000	-	-	w" "$(cat "$tmp/goals.out")"

# oneshot.py: every run counted; a command that fails is an error (exit 1),
# bad usage exit 2.
python3 "$bench/oneshot.py" --runs 3 -- true >"$tmp/oneshot" 2>&1
check "oneshot runs" "runs	3" "$(head -n 1 "$tmp/oneshot")"
check "oneshot figures" "p50_ms p99_ms cpu_p50_ms empty_p50_ms" \
    "$(tail -n +2 "$tmp/oneshot" | cut -f1 | tr '\n' ' ' | sed 's/ $//')"
python3 "$bench/oneshot.py" --runs 2 -- sh -c 'exit 3' >/dev/null 2>&1
check "oneshot failing command" 1 $?
python3 "$bench/oneshot.py" --runs 0 -- true >/dev/null 2>&1
check "oneshot usage" 2 $?

echo "bench_eval: $passed passed, $failedn failed"
[ "$failedn" -eq 0 ]
