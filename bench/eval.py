#!/usr/bin/env python3
"""eval.py: relevance figures of a TREC run against TREC qrels (stdlib only).

    eval.py QRELS RUN [--per-query] [--binary] [--depth N]
                                         print ndcg@10, map, p@10, recall@100
    eval.py --self-test                  check against bench/testdata/toy.*

--binary: every relevant grade gains 1 in nDCG (the other measures are
binary anyway); issue 12's six-collection table uses it, so that Cranfield's
graded qrels are read like the five binary collections. --depth N: only the
first N documents of each query's ranking count (MAP at N).

Definitions (the same for every engine, so runs compare):
- queries: those with at least one relevant document (rel > 0) in the qrels;
  a query the run lacks scores 0 on every measure (like trec_eval -c).
- ranking: a query's run lines sorted by score, descending, ties broken by
  docid descending (trec_eval's order; the rank column is ignored); a docid
  repeated within a query keeps only its first line.
- nDCG@10: sum over ranks i = 1..10 of rel_i / log2(i + 1) (graded gain =
  the qrels grade, 0 when unjudged or rel <= 0), divided by the same sum over
  the ideal ordering of all the query's judged-relevant grades.
- MAP: mean over queries of average precision = sum of precision at the rank
  of each relevant document retrieved (whole run depth) / number relevant.
- P@10: relevant documents in the top 10 / 10.
- Recall@100: relevant documents in the top 100 / number relevant.
"""
import math
import os
import sys

METRICS = ("ndcg@10", "map", "p@10", "recall@100")
# Hand-checked expectations of the toy fixture are given to 4 decimals.
SELF_TEST_TOLERANCE = 5e-5


def read_qrels(path):
    """Returns {qid: {docid: grade}} from a TREC qrels file (qid 0 docid rel)."""
    qrels = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                raise ValueError(f"{path}:{n}: expected 'qid 0 docid rel'")
            qid, _, docid, rel = parts
            qrels.setdefault(qid, {})[docid] = int(rel)
    return qrels


def read_run(path):
    """Returns {qid: [docid, ...]} in ranking order from a TREC run file
    (qid Q0 docid rank score tag)."""
    lines = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 5:
                raise ValueError(f"{path}:{n}: expected 'qid Q0 docid rank score tag'")
            lines.setdefault(parts[0], []).append((float(parts[4]), parts[2]))
    run = {}
    for qid, hits in lines.items():
        hits.sort(reverse=True)  # score desc, then docid desc
        seen, ranked = set(), []
        for _, docid in hits:
            if docid not in seen:
                seen.add(docid)
                ranked.append(docid)
        run[qid] = ranked
    return run


def measure(judged, ranked, binary=False):
    """The four measures of one query: JUDGED {docid: grade}, RANKED docids;
    BINARY: every relevant grade counts 1."""
    relevant = {d: (1 if binary else g) for d, g in judged.items() if g > 0}
    dcg = sum(relevant.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(relevant.values(), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    found, precisions = 0, 0.0
    for i, d in enumerate(ranked):
        if d in relevant:
            found += 1
            precisions += found / (i + 1)
    return {
        "ndcg@10": dcg / idcg,
        "map": precisions / len(relevant),
        "p@10": sum(1 for d in ranked[:10] if d in relevant) / 10,
        "recall@100": sum(1 for d in ranked[:100] if d in relevant) / len(relevant),
    }


def evaluate(qrels, run, binary=False, depth=None):
    """Returns ({metric: mean}, {qid: {metric: value}}, number of queries);
    BINARY as measure(), DEPTH: rankings cut to their first DEPTH documents."""
    per_query = {}
    for qid, judged in qrels.items():
        if any(g > 0 for g in judged.values()):
            ranked = run.get(qid, [])
            per_query[qid] = measure(judged, ranked[:depth] if depth else ranked, binary)
    n = len(per_query)
    means = {m: (sum(q[m] for q in per_query.values()) / n if n else 0.0) for m in METRICS}
    return means, per_query, n


def sort_key(qid):
    return (0, int(qid), "") if qid.isdigit() else (1, 0, qid)


def self_test():
    """Evaluates the toy fixture and compares with its hand-checked values."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata")
    means, per_query, n = evaluate(read_qrels(os.path.join(here, "toy.qrels")),
                                   read_run(os.path.join(here, "toy.run")))
    got = {("all", m): v for m, v in means.items()}
    got[("all", "queries")] = n
    for qid, vals in per_query.items():
        for m, v in vals.items():
            got[(qid, m)] = v
    failures, checked = 0, 0
    with open(os.path.join(here, "toy.expected"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            qid, metric, want = line.split()
            checked += 1
            have = got.get((qid, metric))
            if have is None or abs(have - float(want)) > SELF_TEST_TOLERANCE:
                failures += 1
                print(f"FAIL {qid} {metric}: expected {want}, got {have}")
    print(f"eval self-test: {checked - failures} passed, {failures} failed")
    return 0 if failures == 0 and checked > 0 else 1


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    args, depth = [], None
    i = 0
    while i < len(argv):
        if argv[i] == "--depth" and i + 1 < len(argv) and argv[i + 1].isdigit():
            depth = int(argv[i + 1])
            i += 1
        elif argv[i] not in ("--per-query", "--binary"):
            args.append(argv[i])
        i += 1
    if len(args) != 2 or depth == 0:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        means, per_query, n = evaluate(read_qrels(args[0]), read_run(args[1]),
                                       "--binary" in argv, depth)
    except (OSError, ValueError) as e:
        print(f"eval.py: {e}", file=sys.stderr)
        return 2
    if "--per-query" in argv:
        for qid in sorted(per_query, key=sort_key):
            print(qid + "\t" + "\t".join(f"{m}={per_query[qid][m]:.4f}" for m in METRICS))
    print(f"queries\t{n}")
    for m in METRICS:
        print(f"{m}\t{means[m]:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
