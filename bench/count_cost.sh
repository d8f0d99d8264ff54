#!/usr/bin/env bash
# bench/count_cost.sh: what exact counts cost — for queries matching from a
# few hundred to a few hundred thousand passages, the search time of
# silk-query --exact (rank and walk every match: exact totals, the whole
# de-duplicated list) beside --count-limit 0 (stop once the page is full),
# on Reuters-21578 and on ten copies of it (figures.py scale, as run.sh's
# growth step). Prints one line per query and corpus, then the cost per
# matching passage: where docs/silk-query.md's count limit comes from.
#
#   bench/count_cost.sh [--bin DIR] [--data DIR] [--work DIR] [--times N]
#                       [--callgrind]
#
#   --bin DIR    silk-index and silk-query (default: build/bin)
#   --data DIR   the data sets (default: ../shared/data beside the repository)
#   --work DIR   keep the indexes here (default: a temporary directory)
#   --times N    copies in the big corpus (default 10)
#   --callgrind  instead of times, count the instructions of one silk-query
#                process per query and mode with valgrind --tool=callgrind
#                (Reuters only; minutes): the figures of docs/silk-query.md
#
# Times are the best of 3 runs of each query in one silk-query --batch
# process (search_ms of the JSON summary): the machine may be shared, and
# the best run is the one least disturbed; on a loaded machine they are
# several times a quiet core's, and instruction counts are the figures to
# trust. Exit 2 on bad usage or missing data, 1 if a step failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
bin="$repo/build/bin"
data="$repo/../shared/data"
work=""
times=10
callgrind=0
while [ $# -gt 0 ]; do
    case $1 in
        --callgrind) callgrind=1; shift; continue ;;
        --bin) bin=$2; shift ;;
        --data) data=$2; shift ;;
        --work) work=$2; shift ;;
        --times) times=$2; shift ;;
        *) sed -n '10,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
docs="$data/reuters21578/docs.jsonl"
[ -f "$docs" ] || { echo "count_cost: no $docs (give --data DIR)" >&2; exit 2; }
for t in silk-index silk-query; do
    [ -x "$bin/$t" ] || { echo "count_cost: no $bin/$t (give --bin DIR)" >&2; exit 2; }
done
if [ -z "$work" ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

# Queries from rare to very common words, and ORs of common ones.
queries=(cocoa strike coffee merger wheat opec japan dollar 'oil prices OPEC'
         'foreign trade' market company bank trade oil prices year dlrs pct
         said 'said OR pct' 'said OR pct OR dlrs OR year' 'said OR pct OR dlrs OR year OR mln OR company')
: >"$work/queries.tsv"
for i in "${!queries[@]}"; do
    for r in 1 2 3; do printf 'q%d\t%s\n' "$i" "${queries[$i]}" >>"$work/queries.tsv"; done
done

index() {  # index NAME JSONL: build (or keep) $work/NAME
    [ -d "$work/$1" ] && return 0
    "$bin/silk-index" -q -i "$work/$1" "$2"
}
index r1 "$docs"
if [ "$callgrind" -eq 1 ]; then
    command -v valgrind >/dev/null || { echo "count_cost: valgrind missing" >&2; exit 2; }
    printf 'query\tpassages\texact_instructions\tpage_instructions\n'
    for q in cocoa trade 'oil prices OPEC' said; do
        row="$q"
        for m in --exact "--count-limit 0"; do
            # shellcheck disable=SC2086
            valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
                "$bin/silk-query" -i "$work/r1" --json $m -- "$q" >"$work/cg.json" 2>/dev/null
            [ "$m" = --exact ] && row="$row	$(tail -1 "$work/cg.json" |
                python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
            row="$row	$(callgrind_annotate "$work/cg.out" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')"
        done
        printf '%s\n' "$row"
    done
    exit 0
fi
if [ ! -d "$work/r$times" ]; then
    python3 "$here/figures.py" scale "$times" "$docs" "$work/r$times.jsonl"
    index "r$times" "$work/r$times.jsonl"
    rm -f "$work/r$times.jsonl"
fi

printf 'corpus\tquery\tpassages\tarticles\texact_ms\tpage_ms\n'
for c in r1 "r$times"; do
    "$bin/silk-query" -i "$work/$c" --json --limit 10 --exact --batch "$work/queries.tsv" \
        | grep '"type":"summary"' >"$work/$c.exact"
    "$bin/silk-query" -i "$work/$c" --json --limit 10 --count-limit 0 --batch "$work/queries.tsv" \
        | grep '"type":"summary"' >"$work/$c.page"
    python3 - "$c" "$work/$c.exact" "$work/$c.page" <<'EOF'
import json, sys
c, ex, pg = sys.argv[1:]
def best(path):
    b = {}
    for l in open(path):
        r = json.loads(l)
        k = r["qid"]
        if k not in b or r["timings"]["search_ms"] < b[k]["timings"]["search_ms"]:
            b[k] = r
    return b
e, p = best(ex), best(pg)
for k in sorted(e, key=lambda k: e[k]["total"]):
    assert e[k]["exact"] and e[k]["complete"], k
    print("%s\t%s\t%d\t%d\t%.2f\t%.2f" % (c, e[k]["query"], e[k]["total"], e[k]["articles"],
                                        e[k]["timings"]["search_ms"], p[k]["timings"]["search_ms"]))
EOF
done | tee "$work/cost.tsv"

# The cost per matching passage: a least-squares line through the exact
# times of the queries matching 1000 passages or more, per corpus.
python3 - "$work/cost.tsv" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
for c in sorted({r[0] for r in rows}):
    pts = [(int(r[2]), float(r[4]), float(r[5])) for r in rows if r[0] == c and int(r[2]) >= 1000]
    if len(pts) < 2:
        continue
    n = len(pts)
    mx = sum(p[0] for p in pts) / n
    my = sum(p[1] for p in pts) / n
    slope = sum((p[0] - mx) * (p[1] - my) for p in pts) / sum((p[0] - mx) ** 2 for p in pts)
    icpt = my - slope * mx
    page = sorted(p[2] for p in pts)[n // 2]
    print("%s: exact = %.2f ms + %.3f us x passages (%d queries >= 1000 passages); "
          "page only: median %.2f ms; 100 ms buys %d passages"
          % (c, icpt, slope * 1000, n, page, (100 - icpt) / slope))
EOF
