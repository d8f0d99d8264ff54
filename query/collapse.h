/* collapse.h: the de-duplicated result list. Fed the matching passages in
 * rank order, it decides for each whether it is shown, folded into a hit
 * already shown (the same text, or a passage of a near-duplicate article:
 * the hit's "also"), or hidden because its article already has its
 * passages on the list. Plain C over borrowed strings, so that the rules
 * are tested on tables (tests/check_collapse.c) without an index.
 *
 * The rules, applied to each passage p in rank order (docs/silk-query.md):
 *   1. p's fingerprint equals that of a shown hit h: folded into h (same
 *      text);
 *   2. p's article was first met here: it joins the group of the first
 *      earlier group head whose signature is similar (silk_dedup.h), as a
 *      copy, else it heads a group of its own;
 *   3. p's article is a copy: folded into its group's first shown hit
 *      (near-duplicate) if no passage of it was folded before (a copy is
 *      listed once, by its best passage), else hidden;
 *   4. its group already shows per_article passages: hidden;
 *   5. else shown.
 * Each passage's fate depends only on the passages ranked above it, so
 * the list of shown hits is one deterministic list and any prefix of the
 * ranking yields a prefix of it. With duplicates kept, only rules 4 and 5
 * apply (every article is its own group).
 */
#ifndef SILK_COLLAPSE_H
#define SILK_COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>

/* One ranked passage. The strings are borrowed for the collapser's life;
 * a textkey of length 0 is never anyone's copy, nor a sig of length 0. */
typedef struct silk_cand {
    const char *article;
    size_t article_len;
    const char *textkey;
    size_t textkey_len;
    const void *sig;      /* the article's near-duplicate signature */
    size_t sig_len;
} silk_cand_t;

typedef enum silk_fate {
    SILK_FATE_SHOWN,
    SILK_FATE_SAME_TEXT,  /* folded: the same text as the hit it joins */
    SILK_FATE_NEAR_DUP,   /* folded: its article copies the hit's */
    SILK_FATE_HIDDEN      /* its article (or the one it copies) is on the
                             list already */
} silk_fate_t;

typedef struct silk_collapse silk_collapse_t;

/* A collapser keeping at most per_article passages a group (0: all),
 * folding duplicates when duplicates is true. NULL if memory ran out. */
silk_collapse_t *silk_collapse_new(unsigned per_article, bool duplicates);
void silk_collapse_free(silk_collapse_t *c);

/* Decide the fate of the next passage in rank order into *fate; for a
 * folded one, *into is the shown hit it joins (0-based in the shown
 * list), for a shown one its own place. Returns 0, or -1 if memory ran out
 * (the collapser is then unusable). The article of c's signature is the
 * one of its first passage: later passages' sig is not read. */
int silk_collapse_add(silk_collapse_t *c, const silk_cand_t *cand,
                      silk_fate_t *fate, size_t *into);

/* Hits shown so far, and distinct articles met so far. */
size_t silk_collapse_shown(const silk_collapse_t *c);
size_t silk_collapse_articles(const silk_collapse_t *c);

#endif /* SILK_COLLAPSE_H */
