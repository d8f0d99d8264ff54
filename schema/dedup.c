/* dedup.c: the passage fingerprint and the near-duplicate signature of
 * silk_dedup.h — what silk-index stores in SILK_SLOT_TEXTKEY and
 * SILK_SLOT_NEARDUP, and the comparison silk-query makes of them.
 */
#include "silk_dedup.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

/* ---- identical passages ------------------------------------------------- */

/* Whether code point c is white space: Unicode's space separators and the
 * ASCII and Unicode line and paragraph breaks. */
static bool is_space(utf8proc_int32_t c)
{
    if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0x2028 ||
        c == 0x2029)
        return true;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Feed s[0..len), normalised (see silk_textkey), to st. Returns 0, or -1
 * if memory ran out. */
static int feed_normalised(XXH3_state_t *st, const char *s, size_t len)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = 0;
    bool pending = false, any = false;

    if (len > 0)
        n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
                         &folded, UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    if (n == UTF8PROC_ERROR_NOMEM)
        return -1;
    if (n < 0) {
        /* Not UTF-8 (the reader repairs text, so only a caller's own
         * bytes): fold ASCII only, spaces as above for ASCII. */
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                pending = any;
                continue;
            }
            if (pending)
                XXH3_64bits_update(st, " ", 1);
            pending = false;
            any = true;
            c = (unsigned char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            XXH3_64bits_update(st, &c, 1);
        }
        return 0;
    }
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(folded + i, n - i, &c);
        if (k <= 0)
            break; /* cannot happen: utf8proc wrote it */
        if (is_space(c)) {
            pending = any;
        } else {
            if (pending)
                XXH3_64bits_update(st, " ", 1);
            pending = false;
            any = true;
            XXH3_64bits_update(st, folded + i, (size_t)k);
        }
        i += k;
    }
    free(folded);
    return 0;
}

/* See silk_dedup.h. */
int silk_textkey(char out[SILK_TEXTKEY_LEN + 1], const char *title,
                 size_t title_len, const char *text, size_t text_len)
{
    static const char hex[] = "0123456789abcdef";
    XXH3_state_t st; /* on the stack: no allocation, no failure path */
    uint64_t h;

    out[0] = '\0';
    XXH3_64bits_reset(&st);
    /* A byte no normalised text holds (NUL never survives the reader, and
     * a fold never makes one) keeps "ab" + "c" apart from "a" + "bc". */
    if (feed_normalised(&st, title, title_len) != 0)
        return -1;
    XXH3_64bits_update(&st, "", 1);
    if (feed_normalised(&st, text, text_len) != 0)
        return -1;
    h = XXH3_64bits_digest(&st);
    for (int i = SILK_TEXTKEY_LEN - 1; i >= 0; i--, h >>= 4)
        out[i] = hex[h & 15];
    out[SILK_TEXTKEY_LEN] = '\0';
    return 0;
}

/* ---- near-duplicate articles ------------------------------------------- */

/* Where the sketches start in a stored signature: the lead's right after
 * the body's, so that band i of either is SILK_NEARDUP_ROWS bytes from
 * BODY + SILK_NEARDUP_ROWS * i. */
#define BODY 7
#define LEAD (BODY + SILK_NEARDUP_HASHES)

/* splitmix64's finaliser: a good 64-bit mixer, so that h ^ seed_i gives
 * SILK_NEARDUP_HASHES independent-looking hash functions of one shingle
 * hash. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* The seed of hash function i: fixed forever (a change re-signs every
 * index; bump SILK_NEARDUP_VERSION with it). */
static uint64_t seed(unsigned i)
{
    return mix64(0x9e3779b97f4a7c15ull * (i + 1));
}

/* See silk_dedup.h. */
void silk_neardup_begin(silk_neardup_t *s)
{
    memset(s, 0, sizeof *s);
    for (unsigned i = 0; i < SILK_NEARDUP_HASHES; i++)
        s->min[i] = s->lead[i] = UINT64_MAX;
}

/* Whether word holds an ASCII digit ("18", "3.2", "1987", "3rd", "6"). */
static bool has_digit(const char *word, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (word[i] >= '0' && word[i] <= '9')
            return true;
    return false;
}

