#!/usr/bin/env bash
# bench/index_ab.sh: silk-index built twice (before / after a change), side
# by side in one session on Reuters-21578: CPU time (user + sys) of a full
# index of docs.jsonl, runs alternated A B A B so that the shared machine's
# load falls on both alike, and the listing of one query diffed (the same
# bytes, or the change altered what a user sees).
#
#   bench/index_ab.sh BIN_A BIN_B [RUNS] [QUERY]
#
#   BIN_A, BIN_B  directories holding silk-index and silk-query
#   RUNS          runs of each (default 2)
#   QUERY         the query whose --json --limit 50 listing is compared
#                 (default 'oil prices')
#
# Prints one line per run ("A run 1: 10.52 s CPU"), the median of each and
# their ratio B/A, and "listing: identical" or the diff. Exit 0 when the
# listings are identical, 1 when they differ, 2 on bad usage or no data.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
a=$1 b=$2 runs=${3:-2} query=${4:-oil prices}
here=$(cd "$(dirname "$0")" && pwd)
data=${SILK_DATA:-$here/../../shared/data}/reuters21578/docs.jsonl
[ -r "$data" ] || { echo "index_ab.sh: no $data (set SILK_DATA)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A times
for ((i = 1; i <= runs; i++)); do
  for side in A B; do
    bin=$a; [ $side = B ] && bin=$b
    rm -rf "$work/$side"
    # exit 1 is "indexed, with input problems" (Reuters has empty articles)
    rc=0
    /usr/bin/time -f '%U %S' -o "$work/time" "$bin/silk-index" -q -i "$work/$side" "$data" \
      2> "$work/err.$side" || rc=$?
    [ $rc -le 1 ] || { echo "index_ab.sh: $side: silk-index exit $rc" >&2; cat "$work/err.$side" >&2; exit 2; }
    tail -n 1 "$work/time" > "$work/time1"   # time says "exited with 1" first
    t=$(awk '{printf "%.2f", $1 + $2}' "$work/time1")
    times[$side]+="$t "
    echo "$side run $i: $t s CPU ($(cat "$work/time1") user sys)"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f", m}'; }
ma=$(median <<<"${times[A]}") mb=$(median <<<"${times[B]}")
echo "median: A $ma s, B $mb s, B/A $(awk -v a="$ma" -v b="$mb" 'BEGIN {printf "%.3f", b / a}')"
# the summary's timings differ from run to run: blanked before the diff
untimed() { sed 's/"timings":{[^}]*}/"timings":{}/'; }
"$a/silk-query" -i "$work/A" --json --limit 50 "$query" | untimed > "$work/qa"
"$b/silk-query" -i "$work/B" --json --limit 50 "$query" | untimed > "$work/qb"
if cmp -s "$work/qa" "$work/qb"; then
  echo "listing: identical ($(wc -l < "$work/qa") lines of --json --limit 50 '$query')"
else
  echo "listing: differs"; diff "$work/qa" "$work/qb" | head -20; exit 1
fi
