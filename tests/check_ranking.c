/* check_ranking.c: silk's ranking defaults (docs/ranking.md) — keyword
 * queries get the all-words and exact-phrase tiers, sentence-like queries
 * are scored by their content words and get the exact-phrase tier only
 * (in the text or the title), stopwords are left out of the score, the
 * title counts half — seen in the built query and in a tiny
 * index. */
#define _XOPEN_SOURCE 700 /* mkdtemp */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "parse.h"
#include "search.h"
#include "silk_schema.h"

static silk_analyzer_t *an;
static silk_gazetteer_t *gz;

static void setup(void)
{
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
    gz = silk_gazetteer_new(an);
    ck_assert_ptr_nonnull(gz);
}

static void teardown(void)
{
    silk_gazetteer_free(gz);
    silk_analyzer_free(an);
}

/* Build q with ro (NULL: the defaults) and return Xapian's description,
 * malloc'ed. */
static char *describe(const char *q, const silk_rank_opts_t *ro)
{
    silk_qnode_t *t = silk_query_parse(q, NULL);
    silk_query_t *xq = NULL;
    ck_assert_int_eq(silk_qbuild(&xq, t, an, gz, ro, NULL, NULL), SILK_OK);
    char *d = silk_query_describe(xq);
    ck_assert_ptr_nonnull(d);
    silk_query_free(xq);
    silk_qnode_free(t);
    return d;
}

/* ---- the built query ---------------------------------------------------- */

typedef struct shape_case {
    const char *query;
    const char *has[3];   /* substrings of the description */
    const char *hasnt[2]; /* substrings it must not have */
} shape_case_t;

static const shape_case_t shape_cases[] = {
    /* keywords: both tiers (the phrase in the text only), the compound as a
     * phrase, title at half */
    {"China-Laos Railway",
     {"FixedWeight", "(china@1 PHRASE 3 lao@2 PHRASE 3 railway@3)", "0.5 * Srailway@3"},
     {"(Schina@1 PHRASE 3", NULL}},
    /* four content words are still keywords */
    {"high speed rail links", {"FixedWeight", NULL, NULL}, {NULL, NULL}},
    /* a question: no all-words tier, the exact phrase (text or title)
     * only; the compound scored by its words */
    {"what papers discuss shock-sound wave interaction in tunnels",
     {"(sound@5 OR 0.5 * Ssound@5)",
      "FILTER ((what@1 PHRASE 9 paper@2", "(Swhat@1 PHRASE 9 Spaper@2"},
     {" AND ", "(shock@4 PHRASE"}},
    /* stopwords are not scored (the phrase tier still holds them) */
    {"the railway", {"(the@1 PHRASE 2 railway@2)", NULL, NULL},
     {"(the@1 OR", "Sthe@1"}},
    {"what are the problems of heat conduction in composite slabs",
     {"heat@", NULL, NULL}, {"(what@1 OR", "0.5 * Sthe@3"}},
    /* ... unless there is nothing else */
    {"the who", {"the@1", "who@2", NULL}, {NULL, NULL}},
    /* a required compound stays a phrase, even in a question */
    {"papers about wave interaction in tunnels +shock-sound",
     {"(shock@7 PHRASE 2 sound@8)", NULL, NULL}, {" AND ", NULL}},
    /* a quoted phrase stays a phrase, even in a question */
    {"papers about wave interaction in tunnels \"shock sound\"",
     {"(shock@7 PHRASE 2 sound@8)", NULL, NULL}, {" AND ", NULL}},
};

START_TEST(test_shape)
{
    const shape_case_t *c = &shape_cases[_i];
    char *d = describe(c->query, NULL);
    for (int i = 0; i < 3 && c->has[i]; i++)
        ck_assert_msg(strstr(d, c->has[i]) != NULL, "[%s]: [%s] lacks [%s]", c->query, d,
                      c->has[i]);
    for (int i = 0; i < 2 && c->hasnt[i]; i++)
        ck_assert_msg(strstr(d, c->hasnt[i]) == NULL, "[%s]: [%s] has [%s]", c->query, d,
                      c->hasnt[i]);
    free(d);
}
END_TEST

