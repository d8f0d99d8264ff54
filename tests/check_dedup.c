/* check_dedup.c: the duplicate rules of silk_dedup.h -- passage
 * fingerprints and the near-duplicate signature. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "silk_dedup.h"

static silk_analyzer_t *an;

static void setup(void)
{
    an = silk_analyzer_new("english");
    ck_assert_ptr_nonnull(an);
}

static void teardown(void)
{
    silk_analyzer_free(an);
}

/* ---- passage fingerprints ---------------------------------------------- */

typedef struct textkey_case {
    const char *title_a, *text_a, *title_b, *text_b;
    bool same;
} textkey_case;

static const textkey_case textkey_cases[] = {
    /* white space and case do not count */
    {"Trade up", "Exports rose 5% in May.", "TRADE UP", "exports  rose 5%\n\tin MAY.", true},
    {"Trade up", "  Exports rose.  ", "Trade up", "Exports rose.", true},
    {"T", "a\xC2\xA0" "b\xE2\x80\x83" "c", "T", "a b c", true},  /* NBSP, em space */
    {"T", "\xEF\xBC\xA1\xEF\xBC\xA2", "T", "ab", true},       /* NFKC: fullwidth AB */
    {"", "", "", "", true},
    {"T", "caf\xC3\xA9", "T", "CAF\xC3\x89", true},           /* é / É */
    /* anything else does */
    {"Trade up", "Exports rose.", "Trade down", "Exports rose.", false},
    {"Qtly div", "Qtly div 10 cts vs 10 cts prior", "Qtly div",
     "Qtly div 11 cts vs 11 cts prior", false},
    {"ab", "c", "a", "bc", false},                            /* title | text */
    {"T", "Exports rose.", "T", "Exports rose", false},
    {"T", "ab", "T", "a b", false},
    /* bytes that are not UTF-8: compared as bytes, ASCII case folded */
    {"T", "caf\xE9 BAR", "T", "caf\xE9 bar", true},
    {"T", "caf\xE9", "T", "caf\xE8", false},
};

START_TEST(test_textkey)
{
    const textkey_case *c = &textkey_cases[_i];
    char a[SILK_TEXTKEY_LEN + 1], b[SILK_TEXTKEY_LEN + 1];

    ck_assert_int_eq(silk_textkey(a, c->title_a, strlen(c->title_a), c->text_a,
                                  strlen(c->text_a)), 0);
    ck_assert_int_eq(silk_textkey(b, c->title_b, strlen(c->title_b), c->text_b,
                                  strlen(c->text_b)), 0);
    ck_assert_uint_eq(strlen(a), SILK_TEXTKEY_LEN);
    ck_assert_uint_eq(strspn(a, "0123456789abcdef"), SILK_TEXTKEY_LEN);
    ck_assert_msg((strcmp(a, b) == 0) == c->same, "'%s|%s' vs '%s|%s': %s %s",
                  c->title_a, c->text_a, c->title_b, c->text_b, a, b);
}
END_TEST

/* ---- near-duplicate signatures ----------------------------------------- */

/* A wire story of 140 words with figures, and ways to change it. */
static const char story[] =
    "OPEC believes world oil prices should be set around a fixed average "
    "price of 18 dlrs a barrel, an official of the Arab oil producers said "
    "today. In a speech to a European Community seminar in Luxembourg "
    "released here, he said the organisation believed the world energy "
    "trade should be kept without any restrictions and should be "
    "liberalised from the protectionist measures of the past. He said the "
    "price of oil should be kept stable to encourage investment in new "
    "fields outside the Middle East, and that producers and consumers "
    "alike would gain from a dialogue on supply. The ministers of the "
    "group will meet again in Vienna in June to review the accord, which "
    "holds output to a ceiling of 15.8 mln barrels a day for the first "
    "half of the year, and several delegates expect the ceiling to be "
    "raised for the third quarter as demand recovers in the northern "
    "winter.";

/* The signature of text into sig; its length (0: none). */
static size_t sign(const char *text, unsigned char sig[SILK_NEARDUP_BYTES]);

typedef struct sig_ctx {
    silk_neardup_t nd;
} sig_ctx;

static int sig_token(void *ctx, const silk_token_t *tok)
{
    silk_neardup_word(&((sig_ctx *)ctx)->nd, tok->norm, tok->norm_len);
    return 0;
}

static size_t sign(const char *text, unsigned char sig[SILK_NEARDUP_BYTES])
{
    sig_ctx c;

    silk_neardup_begin(&c.nd);
    ck_assert_int_eq(silk_analyzer_run(an, text, strlen(text), 0, sig_token, &c), 0);
    return silk_neardup_end(&c.nd, sig);
}

