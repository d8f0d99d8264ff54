/* check_stem.c: Check suite for the text analyser (stem/analyzer.h): every
 * hard case of analyzer.h and issue 2, as tokens a user would see. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"

#include <libstemmer.h>

/* Room for the rendered tokens of any one test input. */
#define OUT_MAX 4096

/* Collects tokens rendered as text: one of three views per test. */
typedef enum view { V_TERMS, V_SPANS, V_POS } view;

typedef struct sink {
    view v;
    const char *text;
    char out[OUT_MAX];
    size_t n;
    unsigned calls;
    int stop_after;  /* return 7 after this many tokens; 0: never */
} sink;

/* Append a formatted piece to s->out. */
static void put(sink *s, const char *fmt, const char *a, size_t alen)
{
    int w = snprintf(s->out + s->n, OUT_MAX - s->n, fmt, (int)alen, a);
    ck_assert(w >= 0 && (size_t)w < OUT_MAX - s->n);
    s->n += (size_t)w;
}

/* The callback: render one token in the sink's view. V_TERMS renders
 * norm[/stem][@flags] (stem only when it differs; flags j n c); V_SPANS the
 * original text of the span; V_POS the position. */
static int collect(void *ctx, const silk_token_t *tok)
{
    sink *s = ctx;
    char num[32];

    ck_assert_uint_eq(strlen(tok->norm), tok->norm_len);
    ck_assert_uint_eq(strlen(tok->stem), tok->stem_len);
    ck_assert(tok->start < tok->end);
    if (s->calls++)
        put(s, "%.*s", s->v == V_SPANS ? "|" : " ", 1);
    switch (s->v) {
    case V_TERMS:
        put(s, "%.*s", tok->norm, tok->norm_len);
        if (tok->stem_len != tok->norm_len ||
            memcmp(tok->stem, tok->norm, tok->norm_len) != 0)
            put(s, "/%.*s", tok->stem, tok->stem_len);
        if (tok->flags) {
            put(s, "%.*s", "@", 1);
            if (tok->flags & SILK_TOKEN_JOINED) put(s, "%.*s", "j", 1);
            if (tok->flags & SILK_TOKEN_NUMBER) put(s, "%.*s", "n", 1);
            if (tok->flags & SILK_TOKEN_CJK) put(s, "%.*s", "c", 1);
        }
        break;
    case V_SPANS:
        put(s, "%.*s", s->text + tok->start, tok->end - tok->start);
        break;
    case V_POS:
        snprintf(num, sizeof num, "%u", tok->pos);
        put(s, "%.*s", num, strlen(num));
        break;
    }
    if (s->stop_after && s->calls == (unsigned)s->stop_after)
        return 7;
    return 0;
}

/* Run the analyser for lang over input[0..len) copied into a heap buffer
 * of exactly len bytes (so ASan sees any over-read) and return its rc. */
static int analyse(const char *lang, const char *input, size_t len,
                   unsigned first_pos, sink *s)
{
    silk_analyzer_t *a = silk_analyzer_new(lang);
    ck_assert_msg(a != NULL, "language %s", lang ? lang : "(default)");
    char *copy = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, input, len);
    s->text = copy;
    int rc = silk_analyzer_run(a, copy, len, first_pos, collect, s);
    free(copy);
    s->text = NULL;
    silk_analyzer_free(a);
    return rc;
}

/* ---- core: tokens, norms, stems, flags ---- */

