/* cite.h: where a hit comes from — a passage's stored data looked up by
 * its id (ARTICLE#N), and each hit's article fields (the JSONL record's
 * other keys, stored on passage 0) read for the page.
 */
#ifndef SILK_CITE_H
#define SILK_CITE_H

#include "passage_data.h"
#include "search.h"
#include "silk_xapian.h"

/* The document data of passage no of article (its UID term, Q ID#N) in
 * db, decoded into *out (the caller's: silk_passage_data_clear; empty on
 * failure). SILK_NOT_FOUND when there is no such passage; the shim's
 * status when the search fails; SILK_NO_MEMORY. */
silk_status_t silk_cite_passage(silk_passage_data_t *out, silk_db_t *db,
                                const char *article, long no);

/* Set each hit's extra (its article's stored fields, the JSON text of
 * passage 0's "extra"; "{}" when it has none) for the hits of r: the
 * distinct articles of the page are looked up together, CITE_BATCH to a
 * search. Fails as silk_cite_passage does except that a missing passage 0
 * gives "{}". */
silk_status_t silk_cite_extras(silk_db_t *db, silk_results_t *r);

#endif
