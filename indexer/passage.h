/* passage.h: split an article body into passages — paragraphs, short ones
 * joined to the next, long ones cut at sentence boundaries, boilerplate
 * (contact lines, page chrome, copyright footers) left out.
 */
#ifndef SILK_PASSAGE_H
#define SILK_PASSAGE_H

#include <stddef.h>

/* Limits, in words (see docs/passages.md for why these numbers). */
#define SILK_PASSAGE_MIN_WORDS 12   /* shorter paragraphs join the next */
#define SILK_PASSAGE_MAX_WORDS 250  /* longer ones are cut at sentences */

typedef struct silk_passage {
    size_t start, end;  /* byte span [start, end) in the body, trimmed */
} silk_passage_t;

typedef struct silk_passage_stats {
    size_t paragraphs;   /* paragraphs seen */
    size_t boilerplate;  /* paragraphs dropped as boilerplate */
} silk_passage_stats_t;

/* Split body[0..len) into passages. *out is a malloc'ed array of *n spans in
 * order (the caller frees it; NULL when *n == 0); stats may be NULL.
 * Returns 0, or -1 if memory ran out (*out = NULL, *n = 0). */
int silk_passages_split(const char *body, size_t len, silk_passage_t **out,
                        size_t *n, silk_passage_stats_t *stats);

#endif /* SILK_PASSAGE_H */
