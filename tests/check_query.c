/* check_query.c: Check suite for the search side of silk-query — ranking,
 * exact facet counts, highlight offsets, the text and JSON Lines outputs —
 * on a tiny fixture index written through the shim exactly as
 * schema/silk_schema.h lays it out (no silk-index, no corpus needed).
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */

#include <check.h>
#include <ftw.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "build.h"
#include "cite.h"
#include "collapse.h"
#include "gazetteer.h"
#include "highlight.h"
#include "output.h"
#include "search.h"
#include "silk_dedup.h"
#include "silk_schema.h"
#include "silk_xapian.h"

/* ---- the fixture index -------------------------------------------------- */

typedef struct fx_passage {
    const char *article;
    int passage;
    const char *title;
    const char *date;     /* year is its first 4 characters */
    const char *source;
    const char *country;  /* value: sorted upper-case codes, "CN LA" */
    const char *ministry; /* value: sorted slugs */
    const char *subject;
    const char *text;
} fx_passage_t;

static const fx_passage_t fixture[] = {
    { "a1", 0, "Opening day", "2021-12-03", "China Trade News", "CN LA",
      "commerce", "LA",
      "The China-Laos Railway opened to traffic in December, linking "
      "Kunming and Vientiane." },
    { "a1", 1, "Opening day", "2021-12-03", "China Trade News", "", "",
      "LA", "Freight volumes on the line grew quickly in the first month." },
    { "a2", 0, "Agreements signed", "2019-04-25", "ECNS", "CN LA", "", "",
      "Laos and China signed agreements in Beijing; a study of the railway "
      "followed later." },
    { "a2", 1, "Agreements signed", "2019-04-25", "ECNS", "LA", "commerce",
      "", "The Ministry of Commerce reported trade growth with Laos." },
    { "a3", 0, "Regional links", "2020-06-01", "China News Service", "TH",
      "", "TH", "Railways across Thailand expanded as new lines opened." },
    { "a3", 1, "Regional links", "2020-06-01", "China News Service", "VN",
      "commerce state-council", "TH",
      "Trade with Vietnam rose, the State Council said." },
    { "a4", 0, "Port traffic", "2022-02-10", "ECNS", "CN", "", "",
      "Ports in China handled more containers as railway links helped "
      "exporters." },
    { "a4", 1, "Port traffic", "2022-02-10", "ECNS", "", "", "",
      "Officials expect further growth next year." },
};
#define NFIXTURE (sizeof fixture / sizeof *fixture)

static char fx_dir[64];

typedef struct post_ctx {
    silk_doc_t *doc;
    const char *prefix;
} post_ctx_t;

/* Analyser callback: index a token's stem at its position. */
static int fx_post(void *ctx, const silk_token_t *tok)
{
    post_ctx_t *p = ctx;
    char term[256];
    int n = snprintf(term, sizeof term, "%s%s", p->prefix, tok->stem);

    ck_assert_int_eq(silk_doc_add_posting(p->doc, term, (size_t)n, tok->pos, 1),
                     SILK_OK);
    return 0;
}

