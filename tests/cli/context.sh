#!/usr/bin/env bash
# tests/cli/context.sh: end-to-end test of silk-query --context N on the
# bundled corpus — each hit's "context" holds the passages of its article
# within N of it, in passage order, exactly as --article prints them (text
# and byte spans; a "file" span reproduces the text from the file), no
# passage twice on a page (hits and context); a sharded index and a remote
# shard give the same context; text marks context lines "| #N"; --context
# -1 and a non-number are one-line errors naming the range, exit 2.
# Environment (from ctest): BIN, SRC; exit 77 = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/serve.sh"

"$idx_bin" -q -i "$tmp/idx" "$SRC/corpus" || { echo "FAIL: indexing"; exit 1; }
"$idx_bin" -q -i "$tmp/sh" --shards 3 "$SRC/corpus" || { echo "FAIL: indexing shards"; exit 1; }
"$q_bin" -i "$tmp/idx" --json --limit 100000 --per-article 0 --duplicates keep \
    '*' >"$tmp/all.jsonl" || { echo "FAIL: every passage"; exit 1; }

# check_ctx FILE N: FILE's page against every passage of the index.
check_ctx() {
    python3 - "$tmp/all.jsonl" "$1" "$2" <<'PY'
import json, sys
_, all_, page, n = sys.argv
n = int(n)
by_id = {r["id"]: r for r in map(json.loads, open(all_, encoding="utf-8"))
         if r["type"] == "hit"}
hits = [r for r in map(json.loads, open(page, encoding="utf-8")) if r["type"] == "hit"]
bad = 0
def say(m):
    global bad
    print("FAIL:", m); bad = 1
if not hits:
    say("no hits")
shown = [h["id"] for h in hits]
for h in hits:
    if "context" not in h:
        say(h["id"] + ": no context field"); continue
    got = [c["passage"] for c in h["context"]]
    if got != sorted(got):
        say(h["id"] + ": context out of passage order")
    for c in h["context"]:
        want = by_id.get(c["id"])
        if want is None or c["id"] != "%s#%d" % (h["article"], c["passage"]):
            say(c["id"] + ": not a passage of " + h["article"]); continue
        if abs(c["passage"] - h["passage"]) > n or c["passage"] == h["passage"]:
            say(c["id"] + ": outside the window of " + h["id"])
        for k in ("text", "path", "start", "end", "span"):
            if c[k] != want[k]:
                say(c["id"] + ": " + k + " differs from the passage's own")
        if c["span"] == "file":
            data = open(c["path"], "rb").read()[c["start"]:c["end"]]
            if data.decode("utf-8") != c["text"]:
                say(c["id"] + ": the file's bytes are not its text")
        shown.append(c["id"])
    # Every neighbour is on the page somewhere (a hit or some context).
    for p in range(h["passage"] - n, h["passage"] + n + 1):
        pid = "%s#%d" % (h["article"], p)
        if p >= 0 and pid in by_id and pid not in shown and \
           not any(pid == c["id"] for x in hits for c in x["context"]):
            say(pid + ": neighbour of " + h["id"] + " missing")
dups = {i for i in shown if shown.count(i) > 1}
if dups:
    say("printed twice: " + ", ".join(sorted(dups)))
sys.exit(bad)
PY
}

for n in 1 3; do
    "$q_bin" -i "$tmp/idx" --json --context $n --limit 20 --per-article 0 \
        railway >"$tmp/c$n.jsonl"
    check "--context $n: exit 0" test $? -eq 0
    check "--context $n: windows, spans, each passage once" check_ctx "$tmp/c$n.jsonl" $n
done
# Without --context there is no "context" field (the records as before).
out=$("$q_bin" -i "$tmp/idx" --json railway)
check "no --context: no context field" hasnt "$out" '"context"'
out=$("$q_bin" -i "$tmp/idx" --json --context 0 railway)
check "--context 0: no context field" hasnt "$out" '"context"'

# Shards and a remote shard: the same passages around the same hits.
strip() { sed -e 's/,"timings":{[^}]*}//' -e 's/,"shard":"[^"]*"//g'; }
a=$(strip <"$tmp/c1.jsonl")
b=$("$q_bin" -i "$tmp/sh" --json --context 1 --limit 20 --per-article 0 railway | strip)
check "--context through shards = one index" test "$a" = "$b"
if command -v xapian-tcpsrv >/dev/null 2>&1 && serve "$tmp/sh/shard-1"; then
    printf 'auto sh/shard-0\nremote 127.0.0.1:%s\nauto sh/shard-2\n' "$port" >"$tmp/stub"
    b=$("$q_bin" -i "$tmp/stub" --json --context 1 --limit 20 --per-article 0 railway | strip)
    check "--context through a remote shard = one index" test "$a" = "$b"
    n=$("$q_bin" -i "$tmp/stub" --json --context 1 --limit 100 '*' |
        python3 -c 'import json,sys
print(sum(1 for l in sys.stdin for c in json.loads(l).get("context", [])
          if c.get("shard", "").startswith("127.0.0.1:")))')
    check "context passages of the remote shard name it" test "$n" -gt 0
    for id in $(cd "$SRC/corpus" && ls *.txt | sed 's/\.txt$//'); do
        a=$("$q_bin" -i "$tmp/idx" --json --article "$id#1" --context 2 | strip)
        b=$("$q_bin" -i "$tmp/stub" --json --article "$id#1" --context 2 | strip)
        check "--article $id#1 --context 2 through a remote shard = one index" \
            test "$a" = "$b"
    done
else
    echo "note: no xapian-tcpsrv: remote shard not tried"
fi

# Text: the context around the hit, marked.
out=$("$q_bin" -i "$tmp/idx" --context 1 --limit 1 --color never railway)
check "text marks context lines" grep -qE '^   \| #[0-9]+ ' <<<"$out"

# --article ID#N --context N: the passage and its neighbours.
id=$(python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["type"] == "hit" and r["passage"] == 2: print(r["article"]); break' "$tmp/all.jsonl")
out=$("$q_bin" -i "$tmp/idx" --json --article "$id#2" --context 1 | python3 -c 'import json,sys
r = json.loads(sys.stdin.readline()); print(r["id"], *[c["passage"] for c in r["context"]])')
check "--article ID#2 --context 1: passages 1 and 3" test "$out" = "$id#2 1 3"

# Bad values: one line, the range, exit 2, nothing on stdout.
for v in -1 abc 101 ''; do
    err=$("$q_bin" -i "$tmp/idx" --context "$v" railway 2>&1 >"$tmp/out"); rc=$?
    check "--context '$v': exit 2" test "$rc" -eq 2
    check "--context '$v': one line" test "$(wc -l <<<"$err")" -eq 1
    check "--context '$v': names the range" has "$err" "from 0 to 100"
    check "--context '$v': no output" test ! -s "$tmp/out"
done
exit $fail