/* The documented defaults. */
START_TEST(test_defaults)
{
    silk_rank_opts_t ro;
    silk_rank_opts_init(&ro);
    ck_assert(ro.title_weight == 0.5);
    ck_assert(ro.proximity_weight == 0.0);
    ck_assert(ro.compound_phrase_weight == 0.0);
    ck_assert_uint_eq(ro.keyword_max_words, SILK_RANK_KEYWORD_MAX_WORDS);
    ck_assert(ro.tier_weight >= 100.0);
}
END_TEST

/* ---- ranking in a tiny index --------------------------------------------- */

typedef struct fx_passage {
    const char *id;
    const char *title;
    const char *text;
    const char *article; /* its article's id (NULL: the passage's id) */
} fx_passage_t;

static const fx_passage_t fixture[] = {
    {"a1", "Tunnel notes", "Shock and sound meet at the wall; the waves interact.", NULL},
    {"a2", "Design papers", "Papers on tunnels and their design.", NULL},
    {"a3", "China-Laos Railway", "The China-Laos Railway opened in December.", NULL},
    {"a4", "Rail links", "China and Laos plan more railway links.", NULL},
    /* a5's title is a headline search; a6's text holds its words more often */
    {"a5", "Vietnam cuts rail freight tariffs for farm exports",
     "The cut takes effect in May, the ministry said.", NULL},
    {"a6", "Farm trade",
     "Rail freight tariffs, rail freight costs and farm exports: Vietnam cuts "
     "tariffs on rail freight for farm exports again, as farm exports grow.", NULL},
    /* a7 holds a pasted sentence; a8 its words, more often, apart */
    {"a7", "Bridge",
     "Officials said the new bridge over the river would open to traffic in June.", NULL},
    {"a8", "River traffic",
     "River bridge traffic: the new river bridge, a new bridge; officials said "
     "traffic would open the river bridge.", NULL},
    /* a9: one article of two passages; only the first holds the typed
     * words of test_feedback_article, the second says more */
    {"a9#0", "Airships", "Airships moor at the mast in high winds.", "a9"},
    {"a9#1", "Airships", "The zeppelin hangar stood empty for years.", "a9"},
};
#define NFIXTURE (sizeof fixture / sizeof *fixture)

static char fx_dir[64];
static silk_db_t *fx_db;

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
    ck_assert_int_eq(silk_doc_add_posting(p->doc, term, (size_t)n, tok->pos, 1), SILK_OK);
    return 0;
}

/* A temporary index of fixture[], the title under its prefix as the
 * indexer writes it, the id as document data. */
