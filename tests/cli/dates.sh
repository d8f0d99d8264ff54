#!/usr/bin/env bash
# dates.sh: end-to-end test of date: filters on the bundled corpus, whose
# five articles are dated 2019, 2020-11-12, 2021-03-02, 2022 and
# 2025-01-15: each form, open ranges, the ends that cover a whole month or
# year, coarse dates against finer filters, and bad dates (exit 2, one
# line). Environment (from ctest): BIN, SRC; exit 77 = skipped.
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

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "ok"
