#!/usr/bin/env bash
# query_qparser.sh: every query string of Xapian's own query-parser test
# suite ($SHARED/data/xapian-queryparser/inputs.jsonl, 864 of them) runs
# through silk-query --json --batch in one process: exit 0 or 1, valid JSON,
# one summary per query; those that say date: run one by one, and may also
# be refused, in one line, for a date that does not exist (exit 2).
# Skipped when ../shared is absent.
set -u
: "${BIN:?}" "${SRC:?}"
inputs=${SHARED:-}/data/xapian-queryparser/inputs.jsonl
[ -n "${SHARED:-}" ] && [ -f "$inputs" ] || { echo "skip: no $inputs"; exit 77; }
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
command -v python3 >/dev/null || { echo "skip: python3 needed to read JSON"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$BIN/silk-index" -i "$tmp/idx" "$SRC/corpus" >"$tmp/index.out" 2>&1 \
    || { cat "$tmp/index.out"; echo "FAIL: silk-index could not index corpus/"; exit 1; }

# The batch format is one query a line: tabs and line breaks inside a
# query become spaces. Queries that say date: go to $tmp/dated instead:
# silk-query refuses a date that does not exist (exit 2), so each runs
# alone below.
python3 - "$inputs" "$tmp/batch" "$tmp/dated" <<'EOF'
import json, re, sys
with open(sys.argv[2], "w", encoding="utf-8", errors="surrogateescape") as out, \
        open(sys.argv[3], "w", encoding="utf-8", errors="surrogateescape") as dated:
    for n, line in enumerate(open(sys.argv[1], encoding="utf-8")):
        q = json.loads(line)
        q = q if isinstance(q, str) else q.get("query", "")
        for c in "\t\r\n":
            q = q.replace(c, " ")
        (dated if re.search(r"(?i)date:", q) else out).write(f"x{n + 1}\t{q}\n")
EOF
n=$(wc -l <"$tmp/batch")

# Each date: query: it runs (0 or 1), or it names its bad date in one line
# and exits 2.
nd=0
while IFS=$'\t' read -r qid qs; do
    nd=$((nd + 1))
    "$BIN/silk-query" -i "$tmp/idx" -- "$qs" >/dev/null 2>"$tmp/err"
    rc=$?
    case $rc in
    0|1) ;;
    2) [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q '^silk-query: date:.* is not a date' "$tmp/err" \
        || { echo "FAIL: $qid [$qs]: exit 2: $(head -3 "$tmp/err")"; exit 1; } ;;
    *) echo "FAIL: $qid [$qs]: exit $rc: $(head -3 "$tmp/err")"; exit 1 ;;
    esac
done <"$tmp/dated"

for fmt in json text; do
    "$BIN/silk-query" -i "$tmp/idx" --format "$fmt" --facets all --batch "$tmp/batch" \
        >"$tmp/out.$fmt" 2>"$tmp/err"
    rc=$?
    case $rc in 0|1) ;; *) echo "FAIL: --format $fmt: exit $rc: $(head -3 "$tmp/err")"; exit 1 ;; esac
done

python3 - "$tmp/out.json" "$tmp/batch" <<'EOF' || exit 1
import json, sys
qids = []
for i, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    try:
        r = json.loads(line)
    except ValueError as e:
        sys.exit(f"FAIL: line {i + 1} is not JSON: {e}: {line[:120]}")
    if r["type"] == "summary":
        qids.append(r["qid"])
want = [l.split("\t", 1)[0] for l in open(sys.argv[2], encoding="utf-8", errors="surrogateescape")]
if qids != want:
    sys.exit(f"FAIL: {len(qids)} summaries for {len(want)} queries")
EOF
echo "ok: $n queries in a batch, $nd with date: one by one"
