#!/usr/bin/env bash
# tests/cli/shard_crash.sh: crash safety of a sharded index and of
# compaction — a first `--shards 2` build killed with SIGKILL (the whole
# process group: the parent and its shard writers) at random points and at
# each named point before the first article; after each kill the index
# opens, every article it lists is complete, a re-run without --shards
# keeps the shards and completes it. A layout change is refused. --compact
# killed at random points and at each step of its swap: the index answers
# with every passage throughout, and a re-run leaves no debris.
# Environment: BIN (build/bin). Seed: CRASH_SEED (default 6), printed.
# SHARD_KILLS / COMPACT_KILLS change the number of random kills,
# SHARD_CRASH_ARTICLES the size of the corpus (default 5000).
set -u
index="$BIN/silk-index"
query="$BIN/silk-query"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
KILLS=${SHARD_KILLS:-7}
CKILLS=${COMPACT_KILLS:-5}
ARTICLES=${SHARD_CRASH_ARTICLES:-5000}
seed=${CRASH_SEED:-6}
RANDOM=$seed
echo "shard_crash.sh: seed $seed, $KILLS build kills, $CKILLS compaction kills"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}

python3 - "$tmp/corpus" "$ARTICLES" <<'EOF'
import json, os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(6)
countries = ["China", "Laos", "Vietnam", "Kenya", "Brazil", "Japan"]
words = ("trade railway port grain harvest investment tariff bridge exports "
         "steel cocoa shipping bank loan power grid").split()
def para(i, k):
    w = [rnd.choice(words) for _ in range(rnd.randint(14, 40))]
    w.insert(3, rnd.choice(countries))
    w.append("uniq%05dp%d" % (i, k))
    return " ".join(w).capitalize() + "."
os.makedirs(out)
files = [open(os.path.join(out, "part%d.jsonl" % f), "w") for f in range(3)]
for i in range(n):
    art = {"id": "a%05d" % i, "title": "Report %d" % i,
           "date": "%d-%02d-%02d" % (rnd.randint(2015, 2022),
                                     rnd.randint(1, 12), rnd.randint(1, 28)),
           "body": "\n\n".join(para(i, k) for k in range(rnd.randint(1, 4)))}
    files[i % 3].write(json.dumps(art) + "\n")
EOF

