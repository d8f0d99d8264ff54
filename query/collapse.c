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

/* Each distinct band has one slot of an open-addressed table and the
 * list of the groups whose head has that band, in the order the groups
 * were made (so a lookup can stop at the first similar head). A band that
 * many heads share (a common figure, a stock phrase) is one slot and a
 * long list, where one slot per (band, group) made every insert and
 * every lookup walk the whole run of equal keys. */
typedef struct band_slot {
    uint64_t key;         /* silk_neardup_bands' */
    size_t head, tail;    /* its list in nodes; head NONE: empty slot */
} band_slot_t;

typedef struct band_node {
    size_t group;
    size_t next;          /* NONE: the last */
} band_node_t;

typedef struct bandmap {
    band_slot_t *v;
    size_t n, cap;        /* distinct bands; slots (a power of 2) */
    band_node_t *nodes;
    size_t nnodes, nodes_cap;
} bandmap_t;

/* The slot of key in m (m->cap > 0): where it is, or the empty slot where
 * it would go. */
static size_t band_pos(const bandmap_t *m, uint64_t key)
{
    /* Fibonacci hashing: the bands are hash bytes already, the multiply
     * spreads the band number. */
    size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (m->cap - 1);
    while (m->v[i].head != NONE && m->v[i].key != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The first node of key's list, or NONE. */
static size_t bandmap_first(const bandmap_t *m, uint64_t key)
{
    return m->cap ? m->v[band_pos(m, key)].head : NONE;
}

/* Append group to key's list. Returns 0, or -1 if memory ran out. */
static int bandmap_add(bandmap_t *m, uint64_t key, size_t group)
{
    if (2 * (m->n + 1) > m->cap) {
        bandmap_t bigger = *m;
        bigger.cap = m->cap ? 2 * m->cap : 256;
        bigger.v = malloc(bigger.cap * sizeof *bigger.v);
        if (!bigger.v)
            return -1;
        for (size_t i = 0; i < bigger.cap; i++)
            bigger.v[i].head = NONE;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].head != NONE)
                bigger.v[band_pos(&bigger, m->v[i].key)] = m->v[i];
        free(m->v);
        *m = bigger;
    }
    if (m->nnodes == m->nodes_cap) {
        size_t cap = m->nodes_cap ? 2 * m->nodes_cap : 256;
        band_node_t *v = realloc(m->nodes, cap * sizeof *v);
        if (!v)
            return -1;
        m->nodes = v;
        m->nodes_cap = cap;
    }
    size_t node = m->nnodes++;
    m->nodes[node] = (band_node_t){ group, NONE };
    band_slot_t *sl = &m->v[band_pos(m, key)];
    if (sl->head == NONE) {
        *sl = (band_slot_t){ key, node, node };
        m->n++;
    } else {
        m->nodes[sl->tail].next = node;
        sl->tail = node;
    }
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
    free(c->bands.nodes);
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

/* The earliest group whose head's signature is similar to sig (whose
 * bands[0..nbands) are given), or NONE: of the heads sharing a band with
 * sig, each band's list in the order the groups were made, a list read
 * only up to its first similar head or the best group found so far. */
static size_t find_group(const silk_collapse_t *c, const void *sig,
                         size_t len, const uint64_t *bands, size_t nbands)
{
    size_t best = NONE;

    for (size_t b = 0; b < nbands; b++)
        for (size_t k = bandmap_first(&c->bands, bands[b]); k != NONE;
             k = c->bands.nodes[k].next) {
            size_t g = c->bands.nodes[k].group;
            if (g >= best)
                break;
            if (silk_neardup_similar(sig, len, c->groups[g].sig,
                                     c->groups[g].sig_len)) {
                best = g;
                break;
            }
        }
    return best;
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
    g = find_group(c, cand->sig, cand->sig_len, bands, nbands);
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
