/* search.c: silk_search and silk_article over query/search.c, and the
 * answer handle: hits with their citations, facets, the summary. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "fields.h"
#include "silk_int.h"
#include "silk_schema.h"
#include "suggest.h"

/* ---- options ------------------------------------------------------------ */

void silk_search_options_init(silk_search_options_t *o)
{
    silk_search_req_t req;

    silk_search_req_init(&req);
    memset(o, 0, sizeof *o);
    o->limit = req.limit;
    o->per_article = req.per_article;
}

silk_status_t silk_search_req_from(silk_search_req_t *req,
                                   const silk_search_options_t *opts)
{
    const char *bad;

    silk_search_req_init(req);
    if (!opts)
        return SILK_OK;
    if (opts->limit > SILK_SEARCH_MAX_LIMIT)
        return silk_fail(SILK_INVALID, "limit %u is past the largest page, "
                         "%u (page with offset for more)", opts->limit,
                         SILK_SEARCH_MAX_LIMIT);
    if (opts->offset > SILK_SEARCH_MAX_DEPTH)
        return silk_fail(SILK_INVALID, "offset %u is past the deepest page, "
                         "%u (narrow the query to go deeper)", opts->offset,
                         SILK_SEARCH_MAX_DEPTH);
    req->limit = opts->limit;
    req->offset = opts->offset;
    req->per_article = opts->per_article;
    req->duplicates = !opts->keep_duplicates;
    if (opts->exact)
        req->count_limit = ULONG_MAX;
    if (opts->facets &&
        silk_qfacet_parse(opts->facets, &req->facets, &bad) != 0)
        return silk_fail(SILK_INVALID, "unknown facet field '%.*s' (choose "
                         "from year,country,ministry,source,subject,month,"
                         "category or all)", (int)strcspn(bad, ","), bad);
    if (opts->sort && silk_sort_parse(opts->sort, &req->sort) != 0)
        return silk_fail(SILK_INVALID, "unknown sort '%s' (choose relevance, "
                         "newest or oldest)", opts->sort);
    return SILK_OK;
}

/* ---- running ------------------------------------------------------------ */

silk_status_t silk_index_search_req(silk_results_t **out, silk_index_t *ix,
                                    const char *qs,
                                    const silk_search_req_t *req,
                                    const char *qid)
{
    const char *in = qid ? " in query " : "", *for_q = qid ? " for query " : "";
    silk_gazetteer_t *g = silk_index_gazetteer(ix);
    silk_search_req_t r = *req;
    silk_status_t st;
    const char *gone;
    char *bad = NULL;

    *out = NULL;
    if (!ix->db)
        return silk_fail(SILK_ERROR, "the index could not be opened again "
                         "after a shard failed: close it");
    if (!g)
        return SILK_NO_MEMORY;
    if (!qid)
        qid = "";
    if (!qs)
        qs = "";
    r.syn = ix->syn;
    /* A date that does not exist is a mistake to name, not words. */
    silk_qnode_t *tree = silk_query_parse(qs, NULL);
    st = silk_qbuild_check(tree, &bad);
    silk_qnode_free(tree);
    if (st != SILK_OK) {
        st = silk_fail(bad ? SILK_INVALID : SILK_NO_MEMORY, "%s%s%s",
                       bad ? bad : "out of memory", in, qid);
        free(bad);
        return st;
    }
    st = silk_search_text(out, ix->db, ix->a, g, qs, &r);
    /* A remote shard that stopped answering: name it (the error names the
     * first database of the set); with allow_partial, answer from the
     * rest, this query and the next. */
    if (st == SILK_NETWORK && (gone = silk_index_failed_remote(ix)) != NULL) {
        if (!ix->opts.allow_partial)
            return silk_fail(st, "the remote shard %s failed during the "
                             "search%s%s: %s (start xapian-tcpsrv for it, "
                             "drop it from the stub file, or search the rest "
                             "with --allow-partial)", gone, for_q, qid,
                             silk_errmsg());
        if ((st = silk_index_reopen_partial(ix)) != SILK_OK)
            return st;
        st = silk_search_text(out, ix->db, ix->a, g, qs, &r);
    }
    if (st == SILK_OK &&
        (st = silk_suggest_results(*out, ix->db, ix->a)) != SILK_OK) {
        silk_results_free(*out);
        *out = NULL;
    }
    if (st == SILK_MODIFIED)
        /* Every attempt began again on the latest revision (search.c) and
         * a writer's commits still discarded it before the hits were read:
         * say so, and what helps, rather than Xapian's "call reopen()". */
        return silk_fail(st, "search failed%s%s: the index changed under it "
                         "at every attempt (a silk-index run is committing "
                         "faster than this search reads: %s); run it again "
                         "after the writer finishes, or ask for fewer hits "
                         "(--limit)", for_q, qid, silk_errmsg());
    if (st != SILK_OK)
        return silk_fail(st, "search failed%s%s: %s: %s", for_q, qid,
                         silk_status_str(st), silk_errmsg());
    return SILK_OK;
}

