#!/usr/bin/env bash
# tests/cli/concurrency.sh: one writer, many readers, and two writers.
#  - readers running silk-query in a loop while silk-index indexes and
#    commits never exit 2 and always see a committed revision: every
#    article they see has all its passages, and the number of articles is
#    one the writer committed (the first run's, plus whole batches);
#  - a second writer waits up to --lock-timeout, then exits 2 saying that
#    another silk-index holds the lock; one with a longer timeout waits and
#    then succeeds; the index is intact afterwards.
# Environment: BIN (build/bin).
# Readers run short queries (a page of hits and exact facet counts): a
# single read that outlasts two commits fails in Xapian 1.4 even after
# silk's reopen-and-retry (see docs/reliability.md).
set -u
index="$BIN/silk-index"
query="$BIN/silk-query"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

ARTICLES=1600
BATCH=50      # --commit-every: many commits while the readers read
READERS=2

tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}

# A deterministic corpus in 4 JSONL files (see crash.sh): 1-4 passages per
# article, all dated.
python3 - "$tmp/corpus" "$ARTICLES" <<'EOF'
import json, os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
words = ("trade railway port grain harvest investment tariff bridge exports "
         "steel cocoa shipping bank loan power grid Laos China Kenya").split()
os.makedirs(out)
files = [open(os.path.join(out, "part%d.jsonl" % f), "w") for f in range(4)]
for i in range(n):
    paras = [" ".join(rnd.choice(words) for _ in range(rnd.randint(14, 40)))
             + " uniq%05dp%d." % (i, k) for k in range(rnd.randint(1, 4))]
    art = {"id": "a%05d" % i, "title": "Report %d" % i,
           "date": "%d-01-01" % rnd.randint(2015, 2022),
           "body": "\n\n".join(paras)}
    files[i % 4].write(json.dumps(art) + "\n")
EOF

listing() {  # listing INDEX OUT: every passage, JSON Lines; silk-query's status
    "$query" -i "$1" --json --limit 100000 --per-article 0 --duplicates keep \
        'year:..9999' >"$2" 2>"$2.err"
}

# The reference: the whole corpus, uninterrupted, read by no one.
"$index" --quiet -i "$tmp/ref" "$tmp/corpus"
check "reference run exits 0" test $? -eq 0
listing "$tmp/ref" "$tmp/ref.json"
check "reference listing exits 0" test $? -eq 0
check "reference listing has passages" grep -q '"type":"hit"' "$tmp/ref.json"

# same_hits A B: the two listings hold the same passages (article, passage
# number, text), whatever their order.
same_hits() {
    python3 - "$1" "$2" <<'PY'
import json, sys
def hits(path):
    return sorted((h["article"], h["passage"], h["text"])
                  for h in map(json.loads, open(path, encoding="utf-8"))
                  if h["type"] == "hit")
a, b = hits(sys.argv[1]), hits(sys.argv[2])
sys.exit(0 if a and a == b else 1)
PY
}

