/* pipeline.c: silk-index's run loop — a worker thread reads articles and
 * prepares their documents; the main thread alone writes to Xapian
 * (incremental by content hash, batched commits, removal, summary). */
#define _XOPEN_SOURCE 700
#include "pipeline.h"
#include "index_synonyms.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>

#include "document.h"
#include "indexer_int.h"
#include "reader.h"
#include "silk_clock.h"
#include "silk_map.h"
#include "silk_schema.h"
#include "silk_vec.h"
#include "silk_xapian.h"

/* Prepared articles waiting for the writer. Enough to keep the writer busy
 * while the worker analyses; small enough that memory stays flat. */
#define QUEUE_MAX_ITEMS 256
#define QUEUE_MAX_DOCS  4096

/* Text written per commit at most, whatever --commit-every says: Xapian
 * holds a batch in memory until the commit, so this bounds peak RSS when
 * articles are huge (a commit may then fall inside one article). */
#define COMMIT_MAX_BYTES (16u << 20)

/* Terms written per commit at most: what Xapian holds in memory until the
 * commit grows with the postings, not the text (an article naming 150
 * countries gives each passage 150 subject terms). About 100 bytes each in
 * Xapian 1.4's inverter, so this keeps a batch near 100 MB in the worst
 * case; Reuters' batches of 1000 articles hold about 0.2 M, the BBC's 0.5
 * M, so it cuts only batches of very long articles. */
#define COMMIT_MAX_POSTINGS (1u << 20)

/* An article with more passage text than this is built and written in
 * parts of about this size (silk_docmaker_build_parts), so that a 200 MB
 * article never has all its documents in memory at once. */
#define ARTICLE_PART_BYTES (1u << 20)
/* ... and a part holds at most this many terms (its documents take about
 * 100 bytes a term until written). */
#define ARTICLE_PART_POSTINGS (256u << 10)

/* Xapian 1.4 commits by itself every XAPIAN_FLUSH_THRESHOLD changed
 * documents. A commit between an article's passages and its record would
 * break "a committed record means its passages are there", so silk sets
 * the threshold above anything a batch reaches and commits itself. */
#define FLUSH_THRESHOLD "100000000"

/* How often the progress line is redrawn, in seconds. */
#define PROGRESS_EVERY 0.25

/* Hex digits of an XXH3-128 content hash. */
#define HASH_HEX 32

/* Our own problem kinds, after the reader's. */
enum {
    PROBLEM_DUPLICATE = SILK_PROBLEM_COUNT_, /* duplicate article id */
    PROBLEM_COUNT
};

/* How standard input is named in messages (as grep names it). */
#define STDIN_NAME "(standard input)"

_Static_assert(PROBLEM_COUNT <= SILK_INDEX_MAX_PROBLEMS,
               "silk_index_counts_t has no room for every problem kind");

static volatile sig_atomic_t interrupted;

/* ---- records: what the index knows of each article ---------------------- */

typedef struct record {
    char *id;
    unsigned char hash[16];
    const char *path;       /* interned, absolute */
    unsigned long line;
    unsigned char in_db;    /* it has a record in the index */
    unsigned char seen;     /* met in this run */
    const char *run_raw;    /* where it was first met in this run, as
                               walked (for messages) */
    unsigned long run_line;
} record_t;

/* Paths not read whole (absolute, owned). */
typedef SILK_VEC(char *) strvec_t;

/* ---- the work queue ----------------------------------------------------- */

typedef enum item_kind { ITEM_ADD, ITEM_CHANGE, ITEM_UNCHANGED } item_kind_t;

typedef struct item {
    struct item *next;
    item_kind_t kind;
    char *id;                    /* ADD, CHANGE */
    char *record;                /* the metadata value to store: the real
                                    one when ends, else a placeholder */
    bool begins, ends;           /* the article's first / last item (a long
                                    article comes in several) */
    silk_article_docs_t docs;
    unsigned long long done_bytes; /* input bytes read up to this article */
} item_t;

typedef struct run {
    const silk_index_opts_t *o;
    char *cwd;
    char **args;                 /* the PATH arguments, absolute */
    size_t nargs;
    silk_docmaker_t *maker;
    silk_db_t *db;

    silk_map_t records;          /* id -> record_t (owned) */
    silk_map_t paths;            /* interned strings: s -> s (owned) */
    silk_map_t places;           /* "INDEX PATH" of each article met (the
                                    key, owned): a file reached twice is
                                    read once */
    strvec_t kept;               /* paths not read whole: their unseen
                                    articles are kept, not removed */

    /* worker-side counts (read by main after the join) */
    unsigned long problems[PROBLEM_COUNT];
    unsigned long skipped_files;
    char skipped[sizeof ((silk_index_counts_t *)0)->skipped];
    unsigned long no_date, cp1252_files;
    const char *last_cp1252;     /* interned: the file last noted */
    int stop_strict;             /* --strict met a problem */
    int worker_failed;           /* a build failed (message printed) */
    int walk_rc;

    /* the article being built in parts (worker) */
    const char *part_id;
    item_kind_t part_kind;
    unsigned long part_line;
    const char *part_path;
    bool part_begun;
    bool part_stopped;           /* the writer gave up during a part */

    /* progress bookkeeping (worker) */
    char *last_raw_copy;
    const char *last_path;       /* interned */
    unsigned long long cur_size, cur_text, completed_bytes, total_bytes;

    /* the queue */
    pthread_mutex_t mu;
    pthread_cond_t can_pop, can_push;
    item_t *head, *tail;
    item_t *written;             /* written items, for the worker to free */
    size_t qitems, qdocs;
    int closed;                  /* the worker has finished */
    int writer_failed;           /* the writer gave up: stop producing */

    /* main-side counts */
    unsigned long added, changed, unchanged, removed, passages;
    unsigned long long done_bytes; /* input bytes written or skipped */
    int rebuild;                 /* --rebuild, or an older schema */
    int rebuilt_from;            /* that older schema; 0: none */
} run_t;

