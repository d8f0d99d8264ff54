/* search.c: run a built query through the shim — the ranked matches
 * walked into the de-duplicated list (collapse.h) and sliced into a page,
 * totals exact up to the count limit, exact facet counts (list slots split
 * and summed) — and copy the hits out of the match set into plain C data.
 */

#include "search.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "cite.h"
#include "collapse.h"
#include "parse.h"
#include "passage_data.h"
#include "silk_clock.h"
#include "silk_map.h"
#include "silk_vec.h"
#include "silk_schema.h"

static const char *const sort_names[] = { "relevance", "newest", "oldest" };

/* The sort's name; "" for an out-of-range value. */
const char *silk_sort_name(silk_sort_t s)
{
    return (unsigned)s < sizeof sort_names / sizeof *sort_names ? sort_names[s] : "";
}

/* A --sort name into *out; -1 if it names none. */
int silk_sort_parse(const char *name, silk_sort_t *out)
{
    for (unsigned i = 0; i < sizeof sort_names / sizeof *sort_names; i++)
        if (strcmp(name, sort_names[i]) == 0) {
            *out = (silk_sort_t)i;
            return 0;
        }
    return -1;
}

/* The facet field's name; "" for an out-of-range value. */
const char *silk_qfacet_name(silk_field_id_t f)
{
    return (unsigned)f < SILK_FIELD_NFACETS_ ? silk_fields[f].name : "";
}

/* Parse a comma-separated list of field names or "all" into a mask. */
int silk_qfacet_parse(const char *list, unsigned *out, const char **bad)
{
    unsigned mask = 0;
    const char *p = list;

    *out = 0;
    if (bad)
        *bad = list;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ',')
            p++;
        size_t n = (size_t)(p - s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        bool found = false;
        if (n == 3 && memcmp(s, "all", 3) == 0) {
            mask |= SILK_FIELD_FACETS_ALL;
            found = true;
        }
        for (unsigned f = 0; !found && f < SILK_FIELD_NFACETS_; f++) {
            const char *name = silk_fields[f].name;
            if (strlen(name) == n && memcmp(s, name, n) == 0) {
                mask |= 1u << f;
                found = true;
            }
        }
        if (!found) {
            if (bad)
                *bad = s;
            return -1;
        }
        if (*p == '\0')
            break;
        p++; /* the comma */
    }
    *out = mask;
    return 0;
}

/* Fill req with silk's defaults. */
void silk_search_req_init(silk_search_req_t *req)
{
    memset(req, 0, sizeof *req);
    req->limit = 10;
    req->per_article = SILK_SEARCH_PER_ARTICLE;
    req->duplicates = true;
    req->count_limit = SILK_SEARCH_COUNT_LIMIT;
    req->k1 = SILK_RANK_BM25_K1;
    req->b = SILK_RANK_BM25_B;
    silk_rank_opts_init(&req->rank);
}

/* Split list on SILK_LIST_SEP and call cb for each non-empty item. Returns
 * the callback's non-zero value if it stopped the walk, else 0. */
int silk_list_foreach(const char *list, silk_item_cb cb, void *ctx)
{
    const char *p = list;

    while (*p) {
        while (*p == SILK_LIST_SEP)
            p++;
        const char *s = p;
        while (*p && *p != SILK_LIST_SEP)
            p++;
        if (p > s) {
            int rc = cb(ctx, s, (size_t)(p - s));
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* A malloc'ed NUL-terminated copy of s[0..n); NULL if memory ran out. */
static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);

    if (d) {
        if (n)
            memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* ---- facet counts ------------------------------------------------------- */

typedef struct count_acc {
    silk_facet_count_t *v;
    size_t n, cap;
    bool list;
    unsigned len;             /* count values by their first len bytes,
                                 shorter ones not at all (the month of a
                                 date; a year date has none); 0: whole */
    bool by_value;            /* in value order, not by count */
    bool oom;
} count_acc_t;

/* Append (value, count) to acc; false if memory ran out. */
static bool acc_push(count_acc_t *acc, const char *value, size_t len,
                     unsigned long count)
{
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        silk_facet_count_t *v = realloc(acc->v, cap * sizeof *v);
        if (!v)
            return false;
        acc->v = v;
        acc->cap = cap;
    }
    char *s = dup_n(value, len);
    if (!s)
        return false;
    acc->v[acc->n].value = s;
    acc->v[acc->n].count = count;
    acc->n++;
    return true;
}

typedef struct item_ctx {
    count_acc_t *acc;
    unsigned long count;
} item_ctx_t;

/* silk_list_foreach callback: one item of a combination. */
static int acc_item(void *ctx, const char *item, size_t len)
{
    item_ctx_t *ic = ctx;

    return acc_push(ic->acc, item, len, ic->count) ? 0 : 1;
}

/* silk_mset_value_counts callback: one distinct slot value. */
static int acc_value(void *ctx, const char *value, size_t len,
                     unsigned long count)
{
    count_acc_t *acc = ctx;

    if (len == 0)
        return 0;
    if (acc->len) {
        if (len < acc->len)
            return 0;
        len = acc->len;
    }
    if (acc->list) {
        /* The value is not NUL-terminated: split a copy. */
        char *copy = dup_n(value, len);
        item_ctx_t ic = { acc, count };
        int rc = copy ? silk_list_foreach(copy, acc_item, &ic) : 1;
        free(copy);
        if (rc)
            acc->oom = true;
        return rc;
    }
    if (!acc_push(acc, value, len, count)) {
        acc->oom = true;
        return 1;
    }
    return 0;
}

static int cmp_value(const void *pa, const void *pb)
{
    const silk_facet_count_t *a = pa, *b = pb;
    return strcmp(a->value, b->value);
}

static int cmp_count(const void *pa, const void *pb)
{
    const silk_facet_count_t *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->value, b->value);
}

/* Merge equal values (summing), then order by count desc, value asc (by
 * value alone for a histogram: months). */
static void acc_finish(count_acc_t *acc)
{
    size_t w = 0;

    if (acc->n == 0)
        return;
    qsort(acc->v, acc->n, sizeof *acc->v, cmp_value);
    for (size_t r = 1; r < acc->n; r++) {
        if (strcmp(acc->v[r].value, acc->v[w].value) == 0) {
            acc->v[w].count += acc->v[r].count;
            free(acc->v[r].value);
        } else {
            acc->v[++w] = acc->v[r];
        }
    }
    acc->n = w + 1;
    if (!acc->by_value)
        qsort(acc->v, acc->n, sizeof *acc->v, cmp_count);
}

static void acc_free(count_acc_t *acc)
{
    for (size_t i = 0; i < acc->n; i++)
        free(acc->v[i].value);
    free(acc->v);
    acc->v = NULL;
    acc->n = acc->cap = 0;
}

/* ---- hits --------------------------------------------------------------- */

static void hit_free(silk_hit_t *h)
{
    free(h->article);
    free(h->title);
    free(h->date);
    free(h->source);
    free(h->url);
    free(h->text);
    free(h->path);
    free(h->span);
    free(h->extra);
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++)
        free(h->values[f]);
    for (size_t i = 0; i < h->nalso; i++)
        free(h->also[i].article);
    free(h->also);
    for (size_t i = 0; i < h->ncontext; i++)
        hit_free(&h->context[i]);
    free(h->context);
}