static const struct term_case {
    const char *lang;   /* NULL: english */
    const char *input;
    size_t len;         /* 0: strlen(input) */
    const char *want;   /* norm[/stem][@flags], space-separated */
} term_cases[] = {
    /* stemming and the issue's example */
    {NULL, "The railways of China-Laos", 0,
     "the railways/railway of china laos/lao@j"},
    {"none", "The railways", 0, "the railways"},
    {"french", "les chemins de fer", 0, "les/le chemins/chemin de fer"},
    {"en", "trains", 0, "trains/train"},
    /* hyphenated compounds */
    {NULL, "high-speed rail", 0, "high speed@j rail"},
    {NULL, "state-of-the-art", 0, "state of@j the@j art@j"},
    {NULL, "COVID-19", 0, "covid 19@jn"},
    {NULL, "a - b a--b a- b -a", 0, "a b a b a b a"},
    {NULL, "China\xe2\x80\x93Laos", 0, "china laos/lao@j"},      /* en dash */
    {NULL, "rail\xe2\x80\x94road", 0, "rail road"},              /* em dash */
    /* possessives and apostrophes */
    {NULL, "China's people\xe2\x80\x99s", 0,
     "china's/china people's/peopl"},
    {NULL, "students' 'tis \xe2\x80\x99twas", 0, "students/student tis twas"},
    {NULL, "rock'n'roll don't", 0, "rock'n'roll/rock'n'rol don't"},
    /* numbers and currency */
    {NULL, "22.1 per cent", 0, "22.1@n per cent"},
    {NULL, "US$7.8 billion", 0, "us 7.8@n billion"},
    {NULL, "2,143 trains", 0, "2143@n trains/train"},
    {NULL, "1,000,000 3.5.2 22.1. 7,", 0, "1000000@n 3.5.2@n 22.1@n 7@n"},
    {NULL, "1990s", 0, "1990s@n"},
    /* acronyms */
    {NULL, "B&R AT&T B & R", 0, "b&r at&t b r"},
    {NULL, "U.S. and U.K.", 0, "us and uk"},
    {NULL, "U.S.-led e.g. U.S.A", 0, "us led@j eg usa"},
    {NULL, "BRI", 0, "bri"},
    {NULL, "Plan B. Then", 0, "plan b then"},
    {NULL, "U.S.Army U.Sa", 0, "us army/armi u sa"},
    /* Unicode quotes and punctuation */
    {NULL, "\xe2\x80\x9c" "Belt\xe2\x80\x9d \xc2\xab" "Road\xc2\xbb "
           "\xe2\x80\x98x\xe2\x80\x99", 0, "belt road x"},
    {NULL, "one\xe2\x80\xa6two\xe3\x80\x82three", 0, "one two three"},
    /* NFKC and case folding */
    {NULL, "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3", 0, "abc"},     /* ＡＢＣ */
    {NULL, "\xef\xac\x81nance", 0, "finance/financ"},              /* ﬁ */
    {NULL, "Stra\xc3\x9f" "e", 0, "strasse/strass"},
    {NULL, "cafe\xcc\x81", 0, "caf\xc3\xa9"},                       /* e + ◌́ */
    {NULL, "rail\xc2\xadway", 0, "railway"},                       /* soft hyphen */
    /* CJK */
    {NULL, "\xe4\xb8\xad\xe5\x9b\xbd\xe8\x80\x81\xe6\x8c\x9d", 0,   /* 中国老挝 */
     "\xe4\xb8\xad\xe5\x9b\xbd@c \xe5\x9b\xbd\xe8\x80\x81@c "
     "\xe8\x80\x81\xe6\x8c\x9d@c"},
    {NULL, "\xe4\xb8\xad", 0, "\xe4\xb8\xad@c"},                    /* 中 */
    {NULL, "2021\xe5\xb9\xb4", 0, "2021@n \xe5\xb9\xb4@c"},         /* 2021年 */
    {NULL, "\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", 0,               /* 한국어 */
     "\xed\x95\x9c\xea\xb5\xad@c \xea\xb5\xad\xec\x96\xb4@c"},
    {NULL, "\xe3\x81\xae\xe3\x83\x86", 0, "\xe3\x81\xae\xe3\x83\x86@c"},
    {NULL, "\xef\xbd\xb6\xef\xbe\x9e", 0, "\xe3\x82\xac@c"},        /* ｶﾞ -> ガ */
    {NULL, "Laos-\xe4\xb8\xad\xe5\x9b\xbd", 0,
     "laos/lao \xe4\xb8\xad\xe5\x9b\xbd@jc"},
    /* invalid UTF-8: a separator, never a crash or an over-read */
    {NULL, "abc\xff" "def", 0, "abc def"},
    {NULL, "ab\xc3", 0, "ab"},                                     /* cut 2-byte */
    {NULL, "ab\xe4\xb8", 0, "ab"},                                 /* cut 3-byte */
    {NULL, "\xe4\xb8\xad\xf0\x9f", 0, "\xe4\xb8\xad@c"},            /* cut 4-byte */
    {NULL, "a\xc0\xaf" "b", 0, "a b"},                             /* overlong */
    {NULL, "a\xe0\x80\xaf" "b", 0, "a b"},                         /* overlong */
    {NULL, "a\xed\xa0\x80" "b", 0, "a b"},                         /* surrogate */
    {NULL, "a\xf4\x90\x80\x80" "b", 0, "a b"},                     /* > U+10FFFF */
    {NULL, "a\x80\x80" "b", 0, "a b"},                             /* stray */
    {NULL, "a\0b", 3, "a b"},                                      /* NUL byte */
    {NULL, "\xef\xbf\xbd", 0, ""},                                 /* U+FFFD */
    /* nothing */
    {NULL, "", 0, ""},
    {NULL, " \t\n-.,'&", 0, ""},
};

