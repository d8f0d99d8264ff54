/* check_synonyms.c: Check suite for silk's vocabulary — the synonym
 * tables (schema/synonyms.c) and their use by the query builder
 * (query/build.c): the file format and its errors as a user sees them, the
 * canonical text, the lookup, the shipped table against the gazetteer, the
 * expanded queries; and the nearest names behind "did you mean"
 * (schema/nearest.c, query/parse.c).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "build.h"
#include "gazetteer.h"
#include "nearest.h"
#include "parse.h"
#include "synonyms.h"

static silk_analyzer_t *an;

static void setup(void)
{
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
}

static void teardown(void)
{
    silk_analyzer_free(an);
    an = NULL;
}

/* A table of text, which must read. */
static silk_syn_t *table(const char *text)
{
    char err[256];
    silk_syn_t *s = silk_syn_new(an);
    ck_assert_ptr_nonnull(s);
    ck_assert_msg(silk_syn_add_text(s, text, strlen(text), "t", err, sizeof err) == 0,
                  "%s", err);
    return s;
}

/* ---- core --------------------------------------------------------------- */

START_TEST(test_format_round_trip)
{
    silk_syn_t *s = table("# c\n\n  BRI =  Belt and Road=OBOR \r\n"
                          "a ~ b~c\nUS -> United States = USA\n");
    ck_assert_uint_eq(silk_syn_groups(s), 3);
    char *f = silk_syn_format(s);
    ck_assert_str_eq(f, "BRI = Belt and Road = OBOR\na ~ b ~ c\n"
                        "US -> United States = USA\n");
    silk_syn_t *t = table(f);
    char *g = silk_syn_format(t);
    ck_assert_str_eq(f, g);
    free(f);
    free(g);
    silk_syn_free(s);
    silk_syn_free(t);
}
END_TEST

START_TEST(test_match_longest)
{
    silk_syn_t *s = table("Belt and Road = BRI\nBelt and Road Initiative = BRI\n"
                          "Belt and Road ~ Silk Road Economic Belt\n");
    char *stems[] = {"the", "belt", "and", "road", "initi", "countri"};
    silk_syn_hit_t h[8];
    size_t nh;
    ck_assert_uint_eq(silk_syn_match(s, stems, 6, 0, h, 8, &nh), 0);
    ck_assert_uint_eq(silk_syn_match(s, stems, 6, 1, h, 8, &nh), 4);
    ck_assert_uint_eq(nh, 1);
    ck_assert_uint_eq(h[0].group, 1);
    /* "belt and road" alone: in two groups */
    ck_assert_uint_eq(silk_syn_match(s, stems, 4, 1, h, 8, &nh), 3);
    ck_assert_uint_eq(nh, 2);
    size_t nm, nleft;
    ck_assert_int_eq(silk_syn_group(s, h[1].group, &nm, &nleft), SILK_SYN_RELATED);
    char *const *st;
    size_t n;
    ck_assert_str_eq(silk_syn_member(s, 2, 1, &st, &n), "Silk Road Economic Belt");
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(st[0], "silk");
    silk_syn_free(s);
}
END_TEST

/* The shipped table reads, and each of its lines that names ministries
 * names one body as the gazetteer does (MOFCOM, Ministry of Commerce and
 * Commerce Ministry are all `commerce`). */
START_TEST(test_builtin_matches_gazetteer)
{
    const char *b = silk_syn_builtin();
    silk_syn_t *s = table(b);
    silk_gazetteer_t *g = silk_gazetteer_new(an);
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_ge(silk_syn_groups(s), 10);
    size_t lines_with_bodies = 0;
    for (size_t i = 0; i < silk_syn_groups(s); i++) {
        size_t nm;
        const char *slug = NULL, *first = NULL;
        silk_syn_group(s, i, &nm, NULL);
        for (size_t m = 0; m < nm; m++) {
            const char *t = silk_syn_member(s, i, m, NULL, NULL);
            const char *x = silk_gazetteer_ministry_slug(g, t);
            if (x == NULL)
                continue;
            if (slug == NULL) {
                slug = x;
                first = t;
            }
            ck_assert_msg(strcmp(slug, x) == 0, "%s is %s but %s is %s", first,
                          slug, t, x);
        }
        lines_with_bodies += slug != NULL;
    }
    ck_assert_uint_ge(lines_with_bodies, 8);
    ck_assert_str_eq(silk_gazetteer_ministry_slug(g, "MOFCOM"), "commerce");
    silk_gazetteer_free(g);
    silk_syn_free(s);
}
END_TEST

/* The Xapian description of q built with the shipped table (or none). */
static char *described(const char *q, int with_syn, char **notes)
{
    silk_syn_t *s = with_syn ? table(silk_syn_builtin()) : NULL;
    silk_qnode_t *tree = silk_query_parse(q, NULL);
    silk_query_t *xq = NULL;
    ck_assert_int_eq(silk_qbuild_syn(&xq, tree, an, NULL, s, NULL, NULL, notes),
                     SILK_OK);
    char *d = silk_query_describe(xq);
    silk_query_free(xq);
    silk_qnode_free(tree);
    silk_syn_free(s);
    return d;
}

