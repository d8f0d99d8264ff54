/* check_highlight.c: Check suite for query/highlight.c -- the spans of a
 * passage's matches and the window a long passage is trimmed to. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "build.h"
#include "highlight.h"
#include "output.h"

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

static Suite *highlight_suite(void)
{
    Suite *s = suite_create("highlight");
    TCase *core = tcase_create("core");

    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_loop_test(core, test_highlight, 0,
                        sizeof hl_cases / sizeof *hl_cases);
    tcase_add_loop_test(core, test_window, 0,
                        sizeof win_cases / sizeof *win_cases);
    suite_add_tcase(s, core);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(highlight_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
