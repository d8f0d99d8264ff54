/* pipeline.h: silk-index's run loop — walk the corpus, prepare each
 * article's passage documents in a worker thread, write them from the main
 * thread with incremental (content-hash) decisions, batched commits, removal
 * of vanished articles, progress and the summary line.
 */
#ifndef SILK_PIPELINE_H
#define SILK_PIPELINE_H

#include <stddef.h>

#include "reader.h"

/* Exit statuses (documented in docs/silk-index.md). */
#define SILK_EXIT_OK          0   /* everything indexed cleanly */
#define SILK_EXIT_PROBLEMS    1   /* some input was skipped or repaired */
#define SILK_EXIT_ERROR       2   /* no index possible, lock, bad option,
                                     language/schema mismatch, out of
                                     memory, --strict */
#define SILK_EXIT_NOTHING     3   /* the PATHs held no article and the
                                     index none from them (every file
                                     skipped, an empty directory) */
#define SILK_EXIT_INTERRUPTED 130 /* SIGINT/SIGTERM: committed, run again */

/* Problem kinds a run counts (the reader's, then duplicate id); room to
 * spare so that a new reader problem needs no change here. */
#define SILK_INDEX_MAX_PROBLEMS 16

/* Skipped files the summary names (the others are counted). */
#define SILK_INDEX_SKIPPED_NAMED 3

/* What one run did: the figures of the summary line. A sharded run adds
 * up its shards' counts (and takes shard 0's names and notes). Plain
 * data: it goes through a pipe from each shard's process. */
typedef struct silk_index_counts {
    unsigned long added, changed, unchanged, removed, passages;
    unsigned long skipped_files, no_date, cp1252_files;
    unsigned long skipped_no_ext;   /* of skipped_files: SILK_SKIP_NO_EXT */
    unsigned long skipped_other_ext;/* SILK_SKIP_OTHER_EXT */
    unsigned long skipped_about;    /* SILK_SKIP_ABOUT */
    unsigned long skipped_csv;      /* SILK_SKIP_CSV */
    unsigned long problems[SILK_INDEX_MAX_PROBLEMS];
    unsigned long long input_bytes; /* corpus files' total size */
    int rebuilt_from;               /* the schema of an index rebuilt
                                       because it was older; 0: none */
    char skipped[384];              /* "PATH: why; PATH: why" for the
                                       first SILK_INDEX_SKIPPED_NAMED */
} silk_index_counts_t;

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
    size_t max_article_bytes;      /* larger input is skipped (0: none) */
    int all_files;                 /* read every file of a walk as text */
    const silk_reader_field_key_t *field_keys; /* --field, in order */
    size_t nfield_keys;
    int quiet;                     /* no summary line */
    int progress;                  /* progress on stderr */
    int explain;                   /* --explain-facets: print, write nothing */
    unsigned shard, nshards;       /* write only the articles whose id
                                      hashes to shard of nshards (nshards
                                      <= 1: all); input problems and
                                      skipped files are printed and counted
                                      by shard 0 alone */
    silk_index_counts_t *counts;   /* if not NULL, gets the run's counts */
    const char *synonyms;          /* the synonym table to store (canonical
                                      text, index_synonyms.h); NULL: none */
    int synonyms_keep;             /* no --synonyms: keep the index's own */
    unsigned jobs;                 /* --jobs: processes of a merged build
                                      (lib/index.c; 0: the online cores) */
    int verbose;                   /* -v: say how the index is built */
} silk_index_opts_t;

/* Run silk-index with options o. Messages go to stderr, the summary (and
 * --explain-facets output) to stdout. Returns one of SILK_EXIT_*. */
int silk_pipeline_run(const silk_index_opts_t *o);

/* The shard (0 .. nshards-1) that article id belongs to: XXH3-64 of the
 * id modulo nshards, so an article always lands in the same shard. */
unsigned silk_pipeline_shard_of(const char *id, unsigned nshards);

/* Print the summary line of counts c after secs seconds to stdout
 * (docs/silk-index.md). */
void silk_pipeline_summary(const silk_index_counts_t *c, double secs);

/* The exit status for counts c of a run that finished (SILK_EXIT_OK or
 * SILK_EXIT_PROBLEMS; SILK_EXIT_ERROR under strict with a problem). */
int silk_pipeline_exit_status(const silk_index_counts_t *c, int strict);

/* Did the run of counts c find nothing at all: no article added,
 * changed, unchanged or removed? */
int silk_pipeline_found_nothing(const silk_index_counts_t *c);

/* Say on stderr, in one line, that the run of o (counts c) found no
 * article in its PATHs: what it skipped and how to read such files;
 * kept_index: say that the index is left as it was (a --rebuild). */
void silk_pipeline_say_nothing(const silk_index_opts_t *o,
                               const silk_index_counts_t *c, int kept_index);

/* Ask a running pipeline to stop after the article in hand, commit and
 * report. Async-signal-safe: call it from a SIGINT/SIGTERM handler. */
void silk_pipeline_interrupt(void);

#endif /* SILK_PIPELINE_H */
