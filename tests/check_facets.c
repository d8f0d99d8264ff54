/* check_facets.c: the facet extractors — countries and ministries found
 * in text (with the traps of issue 3) and an article's
 * subject countries. Each case states the hits a user of
 * `silk-index --explain-facets` would see. */
#define _POSIX_C_SOURCE 200809L  /* fork, setrlimit, sysconf */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyzer.h"
#include "facets.h"
#include "gazetteer.h"

static silk_analyzer_t *an;
static silk_gazetteer_t *gz;
static silk_facets_t *fx;

static void setup(void)
{
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
    gz = silk_gazetteer_new(an);
    ck_assert_ptr_nonnull(gz);
    fx = silk_facets_new(gz);
    ck_assert_ptr_nonnull(fx);
}

static void teardown(void)
{
    silk_facets_free(fx);
    silk_gazetteer_free(gz);
    silk_analyzer_free(an);
}

static int feed(void *ctx, const silk_token_t *tok)
{
    silk_facets_token(ctx, tok);
    return 0;
}

static size_t extract(const char *text, const silk_facet_hit_t **hits)
{
    silk_facets_begin(fx, text, strlen(text));
    ck_assert_int_eq(silk_analyzer_run(an, text, strlen(text), 0, feed, fx), 0);
    return silk_facets_end(fx, hits);
}

/* The hits of one field as "VALUE/rule/span-text" joined by " | ". */
static void render(const char *text, const silk_facet_hit_t *h, size_t n,
                   silk_facet_field_t field, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (h[i].field != field)
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%s%s/%s/%.*s",
                                len ? " | " : "", h[i].value, h[i].rule,
                                (int)(h[i].end - h[i].start), text + h[i].start);
        if (len >= cap)
            break;
    }
}

typedef struct extract_case {
    const char *text;
    const char *countries;   /* expected render of the country hits */
    const char *ministries;  /* expected render of the ministry hits */
} extract_case;

static const extract_case cases[] = {
    /* compounds */
    {"the China-Laos Railway", "CN/compound/China | LA/compound/Laos", ""},
    {"the China-Belarus Industrial Park", "CN/compound/China | BY/compound/Belarus", ""},
    {"China-Europe Express", "CN/compound/China", ""},
    {"Sino-Japanese relations", "CN/sino/Sino | JP/compound/Japanese", ""},
    {"the Sino Mongolia Russian economic corridor",
     "CN/sino/Sino | MN/iso-name/Mongolia | RU/demonym/Russian", ""},
    {"Sino Land shares rose", "", ""},
    {"Fujian, Hong Kong and Macao", "HK/iso-name/Hong Kong | MO/iso-name/Macao", ""},
    /* currency, not the United States */
    {"exceeded US$7.8 trillion", "", ""},
    {"was US $1.35 trillion", "", ""},
    {"nearly 50 billion US dollars", "", ""},
    {"the U.S. dollar fell", "", ""},
    {"a $US50 bond; U.S. dlrs", "", ""},
    {"the U.S. Commerce Department said",
     "US/alias/U.S.", "commerce/ministry-name/Commerce Department"},
    {"the US-based Institute", "US/compound/US", ""},
    {"let us go", "", ""},
    /* longest match wins */
    {"Papua New Guinea and Equatorial Guinea, not Guinea",
     "PG/iso-name/Papua New Guinea | GQ/iso-name/Equatorial Guinea | GN/iso-name/Guinea", ""},
    {"Newark, New Jersey and New Mexico", "", ""},
    {"Sydney, New South Wales", "", ""},
    {"the Uruguay Round talks; Uruguay agreed",
     "UY/iso-name/Uruguay", ""},
    {"Niger and Nigeria", "NE/iso-name/Niger | NG/iso-name/Nigeria", ""},
    {"The People's Republic of China", "CN/iso-official/People's Republic of China", ""},
    {"China Indochina Peninsula", "CN/iso-name/China", ""},
    /* case and names */
    {"fine china and a roast turkey", "", ""},
    {"Turkey and Chad", "TR/alias/Turkey | TD/iso-name/Chad", ""},
    {"Michael Jordan scored; King Hussein of Jordan", "JO/iso-name/Jordan", ""},
    {"Atlanta, Georgia", "", ""},
    {"Korea and North Korea", "KR/alias/Korea | KP/alias/North Korea", ""},
    {"Chinese builders", "CN/demonym/Chinese", ""},
    {"Chinas foreign trade", "CN/alias/Chinas", ""},
    {"the EU and Europe", "", ""},
    /* ministries */
    {"Ren Hongbin, Assistant Minister of Commerce, said", "",
     "commerce/official-title/Assistant Minister of Commerce"},
    {"the Commerce Ministry and MOFCOM", "",
     "commerce/ministry-name/Commerce Ministry | commerce/acronym/MOFCOM"},
    {"Ministry of Commerce of China", "CN/iso-name/China",
     "commerce/ministry-name/Ministry of Commerce"},
    {"Qian Keming, Vice Minister of Commerce", "",
     "commerce/official-title/Vice Minister of Commerce"},
    {"a Vice-Minister of Commerce", "",
     "commerce/official-title/Vice-Minister of Commerce"},
    {"the Information Office of the State Council", "",
     "state-council-information-office/body-name/Information Office of the State Council"},
    {"the State Council Information Office", "",
     "state-council-information-office/body-name/State Council Information Office"},
    {"the National Highways Authority of Pakistan", "PK/iso-name/Pakistan", ""},
    {"the finance ministry said", "", "finance/ministry-name/finance ministry"},
    {"Prime Minister Li", "", ""},
    {"the sales department", "", ""},
    {"Japan's MITI", "JP/iso-name/Japan's", "trade/acronym/MITI"},
    {"the Ministry of Industry and Information Technology", "",
     "industry-and-information-technology/ministry-name/Ministry of Industry and Information Technology"},
};

