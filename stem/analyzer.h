/* analyzer.h: silk's one text analyser — UTF-8 tokenizer, NFKC + case-fold
 * normaliser and Snowball stemmer — shared by indexing, querying and
 * highlighting so that they can never disagree.
 *
 * The pipeline, per token:
 *   bytes -> token (byte span in the input, position)
 *         -> norm  (NFKC, case-folded, with the token rules of docs/analysis.md)
 *         -> stem  (Snowball, of norm; numbers and CJK are not stemmed)
 *
 * Decisions on the hard cases (tested in tests/check_stem.c, documented in
 * docs/analysis.md):
 *   - "China-Laos", "high-speed": one token per part, at consecutive
 *     positions; every part after the first has SILK_TOKEN_JOINED, so the
 *     query side can read the compound as a phrase. Hyphens are '-',
 *     U+2010, U+2011, U+FE63, U+FF0D and the en dash U+2013 ("China–Laos");
 *     a hyphen joins only with a word character right on both sides.
 *   - "China's", "people’s": one token; ’ folds to '; the stemmer drops the
 *     possessive ("china"). A trailing or leading apostrophe is punctuation.
 *   - "22.1", "2,143", "US$7.8": digits keep inner '.' and ',' when a digit
 *     follows; ',' is then dropped from norm ("2143"); "US$7.8" is the two
 *     tokens "us" and "7.8" (the '$' is punctuation; the country extractor
 *     reads the raw text around a token to tell currency from country).
 *   - "B&R" -> "b&r"; "U.S." -> "us" (single letters joined by dots);
 *     "BRI" -> "bri".
 *   - Unicode quotes, the em dash and other punctuation separate tokens;
 *     soft hyphen, ZWJ, ZWNJ and word joiner inside a word are dropped.
 *   - Invalid UTF-8: each bad byte reads as U+FFFD, a separator; spans stay
 *     byte offsets into the original input; nothing is read past len.
 *   - CJK (Han, Hiragana, Katakana, Hangul): overlapping bigrams, a lone
 *     character as itself, each a token with SILK_TOKEN_CJK.
 *   - Tokens whose norm is longer than SILK_MAX_TOKEN_BYTES are dropped.
 */
#ifndef SILK_ANALYZER_H
#define SILK_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>

#include "silk_status.h"

/* Longest norm kept as a token. Real words are far shorter; longer runs are
 * URLs, base64 or run-together junk that no one searches for, and Xapian
 * refuses terms over 245 bytes (prefix included). */
#define SILK_MAX_TOKEN_BYTES 64

/* Token flags. */
#define SILK_TOKEN_JOINED 0x1u  /* joined to the previous token by a hyphen */
#define SILK_TOKEN_NUMBER 0x2u  /* starts with a digit; not stemmed */
#define SILK_TOKEN_CJK    0x4u  /* a CJK unigram or bigram; not stemmed */

typedef struct silk_analyzer silk_analyzer_t;

typedef struct silk_token {
    size_t start, end;  /* byte span [start, end) in the input text */
    unsigned pos;       /* position: first_pos, first_pos + 1, ... */
    unsigned flags;     /* SILK_TOKEN_* */
    const char *norm;   /* NUL-terminated; borrowed for the callback only */
    size_t norm_len;
    const char *stem;   /* NUL-terminated; borrowed for the callback only */
    size_t stem_len;
} silk_token_t;

/* Called once per token, in order. Return 0 to go on, non-zero to stop
 * (silk_analyzer_run then returns that value). */
typedef int (*silk_token_cb)(void *ctx, const silk_token_t *tok);

/* Create an analyser for the Snowball language `lang` (a name or ISO 639
 * code that libstemmer knows, e.g. "english", "en"; NULL means "english";
 * "none" means no stemming: stem == norm) into *out. Returns SILK_OK;
 * SILK_INVALID if the language is unknown; SILK_NO_MEMORY if memory ran
 * out (*out is then NULL). The caller owns the result; free it with
 * silk_analyzer_free(). An analyser is not thread-safe: use one per
 * thread. */
silk_status_t silk_analyzer_open(silk_analyzer_t **out, const char *lang);

/* silk_analyzer_open for callers that need no reason: NULL for either
 * failure (the CLI mains, until they move to silk.h, and the tests). */
silk_analyzer_t *silk_analyzer_new(const char *lang);

/* Free an analyser; NULL is a no-op. */
void silk_analyzer_free(silk_analyzer_t *a);

/* The canonical name of the analyser's language ("english"); borrowed,
 * valid until the analyser is freed. */
const char *silk_analyzer_language(const silk_analyzer_t *a);

/* Tokenize text[0..len) (not necessarily NUL-terminated; any bytes) and
 * call cb for each token. Positions start at first_pos. Returns 0 when all
 * tokens were delivered, the callback's non-zero value if it stopped early,
 * or -1 if memory ran out. */
int silk_analyzer_run(silk_analyzer_t *a, const char *text, size_t len,
                      unsigned first_pos, silk_token_cb cb, void *ctx);

/* True if norm (a normalised token) is an English function word ("the",
 * "of", "what", ...) that the query side may leave out of "all words"
 * matching. Only meaningful for English. */
bool silk_analyzer_is_stopword(const silk_analyzer_t *a, const char *norm);

/* True if stem is what the analyser makes of one of those words ("ani"
 * for "any", "onli" for "only", "the"): for terms read back from the
 * index, which holds stems. The stems are made on first use (if memory
 * runs out then, the stem is looked up as a word). English only. */
bool silk_analyzer_is_stop_stem(silk_analyzer_t *a, const char *stem);

/* The NULL-terminated list of language names libstemmer offers, plus
 * "none"; static storage. */
const char **silk_analyzer_languages(void);

#endif /* SILK_ANALYZER_H */