/* A boolean term prefix + value (value lower-cased). */
static void fx_bool(silk_doc_t *doc, const char *prefix, const char *value,
                    size_t len)
{
    char term[256];
    size_t p = strlen(prefix);

    memcpy(term, prefix, p);
    for (size_t i = 0; i < len && p < sizeof term - 1; i++) {
        char c = value[i];
        term[p++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a')
                    : c == ' ' ? '-' : c;
    }
    ck_assert_int_eq(silk_doc_add_boolean_term(doc, term, p), SILK_OK);
}

/* Boolean terms for each item of a list value. */
static void fx_bool_list(silk_doc_t *doc, const char *prefix, const char *list)
{
    const char *p = list;

    while (*p) {
        size_t n = strcspn(p, " ");
        if (n)
            fx_bool(doc, prefix, p, n);
        p += n;
        while (*p == ' ')
            p++;
    }
}

static void fx_value(silk_doc_t *doc, unsigned slot, const char *v, size_t n)
{
    ck_assert_int_eq(silk_doc_set_value(doc, slot, v, n), SILK_OK);
}

/* Write the fixture index into a fresh temporary directory. */
static void fixture_build(void)
{
    silk_db_t *db = NULL;
    silk_analyzer_t *a = silk_analyzer_new("english");

    ck_assert_ptr_nonnull(a);
    strcpy(fx_dir, "/tmp/check_query.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(fx_dir));
    ck_assert_int_eq(silk_db_open_write(&db, fx_dir, 1, 0), SILK_OK);
    for (size_t i = 0; i < NFIXTURE; i++) {
        const fx_passage_t *f = &fixture[i];
        silk_doc_t *doc = NULL;
        char uid[64];
        ck_assert_int_eq(silk_doc_new(&doc), SILK_OK);
        post_ctx_t body = { doc, "" }, title = { doc, SILK_PREFIX_TITLE };
        silk_analyzer_run(a, f->text, strlen(f->text), 1, fx_post, &body);
        silk_analyzer_run(a, f->title, strlen(f->title), 1, fx_post, &title);
        snprintf(uid, sizeof uid, "%s%s#%d", SILK_PREFIX_UID, f->article,
                 f->passage);
        ck_assert_int_eq(silk_doc_add_boolean_term(doc, uid, strlen(uid)),
                         SILK_OK);
        fx_bool(doc, SILK_PREFIX_ARTICLE, f->article, strlen(f->article));
        fx_bool(doc, SILK_PREFIX_YEAR, f->date, 4);
        fx_bool(doc, SILK_PREFIX_SOURCE, f->source, strlen(f->source));
        fx_bool_list(doc, SILK_PREFIX_COUNTRY, f->country);
        fx_bool_list(doc, SILK_PREFIX_MINISTRY, f->ministry);
        fx_bool_list(doc, SILK_PREFIX_SUBJECT, f->subject);
        fx_value(doc, SILK_SLOT_YEAR, f->date, 4);
        fx_value(doc, SILK_SLOT_DATE, f->date, strlen(f->date));
        fx_value(doc, SILK_SLOT_ARTICLE, f->article, strlen(f->article));
        fx_value(doc, SILK_SLOT_COUNTRY, f->country, strlen(f->country));
        fx_value(doc, SILK_SLOT_MINISTRY, f->ministry, strlen(f->ministry));
        fx_value(doc, SILK_SLOT_SOURCE, f->source, strlen(f->source));
        fx_value(doc, SILK_SLOT_SUBJECT, f->subject, strlen(f->subject));
        json_t *data = json_pack("{s:s,s:i,s:s,s:s,s:s,s:s,s:s,s:i,s:i,s:s,s:{}}",
                                 "article", f->article, "passage", f->passage,
                                 "title", f->title, "date", f->date,
                                 "source", f->source, "url", "", "path", "",
                                 "start", 0, "end", (int)strlen(f->text),
                                 "text", f->text, "extra");
        char *js = json_dumps(data, JSON_COMPACT);
        ck_assert_int_eq(silk_doc_set_data(doc, js, strlen(js)), SILK_OK);
        ck_assert_int_eq(silk_db_replace_doc(db, uid, doc), SILK_OK);
        free(js);
        json_decref(data);
        silk_doc_free(doc);
    }
    ck_assert_int_eq(silk_db_set_metadata(db, SILK_META_SCHEMA, "1"), SILK_OK);
    ck_assert_int_eq(silk_db_set_metadata(db, SILK_META_LANG, "english"), SILK_OK);
    ck_assert_int_eq(silk_db_commit(db), SILK_OK);
    silk_db_free(db);
    silk_analyzer_free(a);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void fixture_remove(void)
{
    if (fx_dir[0])
        nftw(fx_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* Per test: the index open for reading, an analyser and a gazetteer. */
static silk_db_t *db;
static silk_analyzer_t *an;
static silk_gazetteer_t *gz;

static void open_setup(void)
{
    const char *paths[] = { fx_dir };

    ck_assert_int_eq(silk_db_open_read(&db, paths, 1), SILK_OK);
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
    gz = silk_gazetteer_new(an);
}

static void open_teardown(void)
{
    silk_gazetteer_free(gz);
    silk_analyzer_free(an);
    silk_db_free(db);
    gz = NULL;
    an = NULL;
    db = NULL;
}

/* True if the list value contains item. */
static int list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    const char *p = list;

    while ((p = strstr(p, item)) != NULL) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

/* ---- ranking (through the parser and builder) ------------------------- */

typedef struct rank_case {
    const char *query;
    const char *first;     /* "a1#0": the passage that must rank first */
    const char *above;     /* ... and this one ... */
    const char *below;     /* ... above this one (NULL: no check) */
    int total;             /* passages matched; -1: not checked */
} rank_case_t;

static const rank_case_t rank_cases[] = {
    /* the exact phrase above the same words scattered */
    { "China-Laos Railway", "a1#0", "a1#0", "a2#0", -1 },
    { "\"china laos railway\"", "a1#0", NULL, NULL, 1 },
    /* all the words above some of them */
    { "china laos railway", "a1#0", "a2#0", "a4#0", -1 },
    /* stemming: railways finds railway */
    { "railways", NULL, NULL, NULL, 4 },
    { "railway", NULL, NULL, NULL, 4 },
    /* filters */
    { "country:Laos", NULL, NULL, NULL, 3 },
    { "year:2019..2020", NULL, NULL, NULL, 4 },
    { "ministry:commerce", NULL, NULL, NULL, 3 },
    { "railway year:2021", "a1#0", NULL, NULL, 1 },
    { "railway -thailand", NULL, NULL, NULL, 3 },
};

/* "a1#0" for a hit. */
static void hit_key(const silk_hit_t *h, char *buf, size_t n)
{
    snprintf(buf, n, "%s#%ld", h->article, h->passage);
}

/* Rank of the passage key in r (1-based), 0 if absent. */
static unsigned rank_of(const silk_results_t *r, const char *key)
{
    char buf[64];

    for (size_t i = 0; i < r->nhits; i++) {
        hit_key(&r->hits[i], buf, sizeof buf);
        if (strcmp(buf, key) == 0)
            return r->hits[i].rank;
    }
    return 0;
}

START_TEST(test_ranking)
{
    const rank_case_t *c = &rank_cases[_i];
    silk_search_req_t req;
    silk_results_t *r = NULL;
    char key[64];

    silk_search_req_init(&req);
    req.limit = 100;
    ck_assert_int_eq(silk_search_text(&r, db, an, gz, c->query, &req), SILK_OK);
    if (c->first) {
        ck_assert_msg(r->nhits > 0, "%s: no hits", c->query);
        hit_key(&r->hits[0], key, sizeof key);
        ck_assert_msg(strcmp(key, c->first) == 0, "%s: %s first, not %s",
                      c->query, key, c->first);
    }
    if (c->above) {
        unsigned ra = rank_of(r, c->above), rb = rank_of(r, c->below);
        ck_assert_msg(ra > 0 && rb > 0 && ra < rb,
                      "%s: %s (rank %u) should rank above %s (rank %u)",
                      c->query, c->above, ra, c->below, rb);
    }
    if (c->total >= 0) {
        ck_assert_msg(r->nhits == (size_t)c->total, "%s: %zu hits, want %d",
                      c->query, r->nhits, c->total);
        ck_assert(r->exact);
    }
    ck_assert_int_eq(r->matched, r->nhits > 0);
    /* Ranks are 1.. in order, weights never increase, nor scores within
     * a tier (a lower tier's score can pass a higher one's: an article's
     * evidence lifts passages in no tier; query/article.h). */
    for (size_t i = 0; i < r->nhits; i++) {
        ck_assert_uint_eq(r->hits[i].rank, i + 1);
        if (i)
            ck_assert(r->hits[i].weight <= r->hits[i - 1].weight);
        if (i && r->hits[i].tier == r->hits[i - 1].tier)
            ck_assert(r->hits[i].score <= r->hits[i - 1].score);
    }
    silk_results_free(r);
}
END_TEST

/* ---- facet counts, exact against a brute-force count ------------------ */

typedef struct facet_case {
    const char *filter_term;  /* boolean term to filter on; NULL: all */
    const char *slot_item;    /* the fixture list it selects by, "LA" */
    unsigned per_article;
} facet_case_t;

static const facet_case_t facet_cases[] = {
    { NULL, NULL, 0 },
    { SILK_PREFIX_COUNTRY "la", "LA", 0 },
    { SILK_PREFIX_MINISTRY "commerce", "commerce", 0 },
    { NULL, NULL, 1 },
    { SILK_PREFIX_COUNTRY "cn", "CN", 1 },
};

/* The fixture field of passage f for a facet. */
static const char *fx_field(const fx_passage_t *f, silk_qfacet_t q,
                            char year[8])
{
    switch (q) {
    case SILK_QFACET_YEAR:
        memcpy(year, f->date, 4);
        year[4] = '\0';
        return year;
    case SILK_QFACET_MONTH: /* a year date has no month */
        if (strlen(f->date) < 7)
            return "";
        memcpy(year, f->date, 7);
        year[7] = '\0';
        return year;
    case SILK_QFACET_COUNTRY: return f->country;
    case SILK_QFACET_MINISTRY: return f->ministry;
    case SILK_QFACET_SOURCE: return f->source;
    case SILK_QFACET_SUBJECT: return f->subject;
    default: return "";
    }
}

static bool fx_selected(const fx_passage_t *f, const facet_case_t *c)
{
    if (!c->filter_term)
        return true;
    if (c->filter_term[1] == 'C')
        return list_has(f->country, c->slot_item);
    return list_has(f->ministry, c->slot_item);
}

START_TEST(test_facet_counts)
{
    const facet_case_t *c = &facet_cases[_i];
    silk_query_t *all = NULL, *term = NULL, *q = NULL;
    silk_search_req_t req;
    silk_results_t *r = NULL;
    unsigned long selected = 0;

    ck_assert_int_eq(silk_query_match_all(&all), SILK_OK);
    if (c->filter_term) {
        silk_query_t *subs[2];
        ck_assert_int_eq(silk_query_term(&term, c->filter_term,
                                         strlen(c->filter_term), 1, 0), SILK_OK);
        subs[0] = all;
        subs[1] = term;
        ck_assert_int_eq(silk_query_combine(&q, SILK_OP_FILTER, subs, 2, 0),
                         SILK_OK);
    }
    silk_search_req_init(&req);
    req.facets = SILK_QFACET_ALL;
    req.per_article = c->per_article;
    req.limit = 2;
    ck_assert_int_eq(silk_search_run(&r, db, q ? q : all, &req), SILK_OK);

    for (size_t i = 0; i < NFIXTURE; i++)
        selected += fx_selected(&fixture[i], c);
    ck_assert_uint_eq(r->facet_passages, selected);
    if (!c->per_article)
        ck_assert_uint_eq(r->total, selected);

    for (unsigned f = 0; f < SILK_QFACET_COUNT_; f++) {
        const silk_facet_list_t *l = &r->counts[f];
        unsigned long sum = 0;
        for (size_t k = 0; k < l->n; k++) {
            /* Brute force: passages whose field holds this value. */
            unsigned long want = 0;
            char year[8];
            for (size_t i = 0; i < NFIXTURE; i++) {
                const char *v = fx_field(&fixture[i], (silk_qfacet_t)f, year);
                bool has = f == SILK_QFACET_YEAR || f == SILK_QFACET_SOURCE ||
                                   f == SILK_QFACET_MONTH
                           ? strcmp(v, l->v[k].value) == 0
                           : list_has(v, l->v[k].value);
                want += has && fx_selected(&fixture[i], c);
            }
            ck_assert_msg(l->v[k].count == want, "%s=%s: %lu, brute force %lu",
                          silk_qfacet_name((silk_qfacet_t)f), l->v[k].value,
                          l->v[k].count, want);
            if (k && f == SILK_QFACET_MONTH) /* a histogram, in month order */
                ck_assert(strcmp(l->v[k - 1].value, l->v[k].value) < 0);
            else if (k)
                ck_assert(l->v[k].count < l->v[k - 1].count ||
                          (l->v[k].count == l->v[k - 1].count &&
                           strcmp(l->v[k - 1].value, l->v[k].value) < 0));
            sum += l->v[k].count;
        }
        /* Every selected passage's items are counted, none missed. */
        unsigned long items = 0;
        for (size_t i = 0; i < NFIXTURE; i++) {
            char year[8];
            const char *v = fx_field(&fixture[i], (silk_qfacet_t)f, year);
            if (!fx_selected(&fixture[i], c) || !*v)
                continue;
            if (f == SILK_QFACET_YEAR || f == SILK_QFACET_SOURCE || f == SILK_QFACET_MONTH)
                items++;
            else
                for (const char *p = v; *p; p += strcspn(p, " "), p += *p == ' ')
                    items++;
        }
        ck_assert_uint_eq(sum, items);
    }
    silk_results_free(r);
    silk_query_free(q);
    silk_query_free(term);
    silk_query_free(all);
}
END_TEST

/* ---- the de-duplicated list (collapse.h), on tables --------------------- */

/* Signatures made by hand: S1 and its near copy S1C (two body positions
 * differ), and S2, unlike both. */
enum { S0, S1, S1C, S2 };

static unsigned char sigs[4][SILK_NEARDUP_BYTES];

static void make_sigs(void)
{
    for (int k = S1; k <= S2; k++) {
        unsigned char *g = sigs[k];
        g[0] = SILK_NEARDUP_VERSION;
        g[1] = 0;
        g[2] = 200;                          /* shingles */
        memset(g + 3, 0, 4);                 /* no figures */
        for (int i = 7; i < SILK_NEARDUP_BYTES; i++)
            g[i] = (unsigned char)(k == S2 ? 255 - i : i);
    }
    sigs[S1C][7] ^= 1;
    sigs[S1C][20] ^= 1;
}

typedef struct cand_row {
    const char *article, *textkey;
    int sig;
    silk_fate_t fate;
    int into;                    /* shown hit (or -1 when hidden) */
} cand_row;

#define MAX_ROWS 8
typedef struct collapse_case {
    const char *what;
    unsigned per_article;
    bool duplicates;
    cand_row rows[MAX_ROWS];     /* in rank order; article NULL ends */
    size_t articles;
} collapse_case;

#define SHOWN SILK_FATE_SHOWN
#define SAME SILK_FATE_SAME_TEXT
#define NEAR SILK_FATE_NEAR_DUP
#define HID SILK_FATE_HIDDEN

static const collapse_case collapse_cases[] = {
    {"identical text folds into its first hit", 0, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a2", "k1", S0, SAME, 0},
      {"a3", "k2", S0, SHOWN, 1}, {"a4", "k1", S0, SAME, 0}}, 4},
    {"copies kept", 0, false,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S1C, SHOWN, 1},
      {"a3", "k2", S0, SHOWN, 2}}, 3},
    {"two passages an article", 2, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k2", S0, SHOWN, 1},
      {"a1", "k3", S0, HID, -1}, {"a2", "k4", S0, SHOWN, 2},
      {"a1", "k5", S0, HID, -1}}, 2},
    {"the limit holds with copies kept", 1, false,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k1", S0, HID, -1},
      {"a2", "k1", S0, SHOWN, 1}}, 2},
    {"a near-duplicate article folds once, by its best passage", 2, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k2", S1C, NEAR, 0},
      {"a2", "k3", S1C, HID, -1}, {"a3", "k4", S2, SHOWN, 1},
      {"a1", "k5", S1, SHOWN, 2}}, 3},
    {"the copy ranked first heads the group", 0, true,
     {{"a2", "k1", S1C, SHOWN, 0}, {"a1", "k2", S1, NEAR, 0},
      {"a2", "k3", S1C, SHOWN, 1}}, 2},
    {"an article first met as a copy of text is grouped later", 0, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S2, SAME, 0},
      {"a2", "k2", S2, SHOWN, 1}}, 2},
    {"a copy already folded by its text is not listed again", 0, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S1C, SAME, 0},
      {"a2", "k2", S1C, HID, -1}, {"a1", "k3", S1, SHOWN, 1}}, 2},
    {"a hidden passage's text is no one's to fold into", 1, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k2", S0, HID, -1},
      {"a2", "k2", S0, SHOWN, 1}}, 2},
    {"no fingerprint, no signature: never a copy", 0, true,
     {{"a1", "", S0, SHOWN, 0}, {"a2", "", S0, SHOWN, 1},
      {"a3", "k1", S0, SHOWN, 2}, {"a4", "k1", S0, SAME, 2}}, 4},
    {"unsigned articles are not each other's copies", 0, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a2", "k2", S0, SHOWN, 1}}, 2},
};

