/* silk_slug.h: the one slug function that silk-index (writing "XS" source
 * terms) and silk-query (reading `source:...`) share, so both spell a
 * source the same way: "China Trade News" -> "china-trade-news".
 * Header-only so that neither side links the other.
 */
#ifndef SILK_SLUG_H
#define SILK_SLUG_H

#include <stddef.h>

/* Longest slug kept in a term: source names are a few words, and Xapian
 * refuses terms over 245 bytes. Both sides cut at this length, so a long
 * name still matches itself. */
#define SILK_SLUG_MAX_BYTES 120

/* Write the slug of s[0..len) into out[0..cap): the runs of ASCII letters
 * and digits, lower-cased, joined by single '-'; every other byte
 * (punctuation, spaces, any non-ASCII) separates runs. The result is
 * NUL-terminated and cut at cap - 1 bytes (plain ASCII, so any cut is
 * safe); cap 0 writes nothing. Returns the length of the whole slug,
 * which may exceed cap - 1 (as snprintf does); 0 means s has no ASCII
 * letter or digit. Never fails. */
static inline size_t silk_slug(char *out, size_t cap, const char *s,
                               size_t len)
{
    size_t n = 0;
    int sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                    (c >= 'A' && c <= 'Z');
        if (!alnum) {
            sep = n > 0;
            continue;
        }
        if (sep) {
            if (n + 1 < cap)
                out[n] = '-';
            n++;
            sep = 0;
        }
        if (n + 1 < cap)
            out[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        n++;
    }
    if (cap > 0)
        out[n < cap ? n : cap - 1] = '\0';
    return n;
}

#endif /* SILK_SLUG_H */
