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

silk_status_t silk_cite_extras(silk_db_t *db, silk_results_t *r)
{
    for (size_t i = 0; i < r->nhits; i++) {
        silk_hit_t *h = &r->hits[i];
        /* An earlier hit of the same article already looked it up. */
        for (size_t j = 0; j < i && !h->extra; j++)
            if (r->hits[j].extra && strcmp(r->hits[j].article, h->article) == 0 &&
                !(h->extra = strdup(r->hits[j].extra)))
                return SILK_NO_MEMORY;
        if (h->extra)
            continue;
        silk_passage_data_t d;
        silk_status_t st = silk_cite_passage(&d, db, h->article, 0);
        if (st != SILK_OK && st != SILK_NOT_FOUND)
            return st;
        h->extra = silk_passage_data_extra(&d);
        silk_passage_data_clear(&d);
        if (!h->extra)
            return SILK_NO_MEMORY;
    }
    return SILK_OK;
}