/* ---- small helpers ------------------------------------------------------ */

/* strdup that reports failure as NULL (strdup is not C11). */
static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* "s" unless n == 1, for summary wording. */
static const char *plural(unsigned long n)
{
    return n == 1 ? "" : "s";
}

/* The absolute, lexically normalised form of path (".", ".." and repeated
 * slashes resolved without following symlinks), malloc'ed; NULL if memory
 * ran out. */
static char *abs_path(const char *cwd, const char *path)
{
    size_t n = strlen(cwd) + strlen(path) + 3;
    char *joined = malloc(n), *out = malloc(n);
    size_t k = 0;
    const char *p;

    if (!joined || !out) {
        free(joined);
        free(out);
        return NULL;
    }
    if (path[0] == '/')
        snprintf(joined, n, "%s", path);
    else
        snprintf(joined, n, "%s/%s", cwd, path);
    p = joined;
    while (*p) {
        const char *e;
        size_t len;
        while (*p == '/')
            p++;
        e = strchr(p, '/');
        len = e ? (size_t)(e - p) : strlen(p);
        if (len == 0)
            break;
        if (len == 1 && p[0] == '.') {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (k > 0 && out[k - 1] != '/')
                k--;
            if (k > 0)
                k--;
        } else {
            out[k++] = '/';
            memcpy(out + k, p, len);
            k += len;
        }
        p += len;
    }
    if (k == 0)
        out[k++] = '/';
    out[k] = '\0';
    free(joined);
    return out;
}

/* Is path equal to dir or inside it? */
static bool path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0)
        return false;
    if (n == 1 && dir[0] == '/')
        return true;
    return path[n] == '\0' || path[n] == '/';
}

/* ---- tables (util/silk_map.h) ------------------------------------------ */

/* Add rec to the records by its id. 0, or -1 if memory ran out. */
static int record_put(run_t *r, record_t *rec)
{
    return silk_map_put(&r->records, rec->id, strlen(rec->id), rec);
}

/* The record of id, or NULL. */
static record_t *record_get(const run_t *r, const char *id)
{
    return silk_map_get(&r->records, id, strlen(id));
}

/* The interned copy of s (owned by t), or NULL if memory ran out. */
static const char *intern(silk_map_t *t, const char *s)
{
    size_t n = strlen(s);
    char *c = silk_map_get(t, s, n);
    if (c)
        return c;
    c = dup_str(s);
    if (!c || silk_map_put(t, c, n, c) != 0) {
        free(c);
        return NULL;
    }
    return c;
}

/* Free the strings of t (each its own key) and t's slots. */
static void strings_free(silk_map_t *t)
{
    size_t pos = 0;
    void *v;
    while (silk_map_next(t, &pos, NULL, &v))
        free(v);
    silk_map_fini(t);
}

/* ---- article records in the index -------------------------------------- */

/* Format the record value of an article: "HASH NPASSAGES LINE PATH"
 * (docs/index-format.md). malloc'ed; NULL if memory ran out. */
static char *record_format(const unsigned char hash[16], size_t npassages,
                           unsigned long line, const char *path)
{
    size_t n = HASH_HEX + 2 * 24 + strlen(path) + 4;
    char *s = malloc(n);
    if (!s)
        return NULL;
    for (int i = 0; i < 16; i++)
        snprintf(s + 2 * i, 3, "%02x", hash[i]);
    snprintf(s + HASH_HEX, n - HASH_HEX, " %zu %lu %s", npassages, line,
             path);
    return s;
}

/* Parse a record value into r (hash, line, path interned into paths).
 * A malformed record reads as hash 0 and no path: the article will count
 * as changed and be rewritten, and is never removed by path. */
static int record_parse(run_t *r, record_t *rec, const char *value)
{
    unsigned long np = 0, line = 0;
    int off = 0;
    bool ok = strlen(value) > HASH_HEX && value[HASH_HEX] == ' ';

    memset(rec->hash, 0, sizeof rec->hash);
    for (int i = 0; ok && i < 16; i++) {
        unsigned v;
        if (sscanf(value + 2 * i, "%2x", &v) != 1)
            ok = false;
        else
            rec->hash[i] = (unsigned char)v;
    }
    if (ok && sscanf(value + HASH_HEX, " %lu %lu %n", &np, &line, &off) >= 2 &&
        off > 0) {
        rec->path = intern(&r->paths, value + HASH_HEX + off);
        rec->line = line;
        return rec->path ? 0 : -1;
    }
    memset(rec->hash, 0, sizeof rec->hash);
    rec->path = intern(&r->paths, "");
    return rec->path ? 0 : -1;
}

/* silk_db_metadata_foreach callback: load one article record. */
static int load_record(void *ctx, const char *key, const char *value)
{
    run_t *r = ctx;
    record_t *rec = calloc(1, sizeof *rec);

    if (!rec)
        return -1;
    rec->id = dup_str(key + strlen(SILK_META_ARTICLE));
    if (!rec->id || record_parse(r, rec, value) != 0 ||
        record_put(r, rec) != 0) {
        free(rec->id);
        free(rec);
        return -1;
    }
    rec->in_db = 1;
    return 0;
}

