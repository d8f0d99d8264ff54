/* silk_schema.h: what silk-index writes and silk-query reads must agree on —
 * term prefixes, value slots, metadata keys and the document-data format.
 * Documented for users in docs/index-format.md; bump SILK_SCHEMA_VERSION on
 * any change that an old reader would misread.
 */
#ifndef SILK_SCHEMA_H
#define SILK_SCHEMA_H

#define SILK_SCHEMA_VERSION 4

/* Metadata keys. */
#define SILK_META_SCHEMA   "silk:schema"   /* "1" */
#define SILK_META_LANG     "silk:lang"     /* analyser language, "english" */
#define SILK_META_SYNONYMS "silk:synonyms" /* the synonym table, as
                                              synonym-file text (synonyms.h) */
#define SILK_META_ARTICLE  "silk:article:" /* + article id -> article record,
                                              see docs/index-format.md */

/* Term prefixes (Xapian's conventions where there is one). Facet values in
 * terms are lower case, so a prefix never runs into an upper-case value. */
#define SILK_PREFIX_TITLE    "S"   /* + stem, with positions: title:word */
#define SILK_PREFIX_UID      "Q"   /* + article id + "#" + passage number */
#define SILK_PREFIX_ARTICLE  "XA"  /* + article id: all of its passages */
#define SILK_PREFIX_YEAR     "Y"   /* + "2021" */
#define SILK_PREFIX_DATE     "D"   /* + "20210302" */
#define SILK_PREFIX_COUNTRY  "XC"  /* + ISO 3166-1 alpha-2, lower: "XCla" */
#define SILK_PREFIX_SUBJECT  "XK"  /* + ISO alpha-2: the article's subject */
#define SILK_PREFIX_MINISTRY "XM"  /* + canonical slug: "XMcommerce" */
#define SILK_PREFIX_SOURCE   "XS"  /* + source slug: "XSchina-trade-news" */
#define SILK_PREFIX_CATEGORY "XT"  /* + category slug: "XTbusiness" */

/* The position of an article title's first word and of a passage's: 1,
 * as Xapian's own TermGenerator numbers them. Not 0: Xapian 1.4.22 stores
 * the position list [0, 1] as [1], so a text that opens with a repeated
 * word (Reuters' "ITT <ITT> ...", 1.3% of its headlines) lost its phrase. */
#define SILK_FIRST_POS 1

/* Value slots. Lists (several countries or ministries in one passage) are
 * stored sorted and joined with SILK_LIST_SEP in one slot, so that Xapian's
 * built-in ValueCountMatchSpy counts them, also over the remote protocol;
 * the client splits each combination and sums (exact, see query/). */
enum silk_slot {
    SILK_SLOT_YEAR = 0,     /* "2021" (4 digits: string order = number order) */
    SILK_SLOT_DATE = 1,     /* "2021-03-02" (or "2021", "2021-03") */
    SILK_SLOT_ARTICLE = 2,  /* article id: the collapse key */
    SILK_SLOT_COUNTRY = 3,  /* "CN LA" upper-case ISO codes */
    SILK_SLOT_MINISTRY = 4, /* "commerce state-council" */
    SILK_SLOT_SOURCE = 5,   /* display name, "China Trade News" */
    SILK_SLOT_SUBJECT = 6,  /* "LA": the article's subject countries */
    SILK_SLOT_TEXTKEY = 7,  /* the passage's fingerprint: equal for passages
                               whose text is the same after whitespace and
                               case normalisation (identical-passage
                               collapse at query time) */
    SILK_SLOT_NEARDUP = 8,  /* the article's near-duplicate signature
                               (syndicated copies), compared at query time */
    SILK_SLOT_CATEGORY = 9, /* the article's category as given: "business" */
    SILK_SLOT_COUNT_        /* number of slots */
};
#define SILK_LIST_SEP ' '

/* Document data: one binary record per passage (schema 4; JSON text
 * before), written and read only by schema/passage_data.h: the passage's
 * id, span, text and its displayed facets (countries, ministries), and on
 * passage 0 only the article's fields (title, date, source, url, path,
 * subjects, category, the JSONL record's other fields). A page of hits
 * reads its facets there; the slots are for the matcher (filters, ranges,
 * counts, collapse, duplicates). Which field has which prefix and slot is
 * schema/fields.c. */

#endif /* SILK_SCHEMA_H */
