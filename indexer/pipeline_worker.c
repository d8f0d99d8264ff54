/* pipeline_worker.c: silk-index's worker thread — the reader's articles
 * and problems in, prepared documents out onto the queue: duplicate ids,
 * unchanged articles, long articles in parts. */
#define _XOPEN_SOURCE 700
#include "pipeline_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "indexer_int.h"

/* An article with more passage text than this is built and written in
 * parts of about this size (silk_docmaker_build_parts), so that a 200 MB
 * article never has all its documents in memory at once. */
#define ARTICLE_PART_BYTES (1u << 20)
/* ... and a part holds at most this many terms (its documents take about
 * 100 bytes a term until written). */
#define ARTICLE_PART_POSTINGS (256u << 10)

/* How standard input is named in messages (as grep names it). */
#define STDIN_NAME "(standard input)"

/* ---- problems ----------------------------------------------------------- */

/* Every shard of a sharded run reads the whole input: only shard 0 speaks
 * of input problems and skipped files, so that each is told once. */
static bool speaks_for_input(const run_t *r)
{
    return r->o->nshards <= 1 || r->o->shard == 0;
}

/* Print path to f as a user reads it: escaped where it is not UTF-8 or
 * holds control characters (one problem is one line), standard input by
 * name. */
static void put_path(FILE *f, const char *path)
{
    char *esc;
    if (strcmp(path, SILK_READER_STDIN) == 0 || !path[0]) {
        fputs(STDIN_NAME, f);
    } else if (!silk_indexer__needs_escape(path, strlen(path))) {
        fputs(path, f);
    } else if ((esc = silk_indexer__escape(path, strlen(path))) != NULL) {
        fputs(esc, f);
        free(esc);
    } else {
        fputs("(a path)", f);
    }
}

/* Start a message of silk-index's own about path[:line] on stderr:
 * "silk-index: PATH:LINE" (over the progress line, if any). */
static void say_at(const run_t *r, const char *path, unsigned long line)
{
    if (r->o->progress)
        fputs("\r\033[K", stderr);
    fputs("silk-index: ", stderr);
    put_path(stderr, path);
    if (line > 0)
        fprintf(stderr, ":%lu", line);
}

/* Print a problem line ("path:line: reason") to stderr and count it;
 * under --strict, stop the walk (in every shard). */
static void report(run_t *r, int kind, const char *path, unsigned long line,
                   const char *reason)
{
    if (r->o->strict)
        r->stop_strict = 1;
    if (!speaks_for_input(r))
        return;
    if (r->o->progress)
        fputs("\r\033[K", stderr);
    put_path(stderr, path);
    if (line > 0)
        fprintf(stderr, ":%lu", line);
    fprintf(stderr, ": %s\n", reason);
    r->problems[kind]++;
}

/* Remember that path was not read whole: the articles recorded under it
 * that this run did not meet are kept, not removed. */
static void keep_path(run_t *r, const char *path)
{
    char *p = strcmp(path, SILK_READER_STDIN) == 0
                  ? NULL : silk_pipeline__abs_path(r->cwd, path);
    if (p && silk_vec_push(&r->kept, p) != 0) {
        /* Out of memory for the list: removing nothing at all is safe. */
        free(p);
        r->worker_failed = 1;
        fprintf(stderr, "silk-index: out of memory\n");
    }
}

/* See pipeline_int.h. */
void silk_pipeline__on_problem(void *ctx, silk_problem_t kind, const char *path,
                               unsigned long line, const char *reason)
{
    run_t *r = ctx;

    if (kind == SILK_PROBLEM_NO_MEMORY) {
        say_at(r, path, line);
        fprintf(stderr, ": %s: stopped; nothing is removed and the index "
                "keeps its last commit (free memory, or skip such input "
                "with a smaller --max-article-bytes)\n", reason);
        r->worker_failed = 1;
        return;
    }
    if (silk_problem_skips(kind))
        keep_path(r, path);
    report(r, (int)kind, path, line, reason);
}