/* Fill h from hit i of ms, whose article id (its sort or hit slot's
 * value) is art[0..alen): all from its document data, displayed facets
 * included (no value slot is read); a passage past 0 gets its article's
 * fields later (silk_cite_articles). Data that is not a record of the
 * schema leaves the fields empty rather than failing: the hit still
 * prints. Returns false only if memory ran out. */
static bool hit_fill(silk_hit_t *h, const silk_mset_t *ms, size_t i,
                     const char *art, size_t alen, unsigned rank,
                     double tier_weight, const double *adj)
{
    silk_passage_data_t d;
    size_t dlen = 0;
    const char *data = silk_mset_data(ms, i, &dlen);
    bool ok;

    memset(h, 0, sizeof *h);
    h->rank = rank;
    h->docid = silk_mset_docid(ms, i);
    h->weight = h->score = silk_mset_weight(ms, i);
    /* Each tier adds tier_weight, more than any BM25 score (build.h):
     * the quotient is the tier, the rest the score. */
    if (tier_weight > 0 && h->weight >= tier_weight) {
        h->tier = (unsigned)(h->weight / tier_weight);
        h->score = h->weight - h->tier * tier_weight;
    }
    /* The article's evidence (article.h) moves the score, not the tier. */
    if (adj) {
        h->score += adj[i] - h->weight;
        h->weight = adj[i];
    }
    if (silk_passage_data_decode(&d, data, dlen) != 0)
        return false;
    h->passage = d.passage;
    /* No data: the article id of the match (the collapse key). */
    h->article = *d.article ? dup_n(d.article, strlen(d.article))
                            : dup_n(art ? art : "", art ? alen : 0);
    h->text = dup_n(d.text, d.text_len);
    h->text_len = h->text ? d.text_len : 0;
    h->start = d.start;
    h->end = d.end;
    h->span = dup_n(d.span, strlen(d.span));
    h->values[SILK_FIELD_COUNTRY] = dup_n(d.country, strlen(d.country));
    h->values[SILK_FIELD_MINISTRY] = dup_n(d.ministry, strlen(d.ministry));
    ok = silk_cite_set_article(h, &d);
    silk_passage_data_clear(&d);
    return ok && h->article && h->title && h->date && h->source && h->url &&
           h->text && h->path && h->span && h->values[SILK_FIELD_COUNTRY] &&
           h->values[SILK_FIELD_MINISTRY];
}

/* ---- search ------------------------------------------------------------- */

/* Free results and everything they hold. */
void silk_results_free(silk_results_t *r)
{
    if (!r)
        return;
    free(r->query);
    free(r->parsed);
    free(r->notes);
    free(r->described);
    free(r->suggestion);
    silk_qterms_free(&r->terms);
    for (size_t i = 0; i < r->nhits; i++)
        hit_free(&r->hits[i]);
    free(r->hits);
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++) {
        count_acc_t acc = { r->counts[f].v, r->counts[f].n, r->counts[f].n,
                            false, 0, false, false };
        acc_free(&acc);
    }
    free(r);
}

/* ---- the ranked list, walked ------------------------------------------ */

/* One walk: the ranked matches (keys only: sort key = article, with the
 * fingerprint and signature values) and what the collapser made of each. */
typedef struct walk {
    silk_mset_t *ms;
    unsigned char *fate;      /* per ranked hit: silk_fate_t */
    size_t *into;             /* per ranked hit: its shown hit */
    size_t *shown;            /* shown hit -> ranked hit */
    size_t nshown;
    size_t articles;          /* distinct articles met */
    double *adj;              /* per ranked hit: weight with its article's
                                 evidence (article.h), or NULL */
    size_t *order;            /* the ranked hits by adj, or NULL */
} walk_t;

