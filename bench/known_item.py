#!/usr/bin/env python3
"""known_item.py: can silk find an article by its own words? (issue 10; stdlib only)

    known_item.py run --bin DIR --index IDX (--dir DIR | --jsonl FILE)
                  [--count N] [--seed S] [--work DIR] [--misses FILE]
    known_item.py sample (--dir DIR | --jsonl FILE) [--count N] [--seed S]
    known_item.py score QUERIES.tsv RUN.jsonl [DEEP.trec]

`run` samples the input, searches the index IDX (built from that input by
silk-index) with DIR/silk-query, and prints the figures; `sample` prints
the sampled queries (qid, kind, article id, query: TSV); `score` scores a
silk-query JSON run (and a deeper TREC run of its misses) against them.

The input is what was given to silk-index: a directory of .txt articles
(--dir; walked as silk-index walks it, the id being the path relative to
DIR without ".txt", `business/001`, or a sidecar's `id:`) or a JSON Lines
file (--jsonl; the id is the line's `id`). A .txt article's headline is its
first non-empty line (or the sidecar's `title:`), its body what follows;
a JSON line's are `title` and `body`.

Two kinds of query per article, each a line a user might paste:
- headline: the headline as written (case, tickers such as <MCRP.O>,
  numbers and all);
- span: 8 consecutive words of the body, never the headline: a window
  drawn at random among every 8-word window that lies inside one paragraph
  (blank-line separated); when no paragraph has 8 words (Reuters earnings
  tables), among the windows over the whole body; a body of fewer than 8
  words is taken whole. Words are whitespace-separated and kept as written,
  punctuation included. Windows that another article's body also holds
  (boilerplate such as "Qtly div nine cts vs nine cts prior") are passed
  over while the article has a window of its own: such a span names no
  article, so it measures luck, not ranking.
Both are plain words, not a phrase: double quotes of every kind and
brackets (query syntax, never part of a word) become spaces; everything
else, upper-case AND/OR/NOT included, goes to silk-query as typed.

Sampling: the articles, in input order, are shuffled once with the seed
(default 10); each kind takes the first N (default 200) that have such a
query (a headline-only article has no span, an untitled one no headline),
so the kinds share most articles. The span of an article depends only on
the seed and its id, never on N.

Twins: articles a query cannot tell from the one it was made from — for a
headline, the other articles with the same headline; for a span, the other
articles whose body holds the same 8 words (only left when the article has
no window of its own: an exact copy). Both compared as words, case folded,
punctuation dropped. A twin found counts as the article found (a user who
pastes a headline that three daily reports share has no way to say which).

Searching: `silk-query --batch --json --per-article 1 --limit 10`; a
query's rank is the rank of the first hit whose `article` is the article
searched for or a twin, or that lists one of them in `also` (a duplicate
collapsed into that hit: the user sees it there; KIND.via_also counts the
article itself found so). Queries missing
from the top 10 are searched again with `--format trec --limit 1000` to
say how deep they are (KIND.found: within 1000).

Figures, "name<TAB>value" lines:
    articles            input articles (distinct ids)
    indexed             input articles (by id) the index holds a passage of
    searchable          ... a passage of which holds at least one word
    foreign             article ids in the index that are not input ids
    KIND.queries        queries of that kind
    KIND.twins          queries that have twins
    KIND.rank1          share found at rank 1
    KIND.top10          share found in the top 10
    KIND.mrr10          mean reciprocal rank, 0 below rank 10
    KIND.found          share found within rank 1000
    KIND.rank1_twin     queries whose rank-1 hit is a twin, not the article
    KIND.via_also       queries whose article was found in a hit's `also`
The index's article ids come from xapian-delve (value slot 2, the article
id, and the document lengths: docs/index-format.md); without xapian-delve
those figures are "-". --misses FILE writes every query not at rank 1:
kind, qid, article, rank ("-": not within 1000), twins, query, and the
rank-1 hit's article and title.
"""
import bisect
import codecs
import json
import os
import random
import re
import subprocess
import sys
import tempfile

