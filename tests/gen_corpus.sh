#!/usr/bin/env bash
# tests/gen_corpus.sh DIR: write a small corpus of the shapes real corpora
# come in (issue 10), for tests/cli/index_corpus.sh:
#   DIR/news/        category folders whose files clash by name
#                    (business/001.txt, tech/001.txt, ...), as the BBC is
#                    downloaded; a README.TXT and a notes.md beside them;
#                    CRLF line ends, no final newline, Latin-1 bytes;
#                    prose dates next to a real dateline or label;
#                    a .meta sidecar; a JSON array (with headline-only
#                    and id-less articles), a JSON object, gzip'ed JSON
#                    Lines; in news/shapes/ the shapes news datasets are
#                    published in: HuffPost-style JSON Lines (headline,
#                    short_description, link, authors), a Kaggle-style
#                    CSV (quoted newlines, "" quotes, CRLF, a BOM) and a
#                    gzip'ed TSV without an id column; in news/wire/ SGML
#                    as downloaded: a Reuters .sgm (a BRIEF among its
#                    stories), a TREC file without an extension and a
#                    gzip'ed one; in news/rcv1/ two RCV1 NewsML items
#                    (Latin-1 as declared) and in news/nyt/ an NITF file
#   DIR/stdin.jsonl  JSON Lines to pipe into "silk-index -i X -"
#   DIR/lf/          the CRLF and no-final-newline articles again with LF
#                    line ends, to compare their passages
#   DIR/expect.tsv   id<TAB>a word only that article has<TAB>its year
#                    ("-": none): what each article must be found by
# Every article carries a made-up word of its own (zq + letters), so a
# search for it finds that article and no other. Plain bash, printf and
# gzip: no other tool.
set -eu
d=${1:?usage: gen_corpus.sh DIR}
mkdir -p "$d/news/business" "$d/news/tech" "$d/news/politics" \
         "$d/news/sport" "$d/news/feeds" "$d/news/shapes" "$d/lf"
n=$d/news
: >"$d/expect.tsv"
expect() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$d/expect.tsv"; }

# --- clashing names: three 001.txt in three folders ---------------------
printf 'Ad sales boost zqalpha profits\n\nQuarterly profits at the media group zqalpha jumped 76%% to $1.13bn for the three months to December.\n\nIts results were helped by strong advertising sales.\n' \
    >"$n/business/001.txt"
expect business/001 zqalpha -
printf 'Dollar gains zqbravo\n\nThe dollar has hit its highest level against the euro in almost three months, zqbravo traders said.\n' \
    >"$n/business/002.txt"
expect business/002 zqbravo -
printf 'Ink helps drive zqcharlie in Asia\n\nThe zqcharlie ink, used in elections, is sprayed on the fingers of voters to stop them voting twice.\n' \
    >"$n/tech/001.txt"
expect tech/001 zqcharlie -

# --- dates: only from where dates are -----------------------------------
# a wire dateline with a year, and a birthday in the prose after it
printf 'Chip maker zqdelta profit rises\n\nSAN FRANCISCO, March 3, 2021 (Reuters) - The chip maker zqdelta said profit rose. Its founder, born on 25 August, 1938, was not there.\n' \
    >"$n/tech/002.txt"
expect tech/002 zqdelta 2021
# prose dates only: no date at all
printf 'Veteran zqecho looks back\n\nThe politician zqecho, born on 25 August, 1938, recalled the attacks of 11 September 2001 and the vote of March 2, 2005 in a long interview.\n' \
    >"$n/politics/003.txt"
expect politics/003 zqecho -
# a web page's label in a line of fields
printf 'Tel: +86-371-53706735\n\nTrade fair zqfoxtrot opens\n\nViews: 8     Author: Site Editor     Publish Time: 2019-06-12      Origin: Site\n\nThe trade fair zqfoxtrot opened with exhibitors from forty countries and regions.\n' \
    >"$n/business/003.txt"
expect business/003 zqfoxtrot 2019
# a wire dateline without a year: no year
printf 'Oil zqgolf steady\n\nNEW YORK, March 3 (Reuters) - Oil prices held steady as zqgolf traders waited for the OPEC meeting of 1987.\n' \
    >"$n/business/004.txt"
expect business/004 zqgolf -
# metadata first: the sidecar's date beats the label in the text
printf 'Budget zqhotel passed\n\nPublished: 2001-01-01\n\nParliament passed the zqhotel budget after a long debate.\n' \
    >"$n/politics/004.txt"
printf 'title: Budget zqhotel passed by parliament\ndate: 2020-11-12\nsource: Wire\n' \
    >"$n/politics/004.meta"
expect politics/004 zqhotel 2020