/* See silk_dedup.h. */
void silk_neardup_word(silk_neardup_t *s, const char *word, size_t len)
{
    uint64_t w = XXH3_64bits(word, len), sh[SILK_NEARDUP_SHINGLE];

    if (s->nwords < SILK_NEARDUP_LEAD_WORDS && has_digit(word, len)) {
        s->ndigits++;
        /* A lone digit is no figure: the analyser splits fractions and
         * times ("6-1/8", "12:10") into such tokens. */
        if (len > 1)
            s->figures[s->nfigures++] = w;
    }
    if (s->nwords + 1 >= SILK_NEARDUP_SHINGLE) {
        bool in_lead = s->nshingles < SILK_NEARDUP_LEAD_SHINGLES;
        memcpy(sh, s->last, sizeof s->last);
        sh[SILK_NEARDUP_SHINGLE - 1] = w;
        uint64_t h = XXH3_64bits(sh, sizeof sh);
        for (unsigned i = 0; i < SILK_NEARDUP_HASHES; i++) {
            uint64_t v = mix64(h ^ seed(i));
            if (v < s->min[i])
                s->min[i] = v;
            if (in_lead && v < s->lead[i])
                s->lead[i] = v;
        }
        if (s->nshingles < UINT32_MAX)
            s->nshingles++;
    }
    memmove(s->last, s->last + 1, sizeof s->last - sizeof *s->last);
    s->last[SILK_NEARDUP_SHINGLE - 2] = w;
    s->nwords++;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The hash of the set of the lead's figures (order and repeats do not
 * count); never 0, but 0 when there are none, and when the lead is a
 * table (more than a quarter of its words hold digits: rates, prices,
 * quotes), whose figures say nothing about which report it is. */
static uint32_t figures_hash(silk_neardup_t *s)
{
    size_t n = 0;

    if (s->nfigures == 0 || s->ndigits * 4 > SILK_NEARDUP_LEAD_WORDS)
        return 0;
    qsort(s->figures, s->nfigures, sizeof *s->figures, cmp_u64);
    for (size_t i = 0; i < s->nfigures; i++)
        if (n == 0 || s->figures[i] != s->figures[n - 1])
            s->figures[n++] = s->figures[i];
    uint32_t h = (uint32_t)XXH3_64bits(s->figures, n * sizeof *s->figures);
    return h ? h : 1;
}

/* See silk_dedup.h. */
size_t silk_neardup_end(silk_neardup_t *s,
                        unsigned char out[SILK_NEARDUP_BYTES])
{
    uint32_t n = s->nshingles > 0xFFFF ? 0xFFFF : s->nshingles;
    uint32_t f;

    if (s->nshingles < SILK_NEARDUP_MIN_SHINGLES)
        return 0;
    f = figures_hash(s);
    out[0] = SILK_NEARDUP_VERSION;
    out[1] = (unsigned char)(n >> 8);
    out[2] = (unsigned char)n;
    for (int k = 0; k < 4; k++)
        out[3 + k] = (unsigned char)(f >> (24 - 8 * k));
    for (unsigned i = 0; i < SILK_NEARDUP_HASHES; i++) {
        out[BODY + i] = (unsigned char)s->min[i];
        out[LEAD + i] = (unsigned char)s->lead[i];
    }
    return SILK_NEARDUP_BYTES;
}

/* Whether sig is a signature this version wrote. */
static bool valid(const unsigned char *sig, size_t len)
{
    return sig && len == SILK_NEARDUP_BYTES && sig[0] == SILK_NEARDUP_VERSION &&
           ((unsigned)sig[1] << 8 | sig[2]) >= SILK_NEARDUP_MIN_SHINGLES;
}

/* The figures' hash of a valid signature. */
static uint32_t figures_of(const unsigned char *sig)
{
    return (uint32_t)sig[3] << 24 | (uint32_t)sig[4] << 16 |
           (uint32_t)sig[5] << 8 | sig[6];
}

/* See silk_dedup.h. */
bool silk_neardup_compare(const void *a, size_t alen, const void *b,
                          size_t blen, silk_neardup_match_t *out)
{
    const unsigned char *x = a, *y = b;

    memset(out, 0, sizeof *out);
    if (!valid(x, alen) || !valid(y, blen))
        return false;
    for (unsigned i = 0; i < SILK_NEARDUP_HASHES; i++) {
        out->body += x[BODY + i] == y[BODY + i];
        out->lead += x[LEAD + i] == y[LEAD + i];
    }
    out->figures = figures_of(x) != 0 && figures_of(x) == figures_of(y);
    return true;
}

/* See silk_dedup.h. */
bool silk_neardup_similar(const void *a, size_t alen, const void *b,
                          size_t blen)
{
    silk_neardup_match_t m;

    return silk_neardup_compare(a, alen, b, blen, &m) &&
           (m.body >= SILK_NEARDUP_AGREE || m.lead >= SILK_NEARDUP_LEAD_AGREE ||
            (m.figures && m.lead >= SILK_NEARDUP_FIGURES_AGREE));
}

/* See silk_dedup.h. */
size_t silk_neardup_bands(const void *sig, size_t len,
                          uint64_t out[SILK_NEARDUP_NBANDS])
{
    const unsigned char *s = sig;
    size_t n = 0;

    if (!valid(s, len))
        return 0;
    for (unsigned i = 0; i < 2 * SILK_NEARDUP_BANDS; i++) {
        uint32_t v = 0;
        for (unsigned k = 0; k < SILK_NEARDUP_ROWS; k++)
            v = v << 8 | s[BODY + SILK_NEARDUP_ROWS * i + k];
        out[n++] = (uint64_t)i << 32 | v;
    }
    if (figures_of(s) != 0)
        out[n++] = (uint64_t)(2 * SILK_NEARDUP_BANDS) << 32 | figures_of(s);
    return n;
}