START_TEST(test_terms)
{
    const struct term_case *c = &term_cases[_i];
    sink s = {.v = V_TERMS};
    size_t len = c->len ? c->len : strlen(c->input);
    ck_assert_int_eq(analyse(c->lang, c->input, len, 0, &s), 0);
    ck_assert_msg(strcmp(s.out, c->want) == 0, "case %d: got \"%s\", want \"%s\"",
                  _i, s.out, c->want);
}
END_TEST

/* Spans: each token's [start, end) shows the right original bytes. */
static const struct span_case {
    const char *input;
    const char *want;  /* the spans' text, '|'-separated */
} span_cases[] = {
    {"The railways of China-Laos", "The|railways|of|China|Laos"},
    {"\xe2\x80\x9cpeople\xe2\x80\x99s\xe2\x80\x9d US$7.8",
     "people\xe2\x80\x99s|US|7.8"},
    {"U.S. B&R 2,143.", "U.S.|B&R|2,143"},
    {"\xe4\xb8\xad\xe5\x9b\xbd\xe4\xba\xba", "\xe4\xb8\xad\xe5\x9b\xbd|"
     "\xe5\x9b\xbd\xe4\xba\xba"},
    {"ab\xff" "cd", "ab|cd"},
    {"rail\xc2\xadway!", "rail\xc2\xadway"},
    {"\xef\xbc\xa1\xef\xbc\xa2 x", "\xef\xbc\xa1\xef\xbc\xa2|x"},
};

START_TEST(test_spans)
{
    const struct span_case *c = &span_cases[_i];
    sink s = {.v = V_SPANS};
    ck_assert_int_eq(analyse(NULL, c->input, strlen(c->input), 0, &s), 0);
    ck_assert_msg(strcmp(s.out, c->want) == 0, "got \"%s\", want \"%s\"",
                  s.out, c->want);
}
END_TEST

/* Positions: consecutive from first_pos; dropped tokens take none. */
static const struct pos_case {
    const char *input;
    unsigned first_pos;
    const char *want;
} pos_cases[] = {
    {"The railways of China-Laos", 0, "0 1 2 3 4"},
    {"a b c", 10, "10 11 12"},
    {"\xe4\xb8\xad\xe5\x9b\xbd\xe4\xba\xba x", 3, "3 4 5"},
    {"x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa y",
     0, "0 1"},
};

START_TEST(test_positions)
{
    const struct pos_case *c = &pos_cases[_i];
    sink s = {.v = V_POS};
    ck_assert_int_eq(analyse(NULL, c->input, strlen(c->input), c->first_pos,
                             &s), 0);
    ck_assert_str_eq(s.out, c->want);
}
END_TEST

/* Long tokens: norm up to SILK_MAX_TOKEN_BYTES is kept, longer dropped,
 * measured after NFKC (full-width letters shrink 3:1). */
static const struct long_case {
    const char *unit;  /* repeated `count` times */
    size_t count;
    bool kept;
} long_cases[] = {
    {"a", SILK_MAX_TOKEN_BYTES, true},
    {"a", SILK_MAX_TOKEN_BYTES + 1, false},
    {"\xc3\xa9", SILK_MAX_TOKEN_BYTES / 2, true},        /* é: 2 bytes */
    {"\xc3\xa9", SILK_MAX_TOKEN_BYTES / 2 + 1, false},
    {"\xef\xbd\x81", SILK_MAX_TOKEN_BYTES, true},        /* ａ: 3 bytes -> 1 */
    {"\xf0\x9d\x90\x80", SILK_MAX_TOKEN_BYTES, true},    /* 𝐀: 4 bytes -> 1 */
    {"\xf0\x9d\x90\x80", SILK_MAX_TOKEN_BYTES + 1, false},
    {"1", SILK_MAX_TOKEN_BYTES + 1, false},
    {"a", 1u << 20, false},                              /* a megabyte */
};

START_TEST(test_long_tokens)
{
    const struct long_case *c = &long_cases[_i];
    size_t ulen = strlen(c->unit), len = ulen * c->count + 4;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "x ", 2);
    for (size_t k = 0; k < c->count; k++)
        memcpy(text + 2 + k * ulen, c->unit, ulen);
    memcpy(text + len - 2, " y", 2);

    sink s = {.v = V_TERMS};
    ck_assert_int_eq(analyse(NULL, text, len, 0, &s), 0);
    free(text);
    ck_assert_uint_eq(s.calls, c->kept ? 3 : 2);
    ck_assert(strncmp(s.out, "x ", 2) == 0);
    ck_assert(strcmp(s.out + s.n - 2, " y") == 0);
}
END_TEST

