#!/usr/bin/env bash
# tests/cli/index_corpus.sh: silk-index end to end on the generated corpus
# of tests/gen_corpus.sh (category folders of clashing names, headline-only
# articles, prose dates beside a real dateline, JSON arrays and objects,
# gzip'ed JSON Lines, JSON Lines on stdin, CRLF, no final newline, Latin-1,
# a README): the counts a user sees in the summary, the exit status, that
# every article is found by a word of its own under its own id, dates only
# from where dates are, ids that hold over re-runs, and an index of an
# older schema rebuilt.
set -u
idx_bin="$BIN/silk-index"
q_bin="$BIN/silk-query"
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}
# ids INDEX QUERY...: the article ids of the hits, one a line, sorted.
ids() {
    local i=$1; shift
    "$q_bin" -i "$i" --json --limit 1000 "$@" | grep '"type":"hit"' |
        sed 's/.*"article":"\([^"]*\)".*/\1/' | sort -u
}

g="$tmp/gen"
bash "$SRC/tests/gen_corpus.sh" "$g" || { echo "FAIL: gen_corpus.sh"; exit 1; }
narts=$(wc -l <"$g/expect.tsv")
ndated=$(awk -F'\t' '$3 != "-"' "$g/expect.tsv" | wc -l)

# --- the first run: every article in, every skipped file named ----------
out=$("$idx_bin" -i "$tmp/idx" "$g/news" - <"$g/stdin.jsonl" 2>"$tmp/err"); rc=$?
check "first run: exit 0 (got $rc: $(cat "$tmp/err"))" test $rc -eq 0
check "all added and searchable ($out)" \
    has "$out" "$narts added, 0 changed, 0 unchanged, 0 removed; $narts searchable articles;"
check "README and notes named as skipped" \
    has "$out" "; 2 skipped files ($g/news/README.TXT: a README or licence, not an article; $g/news/notes.md: not an article file);"
check "undated counted" has "$out" "; $((narts - ndated)) without date;"
check "the Latin-1 file said and counted, not a problem" has "$out" "; 1 file read as Windows-1252; problems: 0;"
check "stderr: the Latin-1 note only" test "$(cat "$tmp/err")" = "$g/news/sport/001.txt: not UTF-8: read as Windows-1252 (Latin-1)"

# --- each article found by its own word, under its own id, with its year -
while IFS=$'\t' read -r id word year; do
    got=$(ids "$tmp/idx" "$word")
    check "$word finds $id (got: $got)" test "$got" = "$id"
    js=$("$q_bin" -i "$tmp/idx" --json --limit 1 "$word" | head -1)
    if [ "$year" = - ]; then
        check "$id has no year" has "$js" '"year":null'
    else
        check "$id has year $year" has "$js" "\"year\":$year"
    fi
done <"$g/expect.tsv"

# --- dates only from where dates are -------------------------------------
check "no year from a birthday in the prose" test -z "$(ids "$tmp/idx" year:1938)"
check "no year from prose (2001, 2005)" test -z "$(ids "$tmp/idx" 'year:2001 OR year:2005')"
check "the dateline's year" test "$(ids "$tmp/idx" year:2021 zqdelta)" = tech/002
check "metadata beats a label in the text" test "$(ids "$tmp/idx" year:2020)" = politics/004
out=$("$idx_bin" --explain-facets "$g/news" 2>/dev/null)
check "explain: the date with its rule and span" \
    grep -q $'^business/003\tdate\t2019-06-12\t[0-9]*-[0-9]*\tlabel\t"2019-06-12"$' <<<"$out"
check "explain: a dateline's date" \
    grep -q $'^tech/002\tdate\t2021-03-03\t[0-9]*-[0-9]*\tdateline\t"March 3, 2021"$' <<<"$out"
check "explain: metadata" grep -q $'^politics/004\tdate\t2020-11-12\t-\tmetadata\t' <<<"$out"

# --- headline only: found by its words and by title: ---------------------
check "a headline-only JSON article by title:" test "$(ids "$tmp/idx" title:zqnovember)" = wire-3
check "a headline-only article from stdin" test "$(ids "$tmp/idx" zqsierra)" = in-2
js=$("$q_bin" -i "$tmp/idx" --json title:zqnovember | head -1)
check "its passage is its title" has "$js" '"passage":0,"title":"Opec zqnovember deliberately under ceiling"'

# --- CRLF and no final newline give the passages of LF -------------------
"$idx_bin" -q -i "$tmp/lf" "$g/lf"
for w in zqindia zqjuliet; do
    a=$("$q_bin" -i "$tmp/idx" --json --limit 100 "$w" | grep -o '"text":"[^"]*"' | sort)
    b=$("$q_bin" -i "$tmp/lf" --json --limit 100 "$w" | grep -o '"text":"[^"]*"' | sort)
    check "$w: CRLF / no final newline passages = LF passages" test -n "$a" -a "$a" = "$b"
done
check "no CR in any stored text" test -z "$("$q_bin" -i "$tmp/idx" --json --limit 1000 'zqquebec OR zqindia' | grep -F '\r')"

