/* query_opts.c: silk-query's options; see query_opts.h. */
#define _POSIX_C_SOURCE 200809L

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_num.h"
#include "nearest.h"
#include "query_opts.h"
#include "silk_schema.h"
#include "silk_version.h"

/* TREC runs are judged to depth 1000 by convention (trec_eval's default
 * cut-off), so that is the default page in TREC mode. */
#define TREC_DEFAULT_LIMIT 1000u

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

/* Print "silk-query: MESSAGE" on stderr as one line. */
/* Serve mode: a request's first error, for its error record, instead of
 * stderr. */
static bool fail_capture;
static char fail_msg[1024];

void query_fail_capture(bool on)
{
    fail_capture = on;
    fail_msg[0] = '\0';
}

const char *query_fail_message(void)
{
    return fail_msg;
}

void query_fail(const char *fmt, ...)
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

/* A whole number from 0 to max (at most UINT_MAX) into *out; -1 on
 * anything else (sign, junk, overflow). */
static int parse_uint(const char *s, unsigned long max, unsigned *out)
{
    unsigned long v;

    if (silk_parse_ulong(s, 0, max, &v) != 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* Append word to the query being built, with a space between words. */
int query_cli_add_word(query_cli_t *c, const char *word)
{
    size_t old = c->query ? strlen(c->query) : 0, n = strlen(word);
    char *q = realloc(c->query, old + (old ? 1 : 0) + n + 1);

    if (!q) {
        query_fail("out of memory reading the command line");
        return EXIT_ERROR;
    }
    if (old)
        q[old++] = ' ';
    memcpy(q + old, word, n + 1);
    c->query = q;
    return 0;
}

/* getopt_long's values: past every character. */
typedef enum opt_id {
    OPT_INDEX = 256, OPT_LIMIT, OPT_OFFSET, OPT_PER_ARTICLE, OPT_FACETS,
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

#define ARG required_argument
#define NOARG no_argument

static const struct option long_opts[] = {
    { "index", ARG, NULL, OPT_INDEX },
    { "limit", ARG, NULL, OPT_LIMIT },
    { "offset", ARG, NULL, OPT_OFFSET },
    { "per-article", ARG, NULL, OPT_PER_ARTICLE },
    { "facets", ARG, NULL, OPT_FACETS },
    { "facet-limit", ARG, NULL, OPT_FACET_LIMIT },
    { "count-limit", ARG, NULL, OPT_COUNT_LIMIT },
    { "duplicates", ARG, NULL, OPT_DUPLICATES },
    { "exact", NOARG, NULL, OPT_EXACT },
    { "sort", ARG, NULL, OPT_SORT },
    { "count", NOARG, NULL, OPT_COUNT },
    { "context", ARG, NULL, OPT_CONTEXT },
    { "json", NOARG, NULL, OPT_JSON },
    { "format", ARG, NULL, OPT_FORMAT },
    { "batch", ARG, NULL, OPT_BATCH },
    { "explain-query", NOARG, NULL, OPT_EXPLAIN },
    { "color", ARG, NULL, OPT_COLOR },
    { "colour", ARG, NULL, OPT_COLOR },
    { "lang", ARG, NULL, OPT_LANG },
    { "allow-partial", NOARG, NULL, OPT_ALLOW_PARTIAL },
    { "article", ARG, NULL, OPT_ARTICLE },
    { "serve", NOARG, NULL, OPT_SERVE },
    { "mcp", NOARG, NULL, OPT_MCP },
    { "help", NOARG, NULL, OPT_HELP },
    { "version", NOARG, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 }
};

#define NLONG (sizeof long_opts / sizeof *long_opts - 1)

/* Apply option id with its argument (NULL if it takes none). Returns 0, 1
 * for "exit 0 now" (help, version), or EXIT_ERROR after saying why. */
static int apply_opt(query_cli_t *c, opt_id_t id, const char *name,
                     const char *arg)
{
    unsigned v;
    const char *bad;

    switch (id) {
    case OPT_INDEX:
        if (c->nindexes == MAX_INDEXES) {
            query_fail("too many -i options (at most %d; list shards in a stub "
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
            query_fail("--%s needs a whole number from 0 to %lu, not '%s'%s",
                       name, n->max, arg, n->hint);
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
            query_fail("unknown --duplicates '%s' (choose collapse or keep)",
                       arg);
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
            query_fail("unknown --sort '%s' (choose relevance, newest or "
                       "oldest)", arg);
            return EXIT_ERROR;
        }
        return 0;
    case OPT_FACETS:
        if (silk_qfacet_parse(arg, &c->req.facets, &bad) != 0) {
            size_t n = strcspn(bad, ",");
            query_fail("unknown facet field '%.*s' in --facets (choose from "
                       "year,country,ministry,source,subject,month,category "
                       "or all)",
                       (int)n, bad);
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
            query_fail("unknown --format '%s' (choose text, json or trec)",
                       arg);
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
            query_fail("unknown --color '%s' (choose auto, always or never)",
                       arg);
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
            query_fail("--article needs an article id (ID, or ID#N for one "
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

void query_cli_init(query_cli_t *c)
{
    memset(c, 0, sizeof *c);
    silk_search_req_init(&c->req);
    c->color = -1;
    c->facet_limit = -1;
}

void query_cli_fini(query_cli_t *c)
{
    free(c->query);
    c->query = NULL;
}

/* The long option named name[0..n), or NULL. */
static const struct option *find_long(const char *name, size_t n)
{
    for (size_t k = 0; k < NLONG; k++)
        if (strlen(long_opts[k].name) == n &&
            memcmp(long_opts[k].name, name, n) == 0)
            return &long_opts[k];
    return NULL;
}

/* The long option whose value is id (the first: --color, not --colour). */
static const struct option *find_id(int id)
{
    for (size_t k = 0; k < NLONG; k++)
        if (long_opts[k].val == id)
            return &long_opts[k];
    return NULL;
}

/* Say that --name[0..n) is no option, naming the nearest one. */
static int unknown_option(const char *name, size_t n)
{
    const char *near = silk_nearest_name(name, n, long_opts, NLONG,
                                         sizeof *long_opts);

    query_fail("unknown option '--%.*s'%s%s%s (see silk-query --help; put a "
               "query that starts with - after --)", (int)n, name,
               near ? ": did you mean --" : "", near ? near : "",
               near ? "?" : "");
    return EXIT_ERROR;
}

int query_cli_option(const char *name, const char **canonical,
                     const char **nearest)
{
    const struct option *d = find_long(name, strlen(name));

    if (canonical)
        *canonical = d ? find_id(d->val)->name : NULL;
    if (nearest)
        *nearest = d ? NULL : silk_nearest_name(name, strlen(name), long_opts,
                                                NLONG, sizeof *long_opts);
    return d ? d->has_arg == required_argument : -1;
}

int query_cli_apply(query_cli_t *c, const char *name, const char *arg)
{
    const struct option *d = find_long(name, strlen(name));

    if (!d)
        return unknown_option(name, strlen(name));
    if (d->has_arg == required_argument && !arg) {
        query_fail("--%s needs a value (see silk-query --help)", d->name);
        return EXIT_ERROR;
    }
    if (d->has_arg == no_argument && arg) {
        query_fail("--%s takes no value (see silk-query --help)", d->name);
        return EXIT_ERROR;
    }
    return apply_opt(c, (opt_id_t)d->val, d->name, arg);
}

/* Whether arg, where an option could be, is a query word instead: it
 * starts with '-' but is no option silk-query has ("-laos": NOT laos;
 * "-hamas" is not -h). "-i..." is -i, "--..." a long option. */
static bool dash_word(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0' && arg[1] != '-' && arg[1] != 'i' &&
           strcmp(arg, "-h") != 0 && strcmp(arg, "-V") != 0;
}

int query_cli_parse(query_cli_t *c, int argc, char **argv)
{
    /* What getopt_long scans: argv with the dash words replaced by a
     * stand-in that is no option, so that it hands them back in order. */
    static char stand_in[] = "word";
    char **args = malloc(((size_t)argc + 1) * sizeof *args);
    int ch, rc = 0;

    if (!args) {
        query_fail("out of memory reading the command line");
        return EXIT_ERROR;
    }
    memcpy(args, argv, ((size_t)argc + 1) * sizeof *args);
    opterr = 0;  /* said here, in silk-query's words */
    optind = 1;
    for (;;) {
        int at = optind, li = -1;  /* the element getopt_long reads next */
        if (at < argc && dash_word(args[at]))
            args[at] = stand_in;
        if ((ch = getopt_long(argc, args, "-:i:hV", long_opts, &li)) == -1)
            break;
        const char *elem = at < argc ? argv[at] : "";  /* as typed */
        if (ch == 1) {
            rc = query_cli_add_word(c, elem);
        } else if (ch == ':') {
            /* A value missing at the end. */
            const struct option *d = find_id(optopt);
            if (strncmp(elem, "--", 2) != 0)
                query_fail("-i needs an index path (see silk-query --help)");
            else
                query_fail("--%s needs a value (see silk-query --help)",
                           d ? d->name : elem + 2);
            rc = EXIT_ERROR;
        } else if (ch == '?') {
            const struct option *d = optopt ? find_id(optopt) : NULL;
            if (d) {
                query_fail("--%s takes no value (see silk-query --help)",
                           d->name);
                rc = EXIT_ERROR;
            } else {
                rc = unknown_option(elem + 2, strcspn(elem + 2, "="));
            }
        } else if (li >= 0 && strcspn(elem + 2, "=") !=
                                  strlen(long_opts[li].name)) {
            /* getopt_long takes "--lim" for --limit; silk-query names
             * the option meant instead (a query word may start so). */
            rc = unknown_option(elem + 2, strcspn(elem + 2, "="));
        } else if (ch == 'i') {
            rc = apply_opt(c, OPT_INDEX, "index", optarg);
        } else if (ch == 'h') {
            rc = apply_opt(c, OPT_HELP, "help", NULL);
        } else if (ch == 'V') {
            rc = apply_opt(c, OPT_VERSION, "version", NULL);
        } else {
            rc = apply_opt(c, (opt_id_t)ch, long_opts[li].name, optarg);
        }
        if (rc)
            break;
    }
    /* After "--": words, whatever they look like. */
    for (int i = optind; rc == 0 && ch == -1 && i < argc; i++)
        rc = query_cli_add_word(c, argv[i]);
    free(args);
    return rc;
}

int query_cli_settle(query_cli_t *c)
{
    if (c->article && (c->batch || c->query)) {
        query_fail("--article prints an article, not a query's hits: give "
                   "either --article ID or QUERY/--batch");
        return EXIT_ERROR;
    }
    if (c->batch && c->query) {
        query_fail("give either QUERY or --batch FILE, not both");
        return EXIT_ERROR;
    }
    if (c->count) {
        if (c->format == SILK_FORMAT_TREC || c->req.facets) {
            query_fail("--count prints the counts only: drop %s",
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
            query_fail("--format trec ranks articles: --per-article must be "
                       "1 (or left out)");
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

int query_cli_finish(query_cli_t *c)
{
    const char *env_index = getenv("SILK_INDEX"); /* the default -i */

    if (c->nindexes == 0 && env_index && *env_index)
        c->indexes[c->nindexes++] = env_index;
    if (c->nindexes == 0) {
        query_fail("no index given (use -i INDEX or set SILK_INDEX; see "
                   "silk-query --help)");
        return EXIT_ERROR;
    }
    if (c->serve && c->mcp) {
        query_fail("give either --serve or --mcp, not both");
        return EXIT_ERROR;
    }
    if ((c->serve || c->mcp) && (c->query || c->batch || c->article ||
                                 c->format == SILK_FORMAT_TREC || c->count)) {
        query_fail("%s reads its requests from stdin: drop %s",
                   c->serve ? "--serve" : "--mcp", c->query ? "QUERY"
                   : c->batch ? "--batch" : c->article ? "--article"
                   : c->count ? "--count" : "--format trec");
        return EXIT_ERROR;
    }
    if (c->serve || c->mcp)
        c->format = SILK_FORMAT_JSON;
    if (!c->serve && !c->mcp && !c->batch && !c->query && !c->article) {
        query_fail("no query given (usage: silk-query -i INDEX QUERY...; see "
                   "silk-query --help)");
        return EXIT_ERROR;
    }
    return query_cli_settle(c);
}
