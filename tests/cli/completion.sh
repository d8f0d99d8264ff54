#!/usr/bin/env bash
# tests/cli/completion.sh: the bash completion (completions/silk.bash), as
# bash runs it (COMP_WORDS, COMP_CWORD): each tool's options from its --help,
# -i completes directories, --facets field names (also after a comma),
# --format text/json/trec, --lang the languages; the zsh one parses (zsh -n).
set -u
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
source "$SRC/completions/silk.bash" || { echo "FAIL: source silk.bash"; exit 1; }
check "complete -F registered for silk-query" bash -c \
    'source "$0"; complete -p silk-query | grep -q -- "-F _silk"' "$SRC/completions/silk.bash"

# comp EXPECTED WORD...: completing the last WORD (the tool first) offers
# exactly EXPECTED (space-separated, sorted).
comp() {
    local want=$1; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
    _silk "$1" 2>/dev/null
    local got; got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
    [ "$got" = "$want" ] || { echo "FAIL: ${*:2}: got '$got', want '$want'"; fail=1; }
}
q=$BIN/silk-query; x=$BIN/silk-index; s=$BIN/silk-stem

comp "--format" "$q" --form
comp "json text trec" "$q" --format ""
comp "text trec" "$q" --format t
comp "json" "$q" --format = j                   # --format=j, as bash splits it
comp "--facet-limit --facets" "$q" --face
comp "all category country ministry month source subject year" "$q" --facets ""
comp "year,country" "$q" --facets year,co
comp "collapse keep" "$q" --duplicates ""
comp "--lang --list-languages" "$s" --l
comp "french" "$q" --lang fre
comp "--shards" "$x" --sh
comp "" "$q" --limit ""

cd "$(mktemp -d "${TMPDIR:-/tmp}/silk-comp.XXXXXX")" || exit 1
mkdir corpus-dir idx.d; : >corpus-file
comp "corpus-dir" "$q" -i corp
comp "corpus-dir" "$x" --index corp
comp "corpus-dir corpus-file" "$x" -i idx.d corp    # PATHs: files too
comp "" "$q" -i idx.d corp                          # a query: no files
cd - >/dev/null

# Every option of each tool's --help is offered after "-".
for t in "$q" "$x" "$s"; do
    want=$("$t" --help | sed -nE 's/^ +(-.*)/\1/p' | sed -E 's/  .*//' |
           grep -oE -- '--?[A-Za-z][-A-Za-z]*' | sort | xargs)
    check "${t##*/} --help lists options" test -n "$want"
    comp "$want" "$t" -
done

if command -v zsh >/dev/null; then
    check "completions/_silk parses in zsh" zsh -n "$SRC/completions/_silk"
fi
exit $fail
