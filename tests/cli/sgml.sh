#!/usr/bin/env bash
# sgml.sh: SGML news collections end to end, as a newcomer points silk at
# them (issue 10): a generated folder laid out as Reuters-21578 is
# downloaded (reut2-*.sgm, README.txt, lewis.dtd, a category list) and
# TREC files without an extension, plain and gzip'ed. Asserts the summary a
# user sees (counts, skipped files, the Windows-1252 note, the empty story
# named), a story found by its headline under its NEWID with its year, the
# same article as the converter's docs.jsonl gives, the category list kept
# as the .txt article it is (never a story), a file cut short, and TREC
# DOCNOs, headlines and dates; the rows S1-S5 of docs/bad-input.md are
# checks here under their ids. Environment (from ctest): BIN, SRC; exit 77
# = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
. "$SRC/tests/cli/lib/common.sh"

# --- Reuters-21578 as downloaded -------------------------------------------
r=$tmp/reuters/raw
mkdir -p "$r"
printf 'Reuters-21578 text categorization test collection\n' >"$r/README.txt"
printf '<!ELEMENT LEWIS - - (REUTERS*)>\n' >"$r/lewis.dtd"
printf 'afghanistan\nalgeria\nel-salvador\n' >"$r/all-places-strings.lc.txt"
story() {  # story NEWID DATE TEXT-ELEMENT
    printf '<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="%s" NEWID="%s">\n<DATE>%s</DATE>\n<TOPICS><D>earn</D></TOPICS>\n<PLACES><D>usa</D></PLACES>\n<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n<UNKNOWN> \n&#5;&#5;&#5;F\n&#22;&#22;&#1;f0812&#31;reute</UNKNOWN>\n%s\n</REUTERS>\n' \
        "$((5000 + $1))" "$1" "$2" "$3"
}
{
    printf '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
    story 1 "26-FEB-1987 15:18:06.67" '<TEXT>&#2;
<TITLE>MARINE CORP &lt;MCRP.O> 3RD QTR NET</TITLE>
<DATELINE>    MILWAUKEE, Feb 26 - </DATELINE><BODY>Shr 38 cts vs 35 cts
    Net 2,878,000 vs 2,594,000
    Assets 517.7 mln vs 480.3 mln
 Reuter
&#3;</BODY></TEXT>'
    story 2 "26-FEB-1987 15:19:15.45" '<TEXT TYPE="BRIEF">&#2;
******<TITLE>HARPER AND ROW SETS BUYBACK
</TITLE>
&#3;

</TEXT>'
    story 3 "26-FEB-1987 15:20:00.00" '<TEXT TYPE="UNPROC">&#2;
BLAH BLAH BLAH.
    the unprocessed wire text of a story
 Reuter
&#3;</TEXT>'
    story 4 "26-FEB-1987 15:21:00.00" '<TEXT TYPE="UNPROC">&#2;
&#3;</TEXT>'
} >"$r/reut2-000.sgm"
# one Latin-1 byte, as reut2-017.sgm has
story 5 "2-JUN-1987 10:00:00.00" "$(printf '<TEXT>&#2;\n<TITLE>LAWSON SEES NO NEED</TITLE>\n<BODY>growth.\xfcside measures.\n Reuter\n&#3;</BODY></TEXT>')" \
    >"$r/reut2-001.sgm"

out=$("$idx_bin" -i "$tmp/ir" "$r" 2>"$tmp/err"); rc=$?
check "Reuters: exit 1 for the empty story (got $rc)" test $rc -eq 1
check "Reuters: the stories and the category list added ($out)" \
    has "$out" "5 added, 0 changed, 0 unchanged, 0 removed; 5 searchable articles;"
check "Reuters: README and DTD named as skipped" \
    has "$out" "2 skipped files ($r/README.txt: a README or licence, not an article; $r/lewis.dtd: not an article file);"
check "Reuters: the category list has no date" has "$out" "; 1 without date;"
check "S3: the Latin-1 file counted, not a problem" has "$out" "; 1 file read as Windows-1252;"
check "S1: the empty story counted" has "$out" "problems: 1 (1 empty)"
check "S1: the empty story named at its line" \
    grep -qxF "$r/reut2-000.sgm:56: story NEWID 4 has no title and no text: nothing to index" "$tmp/err"
check "S3: the Latin-1 note" \
    grep -qxF "$r/reut2-001.sgm: not UTF-8: read as Windows-1252 (Latin-1)" "$tmp/err"

got=$(first_hit "$tmp/ir" 'MARINE CORP <MCRP.O> 3RD QTR NET')
check "the headline finds NEWID 1 with its year (got $got)" test "$got" = $'1\t1987'
got=$(first_hit "$tmp/ir" harper buyback)
check "a BRIEF is found by its headline (got $got)" test "$got" = $'2\t1987'
got=$(first_hit "$tmp/ir" unprocessed wire)
check "an UNPROC story is found by its text (got $got)" test "$got" = $'3\t1987'
js=$("$q_bin" -i "$tmp/ir" --json --article 3 | head -1)
check "an UNPROC story's title is its first line" has "$js" '"title":"BLAH BLAH BLAH."'
js=$("$q_bin" -i "$tmp/ir" --json --article 5 | head -1)
check "the Latin-1 byte read as Windows-1252" has "$js" 'growth.üside measures.'
check "no control character stored" \
    test -z "$("$q_bin" -i "$tmp/ir" --json --limit 100 'net OR buyback OR wire OR lawson' | grep -F '\u00')"
