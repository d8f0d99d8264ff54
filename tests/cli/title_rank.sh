#!/usr/bin/env bash
# tests/cli/title_rank.sh: end-to-end test of the title as where the text
# starts (indexer/document.c, docs/ranking.md "The title as the start of
# the text"): an article whose title holds the query's words, and whose
# text does not, ranks above one that mentions them once in its text
# (before, a title word weighed half a text word); `title:` still finds
# the titles only. (That a text opening with its title gets no second
# copy: tests/check_document.c.) Generated fixture (no data needed).
. "$(dirname "$0")/lib/common.sh"
fill=(alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike
      november oscar papa quebec romeo sierra tango uniform victor whiskey xray
      yankee zulu amber basil cedar dune elm fern grove heath iris jade kelp)
words() { echo "${fill[*]:$1:$2}"; }
{
    printf '{"id": "titled", "title": "Turbine blade cooling", "body": "%s."}\n' "$(words 0 30)"
    printf '{"id": "mention", "title": "Weather report", "body": "%s turbine blade cooling."}\n' \
        "$(words 1 27)"
    printf '{"id": "repeats", "title": "Turbine blade cooling", "body": "Turbine blade cooling. %s."}\n' \
        "$(words 2 27)"
    for k in 0 1 2 3 4 5; do
        printf '{"id": "other%d", "title": "Weather report", "body": "%s."}\n' "$k" "$(words $k 30)"
    done
} >"$tmp/docs.jsonl"
"$idx_bin" -q -i "$tmp/idx" "$tmp/docs.jsonl" || { echo "FAIL: indexing"; exit 1; }

# order QUERY: the articles of the hits, one per article, in rank order.
order() {
    "$q_bin" -i "$tmp/idx" --json --per-article 1 -- "$1" |
        sed -n 's/^{"type":"hit".*"article":"\([^"]*\)".*/\1/p' | tr '\n' ' '
}
q="turbine blade cooling nozzle"  # no article holds all four: no tier
check "a title's words weigh as much as the text's: titled above mention" \
    test "$(order "$q")" = "repeats titled mention "
check "title: finds the two titles only" \
    test "$(order "title:turbine")" = "repeats titled "
exit $fail