/* The XXH3-128 content hash of everything that shapes an article's
 * documents: schema version, language, id, title, body, date, source, url,
 * extra and path, each length-prefixed so that fields cannot run into each
 * other. */
static void content_hash(const silk_article_t *a, const char *path,
                         const char *lang, unsigned char out[16])
{
    XXH3_state_t st; /* on the stack: no allocation, no failure path */
    XXH128_hash_t h;
    XXH128_canonical_t c;
    char schema[16];
    const char *fields[10];
    size_t lens[10];

    snprintf(schema, sizeof schema, "%d", SILK_SCHEMA_VERSION);
    fields[0] = schema;   lens[0] = strlen(schema);
    fields[1] = lang;     lens[1] = strlen(lang);
    fields[2] = a->id;    lens[2] = strlen(a->id);
    fields[3] = a->title; lens[3] = strlen(a->title);
    fields[4] = a->body;  lens[4] = a->body_len;
    fields[5] = a->date;  lens[5] = strlen(a->date);
    fields[6] = a->source; lens[6] = strlen(a->source);
    fields[7] = a->url;   lens[7] = strlen(a->url);
    fields[8] = a->extra; lens[8] = strlen(a->extra);
    fields[9] = path;     lens[9] = strlen(path);
    XXH3_128bits_reset(&st);
    for (int i = 0; i < 10; i++) {
        uint64_t n = lens[i];
        XXH3_128bits_update(&st, &n, sizeof n);
        XXH3_128bits_update(&st, fields[i], lens[i]);
    }
    h = XXH3_128bits_digest(&st);
    XXH128_canonicalFromHash(&c, h);
    memcpy(out, c.digest, 16);
}

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
    char *p = strcmp(path, SILK_READER_STDIN) == 0 ? NULL
                                                    : abs_path(r->cwd, path);
    if (p && silk_vec_push(&r->kept, p) != 0) {
        /* Out of memory for the list: removing nothing at all is safe. */
        free(p);
        r->worker_failed = 1;
        fprintf(stderr, "silk-index: out of memory\n");
    }
}

/* Reader callback: a problem. A file not read whole keeps its records;
 * memory running out stops the run. */
