#!/usr/bin/env bash
# tests/cli/shapes.sh: news as it is downloaded (issue 10) — JSON with
# other field names (HuffPost's headline/short_description/link), a
# Kaggle-style CSV and a gzip'ed TSV from tests/gen_corpus.sh, --field for
# names silk does not know, a CSV header without a text column, and a run
# whose PATHs hold no article (exit 3, one line with the way out). What a
# user sees: the summary's counts, each story found by its headline under
# its id with its year, the messages and exit statuses.
. "$(dirname "$0")/lib/common.sh"

# ids INDEX QUERY...: the article ids of the hits, one a line, in rank order.
ids() {
    local i=$1; shift
    "$q_bin" -i "$i" --json --limit 100 "$@" | grep '"type":"hit"' |
        sed 's/.*"article":"\([^"]*\)".*/\1/'
}

g="$tmp/gen"
bash "$SRC/tests/gen_corpus.sh" "$g" || { echo "FAIL: gen_corpus.sh"; exit 1; }
s="$g/news/shapes"

# --- the published shapes: every story in, nothing a problem -------------
out=$("$idx_bin" -i "$tmp/idx" "$s" 2>"$tmp/err"); rc=$?
check "shapes: exit 0 (got $rc: $(cat "$tmp/err"))" test $rc -eq 0
check "5 added, all searchable, all dated ($out)" \
    has "$out" "5 added, 0 changed, 0 unchanged, 0 removed; 5 searchable articles; 5 passages; 0 skipped files; 0 without date; problems: 0;"
check "stderr is empty" test ! -s "$tmp/err"

# each story found first by its own headline, under its id, with its year
while IFS=$'\t' read -r id head year; do
    got=$(ids "$tmp/idx" "$head" | head -1)
    check "'$head' finds $id first (got: $got)" test "$got" = "$id"
    check "$id is under year:$year" has "$(ids "$tmp/idx" "year:$year")" "$id"
done <<EOF
huffpost:1	Flood zqtango waters recede	2022
huffpost:2	Senate zquniform vote delayed	2018
17283	Harbour zqvictor expands	2016
17284	Market zqwhiskey opens	2017
dump:2	Storm zqxray hits coast	2019
EOF

# HuffPost: the summary is the body, the link the url, the rest kept
js=$("$q_bin" -i "$tmp/idx" --json zqtango | head -1)
check "huffpost: short_description is the body" has "$js" '"text":"The zqtango river fell a metre overnight."'
check "huffpost: link is the url" has "$js" '"url":"https://www.huffpost.com/entry/zqtango"'
check "huffpost: category and authors kept" has "$js" '"fields":{"category":"WORLD NEWS","authors":"Ann Lee"}'
check "huffpost: its category facet" test "$(ids "$tmp/idx" 'category:"world news"')" = huffpost:1
js=$("$q_bin" -i "$tmp/idx" --json title:zquniform | head -1)
check "an empty description: a headline, its one passage" \
    has "$js" '"passage":0,"title":"Senate zquniform vote delayed"'
# the CSV: quoted newline and "" quotes, publication as the source
js=$("$q_bin" -i "$tmp/idx" --json zqvictor | head -1)
check "csv: the quoted cell whole" has "$js" 'officials said.\nWork starts in \"spring\", they added.'
check "csv: publication is the source" has "$js" '"source":"Daily Wire"'
check "csv: the other columns as strings" has "$js" '"fields":{"author":"Bo Chen","year":"2016.0","month":"12.0"}'

# a re-run over the unchanged files is an update, not "nothing found"
out=$("$idx_bin" -i "$tmp/idx" "$s" 2>"$tmp/err"); rc=$?
check "re-run: exit 0 (got $rc)" test $rc -eq 0
check "re-run: all unchanged" has "$out" "0 added, 0 changed, 5 unchanged, 0 removed;"

# -v / --explain-facets say which key gave a field
"$idx_bin" --explain-facets "$s" >/dev/null 2>"$tmp/err"
check "explain: the headline key named" \
    grep -qxF "silk-index: $s/huffpost.jsonl:1: title read from \"headline\"" "$tmp/err"
check "explain: the CSV's content column named" \
    grep -qxF "silk-index: $s/kaggle.csv:2: body read from \"content\"" "$tmp/err"

# --- names silk does not know: --field -----------------------------------
mkdir "$tmp/own"
printf '%s\n' '{"story_id": "s1", "hed": "Bridge zqyankee closes", "story_text": "The bridge zqyankee closed for repairs."}' \
    >"$tmp/own/a.jsonl"
"$idx_bin" -i "$tmp/o1" "$tmp/own" >/dev/null 2>"$tmp/err"; rc=$?
check "unknown names: exit 1 (got $rc)" test $rc -eq 1
check "unknown names: the fields and --field named" \
    has "$(cat "$tmp/err")" "a.jsonl:1: no title and no body: nothing to index (its fields: story_id, hed, story_text); name the text's field with --field body=NAME"
out=$("$idx_bin" -i "$tmp/o2" --field body=story_text --field title=hed "$tmp/own" 2>"$tmp/err"); rc=$?
check "--field: exit 0 (got $rc: $(cat "$tmp/err"))" test $rc -eq 0
check "--field: found by its headline under its story_id" \
    test "$(ids "$tmp/o2" 'Bridge zqyankee closes' | head -1)" = s1
js=$("$q_bin" -i "$tmp/o2" --json zqyankee | head -1)
check "--field: the body" has "$js" '"text":"The bridge zqyankee closed for repairs."'
"$idx_bin" -i "$tmp/o3" --field text=story_text "$tmp/own" >/dev/null 2>"$tmp/err"; rc=$?
check "a bad --field: exit 2 (got $rc)" test $rc -eq 2
check "a bad --field: one line naming the fields" test "$(cat "$tmp/err")" = \
    "silk-index: --field wants FIELD=NAME, FIELD one of id, title, body, date, source, url and NAME a JSON key or CSV column (--field body=story_text), not 'text=story_text'"

