/* output.h: print a query's results for a person (text, highlighted and
 * trimmed), for a program (JSON Lines, schema in docs/json-output.md) or
 * for evaluation tools (TREC run format).
 */
#ifndef SILK_OUTPUT_H
#define SILK_OUTPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "analyzer.h"
#include "gazetteer.h"
#include "highlight.h"
#include "search.h"

/* The version of the JSON Lines schema, in every summary record. Bump it
 * when a field changes meaning or goes away (adding one does not). */
#define SILK_JSON_VERSION 3

/* Text mode shows passages longer than this many bytes as a window around
 * their best match: about four lines of a terminal. */
#define SILK_TEXT_WINDOW 300

/* Text mode prints at most this many values per facet field by default:
 * a screenful; JSON prints them all. */
#define SILK_TEXT_FACET_LIMIT 20

typedef enum silk_format {
    SILK_FORMAT_TEXT,
    SILK_FORMAT_JSON,
    SILK_FORMAT_TREC
} silk_format_t;

typedef struct silk_output {
    FILE *fp;
    silk_format_t format;
    bool color;            /* text: ANSI bold for matches (else [markers]) */
    bool explain;          /* text: print how the query was read */
    bool count_only;       /* --count: text prints one line of counts
                              ("69 passages in 5 articles"; in a batch
                              after "QID: "), JSON the summary only */
    size_t facet_limit;    /* values per facet field; 0: all */
    const char *run_tag;   /* TREC: the run's name, "silk" */
    silk_analyzer_t *a;    /* borrowed: for highlighting */
    silk_gazetteer_t *g;   /* borrowed, may be NULL: display names */
    silk_spans_t spans;    /* scratch, reused from hit to hit */
    json_t *summary_extra; /* borrowed, may be NULL: fields added to every
                              JSON summary record (silk-query's "partial"
                              and "missing" under --allow-partial) */
    const char *const *shards; /* borrowed, may be NULL: the names of the
                              databases searched as one, in order (each a
                              single Xapian database); with more than one,
                              a hit says which it came from ("shard") */
    size_t nshards;
} silk_output_t;

/* Set o up to print fmt to fp with the analyser a (required) and the
 * gazetteer g (may be NULL: codes are printed instead of names). Defaults:
 * no colour, no explanation, facet limit SILK_TEXT_FACET_LIMIT in text and
 * all in JSON, run tag "silk". Release with silk_output_fini(). */
void silk_output_init(silk_output_t *o, FILE *fp, silk_format_t fmt,
                      silk_analyzer_t *a, silk_gazetteer_t *g);
void silk_output_fini(silk_output_t *o);

/* Print the results r of one query run with req. qid names the query in
 * batch mode (NULL otherwise: then TREC uses "1"); total_ms is the query's
 * time from start to output. Returns 0, or -1 if writing failed or memory
 * ran out. */
int silk_output_results(silk_output_t *o, const silk_results_t *r,
                        const silk_search_req_t *req, const char *qid,
                        double total_ms);

/* The JSON records, built but not printed (for tests and other front
 * ends). Each returns a new reference the caller decrefs, or NULL if
 * memory ran out. */
json_t *silk_output_hit_json(silk_output_t *o, const silk_results_t *r,
                             const silk_hit_t *h, const char *qid);
json_t *silk_output_summary_json(const silk_results_t *r,
                                 const silk_search_req_t *req,
                                 const char *qid, double total_ms);

#endif /* SILK_OUTPUT_H */
