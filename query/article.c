/* article.c: an article's evidence in its passages' scores; see article.h. */
#include "article.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "silk_schema.h"

/* What silk_db_passages reports, per article and per passage. */
typedef struct art_acc {
    size_t nstems;
    unsigned long *wdf;    /* [article][stem]: summed over its passages */
    unsigned long *len;    /* [article]: summed length */
    unsigned long *npass;  /* [article]: passages */
    unsigned *docid;       /* every passage read, docid order */
    unsigned long *plen;
    unsigned *pwdf;        /* [passage][stem] */
    size_t np, cap;
    int oom;
} art_acc_t;

static int acc_passage(void *ctx, size_t art, unsigned docid,
                       unsigned long length, const unsigned *wdf)
{
    art_acc_t *a = ctx;
    size_t k = a->nstems;
    if (a->np == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        unsigned *d = realloc(a->docid, cap * sizeof *d);
        if (d)
            a->docid = d;
        unsigned long *l = realloc(a->plen, cap * sizeof *l);
        if (l)
            a->plen = l;
        unsigned *w = realloc(a->pwdf, cap * (k ? k : 1) * sizeof *w);
        if (w)
            a->pwdf = w;
        if (!d || !l || !w) {
            a->oom = 1;
            return 1;
        }
        a->cap = cap;
    }
    a->docid[a->np] = docid;
    a->plen[a->np] = length;
    for (size_t t = 0; t < k; t++) {
        a->pwdf[a->np * k + t] = wdf[t];
        a->wdf[art * k + t] += wdf[t];
    }
    a->len[art] += length;
    a->npass[art]++;
    a->np++;
    return 0;
}

/* BM25 of one bag of frequencies: idf[t] x (k1 + 1) f / (f + K). */
static double bm25(const double *idf, size_t k, const unsigned long *f,
                   const unsigned *f32, double len, double avlen, double k1,
                   double b)
{
    double K = k1 * ((1 - b) + b * (avlen > 0 ? len / avlen : 1)), s = 0;
    for (size_t t = 0; t < k; t++) {
        double x = f ? (double)f[t] : (double)f32[t];
        if (x > 0)
            s += idf[t] * (k1 + 1) * x / (x + K);
    }
    return s;
}

static int cmp_hit_article(const void *x, const void *y, void *ctx)
{
    const silk_art_hit_t *h = ctx;
    const silk_art_hit_t *a = &h[*(const size_t *)x], *b = &h[*(const size_t *)y];
    size_t n = a->article_len < b->article_len ? a->article_len : b->article_len;
    int c = memcmp(a->article, b->article, n);
    if (c)
        return c;
    return (a->article_len > b->article_len) - (a->article_len < b->article_len);
}