static void walk_free(walk_t *w)
{
    silk_mset_free(w->ms);
    free(w->fate);
    free(w->into);
    free(w->shown);
    free(w->adj);
    free(w->order);
    memset(w, 0, sizeof *w);
}

/* Hit i's article id: its sort key by relevance (the tie-break slot's
 * value), else the article slot's value (a hit slot then). Borrowed from
 * w->ms. */
static const char *hit_article(const walk_t *w, const silk_search_req_t *req,
                               size_t i, size_t *len)
{
    if (req->sort == SILK_SORT_RELEVANCE)
        return silk_mset_sort_key(w->ms, i, len);
    return silk_mset_value(w->ms, i, SILK_SLOT_ARTICLE, len);
}

/* Walk w->ms's hits in rank order through a collapser with req's rules,
 * filling w->fate, w->into and w->shown. */
static silk_status_t walk_hits(walk_t *w, const silk_search_req_t *req)
{
    size_t n = silk_mset_size(w->ms);
    silk_collapse_t *c = silk_collapse_new(req->per_article, req->duplicates);
    silk_status_t st = SILK_OK;

    w->fate = malloc(n + 1);
    w->into = malloc((n + 1) * sizeof *w->into);
    w->shown = malloc((n + 1) * sizeof *w->shown);
    if (!c || !w->fate || !w->into || !w->shown) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    for (size_t j = 0; j < n; j++) {
        size_t i = w->order ? w->order[j] : j;
        silk_cand_t cand;
        silk_fate_t fate;
        cand.article = hit_article(w, req, i, &cand.article_len);
        cand.textkey = silk_mset_value(w->ms, i, SILK_SLOT_TEXTKEY,
                                       &cand.textkey_len);
        cand.sig = silk_mset_value(w->ms, i, SILK_SLOT_NEARDUP, &cand.sig_len);
        if (silk_collapse_add(c, &cand, &fate, &w->into[i]) != 0) {
            st = SILK_NO_MEMORY;
            goto done;
        }
        w->fate[i] = (unsigned char)fate;
        if (fate == SILK_FATE_SHOWN)
            w->shown[w->nshown++] = i;
    }
    w->articles = silk_collapse_articles(c);
done:
    silk_collapse_free(c);
    return st;
}

/* The words an article's evidence is counted on (article.h): a query's
 * distinct content stems, or none (n 0: the ranking is Xapian's). */
typedef struct art_words {
    const char *const *stems;
    size_t n;
} art_words_t;

typedef struct by_adj {
    double w;
    size_t i;
} by_adj_t;

