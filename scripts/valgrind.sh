#!/usr/bin/env bash
# The end-to-end runs of silk under valgrind memcheck: index the bundled
# corpus (fresh and incremental), a few queries in every output format
# (incl. --json --facets all, --batch, odd input, an error exit) and
# silk-stem. Fails on any invalid access or definite leak; Xapian's
# "still reachable" allocations are fine.
#   scripts/valgrind.sh [BUILD_DIR]        (default: build; not an ASan build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/bin
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind missing" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A memcheck error exits 99, which no silk tool uses (they exit 0/1/2).
VG_ERR=99
vg=(valgrind --quiet --tool=memcheck --error-exitcode=$VG_ERR --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --track-origins=yes
    # silk-index links jemalloc: have memcheck replace its malloc too.
    --soname-synonyms=somalloc=*jemalloc*)
export CK_FORK=no NO_COLOR=1
fail=0
n=0
# step WANT_STATUS DESCRIPTION COMMAND...: run under memcheck; the tool's
# own status must be one of WANT_STATUS (e.g. "0", "0 1", "2").
step() {
    local want=$1 what=$2; shift 2
    n=$((n + 1))
    "${vg[@]}" --log-file="$tmp/vg.$n.log" "$@" >"$tmp/out.$n" 2>"$tmp/err.$n" </dev/null
    local rc=$?
    if [ $rc -eq $VG_ERR ] || grep -q "definitely lost\|Invalid" "$tmp/vg.$n.log"; then
        echo "FAIL: $what: memcheck errors:"; head -40 "$tmp/vg.$n.log"; fail=1
    elif ! grep -qw -- "$rc" <<<"$want"; then
        echo "FAIL: $what: exit $rc, wanted $want"; head -5 "$tmp/err.$n"; fail=1
    else
        echo "ok: $what (exit $rc)"
    fi
}
set +e
idx="$tmp/idx"
step 0 "silk-index corpus" "$bin/silk-index" -i "$idx" corpus
step 0 "silk-index again (nothing changed)" "$bin/silk-index" -i "$idx" corpus
step 0 "silk-query text" "$bin/silk-query" -i "$idx" 'China-Laos Railway'
step 0 "silk-query --json --facets all" "$bin/silk-query" -i "$idx" --json --facets all 'country:Laos'
step 0 "silk-query ranges and filters" "$bin/silk-query" -i "$idx" --json --per-article 1 'year:2019..2021 ministry:commerce trade'
step "0 1" "silk-query odd input, --explain-query" "$bin/silk-query" -i "$idx" --explain-query -- '"unbalanced (railway -: year:abc 中老铁路'
printf 'q1\tChina-Laos railway\nq2\tcountry:Laos\nq3\tnothing-matches-this-zzz\n' >"$tmp/batch.tsv"
step 0 "silk-query --format trec --batch" "$bin/silk-query" -i "$idx" --format trec --batch "$tmp/batch.tsv"
step 2 "silk-query missing index (error path)" "$bin/silk-query" -i "$tmp/none" railway
step 0 "silk-stem --json" "$bin/silk-stem" --json "The railways of China-Laos, US\$7.8 trillion, 中老铁路"
mkdir -p "$tmp/bad"
printf '{"id": "x", "body": "ok"}\n{"id": 1, "body": [1]}\n{"trunc\n' >"$tmp/bad/a.jsonl"
printf 'T\n\nbad \xff bytes\n' >"$tmp/bad/b.txt"
step 1 "silk-index bad input" "$bin/silk-index" -i "$tmp/idx2" "$tmp/bad"
# Every input shape of issue 10: JSON, gzip'ed JSON Lines, clashing names,
# headline-only articles, CRLF, Latin-1 (tests/gen_corpus.sh).
bash tests/gen_corpus.sh "$tmp/gen" >/dev/null
step 0 "silk-index generated corpus" "$bin/silk-index" -i "$tmp/idx3" "$tmp/gen/news"
set -e
if [ $fail -ne 0 ]; then
    echo "valgrind.sh: memcheck found problems"
    exit 1
fi
echo "valgrind.sh: $n runs clean under memcheck"
