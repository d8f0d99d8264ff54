/* check_passage.c: Check suite for the passage splitter and the boilerplate
 * rules — the bundled seed articles, each named rule, joining, sentence
 * splitting, exact spans, and any bytes at all.
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boilerplate.h"
#include "passage.h"

/* ---- helpers ---- */

/* Split body, check every span is exact (in order, inside the body, not
 * overlapping, no space at either end) and return the passages. */
static silk_passage_t *split(const char *body, size_t len, size_t *n,
                             silk_passage_stats_t *st)
{
    silk_passage_t *p = NULL;
    ck_assert_int_eq(silk_passages_split(body, len, &p, n, st), 0);
    ck_assert(*n == 0 ? p == NULL : p != NULL);
    for (size_t i = 0; i < *n; i++) {
        ck_assert_uint_lt(p[i].start, p[i].end);
        ck_assert_uint_le(p[i].end, len);
        if (i)
            ck_assert_uint_le(p[i - 1].end, p[i].start);
        ck_assert(!isspace((unsigned char)body[p[i].start]));
        ck_assert(!isspace((unsigned char)body[p[i].end - 1]));
    }
    return p;
}

static size_t words(const char *s, size_t b, size_t e)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = b; i < e; i++) {
        bool sp = isspace((unsigned char)s[i]);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

/* Does body[p) contain needle? */
static bool passage_has(const char *body, silk_passage_t p, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = p.start; i + k <= p.end; i++)
        if (memcmp(body + i, needle, k) == 0)
            return true;
    return false;
}

static char *read_seed(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", SILK_SOURCE_DIR, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    ck_assert_int_ge(n, 0);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* ---- the seed articles ---- */

static const struct seed_case {
    const char *file;
    size_t passages, paragraphs, boilerplate;
    const char *first_words;  /* how the first passage starts */
} seed_cases[] = {
    {"000_eee68d401b6df1ce.txt", 15, 18, 0, "China News Service, November 12th."},
    {"001_bbeff5195326240b.txt", 9, 9, 0, "ECNS, Jan. 15th"},
    {"002_dc3fb16bdf9f3b1c.txt", 10, 10, 0, "In 2021, covid-19"},
    {"003_db892e9051c247c4.txt", 29, 58, 25,
     "We will promote high-quality development"},
    {"004_696e37e468156c88.txt", 6, 6, 0, "Steady foreign trade"},
};

static const char *const clutter[] = {
    "Skype", "Tel:", "TEL:", "FAX", "Fax", "Whatsapp", "Contact Person",
    "Views:", "Publish Time", "You are here", "Copyright", "Product Inquiry",
    "Site Index", "Editor in charge", "Source: China Trade News", "Add\xC2\xA0:"};

START_TEST(test_seed)
{
    const struct seed_case *c = &seed_cases[_i];
    size_t len, n;
    silk_passage_stats_t st;
    char *body = read_seed(c->file, &len);
    silk_passage_t *p = split(body, len, &n, &st);
    ck_assert_uint_eq(n, c->passages);
    ck_assert_uint_eq(st.paragraphs, c->paragraphs);
    ck_assert_uint_eq(st.boilerplate, c->boilerplate);
    ck_assert_int_eq(strncmp(body + p[0].start, c->first_words,
                             strlen(c->first_words)), 0);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < sizeof clutter / sizeof *clutter; k++)
            ck_assert_msg(!passage_has(body, p[i], clutter[k]),
                          "%s passage %zu contains \"%s\"", c->file, i,
                          clutter[k]);
    /* Every line that is not boilerplate lies inside some passage. */
    for (size_t b = 0; b < len;) {
        const char *nl = memchr(body + b, '\n', len - b);
        size_t e = nl ? (size_t)(nl - body) : len;
        size_t tb = b, te = e;
        while (tb < te && isspace((unsigned char)body[tb]))
            tb++;
        while (te > tb && isspace((unsigned char)body[te - 1]))
            te--;
        if (te > tb && !silk_boilerplate_is(body + tb, te - tb, NULL)) {
            bool inside = false;
            for (size_t i = 0; i < n && !inside; i++)
                inside = p[i].start <= tb && te <= p[i].end;
            ck_assert_msg(inside, "%s: line \"%.40s\" is in no passage",
                          c->file, body + tb);
        }
        b = e + 1;
    }
    free(p);
    free(body);
}
END_TEST