# --- CRLF, no final newline, Latin-1 (and their LF twins) ---------------
body1='Election zqindia called\n\nThe prime minister called an election for the zqindia seats on a cold morning.\n\nVoters will go to the polls in May, officials said on the radio.\n'
printf "$body1" | sed 's/$/\r/' >"$n/politics/001.txt"
printf "$body1" >"$d/lf/001.txt"
expect politics/001 zqindia -
body2='Minister zqjuliet resigns\n\nThe minister zqjuliet resigned after a row over a long and costly report.'
printf "$body2" >"$n/politics/002.txt"
printf "$body2\n" >"$d/lf/002.txt"
expect politics/002 zqjuliet -
# one byte 0xA3 (a pound sign in Latin-1), as the BBC's sport/199.txt
printf 'Striker zqkilo signs\n\nThe striker zqkilo signed for \xa36m after a long summer of talks.\n' \
    >"$n/sport/001.txt"
expect sport/001 zqkilo -

# --- not articles ---------------------------------------------------------
printf 'About this collection: five sections of news.\n' >"$n/README.TXT"
printf '# Notes\n\nzqnotes are not news.\n' >"$n/notes.md"

# --- JSON: an array (one without id, one headline only), an object ------
cat >"$n/feeds/list.json" <<'EOF'
[
  {"id": "wire-1", "title": "Port zqlima reopens", "body": "The port zqlima reopened after the storm.", "date": "2021-02-26"},
  {"title": "Rail zqmike line approved", "body": "The rail zqmike line was approved by the council."},
  {"id": "wire-3", "title": "Opec zqnovember deliberately under ceiling", "body": "", "date": "1987-03-13"}
]
EOF
expect wire-1 zqlima 2021
expect feeds/list:2 zqmike -
expect wire-3 zqnovember 1987
printf '{"title": "Bridge zqoscar opens", "body": "A new bridge zqoscar opened to traffic.", "date": "March 2, 2021"}' \
    >"$n/feeds/bridge.json"
expect feeds/bridge zqoscar 2021
printf '%s\n' \
    '{"id": "gz-1", "title": "Harvest zqpapa up", "body": "The zqpapa harvest was up a tenth."}' \
    '' \
    '{"title": "Mine zqquebec closes", "body": "The zqquebec mine closed.\r\n\r\nIts workers were moved."}' \
    | gzip -c >"$n/feeds/wire.jsonl.gz"
expect gz-1 zqpapa -
expect feeds/wire:3 zqquebec -

# --- datasets as published: other field names, CSV, TSV -------------------
# HuffPost's News Category Dataset: no id, headline + short_description
# (a summary: the body), one with an empty description (a headline)
printf '%s\n' \
    '{"link": "https://www.huffpost.com/entry/zqtango", "headline": "Flood zqtango waters recede", "category": "WORLD NEWS", "short_description": "The zqtango river fell a metre overnight.", "authors": "Ann Lee", "date": "2022-09-23"}' \
    '{"link": "https://www.huffpost.com/entry/zquniform", "headline": "Senate zquniform vote delayed", "category": "POLITICS", "short_description": "", "authors": "", "date": "2018-05-26"}' \
    >"$d/news/shapes/huffpost.jsonl"
expect shapes/huffpost:1 zqtango 2022
expect shapes/huffpost:2 zquniform 2018
# Kaggle's "All the news": an id column, content with a quoted newline and
# "" quotes, CRLF line ends and a byte-order mark
printf '\xef\xbb\xbfid,title,publication,author,date,year,month,url,content\r\n%s\r\n%s\r\n' \
    '17283,Harbour zqvictor expands,Daily Wire,Bo Chen,2016-12-31,2016.0,12.0,https://example.com/zqvictor,"The harbour zqvictor will expand, officials said.' \
    'Work starts in ""spring"", they added."' \
    >"$d/news/shapes/kaggle.csv"
printf '17284,Market zqwhiskey opens,Daily Wire,,2017-01-02,2017.0,1.0,,"A new zqwhiskey market opened on Monday."\r\n' \
    >>"$d/news/shapes/kaggle.csv"
expect 17283 zqvictor 2016
expect 17284 zqwhiskey 2017
# a TSV dump, gzip'ed, without an id column: ids from the row's line
printf 'headline\tarticle\tpublish_date\n%s\n' \
    $'Storm zqxray hits coast\tThe storm zqxray hit the coast at dawn.\t2019-08-01' \
    | gzip -c >"$d/news/shapes/dump.tsv.gz"
