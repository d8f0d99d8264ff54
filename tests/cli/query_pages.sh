#!/usr/bin/env bash
# query_pages.sh: a page of results does not depend on how far the search
# looked. For many two- and three-word queries over a generated corpus, the
# top 10 of an early-terminating search (--limit 10) must equal the top 10 of
# an exhaustive one (--facets year makes the match look at every passage),
# and --offset pages must tile the exhaustive list. This caught Xapian 1.4
# dropping or misplacing the fixed-weight ranking tiers under AND_MAYBE.
# Environment (from ctest): BIN; exit 77 = skipped.
set -u -o pipefail
: "${BIN:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: python3 needed"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A deterministic corpus: 600 articles of 4 paragraphs drawn from a skewed
# vocabulary, so that query words co-occur often, sometimes adjacent and in
# order (the phrase tier), sometimes scattered (the all-words tier).
python3 - "$tmp" <<'EOF'
import json, random, sys
rnd = random.Random(7)
vocab = ("oil price bank rate trade deficit crude export import market "
         "stock money supply growth tax budget grain wheat coffee sugar gold "
         "dollar yen central reserve policy loan debt steel copper shipping "
         "port rail china japan brazil canada talks union strike profit loss "
         "share offer merger bid court ruling").split()
weights = [1.0 / (i + 1) ** 0.8 for i in range(len(vocab))]
def words(n):
    return rnd.choices(vocab, weights, k=n)
with open(sys.argv[1] + "/docs.jsonl", "w") as f:
    for i in range(600):
        paras = [" ".join(words(rnd.randint(14, 40))) + "." for _ in range(4)]
        f.write(json.dumps({"id": "g%d" % i, "title": " ".join(words(5)),
                            "date": "2020-01-01", "body": "\n\n".join(paras)}) + "\n")
with open(sys.argv[1] + "/queries.tsv", "w") as f:
    seen = set()
    while len(seen) < 150:
        q = " ".join(words(rnd.choice((2, 2, 3))))
        if q not in seen:
            seen.add(q)
            f.write("q%d\t%s\n" % (len(seen), q))
EOF

"$BIN/silk-index" -q -i "$tmp/idx" "$tmp/docs.jsonl" \
    || { echo "FAIL: silk-index"; exit 1; }

# hits ARGS...: "qid rank article passage score" lines of a batch run.
hits() {
    "$BIN/silk-query" -i "$tmp/idx" --batch "$tmp/queries.tsv" --json "$@" |
        python3 -c '
import json, sys
for l in sys.stdin:
    h = json.loads(l)
    if h["type"] == "hit":
        print(h["qid"], h["rank"], h["article"], h["passage"], "%.6f" % h["score"])'
}

fails=0
hits --limit 10 >"$tmp/early" || { echo "FAIL: silk-query (early)"; exit 1; }
hits --limit 10 --facets year >"$tmp/full" || { echo "FAIL: silk-query (full)"; exit 1; }
[ -s "$tmp/early" ] && [ -s "$tmp/full" ] || { echo "FAIL: no hits at all"; exit 1; }
if ! cmp -s "$tmp/early" "$tmp/full"; then
    echo "FAIL: the first page depends on early termination:"
    diff "$tmp/early" "$tmp/full" | head -20
    fails=$((fails + 1))
fi

# Pages 2 and 3 (--offset) are ranks 11-30 of one exhaustive list.
hits --limit 30 --facets year | awk '$2 > 10' >"$tmp/ranks11-30" ||
    { echo "FAIL: silk-query (ranks 11-30)"; exit 1; }
{ hits --limit 10 --offset 10 && hits --limit 10 --offset 20; } | sort -k1,1 -k2,2n >"$tmp/pages" ||
    { echo "FAIL: silk-query (pages)"; exit 1; }
[ -s "$tmp/pages" ] || { echo "FAIL: no hits on pages 2 and 3"; exit 1; }
sort -k1,1 -k2,2n "$tmp/ranks11-30" >"$tmp/ranks11-30.sorted"
if ! cmp -s "$tmp/pages" "$tmp/ranks11-30.sorted"; then
    echo "FAIL: --offset pages differ from ranks 11-30:"
    diff "$tmp/pages" "$tmp/ranks11-30.sorted" | head -20
    fails=$((fails + 1))
fi

n=$(wc -l <"$tmp/full")
[ "$fails" -eq 0 ] && echo "ok: $n hits of 150 queries identical with and without early termination"
[ "$fails" -eq 0 ]