START_TEST(test_seed_003_headings)
{
    /* Short headings join the paragraph after them. */
    size_t len, n;
    char *body = read_seed("003_db892e9051c247c4.txt", &len);
    silk_passage_t *p = split(body, len, &n, NULL);
    static const char *const joined[][2] = {
        {"Belt and Road International", "In the face of the epidemic"},
        {"Green Development Concept", "Green is the background color"},
        {"Benefit countries along the Belt and Road", "Green is the background"},
    };
    for (size_t j = 0; j < 3; j++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || (passage_has(body, p[i], joined[j][0]) &&
                              passage_has(body, p[i], joined[j][1]));
        ck_assert_msg(found, "\"%s\" not joined to \"%s\"", joined[j][0],
                      joined[j][1]);
    }
    free(p);
    free(body);
}
END_TEST

/* ---- boilerplate rules, each named ---- */

static const struct bp_case {
    const char *line;
    const char *rule;  /* NULL: news, kept */
} bp_cases[] = {
    {"Tel: +86-17737615274", "contact-line"},
    {"Add\xC2\xA0: No. 101 NanYang Road,Zhengzhou,china", "contact-line"},
    {"Skype\xC2\xA0: kevin.wang599", "contact-line"},
    {"\xC2\xA0TEL: 86 371 53706735 \xC2\xA0", "contact-line"},
    {"\xC2\xA0" "FAX:\xC2\xA0 86 371 86153736", "contact-line"},
    {"\xC2\xA0" "Contact Person: July", "contact-line"},
    {"\xC2\xA0Mobile / Whatsapp: +86 17737615274", "contact-line"},
    {"E-mail: info@example.com", "contact-line"},
    {"Email\xEF\xBC\x9A info@example.com", "contact-line"},
    {"Address: 1 Main St", "contact-line"},
    {"+86 17729756864", "phone-number"},
    {"(010) 6519-8888", "phone-number"},
    {"Views: 8\xC2\xA0\xC2\xA0 Author: Site Editor\xC2\xA0 Publish Time: "
     "2021-03-02\xC2\xA0 Origin: Site", "page-header"},
    {"You are here: Home \xC2\xBB News \xC2\xBB We will promote", "breadcrumb"},
    {"Home > News > Trade", "breadcrumb"},
    {"Copyright\xC2\xA0\xC2\xA9\xC2\xA0ZhengZhou Known Imp. & Exp. Co., Ltd.", "copyright"},
    {"\xC2\xA9 2021 China Daily. All rights reserved.", "copyright"},
    {"All Rights Reserved", "copyright"},
    {"Copyright 2020 Xinhua", "copyright"},
    {"Editor in charge: Ge Yan", "editor-credit"},
    {"(Editor: Wang Zhiying)", "editor-credit"},
    {"Source: China Trade News Author: Zhou Dongyang 2021-03-02 09:02:31", "byline"},
    {"Product Inquiry", "site-chrome"},
    {"Site Index", "site-chrome"},
    {"Back to top", "site-chrome"},
    {"Share: Facebook Twitter LinkedIn", "social-share"},
    {"Share to WeChat | Weibo", "social-share"},
    {"* * *", "no-text"},
    /* news that merely looks like it */
    {"Tel Aviv said on Monday it would reply.", NULL},
    {"Addis Ababa: talks resumed on Monday after a week.", NULL},
    {"Views on trade differed sharply at the meeting.", NULL},
    {"The source said the talks would resume.", NULL},
    {"Reform of copyright law was debated by the committee.", NULL},
    {"Home sales rose 5 percent in March.", NULL},
    {"Share prices fell 2 percent on Monday.", NULL},
    {"Trade rose 22.1 percent to 2,143 billion yuan.", NULL},
    {"1.5%", NULL},
    {"Ren Hongbin, Assistant Minister of Commerce, said exports rose.", NULL},
    {"Belt and Road International", NULL},
    {"Tel: +86 12345678 is the number the ministry gave to reporters, who "
     "then called it many times over several days while the officials in "
     "charge were away on trips to the provinces and abroad, and nobody "
     "answered the phone at all, the newspaper said in a long report.", NULL},
};