DEFAULT_COUNT = 200
DEFAULT_SEED = 10
SPAN_WORDS = 8
TOP = 10
DEEP = 1000
KINDS = ("headline", "span")
SLOT_ARTICLE = 2  # schema/silk_schema.h SILK_SLOT_ARTICLE
# Query syntax that is never part of a word (docs/query-syntax.md): phrase
# quotes and brackets.
SYNTAX = re.compile("[\"\u201c\u201d\u201e\u201f\uff02()]")
NONWORD = re.compile(r"[^\w]+|_")


class Article:
    __slots__ = ("id", "headline", "paragraphs")

    def __init__(self, aid, headline, body):
        self.id = aid
        self.headline = headline
        # Paragraphs (blank-line separated) as lists of words, empty ones out.
        self.paragraphs = [w for w in (p.split() for p in re.split(r"\n\s*\n", body)) if w]


# ---- reading the input, as silk-index reads it ----------------------------

def read_meta(path):
    """The key: value lines of a .meta sidecar, keys lower-cased."""
    meta = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.partition(":")
                key = key.strip().lower()
                if sep and re.fullmatch(r"[a-z0-9_-]+", key) and value.strip():
                    meta[key] = value.strip()
    except FileNotFoundError:
        pass
    return meta


def read_txt(path, aid):
    """One .txt article: headline = the first non-empty line, body = the rest."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
    meta = read_meta(path[:-len(".txt")] + ".meta")
    lines = text.split("\n")
    first = next((i for i, l in enumerate(lines) if l.strip()), len(lines))
    headline = lines[first].strip() if first < len(lines) else ""
    body = "\n".join(lines[first + 1:])
    if "title" in meta:
        headline = meta["title"]
    return Article(meta.get("id", aid), headline, body)


def walk_dir(root):
    """The .txt articles under root in silk-index's order: entries in byte
    order, names starting with '.' left out, directories recursed into."""
    out = []

    def walk(d, rel):
        names = sorted(os.listdir(d), key=os.fsencode)
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(d, name)
            r = rel + "/" + name if rel else name
            if os.path.isdir(path):
                walk(path, r)
            elif name.endswith(".txt"):
                out.append(read_txt(path, r[:-len(".txt")]))

    walk(root, "")
    return out


def read_jsonl(path):
    """The articles of a JSON Lines file (id, title, body)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}")
            aid = d.get("id")
            if isinstance(aid, bool) or aid is None:
                raise ValueError(f"{path}:{n}: no id")
            aid = aid if isinstance(aid, str) else json.dumps(aid)
            out.append(Article(aid, d.get("title") or "", d.get("body") or ""))
    return out


# ---- queries ---------------------------------------------------------------

def plain(text):
    """text as plain words: no phrase quotes or brackets, one space between."""
    return " ".join(SYNTAX.sub(" ", text).split())


def norm(words):
    """words compared as words: case folded, punctuation dropped."""
    return " ".join(NONWORD.sub(" ", " ".join(words).casefold()).split())


