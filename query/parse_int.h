/* parse_int.h: internals shared by query/parse.c and query/build.c — the
 * list of notes ("how the query was read") that both add to. Not part of
 * the public contract.
 */
#ifndef SILK_PARSE_INT_H
#define SILK_PARSE_INT_H

#include <stddef.h>

/* Distinct notes kept per query: beyond a handful they hide the query
 * itself; the rest is summed up as "…". */
#define SILK_PARSE__NOTES_MAX 8
/* Bytes of the user's text quoted inside one note. */
#define SILK_PARSE__QUOTE_MAX 24

typedef struct silk_parse__notes {
    char *v[SILK_PARSE__NOTES_MAX];
    size_t n;
    int more; /* notes were dropped past SILK_PARSE__NOTES_MAX */
} silk_parse__notes_t;

/* Add a printf-style note unless the same text is already there. Never
 * fails: a note that cannot be allocated is dropped. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void silk_parse__note(silk_parse__notes_t *nt, const char *fmt, ...);

/* The length of s[0..len) to quote in a note: at most
 * SILK_PARSE__QUOTE_MAX bytes, cut at a UTF-8 character boundary. */
int silk_parse__quote_len(const char *s, size_t len);

/* All notes joined with "; " (plus "; …" if some were dropped), malloc'ed,
 * or NULL if there are none (or memory ran out). Empties nt either way. */
char *silk_parse__notes_join(silk_parse__notes_t *nt);

/* Free the notes without joining them. */
void silk_parse__notes_clear(silk_parse__notes_t *nt);

#endif /* SILK_PARSE_INT_H */