# a CSV header without a title or body column: one error for the file
printf 'when,words\n2021-01-02,A zqzulu story\n' >"$tmp/own/b.csv"
rm "$tmp/own/a.jsonl"
"$idx_bin" -i "$tmp/o4" "$tmp/own/b.csv" >/dev/null 2>"$tmp/err"; rc=$?
check "csv without a text column: exit 1 (got $rc)" test $rc -eq 1
check "csv without a text column: its columns and --field" \
    has "$(cat "$tmp/err")" "b.csv:1: no title or body column (its columns: when, words): name the text's column with --field body=NAME (or title=NAME); the file is not read"
"$idx_bin" -q -i "$tmp/o5" --field body=words --field date=when "$tmp/own/b.csv"; rc=$?
check "csv --field: exit 0 (got $rc)" test $rc -eq 0
check "csv --field: found, id from its line, dated" test "$(ids "$tmp/o5" zqzulu year:2021)" = b:2

# an Excel export in Windows-1252: read so, said once, not a problem
printf 'title,body\r\nCaf\xe9 zqcp opens,Coffee costs \xa36\r\nNa\xefve zqcp2,x\r\n' >"$tmp/excel.csv"
out=$("$idx_bin" -i "$tmp/x1" "$tmp/excel.csv" 2>"$tmp/err"); rc=$?
check "cp1252 csv: exit 0 (got $rc)" test $rc -eq 0
check "cp1252 csv: counted" has "$out" "2 added, 0 changed, 0 unchanged, 0 removed; 2 searchable articles; 2 passages; 0 skipped files; 2 without date; 1 file read as Windows-1252; problems: 0;"
check "cp1252 csv: said once" test "$(cat "$tmp/err")" = "$tmp/excel.csv: not UTF-8: read as Windows-1252 (Latin-1)"
check "cp1252 csv: the pound sign" has "$("$q_bin" -i "$tmp/x1" --json zqcp | head -1)" '"text":"Coffee costs £6"'

# a table beside the articles (ids and labels) is left out of a walk
mkdir "$tmp/lab"
cp "$s/huffpost.jsonl" "$tmp/lab/"
printf 'id,label\nhuffpost:1,flood\n' >"$tmp/lab/labels.csv"
out=$("$idx_bin" -i "$tmp/l1" "$tmp/lab" 2>"$tmp/err"); rc=$?
check "a labels.csv in a walk: exit 0 (got $rc: $(cat "$tmp/err"))" test $rc -eq 0
check "a labels.csv in a walk: named as skipped" \
    has "$out" "2 added, 0 changed, 0 unchanged, 0 removed; 2 searchable articles; 2 passages; 1 skipped file ($tmp/lab/labels.csv: a CSV without a title or body column);"
rm "$tmp/lab/huffpost.jsonl"
"$idx_bin" -q -i "$tmp/l2" "$tmp/lab" 2>"$tmp/err"; rc=$?
check "only a labels.csv: exit 3 (got $rc)" test $rc -eq 3
check "only a labels.csv: the way out is --field" test "$(cat "$tmp/err")" = \
    "silk-index: no article to index in $tmp/lab: 1 file skipped (1 CSV without a title or body column); nothing was indexed (--field body=NAME names a CSV's text column)"

# --- PATHs with no article at all ----------------------------------------
mkdir -p "$tmp/20news/alt.atheism" "$tmp/empty"
printf 'From: a@b\nSubject: zqnumbered post\n\nText of a post.\n' >"$tmp/20news/alt.atheism/49960"
printf 'From: c@d\nSubject: another\n\nMore text.\n' >"$tmp/20news/alt.atheism/49961"
out=$("$idx_bin" -i "$tmp/n1" "$tmp/20news" 2>"$tmp/err"); rc=$?
check "no article: exit 3 (got $rc)" test $rc -eq 3
check "no article: the summary still counts" has "$out" "0 added, 0 changed, 0 unchanged, 0 removed; 0 searchable articles;"
check "no article: one line, the reasons counted, the way out" test "$(cat "$tmp/err")" = \
    "silk-index: no article to index in $tmp/20news: 2 files skipped (2 without an extension); nothing was indexed (--all-files reads files without a known extension as plain text)"
"$idx_bin" -q -i "$tmp/n1" --all-files "$tmp/20news"; rc=$?
check "--all-files: exit 0 (got $rc)" test $rc -eq 0
check "--all-files: the post is found" test "$(ids "$tmp/n1" zqnumbered)" = alt.atheism/49960
"$idx_bin" -q -i "$tmp/n2" "$tmp/empty" 2>"$tmp/err"; rc=$?
check "an empty directory: exit 3 (got $rc)" test $rc -eq 3
check "an empty directory: said (--quiet too)" test "$(cat "$tmp/err")" = \
    "silk-index: no article to index in $tmp/empty: no article file in it; nothing was indexed"
# a --rebuild from nothing keeps the index it would have replaced
"$idx_bin" -q -i "$tmp/idx" --rebuild "$tmp/empty" 2>"$tmp/err"; rc=$?
check "--rebuild from nothing: exit 3 (got $rc)" test $rc -eq 3
check "--rebuild from nothing: said" has "$(cat "$tmp/err")" "nothing was indexed and the index is left as it was"
check "--rebuild from nothing: the index still answers" test "$(ids "$tmp/idx" zqvictor)" = 17283

exit $fail
