/* pipeline_writer.c: silk-index's writer, on the main thread alone — the
 * queue's items into Xapian, checked commits, the progress line,
 * --rebuild's wipe and the removal of articles no longer in the corpus. */
#define _XOPEN_SOURCE 700
#include "pipeline_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_clock.h"
#include "silk_schema.h"

/* ---- the writer --------------------------------------------------------- */

/* See pipeline_int.h. */
void silk_pipeline__db_error(const char *what)
{
    fprintf(stderr, "silk-index: %s: %s\n", what, silk_errmsg());
}

/* See pipeline_int.h. */
int silk_pipeline__write_item(run_t *r, const item_t *it)
{
    char key[sizeof SILK_META_ARTICLE + SILK_MAX_ID_BYTES + 1];
    char term[sizeof SILK_PREFIX_ARTICLE + SILK_MAX_ID_BYTES + 1];

    snprintf(term, sizeof term, "%s%s", SILK_PREFIX_ARTICLE, it->id);
    snprintf(key, sizeof key, "%s%s", SILK_META_ARTICLE, it->id);
    if (it->begins && it->kind == ITEM_CHANGE &&
        silk_db_delete_docs(r->db, term) != SILK_OK) {
        silk_pipeline__db_error("cannot delete old passages");
        return -1;
    }
    if (it->begins && !it->ends &&
        silk_db_set_metadata(r->db, key, it->record) != SILK_OK) {
        silk_pipeline__db_error("cannot store the article record");
        return -1;
    }
    for (size_t i = 0; i < it->docs.n; i++) {
        if (silk_db_add_doc(r->db, it->docs.docs[i], NULL) != SILK_OK) {
            silk_pipeline__db_error("cannot add a passage");
            return -1;
        }
    }
    if (it->ends && silk_db_set_metadata(r->db, key, it->record) != SILK_OK) {
        silk_pipeline__db_error("cannot store the article record");
        return -1;
    }
    return 0;
}

/* See pipeline_int.h. */
int silk_pipeline__commit(run_t *r)
{
    if (silk_db_commit(r->db) != SILK_OK) {
        silk_pipeline__db_error("commit failed (the index keeps its last commit)");
        return -1;
    }
    return 0;
}

/* See pipeline_int.h. */
void silk_pipeline__draw_progress(const run_t *r, double t0)
{
    unsigned long long done = r->done_bytes;
    double el = silk_clock_now() - t0;
    double rate = el > 0 ? (double)done / el : 0;
    char eta[32] = "?";

    if (rate > 0 && r->total_bytes >= done) {
        double left = (double)(r->total_bytes - done) / rate;
        snprintf(eta, sizeof eta, "%lu:%02lu", (unsigned long)left / 60,
                 (unsigned long)left % 60);
    }
    fprintf(stderr, "\r\033[Ksilk-index: %lu articles, %lu passages, "
            "%.1f MB/s, ETA %s",
            r->added + r->changed + r->unchanged, r->passages, rate / 1e6,
            eta);
    fflush(stderr);
}

/* collect XA terms for --rebuild: append a copy of s to v (v->failed is
 * set when memory ran out). */
static void strvec_push(strvec_t *v, const char *s)
{
    char *c = silk_pipeline__dup_str(s);
    if (!c || silk_vec_push(v, c) != 0) {
        free(c);
        v->failed = true;
    }
}

/* See pipeline_int.h. */
void silk_pipeline__strvec_free(strvec_t *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i]);
    silk_vec_free(v);
}

/* silk_db_terms_foreach callback: collect a term. */
static int collect_term(void *ctx, const char *term, unsigned long tf)
{
    strvec_t *v = ctx;
    (void)tf;
    strvec_push(v, term);
    return v->failed;
}

/* silk_db_metadata_foreach callback: collect a key. */
static int collect_key(void *ctx, const char *key, const char *value)
{
    strvec_t *v = ctx;
    (void)value;
    strvec_push(v, key);
    return v->failed;
}

/* See pipeline_int.h. */
int silk_pipeline__wipe(run_t *r)
{
    strvec_t terms = {0}, keys = {0};
    int rc = -1;

    if (silk_db_terms_foreach(r->db, SILK_PREFIX_ARTICLE, collect_term,
                              &terms) != SILK_OK ||
        silk_db_metadata_foreach(r->db, SILK_META_ARTICLE, collect_key,
                                 &keys) != SILK_OK) {
        silk_pipeline__db_error("cannot list the index for --rebuild");
        goto done;
    }
    if (terms.failed || keys.failed) {
        fprintf(stderr, "silk-index: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < terms.n; i++)
        if (silk_db_delete_docs(r->db, terms.v[i]) != SILK_OK) {
            silk_pipeline__db_error("cannot delete passages for --rebuild");
            goto done;
        }
    for (size_t i = 0; i < keys.n; i++)
        if (silk_db_set_metadata(r->db, keys.v[i], "") != SILK_OK) {
            silk_pipeline__db_error("cannot delete article records for --rebuild");
            goto done;
        }
    rc = 0;
done:
    silk_pipeline__strvec_free(&terms);
    silk_pipeline__strvec_free(&keys);
    return rc;
}

/* Should the unseen article rec be removed? Only when its recorded path is
 * a PATH argument or under one, and no path that was not read whole (an
 * unreadable file, a skipped line) covers it. */
static bool should_remove(const run_t *r, const record_t *rec)
{
    bool under = false;

    if (!rec->in_db || rec->seen || !rec->path || !rec->path[0])
        return false;
    for (size_t i = 0; i < r->nargs && !under; i++)
        under = silk_pipeline__path_under(rec->path, r->args[i]);
    if (!under)
        return false;
    for (size_t i = 0; i < r->kept.n; i++)
        if (silk_pipeline__path_under(rec->path, r->kept.v[i]))
            return false;
    return true;
}

/* See pipeline_int.h. */
int silk_pipeline__remove_unseen(run_t *r, unsigned long *pending)
{
    size_t pos = 0;
    void *v;
    while (silk_map_next(&r->records, &pos, NULL, &v)) {
        record_t *rec = v;
        char key[sizeof SILK_META_ARTICLE + SILK_MAX_ID_BYTES + 1];
        char term[sizeof SILK_PREFIX_ARTICLE + SILK_MAX_ID_BYTES + 1];

        if (!rec || !should_remove(r, rec))
            continue;
        if (strlen(rec->id) > SILK_MAX_ID_BYTES)
            continue;
        snprintf(term, sizeof term, "%s%s", SILK_PREFIX_ARTICLE, rec->id);
        snprintf(key, sizeof key, "%s%s", SILK_META_ARTICLE, rec->id);
        if (silk_db_delete_docs(r->db, term) != SILK_OK ||
            silk_db_set_metadata(r->db, key, "") != SILK_OK) {
            silk_pipeline__db_error("cannot remove an article");
            return -1;
        }
        r->removed++;
        if (++*pending >= r->o->commit_every) {
            if (silk_pipeline__commit(r) != 0)
                return -1;
            *pending = 0;
        }
    }
    return 0;
}

