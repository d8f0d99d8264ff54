/* silk_floor.c: silk-floor, the two lower bounds issue 14 measures silk's
 * indexing speed against (bench/README.md, "The floor").
 *
 *   silk-floor analyse PATH...       silk's reader + silk's analyser over
 *                                    every article's title and body
 *   silk-floor index DB PATH...      silk's reader + passage split + the
 *                                    analyser over each passage, and one
 *                                    Xapian document per passage holding
 *                                    only its body stems with positions
 *                                    (no title, data, values, id terms),
 *                                    committed at the end; DB is created
 *                                    and must not exist
 *   silk-floor read PATH...          silk's reader alone (a no-op for each
 *                                    article): what reading a format costs
 *   silk-floor dump PATH...          the reader's articles as JSON Lines on
 *                                    stdout (id, title, body, date, source,
 *                                    url, extra; not the path), so that two
 *                                    shapes of one corpus can be diffed:
 *                                    Reuters raw/ against docs.jsonl
 *
 * What the second leaves out is everything silk adds on top of a Xapian
 * 1.4 indexer of the same passages, so it is what silk-index cannot go
 * below on this machine without indexing less. Both print, as
 * "name<TAB>value" lines (on stderr for dump): articles, passages (index),
 * tokens (analyse, index), text_bytes (title + body, the bytes
 * bench/figures.py textbytes counts), cpu_s (user + system of the
 * process), cpu_mb_per_s (text_bytes / cpu_s) and max_rss_kb. Exit 0, or 2
 * with a one-line message on stderr.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <jansson.h>

#include "analyzer.h"
#include "passage.h"
#include "reader.h"
#include "silk_xapian.h"

typedef enum { M_ANALYSE, M_INDEX, M_READ, M_DUMP } floor_mode;

typedef struct floor_run {
    floor_mode mode;
    silk_analyzer_t *a;
    silk_db_t *db;       /* NULL for analyse */
    silk_doc_t *doc;     /* the passage being built */
    unsigned long articles, passages, tokens;
    unsigned long long text_bytes;
    int failed;          /* a message was printed */
} floor_run;

static int count_token(void *ctx, const silk_token_t *tok)
{
    (void)tok;
    ((floor_run *)ctx)->tokens++;
    return 0;
}

static int post_token(void *ctx, const silk_token_t *tok)
{
    floor_run *r = ctx;
    r->tokens++;
    return silk_doc_add_posting(r->doc, tok->stem, tok->stem_len, tok->pos, 1) != SILK_OK;
}

/* One Xapian document per passage of the body, its stems at positions. */
static int index_body(floor_run *r, const char *body, size_t len)
{
    silk_passage_t *ps = NULL;
    size_t n = 0;
    if (silk_passages_split(body, len, &ps, &n, NULL) != 0) {
        fprintf(stderr, "silk-floor: out of memory\n");
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        if (silk_doc_new(&r->doc) != SILK_OK ||
            silk_analyzer_run(r->a, body + ps[k].start, ps[k].end - ps[k].start, 0,
                              post_token, r) != 0 ||
            silk_db_add_doc(r->db, r->doc, NULL) != SILK_OK) {
            fprintf(stderr, "silk-floor: %s\n", silk_errmsg());
            silk_doc_free(r->doc);
            free(ps);
            return -1;
        }
        silk_doc_free(r->doc);
        r->doc = NULL;
        r->passages++;
    }
    free(ps);
    return 0;
}

/* One JSON line of what the reader delivered (dump). Returns 0 or -1. */
static int dump_article(const silk_article_t *art)
{
    json_t *o = json_object(), *extra = json_loads(art->extra, 0, NULL);
    int bad = !o || !extra ||
              json_object_set_new(o, "id", json_string(art->id)) ||
              json_object_set_new(o, "title", json_string(art->title)) ||
              json_object_set_new(o, "body", json_stringn(art->body, art->body_len)) ||
              json_object_set_new(o, "date", json_string(art->date)) ||
              json_object_set_new(o, "source", json_string(art->source)) ||
              json_object_set_new(o, "url", json_string(art->url)) ||
              json_object_set(o, "extra", extra);
    char *line = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(extra);
    json_decref(o);
    if (!line || puts(line) == EOF) {
        free(line);
        fprintf(stderr, "silk-floor: %s: cannot write it as JSON\n", art->id);
        return -1;
    }
    free(line);
    return 0;
}