static void fx_setup(void)
{
    silk_db_t *w = NULL;
    setup();
    snprintf(fx_dir, sizeof fx_dir, "/tmp/check_ranking.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(fx_dir));
    ck_assert_int_eq(silk_db_open_write(&w, fx_dir, 1, 0), SILK_OK);
    for (size_t i = 0; i < NFIXTURE; i++) {
        silk_doc_t *doc = NULL;
        ck_assert_int_eq(silk_doc_new(&doc), SILK_OK);
        post_ctx_t body = {doc, ""}, title = {doc, SILK_PREFIX_TITLE};
        silk_analyzer_run(an, fixture[i].text, strlen(fixture[i].text), SILK_FIRST_POS,
                          fx_post, &body);
        silk_analyzer_run(an, fixture[i].title, strlen(fixture[i].title), SILK_FIRST_POS,
                          fx_post, &title);
        ck_assert_int_eq(silk_doc_set_data(doc, fixture[i].id, strlen(fixture[i].id)),
                         SILK_OK);
        /* its article, as the indexer writes it: the term of all its
         * passages and the collapse key */
        const char *art = fixture[i].article ? fixture[i].article : fixture[i].id;
        char aterm[64];
        int an_ = snprintf(aterm, sizeof aterm, "%s%s", SILK_PREFIX_ARTICLE, art);
        ck_assert_int_eq(silk_doc_add_boolean_term(doc, aterm, (size_t)an_), SILK_OK);
        ck_assert_int_eq(silk_doc_set_value(doc, SILK_SLOT_ARTICLE, art, strlen(art)),
                         SILK_OK);
        ck_assert_int_eq(silk_db_add_doc(w, doc, NULL), SILK_OK);
        silk_doc_free(doc);
    }
    ck_assert_int_eq(silk_db_commit(w), SILK_OK);
    silk_db_free(w);
    const char *paths[1] = {fx_dir};
    ck_assert_int_eq(silk_db_open_read(&fx_db, paths, 1), SILK_OK);
}

static void fx_teardown(void)
{
    char cmd[128];
    silk_db_free(fx_db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
    ck_assert_int_eq(system(cmd), 0);
    teardown();
}

typedef struct rank_case {
    const char *query;
    const char *first;  /* the passage ranked first */
    unsigned total;     /* passages matched */
} rank_case_t;

static const rank_case_t rank_cases[] = {
    /* keywords: the exact phrase first, all words above some */
    {"China-Laos Railway", "a3", 2},
    /* a question finds the compound's words written apart ("shock and
     * sound"), and "papers" alone does not win */
    {"are there papers on shock-sound wave interaction in tunnels", "a1", 2},
    /* a headline pasted whole (a sentence): its article first */
    {"Vietnam cuts rail freight tariffs for farm exports", "a5", 3},
    /* a sentence pasted from a passage: that passage first */
    {"said the new bridge over the river would open to traffic", "a7", 4},
};

START_TEST(test_rank)
{
    const rank_case_t *c = &rank_cases[_i];
    silk_qnode_t *t = silk_query_parse(c->query, NULL);
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    size_t len = 0;
    ck_assert_int_eq(silk_qbuild(&q, t, an, gz, NULL, NULL, NULL), SILK_OK);
    silk_search_opts_init(&o);
    o.check_at_least = NFIXTURE;
    ck_assert_int_eq(silk_db_search(fx_db, q, &o, &ms), SILK_OK);
    ck_assert_uint_eq(silk_mset_matches(ms, NULL, NULL), c->total);
    ck_assert_uint_ge(silk_mset_size(ms), 1);
    const char *id = silk_mset_data(ms, 0, &len);
    ck_assert_msg(len == strlen(c->first) && memcmp(id, c->first, len) == 0,
                  "[%s]: first is %.*s, want %s", c->query, (int)len, id, c->first);
    silk_mset_free(ms);
    silk_query_free(q);
    silk_qnode_free(t);
}
END_TEST

/* Pseudo-relevance feedback: a sentence-like query is re-ranked by words of
 * its best articles (AND_MAYBE, at SILK_RANK_FEEDBACK_WEIGHT) and matches
 * exactly what it matched without; a keyword query is left alone. */
START_TEST(test_feedback)
{
    static const char sentence[] = "are there papers on shock-sound wave interaction in tunnels";
    silk_search_req_t req;
    silk_results_t *on = NULL, *off = NULL, *kw = NULL;
    silk_search_req_init(&req);
    ck_assert_uint_eq(req.rank.feedback_docs, SILK_RANK_FEEDBACK_DOCS);
    ck_assert_uint_eq(req.rank.feedback_terms, SILK_RANK_FEEDBACK_TERMS);
    ck_assert(req.rank.feedback_weight == SILK_RANK_FEEDBACK_WEIGHT);
    req.describe = true;
    req.facets = SILK_FIELD_FACETS_ALL; /* exact totals */
    ck_assert_int_eq(silk_search_text(&on, fx_db, an, gz, sentence, &req), SILK_OK);
    ck_assert_msg(strstr(on->described, "AND_MAYBE 0.2") != NULL, "no feedback in [%s]",
                  on->described);
    /* a word of a1, the best passage, that the query lacks */
    ck_assert_msg(strstr(on->described, "wall") != NULL, "[%s] lacks a1's words",
                  on->described);
    ck_assert_ptr_nonnull(on->hits);
    ck_assert_uint_eq(on->hits[0].docid, 1);
    req.rank.feedback_terms = 0;
    ck_assert_int_eq(silk_search_text(&off, fx_db, an, gz, sentence, &req), SILK_OK);
    ck_assert_ptr_null(strstr(off->described, "AND_MAYBE"));
    ck_assert_uint_eq(on->total, off->total);
    ck_assert(on->exact && off->exact);
    silk_search_req_init(&req);
    req.describe = true;
    ck_assert_int_eq(silk_search_text(&kw, fx_db, an, gz, "china laos railway", &req), SILK_OK);
    ck_assert_msg(strstr(kw->described, "AND_MAYBE") == NULL, "feedback in [%s]",
                  kw->described);
    silk_results_free(on);
    silk_results_free(off);
    silk_results_free(kw);
}
END_TEST

/* Feedback takes each of the best articles whole: the words of a9's
 * second passage, which matches none of the typed words, re-rank the
 * query (the best passage alone would not give them); its stopwords do
 * not. */
START_TEST(test_feedback_article)
{
    silk_search_req_t req;
    silk_results_t *r = NULL;
    silk_search_req_init(&req);
    req.describe = true;
    ck_assert_int_eq(silk_search_text(&r, fx_db, an, gz,
                                      "how do airships moor at the mast in high winds",
                                      &req), SILK_OK);
    ck_assert_msg(strstr(r->described, "AND_MAYBE 0.2") != NULL, "no feedback in [%s]",
                  r->described);
    ck_assert_msg(strstr(r->described, "zeppelin") != NULL &&
                      strstr(r->described, "hangar") != NULL,
                  "[%s] lacks a9#1's words", r->described);
    /* ... but not its stopwords */
    ck_assert_msg(strstr(r->described, "for") == NULL, "[%s] has a stopword",
                  r->described);
    /* what matches is what the typed words match: a9#0, and a9#1 by its
     * title (on every passage of its article) */
    ck_assert_uint_eq(r->total, 2);
    ck_assert_uint_eq(r->hits[0].docid, 9);
    silk_results_free(r);
}
END_TEST

/* ---- errors and edges ----------------------------------------------------- */

/* Odd settings and odd queries still build. */
typedef struct edge_case {
    const char *query;
    unsigned keyword_max_words;
    const char *has; /* substring of the description */
    int tiers;       /* how many tiers there are */
} edge_case_t;

static const edge_case_t edge_cases[] = {
    /* every query a sentence: the phrase tier only, even for two words */
    {"china railway", 0, "china@1", 1},
    /* a compound of stopwords alone in a sentence: kept as its phrase */
    {"of-the", 0, "PHRASE", 0},
    /* only stopwords: no content word, so never a sentence — scored,
     * with the tiers ("to be or not to be" wants its phrase) */
    {"what is it that they are", 0, "what@1", 2},
    /* punctuation only: matches nothing */
    {"?!", 0, "Query()", 0},
};

/* How many times needle occurs in hay. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

START_TEST(test_edges)
{
    const edge_case_t *c = &edge_cases[_i];
    silk_rank_opts_t ro;
    silk_rank_opts_init(&ro);
    ro.keyword_max_words = c->keyword_max_words;
    char *d = describe(c->query, &ro);
    ck_assert_msg(strstr(d, c->has) != NULL, "[%s]: [%s] lacks [%s]", c->query, d, c->has);
    ck_assert_msg(count_of(d, "FixedWeight") == c->tiers, "[%s]: not %d tiers in [%s]",
                  c->query, c->tiers, d);
    free(d);
}
END_TEST

/* No analyser: SILK_INVALID, and *out is NULL. */
START_TEST(test_invalid)
{
    silk_query_t *q = (silk_query_t *)1;
    silk_qnode_t *t = silk_query_parse("railway", NULL);
    ck_assert_int_eq(silk_qbuild(&q, t, NULL, gz, NULL, NULL, NULL), SILK_INVALID);
    ck_assert_ptr_null(q);
    silk_qnode_free(t);
}
END_TEST

static Suite *ranking_suite(void)
{
    Suite *s = suite_create("ranking");
    TCase *core = tcase_create("core");
    tcase_add_unchecked_fixture(core, fx_setup, fx_teardown);
    tcase_add_test(core, test_feedback);
    tcase_add_test(core, test_feedback_article);
    tcase_add_loop_test(core, test_shape, 0, sizeof shape_cases / sizeof *shape_cases);
    tcase_add_test(core, test_defaults);
    tcase_add_loop_test(core, test_rank, 0, sizeof rank_cases / sizeof *rank_cases);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("errors");
    tcase_add_unchecked_fixture(errors, setup, teardown);
    tcase_add_loop_test(errors, test_edges, 0, sizeof edge_cases / sizeof *edge_cases);
    tcase_add_test(errors, test_invalid);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ranking_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