void silk_article_req(silk_search_req_t *req, unsigned context)
{
    silk_search_req_init(req);
    req->limit = SILK_SEARCH_MAX_LIMIT;
    req->per_article = 0;
    req->duplicates = false;
    req->count_limit = ULONG_MAX;
    req->context = context;
}

silk_status_t silk_index_article_results(silk_results_t **out,
                                         silk_index_t *ix, const char *id,
                                         unsigned context)
{
    const char *hash = strrchr(id, '#');
    bool one = hash && hash > id && hash[1] &&
               strspn(hash + 1, "0123456789") == strlen(hash + 1);
    size_t n = strlen(id) + 4;
    char *term = malloc(n);
    silk_query_t *q = NULL;
    silk_search_req_t req;
    silk_status_t st = SILK_NO_MEMORY;

    *out = NULL;
    if (!ix->db) {
        free(term);
        return silk_fail(SILK_ERROR, "the index could not be opened again "
                         "after a shard failed: close it");
    }
    if (!term)
        return silk_fail(st, "out of memory");
    snprintf(term, n, "%s%s", one ? SILK_PREFIX_UID : SILK_PREFIX_ARTICLE, id);
    if ((st = silk_query_term(&q, term, strlen(term), 1, 0)) != SILK_OK)
        goto done;
    /* Every passage weighs 0: the tie-break orders them by article id and
     * passage number (search.c), the article's own order. */
    silk_article_req(&req, context);
    if ((st = silk_search_run(out, ix->db, q, &req)) == SILK_OK &&
        (*out)->nhits == 0) {
        silk_results_free(*out);
        *out = NULL;
        st = SILK_NOT_FOUND;
    }
    if (st == SILK_OK && !((*out)->query = strdup(id))) {
        silk_results_free(*out);
        *out = NULL;
        st = SILK_NO_MEMORY;
    }
done:
    if (st == SILK_NOT_FOUND)
        silk_fail(st, "unknown article '%s' (no article%s with that id in "
                  "the index; ids are the 'article' of a hit, ID#N a "
                  "passage)", id, strrchr(id, '#') ? " or passage" : "");
    else if (st != SILK_OK)
        silk_fail(st, "cannot read article '%s': %s: %s", id,
                  silk_status_str(st), silk_errmsg());
    silk_query_free(q);
    free(term);
    return st;
}

/* ---- answers ------------------------------------------------------------ */

void silk_answer_free(silk_answer_t *a)
{
    if (!a)
        return;
    for (size_t i = 0; a->r && i < a->r->nhits; i++) {
        if (a->ids)
            free(a->ids[i]);
        if (a->passage)
            free(a->passage[i]);
        for (size_t j = 0; a->also_ids && a->also_ids[i] &&
                           j < a->r->hits[i].nalso; j++)
            free(a->also_ids[i][j]);
        if (a->also_ids)
            free(a->also_ids[i]);
    }
    free(a->ids);
    free(a->passage);
    free(a->also_ids);
    free(a->shard);
    silk_results_free(a->r);
    free(a);
}

