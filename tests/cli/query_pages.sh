#!/usr/bin/env bash
# query_pages.sh: a page of results does not depend on how far the search
# looked, and the counts do not depend on the page. For many two- and
# three-word queries over a generated corpus (with copied and near-copied
# articles): the top 10 of a search that ranks only what the page needs
# (--count-limit 0) equals the top 10 of an exhaustive one (--exact), and
# --offset pages tile the list (this caught Xapian 1.4 dropping or
# misplacing the fixed-weight ranking tiers under AND_MAYBE); total,
# articles and results are the same at every --limit and --offset, total
# and articles at every --per-article too; identical passages and copied
# articles are folded into "also" (kept with --duplicates keep); a page
# holds at most 2 passages of an article by default.
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
arts = []
for i in range(600):
    paras = [" ".join(words(rnd.randint(14, 40))) + "." for _ in range(4)]
    arts.append({"id": "g%d" % i, "title": " ".join(words(5)),
                 "date": "2020-01-01", "body": "\n\n".join(paras)})
# Copies: the same title and body (identical passages), and near copies
# (another title, one word changed: a syndicated version).
for i in range(0, 60, 3):
    arts.append(dict(arts[i], id="same%d" % i))
    body = arts[i + 1]["body"].split(" ")
    body[-3] = "syndicated"
    arts.append(dict(arts[i + 1], id="near%d" % i, title="Wire: " + arts[i + 1]["title"],
                     body=" ".join(body)))
with open(sys.argv[1] + "/docs.jsonl", "w") as f:
    for a in arts:
        f.write(json.dumps(a) + "\n")
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
hits --limit 10 --count-limit 0 >"$tmp/early" || { echo "FAIL: silk-query (early)"; exit 1; }
hits --limit 10 --exact >"$tmp/full" || { echo "FAIL: silk-query (full)"; exit 1; }
[ -s "$tmp/early" ] && [ -s "$tmp/full" ] || { echo "FAIL: no hits at all"; exit 1; }
if ! cmp -s "$tmp/early" "$tmp/full"; then
    echo "FAIL: the first page depends on early termination:"
    diff "$tmp/early" "$tmp/full" | head -20
    fails=$((fails + 1))
fi

# Pages 2 and 3 (--offset) are ranks 11-30 of one exhaustive list, also
# when the search ranks only what they need.
hits --limit 30 --exact | awk '$2 > 10' >"$tmp/ranks11-30" ||
    { echo "FAIL: silk-query (ranks 11-30)"; exit 1; }
{ hits --limit 10 --offset 10 --count-limit 0 && hits --limit 10 --offset 20; } | sort -k1,1 -k2,2n >"$tmp/pages" ||
    { echo "FAIL: silk-query (pages)"; exit 1; }
[ -s "$tmp/pages" ] || { echo "FAIL: no hits on pages 2 and 3"; exit 1; }
sort -k1,1 -k2,2n "$tmp/ranks11-30" >"$tmp/ranks11-30.sorted"
if ! cmp -s "$tmp/pages" "$tmp/ranks11-30.sorted"; then
    echo "FAIL: --offset pages differ from ranks 11-30:"
    diff "$tmp/pages" "$tmp/ranks11-30.sorted" | head -20
    fails=$((fails + 1))
fi

# summaries ARGS...: "qid total articles results exact complete" lines.
summaries() {
    "$BIN/silk-query" -i "$tmp/idx" --batch "$tmp/queries.tsv" --json "$@" |
        python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    if r["type"] == "summary":
        print(r["qid"], r["total"], r["articles"], r["results"], r["exact"], r["complete"])'
}
# Totals at every page size and offset: the same (results too).
summaries --limit 10 >"$tmp/s.10" && summaries --limit 3 --offset 7 >"$tmp/s.3.7" &&
    summaries --limit 0 >"$tmp/s.0" && summaries --limit 100 --offset 1000 >"$tmp/s.deep" ||
    { echo "FAIL: silk-query (summaries)"; exit 1; }
grep -qv ' True True$' "$tmp/s.10" && { echo "FAIL: a total is not exact"; fails=$((fails + 1)); }
for f in s.3.7 s.0 s.deep; do
    if ! cmp -s "$tmp/s.10" "$tmp/$f"; then
        echo "FAIL: the counts depend on the page ($f):"
        diff "$tmp/s.10" "$tmp/$f" | head -6
        fails=$((fails + 1))
    fi
done
# ... and at every --per-article and --duplicates: the same passages and
# articles (the list itself is shorter or longer).
for o in "--per-article 1" "--per-article 0" "--duplicates keep" "--per-article 0 --duplicates keep"; do
    # shellcheck disable=SC2086
    summaries --limit 10 $o | cut -d' ' -f1-3 >"$tmp/s.o" || { echo "FAIL: silk-query ($o)"; exit 1; }
    if ! cut -d' ' -f1-3 "$tmp/s.10" | cmp -s - "$tmp/s.o"; then
        echo "FAIL: total or articles change with $o"
        fails=$((fails + 1))
    fi
done
# Past the count limit: "about", and the same pages all the same.
summaries --limit 10 --count-limit 50 >"$tmp/s.50" || { echo "FAIL: silk-query (count limit)"; exit 1; }
python3 - "$tmp/s.10" "$tmp/s.50" <<'EOF' || fails=$((fails + 1))
import sys
full = {l.split()[0]: l.split() for l in open(sys.argv[1])}
lim = {l.split()[0]: l.split() for l in open(sys.argv[2])}
over = [q for q in full if int(full[q][1]) > 50]
assert len(over) > 20, "too few queries past the limit: %d" % len(over)
for q in full:
    want = "True" if int(full[q][1]) <= 50 else "False"
    if lim[q][4] != want or lim[q][5] != want:
        sys.exit("FAIL: %s: %s passages, exact %s complete %s at --count-limit 50"
                 % (q, full[q][1], lim[q][4], lim[q][5]))
