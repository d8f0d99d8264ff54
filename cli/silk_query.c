/* silk_query.c: the silk-query tool — search a silk index and print
 * ranked, highlighted passages and exact facet counts as text, JSON Lines
 * or a TREC run; exit status as grep (0 matched, 1 nothing, 2 error).
 */
#define _POSIX_C_SOURCE 200809L /* getline, isatty, clock_gettime */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "silk_clock.h"
#include "mcp.h"
#include "output.h"
#include "query_opts.h"
#include "serve.h"
#include "silk_int.h"

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
    const query_cli_t *c;
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
    json_t *old = r->extra;
    r->extra = partial_note(r->ix, r->c->format);
    /* Serve mode prints a request's own copy (with its "id"): renew the
     * fields in it. */
    if (r->out.summary_extra && r->out.summary_extra != old && r->extra)
        json_object_update(r->out.summary_extra, r->extra);
    else
        r->out.summary_extra = r->extra;
    json_decref(old);
    if (!r->extra) {
        query_fail("out of memory");
        return EXIT_ERROR;
    }
    return 0;
}

/* Run one query and print it. Returns 0, or EXIT_ERROR after saying why. */
static int run_one(run_t *r, const char *qid, const char *qs)
{
    silk_results_t *res = NULL;
    double t0 = silk_clock_ms();
    silk_status_t st = silk_index_search_req(&res, r->ix, qs, r->req, qid);

    /* A shard left out after it failed during the search (--allow-partial):
     * this answer's summary and the next say so. */
    if (r->ix->generation != r->generation && track_shards(r) != 0) {
        silk_results_free(res);
        return EXIT_ERROR;
    }
    if (st != SILK_OK) {
        query_fail("%s", silk_last_error());
        return EXIT_ERROR;
    }
    if (res->matched)
        r->matched = true;
    r->out.g = silk_index_gazetteer(r->ix);
    int rc = silk_output_results(&r->out, res, r->req, qid, silk_clock_ms() - t0);
    silk_results_free(res);
    if (rc != 0) {
        query_fail("cannot write the results: %s", strerror(errno));
        return EXIT_ERROR;
    }
    return 0;
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
    double t0 = silk_clock_ms();
    silk_status_t st = silk_index_article_results(&res, r->ix, id,
                                                  r->req->context);

    if (st != SILK_OK) {
        query_fail("%s", silk_last_error());
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
        silk_article_req(&req, r->req->context);
        r->out.g = silk_index_gazetteer(r->ix);
        rc = silk_output_results(&r->out, res, &req, NULL, silk_clock_ms() - t0);
    }
    silk_results_free(res);
    if (rc != 0) {
        query_fail("cannot write the article: %s", strerror(errno));
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
        query_fail("cannot read the batch file %s: %s", path, strerror(errno));
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
            query_fail("cannot write the results: %s", strerror(errno));
            rc = EXIT_ERROR;
        }
    }
    if (rc == 0 && ferror(fp)) {
        query_fail("cannot read the batch file %s: %s", path, strerror(errno));
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
    const query_cli_t *base;
    query_cli_t cur;
} serve_ctx_t;

static void serve_reset(void *ctx)
{
    serve_ctx_t *s = ctx;

    s->cur = *s->base;
    query_fail_capture(true);
}

/* Request key key is --name: apply it as the command line does. */
static int serve_option(void *ctx, const char *key, const char *name,
                        const char *arg, int flag)
{
    serve_ctx_t *s = ctx;
    const char *canonical, *near;
    int has_arg = query_cli_option(name, &canonical, &near);

    if (has_arg < 0) {
        char alt[64] = "";
        for (size_t i = 0; near && near[i] && i + 1 < sizeof alt; i++)
            alt[i + 1] = '\0', alt[i] = near[i] == '-' ? '_' : near[i];
        query_fail("unknown key \"%s\" in the request%s%s%s (the keys are "
                   "silk-query's long options, per_article for "
                   "--per-article; the query is \"q\")", key,
                   near ? ": did you mean \"" : "", alt, near ? "\"?" : "");
        return -1;
    }
    if (has_arg && !arg) {
        query_fail("\"%s\" needs a value (as --%s does), not %s", key,
                   canonical, flag == 1 ? "true" : "false");
        return -1;
    }
    if (!has_arg && flag < 0) {
        query_fail("\"%s\" is true or false (the flag --%s)", key, canonical);
        return -1;
    }
    if (!has_arg && flag == 0)
        return 0;  /* a flag left off */
    return query_cli_apply(&s->cur, name, arg) == 0 ? 0 : -1;
}

