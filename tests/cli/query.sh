#!/usr/bin/env bash
# query.sh: end-to-end test of silk-query on the bundled corpus — ranking
# of "China-Laos Railway", filters, facet counts against a brute-force count
# from the hits, odd queries, output formats and exit codes.
# Environment (from ctest): BIN, SRC; exit 77 = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
idx=$tmp/idx
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$BIN/silk-index" -i "$idx" "$SRC/corpus" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; echo "FAIL: silk-index could not index corpus/"; exit 1; }

# q ARGS...: run silk-query on the index; stdout in $tmp/out, stderr in
# $tmp/err, exit status in $rc.
q() { "$BIN/silk-query" -i "$idx" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# check_json PYTHON: run a Python check over the JSON Lines in $tmp/out;
# the records are in `recs`, the hits in `hits`.
check_json() {
    python3 - "$tmp/out" "$1" <<'EOF' || return 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert recs and recs[-1]["type"] == "summary", "no summary last"
hits = [r for r in recs if r["type"] == "hit"]
exec(sys.argv[2])
EOF
}

# --- ranking: a passage that says "China-Laos Railway" comes first (the
# analyser folds case, so "China-Laos railway" says it too).
q --json 'China-Laos Railway'
[ "$rc" -eq 0 ] || fail "China-Laos Railway: exit $rc"
check_json 'assert "china-laos railway" in hits[0]["text"].lower(), hits[0]["text"][:200]' \
    || fail "China-Laos Railway: the passage saying it is not first"
q 'China-Laos Railway'
grep -qi 'China-Laos Railway\]' "$tmp/out" || fail "text: the phrase is not marked"
grep -q $'\033' "$tmp/out" && fail "text: colour escapes when piped"

# --- filters: every hit has the value, and only those.
q --json --limit 1000 'country:Laos'
[ "$rc" -eq 0 ] || fail "country:Laos: exit $rc"
check_json 'assert hits and all("LA" in h["facets"]["country"] for h in hits), "no hit, or a hit without LA"' \
    || fail "country:Laos lists nothing, or a passage that does not mention Laos"
# subject: resolves its value in JSON mode too (it once matched nothing
# there, when the gazetteer was only loaded for text output).
q --json --limit 1000 'subject:China'
check_json 'assert hits and all("CN" in h["facets"]["subject"] for h in hits), "no hit, or a hit without CN"' \
    || fail "subject:China lists nothing, or an article whose subject is not China"
q --json --limit 1000 'year:2019..2021'
check_json 'assert hits and all(2019 <= h["year"] <= 2021 for h in hits), [h["year"] for h in hits]' \
    || fail "year:2019..2021 lists a passage outside 2019-2021"
q --json --limit 1000 'year:2019..2021' --facets year
check_json '
fy = {r["value"] for r in recs if r["type"] == "facet"}
assert fy and fy <= {"2019", "2020", "2021"}, fy' \
    || fail "year:2019..2021 counts years outside the range"
q --json --limit 1000 'ministry:commerce'
[ "$rc" -eq 0 ] || fail "ministry:commerce: exit $rc"
check_json 'assert all("commerce" in h["facets"]["ministry"] for h in hits), "a hit without commerce"' \
    || fail "ministry:commerce lists a passage without the ministry"

# --- facet counts equal a brute-force count over every hit (every
# passage listed: no per-article limit, copies kept).
for query in railway trade 'belt road' 'country:China' 'year:2020..'; do
    q --json --limit 1000 --per-article 0 --duplicates keep --facets all "$query"
    check_json '
from collections import Counter
s = recs[-1]
assert s["exact"] and s["total"] == len(hits), (s["total"], len(hits))
assert s["facet_passages"] == len(hits)
want = Counter()
for h in hits:
    if h["year"] is not None: want["year", str(h["year"])] += 1
    if h["source"]: want["source", h["source"]] += 1
    if len(h["date"]) >= 7: want["month", h["date"][:7]] += 1
    for f in ("country", "ministry", "subject"):
        for v in h["facets"][f]: want[f, v] += 1
got = Counter({(r["field"], r["value"]): r["count"] for r in recs if r["type"] == "facet"})
assert got == want, (got - want, want - got)
for f in ("year", "country", "ministry", "source", "subject"):
    c = [r["count"] for r in recs if r["type"] == "facet" and r["field"] == f]
    assert c == sorted(c, reverse=True), f
m = [r["value"] for r in recs if r["type"] == "facet" and r["field"] == "month"]
assert m == sorted(m) and len(set(m)) == len(m), m' \
        || fail "facet counts of '$query' differ from a count of its hits"
done

# --- per-article: at most N passages of an article; TREC: one per article.
q --json --limit 1000 --per-article 1 trade
check_json 'a = [h["article"] for h in hits]; assert len(a) == len(set(a)), a' \
    || fail "--per-article 1 repeats an article"
printf '101\tChina-Laos Railway\n102\ttrade volume\n103\tzzzzqqq\n' >"$tmp/batch"
q --batch "$tmp/batch" --format trec
[ "$rc" -eq 0 ] || fail "trec batch: exit $rc"
awk 'NF != 6 || $2 != "Q0" || $6 != "silk" { bad = 1 } END { exit bad }' "$tmp/out" \
    || fail "trec: a line is not 'qid Q0 article rank score silk'"
[ "$(awk '{ print $1, $3 }' "$tmp/out" | sort | uniq -d | wc -l)" -eq 0 ] \
    || fail "trec: an article twice for one query"
grep -q '^101 ' "$tmp/out" || fail "trec: no line for query 101"
grep -q '^103 ' "$tmp/out" && fail "trec: lines for a query that matches nothing"
q --json --batch "$tmp/batch"
check_json '
s = [r for r in recs if r["type"] == "summary"]
assert [r["qid"] for r in s] == ["101", "102", "103"]
assert all("qid" in r for r in recs)' || fail "json batch: qids"

# --- colour: only when asked (or on a terminal without NO_COLOR).
q --color always railway
grep -q $'\033\\[1m' "$tmp/out" || fail "--color always: no bold"
NO_COLOR=1 "$BIN/silk-query" -i "$idx" railway | grep -q $'\033' && fail "NO_COLOR: colour"

# --- odd queries: never an error.
odd=('' ' ' '"' '"China' '(railway' 'railway)' '-' ':' 'year:' 'year:abc'
     'country:Atlantis' 'foo:bar' 'AND' 'OR OR' 'NOT' '- - -' '中国铁路'
     'year:..' 'year:2030..2019' 'title:' '((((((((((x' '"China-Laos' '+'
     'country:' 'ministry:nothing' '*' 'AND railway OR' "$(printf 'a%.0s ' {1..500})"
     $'\xff\xfe' 'railway -railway' '"" ""' 'year:2019..2021..2023')
for s in "${odd[@]}"; do
    q --json -- "$s"
    case $rc in 0|1) ;; *) fail "odd query '${s:0:40}': exit $rc: $(cat "$tmp/err")" ;; esac
    check_json 'assert recs[-1]["version"] == 3' || fail "odd query '${s:0:40}': bad JSON"
    q --explain-query -- "$s"
    case $rc in 0|1) ;; *) fail "odd query '${s:0:40}' (text): exit $rc" ;; esac
