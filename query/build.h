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

/* Ranking knobs: silk's defaults are chosen on the relevance benchmark
 * (docs/ranking.md) and the same for every corpus. BM25 itself keeps
 * Xapian's k1 1, b 0.5 (silk_search_opts_init). */
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
} silk_rank_opts_t;

/* Fill o with silk's defaults. */
void silk_rank_opts_init(silk_rank_opts_t *o);

/* What the query searches for, for highlighting: the distinct stems of its
 * positive words (body and title), each NUL-terminated. */
typedef struct silk_qterms {
    char **stems;
    size_t n;
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