START_TEST(test_collapse)
{
    const collapse_case *c = &collapse_cases[_i];
    silk_collapse_t *col = silk_collapse_new(c->per_article, c->duplicates);
    size_t shown = 0;

    make_sigs();
    ck_assert_ptr_nonnull(col);
    for (size_t i = 0; i < MAX_ROWS && c->rows[i].article; i++) {
        const cand_row *r = &c->rows[i];
        silk_cand_t cand = { r->article, strlen(r->article), r->textkey,
                             strlen(r->textkey), sigs[r->sig],
                             r->sig == S0 ? 0 : SILK_NEARDUP_BYTES };
        silk_fate_t fate;
        size_t into = 99;
        ck_assert_int_eq(silk_collapse_add(col, &cand, &fate, &into), 0);
        ck_assert_msg(fate == r->fate, "%s: row %zu: fate %d, want %d", c->what,
                      i, fate, r->fate);
        if (r->into >= 0)
            ck_assert_msg(into == (size_t)r->into, "%s: row %zu: into %zu, want %d",
                          c->what, i, into, r->into);
        shown += fate == SHOWN;
    }
    ck_assert_uint_eq(silk_collapse_shown(col), shown);
    ck_assert_uint_eq(silk_collapse_articles(col), c->articles);
    silk_collapse_free(col);
}
END_TEST

