/* cite.h: where a hit comes from — a passage's stored data looked up by
 * its id (ARTICLE#N), and each hit's article fields (the JSONL record's
 * other keys, stored on passage 0) read for the page.
 */
#ifndef SILK_CITE_H
#define SILK_CITE_H

#include <jansson.h>

#include "search.h"
#include "silk_xapian.h"

/* The document data of passage no of article (its UID term, Q ID#N) in
 * db, as a JSON object, in *out (the caller's: json_decref). SILK_NOT_FOUND
 * when there is no such passage (*out = NULL); the shim's status when the
 * search fails; SILK_NO_MEMORY. */
silk_status_t silk_cite_passage(json_t **out, silk_db_t *db,
                                const char *article, long no);

/* Set each hit's extra (its article's stored fields, the JSON text of
 * passage 0's "extra"; "{}" when it has none) for the hits of r: the
 * distinct articles of the page are looked up together, CITE_BATCH to a
 * search. Fails as silk_cite_passage does except that a missing passage 0
 * gives "{}". */
silk_status_t silk_cite_extras(silk_db_t *db, silk_results_t *r);

#endif
