/* facets.c: facet extraction — countries and ministries found in a
 * passage's token stream by longest match over the gazetteer (with the
 * raw text consulted for case, currency and person-name traps), and an
 * article's subject countries. (Its date: util/silk_date.c.)
 * docs/facets.md describes every rule.
 */
#include "facets.h"
#include "silk_date.h"
#include "gazetteer_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A token as buffered between begin and end: its span, flags and its
 * norm (possessive stripped) at off in the norm arena, where every norm is
 * followed by one space, so tokens i..j form the key arena[off_i ..
 * off_j + len_j) without copying. */
typedef struct tokrec {
    size_t start, end;
    size_t off;
    unsigned len;
    unsigned flags;
} tokrec;

/* Most bytes between two tokens of one name ("Korea, Republic", "St.
 * Lucia", "Hong  Kong"); more means they are not one name. */
#define MAX_NAME_GAP 3

/* Codes are two letters: a flat array indexes every possible one. */
#define N_CODES (26 * 26)

/* How far into the body a dateline is looked for. */
#define HEADER_BYTES 2048

typedef struct subject_acc {
    unsigned count;          /* mentions in the article */
    unsigned parts;          /* bit per silk_facet_part_t, 8 = dateline */
    const char *value;
    size_t start, end;       /* first supporting span */
    int rank;                /* part_rank of the span's part */
} subject_acc;

struct silk_facets {
    silk_gazetteer_t *g;
    const char *text;
    size_t len;
    tokrec *toks;
    size_t ntoks, tcap;
    char *norms;
    size_t nlen, ncap;
    silk_facet_hit_t *hits;
    size_t nhits, hcap;
    /* subject state */
    subject_acc acc[N_CODES];
    silk_facet_hit_t subj[N_CODES];
    size_t nsubj;
};

/* An extractor over g; NULL if memory ran out. */
silk_facets_t *silk_facets_new(silk_gazetteer_t *g)
{
    if (!g)
        return NULL;
    silk_facets_t *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->g = g;
    return f;
}

/* Free f; NULL is a no-op. */
void silk_facets_free(silk_facets_t *f)
{
    if (!f)
        return;
    free(f->toks);
    free(f->norms);
    free(f->hits);
    free(f);
}

void silk_facets_begin(silk_facets_t *f, const char *text, size_t len)
{
    f->text = text;
    f->len = len;
    f->ntoks = 0;
    f->nlen = 0;
    f->nhits = 0;
}

/* Make room for one more token with a norm of n bytes; false if memory
 * ran out (the token is then skipped: extraction degrades, never fails). */
static bool reserve(silk_facets_t *f, size_t n)
{
    if (f->ntoks == f->tcap) {
        size_t cap = f->tcap ? f->tcap * 2 : 256;
        tokrec *t = realloc(f->toks, cap * sizeof *t);
        if (!t)
            return false;
        f->toks = t;
        f->tcap = cap;
    }
    if (f->nlen + n + 1 > f->ncap) {
        size_t cap = f->ncap ? f->ncap * 2 : 4096;
        while (cap < f->nlen + n + 1)
            cap *= 2;
        char *p = realloc(f->norms, cap);
        if (!p)
            return false;
        f->norms = p;
        f->ncap = cap;
    }
    return true;
}

void silk_facets_token(silk_facets_t *f, const silk_token_t *tok)
{
    if (tok->flags & SILK_TOKEN_CJK)
        return;
    size_t n = silk_gazetteer__strip_possessive(tok->norm, tok->norm_len);
    if (!reserve(f, n))
        return;
    tokrec *t = &f->toks[f->ntoks++];
    t->start = tok->start;
    t->end = tok->end;
    t->off = f->nlen;
    t->len = (unsigned)n;
    t->flags = tok->flags;
    memcpy(f->norms + f->nlen, tok->norm, n);
    f->nlen += n;
    f->norms[f->nlen++] = ' ';
}

