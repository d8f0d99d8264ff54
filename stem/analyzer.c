/* analyzer.c: silk's text analyser — a hand-written UTF-8 scanner with the
 * token rules of analyzer.h, NFKC + case folding via utf8proc (skipped for
 * pure-ASCII tokens), and Snowball stemming via libstemmer_c. */
#include "analyzer.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest pre-normalisation token kept in the scratch buffer. NFKC + case
 * folding shrinks a token by at most 4x (a 4-byte mathematical letter such
 * as U+1D400 folds to one ASCII byte; compositions merge at best 3:1), so a
 * token whose folded bytes exceed this cannot have a norm within
 * SILK_MAX_TOKEN_BYTES and is dropped without being normalised. */
#define SILK_MAX_TOKEN_RAW_BYTES (4 * SILK_MAX_TOKEN_BYTES)

/* Longest language name copied from the caller; libstemmer's longest name
 * ("indonesian") is far shorter. */
#define LANG_NAME_MAX 32

/* First size of the code point scratch buffer; it grows (rarely) when a
 * token decomposes to more code points than this. */
#define CPS_INITIAL 1024

/* The stem cache: direct-mapped, STEM_CACHE_SIZE slots (a power of two).
 * News text is Zipfian, so a few thousand slots catch most words and spare
 * the Snowball stemmer, which costs more than the rest of the pipeline.
 * Words longer than STEM_CACHE_WORD bytes (rare) are not cached. */
#define STEM_CACHE_SIZE 8192
#define STEM_CACHE_WORD 23
/* The cache starts at STEM_CACHE_FIRST slots and is replaced by one of
 * STEM_CACHE_SIZE after STEM_CACHE_GROW stems it did not hold. A query
 * stems a few dozen words: the big table (400 KB of fresh zeroed pages,
 * one page fault for nearly every word it caches: 138 of a one-shot
 * silk-query's 561 page faults) would cost it more than it saves; an indexer
 * reaches the big one within its first article or two. */
#define STEM_CACHE_FIRST 256
#define STEM_CACHE_GROW 2048

/* utf8proc options for NFKC + case folding, as utf8proc_NFKC_Casefold
 * uses them (IGNORE strips default-ignorable code points). */
#define NORM_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
                      UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* What a code point is to the scanner. */
enum cls {
    C_END,     /* past the end of the input */
    C_SEP,     /* anything that separates tokens (incl. invalid bytes) */
    C_LETTER,  /* Unicode L*, outside CJK */
    C_DIGIT,   /* Unicode Nd */
    C_NUM,     /* Unicode Nl, No outside CJK */
    C_MARK,    /* Unicode M* */
    C_CJK,     /* a letter of Han, Hiragana, Katakana or Hangul */
    C_APOS,    /* ' U+2019 U+FF07: inside words only */
    C_DOT,     /* '.': between digits, or in dotted acronyms */
    C_COMMA,   /* ',': between digits, dropped from norm */
    C_AMP,     /* '&': between letters */
    C_HYPHEN,  /* joins compound parts: - U+2010 U+2011 U+2013 U+FE63 U+FF0D */
    C_IGNORE   /* soft hyphen, ZWNJ, ZWJ, word joiner: invisible in words */
};

typedef struct cpinfo {
    uint32_t cp;
    unsigned n;      /* bytes consumed (1 for an invalid byte) */
    enum cls cls;
} cpinfo;

typedef struct stem_slot {
    unsigned char norm_len;  /* 0: empty */
    unsigned char stem_len;
    char norm[STEM_CACHE_WORD + 1];
    char stem[STEM_CACHE_WORD + 1];
} stem_slot;

