#!/usr/bin/env bash
# tests/cli/damaged.sh: a damaged index is never written to, and a second
# writer never gets in — silk-index refuses an index whose article records
# disagree with its documents (garbage in the postlist table), leaving
# every byte as it was; --check runs Xapian's checker over every shard and
# finds damage in every table; a version file that does not match the
# tables is damage to silk-query too (not "modified"); deleting Xapian's
# flintlock while a writer runs does not let a second writer in (silk's own
# lock holds).
# Environment: BIN (build/bin).
set -u
idx_bin="$BIN/silk-index"
query="$BIN/silk-query"
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
fail=0
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
check() {  # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1; shift
    if ! "$@"; then echo "FAIL: $what"; fail=1; fi
}
has() {  # has TEXT PATTERN: TEXT contains the fixed string PATTERN
    grep -qF -- "$2" <<<"$1"
}
# damage FILE FRACTION SEED: overwrite 3000 bytes of FILE with seeded
# garbage, at FRACTION (0..1) of its length (just past a block header).
damage() {
    python3 - "$1" "$2" "$3" <<'EOF'
import os, random, sys
path, frac, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
size = os.path.getsize(path)
off = int(size * frac) // 8192 * 8192 + 100
rnd = random.Random(seed)
with open(path, "r+b") as f:
    f.seek(off)
    f.write(bytes(rnd.randrange(256) for _ in range(3000)))
EOF
}
sums() {  # sums DIR: a checksum of every file under DIR
    (cd "$1" && find . -type f ! -name flintlock | sort | xargs md5sum)
}

N=2000
mkdir -p "$tmp/big"
awk -v n=$N 'BEGIN {
    for (i = 1; i <= n; i++) {
        printf "{\"id\": \"gen%05d\", \"title\": \"Generated article %d on trade\", \"date\": \"20%02d-0%d-1%d\", \"body\": \"", i, i, i % 25, 1 + i % 9, i % 10
        for (p = 0; p < 4; p++)
            printf "Paragraph %d of article %d: the railway between China and Laos carried %d tonnes of freight this month, officials of the Ministry of Commerce said on Tuesday.\\n\\n", p, i, i * 7 + p
        printf "\"}\n"
    }
}' >"$tmp/big/articles.jsonl"
"$idx_bin" -q -i "$tmp/base" "$tmp/big"
check "base index: exit 0" test $? -eq 0
# A changed corpus, so that a run over the base index would write.
mkdir -p "$tmp/changed"
sed -e 's/Generated article 1 on/Generated article 1 about/' \
    "$tmp/big/articles.jsonl" | head -n 1500 >"$tmp/changed/articles.jsonl"

# 1. --check on a sound index, one and sharded.
out=$("$idx_bin" --check -i "$tmp/base"); rc=$?
check "--check sound: exit 0" test $rc -eq 0
check "--check sound: ok ($out)" has "$out" "silk-index: $tmp/base: ok"
"$idx_bin" -q --shards 2 -i "$tmp/sh" "$tmp/big"
out=$("$idx_bin" --check -i "$tmp/sh"); rc=$?
check "--check sharded: exit 0" test $rc -eq 0
check "--check sharded: every shard ($out)" has "$out" "$tmp/sh/shard-1: ok"
err=$("$idx_bin" --check -i "$tmp/nothere" 2>&1); rc=$?
check "--check, no index: exit 2" test $rc -eq 2
check "--check, no index: says so ($err)" has "$err" "no index at $tmp/nothere"
check "--check, no index: creates nothing" test ! -e "$tmp/nothere"
"$idx_bin" --compact -i "$tmp/nothere" 2>/dev/null
check "--compact, no index: creates nothing" test ! -e "$tmp/nothere"

# 2. Garbage in a postlist block in use (where silk's records
# and article terms live): refused before anything is written, every byte
# left as it was; --check names the damage.
cp -r "$tmp/base" "$tmp/d"
damage "$tmp/d/postlist.glass" 0.02 1
before=$(sums "$tmp/d")
err=$("$idx_bin" -i "$tmp/d" "$tmp/changed" 2>&1 >/dev/null); rc=$?
check "damaged postlist: exit 2 (rc $rc)" test $rc -eq 2
check "damaged postlist: says damaged, nothing written ($err)" \
    has "$err" "is damaged"
check "damaged postlist: names --check and --rebuild" \
    has "$err" "silk-index --check -i $tmp/d, or start over with silk-index --rebuild"
