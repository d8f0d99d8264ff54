/* cite.c: a passage's data by its id, and the article fields of a page's
 * hits, from their articles' passage 0 (see cite.h).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "silk_schema.h"
#include "silk_slug.h"

/* Run q on db for its first limit matches, unweighted, with their data
 * read (and no value slot) into *ms (the caller frees it). The shim's
 * status, SILK_NO_MEMORY. */
static silk_status_t search_data(silk_db_t *db, const silk_query_t *q,
                                 unsigned limit, silk_mset_t **ms)
{
    silk_search_opts_t o;
    size_t *all, n;
    silk_status_t st;

    silk_search_opts_init(&o);
    o.unweighted = 1;
    o.limit = limit;
    o.keys_only = 1;
    o.fetch_data_only = 1;
    if ((st = silk_db_search(db, q, &o, ms)) != SILK_OK)
        return st;
    n = silk_mset_size(*ms);
    if (!(all = malloc((n ? n : 1) * sizeof *all)))
        return SILK_NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    st = silk_mset_fetch(*ms, all, n);
    free(all);
    return st;
}

silk_status_t silk_cite_passage(silk_passage_data_t *out, silk_db_t *db,
                                const char *article, long no)
{
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    char *term = NULL;
    size_t n = strlen(SILK_PREFIX_UID) + strlen(article) + 24;
    silk_status_t st = SILK_NO_MEMORY;

    memset(out, 0, sizeof *out);
    if (!(term = malloc(n)))
        goto done;
    snprintf(term, n, "%s%s#%ld", SILK_PREFIX_UID, article, no);
    if ((st = silk_query_term(&q, term, strlen(term), 1, 0)) != SILK_OK)
        goto done;
    if ((st = search_data(db, q, 1, &ms)) != SILK_OK)
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

/* The article fields of a hit, as cite.h lists them. */
enum { ART_TITLE, ART_DATE, ART_SOURCE, ART_URL, ART_PATH, ART_EXTRA,
       ART_YEAR, ART_SOURCE_VALUE, ART_SUBJECT, ART_CATEGORY, NART };

/* Where h keeps article field k. */
static char **art_field(silk_hit_t *h, int k)
{
    switch (k) {
    case ART_TITLE: return &h->title;
    case ART_DATE: return &h->date;
    case ART_SOURCE: return &h->source;
    case ART_URL: return &h->url;
    case ART_PATH: return &h->path;
    case ART_EXTRA: return &h->extra;
    case ART_YEAR: return &h->values[SILK_FIELD_YEAR];
    case ART_SOURCE_VALUE: return &h->values[SILK_FIELD_SOURCE];
    case ART_SUBJECT: return &h->values[SILK_FIELD_SUBJECT];
    default: return &h->values[SILK_FIELD_CATEGORY];
    }
}

/* Set h's article fields to copies of v[0..NART) (NULL stays NULL).
 * false if memory ran out. */
static bool set_fields(silk_hit_t *h, const char *const *v)
{
    bool ok = true;

    for (int k = 0; k < NART; k++) {
        char **f = art_field(h, k);
        free(*f);
        *f = v[k] ? strdup(v[k]) : NULL;
        ok &= *f != NULL || v[k] == NULL;
    }
    return ok;
}

/* See cite.h. */
bool silk_cite_set_article(silk_hit_t *h, const silk_passage_data_t *d)
{
    const char *v[NART];
    char year[5] = "", slug[SILK_SLUG_MAX_BYTES + 1];
    size_t n = strlen(d->source);

    /* The facet values the indexer wrote to the slots: the date's year,
     * the source where it slugs to something (silk_slug.h). */
    if (strlen(d->date) >= 4) {
        memcpy(year, d->date, 4);
        year[4] = '\0';
    }
    v[ART_TITLE] = d->title;
    v[ART_DATE] = d->date;
    v[ART_SOURCE] = d->source;
    v[ART_URL] = d->url;
    v[ART_PATH] = d->path;
    v[ART_EXTRA] = d->has_article ? (*d->extra ? d->extra : "{}") : NULL;
    v[ART_YEAR] = year;
    v[ART_SOURCE_VALUE] = n && silk_slug(slug, sizeof slug, d->source, n) > 0
                              ? d->source : "";
    v[ART_SUBJECT] = d->subject;
    v[ART_CATEGORY] = d->category;
    return set_fields(h, v);
}

/* Copy src's article fields to h; false if memory ran out. */
static bool copy_article(silk_hit_t *h, silk_hit_t *src)
{
    const char *v[NART];

    for (int k = 0; k < NART; k++)
        v[k] = *art_field(src, k);
    return set_fields(h, v);
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
 * search and decode each one's data into p0[k] (the caller clears them;
 * left empty for an article without a passage 0). */
static silk_status_t articles_batch(silk_db_t *db, const char *const *heads,
                                    size_t n, silk_passage_data_t *p0)
{
    silk_query_t **terms = calloc(n, sizeof *terms), *q = NULL;
    silk_mset_t *ms = NULL;
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
    if ((st = search_data(db, q, (unsigned)n, &ms)) != SILK_OK)
        goto done;
    st = SILK_NO_MEMORY;    /* what a failed decode below means */
    for (size_t i = 0; i < silk_mset_size(ms); i++) {
        size_t len = 0;
        const char *data = silk_mset_data(ms, i, &len);
        silk_passage_data_t d;
        if (silk_passage_data_decode(&d, data, len) != 0)
            goto done;
        /* The passage's own article id finds its slot among heads. */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(heads[mid], d.article);
            if (c == 0) {
                lo = mid;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < n && strcmp(heads[lo], d.article) == 0 &&
            !p0[lo].has_article && d.has_article) {
            silk_passage_data_clear(&p0[lo]);
            p0[lo] = d;
        } else {
            silk_passage_data_clear(&d);
        }
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

/* See cite.h. */
silk_status_t silk_cite_articles(silk_db_t *db, silk_results_t *r)
{
    size_t n = r->nhits, ngroups = 0, nlook = 0;
    silk_status_t st = SILK_NO_MEMORY;

    if (n == 0)
        return SILK_OK;
    by_article_t *v = malloc(n * sizeof *v);
    size_t *first = malloc(n * sizeof *first);   /* group -> its first in v */
    silk_hit_t **src = calloc(n, sizeof *src);   /* group -> its passage 0 */
    size_t *look = malloc(n * sizeof *look);     /* groups looked up */
    const char **heads = malloc(n * sizeof *heads); /* ... their articles */
    silk_passage_data_t *p0 = calloc(n, sizeof *p0); /* ... and passage 0s */
    if (!v || !first || !src || !look || !heads || !p0)
        goto done;
    for (size_t i = 0; i < n; i++)
        v[i] = (by_article_t){ r->hits[i].article ? r->hits[i].article : "", i };
    qsort(v, n, sizeof *v, cmp_by_article);
    for (size_t k = 0; k < n; k++)
        if (k == 0 || strcmp(v[k - 1].article, v[k].article) != 0)
            first[ngroups++] = k;
    /* An article whose passage 0 is on the page has its fields already
     * (search.c read them with the passage): the others are looked up. */
    for (size_t g = 0; g < ngroups; g++) {
        size_t end = g + 1 < ngroups ? first[g + 1] : n;
        bool all = true;
        for (size_t k = first[g]; k < end; k++) {
            silk_hit_t *h = &r->hits[v[k].hit];
            if (h->extra && !src[g])
                src[g] = h;
            all &= h->extra != NULL;
        }
        if (!src[g] && !all) {
            look[nlook] = g;
            heads[nlook++] = v[first[g]].article;
        }
    }
    for (size_t l = 0; l < nlook; l++)
        silk_passage_data_decode(&p0[l], NULL, 0);   /* empty: no memory */
    st = SILK_OK;
    for (size_t l = 0; l < nlook && st == SILK_OK; l += CITE_BATCH)
        st = articles_batch(db, heads + l,
                            nlook - l < CITE_BATCH ? nlook - l : CITE_BATCH,
                            p0 + l);
    if (st != SILK_OK)
        goto done;
    /* Each hit of a group without its fields gets a copy of the group's. */
    for (size_t l = 0; l < nlook && st == SILK_OK; l++) {
        size_t g = look[l];
        silk_hit_t *h = &r->hits[v[first[g]].hit];
        if (!silk_cite_set_article(h, &p0[l]) ||
            (!h->extra && !(h->extra = strdup("{}"))))
            st = SILK_NO_MEMORY;
        src[g] = h;
    }
    for (size_t g = 0; g < ngroups && st == SILK_OK; g++) {
        size_t end = g + 1 < ngroups ? first[g + 1] : n;
        for (size_t k = first[g]; k < end && st == SILK_OK; k++) {
            silk_hit_t *h = &r->hits[v[k].hit];
            if (!h->extra && src[g] && !copy_article(h, src[g]))
                st = SILK_NO_MEMORY;
        }
    }
done:
    for (size_t l = 0; p0 && l < nlook; l++)
        silk_passage_data_clear(&p0[l]);
    free(p0);
    free(heads);
    free(look);
    free(src);
    free(first);
    free(v);
    return st;
}
