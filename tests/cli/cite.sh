#!/usr/bin/env bash
# cite.sh: end-to-end test of the citations in silk-query's JSON hits on
# the bundled corpus — every passage's start/end reproduce its text from
# the file with tail -c | head -c; a BOM file's spans count the BOM; a
# CRLF file, a Windows-1252 file and a JSONL article say "span":"text"
# (their offsets are in the article's text as read); a headline-only
# article says "title"; the id ARTICLE#N; the JSONL record's other keys
# under "fields"; the shard a hit came from.
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

mkdir -p "$tmp/c"
cp "$SRC"/corpus/* "$tmp/c/"
"$BIN/silk-index" -i "$tmp/idx" "$tmp/c" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; echo "FAIL: silk-index could not index the corpus"; exit 1; }

# Every passage of every article (a filter alone matches them all).
all() { "$BIN/silk-query" -i "$1" --json --limit 100000 --per-article 0 \
            --duplicates keep "${@:2}"; }

# --- every passage's span, cut from its file with tail and head, is its
# text; passages come back for each of the 5 articles.
all "$tmp/idx" 'year:2000..2100' >"$tmp/hits.jsonl" || fail "query failed"
n=0; bad=0; arts=""
while IFS=$'\t' read -r path start end span id; do
    n=$((n + 1))
    arts="$arts ${id%#*}"
    [ "$span" = file ] || { fail "$id: span $span, not file"; bad=$((bad + 1)); continue; }
    tail -c +$((start + 1)) "$path" | head -c $((end - start)) >"$tmp/cut"
    python3 -c 'import json,sys
r = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l).get("id") == sys.argv[2]][0]
sys.exit(open(sys.argv[3], "rb").read() != r["text"].encode())' \
        "$tmp/hits.jsonl" "$id" "$tmp/cut" || { fail "$id: bytes $start..$end of $path are not its text"; bad=$((bad + 1)); }
done < <(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "hit":
        print(r["path"], r["start"], r["end"], r["span"], r["id"], sep="\t")' "$tmp/hits.jsonl")
narts=$(tr ' ' '\n' <<<"$arts" | sort -u | grep -c .)
[ "$n" -ge 5 ] && [ "$narts" -eq 5 ] \
    || fail "expected passages of all 5 articles, got $n passages of $narts"
echo "spans: $n passages of $narts articles, $bad wrong"

# --- the hit's other citation fields.
python3 - "$tmp/hits.jsonl" <<'PY' || fail "citation fields"
import json, sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "summary":
        assert r["version"] == 3, r["version"]
        continue
    assert r["id"] == "%s#%d" % (r["article"], r["passage"]), r["id"]
    assert r["path"].endswith(".txt") and r["path"].startswith("/"), r["path"]
    assert r["fields"] == {}, r["fields"]
    assert "shard" not in r, "one index: no shard"
    assert r["start"] < r["end"]
PY

# --- files whose text is not their bytes, and a headline-only JSONL
# article: a BOM shifts the span by 3 and it still cuts; CRLF and
# Windows-1252 say "text"; JSONL gives its other keys under "fields".
mkdir -p "$tmp/odd"
printf '\xef\xbb\xbfBom title\n\nThe zebrafinch sang near the harbour.\n' >"$tmp/odd/bom.txt"
printf 'Crlf title\r\n\r\nThe zebrafinch flew over the harbour.\r\n' >"$tmp/odd/crlf.txt"
printf 'Cp title\n\nThe zebrafinch caf\xe9 by the harbour.\n' >"$tmp/odd/cp.txt"
printf '%s\n' '{"id": "j1", "title": "Zebrafinch report", "body": "A zebrafinch was seen.", "topics": ["birds"], "places": ["uk"]}' \
    '{"id": "j2", "title": "Zebrafinch headline only", "body": "", "topics": []}' >"$tmp/odd/a.jsonl"
"$BIN/silk-index" -i "$tmp/oidx" "$tmp/odd" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; fail "silk-index could not index the odd files"; }
all "$tmp/oidx" zebrafinch >"$tmp/odd.jsonl" || fail "odd query failed"
python3 - "$tmp/odd.jsonl" <<'PY' || fail "spans of the odd files"
import json, sys
hits = {r["article"]: r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hit"}
assert set(hits) == {"bom", "crlf", "cp", "j1", "j2"}, sorted(hits)
b = hits["bom"]
assert b["span"] == "file" and b["start"] == 3, b
assert open(b["path"], "rb").read()[b["start"]:b["end"]] == b["text"].encode(), b
for a in ("crlf", "cp", "j1"):
    assert hits[a]["span"] == "text", (a, hits[a]["span"])
assert hits["j1"]["fields"] == {"topics": ["birds"], "places": ["uk"]}, hits["j1"]["fields"]
assert hits["j1"]["path"].endswith("/a.jsonl"), hits["j1"]["path"]
j2 = hits["j2"]
assert j2["span"] == "title" and j2["start"] == 0 and j2["end"] == 0, j2
assert j2["fields"] == {"topics": []}, j2["fields"]
PY

# --- several indexes searched as one: each hit names the one it came
# from, and that index holds the article.
mkdir -p "$tmp/c1" "$tmp/c2"
cp "$SRC"/corpus/00[12]* "$tmp/c1/"
cp "$SRC"/corpus/00[345]* "$tmp/c2/"
"$BIN/silk-index" -i "$tmp/i1" "$tmp/c1" >/dev/null 2>&1 || fail "index c1"
"$BIN/silk-index" -i "$tmp/i2" "$tmp/c2" >/dev/null 2>&1 || fail "index c2"
"$BIN/silk-query" -i "$tmp/i1" -i "$tmp/i2" --json --limit 1000 --per-article 0 \
    'year:2000..2100' >"$tmp/two.jsonl" || fail "two-index query failed"
python3 - "$tmp/two.jsonl" "$tmp/i1" "$tmp/i2" "$tmp/c1" <<'PY' || fail "shard of each hit"
import json, os, sys
_, out, i1, i2, c1 = sys.argv
in1 = {f.split(".")[0] for f in os.listdir(c1)}
seen = set()
for r in map(json.loads, open(out)):
    if r["type"] != "hit":
        continue
    want = i1 if r["article"] in in1 else i2
    assert r["shard"] == want, (r["id"], r["shard"], want)
    seen.add(r["shard"])
assert seen == {i1, i2}, seen
PY

[ "$fails" -eq 0 ] && echo "PASS: cite" && exit 0
exit 1