typedef struct build_case {
    const char *q;
    const char *has;    /* in the description */
    const char *hasnt;  /* not in it (NULL: no check) */
    const char *note;   /* in the notes (NULL: no notes at all) */
} build_case_t;

static const build_case_t build_cases[] = {
    {"BRI", "bri@1 SYNONYM (belt@1 PHRASE 3 and@2 PHRASE 3 road@3)", NULL,
     "synonyms: BRI also as Belt and Road, B&R, OBOR"},
    {"=BRI", "bri@1", "SYNONYM", NULL},
    {"Belt and Road", "SYNONYM bri@1", NULL, "Belt and Road read as one name"},
    {"belt road", "belt@1", "SYNONYM", NULL},          /* not the name */
    {"\"BRI partner countries\"", "partner@4 PHRASE 5 countri@5", NULL,
     "synonyms: BRI also as"},
    {"Belt-and-Road", "SYNONYM bri@1", NULL, "synonyms: Belt and Road also as"},
    {"railroad", "railroad@1 SYNONYM railway@1", NULL, "railroad also as railway"},
    {"railway -BRI", "AND_NOT (bri@2 OR 0.5 * Sbri@2)", "SYNONYM b&r",
     "railway also as railroad"},
    {"US", "us@1 SYNONYM (unit@1 PHRASE 2 state@2) SYNONYM usa@1", NULL,
     "US also as United States, USA"},
    {"USA", "usa@1 SYNONYM (unit@1 PHRASE 2 state@2)", NULL, "USA also as"},
    {"United States", "SYNONYM usa@1", "SYNONYM us@", "United States also as"},
    /* related names only for "Belt and Road" itself, not its equivalents */
    {"OBOR", "obor@1 SYNONYM (belt@1 PHRASE 3", "silk@", "OBOR also as"},
    {"\"belt and road\"",
     "((silk@1 PHRASE 4 road@2 PHRASE 4 econom@3 PHRASE 4 belt@4) SYNONYM (maritim",
     NULL, "Silk Road Economic Belt (related)"},
};

START_TEST(test_build)
{
    const build_case_t *c = &build_cases[_i];
    char *notes = NULL;
    char *d = described(c->q, 1, &notes);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, c->has) != NULL, "%s: %s", c->q, d);
    if (c->hasnt)
        ck_assert_msg(strstr(d, c->hasnt) == NULL, "%s: %s", c->q, d);
    if (c->note)
        ck_assert_msg(notes && strstr(notes, c->note), "%s: notes %s", c->q,
                      notes ? notes : "(none)");
    else
        ck_assert_msg(notes == NULL, "%s: notes %s", c->q, notes);
    free(notes);
    free(d);
}
END_TEST

/* The stems to highlight: the typed words' first, then nsyn more from
 * their synonyms (what search.c's sentence test leaves out). */
START_TEST(test_highlight_terms)
{
    silk_syn_t *s = table(silk_syn_builtin());
    silk_qnode_t *tree = silk_query_parse("BRI partner", NULL);
    silk_query_t *xq = NULL;
    silk_qterms_t t;
    ck_assert_int_eq(silk_qbuild_syn(&xq, tree, an, NULL, s, NULL, &t, NULL), SILK_OK);
    ck_assert_uint_ge(t.n, 4);
    ck_assert_uint_eq(t.n - t.nsyn, 2);
    ck_assert_str_eq(t.stems[0], "bri");
    ck_assert_str_eq(t.stems[1], "partner");
    int belt = 0;
    for (size_t i = 2; i < t.n; i++)
        belt |= strcmp(t.stems[i], "belt") == 0;
    ck_assert(belt);
    silk_qterms_free(&t);
    ck_assert_uint_eq(t.nsyn, 0);
    silk_query_free(xq);
    silk_qnode_free(tree);
    silk_syn_free(s);
}
END_TEST

START_TEST(test_no_table_no_expansion)
{
    char *notes = NULL;
    char *d = described("BRI", 0, &notes);
    ck_assert_ptr_null(strstr(d, "SYNONYM"));
    ck_assert_ptr_null(notes);
    free(d);
}
END_TEST

/* ---- errors ------------------------------------------------------------- */

typedef struct bad_case {
    const char *text;
    const char *err;
} bad_case_t;

static const bad_case_t bad_cases[] = {
    {"a = b\nlonely\n", "f.txt:2: one term alone: join two or more with '=', '~' or '->'"},
    {"a = = b", "f.txt:1: an empty term (two separators in a row, or one at an end)"},
    {"a = b =", "f.txt:1: an empty term"},
    {"# x\n\n-> b", "f.txt:3: an empty term"},
    {"a = b ~ c", "f.txt:1: a line mixes '=' and '~' (one kind of group per line)"},
    {"a -> b -> c", "f.txt:1: '->' goes once in a line, without '~'"},
    {"a -> b ~ c", "f.txt:1: '->' goes once"},
    {"x = !!!", "f.txt:1: a term with no letters or digits"},
    {"one two three four five six seven eight nine ten eleven = x",
     "f.txt:1: a term longer than 10 words"},
};

