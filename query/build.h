/* build.h: turn a parsed query tree into a Xapian query through the shim —
 * words analysed (and stemmed) exactly as the indexer analysed the text,
 * compounds read as phrases, facet filters resolved to exact boolean terms
 * or value ranges, and the ranking tiers that put passages with all the
 * words, and the exact phrase, above the rest.
 */
#ifndef SILK_BUILD_H
#define SILK_BUILD_H

#include <stddef.h>

#include "analyzer.h"
#include "gazetteer.h"
#include "parse.h"
#include "silk_xapian.h"
#include "synonyms.h"

/* A top-level query with more words than this that are not stopwords
 * reads as a sentence (a question, pasted text), not as keywords: the
 * all-words tier is left out, the exact-phrase tier also looks at the
 * title, and compounds are scored by their words. Typed keyword searches
 * have 2-4 such words; Cranfield's questions 4-24, pasted Reuters
 * headlines 6-10 (docs/ranking.md). */
#define SILK_RANK_KEYWORD_MAX_WORDS 4

/* BM25's parameters, silk_search_req_init's defaults: Xapian's k1 1 and
 * b 0.7 (Xapian's own is 0.5, the literature's 0.75). Picked on the
 * odd-numbered queries of the six relevance collections and the
 * long-article stand-ins as the setting whose worst collection is best:
 * at b 0.5 MED's passages (a title line joined to an abstract) were
 * under-normalised and MED was 0.018 behind Xapian + PRF on that half;
 * 0.75 became 0.7 with the feedback weight 0.2 when the title became
 * text of the first passage (docs/ranking.md, round 4). */
#define SILK_RANK_BM25_K1 1.0
#define SILK_RANK_BM25_B 0.7

/* Pseudo-relevance feedback for sentence-like queries (more than
 * SILK_RANK_KEYWORD_MAX_WORDS content words): the best 10 articles taken as
 * relevant, Xapian's ESet gives their 10 best words (the query's own
 * excluded), which re-rank the matches (AND_MAYBE: no match is added) at a
 * fifth of a query word's weight. 10 and 10 are the Xapian + PRF peer's
 * (issue 12); the weight and the number of words were chosen on the odd
 * queries of the six collections and the long-article stand-ins
 * (docs/ranking.md). Headline searches (<= 4 words) are left alone: their
 * words say what they want, and a feedback round would drift. */
#define SILK_RANK_FEEDBACK_DOCS 10
#define SILK_RANK_FEEDBACK_TERMS 10
#define SILK_RANK_FEEDBACK_WEIGHT 0.2

/* An article's evidence in its passages' scores (query/article.h): each
 * of the best SILK_RANK_ARTICLE_POOL passages gets this share of its
 * article's BM25 over what its own BM25 is. Weight 1 (of 0.5, 1, 1.5, 2)
 * on the odd queries of the six collections and the long-article
 * stand-ins; a pool of 300 ranked the same (docs/ranking.md). */
#define SILK_RANK_ARTICLE_WEIGHT 1.0
#define SILK_RANK_ARTICLE_POOL 100u

/* Ranking knobs: silk's defaults are chosen on the relevance benchmark
 * (docs/ranking.md) and the same for every corpus. */
typedef struct silk_rank_opts {
    double title_weight;   /* weight of a title match relative to body */
    double tier_weight;    /* fixed score added per tier (all words, exact
                              phrase); larger than any BM25 score */
    double proximity_weight; /* bonus for consecutive query words (not
                                stopwords) near each other; 0: none */
    unsigned proximity_window;
    unsigned keyword_max_words;    /* see SILK_RANK_KEYWORD_MAX_WORDS */
    double compound_phrase_weight; /* a compound in a sentence-like query:
                                      its phrase's bonus over its words */
    unsigned feedback_docs;  /* pseudo-relevance feedback, sentence-like */
    unsigned feedback_terms; /* queries only: feedback_terms words of the */
    double feedback_weight;  /* best feedback_docs articles re-rank the
                                matches at this weight (query/search.c);
                                0 terms or docs: off */
    double article_weight;   /* an article's evidence in its passages'
                                scores (query/article.h); 0: off */
    unsigned article_pool;   /* ranked passages it is counted over */
} silk_rank_opts_t;

/* Fill o with silk's defaults. */
void silk_rank_opts_init(silk_rank_opts_t *o);

/* What the query searches for, for highlighting: the distinct stems of its
 * positive words (body and title), each NUL-terminated; the last nsyn of
 * them come only from the words' synonyms (silk_qbuild_syn). */
typedef struct silk_qterms {
    char **stems;
    size_t n;
    size_t nsyn;
} silk_qterms_t;

void silk_qterms_free(silk_qterms_t *t);

/* Build *out from tree (NULL tree: match nothing). A filter alone (no
 * words) matches every passage it selects. A filter value that names
 * nothing (country:Atlantis, year:abc) matches nothing and says so in
 * *notes. terms (may be NULL) receives the stems to highlight. *notes (may
 * be NULL) gets a malloc'ed one-line remark or NULL. Fails only on
 * SILK_NO_MEMORY (and on shim errors). The caller frees *out. */
silk_status_t silk_qbuild(silk_query_t **out, const silk_qnode_t *tree,
                          silk_analyzer_t *a, silk_gazetteer_t *g,
                          const silk_rank_opts_t *ro, silk_qterms_t *terms,
                          char **notes);

/* Check tree's date: filters before building: SILK_OK, or SILK_INVALID
 * with *msg a malloc'ed one-line reason naming the first bad value
 * ("date:2021-13 is not a date: ..."), which the caller frees; else *msg
 * is NULL. SILK_NO_MEMORY if the message could not be made. */
silk_status_t silk_qbuild_check(const silk_qnode_t *tree, char **msg);

/* silk_qbuild with the index's synonyms syn (borrowed; NULL: none): each
 * word or phrase also finds its synonyms, ranked below what was typed, a
 * word typed =word only itself, and *notes names each expansion
 * (docs/query-syntax.md, "Synonyms"). */
silk_status_t silk_qbuild_syn(silk_query_t **out, const silk_qnode_t *tree,
                              silk_analyzer_t *a, silk_gazetteer_t *g,
                              const silk_syn_t *syn,
                              const silk_rank_opts_t *ro, silk_qterms_t *terms,
                              char **notes);

#endif /* SILK_BUILD_H */