static int cmp_by_adj(const void *x, const void *y)
{
    const by_adj_t *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Give w->ms's hits their article's evidence (article.h): w->adj and
 * w->order, the hits by adjusted weight (equal weights in Xapian's order,
 * which breaks ties by article id). Only by relevance, where the sort key
 * is the article id. */
static silk_status_t article_order(walk_t *w, silk_db_t *db,
                                   const silk_search_req_t *req,
                                   const art_words_t *aw)
{
    size_t n = silk_mset_size(w->ms);
    silk_art_hit_t *h = malloc((n + 1) * sizeof *h);
    by_adj_t *v = malloc((n + 1) * sizeof *v);
    silk_status_t st = SILK_NO_MEMORY;

    w->adj = malloc((n + 1) * sizeof *w->adj);
    w->order = malloc((n + 1) * sizeof *w->order);
    if (!h || !v || !w->adj || !w->order)
        goto done;
    for (size_t i = 0; i < n; i++) {
        h[i].article = silk_mset_sort_key(w->ms, i, &h[i].article_len);
        h[i].docid = silk_mset_docid(w->ms, i);
        h[i].weight = silk_mset_weight(w->ms, i);
    }
    /* The best article_pool hits (the rest keep their weight: the
     * evidence only lifts, so none of them passes a lifted one). */
    size_t pool = n < req->rank.article_pool ? n : req->rank.article_pool;
    st = silk_article_rescore(db, h, pool, aw->stems, aw->n, req->rank.article_weight,
                              req->k1, req->b, w->adj);
    for (size_t i = pool; i < n; i++)
        w->adj[i] = h[i].weight;
    if (st != SILK_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        /* A passage in a tier (it holds every word, or the phrase) is
         * ranked by what it holds itself: it keeps its weight. */
        if (req->rank.tier_weight > 0 && h[i].weight >= req->rank.tier_weight)
            w->adj[i] = h[i].weight;
        v[i].w = w->adj[i];
        v[i].i = i;
    }
    qsort(v, n, sizeof *v, cmp_by_adj);
    for (size_t i = 0; i < n; i++)
        w->order[i] = v[i].i;
done:
    free(h);
    free(v);
    if (st != SILK_OK) {
        free(w->adj);
        free(w->order);
        w->adj = NULL;
        w->order = NULL;
    }
    return st;
}

/* Fill the hits of the page [req->offset, + req->limit) of the shown list
 * of w into r, with their "also" lists, reading the documents they need. */
static silk_status_t page(silk_results_t *r, walk_t *w,
                          const silk_search_req_t *req)
{
    size_t n = silk_mset_size(w->ms), from = req->offset, to;
    size_t *fetch = NULL, nfetch = 0;
    silk_status_t st = SILK_OK;

    if (from >= w->nshown || req->limit == 0)
        return SILK_OK;
    to = w->nshown - from > req->limit ? from + req->limit : w->nshown;
    r->hits = calloc(to - from, sizeof *r->hits);
    fetch = malloc((to - from) * (SILK_SEARCH_MAX_ALSO + 1) * sizeof *fetch);
    if (!r->hits || !fetch) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    for (size_t k = from; k < to; k++)
        fetch[nfetch++] = w->shown[k];
    /* The copies folded into the page's hits, in rank order. */
    for (size_t i = 0; i < n; i++) {
        silk_fate_t f = (silk_fate_t)w->fate[i];
        if ((f != SILK_FATE_SAME_TEXT && f != SILK_FATE_NEAR_DUP) ||
            w->into[i] < from || w->into[i] >= to)
            continue;
        silk_hit_t *h = &r->hits[w->into[i] - from];
        if (h->also_total++ < SILK_SEARCH_MAX_ALSO)
            fetch[nfetch++] = i;
    }
    st = silk_mset_fetch(w->ms, fetch, nfetch);
    if (st != SILK_OK)
        goto done;
    for (size_t k = from; k < to; k++) {
        silk_hit_t *h = &r->hits[k - from];
        size_t total = h->also_total;
        size_t alen;
        const char *art = hit_article(w, req, w->shown[k], &alen);
        if (!hit_fill(h, w->ms, w->shown[k], art, alen, (unsigned)k + 1,
                      req->rank.tier_weight, w->adj)) {
            r->nhits = k - from + 1;
            st = SILK_NO_MEMORY;
            goto done;
        }
        h->also_total = total;
        if (total) {
            size_t m = total < SILK_SEARCH_MAX_ALSO ? total : SILK_SEARCH_MAX_ALSO;
            h->also = calloc(m, sizeof *h->also);
            if (!h->also) {
                r->nhits = k - from + 1;
                st = SILK_NO_MEMORY;
                goto done;
            }
        }
        r->nhits = k - from + 1;
    }
    for (size_t j = to - from; j < nfetch; j++) {
        size_t i = fetch[j], len;
        silk_hit_t *h = &r->hits[w->into[i] - from];
        silk_also_t *a = &h->also[h->nalso++];
        const char *art = hit_article(w, req, i, &len);
        size_t dlen = 0;
        const char *data = silk_mset_data(w->ms, i, &dlen);
        silk_passage_data_t d;
        a->article = dup_n(art, len);
        a->passage = -1;
        a->same_text = w->fate[i] == SILK_FATE_SAME_TEXT;
        if (silk_passage_data_decode(&d, data, dlen) != 0) {
            st = SILK_NO_MEMORY;
            goto done;
        }
        a->passage = d.passage;
        silk_passage_data_clear(&d);
        if (!a->article) {
            st = SILK_NO_MEMORY;
            goto done;
        }
    }
done:
    free(fetch);
    return st;
}

/* Count the values of the facet slots of ms into r. */
static silk_status_t facet_counts(silk_results_t *r, const silk_mset_t *ms)
{
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++) {
        if (!(r->facets & (1u << f)))
            continue;
        const silk_field_t *row = &silk_fields[f];
        count_acc_t acc = { NULL, 0, 0, (row->flags & SILK_FIELD_LIST) != 0,
                            row->facet_len, (row->flags & SILK_FIELD_BY_VALUE) != 0,
                            false };
        silk_status_t st = silk_mset_value_counts(ms, (unsigned)row->slot,
                                                  acc_value, &acc);
        if (st == SILK_OK && acc.oom)
            st = SILK_NO_MEMORY;
        if (st != SILK_OK) {
            acc_free(&acc);
            return st;
        }
        acc_finish(&acc);
        r->counts[f].v = acc.v;
        r->counts[f].n = acc.n;
    }
    return SILK_OK;
}

static silk_status_t context_fill(silk_results_t *r, silk_db_t *db,
                                  unsigned n);