/* See pipeline_int.h. */
void silk_pipeline__on_skipped(void *ctx, const char *path, const char *why)
{
    run_t *r = ctx;
    size_t n = strlen(r->skipped);
    char *esc;

    if (!speaks_for_input(r))
        return;
    if (strcmp(why, SILK_SKIP_NO_EXT) == 0)
        r->skipped_no_ext++;
    else if (strcmp(why, SILK_SKIP_OTHER_EXT) == 0)
        r->skipped_other_ext++;
    else if (strcmp(why, SILK_SKIP_ABOUT) == 0)
        r->skipped_about++;
    else if (strcmp(why, SILK_SKIP_CSV) == 0)
        r->skipped_csv++;
    if (r->skipped_files++ >= SILK_INDEX_SKIPPED_NAMED)
        return;
    esc = silk_indexer__escape(path, strlen(path));
    snprintf(r->skipped + n, sizeof r->skipped - n, "%s%s: %s",
             n ? "; " : "", esc ? esc : "(a path)", why);
    free(esc);
}

/* See pipeline_int.h. */
void silk_pipeline__on_field_from(void *ctx, const char *path,
                                  unsigned long line, silk_reader_field_t field,
                                  const char *key)
{
    run_t *r = ctx;

    if (!speaks_for_input(r) || !(r->o->verbose || r->o->explain))
        return;
    say_at(r, path, line);
    fprintf(stderr, ": %s read from \"%s\"\n", silk_reader_field_name(field),
            key);
}

/* ---- the worker: article -> prepared documents ------------------------- */