class Corpus:
    """The input's articles and what finding twins needs: the bodies'
    normalised words in one string (a space either side of every word, a
    newline between articles) and the headlines by their normalised words."""

    def __init__(self, articles):
        self.articles = articles
        self.starts, parts, pos = [], [], 0
        for a in articles:
            text = " " + norm(w for p in a.paragraphs for w in p) + " \n"
            self.starts.append(pos)
            parts.append(text)
            pos += len(text)
        self.text = "".join(parts)
        self.headlines = {}
        for i, a in enumerate(articles):
            self.headlines.setdefault(norm(a.headline.split()), []).append(i)

    def holders(self, words, among=None):
        """Indexes of the articles whose body holds words (consecutive): of
        all, or of those in among."""
        pat = " " + norm(words) + " "
        if among is not None:
            return {j for j in among if pat in self.body(j)}
        found, i = set(), self.text.find(pat)
        while i >= 0:
            found.add(bisect.bisect_right(self.starts, i) - 1)
            i = self.text.find(pat, i + 1)
        return found

    def body(self, j):
        end = self.starts[j + 1] if j + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[j]:end]

    def headline_query(self, i):
        """(query, twin ids) of article i's headline; ("", []) if it has none."""
        a = self.articles[i]
        same = self.headlines.get(norm(a.headline.split()), [])
        return plain(a.headline), [self.articles[j].id for j in same if j != i]

    def span_query(self, i, seed):
        """(query, twin ids) of article i's span (see the docstring)."""
        a = self.articles[i]
        rnd = random.Random(f"{seed}:{a.id}")
        windows = [p[j:j + SPAN_WORDS] for p in a.paragraphs
                   for j in range(len(p) - SPAN_WORDS + 1)]
        if not windows:
            body = [w for p in a.paragraphs for w in p]
            windows = [body[j:j + SPAN_WORDS]
                       for j in range(max(1, len(body) - SPAN_WORDS + 1))]
        rnd.shuffle(windows)
        windows = [w for w in windows if norm(w)]
        if not windows:
            return "", []
        # The articles holding the first window are the likely holders of
        # the others (copies): a window none of them holds is checked
        # against the whole corpus, so each scan is likely the last.
        first = self.holders(windows[0]) - {i}
        if not first:
            return plain(" ".join(windows[0])), []
        for w in windows[1:]:
            if not self.holders(w, first) and not self.holders(w) - {i}:
                return plain(" ".join(w)), []
        return plain(" ".join(windows[0])), [self.articles[j].id for j in sorted(first)]


def sample(corpus, count, seed):
    """[(qid, kind, article id, twin ids, query)]: count queries of each kind."""
    order = list(range(len(corpus.articles)))
    random.Random(seed).shuffle(order)
    out = []
    for kind in KINDS:
        n = 0
        for i in order:
            if n == count:
                break
            if kind == "headline":
                q, twins = corpus.headline_query(i)
            else:
                q, twins = corpus.span_query(i, seed)
            if q:
                n += 1
                out.append((f"{kind[0]}{n}", kind, corpus.articles[i].id, twins, q))
    return out


def write_queries(f, queries):
    """queries to file f as TSV: qid, kind, article, twins (a JSON list), query."""
    for qid, kind, aid, twins, q in queries:
        f.write(f"{qid}\t{kind}\t{aid}\t{json.dumps(twins)}\t{q}\n")


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            p = line.rstrip("\n").split("\t", 4)
            if len(p) != 5 or p[1] not in KINDS:
                raise ValueError(f"{path}:{n}: expected 'qid kind article twins query'")
            out.append((p[0], p[1], p[2], json.loads(p[3]), p[4]))
    return out


# ---- scoring ---------------------------------------------------------------

def read_json_run(path):
    """{qid: [hit record, ...]} in rank order from silk-query --json."""
    hits = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                r = json.loads(line)
            except ValueError as e:
                raise ValueError(f"{path}:{n}: {e}")
            if r.get("type") == "hit":
                hits.setdefault(str(r["qid"]), []).append(r)
    for h in hits.values():
        h.sort(key=lambda r: r["rank"])
    return hits


def read_trec_ranks(path):
    """{(qid, article): rank} from a TREC run."""
    ranks = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if len(p) >= 4:
                ranks.setdefault((p[0], p[2]), int(p[3]))
    return ranks


def rank_in(hits, aid, twins):
    """(rank, how) of the first hit that is article aid or one of its twins
    (how: "", "twin", "also" or "also-twin"), or (None, "")."""
    for r in hits:
        also = r.get("also") or []
        if r.get("article") == aid:
            return r["rank"], ""
        if aid in also:
            return r["rank"], "also"
        if r.get("article") in twins:
            return r["rank"], "twin"
        if any(t in also for t in twins):
            return r["rank"], "also-twin"
    return None, ""


