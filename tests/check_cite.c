/* check_cite.c: Check suite for query/cite.c -- a passage found by its
 * article and number, as silk-query --article does -- on the fixture
 * index (fixture_index.h). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "fixture_index.h"

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
    silk_passage_data_t d;

    memset(&d, 0xff, sizeof d);
    ck_assert_int_eq(silk_cite_passage(&d, db, c->article, c->passage), c->want);
    if (c->want != SILK_OK) {
        ck_assert_ptr_null(d.text);  /* left empty */
        silk_passage_data_clear(&d);
        return;
    }
    ck_assert_ptr_nonnull(d.text);
    ck_assert_int_eq(strncmp(d.text, c->text_starts, strlen(c->text_starts)), 0);
    ck_assert_int_eq(d.passage, c->passage);
    silk_passage_data_clear(&d);
}
END_TEST

static Suite *cite_suite(void)
{
    Suite *s = suite_create("cite");
    TCase *core = tcase_create("core");

    tcase_add_unchecked_fixture(core, fixture_build, fixture_remove);
    tcase_add_checked_fixture(core, open_setup, open_teardown);
    tcase_add_loop_test(core, test_cite_passage, 0,
                        sizeof cite_cases / sizeof *cite_cases);
    suite_add_tcase(s, core);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cite_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
