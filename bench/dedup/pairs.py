#!/usr/bin/env python3
"""pairs.py: the near-duplicate detector's hand-checked sample
(docs/duplicates.md).

  pairs.py sample PAIRS.tsv CORPUS SEED N_FLAGGED N_BELOW > sample.tsv
      draw a seeded sample from silk-dup-pairs output: N_FLAGGED pairs the
      detector flags (a third from each of its three rules where there are
      enough) and N_BELOW pairs it does not flag whose body or lead sketch
      agrees on at least 20 of 32 positions ("just below")
  pairs.py show sample.tsv DOCS.jsonl
      print each pair for a person to judge: titles, dates, lengths and a
      word-level diff of the two bodies
  pairs.py score labels.tsv
      precision of the flagged pairs and the share of true duplicates just
      below, per corpus, with 95% Wilson intervals

A sample/labels line: corpus, stratum (body, lead, figures or below),
body agreement, lead agreement, figures (1/0), flagged (1/0), article,
article; labels.tsv adds the judgement (dup or diff) and a note. A pair
is "dup" when a reader of either article learns nothing more from the
other: a copy, a repeat, a correction, a shortened or extended version of
the same report. It is "diff" when it reports another event, another
day's figures or another company, however alike the wording.
"""
import difflib
import json
import math
import random
import sys

BODY_AGREE, LEAD_AGREE, FIGURES_AGREE = 26, 27, 20


def read_pairs(path):
    for line in open(path, encoding="utf-8"):
        b, l, f, flag, x, y = line.rstrip("\n").split("\t")
        yield int(b), int(l), int(f), int(flag), x, y


def stratum(b, l, f, flag):
    if not flag:
        return "below"
    if b >= BODY_AGREE:
        return "body"
    if l >= LEAD_AGREE:
        return "lead"
    return "figures"


def sample(path, corpus, seed, n_flag, n_below):
    rnd = random.Random(seed)
    rows = list(read_pairs(path))
    by = {}
    for r in rows:
        s = stratum(*r[:4])
        if s == "below" and max(r[0], r[1]) < 20:
            continue
        by.setdefault(s, []).append(r)
    out = []
    flagged = ["figures", "lead", "body"]
    left = n_flag
    for i, s in enumerate(flagged):
        want = left // (len(flagged) - i)
        got = rnd.sample(by.get(s, []), min(want, len(by.get(s, []))))
        out += [(s, r) for r in got]
        left -= len(got)
    below = by.get("below", [])
    out += [("below", r) for r in rnd.sample(below, min(n_below, len(below)))]
    for s, (b, l, f, flag, x, y) in out:
        print("\t".join([corpus, s, str(b), str(l), str(f), str(flag), x, y]))


def show(path, docs_path):
    docs = {}
    for line in open(docs_path, encoding="utf-8"):
        o = json.loads(line)
        docs[o["id"]] = o
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        f = line.rstrip("\n").split("\t")
        a, b = docs[f[6]], docs[f[7]]
        wa, wb = a["body"].split(), b["body"].split()
        sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        print("=" * 78)
        print("#%d %s %s body %s lead %s figures %s | %s (%d words, %s) / %s (%d words, %s)"
              % (n, f[0], f[1], f[2], f[3], f[4], f[6], len(wa), a.get("date", "-"),
                 f[7], len(wb), b.get("date", "-")))
        print("  A: " + a["title"])
        print("  B: " + b["title"])
        print("  same words: %.2f" % sm.ratio())
        shown = 0
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                continue
            if shown == 8:
                print("  ...")
                break
            print("  %s A[%d]: %s | B: %s" % (op, i1, " ".join(wa[i1:i2])[:110],
                                              " ".join(wb[j1:j2])[:110]))
            shown += 1
        print("  A opens: " + " ".join(wa[:40]))


def wilson(k, n):
    if n == 0:
        return (0.0, 0.0)
    z, p = 1.96, k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (c - h, c + h)


def score(path):
    cells = {}
    for line in open(path, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        corpus, s, judged = f[0], f[1], f[8]
        if judged not in ("dup", "diff"):
            sys.exit("pairs.py: %s: judgement '%s' is neither dup nor diff" % (path, judged))
        key = (corpus, "flagged" if s != "below" else "below")
        for k in {key, (corpus, s), ("all", key[1])}:
            n, d = cells.get(k, (0, 0))
            cells[k] = (n + 1, d + (judged == "dup"))
    print("corpus\tgroup\tpairs\tdup\tshare\t95% interval")
    for k in sorted(cells):
        n, d = cells[k]
        lo, hi = wilson(d, n)
        print("%s\t%s\t%d\t%d\t%.2f\t%.2f-%.2f" % (k[0], k[1], n, d, d / n, lo, hi))


def main():
    if len(sys.argv) >= 7 and sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    elif len(sys.argv) == 4 and sys.argv[1] == "show":
        show(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "score":
        score(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
