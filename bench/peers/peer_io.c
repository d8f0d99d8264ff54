/* peer_io.c: the JSONL article reader, the queries reader and the latency
 * figures shared by the benchmark peers (xapian-peer, fts5-peer). */
#define _POSIX_C_SOURCE 200809L

#include "peer_io.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct peer_docs {
    FILE *f;
    char *path;
    char *line;
    size_t cap;
    size_t lineno;
    size_t skipped;
    json_t *current; /* the article whose strings were handed out last */
};

/* Copies S into a new heap string; NULL when memory runs out. */
static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

peer_docs *peer_docs_open(const char *path)
{
    peer_docs *r = calloc(1, sizeof *r);
    if (!r)
        goto fail;
    r->path = dup_str(path);
    if (!r->path)
        goto fail;
    r->f = fopen(path, "r");
    if (!r->f) {
        perror(path);
        goto fail;
    }
    return r;
fail:
    if (r)
        free(r->path);
    free(r);
    return NULL;
}

/* Returns the string member KEY of OBJ and its length, or "" when absent or
 * not a string. */
static const char *member(const json_t *obj, const char *key, size_t *len)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_string(v)) {
        *len = 0;
        return "";
    }
    *len = json_string_length(v);
    return json_string_value(v);
}

int peer_docs_next(peer_docs *r, peer_doc *out)
{
    json_decref(r->current);
    r->current = NULL;
    for (;;) {
        ssize_t got = getline(&r->line, &r->cap, r->f);
        if (got < 0)
            return ferror(r->f) ? -1 : 0;
        r->lineno++;
        if (got <= 1)
            continue; /* blank line */
        json_error_t err;
        json_t *obj = json_loadb(r->line, (size_t)got, 0, &err);
        const json_t *id = json_object_get(obj, "id");
        if (!json_is_object(obj) || !json_is_string(id)) {
            fprintf(stderr, "%s:%zu: skipped: %s\n", r->path, r->lineno,
                    obj ? "no string \"id\"" : err.text);
            json_decref(obj);
            r->skipped++;
            continue;
        }
        r->current = obj;
        out->id = json_string_value(id);
        out->title = member(obj, "title", &out->title_len);
        out->body = member(obj, "body", &out->body_len);
        return 1;
    }
}

size_t peer_docs_skipped(const peer_docs *r)
{
    return r->skipped;
}

void peer_docs_close(peer_docs *r)
{
    if (!r)
        return;
    json_decref(r->current);
    if (r->f)
        fclose(r->f);
    free(r->line);
    free(r->path);
    free(r);
}

int peer_queries_read(peer_query **out, size_t *n, const char *path)
{
    peer_query *q = NULL;
    size_t len = 0, cap = 0;
    char *line = NULL;
    size_t linecap = 0;
    ssize_t got;
    int rc = -1;

    *out = NULL;
    *n = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    while ((got = getline(&line, &linecap, f)) > 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab == line)
            continue;
        *tab = '\0';
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            peer_query *nq = realloc(q, ncap * sizeof *nq);
            if (!nq)
                goto done;
            q = nq;
            cap = ncap;
        }
        q[len].qid = dup_str(line);
        q[len].text = dup_str(tab + 1);
        if (!q[len].qid || !q[len].text) {
            free(q[len].qid);
            free(q[len].text);
            goto done;
        }
        len++;
    }
    if (ferror(f)) {
        perror(path);
        goto done;
    }
    rc = 0;
done:
    if (rc != 0) {
        if (!ferror(f))
            fprintf(stderr, "%s: out of memory\n", path);
        peer_queries_free(q, len);
    } else {
        *out = q;
        *n = len;
    }
    free(line);
    fclose(f);
    return rc;
}

void peer_queries_free(peer_query *q, size_t n)
{
    for (size_t i = 0; q && i < n; i++) {
        free(q[i].qid);
        free(q[i].text);
    }
    free(q);
}

double peer_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort order for doubles, ascending. */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank P-th percentile of the N sorted values V (N > 0). */
static double percentile(const double *v, size_t n, double p)
{
    size_t rank = (size_t)ceil(p / 100.0 * (double)n);
    if (rank < 1)
        rank = 1;
    return v[rank - 1];
}

void peer_latency_print(FILE *out, double *ms, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ms[i];
    fprintf(out, "queries\t%zu\n", n);
    if (n == 0)
        return;
    qsort(ms, n, sizeof *ms, cmp_double);
    fprintf(out, "p50_ms\t%.4f\n", percentile(ms, n, 50));
    fprintf(out, "p99_ms\t%.4f\n", percentile(ms, n, 99));
    fprintf(out, "mean_ms\t%.4f\n", sum / (double)n);
    fprintf(out, "qps\t%.1f\n", sum > 0 ? 1000.0 * (double)n / sum : 0.0);
}
