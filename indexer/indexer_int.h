/* indexer_int.h: helpers shared by the indexer's text readers (reader,
 * passage splitter, boilerplate rules), its document builder and
 * silk-index's messages, and nothing else. */
#ifndef SILK_INDEXER_INT_H
#define SILK_INDEXER_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the Unicode space (ASCII white space, U+00A0, U+2000..U+200B,
 * U+3000, U+FEFF) starting at s[0..n), or 0 if there is none: what the
 * reader, the passage splitter and the boilerplate rules all trim. */
size_t silk_indexer__space_len(const char *s, size_t n);

/* Does s[0..n) hold a byte that silk_indexer__escape would rewrite? */
bool silk_indexer__needs_escape(const char *s, size_t n);

/* s[0..n) as one line of valid UTF-8 naming the same bytes: every byte
 * that is not part of well-formed UTF-8, and every control character
 * (U+0000..U+001F, U+007F), is written as \xHH ("caf\xE9.txt",
 * "two\x0Alines"). How file names reach ids, document data and messages.
 * malloc'ed, NUL-terminated; NULL if memory ran out. */
char *silk_indexer__escape(const char *s, size_t n);

#endif /* SILK_INDEXER_INT_H */
