#!/usr/bin/env bash
# dates.sh: end-to-end test of date: filters and --sort on the bundled
# corpus, whose
# five articles are dated 2019, 2020-11-12, 2021-03-02, 2022 and
# 2025-01-15: each form, open ranges, the ends that cover a whole month or
# year, coarse dates against finer filters, and bad dates (exit 2, one
# line); --sort newest|oldest by the dates shown, through two indexes, with
# undated articles last; --facets month; * for every passage. Environment (from ctest): BIN, SRC; exit 77 = skipped.
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

# dates QUERY: the sorted distinct dates of every passage QUERY matches, as
# the hits show them, space-separated ("" for none).
dates() {
    q --json --per-article 0 --duplicates keep --limit 1000 "$1"
    python3 - "$tmp/out" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
s = recs[-1]
assert s["type"] == "summary" and s["exact"], "no exact summary last"
hits = [r for r in recs if r["type"] == "hit"]
assert len(hits) == s["total"], f"{len(hits)} hits, total {s['total']}"
print(" ".join(sorted({h["date"] for h in hits})))
EOF
}

# want QUERY DATES: QUERY matches the passages of exactly these dates.
want() {
    local got
    got=$(dates "$1")
    [ "$got" = "$2" ] || fail "$1: dates [$got], want [$2]"
}

all="2019 2020-11-12 2021-03-02 2022 2025-01-15"
[ "$(dates 'year:1900..2100')" = "$all" ] || fail "the corpus is not dated as this test expects: $(dates 'year:1900..2100')"

# --- each form: a day, a month, a year
want 'date:2021-03-02' "2021-03-02"
want 'date:2021-03-03' ""
want 'date:2021-03' "2021-03-02"
want 'date:2021-04' ""
want 'date:2021' "2021-03-02"
want 'date:2020' "2020-11-12"
# a year-dated article is in its year, not in a month or day of it
want 'date:2022' "2022"
want 'date:2022-05' ""
want 'date:2022-05-01' ""
want 'date:2022-01-01' ""

# --- ranges; an end with a month or year covers all of it
want 'date:2020-11..2021-03' "2020-11-12 2021-03-02"
want 'date:2020-11-13..2021-03' "2021-03-02"
want 'date:2020-11..2021-03-01' "2020-11-12"
want 'date:2020-11-12..2021-03-02' "2020-11-12 2021-03-02"
want 'date:2019..2020' "2019 2020-11-12"
want 'date:2021..2022' "2021-03-02 2022"
# a year date sorts before the months and days of its year
want 'date:2022-01..2025-01' "2025-01-15"
want 'date:2021-06..2022-03' "2022"

# --- open ends
want 'date:2021-01..' "2021-03-02 2022 2025-01-15"
want 'date:2022..' "2022 2025-01-15"
want 'date:..2020-06' "2019"
want 'date:..2020-11' "2019 2020-11-12"
want 'date:..2020' "2019 2020-11-12"

# --- reversed ends are swapped, with a note
q --json 'date:2021-03..2020-11'
grep -q '"notes":"date:2021-03..2020-11 read as date:2020-11..2021-03"' "$tmp/out" \
    || fail "reversed date range: no note: $(tail -1 "$tmp/out")"
want 'date:2021-03..2020-11' "2020-11-12 2021-03-02"

# --- with words and other filters; excluded
q --per-article 1 'trade date:2020-11..2021-03'
[ "$rc" -eq 0 ] || fail "trade date:2020-11..2021-03: exit $rc"
want 'date:2019..2022 year:2022' "2022"
want 'year:1900..2100 -date:2019..2021' "2022 2025-01-15"
want 'date:2019 OR date:2025-01-15' "2019 2025-01-15"

# --- bad dates: one line naming the value, exit 2, nothing on stdout
bad() {
    q "$1"
    [ "$rc" -eq 2 ] || fail "$1: exit $rc, want 2"
    [ "$(cat "$tmp/err")" = "silk-query: $2" ] || fail "$1: stderr [$(cat "$tmp/err")], want [silk-query: $2]"
    [ -s "$tmp/out" ] && fail "$1: printed results: $(head -2 "$tmp/out")"
    q --json "$1"
    [ "$rc" -eq 2 ] || fail "--json $1: exit $rc, want 2"
}
bad 'date:2021-13' "date:2021-13 is not a date: there is no month 13"
bad 'date:2021-02-30' "date:2021-02-30 is not a date: 2021-02 has 28 days"
bad 'date:2021-04-31' "date:2021-04-31 is not a date: 2021-04 has 30 days"
bad 'railway date:2020-11..2021-13' "date:2021-13 is not a date: there is no month 13"
bad 'date:..2021-00' "date:2021-00 is not a date: there is no month 00"
bad 'date:2021/03/02' "date:2021/03/02 is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
bad 'date:March' "date:March is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
printf 'a\tdate:2021\nb\tdate:2021-13\n' >"$tmp/batch"
q --batch "$tmp/batch"
[ "$rc" -eq 2 ] && grep -q '^silk-query: date:2021-13 is not a date: there is no month 13 in query b$' "$tmp/err" \
    || fail "--batch with a bad date: exit $rc: $(cat "$tmp/err")"