/* text with every occurrence of from replaced by to (malloc'ed). */
static char *replace(const char *text, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), n = 0;
    for (const char *p = strstr(text, from); p; p = strstr(p + fl, from))
        n++;
    char *out = malloc(strlen(text) + n * (tl > fl ? tl - fl : 0) + 1), *w = out;
    for (const char *p = text, *q; ; p = q + fl) {
        q = strstr(p, from);
        size_t k = q ? (size_t)(q - p) : strlen(p);
        memcpy(w, p, k);
        w += k;
        if (!q)
            break;
        memcpy(w, to, tl);
        w += tl;
    }
    *w = '\0';
    return out;
}

/* The first n words of text (malloc'ed). */
static char *first_words(const char *text, int n)
{
    const char *p = text;
    for (int i = 0; i < n && p; i++) {
        p = strchr(p, ' ');
        if (p)
            p++;
    }
    size_t k = p ? (size_t)(p - text) : strlen(text);
    char *out = malloc(k + 1);
    memcpy(out, text, k);
    out[k] = '\0';
    return out;
}

typedef enum variant {
    V_SAME,       /* the story itself */
    V_EDITED,     /* two words changed near the end */
    V_SHORT,      /* its first 60 words: a shortened version */
    V_REWORDED,   /* the lead edited, the figures kept, the rest new */
    V_REFIGURED,  /* the same, with another figure */
    V_OTHER,      /* another story */
    V_BRIEF,      /* 30 words: too short to sign */
} variant;

static const char other[] =
    "The central bank left its discount rate unchanged on Thursday after a "
    "meeting of its policy council, saying that inflation remained under "
    "control and that the currency had stabilised since the start of the "
    "year. Economists had expected no change, although some had forecast a "
    "cut in the summer if growth slowed further. The bank said the money "
    "supply grew in line with its target range last month, and that it saw "
    "no reason to tighten credit while unemployment stayed high in the "
    "industrial regions of the south.";

/* The variant's text (malloc'ed). */
static char *variant_text(variant v)
{
    char *a, *b;
    switch (v) {
    case V_SAME: return strdup(story);
    case V_EDITED: return replace(story, "northern winter", "coming months");
    case V_SHORT: return first_words(story, 60);
    case V_REWORDED:
    case V_REFIGURED:
        /* Its lead edited in two places, the rest rewritten. */
        a = first_words(story, 52);
        b = replace(a, "believes", "thinks");
        free(a);
        a = replace(b, "Luxembourg released here", "Luxembourg issued today");
        free(b);
        if (v == V_REFIGURED) {
            b = replace(a, "18 dlrs", "19 dlrs");
            free(a);
            a = b;
        }
        b = malloc(strlen(a) + sizeof other);
        strcpy(b, a);
        strcat(b, other);
        free(a);
        return b;
    case V_OTHER: return strdup(other);
    case V_BRIEF: return first_words(story, 30);
    }
    return NULL;
}

typedef struct neardup_case {
    variant v;
    bool signed_;     /* gets a signature */
    bool similar;     /* to the story */
    const char *rule; /* which rule makes it similar: body, lead, figures */
} neardup_case;

static const neardup_case neardup_cases[] = {
    {V_SAME, true, true, "body"},
    {V_EDITED, true, true, "body"},
    {V_SHORT, true, true, "lead"},
    {V_REWORDED, true, true, "figures"},
    {V_REFIGURED, true, false, NULL},
    {V_OTHER, true, false, NULL},
    {V_BRIEF, false, false, NULL},
};

