/* cite.c: a passage's data by its id, and the article fields of a page's
 * hits (see cite.h).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_schema.h"

silk_status_t silk_cite_passage(silk_passage_data_t *out, silk_db_t *db,
                                const char *article, long no)
{
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    char *term = NULL;
    size_t n = strlen(SILK_PREFIX_UID) + strlen(article) + 24;
    silk_status_t st = SILK_NO_MEMORY;

    memset(out, 0, sizeof *out);
    if (!(term = malloc(n)))
        goto done;
    snprintf(term, n, "%s%s#%ld", SILK_PREFIX_UID, article, no);
    if ((st = silk_query_term(&q, term, strlen(term), 1, 0)) != SILK_OK)
        goto done;
    silk_search_opts_init(&o);
    o.unweighted = 1;
    o.limit = 1;
    if ((st = silk_db_search(db, q, &o, &ms)) != SILK_OK)
        goto done;
    st = SILK_NOT_FOUND;
    if (silk_mset_size(ms) == 0)
        goto done;
    size_t len = 0;
    const char *data = silk_mset_data(ms, 0, &len);
    st = silk_passage_data_decode(out, data, len) == 0 ? SILK_OK
                                                       : SILK_NO_MEMORY;
done:
    silk_mset_free(ms);
    silk_query_free(q);
    free(term);
    return st;
}

/* A hit of a page, for grouping the hits by article. */
typedef struct by_article {
    const char *article;
    size_t hit;
} by_article_t;

static int cmp_by_article(const void *pa, const void *pb)
{
    const by_article_t *a = pa, *b = pb;
    int c = strcmp(a->article, b->article);

    return c ? c : (a->hit > b->hit) - (a->hit < b->hit);
}

/* Passage-0 look-ups per search: one OR of this many UID terms. */
#define CITE_BATCH 512

/* Look up passage 0 of the articles heads[0..n) (distinct, sorted) in one
 * search and put the JSON text of each one's "extra" (NULL if it has
 * none) into extra[0..n). */
static silk_status_t extras_batch(silk_db_t *db, const char *const *heads,
                                  size_t n, char **extra)
{
    silk_query_t **terms = calloc(n, sizeof *terms), *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    silk_status_t st = SILK_NO_MEMORY;

    if (!terms)
        return SILK_NO_MEMORY;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(SILK_PREFIX_UID) + strlen(heads[k]) + 3;
        char *term = malloc(len);
        if (!term)
            goto done;
        snprintf(term, len, "%s%s#0", SILK_PREFIX_UID, heads[k]);
        st = silk_query_term(&terms[k], term, strlen(term), 1, 0);
        free(term);
        if (st != SILK_OK)
            goto done;
    }
    if ((st = silk_query_combine(&q, SILK_OP_OR, terms, n, 0)) != SILK_OK)
        goto done;
    silk_search_opts_init(&o);
    o.unweighted = 1;
    o.limit = (unsigned)n;
    if ((st = silk_db_search(db, q, &o, &ms)) != SILK_OK)
        goto done;
    for (size_t i = 0; i < silk_mset_size(ms); i++) {
        size_t len = 0;
        const char *data = silk_mset_data(ms, i, &len);
        silk_passage_data_t d;
        if (silk_passage_data_decode(&d, data, len) != 0) {
            st = SILK_NO_MEMORY;
            goto done;
        }
        const char *id = *d.article ? d.article : NULL;
        /* The passage's own article id finds its slot among heads. */
        size_t lo = 0, hi = n;
        while (id && lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(heads[mid], id);
            if (c == 0) {
                lo = mid;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (id && lo < n && strcmp(heads[lo], id) == 0 && !extra[lo] &&
            !(extra[lo] = silk_passage_data_extra(&d))) {
            silk_passage_data_clear(&d);
            st = SILK_NO_MEMORY;
            goto done;
        }
        silk_passage_data_clear(&d);
    }
    st = SILK_OK;
done:
    for (size_t k = 0; k < n; k++)
        silk_query_free(terms[k]);
    free(terms);
    silk_query_free(q);
    silk_mset_free(ms);
    return st;
}

silk_status_t silk_cite_extras(silk_db_t *db, silk_results_t *r)
{
    size_t n = r->nhits, ngroups = 0, nlook = 0;
    silk_status_t st = SILK_NO_MEMORY;

    if (n == 0)
        return SILK_OK;
    by_article_t *v = malloc(n * sizeof *v);
    size_t *first = malloc(n * sizeof *first);   /* group -> its first in v */
    char **extra = calloc(n, sizeof *extra);     /* group -> its extra */
    const char **heads = malloc(n * sizeof *heads); /* articles looked up */
    char **found = calloc(n, sizeof *found);     /* ... and their extras */
    if (!v || !first || !extra || !heads || !found)
        goto done;
    for (size_t i = 0; i < n; i++)
        v[i] = (by_article_t){ r->hits[i].article ? r->hits[i].article : "", i };
    qsort(v, n, sizeof *v, cmp_by_article);
    for (size_t k = 0; k < n; k++)
        if (k == 0 || strcmp(v[k - 1].article, v[k].article) != 0)
            first[ngroups++] = k;
    /* An article whose passage 0 is on the page has its extra already
     * (search.c read it with the passage): the others are looked up. */
    for (size_t g = 0; g < ngroups; g++) {
        size_t end = g + 1 < ngroups ? first[g + 1] : n;
        for (size_t k = first[g]; k < end && !extra[g]; k++) {
            const char *x = r->hits[v[k].hit].extra;
            if (x && !(extra[g] = strdup(x)))
                goto done;
        }
        if (!extra[g])
            heads[nlook++] = v[first[g]].article;
    }
    st = SILK_OK;
    for (size_t l = 0; l < nlook && st == SILK_OK; l += CITE_BATCH)
        st = extras_batch(db, heads + l,
                          nlook - l < CITE_BATCH ? nlook - l : CITE_BATCH,
                          found + l);
    /* found[] follows heads[]: the groups without an extra, in order. */
    for (size_t g = 0, l = 0; g < ngroups && l < nlook; g++)
        if (!extra[g]) {
            extra[g] = found[l];
            found[l++] = NULL;
        }
    /* Each hit of a group gets its own copy of the group's extra. */
    for (size_t g = 0; g < ngroups && st == SILK_OK; g++) {
        size_t end = g + 1 < ngroups ? first[g + 1] : n;
        for (size_t k = first[g]; k < end && st == SILK_OK; k++) {
            silk_hit_t *h = &r->hits[v[k].hit];
            free(h->extra);
            if (!(h->extra = strdup(extra[g] ? extra[g] : "{}")))
                st = SILK_NO_MEMORY;
        }
    }
done:
    for (size_t g = 0; extra && g < ngroups; g++)
        free(extra[g]);
    for (size_t l = 0; found && l < nlook; l++)
        free(found[l]);
    free(found);
    free(heads);
    free(extra);
    free(first);
    free(v);
    return st;
}