/* --explain-facets output: one line per value. */
static void explain_line(void *ctx, const silk_article_t *a, long passage,
                         const char *field, const char *value, size_t start,
                         size_t end, const char *rule)
{
    (void)ctx;
    if (passage >= 0)
        printf("%s#%ld\t%s\t%s\t", a->id, passage, field, value);
    else
        printf("%s\t%s\t%s\t", a->id, field, value);
    if (end > start)
        printf("%zu-%zu\t%s\t\"", start, end, rule);
    else
        printf("-\t%s\t\"", rule);
    /* The text that produced it, on one line. */
    if (end > start && end <= a->body_len) {
        for (size_t i = start; i < end; i++) {
            char c = a->body[i];
            putchar(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
        }
    } else if (strcmp(field, "source") == 0) {
        fputs(a->source, stdout);
    } else if (strcmp(field, "date") == 0) {
        fputs(a->date, stdout);
    }
    fputs("\"\n", stdout);
}

/* Track input bytes for progress: the article came from raw_path. */
static void track_bytes(run_t *r, const silk_article_t *a)
{
    r->cur_text += a->body_len + strlen(a->title);
    if (r->cur_text > r->cur_size)
        r->cur_text = r->cur_size;
}

/* The interned absolute path of raw (cached across the articles of one
 * file; "" for standard input, which has no path to remove articles by);
 * NULL if memory ran out. */
static const char *article_path(run_t *r, const char *raw)
{
    struct stat sb;
    char *p;

    if (r->last_raw_copy && strcmp(r->last_raw_copy, raw) == 0)
        return r->last_path;
    /* A new file: the previous one is done. */
    r->completed_bytes += r->cur_size;
    r->cur_size = strcmp(raw, SILK_READER_STDIN) != 0 && stat(raw, &sb) == 0
                      ? (unsigned long long)sb.st_size : 0;
    r->cur_text = 0;
    free(r->last_raw_copy);
    r->last_raw_copy = silk_pipeline__dup_str(raw);
    p = strcmp(raw, SILK_READER_STDIN) == 0 ? silk_pipeline__dup_str("")
                                            : silk_pipeline__abs_path(r->cwd,
                                                                      raw);
    r->last_path = p && r->last_raw_copy ? silk_pipeline__intern(&r->paths,
                                                                 p) : NULL;
    free(p);
    return r->last_path;
}

/* Has this run met the article at (path, index) already? A file reached
 * twice (overlapping PATHs: "corpus corpus/a.txt", or "bbc bbc/tech"
 * giving it two ids) is the same article, read once. Notes it; returns
 * -1 if memory ran out. */
static int met_before(run_t *r, const char *path, unsigned long index)
{
    char key[32];
    size_t n = strlen(path);
    char *k = malloc(sizeof key + n);

    if (!k)
        return -1;
    snprintf(key, sizeof key, "%lu ", index);
    memcpy(k, key, strlen(key));
    memcpy(k + strlen(key), path, n + 1);
    n = strlen(k);
    if (silk_map_get(&r->places, k, n)) {
        free(k);
        return 1;
    }
    if (silk_map_put(&r->places, k, n, k) != 0) {
        free(k);
        return -1;
    }
    return 0;
}

/* The part callback of silk_docmaker_build_parts: queue a part of the
 * long article in hand. The first part tells the writer to take the old
 * passages out and to write a placeholder record, so that a commit inside
 * the article (or a kill) leaves an article that the next run rewrites. */
static int on_part(void *ctx, silk_article_docs_t *part)
{
    run_t *r = ctx;
    static const unsigned char zero[16];
    item_t *it = calloc(1, sizeof *it);

    if (!it) {
        fprintf(stderr, "silk-index: out of memory\n");
        r->worker_failed = 1;
        return -1;
    }
    it->kind = r->part_kind;
    it->docs = *part;
    memset(part, 0, sizeof *part);
    it->begins = !r->part_begun;
    it->ends = false;
    it->id = silk_pipeline__dup_str(r->part_id);
    it->record = it->begins ? silk_pipeline__record_format(zero, 0,
                                                           r->part_line,
                                            r->part_path)
                            : NULL;
    it->done_bytes = r->completed_bytes + r->cur_text;
    if (!it->id || (it->begins && !it->record)) {
        silk_pipeline__item_free(it);
        fprintf(stderr, "silk-index: out of memory\n");
        r->worker_failed = 1;
        return -1;
    }
    r->part_begun = true;
    if (silk_pipeline__queue_push(r, it) != 0) {
        r->part_stopped = true;
        return 1;
    }
    return 0;
}

/* Note once per file that it was read as Windows-1252. */
static void note_cp1252(run_t *r, const char *raw, const char *path)
{
    if (path == r->last_cp1252)
        return;
    r->last_cp1252 = path;
    if (!speaks_for_input(r))
        return;
    r->cp1252_files++;
    if (r->o->progress)
        fputs("\r\033[K", stderr);
    put_path(stderr, raw);
    fputs(": not UTF-8: read as Windows-1252 (Latin-1)\n", stderr);
}

/* See pipeline_int.h. */
int silk_pipeline__on_article(void *ctx, const silk_article_t *in)
{
    run_t *r = ctx;
    silk_article_t a = *in;
    record_t *rec;
    unsigned char hash[16];
    item_t *it = NULL;
    const char *lang = silk_docmaker_language(r->maker);
    int met;

    if (silk_pipeline__interrupted || r->stop_strict || r->worker_failed)
        return 1;
    a.path = article_path(r, in->path);
    if (!a.path)
        goto oom;
    track_bytes(r, in);
    if ((met = met_before(r, a.path, in->index)) < 0)
        goto oom;
    if (met)
        return 0;  /* the same file reached twice */
    if (in->cp1252)
        note_cp1252(r, in->path, a.path);
    if (r->o->nshards > 1 &&
        silk_pipeline_shard_of(a.id, r->o->nshards) != r->o->shard)
        return 0;  /* another shard's article */

    rec = silk_pipeline__record_get(r, a.id);
    if (rec && rec->seen) {
        if (r->o->progress)
            fputs("\r\033[K", stderr);
        fprintf(stderr, "silk-index: duplicate article id %s: ", a.id);
        put_path(stderr, rec->run_raw);
        if (rec->run_line)
            fprintf(stderr, ":%lu", rec->run_line);
        fputs(" and ", stderr);
        put_path(stderr, in->path);
        if (in->line)
            fprintf(stderr, ":%lu", in->line);
        fputs(" (the first is kept)\n", stderr);
        r->problems[PROBLEM_DUPLICATE]++;
        if (r->o->strict)
            r->stop_strict = 1;
        return r->stop_strict;
    }

    silk_pipeline__content_hash(&a, a.path, lang, hash);
    if (!rec) {
        rec = calloc(1, sizeof *rec);
        if (!rec)
            goto oom;
        rec->id = silk_pipeline__dup_str(a.id);
        if (!rec->id || silk_pipeline__record_put(r, rec) != 0) {
            free(rec->id);
            free(rec);
            goto oom;
        }
    }
    rec->seen = 1;
    rec->run_raw = r->last_raw_copy ? silk_pipeline__intern(&r->paths,
                                                            r->last_raw_copy)
                                    : a.path;
    rec->run_line = in->line;

    it = calloc(1, sizeof *it);
    if (!it || !rec->run_raw)
        goto oom;
    it->begins = it->ends = true;
    if (rec->in_db && memcmp(rec->hash, hash, 16) == 0 && !r->o->explain) {
        it->kind = ITEM_UNCHANGED;
    } else {
        it->kind = rec->in_db ? ITEM_CHANGE : ITEM_ADD;
        r->part_id = a.id;
        r->part_kind = it->kind;
        r->part_line = in->line;
        r->part_path = a.path;
        r->part_begun = false;
        if (silk_docmaker_build_parts(r->maker, &a, ARTICLE_PART_BYTES,
                                      ARTICLE_PART_POSTINGS,
                                      r->o->explain ? NULL : on_part, r,
                                      &it->docs,
                                      r->o->explain ? explain_line : NULL,
                                      NULL) != 0) {
            if (r->worker_failed || r->part_stopped) {   /* said why */
                silk_pipeline__item_free(it);
                return 1;
            }
            fprintf(stderr, "silk-index: ");
            put_path(stderr, in->path);
            fprintf(stderr, ": cannot index article %s: %s\n", a.id,
                    silk_errmsg()[0] ? silk_errmsg() : "out of memory");
            r->worker_failed = 1;
            silk_pipeline__item_free(it);
            return 1;
        }
        if (it->docs.words == 0) {
            /* No word a query could find (a title and body of punctuation
             * only): not "added"; an older version of it stays. */
            report(r, SILK_PROBLEM_EMPTY, in->path, in->line,
                   "no words to search in its title or text: skipped");
            keep_path(r, in->path);
            rec->seen = 0;
            silk_pipeline__item_free(it);
            return r->stop_strict;
        }
        if (!it->docs.date[0])
            r->no_date++;
        it->begins = !r->part_begun;
        it->id = silk_pipeline__dup_str(a.id);
        it->record = silk_pipeline__record_format(hash,
                                                  it->docs.first + it->docs.n,
                                   in->line, a.path);
        if (!it->id || !it->record)
            goto oom;
        memcpy(rec->hash, hash, 16);
        rec->path = a.path;
        rec->line = in->line;
    }
    it->done_bytes = r->completed_bytes + r->cur_text;
    if (r->o->explain) {
        silk_pipeline__item_free(it);
        return 0;
    }
    return silk_pipeline__queue_push(r, it) != 0;
oom:
    fprintf(stderr, "silk-index: out of memory\n");
    silk_pipeline__item_free(it);
    r->worker_failed = 1;
    return 1;
}

/* See pipeline_int.h. */
int silk_pipeline__walk(run_t *r, const silk_reader_cbs_t *cbs)
{
    silk_reader_opts_t ro = {
        .max_article_bytes = r->o->max_article_bytes,
        .all_files = r->o->all_files != 0,
        .field_keys = r->o->field_keys,
        .nfield_keys = r->o->nfield_keys,
    };
    return silk_reader_walk(&ro, r->o->paths, r->o->npaths, cbs, r);
}

/* See pipeline_int.h. */
void *silk_pipeline__worker_main(void *arg)
{
    run_t *r = arg;
    silk_reader_cbs_t cbs = {silk_pipeline__on_article,
                             silk_pipeline__on_problem,
                             silk_pipeline__on_skipped,
                             silk_pipeline__on_field_from};

    r->walk_rc = silk_pipeline__walk(r, &cbs);
    if (r->walk_rc == SILK_WALK_NO_MEMORY && !r->worker_failed) {
        fprintf(stderr, "silk-index: out of memory\n");
        r->worker_failed = 1;
    }
    pthread_mutex_lock(&r->mu);
    r->closed = 1;
    pthread_cond_broadcast(&r->can_pop);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