static void on_problem(void *ctx, silk_problem_t kind, const char *path,
                       unsigned long line, const char *reason)
{
    run_t *r = ctx;

    if (kind == SILK_PROBLEM_NO_MEMORY) {
        if (r->o->progress)
            fputs("\r\033[K", stderr);
        fputs("silk-index: ", stderr);
        put_path(stderr, path);
        if (line > 0)
            fprintf(stderr, ":%lu", line);
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

/* Reader callback: a file that is not a corpus file. The summary names
 * the first few. */
static void on_skipped(void *ctx, const char *path, const char *why)
{
    run_t *r = ctx;
    size_t n = strlen(r->skipped);
    char *esc;

    if (!speaks_for_input(r))
        return;
    if (r->skipped_files++ >= SILK_INDEX_SKIPPED_NAMED)
        return;
    esc = silk_indexer__escape(path, strlen(path));
    snprintf(r->skipped + n, sizeof r->skipped - n, "%s%s: %s",
             n ? "; " : "", esc ? esc : "(a path)", why);
    free(esc);
}

/* ---- the queue ---------------------------------------------------------- */

/* Free an item and its documents; NULL is a no-op. */
static void item_free(item_t *it)
{
    if (!it)
        return;
    silk_article_docs_clear(&it->docs);
    free(it->id);
    free(it->record);
    free(it);
}

/* Free a list of items linked by next. */
static void free_items(item_t *it)
{
    while (it) {
        item_t *next = it->next;
        item_free(it);
        it = next;
    }
}

/* Writer: give a written item back for the worker to free. The worker
 * allocated its documents; freeing them there keeps the writer — the
 * bottleneck — on Xapian work, and glibc's frees in the allocating
 * thread's arena. */
static void queue_recycle(run_t *r, item_t *it)
{
    pthread_mutex_lock(&r->mu);
    it->next = r->written;
    r->written = it;
    pthread_mutex_unlock(&r->mu);
}

/* Worker: hand it to the writer, waiting while the queue is full. Returns
 * 0, or -1 if the writer gave up (it is freed then). */
static int queue_push(run_t *r, item_t *it)
{
    item_t *garbage;

    pthread_mutex_lock(&r->mu);
    garbage = r->written;
    r->written = NULL;
    while (!r->writer_failed && r->qitems > 0 &&
           (r->qitems >= QUEUE_MAX_ITEMS ||
            r->qdocs + it->docs.n > QUEUE_MAX_DOCS))
        pthread_cond_wait(&r->can_push, &r->mu);
    if (r->writer_failed) {
        pthread_mutex_unlock(&r->mu);
        item_free(it);
        free_items(garbage);
        return -1;
    }
    if (r->tail)
        r->tail->next = it;
    else
        r->head = it;
    r->tail = it;
    r->qitems++;
    r->qdocs += it->docs.n;
    pthread_cond_signal(&r->can_pop);
    pthread_mutex_unlock(&r->mu);
    free_items(garbage);
    return 0;
}

/* Writer: the next item, waiting up to timeout seconds; NULL when the queue
 * is empty (then *finished says whether the worker is done). */
static item_t *queue_pop(run_t *r, double timeout, int *finished)
{
    item_t *it = NULL;
    struct timespec dl;

    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += (time_t)timeout;
    dl.tv_nsec += (long)((timeout - (double)(time_t)timeout) * 1e9);
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&r->mu);
    while (!r->head && !r->closed)
        if (pthread_cond_timedwait(&r->can_pop, &r->mu, &dl) == ETIMEDOUT)
            break;
    if (r->head) {
        it = r->head;
        r->head = it->next;
        if (!r->head)
            r->tail = NULL;
        r->qitems--;
        r->qdocs -= it->docs.n;
        pthread_cond_signal(&r->can_push);
    }
    *finished = !r->head && r->closed;
    pthread_mutex_unlock(&r->mu);
    return it;
}

/* Writer: stop the worker (it drops what it makes from now on). */
static void queue_fail(run_t *r)
{
    pthread_mutex_lock(&r->mu);
    r->writer_failed = 1;
    pthread_cond_broadcast(&r->can_push);
    pthread_mutex_unlock(&r->mu);
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
    r->last_raw_copy = dup_str(raw);
    p = strcmp(raw, SILK_READER_STDIN) == 0 ? dup_str("")
                                            : abs_path(r->cwd, raw);
    r->last_path = p && r->last_raw_copy ? intern(&r->paths, p) : NULL;
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
    it->id = dup_str(r->part_id);
    it->record = it->begins ? record_format(zero, 0, r->part_line,
                                            r->part_path)
                            : NULL;
    it->done_bytes = r->completed_bytes + r->cur_text;
    if (!it->id || (it->begins && !it->record)) {
        item_free(it);
        fprintf(stderr, "silk-index: out of memory\n");
        r->worker_failed = 1;
        return -1;
    }
    r->part_begun = true;
    if (queue_push(r, it) != 0) {
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

/* Reader callback: one article. Decides added / changed / unchanged by
 * content hash and queues the prepared documents. Returns non-zero to stop
 * the walk (interrupt, --strict, failure). */
static int on_article(void *ctx, const silk_article_t *in)
{
    run_t *r = ctx;
    silk_article_t a = *in;
    record_t *rec;
    unsigned char hash[16];
    item_t *it = NULL;
    const char *lang = silk_docmaker_language(r->maker);
    int met;

    if (interrupted || r->stop_strict || r->worker_failed)
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

    rec = record_get(r, a.id);
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

    content_hash(&a, a.path, lang, hash);
    if (!rec) {
        rec = calloc(1, sizeof *rec);
        if (!rec)
            goto oom;
        rec->id = dup_str(a.id);
        if (!rec->id || record_put(r, rec) != 0) {
            free(rec->id);
            free(rec);
            goto oom;
        }
    }
    rec->seen = 1;
    rec->run_raw = r->last_raw_copy ? intern(&r->paths, r->last_raw_copy)
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
                item_free(it);
                return 1;
            }
            fprintf(stderr, "silk-index: ");
            put_path(stderr, in->path);
            fprintf(stderr, ": cannot index article %s: %s\n", a.id,
                    silk_errmsg()[0] ? silk_errmsg() : "out of memory");
            r->worker_failed = 1;
            item_free(it);
            return 1;
        }
        if (it->docs.words == 0) {
            /* No word a query could find (a title and body of punctuation
             * only): not "added"; an older version of it stays. */
            report(r, SILK_PROBLEM_EMPTY, in->path, in->line,
                   "no words to search in its title or text: skipped");
            keep_path(r, in->path);
            rec->seen = 0;
            item_free(it);
            return r->stop_strict;
        }
        if (!it->docs.date[0])
            r->no_date++;
        it->begins = !r->part_begun;
        it->id = dup_str(a.id);
        it->record = record_format(hash, it->docs.first + it->docs.n,
                                   in->line, a.path);
        if (!it->id || !it->record)
            goto oom;
        memcpy(rec->hash, hash, 16);
        rec->path = a.path;
        rec->line = in->line;
    }
    it->done_bytes = r->completed_bytes + r->cur_text;
    if (r->o->explain) {
        item_free(it);
        return 0;
    }
    return queue_push(r, it) != 0;
oom:
    fprintf(stderr, "silk-index: out of memory\n");
    item_free(it);
    r->worker_failed = 1;
    return 1;
}

/* Walk the PATH arguments with the run's reader options. */
static int walk(run_t *r, const silk_reader_cbs_t *cbs)
{
    silk_reader_opts_t ro = {r->o->max_article_bytes, r->o->all_files != 0};
    return silk_reader_walk(&ro, r->o->paths, r->o->npaths, cbs, r);
}

