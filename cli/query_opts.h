/* query_opts.h: silk-query's options — the configuration of one query
 * run, and the one function that applies a long option by name with its
 * argument (the body of the getopt_long loop, and what serve mode applies
 * each request key through, so that every option is a key and an unknown
 * key is named as an unknown option is). Within cli/ only.
 */
#ifndef SILK_QUERY_OPTS_H
#define SILK_QUERY_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "search.h"

#define EXIT_MATCH 0
#define EXIT_NOMATCH 1
#define EXIT_ERROR 2

/* More -i options than anyone types; a bigger set belongs in a stub file. */
#define MAX_INDEXES 64

typedef struct query_cli {
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
} query_cli_t;

/* Print "silk-query: MESSAGE" on stderr as one line; while capturing
 * (serve mode), keep the first message instead, for the request's error
 * record. */
void query_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Start (on) or stop capturing query_fail's messages; starting clears the
 * one kept. */
void query_fail_capture(bool on);
/* The message kept while capturing, "" if none. */
const char *query_fail_message(void);

/* Whether the long option name takes a value: 1 yes, 0 no (a flag), -1 no
 * such option; *canonical (if not NULL) gets its name ("color" for
 * "colour") and *nearest (if not NULL, for -1) the nearest one, or NULL. */
int query_cli_option(const char *name, const char **canonical,
                     const char **nearest);

/* Defaults: silk_search_req_init's request, text, colour auto. */
void query_cli_init(query_cli_t *c);
/* Free what c holds (the query words). */
void query_cli_fini(query_cli_t *c);

/* Apply the long option name (without "--": "limit", "facets", "index")
 * with its argument arg (NULL for an option that takes none). Returns 0; 1
 * for "exit 0 now" (help, version: printed); EXIT_ERROR after saying why
 * on stderr: an unknown name ("unknown option '--limt': did you mean
 * --limit?"), a missing or unwanted argument, a bad value. arg is kept
 * (borrowed) by -i/--batch/--lang/--article: it must outlive c. */
int query_cli_apply(query_cli_t *c, const char *name, const char *arg);

/* Append word to the query being built (a space between words). Returns
 * 0, or EXIT_ERROR after saying why (out of memory). */
int query_cli_add_word(query_cli_t *c, const char *word);

/* Read the command line into c with getopt_long: options anywhere, the
 * other arguments (and "-word" that is no option) the query's words,
 * everything after "--" words. Returns as query_cli_apply. */
int query_cli_parse(query_cli_t *c, int argc, char **argv);

/* After one query's options (the command line's, or a serve request's):
 * the combinations that make no sense refused, --count and --format
 * trec's implied settings. Returns 0 or EXIT_ERROR after saying why. */
int query_cli_settle(query_cli_t *c);

/* After the command line: $SILK_INDEX for a missing -i, an index and a
 * query (or --batch, --article) required, then query_cli_settle. Returns 0
 * or EXIT_ERROR after saying why. */
int query_cli_finish(query_cli_t *c);

#endif /* SILK_QUERY_OPTS_H */
