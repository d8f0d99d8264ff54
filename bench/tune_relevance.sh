#!/usr/bin/env bash
# bench/tune_relevance.sh: silk's Cranfield figures beside stock Xapian and
# FTS5, on all queries and on the odd and even halves (tune on one half,
# check on the other: docs/ranking.md). Uses built binaries.
#
#   bench/tune_relevance.sh --bin DIR [--data DIR] [--work DIR]
#
# DIR holds silk-index and silk-query (and xapian-peer, fts5-peer when built
# with -DSILK_BENCH=ON; peers missing are skipped). Exit 2 on bad usage or
# missing data.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data="$here/../../shared/data"
bin=""
work=""
while [ $# -gt 0 ]; do
    case $1 in
        --bin) bin=$2; shift ;;
        --data) data=$2; shift ;;
        --work) work=$2; shift ;;
        *) sed -n '6,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
    shift
done
cran="$data/cranfield"
[ -n "$bin" ] && [ -x "$bin/silk-query" ] || { echo "tune: --bin DIR with silk-query needed" >&2; exit 2; }
for f in docs.jsonl queries.tsv qrels.txt; do
    [ -r "$cran/$f" ] || { echo "tune: $cran/$f is missing (pass --data DIR)" >&2; exit 2; }
done
if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/silk-tune.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi

# report NAME RUN: the four measures on all, odd and even query ids.
report() {
    python3 "$here/eval.py" "$cran/qrels.txt" "$2" --per-query | python3 -c '
import sys
rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l[:1].isdigit()]
def mean(sel):
    r = [x for x in rows if sel(int(x[0]))]
    m = {}
    for x in r:
        for kv in x[1:]:
            k, v = kv.split("=")
            m[k] = m.get(k, 0.0) + float(v)
    return " ".join("%s %.4f" % (k, m[k] / len(r)) for k in ("ndcg@10", "map", "p@10", "recall@100"))
for name, sel in (("all", lambda q: True), ("odd", lambda q: q % 2), ("even", lambda q: q % 2 == 0)):
    print("%-6s %-5s %s" % (sys.argv[1], name, mean(sel)))
' "$1"
}

"$bin/silk-index" -i "$work/silk" "$cran/docs.jsonl" >/dev/null 2>&1
"$bin/silk-query" -i "$work/silk" --batch "$cran/queries.tsv" --format trec >"$work/silk.run" 2>/dev/null || true
report silk "$work/silk.run"
if [ -x "$bin/xapian-peer" ]; then
    "$bin/xapian-peer" index --level article "$cran/docs.jsonl" "$work/xap" >/dev/null 2>&1
    "$bin/xapian-peer" search "$work/xap" "$cran/queries.tsv" --trec >"$work/xap.run"
    report xapian "$work/xap.run"
fi
if [ -x "$bin/fts5-peer" ]; then
    "$bin/fts5-peer" index "$cran/docs.jsonl" "$work/fts.db" >/dev/null 2>&1
    "$bin/fts5-peer" search "$work/fts.db" "$cran/queries.tsv" --trec >"$work/fts.run"
    report fts5 "$work/fts.run"
fi
