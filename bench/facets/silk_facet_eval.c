/* silk_facet_eval.c: facet accuracy — silk's country extraction (the
 * passage-level mentions facet and the article-level subject facet)
 * against Reuters-21578's human PLACES labels, as micro precision, recall
 * and F1, with all labels and with the United States left out of labels
 * and predictions alike. The facets are the ones silk-index stores: each
 * article goes through the indexer's document builder (passages, analysis,
 * extraction), whose --explain-facets callback reports them. To look at
 * the values of one's own articles, use silk-index --explain-facets.
 *
 *   silk-facet-eval [--no-dateline] [--data DIR]   DIR defaults to ../shared/data
 *
 * --no-dateline drops the JSONL "dateline" field, so the subject is found
 * as for a plain-text article (title, lead, repetition, start of the body).
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "reader.h"

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
    silk_docmaker_t *dm;
} run;

static int idx(const char *c)
{
    return (c[0] - 'A') * 26 + (c[1] - 'A');
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

/* What the document builder says it stored for one article. */
typedef struct seen {
    codeset *mentions, *subject;
} seen;

/* silk_explain_cb: keep the passage-level countries and the subjects. */
static void collect(void *ctx, const silk_article_t *a, long passage,
                    const char *field, const char *value, size_t start,
                    size_t end, const char *rule)
{
    seen *sn = ctx;
    (void)a, (void)passage, (void)start, (void)end, (void)rule;
    if (strcmp(field, "country") == 0)
        sn->mentions->has[idx(value)] = 1;
    else if (strcmp(field, "subject") == 0)
        sn->subject->has[idx(value)] = 1;
}

/* Build the article's documents as silk-index would and record its
 * facets; false if the builder failed. */
static bool article(run *r, const char *id, const char *title,
                    const char *body, const char *dateline, codeset *mentions,
                    codeset *subject)
{
    json_t *extra = json_object();
    char *extra_s = NULL;
    if (extra && r->use_dateline && dateline)
        json_object_set_new(extra, "dateline", json_string(dateline));
    extra_s = extra ? json_dumps(extra, JSON_COMPACT) : NULL;
    json_decref(extra);
    silk_article_t a = {
        .id = id, .title = title, .body = body, .body_len = strlen(body),
        .date = "", .source = "", .url = "", .path = "reuters",
        .extra = extra_s ? extra_s : "{}",
    };
    silk_article_docs_t docs = {0};
    seen sn = {mentions, subject};
    bool ok = silk_docmaker_build(r->dm, &a, &docs, collect, &sn) == 0;
    silk_article_docs_clear(&docs);
    free(extra_s);
    return ok;
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
    bool failed = false;
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
            const char *id = json_string_value(json_object_get(doc, "id"));
            const char *title = json_string_value(json_object_get(doc, "title"));
            const char *body = json_string_value(json_object_get(doc, "body"));
            const char *dl = json_string_value(json_object_get(doc, "dateline"));
            codeset men = {{0}}, subj = {{0}};
            if (!article(r, id && *id ? id : "?", title ? title : "",
                         body ? body : "", dl, &men, &subj)) {
                fprintf(stderr, "silk-facet-eval: article %s: %s\n",
                        id ? id : "?", silk_errmsg());
                json_decref(doc);
                failed = true;
                break;
            }
            score(&men, &gold, &cm, &cm_nous);
            score(&subj, &gold, &cs, &cs_nous);
            articles++;
        }
        json_decref(doc);
    }
    free(line);
    fclose(fp);
    free(m);
    if (failed)
        return 2;
    printf("articles-with-labels %ld\n", articles);
    report("mentions", "all", &cm);
    report("mentions", "no-US", &cm_nous);
    report("subject", "all", &cs);
    report("subject", "no-US", &cs_nous);
    return 0;
}

int main(int argc, char **argv)
{
    run r = {.use_dateline = true};
    int rc = 2;
    r.dm = silk_docmaker_new("english");
    if (!r.dm) {
        fprintf(stderr, "silk-facet-eval: out of memory\n");
        return 2;
    }
    if (argc > 1 && strcmp(argv[1], "--no-dateline") == 0) {
        r.use_dateline = false;
        argv++, argc--;
    }
    if (argc == 3 && strcmp(argv[1], "--data") == 0)
        rc = evaluate(&r, argv[2]);
    else if (argc == 1)
        rc = evaluate(&r, "../shared/data");
    else
        fprintf(stderr, "usage: silk-facet-eval [--no-dateline] [--data DIR]\n");
    silk_docmaker_free(r.dm);
    return rc;
}