START_TEST(test_bad_lines)
{
    const bad_case_t *c = &bad_cases[_i];
    char err[256];
    silk_syn_t *s = silk_syn_new(an);
    ck_assert_int_eq(silk_syn_add_text(s, c->text, strlen(c->text), "f.txt", err,
                                       sizeof err), -1);
    ck_assert_msg(strncmp(err, c->err, strlen(c->err)) == 0, "%s -> %s", c->text, err);
    silk_syn_free(s);
}
END_TEST

START_TEST(test_long_line)
{
    char *text = malloc(SILK_SYN_MAX_LINE + 16), err[256];
    memset(text, 'a', SILK_SYN_MAX_LINE + 8);
    memcpy(text, "b = ", 4);
    text[SILK_SYN_MAX_LINE + 8] = '\0';
    silk_syn_t *s = silk_syn_new(an);
    ck_assert_int_eq(silk_syn_add_text(s, text, strlen(text), "f", err, sizeof err), -1);
    ck_assert_str_eq(err, "f:1: a line longer than 4096 bytes");
    silk_syn_free(s);
    free(text);
}
END_TEST

/* ---- nearest names ------------------------------------------------------ */

typedef struct dist_case {
    const char *a, *b;
    size_t max, want;
} dist_case_t;

static const dist_case_t dist_cases[] = {
    {"railway", "railway", 2, 0}, {"railwy", "railway", 2, 1},
    {"raliway", "railway", 2, 1},  /* a swap is one edit */
    {"greenspn", "greenspan", 2, 1}, {"limt", "limit", 1, 1},
    {"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 3}, /* over max */
    {"", "abc", 3, 3}, {"abc", "", 1, 2}, {"LIMIT", "limit", 0, 0},
};

START_TEST(test_distance)
{
    const dist_case_t *c = &dist_cases[_i];
    ck_assert_uint_eq(silk_edit_distance(c->a, strlen(c->a), c->b, strlen(c->b),
                                         c->max, 1), c->want);
}
END_TEST

typedef struct near_case {
    const char *word, *want; /* want NULL: no guess */
} near_case_t;

static const near_case_t near_cases[] = {
    {"limt", "limit"}, {"lmit", "limit"}, {"offest", "offset"},
    {"explain", "explain-query"}, {"per", "per-article"}, {"format", "format"},
    {"zzzzzz", NULL}, {"li", NULL}, {"json", "json"},
};

START_TEST(test_nearest_option)
{
    static const char *const opts[] = {"limit", "offset", "per-article",
                                       "explain-query", "format", "json", NULL,
                                       "never-read"};
    const near_case_t *c = &near_cases[_i];
    const char *got = silk_nearest_name(c->word, strlen(c->word), opts, 8,
                                        sizeof opts[0]);
    if (c->want == NULL)
        ck_assert_msg(got == NULL, "%s -> %s", c->word, got);
    else
        ck_assert_msg(got && strcmp(got, c->want) == 0, "%s -> %s", c->word,
                      got ? got : "(none)");
}
END_TEST

START_TEST(test_nearest_field)
{
    ck_assert_str_eq(silk_query_nearest_field("contry", 6), "country");
    ck_assert_str_eq(silk_query_nearest_field("Titel", 5), "title");
    ck_assert_str_eq(silk_query_nearest_field("ministy", 7), "ministry");
    ck_assert_ptr_null(silk_query_nearest_field("country", 7));
    ck_assert_ptr_null(silk_query_nearest_field("author", 6));
    char *notes = NULL;
    silk_qnode_t *t = silk_query_parse("contry:Japan rice", &notes);
    ck_assert_str_eq(notes, "unknown field contry: read as a word (did you mean country:?)");
    free(notes);
    silk_qnode_free(t);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("synonyms");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_test(core, test_format_round_trip);
    tcase_add_test(core, test_match_longest);
    tcase_add_test(core, test_builtin_matches_gazetteer);
    tcase_add_loop_test(core, test_build, 0,
                        (int)(sizeof build_cases / sizeof build_cases[0]));
    tcase_add_test(core, test_highlight_terms);
    tcase_add_test(core, test_no_table_no_expansion);
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_loop_test(errors, test_bad_lines, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(errors, test_long_line);
    suite_add_tcase(s, errors);
    TCase *nearest = tcase_create("nearest");
    tcase_add_loop_test(nearest, test_distance, 0,
                        (int)(sizeof dist_cases / sizeof dist_cases[0]));
    tcase_add_loop_test(nearest, test_nearest_option, 0,
                        (int)(sizeof near_cases / sizeof near_cases[0]));
    tcase_add_test(nearest, test_nearest_field);
    suite_add_tcase(s, nearest);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
