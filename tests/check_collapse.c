/* check_collapse.c: Check suite for query/collapse.c, the de-duplicated
 * list: copies folded, passages per article, on tables of candidates. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collapse.h"
#include "silk_dedup.h"

/* ---- the de-duplicated list (collapse.h), on tables --------------------- */

/* Signatures made by hand: S1 and its near copy S1C (two body positions
 * differ), and S2, unlike both. */
enum { S0, S1, S1C, S2 };

static unsigned char sigs[4][SILK_NEARDUP_BYTES];

static void make_sigs(void)
{
    for (int k = S1; k <= S2; k++) {
        unsigned char *g = sigs[k];
        g[0] = SILK_NEARDUP_VERSION;
        g[1] = 0;
        g[2] = 200;                          /* shingles */
        memset(g + 3, 0, 4);                 /* no figures */
        for (int i = 7; i < SILK_NEARDUP_BYTES; i++)
            g[i] = (unsigned char)(k == S2 ? 255 - i : i);
    }
    sigs[S1C][7] ^= 1;
    sigs[S1C][20] ^= 1;
}

typedef struct cand_row {
    const char *article, *textkey;
    int sig;
    silk_fate_t fate;
    int into;                    /* shown hit (or -1 when hidden) */
} cand_row;

#define MAX_ROWS 8
typedef struct collapse_case {
    const char *what;
    unsigned per_article;
    bool duplicates;
    cand_row rows[MAX_ROWS];     /* in rank order; article NULL ends */
    size_t articles;
} collapse_case;

#define SHOWN SILK_FATE_SHOWN
#define SAME SILK_FATE_SAME_TEXT
#define NEAR SILK_FATE_NEAR_DUP
#define HID SILK_FATE_HIDDEN

static const collapse_case collapse_cases[] = {
    {"identical text folds into its first hit", 0, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a2", "k1", S0, SAME, 0},
      {"a3", "k2", S0, SHOWN, 1}, {"a4", "k1", S0, SAME, 0}}, 4},
    {"copies kept", 0, false,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S1C, SHOWN, 1},
      {"a3", "k2", S0, SHOWN, 2}}, 3},
    {"two passages an article", 2, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k2", S0, SHOWN, 1},
      {"a1", "k3", S0, HID, -1}, {"a2", "k4", S0, SHOWN, 2},
      {"a1", "k5", S0, HID, -1}}, 2},
    {"the limit holds with copies kept", 1, false,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k1", S0, HID, -1},
      {"a2", "k1", S0, SHOWN, 1}}, 2},
    {"a near-duplicate article folds once, by its best passage", 2, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k2", S1C, NEAR, 0},
      {"a2", "k3", S1C, HID, -1}, {"a3", "k4", S2, SHOWN, 1},
      {"a1", "k5", S1, SHOWN, 2}}, 3},
    {"the copy ranked first heads the group", 0, true,
     {{"a2", "k1", S1C, SHOWN, 0}, {"a1", "k2", S1, NEAR, 0},
      {"a2", "k3", S1C, SHOWN, 1}}, 2},
    {"an article first met as a copy of text is grouped later", 0, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S2, SAME, 0},
      {"a2", "k2", S2, SHOWN, 1}}, 2},
    {"a copy already folded by its text is not listed again", 0, true,
     {{"a1", "k1", S1, SHOWN, 0}, {"a2", "k1", S1C, SAME, 0},
      {"a2", "k2", S1C, HID, -1}, {"a1", "k3", S1, SHOWN, 1}}, 2},
    {"a hidden passage's text is no one's to fold into", 1, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a1", "k2", S0, HID, -1},
      {"a2", "k2", S0, SHOWN, 1}}, 2},
    {"no fingerprint, no signature: never a copy", 0, true,
     {{"a1", "", S0, SHOWN, 0}, {"a2", "", S0, SHOWN, 1},
      {"a3", "k1", S0, SHOWN, 2}, {"a4", "k1", S0, SAME, 2}}, 4},
    {"unsigned articles are not each other's copies", 0, true,
     {{"a1", "k1", S0, SHOWN, 0}, {"a2", "k2", S0, SHOWN, 1}}, 2},
};

START_TEST(test_collapse)
{
    const collapse_case *c = &collapse_cases[_i];
    silk_collapse_t *col = silk_collapse_new(c->per_article, c->duplicates);
    size_t shown = 0;

    make_sigs();
    ck_assert_ptr_nonnull(col);
    for (size_t i = 0; i < MAX_ROWS && c->rows[i].article; i++) {
        const cand_row *r = &c->rows[i];
        silk_cand_t cand = { r->article, strlen(r->article), r->textkey,
                             strlen(r->textkey), sigs[r->sig],
                             r->sig == S0 ? 0 : SILK_NEARDUP_BYTES };
        silk_fate_t fate;
        size_t into = 99;
        ck_assert_int_eq(silk_collapse_add(col, &cand, &fate, &into), 0);
        ck_assert_msg(fate == r->fate, "%s: row %zu: fate %d, want %d", c->what,
                      i, fate, r->fate);
        if (r->into >= 0)
            ck_assert_msg(into == (size_t)r->into, "%s: row %zu: into %zu, want %d",
                          c->what, i, into, r->into);
        shown += fate == SHOWN;
    }
    ck_assert_uint_eq(silk_collapse_shown(col), shown);
    ck_assert_uint_eq(silk_collapse_articles(col), c->articles);
    silk_collapse_free(col);
}
END_TEST

/* Many groups, each found through its bands among the heads before it: a
 * copy joins the first similar head, not a later one. */
START_TEST(test_collapse_many)
{
    enum { GROUPS = 300 };
    static unsigned char g[GROUPS][SILK_NEARDUP_BYTES];
    silk_collapse_t *col = silk_collapse_new(0, true);
    char art[32];
    silk_fate_t fate;
    size_t into;

    for (int k = 0; k < GROUPS; k++) {
        g[k][0] = SILK_NEARDUP_VERSION;
        g[k][1] = 1;
        g[k][2] = 0;
        memset(g[k] + 3, 0, 4);
        uint32_t x = 2463534242u + (uint32_t)k * 2654435761u; /* xorshift32 */
        for (int i = 7; i < SILK_NEARDUP_BYTES; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            g[k][i] = (unsigned char)x;
        }
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < GROUPS; k++) {
            snprintf(art, sizeof art, "%s%d", pass ? "copy" : "head", k);
            silk_cand_t cand = { art, strlen(art), "", 0, g[k],
                                 SILK_NEARDUP_BYTES };
            ck_assert_int_eq(silk_collapse_add(col, &cand, &fate, &into), 0);
            ck_assert_int_eq(fate, (pass ? NEAR : SHOWN));
            ck_assert_uint_eq(into, (size_t)k);
        }
    }
    ck_assert_uint_eq(silk_collapse_articles(col), 2 * GROUPS);
    silk_collapse_free(col);
}
END_TEST

static Suite *collapse_suite(void)
{
    Suite *s = suite_create("collapse");
    TCase *core = tcase_create("core");

    tcase_add_loop_test(core, test_collapse, 0,
                        sizeof collapse_cases / sizeof *collapse_cases);
    tcase_add_test(core, test_collapse_many);
    suite_add_tcase(s, core);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(collapse_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