START_TEST(test_extract)
{
    const extract_case *c = &cases[_i];
    const silk_facet_hit_t *h;
    size_t n = extract(c->text, &h);
    char got[1024];
    render(c->text, h, n, SILK_FACET_COUNTRY, got, sizeof got);
    ck_assert_msg(strcmp(got, c->countries) == 0, "%s\n countries: %s\n want: %s",
                  c->text, got, c->countries);
    render(c->text, h, n, SILK_FACET_MINISTRY, got, sizeof got);
    ck_assert_msg(strcmp(got, c->ministries) == 0, "%s\n ministries: %s\n want: %s",
                  c->text, got, c->ministries);
}
END_TEST


typedef struct subject_case {
    const char *title, *lead, *body, *dateline;
    const char *want;   /* "CODE/rule" joined by " " in code order */
} subject_case;

static const subject_case subjects[] = {
    {"LAOS TRADE UP", "Trade grew.", "Japan is a partner.", NULL, "LA/title"},
    {"Trade", "Malaysia and Indonesia signed.", "", NULL, "ID/lead MY/lead"},
    {"Trade", "Trade grew.", "Peru. Peru again. And Peru.", NULL, "PE/repeated"},
    {"Trade", "Trade grew.", "Peru once.", "SALVADOR, Feb 26 -", "BR/dateline"},
    {"Trade", "Trade grew.", "", "ROCHESTER, N.Y., March 3 -", "US/dateline"},
    {"Yen", "The dollar fell.", "It was listed in Luxembourg.", "TOKYO, March 3 -",
     "JP/dateline"},
};

START_TEST(test_subject)
{
    const subject_case *c = &subjects[_i];
    const silk_facet_hit_t *h;
    size_t n;
    silk_facets_subject_begin(fx);
    n = extract(c->title, &h);
    silk_facets_subject_add(fx, SILK_PART_TITLE, h, n);
    n = extract(c->lead, &h);
    silk_facets_subject_add(fx, SILK_PART_LEAD, h, n);
    n = extract(c->body, &h);
    silk_facets_subject_add(fx, SILK_PART_BODY, h, n);
    if (c->dateline)
        ck_assert_ptr_nonnull(silk_facets_subject_dateline(fx, c->dateline,
                                                           strlen(c->dateline)));
    n = silk_facets_subject_end(fx, &h);
    char got[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_eq(h[i].field, SILK_FACET_SUBJECT);
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s/%s", len ? " " : "",
                                h[i].value, h[i].rule);
    }
    ck_assert_msg(strcmp(got, c->want) == 0, "subject %s, want %s", got, c->want);
}
END_TEST

