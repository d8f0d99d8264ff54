/* silk_index.c: the silk-index tool — options, signals, then the pipeline
 * (pipeline.c): for one index, or for a sharded one (one process per
 * shard), and compaction. See docs/silk-index.md and docs/scaling.md. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "document.h"
#include "layout.h"
#include "pipeline.h"
#include "index_synonyms.h"
#include "nearest.h"
#include "silk_schema.h"
#include "silk_version.h"
#include "silk_xapian.h"

/* Most shards one silk-index writes: one process each, all at once; more
 * than this is more processes than any machine has cores for. */
#define MAX_SHARDS 256

/* A sharded index is a directory holding this Xapian stub file (Xapian 1.4
 * opens a directory with a file of this name as the stub) and one
 * subdirectory per shard. */
#define STUB_NAME "XAPIANDB"
#define SHARD_FMT "shard-%u"

/* Longest path silk-index builds from -i (shard directories, temporaries). */
#define PATH_MAX_BYTES 4096

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
#define DEFAULT_MAX_ARTICLE_BYTES (64ull << 20)

/* Most --commit-every: a batch is also cut at 16 MB of text, so more
 * would never be reached. */
#define MAX_COMMIT_EVERY 100000000ul

enum {
    OPT_REBUILD = 256, OPT_LANG, OPT_LOCK_TIMEOUT, OPT_COMMIT_EVERY,
    OPT_STRICT, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_EXPLAIN, OPT_VERSION,
    OPT_SHARDS, OPT_COMPACT, OPT_OUTPUT, OPT_CHECK, OPT_MAX_ARTICLE_BYTES,
    OPT_ALL_FILES, OPT_SYNONYMS
};

static const struct option long_opts[] = {
    {"index", required_argument, NULL, 'i'},
    {"rebuild", no_argument, NULL, OPT_REBUILD},
    {"lang", required_argument, NULL, OPT_LANG},
    {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},
    {"commit-every", required_argument, NULL, OPT_COMMIT_EVERY},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"quiet", no_argument, NULL, 'q'},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
    {"explain-facets", no_argument, NULL, OPT_EXPLAIN},
    {"shards", required_argument, NULL, OPT_SHARDS},
    {"compact", no_argument, NULL, OPT_COMPACT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"check", no_argument, NULL, OPT_CHECK},
    {"max-article-bytes", required_argument, NULL, OPT_MAX_ARTICLE_BYTES},
    {"all-files", no_argument, NULL, OPT_ALL_FILES},
    {"synonyms", required_argument, NULL, OPT_SYNONYMS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}
};

/* Say what is wrong with the option arg that getopt_long refused (c is
 * ':' for a missing value, '?' for an unknown option), naming the nearest
 * real one: one line on stderr. */
static void silk_index_bad_option(const char *arg, int c,
                                  const struct option *opts, size_t nopts)
{
    const char *name = arg, *eq;
    while (*name == '-')
        name++;
    eq = strchr(name, '=');
    size_t n = eq ? (size_t)(eq - name) : strlen(name);
    if (c == ':') {
        fprintf(stderr, "silk-index: %s needs a value (try 'silk-index "
                "--help')\n", arg);
        return;
    }
    const char *near = arg[0] == '-' && arg[1] == '-'
        ? silk_nearest_name(name, n, opts, nopts, sizeof *opts)
        : NULL;
    if (near && strlen(near) == n && strncmp(near, name, n) == 0)
        fprintf(stderr, "silk-index: --%s takes no value (try 'silk-index "
                "--help')\n", near);
    else if (arg[0] == '-' && arg[1] != '-' && optopt)
        fprintf(stderr, "silk-index: unknown option '-%c' (try 'silk-index "
                "--help')\n", optopt);
    else
        fprintf(stderr, "silk-index: unknown option '%.*s'%s%s%s (try "
                "'silk-index --help')\n", (int)(n + (size_t)(name - arg)), arg,
                near ? ": did you mean --" : "", near ? near : "",
                near ? "?" : "");
}