START_TEST(test_boilerplate_rule)
{
    const struct bp_case *c = &bp_cases[_i];
    const char *rule = "unset";
    int is = silk_boilerplate_is(c->line, strlen(c->line), &rule);
    if (c->rule) {
        ck_assert_msg(is, "\"%s\" not boilerplate", c->line);
        ck_assert_str_eq(rule, c->rule);
    } else {
        ck_assert_msg(!is, "\"%s\" called boilerplate by %s", c->line, rule);
        ck_assert_ptr_null(rule);
    }
}
END_TEST

START_TEST(test_boilerplate_paragraph)
{
    /* A paragraph is boilerplate only when every line is. */
    static const char contact[] = "Tel: 1234567\nFax: 7654321\n\n";
    static const char mixed[] = "Tel: 1234567\nExports rose sharply in May.\n";
    const char *rule;
    ck_assert(silk_boilerplate_is(contact, strlen(contact), &rule));
    ck_assert_str_eq(rule, "contact-line");
    ck_assert(!silk_boilerplate_is(mixed, strlen(mixed), &rule));
    ck_assert(!silk_boilerplate_is("", 0, &rule));
    ck_assert(!silk_boilerplate_is(" \n \n", 4, NULL));
    ck_assert(!silk_boilerplate_is(NULL, 0, NULL));
}
END_TEST

/* ---- splitting ---- */

#define LONG_A "Exports of goods to the countries along the route rose by a " \
               "fifth in the first half of the year, the ministry said."
#define LONG_B "Imports from those countries grew more slowly, held back by " \
               "lower prices for the oil and gas that make up most of them."
#define LONG_C "Officials expect the pace to hold for the rest of the year as " \
               "new rail links and ports open along the southern corridor."
#define WRAP1 "Exports of goods to the countries along the route rose by a\n" \
              "fifth in the first half of the year, the ministry said on a\n" \
              "Monday, citing customs data that had been published earlier.\n"
#define WRAP2 "Imports from those countries grew more slowly, held back by\n" \
              "lower prices for the oil and gas that make up most of them, and\n" \
              "by weaker demand at home, officials told reporters in Beijing.\n"

static const struct split_case {
    const char *name;
    const char *body;
    const char *passages[6];   /* exact texts, NULL-terminated */
    size_t boilerplate;
} split_cases[] = {
    {"blank_lines", LONG_A "\n\n" LONG_B "\n\n\n" LONG_C "\n",
     {LONG_A, LONG_B, LONG_C, NULL}, 0},
    {"one_paragraph_a_line", LONG_A "\n" LONG_B "\n" LONG_C,
     {LONG_A, LONG_B, LONG_C, NULL}, 0},
    {"crlf", LONG_A "\r\n\r\n" LONG_B "\r\n",
     {LONG_A, LONG_B, NULL}, 0},
    {"hard_wrapped", WRAP1 "\n" WRAP2,
     {"Exports of goods to the countries along the route rose by a\n"
      "fifth in the first half of the year, the ministry said on a\n"
      "Monday, citing customs data that had been published earlier.",
      "Imports from those countries grew more slowly, held back by\n"
      "lower prices for the oil and gas that make up most of them, and\n"
      "by weaker demand at home, officials told reporters in Beijing.", NULL},
     0},
    {"hard_wrapped_no_blank_line",
     "Exports of goods to the countries along the route rose by a\n"
     "fifth in the first half of the year, the ministry said.\n"
     "Imports from those countries grew more slowly, held back by\n"
     "lower prices for the oil and gas that make up most of them.\n",
     {"Exports of goods to the countries along the route rose by a\n"
      "fifth in the first half of the year, the ministry said.\n"
      "Imports from those countries grew more slowly, held back by\n"
      "lower prices for the oil and gas that make up most of them.", NULL},
     0},
    {"short_joins_next", "Trade Heading\n\n" LONG_A "\n\n" LONG_B,
     {"Trade Heading\n\n" LONG_A, LONG_B, NULL}, 0},
    {"shorts_chain_to_next", "Part One\n\nA subtitle here\n\n" LONG_A,
     {"Part One\n\nA subtitle here\n\n" LONG_A, NULL}, 0},
    {"short_last_joins_previous", LONG_A "\n\n" LONG_B "\n\nThe end.",
     {LONG_A, LONG_B "\n\nThe end.", NULL}, 0},
    {"only_short", "Just a line.", {"Just a line.", NULL}, 0},
    {"boilerplate_dropped", LONG_A "\n\nTel: +86 10 1234 5678\nFax: +86 10 1234 5679\n\n" LONG_B,
     {LONG_A, LONG_B, NULL}, 2},
    {"heading_before_boilerplate_stands_alone",
     "Trade Heading\n\nViews: 8 Author: Site Editor\n\n" LONG_A,
     {"Trade Heading", LONG_A, NULL}, 1},
    {"short_before_boilerplate_joins_previous",
     LONG_A "\n\nThe end.\n\nCopyright \xC2\xA9 2021 Example",
     {LONG_A "\n\nThe end.", NULL}, 1},
    {"boilerplate_line_inside_wrapped_paragraph",
     "Exports of goods to the countries along the route rose by a\n"
     "fifth in the first half of the year, the ministry said on a\n"
     "Tel: +86 10 1234 5678\n"
     "Monday, citing customs data that had been published earlier.\n",
     {"Exports of goods to the countries along the route rose by a\n"
      "fifth in the first half of the year, the ministry said on a",
      "Monday, citing customs data that had been published earlier.", NULL},
     1},
    {"only_boilerplate", "Tel: 123 4567\n\nCopyright \xC2\xA9 2020\n\nProduct Inquiry\n",
     {NULL}, 3},
    {"empty", "", {NULL}, 0},
    {"white_space", " \n\r\n\t \xC2\xA0\n", {NULL}, 0},
};

