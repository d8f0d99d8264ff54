/* check_search.c: Check suite for query/search.c, through the parser and
 * builder -- ranking, exact facet counts against a brute-force count,
 * paging and the per-article limit, the --facets list, odd queries, open
 * errors -- on the fixture index (fixture_index.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "fixture_index.h"
#include "search.h"
#include "silk_schema.h"

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
    /* Ranks are 1.. in order and scores never increase. */
    for (size_t i = 0; i < r->nhits; i++) {
        ck_assert_uint_eq(r->hits[i].rank, i + 1);
        if (i)
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
static const char *fx_field(const fx_passage_t *f, silk_field_id_t q,
                            char year[8])
{
    switch (q) {
    case SILK_FIELD_YEAR:
        memcpy(year, f->date, 4);
        year[4] = '\0';
        return year;
    case SILK_FIELD_MONTH: /* a year date has no month */
        if (strlen(f->date) < 7)
            return "";
        memcpy(year, f->date, 7);
        year[7] = '\0';
        return year;
    case SILK_FIELD_COUNTRY: return f->country;
    case SILK_FIELD_MINISTRY: return f->ministry;
    case SILK_FIELD_SOURCE: return f->source;
    case SILK_FIELD_SUBJECT: return f->subject;
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
    req.facets = SILK_FIELD_FACETS_ALL;
    req.per_article = c->per_article;
    req.limit = 2;
    ck_assert_int_eq(silk_search_run(&r, db, q ? q : all, &req), SILK_OK);

    for (size_t i = 0; i < NFIXTURE; i++)
        selected += fx_selected(&fixture[i], c);
    ck_assert_uint_eq(r->facet_passages, selected);
    if (!c->per_article)
        ck_assert_uint_eq(r->total, selected);

    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++) {
        const silk_facet_list_t *l = &r->counts[f];
        unsigned long sum = 0;
        for (size_t k = 0; k < l->n; k++) {
            /* Brute force: passages whose field holds this value. */
            unsigned long want = 0;
            char year[8];
            for (size_t i = 0; i < NFIXTURE; i++) {
                const char *v = fx_field(&fixture[i], (silk_field_id_t)f, year);
                bool has = f == SILK_FIELD_YEAR || f == SILK_FIELD_SOURCE ||
                                   f == SILK_FIELD_MONTH
                           ? strcmp(v, l->v[k].value) == 0
                           : list_has(v, l->v[k].value);
                want += has && fx_selected(&fixture[i], c);
            }
            ck_assert_msg(l->v[k].count == want, "%s=%s: %lu, brute force %lu",
                          silk_qfacet_name((silk_field_id_t)f), l->v[k].value,
                          l->v[k].count, want);
            if (k && f == SILK_FIELD_MONTH) /* a histogram, in month order */
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
            const char *v = fx_field(&fixture[i], (silk_field_id_t)f, year);
            if (!fx_selected(&fixture[i], c) || !*v)
                continue;
            if (f == SILK_FIELD_YEAR || f == SILK_FIELD_SOURCE || f == SILK_FIELD_MONTH)
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
    req.facets = 1u << SILK_FIELD_YEAR; /* exact totals */
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

/* ---- errors ------------------------------------------------------------- */

typedef struct facet_list_case {
    const char *list;
    int rc;
    unsigned mask;
    const char *bad;     /* where the bad name starts */
} facet_list_case_t;

static const facet_list_case_t facet_list_cases[] = {
    { "year", 0, 1u << SILK_FIELD_YEAR, NULL },
    { "year,country", 0, (1u << SILK_FIELD_YEAR) | (1u << SILK_FIELD_COUNTRY),
      NULL },
    { "all", 0, SILK_FIELD_FACETS_ALL, NULL },
    { " ministry , source ", 0,
      (1u << SILK_FIELD_MINISTRY) | (1u << SILK_FIELD_SOURCE), NULL },
    { "subject,all", 0, SILK_FIELD_FACETS_ALL, NULL },
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
    req.facets = SILK_FIELD_FACETS_ALL;
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

static Suite *search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *core = tcase_create("core");
    TCase *errors = tcase_create("errors");

    tcase_add_unchecked_fixture(core, fixture_build, fixture_remove);
    tcase_add_checked_fixture(core, open_setup, open_teardown);
    tcase_add_loop_test(core, test_ranking, 0,
                        sizeof rank_cases / sizeof *rank_cases);
    tcase_add_loop_test(core, test_facet_counts, 0,
                        sizeof facet_cases / sizeof *facet_cases);
    tcase_add_loop_test(core, test_paging, 0,
                        sizeof page_cases / sizeof *page_cases);
    suite_add_tcase(s, core);
    tcase_add_unchecked_fixture(errors, fixture_build, fixture_remove);
    tcase_add_checked_fixture(errors, open_setup, open_teardown);
    tcase_add_loop_test(errors, test_facet_list, 0,
                        sizeof facet_list_cases / sizeof *facet_list_cases);
    tcase_add_loop_test(errors, test_odd_queries, 0,
                        sizeof odd_queries / sizeof *odd_queries);
    tcase_add_loop_test(errors, test_open_errors, 0,
                        sizeof open_cases / sizeof *open_cases);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(search_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
