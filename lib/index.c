/* index.c: writing an index as silk-index does — one database or a
 * sharded one (a process per shard), --rebuild beside and swapped in,
 * --compact, --check, silk's lock held throughout — and silk.h's
 * silk_index_articles over it. See docs/silk-index.md, docs/scaling.md and
 * docs/reliability.md.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "silk_clock.h"
#include "document.h"
#include "layout.h"
#include "silk_int.h"
#include "silk_schema.h"

#define MAX_SHARDS SILK_INDEX_MAX_SHARDS
#define STUB_NAME SILK_STUB_NAME
#define SHARD_FMT "shard-%u"
/* In a sharded index: the shards are a merged build's (run_merged), to be
 * compacted into one database when it finishes, not shards to keep. */
#define MERGE_MARK "silk-merge-pending"

/* Longest path built from the index's (shard directories, temporaries). */
#define PATH_MAX_BYTES 4096

/* ---- layout: one index or a sharded one --------------------------------- */

typedef enum layout {
    LAYOUT_NEW,     /* nothing there yet (or an empty directory) */
    LAYOUT_SINGLE,  /* a Xapian database directory */
    LAYOUT_SHARDED, /* a directory with a stub and shard-K subdirectories */
    LAYOUT_ORPHAN   /* shard-K subdirectories but no stub: a sharded build
                       stopped before it wrote the stub */
} layout_t;

/* Does dir/name exist? */
static bool exists_in(const char *dir, const char *name)
{
    char p[PATH_MAX_BYTES];
    struct stat sb;

    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p)
        return false;
    return stat(p, &sb) == 0;
}

/* Read what is at index into *layout and, for a sharded index, its shard
 * count into *nshards (1 otherwise). The stub must be one silk-index wrote:
 * "auto shard-K" lines for K = 0, 1, ... and '#' comments. Returns 0, or
 * -1 after printing why (unreadable, or a stub silk-index did not write). */