START_TEST(test_split)
{
    const struct split_case *c = &split_cases[_i];
    size_t n, want = 0;
    silk_passage_stats_t st;
    silk_passage_t *p = split(c->body, strlen(c->body), &n, &st);
    while (c->passages[want])
        want++;
    ck_assert_uint_eq(n, want);
    for (size_t i = 0; i < n; i++) {
        size_t k = p[i].end - p[i].start;
        ck_assert_msg(k == strlen(c->passages[i]) &&
                          memcmp(c->body + p[i].start, c->passages[i], k) == 0,
                      "%s passage %zu is \"%.*s\"", c->name, i, (int)k,
                      c->body + p[i].start);
    }
    ck_assert_uint_eq(st.boilerplate, c->boilerplate);
    free(p);
}
END_TEST

/* A paragraph of sentences that each start with "S<k>"; the traps: no cut
 * after "U.S." or "Mr." or an initial, and none inside "22.1". */
static char *long_paragraph(size_t sentences)
{
    size_t cap = sentences * 200 + 1;
    char *s = malloc(cap);
    ck_assert_ptr_nonnull(s);
    s[0] = '\0';
    for (size_t k = 0; k < sentences; k++) {
        char one[200];
        snprintf(one, sizeof one,
                 "S%zu trade with the U.S. Treasury rose 22.1 percent as "
                 "Mr. Li and J. Smith told the ministry on a warm day.%s",
                 k, k + 1 < sentences ? " " : "");
        strcat(s, one);
    }
    return s;
}

static const struct long_case {
    size_t sentences;  /* of 21 words each */
    size_t pieces;
} long_cases[] = {
    {11, 1},   /* 231 words: one passage */
    {12, 2},   /* 252 */
    {30, 3},   /* 630 */
    {50, 5},   /* 1050 */
};

START_TEST(test_long_split)
{
    const struct long_case *c = &long_cases[_i];
    char *body = long_paragraph(c->sentences);
    size_t n, len = strlen(body), lo = (size_t)-1, hi = 0;
    silk_passage_t *p = split(body, len, &n, NULL);
    ck_assert_uint_eq(n, c->pieces);
    for (size_t i = 0; i < n; i++) {
        size_t w = words(body, p[i].start, p[i].end);
        ck_assert_uint_le(w, SILK_PASSAGE_MAX_WORDS);
        lo = w < lo ? w : lo;
        hi = w > hi ? w : hi;
        ck_assert_msg(body[p[i].start] == 'S', "piece %zu starts \"%.20s\"",
                      i, body + p[i].start);
        ck_assert_int_eq(body[p[i].end - 1], '.');
        ck_assert_msg(memcmp(body + p[i].end - 4, "day.", 4) == 0,
                      "piece %zu ends \"%.*s\"", i, 10, body + p[i].end - 10);
    }
    ck_assert_uint_le(hi - lo, 42);   /* roughly equal: two sentences */
    free(p);
    free(body);
}
END_TEST