static int serve_run(void *ctx, FILE *out, const char *q, json_t *id)
{
    serve_ctx_t *s = ctx;
    run_t *r = s->r;
    query_cli_t *c = &s->cur;
    json_t *extra = r->extra ? json_deep_copy(r->extra) : json_object();
    int rc;

    c->query = (char *)q;  /* borrowed: the request's */
    if (!c->query && !c->article) {
        query_fail("a request needs \"q\" (a query) or \"article\" (an "
                   "article id)");
        json_decref(extra);
        return -1;
    }
    if (query_cli_settle(c) != 0) {
        json_decref(extra);
        return -1;
    }
    if (!extra || json_object_set(extra, "id", id ? id : json_null()) != 0) {
        json_decref(extra);
        query_fail("out of memory");
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
    run_t *r = s->r;
    silk_db_t *db = silk_index_db(r->ix);
    silk_status_t st = db ? silk_db_reopen(db) : SILK_NETWORK;

    query_fail_capture(true);
    if (st == SILK_OK)
        return 0;
    if (st != SILK_NETWORK) {
        query_fail("cannot read the index again: %s", silk_errmsg());
        return -1;
    }
    /* A remote shard went away (or the set could not be opened again
     * since): open the set again, which names a shard that cannot be
     * reached, or with --allow-partial leaves it out (and takes it back
     * when it answers again). */
    st = silk_index_reopen_partial(r->ix);
    if (track_shards(r) != 0)
        return -1;
    if (st != SILK_OK) {
        query_fail("%s", silk_last_error());
        return -1;
    }
    return 0;
}

static const char *serve_error(void *ctx)
{
    (void)ctx;
    return query_fail_message()[0] ? query_fail_message()
                                   : "the request failed";
}

/* --serve (or --mcp): answer the requests (MCP messages) on stdin until
 * EOF. Returns 0, or EXIT_ERROR when stdin or stdout failed. */
static int run_serve(run_t *r, const query_cli_t *base)
{
    serve_ctx_t s = { r, base, *base };
    silk_serve_ops_t ops = { &s, serve_reset, serve_option, serve_run,
                             serve_refresh, serve_error };
    int rc;

    query_fail_capture(true);
    rc = base->mcp ? silk_mcp(&ops, stdin, stdout, silk_version())
                   : silk_serve(&ops, stdin, stdout);
    query_fail_capture(false);
    r->c = base;
    r->req = &base->req;
    if (rc != 0) {
        query_fail("%s: %s", base->mcp ? "MCP server" : "serve mode",
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
    query_cli_t c;
    run_t r;
    silk_open_options_t oo;
    int rc;

    memset(&r, 0, sizeof r);
    query_cli_init(&c);
    rc = query_cli_parse(&c, argc, argv);
    if (rc == 1) {
        rc = EXIT_MATCH;
        goto done;
    }
    if (rc != 0)
        goto done;
    rc = EXIT_ERROR;
    if (query_cli_finish(&c) != 0)
        goto done;

    silk_open_options_init(&oo);
    oo.allow_partial = c.allow_partial;
    oo.language = c.lang;
    if (silk_index_open(&r.ix, c.indexes, c.nindexes, &oo) != SILK_OK) {
        query_fail("%s", silk_last_error());
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

    rc = c.serve || c.mcp ? run_serve(&r, &c)
         : c.article ? run_article(&r, c.article)
         : c.batch ? run_batch(&r, c.batch) : run_one(&r, NULL, c.query);
    if (rc == 0 && fflush(stdout) != 0) {
        query_fail("cannot write the results: %s", strerror(errno));
        rc = EXIT_ERROR;
    }
    if (rc == 0)
        rc = r.matched ? EXIT_MATCH : EXIT_NOMATCH;
    silk_output_fini(&r.out);

done:
    silk_index_close(r.ix);
    json_decref(r.extra);
    query_cli_fini(&c);
    return rc;
}