/* The worker thread: walk the corpus, then close the queue. */
static void *worker_main(void *arg)
{
    run_t *r = arg;
    silk_reader_cbs_t cbs = {on_article, on_problem, on_skipped};

    r->walk_rc = walk(r, &cbs);
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

/* ---- the writer --------------------------------------------------------- */

/* Report a shim failure as "silk-index: WHAT: message". */
static void db_error(const char *what)
{
    fprintf(stderr, "silk-index: %s: %s\n", what, silk_errmsg());
}

/* Write one prepared item: when it begins its article, the old passages
 * out (a change) and, for an article in parts, a placeholder record; its
 * passages in; when it ends the article, its record — all in the same
 * (pending) commit for an article in one item. Returns 0 or -1. */
static int write_item(run_t *r, const item_t *it)
{
    char key[sizeof SILK_META_ARTICLE + SILK_MAX_ID_BYTES + 1];
    char term[sizeof SILK_PREFIX_ARTICLE + SILK_MAX_ID_BYTES + 1];

    snprintf(term, sizeof term, "%s%s", SILK_PREFIX_ARTICLE, it->id);
    snprintf(key, sizeof key, "%s%s", SILK_META_ARTICLE, it->id);
    if (it->begins && it->kind == ITEM_CHANGE &&
        silk_db_delete_docs(r->db, term) != SILK_OK) {
        db_error("cannot delete old passages");
        return -1;
    }
    if (it->begins && !it->ends &&
        silk_db_set_metadata(r->db, key, it->record) != SILK_OK) {
        db_error("cannot store the article record");
        return -1;
    }
    for (size_t i = 0; i < it->docs.n; i++) {
        if (silk_db_add_doc(r->db, it->docs.docs[i], NULL) != SILK_OK) {
            db_error("cannot add a passage");
            return -1;
        }
    }
    if (it->ends && silk_db_set_metadata(r->db, key, it->record) != SILK_OK) {
        db_error("cannot store the article record");
        return -1;
    }
    return 0;
}

/* Commit, checking the result. Returns 0 or -1 (message printed). */
static int commit(run_t *r)
{
    if (silk_db_commit(r->db) != SILK_OK) {
        db_error("commit failed (the index keeps its last commit)");
        return -1;
    }
    return 0;
}

/* Draw the progress line. */
static void draw_progress(const run_t *r, double t0)
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
    char *c = dup_str(s);
    if (!c || silk_vec_push(v, c) != 0) {
        free(c);
        v->failed = true;
    }
}

/* Free v's strings and array. */
static void strvec_free(strvec_t *v)
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

/* --rebuild: delete every passage and article record (uncommitted: the old
 * index stays visible until the first commit). Returns 0 or -1. */
static int wipe(run_t *r)
{
    strvec_t terms = {0}, keys = {0};
    int rc = -1;

    if (silk_db_terms_foreach(r->db, SILK_PREFIX_ARTICLE, collect_term,
                              &terms) != SILK_OK ||
        silk_db_metadata_foreach(r->db, SILK_META_ARTICLE, collect_key,
                                 &keys) != SILK_OK) {
        db_error("cannot list the index for --rebuild");
        goto done;
    }
    if (terms.failed || keys.failed) {
        fprintf(stderr, "silk-index: out of memory\n");
        goto done;
    }
    for (size_t i = 0; i < terms.n; i++)
        if (silk_db_delete_docs(r->db, terms.v[i]) != SILK_OK) {
            db_error("cannot delete passages for --rebuild");
            goto done;
        }
    for (size_t i = 0; i < keys.n; i++)
        if (silk_db_set_metadata(r->db, keys.v[i], "") != SILK_OK) {
            db_error("cannot delete article records for --rebuild");
            goto done;
        }
    rc = 0;
done:
    strvec_free(&terms);
    strvec_free(&keys);
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
        under = path_under(rec->path, r->args[i]);
    if (!under)
        return false;
    for (size_t i = 0; i < r->kept.n; i++)
        if (path_under(rec->path, r->kept.v[i]))
            return false;
    return true;
}

/* Remove the articles of the PATH arguments not seen in this complete walk,
 * committing every commit_every removals. Returns 0 or -1. */
static int remove_unseen(run_t *r, unsigned long *pending)
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
            db_error("cannot remove an article");
            return -1;
        }
        r->removed++;
        if (++*pending >= r->o->commit_every) {
            if (commit(r) != 0)
                return -1;
            *pending = 0;
        }
    }
    return 0;
}

/* ---- setup -------------------------------------------------------------- */

static unsigned long long stat_total;

/* nftw callback: add the size of each corpus file (by the extensions the
 * reader knows, in any case; a gzip'ed file by its compressed size). */
static int add_size(const char *path, const struct stat *sb, int type,
                    struct FTW *ftw)
{
    static const char *const exts[] = {".txt", ".jsonl", ".ndjson", ".json",
                                       ".gz", ".meta"};
    const char *dot = strrchr(path + ftw->base, '.');
    if (type != FTW_F || !S_ISREG(sb->st_mode) || !dot)
        return 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strcasecmp(dot, exts[i]) == 0) {
            stat_total += (unsigned long long)sb->st_size;
            break;
        }
    return 0;
}

/* The total size of the corpus files under the PATH arguments (for ETA and
 * MB/s). Not thread-safe (nftw has no context pointer): setup only. */
static unsigned long long corpus_bytes(const silk_index_opts_t *o)
{
    stat_total = 0;
    for (size_t i = 0; i < o->npaths; i++) {
        struct stat sb;
        if (stat(o->paths[i], &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode))
            stat_total += (unsigned long long)sb.st_size;
        else if (S_ISDIR(sb.st_mode))
            nftw(o->paths[i], add_size, 32, FTW_PHYS);
    }
    return stat_total;
}

/* Open (or create) the index, check its schema and language, and settle
 * the language into *lang (malloc'ed). Returns SILK_EXIT_OK or
 * SILK_EXIT_ERROR (message printed). */
