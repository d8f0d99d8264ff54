/* check_output.c: Check suite for query/output.c -- the JSON Lines schema,
 * the text output with and without colour, TREC run lines -- on searches
 * of the fixture index (fixture_index.h). */
#define _XOPEN_SOURCE 700 /* open_memstream, strtok_r */

#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture_index.h"
#include "output.h"
#include "search.h"

/* ---- output ------------------------------------------------------------- */

typedef struct out_case {
    const char *query;
    unsigned facets;
    unsigned per_article;
} out_case_t;

static const out_case_t out_cases[] = {
    { "China-Laos Railway", SILK_FIELD_FACETS_ALL, 0 },
    { "country:Laos", 1u << SILK_FIELD_COUNTRY, 0 },
    { "railway", 0, 1 },
    { "nothingmatchesthis", SILK_FIELD_FACETS_ALL, 0 },
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

static Suite *output_suite(void)
{
    Suite *s = suite_create("output");
    TCase *core = tcase_create("core");

    tcase_add_unchecked_fixture(core, fixture_build, fixture_remove);
    tcase_add_checked_fixture(core, open_setup, open_teardown);
    tcase_add_loop_test(core, test_json_schema, 0,
                        sizeof out_cases / sizeof *out_cases);
    tcase_add_loop_test(core, test_text_output, 0,
                        sizeof out_cases / sizeof *out_cases);
    tcase_add_test(core, test_trec_output);
    suite_add_tcase(s, core);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(output_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
