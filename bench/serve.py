#!/usr/bin/env python3
"""bench/serve.py: silk-query --serve against one-shot silk-query processes
for the same queries on the same index, side by side in one run.

    bench/serve.py --bin DIR --index IDX --queries FILE [--count N] [--rounds R]
    bench/serve.py --bin DIR --docs FILE.jsonl --work DIR ...   (builds IDX)

QUERIES is a "qid<TAB>query" file (bench/make_queries.py writes one); the
first N queries (default 200) are asked R times (default 2) both ways,
the two ways alternating in blocks of 20 queries so that a busy machine
slows both alike. Serve mode: one process, each request written, its
answer read up to its summary (latency: write to summary, as a client sees
it). One-shot: `silk-query -i IDX --json QUERY` started and waited for per
query (latency: start to exit). Both print the same records (checked on
the first round).

Prints "key<TAB>value" lines (run.sh's kv reads them): serve.rps,
serve.p50_ms, serve.p99_ms, serve.cpu_ms (user + system CPU of the serve
process a query, warm-up included), the same for oneshot (CPU of the
processes), speedup (serve.rps / oneshot.rps), cpu_ratio (oneshot.cpu_ms /
serve.cpu_ms: the figure a busy machine disturbs least), queries.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * (len(xs) - 1)))))
    return xs[k]


def strip(line):
    r = json.loads(line)
    r.pop("timings", None)
    r.pop("id", None) if r.get("type") == "summary" else None
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--index")
    ap.add_argument("--docs")
    ap.add_argument("--work")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    q_bin = os.path.join(a.bin, "silk-query")
    idx = a.index
    if not idx:
        if not (a.docs and a.work):
            ap.error("give --index, or --docs and --work to build one")
        idx = os.path.join(a.work, "serve-idx")
        if not os.path.isdir(idx):
            subprocess.run([os.path.join(a.bin, "silk-index"), "-q", "-i", idx,
                            a.docs], check=False)
    queries = []
    for line in open(a.queries, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        queries.append(line.split("\t", 1)[-1])
        if len(queries) == a.count:
            break
    if not queries:
        sys.exit("bench/serve.py: no queries in " + a.queries)

    srv = subprocess.Popen([q_bin, "-i", idx, "--serve"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask_serve(qs, i):
        t0 = time.perf_counter()
        srv.stdin.write(json.dumps({"q": qs, "id": i}) + "\n")
        srv.stdin.flush()
        recs = []
        while True:
            line = srv.stdout.readline()
            if not line:
                sys.exit("bench/serve.py: silk-query --serve ended early")
            recs.append(line)
            t = json.loads(line)["type"]
            if t in ("summary", "error"):
                break
        return time.perf_counter() - t0, recs

    one_cpu = [0.0]

    def ask_oneshot(qs):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run([q_bin, "-i", idx, "--json", "--", qs],
                           capture_output=True, text=True)
        t = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        one_cpu[0] += (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        return t, p.stdout.splitlines(keepends=True)

    ask_serve("warm up", -1)  # the process started, its first search done
    serve_t, one_t = [], []
    serve_wall = one_wall = 0.0
    block = 20
    for rnd in range(a.rounds):
        for b in range(0, len(queries), block):
            chunk = queries[b:b + block]
            t0 = time.perf_counter()
            got = [ask_serve(qs, b + k) for k, qs in enumerate(chunk)]
            serve_wall += time.perf_counter() - t0
            t0 = time.perf_counter()
            want = [ask_oneshot(qs) for qs in chunk]
            one_wall += time.perf_counter() - t0
            serve_t += [t for t, _ in got]
            one_t += [t for t, _ in want]
            if rnd == 0:
                for qs, (_, g), (_, w) in zip(chunk, got, want):
                    if [strip(x) for x in g] != [strip(x) for x in w]:
                        sys.exit("bench/serve.py: serve and one-shot differ "
                                 "for %r" % qs)
    with open("/proc/%d/stat" % srv.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    serve_cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    srv.stdin.close()
    srv.wait()
    n = len(serve_t)
    out = {
        "queries": n,
        "serve.rps": n / serve_wall,
        "serve.p50_ms": pct(serve_t, 50) * 1e3,
        "serve.p99_ms": pct(serve_t, 99) * 1e3,
        "oneshot.rps": n / one_wall,
        "oneshot.p50_ms": pct(one_t, 50) * 1e3,
        "oneshot.p99_ms": pct(one_t, 99) * 1e3,
        "serve.cpu_ms": serve_cpu / n * 1e3,
        "oneshot.cpu_ms": one_cpu[0] / n * 1e3,
    }
    out["speedup"] = out["serve.rps"] / out["oneshot.rps"]
    out["cpu_ratio"] = out["oneshot.cpu_ms"] / out["serve.cpu_ms"]
    for k, v in out.items():
        print("%s\t%s" % (k, v if isinstance(v, int) else "%.3f" % v))


if __name__ == "__main__":
    main()