# a leap day is a date
q 'date:2024-02-29'
[ "$rc" -eq 1 ] || fail "date:2024-02-29: exit $rc, want 1 (no match): $(cat "$tmp/err")"

# --- --sort newest|oldest: by the dates shown, equal dates by article id
# then passage, the same through two indexes searched as one
# order ARGS...: "date article#passage" of every hit, one a line.
order() {
    q --json --per-article 0 --duplicates keep --limit 1000 "$@"
    [ "$rc" -le 1 ] || { fail "$*: exit $rc: $(cat "$tmp/err")"; return; }
    python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(l)
    if r["type"] == "hit":
        print(r["date"] or "-", "%s#%d" % (r["article"], r["passage"]))
    elif r["type"] == "summary":
        print("sort", r["sort"])
' "$tmp/out"
}
# sorted DIR: the hits' order is by date (DIR newest or oldest), then
# article id, then passage, with undated ("-") last.
sorted() {
    python3 -c '
import sys
lines = [l.split() for l in open(sys.argv[1])]
assert lines[-1] == ["sort", sys.argv[2]], lines[-1]
hits = lines[:-1]
def key(h):
    art, p = h[1].rsplit("#", 1)
    return (art, int(p))
dated = [h for h in hits if h[0] != "-"]
undated = [h for h in hits if h[0] == "-"]
assert hits == dated + undated, "undated passages not last"
want = sorted(dated, key=key)
want = sorted(want, key=lambda h: h[0], reverse=sys.argv[2] == "newest")
want += sorted(undated, key=key)
assert hits == want, "\n".join(" ".join(h) for h in hits)
print(" ".join(dict.fromkeys(h[0] for h in hits)))
' "$1" "$2"
}
for dir in newest oldest; do
    order --sort "$dir" 'year:1900..2100' >"$tmp/order.$dir"
    got=$(sorted "$tmp/order.$dir" "$dir") || fail "--sort $dir: $got"
    if [ "$dir" = newest ]; then
        [ "$got" = "2025-01-15 2022 2021-03-02 2020-11-12 2019" ] || fail "--sort newest: dates [$got]"
    else
        [ "$got" = "2019 2020-11-12 2021-03-02 2022 2025-01-15" ] || fail "--sort oldest: dates [$got]"
    fi
    # a page of the sorted list is that slice of it
    q --json --sort "$dir" --per-article 0 --duplicates keep --offset 10 --limit 5 'year:1900..2100'
    python3 -c '
import json, sys
got = ["%s %s#%d" % (r["date"] or "-", r["article"], r["passage"])
       for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hit"]
want = [l.strip() for l in open(sys.argv[2])][10:15]
assert got == want, (got, want)
' "$tmp/out" "$tmp/order.$dir" || fail "--sort $dir --offset 10 --limit 5: not the slice"
done
# words: --sort orders what they match, whatever the scores
order --sort oldest trade >"$tmp/order.trade"
sorted "$tmp/order.trade" oldest >/dev/null || fail "--sort oldest trade: not by date"
order --sort relevance 'year:1900..2100' | tail -1 | grep -qx 'sort relevance' || fail "--sort relevance: not in the summary"
order 'year:1900..2100' | tail -1 | grep -qx 'sort relevance' || fail "the default sort is not relevance"

# undated passages last both ways, and two indexes sort as one
mkdir -p "$tmp/more"
cat >"$tmp/more/a.jsonl" <<'EOF'
{"id": "u1", "title": "Undated trade note", "body": "Trade with Laos grew."}
{"id": "m1", "title": "Month trade note", "date": "2021-03", "body": "Trade with Laos grew in March."}
{"id": "d1", "title": "Day trade note", "date": "2021-03-02", "body": "Trade with Laos grew on the day."}
{"id": "y1", "title": "Year trade note", "date": "2021", "body": "Trade with Laos grew that year."}
EOF
"$BIN/silk-index" -i "$tmp/idx2" "$tmp/more" >"$tmp/index2.out" 2>&1 \
    || { cat "$tmp/index2.out"; fail "silk-index could not index the extra articles"; }
for dir in newest oldest; do
    "$BIN/silk-query" -i "$idx" -i "$tmp/idx2" --json --sort "$dir" --per-article 0 \
        --duplicates keep --limit 1000 trade >"$tmp/out" 2>"$tmp/err" \
        || fail "two indexes --sort $dir: $(cat "$tmp/err")"
    python3 -c '
import json, sys
for r in map(json.loads, open(sys.argv[1])):
    if r["type"] == "hit":
        print(r["date"] or "-", "%s#%d" % (r["article"], r["passage"]))
    elif r["type"] == "summary":
        print("sort", r["sort"])
' "$tmp/out" >"$tmp/order2.$dir"
    got=$(sorted "$tmp/order2.$dir" "$dir") || fail "two indexes --sort $dir: $got"
    case $dir in
    newest) want="2025-01-15 2022 2021-03-02 2021-03 2021 2020-11-12 2019 -" ;;
    oldest) want="2019 2020-11-12 2021 2021-03 2021-03-02 2022 2025-01-15 -" ;;
    esac
    [ "$got" = "$want" ] || fail "two indexes --sort $dir: dates [$got], want [$want]"
