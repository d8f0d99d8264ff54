/* search.h: run a query against an index — parse, build, search with
 * paging and per-article collapsing, exact facet counts — and hand back the
 * hits and counts as plain C data, with timings, for the output formats.
 */
#ifndef SILK_SEARCH_H
#define SILK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer.h"
#include "build.h"
#include "fields.h"
#include "gazetteer.h"
#include "silk_xapian.h"

/* Largest page a search returns. Every hit's data and values are fetched
 * and held in memory; past this, page with offset instead. */
#define SILK_SEARCH_MAX_LIMIT 100000u

/* Deepest page: offset + limit results. A page is a slice of the
 * de-duplicated list, so reaching it walks every match ranked above it. */
#define SILK_SEARCH_MAX_DEPTH 1000000u

/* Matching passages counted exactly by default: up to this many, the
 * search ranks every match, so that totals, article counts and "also"
 * lists are exact and complete; past it, it ranks this many and says
 * "about". Ranking and walking a match costs about 9,500 instructions
 * (1.5 us of one core here; docs/silk-query.md, bench/count_cost.sh):
 * 50,000 keeps an exact answer under about 75 ms, and counts every
 * single-word query of Reuters-21578 exactly ("said": 49,868). */
#define SILK_SEARCH_COUNT_LIMIT 50000ul

/* At most this many copies are listed in a hit's "also" (all are
 * counted): a boilerplate sentence can be in a thousand articles. */
#define SILK_SEARCH_MAX_ALSO 20u

/* Passages of one article (with its near-duplicates) a page shows by
 * default: the best two tell what the article says about the query
 * without filling a page with one article. */
#define SILK_SEARCH_PER_ARTICLE 2u

/* Most passages --context adds on each side of a hit: a few pages of an
 * article, a bound on the passages one page reads. */
#define SILK_SEARCH_MAX_CONTEXT 100u

/* The facet fields silk-query counts are the field table's facets
 * (schema/fields.h: SILK_FIELD_YEAR .. below SILK_FIELD_NFACETS_, in the
 * order they are printed); a facet's bit in a mask is 1u << its id. */

/* The facet's name as a user types it ("country"); static storage; "" for
 * an id that is not a facet. */
const char *silk_qfacet_name(silk_field_id_t f);

/* Parse a --facets list ("year,country", "all", spaces allowed around the
 * commas) into a bit mask (1u << SILK_FIELD_*). Returns 0 on success, -1
 * on an unknown or empty name, with *bad (if not NULL) pointing at it in
 * list (not NUL-terminated: the name runs to the next comma). */
int silk_qfacet_parse(const char *list, unsigned *out, const char **bad);

/* The order of the results (silk-query --sort). */
typedef enum silk_sort {
    SILK_SORT_RELEVANCE = 0,  /* score, equal scores by article id */
    SILK_SORT_NEWEST,         /* article date, latest first */
    SILK_SORT_OLDEST          /* article date, earliest first */
} silk_sort_t;

/* The sort's name as typed ("newest"); "" for an out-of-range value. */
const char *silk_sort_name(silk_sort_t s);

/* Parse a --sort name into *out: 0, or -1 for an unknown name. */
int silk_sort_parse(const char *name, silk_sort_t *out);

typedef struct silk_search_req {
    unsigned offset, limit;   /* page: results offset .. offset + limit - 1 */
    unsigned per_article;     /* at most N passages an article; 0: all */
    bool duplicates;          /* fold identical passages and near-duplicate
                                 articles into "also" (false: keep them) */
    unsigned long count_limit;/* rank and count every match while there
                                 are at most this many (ULONG_MAX: always;
                                 silk-query --exact) */
    unsigned facets;          /* mask of facets (1u << SILK_FIELD_*) to
                                 count exactly */
    silk_sort_t sort;         /* by date: dates compare as strings (a
                                 year or month date before the days of its
                                 period), equal dates by article id, then
                                 passage; undated passages last */
    double k1, b;             /* BM25 (see docs/silk-query.md) */
    bool describe;            /* fill silk_results_t.described */
    silk_rank_opts_t rank;    /* ranking tiers (build.h) */
    const silk_syn_t *syn;    /* the index's synonyms (borrowed); NULL: none */
    unsigned context;         /* --context: the passages before and after
                                 each hit (0: none; at most
                                 SILK_SEARCH_MAX_CONTEXT) */
} silk_search_req_t;

/* Defaults: offset 0, limit 10, SILK_SEARCH_PER_ARTICLE per article,
 * duplicates folded, SILK_SEARCH_COUNT_LIMIT, no facets, silk's BM25. */
void silk_search_req_init(silk_search_req_t *req);

