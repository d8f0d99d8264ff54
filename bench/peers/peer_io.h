/* peer_io.h: input and timing helpers shared by the benchmark peers (a JSONL
 * article reader, a qid<TAB>query reader, a monotonic clock, latency figures). */
#ifndef SILK_BENCH_PEER_IO_H
#define SILK_BENCH_PEER_IO_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One article of a docs.jsonl file; the strings are borrowed from the reader
 * and stay valid until the next peer_docs_next() or peer_docs_close(). */
typedef struct peer_doc {
    const char *id;
    const char *title; /* "" when absent */
    const char *body;  /* "" when absent */
    size_t title_len;
    size_t body_len;
} peer_doc;

typedef struct peer_docs peer_docs;

/* Opens PATH (a docs.jsonl file) for reading. Returns NULL and prints the
 * reason to stderr when the file cannot be opened or memory runs out; the
 * caller owns the reader and frees it with peer_docs_close(). */
peer_docs *peer_docs_open(const char *path);

/* Reads the next article into *out. Returns 1 on an article, 0 at the end of
 * the file, -1 on a read error. A line that is not a JSON object with a string
 * "id" is reported on stderr as PATH:LINE and skipped (counted in
 * peer_docs_skipped()). */
int peer_docs_next(peer_docs *r, peer_doc *out);

/* Number of lines skipped as malformed so far. */
size_t peer_docs_skipped(const peer_docs *r);

/* Closes the reader; accepts NULL. */
void peer_docs_close(peer_docs *r);

/* One line of a queries file: qid<TAB>text. */
typedef struct peer_query {
    char *qid;
    char *text;
} peer_query;

/* Reads every qid<TAB>text line of PATH (lines without a tab or empty are
 * skipped) into a new array at *out with *n entries. Returns 0, or -1 with a
 * message on stderr and *out = NULL. The caller frees it with
 * peer_queries_free(). */
int peer_queries_read(peer_query **out, size_t *n, const char *path);

/* Frees an array from peer_queries_read(); accepts NULL. */
void peer_queries_free(peer_query *q, size_t n);

/* Milliseconds on the monotonic clock, for measuring intervals only. */
double peer_now_ms(void);

/* Prints the latency figures of N per-query times MS (milliseconds; the array
 * is sorted in place) to OUT as "name<TAB>value" lines: queries, p50_ms,
 * p99_ms, mean_ms, qps (1000 * N / sum of the times: one thread's query
 * throughput, process start-up excluded). Percentiles are nearest-rank. */
void peer_latency_print(FILE *out, double *ms, size_t n);

#ifdef __cplusplus
}
#endif

#endif
