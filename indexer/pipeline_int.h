/* pipeline_int.h: what the parts of silk-index's run loop share — the
 * run's state (run_t), the article records, the work queue's items, and
 * the silk_pipeline__ functions each part offers the others:
 * pipeline.c (helpers, setup, the run and its summary), pipeline_records.c
 * (records and the tables), pipeline_queue.c, pipeline_worker.c (article ->
 * documents, problems) and pipeline_writer.c (Xapian writes, commits,
 * --rebuild, removal). Not for other modules: they use pipeline.h.
 */
#ifndef SILK_PIPELINE_INT_H
#define SILK_PIPELINE_INT_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "document.h"
#include "pipeline.h"
#include "reader.h"
#include "silk_map.h"
#include "silk_vec.h"
#include "silk_xapian.h"

/* Our own problem kinds, after the reader's. */
enum {
    PROBLEM_DUPLICATE = SILK_PROBLEM_COUNT_, /* duplicate article id */
    PROBLEM_COUNT
};

_Static_assert(PROBLEM_COUNT <= SILK_INDEX_MAX_PROBLEMS,
               "silk_index_counts_t has no room for every problem kind");

/* Set by silk_pipeline_interrupt (a signal handler): stop soon. */
extern volatile sig_atomic_t silk_pipeline__interrupted;

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

/* Owned strings: the paths not read whole, --rebuild's terms and keys. */
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
    unsigned long skipped_no_ext, skipped_other_ext, skipped_about;
    unsigned long skipped_csv;
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

/* ---- pipeline.c: helpers, setup and the run ---- */

/* strdup that reports failure as NULL (strdup is not C11). */
char *silk_pipeline__dup_str(const char *s);

/* The absolute, lexically normalised form of path (".", ".." and repeated
 * slashes resolved without following symlinks), malloc'ed; NULL if memory
 * ran out. */
char *silk_pipeline__abs_path(const char *cwd, const char *path);

/* Is path equal to dir or inside it? */
bool silk_pipeline__path_under(const char *path, const char *dir);

/* ---- pipeline_records.c: records and tables ---- */

/* Add rec to the records by its id. 0, or -1 if memory ran out. */
int silk_pipeline__record_put(run_t *r, record_t *rec);

/* The record of id, or NULL. */
record_t *silk_pipeline__record_get(const run_t *r, const char *id);

/* The interned copy of s (owned by t), or NULL if memory ran out. */
const char *silk_pipeline__intern(silk_map_t *t, const char *s);

/* Free the strings of t (each its own key) and t's slots. */
void silk_pipeline__strings_free(silk_map_t *t);

/* Format the record value of an article: "HASH NPASSAGES LINE PATH"
 * (docs/index-format.md). malloc'ed; NULL if memory ran out. */
char *silk_pipeline__record_format(const unsigned char hash[16],
                                   size_t npassages,
                                   unsigned long line, const char *path);

/* silk_db_metadata_foreach callback: load one article record. */
int silk_pipeline__load_record(void *ctx, const char *key, const char *value);

/* The XXH3-128 content hash of everything that shapes an article's
 * documents: schema version, language, id, title, body, date, source, url,
 * extra and path, each length-prefixed so that fields cannot run into each
 * other. */
void silk_pipeline__content_hash(const silk_article_t *a, const char *path,
                                 const char *lang, unsigned char out[16]);

/* ---- pipeline_queue.c: the work queue ---- */

/* Free an item and its documents; NULL is a no-op. */
void silk_pipeline__item_free(item_t *it);

/* Free a list of items linked by next. */
void silk_pipeline__free_items(item_t *it);

/* Writer: give a written item back for the worker to free. The worker
 * allocated its documents; freeing them there keeps the writer — the
 * bottleneck — on Xapian work, and glibc's frees in the allocating
 * thread's arena. */
void silk_pipeline__queue_recycle(run_t *r, item_t *it);

/* Worker: hand it to the writer, waiting while the queue is full. Returns
 * 0, or -1 if the writer gave up (it is freed then). */
int silk_pipeline__queue_push(run_t *r, item_t *it);

/* Writer: the next item, waiting up to timeout seconds; NULL when the queue
 * is empty (then *finished says whether the worker is done). */
item_t *silk_pipeline__queue_pop(run_t *r, double timeout, int *finished);

/* Writer: stop the worker (it drops what it makes from now on). */
void silk_pipeline__queue_fail(run_t *r);

/* ---- pipeline_worker.c: the worker and its problems ---- */

/* Reader callback: a problem. A file not read whole keeps its records;
 * memory running out stops the run. */
void silk_pipeline__on_problem(void *ctx, silk_problem_t kind, const char *path,
                               unsigned long line, const char *reason);

/* Reader callback: a file that is not a corpus file. The summary names
 * the first few. */
void silk_pipeline__on_skipped(void *ctx, const char *path, const char *why);

/* The reader's field_from: under -v or --explain-facets, say on stderr
 * which key gave a field ("PATH:LINE: title read from "headline""). */
void silk_pipeline__on_field_from(void *ctx, const char *path,
                                  unsigned long line, silk_reader_field_t field,
                                  const char *key);

/* Reader callback: one article. Decides added / changed / unchanged by
 * content hash and queues the prepared documents. Returns non-zero to stop
 * the walk (interrupt, --strict, failure). */
int silk_pipeline__on_article(void *ctx, const silk_article_t *in);

/* Walk the PATH arguments with the run's reader options. */
int silk_pipeline__walk(run_t *r, const silk_reader_cbs_t *cbs);

/* The worker thread: walk the corpus, then close the queue. */
void *silk_pipeline__worker_main(void *arg);

/* ---- pipeline_writer.c: the writer ---- */

/* Report a shim failure as "silk-index: WHAT: message". */
void silk_pipeline__db_error(const char *what);

/* Write one prepared item: when it begins its article, the old passages
 * out (a change) and, for an article in parts, a placeholder record; its
 * passages in; when it ends the article, its record — all in the same
 * (pending) commit for an article in one item. Returns 0 or -1. */
int silk_pipeline__write_item(run_t *r, const item_t *it);

/* Commit, checking the result. Returns 0 or -1 (message printed). */
int silk_pipeline__commit(run_t *r);

/* Draw the progress line. */
void silk_pipeline__draw_progress(const run_t *r, double t0);

/* Free v's strings and array. */
void silk_pipeline__strvec_free(strvec_t *v);

/* --rebuild: delete every passage and article record (uncommitted: the old
 * index stays visible until the first commit). Returns 0 or -1. */
int silk_pipeline__wipe(run_t *r);

/* Remove the articles of the PATH arguments not seen in this complete walk,
 * committing every commit_every removals. Returns 0 or -1. */
int silk_pipeline__remove_unseen(run_t *r, unsigned long *pending);

#endif /* SILK_PIPELINE_INT_H */