def score(queries, hits, deep):
    """(figures {name: value}, misses [rows]) of a run; deep: the TREC ranks
    of the queries missing from hits."""
    fig, misses = {}, []
    for kind in KINDS:
        qs = [q for q in queries if q[1] == kind]
        r1 = t10 = found = also = r1twin = 0
        rr = 0.0
        for qid, _, aid, twins, text in qs:
            h = hits.get(qid, [])
            rank, how = rank_in(h, aid, twins)
            if rank is None:
                ranks = [deep[(qid, a)] for a in [aid] + twins if (qid, a) in deep]
                rank = min(ranks) if ranks else None
            also += how == "also"
            if rank is not None and rank <= TOP:
                t10 += 1
                rr += 1.0 / rank
                r1 += rank == 1
                r1twin += rank == 1 and how in ("twin", "also-twin")
            found += rank is not None and rank <= DEEP
            if rank != 1:
                top = h[0] if h else {}
                misses.append((kind, qid, aid, str(rank) if rank else "-", " ".join(twins),
                               text, top.get("article", "-"), top.get("title", "")))
        n = len(qs)
        fig[f"{kind}.queries"] = n
        fig[f"{kind}.twins"] = sum(1 for q in qs if q[3])
        for name, v in (("rank1", r1), ("top10", t10), ("mrr10", rr), ("found", found)):
            fig[f"{kind}.{name}"] = v / n if n else "-"
        fig[f"{kind}.rank1_twin"] = r1twin
        fig[f"{kind}.via_also"] = also
    return fig, misses


# ---- the index -------------------------------------------------------------

def unescape(s):
    return codecs.escape_decode(s.encode("utf-8"))[0].decode("utf-8", "replace")