/* Many groups, each found through its bands among the heads before it: a
 * copy joins the first similar head, not a later one. */
START_TEST(test_collapse_many)
{
    enum { GROUPS = 300 };
    static unsigned char g[GROUPS][SILK_NEARDUP_BYTES];
    silk_collapse_t *col = silk_collapse_new(0, true);
    char art[32];
    silk_fate_t fate;
    size_t into;

    for (int k = 0; k < GROUPS; k++) {
        g[k][0] = SILK_NEARDUP_VERSION;
        g[k][1] = 1;
        g[k][2] = 0;
        memset(g[k] + 3, 0, 4);
        uint32_t x = 2463534242u + (uint32_t)k * 2654435761u; /* xorshift32 */
        for (int i = 7; i < SILK_NEARDUP_BYTES; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            g[k][i] = (unsigned char)x;
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < GROUPS; k++) {
            snprintf(art, sizeof art, "%s%d", pass ? "copy" : "head", k);
            silk_cand_t cand = { art, strlen(art), "", 0, g[k],
                                 SILK_NEARDUP_BYTES };
            ck_assert_int_eq(silk_collapse_add(col, &cand, &fate, &into), 0);
            ck_assert_int_eq(fate, (pass ? NEAR : SHOWN));
            ck_assert_uint_eq(into, (size_t)k);
        }
    }
    ck_assert_uint_eq(silk_collapse_articles(col), 2 * GROUPS);
    silk_collapse_free(col);
}
END_TEST