START_TEST(test_one_huge_sentence)
{
    /* A sentence over the maximum stays whole; a run of words with no
     * punctuation at all, far over it, is cut at word breaks. */
    size_t n;
    char *s = malloc(300 * 4 + 2);
    ck_assert_ptr_nonnull(s);
    s[0] = '\0';
    for (int i = 0; i < 300; i++)
        strcat(s, "abc ");
    strcat(s, ".");
    silk_passage_t *p = split(s, strlen(s), &n, NULL);
    ck_assert_uint_eq(n, 1);
    free(p);
    free(s);
    s = malloc(1100 * 2 + 1);
    ck_assert_ptr_nonnull(s);
    s[0] = '\0';
    for (int i = 0; i < 1100; i++)
        strcat(s, "a ");
    p = split(s, strlen(s), &n, NULL);
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_le(words(s, p[i].start, p[i].end), SILK_PASSAGE_MAX_WORDS);
    free(p);
    free(s);
}
END_TEST

/* ---- errors: odd input ---- */

START_TEST(test_null_body)
{
    silk_passage_t *p = (silk_passage_t *)1;
    size_t n = 7;
    silk_passage_stats_t st = {9, 9};
    ck_assert_int_eq(silk_passages_split(NULL, 0, &p, &n, &st), 0);
    ck_assert_ptr_null(p);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(st.paragraphs, 0);
    ck_assert_uint_eq(st.boilerplate, 0);
}
END_TEST

START_TEST(test_embedded_nul_and_bad_utf8)
{
    static const char body[] = "Caf\xC3 \xFF\xFE\0more text\n\n\xE2\x80 x \xF0\x9F";
    size_t n;
    silk_passage_t *p = split(body, sizeof body - 1, &n, NULL);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(p[0].start, 0);
    ck_assert_uint_eq(p[0].end, sizeof body - 1);
    free(p);
}
END_TEST

START_TEST(test_random_bytes)
{
    /* Any bytes: no crash, exact spans (checked in split). A fixed seed
     * keeps the run repeatable. */
    static const char alphabet[] = "ab .\n\n!?\"Tel:\xC2\xA0\xE2\x80\x9C\xE3\x80\x82U.S\r\t";
    unsigned state = 12345u + (unsigned)_i;
    char buf[600];
    for (int round = 0; round < 200; round++) {
        size_t len = 0;
        state = state * 1103515245u + 12345u;
        size_t want = (state >> 16) % sizeof buf;
        for (; len < want; len++) {
            state = state * 1103515245u + 12345u;
            unsigned r = state >> 16;
            buf[len] = (r & 1) ? alphabet[r % (sizeof alphabet - 1)]
                               : (char)(r >> 3);
        }
        size_t n;
        silk_passage_stats_t st;
        silk_passage_t *p = split(buf, len, &n, &st);
        ck_assert_uint_le(st.boilerplate, st.paragraphs);
        free(p);
    }
}
END_TEST

static Suite *passage_suite(void)
{
    Suite *s = suite_create("passage");
    TCase *core = tcase_create("core");
    tcase_add_loop_test(core, test_seed, 0, sizeof seed_cases / sizeof *seed_cases);
    tcase_add_test(core, test_seed_003_headings);
    tcase_add_loop_test(core, test_boilerplate_rule, 0, sizeof bp_cases / sizeof *bp_cases);
    tcase_add_test(core, test_boilerplate_paragraph);
    tcase_add_loop_test(core, test_split, 0, sizeof split_cases / sizeof *split_cases);
    tcase_add_loop_test(core, test_long_split, 0, sizeof long_cases / sizeof *long_cases);
    tcase_add_test(core, test_one_huge_sentence);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_null_body);
    tcase_add_test(errors, test_embedded_nul_and_bad_utf8);
    tcase_add_loop_test(errors, test_random_bytes, 0, 10);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(passage_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
