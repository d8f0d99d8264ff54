/* silk_dup_pairs.c: list the article pairs of a silk index whose stored
 * near-duplicate signatures (SILK_SLOT_NEARDUP) agree on at least MIN of
 * their SILK_NEARDUP_HASHES positions — every pair, by comparing all of
 * them, so that pairs just below silk's threshold can be sampled and
 * checked by hand beside the pairs it flags (docs/duplicates.md).
 *
 *   silk-dup-pairs INDEX [MIN]      MIN defaults to 16
 *
 * Prints "body<TAB>lead<TAB>figures<TAB>flagged<TAB>article<TAB>article"
 * lines: the positions on which the body and the lead sketches agree (a
 * pair is listed when either reaches MIN), whether the leads quote the
 * same figures (1/0), and whether silk_neardup_similar() calls the pair
 * near-duplicates (1/0); most similar first, then ids. The signatures are read through the shim exactly
 * as silk-query reads them (one per article).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_dedup.h"
#include "silk_schema.h"
#include "silk_xapian.h"

typedef struct art {
    const char *id;
    const unsigned char *sig;
} art_t;

typedef struct pair {
    unsigned agree;              /* the larger of m.body and m.lead */
    silk_neardup_match_t m;
    size_t a, b;
} pair_t;

static const art_t *arts;

/* Most similar first, then by the two ids. */
static int cmp_pair(const void *pa, const void *pb)
{
    const pair_t *x = pa, *y = pb;
    int c;

    if (x->agree != y->agree)
        return x->agree > y->agree ? -1 : 1;
    if ((c = strcmp(arts[x->a].id, arts[y->a].id)) != 0)
        return c;
    return strcmp(arts[x->b].id, arts[y->b].id);
}

int main(int argc, char **argv)
{
    silk_db_t *db = NULL;
    silk_query_t *all = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    silk_db_stats_t stats;
    art_t *v = NULL;
    pair_t *pairs = NULL;
    size_t n = 0, np = 0, cap = 0;
    unsigned min = argc > 2 ? (unsigned)atoi(argv[2]) : 16;
    int rc = 2;

    if (argc < 2 || argc > 3) {
        fputs("usage: silk-dup-pairs INDEX [MIN]\n", stderr);
        return 2;
    }
    if (silk_db_open_read(&db, (const char *const *)&argv[1], 1) != SILK_OK ||
        silk_db_stats(db, &stats) != SILK_OK ||
        silk_query_match_all(&all) != SILK_OK) {
        fprintf(stderr, "silk-dup-pairs: %s\n", silk_errmsg());
        goto done;
    }
    /* One hit per article (collapsed on its id), its signature as the
     * sort key: no document is read. */
    silk_search_opts_init(&o);
    o.unweighted = 1;
    o.keys_only = 1;
    o.sort_slot = SILK_SLOT_NEARDUP;
    o.collapse_slot = SILK_SLOT_ARTICLE;
    o.collapse_max = 1;
    o.limit = (unsigned)stats.doccount;
    o.check_at_least = stats.doccount;
    if (silk_db_search(db, all, &o, &ms) != SILK_OK) {
        fprintf(stderr, "silk-dup-pairs: %s\n", silk_errmsg());
        goto done;
    }
    v = calloc(silk_mset_size(ms) + 1, sizeof *v);
    if (!v)
        goto oom;
    for (size_t i = 0; i < silk_mset_size(ms); i++) {
        size_t len;
        const char *sig = silk_mset_sort_key(ms, i, &len);
        uint64_t bands[SILK_NEARDUP_NBANDS];
        if (silk_neardup_bands(sig, len, bands) == 0)
            continue; /* no signature: too short to judge */
        v[n].id = silk_mset_collapse_key(ms, i, &len);
        v[n].sig = (const unsigned char *)sig;
        n++;
    }
    arts = v;
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++) {
            silk_neardup_match_t m;
            silk_neardup_compare(v[a].sig, SILK_NEARDUP_BYTES, v[b].sig,
                                 SILK_NEARDUP_BYTES, &m);
            if (m.body < min && m.lead < min)
                continue;
            if (np == cap) {
                cap = cap ? 2 * cap : 1024;
                pair_t *p = realloc(pairs, cap * sizeof *p);
                if (!p)
                    goto oom;
                pairs = p;
            }
            pair_t p = {m.body > m.lead ? m.body : m.lead, m, a, b};
            if (strcmp(v[a].id, v[b].id) > 0) {
                p.a = b;
                p.b = a;
            }
            pairs[np++] = p;
        }
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    for (size_t i = 0; i < np; i++) {
        const art_t *x = &v[pairs[i].a], *y = &v[pairs[i].b];
        printf("%u\t%u\t%d\t%d\t%s\t%s\n", pairs[i].m.body, pairs[i].m.lead,
               pairs[i].m.figures,
               silk_neardup_similar(x->sig, SILK_NEARDUP_BYTES, y->sig,
                                    SILK_NEARDUP_BYTES),
               x->id, y->id);
    }
    fprintf(stderr, "silk-dup-pairs: %zu signed articles, %zu pairs agree on "
            ">= %u of %d in a sketch\n", n, np, min, SILK_NEARDUP_HASHES);
    rc = 0;
    goto done;
oom:
    fputs("silk-dup-pairs: out of memory\n", stderr);
done:
    free(pairs);
    free(v);
    silk_mset_free(ms);
    silk_query_free(all);
    silk_db_free(db);
    return rc;
}