static int read_layout(const char *index, layout_t *layout, unsigned *nshards)
{
    char p[PATH_MAX_BYTES], name[32];
    unsigned n = 0;
    struct stat sb;
    silk_stub_t stub;

    *layout = LAYOUT_NEW;
    *nshards = 1;
    if (stat(index, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return 0;  /* the pipeline says what is wrong with a non-directory */
    if (!exists_in(index, STUB_NAME)) {
        if (silk_is_xapian_dir(index)) {
            *layout = LAYOUT_SINGLE;
            return 0;
        }
        for (n = 0; n < MAX_SHARDS; n++) {
            snprintf(name, sizeof name, SHARD_FMT, n);
            if (!exists_in(index, name))
                break;
        }
        if (n > 0) {
            *layout = LAYOUT_ORPHAN;
            *nshards = n;
        }
        return 0;
    }
    snprintf(p, sizeof p, "%s/%s", index, STUB_NAME);
    if (silk_stub_read(&stub, p, index) != SILK_OK) {
        fprintf(stderr, "silk-index: %s\n", silk_last_error());
        silk_stub_free(&stub);
        return -1;
    }
    for (size_t i = 0; i < stub.n; i++) {
        const silk_stub_line_t *e = &stub.v[i];
        unsigned k;
        int end = 0;
        if (sscanf(e->text, "auto " SHARD_FMT "%n", &k, &end) != 1 ||
            e->text[end] != '\0' || k != n || n == MAX_SHARDS) {
            fprintf(stderr, "silk-index: %s line %lu is not a shard "
                    "silk-index wrote ('%s'): silk-index writes only the "
                    "sharded indexes it made; search this stub with "
                    "silk-query, and index each shard with -i SHARD\n", p,
                    e->lineno, e->text);
            silk_stub_free(&stub);
            return -1;
        }
        n++;
    }
    silk_stub_free(&stub);
    if (n == 0) {
        fprintf(stderr, "silk-index: %s lists no shards\n", p);
        return -1;
    }
    *layout = LAYOUT_SHARDED;
    *nshards = n;
    return 0;
}

/* Write index's stub listing n shards, atomically (a temporary file
 * renamed over it), so that a reader sees the old stub or the new one.
 * Returns 0 or -1 after printing why. */
static int write_stub(const char *index, unsigned n)
{
    char p[PATH_MAX_BYTES], tmp[PATH_MAX_BYTES];
    FILE *fp;
    int bad;

    snprintf(p, sizeof p, "%s/%s", index, STUB_NAME);
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", index, STUB_NAME);
    fp = fopen(tmp, "w");
    if (!fp) {
        fprintf(stderr, "silk-index: cannot write %s: %s\n", tmp,
                strerror(errno));
        return -1;
    }
    fprintf(fp, "# silk sharded index: %u shards, written by silk-index "
            "--shards %u.\n# Xapian stub: searched as one by silk-query -i "
            "%s (see docs/scaling.md).\n", n, n, index);
    for (unsigned k = 0; k < n; k++)
        fprintf(fp, "auto " SHARD_FMT "\n", k);
    bad = ferror(fp);
    bad |= fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    bad |= fclose(fp) != 0;
    if (bad || rename(tmp, p) != 0) {
        fprintf(stderr, "silk-index: cannot write %s: %s\n", p,
                strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* Say that index holds n shard directories but no stub, and the ways out. */
static void orphan_error(const char *index, unsigned n)
{
    fprintf(stderr, "silk-index: %s holds %u shard director%s but no %s stub "
            "(a --shards build was stopped before it wrote it): finish it "
            "with silk-index -i %s --shards %u PATH..., or start over with "
            "--rebuild\n", index, n, n == 1 ? "y" : "ies", STUB_NAME, index,
            n);
}

/* ---- sharded indexing --------------------------------------------------- */

/* Read exactly n bytes from fd into buf; returns 0, or -1 (EOF, error). */
static int read_full(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* In a child: index shard k of n into index/shard-k, send the counts up
 * fd, and exit with the pipeline's status. Never returns. */
static void shard_child(const silk_index_opts_t *o, unsigned k, unsigned n,
                        int fd)
{
    char path[PATH_MAX_BYTES];
    silk_index_counts_t c;
    silk_index_opts_t so = *o;
    int rc;

    memset(&c, 0, sizeof c);
    snprintf(path, sizeof path, "%s/" SHARD_FMT, o->index, k);
    so.index = path;
    so.shard = k;
    so.nshards = n;
    so.quiet = 1;
    so.progress = o->progress && k == 0;
    so.counts = &c;
    rc = silk_pipeline_run(&so);
    fflush(stdout);
    fflush(stderr);
    if (write(fd, &c, sizeof c) != (ssize_t)sizeof c)
        rc = SILK_EXIT_ERROR;
    close(fd);
    _exit(rc);
}

/* Make the shards of a new (or half-made) sharded index at o->index: each
 * missing shard-K is created holding only silk's schema and language,
 * committed, and then the stub is written. So the index is openable before
 * any article is written, and at every point after: a killed first build
 * leaves a searchable index (and a stub saying how many shards it has).
 * Returns 0 or -1 after printing why. */
static int prepare_shards(const silk_index_opts_t *o, unsigned n)
{
    char path[PATH_MAX_BYTES], want[16];
    silk_docmaker_t *probe = NULL;
    silk_db_t *db = NULL;
    char *schema = NULL;
    int rc = -1;

    if (exists_in(o->index, STUB_NAME))
        return 0;
    probe = silk_docmaker_new(o->lang ? o->lang : "english");
    if (!probe) {
        fprintf(stderr, "silk-index: unknown language '%s' (silk-stem "
                "--help lists them)\n", o->lang ? o->lang : "english");
        return -1;
    }
    snprintf(want, sizeof want, "%d", SILK_SCHEMA_VERSION);
    for (unsigned k = 0; k < n; k++) {
        snprintf(path, sizeof path, "%s/" SHARD_FMT, o->index, k);
        if (silk_db_open_write(&db, path, 1, 0) != SILK_OK ||
            silk_db_get_metadata(db, SILK_META_SCHEMA, &schema) != SILK_OK) {
            fprintf(stderr, "silk-index: cannot create the shard %s: %s\n",
                    path, silk_errmsg());
            goto done;
        }
        if (!schema[0] &&
            (silk_db_set_metadata(db, SILK_META_SCHEMA, want) != SILK_OK ||
             silk_db_set_metadata(db, SILK_META_LANG,
                                  silk_docmaker_language(probe)) != SILK_OK ||
             silk_db_commit(db) != SILK_OK)) {
            fprintf(stderr, "silk-index: cannot create the shard %s: %s\n",
                    path, silk_errmsg());
            goto done;
        }
        free(schema);
        schema = NULL;
        silk_db_free(db);
        db = NULL;
        if (k == 0)
            silk_layout_crash_point("shard-created");
    }
    silk_layout_crash_point("shards-created");
    if (write_stub(o->index, n) != 0)
        goto done;
    silk_layout_crash_point("stub-written");
    rc = 0;
done:
    free(schema);
    silk_db_free(db);
    silk_docmaker_free(probe);
    return rc;
}

/* Index into the sharded index o->index with n shards, one process per
 * shard, all at once (the shards and the stub are made first, see
 * prepare_shards); then add up the shards' counts (into o->counts, if
 * set) and print the summary. Returns the worst of the shards' exit
 * statuses (error > interrupted > problems > ok). */
static int run_sharded(const silk_index_opts_t *o, unsigned n)
{
    pid_t pids[MAX_SHARDS];
    int fds[MAX_SHARDS];
    silk_index_counts_t sum, c;
    unsigned started = 0;
    bool error = false, interrupted = false, got_counts = true;
    double t0 = silk_clock_now();
    int rc;

    memset(&sum, 0, sizeof sum);
    if (mkdir(o->index, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "silk-index: cannot create the index directory %s: "
                "%s\n", o->index, strerror(errno));
        return SILK_EXIT_ERROR;
    }
    if (prepare_shards(o, n) != 0)
        return SILK_EXIT_ERROR;
    fflush(stdout);
    fflush(stderr);
    for (unsigned k = 0; k < n; k++) {
        int pfd[2];
        if (pipe(pfd) != 0) {
            fprintf(stderr, "silk-index: cannot start shard %u: %s\n", k,
                    strerror(errno));
            error = true;
            break;
        }
        pids[k] = fork();
        if (pids[k] < 0) {
            fprintf(stderr, "silk-index: cannot start shard %u: %s\n", k,
                    strerror(errno));
            close(pfd[0]);
            close(pfd[1]);
            error = true;
            break;
        }
        if (pids[k] == 0) {
            close(pfd[0]);
            for (unsigned j = 0; j < k; j++)
                close(fds[j]);
            shard_child(o, k, n, pfd[1]);
        }
        close(pfd[1]);
        fds[k] = pfd[0];
        started++;
    }
    for (unsigned k = 0; k < started; k++) {
        int status = 0;
        memset(&c, 0, sizeof c);
        if (read_full(fds[k], &c, sizeof c) != 0)
            got_counts = false;
        close(fds[k]);
        while (waitpid(pids[k], &status, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(status)) {
            fprintf(stderr, "silk-index: the writer of shard %u died (signal "
                    "%d); its last commit stands: run again to finish\n", k,
                    WIFSIGNALED(status) ? WTERMSIG(status) : 0);
            error = true;
            continue;
        }
        rc = WEXITSTATUS(status);
        if (rc == SILK_EXIT_ERROR)
            error = true;
        else if (rc == SILK_EXIT_INTERRUPTED)
            interrupted = true;
        sum.added += c.added;
        sum.changed += c.changed;
        sum.unchanged += c.unchanged;
        sum.removed += c.removed;
        sum.passages += c.passages;
        sum.skipped_files += c.skipped_files;
        sum.skipped_no_ext += c.skipped_no_ext;
        sum.skipped_other_ext += c.skipped_other_ext;
        sum.skipped_about += c.skipped_about;
        sum.skipped_csv += c.skipped_csv;
        sum.no_date += c.no_date;
        sum.cp1252_files += c.cp1252_files;
        for (int i = 0; i < SILK_INDEX_MAX_PROBLEMS; i++)
            sum.problems[i] += c.problems[i];
        if (c.rebuilt_from)
            sum.rebuilt_from = c.rebuilt_from;
        if (k == 0) {
            sum.input_bytes = c.input_bytes;
            memcpy(sum.skipped, c.skipped, sizeof sum.skipped);
        }
    }
    if (error || started < n)
        return SILK_EXIT_ERROR;
    if (o->counts)
        *o->counts = sum;
    if (!o->quiet && got_counts)
        silk_pipeline_summary(&sum, silk_clock_now() - t0);
    if (interrupted) {
        fprintf(stderr, "silk-index: interrupted: run again to finish\n");
        return SILK_EXIT_INTERRUPTED;
    }
    return silk_pipeline_exit_status(&sum, o->strict);
}

/* ---- compaction --------------------------------------------------------- */

static unsigned long long tree_total;

/* --output of --compact (read by compact_locked). */
static const char *compact_output;

/* nftw callback: add up file sizes. */
static int add_bytes(const char *path, const struct stat *sb, int type,
                     struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (type == FTW_F)
        tree_total += (unsigned long long)sb->st_size;
    return 0;
}

/* Bytes of the files under dir (not thread-safe: nftw has no context). */
static unsigned long long tree_bytes(const char *dir)
{
    tree_total = 0;
    nftw(dir, add_bytes, 16, FTW_PHYS);
    return tree_total;
}

/* Compact the index at src (one database, or a sharded index's stub) into
 * a new database at dest (what was there removed first), which must then
 * open and hold silk's schema; dest is removed again if anything failed.
 * what names the destination in messages. Returns 0, or -1 after printing
 * why. */
static int compact_into(const char *src, const char *dest, const char *what)
{
    silk_db_t *check = NULL;
    char *schema = NULL;
    int rc = -1;

    if (silk_layout_remove_tree(dest) != 0) {
        fprintf(stderr, "silk-index: cannot remove %s (left by an earlier "
                "compaction): %s\n", dest, strerror(errno));
        return -1;
    }
    if (silk_db_compact(&src, 1, dest) != SILK_OK) {
        fprintf(stderr, "silk-index: cannot compact %s into %s: %s\n",
                src, what, silk_errmsg());
        goto done;
    }
    silk_layout_crash_point("compacted");
    /* The shards' metadata are merged (article records are disjoint; the
     * schema and language are the same in each: the first is kept). */
    if (silk_db_open_read(&check, (const char *const *)&dest, 1) !=
            SILK_OK ||
        silk_db_get_metadata(check, SILK_META_SCHEMA, &schema) != SILK_OK ||
        !schema[0]) {
        fprintf(stderr, "silk-index: the compacted index %s lacks silk's "
                "metadata; %s is left as it was\n", dest, src);
        goto done;
    }
    rc = 0;
done:
    free(schema);
    silk_db_free(check);
    if (rc != 0)
        silk_layout_remove_tree(dest);
    return rc;
}

/* Compact the index o->index (merging its shards, if it has any) into one
 * database: at output, or in place. Either way it is written beside its
 * destination (".NAME.silk-new") and moved there only when complete and
 * checked: in place by silk_layout_swap (the old files are then removed),
 * to output by a rename. A kill at any point leaves o->index as it was or
 * compacted, never missing; what it leaves beside is cleared by the next
 * run. The shards' write locks are held throughout (and the caller holds
 * silk's), so no silk-index writes meanwhile; readers go on. Returns
 * SILK_EXIT_OK or SILK_EXIT_ERROR (message printed). */
static int run_compact(const silk_index_opts_t *o, const char *output)
{
    silk_db_t *locks[MAX_SHARDS] = {NULL};
    char shard[PATH_MAX_BYTES];
    char *dest = NULL;
    unsigned n = 1;
    layout_t layout;
    unsigned long long before;
    struct stat sb;
    double t0 = silk_clock_now();
    int rc = SILK_EXIT_ERROR;

    if (read_layout(o->index, &layout, &n) != 0)
        goto done;
    if (layout == LAYOUT_ORPHAN) {
        orphan_error(o->index, n);
        goto done;
    }
    if (layout == LAYOUT_NEW) {
        fprintf(stderr, "silk-index: no index at %s to compact (build one "
                "with: silk-index -i %s CORPUS)\n", o->index, o->index);
        goto done;
    }
    for (unsigned k = 0; k < n; k++) {
        const char *p = o->index;
        silk_status_t st;
        if (layout == LAYOUT_SHARDED) {
            snprintf(shard, sizeof shard, "%s/" SHARD_FMT, o->index, k);
            p = shard;
        }
        st = silk_db_open_write(&locks[k], p, 0,
                                (unsigned)(o->lock_timeout * 1000.0));
        if (st == SILK_LOCKED) {
            fprintf(stderr, "silk-index: another silk-index is writing %s "
                    "(lock held); try again when it finishes\n", p);
            goto done;
        }
        if (st != SILK_OK) {
            fprintf(stderr, "silk-index: cannot open %s: %s\n", p,
                    silk_errmsg());
            goto done;
        }
    }
    before = tree_bytes(o->index);
    if (output && stat(output, &sb) == 0) {
        fprintf(stderr, "silk-index: cannot compact into %s: destination "
                "exists (--output wants a new path)\n", output);
        goto done;
    }
    dest = silk_layout_fresh_path(output ? output : o->index);
    if (!dest) {
        fprintf(stderr, "silk-index: cannot compact into %s: give it by "
                "name, not as '.', '..' or '/'\n", output ? output : o->index);
        goto done;
    }
    if (compact_into(o->index, dest, output ? output : o->index) != 0)
        goto done;
    if (output) {
        if (rename(dest, output) != 0) {
            fprintf(stderr, "silk-index: cannot rename %s to %s: %s\n", dest,
                    output, strerror(errno));
            silk_layout_remove_tree(dest);
            goto done;
        }
    } else if (silk_layout_swap(o->index, dest) != 0) {
        silk_layout_remove_tree(dest);
        goto done;
    }
    if (!o->quiet)
        printf("silk-index: compacted %s (%u shard%s, %.1f MB) into %s "
               "(%.1f MB) in %.2f s\n", o->index, n, n == 1 ? "" : "s",
               (double)before / 1e6, output ? output : o->index,
               (double)tree_bytes(output ? output : o->index) / 1e6,
               silk_clock_now() - t0);
    rc = SILK_EXIT_OK;
done:
    free(dest);
    for (unsigned k = 0; k < n && k < MAX_SHARDS; k++)
        silk_db_free(locks[k]);
    return rc;
}

/* The database paths of an index of layout with n shards: index itself,
 * or index/shard-K. Writes path k into buf. */
static const char *db_path(char *buf, size_t size, const char *index,
                           layout_t layout, unsigned k)
{
    if (layout == LAYOUT_SINGLE)
        return index;
    snprintf(buf, size, "%s/" SHARD_FMT, index, k);
    return buf;
}

/* After a run that finished writing index (exit 0, 1 or 130: committed),
 * stamp each of its databases (silk_layout_stamp), so that the next run
 * needs no full check of what nobody touched since. */
static void stamp_all(const char *index, int rc)
{
    char path[PATH_MAX_BYTES];
    layout_t layout;
    unsigned n;

    if (rc == SILK_EXIT_ERROR || read_layout(index, &layout, &n) != 0 ||
        layout == LAYOUT_NEW || layout == LAYOUT_ORPHAN)
        return;
    for (unsigned k = 0; k < n; k++)
        silk_layout_stamp(db_path(path, sizeof path, index, layout, k));
}

/* ---- merged builds ------------------------------------------------------ */

/* Processes of a merged build: --jobs, else the online cores; 1 when
 * standard input is read (each shard's process reads all of the input). */
static unsigned build_jobs(const silk_index_opts_t *o)
{
    long n = o->jobs ? (long)o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

    for (size_t i = 0; i < o->npaths; i++)
        if (strcmp(o->paths[i], "-") == 0)
            return 1;
    return n < 1 ? 1 : n > MAX_SHARDS ? MAX_SHARDS : (unsigned)n;
}

/* Whether the directory that holds path (a path beside an index) can get
 * new entries. */
static bool writable_parent(const char *path)
{
    char dir[PATH_MAX_BYTES];
    const char *slash = strrchr(path, '/');

    if (!slash)
        return access(".", W_OK | X_OK) == 0;
    if ((size_t)snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1),
                         path) >= sizeof dir)
        return false;
    return access(dir, W_OK | X_OK) == 0;
}

/* Write index/MERGE_MARK, saying what the shards about to be made are.
 * Returns 0 or -1 after printing why. */
static int write_mark(const char *index, unsigned n)
{
    char p[PATH_MAX_BYTES];
    FILE *fp;
    int bad;

    snprintf(p, sizeof p, "%s/%s", index, MERGE_MARK);
    fp = fopen(p, "w");
    if (!fp) {
        fprintf(stderr, "silk-index: cannot write %s: %s\n", p,
                strerror(errno));
        return -1;
    }
    fprintf(fp, "silk-index builds this index in %u processes, one shard "
            "each, and compacts them into one database when it finishes; a "
            "stopped build is resumed by the next run (docs/silk-index.md)\n",
            n);
    bad = ferror(fp);
    bad |= fflush(fp) != 0 || fsync(fileno(fp)) != 0;
    bad |= fclose(fp) != 0;
    if (bad) {
        fprintf(stderr, "silk-index: cannot write %s: %s\n", p,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* Create the database at path (Xapian's files, no document) storing
 * docdata and termlist tags uncompressed until it is compacted
 * (silk_db_defer_compression; docs/index-format.md, "Deferred
 * compression"); a database of a format that check does not know is left
 * to compress as Xapian does (said with -v). Returns 0 or -1 after
 * printing why. */
static int create_deferred(const silk_index_opts_t *o, const char *path)
{
    silk_db_t *db = NULL;

    if (silk_db_open_write(&db, path, 1,
                           (unsigned)(o->lock_timeout * 1000.0)) != SILK_OK) {
        fprintf(stderr, "silk-index: cannot open or create the index %s: "
                "%s\n", path, silk_errmsg());
        return -1;
    }
    silk_db_free(db);
    if (silk_db_defer_compression(path) != SILK_OK) {
        if (o->verbose)
            fprintf(stderr, "silk-index: %s: compressing as Xapian does\n",
                    silk_errmsg());
    } else if (o->verbose) {
        fprintf(stderr, "silk-index: building %s in 1 process, compression "
                "deferred to the compaction\n", path);
    }
    return 0;
}

/* The build of a merged build (run_merged) at o->index, which holds
 * layout (have databases): new, or a merged build under way — a sharded
 * index with MERGE_MARK, or one database with its compression deferred.
 * A new one is made as --jobs shards written by as many processes at once
 * (run_sharded), compressing as Xapian does, so that the compaction only
 * copies; or with one job as one database with its compression deferred
 * (create_deferred), compressed by the compaction. (Deferred, the shards
 * would move their compression, done in parallel, into the compaction,
 * done in one process: the same CPU, 13% more wall time with two cores;
 * one process saves 10% of its CPU: docs/performance.md.) One under way
 * is resumed as it is (its shard count decides where each article goes; a
 * build stopped before its stub was written has no article yet). Returns
 * the build's exit status. */
static int build_merged(const silk_index_opts_t *o, layout_t layout,
                        unsigned have)
{
    unsigned jobs = build_jobs(o);

    if (layout == LAYOUT_SINGLE)
        return silk_pipeline_run(o);
    if (layout == LAYOUT_NEW && jobs == 1) {
        if (create_deferred(o, o->index) != 0)
            return SILK_EXIT_ERROR;
        return silk_pipeline_run(o);
    }
    if (layout == LAYOUT_NEW) {
        if (mkdir(o->index, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, "silk-index: cannot create the index directory "
                    "%s: %s\n", o->index, strerror(errno));
            return SILK_EXIT_ERROR;
        }
        if (write_mark(o->index, jobs) != 0)
            return SILK_EXIT_ERROR;
        have = jobs;
    } else if (layout == LAYOUT_ORPHAN && have < jobs) {
        have = jobs;
    }
    if (o->verbose)
        fprintf(stderr, "silk-index: building %s in %u processes\n",
                o->index, have);
    return run_sharded(o, have);
}

/* Whether this thread's last --rebuild found no article and so left the
 * index as it was (silk_index_run says so). */
static _Thread_local bool rebuilt_nothing;

/* A merged build: o's articles built at build (build_merged; build holds
 * layout, have databases), then, if the build finished (exit 0 or 1),
 * compacted into one database at dest beside o->index (Xapian's
 * compaction compresses what the build stored uncompressed), which is
 * swapped in at o->index (silk_layout_swap; build may be o->index
 * itself). Stopped earlier, build stays as it is: in place a searchable
 * index that the next run resumes. The summary (unless o->quiet) counts
 * the compaction's time. Returns an exit status. */
static int run_merged(const silk_index_opts_t *o, const char *build,
                      layout_t layout, unsigned have, const char *dest)
{
    silk_index_opts_t bo = *o;
    silk_index_counts_t c;
    double t0 = silk_clock_now(), t1;
    int rc;

    memset(&c, 0, sizeof c);
    bo.index = build;
    bo.quiet = 1;
    bo.counts = &c;
    rc = build_merged(&bo, layout, have);
    /* A rebuild (built beside the index) that found no article would
     * swap an empty index in for the user's: left undone (silk_index_run
     * says so). */
    bool finished = rc == SILK_EXIT_OK || rc == SILK_EXIT_PROBLEMS;
    if (finished && strcmp(build, o->index) != 0 &&
        silk_pipeline_found_nothing(&c)) {
        rebuilt_nothing = true;
    } else if (finished) {
        silk_layout_crash_point("built");
        t1 = silk_clock_now();
        if (compact_into(build, dest, o->index) != 0) {
            rc = SILK_EXIT_ERROR;
        } else {
            silk_layout_crash_point(strcmp(build, o->index) == 0 ? "merged"
                                                                 : "rebuilt");
            if (silk_layout_swap(o->index, dest) != 0) {
                silk_layout_remove_tree(dest);
                rc = SILK_EXIT_ERROR;
            } else if (o->verbose) {
                fprintf(stderr, "silk-index: compacted %s into one database "
                        "in %.2f s\n", build, silk_clock_now() - t1);
            }
        }
    }
    if (o->counts)
        *o->counts = c;
    if (!o->quiet && rc != SILK_EXIT_ERROR)
        silk_pipeline_summary(&c, silk_clock_now() - t0);
    return rc;
}

/* --rebuild of the existing index o->index (layout, have shards) into
 * shards shards (0: as many as it has): build a whole new index beside it
 * (silk_layout_fresh_path; one database by a merged build at
 * silk_layout_build_path, compacted into it) and swap it in only when the
 * run finished (exit 0 or 1). Stopped (SIGINT, --strict, an error, a
 * kill), the old index is left as it was, answering readers; what was
 * built is removed (after a kill, by the next run). Xapian's write locks
 * on the old databases are held meanwhile; a damaged old index, which
 * cannot be opened, is still replaced (that is what a rebuild is for). The
 * language is --lang, else the old index's, else english. Returns an exit
 * status. */
static int run_rebuild(const silk_index_opts_t *o, layout_t layout,
                       unsigned have, unsigned shards)
{
    silk_db_t *locks[MAX_SHARDS] = {NULL};
    char path[PATH_MAX_BYTES];
    char *fresh = NULL, *build = NULL, *lang = NULL, *schema = NULL;
    silk_index_opts_t fo = *o;
    int rc = SILK_EXIT_ERROR;

    if (layout == LAYOUT_ORPHAN)
        layout = LAYOUT_SHARDED;
    fresh = silk_layout_fresh_path(o->index);
    if (!fresh) {
        fprintf(stderr, "silk-index: cannot rebuild %s: give the index by "
                "name, not as '.', '..' or '/'\n", o->index);
        goto done;
    }
    for (unsigned k = 0; k < have; k++) {
        const char *p = db_path(path, sizeof path, o->index, layout, k);
        silk_db_stats_t stats;
        silk_status_t st = silk_db_open_write(
            &locks[k], p, 0, (unsigned)(o->lock_timeout * 1000.0));
        if (st == SILK_LOCKED) {
            fprintf(stderr, "silk-index: another silk-index is writing %s "
                    "(lock held); try again when it finishes\n", p);
            goto done;
        }
        if (st != SILK_OK)
            continue;  /* damaged or missing: replaced all the same */
        if (silk_db_get_metadata(locks[k], SILK_META_SCHEMA, &schema) ==
                SILK_OK && !schema[0] &&
            silk_db_stats(locks[k], &stats) == SILK_OK && stats.doccount > 0) {
            fprintf(stderr, "silk-index: %s is a Xapian database but not a "
                    "silk index; refusing to touch it (give another -i)\n",
                    p);
            goto done;
        }
        free(schema);
        schema = NULL;
        if (!o->lang && !lang &&
            silk_db_get_metadata(locks[k], SILK_META_LANG, &lang) == SILK_OK &&
            !lang[0]) {
            free(lang);
            lang = NULL;
        }
    }
    if (silk_layout_remove_tree(fresh) != 0) {
        fprintf(stderr, "silk-index: cannot remove %s (left by an earlier "
                "rebuild): %s\n", fresh, strerror(errno));
        goto done;
    }
    fo.index = fresh;
    fo.rebuild = 0;
    if (!o->lang && lang)
        fo.lang = lang;
    if (shards == 0)
        shards = have;
    if (shards > 1) {
        rc = run_sharded(&fo, shards);
        bool finished = rc == SILK_EXIT_OK || rc == SILK_EXIT_PROBLEMS;
        if (finished && fo.counts && silk_pipeline_found_nothing(fo.counts)) {
            rebuilt_nothing = true;
        } else if (finished) {
            silk_layout_crash_point("rebuilt");
            if (silk_layout_swap(o->index, fresh) != 0)
                rc = SILK_EXIT_ERROR;
        }
    } else {
        /* One database: a merged build beside, compacted into fresh. */
        build = silk_layout_build_path(o->index);
        if (!build || silk_layout_remove_tree(build) != 0) {
            fprintf(stderr, "silk-index: cannot remove %s (left by an "
                    "earlier rebuild): %s\n", build ? build : "",
                    strerror(errno));
            goto done;
        }
        fo.index = o->index;
        rc = run_merged(&fo, build, LAYOUT_NEW, 0, fresh);
        silk_layout_remove_tree(build);
    }
    if (rc != SILK_EXIT_OK && rc != SILK_EXIT_PROBLEMS)
        fprintf(stderr, "silk-index: the rebuild did not finish: %s is "
                "unchanged (run the rebuild again)\n", o->index);
    silk_layout_remove_tree(fresh);
done:
    for (unsigned k = 0; k < have && k < MAX_SHARDS; k++)
        silk_db_free(locks[k]);
    free(fresh);
    free(build);
    free(lang);
    free(schema);
    return rc;
}

/* Index o->paths into o->index (silk's lock held), sharded or not: shards
 * (the requested count, else the index's own) must match an existing
 * index's count, except with --rebuild, which builds anew. A new index of
 * one database (and a --rebuild into one) is a merged build (run_merged);
 * so is resuming one that was stopped — a sharded index with MERGE_MARK, or
 * one database with its compression deferred. Every existing database is
 * verified (silk_layout_verify) before anything is written to it. Returns
 * an exit status. */
static int index_locked(silk_index_opts_t *o, unsigned shards)
{
    char path[PATH_MAX_BYTES];
    char *fresh = NULL;
    layout_t layout;
    unsigned have;
    struct stat sb;
    bool merging;
    int rc;

    if (read_layout(o->index, &layout, &have) != 0)
        return SILK_EXIT_ERROR;
    merging = layout == LAYOUT_SINGLE
                  ? silk_db_compression_deferred(o->index) == 1
                  : layout != LAYOUT_NEW && exists_in(o->index, MERGE_MARK);
    if (merging && layout != LAYOUT_SINGLE && shards > 1) {
        fprintf(stderr, "silk-index: %s is a build into one database that "
                "was stopped: finish it without --shards, or start over "
                "with --rebuild --shards %u\n", o->index, shards);
        return SILK_EXIT_ERROR;
    }
    if (o->rebuild && layout != LAYOUT_NEW) {
        rc = run_rebuild(o, layout, have, merging && !shards ? 1 : shards);
        /* Interrupted, the old index stays: not checked, so no stamp. */
        stamp_all(o->index,
                  rc == SILK_EXIT_INTERRUPTED ? SILK_EXIT_ERROR : rc);
        return rc;
    }
    if (layout == LAYOUT_ORPHAN && !merging) {
        if (shards < have) {
            orphan_error(o->index, have);
            return SILK_EXIT_ERROR;
        }
        rc = run_sharded(o, shards);
        stamp_all(o->index, rc);
        return rc;
    }
    /* (Not a directory: the pipeline says what is wrong.) */
    if (layout == LAYOUT_NEW && shards <= 1 &&
        (stat(o->index, &sb) != 0 || S_ISDIR(sb.st_mode)))
        merging = true;
    if (shards == 0 || merging)
        shards = have;
    if (layout != LAYOUT_NEW && shards != have) {
        fprintf(stderr, "silk-index: %s has %u shard%s, not %u: index it "
                "with --shards %u (or without --shards), or re-shard it with "
                "--rebuild --shards %u\n", o->index, have,
                have == 1 ? "" : "s", shards, have, shards);
        return SILK_EXIT_ERROR;
    }
    for (unsigned k = 0; layout != LAYOUT_NEW && layout != LAYOUT_ORPHAN &&
                         k < have; k++)
        if (silk_layout_verify(db_path(path, sizeof path, o->index, layout,
                                       k)) != 0)
            return SILK_EXIT_ERROR;
    if (layout == LAYOUT_SHARDED || shards > 1) {
        for (size_t i = 0; i < o->npaths; i++)
            if (strcmp(o->paths[i], "-") == 0) {
                fputs("silk-index: '-' (standard input) cannot be indexed "
                      "into shards (each shard reads all of the input): save "
                      "it to a file first\n", stderr);
                return SILK_EXIT_ERROR;
            }
    }
    /* A merged build needs to write beside the index ("/" and "." have
     * no beside; nor has a directory whose parent is not writable: a new
     * index there is built as one database in place, as Xapian writes). */
    fresh = merging ? silk_layout_fresh_path(o->index) : NULL;
    if (fresh && !writable_parent(fresh)) {
        if (o->verbose)
            fprintf(stderr, "silk-index: cannot write beside %s: one process, "
                    "no compaction\n", o->index);
        free(fresh);
        fresh = NULL;
    }
    if (fresh)
        rc = run_merged(o, o->index, layout, have, fresh);
    else if (layout == LAYOUT_SHARDED || shards > 1)
        rc = run_sharded(o, shards);
    else
        rc = silk_pipeline_run(o);
    free(fresh);
    stamp_all(o->index, rc);
    return rc;
}

/* Whether this thread's last with_lock found the lock held past the
 * timeout (silk_index_articles's SILK_LOCKED). */
static _Thread_local bool lock_busy;

/* Take silk's lock on o->index (creating the directory if create), then
 * run(o, shards) holding it. Returns run's exit status, or SILK_EXIT_ERROR
 * if the lock was held past --lock-timeout (message printed). */
static int with_lock(silk_index_opts_t *o, unsigned shards, bool create,
                     int (*run)(silk_index_opts_t *, unsigned))
{
    silk_layout_lock_t *lock = NULL;
    int rc = silk_layout_lock(&lock, o->index, create, o->lock_timeout);

    lock_busy = rc == SILK_LAYOUT_BUSY;
    if (rc == SILK_LAYOUT_BUSY) {
        fprintf(stderr, "silk-index: another silk-index is writing %s (lock "
                "held); try again when it finishes\n", o->index);
        return SILK_EXIT_ERROR;
    }
    if (rc < 0)
        return SILK_EXIT_ERROR;
    rc = run(o, shards);
    silk_layout_unlock(lock);
    return rc;
}

/* with_lock adapters. */
static int compact_locked(silk_index_opts_t *o, unsigned shards)
{
    int rc;

    (void)shards;
    rc = run_compact(o, compact_output);
    stamp_all(compact_output ? compact_output : o->index, rc);
    return rc;
}

/* --check: Xapian's checker over every database of o->index; writes
 * nothing. Exit 0 if every one is consistent, 1 if errors were found, 2 if
 * there is no index or a check could not run. */
static int check_locked(silk_index_opts_t *o, unsigned shards)
{
    char path[PATH_MAX_BYTES];
    layout_t layout;
    unsigned n;
    long errors = 0;
    bool failed = false;

    (void)shards;
    if (read_layout(o->index, &layout, &n) != 0)
        return SILK_EXIT_ERROR;
    if (layout == LAYOUT_NEW) {
        fprintf(stderr, "silk-index: no index at %s to check\n", o->index);
        return SILK_EXIT_ERROR;
    }
    if (layout == LAYOUT_ORPHAN)
        orphan_error(o->index, n);
    for (unsigned k = 0; k < n; k++) {
        long e = silk_layout_check_db(db_path(path, sizeof path, o->index,
                                              layout, k));
        if (e < 0)
            failed = true;
        else
            errors += e;
    }
    if (failed || layout == LAYOUT_ORPHAN)
        return SILK_EXIT_ERROR;
    if (errors > 0) {
        fprintf(stderr, "silk-index: %s is damaged (%ld error%s): rebuild it "
                "with silk-index --rebuild -i %s CORPUS\n", o->index, errors,
                errors == 1 ? "" : "s", o->index);
        return SILK_EXIT_PROBLEMS;
    }
    return SILK_EXIT_OK;
}


/* See silk_int.h. The counts are always taken (o->counts or our own), so
 * that a run that found nothing says so, whichever way it was built. */
int silk_index_run(silk_index_opts_t *o, unsigned shards)
{
    silk_index_counts_t own, *counts = o->counts ? o->counts : &own;
    silk_index_counts_t *given = o->counts;
    int rc;

    memset(counts, 0, sizeof *counts);
    rebuilt_nothing = false;
    o->counts = counts;
    rc = with_lock(o, shards, true, index_locked);
    o->counts = given;
    if ((rc == SILK_EXIT_OK || rc == SILK_EXIT_PROBLEMS) &&
        silk_pipeline_found_nothing(counts)) {
        silk_pipeline_say_nothing(o, counts, rebuilt_nothing);
        if (rc == SILK_EXIT_OK)
            rc = SILK_EXIT_NOTHING;
    }
    return rc;
}

int silk_index_compact(silk_index_opts_t *o, const char *output)
{
    compact_output = output;
    return with_lock(o, 0, false, compact_locked);
}

int silk_index_check(silk_index_opts_t *o)
{
    return with_lock(o, 0, false, check_locked);
}

/* ---- silk.h ------------------------------------------------------------- */

/* Articles written per commit by default. Measured on Reuters-21578
 * (docs/silk-index.md): of 300, 1000 and 3000, 1000 cost the least CPU on
 * the whole set (bigger batches make Xapian's in-memory maps slower), and
 * it keeps peak RSS near 50 MB. */
#define DEFAULT_COMMIT_EVERY 1000

/* Seconds a second writer waits for the lock by default. */
#define DEFAULT_LOCK_TIMEOUT 10.0

/* Largest article (a .txt file, a JSON line, a .json file) read by
 * default. The longest real news articles are well under 1 MB; past this
 * size a line is a database dump or a mistake, and reading it takes about
 * three times its size in memory (docs/silk-index.md). */
#define DEFAULT_MAX_ARTICLE_BYTES ((size_t)64 << 20)


void silk_index_options_init(silk_index_options_t *o)
{
    memset(o, 0, sizeof *o);
    o->commit_every = DEFAULT_COMMIT_EVERY;
    o->lock_timeout = DEFAULT_LOCK_TIMEOUT;
    o->max_article_bytes = DEFAULT_MAX_ARTICLE_BYTES;
}

silk_status_t silk_index_articles(silk_index_summary_t *out,
                                  const char *index,
                                  const char *const *paths, size_t n,
                                  const silk_index_options_t *opts)
{
    silk_index_options_t d;
    silk_index_counts_t c;
    silk_index_opts_t o;
    int rc;

    memset(out, 0, sizeof *out);
    if (!opts) {
        silk_index_options_init(&d);
        opts = &d;
    }
    if (!index || !*index)
        return silk_fail(SILK_INVALID, "no index given");
    if (n == 0)
        return silk_fail(SILK_INVALID, "nothing to index: give one or more "
                         "files or directories");
    if (opts->commit_every == 0)
        return silk_fail(SILK_INVALID, "commit_every must be at least 1");
    memset(&o, 0, sizeof o);
    memset(&c, 0, sizeof c);
    o.index = index;
    o.paths = paths;
    o.npaths = n;
    o.rebuild = opts->rebuild;
    o.lang = opts->language;
    o.lock_timeout = opts->lock_timeout;
    o.commit_every = opts->commit_every;
    o.strict = opts->strict;
    o.max_article_bytes = opts->max_article_bytes;
    o.all_files = opts->all_files;
    o.quiet = 1;
    o.synonyms_keep = 1;
    o.jobs = 1;  /* a library forks no processes: one, compacted */
    o.counts = &c;
    rc = silk_index_run(&o, 0);
    out->added = c.added;
    out->changed = c.changed;
    out->unchanged = c.unchanged;
    out->removed = c.removed;
    out->passages = c.passages;
    out->skipped_files = c.skipped_files;
    out->no_date = c.no_date;
    for (int i = 0; i < SILK_INDEX_MAX_PROBLEMS; i++)
        out->problems += c.problems[i];
    switch (rc) {
    case SILK_EXIT_OK:
    case SILK_EXIT_PROBLEMS:
        return SILK_OK;
    case SILK_EXIT_NOTHING:
        return silk_fail(SILK_INVALID, "no article to index in the paths "
                         "given (%lu files skipped as not articles): nothing "
                         "was indexed", c.skipped_files);
    case SILK_EXIT_INTERRUPTED:
        return silk_fail(SILK_ERROR, "interrupted: what was committed "
                         "stands; index again to finish");
    default:
        if (lock_busy)
            return silk_fail(SILK_LOCKED, "another silk-index is writing %s "
                             "(lock held); try again when it finishes",
                             index);
        return silk_fail(opts->strict && out->problems ? SILK_INVALID
                         : SILK_ERROR, "indexing %s failed (the reason is "
                         "on stderr)", index);
    }
}