done
# the extra articles' coarse dates and date: filters
"$BIN/silk-query" -i "$tmp/idx2" --json --per-article 0 'date:2021-03' >"$tmp/out" 2>&1
python3 -c '
import json, sys
got = sorted(r["article"] for r in map(json.loads, open(sys.argv[1])) if r["type"] == "hit")
assert got == ["d1", "m1"], got
' "$tmp/out" || fail "date:2021-03 on month and day dates: $(cat "$tmp/out")"

# bad --sort
q --sort latest railway
[ "$rc" -eq 2 ] && [ "$(cat "$tmp/err")" = "silk-query: unknown --sort 'latest' (choose relevance, newest or oldest)" ] \
    || fail "--sort latest: exit $rc: $(cat "$tmp/err")"

# --- --facets month: a YYYY-MM histogram in month order, counted exactly
# (each month's count is its date: filter's total); year-only dates (2019,
# 2022) are not in it
q --json --limit 0 --facets month,year 'year:1900..2100'
python3 - "$tmp/out" >"$tmp/months" <<'EOF' || fail "--facets month: $(cat "$tmp/months")"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
m = [(r["value"], r["count"]) for r in recs if r["type"] == "facet" and r["field"] == "month"]
assert [v for v, _ in m] == ["2020-11", "2021-03", "2025-01"], m
for v, c in m:
    print(v, c)
EOF
while read -r month count; do
    q --json --limit 0 "date:$month"
    total=$(tail -1 "$tmp/out" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
    [ "$total" = "$count" ] || fail "--facets month: $month counted $count, date:$month has $total"
done <"$tmp/months"
q --limit 0 --facets month 'date:2022'
grep -q '^  month    (none)$' "$tmp/out" || fail "--facets month of a year-dated article: $(cat "$tmp/out")"
q --json --limit 0 --facets all 'year:1900..2100'
grep -q '"field":"month"' "$tmp/out" || fail "--facets all has no month"

# --- * alone matches every passage; with filters, what they select
q --json --limit 0 '*'
total=$(tail -1 "$tmp/out" | python3 -c 'import json, sys; s = json.load(sys.stdin); print(s["total"], s["articles"])')
[ "$total" = "69 5" ] || fail "'*': total and articles [$total], want [69 5] (the index's passages)"
if command -v xapian-delve >/dev/null; then
    docs=$(xapian-delve "$idx" | sed -n 's/^number of documents = //p')
    [ "$total" = "$docs 5" ] || fail "'*': $total, the index holds $docs passages"
fi
q --json --limit 0 --facets all '*'
python3 - "$tmp/out" <<'EOF' || fail "--facets all '*': year counts do not add up to every passage"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
years = sum(r["count"] for r in recs if r["type"] == "facet" and r["field"] == "year")
assert years == 69 == recs[-1]["facet_passages"], (years, recs[-1])
EOF
want '* year:2021' "2021-03-02"
want '* date:2020..' "2020-11-12 2021-03-02 2022 2025-01-15"
want '* -year:2019' "2020-11-12 2021-03-02 2022 2025-01-15"
order --sort newest '*' >"$tmp/order.star"
head -1 "$tmp/order.star" | grep -q '^2025-01-15 001_bbeff5195326240b#0$' \
    || fail "--sort newest '*': first [$(head -1 "$tmp/order.star")]"

# --- --count: the exact counts only
q --count '*'
[ "$rc" -eq 0 ] && [ "$(cat "$tmp/out")" = "69 passages in 5 articles" ] || fail "--count '*': exit $rc: [$(cat "$tmp/out")]"
q --count 'date:2021-03'
[ "$(cat "$tmp/out")" = "29 passages in 1 article" ] || fail "--count date:2021-03: [$(cat "$tmp/out")]"
q --count 'date:2024-02-29'
[ "$rc" -eq 1 ] && [ "$(cat "$tmp/out")" = "0 passages in 0 articles" ] || fail "--count with no match: exit $rc: [$(cat "$tmp/out")]"
q --count --json 'year:2021'
[ "$(wc -l <"$tmp/out")" -eq 1 ] && tail -1 "$tmp/out" | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s["type"] == "summary" and s["total"] == 29 and s["articles"] == 1 and s["exact"], s' \
    || fail "--count --json: not the summary alone: $(head -3 "$tmp/out")"
q --count --facets year '*'
[ "$rc" -eq 2 ] && [ "$(cat "$tmp/err")" = "silk-query: --count prints the counts only: drop --facets" ] \
    || fail "--count --facets: exit $rc: $(cat "$tmp/err")"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
