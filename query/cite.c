/* cite.c: a passage's data by its id, and the article fields of a page's
 * hits (see cite.h).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "cite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_schema.h"

silk_status_t silk_cite_passage(json_t **out, silk_db_t *db,
                                const char *article, long no)
{
    silk_query_t *q = NULL;
    silk_mset_t *ms = NULL;
    silk_search_opts_t o;
    char *term = NULL;
    size_t n = strlen(SILK_PREFIX_UID) + strlen(article) + 24;
    silk_status_t st = SILK_NO_MEMORY;

    *out = NULL;
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
    json_t *d = data ? json_loadb(data, len, 0, NULL) : NULL;
    if (!json_is_object(d)) {
        json_decref(d);
        d = json_object();
        if (!d) {
            st = SILK_NO_MEMORY;
            goto done;
        }
    }
    *out = d;
    st = SILK_OK;
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
        json_t *d = NULL;
        silk_status_t st = silk_cite_passage(&d, db, h->article, 0);
        if (st != SILK_OK && st != SILK_NOT_FOUND)
            return st;
        json_t *x = d ? json_object_get(d, "extra") : NULL;
        h->extra = json_is_object(x) ? json_dumps(x, JSON_COMPACT)
                                     : strdup("{}");
        json_decref(d);
        if (!h->extra)
            return SILK_NO_MEMORY;
    }
    return SILK_OK;
}