/* ---- text checks -------------------------------------------------------- */

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* The token starts with a capital (or a non-ASCII letter, which we cannot
 * cheaply case-test and accept). */
static bool starts_upper(const silk_facets_t *f, const tokrec *t)
{
    return t->start < f->len && !is_lower((unsigned char)f->text[t->start]);
}

/* Every ASCII letter of the token is upper-case. */
static bool all_upper(const silk_facets_t *f, const tokrec *t)
{
    for (size_t i = t->start; i < t->end && i < f->len; i++)
        if (is_lower((unsigned char)f->text[i]))
            return false;
    return true;
}

/* Tokens a and a+1 are close enough to belong to one name. */
static bool adjacent(const silk_facets_t *f, size_t a)
{
    const tokrec *x = &f->toks[a], *y = &f->toks[a + 1];
    return y->start >= x->end && y->start - x->end <= MAX_NAME_GAP;
}

/* The case rules of entry e for the match over tokens i..j. */
static bool case_ok(const silk_facets_t *f, const silk_gz_entry_t *e,
                    size_t i, size_t j)
{
    if ((e->flags & SILK_GZ_CAP) && !starts_upper(f, &f->toks[i]))
        return false;
    if (e->flags & SILK_GZ_ALLCAPS)
        for (size_t k = i; k <= j; k++)
            if (!all_upper(f, &f->toks[k]))
                return false;
    return true;
}

/* Longest entry of vocabulary v starting at token i; *last gets its last
 * token. NULL if none. */
static const silk_gz_entry_t *longest(const silk_facets_t *f, silk_gz_vocab_t v,
                                      size_t i, size_t *last)
{
    const silk_gz_entry_t *best = NULL;
    const char *key = f->norms + f->toks[i].off;
    uint32_t h = SILK_GZ_HASH_INIT;
    for (size_t j = i; j < f->ntoks && j - i < SILK_GZ_MAX_TOKENS; j++) {
        if (j > i) {
            if (!adjacent(f, j - 1))
                break;
            h = silk_gazetteer__hash(h, " ", 1);
        }
        h = silk_gazetteer__hash(h, f->norms + f->toks[j].off, f->toks[j].len);
        size_t n = f->toks[j].off + f->toks[j].len - f->toks[i].off;
        const silk_gz_entry_t *e = silk_gazetteer__find(f->g, v, key, n, h);
        if (!e)
            break;
        if ((e->flags & SILK_GZ_ENTRY) &&
            (e->text_value || (e->flags & SILK_GZ_BLOCK)) && case_ok(f, e, i, j)) {
            best = e;
            *last = j;
        }
        if (!(e->flags & SILK_GZ_LONGER))
            break;
    }
    return best;
}

/* The norm of token k equals s. */
static bool norm_is(const silk_facets_t *f, size_t k, const char *s)
{
    size_t n = strlen(s);
    return f->toks[k].len == n && memcmp(f->norms + f->toks[k].off, s, n) == 0;
}

/* "US$", "US $", "$US", "U.S. dollars", "US dlrs": the United States as a
 * currency, not a country. */
static bool us_currency(const silk_facets_t *f, size_t i, size_t j)
{
    size_t p = f->toks[j].end;
    while (p < f->len && (f->text[p] == ' ' || f->text[p] == '\t'))
        p++;
    if (p < f->len && f->text[p] == '$')
        return true;
    if (f->toks[i].start > 0 && f->text[f->toks[i].start - 1] == '$')
        return true;
    if (j + 1 < f->ntoks) {
        static const char *const money[] = {"dollar", "dollars", "dlr", "dlrs",
                                            "cent", "cents"};
        for (size_t k = 0; k < sizeof money / sizeof money[0]; k++)
            if (norm_is(f, j + 1, money[k]))
                return true;
    }
    return false;
}

/* "Michael Jordan": a person's name when the previous token is a
 * capitalised word separated by one space (and the text is not all
 * capitals, as Reuters titles are). */
