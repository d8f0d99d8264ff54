#!/usr/bin/env bash
# tests/cli/index_bad.sh: silk-index on a generated corpus holding every
# kind of bad input — each is reported as file[:line]: reason, counted in
# the summary, and gives exit 1 (exit 2 under --strict); the good articles
# are indexed all the same.
set -u
idx_bin="$BIN/silk-index"
fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}

c="$tmp/corpus"
mkdir -p "$c/sub"
printf 'A good article\n\nThe China-Laos Railway carried freight in 2021 for the first time.\n' >"$c/good.txt"
: >"$c/empty.txt"
printf '   \n\n' >"$c/blank.txt"
printf 'binary\0stuff\0here\n' >"$c/binary.txt"
printf 'Bad bytes \xff\xfe here, caf\xc3\xa9\n\nA paragraph with an invalid byte \xc3 inside it.\n' >"$c/badutf8.txt"
printf 'title: Impossible date\ndate: 2021-02-30\n' >"$c/baddate.meta"
printf 'Impossible date\n\nThis article says it was written on the thirtieth of February.\n' >"$c/baddate.txt"
printf 'No date here\n\nNothing in this article gives its date at all, anywhere.\n' >"$c/sub/nodate.txt"
echo "notes, not news" >"$c/notes.md"
{
    echo '{"id": "j1", "title": "First", "body": "A first JSONL article about trade.", "date": "2020-01-02"}'
    echo '{"id": "j2", "title": "Broken", "body": "unterminated'
    echo '{"id": "j3", "title": "A headline without a body"}'
    echo '{"id": "j4", "title": "Bad date", "body": "Some text in an article with a bad date.", "date": "2020-13-45"}'
    echo '{"id": "j1", "title": "Again", "body": "The same id a second time.", "date": "2020-01-03"}'
    echo '["not", "an", "object"]'
    echo '{"id": "j5", "title": "Fine", "body": "Another good article.", "date": "2019", "topics": ["trade"]}'
} >"$c/sub/articles.jsonl"

out=$("$idx_bin" -i "$tmp/idx" "$c" 2>"$tmp/err"); rc=$?
check "bad input: exit 1" test $rc -eq 1
check "invalid UTF-8 repaired, named" grep -q "^$c/badutf8.txt: .*U+FFFD" "$tmp/err"
check "impossible date named" grep -q "^$c/sub/articles.jsonl:4: .*date" "$tmp/err"
check "good articles indexed" has "$out" "8 added, 0 changed, 0 unchanged, 0 removed; 8 searchable articles;"
check "unknown extension skipped and named" has "$out" "1 skipped file ($c/notes.md: not an article file);"
check "no date counted" has "$out" "; 6 without date;"
check "problem counts" has "$out" "problems: 9 (2 empty, 1 binary, 2 bad json, 1 invalid utf-8, 2 bad date, 1 duplicate id)"
check "empty file named" grep -q "^$c/empty.txt: " "$tmp/err"
check "binary file named" grep -q "^$c/binary.txt: " "$tmp/err"
check "bad JSON line named" grep -q "^$c/sub/articles.jsonl:2: " "$tmp/err"
check "a headline without a body is no problem" test "$(grep -c "articles.jsonl:3:" "$tmp/err")" -eq 0
check "duplicate id reported" grep -q "duplicate article id j1: $c/sub/articles.jsonl:1 and $c/sub/articles.jsonl:5" "$tmp/err"
check "one line per problem" test "$(wc -l <"$tmp/err")" -eq 9

# The same input again: problems are reported again, nothing rewritten.
out=$("$idx_bin" -i "$tmp/idx" "$c" 2>/dev/null); rc=$?
check "re-run: exit 1 again" test $rc -eq 1
check "re-run: unchanged" has "$out" "0 added, 0 changed, 8 unchanged, 0 removed"

# --strict: the first problem stops the run with exit 2.
"$idx_bin" --strict -i "$tmp/idx2" "$c" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--strict: exit 2" test $rc -eq 2
check "--strict says why" grep -q "stopped at the first problem" "$tmp/err"
"$idx_bin" --strict -i "$tmp/idx3" "$c/good.txt" >/dev/null; rc=$?
check "--strict on clean input: exit 0" test $rc -eq 0

# An unreadable file and a missing PATH: reported, and what was indexed
# from them before is kept, not removed.
if [ "$(id -u)" -ne 0 ]; then
    chmod 000 "$c/good.txt"
    out=$("$idx_bin" -i "$tmp/idx" "$c" 2>"$tmp/err"); rc=$?
    check "unreadable: exit 1" test $rc -eq 1
    check "unreadable: kept" has "$out" "0 removed"
    chmod 644 "$c/good.txt"
fi
out=$("$idx_bin" -i "$tmp/idx" "$c" "$tmp/nowhere" 2>"$tmp/err"); rc=$?
check "missing PATH: exit 1" test $rc -eq 1
check "missing PATH named" grep -q "^$tmp/nowhere: " "$tmp/err"
check "missing PATH: others indexed" has "$out" "8 unchanged, 0 removed"

exit $fail