/* A copy folded into a hit. */
typedef struct silk_also {
    char *article;
    long passage;             /* -1 if unknown */
    bool same_text;           /* the same text; else a near-duplicate
                                 article's passage */
} silk_also_t;

typedef struct silk_hit {
    unsigned rank;            /* 1-based over the de-duplicated list */
    unsigned docid;
    double weight;            /* Xapian's: tier * tier_weight + score */
    double score;             /* BM25 (title and proximity included) */
    unsigned tier;            /* ranking tiers matched (build.h) */
    char *article;            /* article id ("" if the data lacks it) */
    long passage;             /* passage number, from 0 (-1 if unknown) */
    char *title, *date, *source, *url;
    char *text;               /* the passage */
    size_t text_len;
    char *path;               /* its file, as recorded at index time */
    long start, end;          /* its byte span (-1 if unknown) ... */
    char *span;               /* ... in what: "file" (path's bytes),
                                 "text" (the article's text as read),
                                 "title" (the passage is the title) */
    char *extra;              /* the article's stored fields, JSON object
                                 text (cite.h; NULL until filled) */
    char *values[SILK_FIELD_NFACETS_]; /* each facet's value as its slot
                                 holds it ("" if unset; "CN LA" for a
                                 list), by field id, read from the
                                 passage's data (and its article's passage
                                 0's: cite.h); NULL for a view of
                                 another's slot (month) */
    silk_also_t *also;        /* copies folded into it, in rank order */
    size_t nalso;             /* listed: at most SILK_SEARCH_MAX_ALSO */
    size_t also_total;        /* all of them */
    struct silk_hit *context; /* req.context: the passages of its article
                                 within that many of it, in passage order,
                                 less those shown elsewhere on the page (a
                                 hit, or an earlier hit's context): only
                                 the citation fields and text are set */
    size_t ncontext;
} silk_hit_t;

typedef struct silk_facet_count {
    char *value;
    unsigned long count;
} silk_facet_count_t;

typedef struct silk_facet_list {
    silk_facet_count_t *v;    /* sorted by count desc, then value (month:
                                 by value) */
    size_t n;
} silk_facet_list_t;

typedef struct silk_results {
    char *query;              /* the query string as given ("" if none) */
    char *parsed;             /* how it was read, in canonical syntax */
    char *notes;              /* what was read differently, or NULL */
    char *described;          /* Xapian's description (req.describe) or NULL */
    char *suggestion;         /* did you mean (suggest.h), or NULL */
    silk_qterms_t terms;      /* the stems to highlight */
    silk_hit_t *hits;
    size_t nhits;
    unsigned context;         /* req.context: each hit's context was read */
    unsigned long total;      /* matching passages */
    bool exact;               /* total is exact, not an estimate */
    unsigned long articles;   /* distinct articles among them */
    bool articles_exact;
    unsigned long results;    /* length of the de-duplicated list: exact
                                 when complete, else a lower bound */
    bool complete;            /* every match was ranked and walked: the
                                 counts, and every "also", are complete */
    bool matched;             /* something matched (even off this page) */
    unsigned facets;          /* mask of the counted fields */
    unsigned long facet_passages; /* passages the counts describe */
    silk_facet_list_t counts[SILK_FIELD_NFACETS_]; /* by field id */
    double parse_ms, search_ms;
} silk_results_t;

/* Run the query q (already built) against db with req. On success *out
 * holds the page of the de-duplicated list (collapse.h) and, for each
 * field in req->facets, exact counts over every matching passage (a
 * passage naming several countries counts once for each). query/parsed/
 * notes/terms are left empty. Fails with the shim's status (silk_errmsg()
 * says why) or SILK_NO_MEMORY; *out is then NULL. The caller frees *out
 * with silk_results_free(). */
silk_status_t silk_search_run(silk_results_t **out, silk_db_t *db,
                              const silk_query_t *q,
                              const silk_search_req_t *req);

/* Parse the query string qs (any bytes; never a syntax error), build it
 * with the analyser a and gazetteer g (borrowed, built once per process),
 * and run it as silk_search_run does, filling in how the query was read,
 * the stems to highlight and the timings. Fails only as silk_search_run. */
silk_status_t silk_search_text(silk_results_t **out, silk_db_t *db,
                               silk_analyzer_t *a, silk_gazetteer_t *g,
                               const char *qs, const silk_search_req_t *req);

/* Free results; NULL is a no-op. */
void silk_results_free(silk_results_t *r);

/* Split a list value ("CN LA") into its items: calls cb for each non-empty
 * item (not NUL-terminated) in order; a non-zero return stops. */
typedef int (*silk_item_cb)(void *ctx, const char *item, size_t len);
int silk_list_foreach(const char *list, silk_item_cb cb, void *ctx);

#endif /* SILK_SEARCH_H */