EOF
hits --limit 10 --offset 10 --count-limit 50 >"$tmp/lim.page2" &&
    hits --limit 10 --offset 10 --exact >"$tmp/full.page2" || { echo "FAIL: silk-query (page 2)"; exit 1; }
cmp -s "$tmp/lim.page2" "$tmp/full.page2" ||
    { echo "FAIL: page 2 past the count limit differs from the exact one"; fails=$((fails + 1)); }

# The list itself: every passage is shown or folded; copies are folded
# with "also"; at most 2 passages of an article; the JSON fields. Whole
# lists of the first 40 queries (all 150 took 70 of this test's 100 s).
head -40 "$tmp/queries.tsv" >"$tmp/q40.tsv"
"$BIN/silk-query" -i "$tmp/idx" --batch "$tmp/q40.tsv" --json --limit 100000 >"$tmp/all.json" &&
    "$BIN/silk-query" -i "$tmp/idx" --batch "$tmp/q40.tsv" --json --limit 100000 \
        --duplicates keep --per-article 0 >"$tmp/keep.json" || { echo "FAIL: silk-query (lists)"; exit 1; }
python3 - "$tmp/all.json" "$tmp/keep.json" <<'EOF' || fails=$((fails + 1))
import collections, json, sys
def load(path):
    hits, sums = collections.defaultdict(list), {}
    for l in open(path):
        r = json.loads(l)
        if r["type"] == "hit":
            hits[r["qid"]].append(r)
        elif r["type"] == "summary":
            sums[r["qid"]] = r
    return hits, sums
hits, sums = load(sys.argv[1])
keep, ksums = load(sys.argv[2])
same = near = 0
for q, s in sums.items():
    h = hits[q]
    assert s["version"] == 3 and s["duplicates"] == "collapse" and s["per_article"] == 2, s
    assert s["results"] == len(h) == s["returned"], (q, s["results"], len(h))
    per = collections.Counter(x["article"] for x in h)
    assert max(per.values(), default=0) <= 2, (q, per.most_common(1))
    for x in h:
        assert isinstance(x["score"], float) and x["score"] >= 0 and x["tier"] in (0, 1, 2), x
        assert x["also_total"] >= len(x["also"]), x
        for a in x["also"]:
            assert a["why"] in ("same text", "near-duplicate"), a
            same += a["why"] == "same text"
            near += a["why"] == "near-duplicate"
    # tier first, then score
    keys = [(x["tier"], x["score"]) for x in h]
    assert keys == sorted(keys, key=lambda k: (-k[0], -k[1])), q
    # --duplicates keep --per-article 0: every passage, none folded
    k = keep[q]
    assert len(k) == s["total"] == ksums[q]["results"], (q, len(k), s["total"])
    assert all(x["also_total"] == 0 for x in k)
    shown = {(x["article"], x["passage"]) for x in h}
    folded = {(a["article"], a["passage"]) for x in h for a in x["also"]}
    assert shown <= {(x["article"], x["passage"]) for x in k}
    assert not shown & folded, q
    # a copy is never shown beside the article it copies
    arts = {x["article"] for x in h}
    for a in arts:
        if a.startswith(("same", "near")):
            orig = "g%d" % (int(a[4:]) + (0 if a.startswith("same") else 1))
            assert orig not in arts, (q, a, orig)
assert same > 20 and near > 20, (same, near)
print("ok: %d queries: %d identical passages and %d near-duplicate articles folded" % (len(sums), same, near))
EOF

# Text: the summary line says passages in articles; numbers out of range.
out=$("$BIN/silk-query" -i "$tmp/idx" oil price) || { echo "FAIL: silk-query (text)"; exit 1; }
grep -qE '^10 of [0-9]+ results: [0-9]+ passages in [0-9]+ articles \(exact; at most 2 passages per article; copies folded\)' <<<"$out" ||
    { echo "FAIL: text summary: $(tail -1 <<<"$out")"; fails=$((fails + 1)); }
out=$("$BIN/silk-query" -i "$tmp/idx" --count-limit 10 oil price) ||
    { echo "FAIL: silk-query (text, estimated)"; exit 1; }
grep -qE '^10 results: about [0-9]+ passages in about [0-9]+ articles \(estimated past 10 passages: --exact counts them all' <<<"$out" ||
    { echo "FAIL: text summary past the limit: $(tail -1 <<<"$out")"; fails=$((fails + 1)); }
grep -q '^   also: ' <<<"$("$BIN/silk-query" -i "$tmp/idx" --limit 1000 oil price)" ||
    { echo "FAIL: no 'also:' line in text"; fails=$((fails + 1)); }
for o in "--offset 4294967296:from 0 to 1000000" "--limit 100001:from 0 to 100000" \
         "--per-article -1:from 0 to 4294967295" "--count-limit 1e6:from 0 to 4294967295" \
         "--facet-limit 99999999999:from 0 to 4294967295" "--duplicates some:collapse or keep"; do
    # shellcheck disable=SC2086
    err=$("$BIN/silk-query" -i "$tmp/idx" ${o%%:*} -- oil 2>&1 >/dev/null); rc=$?
    if [ $rc -ne 2 ] || ! grep -qF "${o#*:}" <<<"$err"; then
        echo "FAIL: ${o%%:*}: exit $rc, '$err'"
        fails=$((fails + 1))
    fi
done

n=$(wc -l <"$tmp/full")
[ "$fails" -eq 0 ] && echo "ok: $n hits of 150 queries identical with and without early termination"
[ "$fails" -eq 0 ]

