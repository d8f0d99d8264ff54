/* pipeline.c: silk-index's run loop — a worker thread reads articles and
 * prepares their documents; the main thread alone writes to Xapian
 * (incremental by content hash, batched commits, removal, summary).
 * This file: small helpers, setup (open, schema, language), the run and
 * its summary; the parts are pipeline_records.c, pipeline_queue.c,
 * pipeline_worker.c and pipeline_writer.c (pipeline_int.h between them). */

#define _XOPEN_SOURCE 700
#include "pipeline_int.h"
#include "index_synonyms.h"
#include "indexer_int.h"

#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "silk_clock.h"
#include "silk_schema.h"

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

/* Xapian 1.4 commits by itself every XAPIAN_FLUSH_THRESHOLD changed
 * documents. A commit between an article's passages and its record would
 * break "a committed record means its passages are there", so silk sets
 * the threshold above anything a batch reaches and commits itself. */
#define FLUSH_THRESHOLD "100000000"

/* How often the progress line is redrawn, in seconds. */
#define PROGRESS_EVERY 0.25

volatile sig_atomic_t silk_pipeline__interrupted;

/* ---- small helpers ------------------------------------------------------ */

/* See pipeline_int.h. */
char *silk_pipeline__dup_str(const char *s)
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

/* See pipeline_int.h. */
char *silk_pipeline__abs_path(const char *cwd, const char *path)
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

/* See pipeline_int.h. */
bool silk_pipeline__path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strncmp(path, dir, n) != 0)
        return false;
    if (n == 1 && dir[0] == '/')
        return true;
    return path[n] == '\0' || path[n] == '/';
}

/* ---- setup -------------------------------------------------------------- */

static unsigned long long stat_total;

/* nftw callback: add the size of each file the reader reads
 * (silk_reader_is_input; a gzip'ed file by its compressed size). */
static int add_size(const char *path, const struct stat *sb, int type,
                    struct FTW *ftw)
{
    (void)ftw;
    if (type == FTW_F && S_ISREG(sb->st_mode) && silk_reader_is_input(path))
        stat_total += (unsigned long long)sb->st_size;
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
        silk_pipeline__db_error(o->index);
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
        *lang = silk_pipeline__dup_str(canon);
        silk_docmaker_free(probe);
    } else {
        *lang = silk_pipeline__dup_str(stored[0] ? stored : "english");
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
        silk_pipeline__db_error(r->o->index);
        goto done;
    }
    if (r->rebuild && silk_pipeline__wipe(r) != 0)
        goto done;
    if (r->rebuild || !schema[0]) {
        if (silk_db_set_metadata(r->db, SILK_META_SCHEMA, want) != SILK_OK ||
            silk_db_set_metadata(r->db, SILK_META_LANG, lang) != SILK_OK) {
            silk_pipeline__db_error("cannot write the schema");
            goto done;
        }
        /* A new index is usable (and checkable) at once, even if this run
         * is stopped before its first batch. */
        if (!r->rebuild && silk_pipeline__commit(r) != 0)
            goto done;
    } else if (silk_db_metadata_foreach(r->db, SILK_META_ARTICLE,
                                        silk_pipeline__load_record,
                                        r) != SILK_OK) {
        silk_pipeline__db_error("cannot read the article records");
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
    c->skipped_no_ext = r->skipped_no_ext;
    c->skipped_other_ext = r->skipped_other_ext;
    c->skipped_about = r->skipped_about;
    c->skipped_csv = r->skipped_csv;
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

/* See pipeline.h. */
int silk_pipeline_found_nothing(const silk_index_counts_t *c)
{
    return c->added + c->changed + c->unchanged + c->removed == 0;
}

/* See pipeline.h. */
void silk_pipeline_say_nothing(const silk_index_opts_t *o,
                               const silk_index_counts_t *c, int kept_index)
{
    unsigned long nprob = 0, other = c->skipped_files - c->skipped_no_ext -
                                     c->skipped_other_ext - c->skipped_about -
                                     c->skipped_csv;
    const char *sep = " (";

    for (int i = 0; i < SILK_INDEX_MAX_PROBLEMS; i++)
        nprob += c->problems[i];
    fputs("silk-index: no article to index in ", stderr);
    if (o->npaths == 1) {
        char *esc = silk_indexer__escape(o->paths[0], strlen(o->paths[0]));
        fputs(strcmp(o->paths[0], SILK_READER_STDIN) == 0
                  ? "(standard input)" : esc ? esc : "the PATH given", stderr);
        free(esc);
    } else {
        fprintf(stderr, "the %zu PATHs given", o->npaths);
    }
    if (c->skipped_files) {
        fprintf(stderr, ": %lu file%s skipped", c->skipped_files,
                plural(c->skipped_files));
        const struct {
            unsigned long n;
            const char *what;
        } kinds[] = {{c->skipped_no_ext, "without an extension"},
                     {c->skipped_other_ext, "of another extension"},
                     {c->skipped_about, "README or licence"},
                     {c->skipped_csv, "CSV without a title or body column"},
                     {other, "other"}};
        for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
            if (kinds[i].n) {
                fprintf(stderr, "%s%lu %s", sep, kinds[i].n, kinds[i].what);
                sep = ", ";
            }
        fputs(")", stderr);
    }
    if (nprob)
        fprintf(stderr, "%s %lu problem%s (above)",
                c->skipped_files ? " and" : ":", nprob, plural(nprob));
    if (!c->skipped_files && !nprob)
        fputs(": no article file in it", stderr);
    fputs(kept_index ? "; nothing was indexed and the index is left as it was"
                     : "; nothing was indexed", stderr);
    if (c->skipped_no_ext + c->skipped_other_ext + c->skipped_about)
        fputs(" (--all-files reads files without a known extension as plain "
              "text)", stderr);
    if (c->skipped_csv)
        fputs(" (--field body=NAME names a CSV's text column)", stderr);
    fputc('\n', stderr);
}

/* ---- the run ------------------------------------------------------------ */

/* See pipeline.h. */
void silk_pipeline_interrupt(void)
{
    silk_pipeline__interrupted = 1;
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
            r->cwd = silk_pipeline__dup_str("/");
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
        r->args[i] = silk_pipeline__abs_path(r->cwd, o->paths[i]);
        if (!r->args[i])
            return -1;
        r->nargs++;
    }
    return 0;
}