# ---- one writer, readers in a loop ----
# The index starts with part0 only, so readers always find an index.
idx="$tmp/idx"
"$index" --quiet -i "$idx" "$tmp/corpus/part0.jsonl"
listing "$idx" "$tmp/first.json"
first=$(python3 -c '
import json, sys
print(len({json.loads(l)["article"] for l in open(sys.argv[1])
           if json.loads(l)["type"] == "hit"}))' "$tmp/first.json")

"$index" --quiet -i "$idx" --commit-every $BATCH "$tmp/corpus" &
writer=$!
pids+=("$writer")
reader() {  # reader N: query the index until the writer is gone
    local n=$1 i=0
    while kill -0 "$writer" 2>/dev/null; do
        i=$((i + 1))
        "$query" -i "$idx" --json --limit 20 --facets year 'year:..9999' \
            >"$tmp/r$n.$i.json" 2>"$tmp/r$n.$i.err"
        echo "$?" >"$tmp/r$n.$i.rc"
        "$query" -i "$idx" --limit 5 'railway AND port' >/dev/null 2>"$tmp/w$n.$i.err"
        echo "$?" >"$tmp/w$n.$i.rc"
    done
}
for r in $(seq 1 $READERS); do
    reader "$r" &
    pids+=($!)
done
wait "$writer"
wrc=$?
check "writer exits 0 with readers around (got $wrc)" test $wrc -eq 0
wait

# Check what every reader saw. The writer adds the articles of part1..3
# in file and line order (part0 is unchanged), committing every BATCH:
# the passage totals a reader may see are part0's plus whole batches.
python3 - "$tmp" "$tmp/ref.json" "$tmp/corpus" "$BATCH" <<'EOF' >"$tmp/readers.out"
import glob, json, os, sys
tmp, ref_path, corpus, batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
per = {}
for line in open(ref_path):
    r = json.loads(line)
    if r["type"] == "hit":
        per[r["article"]] = per.get(r["article"], 0) + 1
def ids(part):
    return [json.loads(l)["id"] for l in open(os.path.join(corpus, part))]
total = sum(per[a] for a in ids("part0.jsonl"))
committed = {total}
order = ids("part1.jsonl") + ids("part2.jsonl") + ids("part3.jsonl")
for k, a in enumerate(order, 1):
    total += per[a]
    if k % batch == 0 or k == len(order):
        committed.add(total)
bad, seen, n = 0, set(), 0
for rcf in sorted(glob.glob(os.path.join(tmp, "[rw]*.*.rc"))):
    rc = int(open(rcf).read())
    if rc > 1:
        print("FAIL: %s: silk-query exit %d: %s"
              % (rcf, rc, open(rcf[:-3] + ".err").read().strip()))
        bad = 1
for f in sorted(glob.glob(os.path.join(tmp, "r*.*.json"))):
    recs = [json.loads(l) for l in open(f)]
    summary = [r for r in recs if r["type"] == "summary"]
    if not summary:
        continue
    n += 1
    t = summary[0]["total"]
    seen.add(t)
    if t not in committed:
        print("FAIL: %s: %d passages is not a committed revision" % (f, t))
        bad = 1
    years = sum(r["count"] for r in recs if r["type"] == "facet")
    if years != t or not summary[0]["exact"]:
        print("FAIL: %s: year counts add up to %d, total %d" % (f, years, t))
        bad = 1
print("readers: %d queries, %d distinct revisions seen" % (n, len(seen)))
sys.exit(bad)
EOF
check "readers never failed and always saw a committed revision" test $? -eq 0
cat "$tmp/readers.out"
nlist=$(ls "$tmp"/r*.*.json 2>/dev/null | wc -l)
check "readers read while the writer wrote ($nlist queries)" test "$nlist" -ge 4
listing "$idx" "$tmp/final.json"
check "final listing exits 0" test $? -eq 0
check "final index has every passage, as the reference" \
    same_hits "$tmp/final.json" "$tmp/ref.json"

# ---- two writers ----
# Writer A (one process, --jobs 1, so that one SIGSTOP pauses all of it)
# is paused (SIGSTOP) while it holds the lock, so that the
# second writer's wait does not race with A's progress.
idx2="$tmp/idx2"
"$index" --quiet --jobs 1 -i "$idx2" --commit-every $BATCH "$tmp/corpus" &
a=$!
pids+=("$a")
for _ in $(seq 1 200); do [ -e "$idx2/iamglass" ] && break; sleep 0.05; done
sleep 0.1
kill -STOP "$a"
start=$(date +%s%N)
"$index" --quiet -i "$idx2" --lock-timeout 1 "$tmp/corpus" 2>"$tmp/b.err"
brc=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "second writer exits 2 (got $brc)" test $brc -eq 2
check "second writer says another indexer holds the lock: $(cat "$tmp/b.err")" \
    grep -q "another silk-index is writing" "$tmp/b.err"
check "second writer waited for the lock (${elapsed_ms} ms)" \
    test "$elapsed_ms" -ge 900
# A third writer with a long timeout waits for A and then succeeds.
"$index" -i "$idx2" --lock-timeout 120 "$tmp/corpus" >"$tmp/c.out" 2>&1 &
c=$!
pids+=("$c")
sleep 0.5
kill -CONT "$a"
wait "$a"
arc=$?
check "first writer exits 0 (got $arc)" test $arc -eq 0
wait "$c"
crc=$?
check "patient writer exits 0 after the lock frees (got $crc)" test $crc -eq 0
check "patient writer finds nothing left to do: $(cat "$tmp/c.out")" \
    grep -q "0 added, 0 changed, $ARTICLES unchanged, 0 removed" "$tmp/c.out"
check "the lock file is still there" test -e "$idx2/flintlock"
listing "$idx2" "$tmp/two.json"
check "listing after two writers exits 0" test $? -eq 0
check "index intact after two writers: the reference's passages" \
    same_hits "$tmp/two.json" "$tmp/ref.json"
exit $fail
