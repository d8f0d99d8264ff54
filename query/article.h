/* article.h: an article's evidence in its passages' scores. silk ranks
 * passages; a passage of a long article that states the query's words
 * once, in an article that states them in every passage, lost to a short
 * article that states them once. Here each ranked passage gets
 * weight x (article BM25 - passage BM25) added: the same BM25 over the
 * query's words, once with the whole article's frequencies and length
 * and once with the passage's own, so an article of one passage gets
 * nothing and order within an article is kept (docs/ranking.md,
 * "Article context").
 */
#ifndef SILK_ARTICLE_H
#define SILK_ARTICLE_H

#include <stddef.h>

#include "silk_xapian.h"

/* One ranked passage: its article id (borrowed), docid and weight. */
typedef struct silk_art_hit {
    const char *article;
    size_t article_len;
    unsigned docid;
    double weight;
} silk_art_hit_t;

/* Fill adj[0..n) with each hit's weight plus weight x (its article's
 * BM25 over stems[0..nstems) - its own), BM25 with k1 and b; an article's
 * length is the sum of its passages', normalised by the mean passage
 * length times the mean number of passages of the hits' articles (so that
 * one passage per article is neutral). Hits with no article id keep their
 * weight. Fails with the shim's status or SILK_NO_MEMORY (adj then holds
 * the weights). */
silk_status_t silk_article_rescore(silk_db_t *db, const silk_art_hit_t *hits,
                                   size_t n, const char *const *stems,
                                   size_t nstems, double weight, double k1,
                                   double b, double *adj);

#endif /* SILK_ARTICLE_H */
