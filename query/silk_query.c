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
#include "silk_schema.h"
#include "silk_version.h"
#include "silk_xapian.h"
#include "silk_int.h"

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
    "                       source,subject,month (YYYY-MM) or all (exact)\n"
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
    "      --article ID     print article ID whole, its passages in order\n"
    "                       (ID#N: passage N only), instead of a query\n"
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

/* Print "silk-query: MESSAGE" on stderr as one line. */
static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;

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
    OPT_EXACT, OPT_ARTICLE, OPT_SORT, OPT_COUNT, OPT_HELP, OPT_VERSION
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
    { "json", OPT_JSON, false },
    { "format", OPT_FORMAT, true },
    { "batch", OPT_BATCH, true },
    { "explain-query", OPT_EXPLAIN, false },
    { "color", OPT_COLOR, true },
    { "colour", OPT_COLOR, true },
    { "lang", OPT_LANG, true },
    { "allow-partial", OPT_ALLOW_PARTIAL, false },
    { "article", OPT_ARTICLE, true },
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
    case OPT_COUNT_LIMIT: {
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
                 "year,country,ministry,source,subject,month or all)", (int)n, bad);
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
    case OPT_HELP:
        printf(usage_text, SILK_SEARCH_COUNT_LIMIT);
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

/* --allow-partial: the fields every JSON summary gets ("partial" and
 * "missing"), and the notice on stderr in text mode. Returns a new
 * reference (NULL if out of memory). */