/* Paging and the per-article limit over the whole fixture: the totals
 * count passages and articles whatever the page. */
typedef struct page_case {
    unsigned offset, limit, per_article;
    size_t nhits;
    unsigned long results;  /* length of the list the page slices */
} page_case_t;

static const page_case_t page_cases[] = {
    { 0, 10, 0, NFIXTURE, NFIXTURE },
    { 0, 3, 0, 3, NFIXTURE },
    { 6, 10, 0, NFIXTURE - 6, NFIXTURE },
    { 100, 10, 0, 0, NFIXTURE },
    { 0, 10, 1, 4, 4 },
    { 2, 10, 1, 2, 4 },
    { 0, 10, 2, NFIXTURE, NFIXTURE },
    { 0, 0, 0, 0, NFIXTURE },
};

START_TEST(test_paging)
{
    const page_case_t *c = &page_cases[_i];
    silk_query_t *all = NULL;
    silk_search_req_t req;
    silk_results_t *r = NULL;

    ck_assert_int_eq(silk_query_match_all(&all), SILK_OK);
    silk_search_req_init(&req);
    req.offset = c->offset;
    req.limit = c->limit;
    req.per_article = c->per_article;
    req.facets = 1u << SILK_QFACET_YEAR; /* exact totals */
    ck_assert_int_eq(silk_search_run(&r, db, all, &req), SILK_OK);
    ck_assert_uint_eq(r->nhits, c->nhits);
    ck_assert_uint_eq(r->results, c->results);
    ck_assert_uint_eq(r->total, NFIXTURE);
    ck_assert_uint_eq(r->articles, 4);
    ck_assert(r->exact && r->articles_exact && r->complete);
    ck_assert(r->matched);
    for (size_t i = 0; i < r->nhits; i++) {
        ck_assert_uint_eq(r->hits[i].rank, c->offset + i + 1);
        if (c->per_article == 1)
            for (size_t k = 0; k < i; k++)
                ck_assert_str_ne(r->hits[k].article, r->hits[i].article);
    }
    silk_results_free(r);
    silk_query_free(all);
}
END_TEST

/* ---- highlighting ------------------------------------------------------- */

typedef struct hl_case {
    const char *text;
    const char *query;   /* words whose stems are highlighted */
    size_t nspans;
    const char *first;   /* text of the first span */
} hl_case_t;

static const hl_case_t hl_cases[] = {
    { "The China-Laos Railway opened.", "china laos railway", 1,
      "China-Laos Railway" },
    { "Railways and a railway.", "railway", 2, "Railways" },
    { "China's trade with Laos grew.", "china laos", 2, "China's" },
    { "Nothing to see here.", "railway", 0, NULL },
    { "", "railway", 0, NULL },
    { "Trade, trade and TRADE!", "trade", 3, "Trade" },
    { "Kunming \xE2\x80\x94 Vientiane railway line", "vientiane railway", 1,
      "Vientiane railway" },
    { "railway \xFF\xFE broken bytes railway", "railway", 2, "railway" },
    { "Belt and Road, and more roads", "belt and road", 2, "Belt and Road" },
    { "the end of the line", "the", 2, "the" },
};

typedef struct stems_ctx {
    silk_qterms_t *t;
} stems_ctx_t;

static int add_stem(void *ctx, const silk_token_t *tok)
{
    silk_qterms_t *t = ((stems_ctx_t *)ctx)->t;

    t->stems = realloc(t->stems, (t->n + 1) * sizeof *t->stems);
    t->stems[t->n] = malloc(tok->stem_len + 1);
    memcpy(t->stems[t->n], tok->stem, tok->stem_len + 1);
    t->n++;
    return 0;
}

/* The stems of words, as the query side would list them. */
static void make_terms(silk_qterms_t *t, const char *words)
{
    stems_ctx_t c = { t };

    t->stems = NULL;
    t->n = 0;
    silk_analyzer_run(an, words, strlen(words), 0, add_stem, &c);
}

static void free_terms(silk_qterms_t *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->stems[i]);
    free(t->stems);
}

typedef struct check_ctx {
    const silk_qterms_t *t;
    int tokens, bad;
} check_ctx_t;

/* Every token inside a highlighted span stems to a query stem. */
static int check_stem(void *ctx, const silk_token_t *tok)
{
    check_ctx_t *c = ctx;
    int ok = 0;

    for (size_t i = 0; i < c->t->n; i++)
        ok |= strcmp(c->t->stems[i], tok->stem) == 0;
    c->tokens++;
    c->bad += !ok;
    return 0;
}

