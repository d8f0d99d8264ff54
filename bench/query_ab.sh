#!/usr/bin/env bash
# bench/query_ab.sh: silk-query built twice (before / after a change) on the
# same Reuters title queries, side by side: callgrind instructions of one
# --batch --json process each (what the shared machine does not disturb),
# then CPU time (user + sys) of RUNS alternated batches, and the listings
# diffed (the same bytes, timings blanked, or the change altered what a
# user sees). Each side searches an index its own silk-index wrote (a
# change of the stored format needs its own), built here unless given.
#
#   bench/query_ab.sh BIN_A BIN_B [QUERIES] [RUNS] [-- SILK-QUERY OPTIONS...]
#
#   BIN_A, BIN_B  directories holding silk-index and silk-query
#   QUERIES       title queries from bench/make_queries.py (default 100)
#   RUNS          timed batches of each (default 2)
#   OPTIONS       passed to both silk-query runs, e.g. -- --facets all
#   SILK_AB_INDEX_A, SILK_AB_INDEX_B  use these indexes instead of building
#   SILK_AB_QUERIES  a query file (id TAB query) instead of QUERIES title
#                 queries, e.g. whole headlines (sentence-like queries)
#
# Prints the instructions of each and B/A, the median CPU of each and B/A,
# and "listing: identical" or the diff. Exit 0 when the listings are
# identical, 1 when they differ, 2 on bad usage or no data.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,22p' "$0" >&2; exit 2; }
a=$1 b=$2; shift 2
n=100 runs=2
[ $# -gt 0 ] && [ "$1" != -- ] && { n=$1; shift; }
[ $# -gt 0 ] && [ "$1" != -- ] && { runs=$1; shift; }
[ $# -gt 0 ] && [ "$1" = -- ] && shift
here=$(cd "$(dirname "$0")" && pwd)
data=${SILK_DATA:-$here/../../shared/data}/reuters21578/docs.jsonl
[ -r "$data" ] || { echo "query_ab.sh: no $data (set SILK_DATA)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "query_ab.sh: no valgrind" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${SILK_AB_QUERIES:-}" ]; then
  cp "$SILK_AB_QUERIES" "$work/q.tsv"; n=$(wc -l <"$work/q.tsv")
else
  python3 "$here/make_queries.py" --count "$n" "$data" >"$work/q.tsv"
fi
declare -A idx
for side in A B; do
  bin=$a; [ $side = B ] && bin=$b
  var=SILK_AB_INDEX_$side
  if [ -n "${!var:-}" ]; then idx[$side]=${!var}; continue; fi
  idx[$side]=$work/idx.$side
  # exit 1 is "indexed, with input problems" (Reuters has empty articles)
  rc=0; "$bin/silk-index" -q -i "${idx[$side]}" "$data" 2>"$work/err" || rc=$?
  [ $rc -le 1 ] || { echo "query_ab.sh: $side: silk-index exit $rc" >&2; cat "$work/err" >&2; exit 2; }
done

untimed() { sed 's/"timings":{[^}]*}//'; }
declare -A ir times
for side in A B; do
  bin=$a; [ $side = B ] && bin=$b
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.$side" \
    "$bin/silk-query" -i "${idx[$side]}" --batch "$work/q.tsv" --json "$@" \
    2>/dev/null | untimed >"$work/list.$side"
  ir[$side]=$(callgrind_annotate "$work/cg.$side" 2>/dev/null |
    awk '/PROGRAM TOTALS/ && !n++ {gsub(",", "", $1); print $1}')
  echo "$side: ${ir[$side]} instructions ($n queries)"
done
awk -v a="${ir[A]}" -v b="${ir[B]}" 'BEGIN {printf "instructions B/A %.3f\n", b / a}'
for ((i = 1; i <= runs; i++)); do
  for side in A B; do
    bin=$a; [ $side = B ] && bin=$b
    /usr/bin/time -f '%U %S' -o "$work/time" "$bin/silk-query" -i "${idx[$side]}" \
      --batch "$work/q.tsv" --json "$@" >/dev/null 2>&1
    t=$(awk '{printf "%.2f", $1 + $2}' "$work/time")
    times[$side]+="$t "
    echo "$side run $i: $t s CPU"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f", m}'; }
ma=$(median <<<"${times[A]}") mb=$(median <<<"${times[B]}")
awk -v a="$ma" -v b="$mb" 'BEGIN {printf "median CPU: A %.2f s, B %.2f s, B/A %.3f\n", a, b, b / a}'
if cmp -s "$work/list.A" "$work/list.B"; then
  echo "listing: identical ($(wc -l <"$work/list.A") lines of --batch --json $*)"
else
  echo "listing: differs"; { diff "$work/list.A" "$work/list.B" || true; } | head -20 || true; exit 1
fi