static int on_article(void *ctx, const silk_article_t *art)
{
    floor_run *r = ctx;
    size_t tlen = strlen(art->title);
    r->articles++;
    r->text_bytes += tlen + art->body_len;
    if (r->mode == M_READ)
        return 0;
    if (r->mode == M_DUMP)
        return dump_article(art) == 0 ? 0 : (r->failed = 1);
    if (r->db) {
        if (index_body(r, art->body, art->body_len) != 0) {
            r->failed = 1;
            return 1;
        }
        return 0;
    }
    silk_analyzer_run(r->a, art->title, tlen, 0, count_token, r);
    silk_analyzer_run(r->a, art->body, art->body_len, 1, count_token, r);
    return 0;
}

static void on_problem(void *ctx, silk_problem_t kind, const char *path,
                       unsigned long line, const char *reason)
{
    (void)ctx;
    (void)kind;
    fprintf(stderr, "silk-floor: %s:%lu: %s\n", path, line, reason);
}

int main(int argc, char **argv)
{
    floor_run r = {0};
    int first = 2;

    if (argc >= 3 && strcmp(argv[1], "analyse") == 0) {
        r.mode = M_ANALYSE;
    } else if (argc >= 3 && strcmp(argv[1], "read") == 0) {
        r.mode = M_READ;
    } else if (argc >= 3 && strcmp(argv[1], "dump") == 0) {
        r.mode = M_DUMP;
    } else if (argc >= 4 && strcmp(argv[1], "index") == 0) {
        r.mode = M_INDEX;
        struct stat sb;
        if (stat(argv[2], &sb) == 0) {
            fprintf(stderr, "silk-floor: %s exists: give a new directory\n", argv[2]);
            return 2;
        }
        if (silk_db_open_write(&r.db, argv[2], 1, 0) != SILK_OK) {
            fprintf(stderr, "silk-floor: %s: %s\n", argv[2], silk_errmsg());
            return 2;
        }
        first = 3;
    } else {
        fprintf(stderr, "usage: silk-floor analyse|read|dump PATH... | silk-floor index DB PATH...\n");
        return 2;
    }
    if ((r.mode == M_ANALYSE || r.mode == M_INDEX) && !(r.a = silk_analyzer_new("english"))) {
        fprintf(stderr, "silk-floor: out of memory\n");
        silk_db_free(r.db);
        return 2;
    }
    silk_reader_cbs_t cbs = {.article = on_article, .problem = on_problem};
    int rc = silk_reader_walk(NULL, (const char *const *)argv + first,
                              (size_t)(argc - first), &cbs, &r);
    if (rc == 0 && r.db && silk_db_commit(r.db) != SILK_OK) {
        fprintf(stderr, "silk-floor: commit: %s\n", silk_errmsg());
        r.failed = 1;
    }
    silk_db_free(r.db);
    silk_analyzer_free(r.a);
    if (rc != 0 || r.failed) {
        if (!r.failed)
            fprintf(stderr, "silk-floor: reading the input failed (%d)\n", rc);
        return 2;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    FILE *out = r.mode == M_DUMP ? stderr : stdout;
    fprintf(out, "articles\t%lu\n", r.articles);
    if (r.mode == M_INDEX)
        fprintf(out, "passages\t%lu\n", r.passages);
    if (r.mode == M_ANALYSE || r.mode == M_INDEX)
        fprintf(out, "tokens\t%lu\n", r.tokens);
    fprintf(out, "text_bytes\t%llu\ncpu_s\t%.3f\ncpu_mb_per_s\t%.3f\nmax_rss_kb\t%ld\n",
            r.text_bytes, cpu, cpu > 0 ? (double)r.text_bytes / 1e6 / cpu : 0.0,
            ru.ru_maxrss);
    return fflush(stdout) == 0 ? 0 : 2;
}
