#!/usr/bin/env bash
# xml.sh: XML news items end to end, as a newcomer points silk at them: a
# folder laid out as RCV1 ships (NNNNnewsML.xml, Latin-1 as declared, one
# gzip'ed), an NITF file as the New York Times corpus has them, an RSS
# feed and a malformed item beside them. Asserts the summary a user sees
# (counts, the feed named as skipped with its root, the malformed item
# named with libxml2's line and message), stories found by their headline
# under their itemid / doc-id with their year, byline, dateline and
# country codes in the fields, and a billion-laughs file refused quickly.
# Environment (from ctest): BIN, SRC; exit 77 = skipped.
set -u
: "${BIN:?}" "${SRC:?}"
for t in silk-index silk-query; do
    [ -x "$BIN/$t" ] || { echo "skip: $BIN/$t not built"; exit 77; }
done
. "$SRC/tests/cli/lib/common.sh"

c=$tmp/corpus
mkdir -p "$c/rcv1/19960820" "$c/nyt/1987" "$c/feeds"
item() {  # item FILE ITEMID DATE HEADLINE PARAGRAPH
    printf '<?xml version="1.0" encoding="iso-8859-1" ?>\n<newsitem itemid="%s" id="root" date="%s" xml:lang="en">\n<title>USA: %s</title>\n<headline>%s</headline>\n<byline>Jane Doe</byline>\n<dateline>NEW YORK 1996-08-20</dateline>\n<text>\n<p>%b</p>\n<p>Dealers expect more.</p>\n</text>\n<copyright>(c) Reuters Limited 1996</copyright>\n<metadata>\n<codes class="bip:countries:1.0">\n  <code code="USA">\n    <editdetail attribution="Reuters BIP Coding Group" action="confirmed" date="1996-08-20"/>\n  </code>\n</codes>\n<dc element="dc.publisher" value="Reuters Holdings Plc"/>\n<dc element="dc.date.published" value="%s"/>\n</metadata>\n</newsitem>\n' \
        "$2" "$3" "$4" "$4" "$5" "$3" >"$1"
}
item "$c/rcv1/19960820/2286newsML.xml" 2286 1996-08-20 \
    'Lead smelter output rises in August' 'Lead smelter output rose, caf\xe9 owners said.'
item "$c/rcv1/19960820/2287newsML.xml" 2287 1997-01-02 \
    'Copper stocks fall at warehouses' 'Copper stocks fell for a third week.'
gzip "$c/rcv1/19960820/2287newsML.xml"
cat >"$c/nyt/1987/0000001.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
<nitf change.date="June 10, 2005" change.time="19:30" version="-//IPTC//DTD NITF 3.3//EN">
<head><title>Ferry Service Resumes</title>
<docdata><doc-id id-string="0000001"/><date.issue norm="19870101T000000"/><doc.copyright holder="The New York Times" year="1987"/></docdata>
<pubdata date.publication="19870101T000000" name="The New York Times"/></head>
<body><body.head><hedline><hl1>Ferry service resumes across the harbor</hl1></hedline><byline class="print_byline">By JOHN ROE</byline><dateline>STATEN ISLAND, Dec. 31</dateline></body.head>
<body.content><block class="lead_paragraph"><p>The ferry ran again.</p></block>
<block class="full_text"><p>The ferry ran again.</p><p>Commuters &amp; tourists cheered.</p></block></body.content></body></nitf>
EOF
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed</title></channel></rss>\n' \
    >"$c/feeds/feed.xml"
printf '<newsitem itemid="9">\n<headline>Broken</headline>\n<text><p>left open</text>\n</newsitem>\n' \
    >"$c/feeds/broken.xml"

out=$("$idx_bin" -i "$tmp/idx" "$c" 2>"$tmp/err"); rc=$?
check "exit 1 for the malformed item (got $rc)" test $rc -eq 1
check "three stories added and searchable ($out)" \
    has "$out" "3 added, 0 changed, 0 unchanged, 0 removed; 3 searchable articles;"