/* One attempt at silk_search_run: everything from scratch into r. */
static silk_status_t run_once(silk_results_t *r, silk_db_t *db,
                              const silk_query_t *q,
                              const silk_search_req_t *req,
                              const art_words_t *aw)
{
    silk_status_t st;
    silk_db_stats_t stats;
    silk_search_opts_t o;
    walk_t w = { 0 };
    unsigned slots[SILK_FIELD_NFACETS_ + 1];
    static const unsigned hit_slots[] = { SILK_SLOT_ARTICLE, SILK_SLOT_TEXTKEY,
                                          SILK_SLOT_NEARDUP };
    bool by_date = req->sort != SILK_SORT_RELEVANCE;
    bool by_article = !by_date && aw && aw->n > 0 && req->rank.article_weight > 0;
    size_t nslots = 0;
    unsigned long lower = 0, upper = 0, est, limit, need, rank;
    size_t size;
    bool complete;

    st = silk_db_stats(db, &stats);
    if (st != SILK_OK)
        return st;
    need = (unsigned long)req->offset + req->limit;
    limit = req->count_limit > 0 ? req->count_limit : 1;
    /* Rank at least what the page needs (and the pool article evidence
     * may lift passages from), at most every passage. */
    rank = limit > need ? limit : need;
    if (by_article && rank < req->rank.article_pool)
        rank = req->rank.article_pool;
    if (rank > stats.doccount)
        rank = stats.doccount > 0 ? stats.doccount : 1;
    if (rank > UINT_MAX)
        rank = UINT_MAX;

    silk_search_opts_init(&o);
    o.k1 = req->k1;
    o.b = req->b;
    /* Every hit with what collapse.h needs, no document read; the page's
     * documents are read afterwards, their data only (hit_fill). */
    o.keys_only = 1;
    o.fetch_data_only = 1;
    /* The article slot is a hit slot only when sorting by date: by
     * relevance, the article id is the sort key. */
    if (req->duplicates) {
        o.hit_slots = by_date ? hit_slots : hit_slots + 1;
        o.nhit_slots = sizeof hit_slots / sizeof *hit_slots - (by_date ? 0 : 1);
    } else if (by_date) {
        o.hit_slots = hit_slots;
        o.nhit_slots = 1;
    }
    /* Equal scores in article-id order (then passage order, which docids
     * keep within an article), not in docid order alone: docids interleave
     * across shards, and results must not depend on sharding. The article
     * id is then each hit's sort key. */
    o.tiebreak_slot = SILK_SLOT_ARTICLE;
    /* By date, the same rule for equal dates. */
    if (by_date) {
        o.sort_slot = SILK_SLOT_DATE;
        o.sort_reverse = req->sort == SILK_SORT_NEWEST;
        o.sort_then_slot = SILK_SLOT_ARTICLE;
        o.sort_unset_last = 1;
    }
    r->facets = req->facets & SILK_FIELD_FACETS_ALL;
    if (r->facets) {
        for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++)
            if (r->facets & (1u << f))
                slots[nslots++] = (unsigned)silk_fields[f].slot;
        /* Distinct values of the article slot: the articles matched. */
        slots[nslots++] = SILK_SLOT_ARTICLE;
        o.count_slots = slots;
        o.ncount_slots = nslots;
    }
    for (;;) {
        o.limit = (unsigned)rank;
        /* A match spy counts exactly only if the match looks at every
         * document. Not the doccount read now: a search that meets a
         * commit reopens at a newer, bigger revision (the shim caps this
         * at what a database can hold). */
        o.check_at_least = r->facets ? ULONG_MAX : limit;
        if (o.check_at_least < rank)
            o.check_at_least = rank;
        st = silk_db_search(db, q, &o, &w.ms);
        if (st != SILK_OK)
            goto done;
        size = silk_mset_size(w.ms);
        est = silk_mset_matches(w.ms, &lower, &upper);
        /* Every match is ranked when fewer came back than asked for. */
        complete = size < rank || (size == upper && lower == upper);
        if (by_article && (st = article_order(&w, db, req, aw)) != SILK_OK)
            goto done;
        if ((st = walk_hits(&w, req)) != SILK_OK)
            goto done;
        if (complete || w.nshown >= need || rank >= stats.doccount ||
            rank >= UINT_MAX)
            break;
        /* A deep page: rank further and walk again from the top. */
        walk_free(&w);
        rank = rank * 2 > stats.doccount ? stats.doccount : rank * 2;
    }

    r->matched = size > 0 || lower > 0;
    r->complete = complete;
    r->results = w.nshown;
    if (complete) {
        r->total = size;
        r->articles = w.articles;
    } else {
        r->total = est;
        /* The share of articles among the ranked hits, scaled. */
        r->articles = size ? (unsigned long)((double)w.articles * est / size + 0.5)
                           : 0;
    }
    r->exact = r->articles_exact = complete;
    if (r->facets) {
        unsigned long articles = 0;
        if ((st = facet_counts(r, w.ms)) != SILK_OK ||
            (st = silk_mset_value_distinct(w.ms, SILK_SLOT_ARTICLE,
                                           &articles)) != SILK_OK)
            goto done;
        /* The spies saw every match: Xapian's count is exact. */
        r->total = lower;
        r->articles = articles;
        r->exact = r->articles_exact = true;
        r->facet_passages = r->total;
    }
    if ((st = page(r, &w, req)) == SILK_OK)
        st = silk_cite_articles(db, r);
    if (st == SILK_OK && req->context > 0)
        st = context_fill(r, db, req->context);
done:
    walk_free(&w);
    return st;
}

/* ---- context: the passages around each hit ---------------------------- */

/* A passage wanted as context: whose (a hit of the page) and its UID term
 * (Q ARTICLE#M, malloc'ed). */
typedef struct ctx_want {
    size_t owner;             /* index of the hit in r->hits */
    char *uid;
} ctx_want_t;

/* The UID term of passage no of article: malloc'ed, NULL if memory ran
 * out. */
static char *ctx_uid(const char *article, long no)
{
    size_t len = strlen(SILK_PREFIX_UID) + strlen(article) + 24;
    char *t = malloc(len);
    if (t)
        snprintf(t, len, "%s%s#%ld", SILK_PREFIX_UID, article, no);
    return t;
}

/* What a passage's UID term stands for in context_fill's map: a hit of the
 * page (PAGE_HIT), or want k + 1. */
static char page_hit_mark;
#define PAGE_HIT ((void *)&page_hit_mark)

/* Give each hit of r the passages of its article within n of it (their
 * UID terms OR'ed: one search for the page), less the hits of the page and
 * those an earlier hit already has, so that a page prints each passage
 * once. One map of UID terms says which passage is whose, so a page costs
 * time in proportion to its hits and their context, not their square. A
 * passage number past the article's end matches nothing. */