/* Print the usage text to f. */
static void usage(FILE *f)
{
    fputs(
"usage: silk-index [-i INDEX] [options] PATH...\n"
"       silk-index --compact [-i INDEX] [--output DEST]\n"
"       silk-index --check [-i INDEX]\n"
"Index news articles (.txt with optional .meta sidecars, .jsonl, .json,\n"
".jsonl.gz, .json.gz) from each PATH (a file, a directory walked\n"
"recursively, or - for JSON Lines on standard input) into the passage\n"
"index INDEX, incrementally: unchanged articles are skipped, changed ones\n"
"replaced, vanished ones removed.\n"
"\n"
"  -i, --index INDEX       the index directory (created if missing; keep it\n"
"                          out of the corpus); without -i: $SILK_INDEX\n"
"      --rebuild           start over: build a new index beside INDEX and\n"
"                          swap it in when complete (with --shards N: any N)\n"
"      --lang NAME         Snowball language of a new index (default: the\n"
"                          index's own, else english)\n"
"      --lock-timeout SEC  wait this long for another writer (default 10)\n"
"      --commit-every N    articles per commit (default 1000)\n"
"      --synonyms FILE     store FILE's synonyms (docs/silk-index.md) with\n"
"                          the shipped ones (default: keep the index's own)\n"
"      --shards N          write INDEX as N shards in parallel (one process\n"
"                          each; default: the index's own count, else 1)\n"
"      --compact           merge INDEX's shards (or compact one index) into\n"
"                          one compact index, in place or into --output\n"
"      --output DEST       with --compact: write it to DEST (must not exist)\n"
"      --check             run Xapian's consistency checker over every\n"
"                          shard of INDEX; write nothing\n"
"      --strict            exit 2 at the first input problem\n"
"      --max-article-bytes N  skip a file or JSON line larger than N bytes\n"
"                          (suffix K, M or G; 0 = no limit; default 64M)\n"
"      --all-files         read every file of a directory as an article,\n"
"                          not only .txt (README, .md, no extension...)\n"
"  -q, --quiet             no summary line\n"
"      --progress          progress on stderr (default: when it is a TTY)\n"
"      --no-progress       no progress\n"
"      --explain-facets    print each facet value with its text span and\n"
"                          rule; write nothing (-i not needed)\n"
"  -h, --help              this text\n"
"  -V, --version           the version\n"
"\n"
"Exit: 0 all indexed, 1 some input skipped or repaired, 2 error,\n"
"130 interrupted (committed; run again to finish).\n", f);
}

/* Parse a whole number in [lo, hi] from s into *out. Returns 0 or -1. */
static int parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                       unsigned long *out)
{
    char *end;
    unsigned long v;

    errno = 0;
    if (!s[0] || s[0] == '-')
        return -1;
    v = strtoul(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Parse a byte count from s: a whole number with an optional K, M or G
 * (powers of 1024, "KiB"/"MB"-style spellings too). Returns 0 or -1. */
static int parse_bytes(const char *s, unsigned long long *out)
{
    char *end;
    unsigned long long v, mul = 1;

    errno = 0;
    if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
        return -1;
    v = strtoull(s, &end, 10);
    if (errno || end == s)
        return -1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    default: break;
    }
    if (mul > 1 && (*end == 'i' || *end == 'I'))
        end++;
    if (mul > 1 && (*end == 'b' || *end == 'B'))
        end++;
    if (*end || (v && mul > ~0ull / v) || v * mul > SIZE_MAX)
        return -1;
    *out = v * mul;
    return 0;
}

/* Parse seconds (a decimal >= 0, at most a day) from s. Returns 0 or -1. */
static int parse_seconds(const char *s, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= 86400))
        return -1;
    *out = v;
    return 0;
}

/* SIGINT/SIGTERM: finish the article in hand, commit, report. */
static void on_signal(int sig)
{
    (void)sig;
    silk_pipeline_interrupt();
}

