#!/usr/bin/env python3
"""make_queries.py: a deterministic query set from news titles (stdlib only).

    make_queries.py [--count N] DOCS.jsonl > QUERIES.tsv

Every article title is lower-cased and cut into words (letters and digits,
with inner apostrophes and dots: "moody's", "u.k"); stock tickers in angle
brackets, numbers, English function words and newswire jargon ("mln", "pct",
"qtr", "says") are dropped. A title with at least two words left gives a
query of its first 2, 3 or 4 words (cycling with its position among such
titles); repeated queries are dropped. N queries (default 2000) are then
taken evenly spaced through the file, so they cover its whole time span.
Output: "r<article id><TAB>query" lines, in file order.
"""
import json
import re
import sys

# Function words and wire-service jargon that no user would type as a topic.
STOPWORDS = frozenset("""
a about above after again against all also an and any are as at be been
before being below between both but by can could did do does down during
each few for from further had has have he her here his how i if in into is
it its just may me might more most much my new no nor not now of off on once
one only or other our out over own same says said say see sees she should
so some such than that the their them then there these they this those
through to too two under until up very was we were what when where which
while who whom why will with would year yet you your
mln bln pct stg cts shr qtr dlrs dlr vs inc corp co ltd plc unit sets set
""".split())
WORD = re.compile(r"[a-z0-9]+(?:['.][a-z0-9]+)*")
TICKER = re.compile(r"<[^>]*>")
DEFAULT_COUNT = 2000


def content_words(title):
    """The title's words a user might search for, in title order."""
    words = WORD.findall(TICKER.sub(" ", title.lower()))
    return [w for w in words if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


def make_queries(lines, count):
    """Returns [(qid, query)] from an iterable of docs.jsonl lines."""
    seen, candidates = set(), []
    for line in lines:
        if not line.strip():
            continue
        doc = json.loads(line)
        words = content_words(doc.get("title") or "")
        if len(words) < 2:
            continue
        query = " ".join(words[: 2 + len(candidates) % 3])
        if query in seen:
            continue
        seen.add(query)
        candidates.append(("r" + str(doc["id"]), query))
    if count >= len(candidates):
        return candidates
    step = len(candidates) / count
    return [candidates[int(i * step)] for i in range(count)]


def main(argv):
    count = DEFAULT_COUNT
    if len(argv) == 3 and argv[0] == "--count" and argv[1].isdigit():
        count, argv = int(argv[1]), argv[2:]
    if len(argv) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as f:
            queries = make_queries(f, count)
    except (OSError, ValueError, KeyError) as e:
        print(f"make_queries.py: {argv[0]}: {e}", file=sys.stderr)
        return 2
    for qid, query in queries:
        print(f"{qid}\t{query}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