/* qsort_r is not C11: a small insertion-free merge sort over indices. */
static void sort_idx(size_t *v, size_t *tmp, size_t n, const silk_art_hit_t *h)
{
    if (n < 2)
        return;
    size_t m = n / 2;
    sort_idx(v, tmp, m, h);
    sort_idx(v + m, tmp, n - m, h);
    size_t i = 0, j = m, k = 0;
    while (i < m && j < n)
        tmp[k++] = cmp_hit_article(&v[j], &v[i], (void *)h) < 0 ? v[j++] : v[i++];
    while (i < m)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static size_t find_docid(const unsigned *v, size_t n, unsigned d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == d ? lo : n;
}

silk_status_t silk_article_rescore(silk_db_t *db, const silk_art_hit_t *hits,
                                   size_t n, const char *const *stems,
                                   size_t nstems, double weight, double k1,
                                   double b, double *adj)
{
    silk_status_t st = SILK_NO_MEMORY;
    silk_db_stats_t stats;
    size_t *idx = NULL, *tmp = NULL, *art_of = NULL, narts = 0, k = nstems;
    char **terms = NULL;
    double *idf = NULL;
    art_acc_t acc = { 0 };

    for (size_t i = 0; i < n; i++)
        adj[i] = hits[i].weight;
    if (n == 0 || nstems == 0 || weight == 0)
        return SILK_OK;
    if ((st = silk_db_stats(db, &stats)) != SILK_OK)
        return st;
    st = SILK_NO_MEMORY;
    idx = malloc(n * sizeof *idx);
    tmp = malloc(n * sizeof *tmp);
    art_of = malloc(n * sizeof *art_of);
    terms = calloc(n, sizeof *terms);
    idf = malloc(k * sizeof *idf);
    if (!idx || !tmp || !art_of || !terms || !idf)
        goto done;
    /* The distinct articles of the hits. */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (hits[i].article_len > 0)
            idx[m++] = i;
    sort_idx(idx, tmp, m, hits);
    for (size_t j = 0; j < n; j++)
        art_of[j] = SIZE_MAX;
    for (size_t j = 0; j < m; j++) {
        const silk_art_hit_t *h = &hits[idx[j]];
        if (j == 0 || cmp_hit_article(&idx[j - 1], &idx[j], (void *)hits) != 0) {
            size_t pl = strlen(SILK_PREFIX_ARTICLE);
            char *t = malloc(pl + h->article_len + 1);
            if (!t)
                goto done;
            memcpy(t, SILK_PREFIX_ARTICLE, pl);
            memcpy(t + pl, h->article, h->article_len);
            t[pl + h->article_len] = '\0';
            terms[narts++] = t;
        }
        art_of[idx[j]] = narts - 1;
    }
    /* Xapian's BM25 term weight (BM25Weight::init, no relevance set). */
    for (size_t t = 0; t < k; t++) {
        unsigned long tf = 0;
        if ((st = silk_db_termfreq(db, stems[t], &tf)) != SILK_OK)
            goto done;
        double tw = ((double)stats.doccount - tf + 0.5) / (tf + 0.5);
        if (tw < 2)
            tw = tw * 0.5 + 1;
        idf[t] = log(tw);
    }
    st = SILK_NO_MEMORY;
    acc.nstems = k;
    acc.wdf = calloc(narts * k, sizeof *acc.wdf);
    acc.len = calloc(narts, sizeof *acc.len);
    acc.npass = calloc(narts, sizeof *acc.npass);
    if (!acc.wdf || !acc.len || !acc.npass)
        goto done;
    st = silk_db_passages(db, (const char *const *)terms, narts, stems, k,
                          acc_passage, &acc);
    if (st == SILK_OK && acc.oom)
        st = SILK_NO_MEMORY;
    if (st != SILK_OK)
        goto done;
    /* An article's mean length: the mean passage times the mean number of
     * passages of these articles (1 when every article is one passage). */
    double av = stats.avlength, avart = narts ? av * (double)acc.np / narts : av;
    for (size_t i = 0; i < n; i++) {
        size_t a = art_of[i], p;
        if (a == SIZE_MAX ||
            (p = find_docid(acc.docid, acc.np, hits[i].docid)) == acc.np)
            continue;
        double A = bm25(idf, k, &acc.wdf[a * k], NULL, (double)acc.len[a], avart, k1, b);
        double P = bm25(idf, k, NULL, &acc.pwdf[p * k], (double)acc.plen[p], av, k1, b);
        /* The rest of the article only adds evidence (an article longer
         * than the mean may score below its passage: no change then). A
         * passage without a typed word of its own (a synonym's, a
         * feedback word's match) is left where the query put it: an
         * exact match of what was typed ranks above a synonym's. */
        if (P > 0 && A > P)
            adj[i] = hits[i].weight + weight * (A - P);
    }
    st = SILK_OK;
done:
    if (terms)
        for (size_t j = 0; j < narts; j++)
            free(terms[j]);
    free(terms);
    free(idx);
    free(tmp);
    free(art_of);
    free(idf);
    free(acc.wdf);
    free(acc.len);
    free(acc.npass);
    free(acc.docid);
    free(acc.plen);
    free(acc.pwdf);
    if (st != SILK_OK)
        for (size_t i = 0; i < n; i++)
            adj[i] = hits[i].weight;
    return st;
}
