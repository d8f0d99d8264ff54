#!/usr/bin/env bash
# tests/cli/article_rank.sh: end-to-end test of an article's evidence in
# its passages' scores (query/article.h, docs/ranking.md "Article
# context"): an article that states the query's words in each of its four
# passages ranks above a shorter one-passage article that states them once,
# though that one's passage alone scores higher; matches and counts are
# those of the words; one passage per article leaves the passage order; a
# passage in a tier (it holds every word) keeps its own score; a
# headline-only article's title counts once. Generated fixture (no data
# needed).
. "$(dirname "$0")/lib/common.sh"
# first_article INDEX QUERY: the article of the first hit, one per article.
first_article() {
    "$q_bin" -i "$1" --json --per-article 1 --limit 1 -- "$2" |
        sed -n 's/^{"type":"hit".*"article":"\([^"]*\)".*/\1/p'
}
fill=(alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike
      november oscar papa quebec romeo sierra tango uniform victor whiskey xray
      yankee zulu amber basil cedar dune elm fern grove heath iris jade kelp)
# para START N: N words, the filler rotated by START, ending in the three
# query words.
para() {
    local out="" i
    for ((i = 0; i < $2 - 3; i++)); do out+="${fill[(($1 + i) % ${#fill[@]})]} "; done
    printf '%sturbine blade cooling.' "$out"
}
long="$(para 0 40)\\n\\n$(para 5 40)\\n\\n$(para 10 40)\\n\\n$(para 15 40)"
{
    printf '{"id": "long", "title": "Engine notes", "body": "%s"}\n' "$long"
    printf '{"id": "short", "title": "Engine brief", "body": "%s"}\n' "$(para 2 30)"
    for k in 0 1 2 3 4 5; do
        printf '{"id": "other%d", "title": "Weather report", "body": "%s"}\n' "$k" \
            "${fill[*]:$k:30}"
    done
} >"$tmp/docs.jsonl"
# The same, with long's first passage as an article of its own.
{
    printf '{"id": "long", "title": "Engine notes", "body": "%s"}\n' "$(para 0 40)"
    sed -n '2,$p' "$tmp/docs.jsonl"
} >"$tmp/one.jsonl"
"$idx_bin" -q -i "$tmp/idx" "$tmp/docs.jsonl" || { echo "FAIL: indexing"; exit 1; }
"$idx_bin" -q -i "$tmp/one" "$tmp/one.jsonl" || { echo "FAIL: indexing one.jsonl"; exit 1; }

q="turbine blade cooling nozzle"  # no passage holds all four: no tier
out=$("$q_bin" -i "$tmp/idx" --per-article 0 -- "$q")
check "four passages in long, one in short" has "$out" "5 of 5 results: 5 passages in 2 articles (exact"
check "the article that says it four times first" test "$(first_article "$tmp/idx" "$q")" = long
check "... over the passage that scores higher alone" \
    test "$(first_article "$tmp/one" "$q")" = short
# Scores: long's passages tie (one evidence for all), above short's.
scores=$("$q_bin" -i "$tmp/idx" --json --per-article 0 -- "$q" |
    sed -n 's/^{"type":"hit".*"score":\([0-9.]*\),.*"article":"\([^"]*\)".*/\2 \1/p')
check "long's four passages, then short" \
    test "$(cut -d' ' -f1 <<<"$scores" | tr '\n' ' ')" = "long long long long short "
check "long's passages keep one score" test "$(cut -d' ' -f2 <<<"$scores" | sed -n 1,4p | sort -u | wc -l)" -eq 1
# Every word in one passage: the all-words tier, ranked by the passage.
check "in a tier, the passage's own score: short first" \
    test "$(first_article "$tmp/idx" "turbine blade cooling")" = short

# A headline-only article: its title is its passage's text, counted once
# (its title terms carry no wdf of their own): title: still finds it, the
# title phrase too, and its plain words do.
{
    printf '{"id": "brief", "title": "Sparse matrix package"}\n'
    printf '{"id": "full", "title": "Sparse matrix package", "body": "The package stores a sparse matrix by rows."}\n'
    for k in 0 1 2 3; do
        printf '{"id": "w%d", "title": "Weather", "body": "%s"}\n' "$k" "${fill[*]:$k:20}"
    done
} >"$tmp/brief.jsonl"
"$idx_bin" -q -i "$tmp/brief" "$tmp/brief.jsonl" || { echo "FAIL: indexing brief.jsonl"; exit 1; }
out=$("$q_bin" -i "$tmp/brief" --per-article 0 -- 'title:"sparse matrix"')
check "title: phrase finds the headline-only article" has "$out" "brief #0"
check "... and the titled one" has "$out" "2 of 2 results"
out=$("$q_bin" -i "$tmp/brief" --per-article 0 -- 'title:package')
check "title:word finds both" has "$out" "2 of 2 results"
out=$("$q_bin" -i "$tmp/brief" --per-article 0 -- 'matrix')
check "a plain word finds both" has "$out" "2 of 2 results"
exit $fail
