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

#include "silk_num.h"
#include "index_synonyms.h"
#include "nearest.h"
#include "silk_int.h"
#include "silk_version.h"

/* Most --commit-every: a batch is also cut at 16 MB of text, so more
 * would never be reached. */
#define MAX_COMMIT_EVERY 100000000ul

enum {
    OPT_REBUILD = 256, OPT_LANG, OPT_LOCK_TIMEOUT, OPT_COMMIT_EVERY,
    OPT_STRICT, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_EXPLAIN, OPT_VERSION,
    OPT_SHARDS, OPT_COMPACT, OPT_OUTPUT, OPT_CHECK, OPT_MAX_ARTICLE_BYTES,
    OPT_ALL_FILES, OPT_SYNONYMS, OPT_JOBS, OPT_FIELD
};

/* Most --field options: far more than any corpus has names for its six
 * fields. */
#define MAX_FIELD_KEYS 64

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
    {"jobs", required_argument, NULL, OPT_JOBS},
    {"verbose", no_argument, NULL, 'v'},
    {"compact", no_argument, NULL, OPT_COMPACT},
    {"output", required_argument, NULL, OPT_OUTPUT},
    {"check", no_argument, NULL, OPT_CHECK},
    {"max-article-bytes", required_argument, NULL, OPT_MAX_ARTICLE_BYTES},
    {"all-files", no_argument, NULL, OPT_ALL_FILES},
    {"field", required_argument, NULL, OPT_FIELD},
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
".csv, .tsv, and .gz of them) from each PATH (a file, a directory walked\n"
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
"      --jobs N            build a new index (or --rebuild one) in N\n"
"                          processes, merged into one (default: the online\n"
"                          cores)\n"
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
"      --field FIELD=NAME  read FIELD (id, title, body, date, source, url)\n"
"                          from the JSON key or CSV column NAME first\n"
"                          (repeatable)\n"
"  -q, --quiet             no summary line\n"
"  -v, --verbose           say how the index is built, and which key gave\n"
"                          a field when not its own name (\"headline\")\n"
"      --progress          progress on stderr (default: when it is a TTY)\n"
"      --no-progress       no progress\n"
"      --explain-facets    print each facet value with its text span and\n"
"                          rule; write nothing (-i not needed)\n"
"  -h, --help              this text\n"
"  -V, --version           the version\n"
"\n"
"Exit: 0 all indexed, 1 some input skipped or repaired, 2 error,\n"
"3 no article in the PATHs, 130 interrupted (committed; run again).\n", f);
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

/* Parse --field's FIELD=NAME from s into *out (NAME borrowed from s).
 * Returns 0, or -1 after printing why. */
static int parse_field(const char *s, silk_reader_field_key_t *out)
{
    const char *eq = strchr(s, '=');
    char name[16];
    int f = -1;

    if (eq && (size_t)(eq - s) < sizeof name) {
        memcpy(name, s, (size_t)(eq - s));
        name[eq - s] = '\0';
        f = silk_reader_field_parse(name);
    }
    if (f < 0 || !eq[1]) {
        fputs("silk-index: --field wants FIELD=NAME, FIELD one of ", stderr);
        for (int i = 0; i < SILK_RF_COUNT_; i++)
            fprintf(stderr, "%s%s", i ? ", " : "",
                    silk_reader_field_name((silk_reader_field_t)i));
        fprintf(stderr, " and NAME a JSON key or CSV column (--field "
                "body=story_text), not '%s'\n", s);
        return -1;
    }
    out->field = (silk_reader_field_t)f;
    out->key = eq + 1;
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
    unsigned long n, shards = 0;
    unsigned long long bytes;
    const char *output = NULL, *synonyms = NULL;
    char *syn_text = NULL;
    int c, progress = -1, compact = 0, check = 0;
    silk_reader_field_key_t fields[MAX_FIELD_KEYS];

    memset(&o, 0, sizeof o);
    silk_index_options_t defaults;  /* silk.h's, the library's */
    silk_index_options_init(&defaults);
    o.lock_timeout = defaults.lock_timeout;
    o.commit_every = defaults.commit_every;
    o.max_article_bytes = defaults.max_article_bytes;
    opterr = 0; /* silk_index_bad_option says what is wrong */
    while ((c = getopt_long(argc, argv, ":i:qvhV", long_opts, NULL)) != -1) {
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
            if (silk_parse_ulong(optarg, 1, MAX_COMMIT_EVERY, &n) != 0) {
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
            if (silk_parse_ulong(optarg, 1, SILK_INDEX_MAX_SHARDS, &shards) != 0) {
                fprintf(stderr, "silk-index: --shards wants a whole number "
                        "from 1 to %d, not '%s'\n", SILK_INDEX_MAX_SHARDS, optarg);
                return SILK_EXIT_ERROR;
            }
            break;
        case OPT_JOBS:
            if (silk_parse_ulong(optarg, 1, SILK_INDEX_MAX_SHARDS, &n) != 0) {
                fprintf(stderr, "silk-index: --jobs wants a whole number "
                        "from 1 to %d, not '%s'\n", SILK_INDEX_MAX_SHARDS,
                        optarg);
                return SILK_EXIT_ERROR;
            }
            o.jobs = (unsigned)n;
            break;
        case 'v':
            o.verbose = 1;
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
        case OPT_FIELD:
            if (o.nfield_keys == MAX_FIELD_KEYS) {
                fprintf(stderr, "silk-index: --field is given more than %d "
                        "times\n", MAX_FIELD_KEYS);
                return SILK_EXIT_ERROR;
            }
            if (parse_field(optarg, &fields[o.nfield_keys]) != 0)
                return SILK_EXIT_ERROR;
            o.field_keys = fields;
            o.nfield_keys++;
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
        return silk_index_compact(&o, output);
    }
    if (check) {
        if (!o.index || o.npaths > 0 || o.explain || o.rebuild) {
            fputs("silk-index: --check takes an index and nothing else: "
                  "silk-index --check -i INDEX\n", stderr);
            return SILK_EXIT_ERROR;
        }
        return silk_index_check(&o);
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
    c = silk_index_run(&o, (unsigned)shards);
    free(syn_text);
    return c;
}