struct silk_analyzer {
    struct sb_stemmer *stemmer;  /* NULL for "none" */
    char lang[LANG_NAME_MAX];
    bool english;                /* the stopword list applies */
    utf8proc_int32_t *cps;       /* NFKC scratch; cps_cap + 1 entries */
    size_t cps_cap;
    char pre[SILK_MAX_TOKEN_RAW_BYTES + 8];  /* token before NFKC */
    stem_slot *cache;            /* cache_size slots; NULL for "none" */
    size_t cache_size;           /* STEM_CACHE_FIRST, then STEM_CACHE_SIZE */
    size_t cache_misses;         /* stems computed while cache_size was FIRST */
    char **stop_stems;           /* the stopwords' stems, sorted; built on
                                    first use (silk_analyzer_is_stop_stem) */
    size_t nstop_stems;
};

/* The state of one silk_analyzer_run call. */
typedef struct scan {
    silk_analyzer_t *a;
    const unsigned char *s;
    size_t len;
    unsigned pos;
    silk_token_cb cb;
    void *ctx;
    bool pending_join;   /* the next token follows a joining hyphen */
    bool chain_emitted;  /* a part of the current compound was delivered */
    bool have_last;
    size_t last_end;     /* end of the last token scanned */
    size_t pl;           /* bytes in a->pre */
    bool pre_ascii;      /* a->pre holds only ASCII */
    bool overflow;       /* the token outgrew a->pre */
} scan;

/* ISO 639 codes libstemmer accepts, mapped to the canonical names that
 * sb_stemmer_list() reports, so silk_analyzer_language() is stable. */
static const struct alias {
    const char *code, *name;
} aliases[] = {
    {"ar", "arabic"}, {"ara", "arabic"}, {"hy", "armenian"}, {"hye", "armenian"},
    {"arm", "armenian"}, {"eu", "basque"}, {"eus", "basque"}, {"baq", "basque"},
    {"ca", "catalan"}, {"cat", "catalan"}, {"da", "danish"}, {"dan", "danish"},
    {"nl", "dutch"}, {"nld", "dutch"}, {"dut", "dutch"}, {"en", "english"},
    {"eng", "english"}, {"fi", "finnish"}, {"fin", "finnish"}, {"fr", "french"},
    {"fra", "french"}, {"fre", "french"}, {"de", "german"}, {"deu", "german"},
    {"ger", "german"}, {"el", "greek"}, {"ell", "greek"}, {"gre", "greek"},
    {"hi", "hindi"}, {"hin", "hindi"}, {"hu", "hungarian"}, {"hun", "hungarian"},
    {"id", "indonesian"}, {"ind", "indonesian"}, {"ga", "irish"}, {"gle", "irish"},
    {"it", "italian"}, {"ita", "italian"}, {"lt", "lithuanian"},
    {"lit", "lithuanian"}, {"ne", "nepali"}, {"nep", "nepali"},
    {"no", "norwegian"}, {"nor", "norwegian"}, {"pt", "portuguese"},
    {"por", "portuguese"}, {"ro", "romanian"}, {"ron", "romanian"},
    {"rum", "romanian"}, {"ru", "russian"}, {"rus", "russian"},
    {"sr", "serbian"}, {"srp", "serbian"}, {"es", "spanish"}, {"spa", "spanish"},
    {"sv", "swedish"}, {"swe", "swedish"}, {"ta", "tamil"}, {"tam", "tamil"},
    {"tr", "turkish"}, {"tur", "turkish"}, {"yi", "yiddish"}, {"yid", "yiddish"},
};

/* English function words, sorted for bsearch. "us" is left out on purpose:
 * it is also the norm of "U.S.". */
static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "me", "more", "most", "must", "my",
    "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same",
    "shall", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they",
    "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who",
    "whom", "why", "will", "with", "would", "you", "your", "yours",
    "yourself", "yourselves",
};

/* True if cp is in a script silk splits into bigrams (Han, Hiragana,
 * Katakana, Hangul). Only asked for letters and numbers. */
