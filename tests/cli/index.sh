#!/usr/bin/env bash
# tests/cli/index.sh: end-to-end test of silk-index on the bundled corpus —
# first run, no-op re-run, a changed article, a removed file, --rebuild,
# language and option errors, --explain-facets.
set -u
idx_bin="$BIN/silk-index"
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

# First run over the bundled corpus: five articles, README.md skipped and
# named.
out=$("$idx_bin" -i "$tmp/idx" "$SRC/corpus" 2>"$tmp/err"); rc=$?
check "first run exits 0" test $rc -eq 0
check "five added" has "$out" "5 added, 0 changed, 0 unchanged, 0 removed; 5 searchable articles;"
check "README skipped and named" has "$out" "1 skipped file ($SRC/corpus/README.md: a README or licence, not an article);"
check "no problems" has "$out" "problems: 0;"
check "no stderr" test ! -s "$tmp/err"
check "one summary line" test "$(wc -l <<<"$out")" -eq 1

# Re-run: nothing to do.
out=$("$idx_bin" -i "$tmp/idx" "$SRC/corpus"); rc=$?
check "re-run exits 0" test $rc -eq 0
check "re-run changes nothing" has "$out" "0 added, 0 changed, 5 unchanged, 0 removed; 5 searchable articles; 0 passages"
check "--quiet prints nothing" test -z "$("$idx_bin" --quiet -i "$tmp/idx" "$SRC/corpus")"

# Incremental over a copy: change one article, then delete one.
cp -r "$SRC/corpus" "$tmp/corpus"
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus")
check "copy: five added" has "$out" "5 added"
echo "One more paragraph about the China-Laos Railway and its freight trains." \
    >>"$tmp/corpus/004_696e37e468156c88.txt"
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus")
check "one changed" has "$out" "0 added, 1 changed, 4 unchanged, 0 removed"
sed -i 's/^title: .*/title: A new title/' "$tmp/corpus/000_eee68d401b6df1ce.meta"
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus")
check "a metadata change is a change" has "$out" "0 added, 1 changed, 4 unchanged, 0 removed"
rm "$tmp/corpus/001_bbeff5195326240b.txt" "$tmp/corpus/001_bbeff5195326240b.meta"
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus")
check "one removed" has "$out" "0 added, 0 changed, 4 unchanged, 1 removed"
# Indexing one file of the directory removes nothing else.
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus/002_dc3fb16bdf9f3b1c.txt")
check "a single file: unchanged, nothing removed" has "$out" "0 added, 0 changed, 1 unchanged, 0 removed"
# Overlapping PATHs read a file twice: not a duplicate.
out=$("$idx_bin" -i "$tmp/idx2" "$tmp/corpus" "$tmp/corpus/002_dc3fb16bdf9f3b1c.txt" 2>"$tmp/err"); rc=$?
check "overlapping PATHs: exit 0" test $rc -eq 0
check "overlapping PATHs: counted once" has "$out" "0 added, 0 changed, 4 unchanged, 0 removed"
# The same directory spelled another way is the same articles.
out=$(cd "$tmp" && "$idx_bin" -i idx2 ./corpus/../corpus/)
check "paths are normalised" has "$out" "0 added, 0 changed, 4 unchanged, 0 removed"
if command -v xapian-delve >/dev/null; then
    docs=$(xapian-delve "$tmp/idx2" | sed -n 's/^number of documents = //p')
    check "removed passages are gone" test "$(xapian-delve -1 -t XA001_bbeff5195326240b "$tmp/idx2" 2>/dev/null | grep -c '^[0-9]')" -eq 0
    check "index has passages" test "${docs:-0}" -gt 0
fi

# JSONL: an inserted line shifts the others without changing them; a
# deleted line removes its article.
j="$tmp/jsonl/news.jsonl"
mkdir -p "$tmp/jsonl"
printf '%s\n' '{"id": "n1", "title": "One", "body": "The first article of this file."}' \
    '{"id": "n2", "title": "Two", "body": "The second article of this file."}' >"$j"
