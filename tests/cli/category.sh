#!/usr/bin/env bash
# category.sh: end-to-end test of the category field on a generated tree —
# the first directory under PATH (BBC's business/001.txt), a JSONL
# record's or a .meta sidecar's own "category" (which wins over the
# folder), nothing for a file directly under PATH or a folder given as
# PATH itself; category: filters (any case, slugged, ORed, negated),
# exact --facets category counts (also in all), the hit's text line and
# JSON "facets", and the value in --explain-facets. Environment (from
# ctest): BIN, SRC; exit 77 = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }
. "$SRC/tests/cli/lib/common.sh"

# A corpus as BBC's is laid out: PATH/<category>/NNN.txt, plus the cases
# around it.
c=$tmp/raw
mkdir -p "$c/business" "$c/tech/phones" "$c/sport"
art() { printf '%s\n\n%s\n' "$2" "$3" >"$c/$1"; }
art business/001.txt "Oil prices rise" "Oil prices rose in London as traders bought barrels."
art business/002.txt "Shares fall" "Shares in oil firms fell sharply in trading on Monday."
art business/003.txt "Bank rates" "The bank held its rates; oil was not mentioned by it."
art tech/001.txt "New phone" "A new phone with an oil-proof screen was shown today."
art tech/phones/002.txt "Phone sales" "Phone sales grew, helped by the oil-rich Gulf states."
art sport/001.txt "Cup final" "The cup final was played in the rain, oil on the pitch."
printf 'Category: Tech\n' >"$c/sport/001.meta"   # its own category wins (any case)
art top.txt "Loose oil" "A file directly under the root, about oil."
cat >"$c/business/wire.jsonl" <<'EOF'
{"id":"j1","title":"Oil wire","body":"Oil news from a JSON record with a category.","category":"World News"}
{"id":"j2","title":"Oil again","body":"More oil from a JSON record without one."}
{"id":"j3","title":"Oil odd","body":"Oil in a record whose category is not a string.","category":["x"]}
EOF

idx=$tmp/idx
out=$("$idx_bin" -i "$idx" "$c" 2>&1)
check "index: exit 0 ($out)" test $? -eq 0
check "index: every article added ($out)" has "$out" "10 added"

q() { "$q_bin" -i "$idx" --limit 100 "$@" 2>"$tmp/err"; }
# ids QUERY: the article ids of every hit, sorted, space-separated.
ids() {
    q --format json "$@" | python3 -c '
import json, sys
print(" ".join(sorted(r["article"] for r in map(json.loads, sys.stdin) if r["type"] == "hit")))'
}
# counts ARGS: the --facets category counts as value=count, in order.
counts() {
    q --format json --facets category "$@" | python3 -c '
import json, sys
print(" ".join("%s=%d" % (r["value"], r["count"]) for r in map(json.loads, sys.stdin)
               if r["type"] == "facet" and r["field"] == "category"))'
}

# --- filters ---------------------------------------------------------------
check "business: its folder's files and its JSONL's uncategorised records" \
    test "$(ids 'category:business')" = "business/001 business/002 business/003 j2 j3"
check "any case" test "$(ids 'category:BUSINESS')" = "$(ids 'category:business')"
check "a JSONL record's own category, typed in words" test "$(ids 'category:"world news"')" = "j1"
check "... or as its slug" test "$(ids 'category:world-news')" = "j1"
check "the first directory only (tech/phones/002 is tech)" \
    test "$(ids 'category:tech')" = "sport/001 tech/001 tech/phones/002"
check "a sidecar's category wins over its folder" test "$(ids 'category:sport')" = ""
check "two values OR" test "$(ids 'category:tech category:"World News"')" \
    = "j1 sport/001 tech/001 tech/phones/002"
check "with words" test "$(ids 'phone category:tech')" = "tech/001 tech/phones/002"
check "negated" test "$(ids 'oil -category:business')" \
    = "j1 sport/001 tech/001 tech/phones/002 top"
check "a subfolder is not a category" test "$(ids 'category:phones')" = ""
q 'category:"!!!"' >"$tmp/out"
check "a value without a letter or digit: says so" grep -q "note: category:!!! names no category" "$tmp/out"
q 'categroy:tech' >"$tmp/out"
check "a typo: did you mean category:?" grep -q "unknown field categroy: read as a word (did you mean category:?)" "$tmp/out"

# --- exact facet counts ----------------------------------------------------
check "counts over every passage (top.txt and j3 have none)" \
    test "$(counts '*')" = "business=5 tech=2 Tech=1 World News=1"
check "counts under a filter" test "$(counts 'phone')" = "tech=2"
check "counts under category: itself" test "$(counts 'category:tech')" = "tech=2 Tech=1"
allf=$(q --facets all '*')
check "in --facets all, after month" has "$allf" "  month    (none)
  category business (5), tech (2), Tech (1), World News (1)"

# --- output ----------------------------------------------------------------
txt=$(q 'category:"world news"')
check "text: the hit's facet line" has "$txt" "   category: World News"
txt=$(q 'loose')
check "text: no category line without one" hasnt "$txt" "category:"
json=$(q --format json 'wire')
check "JSON: the hit's facets.category" has "$json" '"category":["World News"]}'
check "JSON: and the record's own field" has "$json" '"fields":{"category":"World News"}'
json=$(q --format json 'loose')
check "JSON: [] without one" has "$json" '"category":[]}'

# --- a folder given as PATH: its files are directly under it ------------------
out=$("$idx_bin" -i "$tmp/one" "$c/tech" 2>&1)
check "PATH tech: exit 0 ($out)" test $? -eq 0
check "PATH tech: phones/ is the category now" \
    test "$("$q_bin" -i "$tmp/one" --format json --facets category '*' | python3 -c '
import json, sys
print(" ".join("%s=%d" % (r["value"], r["count"]) for r in map(json.loads, sys.stdin) if r["type"] == "facet"))')" \
    = "phones=1"

# --- --explain-facets says where it came from --------------------------------
out=$("$idx_bin" -i "$tmp/ex" --explain-facets "$c" 2>&1)
check "explain: from the folder" has "$out" "business/001	category	business	-	folder"
check "explain: from the record" has "$out" "j1	category	World News	-	metadata"
check "explain: from the sidecar" has "$out" "sport/001	category	Tech	-	metadata"

exit $fail