START_TEST(test_neardup)
{
    const neardup_case *c = &neardup_cases[_i];
    unsigned char base[SILK_NEARDUP_BYTES], sig[SILK_NEARDUP_BYTES];
    uint64_t bb[SILK_NEARDUP_NBANDS], sb[SILK_NEARDUP_NBANDS];
    char *text = variant_text(c->v);
    size_t bn = sign(story, base), sn = sign(text, sig);
    silk_neardup_match_t m;

    ck_assert_uint_eq(bn, SILK_NEARDUP_BYTES);
    ck_assert_uint_eq(sn, c->signed_ ? SILK_NEARDUP_BYTES : 0);
    ck_assert_int_eq(silk_neardup_similar(base, bn, sig, sn), c->similar);
    ck_assert_int_eq(silk_neardup_similar(sig, sn, base, bn), c->similar);
    if (c->rule) {
        /* The rule named is the one that holds (the case tests it). */
        ck_assert(silk_neardup_compare(base, bn, sig, sn, &m));
        if (strcmp(c->rule, "body") == 0)
            ck_assert_uint_ge(m.body, SILK_NEARDUP_AGREE);
        else if (strcmp(c->rule, "lead") == 0)
            ck_assert(m.body < SILK_NEARDUP_AGREE &&
                      m.lead >= SILK_NEARDUP_LEAD_AGREE);
        else
            ck_assert_msg(m.body < SILK_NEARDUP_AGREE &&
                          m.lead < SILK_NEARDUP_LEAD_AGREE &&
                          m.lead >= SILK_NEARDUP_FIGURES_AGREE && m.figures,
                          "body %u lead %u figures %d", m.body, m.lead,
                          m.figures);
        /* A similar pair shares a band: lookups find it. */
        size_t nb = silk_neardup_bands(base, bn, bb);
        size_t ns = silk_neardup_bands(sig, sn, sb);
        bool shared = false;
        for (size_t i = 0; i < nb; i++)
            for (size_t k = 0; k < ns; k++)
                shared |= bb[i] == sb[k];
        ck_assert(shared);
    }
    if (c->v == V_REFIGURED) {
        /* As close as the reworded one, but the figures differ. */
        ck_assert(silk_neardup_compare(base, bn, sig, sn, &m));
        ck_assert(!m.figures && m.lead < SILK_NEARDUP_LEAD_AGREE);
    }
    free(text);
}
END_TEST

/* Templated reports: one figure table, two days' figures. A lead that is
 * a table has no figures to compare, and the sketches differ. */
START_TEST(test_neardup_table)
{
    char a[2048] = "", b[2048] = "";
    unsigned char sa[SILK_NEARDUP_BYTES], sb[SILK_NEARDUP_BYTES];
    uint64_t bands[SILK_NEARDUP_NBANDS];

    for (int i = 0; i < 30; i++) {
        char row[64];
        snprintf(row, sizeof row, "wheat %d %d up %d ", 280 + i, 3 + i % 5, i % 4);
        strcat(a, row);
        snprintf(row, sizeof row, "wheat %d %d up %d ", 281 + i, 2 + i % 5, i % 3);
        strcat(b, row);
    }
    ck_assert_uint_eq(sign(a, sa), SILK_NEARDUP_BYTES);
    ck_assert_uint_eq(sign(b, sb), SILK_NEARDUP_BYTES);
    ck_assert(!silk_neardup_similar(sa, sizeof sa, sb, sizeof sb));
    /* no figures band: 2 x 8 sketch bands only */
    ck_assert_uint_eq(silk_neardup_bands(sa, sizeof sa, bands),
                      2 * SILK_NEARDUP_BANDS);
}
END_TEST

/* Values that are not signatures are nobody's near-duplicates. */
START_TEST(test_neardup_invalid)
{
    unsigned char sig[SILK_NEARDUP_BYTES], bad[SILK_NEARDUP_BYTES];
    uint64_t bands[SILK_NEARDUP_NBANDS];
    silk_neardup_match_t m;

    ck_assert_uint_eq(sign(story, sig), SILK_NEARDUP_BYTES);
    memcpy(bad, sig, sizeof bad);
    bad[0] = 'x';                                    /* another version */
    ck_assert(!silk_neardup_similar(sig, sizeof sig, bad, sizeof bad));
    ck_assert(!silk_neardup_similar(sig, sizeof sig, "", 0));
    ck_assert(!silk_neardup_similar(sig, sizeof sig - 1, sig, sizeof sig - 1));
    ck_assert(!silk_neardup_similar(NULL, 0, sig, sizeof sig));
    ck_assert(silk_neardup_similar(sig, sizeof sig, sig, sizeof sig));
    ck_assert(!silk_neardup_compare(sig, sizeof sig, bad, sizeof bad, &m));
    ck_assert_uint_eq(m.body + m.lead, 0);
    ck_assert_uint_eq(silk_neardup_bands(bad, sizeof bad, bands), 0);
    memcpy(bad, sig, sizeof bad);
    bad[1] = bad[2] = 0;                             /* too few shingles */
    ck_assert(!silk_neardup_similar(bad, sizeof bad, bad, sizeof bad));
}
END_TEST

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))

static Suite *dedup_suite(void)
{
    Suite *s = suite_create("dedup");
    TCase *core = tcase_create("core");
    tcase_add_checked_fixture(core, setup, teardown);
    tcase_add_loop_test(core, test_textkey, 0, N(textkey_cases));
    tcase_add_loop_test(core, test_neardup, 0, N(neardup_cases));
    tcase_add_test(core, test_neardup_table);
    suite_add_tcase(s, core);
    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, setup, teardown);
    tcase_add_test(errors, test_neardup_invalid);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dedup_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