START_TEST(test_highlight)
{
    const hl_case_t *c = &hl_cases[_i];
    silk_qterms_t t;
    silk_spans_t spans = { NULL, 0, 0 };
    size_t len = strlen(c->text);

    make_terms(&t, c->query);
    ck_assert_int_eq(silk_highlight(&spans, an, c->text, len, &t), 0);
    ck_assert_uint_eq(spans.n, c->nspans);
    for (size_t i = 0; i < spans.n; i++) {
        const silk_span_t *s = &spans.v[i];
        ck_assert(s->start < s->end && s->end <= len);
        if (i)
            ck_assert(spans.v[i - 1].end <= s->start);
        check_ctx_t cc = { &t, 0, 0 };
        silk_analyzer_run(an, c->text + s->start, s->end - s->start, 0,
                          check_stem, &cc);
        ck_assert_msg(cc.tokens > 0 && cc.bad == 0, "span %zu of '%s'", i,
                      c->text);
    }
    if (c->first) {
        size_t n = spans.v[0].end - spans.v[0].start;
        ck_assert_msg(strlen(c->first) == n &&
                      memcmp(c->text + spans.v[0].start, c->first, n) == 0,
                      "first span '%.*s', want '%s'", (int)n,
                      c->text + spans.v[0].start, c->first);
    }
    silk_spans_free(&spans);
    free_terms(&t);
}
END_TEST

/* A long passage is trimmed around its densest matches, at token
 * boundaries, never inside a UTF-8 sequence. */
typedef struct win_case {
    const char *filler;   /* repeated around the match */
    const char *match;
    size_t before, after; /* filler repeats before and after */
} win_case_t;

static const win_case_t win_cases[] = {
    { "lorem ipsum dolor ", "China-Laos Railway", 40, 40 },
    { "lorem ipsum dolor ", "railway", 0, 60 },
    { "lorem ipsum dolor ", "railway", 60, 0 },
    { "caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cquoted\xE2\x80\x9D ", "railway",
      30, 30 },
    { "\xE5\x8C\x97\xE4\xBA\xAC\xE9\x93\x81\xE8\xB7\xAF ", "railway", 50, 50 },
};

START_TEST(test_window)
{
    const win_case_t *c = &win_cases[_i];
    size_t fl = strlen(c->filler), ml = strlen(c->match);
    size_t len = fl * (c->before + c->after) + ml + 1;
    char *text = malloc(len + 1), *p = text;
    silk_qterms_t t;
    silk_spans_t spans = { NULL, 0, 0 };
    size_t ws, we;

    for (size_t i = 0; i < c->before; i++, p += fl)
        memcpy(p, c->filler, fl);
    memcpy(p, c->match, ml);
    p += ml;
    *p++ = ' ';
    for (size_t i = 0; i < c->after; i++, p += fl)
        memcpy(p, c->filler, fl);
    *p = '\0';
    len = (size_t)(p - text);

    make_terms(&t, c->match);
    ck_assert_int_eq(silk_highlight(&spans, an, text, len, &t), 0);
    ck_assert_uint_ge(spans.n, 1);
    ck_assert_int_eq(silk_highlight_window(&ws, &we, an, text, len, spans.v,
                                           spans.n, SILK_TEXT_WINDOW), 0);
    ck_assert(ws <= spans.v[0].start && spans.v[0].end <= we);
    ck_assert_uint_le(we - ws, SILK_TEXT_WINDOW);
    ck_assert_uint_ge(we - ws, SILK_TEXT_WINDOW / 2);
    /* UTF-8: neither end inside a sequence; tokens, not spaces, at ends. */
    ck_assert((text[ws] & 0xC0) != 0x80);
    ck_assert(we == len || (text[we] & 0xC0) != 0x80);
    ck_assert(text[ws] != ' ');
    ck_assert(we == len || text[we - 1] != ' ');
    silk_spans_free(&spans);
    free_terms(&t);
    free(text);
}
END_TEST

/* ---- output ------------------------------------------------------------- */

typedef struct out_case {
    const char *query;
    unsigned facets;
    unsigned per_article;
} out_case_t;

static const out_case_t out_cases[] = {
    { "China-Laos Railway", SILK_QFACET_ALL, 0 },
    { "country:Laos", 1u << SILK_QFACET_COUNTRY, 0 },
    { "railway", 0, 1 },
    { "nothingmatchesthis", SILK_QFACET_ALL, 0 },
    { "\"unbalanced (quote", 0, 0 },
    { "bad \xFF\xFE bytes", 0, 0 },
    { "", 0, 0 },
};

/* Run q and print it in fmt into a string (malloc'ed). */
static char *render(const out_case_t *c, silk_format_t fmt, bool color,
                    const char *qid)
{
    silk_search_req_t req;
    silk_results_t *r = NULL;
    silk_output_t o;
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);

    ck_assert_ptr_nonnull(fp);
    silk_search_req_init(&req);
    req.facets = c->facets;
    req.per_article = c->per_article;
    ck_assert_int_eq(silk_search_text(&r, db, an, gz, c->query, &req), SILK_OK);
    silk_output_init(&o, fp, fmt, an, gz);
    o.color = color;
    ck_assert_int_eq(silk_output_results(&o, r, &req, qid, 1.5), 0);
    silk_output_fini(&o);
    silk_results_free(r);
    fclose(fp);
    return buf;
}

static void check_keys(json_t *rec, const char *const *keys)
{
    for (; *keys; keys++)
        ck_assert_msg(json_object_get(rec, *keys) != NULL, "no \"%s\"", *keys);
}