static int open_index(run_t *r, char **lang)
{
    const silk_index_opts_t *o = r->o;
    char *schema = NULL, *stored = NULL;
    silk_db_stats_t stats;
    silk_status_t st;
    char want[16];
    int rc = SILK_EXIT_ERROR;

    *lang = NULL;
    setenv("XAPIAN_FLUSH_THRESHOLD", FLUSH_THRESHOLD, 1);
    st = silk_db_open_write(&r->db, o->index, 1,
                            (unsigned)(o->lock_timeout * 1000.0));
    if (st == SILK_LOCKED) {
        fprintf(stderr, "silk-index: another silk-index is writing %s "
                "(lock held); try again when it finishes\n", o->index);
        goto done;
    }
    if (st != SILK_OK) {
        fprintf(stderr, "silk-index: cannot open or create the index %s: "
                "%s\n", o->index, silk_errmsg());
        goto done;
    }
    if (silk_db_get_metadata(r->db, SILK_META_SCHEMA, &schema) != SILK_OK ||
        silk_db_get_metadata(r->db, SILK_META_LANG, &stored) != SILK_OK ||
        silk_db_stats(r->db, &stats) != SILK_OK) {
        db_error(o->index);
        goto done;
    }
    snprintf(want, sizeof want, "%d", SILK_SCHEMA_VERSION);
    if (!schema[0] && stats.doccount > 0) {
        fprintf(stderr, "silk-index: %s is a Xapian database but not a silk "
                "index; refusing to touch it (give another -i)\n", o->index);
        goto done;
    }
    r->rebuild = o->rebuild;
    if (schema[0] && strcmp(schema, want) != 0) {
        /* An older silk's index is rebuilt at once (its ids and passages
         * are not this schema's, and every article's hash covers the
         * schema, so nothing could be kept); a newer one is left alone. */
        char *end;
        long old = strtol(schema, &end, 10);
        if (*end == '\0' && old >= 1 && old < SILK_SCHEMA_VERSION) {
            r->rebuild = 1;
            r->rebuilt_from = (int)old;
        } else if (!o->rebuild) {
            fprintf(stderr, "silk-index: index %s has schema %s, this "
                    "silk-index writes %s: index it with the silk that "
                    "wrote it, or start over with --rebuild\n", o->index,
                    schema, want);
            goto done;
        }
    }
    if (o->lang) {
        silk_docmaker_t *probe;
        silk_status_t mst = silk_docmaker_open(&probe, o->lang);
        const char *canon = probe ? silk_docmaker_language(probe) : NULL;
        if (mst == SILK_NO_MEMORY) {
            fprintf(stderr, "silk-index: out of memory\n");
            goto done;
        }
        if (!canon) {
            fprintf(stderr, "silk-index: unknown language '%s' (silk-stem "
                    "--help lists them)\n", o->lang);
            silk_docmaker_free(probe);
            goto done;
        }
        if (stored[0] && schema[0] && strcmp(stored, canon) != 0 &&
            !r->rebuild) {
            fprintf(stderr, "silk-index: index %s is in %s, not %s: index it "
                    "without --lang (or --lang %s), or start over with "
                    "--rebuild --lang %s\n", o->index, stored, canon, stored,
                    canon);
            silk_docmaker_free(probe);
            goto done;
        }
        *lang = dup_str(canon);
        silk_docmaker_free(probe);
    } else {
        *lang = dup_str(stored[0] ? stored : "english");
    }
    if (!*lang)
        goto done;
    rc = SILK_EXIT_OK;
done:
    free(schema);
    free(stored);
    return rc;
}

/* Write the schema and language when the index is new or rebuilt, or load
 * the article records otherwise. Returns 0 or -1 (message printed). */
static int prepare_index(run_t *r, const char *lang)
{
    char *schema = NULL;
    char want[16];
    int rc = -1;

    snprintf(want, sizeof want, "%d", SILK_SCHEMA_VERSION);
    if (silk_db_get_metadata(r->db, SILK_META_SCHEMA, &schema) != SILK_OK) {
        db_error(r->o->index);
        goto done;
    }
    if (r->rebuild && wipe(r) != 0)
        goto done;
    if (r->rebuild || !schema[0]) {
        if (silk_db_set_metadata(r->db, SILK_META_SCHEMA, want) != SILK_OK ||
            silk_db_set_metadata(r->db, SILK_META_LANG, lang) != SILK_OK) {
            db_error("cannot write the schema");
            goto done;
        }
        /* A new index is usable (and checkable) at once, even if this run
         * is stopped before its first batch. */
        if (!r->rebuild && commit(r) != 0)
            goto done;
    } else if (silk_db_metadata_foreach(r->db, SILK_META_ARTICLE, load_record,
                                        r) != SILK_OK) {
        db_error("cannot read the article records");
        goto done;
    }
    if (silk_index_synonyms_store(r->db, r->o->synonyms,
                                  r->o->synonyms_keep && !r->o->rebuild) != 0)
        goto done;
    rc = 0;
done:
    free(schema);
    return rc;
}

/* The counts of run r. */
static void run_counts(const run_t *r, silk_index_counts_t *c)
{
    memset(c, 0, sizeof *c);
    c->added = r->added;
    c->changed = r->changed;
    c->unchanged = r->unchanged;
    c->removed = r->removed;
    c->passages = r->passages;
    c->skipped_files = r->skipped_files;
    memcpy(c->skipped, r->skipped, sizeof c->skipped);
    c->no_date = r->no_date;
    c->cp1252_files = r->cp1252_files;
    c->input_bytes = r->total_bytes;
    c->rebuilt_from = r->rebuilt_from;
    for (int i = 0; i < PROBLEM_COUNT; i++)
        c->problems[i] = r->problems[i];
}

