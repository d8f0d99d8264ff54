/* check_gazetteer.c: the gazetteer -- what a user types after `country:`
 * and `ministry:` resolves to the right code or slug, and display names. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "gazetteer.h"

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

typedef struct lookup_case {
    const char *in;
    const char *want;   /* NULL: no such country/ministry */
} lookup_case;

static const lookup_case country_cases[] = {
    {"Laos", "LA"}, {"LA", "LA"}, {"la", "LA"}, {"LAO", "LA"},
    {"lao people's democratic republic", "LA"},
    {"Lao People’s Democratic Republic", "LA"},
    {"U.S.", "US"}, {"US", "US"}, {"United States", "US"}, {"usa", "US"},
    {"United States of America", "US"}, {"UK", "GB"}, {"Britain", "GB"},
    {"GBR", "GB"}, {"Vietnam", "VN"}, {"Russia", "RU"}, {"South Korea", "KR"},
    {"North Korea", "KP"}, {"Korea, Republic of", "KR"}, {"Iran", "IR"},
    {"UAE", "AE"}, {"Holland", "NL"}, {"Burma", "MM"}, {"Ivory Coast", "CI"},
    {"Côte d'Ivoire", "CI"}, {"Macau", "MO"}, {"Hong Kong", "HK"},
    {"Georgia", "GE"}, {"Türkiye", "TR"}, {"Turkey", "TR"}, {"Chinese", "CN"},
    {"china", "CN"},
};

START_TEST(test_country_code)
{
    const lookup_case *c = &country_cases[_i];
    const char *got = silk_gazetteer_country_code(gz, c->in);
    ck_assert_msg(got && strcmp(got, c->want) == 0, "country:%s -> %s, want %s",
                  c->in, got ? got : "NULL", c->want);
}
END_TEST

static const lookup_case ministry_cases[] = {
    {"commerce", "commerce"}, {"Ministry of Commerce", "commerce"},
    {"Commerce Ministry", "commerce"}, {"MOFCOM", "commerce"},
    {"mofcom", "commerce"}, {"Assistant Minister of Commerce", "commerce"},
    {"foreign-affairs", "foreign-affairs"}, {"Foreign Ministry", "foreign-affairs"},
    {"NDRC", "development-and-reform"}, {"State Council", "state-council"},
    {"SCIO", "state-council-information-office"}, {"PBOC", "central-bank"},
    {"MITI", "trade"}, {"USDA", "agriculture"}, {"Treasury Department", "finance"},
    {"Ministry of Industry and Information Technology",
     "industry-and-information-technology"},
};

START_TEST(test_ministry_slug)
{
    const lookup_case *c = &ministry_cases[_i];
    const char *got = silk_gazetteer_ministry_slug(gz, c->in);
    ck_assert_msg(got && strcmp(got, c->want) == 0, "ministry:%s -> %s, want %s",
                  c->in, got ? got : "NULL", c->want);
}
END_TEST

static const lookup_case name_cases[] = {
    {"LA", "Laos"}, {"la", "Laos"}, {"US", "United States"}, {"GB", "United Kingdom"},
    {"KR", "South Korea"}, {"RU", "Russia"}, {"CN", "China"},
};

START_TEST(test_country_name)
{
    const char *got = silk_gazetteer_country_name(gz, name_cases[_i].in);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, name_cases[_i].want);
}
END_TEST

static const lookup_case place_cases[] = {
    {"SALVADOR", "BR"}, {"NEW YORK", "US"}, {"ROCHESTER, N.Y.", "US"},
    {"Bonn, West Germany", "DE"}, {"TOKYO", "JP"}, {"HONG KONG", "HK"},
    {"ATLANTA, Georgia", "US"}, {"KUWAIT", "KW"},
};

START_TEST(test_place_country)
{
    const char *in = place_cases[_i].in;
    const char *got = silk_gazetteer_place_country(gz, in, strlen(in));
    ck_assert_msg(got && strcmp(got, place_cases[_i].want) == 0, "%s -> %s", in,
                  got ? got : "NULL");
}
END_TEST

START_TEST(test_ministry_name)
{
    ck_assert_str_eq(silk_gazetteer_ministry_name(gz, "commerce"), "Ministry of Commerce");
}
END_TEST

/* Unknown names: NULL, never a guess. */
static const char *const unknown[] = {
    "", "Atlantis", "Europe", "EU", "Uruguay Round", "New Jersey", "zz", "   ",
    "!!!", "Ministry of Magic",
};

START_TEST(test_unknown)
{
    ck_assert_ptr_null(silk_gazetteer_country_code(gz, unknown[_i]));
    ck_assert_ptr_null(silk_gazetteer_ministry_slug(gz, unknown[_i]));
}
END_TEST

START_TEST(test_null_args)
{
    ck_assert_ptr_null(silk_gazetteer_new(NULL));
    ck_assert_ptr_null(silk_gazetteer_country_code(gz, NULL));
    ck_assert_ptr_null(silk_gazetteer_ministry_slug(gz, NULL));
    ck_assert_ptr_null(silk_gazetteer_country_name(gz, NULL));
    ck_assert_ptr_null(silk_gazetteer_country_name(gz, "X"));
    ck_assert_ptr_null(silk_gazetteer_country_name(gz, "QQ"));
    ck_assert_ptr_null(silk_gazetteer_ministry_name(gz, "no-such-slug"));
    ck_assert_ptr_null(silk_gazetteer_place_country(gz, "Atlantis", 8));
    silk_gazetteer_free(NULL);
}
END_TEST

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *gazetteer_suite(void)
{
    Suite *s = suite_create("gazetteer");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_loop_test(core, test_country_code, 0, N(country_cases));
    tcase_add_loop_test(core, test_ministry_slug, 0, N(ministry_cases));
    tcase_add_loop_test(core, test_country_name, 0, N(name_cases));
    tcase_add_loop_test(core, test_place_country, 0, N(place_cases));
    tcase_add_test(core, test_ministry_name);
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_loop_test(errors, test_unknown, 0, N(unknown));
    tcase_add_test(errors, test_null_args);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gazetteer_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