/* "ARTICLE#N", malloc'ed. */
static char *passage_id(const char *article, long passage)
{
    size_t n = strlen(article) + 24;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s#%ld", article, passage);
    return s;
}

/* Wrap results r (taken over, freed on failure) in an answer of ix. */
static silk_status_t answer_new(silk_answer_t **out, silk_index_t *ix,
                                silk_results_t *r)
{
    silk_answer_t *a = calloc(1, sizeof *a);
    size_t n = r->nhits ? r->nhits : 1;

    *out = NULL;
    if (!a) {
        silk_results_free(r);
        return silk_fail(SILK_NO_MEMORY, "out of memory");
    }
    a->r = r;
    a->partial = ix->nmissing > 0;
    a->ids = calloc(n, sizeof *a->ids);
    a->passage = calloc(n, sizeof *a->passage);
    a->also_ids = calloc(n, sizeof *a->also_ids);
    a->shard = calloc(n, sizeof *a->shard);
    if (!a->ids || !a->passage || !a->also_ids || !a->shard)
        goto oom;
    for (size_t i = 0; i < r->nhits; i++) {
        const silk_hit_t *h = &r->hits[i];
        char num[24];

        snprintf(num, sizeof num, "%ld", h->passage);
        if (!(a->ids[i] = passage_id(h->article, h->passage)) ||
            !(a->passage[i] = strdup(num)))
            goto oom;
        if (h->nalso &&
            !(a->also_ids[i] = calloc(h->nalso, sizeof **a->also_ids)))
            goto oom;
        for (size_t j = 0; j < h->nalso; j++)
            if (!(a->also_ids[i][j] = passage_id(h->also[j].article,
                                                 h->also[j].passage)))
                goto oom;
        /* The shards are searched as one: docids interleave (shard k holds
         * docids k + 1, k + 1 + n, ...), as output.c names a hit's shard. */
        a->shard[i] = ix->nopened > 1 && h->docid > 0
            ? ix->opened[(h->docid - 1) % ix->nopened] : "";
    }
    *out = a;
    return SILK_OK;
oom:
    silk_answer_free(a);
    return silk_fail(SILK_NO_MEMORY, "out of memory");
}

silk_status_t silk_search(silk_answer_t **out, silk_index_t *ix,
                          const char *query,
                          const silk_search_options_t *opts)
{
    silk_search_req_t req;
    silk_results_t *r = NULL;
    silk_status_t st;

    *out = NULL;
    if ((st = silk_search_req_from(&req, opts)) != SILK_OK ||
        (st = silk_index_search_req(&r, ix, query, &req, NULL)) != SILK_OK)
        return st;
    return answer_new(out, ix, r);
}

silk_status_t silk_article(silk_answer_t **out, silk_index_t *ix,
                           const char *id)
{
    silk_results_t *r = NULL;
    silk_status_t st;

    *out = NULL;
    if (!id || !*id)
        return silk_fail(SILK_INVALID, "no article id given (ID, or ID#N for "
                         "one passage)");
    if ((st = silk_index_article_results(&r, ix, id, 0)) != SILK_OK)
        return st;
    return answer_new(out, ix, r);
}

size_t silk_answer_hit_count(const silk_answer_t *a)
{
    return a->r->nhits;
}

/* Hit i, or NULL past the end. */
static const silk_hit_t *hit(const silk_answer_t *a, size_t i)
{
    return i < a->r->nhits ? &a->r->hits[i] : NULL;
}

const char *silk_hit_id(const silk_answer_t *a, size_t i)
{
    return hit(a, i) ? a->ids[i] : NULL;
}

const char *silk_hit_text(const silk_answer_t *a, size_t i, size_t *len)
{
    const silk_hit_t *h = hit(a, i);

    if (len)
        *len = h ? h->text_len : 0;
    return h ? h->text : NULL;
}

