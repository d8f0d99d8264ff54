#!/usr/bin/env bash
# tests/cli/crash.sh: crash safety of silk-index — kill -9 it at random
# points while it indexes a generated corpus, many times over; after each
# kill the index opens, every committed article has all its passages and is
# searchable; a final run completes to exactly the index an uninterrupted
# run produces (same articles, passages and facet counts).
# Environment: BIN (build/bin). Seed: CRASH_SEED (default 6), printed.
set -u
index="$BIN/silk-index"
query="$BIN/silk-query"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }

# Kills per run, each after a random 50..500 ms: enough to land in every
# phase (opening, reading, between commits, inside a commit, finishing).
KILLS=10
ARTICLES=3000
seed=${CRASH_SEED:-6}
RANDOM=$seed
echo "crash.sh: seed $seed, $KILLS kills, $ARTICLES articles"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}

# A deterministic corpus: ARTICLES articles of 1-4 paragraphs in 4 JSONL
# files, each naming countries and ministries (facets), with a date, and
# one unique word per passage (uniqNNNNNpK) to search for.
python3 - "$tmp/corpus" "$ARTICLES" <<'EOF'
import json, os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(6)
countries = ["China", "Laos", "Vietnam", "Belarus", "Kenya", "Brazil",
             "the United States", "Germany", "Japan", "South Korea"]
bodies = ["Ministry of Commerce", "Ministry of Foreign Affairs",
          "the Ministry of Finance", "Vice Minister of Commerce"]
words = ("trade railway port grain harvest investment tariff bridge exports "
         "steel cocoa shipping bank loan power grid").split()
def para(i, k):
    w = [rnd.choice(words) for _ in range(rnd.randint(14, 40))]
    w.insert(3, rnd.choice(countries)); w.insert(8, rnd.choice(bodies))
    w.append("uniq%05dp%d" % (i, k))
    return " ".join(w).capitalize() + "."
os.makedirs(out)
files = [open(os.path.join(out, "part%d.jsonl" % f), "w") for f in range(4)]
for i in range(n):
    art = {"id": "a%05d" % i, "title": "Report %d on %s" % (i, rnd.choice(words)),
           "date": "%d-%02d-%02d" % (rnd.randint(2015, 2022),
                                     rnd.randint(1, 12), rnd.randint(1, 28)),
           "source": rnd.choice(["Wire A", "Wire B"]),
           "body": "\n\n".join(para(i, k) for k in range(rnd.randint(1, 4)))}
    files[i % 4].write(json.dumps(art) + "\n")
EOF

# listing INDEX OUT: every passage of the index (all have a year) as JSON
# Lines plus the facet counts; returns silk-query's exit status.
listing() {
    "$query" -i "$1" --json --limit 100000 --per-article 0 --duplicates keep \
        --facets all 'year:..9999' >"$2"
}

# normalise LISTING: the hits without rank/score and sorted, then the
# facet lines sorted — what two equal indexes must print alike.
normalise() {
    python3 - "$1" <<'EOF'
import json, sys
hits, facets = [], []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["type"] == "hit":
        for k in ("rank", "score", "highlights"):
            r.pop(k, None)
        hits.append(json.dumps(r, sort_keys=True))
    elif r["type"] == "facet":
        facets.append(json.dumps(r, sort_keys=True))
for line in sorted(hits) + sorted(facets):
    print(line)
EOF
}

# The reference: one uninterrupted run from scratch.
"$index" --quiet -i "$tmp/ref" --commit-every 100 "$tmp/corpus"
check "uninterrupted run exits 0" test $? -eq 0
listing "$tmp/ref" "$tmp/ref.json"
check "reference lists passages" test $? -eq 0
normalise "$tmp/ref.json" >"$tmp/ref.norm"

# consistent LISTING: each article in the index has exactly the passages
# 0..n-1 the reference has; prints the article ids seen, one per line.
consistent() {
    python3 - "$tmp/ref.json" "$1" <<'EOF'
import json, sys
def per_article(path):
    arts = {}
    for line in open(path):
        r = json.loads(line)
        if r["type"] == "hit":
            arts.setdefault(r["article"], []).append(r["passage"])
    return arts
ref, got = per_article(sys.argv[1]), per_article(sys.argv[2])
bad = 0
for a, ps in got.items():
    if a not in ref or sorted(ps) != sorted(ref[a]):
        print("half-indexed article %s: passages %s, expected %s"
              % (a, sorted(ps), sorted(ref.get(a, []))), file=sys.stderr)
        bad = 1
for a in sorted(got):
    print(a)
sys.exit(bad)
EOF
}

idx="$tmp/idx"
committed=0   # has any kill found a committed index yet?
midrun=0      # kills that stopped a run with some articles committed
for k in $(seq 1 $KILLS); do
    ms=$((50 + RANDOM % 451))
    "$index" --quiet -i "$idx" --commit-every 100 "$tmp/corpus" 2>"$tmp/err" &
    pid=$!
    sleep "$(printf '0.%03d' "$ms")"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    rc=$?
    if [ ! -d "$idx" ]; then
        echo "kill $k after ${ms} ms: no index yet (rc $rc)"
        continue
    fi
    listing "$idx" "$tmp/got.json" 2>"$tmp/qerr"
    qrc=$?
    # Killed while creating the index, before its first commit: there is
    # no index yet (the next run creates it), which silk-query says.
    if [ "$qrc" -eq 2 ] && [ "$committed" -eq 0 ] &&
       grep -q "not a silk index\|no index at" "$tmp/qerr"; then
        echo "kill $k after ${ms} ms: index not created yet"
        continue
    fi
    check "kill $k: index opens (silk-query exit $qrc: $(head -c 200 "$tmp/qerr"))" \
        test "$qrc" -le 1
    [ "$qrc" -le 1 ] || continue
    consistent "$tmp/got.json" >"$tmp/seen"
    check "kill $k: every committed article has all its passages" test $? -eq 0
    n=$(wc -l <"$tmp/seen")
    committed=1
    [ "$rc" -eq 137 ] && [ "$n" -gt 0 ] && midrun=$((midrun + 1))
    echo "kill $k after ${ms} ms (rc $rc): $n articles committed"
    # Searchable: the unique word of the first passage of three of them.
    for a in $(sed -n "1p;$((n / 2 + 1))p;\$p" "$tmp/seen"); do
        word="uniq${a#a}p0"
        hit=$("$query" -i "$idx" --json --limit 1 "$word" | head -1)
        check "kill $k: $word finds article $a" grep -q "\"article\":\"$a\"" <<<"$hit"
    done
done

check "at least one kill stopped a run with articles committed ($midrun)" \
    test "$midrun" -gt 0

# A final, uninterrupted run completes the index: exactly the reference.
"$index" --quiet -i "$idx" --commit-every 100 "$tmp/corpus"
rc=$?
check "final run exits 0 (got $rc)" test $rc -eq 0
listing "$idx" "$tmp/final.json"
normalise "$tmp/final.json" >"$tmp/final.norm"
check "final index equals an uninterrupted run" cmp -s "$tmp/ref.norm" "$tmp/final.norm"
if ! cmp -s "$tmp/ref.norm" "$tmp/final.norm"; then
    diff "$tmp/ref.norm" "$tmp/final.norm" | head -5
fi
# And a second run finds nothing to do.
out=$("$index" -i "$idx" "$tmp/corpus" 2>&1)
check "re-run changes nothing: $out" grep -q "0 added, 0 changed, $ARTICLES unchanged, 0 removed" <<<"$out"
exit $fail
