#!/usr/bin/env python3
"""relevance.py: the six-collection relevance table of bench/run.sh (stdlib only).

    relevance.py WORK DATA COLLECTION...

A COLLECTION is a name (its files under DATA/NAME) or NAME=DIR. For each,
reads the qrels DIR/qrels.txt and the TREC
runs WORK/rel-COLLECTION-{xapian,prf,fts5,silk}.run (stock Xapian, stock
Xapian with one round of pseudo-relevance feedback, SQLite FTS5, silk: best
passage per article) and prints, for nDCG@10 and MAP, one line per
collection: each engine's figure, then "silk - best peer" on all queries and
on the odd and the even query ids (silk's defaults were tuned looking at the
odd half; the even half is the check: docs/ranking.md). Measures as eval.py
defines them, with binary gains (--binary: Cranfield's grades count as
relevant / not, like the five binary collections) and the runs cut at 100
(top 100). A missing run prints "-". The same table, tab-separated, goes to
WORK/relevance.tsv.
"""
import importlib.util
import os
import sys

ENGINES = (("xapian", "xapian"), ("prf", "xapian+prf"), ("fts5", "fts5"), ("silk", "silk"))
PEERS = ("xapian", "prf", "fts5")
METRICS = ("ndcg@10", "map")
DEPTH = 100


def load_eval():
    """bench/eval.py as a module (its name shadows a builtin, so by path)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "eval.py")
    spec = importlib.util.spec_from_file_location("silk_bench_eval", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def half(qid, which):
    """Whether QID is in half WHICH ('all', 'odd', 'even'); non-numeric qids
    are in 'all' only."""
    if which == "all":
        return True
    if not qid.isdigit():
        return False
    return (int(qid) % 2 == 1) == (which == "odd")


def mean(per_query, metric, which):
    vals = [m[metric] for q, m in per_query.items() if half(q, which)]
    return sum(vals) / len(vals) if vals else None


def fmt(v, signed=False):
    if v is None:
        return "-"
    return f"{v:+.3f}" if signed else f"{v:.3f}"


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    work, data, collections = argv[0], argv[1], argv[2:]
    ev = load_eval()
    header = ["collection", "queries"] + [name for _, name in ENGINES] + \
             ["silk-best", "odd", "even"]
    rows = {m: [] for m in METRICS}
    for arg in collections:
        c, _, folder = arg.partition("=")
        qrels = ev.read_qrels(os.path.join(folder or os.path.join(data, c), "qrels.txt"))
        per = {}
        n = 0
        for tag, _ in ENGINES:
            run = os.path.join(work, f"rel-{c}-{tag}.run")
            if os.path.exists(run):
                _, per[tag], n = ev.evaluate(qrels, ev.read_run(run), True, DEPTH)
        for m in METRICS:
            fig = {tag: {w: mean(per[tag], m, w) for w in ("all", "odd", "even")}
                   for tag in per}
            row = [c, str(n)] + [fmt(fig[t]["all"]) if t in fig else "-" for t, _ in ENGINES]
            for w in ("all", "odd", "even"):
                peers = [fig[t][w] for t in PEERS if t in fig and fig[t][w] is not None]
                silk = fig.get("silk", {}).get(w)
                row.append(fmt(silk - max(peers), True) if peers and silk is not None else "-")
            rows[m].append(row)
    widths = [max(len(r[i]) for r in [header] + rows["ndcg@10"] + rows["map"])
              for i in range(len(header))]
    with open(os.path.join(work, "relevance.tsv"), "w", encoding="utf-8") as tsv:
        for m in METRICS:
            print(f"# {m}, binary gains, best passage per article, top {DEPTH};"
                  " odd/even: silk - best peer on each half of the queries")
            for r in [header] + rows[m]:
                print("  ".join(v.ljust(widths[i]) if i == 0 else v.rjust(widths[i])
                                for i, v in enumerate(r)))
                tsv.write("\t".join([m] + r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