static bool after_first_name(const silk_facets_t *f, size_t i)
{
    if (i == 0)
        return false;
    const tokrec *p = &f->toks[i - 1], *t = &f->toks[i];
    if (t->start != p->end + 1 || f->text[p->end] != ' ')
        return false;
    if (!is_upper((unsigned char)f->text[p->start]) || all_upper(f, t))
        return false;
    return !(p->flags & SILK_TOKEN_NUMBER);
}

/* Append a hit; false if memory ran out (the hit is dropped). */
static bool push_hit(silk_facets_t *f, silk_facet_field_t field, const char *value,
                     size_t start, size_t end, const char *rule)
{
    if (f->nhits == f->hcap) {
        size_t cap = f->hcap ? f->hcap * 2 : 32;
        silk_facet_hit_t *h = realloc(f->hits, cap * sizeof *h);
        if (!h)
            return false;
        f->hits = h;
        f->hcap = cap;
    }
    f->hits[f->nhits++] = (silk_facet_hit_t){field, value, start, end, rule};
    return true;
}

/* The country pass: longest match at each token; blocked names consume
 * their tokens and yield nothing. */
static void countries(silk_facets_t *f)
{
    for (size_t i = 0; i < f->ntoks;) {
        size_t j = i;
        const silk_gz_entry_t *e = longest(f, SILK_GZ_COUNTRY, i, &j);
        if (!e) {
            i++;
            continue;
        }
        const char *v = e->text_value;
        const char *rule = e->rule;
        if (v && (e->flags & SILK_GZ_PERSON) && after_first_name(f, i))
            v = NULL;
        if (v && (e->flags & SILK_GZ_SINO)) {
            size_t k = 0;
            bool before_country = j + 1 < f->ntoks &&
                ((f->toks[j + 1].flags & SILK_TOKEN_JOINED) ||
                 (adjacent(f, j) && longest(f, SILK_GZ_COUNTRY, j + 1, &k)));
            if (!before_country)
                v = NULL;
        } else if (v && ((f->toks[i].flags & SILK_TOKEN_JOINED) ||
                         (j + 1 < f->ntoks &&
                          (f->toks[j + 1].flags & SILK_TOKEN_JOINED)))) {
            rule = "compound";
        }
        if (v && strcmp(v, "US") == 0 && us_currency(f, i, j))
            v = NULL;
        if (v)
            push_hit(f, SILK_FACET_COUNTRY, v, f->toks[i].start, f->toks[j].end, rule);
        i = j + 1;
    }
}

/* The ministry pass: longest match; an official's title takes a
 * preceding "vice", "deputy", "assistant" or "under" into its span. */
static void ministries(silk_facets_t *f)
{
    static const char *const ranks[] = {"vice", "deputy", "assistant", "under"};
    for (size_t i = 0; i < f->ntoks;) {
        size_t j = i;
        const silk_gz_entry_t *e = longest(f, SILK_GZ_MINISTRY, i, &j);
        if (!e) {
            i++;
            continue;
        }
        if (e->text_value) {
            size_t start = f->toks[i].start;
            if ((e->flags & SILK_GZ_TITLE) && i > 0 && adjacent(f, i - 1))
                for (size_t r = 0; r < sizeof ranks / sizeof ranks[0]; r++)
                    if (norm_is(f, i - 1, ranks[r]))
                        start = f->toks[i - 1].start;
            push_hit(f, SILK_FACET_MINISTRY, e->text_value, start, f->toks[j].end,
                     e->rule);
        }
        i = j + 1;
    }
}

/* Hits in text order; countries before ministries at the same start. */
static int hit_cmp(const void *a, const void *b)
{
    const silk_facet_hit_t *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->field != y->field)
        return x->field < y->field ? -1 : 1;
    return 0;
}

