#!/usr/bin/env python3
"""figures.py: the arithmetic of bench/run.sh (stdlib only).

    figures.py textbytes DOCS.jsonl        articles and text bytes (title + body, UTF-8)
    figures.py scale N DOCS.jsonl OUT      N copies of every article, copy k>0 id "<id>-x<k>"
    figures.py cut N DOCS.jsonl OUT        every body re-cut into lines of N words, no blank lines
    figures.py silk-latency OUT.jsonl      latency figures from silk-query --batch --json
    figures.py passages FILE...            the passage count a silk-index summary reports
    figures.py table FIGURES.tsv OUT.tsv   the aligned table with ratios; also to OUT.tsv
    figures.py goals GOALS.tsv OUT.tsv     issue 14's goals table; also to OUT.tsv

Latency figures are printed as "name<TAB>value" lines (queries, p50_ms,
p99_ms, mean_ms, qps), the same as the peers print them: percentiles are
nearest-rank, qps = 1000 * queries / sum of per-query milliseconds (one
thread's query throughput, process start-up excluded).

FIGURES.tsv lines are "figure<TAB>silk<TAB>xapian<TAB>fts5<TAB>better" with
"-" for a missing value and better = hi or lo. The ratio is silk against the
best peer present, oriented so that > 1 always means silk is ahead: best/silk
for lower-is-better figures, silk/best otherwise.

GOALS.tsv lines are "name<TAB>value<TAB>op<TAB>target<TAB>what" with op ge
(met when value >= target), le (value <= target) or report (no goal);
"met" is yes, no, or "-" when the value is missing or there is no goal.
"""
import json
import math
import re
import sys


def percentile(sorted_values, p):
    """Nearest-rank percentile of a non-empty sorted list."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def latency_lines(ms):
    """The name<TAB>value latency lines for a list of per-query times."""
    out = [f"queries\t{len(ms)}"]
    if ms:
        ms = sorted(ms)
        total = sum(ms)
        out += [f"p50_ms\t{percentile(ms, 50):.4f}", f"p99_ms\t{percentile(ms, 99):.4f}",
                f"mean_ms\t{total / len(ms):.4f}",
                f"qps\t{1000 * len(ms) / total if total > 0 else 0:.1f}"]
    return out


def cmd_textbytes(path):
    articles = size = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                doc = json.loads(line)
                articles += 1
                size += len((doc.get("title") or "").encode()) + len((doc.get("body") or "").encode())
    print(f"articles\t{articles}\nbytes\t{size}")


def cmd_scale(times, src, dst):
    with open(src, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    with open(dst, "w", encoding="utf-8") as out:
        for k in range(times):
            for doc in docs:
                copy = dict(doc)
                if k:
                    copy["id"] = f"{doc['id']}-x{k}"
                out.write(json.dumps(copy, ensure_ascii=False) + "\n")


def cmd_cut(words, src, dst):
    """The long-article stand-in (bench/README.md): each body's words in
    lines of WORDS, so that silk makes one passage a line of an article
    that has no paragraph marks; the peers index the same text."""
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            w = (doc.get("body") or "").split()
            doc["body"] = "\n".join(" ".join(w[i:i + words]) for i in range(0, len(w), words))
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")


def cmd_silk_latency(path):
    ms = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if '"summary"' not in line:
                continue
            rec = json.loads(line)
            if rec.get("type") == "summary":
                ms.append(float(rec["timings"]["total_ms"]))
    print("\n".join(latency_lines(ms)))


def cmd_passages(paths):
    """Prints the last 'N passages' (or "passages": N) in silk-index's output."""
    pattern = re.compile(r'(\d[\d,]*)\s+passages?\b|"passages"\s*:\s*(\d+)')
    found = None
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for m in pattern.finditer(f.read()):
                found = (m.group(1) or m.group(2)).replace(",", "")
    print(found if found is not None else "-")


def fmt(v):
    """A figure as text: 4 significant decimals below 10, fewer above."""
    if v is None:
        return "-"
    if abs(v) >= 1000:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.4f}" if abs(v) < 1 else f"{v:.3f}"


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def cmd_table(src, dst):
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            name, better = parts[0], parts[4]
            silk, xap, fts = (number(p) for p in parts[1:4])
            peers = [v for v in (xap, fts) if v is not None]
            ratio = None
            if silk is not None and peers:
                best = min(peers) if better == "lo" else max(peers)
                if better == "lo" and silk > 0:
                    ratio = best / silk
                elif better != "lo" and best > 0:
                    ratio = silk / best
            rows.append((name, fmt(silk), fmt(xap), fmt(fts),
                         "-" if ratio is None else f"{ratio:.2f}x"))
    header = ("figure", "silk", "xapian", "fts5", "ratio")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(5)]
    with open(dst, "w", encoding="utf-8") as out:
        out.write("\t".join(header) + "\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    for r in [header] + rows:
        print(r[0].ljust(widths[0]) + "  " + "  ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:])))


def cmd_goals(src, dst):
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            name, value, op, target, what = parts
            v, t = number(value), number(target)
            met, goal = "-", "-"
            if op in ("ge", "le") and t is not None:
                goal = f"{'>=' if op == 'ge' else '<='} {target}"
                if v is not None:
                    met = "yes" if (v >= t if op == "ge" else v <= t) else "no"
            rows.append((name, fmt(v), goal, met, what))
    header = ("goal", "value", "target", "met", "what")
    with open(dst, "w", encoding="utf-8") as out:
        out.write("\t".join(header) + "\n")
        for r in rows:
            out.write("\t".join(r) + "\n")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    print("# issue 14: each ratio against its goal (bench/README.md)")
    for r in [header] + rows:
        print(r[0].ljust(widths[0]) + "  " + "  ".join(c.rjust(w) for c, w in zip(r[1:4], widths[1:]))
              + "  " + r[4])


def main(argv):
    try:
        if len(argv) == 2 and argv[0] == "textbytes":
            cmd_textbytes(argv[1])
        elif len(argv) == 4 and argv[0] == "scale" and argv[1].isdigit():
            cmd_scale(int(argv[1]), argv[2], argv[3])
        elif len(argv) == 4 and argv[0] == "cut" and argv[1].isdigit() and int(argv[1]) > 0:
            cmd_cut(int(argv[1]), argv[2], argv[3])
        elif len(argv) == 2 and argv[0] == "silk-latency":
            cmd_silk_latency(argv[1])
        elif len(argv) >= 2 and argv[0] == "passages":
            cmd_passages(argv[1:])
        elif len(argv) == 3 and argv[0] == "table":
            cmd_table(argv[1], argv[2])
        elif len(argv) == 3 and argv[0] == "goals":
            cmd_goals(argv[1], argv[2])
        else:
            print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
            return 2
    except (OSError, ValueError, KeyError) as e:
        print(f"figures.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
