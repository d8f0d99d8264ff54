#!/usr/bin/env bash
# tests/cli/bench_floor.sh: silk-floor (bench/floor), the reader measured
# alone — `read` counts the articles and text it delivers; `dump` prints
# them as JSON Lines, and one story given as a Reuters .sgm and as the
# docs.jsonl line of shared/tools/to_jsonl.py dumps the same (the check
# docs/BENCHMARKS.md runs on all of Reuters). Environment (from ctest):
# SRC, BIN; exit 77 = skipped (silk-floor is built with -DSILK_BENCH=ON).
[ -x "$BIN/silk-floor" ] || { echo "skipped: no silk-floor in BIN"; exit 77; }
. "$(dirname "$0")/lib/common.sh"
floor=$BIN/silk-floor

cat >"$tmp/reut2-000.sgm" <<'SGM'
<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout
the week &amp; the dry period ended.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
SGM
printf '%s\n' '{"id": "1", "title": "BAHIA COCOA REVIEW", "date": "1987-02-26", "datetime": "1987-02-26T15:01:01.79", "places": ["el-salvador", "usa"], "topics": ["cocoa"], "orgs": [], "people": [], "exchanges": [], "dateline": "SALVADOR, Feb 26 -", "oldid": "5544", "topics_attr": "YES", "lewissplit": "TRAIN", "cgisplit": "TRAINING-SET", "text_type": "NORM", "body": "Showers continued throughout the week & the dry period ended."}' \
    >"$tmp/docs.jsonl"

out=$("$floor" read "$tmp/reut2-000.sgm"); rc=$?
check "read: exit 0" test $rc -eq 0
check "read: one article ($out)" has "$out" $'articles\t1'
check "read: its resident size" grep -q '^max_rss_kb'$'\t''[1-9]' <<<"$out"
"$floor" dump "$tmp/reut2-000.sgm" >"$tmp/sgm.dump" 2>/dev/null
"$floor" dump "$tmp/docs.jsonl" >"$tmp/jsonl.dump" 2>/dev/null
check "dump: one line" test "$(wc -l <"$tmp/sgm.dump")" -eq 1
check "dump: id, title, date, body as read" \
    has "$(cat "$tmp/sgm.dump")" '{"id":"1","title":"BAHIA COCOA REVIEW","body":"Showers continued throughout the week & the dry period ended.","date":"1987-02-26"'
check "dump: the places kept" has "$(cat "$tmp/sgm.dump")" '"places":["el-salvador","usa"]'
check "dump: the .sgm story and its docs.jsonl line are one article" \
    cmp -s "$tmp/sgm.dump" "$tmp/jsonl.dump"
out=$("$floor" dump "$tmp/nowhere" 2>&1); rc=$?
check "a missing PATH: exit 2" test $rc -eq 2
exit $fail