static bool is_cjk(uint32_t cp)
{
    if (cp < 0x1100)
        return false;
    return (cp <= 0x11FF) ||                    /* Hangul Jamo */
           (cp >= 0x3005 && cp <= 0x3007) ||    /* 々 〆 〇 */
           (cp >= 0x3021 && cp <= 0x3029) ||    /* Hangzhou numerals */
           (cp >= 0x3031 && cp <= 0x3035) ||    /* kana repeat marks */
           (cp >= 0x303B && cp <= 0x303C) ||
           (cp >= 0x3040 && cp <= 0x30FF) ||    /* Hiragana, Katakana */
           (cp >= 0x3130 && cp <= 0x318F) ||    /* Hangul compatibility Jamo */
           (cp >= 0x31F0 && cp <= 0x31FF) ||    /* Katakana extension */
           (cp >= 0x3400 && cp <= 0x4DBF) ||    /* Han extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||    /* Han */
           (cp >= 0xA960 && cp <= 0xA97F) ||    /* Hangul Jamo extended A */
           (cp >= 0xAC00 && cp <= 0xD7FF) ||    /* Hangul syllables, Jamo ext B */
           (cp >= 0xF900 && cp <= 0xFAFF) ||    /* Han compatibility */
           (cp >= 0xFF66 && cp <= 0xFFDC) ||    /* halfwidth Katakana, Hangul */
           (cp >= 0x1B000 && cp <= 0x1B16F) ||  /* Kana supplement */
           (cp >= 0x20000 && cp <= 0x3FFFF);    /* Han extensions B.. */
}

/* Classify a non-ASCII code point. */
static enum cls classify(uint32_t cp)
{
    switch (cp) {
    case 0x2019: case 0xFF07:
        return C_APOS;
    case 0x2010: case 0x2011: case 0x2013: case 0xFE63: case 0xFF0D:
        return C_HYPHEN;
    case 0x00AD: case 0x200C: case 0x200D: case 0x2060:
        return C_IGNORE;
    default:
        break;
    }
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return is_cjk(cp) ? C_CJK : C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return is_cjk(cp) ? C_CJK : C_NUM;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    default:
        return C_SEP;
    }
}

/* The class of each ASCII byte (letters, digits, the joining punctuation
 * ' . , & -, and separators), so the hot loop needs no branches to ask. */
#define S C_SEP
#define L C_LETTER
#define D C_DIGIT
#define Q C_APOS
#define P C_DOT
#define M C_COMMA
#define R C_AMP
#define H C_HYPHEN
static const unsigned char ascii_cls[128] = {
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, S, S, S, S, S, R, Q, S, S, S, S, M, H, P, S,
    D, D, D, D, D, D, D, D, D, D, S, S, S, S, S, S,
    S, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, S, S, S, S, S,
    S, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
    L, L, L, L, L, L, L, L, L, L, L, S, S, S, S, S,
};
#undef S
#undef L
#undef D
#undef Q
#undef P
#undef M
#undef R
#undef H

/* Decode the multi-byte sequence at p (left > 0 bytes remain, p[0] >= 0x80).
 * A malformed, overlong, surrogate or out-of-range sequence, or one cut off
 * by the end of the input, reads as one U+FFFD separator of one byte.
 * Never reads p[left] or past. */
