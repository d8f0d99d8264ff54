/* silk_facet_eval.c: facet accuracy — silk's country extraction (the
 * passage-level mentions facet and the article-level subject facet)
 * against Reuters-21578's human PLACES labels, as micro precision, recall
 * and F1, with all labels and with the United States left out of labels
 * and predictions alike. Also `--explain FILE...`: every facet hit of
 * plain-text articles, for checking the bundled corpus by eye.
 *
 *   silk-facet-eval [--no-dateline] [--data DIR]   DIR defaults to ../shared/data
 *   silk-facet-eval --explain FILE...
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "facets.h"
#include "gazetteer.h"

/* Reuters place codes are short ("yemen-demo-republic"); the mapping file
 * has 175 of them. */
#define MAX_PLACES 256
#define MAX_PLACE_NAME 64

typedef struct place_map {
    char name[MAX_PLACES][MAX_PLACE_NAME];
    char code[MAX_PLACES][3];
    size_t n;
} place_map;

/* Set of alpha-2 codes as a 26*26 bitmap. */
typedef struct codeset {
    unsigned char has[26 * 26];
} codeset;

typedef struct counts {
    long tp, fp, fn;
} counts;

typedef struct run {
    bool use_dateline;   /* false: the subject without datelines */
    silk_analyzer_t *a;
    silk_facets_t *f;
} run;

static int idx(const char *c)
{
    return (c[0] - 'A') * 26 + (c[1] - 'A');
}

/* Analyser callback: feed the extractor. */
static int feed(void *ctx, const silk_token_t *tok)
{
    silk_facets_token(ctx, tok);
    return 0;
}

/* Extract text; the hits borrowed from the extractor. */
static size_t extract(run *r, const char *text, size_t len,
                      const silk_facet_hit_t **hits)
{
    silk_facets_begin(r->f, text, len);
    silk_analyzer_run(r->a, text, len, 0, feed, r->f);
    return silk_facets_end(r->f, hits);
}

/* Read the Reuters code -> ISO mapping; false on error (message printed). */
static bool read_map(const char *path, place_map *m)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "silk-facet-eval: cannot open %s: give --data DIR\n", path);
        return false;
    }
    char line[1024];
    m->n = 0;
    while (fgets(line, sizeof line, fp) && m->n < MAX_PLACES) {
        if (line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        if (!tab || tab - line >= MAX_PLACE_NAME)
            continue;
        *tab = '\0';
        strcpy(m->name[m->n], line);
        m->code[m->n][0] = tab[1] == '-' ? '\0' : tab[1];
        m->code[m->n][1] = tab[1] == '-' ? '\0' : tab[2];
        m->code[m->n][2] = '\0';
        m->n++;
    }
    fclose(fp);
    return true;
}

static const char *map_place(const place_map *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->name[i], name) == 0)
            return m->code[i][0] ? m->code[i] : NULL;
    return NULL;
}

/* Add pred vs gold to c (and to c_nous without US). */
static void score(const codeset *pred, const codeset *gold, counts *c, counts *c_nous)
{
    int us = idx("US");
    for (int k = 0; k < 26 * 26; k++) {
        if (!pred->has[k] && !gold->has[k])
            continue;
        long tp = pred->has[k] && gold->has[k];
        long fp = pred->has[k] && !gold->has[k];
        long fn = !pred->has[k] && gold->has[k];
        c->tp += tp, c->fp += fp, c->fn += fn;
        if (k != us)
            c_nous->tp += tp, c_nous->fp += fp, c_nous->fn += fn;
    }
}

static void report(const char *facet, const char *labels, const counts *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("facet-%s %-9s P %.3f  R %.3f  F1 %.3f  (tp %ld fp %ld fn %ld)\n",
           facet, labels, p, r, f1, c->tp, c->fp, c->fn);
}

/* Split body into paragraphs at blank lines and feed the subject
 * accumulator and the mentions set. */
static void article(run *r, const char *title, const char *body,
                    const char *dateline, codeset *mentions, codeset *subject)
{
    const silk_facet_hit_t *hits;
    size_t n;
    silk_facets_subject_begin(r->f);
    n = extract(r, title, strlen(title), &hits);
    for (size_t i = 0; i < n; i++)
        if (hits[i].field == SILK_FACET_COUNTRY)
            mentions->has[idx(hits[i].value)] = 1;
    silk_facets_subject_add(r->f, SILK_PART_TITLE, hits, n);
    size_t len = strlen(body);
    int part = SILK_PART_LEAD;
    for (size_t p = 0; p < len;) {
        const char *brk = strstr(body + p, "\n\n");
        size_t e = brk ? (size_t)(brk - body) : len;
        n = extract(r, body + p, e - p, &hits);
        for (size_t i = 0; i < n; i++)
            if (hits[i].field == SILK_FACET_COUNTRY)
                mentions->has[idx(hits[i].value)] = 1;
        silk_facets_subject_add(r->f, (silk_facet_part_t)part, hits, n);
        part = SILK_PART_BODY;
        p = brk ? e + 2 : len;
    }
    if (r->use_dateline && dateline && *dateline)
        silk_facets_subject_dateline(r->f, dateline, strlen(dateline));
    n = silk_facets_subject_end(r->f, &hits);
    for (size_t i = 0; i < n; i++)
        subject->has[idx(hits[i].value)] = 1;
}