check "the feed named as skipped, with its root" \
    has "$out" "1 skipped file ($c/feeds/feed.xml: an XML file whose root is <rss>, not a news item);"
check "every story dated" has "$out" "; 0 without date;"
check "the malformed item counted" has "$out" "problems: 1 (1 bad xml)"
check "the malformed item named with libxml2's line and message" \
    grep -qxF "$c/feeds/broken.xml:3: malformed XML: Opening and ending tag mismatch: p line 3 and text" "$tmp/err"

got=$(first_hit "$tmp/idx" 'Lead smelter output rises in August')
check "RCV1: the headline finds itemid 2286 with its year (got $got)" test "$got" = $'2286\t1996'
got=$(first_hit "$tmp/idx" copper stocks warehouses)
check "RCV1 gzip'ed: itemid 2287, its own date (got $got)" test "$got" = $'2287\t1997'
got=$(first_hit "$tmp/idx" ferry harbor)
check "NITF: doc-id and the date.publication year (got $got)" test "$got" = $'0000001\t1987'
js=$("$q_bin" -i "$tmp/idx" --json --article 2286 | head -1)
check "RCV1: the headline is the title, not <title>" \
    has "$js" '"title":"Lead smelter output rises in August"'
check "RCV1: Latin-1 as declared" has "$js" 'café owners said.'
check "RCV1: <p> paragraphs" has "$js" 'owners said.\n\nDealers expect more.'
check "RCV1: dc.publisher is the source" has "$js" '"source":"Reuters Holdings Plc"'
check "RCV1: byline, dateline, countries in the fields" \
    has "$js" '"fields":{"byline":"Jane Doe","dateline":"NEW YORK 1996-08-20","copyright":"(c) Reuters Limited 1996","countries":["USA"]}'
js=$("$q_bin" -i "$tmp/idx" --json --article 0000001 | head -1)
check "NITF: hl1 is the title" has "$js" '"title":"Ferry service resumes across the harbor"'
check "NITF: the full text, not the lead block again" \
    has "$js" '"text":"The ferry ran again.\n\nCommuters & tourists cheered."'
check "NITF: the copyright holder is the source" has "$js" '"source":"The New York Times"'

out=$("$idx_bin" -i "$tmp/idx" "$c" 2>/dev/null)
check "a re-run: nothing to do ($out)" has "$out" "0 added, 0 changed, 3 unchanged, 0 removed"

# a named non-news XML file is a problem (the user asked for it)
out=$("$idx_bin" -i "$tmp/ifeed" "$c/feeds/feed.xml" 2>"$tmp/err"); rc=$?
check "a named feed: not indexed, exit non-zero (got $rc)" test $rc -ne 0
check "a named feed: said so" \
    grep -qxF "$c/feeds/feed.xml: an XML file whose root is <rss>, not a news item (<newsitem> or <nitf>): skipped" "$tmp/err"

# billion laughs: refused, never expanded (a second at most, little memory)
{
    printf '<?xml version="1.0"?>\n<!DOCTYPE newsitem [\n<!ENTITY l0 "lol">\n'
    for i in 1 2 3 4 5 6 7 8 9; do
        printf '<!ENTITY l%d "%s">\n' $i "$(printf "&l$((i - 1));%.0s" 1 2 3 4 5 6 7 8 9 10)"
    done
    printf ']>\n<newsitem itemid="lol"><headline>Laughs</headline><text><p>&l9;</p></text></newsitem>\n'
} >"$tmp/lol.xml"
out=$("$idx_bin" -i "$tmp/ilol" "$tmp/lol.xml" 2>"$tmp/err"); rc=$?
check "billion laughs: not indexed (got $rc)" test $rc -ne 0
check "billion laughs: named as bad xml ($(cat "$tmp/err"))" \
    grep -qF "$tmp/lol.xml:1: malformed XML: Detected an entity reference loop" "$tmp/err"

exit $fail