/* Install the signal handlers. */
static void install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

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
    char p[PATH_MAX_BYTES], line[512];
    unsigned n = 0, lineno = 0;
    struct stat sb;
    FILE *fp;

    *layout = LAYOUT_NEW;
    *nshards = 1;
    if (stat(index, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return 0;  /* the pipeline says what is wrong with a non-directory */
    if (!exists_in(index, STUB_NAME)) {
        if (exists_in(index, "iamglass") || exists_in(index, "iamchert") ||
            exists_in(index, "iamhoney")) {
            *layout = LAYOUT_SINGLE;
            return 0;
        }
        for (n = 0; n < MAX_SHARDS; n++) {
            snprintf(line, sizeof line, SHARD_FMT, n);
            if (!exists_in(index, line))
                break;
        }
        if (n > 0) {
            *layout = LAYOUT_ORPHAN;
            *nshards = n;
        }
        return 0;
    }
    snprintf(p, sizeof p, "%s/%s", index, STUB_NAME);
    fp = fopen(p, "r");
    if (!fp) {
        fprintf(stderr, "silk-index: cannot read %s: %s\n", p,
                strerror(errno));
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        unsigned k;
        int end = 0;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (sscanf(line, "auto " SHARD_FMT "%n", &k, &end) != 1 ||
            line[end] != '\0' || k != n || n == MAX_SHARDS) {
            fprintf(stderr, "silk-index: %s line %u is not a shard silk-index "
                    "wrote ('%s'): silk-index writes only the sharded "
                    "indexes it made; search this stub with silk-query, and "
                    "index each shard with -i SHARD\n", p, lineno, line);
            fclose(fp);
            return -1;
        }
        n++;
    }
    fclose(fp);
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

/* Seconds on a monotonic clock. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
 * prepare_shards); then add up the shards' counts and print the summary.
 * Returns the worst of the shards' exit statuses (error > interrupted >
 * problems > ok). */
static int run_sharded(const silk_index_opts_t *o, unsigned n)
{
    pid_t pids[MAX_SHARDS];
    int fds[MAX_SHARDS];
    silk_index_counts_t sum, c;
    unsigned started = 0;
    bool error = false, interrupted = false, got_counts = true;
    double t0 = now_s();
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
    if (!o->quiet && got_counts)
        silk_pipeline_summary(&sum, now_s() - t0);
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
    silk_db_t *locks[MAX_SHARDS] = {NULL}, *check = NULL;
    char shard[PATH_MAX_BYTES];
    const char *src = o->index;
    char *schema = NULL, *dest = NULL;
    unsigned n = 1;
    layout_t layout;
    unsigned long long before;
    struct stat sb;
    double t0 = now_s();
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
    if (silk_layout_remove_tree(dest) != 0) {
        fprintf(stderr, "silk-index: cannot remove %s (left by an earlier "
                "compaction): %s\n", dest, strerror(errno));
        goto done;
    }
    if (silk_db_compact(&src, 1, dest) != SILK_OK) {
        fprintf(stderr, "silk-index: cannot compact %s into %s: %s\n",
                o->index, output ? output : o->index, silk_errmsg());
        silk_layout_remove_tree(dest);
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
                "metadata; %s is left as it was\n", dest, o->index);
        silk_db_free(check);
        check = NULL;
        silk_layout_remove_tree(dest);
        goto done;
    }
    silk_db_free(check);
    check = NULL;
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
               now_s() - t0);
    rc = SILK_EXIT_OK;
done:
    free(schema);
    free(dest);
    silk_db_free(check);
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

/* --rebuild of the existing index o->index (layout, have shards) into
 * shards shards (0: as many as it has): build a whole new index beside it
 * (silk_layout_fresh_path) and swap it in only when the run finished (exit
 * 0 or 1). Stopped (SIGINT, --strict, an error, a kill), the old index is
 * left as it was, answering readers; what was built is removed (after a
 * kill, by the next run). Xapian's write locks on the old databases are
 * held meanwhile; a damaged old index, which cannot be opened, is still
 * replaced (that is what a rebuild is for). The language is --lang, else
 * the old index's, else english. Returns an exit status. */
static int run_rebuild(const silk_index_opts_t *o, layout_t layout,
                       unsigned have, unsigned shards)
{
    silk_db_t *locks[MAX_SHARDS] = {NULL};
    char path[PATH_MAX_BYTES];
    char *fresh = NULL, *lang = NULL, *schema = NULL;
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
    rc = shards > 1 ? run_sharded(&fo, shards) : silk_pipeline_run(&fo);
    if (rc == SILK_EXIT_OK || rc == SILK_EXIT_PROBLEMS) {
        silk_layout_crash_point("rebuilt");
        if (silk_layout_swap(o->index, fresh) != 0)
            rc = SILK_EXIT_ERROR;
    } else {
        fprintf(stderr, "silk-index: the rebuild did not finish: %s is "
                "unchanged (run the rebuild again)\n", o->index);
    }
    silk_layout_remove_tree(fresh);
done:
    for (unsigned k = 0; k < have && k < MAX_SHARDS; k++)
        silk_db_free(locks[k]);
    free(fresh);
    free(lang);
    free(schema);
    return rc;
}

/* Index o->paths into o->index (silk's lock held), sharded or not: shards
 * (the requested count, else the index's own) must match an existing
 * index's count, except with --rebuild, which builds anew. Every existing
 * database is verified (silk_layout_verify) before anything is written to
 * it. Returns an exit status. */
static int index_locked(silk_index_opts_t *o, unsigned shards)
{
    char path[PATH_MAX_BYTES];
    layout_t layout;
    unsigned have;
    int rc;

    if (read_layout(o->index, &layout, &have) != 0)
        return SILK_EXIT_ERROR;
    if (o->rebuild && layout != LAYOUT_NEW) {
        rc = run_rebuild(o, layout, have, shards);
        /* Interrupted, the old index stays: not checked, so no stamp. */
        stamp_all(o->index,
                  rc == SILK_EXIT_INTERRUPTED ? SILK_EXIT_ERROR : rc);
        return rc;
    }
    if (layout == LAYOUT_ORPHAN) {
        if (shards < have) {
            orphan_error(o->index, have);
            return SILK_EXIT_ERROR;
        }
        rc = run_sharded(o, shards);
        stamp_all(o->index, rc);
        return rc;
    }
    if (shards == 0)
        shards = have;
    if (layout != LAYOUT_NEW && shards != have) {
        fprintf(stderr, "silk-index: %s has %u shard%s, not %u: index it "
                "with --shards %u (or without --shards), or re-shard it with "
                "--rebuild --shards %u\n", o->index, have,
                have == 1 ? "" : "s", shards, have, shards);
        return SILK_EXIT_ERROR;
    }
    for (unsigned k = 0; layout != LAYOUT_NEW && k < have; k++)
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
        rc = run_sharded(o, shards);
    }
    else
        rc = silk_pipeline_run(o);
    stamp_all(o->index, rc);
    return rc;
}