static cpinfo decode(const unsigned char *p, size_t left)
{
    cpinfo c = {0xFFFD, 1, C_SEP};
    unsigned char b0 = p[0];
    if (b0 < 0xC2 || b0 > 0xF4)
        return c;
    if (b0 < 0xE0) {
        if (left < 2 || (p[1] & 0xC0) != 0x80)
            return c;
        c.cp = ((uint32_t)(b0 & 0x1F) << 6) | (p[1] & 0x3F);
        c.n = 2;
    } else if (b0 < 0xF0) {
        unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;
        unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;
        if (left < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
            return c;
        c.cp = ((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
               (p[2] & 0x3F);
        c.n = 3;
    } else {
        unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
        if (left < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return c;
        c.cp = ((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
               ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        c.n = 4;
    }
    c.cls = classify(c.cp);
    return c;
}

/* The code point at s[i] and its class; C_END (n = 0) when i >= len.
 * ASCII is a table look-up; the rest goes to decode(). */
static inline cpinfo peek(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len)
        return (cpinfo){0, 0, C_END};
    if (s[i] < 0x80)
        return (cpinfo){s[i], 1, (enum cls)ascii_cls[s[i]]};
    return decode(s + i, len - i);
}

/* True for classes that start or continue a non-CJK word. */
static bool is_word(enum cls k)
{
    return k == C_LETTER || k == C_DIGIT || k == C_NUM || k == C_MARK;
}

/* Start collecting a token's bytes in a->pre. */
static void pre_reset(scan *st)
{
    st->pl = 0;
    st->pre_ascii = true;
    st->overflow = false;
}

/* Append the n bytes of code point c (at s[i]) to a->pre, lower-casing
 * ASCII; once the buffer is full the token is marked as overflowing. */
static void pre_add(scan *st, size_t i, const cpinfo *c)
{
    if (st->pl + c->n > SILK_MAX_TOKEN_RAW_BYTES) {
        st->overflow = true;
        return;
    }
    if (c->n == 1) {
        unsigned char b = st->s[i];
        st->a->pre[st->pl++] = (char)(c->cls == C_LETTER ? (b | 0x20) : b);
        return;
    }
    memcpy(st->a->pre + st->pl, st->s + i, c->n);
    st->pl += c->n;
    st->pre_ascii = false;
}

/* Append one ASCII byte (a folded apostrophe, '.', '&') to a->pre. */
static void pre_byte(scan *st, char b)
{
    if (st->pl + 1 > SILK_MAX_TOKEN_RAW_BYTES) {
        st->overflow = true;
        return;
    }
    st->a->pre[st->pl++] = b;
}

/* NFKC + case fold a->pre into the code point scratch buffer. Sets *out to
 * the NUL-terminated result (owned by the analyser) or to NULL if utf8proc
 * refused the text. Returns -1 if memory ran out, else 0. */
static int normalise(silk_analyzer_t *a, size_t pl, const char **out,
                     size_t *out_len)
{
    *out = NULL;
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)a->pre,
                                            (utf8proc_ssize_t)pl, a->cps,
                                            (utf8proc_ssize_t)a->cps_cap,
                                            NORM_OPTIONS);
    if (n > (utf8proc_ssize_t)a->cps_cap) {
        size_t cap = (size_t)n * 2;
        utf8proc_int32_t *grown = realloc(a->cps, (cap + 1) * sizeof *grown);
        if (!grown)
            return -1;
        a->cps = grown;
        a->cps_cap = cap;
        n = utf8proc_decompose((const utf8proc_uint8_t *)a->pre,
                               (utf8proc_ssize_t)pl, a->cps,
                               (utf8proc_ssize_t)a->cps_cap, NORM_OPTIONS);
    }
    if (n < 0)
        return 0;
    /* reencode writes UTF-8 in place plus a NUL: the cps_cap + 1 entries
     * always leave room for it. */
    utf8proc_ssize_t m = utf8proc_reencode(a->cps, n, NORM_OPTIONS);
    if (m < 0)
        return 0;
    *out = (const char *)a->cps;
    *out_len = (size_t)m;
    return 0;
}

/* Stem norm[0..len) (NUL-terminated) with the analyser's stemmer, through
 * the cache. Sets *stem (NUL-terminated, owned by the analyser, valid until
 * the next call) and *stem_len. Returns -1 if the stemmer ran out of
 * memory, else 0. */
static int stem_word(silk_analyzer_t *a, const char *norm, size_t len,
                     const char **stem, size_t *stem_len)
{
    stem_slot *slot = NULL;
    if (len <= STEM_CACHE_WORD) {
        uint32_t h = 2166136261u;  /* FNV-1a */
        for (size_t k = 0; k < len; k++)
            h = (h ^ (unsigned char)norm[k]) * 16777619u;
        slot = &a->cache[h & (a->cache_size - 1)];
        if (slot->norm_len == len && memcmp(slot->norm, norm, len) == 0) {
            *stem = slot->stem;
            *stem_len = slot->stem_len;
            return 0;
        }
    }
    const sb_symbol *s = sb_stemmer_stem(a->stemmer, (const sb_symbol *)norm,
                                         (int)len);
    if (!s)
        return -1;
    *stem = (const char *)s;
    *stem_len = (size_t)sb_stemmer_length(a->stemmer);
    if (a->cache_size < STEM_CACHE_SIZE && ++a->cache_misses >= STEM_CACHE_GROW) {
        /* Time for the big table; what the small one held is dropped (a
         * cache: it is only stemmed again). Without memory, keep the small. */
        stem_slot *big = calloc(STEM_CACHE_SIZE, sizeof *big);
        if (big) {
            free(a->cache);
            a->cache = big;
            a->cache_size = STEM_CACHE_SIZE;
            slot = NULL;
        }
    }
    if (slot && *stem_len <= STEM_CACHE_WORD) {
        slot->norm_len = (unsigned char)len;
        memcpy(slot->norm, norm, len);
        slot->stem_len = (unsigned char)*stem_len;
        memcpy(slot->stem, s, *stem_len);
        slot->stem[*stem_len] = '\0';
    }
    return 0;
}

/* Deliver the token in a->pre spanning [start, end): normalise, drop it if
 * its norm is empty or too long, stem it, and call the callback. Returns 0
 * to go on, the callback's non-zero value, or -1 if memory ran out. */
static int emit(scan *st, size_t start, size_t end, unsigned flags,
                bool joined)
{
    silk_analyzer_t *a = st->a;
    const char *norm = a->pre;
    size_t norm_len = st->pl;

    st->have_last = true;
    st->last_end = end;
    if (!joined)
        st->chain_emitted = false;
    if (st->overflow)
        return 0;
    if (st->pre_ascii) {
        a->pre[norm_len] = '\0';
    } else if (normalise(a, st->pl, &norm, &norm_len) < 0) {
        return -1;
    }
    if (!norm || norm_len == 0 || norm_len > SILK_MAX_TOKEN_BYTES)
        return 0;

    silk_token_t tok = {
        .start = start, .end = end, .pos = st->pos, .norm = norm,
        .norm_len = norm_len, .stem = norm, .stem_len = norm_len,
    };
    tok.flags = flags | (joined && st->chain_emitted ? SILK_TOKEN_JOINED : 0);
    if (a->stemmer && !(flags & (SILK_TOKEN_NUMBER | SILK_TOKEN_CJK)) &&
        stem_word(a, norm, norm_len, &tok.stem, &tok.stem_len) < 0)
        return -1;
    st->pos++;
    st->chain_emitted = true;
    return st->cb(st->ctx, &tok);
}

/* Try a dotted acronym of single letters ("U.S.", "e.g.", "U.S.A") at i.
 * On success fills a->pre with the letters and returns the end of the
 * acronym (after its last dot, if any); returns 0 if there is none. */
static size_t scan_acronym(scan *st, size_t i)
{
    size_t p = i, end = 0, kept = 0;  /* kept: bytes of accepted letters */
    unsigned letters = 0;

    /* Most words: an ASCII letter not followed by a dot. */
    if (st->s[i] < 0x80 &&
        (i + 1 >= st->len || (st->s[i + 1] < 0x80 && st->s[i + 1] != '.')))
        return 0;
    pre_reset(st);
    for (;;) {
        cpinfo c = peek(st->s, st->len, p);
        if (c.cls != C_LETTER)
            break;
        size_t q = p + c.n;
        pre_add(st, p, &c);
        cpinfo m = peek(st->s, st->len, q);
        while (m.cls == C_MARK) {
            pre_add(st, q, &m);
            q += m.n;
            m = peek(st->s, st->len, q);
        }
        if (is_word(m.cls) || m.cls == C_CJK)
            break;  /* not a single letter */
        letters++;
        kept = st->pl;
        if (m.cls != C_DOT) {
            end = letters >= 2 ? q : 0;
            break;
        }
        end = q + 1;
        p = q + 1;
    }
    st->pl = kept;
    return letters >= 2 ? end : 0;
}

/* Scan a word (letters, digits, marks and the joining punctuation of
 * analyzer.h) starting at i into a->pre; returns its end. */
static size_t scan_word(scan *st, size_t i)
{
    const unsigned char *s = st->s;
    size_t len = st->len, j = i;
    enum cls last = C_SEP;

    pre_reset(st);
    for (;;) {
        /* The common case: a run of ASCII letters and digits. */
        while (j < len) {
            unsigned char b = s[j];
            if ((unsigned char)((b | 0x20) - 'a') < 26) {
                if (st->pl < SILK_MAX_TOKEN_RAW_BYTES)
                    st->a->pre[st->pl++] = (char)(b | 0x20);
                else
                    st->overflow = true;
                last = C_LETTER;
            } else if ((unsigned char)(b - '0') < 10) {
                if (st->pl < SILK_MAX_TOKEN_RAW_BYTES)
                    st->a->pre[st->pl++] = (char)b;
                else
                    st->overflow = true;
                last = C_DIGIT;
            } else {
                break;
            }
            j++;
        }
        cpinfo c = peek(s, len, j);
        if (is_word(c.cls)) {
            pre_add(st, j, &c);
            if (c.cls != C_MARK || last == C_SEP)
                last = c.cls;
            j += c.n;
            continue;
        }
        if (c.cls == C_SEP || c.cls == C_END || c.cls == C_HYPHEN ||
            c.cls == C_CJK)
            return j;
        cpinfo next = peek(s, len, j + c.n);
        switch (c.cls) {
        case C_IGNORE: {
            size_t k = j + c.n;
            while (next.cls == C_IGNORE) {
                k += next.n;
                next = peek(s, len, k);
            }
            if (!is_word(next.cls))
                return j;
            j = k;
            continue;
        }
        case C_APOS:
            if (next.cls != C_LETTER)
                return j;
            pre_byte(st, '\'');
            break;
        case C_DOT:
        case C_COMMA:
            if (last != C_DIGIT || next.cls != C_DIGIT)
                return j;
            if (c.cls == C_DOT)
                pre_byte(st, '.');
            break;
        case C_AMP:
            if (last != C_LETTER || next.cls != C_LETTER)
                return j;
            pre_byte(st, '&');
            break;
        default:
            return j;
        }
        j += c.n;
        last = c.cls;
    }
}

/* The end of the CJK character at i: the code point and any marks. */
static size_t cjk_char_end(const scan *st, size_t i)
{
    cpinfo c = peek(st->s, st->len, i);
    size_t j = i + c.n;
    for (c = peek(st->s, st->len, j); c.cls == C_MARK;
         c = peek(st->s, st->len, j))
        j += c.n;
    return j;
}

/* Put the raw bytes s[from..to) of a CJK unigram or bigram in a->pre. */
static void pre_span(scan *st, size_t from, size_t to)
{
    pre_reset(st);
    st->pre_ascii = false;
    if (to - from > SILK_MAX_TOKEN_RAW_BYTES) {
        st->overflow = true;
        return;
    }
    memcpy(st->a->pre, st->s + from, to - from);
    st->pl = to - from;
}

/* Emit the CJK run at i as overlapping bigrams (a lone character as
 * itself); the first token carries `joined`. Sets *end to the run's end.
 * Returns as emit() does. */
static int scan_cjk(scan *st, size_t i, bool joined, size_t *end)
{
    size_t a0 = i, a1 = cjk_char_end(st, i);
    bool single = true;
    int rc = 0;

    while (peek(st->s, st->len, a1).cls == C_CJK) {
        size_t a2 = cjk_char_end(st, a1);
        pre_span(st, a0, a2);
        rc = emit(st, a0, a2, SILK_TOKEN_CJK, joined);
        if (rc)
            break;
        joined = false;
        single = false;
        a0 = a1;
        a1 = a2;
    }
    if (single && !rc) {
        pre_span(st, a0, a1);
        rc = emit(st, a0, a1, SILK_TOKEN_CJK, joined);
    }
    *end = a1;
    return rc;
}

/* Copy the language name lower-cased into buf; false if it is too long. */
static bool lower_name(const char *lang, char *buf, size_t size)
{
    size_t n = strlen(lang);
    if (n == 0 || n >= size)
        return false;
    for (size_t k = 0; k <= n; k++) {
        char ch = lang[k];
        buf[k] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
    }
    return true;
}

/* The canonical libstemmer name for name (itself if listed, its alias
 * target, or itself again if libstemmer knows it under a name we don't). */
static const char *canonical_name(const char *name)
{
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, name) == 0)
            return *l;
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strcmp(aliases[k].code, name) == 0)
            return aliases[k].name;
    return name;
}

