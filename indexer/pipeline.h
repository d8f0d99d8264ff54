/* pipeline.h: silk-index's run loop — walk the corpus, prepare each
 * article's passage documents in a worker thread, write them from the main
 * thread with incremental (content-hash) decisions, batched commits, removal
 * of vanished articles, progress and the summary line.
 */
#ifndef SILK_PIPELINE_H
#define SILK_PIPELINE_H

#include <stddef.h>

/* Exit statuses (documented in docs/silk-index.md). */
#define SILK_EXIT_OK          0   /* everything indexed cleanly */
#define SILK_EXIT_PROBLEMS    1   /* some input was skipped or repaired */
#define SILK_EXIT_ERROR       2   /* no index possible, lock, bad option,
                                     language/schema mismatch, --strict */
#define SILK_EXIT_INTERRUPTED 130 /* SIGINT/SIGTERM: committed, run again */

typedef struct silk_index_opts {
    const char *index;             /* -i: the database directory */
    const char *const *paths;      /* files and directories to index */
    size_t npaths;
    int rebuild;                   /* start over */
    const char *lang;              /* NULL: the index's language, else
                                      english */
    double lock_timeout;           /* seconds to wait for the write lock */
    unsigned long commit_every;    /* articles written per commit (>= 1) */
    int strict;                    /* the first problem -> exit 2 */
    int quiet;                     /* no summary line */
    int progress;                  /* progress on stderr */
    int explain;                   /* --explain-facets: print, write nothing */
} silk_index_opts_t;

/* Run silk-index with options o. Messages go to stderr, the summary (and
 * --explain-facets output) to stdout. Returns one of SILK_EXIT_*. */
int silk_pipeline_run(const silk_index_opts_t *o);

/* Ask a running pipeline to stop after the article in hand, commit and
 * report. Async-signal-safe: call it from a SIGINT/SIGTERM handler. */
void silk_pipeline_interrupt(void);

#endif /* SILK_PIPELINE_H */
