/* suggest.h: "did you mean" — a spelling suggestion for a query that
 * matches nothing or very little, from the index's own vocabulary (its
 * term list, walked through the shim, so it works the same over local and
 * remote shards).
 */
#ifndef SILK_SUGGEST_H
#define SILK_SUGGEST_H

#include "analyzer.h"
#include "search.h"
#include "silk_xapian.h"

/* A query with fewer matches than this gets a suggestion, if there is one. */
#define SILK_SUGGEST_FEW 3

/* The query qs with each unknown field that is a typo of one replaced by
 * it ("contry:Japan" -> "country:Japan", silk_query_nearest_field) and
 * each word the index (almost) lacks replaced by the nearest term it has,
 * in canonical syntax, into *out (malloc'ed; NULL
 * when nothing was replaced). A word is replaced when it
 * is a plain one-token word of 4 bytes or more (not =word, not excluded,
 * not a number), found in fewer than SILK_SUGGEST_FEW passages, and a
 * term starting with the same character lies within an edit distance of
 * 1 (words of up to 5 bytes) or 2 (longer) of the word or of its stem,
 * counting a swap of two neighbours as one edit, and is found in 10 times
 * as many passages (in one at least, for a word the index lacks); the
 * nearest wins, then the most frequent. The suggestion is the index's
 * term, a stem ("commerc" for "comerce"). Fails only
 * with the shim's status (silk_errmsg() says why) or SILK_NO_MEMORY. */
silk_status_t silk_suggest(char **out, silk_db_t *db, silk_analyzer_t *a,
                           const char *qs);

/* Set r->suggestion (see search.h) by silk_suggest when r matched fewer
 * than SILK_SUGGEST_FEW passages. */
silk_status_t silk_suggest_results(silk_results_t *r, silk_db_t *db,
                                   silk_analyzer_t *a);

#endif /* SILK_SUGGEST_H */