/* See pipeline.h. */
void silk_pipeline_summary(const silk_index_counts_t *c, double secs)
{
    /* The reader's kinds by the reader's names, then our own. */
    static const char *const own[PROBLEM_COUNT - SILK_PROBLEM_COUNT_] = {
        "duplicate id"};
    unsigned long nprob = 0;
    unsigned long searchable = c->added + c->changed + c->unchanged;
    double mbs = secs > 0 ? (double)c->input_bytes / 1e6 / secs : 0;

    for (int i = 0; i < PROBLEM_COUNT; i++)
        nprob += c->problems[i];
    printf("silk-index: %lu added, %lu changed, %lu unchanged, %lu removed; "
           "%lu searchable article%s; %lu passage%s; %lu skipped file%s",
           c->added, c->changed, c->unchanged, c->removed, searchable,
           plural(searchable), c->passages, plural(c->passages),
           c->skipped_files, plural(c->skipped_files));
    if (c->skipped[0])
        printf(" (%s%s)", c->skipped,
               c->skipped_files > SILK_INDEX_SKIPPED_NAMED ? "; ..." : "");
    printf("; %lu without date", c->no_date);
    if (c->cp1252_files)
        printf("; %lu file%s read as Windows-1252", c->cp1252_files,
               plural(c->cp1252_files));
    if (c->rebuilt_from)
        printf("; index rebuilt (it had schema %d, this silk-index writes "
               "%d)", c->rebuilt_from, SILK_SCHEMA_VERSION);
    printf("; problems: %lu", nprob);
    if (nprob) {
        const char *sep = " (";
        for (int i = 0; i < PROBLEM_COUNT; i++) {
            if (!c->problems[i])
                continue;
            printf("%s%lu %s", sep, c->problems[i],
                   i < SILK_PROBLEM_COUNT_
                       ? silk_problem_str((silk_problem_t)i)
                       : own[i - SILK_PROBLEM_COUNT_]);
            sep = ", ";
        }
        putchar(')');
    }
    printf("; %.2f s, %.1f MB/s\n", secs, mbs);
    fflush(stdout);
}

/* See pipeline.h. */
unsigned silk_pipeline_shard_of(const char *id, unsigned nshards)
{
    if (nshards <= 1)
        return 0;
    return (unsigned)(XXH3_64bits(id, strlen(id)) % nshards);
}

/* See pipeline.h. */
int silk_pipeline_exit_status(const silk_index_counts_t *c, int strict)
{
    for (int i = 0; i < PROBLEM_COUNT; i++)
        if (c->problems[i])
            return strict ? SILK_EXIT_ERROR : SILK_EXIT_PROBLEMS;
    return SILK_EXIT_OK;
}

/* ---- the run ------------------------------------------------------------ */

/* See pipeline.h. */
void silk_pipeline_interrupt(void)
{
    interrupted = 1;
}

/* Set up the run's paths. Returns 0 or -1 (out of memory). */
static int run_init(run_t *r, const silk_index_opts_t *o)
{
    size_t cap = 256;

    memset(r, 0, sizeof *r);
    r->o = o;
    pthread_mutex_init(&r->mu, NULL);
    pthread_cond_init(&r->can_pop, NULL);
    pthread_cond_init(&r->can_push, NULL);
    for (;;) {
        char *buf = malloc(cap);
        if (!buf)
            return -1;
        if (getcwd(buf, cap)) {
            r->cwd = buf;
            break;
        }
        free(buf);
        if (errno != ERANGE) {
            r->cwd = dup_str("/");
            if (!r->cwd)
                return -1;
            break;
        }
        cap *= 2;
    }
    r->args = calloc(o->npaths ? o->npaths : 1, sizeof *r->args);
    if (!r->args)
        return -1;
    for (size_t i = 0; i < o->npaths; i++) {
        r->args[i] = abs_path(r->cwd, o->paths[i]);
        if (!r->args[i])
            return -1;
        r->nargs++;
    }
    return 0;
}

/* Free everything the run holds. */
static void run_free(run_t *r)
{
    free_items(r->head);
    free_items(r->written);
    silk_db_free(r->db);
    silk_docmaker_free(r->maker);
    size_t pos = 0;
    void *rec;
    while (silk_map_next(&r->records, &pos, NULL, &rec)) {
        free(((record_t *)rec)->id);
        free(rec);
    }
    silk_map_fini(&r->records);
    strings_free(&r->paths);
    strings_free(&r->places);
    for (size_t i = 0; i < r->nargs; i++)
        free(r->args[i]);
    free(r->args);
    strvec_free(&r->kept);
    free(r->last_raw_copy);
    free(r->cwd);
    pthread_mutex_destroy(&r->mu);
    pthread_cond_destroy(&r->can_pop);
    pthread_cond_destroy(&r->can_push);
}

/* The exit status for the counts of a finished run. */
static int exit_status(const run_t *r)
{
    silk_index_counts_t c;

    run_counts(r, &c);
    return silk_pipeline_exit_status(&c, r->o->strict);
}