n=$("$q_bin" -i "$tmp/ir" --count year:1987)
check "year:1987: the four stories (got $n)" has "$n" "in 4 articles"
got=$(first_hit "$tmp/ir" algeria)
check "the category list is the .txt article it is, not a story (got $got)" \
    test "$got" = $'all-places-strings.lc\tnull'

# the same story as the converter writes it to docs.jsonl (to_jsonl.py)
printf '%s\n' '{"id": "1", "title": "MARINE CORP <MCRP.O> 3RD QTR NET", "date": "1987-02-26", "datetime": "1987-02-26T15:18:06.67", "places": ["usa"], "topics": ["earn"], "orgs": [], "people": [], "exchanges": [], "dateline": "MILWAUKEE, Feb 26 -", "oldid": "5001", "topics_attr": "YES", "lewissplit": "TRAIN", "cgisplit": "TRAINING-SET", "text_type": "NORM", "body": "Shr 38 cts vs 35 cts\n\nNet 2,878,000 vs 2,594,000\n\nAssets 517.7 mln vs 480.3 mln"}' \
    >"$tmp/docs.jsonl"
"$idx_bin" -q -i "$tmp/ij" "$tmp/docs.jsonl"
a=$("$q_bin" -i "$tmp/ir" --json --article 1 | grep '"type":"hit"' | sed 's/"path":"[^"]*"//')
b=$("$q_bin" -i "$tmp/ij" --json --article 1 | grep '"type":"hit"' | sed 's/"path":"[^"]*"//')
check "NEWID 1 from raw/ = NEWID 1 from docs.jsonl" test -n "$a" -a "$a" = "$b"

out=$("$idx_bin" -i "$tmp/ir" "$r" 2>/dev/null)
check "a re-run: nothing to do ($out)" has "$out" "0 added, 0 changed, 5 unchanged, 0 removed"

# a download cut short: the story is reported, what it has is indexed
head -c -40 "$r/reut2-000.sgm" >"$tmp/cut.sgm"
out=$("$idx_bin" -i "$tmp/icut" "$tmp/cut.sgm" 2>"$tmp/err"); rc=$?
check "S2: cut short: exit 1" test $rc -eq 1
check "S2: cut short: the open story named" \
    grep -qF "$tmp/cut.sgm:56: <REUTERS> opened here is not closed at the end of the file (cut short?): indexed as far as it goes" "$tmp/err"
check "S2: cut short: the stories before it whole ($out)" has "$out" "3 added"

# --- TREC files: no extension, gzip'ed -------------------------------------
t=$tmp/trec
mkdir -p "$t"
printf '<DOC>\n<DOCNO> WSJ870324-0001 </DOCNO>\n<HL> John Blair Is Near Accord\n To Sell Unit, Sources Say </HL>\n<DD> 03/24/87</DD>\n<DATE>870324</DATE>\n<TEXT>\n   John Blair &amp; Co. is close to an agreement to sell its TV station\nadvertising representation operation.\n</TEXT>\n</DOC>\n' \
    >"$t/WSJ870324"
printf '<DOC>\n<DOCNO>LA010189-0001</DOCNO>\n<DATE><P>January 1, 1989, Sunday, Home Edition</P></DATE>\n<HEADLINE><P>Hungarians flee to Austria</P></HEADLINE>\n<TEXT><P>Sixty-five Hungarian nationals crossed the border.</P>\n<P>They asked for asylum.</P></TEXT>\n</DOC>\n<DOC>\n<TEXT>A story without a DOCNO.</TEXT>\n</DOC>\n' \
    | gzip -c >"$t/la010189.gz"
printf 'plain notes, not a story\n' >"$t/NOTES"
out=$("$idx_bin" -i "$tmp/it" "$t" 2>"$tmp/err"); rc=$?
check "TREC: exit 0 (got $rc: $(cat "$tmp/err"))" test $rc -eq 0
check "TREC: three stories, the notes skipped ($out)" \
    has "$out" "3 added, 0 changed, 0 unchanged, 0 removed; 3 searchable articles;"
check "S5: a file without an extension that is no SGML stays skipped" \
    has "$out" "1 skipped file ($t/NOTES: no extension)"
got=$(first_hit "$tmp/it" 'John Blair Is Near Accord To Sell Unit')
check "WSJ: DOCNO and the YYMMDD date (got $got)" test "$got" = $'WSJ870324-0001\t1987'
got=$(first_hit "$tmp/it" hungarians flee)
check "LA Times, gzip'ed: the date before its day name (got $got)" test "$got" = $'LA010189-0001\t1989'
got=$(first_hit "$tmp/it" without docno)
check "S4: no DOCNO: the file and its place (got $got)" test "$got" = $'la010189:2\tnull'
js=$("$q_bin" -i "$tmp/it" --json --article LA010189-0001 | head -1)
check "<P> ends a paragraph" has "$js" 'the border.\n\nThey asked for asylum.'

exit $fail