START_TEST(test_json_schema)
{
    static const char *const hit_keys[] = {
        "type", "rank", "score", "article", "passage", "title", "date",
        "year", "source", "url", "id", "path", "start", "end", "span",
        "fields", "text", "highlights", "facets", NULL };
    static const char *const facet_keys[] = {
        "type", "field", "value", "count", NULL };
    static const char *const summary_keys[] = {
        "type", "version", "query", "parsed", "notes", "total", "exact",
        "returned", "offset", "limit", "timings", NULL };
    const out_case_t *c = &out_cases[_i];

    for (int batch = 0; batch < 2; batch++) {
        char *out = render(c, SILK_FORMAT_JSON, false, batch ? "q7" : NULL);
        int hits = 0, summaries = 0;
        char *save = NULL;
        for (char *line = strtok_r(out, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            json_error_t err;
            json_t *rec = json_loads(line, 0, &err);
            ck_assert_msg(rec != NULL, "bad JSON line '%s': %s", line, err.text);
            ck_assert_int_eq(summaries, 0); /* the summary comes last */
            const char *type = json_string_value(json_object_get(rec, "type"));
            ck_assert_ptr_nonnull(type);
            if (batch)
                ck_assert_str_eq(json_string_value(json_object_get(rec, "qid")),
                                 "q7");
            else
                ck_assert_ptr_null(json_object_get(rec, "qid"));
            if (strcmp(type, "hit") == 0) {
                check_keys(rec, hit_keys);
                const char *text = json_string_value(json_object_get(rec, "text"));
                size_t tl = strlen(text), i;
                json_t *span;
                json_array_foreach(json_object_get(rec, "highlights"), i, span) {
                    json_int_t s = json_integer_value(json_array_get(span, 0));
                    json_int_t e = json_integer_value(json_array_get(span, 1));
                    ck_assert(0 <= s && s < e && (size_t)e <= tl);
                }
                ck_assert(json_is_array(json_object_get(
                    json_object_get(rec, "facets"), "country")));
                ck_assert_int_eq(json_integer_value(json_object_get(rec, "rank")),
                                 hits + 1);
                hits++;
            } else if (strcmp(type, "facet") == 0) {
                check_keys(rec, facet_keys);
                ck_assert(json_integer_value(json_object_get(rec, "count")) > 0);
            } else {
                ck_assert_str_eq(type, "summary");
                check_keys(rec, summary_keys);
                ck_assert_int_eq(json_integer_value(json_object_get(rec, "version")),
                                 SILK_JSON_VERSION);
                ck_assert_int_eq(json_integer_value(json_object_get(rec, "returned")),
                                 hits);
                json_t *t = json_object_get(rec, "timings");
                ck_assert(json_is_number(json_object_get(t, "parse_ms")));
                ck_assert(json_is_number(json_object_get(t, "search_ms")));
                ck_assert(json_is_number(json_object_get(t, "total_ms")));
                summaries++;
            }
            json_decref(rec);
        }
        ck_assert_int_eq(summaries, 1);
        free(out);
    }
}
END_TEST

/* A passage found by its id, with its data; an unknown article or
 * passage number is SILK_NOT_FOUND and *out NULL. */
typedef struct cite_case {
    const char *article;
    long passage;
    silk_status_t want;
    const char *text_starts;   /* with SILK_OK */
} cite_case_t;

static const cite_case_t cite_cases[] = {
    { "a1", 0, SILK_OK, "The China-Laos Railway" },
    { "a1", 1, SILK_OK, "Freight volumes" },
    { "a1", 2, SILK_NOT_FOUND, NULL },
    { "nosuch", 0, SILK_NOT_FOUND, NULL },
    { "a", 1, SILK_NOT_FOUND, NULL },   /* not a prefix match of a1#1 */
};

START_TEST(test_cite_passage)
{
    const cite_case_t *c = &cite_cases[_i];
    json_t *d = (json_t *)1;

    ck_assert_int_eq(silk_cite_passage(&d, db, c->article, c->passage), c->want);
    if (c->want != SILK_OK) {
        ck_assert_ptr_null(d);
        return;
    }
    const char *text = json_string_value(json_object_get(d, "text"));
    ck_assert_ptr_nonnull(text);
    ck_assert_int_eq(strncmp(text, c->text_starts, strlen(c->text_starts)), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(d, "passage")), c->passage);
    json_decref(d);
}
END_TEST

/* Text: matches marked with [ ] without colour, bold with it; a summary
 * line; facet counts say they are exact. */
START_TEST(test_text_output)
{
    const out_case_t *c = &out_cases[_i];
    char *plain = render(c, SILK_FORMAT_TEXT, false, NULL);
    char *bold = render(c, SILK_FORMAT_TEXT, true, NULL);

    ck_assert_ptr_null(strchr(plain, '\033'));
    ck_assert_ptr_nonnull(strstr(plain, " in 1.5 ms\n"));
    if (c->facets)
        ck_assert_ptr_nonnull(strstr(plain, "facets (exact, over "));
    if (_i == 0) {
        ck_assert_ptr_nonnull(strstr(plain, "[China-Laos Railway]"));
        ck_assert_ptr_nonnull(strstr(bold, "\033[1mChina-Laos Railway\033[0m"));
        ck_assert_ptr_nonnull(strstr(plain, "1. Opening day"));
    }
    free(plain);
    free(bold);
}
END_TEST