/* Free everything the run holds. */
static void run_free(run_t *r)
{
    silk_pipeline__free_items(r->head);
    silk_pipeline__free_items(r->written);
    silk_db_free(r->db);
    silk_docmaker_free(r->maker);
    size_t pos = 0;
    void *rec;
    while (silk_map_next(&r->records, &pos, NULL, &rec)) {
        free(((record_t *)rec)->id);
        free(rec);
    }
    silk_map_fini(&r->records);
    silk_pipeline__strings_free(&r->paths);
    silk_pipeline__strings_free(&r->places);
    for (size_t i = 0; i < r->nargs; i++)
        free(r->args[i]);
    free(r->args);
    silk_pipeline__strvec_free(&r->kept);
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
    silk_reader_cbs_t cbs = {silk_pipeline__on_article,
                             silk_pipeline__on_problem,
                             silk_pipeline__on_skipped,
                             silk_pipeline__on_field_from};

    silk_status_t st = silk_docmaker_open(&r->maker, r->o->lang);
    if (st != SILK_OK) {
        if (st == SILK_NO_MEMORY)
            fprintf(stderr, "silk-index: out of memory\n");
        else
            fprintf(stderr, "silk-index: unknown language '%s' (silk-stem "
                    "--help lists them)\n",
                    r->o->lang ? r->o->lang : "english");
        return SILK_EXIT_ERROR;
    }
    r->walk_rc = silk_pipeline__walk(r, &cbs);
    fflush(stdout);
    if (r->worker_failed || r->walk_rc == SILK_WALK_NO_MEMORY)
        return SILK_EXIT_ERROR;
    if (silk_pipeline__interrupted)
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
        if (silk_pipeline__interrupted) {
            /* Finish the article in hand only: what is queued behind it
             * has no record yet, so the next run does it. */
            silk_pipeline__queue_fail(r);
            for (int fin = 0; !fin;)
                silk_pipeline__item_free(
                    silk_pipeline__queue_pop(r, PROGRESS_EVERY, &fin));
            return 0;
        }
        it = silk_pipeline__queue_pop(r, PROGRESS_EVERY, &finished);
        if (it) {
            if (it->kind == ITEM_UNCHANGED) {
                r->unchanged++;
            } else {
                if (silk_pipeline__write_item(r, it) != 0) {
                    silk_pipeline__item_free(it);
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
                if (silk_pipeline__commit(r) != 0) {
                    silk_pipeline__item_free(it);
                    return -1;
                }
                *pending = 0;
                batch_bytes = 0;
                batch_postings = 0;
            }
            r->done_bytes = it->done_bytes;
            if (r->o->progress &&
                silk_clock_now() - last_draw >= PROGRESS_EVERY) {
                silk_pipeline__draw_progress(r, t0);
                last_draw = silk_clock_now();
            }
            silk_pipeline__queue_recycle(r, it);
        } else if (r->o->progress &&
                   silk_clock_now() - last_draw >= PROGRESS_EVERY) {
            silk_pipeline__draw_progress(r, t0);
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

    if (pthread_create(&worker, NULL, silk_pipeline__worker_main, &r) != 0) {
        fprintf(stderr, "silk-index: cannot start the worker thread\n");
        goto done;
    }
    started = true;
    wrc = write_loop(&r, t0, &pending);
    if (wrc != 0) {
        silk_pipeline__queue_fail(&r);
        /* Drain what the worker had queued, so it can finish. */
        for (int fin = 0; !fin;)
            silk_pipeline__item_free(
                silk_pipeline__queue_pop(&r, PROGRESS_EVERY, &fin));
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
    complete = !silk_pipeline__interrupted && !r.stop_strict;
    if (complete && silk_pipeline__remove_unseen(&r, &pending) != 0)
        goto done;
    if (silk_pipeline__commit(&r) != 0)
        goto done;
    run_counts(&r, &counts);
    if (o->counts)
        *o->counts = counts;
    if (!o->quiet)
        silk_pipeline_summary(&counts, silk_clock_now() - t0);
    if (silk_pipeline__interrupted) {
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
        silk_pipeline__queue_fail(&r);
        pthread_join(worker, NULL);
    }
    free(lang);
    run_free(&r);
    return rc;
}
