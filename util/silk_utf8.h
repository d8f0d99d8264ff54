/* silk_utf8.h: the one UTF-8 repair — each maximal ill-formed subpart (and
 * each NUL byte, which cannot live in a C string) becomes one U+FFFD, as
 * Unicode's "best practice" (The Unicode Standard, 3.9 "U+FFFD
 * Substitution of Maximal Subparts") and the WHATWG decoder do — and the
 * Windows-1252 reading of files that are not UTF-8 at all. The indexer's
 * reader, the query parser's input and the JSON output all repair with it.
 */
#ifndef SILK_UTF8_H
#define SILK_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "silk_buf.h"

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define SILK_UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlongs, surrogates or code points past U+10FFFF; n >= 1), or 0 if
 * there is none; then *bad is the length of the maximal ill-formed subpart
 * (at least 1), the unit that one U+FFFD replaces. A NUL byte counts as
 * ill-formed. */
size_t silk_utf8_len(const unsigned char *s, size_t n, size_t *bad);

/* Is s[0..n) well-formed UTF-8 without NUL bytes? A fast path over ASCII.
 * *multibyte (may be NULL) counts its well-formed non-ASCII sequences,
 * which needs a walk over all of s. */
bool silk_utf8_valid(const char *s, size_t n, size_t *multibyte);

/* Append s[0..n) to out with every maximal ill-formed subpart and every
 * NUL byte replaced by one U+FFFD; *nbad (may be NULL) counts the
 * replacements. 0, or -1 when memory ran out (out's sticky error). */
int silk_utf8_repair(silk_buf_t *out, const char *s, size_t n, size_t *nbad);

/* How many bytes at the end of s[0..n) begin a UTF-8 sequence that the
 * next bytes may complete (0 to 3): where a reader of pieces cuts. */
size_t silk_utf8_open_tail(const unsigned char *s, size_t n);

/* Append the Windows-1252 text s[0..n) to out as UTF-8 (WHATWG's
 * index-windows-1252: the five undefined bytes map to the C1 controls of
 * the same number, as browsers do; 0xA0..0xFF are U+00A0..U+00FF). 0, or
 * -1 when memory ran out. */
int silk_utf8_from_cp1252(silk_buf_t *out, const char *s, size_t n);

#endif /* SILK_UTF8_H */
