#!/usr/bin/env bash
# tests/cli/serve.sh: end-to-end test of silk-query --serve on the bundled
# corpus — requests on stdin, each answered with the records the one-shot
# silk-query --json gives for the same options (timings aside) and a
# summary carrying the client's id; a bad request of each kind (not JSON,
# not an object, an unknown key named with the nearest real one, a bad
# value, a flag given a number, an unknown article, date:2021-13, a
# per-process option) gets one error record with its id and the next
# request is answered; a writer committing between two requests is seen
# by the second; EOF ends with exit 0. Environment (from ctest): BIN, SRC.
set -u
: "${BIN:?}" "${SRC:?}"
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }
. "$(dirname "$0")/lib/common.sh"

mkdir "$tmp/corpus" "$tmp/new"
cp "$SRC"/corpus/* "$tmp/corpus/"
"$idx_bin" -q -i "$tmp/idx" "$tmp/corpus" || { echo "FAIL: indexing"; exit 1; }
id=$(ls "$tmp/corpus" | sed -n 's/\.txt$//p' | head -1)

python3 - "$q_bin" "$tmp/idx" "$id" <<'PY' || fail=1
import json, subprocess, sys
q, idx, aid = sys.argv[1:]
# (request, the same as command-line options); None: a bad request, and
# what its error must say.
cases = [
    ({"q": "railway", "limit": 3, "id": "r1"}, ["--limit", "3", "railway"]),
    ("not json", "is not JSON"),
    ({"q": "trade", "per_article": 1, "facets": ["year", "month"], "sort": "newest", "id": 2},
     ["--per-article", "1", "--facets", "year,month", "--sort", "newest", "trade"]),
    ({"q": "trade", "limt": 3, "id": "typo"}, 'unknown key "limt" in the request: did you mean "limit"?'),
    ({"q": "China", "offset": 2, "limit": 2, "duplicates": "keep", "id": [1, "x"]},
     ["--offset", "2", "--limit", "2", "--duplicates", "keep", "China"]),
    ({"q": "trade", "limit": -1, "id": "neg"}, "--limit needs a whole number from 0 to"),
    ({"q": "*", "count": True, "id": "count"}, ["--count", "*"]),
    ({"article": "no-such-article", "id": "art"}, "unknown article 'no-such-article'"),
    ({"article": aid, "id": "whole"}, ["--article", aid]),
    ({"q": "date:2021-13", "id": "date"}, "date:2021-13 is not a date"),
    ({"article": aid + "#1", "context": 1, "id": "ctx"}, ["--article", aid + "#1", "--context", "1"]),
    ({"q": "railway", "exact": 3, "id": "flag"}, '"exact" is true or false'),
    ({"q": "railway", "exact": True, "context": 2, "facet_limit": 1, "facets": "all",
      "count_limit": 5, "id": None}, ["--exact", "--context", "2", "--facet-limit", "1",
                                       "--facets", "all", "--count-limit", "5", "railway"]),
    ({"q": "railway", "index": "/elsewhere", "id": "idx"}, '"index" cannot be given in a request'),
    ({"q": "railway", "format": "text", "id": "fmt"}, '"format" cannot be given'),
    ([1, 2], "is not a JSON object"),
    ({"limit": 1, "id": "noq"}, 'a request needs "q"'),
    ({"q": "year:2019..2021 trade", "count": False, "id": "last"}, ["year:2019..2021 trade"]),
]
lines = [c[0] if isinstance(c[0], str) else json.dumps(c[0]) for c in cases]
p = subprocess.run([q, "-i", idx, "--serve"], input="\n".join(lines) + "\n",
                   capture_output=True, text=True)
bad = 0
def say(m):
    global bad
    print("FAIL:", m); bad = 1
if p.returncode != 0:
    say("--serve exit %d at EOF: %s" % (p.returncode, p.stderr))
if p.stderr:
    say("--serve wrote on stderr: " + p.stderr)
recs = [json.loads(l) for l in p.stdout.splitlines()]
# Split the output into answers: each ends with a summary or is one error.
answers, cur = [], []
for r in recs:
    cur.append(r)
    if r["type"] in ("summary", "error"):
        answers.append(cur); cur = []
if cur or len(answers) != len(cases):
    say("%d answers for %d requests" % (len(answers), len(cases)))
def strip(r):
    r = dict(r); r.pop("timings", None); return r
for (req, want), got in zip(cases, answers):
    rid = req.get("id") if isinstance(req, dict) else None
    end = got[-1]
    if end.get("id", "missing") != rid:
        say("%s: answer's id %r, not %r" % (lines[cases.index((req, want))], end.get("id"), rid))
    if isinstance(want, str):
        if len(got) != 1 or end["type"] != "error" or want not in end["error"]:
            say("%r: want one error saying %r, got %r" % (req, want, got))
        continue
    one = subprocess.run([q, "-i", idx, "--json"] + want, capture_output=True, text=True)
    exp = [strip(json.loads(l)) for l in one.stdout.splitlines()]
    end = dict(end); end.pop("id", None)
    if [strip(r) for r in got[:-1]] + [strip(end)] != exp:
        say("%r: serve answer differs from silk-query --json %s" % (req, " ".join(want)))
sys.exit(bad)
PY

# A writer committing between two requests: the second sees its article.
printf 'Zebrafinch sightings rise\n\nA zebrafinch was seen in the capital.\n' \
    >"$tmp/new/zz_zebrafinch.txt"
mkfifo "$tmp/in"
"$q_bin" -i "$tmp/idx" --serve <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"
wait_for() {  # wait_for TEXT: until the output holds TEXT (10 s at most)
    for _ in $(seq 1 100); do
        grep -qF -- "$1" "$tmp/out" && return 0
        sleep 0.1
    done
    return 1
}
echo '{"q": "zebrafinch", "count": true, "id": "before"}' >&3
check "first answer" wait_for '"id":"before"'
"$idx_bin" -q -i "$tmp/idx" "$tmp/new" || { echo "FAIL: adding an article"; fail=1; }
echo '{"q": "zebrafinch", "count": true, "id": "after"}' >&3
check "second answer" wait_for '"id":"after"'
exec 3>&-
wait "$pid"; rc=$?
check "EOF: exit 0" test "$rc" -eq 0
before=$(grep -F '"id":"before"' "$tmp/out")
after=$(grep -F '"id":"after"' "$tmp/out")
check "before the commit: no zebrafinch" has "$before" '"total":0,'
check "after the commit: the new article's passages" hasnt "$after" '"total":0,'
check "after the commit: one article" has "$after" '"articles":1,'

# --allow-partial: a remote shard that stops between two requests is left
# out from the next one on, which says so, with its id.
if command -v xapian-tcpsrv >/dev/null 2>&1; then
    . "$(dirname "$0")/lib/serve.sh"
    "$idx_bin" -q -i "$tmp/sh" --shards 2 "$SRC/corpus" || { echo "FAIL: indexing shards"; fail=1; }
    if serve "$tmp/sh/shard-1"; then
        printf 'auto sh/shard-0\nremote 127.0.0.1:%s\n' "$port" >"$tmp/stub"
        : >"$tmp/out"
        mkfifo "$tmp/in2"
        "$q_bin" -i "$tmp/stub" --serve --allow-partial <"$tmp/in2" >"$tmp/out" 2>"$tmp/err" &
        pid=$!
        exec 3>"$tmp/in2"
        echo '{"q": "*", "count": true, "id": "p1"}' >&3
        check "partial: first answer" wait_for '"id":"p1"'
        kill "$srv"; wait "$srv" 2>/dev/null; srv=""
        echo '{"q": "*", "count": true, "id": "p2"}' >&3
        check "partial: second answer" wait_for '"id":"p2"'
        exec 3>&-
        wait "$pid"; rc=$?
        check "partial: EOF, exit 0" test "$rc" -eq 0
        p1=$(grep -F '"id":"p1"' "$tmp/out"); p2=$(grep -F '"id":"p2"' "$tmp/out")
        check "partial: every shard in the first" has "$p1" '"partial":false'
        check "partial: the second says a shard is left out" has "$p2" '"partial":true'
        check "partial: and names it" has "$p2" "\"missing\":[\"127.0.0.1:$port\"]"
        # Without --allow-partial: a shard that stops is an error naming
        # it, and answers come again once it is back (on the same port).
        restart() {
            setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet 3>&- \
                "$tmp/sh/shard-1" >"$tmp/srv.log" 2>&1 &
            srv=$!
            for _ in $(seq 1 50); do
                (exec 4<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
                sleep 0.1
            done
        }
        restart
        : >"$tmp/out"
        mkfifo "$tmp/in3"
        "$q_bin" -i "$tmp/stub" --serve <"$tmp/in3" >"$tmp/out" 2>"$tmp/err" &
        pid=$!
        exec 3>"$tmp/in3"
        echo '{"q": "*", "count": true, "id": "d1"}' >&3
        check "shard up: an answer" wait_for '"id":"d1"'
        kill "$srv"; wait "$srv" 2>/dev/null; srv=""
        echo '{"q": "*", "count": true, "id": "d2"}' >&3
        check "shard down: an error" wait_for '"id":"d2"'
        check "shard down: names it" has "$(grep -F '"id":"d2"' "$tmp/out")" \
            "remote shard 127.0.0.1:$port could not be reached"
        restart
        echo '{"q": "*", "count": true, "id": "d3"}' >&3
        check "shard back: an answer" wait_for '"id":"d3"'
        exec 3>&-
        wait "$pid"; rc=$?
        check "shard back: EOF, exit 0" test "$rc" -eq 0
        d3=$(grep -F '"id":"d3"' "$tmp/out")
        check "shard back: every passage" test "$(grep -o '"total":[0-9]*' <<<"$d3")" = "$(grep -o '"total":[0-9]*' <<<"$p1")"
    fi
else
    echo "note: no xapian-tcpsrv: --allow-partial in serve mode not tried"
fi

# --serve with a query or --batch: one line, exit 2.
err=$("$q_bin" -i "$tmp/idx" --serve trade 2>&1 </dev/null); rc=$?
check "--serve QUERY: exit 2" test "$rc" -eq 2
check "--serve QUERY: says why" has "$err" "drop QUERY"
exit $fail