/* Is name a language libstemmer lists, or one of our codes for one? */
static bool known_name(const char *name)
{
    for (const char **l = sb_stemmer_list(); *l; l++)
        if (strcmp(*l, name) == 0)
            return true;
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0]; k++)
        if (strcmp(aliases[k].code, name) == 0)
            return true;
    return false;
}

/* See analyzer.h. */
silk_status_t silk_analyzer_open(silk_analyzer_t **out, const char *lang)
{
    char name[LANG_NAME_MAX];
    silk_analyzer_t *a = NULL;
    silk_status_t st = SILK_NO_MEMORY;

    *out = NULL;
    if (!lower_name(lang ? lang : "english", name, sizeof name))
        return SILK_INVALID;
    a = calloc(1, sizeof *a);
    if (!a)
        goto done;
    if (strcmp(name, "none") != 0) {
        a->stemmer = sb_stemmer_new(name, "UTF_8");
        if (!a->stemmer) {
            /* libstemmer says NULL for both: a name it lists is memory */
            st = known_name(name) ? SILK_NO_MEMORY : SILK_INVALID;
            goto done;
        }
        a->cache_size = STEM_CACHE_FIRST;
        a->cache = calloc(a->cache_size, sizeof *a->cache);
        if (!a->cache)
            goto done;
    }
    strcpy(a->lang, canonical_name(name));
    a->english = strcmp(a->lang, "english") == 0 ||
                 strcmp(a->lang, "porter") == 0;
    a->cps_cap = CPS_INITIAL;
    a->cps = malloc((a->cps_cap + 1) * sizeof *a->cps);
    if (!a->cps)
        goto done;
    *out = a;
    a = NULL;
    st = SILK_OK;
done:
    silk_analyzer_free(a);
    return st;
}