/* Input with nothing to find, or odd bytes: no hits, no crash. */
static const char *const empty_inputs[] = {
    "", "   ", "\xff\xfe\xfd", "U.S", "$", "US", "-China-", "Ministry of",
    "Minister", "Hong", "Kong Hong",
};

START_TEST(test_nothing)
{
    const silk_facet_hit_t *h;
    size_t n = extract(empty_inputs[_i], &h);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strcmp(h[i].value, "CN") == 0 || strcmp(h[i].value, "US") == 0,
                      "%s: unexpected %s", empty_inputs[_i], h[i].value);
    ck_assert(silk_facets_subject_dateline(fx, empty_inputs[_i],
                                           strlen(empty_inputs[_i])) == NULL);
}
END_TEST

START_TEST(test_null_args)
{
    ck_assert_ptr_null(silk_facets_new(NULL));
    silk_facets_free(NULL);
    ck_assert_ptr_null(silk_facets_subject_dateline(fx, NULL, 0));
    /* an extractor ends cleanly without any token */
    const silk_facet_hit_t *h;
    silk_facets_begin(fx, "", 0);
    ck_assert_uint_eq(silk_facets_end(fx, &h), 0);
}
END_TEST

/* Out of memory while the gazetteer builds its country table on first
 * use: the extractor must say so (silk_facets_status), not answer "no
 * country" as if the text named none. Memory is cut with RLIMIT_AS in a
 * child at the size the process has, so the table build's allocations
 * fail; skipped under the sanitizers and valgrind, which manage memory
 * their own way. */
#if defined(__SANITIZE_ADDRESS__)
#define SILK_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SILK_TEST_SANITIZED 1
#endif
#endif

START_TEST(test_out_of_memory)
{
#ifdef SILK_TEST_SANITIZED
    return;
#else
    const char *pre = getenv("LD_PRELOAD");
    if (pre && strstr(pre, "vgpreload"))
        return;
    ck_assert_int_eq(silk_facets_status(fx), SILK_OK);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        unsigned long pages = 0;
        FILE *f = fopen("/proc/self/statm", "r");
        if (!f || fscanf(f, "%lu", &pages) != 1)
            _exit(3);
        fclose(f);
        struct rlimit rl = {(rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE),
                            (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE)};
        if (setrlimit(RLIMIT_AS, &rl) != 0)
            _exit(3);
        const silk_facet_hit_t *h;
        size_t n = extract("Talks in Laos and Vietnam", &h);
        _exit(silk_facets_status(fx) == SILK_NO_MEMORY ? (n == 0 ? 0 : 1) : 2);
    }
    int wst = 0;
    ck_assert_int_eq(waitpid(pid, &wst, 0), pid);
    ck_assert_msg(WIFEXITED(wst), "the child died");
    ck_assert_msg(WEXITSTATUS(wst) != 2, "out of memory went unreported");
    ck_assert_int_eq(WEXITSTATUS(wst), 0);
    /* with memory, the same extractor finds both */
    const silk_facet_hit_t *h;
    ck_assert_uint_eq(extract("Talks in Laos and Vietnam", &h), 2);
    ck_assert_int_eq(silk_facets_status(fx), SILK_OK);
#endif
}
END_TEST

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *facets_suite(void)
{
    Suite *s = suite_create("facets");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_loop_test(core, test_extract, 0, N(cases));
    tcase_add_loop_test(core, test_subject, 0, N(subjects));
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_loop_test(errors, test_nothing, 0, N(empty_inputs));
    tcase_add_test(errors, test_null_args);
    tcase_add_test(errors, test_out_of_memory);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(facets_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