/* --explain-facets: walk and explain, in this thread, writing nothing. */
static int run_explain(run_t *r)
{
    silk_reader_cbs_t cbs = {on_article, on_problem, on_skipped};

    silk_status_t st = silk_docmaker_open(&r->maker, r->o->lang);
    if (st != SILK_OK) {
        if (st == SILK_NO_MEMORY)
            fprintf(stderr, "silk-index: out of memory\n");
        else
            fprintf(stderr, "silk-index: unknown language '%s' (silk-stem "
                    "--help lists them)\n", r->o->lang ? r->o->lang : "english");
        return SILK_EXIT_ERROR;
    }
    r->walk_rc = walk(r, &cbs);
    fflush(stdout);
    if (r->worker_failed || r->walk_rc == SILK_WALK_NO_MEMORY)
        return SILK_EXIT_ERROR;
    if (interrupted)
        return SILK_EXIT_INTERRUPTED;
    return exit_status(r);
}

/* The writer loop: pop prepared articles and write them, committing in
 * batches. Returns 0, or -1 after a write or commit failure. */
static int write_loop(run_t *r, double t0, unsigned long *pending)
{
    unsigned long long batch_bytes = 0, batch_postings = 0;
    double last_draw = 0;
    int finished = 0;

    while (!finished) {
        item_t *it;
        if (interrupted) {
            /* Finish the article in hand only: what is queued behind it
             * has no record yet, so the next run does it. */
            queue_fail(r);
            for (int fin = 0; !fin;)
                item_free(queue_pop(r, PROGRESS_EVERY, &fin));
            return 0;
        }
        it = queue_pop(r, PROGRESS_EVERY, &finished);
        if (it) {
            if (it->kind == ITEM_UNCHANGED) {
                r->unchanged++;
            } else {
                if (write_item(r, it) != 0) {
                    item_free(it);
                    return -1;
                }
                if (it->ends && it->kind == ITEM_ADD)
                    r->added++;
                else if (it->ends)
                    r->changed++;
                r->passages += it->docs.n;
                batch_bytes += it->docs.text_bytes;
                batch_postings += it->docs.postings;
                *pending += it->ends;
            }
            if (*pending >= r->o->commit_every ||
                batch_bytes >= COMMIT_MAX_BYTES ||
                batch_postings >= COMMIT_MAX_POSTINGS) {
                if (commit(r) != 0) {
                    item_free(it);
                    return -1;
                }
                *pending = 0;
                batch_bytes = 0;
                batch_postings = 0;
            }
            r->done_bytes = it->done_bytes;
            if (r->o->progress && silk_clock_now() - last_draw >= PROGRESS_EVERY) {
                draw_progress(r, t0);
                last_draw = silk_clock_now();
            }
            queue_recycle(r, it);
        } else if (r->o->progress && silk_clock_now() - last_draw >= PROGRESS_EVERY) {
            draw_progress(r, t0);
            last_draw = silk_clock_now();
        }
    }
    return 0;
}

/* See pipeline.h. */
int silk_pipeline_run(const silk_index_opts_t *o)
{
    run_t r;
    pthread_t worker;
    bool started = false, complete;
    char *lang = NULL;
    unsigned long pending = 0;
    silk_index_counts_t counts;
    int rc = SILK_EXIT_ERROR, wrc;
    double t0 = silk_clock_now();

    if (run_init(&r, o) != 0) {
        fprintf(stderr, "silk-index: out of memory\n");
        goto done;
    }
    if (o->explain) {
        rc = run_explain(&r);
        goto done;
    }
    r.total_bytes = corpus_bytes(o);
    if (open_index(&r, &lang) != SILK_EXIT_OK)
        goto done;
    silk_status_t st = silk_docmaker_open(&r.maker, lang);
    if (st != SILK_OK) {
        if (st == SILK_NO_MEMORY)
            fprintf(stderr, "silk-index: out of memory\n");
        else
            fprintf(stderr, "silk-index: cannot set up the analyser for "
                    "'%s'\n", lang);
        goto done;
    }
    if (prepare_index(&r, lang) != 0)
        goto done;

    if (pthread_create(&worker, NULL, worker_main, &r) != 0) {
        fprintf(stderr, "silk-index: cannot start the worker thread\n");
        goto done;
    }
    started = true;
    wrc = write_loop(&r, t0, &pending);
    if (wrc != 0) {
        queue_fail(&r);
        /* Drain what the worker had queued, so it can finish. */
        for (int fin = 0; !fin;)
            item_free(queue_pop(&r, PROGRESS_EVERY, &fin));
    }
    pthread_join(worker, NULL);
    started = false;
    if (o->progress)
        fputs("\r\033[K", stderr);
    if (wrc != 0 || r.worker_failed)
        goto done;  /* the batch in hand is discarded: last commit stands */

    /* The walk was complete unless something stopped it. A PATH that does
     * not exist (walk_rc -1) does not: it is in the kept list, which
     * keeps the records under it. */
    complete = !interrupted && !r.stop_strict;
    if (complete && remove_unseen(&r, &pending) != 0)
        goto done;
    if (commit(&r) != 0)
        goto done;
    run_counts(&r, &counts);
    if (o->counts)
        *o->counts = counts;
    if (!o->quiet)
        silk_pipeline_summary(&counts, silk_clock_now() - t0);
    if (interrupted) {
        fprintf(stderr, "silk-index: interrupted: run again to finish\n");
        rc = SILK_EXIT_INTERRUPTED;
    } else if (r.stop_strict) {
        fprintf(stderr, "silk-index: stopped at the first problem "
                "(--strict)\n");
        rc = SILK_EXIT_ERROR;
    } else {
        rc = exit_status(&r);
    }
done:
    if (started) {
        queue_fail(&r);
        pthread_join(worker, NULL);
    }
    free(lang);
    run_free(&r);
    return rc;
}