/* Stopwords: English function words yes, content words and "us" no. */
static const struct stop_case {
    const char *lang;
    const char *norm;
    bool stop;
} stop_cases[] = {
    {"english", "the", true}, {"english", "what", true},
    {"english", "which", true}, {"english", "are", true},
    {"english", "is", true}, {"english", "of", true},
    {"english", "and", true}, {"english", "how", true},
    {"english", "must", true}, {"english", "be", true},
    {"english", "a", true}, {"english", "yourselves", true},
    {"english", "railway", false}, {"english", "us", false},
    {"english", "", false}, {"english", "The", false},
    {"porter", "the", true}, {"french", "the", false}, {"none", "the", false},
};

START_TEST(test_stopwords)
{
    const struct stop_case *c = &stop_cases[_i];
    silk_analyzer_t *a = silk_analyzer_new(c->lang);
    ck_assert_ptr_nonnull(a);
    ck_assert_msg(silk_analyzer_is_stopword(a, c->norm) == c->stop,
                  "%s in %s", c->norm, c->lang);
    silk_analyzer_free(a);
}
END_TEST

/* Stopwords' stems, as the index holds them: "ani" (any), "onli" (only),
 * "yourselv", "the"; a content word's stem and "us" no; English only. */
static const struct stop_case stop_stem_cases[] = {
    {"english", "ani", true}, {"english", "onli", true},
    {"english", "yourselv", true}, {"english", "the", true},
    {"english", "be", true}, {"english", "railway", false},
    {"english", "us", false}, {"english", "", false},
    {"porter", "onli", true}, {"french", "the", false}, {"none", "the", false},
};

START_TEST(test_stop_stems)
{
    const struct stop_case *c = &stop_stem_cases[_i];
    silk_analyzer_t *a = silk_analyzer_new(c->lang);
    ck_assert_ptr_nonnull(a);
    ck_assert_msg(silk_analyzer_is_stop_stem(a, c->norm) == c->stop,
                  "%s in %s", c->norm, c->lang);
    /* the second look is the built table's */
    ck_assert(silk_analyzer_is_stop_stem(a, c->norm) == c->stop);
    silk_analyzer_free(a);
}
END_TEST

/* Language names: accepted spellings and the canonical name reported. */
static const struct lang_case {
    const char *lang;
    const char *canonical;
} lang_cases[] = {
    {NULL, "english"}, {"english", "english"}, {"en", "english"},
    {"ENG", "english"}, {"English", "english"}, {"porter", "porter"},
    {"none", "none"}, {"fr", "french"}, {"deu", "german"},
    {"russian", "russian"},
};

START_TEST(test_languages)
{
    const struct lang_case *c = &lang_cases[_i];
    silk_analyzer_t *a = silk_analyzer_new(c->lang);
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(silk_analyzer_language(a), c->canonical);
    silk_analyzer_free(a);

    bool listed = false;
    const char **l = silk_analyzer_languages();
    for (; *l; l++)
        listed |= strcmp(*l, c->canonical) == 0;
    ck_assert_msg(listed, "%s not in silk_analyzer_languages()", c->canonical);
}
END_TEST

/* ---- errors ---- */

