/* silk_query.c: the silk-query tool — search a silk index and print
 * ranked, highlighted passages and exact facet counts as text, JSON Lines
 * or a TREC run; exit status as grep (0 matched, 1 nothing, 2 error).
 */
#define _POSIX_C_SOURCE 200809L /* getline, isatty, access, clock_gettime */

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "build.h"
#include "gazetteer.h"
#include "nearest.h"
#include "expand.h"
#include "suggest.h"
#include "output.h"
#include "search.h"
#include "mcp.h"
#include "serve.h"
#include "silk_schema.h"
#include "silk_version.h"
#include "silk_xapian.h"
#include "writer_probe.h"

#define EXIT_MATCH 0
#define EXIT_NOMATCH 1
#define EXIT_ERROR 2

/* More -i options than anyone types; a bigger set belongs in a stub file. */
#define MAX_INDEXES 64

/* TREC runs are judged to depth 1000 by convention (trec_eval's default
 * cut-off), so that is the default page in TREC mode. */
#define TREC_DEFAULT_LIMIT 1000u

typedef struct cli {
    const char *indexes[MAX_INDEXES];
    size_t nindexes;
    silk_search_req_t req;
    bool limit_set, per_article_set, duplicates_set;
    bool count;            /* --count: the exact counts only */
    silk_format_t format;
    const char *batch;
    bool explain;
    int color;             /* -1 auto, 0 never, 1 always */
    long facet_limit;      /* -1: the format's default */
    const char *lang;
    bool allow_partial;    /* answer without unreachable shards */
    char *query;           /* the QUERY words joined with spaces */
    const char *article;   /* --article ID or ID#N: print it, no query */
    bool serve;            /* --serve: JSON requests on stdin (serve.h) */
    bool mcp;              /* --mcp: an MCP server on stdio (mcp.h) */
} cli_t;

static const char usage_text[] =
    "usage: silk-query [-i INDEX] [options] QUERY...\n"
    "Search a silk index; print ranked passages with the query's words\n"
    "highlighted, and exact facet counts.\n"
    "\n"
    "  -i, --index PATH     the index (a directory or a Xapian stub file);\n"
    "                       repeat to search several indexes as one;\n"
    "                       without -i: the index named by $SILK_INDEX\n"
    "      --limit N        show N results (default 10; 1000 with --format trec)\n"
    "      --offset N       skip the first N results\n"
    "      --per-article N  at most N passages of an article (default 2; 0: all)\n"
    "      --duplicates M   collapse (default): fold identical passages and\n"
    "                       near-duplicate articles into their first hit's\n"
    "                       'also'; keep: show them all\n"
    "      --exact          count every match exactly, however many\n"
    "      --count          print only the exact passage and article counts\n"
    "                       (text: one line; JSON: the summary record)\n"
    "      --count-limit N  count exactly up to N matching passages, estimate\n"
    "                       past them (default %lu)\n"
    "      --sort ORDER     relevance (default), newest or oldest (by the\n"
    "                       article's date; undated passages last)\n"
    "      --facets LIST    count matches per value: year,country,ministry,\n"
    "                       source,subject,month (YYYY-MM),category or all\n"
    "                       (exact)\n"
    "      --facet-limit N  values per facet field (default 20 in text,\n"
    "                       all in JSON; 0: all)\n"
    "      --json           JSON Lines (same as --format json)\n"
    "      --format F       text, json or trec\n"
    "      --batch FILE     run each 'qid<TAB>query' line of FILE ('-': stdin)\n"
    "      --explain-query  show how the query was read (text)\n"
    "      --color WHEN     auto, always or never (auto: on a terminal,\n"
    "                       unless NO_COLOR is set)\n"
    "      --lang NAME      fail unless the index was built for language NAME\n"
    "      --allow-partial  answer from the shards that can be reached when\n"
    "                       a stub's shard is down (say so in the summary)\n"
    "      --context N      add the N passages before and after each hit\n"
    "                       (0 to %u; a page prints each passage once)\n"
    "      --serve          answer JSON requests, one a line on stdin, with\n"
    "                       JSON Lines, the index kept open (docs/silk-query.md)\n"
    "      --mcp            serve the index as an MCP server on stdio (tools\n"
    "                       search, get_article, facets; docs/silk-query.md)\n"
    "      --article ID     print article ID whole, its passages in order\n"
    "                       (ID#N: passage N only, with --context N its\n"
    "                       neighbours), instead of a query\n"
    "  -h, --help           this help\n"
    "  -V, --version        the version\n"
    "\n"
    "Query syntax: words, \"phrases\", China-Laos (a phrase), AND, OR, NOT,\n"
    "-word, ( ), title:word, year:2021, year:2019..2021, date:2021-03-02,\n"
    "date:2020-11..2021-03, country:Laos, ministry:commerce, source:NAME,\n"
    "* (every passage).\n"
    "A word starting with '-' that is not an option is part of the query;\n"
    "put QUERY after -- to be sure.\n"
    "Exit status: 0 something matched, 1 nothing matched, 2 error.\n"
    "See docs/silk-query.md and docs/json-output.md.\n";

/* Serve mode: a request's first error, for its error record, instead of
 * stderr. */
static bool fail_capture;
static char fail_msg[1024];