def index_articles(index):
    """({article id: searchable}, None) from xapian-delve: an article is in the
    index when a passage carries its id, searchable when one of those has a
    word (a document length > 0). (None, reason) when delve cannot tell."""
    try:
        ids = subprocess.run(["xapian-delve", f"-V{SLOT_ARTICLE}", "-1", index],
                             capture_output=True, text=True, check=True).stdout
        lens = subprocess.run(["xapian-delve", "-t", "", "-v", "-1", index],
                              capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        return None, "xapian-delve is missing (xapian-tools)"
    except subprocess.CalledProcessError as e:
        return None, f"xapian-delve failed: {e.stderr.strip()}"
    length = {}
    for line in lens.splitlines()[1:]:
        p = line.split()
        if len(p) == 3:
            length[p[0]] = int(p[2])
    arts = {}
    for line in ids.splitlines()[1:]:
        docid, sep, value = line.partition(":")
        if sep:
            aid = unescape(value)
            arts[aid] = arts.get(aid, False) or length.get(docid, 0) > 0
    return arts, None


def coverage(articles, arts):
    ids = {a.id for a in articles}
    fig = {"articles": len(ids)}
    if arts is None:
        fig.update(indexed="-", searchable="-", foreign="-")
    else:
        fig["indexed"] = sum(1 for i in ids if i in arts)
        fig["searchable"] = sum(1 for i in ids if arts.get(i))
        fig["foreign"] = sum(1 for i in arts if i not in ids)
    return fig


# ---- commands --------------------------------------------------------------

def fmt(v):
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def print_figures(fig):
    for k, v in fig.items():
        print(f"{k}\t{fmt(v)}")


def write_misses(path, misses):
    with open(path, "w", encoding="utf-8") as f:
        f.write("kind\tqid\tarticle\trank\ttwins\tquery\ttop_article\ttop_title\n")
        for m in misses:
            f.write("\t".join(str(x).replace("\t", " ") for x in m) + "\n")


def silk_query(binary, index, queries, args, out):
    """Run silk-query --batch on queries into out; exit 0 and 1 are fine."""
    qfile = out + ".queries"
    with open(qfile, "w", encoding="utf-8") as f:
        for qid, _, _, _, text in queries:
            f.write(f"{qid}\t{text}\n")
    with open(out, "w", encoding="utf-8") as f:
        p = subprocess.run([binary, "-i", index, "--batch", qfile] + args,
                           stdout=f, stderr=subprocess.PIPE, text=True)
    if p.returncode > 1:
        raise RuntimeError(f"silk-query exited {p.returncode}: {p.stderr.strip()}")


def cmd_run(opts, articles):
    """Sample, search, print the figures (--work keeps the runs)."""
    if "--work" in opts:
        os.makedirs(opts["--work"], exist_ok=True)
        run_in(opts, articles, opts["--work"])
    else:
        with tempfile.TemporaryDirectory(prefix="silk-known.") as work:
            run_in(opts, articles, work)


def run_in(opts, articles, work):
    binary = os.path.join(opts["--bin"], "silk-query")
    index = opts["--index"]
    queries = sample(Corpus(articles), opts["count"], opts["seed"])
    with open(os.path.join(work, "known.tsv"), "w", encoding="utf-8") as f:
        write_queries(f, queries)
    run = os.path.join(work, "known.jsonl")
    silk_query(binary, index, queries,
               ["--json", "--per-article", "1", "--limit", str(TOP)], run)
    hits = read_json_run(run)
    missed = [q for q in queries if rank_in(hits.get(q[0], []), q[2], q[3])[0] is None]
    deep = {}
    if missed:
        trec = os.path.join(work, "known-deep.trec")
        silk_query(binary, index, missed, ["--format", "trec", "--limit", str(DEEP)], trec)
        deep = read_trec_ranks(trec)
    arts, why = index_articles(index)
    if why:
        print(f"known_item.py: {why}: indexed/searchable not measured", file=sys.stderr)
    fig = coverage(articles, arts)
    f2, misses = score(queries, hits, deep)
    fig.update(f2)
    print_figures(fig)
    if "--misses" in opts:
        write_misses(opts["--misses"], misses)


def usage():
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


def main(argv):
    if not argv or argv[0] not in ("run", "sample", "score"):
        return usage()
    cmd, rest = argv[0], argv[1:]
    try:
        if cmd == "score":
            if len(rest) not in (2, 3):
                return usage()
            deep = read_trec_ranks(rest[2]) if len(rest) == 3 else {}
            fig, _ = score(read_queries(rest[0]), read_json_run(rest[1]), deep)
            print_figures(fig)
            return 0
        opts = {"count": DEFAULT_COUNT, "seed": DEFAULT_SEED}
        valued = {"--bin", "--index", "--dir", "--jsonl", "--count", "--seed",
                  "--work", "--misses"}
        i = 0
        while i < len(rest):
            if rest[i] not in valued or i + 1 == len(rest):
                return usage()
            opts[rest[i]] = rest[i + 1]
            i += 2
        for k in ("--count", "--seed"):
            if k in opts:
                if not opts[k].isdigit():
                    print(f"known_item.py: {k} wants a number, not '{opts[k]}'", file=sys.stderr)
                    return 2
                opts[k[2:]] = int(opts[k])
        if ("--dir" in opts) == ("--jsonl" in opts):
            return usage()
        if cmd == "run" and not ("--bin" in opts and "--index" in opts):
            return usage()
        articles = walk_dir(opts["--dir"]) if "--dir" in opts else read_jsonl(opts["--jsonl"])
        if cmd == "sample":
            write_queries(sys.stdout, sample(Corpus(articles), opts["count"], opts["seed"]))
        else:
            cmd_run(opts, articles)
    except (OSError, ValueError, RuntimeError) as e:
        print(f"known_item.py: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