/* See analyzer.h. */
silk_analyzer_t *silk_analyzer_new(const char *lang)
{
    silk_analyzer_t *a;
    return silk_analyzer_open(&a, lang) == SILK_OK ? a : NULL;
}

/* See analyzer.h. */
void silk_analyzer_free(silk_analyzer_t *a)
{
    if (!a)
        return;
    sb_stemmer_delete(a->stemmer);
    for (size_t i = 0; i < a->nstop_stems; i++)
        free(a->stop_stems[i]);
    free(a->stop_stems);
    free(a->cache);
    free(a->cps);
    free(a);
}

/* See analyzer.h. */
const char *silk_analyzer_language(const silk_analyzer_t *a)
{
    return a->lang;
}

/* See analyzer.h. The scanner walks code points once; each token is
 * collected (ASCII lower-cased by hand) in a->pre, and only tokens with
 * non-ASCII bytes go through utf8proc. */
int silk_analyzer_run(silk_analyzer_t *a, const char *text, size_t len,
                      unsigned first_pos, silk_token_cb cb, void *ctx)
{
    scan st = {
        .a = a, .s = (const unsigned char *)text, .len = text ? len : 0,
        .pos = first_pos, .cb = cb, .ctx = ctx,
    };
    size_t i = 0;
    int rc = 0;

    while (i < st.len) {
        unsigned char b = st.s[i];
        if (b < 0x80 && ascii_cls[b] == C_SEP) {
            st.pending_join = false;
            i++;
            continue;
        }
        cpinfo c = peek(st.s, st.len, i);
        bool joined = st.pending_join;
        size_t end;

        if (is_word(c.cls)) {
            st.pending_join = false;
            end = c.cls == C_LETTER ? scan_acronym(&st, i) : 0;
            if (!end)
                end = scan_word(&st, i);
            rc = emit(&st, i, end,
                      c.cls == C_DIGIT ? SILK_TOKEN_NUMBER : 0, joined);
        } else if (c.cls == C_CJK) {
            st.pending_join = false;
            rc = scan_cjk(&st, i, joined, &end);
        } else {
            /* A separator; a hyphen right after a token and right before
             * the next one joins them. */
            if (c.cls == C_HYPHEN && st.have_last && st.last_end == i) {
                enum cls k = peek(st.s, st.len, i + c.n).cls;
                st.pending_join = is_word(k) || k == C_CJK;
            } else {
                st.pending_join = false;
            }
            i += c.n;
            continue;
        }
        if (rc)
            return rc;
        i = end;
    }
    return 0;
}

