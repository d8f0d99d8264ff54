/* cite.h: where a hit comes from — a passage's stored data looked up by
 * its id (ARTICLE#N), and each hit's article fields (title, date, ...,
 * the JSONL record's other keys: stored on passage 0) read for the page.
 */
#ifndef SILK_CITE_H
#define SILK_CITE_H

#include <stdbool.h>

#include "passage_data.h"
#include "search.h"
#include "silk_xapian.h"

/* The document data of passage no of article (its UID term, Q ID#N) in
 * db, decoded into *out (the caller's: silk_passage_data_clear; empty on
 * failure); the article's fields are passage 0's (passage_data.h).
 * SILK_NOT_FOUND when there is no such passage; the shim's status when
 * the search fails; SILK_NO_MEMORY. */
silk_status_t silk_cite_passage(silk_passage_data_t *out, silk_db_t *db,
                                const char *article, long no);

/* Set h's article fields — title, date, source, url, path, extra and the
 * facet values year, source, subject and category (silk_hit_t.values) —
 * from d, decoded passage data: its article's when d->has_article (extra
 * then non-NULL), else "" (extra NULL: to be looked up on passage 0).
 * Replaces what h had. Returns false if memory ran out. */
bool silk_cite_set_article(silk_hit_t *h, const silk_passage_data_t *d);

/* Give every hit of r whose article fields are not set yet (extra NULL:
 * a passage past 0) those of its article's passage 0: from a hit of the
 * page that is that passage, else looked up, the page's distinct articles
 * together, CITE_BATCH to a search. An article without a passage 0 leaves
 * them "" and extra "{}". Fails with the shim's status or SILK_NO_MEMORY. */
silk_status_t silk_cite_articles(silk_db_t *db, silk_results_t *r);

#endif