/* Take silk's lock on o->index (creating the directory if create), then
 * run(o, shards) holding it. Returns run's exit status, or SILK_EXIT_ERROR
 * if the lock was held past --lock-timeout (message printed). */
static int with_lock(silk_index_opts_t *o, unsigned shards, bool create,
                     int (*run)(silk_index_opts_t *, unsigned))
{
    silk_layout_lock_t *lock = NULL;
    int rc = silk_layout_lock(&lock, o->index, create, o->lock_timeout);

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

/* silk-index: parse options and run the pipeline; the exit status is the
 * pipeline's (docs/silk-index.md), 2 for a usage error. */
int main(int argc, char **argv)
{
    silk_index_opts_t o;
    unsigned long n, shards = 0;
    unsigned long long bytes;
    const char *output = NULL, *synonyms = NULL;
    char *syn_text = NULL;
    int c, progress = -1, compact = 0, check = 0;

    memset(&o, 0, sizeof o);
    o.lock_timeout = DEFAULT_LOCK_TIMEOUT;
    o.commit_every = DEFAULT_COMMIT_EVERY;
    o.max_article_bytes = (size_t)DEFAULT_MAX_ARTICLE_BYTES;
    opterr = 0; /* silk_index_bad_option says what is wrong */
    while ((c = getopt_long(argc, argv, ":i:qhV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'i':
            o.index = optarg;
            break;
        case OPT_REBUILD:
            o.rebuild = 1;
            break;
        case OPT_LANG:
            o.lang = optarg;
            break;
        case OPT_LOCK_TIMEOUT:
            if (parse_seconds(optarg, &o.lock_timeout) != 0) {
                fprintf(stderr, "silk-index: --lock-timeout wants seconds "
                        "from 0 to 86400 (decimals allowed), not '%s'\n",
                        optarg);
                return SILK_EXIT_ERROR;
            }
            break;
        case OPT_COMMIT_EVERY:
            if (parse_ulong(optarg, 1, MAX_COMMIT_EVERY, &n) != 0) {
                fprintf(stderr, "silk-index: --commit-every wants a whole "
                        "number from 1 to %lu, not '%s'\n",
                        MAX_COMMIT_EVERY, optarg);
                return SILK_EXIT_ERROR;
            }
            o.commit_every = n;
            break;
        case OPT_STRICT:
            o.strict = 1;
            break;
        case 'q':
            o.quiet = 1;
            break;
        case OPT_PROGRESS:
            progress = 1;
            break;
        case OPT_NO_PROGRESS:
            progress = 0;
            break;
        case OPT_EXPLAIN:
            o.explain = 1;
            break;
        case OPT_SHARDS:
            if (parse_ulong(optarg, 1, MAX_SHARDS, &shards) != 0) {
                fprintf(stderr, "silk-index: --shards wants a whole number "
                        "from 1 to %d, not '%s'\n", MAX_SHARDS, optarg);
                return SILK_EXIT_ERROR;
            }
            break;
        case OPT_COMPACT:
            compact = 1;
            break;
        case OPT_OUTPUT:
            output = optarg;
            break;
        case OPT_CHECK:
            check = 1;
            break;
        case OPT_MAX_ARTICLE_BYTES:
            if (parse_bytes(optarg, &bytes) != 0) {
                fprintf(stderr, "silk-index: --max-article-bytes wants a "
                        "size from 0 (no limit) to %zu, as bytes or with K, "
                        "M or G (64M), not '%s'\n", (size_t)SIZE_MAX,
                        optarg);
                return SILK_EXIT_ERROR;
            }
            o.max_article_bytes = (size_t)bytes;
            break;
        case OPT_ALL_FILES:
            o.all_files = 1;
            break;
        case OPT_SYNONYMS:
            synonyms = optarg;
            break;
        case 'h':
            usage(stdout);
            return SILK_EXIT_OK;
        case 'V':
        case OPT_VERSION:
            printf("silk-index %s\n", SILK_VERSION);
            return SILK_EXIT_OK;
        default:
            silk_index_bad_option(argv[optind - 1], c, long_opts,
                                  sizeof long_opts / sizeof *long_opts);
            return SILK_EXIT_ERROR;
        }
    }
    const char *env_index = getenv("SILK_INDEX"); /* the default -i */
    if (!o.index && !o.explain && env_index && *env_index)
        o.index = env_index;
    o.paths = (const char *const *)(argv + optind);
    o.npaths = (size_t)(argc - optind);
    if (output && !compact) {
        fputs("silk-index: --output goes with --compact (try --help)\n",
              stderr);
        return SILK_EXIT_ERROR;
    }
    if (compact) {
        if (!o.index || o.npaths > 0 || o.explain) {
            fputs("silk-index: --compact takes an index and nothing to "
                  "index: silk-index --compact -i INDEX [--output DEST]\n",
                  stderr);
            return SILK_EXIT_ERROR;
        }
        compact_output = output;
        return with_lock(&o, 0, false, compact_locked);
    }
    if (check) {
        if (!o.index || o.npaths > 0 || o.explain || o.rebuild) {
            fputs("silk-index: --check takes an index and nothing else: "
                  "silk-index --check -i INDEX\n", stderr);
            return SILK_EXIT_ERROR;
        }
        return with_lock(&o, 0, false, check_locked);
    }
    if (!o.index && !o.explain) {
        fputs("silk-index: no index given: silk-index -i INDEX PATH..., or "
              "set SILK_INDEX (try --help)\n", stderr);
        return SILK_EXIT_ERROR;
    }
    if (o.npaths == 0) {
        fputs("silk-index: nothing to index: give one or more files or "
              "directories after the options (try --help)\n", stderr);
        return SILK_EXIT_ERROR;
    }
    for (size_t i = 0, in = 0; i < o.npaths; i++) {
        if (strcmp(o.paths[i], "-") != 0)
            continue;
        if (++in > 1) {
            fputs("silk-index: '-' (standard input) is given twice: it can "
                  "be read only once\n", stderr);
            return SILK_EXIT_ERROR;
        }
    }
    o.progress = o.explain ? 0 : progress >= 0 ? progress : isatty(2);
    if (!o.explain) {
        if (silk_index_synonyms_read(synonyms, o.lang, &syn_text) != 0)
            return SILK_EXIT_ERROR;
        o.synonyms = syn_text;
        o.synonyms_keep = synonyms == NULL;
    }
    install_signals();
    if (o.explain)
        return silk_pipeline_run(&o);
    c = with_lock(&o, (unsigned)shards, true, index_locked);
    free(syn_text);
    return c;
}