# listing INDEX OUT: every passage (all have a year) as JSON Lines.
listing() {
    "$query" -i "$1" --json --limit 100000 --facets year 'year:..9999' >"$2"
}
# normalise LISTING: hits without rank/score, sorted, then facet lines.
normalise() {
    python3 - "$1" <<'EOF'
import json, sys
hits, facets = [], []
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r["type"] == "hit":
        for k in ("rank", "score", "highlights", "shard"):
            r.pop(k, None)
        hits.append(json.dumps(r, sort_keys=True))
    elif r["type"] == "facet":
        facets.append(json.dumps(r, sort_keys=True))
for line in sorted(hits) + sorted(facets):
    print(line)
EOF
}
# consistent LISTING: every article listed has all its reference passages.
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
bad = [a for a, ps in got.items() if sorted(ps) != sorted(ref.get(a, []))]
for a in bad[:3]:
    print("half-indexed article %s" % a, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
}
# killgroup MS CMD...: run CMD in a process group of its own, SIGKILL the
# whole group after MS ms (a machine that stops: parent and shard writers).
killgroup() {
    local ms=$1; shift
    setsid "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -KILL -- -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
# opens_complete WHAT INDEX: silk-query opens INDEX (exit 0/1) and every
# article it lists is complete.
opens_complete() {
    listing "$2" "$tmp/got.json" 2>"$tmp/qerr"
    local qrc=$?
    check "$1: the index opens (silk-query exit $qrc: $(head -c 200 "$tmp/qerr"))" \
        test "$qrc" -le 1
    [ "$qrc" -le 1 ] && check "$1: every listed article complete" consistent "$tmp/got.json"
}

"$index" -q --shards 2 --commit-every 100 -i "$tmp/ref" "$tmp/corpus"
check "reference: exit 0" test $? -eq 0
listing "$tmp/ref" "$tmp/ref.json"
normalise "$tmp/ref.json" >"$tmp/ref.norm"
refn=$(grep -c '"type": "hit"' "$tmp/ref.norm")
check "reference lists passages ($refn)" test "$refn" -gt 0

# 1. The first build killed before any article: at each named point the
# layout says what it is; from the stub on, the index opens.
for point in shard-created shards-created stub-written; do
    rm -rf "$tmp/p"
    (SILK_INDEX_CRASH_AT=$point "$index" -q --shards 2 -i "$tmp/p" "$tmp/corpus"; true) 2>/dev/null
    if [ "$point" = shard-created ] || [ "$point" = shards-created ]; then
        # No stub yet: a re-run without --shards must not build an
        # unsharded index beside the shards; it names the way out.
        err=$("$index" -i "$tmp/p" "$tmp/corpus" 2>&1); rc=$?
        check "killed at $point, re-run without --shards: exit 2" test $rc -eq 2
        check "killed at $point, re-run without --shards: names --shards ($err)" \
            has "$err" "no XAPIANDB stub"
        check "killed at $point: no unsharded index beside the shards" test ! -e "$tmp/p/iamglass"
        out=$("$index" -q --shards 2 -i "$tmp/p" "$tmp/corpus"); rc=$?
        check "killed at $point, re-run with --shards 2: exit 0" test $rc -eq 0
    else
        opens_complete "killed at $point" "$tmp/p"
        "$index" -q -i "$tmp/p" "$tmp/corpus"
        check "killed at $point, re-run without --shards: exit 0" test $? -eq 0
    fi
    listing "$tmp/p" "$tmp/got.json"
    normalise "$tmp/got.json" >"$tmp/got.norm"
    check "killed at $point: completed to the reference" cmp -s "$tmp/ref.norm" "$tmp/got.norm"
done

# 2. The first build killed at random points (each on a new index), then
# completed without --shards.
openable=0
for k in $(seq 1 "$KILLS"); do
    ms=$((200 + RANDOM % 1300))
    rm -rf "$tmp/k"
    killgroup "$ms" "$index" -q --shards 2 --commit-every 100 -i "$tmp/k" "$tmp/corpus"
    # The stub and the empty shards are written before the first article
    # is read (within milliseconds): after 200 ms the index must open.
    opens_complete "build kill $k after $ms ms" "$tmp/k"
    openable=$((openable + 1))
    "$index" -q -i "$tmp/k" "$tmp/corpus" 2>"$tmp/err"
    check "build kill $k: re-run without --shards exits 0 ($(head -c 200 "$tmp/err"))" test $? -eq 0
    check "build kill $k: still sharded, no unsharded index beside" \
        test -e "$tmp/k/shard-1/iamglass" -a ! -e "$tmp/k/iamglass"
    listing "$tmp/k" "$tmp/got.json"
    normalise "$tmp/got.json" >"$tmp/got.norm"
    check "build kill $k: completed to the reference" cmp -s "$tmp/ref.norm" "$tmp/got.norm"
done
echo "random build kills: $openable of $KILLS checked"

# 3. A layout change is refused, naming the way out.
err=$("$index" -i "$tmp/ref" --shards 3 "$tmp/corpus" 2>&1); rc=$?
check "--shards 3 over 2 shards: exit 2" test $rc -eq 2
check "--shards 3 over 2 shards: says so ($err)" has "$err" "has 2 shards, not 3"
check "--shards 3 over 2 shards: names --rebuild" has "$err" "--rebuild --shards 3"
"$index" -q -i "$tmp/one" "$tmp/corpus"
err=$("$index" -i "$tmp/one" --shards 2 "$tmp/corpus" 2>&1); rc=$?
check "--shards 2 over one index: exit 2" test $rc -eq 2
check "--shards 2 over one index: no shards made" test ! -e "$tmp/one/shard-0"

# 4. --compact killed: at each step of its swap, then at random points.
# The index answers with every passage after each kill.
compact_kill() {  # compact_kill WHAT: after a kill, INDEX c answers in full
    listing "$tmp/c" "$tmp/got.json" 2>"$tmp/qerr"
    local qrc=$?
    check "$1: the index opens (exit $qrc: $(head -c 200 "$tmp/qerr"))" test $qrc -le 1
    normalise "$tmp/got.json" >"$tmp/got.norm"
    check "$1: every passage" cmp -s "$tmp/ref.norm" "$tmp/got.norm"
}
for point in compacted swapped; do
    rm -rf "$tmp/c" "$tmp/.c.silk-new"
    cp -r "$tmp/ref" "$tmp/c"
    (SILK_INDEX_CRASH_AT=$point "$index" -q --compact -i "$tmp/c"; true) 2>/dev/null
    compact_kill "compaction killed at $point"
    (SILK_INDEX_NO_EXCHANGE=1 SILK_INDEX_CRASH_AT=$point "$index" -q --compact -i "$tmp/c"; true) 2>/dev/null
    [ "$point" = swapped ] && compact_kill "two-rename compaction killed at $point"
done
rm -rf "$tmp/c"; cp -r "$tmp/ref" "$tmp/c"
(SILK_INDEX_NO_EXCHANGE=1 SILK_INDEX_CRASH_AT=moved-aside "$index" -q --compact -i "$tmp/c"; true) 2>/dev/null
err=$("$index" -q -i "$tmp/c" "$tmp/corpus" 2>&1); rc=$?
check "compaction killed between the renames: next run exits 0 ($err)" test $rc -eq 0
compact_kill "compaction killed between the renames, after a run"
check "compaction killed: nothing left beside" test -z "$(ls -a "$tmp" | grep -F .silk-)"
for k in $(seq 1 "$CKILLS"); do
    ms=$((RANDOM % 200))
    rm -rf "$tmp/c"; cp -r "$tmp/ref" "$tmp/c"
    killgroup "$ms" "$index" -q --compact -i "$tmp/c"
    compact_kill "compaction kill $k after $ms ms"
    "$index" -q -i "$tmp/c" "$tmp/corpus"
    check "compaction kill $k: a re-run exits 0" test $? -eq 0
    check "compaction kill $k: nothing left beside" test -z "$(ls -a "$tmp" | grep -F .silk-)"
done
"$index" -q --compact -i "$tmp/c"
check "compaction after the kills: exit 0" test $? -eq 0
compact_kill "compacted"
check "compacted: one database" test -e "$tmp/c/iamglass" -a ! -e "$tmp/c/XAPIANDB"

exit $fail