static silk_status_t context_fill(silk_results_t *r, silk_db_t *db,
                                  unsigned n)
{
    SILK_VEC(ctx_want_t) want = {0};
    char **hit_uid = calloc(r->nhits ? r->nhits : 1, sizeof *hit_uid);
    silk_map_t seen = SILK_MAP_INIT;
    silk_query_t **terms = NULL, *any = NULL, *q = NULL;
    silk_results_t *got = NULL;
    silk_search_req_t req;
    size_t nterms = 0;
    silk_status_t st = SILK_NO_MEMORY;

    r->context = n;
    if (!hit_uid)
        goto done;
    for (size_t i = 0; i < r->nhits; i++) {
        const silk_hit_t *h = &r->hits[i];
        if (h->passage < 0)
            continue;
        if (!(hit_uid[i] = ctx_uid(h->article, h->passage)) ||
            silk_map_put(&seen, hit_uid[i], strlen(hit_uid[i]), PAGE_HIT) != 0)
            goto done;
    }
    for (size_t i = 0; i < r->nhits; i++) {
        const silk_hit_t *h = &r->hits[i];
        long lo = h->passage - (long)n, hi = h->passage + (long)n;
        if (h->passage < 0)
            continue;
        for (long p = lo < 0 ? 0 : lo; p <= hi; p++) {
            char *uid = ctx_uid(h->article, p);
            if (!uid)
                goto done;
            if (silk_map_get(&seen, uid, strlen(uid))) {
                free(uid);
                continue;
            }
            if (silk_vec_push(&want, ((ctx_want_t){ i, uid })) != 0) {
                free(uid);
                goto done;
            }
            if (silk_map_put(&seen, uid, strlen(uid),
                             (void *)(uintptr_t)want.n) != 0)
                goto done;
        }
    }
    if (want.n == 0) {
        st = SILK_OK;
        goto done;
    }
    terms = calloc(want.n, sizeof *terms);
    if (!terms)
        goto done;
    for (; nterms < want.n; nterms++) {
        const char *uid = want.v[nterms].uid;
        if ((st = silk_query_term(&terms[nterms], uid, strlen(uid), 1, 0)) !=
            SILK_OK)
            goto done;
    }
    /* Weight 0: the tie-break orders them by article id, then passage. */
    if ((st = silk_query_combine(&any, SILK_OP_OR, terms, nterms, 0)) != SILK_OK ||
        (st = silk_query_scale(&q, any, 0.0)) != SILK_OK)
        goto done;
    silk_search_req_init(&req);
    req.limit = want.n < SILK_SEARCH_MAX_LIMIT ? (unsigned)want.n
                                               : SILK_SEARCH_MAX_LIMIT;
    req.per_article = 0;
    req.duplicates = false;
    req.count_limit = ULONG_MAX;
    got = calloc(1, sizeof *got);
    if (!got) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    if ((st = run_once(got, db, q, &req, NULL)) != SILK_OK)
        goto done;
    /* In passage order within each article: each goes to its owner. */
    st = SILK_NO_MEMORY;
    for (size_t k = 0; k < got->nhits; k++) {
        silk_hit_t *c = &got->hits[k];
        char *uid = ctx_uid(c->article, c->passage);
        if (!uid)
            goto done;
        void *v = silk_map_get(&seen, uid, strlen(uid));
        free(uid);
        if (!v || v == PAGE_HIT)
            continue;
        silk_hit_t *owner = &r->hits[want.v[(uintptr_t)v - 1].owner];
        silk_hit_t *nc = realloc(owner->context,
                                 (owner->ncontext + 1) * sizeof *nc);
        if (!nc)
            goto done;
        owner->context = nc;
        owner->context[owner->ncontext] = *c;
        owner->context[owner->ncontext].rank = 0;
        owner->ncontext++;
        memset(c, 0, sizeof *c);  /* moved */
    }
    st = SILK_OK;
done:
    silk_results_free(got);
    for (size_t i = 0; i < nterms; i++)
        silk_query_free(terms[i]);
    free(terms);
    silk_query_free(any);
    silk_query_free(q);
    silk_map_fini(&seen);
    for (size_t i = 0; i < want.n; i++)
        free(want.v[i].uid);
    silk_vec_free(&want);
    for (size_t i = 0; hit_uid && i < r->nhits; i++)
        free(hit_uid[i]);
    free(hit_uid);
    return st;
}

/* Searches begun again after a writer's commits discarded the revision
 * being read: the ranking and the page's documents are read apart, so a
 * writer committing every few hundred milliseconds (silk-index
 * --commit-every) can catch a slow search (a sanitizer build, a big
 * index) more than once. */
#define SEARCH_MODIFIED_RETRIES 10

/* silk_search_run, with the words of the article evidence (NULL: none). */
static silk_status_t search_run(silk_results_t **out, silk_db_t *db,
                                const silk_query_t *q,
                                const silk_search_req_t *req,
                                const art_words_t *aw)
{
    silk_status_t st = SILK_OK;
    silk_results_t *r = NULL;
    double t0 = silk_clock_ms();

    *out = NULL;
    for (int attempt = 0;; attempt++) {
        silk_results_free(r);
        r = calloc(1, sizeof *r);
        if (!r) {
            st = SILK_NO_MEMORY;
            break;
        }
        st = run_once(r, db, q, req, aw);
        /* The ranking and the documents read after it must be of one
         * revision: a writer that committed twice in between means
         * again, from a reopened database, which the writer now keeps
         * until this search is done (silk_db_hold: a long listing that
         * outlasts two commits finishes on the next attempt). */
        if (st != SILK_MODIFIED || attempt >= SEARCH_MODIFIED_RETRIES ||
            silk_db_hold(db) != SILK_OK || silk_db_reopen(db) != SILK_OK)
            break;
    }
    silk_db_unhold(db);
    if (st != SILK_OK) {
        silk_results_free(r);
        return st;
    }
    r->search_ms = silk_clock_ms() - t0;
    *out = r;
    return SILK_OK;
}