/* Compare a key with a stopword, for bsearch. */
static int stopword_cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* See analyzer.h. The list applies to english and porter (and to a NULL
 * analyser); for every other language nothing is a stopword. */
bool silk_analyzer_is_stopword(const silk_analyzer_t *a, const char *norm)
{
    if ((a && !a->english) || !norm)
        return false;
    return bsearch(norm, stopwords, sizeof stopwords / sizeof stopwords[0],
                   sizeof stopwords[0], stopword_cmp) != NULL;
}

static int stem_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Fill a->stop_stems with the stems of the stopword list. Returns -1 if
 * memory ran out (nothing kept). */
static int build_stop_stems(silk_analyzer_t *a)
{
    size_t n = sizeof stopwords / sizeof stopwords[0], k = 0;
    char **v = calloc(n, sizeof *v);
    if (!v)
        return -1;
    for (; k < n; k++) {
        const char *st = stopwords[k];
        size_t sl = strlen(st);
        if ((a->stemmer && stem_word(a, st, sl, &st, &sl) != 0) ||
            !(v[k] = malloc(sl + 1)))
            break;
        memcpy(v[k], st, sl);
        v[k][sl] = '\0';
    }
    if (k < n) {
        while (k > 0)
            free(v[--k]);
        free(v);
        return -1;
    }
    qsort(v, n, sizeof *v, stem_cmp);
    a->stop_stems = v;
    a->nstop_stems = n;
    return 0;
}

/* See analyzer.h. */
bool silk_analyzer_is_stop_stem(silk_analyzer_t *a, const char *stem)
{
    if (!a || !a->english || !stem)
        return false;
    if (!a->stop_stems && build_stop_stems(a) != 0)
        return silk_analyzer_is_stopword(a, stem);
    return bsearch(&stem, a->stop_stems, a->nstop_stems, sizeof *a->stop_stems,
                   stem_cmp) != NULL;
}

/* The language list, built once. LANG_LIST_MAX bounds libstemmer's list
 * (29 languages today) with room to spare. */
#define LANG_LIST_MAX 96
static const char *language_list[LANG_LIST_MAX + 2];
static pthread_once_t language_once = PTHREAD_ONCE_INIT;

/* Fill language_list from sb_stemmer_list() plus "none". */
static void build_languages(void)
{
    size_t n = 0;
    for (const char **l = sb_stemmer_list(); *l && n < LANG_LIST_MAX; l++)
        language_list[n++] = *l;
    language_list[n++] = "none";
    language_list[n] = NULL;
}

/* See analyzer.h. */
const char **silk_analyzer_languages(void)
{
    pthread_once(&language_once, build_languages);
    return language_list;
}