static json_t *partial_note(const silk_index_t *ix, silk_format_t format)
{
    json_t *extra = json_object(), *missing = json_array();
    size_t nmissing = silk_index_missing_count(ix);

    if (format == SILK_FORMAT_TEXT && nmissing > 0) {
        fputs("silk-query: partial results: left out ", stderr);
        for (size_t i = 0; i < nmissing; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", silk_index_missing(ix, i));
        fputs(" (unreachable or missing; --allow-partial)\n", stderr);
    }
    if (!extra || !missing)
        goto fail;
    for (size_t i = 0; i < nmissing; i++)
        if (json_array_append_new(missing,
                                  json_string(silk_index_missing(ix, i))) != 0)
            goto fail;
    if (json_object_set_new(extra, "partial", json_boolean(nmissing > 0)) != 0)
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
    silk_index_t *ix;
    silk_output_t out;
    const silk_search_req_t *req;
    bool matched;
    const cli_t *c;
    unsigned generation;   /* the index's, when extra was made */
    json_t *extra;         /* --allow-partial: the summaries' fields (owned) */
} run_t;

/* Point the output at the shards opened now and, with --allow-partial,
 * renew the summaries' fields. Returns 0, or EXIT_ERROR after saying why. */
static int track_shards(run_t *r)
{
    r->out.shards = r->ix->opened;
    r->out.nshards = r->ix->nopened;
    r->generation = r->ix->generation;
    if (!r->c->allow_partial)
        return 0;
    json_decref(r->extra);
    r->extra = partial_note(r->ix, r->c->format);
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
    double t0 = now_ms();
    silk_status_t st = silk_index_search_req(&res, r->ix, qs, r->req, qid);

    /* A shard left out after it failed during the search (--allow-partial):
     * this answer's summary and the next say so. */
    if (r->ix->generation != r->generation && track_shards(r) != 0) {
        silk_results_free(res);
        return EXIT_ERROR;
    }
    if (st != SILK_OK) {
        fail("%s", silk_last_error());
        return EXIT_ERROR;
    }
    if (res->matched)
        r->matched = true;
    r->out.g = silk_index_gazetteer(r->ix);
    int rc = silk_output_results(&r->out, res, r->req, qid, now_ms() - t0);
    silk_results_free(res);
    if (rc != 0) {
        fail("cannot write the results: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return 0;
}

/* --article: print article id whole (text: its title and metadata, then
 * its passages in order, a blank line between; JSON: one hit record per
 * passage and the summary). Returns 0, or EXIT_ERROR after saying why (an
 * unknown id included). */
static int run_article(run_t *r, const char *id)
{
    silk_results_t *res = NULL;
    double t0 = now_ms();
    silk_status_t st = silk_index_article_results(&res, r->ix, id);

    if (st != SILK_OK) {
        fail("%s", silk_last_error());
        return EXIT_ERROR;
    }
    r->matched = true;
    int rc = 0;
    if (r->c->format == SILK_FORMAT_TEXT) {
        const silk_hit_t *h0 = &res->hits[0];
        printf("%s\n", *h0->title ? h0->title : "(untitled)");
        printf("%s | %s | %s | %s\n", *h0->date ? h0->date : "-",
               *h0->source ? h0->source : "-", h0->article, h0->path);
        for (size_t i = 0; i < res->nhits; i++) {
            fputc('\n', stdout);
            fwrite(res->hits[i].text, 1, res->hits[i].text_len, stdout);
            fputc('\n', stdout);
        }
        rc = ferror(stdout) ? -1 : 0;
    } else {
        silk_search_req_t req;
        silk_article_req(&req);
        r->out.g = silk_index_gazetteer(r->ix);
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
    silk_open_options_t oo;
    int rc;

    memset(&c, 0, sizeof c);
    memset(&r, 0, sizeof r);
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
    if (c.article && (c.batch || c.query)) {
        fail("--article prints an article, not a query's hits: give "
             "either --article ID or QUERY/--batch");
        goto done;
    }
    if (c.batch && c.query) {
        fail("give either QUERY or --batch FILE, not both");
        goto done;
    }
    if (!c.batch && !c.query && !c.article) {
        fail("no query given (usage: silk-query -i INDEX QUERY...; see "
             "silk-query --help)");
        goto done;
    }
    if (c.count) {
        if (c.format == SILK_FORMAT_TREC || c.req.facets) {
            fail("--count prints the counts only: drop %s",
                 c.req.facets ? "--facets" : "--format trec");
            goto done;
        }
        c.req.limit = 0;
        c.req.count_limit = ULONG_MAX;
    }
    if (c.format == SILK_FORMAT_TREC) {
        /* A TREC run ranks documents: one line per article, each judged on
         * its own (a copy is a document of the collection too). */
        if (c.per_article_set && c.req.per_article != 1) {
            fail("--format trec ranks articles: --per-article must be 1 "
                 "(or left out)");
            goto done;
        }
        c.req.per_article = 1;
        if (!c.duplicates_set)
            c.req.duplicates = false;
        if (!c.limit_set)
            c.req.limit = TREC_DEFAULT_LIMIT;
    }
    c.req.describe = c.explain && c.format == SILK_FORMAT_TEXT;

    silk_open_options_init(&oo);
    oo.allow_partial = c.allow_partial;
    oo.language = c.lang;
    if (silk_index_open(&r.ix, c.indexes, c.nindexes, &oo) != SILK_OK) {
        fail("%s", silk_last_error());
        goto done;
    }
    r.req = &c.req;
    r.c = &c;
    silk_output_init(&r.out, stdout, c.format, silk_index_analyzer(r.ix), NULL);
    r.out.color = c.format == SILK_FORMAT_TEXT && want_color(c.color);
    r.out.explain = c.explain;
    if (c.facet_limit >= 0)
        r.out.facet_limit = (size_t)c.facet_limit;
    r.out.count_only = c.count;
    if (track_shards(&r) != 0) {
        silk_output_fini(&r.out);
        goto done;
    }

    rc = c.article ? run_article(&r, c.article)
         : c.batch ? run_batch(&r, c.batch) : run_one(&r, NULL, c.query);
    if (rc == 0 && fflush(stdout) != 0) {
        fail("cannot write the results: %s", strerror(errno));
        rc = EXIT_ERROR;
    }
    if (rc == 0)
        rc = r.matched ? EXIT_MATCH : EXIT_NOMATCH;
    silk_output_fini(&r.out);

done:
    silk_index_close(r.ix);
    json_decref(r.extra);
    free(c.query);
    return rc;
}
