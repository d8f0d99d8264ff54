/* silk_dedup.h: the two duplicate rules silk-index writes and silk-query
 * applies — the passage fingerprint (value slot SILK_SLOT_TEXTKEY: equal
 * for hits that read the same) and the article's near-duplicate signature
 * (SILK_SLOT_NEARDUP: MinHash over word shingles, for syndicated copies),
 * with the one comparison both sides use. docs/duplicates.md says why the
 * rules are what they are and how well the signature does on real news.
 */
#ifndef SILK_DEDUP_H
#define SILK_DEDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- identical passages ------------------------------------------------- */

/* A fingerprint is 16 lower-case hex digits (XXH3-64). */
#define SILK_TEXTKEY_LEN 16

/* Write into out the fingerprint of a passage as a hit shows it: the
 * article's title and the passage text, each NFKC case-folded with every
 * run of white space one space and none at either end. Two passages get
 * the same fingerprint when, so normalised, both the title and the text
 * are the same (the title is part of it: "Qtly div 10 cts vs 10 cts
 * prior" under two companies' headlines is two results, not one). Invalid
 * UTF-8 is compared byte for byte (ASCII case folded). Returns 0, or -1 if
 * memory ran out (out is then ""). */
int silk_textkey(char out[SILK_TEXTKEY_LEN + 1], const char *title,
                 size_t title_len, const char *text, size_t text_len);

/* ---- near-duplicate articles ------------------------------------------- */

/* Two MinHash sketches (Broder 1997) of the article body's shingles of
 * SILK_NEARDUP_SHINGLE consecutive words (normalised tokens, numbers
 * included, so reports that differ only in their figures differ in the
 * shingles that hold them): one of the whole body, one of its lead (the
 * first SILK_NEARDUP_LEAD_SHINGLES shingles). Each of the
 * SILK_NEARDUP_HASHES hash functions of a sketch keeps its smallest
 * shingle hash; two articles agree on a position with probability equal
 * to the Jaccard similarity of their shingle sets. Only the low 8 bits of
 * each minimum are stored (b-bit MinHash, Li and König 2010: a chance
 * agreement adds 1/256 to the estimate). */
#define SILK_NEARDUP_SHINGLE 3
#define SILK_NEARDUP_HASHES 32
#define SILK_NEARDUP_LEAD_SHINGLES 50

/* Shingles an article needs for a signature: one whose lead is not full
 * (under 52 words: a headline, a brief, an earnings table, a templated
 * market report whose copies for two days differ in a figure or two) has
 * too little text for a sketch to tell a copy from a template, gets no
 * signature and is never anyone's near-duplicate. Its identical copies
 * still collapse through the fingerprint. */
#define SILK_NEARDUP_MIN_SHINGLES SILK_NEARDUP_LEAD_SHINGLES

/* Near-duplicates, by any of three rules (the measured choice,
 * docs/duplicates.md):
 *   - at least SILK_NEARDUP_AGREE of the body sketch's positions agree
 *     (Jaccard about 0.8 or more: a copy with edits);
 *   - at least SILK_NEARDUP_LEAD_AGREE of the lead sketch's (the same
 *     opening: a wire story and its shortened or extended version);
 *   - at least SILK_NEARDUP_FIGURES_AGREE of the lead's, and the lead
 *     quotes the same figures (the same set of tokens of two or more
 *     characters holding a digit, at least one; a lead that is a table,
 *     with more than a quarter of its words holding digits, has none): a
 *     rewritten version of one report. Templated
 *     reports (a bill auction, a weekly balance) open alike but with
 *     other figures.
 * Each sketch is cut into SILK_NEARDUP_BANDS bands of SILK_NEARDUP_ROWS
 * positions; with at most 32 - 26 = 6 (body) or 32 - 27 = 5 (lead)
 * disagreements some band of the sketch agrees in full, and the third rule
 * needs equal figures, so a lookup by band (silk_neardup_bands: the
 * bands and the figures) finds every near-duplicate pair. */
#define SILK_NEARDUP_AGREE 26
#define SILK_NEARDUP_LEAD_AGREE 27
#define SILK_NEARDUP_FIGURES_AGREE 20
#define SILK_NEARDUP_BANDS 8
#define SILK_NEARDUP_ROWS (SILK_NEARDUP_HASHES / SILK_NEARDUP_BANDS)

/* Words in the lead: its shingles' words. */
#define SILK_NEARDUP_LEAD_WORDS \
    (SILK_NEARDUP_LEAD_SHINGLES + SILK_NEARDUP_SHINGLE - 1)

/* The stored value: a version byte, the number of shingles (2 bytes,
 * big-endian, at most 65535), the hash of the lead's figures (4 bytes, 0
 * when it has none), the body sketch, the lead sketch (one byte a
 * position). */
#define SILK_NEARDUP_VERSION 'm'
#define SILK_NEARDUP_BYTES (7 + 2 * SILK_NEARDUP_HASHES)

/* A signature being built, word by word: on the caller's stack. */
typedef struct silk_neardup {
    uint64_t last[SILK_NEARDUP_SHINGLE - 1]; /* hashes of the words before */
    size_t nwords;
    uint64_t min[SILK_NEARDUP_HASHES], lead[SILK_NEARDUP_HASHES];
    uint64_t figures[SILK_NEARDUP_LEAD_WORDS]; /* the lead's, hashed */
    size_t nfigures, ndigits;  /* figures; lead words holding a digit */
    uint32_t nshingles;
} silk_neardup_t;

/* Start a signature. */
void silk_neardup_begin(silk_neardup_t *s);

/* Add the next word (a normalised token, any bytes). */
void silk_neardup_word(silk_neardup_t *s, const char *word, size_t len);

/* Finish: write the value into out and return its length
 * (SILK_NEARDUP_BYTES), or 0 when the text had fewer than
 * SILK_NEARDUP_MIN_SHINGLES shingles (no signature: store nothing). */
size_t silk_neardup_end(silk_neardup_t *s,
                        unsigned char out[SILK_NEARDUP_BYTES]);

/* Whether the stored signatures a and b (values as written by
 * silk_neardup_end; anything else, including "", is no signature) mark
 * near-duplicate articles, by the rule above. The one rule; symmetric;
 * never fails. */
bool silk_neardup_similar(const void *a, size_t alen, const void *b,
                          size_t blen);

/* How two signatures compare: the positions on which the body and the
 * lead sketches agree, and whether the leads quote the same figures. */
typedef struct silk_neardup_match {
    unsigned body, lead;
    bool figures;
} silk_neardup_match_t;

/* Compare a and b into *out; false (and all zero) unless both are
 * signatures. For measuring the rule (bench/dedup/). */
bool silk_neardup_compare(const void *a, size_t alen, const void *b,
                          size_t blen, silk_neardup_match_t *out);

/* Bands per signature for lookups: SILK_NEARDUP_BANDS of each sketch,
 * then the figures' hash. */
#define SILK_NEARDUP_NBANDS (2 * SILK_NEARDUP_BANDS + 1)

/* The bands of a valid signature as lookup keys (the band's number in
 * the high 32 bits, its value in the low), into out; returns how many
 * (the figures' band is left out for a lead without figures), 0 for an
 * invalid signature. Two similar signatures share at least one key. */
size_t silk_neardup_bands(const void *sig, size_t len,
                          uint64_t out[SILK_NEARDUP_NBANDS]);

#ifdef __cplusplus
}
#endif

#endif /* SILK_DEDUP_H */