expect shapes/dump:2 zqxray 2019
# --- SGML as downloaded: Reuters .sgm, TREC files without an extension ---
mkdir -p "$n/wire"
# entities, wire codes, the sign-off; a BRIEF (headline only)
cat >"$n/wire/reut2-000.sgm" <<'EOF'
<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="101">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D></PLACES>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;ZQAMBER.O> REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout
the week in the Bahia cocoa zone &amp; ports.
    The dry period means the temporao will be late.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS NEWID="102">
<DATE>13-MAR-1987 04:42:21.53</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>OPEC ZQBRONZE UNDER CEILING
</TITLE>
&#3;

</TEXT>
</REUTERS>
EOF
expect 101 zqamber 1987
expect 102 zqbronze 1987
# TREC: no extension, and gzip'ed; a YYMMDD date; <P> paragraphs
printf '<DOC>\n<DOCNO> AP880212-0001 </DOCNO>\n<HEAD>Port zqcobalt reopens</HEAD>\n<DATE>880212</DATE>\n<TEXT>\n   The port zqcobalt reopened after the storm.\n   Ships waited.\n</TEXT>\n</DOC>\n<DOC>\n<DOCNO> AP880212-0002 </DOCNO>\n<TEXT>\n<P>Rail line zqdenim approved by the council.</P>\n<P>Work starts in May.</P>\n</TEXT>\n</DOC>\n' \
    >"$n/wire/ap880212"
expect AP880212-0001 zqcobalt 1988
expect AP880212-0002 zqdenim -
printf '<DOC>\n<DOCNO>LA010189-0001</DOCNO>\n<DATE><P>January 1, 1989, Sunday, Home Edition</P></DATE>\n<HEADLINE><P>Mine zqember closes</P></HEADLINE>\n<TEXT><P>The zqember mine closed.</P></TEXT>\n</DOC>\n' \
    | gzip -c >"$n/wire/la010189.gz"
expect LA010189-0001 zqember 1989

# --- XML news items: RCV1 NewsML (one story a file, Latin-1 as declared)
# and an NITF file as the NYT corpus ships them ----------------------------
mkdir -p "$n/rcv1" "$n/nyt"
rcv1() {  # rcv1 ITEMID DATE HEADLINE PARAGRAPH
    printf '<?xml version="1.0" encoding="iso-8859-1" ?>\n<newsitem itemid="%s" id="root" date="%s" xml:lang="en">\n<title>USA: %s</title>\n<headline>%s</headline>\n<dateline>NEW YORK %s</dateline>\n<text>\n<p>%b</p>\n<p>Dealers said so.</p>\n</text>\n<copyright>(c) Reuters Limited 1996</copyright>\n<metadata>\n<codes class="bip:countries:1.0">\n  <code code="USA">\n  </code>\n</codes>\n<dc element="dc.publisher" value="Reuters Holdings Plc"/>\n</metadata>\n</newsitem>\n' \
        "$1" "$2" "$3" "$3" "$2" "$4" >"$n/rcv1/$1newsML.xml"
}
rcv1 2286 1996-08-20 'Garnet zqgarnet prices rise' 'Garnet zqgarnet prices rose on Tuesday in New York.'
rcv1 2287 1996-08-21 'Fable zqfable wins award' 'The fable zqfable won the caf\xe9 prize.'
expect 2286 zqgarnet 1996
expect 2287 zqfable 1996
cat >"$n/nyt/0000001.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "http://www.nitf.org/IPTC/NITF/3.3/specification/dtd/nitf-3-3.dtd">
<nitf change.date="June 10, 2005" change.time="19:30" version="-//IPTC//DTD NITF 3.3//EN">
<head><title>Mine zqhematite opens</title>
<docdata><doc-id id-string="0000001"/><date.issue norm="19870101T000000"/><doc.copyright holder="The New York Times" year="1987"/></docdata>
<pubdata date.publication="19870101T000000" name="The New York Times"/></head>
<body><body.head><hedline><hl1>Mine zqhematite opens in Peru</hl1></hedline><byline class="print_byline">By JOHN ROE</byline><dateline>LIMA, Peru, Dec. 31</dateline></body.head>
<body.content><block class="lead_paragraph"><p>The zqhematite mine opened.</p></block>
<block class="full_text"><p>The zqhematite mine opened.</p><p>Workers cheered &amp; sang.</p></block></body.content></body></nitf>
EOF
expect 0000001 zqhematite 1987

# --- JSON Lines on standard input: a headline-only one too -------------------
printf '%s\n' \
    '{"id": "in-1", "title": "Stream zqromeo begins", "body": "The zqromeo stream began at noon."}' \
    '{"id": "in-2", "title": "Headline only zqsierra", "body": ""}' \
    >"$d/stdin.jsonl"
expect in-1 zqromeo -
expect in-2 zqsierra -