double silk_hit_score(const silk_answer_t *a, size_t i)
{
    const silk_hit_t *h = hit(a, i);
    return h ? h->score : 0.0;
}

long silk_hit_start(const silk_answer_t *a, size_t i)
{
    const silk_hit_t *h = hit(a, i);
    return h ? h->start : -1;
}

long silk_hit_end(const silk_answer_t *a, size_t i)
{
    const silk_hit_t *h = hit(a, i);
    return h ? h->end : -1;
}

const char *silk_hit_field(const silk_answer_t *a, size_t i, const char *name)
{
    const silk_hit_t *h = hit(a, i);
    const char *v = NULL;

    if (!h || !name)
        return NULL;
    if (strcmp(name, "article") == 0)
        v = h->article;
    else if (strcmp(name, "passage") == 0)
        v = a->passage[i];
    else if (strcmp(name, "title") == 0)
        v = h->title;
    else if (strcmp(name, "date") == 0)
        v = h->date;
    else if (strcmp(name, "source") == 0)
        v = h->source;
    else if (strcmp(name, "url") == 0)
        v = h->url;
    else if (strcmp(name, "path") == 0)
        v = h->path;
    else if (strcmp(name, "span") == 0)
        v = h->span;
    else if (strcmp(name, "shard") == 0)
        v = a->shard[i];
    else {
        /* A facet field of the field table, as stored; "source" above. */
        int f = silk_field_lookup(name, strlen(name), SILK_FIELD_FACET);
        if (f < 0 || f >= SILK_FIELD_NFACETS_ ||
            (silk_fields[f].flags & SILK_FIELD_DERIVED))
            return NULL;
        v = h->values[f];
    }
    return v ? v : "";
}

size_t silk_hit_also_total(const silk_answer_t *a, size_t i)
{
    const silk_hit_t *h = hit(a, i);
    return h ? h->also_total : 0;
}

size_t silk_hit_also_listed(const silk_answer_t *a, size_t i)
{
    const silk_hit_t *h = hit(a, i);
    return h ? h->nalso : 0;
}

const char *silk_hit_also(const silk_answer_t *a, size_t i, size_t j)
{
    const silk_hit_t *h = hit(a, i);
    return h && j < h->nalso ? a->also_ids[i][j] : NULL;
}

unsigned long silk_answer_total(const silk_answer_t *a, int *exact)
{
    if (exact)
        *exact = a->r->exact;
    return a->r->total;
}

unsigned long silk_answer_articles(const silk_answer_t *a, int *exact)
{
    if (exact)
        *exact = a->r->articles_exact;
    return a->r->articles;
}

const char *silk_answer_parsed(const silk_answer_t *a)
{
    return a->r->parsed ? a->r->parsed : "";
}

const char *silk_answer_notes(const silk_answer_t *a)
{
    return a->r->notes;
}

const char *silk_answer_suggestion(const silk_answer_t *a)
{
    return a->r->suggestion;
}

int silk_answer_partial(const silk_answer_t *a)
{
    return a->partial;
}

/* The counts of field, or NULL if it was not counted. */
static const silk_facet_list_t *facet(const silk_answer_t *a,
                                      const char *field)
{
    int f = field ? silk_field_lookup(field, strlen(field), SILK_FIELD_FACET)
                  : -1;

    if (f < 0 || f >= SILK_FIELD_NFACETS_ || !(a->r->facets & (1u << f)))
        return NULL;
    return &a->r->counts[f];
}

size_t silk_answer_facet_count(const silk_answer_t *a, const char *field)
{
    const silk_facet_list_t *l = facet(a, field);
    return l ? l->n : 0;
}

const char *silk_answer_facet_value(const silk_answer_t *a, const char *field,
                                    size_t j, unsigned long *count)
{
    const silk_facet_list_t *l = facet(a, field);

    if (count)
        *count = l && j < l->n ? l->v[j].count : 0;
    return l && j < l->n ? l->v[j].value : NULL;
}
