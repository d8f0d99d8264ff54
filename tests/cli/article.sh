#!/usr/bin/env bash
# article.sh: end-to-end test of silk-query --article on the bundled
# corpus — the text output is the title, a metadata line and the passages
# in order; JSON gives one hit per passage, 0..N-1, all the article's
# passages; ID#N gives that passage; a sharded index answers the same;
# an unknown id and --article with a query say so on one line, exit 2.
# Environment (from ctest): BIN, SRC; exit 77 = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
q="$BIN/silk-query"

"$BIN/silk-index" -i "$tmp/idx" "$SRC/corpus" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; echo "FAIL: silk-index could not index corpus/"; exit 1; }
"$BIN/silk-index" -i "$tmp/sh" --shards 3 "$SRC/corpus" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; echo "FAIL: silk-index --shards 3 failed"; exit 1; }

# Every passage, to compare with.
"$q" -i "$tmp/idx" --json --limit 100000 --per-article 0 --duplicates keep \
    'year:2000..2100' >"$tmp/all.jsonl" || fail "query for every passage"

for f in "$SRC"/corpus/*.txt; do
    id=$(basename "$f" .txt)
    "$q" -i "$tmp/idx" --json --article "$id" >"$tmp/a.jsonl"; rc=$?
    [ $rc -eq 0 ] || { fail "$id: --article exit $rc"; continue; }
    "$q" -i "$tmp/idx" --article "$id" >"$tmp/a.txt" || fail "$id: text exit"
    python3 - "$tmp/all.jsonl" "$tmp/a.jsonl" "$tmp/a.txt" "$id" <<'PY' || fail "$id: --article output"
import json, sys
_, all_, a, txt, aid = sys.argv
want = sorted((r for r in map(json.loads, open(all_, encoding="utf-8"))
               if r["type"] == "hit" and r["article"] == aid), key=lambda r: r["passage"])
got = [r for r in map(json.loads, open(a, encoding="utf-8")) if r["type"] == "hit"]
assert want, "no passages of " + aid
assert [r["passage"] for r in got] == list(range(len(want))), [r["passage"] for r in got]
assert [r["text"] for r in got] == [r["text"] for r in want]
assert all(r["article"] == aid and r["id"] == "%s#%d" % (aid, r["passage"]) for r in got)
assert all("country" in r["facets"] and r["span"] == "file" for r in got)
h = got[0]
head = "%s\n%s | %s | %s | %s\n" % (h["title"], h["date"] or "-", h["source"] or "-", aid, h["path"])
body = "".join("\n" + r["text"] + "\n" for r in got)
t = open(txt, encoding="utf-8").read()
assert t == head + body, "text output is not the title, metadata and passages in order"
PY
    "$q" -i "$tmp/sh" --json --article "$id" | sed -e 's/,"timings":{[^}]*}//' -e 's/,"shard":"[^"]*"//' >"$tmp/s.jsonl"
    sed -e 's/,"timings":{[^}]*}//' "$tmp/a.jsonl" | cmp -s - "$tmp/s.jsonl" \
        || fail "$id: 3 shards do not give the same article"
done

# --- one passage: ID#N.
id=003_db892e9051c247c4
"$q" -i "$tmp/idx" --json --article "$id#2" >"$tmp/p.jsonl" || fail "--article ID#2 exit"
python3 - "$tmp/p.jsonl" "$id" <<'PY' || fail "--article ID#2: that passage alone"
import json, sys
hits = [r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hit"]
assert [r["id"] for r in hits] == [sys.argv[2] + "#2"], [r["id"] for r in hits]
PY

# --- bad input: one line on stderr, exit 2, nothing on stdout.
bad() {  # bad DESCRIPTION PATTERN ARGS...
    local what=$1 pat=$2; shift 2
    "$q" -i "$tmp/idx" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    [ $rc -eq 2 ] || fail "$what: exit $rc, not 2"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pat" "$tmp/err" \
        || fail "$what: stderr is not one line saying '$pat': $(cat "$tmp/err")"
    [ ! -s "$tmp/out" ] || fail "$what: printed something on stdout"
}
bad "unknown article" "unknown article 'nosuch'" --article nosuch
bad "unknown passage" "unknown article '$id#999'" --article "$id#999"
bad "unknown article, JSON" "unknown article 'nosuch'" --json --article nosuch
bad "--article and a query" "either --article ID or QUERY" --article "$id" railway
bad "--article empty" "--article needs an article id" --article ""

[ "$fails" -eq 0 ] && echo "PASS: article" && exit 0
exit 1