/* The Reuters evaluation; exit status. */
static int evaluate(run *r, const char *dir)
{
    char path[4096];
    place_map *m = calloc(1, sizeof *m);
    if (!m)
        return 2;
    snprintf(path, sizeof path, "%s/reuters21578/places-iso3166.tsv", dir);
    if (!read_map(path, m)) {
        free(m);
        return 2;
    }
    snprintf(path, sizeof path, "%s/reuters21578/docs.jsonl", dir);
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "silk-facet-eval: cannot open %s: give --data DIR\n", path);
        free(m);
        return 2;
    }
    counts cm = {0}, cm_nous = {0}, cs = {0}, cs_nous = {0};
    long articles = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, fp)) > 0) {
        json_t *doc = json_loads(line, 0, NULL);
        if (!doc)
            continue;
        json_t *places = json_object_get(doc, "places");
        codeset gold = {{0}};
        size_t i;
        json_t *v;
        bool labelled = false;
        json_array_foreach(places, i, v) {
            const char *c = map_place(m, json_string_value(v) ? json_string_value(v) : "");
            if (c) {
                gold.has[idx(c)] = 1;
                labelled = true;
            }
        }
        if (labelled) {
            const char *title = json_string_value(json_object_get(doc, "title"));
            const char *body = json_string_value(json_object_get(doc, "body"));
            const char *dl = json_string_value(json_object_get(doc, "dateline"));
            codeset men = {{0}}, subj = {{0}};
            article(r, title ? title : "", body ? body : "", dl, &men, &subj);
            score(&men, &gold, &cm, &cm_nous);
            score(&subj, &gold, &cs, &cs_nous);
            articles++;
        }
        json_decref(doc);
    }
    free(line);
    fclose(fp);
    free(m);
    printf("articles-with-labels %ld\n", articles);
    report("mentions", "all", &cm);
    report("mentions", "no-US", &cm_nous);
    report("subject", "all", &cs);
    report("subject", "no-US", &cs_nous);
    return 0;
}

/* Print every hit of each file; exit status. */
static int explain(run *r, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        FILE *fp = fopen(files[i], "rb");
        if (!fp) {
            fprintf(stderr, "silk-facet-eval: cannot open %s\n", files[i]);
            return 2;
        }
        char *buf = NULL;
        size_t len = 0, cap = 0, k;
        char chunk[65536];
        while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) {
            if (len + k > cap) {
                cap = (len + k) * 2;
                char *p = realloc(buf, cap);
                if (!p) {
                    free(buf);
                    fclose(fp);
                    return 2;
                }
                buf = p;
            }
            memcpy(buf + len, chunk, k);
            len += k;
        }
        fclose(fp);
        const silk_facet_hit_t *hits;
        size_t nh = extract(r, buf ? buf : "", len, &hits);
        printf("== %s\n", files[i]);
        for (size_t h = 0; h < nh; h++)
            printf("%-8s %-10s %-16s %5zu-%-5zu %.*s\n",
                   hits[h].field == SILK_FACET_COUNTRY ? "country" : "ministry",
                   hits[h].value, hits[h].rule, hits[h].start, hits[h].end,
                   (int)(hits[h].end - hits[h].start), buf + hits[h].start);
        char date[11];
        size_t ds, de;
        const char *rule;
        if (silk_facets_date(buf ? buf : "", len, date, &ds, &de, &rule))
            printf("date     %-10s %-16s %5zu-%-5zu\n", date, rule, ds, de);
        free(buf);
    }
    return 0;
}

int main(int argc, char **argv)
{
    run r = {.use_dateline = true};
    int rc = 2;
    silk_gazetteer_t *g = NULL;
    r.a = silk_analyzer_new("english");
    if (!r.a)
        goto done;
    g = silk_gazetteer_new(r.a);
    r.f = g ? silk_facets_new(g) : NULL;
    if (!r.f)
        goto done;
    if (argc > 1 && strcmp(argv[1], "--no-dateline") == 0) {
        r.use_dateline = false;
        argv++, argc--;
    }
    if (argc > 1 && strcmp(argv[1], "--explain") == 0)
        rc = explain(&r, argv + 2, argc - 2);
    else if (argc == 3 && strcmp(argv[1], "--data") == 0)
        rc = evaluate(&r, argv[2]);
    else if (argc == 1)
        rc = evaluate(&r, "../shared/data");
    else
        fprintf(stderr, "usage: silk-facet-eval [--no-dateline] [--data DIR] | --explain FILE...\n");
done:
    silk_facets_free(r.f);
    silk_gazetteer_free(g);
    silk_analyzer_free(r.a);
    return rc;
}
