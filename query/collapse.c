/* collapse.c: the de-duplicated result list of collapse.h — identical
 * passages, near-duplicate articles and the per-article limit — with the
 * hash tables it needs (article -> group, fingerprint -> shown hit, band
 * -> group heads).
 */
#include "collapse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "silk_dedup.h"
#include "silk_map.h"

#define NONE SIZE_MAX

/* ---- a string -> index map (util/silk_map.h, keys borrowed) ----------- */

/* The value of key, or NONE. */
static size_t strmap_get(const silk_map_t *m, const char *key, size_t len)
{
    void *v = silk_map_get(m, key, len);
    return v ? (size_t)((uintptr_t)v - 1) : NONE;
}

/* Set key (absent so far) to value, stored as value + 1 so that no value
 * is a NULL pointer. Returns 0, or -1 if memory ran out. */
static int strmap_put(silk_map_t *m, const char *key, size_t len, size_t value)
{
    return silk_map_put(m, key, len, (void *)(uintptr_t)(value + 1));
}

/* ---- a band -> group heads multimap ------------------------------------ */

typedef struct band_entry {
    uint64_t key;         /* silk_neardup_bands' */
    size_t group;         /* NONE: empty */
} band_entry_t;

typedef struct bandmap {
    band_entry_t *v;
    size_t n, cap;
} bandmap_t;

static size_t band_pos(const bandmap_t *m, uint64_t key)
{
    /* Fibonacci hashing: the bands are hash bytes already, the multiply
     * spreads the band number. */
    return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (m->cap - 1);
}

/* Add (key, group). Returns 0, or -1 if memory ran out. */
static int bandmap_add(bandmap_t *m, uint64_t key, size_t group)
{
    if (2 * (m->n + 1) > m->cap) {
        bandmap_t bigger = { NULL, 0, m->cap ? 2 * m->cap : 256 };
        bigger.v = malloc(bigger.cap * sizeof *bigger.v);
        if (!bigger.v)
            return -1;
        for (size_t i = 0; i < bigger.cap; i++)
            bigger.v[i].group = NONE;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].group != NONE)
                bandmap_add(&bigger, m->v[i].key, m->v[i].group);
        free(m->v);
        *m = bigger;
    }
    size_t i = band_pos(m, key);
    while (m->v[i].group != NONE)
        i = (i + 1) & (m->cap - 1);
    m->v[i] = (band_entry_t){ key, group };
    m->n++;
    return 0;
}

/* ---- the collapser ------------------------------------------------------ */

typedef struct group {
    const void *sig;      /* the head article's signature */
    size_t sig_len;
    size_t first;         /* its first shown hit, or NONE */
    unsigned shown;       /* hits it shows */
} group_t;

typedef struct art {
    size_t group;
    bool copy;            /* joined another article's group */
    bool folded;          /* a passage of it was folded already */
} art_t;

struct silk_collapse {
    unsigned per_article;
    bool duplicates;
    silk_map_t articles;  /* article id -> index into arts */
    art_t *arts;
    size_t narts, arts_cap;
    group_t *groups;
    size_t ngroups, groups_cap;
    silk_map_t texts;     /* fingerprint -> shown hit */
    bandmap_t bands;      /* band of a head's signature -> its group */
    size_t *cands;        /* scratch: candidate groups */
    size_t ncands, cands_cap;
    size_t shown;
};

/* See collapse.h. */
silk_collapse_t *silk_collapse_new(unsigned per_article, bool duplicates)
{
    silk_collapse_t *c = calloc(1, sizeof *c);

    if (c) {
        c->per_article = per_article;
        c->duplicates = duplicates;
    }
    return c;
}

/* See collapse.h. */
void silk_collapse_free(silk_collapse_t *c)
{
    if (!c)
        return;
    silk_map_fini(&c->articles);
    free(c->arts);
    free(c->groups);
    silk_map_fini(&c->texts);
    free(c->bands.v);
    free(c->cands);
    free(c);
}

/* Grow the array *v of *cap elements of size sz to hold n + 1. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t cap2 = *cap ? 2 * *cap : 64;
    void *p = realloc(*v, cap2 * sz);
    if (!p)
        return -1;
    *v = p;
    *cap = cap2;
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The earliest group whose head's signature is similar to sig (whose
 * bands[0..nbands) are given), or NONE: the heads sharing a band with
 * sig, checked in the order the groups were made. Returns -1 if memory
 * ran out. */
