/* serve.h: silk-query's long-running modes — serve mode (one JSON request
 * a line on stdin, its JSON Lines answer on stdout; docs/silk-query.md) —
 * over a front end that knows the options. A request's keys are the
 * front end's long option names (per_article is --per-article, a list is a
 * comma list), applied by the front end's own per-option code, so a
 * request has every option the command line has, with its checks and
 * messages.
 */
#ifndef SILK_SERVE_H
#define SILK_SERVE_H

#include <jansson.h>
#include <stdio.h>

/* What serve mode calls; every function returns 0, or -1 after the front
 * end recorded why (error() reads it). */
typedef struct silk_serve_ops {
    void *ctx;
    /* A new request: every option back to the command line's, no query,
     * the last error cleared. */
    void (*reset)(void *ctx);
    /* Apply --name (hyphens, as on the command line) from request key key
     * (as the client wrote it, for messages) with the argument arg, or for
     * a boolean value arg NULL and flag 1 (true) or 0 (false); flag is -1
     * for any other value. */
    int (*option)(void *ctx, const char *key, const char *name,
                  const char *arg, int flag);
    /* Run the request with query q (NULL: none, e.g. an article) and
     * write its JSON Lines records to out, the summary carrying "id": id
     * (borrowed; JSON null when the request had none). */
    int (*run)(void *ctx, FILE *out, const char *q, json_t *id);
    /* Before a request: take up what a writer committed since the last. */
    int (*refresh)(void *ctx);
    /* The last error recorded (one line, no "silk-query: "). */
    const char *(*error)(void *ctx);
} silk_serve_ops_t;

/* Apply the request object req (its "q", its "id", every other key an
 * option) and run it, writing its records to out; on a bad request or a
 * failed run, write one {"type":"error","id":…,"error":…} record instead.
 * Returns 0 when it answered (records or an error record), -1 when
 * writing to out failed. */
int silk_serve_request(const silk_serve_ops_t *ops, json_t *req, FILE *out);

/* Serve mode: read requests from in, one JSON object a line, until EOF,
 * answering each on out (flushed after each). A line that is not a JSON
 * object gets an error record too. Returns 0 at EOF, -1 when reading in
 * or writing out failed (errno says why). */
int silk_serve(const silk_serve_ops_t *ops, FILE *in, FILE *out);

/* Write one error record {"type":"error","id":id,"error":msg} to out.
 * Returns 0 or -1. */
int silk_serve_error(FILE *out, json_t *id, const char *msg);

#endif /* SILK_SERVE_H */
