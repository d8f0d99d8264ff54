/* indexer_int.h: helpers shared by the indexer's text readers (reader,
 * passage splitter, boilerplate rules) and nothing else. */
#ifndef SILK_INDEXER_INT_H
#define SILK_INDEXER_INT_H

#include <stddef.h>

/* Length of the Unicode space (ASCII white space, U+00A0, U+2000..U+200B,
 * U+3000, U+FEFF) starting at s[0..n), or 0 if there is none: what the
 * reader, the passage splitter and the boilerplate rules all trim. */
size_t silk_indexer__space_len(const char *s, size_t n);

#endif /* SILK_INDEXER_INT_H */