static const char *const bad_langs[] = {
    "klingon", "", "english2", "UTF_8", "en_GB",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

START_TEST(test_unknown_language)
{
    silk_analyzer_t *a = (silk_analyzer_t *)&a;
    ck_assert_ptr_null(silk_analyzer_new(bad_langs[_i]));
    /* the reason: an unknown language, not out of memory */
    ck_assert_int_eq(silk_analyzer_open(&a, bad_langs[_i]), SILK_INVALID);
    ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_open_status)
{
    silk_analyzer_t *a = NULL;
    ck_assert_int_eq(silk_analyzer_open(&a, "EN"), SILK_OK);
    ck_assert_str_eq(silk_analyzer_language(a), "english");
    silk_analyzer_free(a);
    ck_assert_int_eq(silk_analyzer_open(&a, "none"), SILK_OK);
    ck_assert_str_eq(silk_analyzer_language(a), "none");
    silk_analyzer_free(a);
}
END_TEST

/* The callback's non-zero value stops the run and is returned. */
static const struct stop_run_case {
    const char *input;
    int stop_after;
    unsigned want_calls;
} stop_run_cases[] = {
    {"one two three", 1, 1},
    {"\xe4\xb8\xad\xe5\x9b\xbd\xe4\xba\xba", 1, 1},
    {"one two three", 3, 3},
};

START_TEST(test_callback_stops)
{
    const struct stop_run_case *c = &stop_run_cases[_i];
    sink s = {.v = V_TERMS, .stop_after = c->stop_after};
    ck_assert_int_eq(analyse(NULL, c->input, strlen(c->input), 0, &s), 7);
    ck_assert_uint_eq(s.calls, c->want_calls);
}
END_TEST

/* The stem cache (small at first, replaced by a big one after a few
 * thousand stems): one analyser stems many distinct words, three times over
 * (the small table, its replacement, the big one full), and every stem is
 * Snowball's own. */
typedef struct stem_check {
    struct sb_stemmer *ref;
    unsigned tokens;
} stem_check;

static int check_stem(void *ctx, const silk_token_t *tok)
{
    stem_check *c = ctx;
    const sb_symbol *want = sb_stemmer_stem(c->ref, (const sb_symbol *)tok->norm,
                                            (int)tok->norm_len);
    ck_assert_ptr_nonnull(want);
    int n = sb_stemmer_length(c->ref);
    ck_assert_msg((size_t)n == tok->stem_len && memcmp(want, tok->stem, tok->stem_len) == 0,
                  "%s stemmed %s, Snowball says %.*s", tok->norm, tok->stem, n, want);
    c->tokens++;
    return 0;
}

START_TEST(test_stem_cache)
{
    static const char *const endings[] = {"ing", "ations", "ness", "ies", "ed", "ly"};
    enum { WORDS = 6000 };
    char *text = malloc(WORDS * 16);
    ck_assert_ptr_nonnull(text);
    size_t n = 0;
    for (unsigned i = 0; i < WORDS; i++)
        n += (size_t)sprintf(text + n, "%c%c%c%s ", 'a' + i % 26, 'a' + i / 26 % 26,
                             'a' + i / 676 % 26, endings[i % 6]);
    stem_check c = {.ref = sb_stemmer_new("english", "UTF_8")};
    ck_assert_ptr_nonnull(c.ref);
    silk_analyzer_t *a = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(a);
    for (int round = 0; round < 3; round++)
        ck_assert_int_eq(silk_analyzer_run(a, text, n, 0, check_stem, &c), 0);
    ck_assert_uint_eq(c.tokens, 3 * WORDS);
    silk_analyzer_free(a);
    sb_stemmer_delete(c.ref);
    free(text);
}
END_TEST

START_TEST(test_null_inputs)
{
    sink s = {.v = V_TERMS};
    silk_analyzer_t *a = silk_analyzer_new(NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(silk_analyzer_run(a, NULL, 0, 0, collect, &s), 0);
    ck_assert_uint_eq(s.calls, 0);
    ck_assert(!silk_analyzer_is_stopword(a, NULL));
    ck_assert(!silk_analyzer_is_stop_stem(a, NULL));
    ck_assert(!silk_analyzer_is_stop_stem(NULL, "the"));
    silk_analyzer_free(a);
    silk_analyzer_free(NULL);
}
END_TEST

static Suite *stem_suite(void)
{
    Suite *s = suite_create("stem");
    TCase *core = tcase_create("core");
    tcase_add_loop_test(core, test_terms, 0,
                        sizeof term_cases / sizeof term_cases[0]);
    tcase_add_loop_test(core, test_spans, 0,
                        sizeof span_cases / sizeof span_cases[0]);
    tcase_add_loop_test(core, test_positions, 0,
                        sizeof pos_cases / sizeof pos_cases[0]);
    tcase_add_loop_test(core, test_long_tokens, 0,
                        sizeof long_cases / sizeof long_cases[0]);
    tcase_add_loop_test(core, test_stopwords, 0,
                        sizeof stop_cases / sizeof stop_cases[0]);
    tcase_add_loop_test(core, test_stop_stems, 0,
                        sizeof stop_stem_cases / sizeof stop_stem_cases[0]);
    tcase_add_loop_test(core, test_languages, 0,
                        sizeof lang_cases / sizeof lang_cases[0]);
    tcase_add_test(core, test_stem_cache);
    suite_add_tcase(s, core);

    TCase *errors = tcase_create("errors");
    tcase_add_test(errors, test_open_status);
    tcase_add_loop_test(errors, test_unknown_language, 0,
                        sizeof bad_langs / sizeof bad_langs[0]);
    tcase_add_loop_test(errors, test_callback_stops, 0,
                        sizeof stop_run_cases / sizeof stop_run_cases[0]);
    tcase_add_test(errors, test_null_inputs);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