# --- a re-run keeps every id; stdin articles are never removed -----------
out=$("$idx_bin" -i "$tmp/idx" "$g/news" - <"$g/stdin.jsonl" 2>/dev/null); rc=$?
check "re-run: exit 0" test $rc -eq 0
check "re-run: nothing to do ($out)" has "$out" "0 added, 0 changed, $narts unchanged, 0 removed; $narts searchable articles; 0 passages"
rm "$g/news/business/002.txt"
out=$("$idx_bin" -i "$tmp/idx" "$g/news" 2>/dev/null)
check "a deleted file is removed, the stream's articles stay ($out)" \
    has "$out" "0 added, 0 changed, $((narts - 3)) unchanged, 1 removed"
check "stdin articles still there" test "$(ids "$tmp/idx" 'zqromeo OR zqsierra' | tr '\n' ' ')" = "in-1 in-2 "
check "the deleted article gone" test -z "$(ids "$tmp/idx" zqbravo)"

# --- a genuine duplicate id is reported and fails the run ----------------
printf '%s\n' '{"id": "d1", "title": "First zqtango", "body": "one"}' \
              '{"id": "d1", "title": "Second zqtango", "body": "two"}' >"$tmp/dup.jsonl"
out=$("$idx_bin" -i "$tmp/dup" "$tmp/dup.jsonl" 2>"$tmp/err"); rc=$?
check "duplicate id: exit 1" test $rc -eq 1
check "duplicate id named" grep -qF "duplicate article id d1: $tmp/dup.jsonl:1 and $tmp/dup.jsonl:2 (the first is kept)" "$tmp/err"
check "duplicate counted, not added" has "$out" "1 added, 0 changed, 0 unchanged, 0 removed; 1 searchable article;"

# --- an article with neither title nor body is reported, not added ------
printf '%s\n' '{"id": "e1", "title": "", "body": " "}' '{"id": "e2", "title": "Fine zquniform"}' >"$tmp/empty.jsonl"
out=$("$idx_bin" -i "$tmp/empty" "$tmp/empty.jsonl" 2>"$tmp/err"); rc=$?
check "neither title nor body: exit 1" test $rc -eq 1
check "neither title nor body: named" grep -qF "$tmp/empty.jsonl:1: no title and no body: nothing to index" "$tmp/err"
check "neither title nor body: not added" has "$out" "1 added, 0 changed, 0 unchanged, 0 removed; 1 searchable article;"
check "... and counted" has "$out" "problems: 1 (1 empty)"

# --- an index of an older schema is rebuilt, and the summary says so -----
if command -v xapian-metadata >/dev/null; then
    "$idx_bin" -q -i "$tmp/old" "$g/news" 2>/dev/null
    xapian-metadata set "$tmp/old" silk:schema 1
    out=$("$idx_bin" -i "$tmp/old" "$g/news" 2>/dev/null); rc=$?
    check "schema 1: exit 0" test $rc -eq 0
    check "schema 1: rebuilt, said so ($out)" has "$out" "index rebuilt (it had schema 1, this silk-index writes 4)"
    check "schema 1: every article written again" has "$out" "$((narts - 3)) added, 0 changed, 0 unchanged, 0 removed"
    out=$("$idx_bin" -i "$tmp/old" "$g/news" 2>/dev/null)
    check "schema 1: then incremental again" has "$out" "0 added, 0 changed, $((narts - 3)) unchanged, 0 removed"
    xapian-metadata set "$tmp/old" silk:schema 99
    "$idx_bin" -q -i "$tmp/old" "$g/news" 2>"$tmp/err"; rc=$?
    check "a newer schema: refused, exit 2" test $rc -eq 2
    check "a newer schema: says what to do" grep -q "has schema 99, this silk-index writes 4" "$tmp/err"
else
    echo "note: xapian-metadata missing (xapian-tools): the schema checks are left out"
fi

# --- a PATH that is a file: ids from its base name -----------------------
"$idx_bin" -q -i "$tmp/one" "$g/news/tech/001.txt"
check "a single file's id" test "$(ids "$tmp/one" 'zqmike OR zqcharlie' | tr '\n' ' ')" = "001 "
"$idx_bin" -q -i "$tmp/one1" "$g/news/feeds/list.json"
check "a single JSON file's ids" test "$(ids "$tmp/one1" 'zqmike OR zqcharlie' | tr '\n' ' ')" = "list:2 "
# --- several PATHs: ids from the deepest folder holding them all ----------
# (a shell glob, news/*, names its files as news itself does: never two
# files one id, though business/001.txt and tech/001.txt share a name)
"$idx_bin" -q -i "$tmp/two" "$g/news/feeds/list.json" "$g/news/tech/001.txt"
check "two files: ids below their common folder" \
    test "$(ids "$tmp/two" 'zqmike OR zqcharlie' | tr '\n' ' ')" = "feeds/list:2 tech/001 "
# (named by the glob, news/README.TXT and news/notes.md are read as well)
"$idx_bin" -q -i "$tmp/whole" "$g/news" 2>/dev/null
"$idx_bin" -q -i "$tmp/glob" "$g"/news/* 2>/dev/null
ids "$tmp/whole" '*' >"$tmp/whole.ids"
ids "$tmp/glob" '*' | grep -vx -e README -e notes.md >"$tmp/glob.ids"
check "news/* gives the ids of news" cmp -s "$tmp/glob.ids" "$tmp/whole.ids"
check "news/*: every article of news" test "$(wc -l <"$tmp/glob.ids")" -gt 20
exit $fail