static int find_group(silk_collapse_t *c, const void *sig, size_t len,
                      const uint64_t *bands, size_t nbands, size_t *out)
{
    *out = NONE;
    c->ncands = 0;
    for (size_t b = 0; c->bands.n > 0 && b < nbands; b++) {
        for (size_t i = band_pos(&c->bands, bands[b]);
             c->bands.v[i].group != NONE; i = (i + 1) & (c->bands.cap - 1)) {
            if (c->bands.v[i].key != bands[b])
                continue;
            if (grow((void **)&c->cands, &c->cands_cap, c->ncands,
                     sizeof *c->cands) != 0)
                return -1;
            c->cands[c->ncands++] = c->bands.v[i].group;
        }
    }
    if (c->ncands > 1)
        qsort(c->cands, c->ncands, sizeof *c->cands, cmp_size);
    for (size_t i = 0; i < c->ncands; i++) {
        const group_t *g = &c->groups[c->cands[i]];
        if ((i == 0 || c->cands[i] != c->cands[i - 1]) &&
            silk_neardup_similar(sig, len, g->sig, g->sig_len)) {
            *out = c->cands[i];
            return 0;
        }
    }
    return 0;
}

/* The record of cand's article, made when it is first met, and put in a
 * group (rule 2 of collapse.h) if group and it has none yet. Returns its
 * index, or NONE if memory ran out. */
static size_t article_of(silk_collapse_t *c, const silk_cand_t *cand,
                         bool group)
{
    size_t a = strmap_get(&c->articles, cand->article, cand->article_len);
    size_t g = NONE;

    if (a == NONE) {
        if (grow((void **)&c->arts, &c->arts_cap, c->narts,
                 sizeof *c->arts) != 0 ||
            strmap_put(&c->articles, cand->article, cand->article_len,
                       c->narts) != 0)
            return NONE;
        a = c->narts++;
        c->arts[a] = (art_t){ NONE, false, false };
    }
    if (!group || c->arts[a].group != NONE)
        return a;
    uint64_t bands[SILK_NEARDUP_NBANDS];
    size_t nbands = c->duplicates
                        ? silk_neardup_bands(cand->sig, cand->sig_len, bands)
                        : 0;
    if (find_group(c, cand->sig, cand->sig_len, bands, nbands, &g) != 0)
        return NONE;
    if (g != NONE) {
        c->arts[a].group = g;
        c->arts[a].copy = true;
        return a;
    }
    if (grow((void **)&c->groups, &c->groups_cap, c->ngroups,
             sizeof *c->groups) != 0)
        return NONE;
    g = c->ngroups++;
    c->groups[g] = (group_t){ cand->sig, cand->sig_len, NONE, 0 };
    c->arts[a].group = g;
    for (size_t b = 0; b < nbands; b++)
        if (bandmap_add(&c->bands, bands[b], g) != 0)
            return NONE;
    return a;
}

/* See collapse.h. */
int silk_collapse_add(silk_collapse_t *c, const silk_cand_t *cand,
                      silk_fate_t *fate, size_t *into)
{
    size_t a, hit;
    group_t *g;

    if (c->duplicates && cand->textkey_len > 0 &&
        (hit = strmap_get(&c->texts, cand->textkey, cand->textkey_len)) !=
            NONE) {
        *fate = SILK_FATE_SAME_TEXT;
        *into = hit;
        /* Its article is met (it counts), but not grouped: rule 2 is for
         * the passages that reach it. Should it prove a copy, it is in an
         * "also" already. */
        if ((a = article_of(c, cand, false)) == NONE)
            return -1;
        c->arts[a].folded = true;
        return 0;
    }
    if ((a = article_of(c, cand, true)) == NONE)
        return -1;
    g = &c->groups[c->arts[a].group];
    if (c->arts[a].copy) {
        /* The head's first passage made the group and was shown. A copy
         * is folded once, by its best passage; the rest are hidden. */
        *fate = c->arts[a].folded ? SILK_FATE_HIDDEN : SILK_FATE_NEAR_DUP;
        *into = c->arts[a].folded ? NONE : g->first;
        c->arts[a].folded = true;
        return 0;
    }
    if (c->per_article > 0 && g->shown >= c->per_article) {
        *fate = SILK_FATE_HIDDEN;
        *into = NONE;
        return 0;
    }
    hit = c->shown++;
    if (g->first == NONE)
        g->first = hit;
    g->shown++;
    if (c->duplicates && cand->textkey_len > 0 &&
        strmap_put(&c->texts, cand->textkey, cand->textkey_len, hit) != 0)
        return -1;
    *fate = SILK_FATE_SHOWN;
    *into = hit;
    return 0;
}

/* See collapse.h. */
size_t silk_collapse_shown(const silk_collapse_t *c)
{
    return c->shown;
}

/* See collapse.h. */
size_t silk_collapse_articles(const silk_collapse_t *c)
{
    return c->narts;
}