size_t silk_facets_end(silk_facets_t *f, const silk_facet_hit_t **out)
{
    f->nhits = 0;
    if (f->ntoks) {
        countries(f);
        ministries(f);
        if (f->nhits > 1)
            qsort(f->hits, f->nhits, sizeof *f->hits, hit_cmp);
    }
    *out = f->hits;
    return f->nhits;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* ---- subject countries ------------------------------------------------ */

#define PART_DATELINE 3

static int code_slot(const char *v)
{
    if (!v || !is_upper((unsigned char)v[0]) || !is_upper((unsigned char)v[1]))
        return -1;
    return (v[0] - 'A') * 26 + (v[1] - 'A');
}

void silk_facets_subject_begin(silk_facets_t *f)
{
    memset(f->acc, 0, sizeof f->acc);
    f->nsubj = 0;
}

/* Which supporting span a subject shows: title first, then lead,
 * dateline, body. */
static int part_rank(int part)
{
    return part == PART_DATELINE ? 2 : part == SILK_PART_BODY ? 3 : part;
}

/* Count one supporting mention of value in part. */
static void subject_note(silk_facets_t *f, int part, const char *value,
                         size_t start, size_t end)
{
    int k = code_slot(value);
    if (k < 0)
        return;
    subject_acc *a = &f->acc[k];
    if (!a->value || part_rank(part) < a->rank) {
        a->start = start;
        a->end = end;
        a->rank = part_rank(part);
    }
    a->value = value;
    a->parts |= 1u << part;
    if (part != PART_DATELINE)
        a->count++;
}

void silk_facets_subject_add(silk_facets_t *f, silk_facet_part_t part,
                             const silk_facet_hit_t *hits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (hits[i].field == SILK_FACET_COUNTRY)
            subject_note(f, (int)part, hits[i].value, hits[i].start, hits[i].end);
}

/* The place of a dateline: everything before the date ("SALVADOR",
 * "ROCHESTER, N.Y."), i.e. up to the comma that is followed by a month
 * name or a digit, or up to " -". Returns its length, 0 if none. */
static size_t dateline_place(const char *s, size_t len)
{
    if (len > HEADER_BYTES)
        len = HEADER_BYTES;
    for (size_t p = 0; p < len; p++) {
        if (s[p] == '\n')
            return 0;
        if (s[p] == ',') {
            size_t q = p + 1, e;
            while (q < len && s[q] == ' ')
                q++;
            if (q >= len || is_digit((unsigned char)s[q]) ||
                silk_date_month_name(s + q, len - q, &e))
                return p;
        }
        if (s[p] == '-' && p > 0 && s[p - 1] == ' ')
            return p - 1;
    }
    return 0;
}

const char *silk_facets_subject_dateline(silk_facets_t *f, const char *text,
                                         size_t len)
{
    if (!text)
        return NULL;
    size_t n = dateline_place(text, len);
    /* a place is a few words: a body's first sentence is not a dateline */
    if (n == 0 || n > 48)
        return NULL;
    const char *c = silk_gazetteer_place_country(f->g, text, n);
    if (c)
        subject_note(f, PART_DATELINE, c, 0, n);
    return c;
}

size_t silk_facets_subject_end(silk_facets_t *f, const silk_facet_hit_t **out)
{
    f->nsubj = 0;
    for (int k = 0; k < N_CODES; k++) {
        const subject_acc *a = &f->acc[k];
        if (!a->value)
            continue;
        const char *rule = NULL;
        if (a->parts & (1u << SILK_PART_TITLE))
            rule = "title";
        else if (a->parts & (1u << SILK_PART_LEAD))
            rule = "lead";
        else if (a->parts & (1u << PART_DATELINE))
            rule = "dateline";
        else if (a->count >= SILK_SUBJECT_MIN_MENTIONS)
            rule = "repeated";
        if (!rule)
            continue;
        f->subj[f->nsubj++] = (silk_facet_hit_t){SILK_FACET_SUBJECT, a->value,
                                                 a->start, a->end, rule};
    }
    *out = f->subj;
    return f->nsubj;
}