out=$("$idx_bin" -i "$tmp/idxj" "$tmp/jsonl")
check "jsonl: two added" has "$out" "2 added, 0 changed, 0 unchanged, 0 removed"
printf '%s\n' '{"id": "n0", "title": "Zero", "body": "A new first line."}' | cat - "$j" >"$j.new"
mv "$j.new" "$j"
out=$("$idx_bin" -i "$tmp/idxj" "$tmp/jsonl")
check "jsonl: a line inserted above" has "$out" "1 added, 0 changed, 2 unchanged, 0 removed"
sed -i '/"n1"/d' "$j"
out=$("$idx_bin" -i "$tmp/idxj" "$tmp/jsonl")
check "jsonl: a deleted line is removed" has "$out" "0 added, 0 changed, 2 unchanged, 1 removed"

# --rebuild starts over in the same directory.
out=$("$idx_bin" --rebuild -i "$tmp/idx2" "$tmp/corpus")
check "rebuild adds all" has "$out" "4 added, 0 changed, 0 unchanged, 0 removed"
if command -v xapian-delve >/dev/null; then
    after=$(xapian-delve "$tmp/idx2" | sed -n 's/^number of documents = //p')
    check "rebuild leaves the same passages" test "$after" = "$docs"
fi

# Language: stored at creation; another one is refused.
"$idx_bin" -q --lang french -i "$tmp/idx" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "other language exits 2" test $rc -eq 2
check "language message" grep -q "is in english, not french" "$tmp/err"
"$idx_bin" -q --lang en -i "$tmp/idx" "$SRC/corpus"; rc=$?
check "same language by code is fine" test $rc -eq 0
"$idx_bin" -q --lang klingon -i "$tmp/idx3" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "unknown language exits 2" test $rc -eq 2
check "unknown language message" grep -q "unknown language 'klingon'" "$tmp/err"
out=$("$idx_bin" --rebuild --lang french -i "$tmp/idx2" "$tmp/corpus"); rc=$?
check "rebuild may change the language" test $rc -eq 0

# Not a silk index: a file where the index should be.
echo hello >"$tmp/afile"
"$idx_bin" -q -i "$tmp/afile" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "index path is a file: exit 2" test $rc -eq 2
check "says it cannot open" grep -q "cannot open or create the index" "$tmp/err"

# Options.
"$idx_bin" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "no -i: exit 2" test $rc -eq 2
check "no -i message" grep -q "no index given" "$tmp/err"
"$idx_bin" -i "$tmp/idx" 2>"$tmp/err"; rc=$?
check "no PATH: exit 2" test $rc -eq 2
"$idx_bin" --commit-every 0 -i "$tmp/idx" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "bad --commit-every: exit 2" test $rc -eq 2
"$idx_bin" --lock-timeout soon -i "$tmp/idx" "$SRC/corpus" 2>"$tmp/err"; rc=$?
check "bad --lock-timeout: exit 2" test $rc -eq 2
"$idx_bin" --bogus 2>/dev/null; rc=$?
check "unknown option: exit 2" test $rc -eq 2
check "--version" bash -c '"$0" --version | grep -qx "silk-index [0-9][0-9.]*"' "$idx_bin"
check "--help" bash -c '"$0" --help | grep -q "^usage: silk-index"' "$idx_bin"

# --explain-facets writes nothing and explains the date and source.
out=$("$idx_bin" --explain-facets "$SRC/corpus/003_db892e9051c247c4.txt"); rc=$?
check "explain exits 0" test $rc -eq 0
check "explain: date from the body" grep -q $'^003_db892e9051c247c4\tdate\t2021-03-02\t[0-9]*-[0-9]*\t' <<<"$out"
check "explain: source" grep -q $'^003_db892e9051c247c4\tsource\tchina-trade-news\t-\tmetadata\t"China Trade News"' <<<"$out"
check "explain: passage values" grep -q $'^003_db892e9051c247c4#[0-9]*\tcountry\tCN\t' <<<"$out"
check "explain writes no index" test ! -e "$tmp/never"

exit $fail
