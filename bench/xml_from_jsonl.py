#!/usr/bin/env python3
"""xml_from_jsonl.py: write each article of a JSON Lines file as an
RCV1-like NewsML item (OUT/<id>newsML.xml), or with --nitf as an NITF
file, so the XML reader can be checked against the same articles read
from JSON Lines (same counts, same known-item figures; docs/BENCHMARKS.md
"XML news items"). Stdlib only.

    xml_from_jsonl.py [--nitf] [--count N] DOCS.jsonl OUT
"""
import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

args = sys.argv[1:]
nitf = "--nitf" in args
args = [a for a in args if a != "--nitf"]
count = None
if "--count" in args:
    i = args.index("--count")
    count = int(args[i + 1])
    del args[i:i + 2]
src, out = args
os.makedirs(out, exist_ok=True)
with open(src, encoding="utf-8") as f:
    for n, line in enumerate(f):
        if count is not None and n >= count:
            break
        a = json.loads(line)
        paras = "".join("<p>%s</p>\n" % escape(p)
                        for p in (a.get("body") or "").split("\n\n") if p.strip())
        title = escape(a.get("title") or "")
        date = a.get("date") or ""
        dateline = escape(a.get("dateline") or "")
        if nitf:
            doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head>'
                   '<docdata><doc-id id-string=%s/></docdata><pubdata '
                   'date.publication=%s/></head><body><body.head><hedline>'
                   '<hl1>%s</hl1></hedline><dateline>%s</dateline></body.head>'
                   '<body.content><block '
                   'class="full_text">\n%s</block></body.content></body>'
                   '</nitf>\n' % (quoteattr(a["id"]),
                                  quoteattr(date.replace("-", "") + "T000000"
                                            if date else ""), title,
                                  dateline, paras))
        else:
            doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<newsitem itemid=%s'
                   ' date=%s xml:lang="en">\n<title>%s</title>\n<headline>%s'
                   '</headline>\n<dateline>%s</dateline>\n<text>\n%s</text>\n'
                   '<copyright>(c) Reuters '
                   'Limited 1987</copyright>\n</newsitem>\n'
                   % (quoteattr(a["id"]), quoteattr(date), title, title, dateline,
                      paras))
        with open(os.path.join(out, a["id"] + "newsML.xml"), "w",
                  encoding="utf-8") as g:
            g.write(doc)