/* Print "silk-query: MESSAGE" on stderr as one line. */
static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;

    if (fail_capture) {
        if (!fail_msg[0]) {
            va_start(ap, fmt);
            vsnprintf(fail_msg, sizeof fail_msg, fmt, ap);
            va_end(ap);
        }
        return;
    }
    fputs("silk-query: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Milliseconds on the monotonic clock. */
static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Parse a whole non-negative number no larger than max into *out; -1 on
 * anything else (sign, junk, overflow). */
static int parse_uint(const char *s, unsigned long max, unsigned *out)
{
    unsigned long v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max)
            return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Append word to the query being built, with a space between words. */
static int add_word(cli_t *c, const char *word)
{
    size_t old = c->query ? strlen(c->query) : 0, n = strlen(word);
    char *q = realloc(c->query, old + (old ? 1 : 0) + n + 1);

    if (!q)
        return -1;
    if (old)
        q[old++] = ' ';
    memcpy(q + old, word, n + 1);
    c->query = q;
    return 0;
}

typedef enum opt_id {
    OPT_INDEX, OPT_LIMIT, OPT_OFFSET, OPT_PER_ARTICLE, OPT_FACETS,
    OPT_FACET_LIMIT, OPT_COUNT_LIMIT, OPT_JSON, OPT_FORMAT, OPT_BATCH,
    OPT_EXPLAIN, OPT_COLOR, OPT_LANG, OPT_ALLOW_PARTIAL, OPT_DUPLICATES,
    OPT_EXACT, OPT_ARTICLE, OPT_SORT, OPT_COUNT, OPT_CONTEXT, OPT_SERVE,
    OPT_MCP, OPT_HELP, OPT_VERSION
} opt_id_t;

/* The numeric options and their ranges, said when a value is outside. */
typedef struct num_opt {
    opt_id_t id;
    unsigned long max;
    const char *hint;      /* what to do instead, or "" */
} num_opt_t;

static const num_opt_t num_opts[] = {
    { OPT_LIMIT, SILK_SEARCH_MAX_LIMIT, " (page with --offset for more)" },
    { OPT_OFFSET, SILK_SEARCH_MAX_DEPTH, " (narrow the query to go deeper)" },
    { OPT_PER_ARTICLE, 0xFFFFFFFFul, " (0: all)" },
    { OPT_FACET_LIMIT, 0xFFFFFFFFul, " (0: all)" },
    { OPT_COUNT_LIMIT, 0xFFFFFFFFul, " (or --exact)" },
    { OPT_CONTEXT, SILK_SEARCH_MAX_CONTEXT, "" },
};

typedef struct opt_def {
    const char *name;
    opt_id_t id;
    bool arg;
} opt_def_t;

static const opt_def_t long_opts[] = {
    { "index", OPT_INDEX, true },
    { "limit", OPT_LIMIT, true },
    { "offset", OPT_OFFSET, true },
    { "per-article", OPT_PER_ARTICLE, true },
    { "facets", OPT_FACETS, true },
    { "facet-limit", OPT_FACET_LIMIT, true },
    { "count-limit", OPT_COUNT_LIMIT, true },
    { "duplicates", OPT_DUPLICATES, true },
    { "exact", OPT_EXACT, false },
    { "sort", OPT_SORT, true },
    { "count", OPT_COUNT, false },
    { "context", OPT_CONTEXT, true },
    { "json", OPT_JSON, false },
    { "format", OPT_FORMAT, true },
    { "batch", OPT_BATCH, true },
    { "explain-query", OPT_EXPLAIN, false },
    { "color", OPT_COLOR, true },
    { "colour", OPT_COLOR, true },
    { "lang", OPT_LANG, true },
    { "allow-partial", OPT_ALLOW_PARTIAL, false },
    { "article", OPT_ARTICLE, true },
    { "serve", OPT_SERVE, false },
    { "mcp", OPT_MCP, false },
    { "help", OPT_HELP, false },
    { "version", OPT_VERSION, false },
};

/* Apply option id with its argument (NULL if it takes none). Returns 0, 1
 * for "exit 0 now" (help, version), or EXIT_ERROR after saying why. */
static int apply_opt(cli_t *c, opt_id_t id, const char *name, const char *arg)
{
    unsigned v;
    const char *bad;

    switch (id) {
    case OPT_INDEX:
        if (c->nindexes == MAX_INDEXES) {
            fail("too many -i options (at most %d; list shards in a stub "
                 "file instead)", MAX_INDEXES);
            return EXIT_ERROR;
        }
        c->indexes[c->nindexes++] = arg;
        return 0;
    case OPT_LIMIT:
    case OPT_OFFSET:
    case OPT_PER_ARTICLE:
    case OPT_FACET_LIMIT:
    case OPT_COUNT_LIMIT:
    case OPT_CONTEXT: {
        const num_opt_t *n = num_opts;
        while (n->id != id)
            n++;
        if (parse_uint(arg, n->max, &v) != 0) {
            fail("--%s needs a whole number from 0 to %lu, not '%s'%s", name,
                 n->max, arg, n->hint);
            return EXIT_ERROR;
        }
        if (id == OPT_LIMIT) {
            c->req.limit = v;
            c->limit_set = true;
        } else if (id == OPT_OFFSET) {
            c->req.offset = v;
        } else if (id == OPT_PER_ARTICLE) {
            c->req.per_article = v;
            c->per_article_set = true;
        } else if (id == OPT_COUNT_LIMIT) {
            c->req.count_limit = v;
        } else if (id == OPT_CONTEXT) {
            c->req.context = v;
        } else {
            c->facet_limit = (long)v;
        }
        return 0;
    }
    case OPT_DUPLICATES:
        if (strcmp(arg, "collapse") == 0)
            c->req.duplicates = true;
        else if (strcmp(arg, "keep") == 0)
            c->req.duplicates = false;
        else {
            fail("unknown --duplicates '%s' (choose collapse or keep)", arg);
            return EXIT_ERROR;
        }
        c->duplicates_set = true;
        return 0;
    case OPT_EXACT:
        c->req.count_limit = ULONG_MAX;
        return 0;
    case OPT_COUNT:
        c->count = true;
        return 0;
    case OPT_SORT:
        if (silk_sort_parse(arg, &c->req.sort) != 0) {
            fail("unknown --sort '%s' (choose relevance, newest or oldest)", arg);
            return EXIT_ERROR;
        }
        return 0;
    case OPT_FACETS:
        if (silk_qfacet_parse(arg, &c->req.facets, &bad) != 0) {
            size_t n = strcspn(bad, ",");
            fail("unknown facet field '%.*s' in --facets (choose from "
                 "year,country,ministry,source,subject,month,category or all)", (int)n, bad);
            return EXIT_ERROR;
        }
        return 0;
    case OPT_JSON:
        c->format = SILK_FORMAT_JSON;
        return 0;
    case OPT_FORMAT:
        if (strcmp(arg, "text") == 0)
            c->format = SILK_FORMAT_TEXT;
        else if (strcmp(arg, "json") == 0)
            c->format = SILK_FORMAT_JSON;
        else if (strcmp(arg, "trec") == 0)
            c->format = SILK_FORMAT_TREC;
        else {
            fail("unknown --format '%s' (choose text, json or trec)", arg);
            return EXIT_ERROR;
        }
        return 0;
    case OPT_BATCH:
        c->batch = arg;
        return 0;
    case OPT_EXPLAIN:
        c->explain = true;
        return 0;
    case OPT_COLOR:
        if (strcmp(arg, "auto") == 0)
            c->color = -1;
        else if (strcmp(arg, "always") == 0)
            c->color = 1;
        else if (strcmp(arg, "never") == 0)
            c->color = 0;
        else {
            fail("unknown --color '%s' (choose auto, always or never)", arg);
            return EXIT_ERROR;
        }
        return 0;
    case OPT_LANG:
        c->lang = arg;
        return 0;
    case OPT_ALLOW_PARTIAL:
        c->allow_partial = true;
        return 0;
    case OPT_ARTICLE:
        if (!*arg) {
            fail("--article needs an article id (ID, or ID#N for one "
                 "passage)");
            return EXIT_ERROR;
        }
        c->article = arg;
        return 0;
    case OPT_SERVE:
        c->serve = true;
        return 0;
    case OPT_MCP:
        c->mcp = true;
        return 0;
    case OPT_HELP:
        printf(usage_text, SILK_SEARCH_COUNT_LIMIT, SILK_SEARCH_MAX_CONTEXT);
        return 1;
    case OPT_VERSION:
        printf("silk-query %s (index schema %d, JSON schema %d)\n",
               SILK_VERSION, SILK_SCHEMA_VERSION, SILK_JSON_VERSION);
        return 1;
    }
    return 0;
}

/* Read the command line into c. Returns 0 to go on, 1 to exit 0 (help,
 * version), EXIT_ERROR after saying what was wrong. */
static int parse_args(cli_t *c, int argc, char **argv)
{
    bool words_only = false;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int rc = 0;

        if (words_only || arg[0] != '-' || arg[1] == '\0') {
            rc = add_word(c, arg);
        } else if (strcmp(arg, "--") == 0) {
            words_only = true;
        } else if (arg[1] == '-') {
            const char *name = arg + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const opt_def_t *d = NULL;
            for (size_t k = 0; k < sizeof long_opts / sizeof *long_opts; k++)
                if (strlen(long_opts[k].name) == n &&
                    memcmp(long_opts[k].name, name, n) == 0)
                    d = &long_opts[k];
            if (!d) {
                const char *near = silk_nearest_name(name, n, long_opts,
                                                     sizeof long_opts / sizeof *long_opts,
                                                     sizeof *long_opts);
                fail("unknown option '%.*s'%s%s%s (see silk-query --help; put a "
                     "query that starts with - after --)", (int)(n + 2), arg,
                     near ? ": did you mean --" : "", near ? near : "",
                     near ? "?" : "");
                return EXIT_ERROR;
            }
            const char *val = NULL;
            if (d->arg) {
                if (eq)
                    val = eq + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                else {
                    fail("--%s needs a value (see silk-query --help)", d->name);
                    return EXIT_ERROR;
                }
            } else if (eq) {
                fail("--%s takes no value (see silk-query --help)", d->name);
                return EXIT_ERROR;
            }
            rc = apply_opt(c, d->id, d->name, val);
        } else if (arg[1] == 'i') {
            const char *val = arg[2] ? arg + 2 : (i + 1 < argc ? argv[++i] : NULL);
            if (!val) {
                fail("-i needs an index path (see silk-query --help)");
                return EXIT_ERROR;
            }
            rc = apply_opt(c, OPT_INDEX, "index", val);
        } else if (strcmp(arg, "-h") == 0) {
            rc = apply_opt(c, OPT_HELP, "help", NULL);
        } else if (strcmp(arg, "-V") == 0) {
            rc = apply_opt(c, OPT_VERSION, "version", NULL);
        } else {
            rc = add_word(c, arg); /* "-word": NOT word */
        }
        if (rc < 0) {
            fail("out of memory reading the command line");
            return EXIT_ERROR;
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* Check the options that go together and let them set each other (--count
 * a page of 0, TREC one passage an article). Returns 0 or EXIT_ERROR
 * after saying why. */
static int settle(cli_t *c)
{
    if (c->article && (c->batch || c->query)) {
        fail("--article prints an article, not a query's hits: give "
             "either --article ID or QUERY/--batch");
        return EXIT_ERROR;
    }
    if (c->batch && c->query) {
        fail("give either QUERY or --batch FILE, not both");
        return EXIT_ERROR;
    }
    if (c->count) {
        if (c->format == SILK_FORMAT_TREC || c->req.facets) {
            fail("--count prints the counts only: drop %s",
                 c->req.facets ? "--facets" : "--format trec");
            return EXIT_ERROR;
        }
        c->req.limit = 0;
        c->req.count_limit = ULONG_MAX;
    }
    if (c->format == SILK_FORMAT_TREC) {
        /* A TREC run ranks documents: one line per article, each judged on
         * its own (a copy is a document of the collection too). */
        if (c->per_article_set && c->req.per_article != 1) {
            fail("--format trec ranks articles: --per-article must be 1 "
                 "(or left out)");
            return EXIT_ERROR;
        }
        c->req.per_article = 1;
        if (!c->duplicates_set)
            c->req.duplicates = false;
        if (!c->limit_set)
            c->req.limit = TREC_DEFAULT_LIMIT;
    }
    c->req.describe = c->explain && c->format == SILK_FORMAT_TEXT;
    return 0;
}

/* Check that every index path exists and is readable, so the error can
 * name the path and say what to do. Returns 0 or EXIT_ERROR. */
static int check_paths(const cli_t *c)
{
    for (size_t i = 0; i < c->nindexes; i++) {
        const char *p = c->indexes[i];
        struct stat sb;
        if (stat(p, &sb) != 0) {
            if (errno == ENOENT || errno == ENOTDIR)
                fail("no index at %s (build one with: silk-index -i %s CORPUS)",
                     p, p);
            else
                fail("cannot read the index at %s: %s", p, strerror(errno));
            return EXIT_ERROR;
        }
        if (access(p, R_OK | (S_ISDIR(sb.st_mode) ? X_OK : 0)) != 0) {
            fail("cannot read the index at %s: %s (check its permissions)", p,
                 strerror(errno));
            return EXIT_ERROR;
        }
    }
    return 0;
}

/* ---- opening: shards, stubs, remote shards ------------------------------ */

/* How long a remote shard may take to connect and to answer, in ms:
 * Xapian's own default for a stub's "remote" line. */
#define REMOTE_TIMEOUT_MS 10000u

/* Longest stub line silk-query reads itself; a longer one is left to
 * Xapian. */
#define STUB_LINE_MAX 4096

/* Most shards one silk-query opens (all -i options, stubs expanded). */
#define MAX_SHARDS 1024

/* One database to open: a local path (a directory, or a stub silk-query
 * leaves to Xapian) or a remote shard. */
typedef struct shard {
    char *name;        /* as the user knows it: "PATH" or "HOST:PORT" */
    char *path;        /* local: what to open; NULL for a remote shard */
    char *host;        /* remote */
    unsigned port;
    bool in_stub;      /* listed in a stub (may be skipped when partial) */
    bool bad_line;     /* a stub line that is not a shard (name says which):
                          only with --allow-partial, left out */
} shard_t;

typedef struct shards {
    shard_t v[MAX_SHARDS];
    size_t n;
    char *missing[MAX_SHARDS]; /* --allow-partial: names of shards left out */
    size_t nmissing;
    const char *opened[MAX_SHARDS]; /* names of the shards opened, in the
                                       order searched (a hit's "shard") */
    size_t nopened;
} shards_t;

/* malloc'ed copy of the n bytes at s, NUL-terminated; NULL if out of
 * memory. */
static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Add a shard to set (name, path and host are copied). Returns 0, or -1
 * after saying why. */
static int shard_add(shards_t *set, const char *name, const char *path,
                     const char *host, size_t hostlen, unsigned port,
                     bool in_stub)
{
    shard_t *s;

    if (set->n == MAX_SHARDS) {
        fail("too many shards (at most %d)", MAX_SHARDS);
        return -1;
    }
    s = &set->v[set->n];
    memset(s, 0, sizeof *s);
    s->name = dup_n(name, strlen(name));
    s->path = path ? dup_n(path, strlen(path)) : NULL;
    s->host = host ? dup_n(host, hostlen) : NULL;
    s->port = port;
    s->in_stub = in_stub;
    if (!s->name || (path && !s->path) || (host && !s->host)) {
        free(s->name);
        free(s->path);
        free(s->host);
        fail("out of memory");
        return -1;
    }
    set->n++;
    return 0;
}

/* Free the set's strings. */
static void shards_free(shards_t *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->v[i].name);
        free(set->v[i].path);
        free(set->v[i].host);
    }
    set->n = 0;
}

/* Read the stub file stub (whose relative paths are relative to base) into
 * shards, as Xapian 1.4 reads it: "auto|glass|chert|honey PATH" and
 * "remote HOST:PORT" lines, blank lines and '#' comments. Returns 1 if
 * read, 0 if it holds a line silk-query leaves to Xapian ("remote :PROG",
 * "inmemory", a line too long) or no shard line at all (a file that is no
 * stub: Xapian says what it is), -1 after saying why (unreadable, no
 * memory). A malformed line in a stub with shard lines is an error naming
 * it, or with allow_partial a shard left out, named "STUB line N"
 * (bad_line). */
static int read_stub(shards_t *set, const char *stub, const char *base,
                     bool allow_partial)
{
    static const char *const local_types[] = {"auto ", "glass ", "chert ",
                                              "honey "};
    char line[STUB_LINE_MAX], path[STUB_LINE_MAX * 2], bad[STUB_LINE_MAX];
    size_t first = set->n, good = 0;
    unsigned long lineno = 0, bad_lineno = 0;
    int rc = 1;
    FILE *fp = fopen(stub, "r");

    if (!fp) {
        fail("cannot read the stub file %s: %s", stub, strerror(errno));
        return -1;
    }
    while (rc == 1 && fgets(line, sizeof line, fp)) {
        size_t len = strcspn(line, "\r\n");
        const char *rest = NULL, *hp = line + 7, *colon;
        unsigned port = 0;

        lineno++;
        if (line[len] == '\0' && !feof(fp)) {
            rc = 0;  /* too long for us: Xapian reads it */
            break;
        }
        line[len] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        for (size_t t = 0; t < sizeof local_types / sizeof *local_types; t++)
            if (strncmp(line, local_types[t], strlen(local_types[t])) == 0)
                rest = line + strlen(local_types[t]);
        colon = strrchr(line, ':');
        if (rest && *rest) {
            if (rest[0] == '/')
                snprintf(path, sizeof path, "%s", rest);
            else
                snprintf(path, sizeof path, "%s/%s", base, rest);
            if (shard_add(set, path, path, NULL, 0, 0, true) != 0)
                rc = -1;
            good++;
        } else if (strncmp(line, "remote :", 8) == 0 ||
                   strcmp(line, "inmemory") == 0) {
            rc = 0;  /* Xapian reads these */
        } else if (strncmp(line, "remote ", 7) == 0 && colon && colon > hp &&
                   parse_uint(colon + 1, 65535, &port) == 0 && port > 0) {
            if (shard_add(set, hp, NULL, hp, (size_t)(colon - hp), port,
                          true) != 0)
                rc = -1;
            good++;
        } else {
            /* Malformed: no stub line Xapian reads either. */
            if (!bad_lineno) {
                bad_lineno = lineno;
                snprintf(bad, sizeof bad, "%s", line);
            }
            if (allow_partial) {
                snprintf(path, sizeof path, "%s line %lu", stub, lineno);
                if (shard_add(set, path, NULL, NULL, 0, 0, true) != 0)
                    rc = -1;
                else
                    set->v[set->n - 1].bad_line = true;
            }
        }
    }
    fclose(fp);
    if (rc == 1 && bad_lineno && good == 0)
        rc = 0;  /* no stub at all: Xapian says what the file is */
    if (rc == 1 && bad_lineno && !allow_partial) {
        fail("%s line %lu is not a shard ('%.200s': a stub line is 'auto "
             "PATH' or 'remote HOST:PORT'); fix the stub file, or search "
             "the other shards with --allow-partial", stub, bad_lineno, bad);
        rc = -1;
    }
    if (rc != 1) {
        while (set->n > first) {
            shard_t *s = &set->v[--set->n];
            free(s->name);
            free(s->path);
            free(s->host);
        }
    }
    return rc;
}

/* Expand the -i paths into shards: a stub file, or a directory holding a
 * stub (a sharded index: Xapian opens such a directory through its
 * XAPIANDB file), is read line by line so that each shard is opened on
 * its own and named when it fails; a database directory, or a stub with
 * lines silk-query does not read, is opened by Xapian as given. Returns 0,
 * or EXIT_ERROR after saying why. */
static int expand_indexes(const cli_t *c, shards_t *set)
{
    char stub[STUB_LINE_MAX], base[STUB_LINE_MAX];

    for (size_t i = 0; i < c->nindexes; i++) {
        const char *p = c->indexes[i], *slash;
        struct stat sb;
        int rc = 0;

        if (stat(p, &sb) != 0)
            return EXIT_ERROR;  /* check_paths said why */
        if (S_ISDIR(sb.st_mode)) {
            snprintf(stub, sizeof stub, "%s/XAPIANDB", p);
            snprintf(base, sizeof base, "%s", p);
            if (stat(stub, &sb) == 0)
                rc = read_stub(set, stub, base, c->allow_partial);
        } else {
            snprintf(stub, sizeof stub, "%s", p);
            slash = strrchr(p, '/');
            if (slash)
                snprintf(base, sizeof base, "%.*s", (int)(slash - p), p);
            else
                snprintf(base, sizeof base, ".");
            if (slash == p)
                snprintf(base, sizeof base, "/");
            rc = read_stub(set, stub, base, c->allow_partial);
        }
        if (rc < 0)
            return EXIT_ERROR;
        if (rc == 0 && shard_add(set, p, p, NULL, 0, 0, false) != 0)
            return EXIT_ERROR;
    }
    return 0;
}

/* Open one shard into *out: a local path through Xapian (a stub it reads
 * itself, if so), a remote one over TCP. */
static silk_status_t shard_open(const shard_t *s, silk_db_t **out)
{
    if (s->host)
        return silk_db_open_remote(out, s->host, s->port, REMOTE_TIMEOUT_MS);
    return silk_db_open_read(out, (const char *const *)&s->path, 1);
}

/* Whether path is a directory holding a Xapian database's marker file
 * (iamglass, iamchert): a failure to open it then means damage, not a
 * wrong path. */
static int is_xapian_dir(const char *path)
{
    static const char *const markers[] = {"iamglass", "iamchert"};
    char buf[4096];
    struct stat st;
    for (size_t i = 0; path && i < sizeof markers / sizeof *markers; i++) {
        int n = snprintf(buf, sizeof buf, "%s/%s", path, markers[i]);
        if (n > 0 && (size_t)n < sizeof buf && stat(buf, &st) == 0)
            return 1;
    }
    return 0;
}

/* Reads of a freshly opened index begun again after a writer's commits
 * discarded its revision (as a search does, search.c). */
#define OPEN_MODIFIED_RETRIES 10

/* Check that shard db is a silk index of this schema, in the same language
 * as the first (*lang: NULL for the first, which sets it; the caller frees
 * it). Returns 0 or EXIT_ERROR after saying why. */
static int shard_check(silk_db_t *db, const char *name, char **lang)
{
    char *schema = NULL, *l = NULL;
    int rc = EXIT_ERROR;

    for (int attempt = 0;; attempt++) {
        silk_status_t st = silk_db_get_metadata(db, SILK_META_SCHEMA, &schema);
        if (st == SILK_OK)
            st = silk_db_get_metadata(db, SILK_META_LANG, &l);
        if (st == SILK_OK)
            break;
        /* A writer that committed twice since the open: read again. */
        free(schema);
        schema = NULL;
        if (st != SILK_MODIFIED || attempt >= OPEN_MODIFIED_RETRIES ||
            silk_db_reopen(db) != SILK_OK) {
            fail("cannot read the index at %s: %s", name, silk_errmsg());
            goto done;
        }
    }
    if (schema[0] == '\0') {
        fail("%s is a Xapian database but not a silk index (no %s); build "
             "one in a directory of its own: silk-index -i INDEX CORPUS",
             name, SILK_META_SCHEMA);
        goto done;
    }
    if (atoi(schema) != SILK_SCHEMA_VERSION ||
        strspn(schema, "0123456789") != strlen(schema)) {
        fail("the index at %s has schema version %s but this silk-query "
             "reads version %d (rebuild it with: silk-index -i %s CORPUS)",
             name, schema, SILK_SCHEMA_VERSION, name);
        goto done;
    }
    if (!*lang) {
        *lang = l;
        l = NULL;
    } else if (strcmp(*lang, l) != 0) {
        fail("the shards disagree on the language: %s is in %s, the first "
             "in %s (rebuild them with one --lang)", name,
             l[0] ? l : "english", (*lang)[0] ? *lang : "english");
        goto done;
    }
    rc = 0;
done:
    free(schema);
    free(l);
    return rc;
}

/* Open the indexes as one (every shard of every stub on its own, so that
 * a failure names it) and check each is a silk index of this schema in
 * one language (and --lang's, if given). With --allow-partial, a listed
 * shard that cannot be reached or is missing is left out and named in
 * set->missing. On success *db and *a are the caller's. */
static int open_index(const cli_t *c, shards_t *set, silk_db_t **db,
                      silk_analyzer_t **a)
{
    const char *first = c->indexes[0];
    char *lang = NULL;
    silk_analyzer_t *want = NULL;
    int rc = EXIT_ERROR;

    *db = NULL;
    *a = NULL;
    if (check_paths(c) != 0 || expand_indexes(c, set) != 0)
        return EXIT_ERROR;
    for (size_t i = 0; i < set->n; i++) {
        const shard_t *s = &set->v[i];
        silk_db_t *one = NULL;
        silk_status_t st;

        if (s->bad_line) {
            set->missing[set->nmissing++] = s->name;
            continue;
        }
        st = shard_open(s, &one);

        if (st != SILK_OK && c->allow_partial && s->in_stub &&
            (st == SILK_NETWORK || st == SILK_NOT_FOUND)) {
            set->missing[set->nmissing++] = s->name;
            continue;
        }
        if (st == SILK_NETWORK) {
            fail("the remote shard %s could not be reached: %s (start "
                 "xapian-tcpsrv for it, drop it from the stub file, or "
                 "search the rest with --allow-partial)", s->name,
                 silk_errmsg());
            goto done;
        }
        if ((st == SILK_CORRUPT || st == SILK_ERROR) && is_xapian_dir(s->path)) {
            fail("the index at %s is damaged (%s); check it with "
                 "xapian-check %s, or rebuild it with: silk-index --rebuild "
                 "-i %s CORPUS", s->name, silk_errmsg(), s->name, s->name);
            goto done;
        }
        if (st == SILK_MODIFIED && s->path && is_xapian_dir(s->path) &&
            !silk_writer_running(s->path) &&
            (st = shard_open(s, &one)) == SILK_MODIFIED) {
            /* "Modified" with no writer, twice (a writer that just ended
             * leaves a readable revision): the revision on disk is not one
             * Xapian wrote whole (a second writer, a bad copy). */
            fail("the index at %s is damaged (%s; no silk-index is writing "
                 "it); check it with silk-index --check -i %s, or rebuild it "
                 "with: silk-index --rebuild -i %s CORPUS", s->name,
                 silk_errmsg(), s->name, s->name);
            goto done;
        }
        if (st == SILK_MODIFIED) {
            fail("the index at %s changed faster than it could be read (a "
                 "writer is committing): %s; run the search again",
                 s->name, silk_errmsg());
            goto done;
        }
        if (st != SILK_OK) {
            fail("%s is not a silk index (%s: %s); if it holds articles, "
                 "index them into a directory of their own: silk-index -i "
                 "INDEX %s, then silk-query -i INDEX", s->name,
                 silk_status_str(st), silk_errmsg(), s->name);
            goto done;
        }
        if (shard_check(one, s->name, &lang) != 0) {
            silk_db_free(one);
            goto done;
        }
        set->opened[set->nopened++] = s->name;
        if (!*db) {
            *db = one;
        } else {
            st = silk_db_add(*db, one);
            silk_db_free(one);
            if (st != SILK_OK) {
                fail("cannot add the shard %s: %s", s->name, silk_errmsg());
                goto done;
            }
        }
    }
    if (!*db) {
        fail("none of the shards of %s could be opened (every one is "
             "missing or unreachable)", first);
        goto done;
    }
    *a = silk_analyzer_new(lang[0] ? lang : "english");
    if (!*a) {
        fail("the index at %s was built for language '%s', which this "
             "silk-query does not know (rebuild it with a known --lang)",
             first, lang);
        goto done;
    }
    if (c->lang) {
        want = silk_analyzer_new(c->lang);
        if (!want) {
            fail("unknown language '%s' for --lang (a Snowball language "
                 "such as english, or none)", c->lang);
            goto done;
        }
        if (strcmp(silk_analyzer_language(want),
                   silk_analyzer_language(*a)) != 0) {
            fail("the index at %s was built for language %s, not %s (drop "
                 "--lang, or rebuild the index for %s)", first,
                 silk_analyzer_language(*a), silk_analyzer_language(want),
                 silk_analyzer_language(want));
            goto done;
        }
    }
    rc = 0;

done:
    silk_analyzer_free(want);
    free(lang);
    if (rc != 0) {
        silk_analyzer_free(*a);
        *a = NULL;
        silk_db_free(*db);
        *db = NULL;
    }
    return rc;
}

/* --allow-partial: the fields every JSON summary gets ("partial" and
 * "missing"), and the notice on stderr in text mode. Returns a new
 * reference (NULL if out of memory). */
static json_t *partial_note(const shards_t *set, silk_format_t format)
{
    json_t *extra = json_object(), *missing = json_array();

    if (format == SILK_FORMAT_TEXT && set->nmissing > 0) {
        fputs("silk-query: partial results: left out ", stderr);
        for (size_t i = 0; i < set->nmissing; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", set->missing[i]);
        fputs(" (unreachable or missing; --allow-partial)\n", stderr);
    }
    if (!extra || !missing)
        goto fail;
    for (size_t i = 0; i < set->nmissing; i++)
        if (json_array_append_new(missing, json_string(set->missing[i])) != 0)
            goto fail;
    if (json_object_set_new(extra, "partial",
                            json_boolean(set->nmissing > 0)) != 0)
        goto fail;
    if (json_object_set_new(extra, "missing", missing) != 0) {
        missing = NULL;
        goto fail;
    }
    return extra;
fail:
    json_decref(missing);
    json_decref(extra);
    return NULL;
}

typedef struct run {
    silk_db_t *db;
    silk_analyzer_t *a;
    silk_gazetteer_t *g;   /* built with the first query */
    silk_output_t out;
    const silk_search_req_t *req;
    bool matched;
    const cli_t *c;        /* to reopen without a shard that failed */
    shards_t *set;
    json_t *extra;         /* --allow-partial: the summaries' fields (owned) */
} run_t;

/* How long a remote shard may take to answer when silk-query asks which
 * one failed during a search: a shard that answers is not the one. */
#define PROBE_TIMEOUT_MS 2000u

/* The remote shard of r's set that does not answer now (after a network
 * error in a search), or NULL if every one does. */
static const shard_t *failed_remote(const run_t *r)
{
    for (size_t i = 0; i < r->set->n; i++) {
        const shard_t *s = &r->set->v[i];
        silk_db_t *probe = NULL;
        bool missing = false;

        for (size_t k = 0; k < r->set->nmissing; k++)
            missing |= r->set->missing[k] == s->name;
        if (!s->host || missing)
            continue;
        if (silk_db_open_remote(&probe, s->host, s->port, PROBE_TIMEOUT_MS) !=
            SILK_OK)
            return s;
        silk_db_free(probe);
    }
    return NULL;
}

/* --allow-partial, after a remote shard failed during a search: open the
 * set again (a shard that cannot be reached is left out, as on starting),
 * and renew the summaries' fields. Returns 0, or EXIT_ERROR after saying
 * why. */
static int reopen_partial(run_t *r)
{
    silk_analyzer_t *a = NULL;
    silk_db_t *db = NULL;

    silk_db_free(r->db);
    r->db = NULL;
    shards_free(r->set);
    r->set->nmissing = 0;
    r->set->nopened = 0;
    if (open_index(r->c, r->set, &db, &a) != 0)
        return EXIT_ERROR;
    r->out.nshards = r->set->nopened;
    silk_analyzer_free(a);  /* the same language: keep the one in use */
    r->db = db;
    json_decref(r->extra);
    r->extra = partial_note(r->set, r->c->format);
    r->out.summary_extra = r->extra;
    if (!r->extra) {
        fail("out of memory");
        return EXIT_ERROR;
    }
    return 0;
}

/* Run one query and print it. Returns 0, or EXIT_ERROR after saying why. */
static int run_one(run_t *r, const char *qid, const char *qs)
{
    silk_results_t *res = NULL;

    /* Built on the first query: cheap (its name tables are built on their
     * first lookup), and every query may resolve a country:, subject: or
     * ministry: value or print a display name. */
    if (!r->g) {
        r->g = silk_gazetteer_new(r->a);
        if (!r->g) {
            fail("out of memory loading the gazetteer");
            return EXIT_ERROR;
        }
        r->out.g = r->g;
    }
    /* A date that does not exist is a mistake to name, not words. */
    silk_qnode_t *tree = silk_query_parse(qs, NULL);
    char *bad = NULL;
    silk_status_t cst = silk_qbuild_check(tree, &bad);
    silk_qnode_free(tree);
    if (cst != SILK_OK) {
        fail("%s%s%s", bad ? bad : "out of memory", qid ? " in query " : "",
             qid ? qid : "");
        free(bad);
        return EXIT_ERROR;
    }
    double t0 = now_ms();
    silk_status_t st = silk_search_text(&res, r->db, r->a, r->g, qs, r->req);
    const shard_t *gone;

    /* A remote shard that stopped answering: name it (the error names the
     * first database of the set); with --allow-partial, answer from the
     * rest, this query and the next, saying so in their summaries. */
    if (st == SILK_NETWORK && (gone = failed_remote(r)) != NULL) {
        if (!r->c->allow_partial) {
            fail("the remote shard %s failed during the search%s%s: %s "
                 "(start xapian-tcpsrv for it, drop it from the stub file, "
                 "or search the rest with --allow-partial)", gone->name,
                 qid ? " for query " : "", qid ? qid : "", silk_errmsg());
            return EXIT_ERROR;
        }
        if (reopen_partial(r) != 0)
            return EXIT_ERROR;
        t0 = now_ms();
        st = silk_search_text(&res, r->db, r->a, r->g, qs, r->req);
    }
    if (st == SILK_OK && (st = silk_suggest_results(res, r->db, r->a)) != SILK_OK)
        silk_results_free(res);
    if (st == SILK_MODIFIED) {
        /* Every attempt began again on the latest revision (search.c) and
         * a writer's commits still discarded it before the hits were read:
         * say so, and what helps, rather than Xapian's "call reopen()". */
        fail("search failed%s%s: the index changed under it at every "
             "attempt (a silk-index run is committing faster than this "
             "search reads: %s); run it again after the writer finishes, "
             "or ask for fewer hits (--limit)", qid ? " for query " : "",
             qid ? qid : "", silk_errmsg());
        return EXIT_ERROR;
    }
    if (st != SILK_OK) {
        fail("search failed%s%s: %s: %s", qid ? " for query " : "",
             qid ? qid : "", silk_status_str(st), silk_errmsg());
        return EXIT_ERROR;
    }
    if (res->matched)
        r->matched = true;
    int rc = silk_output_results(&r->out, res, r->req, qid, now_ms() - t0);
    silk_results_free(res);
    if (rc != 0) {
        fail("cannot write the results: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return 0;
}

/* The passages of article id in passage order, or with "ID#N" (N
 * digits) passage N alone, in *out: every passage of the article (term
 * XA ID, or the passage's Q ID#N), not folded, with its facets and
 * citation. SILK_NOT_FOUND when there is none. */
static silk_status_t article_passages(silk_results_t **out, silk_db_t *db,
                                      const char *id, unsigned context)
{
    const char *hash = strrchr(id, '#');
    bool one = hash && hash > id && hash[1] &&
               strspn(hash + 1, "0123456789") == strlen(hash + 1);
    size_t n = strlen(id) + 4;
    char *term = malloc(n);
    silk_query_t *q = NULL;
    silk_search_req_t req;
    silk_status_t st = SILK_NO_MEMORY;

    *out = NULL;
    if (!term)
        return st;
    snprintf(term, n, "%s%s", one ? SILK_PREFIX_UID : SILK_PREFIX_ARTICLE, id);
    if ((st = silk_query_term(&q, term, strlen(term), 1, 0)) != SILK_OK)
        goto done;
    silk_search_req_init(&req);
    req.limit = SILK_SEARCH_MAX_LIMIT;
    req.per_article = 0;
    req.duplicates = false;
    req.count_limit = ULONG_MAX;
    req.context = context;
    /* Every passage weighs 0: the tie-break orders them by article id and
     * passage number (search.c), the article's own order. */
    if ((st = silk_search_run(out, db, q, &req)) == SILK_OK &&
        (*out)->nhits == 0) {
        silk_results_free(*out);
        *out = NULL;
        st = SILK_NOT_FOUND;
    }
done:
    silk_query_free(q);
    free(term);
    return st;
}

/* One passage of --article's text: a blank line, then the passage. */
static void put_article_passage(const silk_hit_t *h)
{
    fputc('\n', stdout);
    fwrite(h->text, 1, h->text_len, stdout);
    fputc('\n', stdout);
}

/* --article: print article id whole (text: its title and metadata, then
 * its passages in order, a blank line between; JSON: one hit record per
 * passage and the summary). Returns 0, or EXIT_ERROR after saying why (an
 * unknown id included). */
static int run_article(run_t *r, const char *id)
{
    silk_results_t *res = NULL;
    double t0 = now_ms();
    silk_status_t st = article_passages(&res, r->db, id, r->req->context);

    if (st == SILK_NOT_FOUND) {
        fail("unknown article '%s' (no article%s with that id in the "
             "index; ids are the 'article' of a hit, ID#N a passage)", id,
             strrchr(id, '#') ? " or passage" : "");
        return EXIT_ERROR;
    }
    if (st != SILK_OK) {
        fail("cannot read article '%s': %s: %s", id, silk_status_str(st),
             silk_errmsg());
        return EXIT_ERROR;
    }
    free(res->query);
    res->query = strdup(id);
    r->matched = true;
    int rc = 0;
    if (r->c->format == SILK_FORMAT_TEXT) {
        const silk_hit_t *h0 = &res->hits[0];
        printf("%s\n", *h0->title ? h0->title : "(untitled)");
        printf("%s | %s | %s | %s\n", *h0->date ? h0->date : "-",
               *h0->source ? h0->source : "-", h0->article, h0->path);
        for (size_t i = 0; i < res->nhits; i++) {
            const silk_hit_t *h = &res->hits[i];
            size_t c = 0;
            /* ID#N --context: its neighbours around it, in order. */
            for (; c < h->ncontext && h->context[c].passage < h->passage; c++)
                put_article_passage(&h->context[c]);
            put_article_passage(h);
            for (; c < h->ncontext; c++)
                put_article_passage(&h->context[c]);
        }
        rc = ferror(stdout) ? -1 : 0;
    } else {
        silk_search_req_t req;
        silk_search_req_init(&req);
        req.limit = SILK_SEARCH_MAX_LIMIT;
        req.per_article = 0;
        req.duplicates = false;
        req.count_limit = ULONG_MAX;
        req.context = r->req->context;
        rc = silk_output_results(&r->out, res, &req, NULL, now_ms() - t0);
    }
    silk_results_free(res);
    if (rc != 0) {
        fail("cannot write the article: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return 0;
}

/* Run every "qid<TAB>query" line of path ("-": stdin). A line without a
 * tab is a query whose qid is its line number; blank lines and lines
 * starting with '#' are skipped. */
static int run_batch(run_t *r, const char *path)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *line = NULL, num[32];
    size_t cap = 0;
    unsigned long lineno = 0;
    ssize_t n;
    int rc = 0;

    if (!fp) {
        fail("cannot read the batch file %s: %s", path, strerror(errno));
        return EXIT_ERROR;
    }
    while (rc == 0 && (n = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        char *tab = strchr(line, '\t');
        const char *qid = num, *qs = line;
        if (tab) {
            *tab = '\0';
            qid = line;
            qs = tab + 1;
        } else {
            snprintf(num, sizeof num, "%lu", lineno);
        }
        rc = run_one(r, qid, qs);
        /* Each answer as soon as it is complete: a tool feeding the batch
         * through a pipe reads it before writing the next query. */
        if (rc == 0 && fflush(stdout) != 0) {
            fail("cannot write the results: %s", strerror(errno));
            rc = EXIT_ERROR;
        }
    }
    if (rc == 0 && ferror(fp)) {
        fail("cannot read the batch file %s: %s", path, strerror(errno));
        rc = EXIT_ERROR;
    }
    free(line);
    if (fp != stdin)
        fclose(fp);
    return rc;
}

/* ---- serve mode (serve.h) ----------------------------------------------- */

/* A request is the command line's options (base) with its own applied. */
typedef struct serve_ctx {
    run_t *r;
    const cli_t *base;
    cli_t cur;
} serve_ctx_t;

static void serve_reset(void *ctx)
{
    serve_ctx_t *s = ctx;

    s->cur = *s->base;
    fail_msg[0] = '\0';
}

/* Request key key is --name: apply it as the command line does. */
static int serve_option(void *ctx, const char *key, const char *name,
                        const char *arg, int flag)
{
    serve_ctx_t *s = ctx;
    const size_t n = sizeof long_opts / sizeof *long_opts;
    const opt_def_t *d = NULL;

    for (size_t k = 0; k < n && !d; k++)
        if (strcmp(long_opts[k].name, name) == 0)
            d = &long_opts[k];
    if (!d) {
        const char *near = silk_nearest_name(name, strlen(name), long_opts, n,
                                             sizeof *long_opts);
        char alt[64] = "";
        for (size_t i = 0; near && near[i] && i + 1 < sizeof alt; i++)
            alt[i + 1] = '\0', alt[i] = near[i] == '-' ? '_' : near[i];
        fail("unknown key \"%s\" in the request%s%s%s (the keys are "
             "silk-query's long options, per_article for --per-article; the "
             "query is \"q\")", key, near ? ": did you mean \"" : "", alt,
             near ? "\"?" : "");
        return -1;
    }
    if (d->arg && !arg) {
        fail("\"%s\" needs a value (as --%s does), not %s", key, d->name,
             flag == 1 ? "true" : "false");
        return -1;
    }
    if (!d->arg && flag < 0) {
        fail("\"%s\" is true or false (the flag --%s)", key, d->name);
        return -1;
    }
    if (!d->arg && flag == 0)
        return 0;  /* a flag left off */
    return apply_opt(&s->cur, d->id, d->name, arg) == 0 ? 0 : -1;
}

static int serve_run(void *ctx, FILE *out, const char *q, json_t *id)
{
    serve_ctx_t *s = ctx;
    run_t *r = s->r;
    cli_t *c = &s->cur;
    json_t *extra = r->extra ? json_deep_copy(r->extra) : json_object();
    int rc;

    c->query = (char *)q;  /* borrowed: the request's */
    if (!c->query && !c->article) {
        fail("a request needs \"q\" (a query) or \"article\" (an article "
             "id)");
        json_decref(extra);
        return -1;
    }
    if (settle(c) != 0) {
        json_decref(extra);
        return -1;
    }
    if (!extra || json_object_set(extra, "id", id ? id : json_null()) != 0) {
        json_decref(extra);
        fail("out of memory");
        return -1;
    }
    r->req = &c->req;
    r->c = c;
    r->out.fp = out;
    r->out.count_only = c->count;
    r->out.facet_limit = c->facet_limit >= 0 ? (size_t)c->facet_limit : 0;
    r->out.summary_extra = extra;
    rc = c->article ? run_article(r, c->article) : run_one(r, NULL, c->query);
    r->out.summary_extra = r->extra;
    json_decref(extra);
    return rc == 0 ? 0 : -1;
}

/* A writer's commits since the last request: read the latest revision
 * (cheap when there is none: Xapian compares revision numbers). */
static int serve_refresh(void *ctx)
{
    serve_ctx_t *s = ctx;

    fail_msg[0] = '\0';
    if (silk_db_reopen(s->r->db) != SILK_OK) {
        fail("cannot read the index again: %s", silk_errmsg());
        return -1;
    }
    return 0;
}

static const char *serve_error(void *ctx)
{
    (void)ctx;
    return fail_msg[0] ? fail_msg : "the request failed";
}

/* --serve (or --mcp): answer the requests (MCP messages) on stdin until
 * EOF. Returns 0, or EXIT_ERROR when stdin or stdout failed. */
static int run_serve(run_t *r, const cli_t *base)
{
    serve_ctx_t s = { r, base, *base };
    silk_serve_ops_t ops = { &s, serve_reset, serve_option, serve_run,
                             serve_refresh, serve_error };
    int rc;

    fail_capture = true;
    rc = base->mcp ? silk_mcp(&ops, stdin, stdout, SILK_VERSION)
                   : silk_serve(&ops, stdin, stdout);
    fail_capture = false;
    r->c = base;
    r->req = &base->req;
    if (rc != 0) {
        fail("%s: %s", base->mcp ? "MCP server" : "serve mode",
             strerror(errno));
        return EXIT_ERROR;
    }
    r->matched = true;  /* exit 0 at the end of its input */
    return 0;
}

/* Whether to colour: --color always/never, or auto (a terminal, NO_COLOR
 * unset or empty, TERM not "dumb"). */
static bool want_color(int mode)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

    if (mode >= 0)
        return mode == 1;
    if (nc && *nc)
        return false;
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(stdout)) == 1;
}

int main(int argc, char **argv)
{
    cli_t c;
    run_t r;
    shards_t *set = calloc(1, sizeof *set);
    silk_syn_t *syn = NULL;
    int rc;

    memset(&c, 0, sizeof c);
    memset(&r, 0, sizeof r);
    if (!set) {
        fail("out of memory");
        return EXIT_ERROR;
    }
    silk_search_req_init(&c.req);
    c.color = -1;
    c.facet_limit = -1;
    rc = parse_args(&c, argc, argv);
    if (rc == 1) {
        rc = EXIT_MATCH;
        goto done;
    }
    if (rc != 0)
        goto done;
    rc = EXIT_ERROR;
    const char *env_index = getenv("SILK_INDEX"); /* the default -i */
    if (c.nindexes == 0 && env_index && *env_index)
        c.indexes[c.nindexes++] = env_index;
    if (c.nindexes == 0) {
        fail("no index given (use -i INDEX or set SILK_INDEX; see "
             "silk-query --help)");
        goto done;
    }
    if (c.serve && c.mcp) {
        fail("give either --serve or --mcp, not both");
        goto done;
    }
    if ((c.serve || c.mcp) && (c.query || c.batch || c.article ||
                               c.format == SILK_FORMAT_TREC || c.count)) {
        fail("%s reads its requests from stdin: drop %s",
             c.serve ? "--serve" : "--mcp", c.query ? "QUERY" : c.batch ? "--batch"
             : c.article ? "--article" : c.count ? "--count" : "--format trec");
        goto done;
    }
    if (c.serve || c.mcp)
        c.format = SILK_FORMAT_JSON;
    if (!c.serve && !c.mcp && !c.batch && !c.query && !c.article) {
        fail("no query given (usage: silk-query -i INDEX QUERY...; see "
             "silk-query --help)");
        goto done;
    }
    if (settle(&c) != 0)
        goto done;

    if (open_index(&c, set, &r.db, &r.a) != 0 ||
        silk_expand_load(&syn, r.db, r.a) != 0)
        goto done;
    c.req.syn = syn;
    r.req = &c.req;
    r.c = &c;
    r.set = set;
    silk_output_init(&r.out, stdout, c.format, r.a, NULL);
    r.out.color = c.format == SILK_FORMAT_TEXT && want_color(c.color);
    r.out.explain = c.explain;
    r.out.shards = set->opened;
    r.out.nshards = set->nopened;
    if (c.facet_limit >= 0)
        r.out.facet_limit = (size_t)c.facet_limit;
    r.out.count_only = c.count;
    if (c.allow_partial) {
        r.extra = partial_note(set, c.format);
        if (!r.extra) {
            fail("out of memory");
            silk_output_fini(&r.out);
            goto done;
        }
        r.out.summary_extra = r.extra;
    }

    rc = c.serve || c.mcp ? run_serve(&r, &c)
         : c.article ? run_article(&r, c.article)
         : c.batch ? run_batch(&r, c.batch) : run_one(&r, NULL, c.query);
    if (rc == 0 && fflush(stdout) != 0) {
        fail("cannot write the results: %s", strerror(errno));
        rc = EXIT_ERROR;
    }
    if (rc == 0)
        rc = r.matched ? EXIT_MATCH : EXIT_NOMATCH;
    silk_output_fini(&r.out);

done:
    silk_gazetteer_free(r.g);
    silk_syn_free(syn);
    silk_analyzer_free(r.a);
    silk_db_free(r.db);
    json_decref(r.extra);
    shards_free(set);
    free(set);
    free(c.query);
    return rc;
}
