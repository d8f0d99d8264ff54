/* facets.c: facet extraction — countries and ministries found in a
 * passage's token stream by the gazetteer's longest match (its case
 * rules), with the raw text consulted for currency and person-name traps,
 * and an article's subject countries. (Its date: util/silk_date.c.)
 * docs/facets.md describes every rule.
 */
#include "facets.h"
#include "silk_date.h"
#include "silk_vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
    silk_gz_stream_t *s;     /* the passage's tokens */
    const char *text;
    size_t len;
    SILK_VEC(silk_facet_hit_t) hits;
    bool failed;             /* memory ran out: hits were lost (sticky) */
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
    if (silk_gz_stream_new(&f->s) != SILK_OK) {
        free(f);
        return NULL;
    }
    return f;
}

/* Free f; NULL is a no-op. */
void silk_facets_free(silk_facets_t *f)
{
    if (!f)
        return;
    silk_gz_stream_free(f->s);
    silk_vec_free(&f->hits);
    free(f);
}

silk_status_t silk_facets_status(const silk_facets_t *f)
{
    if (f->failed)
        return SILK_NO_MEMORY;
    return silk_gazetteer_status(f->g);
}

void silk_facets_begin(silk_facets_t *f, const char *text, size_t len)
{
    f->text = text;
    f->len = len;
    f->hits.n = 0;
    silk_gz_stream_begin(f->s, text, len);
}

void silk_facets_token(silk_facets_t *f, const silk_token_t *tok)
{
    if (silk_gz_stream_add(f->s, tok) != 0)
        f->failed = true;
}

/* ---- text checks -------------------------------------------------------- */

static bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }

/* Token k of the passage. */
static silk_gz_token_t tok(const silk_facets_t *f, size_t k)
{
    return silk_gz_stream_token(f->s, k);
}

/* The norm of token k equals s. */
static bool norm_is(const silk_facets_t *f, size_t k, const char *s)
{
    silk_gz_token_t t = tok(f, k);
    size_t n = strlen(s);
    return t.len == n && memcmp(t.norm, s, n) == 0;
}

/* "US$", "US $", "$US", "U.S. dollars", "US dlrs": the United States as a
 * currency, not a country. */
static bool us_currency(const silk_facets_t *f, size_t i, size_t j)
{
    size_t p = tok(f, j).end, start = tok(f, i).start;
    while (p < f->len && (f->text[p] == ' ' || f->text[p] == '\t'))
        p++;
    if (p < f->len && f->text[p] == '$')
        return true;
    if (start > 0 && f->text[start - 1] == '$')
        return true;
    if (j + 1 < silk_gz_stream_count(f->s)) {
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
    silk_gz_token_t p = tok(f, i - 1), t = tok(f, i);
    if (t.start != p.end + 1 || f->text[p.end] != ' ')
        return false;
    if (!is_upper((unsigned char)f->text[p.start]) ||
        silk_gz_stream_all_upper(f->s, i))
        return false;
    return !(p.flags & SILK_TOKEN_NUMBER);
}

/* Append a hit; when memory ran out the hit is lost and f fails. */
static void push_hit(silk_facets_t *f, silk_facet_field_t field, const char *value,
                     size_t start, size_t end, const char *rule)
{
    if (silk_vec_push(&f->hits, ((silk_facet_hit_t){field, value, start, end,
                                                    rule})) != 0)
        f->failed = true;
}

/* The country pass: longest match at each token; blocked names consume
 * their tokens and yield nothing. */
static void countries(silk_facets_t *f)
{
    size_t n = silk_gz_stream_count(f->s);
    for (size_t i = 0; i < n;) {
        silk_gz_match_t m, next;
        if (!silk_gazetteer_longest(f->g, SILK_GZ_COUNTRY, f->s, i, &m)) {
            i++;
            continue;
        }
        size_t j = m.last;
        const char *v = m.value;
        const char *rule = m.rule;
        if (v && (m.flags & SILK_GZ_PERSON) && after_first_name(f, i))
            v = NULL;
        if (v && (m.flags & SILK_GZ_SINO)) {
            bool before_country = j + 1 < n &&
                ((tok(f, j + 1).flags & SILK_TOKEN_JOINED) ||
                 (silk_gz_stream_adjacent(f->s, j) &&
                  silk_gazetteer_longest(f->g, SILK_GZ_COUNTRY, f->s, j + 1,
                                         &next)));
            if (!before_country)
                v = NULL;
        } else if (v && ((tok(f, i).flags & SILK_TOKEN_JOINED) ||
                         (j + 1 < n && (tok(f, j + 1).flags & SILK_TOKEN_JOINED)))) {
            rule = "compound";
        }
        if (v && strcmp(v, "US") == 0 && us_currency(f, i, j))
            v = NULL;
        if (v)
            push_hit(f, SILK_FACET_COUNTRY, v, tok(f, i).start, tok(f, j).end, rule);
        i = j + 1;
    }
}

/* The ministry pass: longest match; an official's title takes a
 * preceding "vice", "deputy", "assistant" or "under" into its span. */
static void ministries(silk_facets_t *f)
{
    static const char *const ranks[] = {"vice", "deputy", "assistant", "under"};
    size_t n = silk_gz_stream_count(f->s);
    for (size_t i = 0; i < n;) {
        silk_gz_match_t m;
        if (!silk_gazetteer_longest(f->g, SILK_GZ_MINISTRY, f->s, i, &m)) {
            i++;
            continue;
        }
        if (m.value) {
            size_t start = tok(f, i).start;
            if ((m.flags & SILK_GZ_TITLE) && i > 0 &&
                silk_gz_stream_adjacent(f->s, i - 1))
                for (size_t r = 0; r < sizeof ranks / sizeof ranks[0]; r++)
                    if (norm_is(f, i - 1, ranks[r]))
                        start = tok(f, i - 1).start;
            push_hit(f, SILK_FACET_MINISTRY, m.value, start, tok(f, m.last).end,
                     m.rule);
        }
        i = m.last + 1;
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
    f->hits.n = 0;
    if (silk_gz_stream_status(f->s) != SILK_OK)
        f->failed = true;
    if (silk_gz_stream_count(f->s)) {
        countries(f);
        ministries(f);
        if (f->hits.n > 1)
            qsort(f->hits.v, f->hits.n, sizeof *f->hits.v, hit_cmp);
    }
    *out = f->hits.v;
    return f->hits.n;
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
