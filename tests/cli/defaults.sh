#!/usr/bin/env bash
# tests/cli/defaults.sh: what every tool does the same way — SILK_INDEX as
# the index when -i is absent (silk-index and silk-query; -i wins; an empty
# SILK_INDEX is no index), -h/--help and -V/--version in all three, and an
# error hint that never advises writing an index into a corpus directory.
set -u
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
x=$BIN/silk-index; q=$BIN/silk-query; s=$BIN/silk-stem
unset SILK_INDEX

for t in "$x" "$q" "$s"; do
    n=${t##*/}
    for o in -h --help; do
        out=$("$t" $o); rc=$?
        check "$n $o exits 0" test $rc -eq 0
        check "$n $o prints the usage" grep -qi "^usage: $n" <<<"$out"
    done
    for o in -V --version; do
        out=$("$t" $o); rc=$?
        check "$n $o exits 0" test $rc -eq 0
        check "$n $o prints the version" grep -q "^$n [0-9][0-9.]*" <<<"$out"
    done
done

# SILK_INDEX is the index silk-index writes and silk-query reads.
out=$(SILK_INDEX=$tmp/idx "$x" "$SRC/corpus" 2>&1); rc=$?
check "silk-index with SILK_INDEX exits 0" test $rc -eq 0
check "silk-index wrote into SILK_INDEX" has "$out" "5 added"
check "the index is at SILK_INDEX" test -d "$tmp/idx"
check "silk-index --check with SILK_INDEX" has "$(SILK_INDEX=$tmp/idx "$x" --check 2>&1)" "$tmp/idx: ok"
out=$(SILK_INDEX=$tmp/idx "$q" --format trec China-Laos Railway); rc=$?
check "silk-query with SILK_INDEX exits 0" test $rc -eq 0
want=$("$q" -i "$tmp/idx" --format trec China-Laos Railway)
check "SILK_INDEX finds what -i finds" test -n "$out" -a "$out" = "$want"
out=$(SILK_INDEX=$tmp/nowhere "$q" -i "$tmp/idx" railway); rc=$?
check "-i wins over SILK_INDEX" test $rc -eq 0
out=$(SILK_INDEX= "$q" railway 2>&1); rc=$?
check "empty SILK_INDEX: no index (exit 2)" test $rc -eq 2
check "no index: the hint names SILK_INDEX" has "$out" "use -i INDEX or set SILK_INDEX"
out=$(SILK_INDEX= "$x" "$SRC/corpus" 2>&1); rc=$?
check "silk-index, no index: exit 2" test $rc -eq 2
check "silk-index, no index: the hint names SILK_INDEX" has "$out" "set SILK_INDEX"
check "nothing written into the corpus" test -z "$(git -C "$SRC" status --porcelain -- corpus 2>/dev/null)"

# silk-query -i CORPUS: the hint indexes the corpus into an index of its own,
# never into the corpus directory itself.
mkdir "$tmp/news"; cp "$SRC"/corpus/*.txt "$tmp/news/"
out=$("$q" -i "$tmp/news" railway 2>&1); rc=$?
check "-i on a corpus: exit 2" test $rc -eq 2
check "-i on a corpus: not an index" has "$out" "$tmp/news is not a silk index"
check "-i on a corpus: index it elsewhere" has "$out" "silk-index -i INDEX $tmp/news"
check "-i on a corpus: no 'silk-index -i CORPUS'" bash -c '! grep -qF -- "-i $1 " <<<"$0"' "$out" "$tmp/news"
exit $fail