check "damaged postlist: every byte as it was" test "$(sums "$tmp/d")" = "$before"
out=$("$idx_bin" --check -i "$tmp/d" 2>/dev/null); rc=$?
check "--check damaged: exit 1 (rc $rc)" test $rc -eq 1
check "--check damaged: names the error ($out)" has "$out" "error"
out=$("$idx_bin" --rebuild -i "$tmp/d" "$tmp/big"); rc=$?
check "damaged postlist: --rebuild is the way out" test $rc -eq 0
out=$("$idx_bin" --check -i "$tmp/d"); rc=$?
check "rebuilt: --check exit 0" test $rc -eq 0
# The rebuilt index carries silk's stamp (its files as silk left them, so
# a run that finds them so skips the full check); garbage written in place
# afterwards changes them, and is found.
check "rebuilt: stamped" test -s "$tmp/d/silk-stamp"
damage "$tmp/d/postlist.glass" 0.02 1
before=$(sums "$tmp/d")
err=$("$idx_bin" -i "$tmp/d" "$tmp/changed" 2>&1 >/dev/null); rc=$?
check "damaged in place after a stamp: exit 2 (rc $rc: $err)" test $rc -eq 2
check "damaged in place after a stamp: every byte as it was" test "$(sums "$tmp/d")" = "$before"

# 3. Garbage in every table at a few places. Where it lands in a block in
# use, --check finds it and silk-index refuses (exit 2, every byte as it
# was); where it lands in a free block, both go on. Never a crash.
found=0
for t in postlist termlist docdata position; do
    for frac in 0.3 0.5 0.7; do
        rm -rf "$tmp/d"; cp -r "$tmp/base" "$tmp/d"
        damage "$tmp/d/$t.glass" "$frac" 7
        out=$("$idx_bin" --check -i "$tmp/d" 2>/dev/null); crc=$?
        before=$(sums "$tmp/d")
        "$idx_bin" -q -i "$tmp/d" "$tmp/changed" >/dev/null 2>"$tmp/err"; rc=$?
        if [ $crc -eq 1 ]; then
            found=$((found + 1))
            check "garbage in $t at $frac: refused (rc $rc: $(head -c 200 "$tmp/err"))" test $rc -eq 2
            check "garbage in $t at $frac: every byte as it was" test "$(sums "$tmp/d")" = "$before"
        else
            check "garbage in $t at $frac, in a free block (--check $crc: $out): indexed (rc $rc)" test $rc -le 1
        fi
    done
done
echo "garbage in 12 places: $found in blocks in use, found and refused"
check "most garbage lands in blocks in use" test $found -ge 4

# 5. A version file that does not match the tables (what a second writer
# or a bad copy leaves: here the version file of a new, empty index over
# the tables of the base index after one more run, whose blocks are of
# later revisions). Xapian calls it "modified"; no writer is running, so
# silk-query says damaged, and silk-index writes nothing.
mkdir -p "$tmp/empty"
"$idx_bin" -q -i "$tmp/new" "$tmp/empty"
rm -rf "$tmp/d"; cp -r "$tmp/base" "$tmp/d"
"$idx_bin" -q -i "$tmp/d" "$tmp/changed"
cp "$tmp/new/iamglass" "$tmp/d/iamglass"
err=$("$query" -i "$tmp/d" railway 2>&1 >/dev/null); rc=$?
check "mismatched version file: silk-query exit 2 (rc $rc)" test $rc -eq 2
check "mismatched version file: silk-query says damaged ($err)" has "$err" "is damaged"
check "mismatched version file: no writer named" has "$err" "no silk-index is writing it"
before=$(sums "$tmp/d")
err=$("$idx_bin" -i "$tmp/d" "$tmp/changed" 2>&1 >/dev/null); rc=$?
check "mismatched version file: silk-index exit 2 (rc $rc: $err)" test $rc -eq 2
check "mismatched version file: silk-index says damaged" has "$err" "is damaged"
check "mismatched version file: every byte as it was" test "$(sums "$tmp/d")" = "$before"

# 4. A deleted flintlock does not let a second writer in. The first writer
# is paused (SIGSTOP) while it holds both locks (one process, --jobs 1:
# one SIGSTOP pauses all of it, and its flintlock is the index's).
rm -rf "$tmp/l"
"$idx_bin" -q --jobs 1 --commit-every 50 -i "$tmp/l" "$tmp/big" >"$tmp/w1.out" 2>"$tmp/w1.err" &
w1=$!; pids+=("$w1")
for i in $(seq 1 100); do [ -e "$tmp/l/flintlock" ] && break; sleep 0.05; done
sleep 0.2
kill -STOP "$w1"
rm -f "$tmp/l/flintlock"
start=$(date +%s.%N)
err=$("$idx_bin" --lock-timeout 1 -i "$tmp/l" "$tmp/big" 2>&1 >/dev/null); rc=$?
check "flintlock deleted: a second writer exits 2 (rc $rc: $err)" test $rc -eq 2
check "flintlock deleted: it says the lock is held" has "$err" "(lock held)"
kill -CONT "$w1"
wait "$w1"; rc=$?
check "first writer finishes: exit 0 (rc $rc: $(head -c 200 "$tmp/w1.err"))" test $rc -eq 0
out=$("$idx_bin" --check -i "$tmp/l"); rc=$?
check "after a deleted flintlock: the index is consistent ($out)" test $rc -eq 0
out=$("$idx_bin" -i "$tmp/l" "$tmp/big")
check "after a deleted flintlock: complete ($out)" has "$out" "0 added, 0 changed, $N unchanged, 0 removed"

exit $fail
