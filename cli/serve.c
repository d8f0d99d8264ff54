/* serve.c: serve mode — one JSON request a line in, its JSON Lines
 * records out, each request's keys turned into the front end's long
 * options (serve.h; protocol in docs/silk-query.md).
 */
#define _POSIX_C_SOURCE 200809L /* getline */

#include "serve.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* Longest option argument a request builds (a facets list, a query is
 * not one). */
#define ARG_MAX 4096

/* Options that belong to the process, not to a request, and why. */
static const struct {
    const char *name;
    const char *why;
} refused[] = {
    { "index", "the index is the one silk-query --serve was started with" },
    { "batch", "each request is one query" },
    { "serve", "this is serve mode" },
    { "mcp", "serve mode is not the MCP server" },
    { "color", "serve mode writes JSON" },
    { "colour", "serve mode writes JSON" },
    { "explain-query", "serve mode writes JSON: the summary's \"parsed\" "
                       "says how the query was read" },
    { "lang", "the index's language is checked once, at start (silk-query "
              "--serve --lang NAME)" },
    { "allow-partial", "it is decided once, at start (silk-query --serve "
                       "--allow-partial)" },
    { "help", "see docs/silk-query.md" },
    { "version", "the summary's \"version\" is the JSON schema's" },
};

int silk_serve_error(FILE *out, json_t *id, const char *msg)
{
    json_t *rec = json_object();
    int rc = -1;

    if (rec && json_object_set_new(rec, "type", json_string("error")) == 0 &&
        json_object_set(rec, "id", id ? id : json_null()) == 0 &&
        json_object_set_new(rec, "error", json_string(msg)) == 0 &&
        json_dumpf(rec, out, JSON_COMPACT) == 0 && fputc('\n', out) != EOF)
        rc = 0;
    json_decref(rec);
    return rc;
}

/* The option argument for value v in buf: a string as it is, an integer
 * in decimal, a real as printed (the option's check rejects it), a list
 * of strings joined with commas. *flag is 1/0 for a boolean (then NULL is
 * returned), -1 otherwise. NULL with msg set for any other value. */
static const char *value_arg(json_t *v, char *buf, size_t cap, int *flag,
                             const char *key, char *msg, size_t msgcap)
{
    *flag = -1;
    if (json_is_boolean(v)) {
        *flag = json_is_true(v);
        return NULL;
    }
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, cap, "%.17g", json_real_value(v));
        return buf;
    }
    if (json_is_array(v)) {
        size_t i, at = 0;
        json_t *item;
        buf[0] = '\0';
        json_array_foreach(v, i, item) {
            const char *s = json_string_value(item);
            if (!s) {
                snprintf(msg, msgcap, "\"%s\" is a list of strings (item "
                         "%zu is not one)", key, i + 1);
                return NULL;
            }
            int n = snprintf(buf + at, cap - at, "%s%s", i ? "," : "", s);
            if (n < 0 || (size_t)n >= cap - at) {
                snprintf(msg, msgcap, "\"%s\" is too long", key);
                return NULL;
            }
            at += (size_t)n;
        }
        return buf;
    }
    snprintf(msg, msgcap, "\"%s\" must be a string, a number, true/false "
             "or a list of strings", key);
    return NULL;
}

/* Apply one key of a request. Returns 0, or -1 with msg set. */
static int apply_key(const silk_serve_ops_t *ops, const char *key, json_t *v,
                     char *msg, size_t msgcap)
{
    char name[128], buf[ARG_MAX];
    const char *arg;
    int flag;

    if (strlen(key) >= sizeof name) {
        snprintf(msg, msgcap, "unknown key \"%.40s…\" in the request", key);
        return -1;
    }
    /* per_article is --per-article (a hyphen is taken as well). */
    for (size_t i = 0; (name[i] = key[i] == '_' ? '-' : key[i]) != '\0'; i++)
        ;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (strcmp(name, refused[i].name) == 0) {
            snprintf(msg, msgcap, "\"%s\" cannot be given in a request (%s)",
                     key, refused[i].why);
            return -1;
        }
    if (json_is_null(v))
        return 0;  /* as if left out */
    msg[0] = '\0';
    arg = value_arg(v, buf, sizeof buf, &flag, key, msg, msgcap);
    if (!arg && flag < 0)
        return -1;
    /* JSON is what serve mode writes: "format": "json" and "json": true
     * say so, anything else is refused. */
    if (strcmp(name, "format") == 0 || strcmp(name, "json") == 0) {
        if ((arg && strcmp(arg, "json") == 0) || flag == 1)
            return 0;
        snprintf(msg, msgcap, "\"%s\" cannot be given in a request (serve "
                 "mode writes JSON Lines)", key);
        return -1;
    }
    if (ops->option(ops->ctx, key, name, arg, flag) != 0) {
        snprintf(msg, msgcap, "%s", ops->error(ops->ctx));
        return -1;
    }
    return 0;
}

int silk_serve_request(const silk_serve_ops_t *ops, json_t *req, FILE *out)
{
    char msg[1024];
    const char *key, *q = NULL;
    json_t *v, *id = json_object_get(req, "id");

    ops->reset(ops->ctx);
    json_object_foreach(req, key, v) {
        if (strcmp(key, "id") == 0)
            continue;
        if (strcmp(key, "q") == 0) {
            if (!json_is_string(v) && !json_is_null(v))
                return silk_serve_error(out, id, "\"q\" (the query) must be "
                                        "a string");
            q = json_string_value(v);
            continue;
        }
        if (apply_key(ops, key, v, msg, sizeof msg) != 0)
            return silk_serve_error(out, id, msg);
    }
    if (ops->run(ops->ctx, out, q, id) != 0)
        return silk_serve_error(out, id, ops->error(ops->ctx));
    return 0;
}

int silk_serve(const silk_serve_ops_t *ops, FILE *in, FILE *out)
{
    char *line = NULL, msg[256];
    size_t cap = 0;
    unsigned long lineno = 0;
    ssize_t n;
    int rc = 0;

    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        json_error_t jerr;
        json_t *req;

        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strspn(line, " \t") == (size_t)n)
            continue;  /* a blank line asks nothing */
        req = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
        if (!req || !json_is_object(req)) {
            if (req)
                snprintf(msg, sizeof msg, "request line %lu is not a JSON "
                         "object", lineno);
            else
                snprintf(msg, sizeof msg, "request line %lu is not JSON: %s "
                         "(column %d)", lineno, jerr.text, jerr.column);
            rc = silk_serve_error(out, NULL, msg);
        } else if (ops->refresh(ops->ctx) != 0) {
            rc = silk_serve_error(out, json_object_get(req, "id"),
                                  ops->error(ops->ctx));
        } else {
            rc = silk_serve_request(ops, req, out);
        }
        json_decref(req);
        /* Each answer as soon as it is complete: the client waits for it
         * before writing the next request. */
        if (rc == 0 && fflush(out) != 0)
            rc = -1;
    }
    if (rc == 0 && ferror(in))
        rc = -1;
    free(line);
    return rc;
}
