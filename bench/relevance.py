#!/usr/bin/env python3
"""relevance.py: the six-collection relevance table of bench/run.sh (stdlib only).

    relevance.py [--base WORK0] WORK DATA COLLECTION...

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

Then, for nDCG@10, whether each gap is more than noise: per query, silk
minus the peer that is best on that half (the table's "silk - best"), as
wins / ties / losses, the two-sided sign test's p over the queries that
differ, and a paired bootstrap 95% interval of the mean difference
(10,000 resamples of the queries, seed 12: the same figures every run).
Each query's figures go to WORK/relevance-queries.tsv. With --base WORK0
(another silk run of the same collections, e.g. main's), the same
statistics for silk in WORK minus silk in WORK0: whether a change moved a
row by more than noise.
"""
import importlib.util
import math
import os
import random
import sys

ENGINES = (("xapian", "xapian"), ("prf", "xapian+prf"), ("fts5", "fts5"), ("silk", "silk"))
PEERS = ("xapian", "prf", "fts5")
METRICS = ("ndcg@10", "map")
DEPTH = 100
RESAMPLES = 10000
SEED = 12


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


def sign_test(wins, losses):
    """Two-sided exact sign test: P(a split at least this uneven | no
    difference), ties left out."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    p = 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(p, 1.0)


def bootstrap(deltas, rng):
    """Paired bootstrap 95% interval of the mean of DELTAS."""
    n = len(deltas)
    means = sorted(sum(rng.choice(deltas) for _ in range(n)) / n
                   for _ in range(RESAMPLES))
    return means[int(0.025 * RESAMPLES)], means[int(0.975 * RESAMPLES) - 1]


def paired(a, b, which):
    """The statistics of A - B (per-query nDCG@10 dicts) on half WHICH:
    (mean, wins, ties, losses, sign-test p, interval low, high), or None."""
    qids = sorted(q for q in a if q in b and half(q, which))
    if not qids:
        return None
    d = [a[q]["ndcg@10"] - b[q]["ndcg@10"] for q in qids]
    eps = 1e-9
    wins = sum(x > eps for x in d)
    losses = sum(x < -eps for x in d)
    lo, hi = bootstrap(d, random.Random(SEED))
    return (sum(d) / len(d), wins, len(d) - wins - losses, losses,
            sign_test(wins, losses), lo, hi)


def print_paired(title, rows):
    print(title)
    print("collection     half  queries    mean  win-tie-loss  sign p  bootstrap 95%")
    for c, which, s, n in rows:
        if s is None:
            continue
        mean_, w, t, l, p, lo, hi = s
        mark = "  *" if lo > 0 or hi < 0 else ""
        print(f"{c:<14} {which:<5} {n:>7}  {mean_:+.3f}  {w:>4}-{t:>3}-{l:<4}  {p:6.3f}"
              f"  [{lo:+.3f}, {hi:+.3f}]{mark}")


def main(argv):
    base = None
    if len(argv) >= 2 and argv[0] == "--base":
        base, argv = argv[1], argv[2:]
    if len(argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    work, data, collections = argv[0], argv[1], argv[2:]
    paired_peer, paired_base, per_queries = [], [], []
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
        for q in sorted(per.get("silk", {}), key=ev.sort_key):
            per_queries.append([c, q] + [f"{per[t][q]['ndcg@10']:.4f}" if t in per and q in per[t]
                                         else "-" for t, _ in ENGINES])
        if "silk" in per:
            for w in ("all", "odd", "even"):
                peers = [(mean(per[t], "ndcg@10", w), t) for t in PEERS if t in per]
                peers = [p for p in peers if p[0] is not None]
                if peers:
                    best = max(peers)[1]
                    st = paired(per["silk"], per[best], w)
                    paired_peer.append((c, w, st, st and st[1] + st[2] + st[3]))
            run0 = os.path.join(base, f"rel-{c}-silk.run") if base else None
            if run0 and os.path.exists(run0):
                _, per0, _ = ev.evaluate(qrels, ev.read_run(run0), True, DEPTH)
                for w in ("all", "odd", "even"):
                    st = paired(per["silk"], per0, w)
                    paired_base.append((c, w, st, st and st[1] + st[2] + st[3]))
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
    print_paired("# ndcg@10 per query, silk - best peer on each half: mean, queries won-tied-lost,"
                 " sign test p, bootstrap 95% interval (* : excludes 0)", paired_peer)
    if base:
        print_paired(f"# ndcg@10 per query, silk - silk of {base}", paired_base)
    with open(os.path.join(work, "relevance-queries.tsv"), "w", encoding="utf-8") as tsv:
        tsv.write("\t".join(["collection", "qid"] + [t for t, _ in ENGINES]) + "\n")
        for r in per_queries:
            tsv.write("\t".join(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
