#!/usr/bin/env bash
# bench/listing_during_writes.sh: full listings while silk-index rewrites
# the index (issue 15 item 8; docs/reliability.md, "Readers during
# writes").
#
#   bench/listing_during_writes.sh [-b BIN] [-w WRITES] [-r READERS]
#                                  [-c COMMIT_EVERY] [-q QUERY] WORKDIR
#
# Makes WORKDIR/A.jsonl and B.jsonl from Reuters-21578 (the same 21,578
# articles, every body changed between the two), indexes A once, then
# WRITES times re-indexes B, A, B... with --commit-every COMMIT_EVERY (each
# write replaces every article: 89,050 passages, a commit each 100
# articles) while READERS loops run
#   silk-query -i X --json --limit 100000 QUERY
# Prints the listings run, those that failed (exit 2) and their messages,
# and the listings' wall time. BIN defaults to build/bin; QUERY to '*'.
# Heavy: about a minute a write on a quiet 2-core machine.
set -u
bin=build/bin writes=3 readers=2 every=100 query='*'
while getopts b:w:r:c:q: o; do
    case $o in
    b) bin=$OPTARG ;; w) writes=$OPTARG ;; r) readers=$OPTARG ;;
    c) every=$OPTARG ;; q) query=$OPTARG ;;
    *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-b BIN] [-w N] [-r N] [-c N] [-q QUERY] WORKDIR" >&2; exit 2; }
work=$1
here=$(cd "$(dirname "$0")" && pwd)
src=${SILK_REUTERS:-$here/../../shared/data/reuters21578/docs.jsonl}
[ -r "$src" ] || { echo "$0: $src: not found (set SILK_REUTERS)" >&2; exit 2; }
mkdir -p "$work"
for v in A B; do
    [ -s "$work/$v.jsonl" ] ||
        python3 - "$src" "$v" >"$work/$v.jsonl" <<'EOF' || exit 2
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    d["body"] = (d.get("body") or "") + " Revision %s." % sys.argv[2]
    print(json.dumps(d))
EOF
done
idx=$work/index
rm -rf "$idx" "$work"/out
mkdir -p "$work/out"
"$bin/silk-index" --quiet -i "$idx" "$work/A.jsonl" || exit 2

writer() {
    for k in $(seq 1 "$writes"); do
        v=$([ $((k % 2)) = 1 ] && echo B || echo A)
        "$bin/silk-index" --quiet -i "$idx" --commit-every "$every" \
            "$work/$v.jsonl" || echo "writer: exit $? on write $k" >&2
    done
}
writer &
wpid=$!
reader() {  # reader N: list the index until the writer is done
    local n=$1 i=0 t0
    while kill -0 "$wpid" 2>/dev/null; do
        i=$((i + 1))
        t0=$(date +%s%N)
        "$bin/silk-query" -i "$idx" --json --limit 100000 "$query" \
            >/dev/null 2>"$work/out/$n.$i.err"
        echo "$? $(( ($(date +%s%N) - t0) / 1000000 ))" >"$work/out/$n.$i.rc"
    done
}
for r in $(seq 1 "$readers"); do reader "$r" & done
wait
cat "$work"/out/*.rc | awk '
    { n++; ms += $2; if ($1 >= 2) bad++ }
    END { printf "listings: %d, failed: %d, mean %.0f ms\n", n, bad, n ? ms / n : 0 }'
for f in "$work"/out/*.rc; do
    read -r rc _ <"$f"
    [ "$rc" -ge 2 ] && sed 's/^/  /' "${f%.rc}.err"
done | sort | uniq -c | sort -rn | head -5