done

# --- exit codes and one-line errors.
# expect_error WHAT ARGS...: exit 2, nothing on stdout, one line on stderr.
expect_error() {
    local what=$1; shift
    "$BIN/silk-query" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    [ "$rc" -eq 2 ] || fail "$what: exit $rc, want 2"
    [ ! -s "$tmp/out" ] || fail "$what: output on stdout"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$what: stderr is not one line: $(cat "$tmp/err")"
    grep -q '^silk-query: ' "$tmp/err" || fail "$what: stderr does not name silk-query"
}
expect_error "missing index" -i "$tmp/nothere" railway
grep -q "silk-index -i $tmp/nothere" "$tmp/err" || fail "missing index: no hint to build one"
mkdir "$tmp/empty"
expect_error "not an index" -i "$tmp/empty" railway
expect_error "no -i" railway
expect_error "bad option" -i "$idx" --frobnicate railway
expect_error "bad number" -i "$idx" --limit ten railway
expect_error "negative number" -i "$idx" --offset -1 railway
expect_error "bad facet" -i "$idx" --facets colour railway
expect_error "bad format" -i "$idx" --format xml railway
expect_error "wrong language" -i "$idx" --lang french railway
expect_error "missing batch file" -i "$idx" --batch "$tmp/nope"
q zzzzqqqxxx
[ "$rc" -eq 1 ] || fail "no match: exit $rc, want 1"
"$BIN/silk-query" --help >/dev/null || fail "--help: non-zero exit"
"$BIN/silk-query" --version | grep -q '^silk-query ' || fail "--version"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