/* Run q with req's paging, collapse and counts; see search.h. */
silk_status_t silk_search_run(silk_results_t **out, silk_db_t *db,
                              const silk_query_t *q,
                              const silk_search_req_t *req)
{
    return search_run(out, db, q, req, NULL);
}

/* Join two optional notes with "; " into a malloc'ed string (or NULL when
 * both are NULL); takes ownership of a and b. *oom is set if memory ran
 * out. */
static char *join_notes(char *a, char *b, bool *oom)
{
    if (!a || !*a) {
        free(a);
        return b && *b ? b : (free(b), NULL);
    }
    if (!b || !*b) {
        free(b);
        return a;
    }
    size_t la = strlen(a), lb = strlen(b);
    char *j = malloc(la + 2 + lb + 1);
    if (j) {
        memcpy(j, a, la);
        memcpy(j + la, "; ", 2);
        memcpy(j + la + 2, b, lb + 1);
    } else {
        *oom = true;
    }
    free(a);
    free(b);
    return j;
}

/* ---- pseudo-relevance feedback ------------------------------------------- */

typedef struct expand_acc {
    silk_query_t **v;
    size_t n, cap;
    silk_status_t st;
    silk_analyzer_t *a; /* whose stopwords are no expansion term */
} expand_acc_t;

/* silk_term_skip_cb: a stopword's stem is no expansion term. */
static int expand_skip(void *ctx, const char *term, size_t len)
{
    expand_acc_t *acc = ctx;
    char buf[SILK_MAX_TOKEN_BYTES + 1]; /* longer: no stopword */
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, term, len);
    buf[len] = '\0';
    return silk_analyzer_is_stop_stem(acc->a, buf);
}

/* silk_expand_cb: one expansion term as a term query. */
static int expand_term(void *ctx, const char *term, size_t len, double weight)
{
    expand_acc_t *acc = ctx;
    (void)weight;
    if (acc->n == acc->cap) {
        size_t cap = acc->cap ? acc->cap * 2 : 16;
        silk_query_t **v = realloc(acc->v, cap * sizeof *v);
        if (!v) {
            acc->st = SILK_NO_MEMORY;
            return 1;
        }
        acc->v = v;
        acc->cap = cap;
    }
    acc->st = silk_query_term(&acc->v[acc->n], term, len, 1, 0);
    if (acc->st != SILK_OK)
        return 1;
    acc->n++;
    return 0;
}

/* Whether terms (the query's distinct positive stems) make a sentence-like
 * query: more than SILK_RANK_KEYWORD_MAX_WORDS that are not stopwords (the
 * builder's boundary, counted on distinct stems: a repeated word counts
 * once). */
static bool sentence_like(silk_analyzer_t *a, const silk_qterms_t *terms)
{
    size_t n = 0;
    for (size_t i = 0; i + terms->nsyn < terms->n; i++) /* typed words only */
        n += !silk_analyzer_is_stopword(a, terms->stems[i]);
    return n > SILK_RANK_KEYWORD_MAX_WORDS;
}

/* The feedback round's relevant articles: the first feedback_docs
 * distinct articles of q's ranking as the search ranks it (the best
 * article_pool passages with their article's evidence, or without it when
 * aw has no word or the evidence is off), each as its article term:
 * *out (malloc'ed strings in a malloc'ed array, *nout of them; the caller
 * frees). Fails with the shim's status or SILK_NO_MEMORY. */
static silk_status_t feedback_articles(char ***out, size_t *nout, silk_db_t *db,
                                       const silk_query_t *q,
                                       const silk_search_req_t *req,
                                       const art_words_t *aw)
{
    silk_search_opts_t o;
    walk_t w = { 0 };
    silk_status_t st;
    unsigned want = req->rank.feedback_docs;
    bool by_article = aw->n > 0 && req->rank.article_weight > 0;
    size_t n = 0, pl = strlen(SILK_PREFIX_ARTICLE);
    char **v = calloc(want, sizeof *v);

    *out = NULL;
    *nout = 0;
    if (!v)
        return SILK_NO_MEMORY;
    silk_search_opts_init(&o);
    o.k1 = req->k1;
    o.b = req->b;
    o.keys_only = 1;
    o.fetch_data_only = 1;
    /* Equal scores in article-id order, as the search ranks them; the
     * article id is then each hit's sort key. */
    o.tiebreak_slot = SILK_SLOT_ARTICLE;
    o.limit = by_article && req->rank.article_pool > want ? req->rank.article_pool : want;
    if (!by_article) {
        o.collapse_slot = SILK_SLOT_ARTICLE;
        o.collapse_max = 1;
    }
    st = silk_db_search(db, q, &o, &w.ms);
    if (st == SILK_OK && by_article)
        st = article_order(&w, db, req, aw);
    size_t m = st == SILK_OK ? silk_mset_size(w.ms) : 0;
    for (size_t j = 0; j < m && n < want; j++) {
        size_t i = w.order ? w.order[j] : j, len;
        const char *id = silk_mset_sort_key(w.ms, i, &len);
        bool seen = !id || len == 0;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strlen(v[k]) == pl + len && memcmp(v[k] + pl, id, len) == 0;
        if (seen)
            continue;
        if (!(v[n] = malloc(pl + len + 1))) {
            st = SILK_NO_MEMORY;
            break;
        }
        memcpy(v[n], SILK_PREFIX_ARTICLE, pl);
        memcpy(v[n] + pl, id, len);
        v[n++][pl + len] = '\0';
    }
    walk_free(&w);
    if (st != SILK_OK) {
        for (size_t k = 0; k < n; k++)
            free(v[k]);
        free(v);
        return st;
    }
    *out = v;
    *nout = n;
    return SILK_OK;
}

