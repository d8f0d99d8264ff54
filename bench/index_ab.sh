#!/usr/bin/env bash
# bench/index_ab.sh: silk-index built twice (before / after a change), side
# by side in one session on Reuters-21578: CPU time (user + sys, of the
# whole process tree: /usr/bin/time counts every child silk-index waited
# for, so shard processes and the compaction are in it) and wall time of a
# full index of docs.jsonl, runs alternated A B A B so that the shared
# machine's load falls on both alike; the index's size as written and
# compacted (`du -sb`; a side that did not compact is compacted after its
# timed run, by silk-index --compact, untimed); and the listing of one
# query diffed (the same bytes, or the change altered what a user sees).
#
#   bench/index_ab.sh BIN_A BIN_B [RUNS] [QUERY]
#
#   BIN_A, BIN_B  directories holding silk-index and silk-query
#   RUNS          runs of each (default 2)
#   QUERY         the query whose --json --limit 50 listing is compared
#                 (default 'oil prices')
#
# Prints one line per run ("A run 1: 10.52 s CPU, 7.10 s wall, 189.0 MB
# written, 105.9 MB compacted"), the medians of each and their ratios B/A,
# and "listing: identical" or the diff. Exit 0 when the
# listings are identical, 1 when they differ, 2 on bad usage or no data.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
a=$1 b=$2 runs=${3:-2} query=${4:-oil prices}
here=$(cd "$(dirname "$0")" && pwd)
data=${SILK_DATA:-$here/../../shared/data}/reuters21578/docs.jsonl
[ -r "$data" ] || { echo "index_ab.sh: no $data (set SILK_DATA)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

declare -A times walls written compacted
mb() { du -sb "$1" | awk '{printf "%.1f", $1 / 1e6}'; }
for ((i = 1; i <= runs; i++)); do
  for side in A B; do
    bin=$a; [ $side = B ] && bin=$b
    rm -rf "$work/$side"
    # exit 1 is "indexed, with input problems" (Reuters has empty articles)
    rc=0
    /usr/bin/time -f '%U %S %e' -o "$work/time" "$bin/silk-index" -q -i "$work/$side" "$data" \
      2> "$work/err.$side" || rc=$?
    [ $rc -le 1 ] || { echo "index_ab.sh: $side: silk-index exit $rc" >&2; cat "$work/err.$side" >&2; exit 2; }
    tail -n 1 "$work/time" > "$work/time1"   # time says "exited with 1" first
    t=$(awk '{printf "%.2f", $1 + $2}' "$work/time1")
    w=$(awk '{printf "%.2f", $3}' "$work/time1")
    s=$(mb "$work/$side")
    # Compacted already (one Xapian database, no free blocks) or not: a
    # --compact decides, and is not timed.
    "$bin/silk-index" -q --compact -i "$work/$side" 2>/dev/null ||
      { echo "index_ab.sh: $side: --compact failed" >&2; exit 2; }
    c=$(mb "$work/$side")
    times[$side]+="$t " walls[$side]+="$w " written[$side]+="$s " compacted[$side]+="$c "
    echo "$side run $i: $t s CPU, $w s wall, $s MB written, $c MB compacted ($(cut -d' ' -f1,2 "$work/time1") user sys)"
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.2f", m}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b / a}'; }
for what in times:CPU:s walls:wall:s written:written:MB compacted:compacted:MB; do
  IFS=: read -r var label unit <<<"$what"
  declare -n arr=$var
  ma=$(median <<<"${arr[A]}") mb_=$(median <<<"${arr[B]}")
  echo "median $label: A $ma $unit, B $mb_ $unit, B/A $(ratio "$ma" "$mb_")"
  unset -n arr
done
# the summary's timings differ from run to run: blanked before the diff
untimed() { sed 's/"timings":{[^}]*}/"timings":{}/'; }
"$a/silk-query" -i "$work/A" --json --limit 50 "$query" | untimed > "$work/qa"
"$b/silk-query" -i "$work/B" --json --limit 50 "$query" | untimed > "$work/qb"
if cmp -s "$work/qa" "$work/qb"; then
  echo "listing: identical ($(wc -l < "$work/qa") lines of --json --limit 50 '$query')"
else
  echo "listing: differs"; diff "$work/qa" "$work/qb" | head -20; exit 1
fi