START_TEST(test_trec_output)
{
    const out_case_t c = { "railway", 0, 1 };
    char *out = render(&c, SILK_FORMAT_TREC, false, "101");
    char qid[16], q0[4], art[32], tag[16];
    unsigned rank;
    double score;
    int lines = 0;
    char *save = NULL;

    for (char *line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        ck_assert_int_eq(sscanf(line, "%15s %3s %31s %u %lf %15s", qid, q0, art,
                                &rank, &score, tag), 6);
        ck_assert_str_eq(qid, "101");
        ck_assert_str_eq(q0, "Q0");
        ck_assert_str_eq(tag, "silk");
        ck_assert_uint_eq(rank, (unsigned)++lines);
    }
    ck_assert_int_eq(lines, 4); /* one per article */
    free(out);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

typedef struct facet_list_case {
    const char *list;
    int rc;
    unsigned mask;
    const char *bad;     /* where the bad name starts */
} facet_list_case_t;

static const facet_list_case_t facet_list_cases[] = {
    { "year", 0, 1u << SILK_QFACET_YEAR, NULL },
    { "year,country", 0, (1u << SILK_QFACET_YEAR) | (1u << SILK_QFACET_COUNTRY),
      NULL },
    { "all", 0, SILK_QFACET_ALL, NULL },
    { " ministry , source ", 0,
      (1u << SILK_QFACET_MINISTRY) | (1u << SILK_QFACET_SOURCE), NULL },
    { "subject,all", 0, SILK_QFACET_ALL, NULL },
    { "", -1, 0, "" },
    { "colour", -1, 0, "colour" },
    { "year,,country", -1, 0, ",country" },
    { "year,bogus", -1, 0, "bogus" },
    { "Year", -1, 0, "Year" },
};

START_TEST(test_facet_list)
{
    const facet_list_case_t *c = &facet_list_cases[_i];
    unsigned mask = 99;
    const char *bad = NULL;

    ck_assert_int_eq(silk_qfacet_parse(c->list, &mask, &bad), c->rc);
    if (c->rc == 0)
        ck_assert_uint_eq(mask, c->mask);
    else
        ck_assert_str_eq(bad, c->bad);
}
END_TEST

/* Odd queries never fail: they run and match something or nothing. */
static const char *const odd_queries[] = {
    "", "   ", "\"", "\"china", "(railway", "railway)", "-", ":", "year:",
    "year:abc", "country:Atlantis", "unknown:prefix", "AND", "OR OR",
    "NOT", "- - -", "\xE4\xB8\xAD\xE5\x9B\xBD\xE9\x93\x81\xE8\xB7\xAF",
    "\xFF\xFE", "year:..", "year:2030..2019", "title:", "((((((((((x",
};

START_TEST(test_odd_queries)
{
    silk_search_req_t req;
    silk_results_t *r = NULL;

    silk_search_req_init(&req);
    req.facets = SILK_QFACET_ALL;
    ck_assert_int_eq(silk_search_text(&r, db, an, gz, odd_queries[_i], &req),
                     SILK_OK);
    ck_assert_ptr_nonnull(r->parsed);
    ck_assert_int_eq(r->matched, r->nhits > 0);
    silk_results_free(r);
}
END_TEST

typedef struct open_case {
    const char *path;
    silk_status_t st;
} open_case_t;

static const open_case_t open_cases[] = {
    { "/nonexistent/silk-index", SILK_NOT_FOUND },
    { SILK_SOURCE_DIR "/CMakeLists.txt", SILK_CORRUPT },
};

/* What silk-query turns into exit 2: a missing or foreign index. */
START_TEST(test_open_errors)
{
    const char *paths[] = { open_cases[_i].path };
    silk_db_t *bad = (silk_db_t *)1;

    ck_assert_int_eq(silk_db_open_read(&bad, paths, 1), open_cases[_i].st);
    ck_assert_ptr_null(bad);
    ck_assert_str_ne(silk_errmsg(), "");
}
END_TEST

static Suite *query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_unchecked_fixture(core, fixture_build, fixture_remove);
    tcase_add_checked_fixture(core, open_setup, open_teardown);
    tcase_add_loop_test(core, test_ranking, 0,
                        sizeof rank_cases / sizeof *rank_cases);
    tcase_add_loop_test(core, test_facet_counts, 0,
                        sizeof facet_cases / sizeof *facet_cases);
    tcase_add_loop_test(core, test_collapse, 0,
                        sizeof collapse_cases / sizeof *collapse_cases);
    tcase_add_test(core, test_collapse_many);
    tcase_add_loop_test(core, test_paging, 0,
                        sizeof page_cases / sizeof *page_cases);
    tcase_add_loop_test(core, test_highlight, 0,
                        sizeof hl_cases / sizeof *hl_cases);
    tcase_add_loop_test(core, test_window, 0,
                        sizeof win_cases / sizeof *win_cases);
    tcase_add_loop_test(core, test_json_schema, 0,
                        sizeof out_cases / sizeof *out_cases);
    tcase_add_loop_test(core, test_text_output, 0,
                        sizeof out_cases / sizeof *out_cases);
    tcase_add_test(core, test_trec_output);
    suite_add_tcase(s, core);

    tcase_add_unchecked_fixture(errors, fixture_build, fixture_remove);
    tcase_add_checked_fixture(errors, open_setup, open_teardown);
    tcase_add_loop_test(errors, test_facet_list, 0,
                        sizeof facet_list_cases / sizeof *facet_list_cases);
    tcase_add_loop_test(errors, test_odd_queries, 0,
                        sizeof odd_queries / sizeof *odd_queries);
    tcase_add_loop_test(errors, test_cite_passage, 0,
                        sizeof cite_cases / sizeof *cite_cases);
    tcase_add_loop_test(errors, test_open_errors, 0,
                        sizeof open_cases / sizeof *open_cases);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(query_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