/* *q AND_MAYBE (its expansion, scaled): one round of pseudo-relevance
 * feedback (build.h, SILK_RANK_FEEDBACK_*; docs/ranking.md). The best
 * feedback_docs articles, ranked as the search ranks them, are taken as
 * relevant, each article whole (all its passages, counted once); their
 * feedback_terms best words that are not stopwords (an's) re-rank what q
 * matches and match nothing of their own, so totals and facet counts stay
 * those of the typed words.
 * Takes *q (replaced; left as it was when nothing expands it). Fails with
 * the shim's status or SILK_NO_MEMORY. */
static silk_status_t add_feedback(silk_query_t **q, silk_db_t *db,
                                  const silk_search_req_t *req,
                                  const art_words_t *aw, silk_analyzer_t *an)
{
    expand_acc_t acc = { NULL, 0, 0, SILK_OK, an };
    silk_query_t *more = NULL, *scaled = NULL, *both = NULL;
    char **arts = NULL;
    size_t narts = 0;
    silk_status_t st = feedback_articles(&arts, &narts, db, *q, req, aw);

    if (st == SILK_OK && narts > 0)
        st = silk_db_expand_articles(db, *q, (const char *const *)arts, narts,
                                     req->rank.feedback_terms, expand_skip, expand_term,
                                     &acc);
    if (st == SILK_OK)
        st = acc.st;
    if (st == SILK_OK && acc.n > 0)
        st = silk_query_combine(&more, SILK_OP_OR, acc.v, acc.n, 0);
    if (st == SILK_OK && more != NULL)
        st = silk_query_scale(&scaled, more, req->rank.feedback_weight);
    if (st == SILK_OK && scaled != NULL) {
        silk_query_t *pair[2] = { *q, scaled };
        st = silk_query_combine(&both, SILK_OP_AND_MAYBE, pair, 2, 0);
        if (st == SILK_OK) {
            silk_query_free(*q);
            *q = both;
        }
    }
    for (size_t i = 0; i < acc.n; i++)
        silk_query_free(acc.v[i]);
    free(acc.v);
    for (size_t i = 0; i < narts; i++)
        free(arts[i]);
    free(arts);
    silk_query_free(more);
    silk_query_free(scaled);
    return st;
}

/* Parse, build and run qs; see search.h. */
silk_status_t silk_search_text(silk_results_t **out, silk_db_t *db,
                               silk_analyzer_t *a, silk_gazetteer_t *g,
                               const char *qs, const silk_search_req_t *req)
{
    silk_status_t st = SILK_OK;
    silk_qnode_t *tree = NULL;
    silk_query_t *q = NULL;
    silk_results_t *r = NULL;
    silk_qterms_t terms = { NULL, 0, 0 };
    char *pnotes = NULL, *bnotes = NULL, *parsed = NULL, *described = NULL;
    bool oom = false;
    double t0 = silk_clock_ms();
    const char **astems = NULL;
    art_words_t aw = { NULL, 0 };

    *out = NULL;
    if (!qs)
        qs = "";
    tree = silk_query_parse(qs, &pnotes);
    parsed = silk_qnode_format(tree);
    if (!parsed) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    st = silk_qbuild_syn(&q, tree, a, g, req->syn, &req->rank, &terms, &bnotes);
    if (st != SILK_OK)
        goto done;
    /* The typed words that are not stopwords: what an article's
     * evidence is counted on (a synonym's or feedback's words are not). */
    if (terms.n > terms.nsyn &&
        !(astems = malloc((terms.n - terms.nsyn) * sizeof *astems))) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    for (size_t i = 0; i + terms.nsyn < terms.n; i++)
        if (!silk_analyzer_is_stopword(a, terms.stems[i]))
            astems[aw.n++] = terms.stems[i];
    aw.stems = (const char *const *)astems;
    if (req->rank.feedback_terms > 0 && req->rank.feedback_docs > 0 &&
        sentence_like(a, &terms))
        st = add_feedback(&q, db, req, &aw, a);
    if (st != SILK_OK)
        goto done;
    if (req->describe)
        described = silk_query_describe(q);
    double parse_ms = silk_clock_ms() - t0;

    st = search_run(&r, db, q, req, &aw);
    if (st != SILK_OK)
        goto done;
    r->parse_ms = parse_ms;
    r->query = dup_n(qs, strlen(qs));
    r->notes = join_notes(pnotes, bnotes, &oom);
    pnotes = bnotes = NULL;
    r->parsed = parsed;
    parsed = NULL;
    r->described = described;
    described = NULL;
    r->terms = terms;
    terms.stems = NULL;
    terms.n = 0;
    if (!r->query || oom)
        st = SILK_NO_MEMORY;

done:
    free(astems);
    silk_qnode_free(tree);
    silk_query_free(q);
    silk_qterms_free(&terms);
    free(pnotes);
    free(bnotes);
    free(parsed);
    free(described);
    if (st != SILK_OK) {
        silk_results_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}
