/* silk_index.c: the silk-index tool — options, signals, then the pipeline
 * (pipeline.c). See docs/silk-index.md. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pipeline.h"
#include "silk_version.h"

/* Articles written per commit by default. Measured on Reuters-21578
 * (docs/silk-index.md): of 300, 1000 and 3000, 1000 cost the least CPU on
 * the whole set (bigger batches make Xapian's in-memory maps slower), and
 * it keeps peak RSS near 50 MB. */
#define DEFAULT_COMMIT_EVERY 1000

/* Seconds a second writer waits for the lock by default. */
#define DEFAULT_LOCK_TIMEOUT 10.0

enum {
    OPT_REBUILD = 256, OPT_LANG, OPT_LOCK_TIMEOUT, OPT_COMMIT_EVERY,
    OPT_STRICT, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_EXPLAIN, OPT_VERSION
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
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}
};

/* Print the usage text to f. */
static void usage(FILE *f)
{
    fputs(
"usage: silk-index -i INDEX [options] PATH...\n"
"Index news articles (.txt with optional .meta sidecars, .jsonl) from each\n"
"PATH (a file or a directory, walked recursively) into the passage index\n"
"INDEX, incrementally: unchanged articles are skipped, changed ones\n"
"replaced, vanished ones removed.\n"
"\n"
"  -i, --index INDEX       the index directory (created if missing)\n"
"      --rebuild           start over: drop every passage and record first\n"
"      --lang NAME         Snowball language of a new index (default: the\n"
"                          index's own, else english)\n"
"      --lock-timeout SEC  wait this long for another writer (default 10)\n"
"      --commit-every N    articles per commit (default 1000)\n"
"      --strict            exit 2 at the first input problem\n"
"  -q, --quiet             no summary line\n"
"      --progress          progress on stderr (default: when it is a TTY)\n"
"      --no-progress       no progress\n"
"      --explain-facets    print each facet value with its text span and\n"
"                          rule; write nothing (-i not needed)\n"
"  -h, --help              this text\n"
"      --version           the version\n"
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

/* silk-index: parse options and run the pipeline; the exit status is the
 * pipeline's (docs/silk-index.md), 2 for a usage error. */
int main(int argc, char **argv)
{
    silk_index_opts_t o;
    unsigned long n;
    int c, progress = -1;

    memset(&o, 0, sizeof o);
    o.lock_timeout = DEFAULT_LOCK_TIMEOUT;
    o.commit_every = DEFAULT_COMMIT_EVERY;
    while ((c = getopt_long(argc, argv, "i:qh", long_opts, NULL)) != -1) {
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
                        "(0 to 86400), not '%s'\n", optarg);
                return SILK_EXIT_ERROR;
            }
            break;
        case OPT_COMMIT_EVERY:
            if (parse_ulong(optarg, 1, ULONG_MAX / 2, &n) != 0) {
                fprintf(stderr, "silk-index: --commit-every wants a number "
                        ">= 1, not '%s'\n", optarg);
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
        case 'h':
            usage(stdout);
            return SILK_EXIT_OK;
        case OPT_VERSION:
            printf("silk-index %s\n", SILK_VERSION);
            return SILK_EXIT_OK;
        default:
            fputs("silk-index: try 'silk-index --help'\n", stderr);
            return SILK_EXIT_ERROR;
        }
    }
    o.paths = (const char *const *)(argv + optind);
    o.npaths = (size_t)(argc - optind);
    if (!o.index && !o.explain) {
        fputs("silk-index: no index given: silk-index -i INDEX PATH... "
              "(try --help)\n", stderr);
        return SILK_EXIT_ERROR;
    }
    if (o.npaths == 0) {
        fputs("silk-index: nothing to index: give one or more files or "
              "directories after the options (try --help)\n", stderr);
        return SILK_EXIT_ERROR;
    }
    o.progress = o.explain ? 0 : progress >= 0 ? progress : isatty(2);
    install_signals();
    return silk_pipeline_run(&o);
}
