/* mcp.c: the MCP server of silk-query --mcp (mcp.h) — JSON-RPC 2.0 over
 * stdio, one message a line; each tool call becomes a serve-mode request
 * (serve.h) whose records are gathered into the tool's result.
 */
#define _POSIX_C_SOURCE 200809L /* getline, open_memstream */

#include "mcp.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "fields.h"

const char *const silk_mcp_versions[] = {
    "2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", NULL
};

/* JSON-RPC 2.0's error codes. */
enum {
    RPC_PARSE = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_NO_METHOD = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL = -32603
};

/* A tool's "filters": their properties (one a query field) are filled in
 * from the field table (tools_new). */
#define FILTERS_SCHEMA                                                       \
    "\"filters\":{\"type\":\"object\",\"description\":\"Restrict to passages " \
    "whose field has this value, as field:value in a query: year (2021 or "  \
    "2019..2021), date (2021-03-02, 2021-03, 2020-11..2021-03), country "   \
    "(a name or ISO code), ministry, source, subject, category, title "      \
    "(words)\",\"properties\":{},\"additionalProperties\":false}"

/* tools/list's answer: the three tools with JSON Schemas of their inputs
 * and outputs. */
static const char tools_json[] =
    "[{\"name\":\"search\",\"title\":\"Search the news index\","
    "\"description\":\"Ranked passages of news articles for a query, each "
    "with its citation (id ARTICLE#N, file path, byte span) and the "
    "article's metadata. Query syntax: words, \\\"phrases\\\", AND, OR, NOT, "
    "-word, field:value filters, * for every passage.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"query\":{\"type\":\"string\",\"description\":\"the query\"},"
    FILTERS_SCHEMA ","
    "\"sort\":{\"type\":\"string\",\"enum\":[\"relevance\",\"newest\",\"oldest\"]},"
    "\"limit\":{\"type\":\"integer\",\"minimum\":0,\"description\":\"passages "
    "to return (default 10)\"},"
    "\"offset\":{\"type\":\"integer\",\"minimum\":0},"
    "\"per_article\":{\"type\":\"integer\",\"minimum\":0,\"description\":\"at "
    "most N passages an article (default 2; 0: all)\"},"
    "\"context\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100,"
    "\"description\":\"add the N passages before and after each hit\"}},"
    "\"required\":[\"query\"],\"additionalProperties\":false},"
    "\"outputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"total\":{\"type\":\"integer\"},\"articles\":{\"type\":\"integer\"},"
    "\"hits\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
    "\"required\":[\"total\",\"articles\",\"hits\"]}},"
    "{\"name\":\"get_article\",\"title\":\"Read one article\","
    "\"description\":\"An article's passages in order with its metadata and "
    "facets, by the id a search hit gives (its article, or ARTICLE#N for one "
    "passage).\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"id\":{\"type\":\"string\",\"description\":\"ARTICLE or ARTICLE#N\"},"
    "\"context\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100,"
    "\"description\":\"with ARTICLE#N: the N passages around it too\"}},"
    "\"required\":[\"id\"],\"additionalProperties\":false},"
    "\"outputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"article\":{\"type\":\"string\"},\"title\":{\"type\":\"string\"},"
    "\"passages\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
    "\"required\":[\"article\",\"passages\"]}},"
    "{\"name\":\"facets\",\"title\":\"Count matches per facet value\","
    "\"description\":\"Exact counts of the passages a query matches per "
    "year, month (YYYY-MM), country, ministry, source or subject.\","
    "\"inputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"query\":{\"type\":\"string\",\"description\":\"the query (default *: "
    "every passage)\"},"
    FILTERS_SCHEMA ","
    "\"facets\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"enum\":"
    "[\"all\"]},"
    "\"description\":\"the fields to count (default all)\"},"
    "\"limit\":{\"type\":\"integer\",\"minimum\":0,\"description\":\"values "
    "a field, the most frequent (default 0: all)\"}},"
    "\"additionalProperties\":false},"
    "\"outputSchema\":{\"type\":\"object\",\"properties\":{"
    "\"total\":{\"type\":\"integer\"},\"articles\":{\"type\":\"integer\"},"
    "\"facets\":{\"type\":\"object\"}},"
    "\"required\":[\"total\",\"articles\",\"facets\"]}}]";

/* A tool call's failure: a JSON-RPC error (code, message) or, code 0, a
 * tool result with isError. */
typedef struct call_err {
    int code;
    char msg[1024];
} call_err_t;

static int bad_params(call_err_t *e, const char *fmt, const char *a,
                      const char *b)
{
    e->code = RPC_INVALID_PARAMS;
    snprintf(e->msg, sizeof e->msg, fmt, a, b);
    return -1;
}

/* Check args against the tool's input schema's properties: no unknown
 * key, each of the JSON type the schema says. Returns 0 or -1 with e. */
static int check_args(json_t *tool, json_t *args, call_err_t *e)
{
    json_t *props = json_object_get(json_object_get(tool, "inputSchema"),
                                    "properties");
    json_t *req = json_object_get(json_object_get(tool, "inputSchema"),
                                  "required");
    const char *name = json_string_value(json_object_get(tool, "name"));
    const char *key;
    json_t *v, *r;
    size_t i;

    json_object_foreach(args, key, v) {
        json_t *p = json_object_get(props, key);
        json_t *type = json_object_get(p, "type");
        bool ok = false;
        if (!p)
            return bad_params(e, "unknown argument '%s' for the tool %s", key,
                              name);
        for (size_t k = 0; k < (json_is_array(type) ? json_array_size(type) : 1); k++) {
            const char *t = json_string_value(json_is_array(type)
                                                  ? json_array_get(type, k) : type);
            ok |= (strcmp(t, "string") == 0 && json_is_string(v)) ||
                  (strcmp(t, "integer") == 0 && json_is_integer(v)) ||
                  (strcmp(t, "object") == 0 && json_is_object(v)) ||
                  (strcmp(t, "array") == 0 && json_is_array(v));
        }
        if (!ok)
            return bad_params(e, "argument '%s' of the tool %s has the wrong "
                              "type (see its inputSchema)", key, name);
    }
    json_array_foreach(req, i, r)
        if (!json_object_get(args, json_string_value(r)))
            return bad_params(e, "the tool %s needs the argument '%s'", name,
                              json_string_value(r));
    return 0;
}

/* The query q with each filter appended as field:value (quoted when the
 * value is not one word). A new string, or NULL with e set. */
static char *with_filters(const char *q, json_t *filters, call_err_t *e)
{
    size_t cap = strlen(q) + 1, len;
    const char *key;
    json_t *v;
    char *out;

    json_object_foreach(filters, key, v)
        cap += strlen(key) + 4 + (json_is_string(v) ? strlen(json_string_value(v)) : 24);
    out = malloc(cap);
    if (!out) {
        e->code = RPC_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "out of memory");
        return NULL;
    }
    len = (size_t)snprintf(out, cap, "%s", q);
    json_object_foreach(filters, key, v) {
        char num[24];
        const char *s = json_string_value(v);
        bool known = silk_field_lookup(key, strlen(key), SILK_FIELD_QUERY) >= 0;
        if (json_is_integer(v) && strcmp(key, "year") == 0) {
            snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            s = num;
        }
        if (!known || !s || !*s || strchr(s, '"')) {
            free(out);
            bad_params(e, "filter '%s' must be %s", key,
                       known ? "a non-empty string without '\"'"
                             : "a query field (see the tool's inputSchema)");
            return NULL;
        }
        bool word = strcspn(s, " \t()") == strlen(s);
        len += (size_t)snprintf(out + len, cap - len, "%s%s:%s%s%s",
                                len ? " " : "", key, word ? "" : "\"", s,
                                word ? "" : "\"");
    }
    return out;
}

/* Run the serve request req and gather its records into a new array;
 * NULL with e set (code 0: the request's error, as a tool error). */
static json_t *run_request(const silk_serve_ops_t *ops, json_t *req,
                           call_err_t *e)
{
    char *buf = NULL, *line, *save = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    json_t *recs = json_array();
    int rc = mem ? silk_serve_request(ops, req, mem) : -1;

    if (mem && fclose(mem) != 0)
        rc = -1;
    if (rc != 0 || !recs) {
        free(buf);
        json_decref(recs);
        e->code = RPC_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "out of memory");
        return NULL;
    }
    for (line = strtok_r(buf, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        json_array_append_new(recs, json_loads(line, 0, NULL));
    free(buf);
    json_t *last = json_array_get(recs, json_array_size(recs) - 1);
    const char *type = json_string_value(json_object_get(last, "type"));
    if (!type || strcmp(type, "error") == 0) {
        e->code = 0;
        snprintf(e->msg, sizeof e->msg, "%s",
                 type ? json_string_value(json_object_get(last, "error"))
                      : "no answer");
        json_decref(recs);
        return NULL;
    }
    return recs;
}

/* A text buffer for the readable content. */
typedef struct text {
    char *s;
    size_t n;
    FILE *fp;
} text_t;

static const char *jget(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* The summary's fields a tool result keeps. */
static json_t *summary_fields(json_t *sum)
{
    json_t *o = json_deep_copy(sum);

    json_object_del(o, "type");
    json_object_del(o, "id");
    json_object_del(o, "timings");
    json_object_del(o, "version");
    return o;
}

static json_t *search_result(json_t *recs, text_t *t)
{
    json_t *sum = json_array_get(recs, json_array_size(recs) - 1);
    json_t *out = summary_fields(sum), *hits = json_array(), *r;
    size_t i;

    json_array_foreach(recs, i, r) {
        if (strcmp(jget(r, "type"), "hit") != 0)
            continue;
        json_t *h = json_deep_copy(r);
        json_object_del(h, "type");
        json_array_append_new(hits, h);
        fprintf(t->fp, "%" JSON_INTEGER_FORMAT ". %s (%s%s%s) [%s]\n%s\n\n",
                json_integer_value(json_object_get(r, "rank")), jget(r, "title"),
                jget(r, "date"), *jget(r, "source") ? ", " : "",
                jget(r, "source"), jget(r, "id"), jget(r, "text"));
    }
    fprintf(t->fp, "%zu shown of %" JSON_INTEGER_FORMAT " passages in %"
            JSON_INTEGER_FORMAT " articles%s", json_array_size(hits),
            json_integer_value(json_object_get(sum, "total")),
            json_integer_value(json_object_get(sum, "articles")),
            json_is_true(json_object_get(sum, "exact")) ? "" : " (estimated)");
    if (*jget(sum, "suggestion"))
        fprintf(t->fp, "; did you mean: %s", jget(sum, "suggestion"));
    json_object_set_new(out, "hits", hits);
    return out;
}

static json_t *facets_result(json_t *recs, text_t *t)
{
    json_t *sum = json_array_get(recs, json_array_size(recs) - 1);
    json_t *out = summary_fields(sum), *facets = json_object(), *r;
    const char *last = "";
    size_t i;

    json_object_del(out, "returned");
    json_object_del(out, "offset");
    json_object_del(out, "limit");
    json_array_foreach(recs, i, r) {
        if (strcmp(jget(r, "type"), "facet") != 0)
            continue;
        const char *field = jget(r, "field");
        json_t *list = json_object_get(facets, field), *v = json_deep_copy(r);
        if (!list) {
            list = json_array();
            json_object_set_new(facets, field, list);
        }
        json_object_del(v, "type");
        json_object_del(v, "field");
        json_array_append_new(list, v);
        if (strcmp(last, field) != 0)
            fprintf(t->fp, "%s%s: ", *last ? "\n" : "", field);
        else
            fputs(", ", t->fp);
        fprintf(t->fp, "%s (%" JSON_INTEGER_FORMAT ")",
                *jget(r, "name") ? jget(r, "name") : jget(r, "value"),
                json_integer_value(json_object_get(r, "count")));
        last = field;
    }
    fprintf(t->fp, "%s(exact counts over %" JSON_INTEGER_FORMAT " passages "
            "in %" JSON_INTEGER_FORMAT " articles)", *last ? "\n" : "",
            json_integer_value(json_object_get(sum, "total")),
            json_integer_value(json_object_get(sum, "articles")));
    json_object_set_new(out, "facets", facets);
    return out;
}

static json_t *article_result(json_t *recs, text_t *t)
{
    json_t *first = json_array_get(recs, 0), *out = json_object();
    json_t *passages = json_array(), *r;
    static const char *const keys[] = { "article", "title", "date", "year",
                                        "source", "url", "path", "fields",
                                        NULL };
    size_t i;

    for (size_t k = 0; keys[k]; k++)
        json_object_set(out, keys[k], json_object_get(first, keys[k]));
    fprintf(t->fp, "%s\n%s | %s | %s | %s\n", jget(first, "title"),
            jget(first, "date"), jget(first, "source"), jget(first, "article"),
            jget(first, "path"));
    json_array_foreach(recs, i, r) {
        if (strcmp(jget(r, "type"), "hit") != 0)
            continue;
        json_t *p = json_deep_copy(r);
        static const char *const drop[] = { "type", "rank", "score", "tier",
                                            "article", "title", "date", "year",
                                            "source", "url", "path", "fields",
                                            "highlights", "also", "also_total",
                                            NULL };
        for (size_t k = 0; drop[k]; k++)
            json_object_del(p, drop[k]);
        json_array_append_new(passages, p);
        json_t *ctx = json_object_get(r, "context"), *c;
        size_t j;
        bool done = false;
        json_array_foreach(ctx, j, c) {
            if (!done && json_integer_value(json_object_get(c, "passage")) >
                             json_integer_value(json_object_get(r, "passage"))) {
                fprintf(t->fp, "\n%s\n", jget(r, "text"));
                done = true;
            }
            fprintf(t->fp, "\n[context %s] %s\n", jget(c, "id"), jget(c, "text"));
        }
        if (!done)
            fprintf(t->fp, "\n%s\n", jget(r, "text"));
    }
    json_object_set_new(out, "passages", passages);
    return out;
}

/* tools/call: run the tool; the result (isError for the request's own
 * failures), or NULL with e set to a JSON-RPC error. */
static json_t *tool_call(const silk_serve_ops_t *ops, json_t *tools,
                         json_t *params, call_err_t *e)
{
    const char *name = json_string_value(json_object_get(params, "name"));
    json_t *args = json_object_get(params, "arguments"), *tool = NULL, *t;
    json_t *req = NULL, *recs = NULL, *structured = NULL, *res = NULL;
    text_t text = { NULL, 0, NULL };
    char *q = NULL;
    size_t i;

    json_array_foreach(tools, i, t)
        if (name && strcmp(json_string_value(json_object_get(t, "name")), name) == 0)
            tool = t;
    if (!tool) {
        bad_params(e, "unknown tool '%s'%s", name ? name : "(no name)",
                   " (tools/list names search, get_article and facets)");
        return NULL;
    }
    if (args && !json_is_object(args)) {
        bad_params(e, "the arguments of %s must be an object%s", name, "");
        return NULL;
    }
    args = args ? json_incref(args) : json_object();
    if (check_args(tool, args, e) != 0)
        goto done;
    req = json_object();
    if (strcmp(name, "get_article") == 0) {
        json_object_set(req, "article", json_object_get(args, "id"));
        json_object_set(req, "context", json_object_get(args, "context"));
    } else {
        const char *qs = json_string_value(json_object_get(args, "query"));
        if (!(q = with_filters(qs && *qs ? qs : (*name == 'f' ? "*" : ""),
                               json_object_get(args, "filters"), e)))
            goto done;
        json_object_set_new(req, "q", json_string(q));
        if (strcmp(name, "facets") == 0) {
            json_t *f = json_object_get(args, "facets");
            json_object_set(req, "facets", f ? f : json_string("all"));
            json_object_set_new(req, "limit", json_integer(0));
            json_object_set(req, "facet_limit", json_object_get(args, "limit"));
        } else {
            static const char *const pass[] = { "sort", "limit", "offset",
                                                "per_article", "context", NULL };
            for (size_t k = 0; pass[k]; k++)
                json_object_set(req, pass[k], json_object_get(args, pass[k]));
        }
    }
    /* json_object_set with NULL does nothing: absent stays absent. */
    if (!(recs = run_request(ops, req, e)) && e->code != 0)
        goto done;
    text.fp = open_memstream(&text.s, &text.n);
    if (!text.fp) {
        e->code = RPC_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "out of memory");
        goto done;
    }
    if (!recs)
        fputs(e->msg, text.fp);
    else if (strcmp(name, "search") == 0)
        structured = search_result(recs, &text);
    else if (strcmp(name, "facets") == 0)
        structured = facets_result(recs, &text);
    else
        structured = article_result(recs, &text);
    fclose(text.fp);
    res = json_pack("{s:[{s:s,s:s}],s:b}", "content", "type", "text", "text",
                    text.s ? text.s : "", "isError", recs == NULL);
    if (res && structured)
        json_object_set_new(res, "structuredContent", structured);
    else
        json_decref(structured);
    if (!res) {
        e->code = RPC_INTERNAL;
        snprintf(e->msg, sizeof e->msg, "out of memory");
    }
done:
    free(text.s);
    free(q);
    json_decref(recs);
    json_decref(req);
    json_decref(args);
    return res;
}

/* initialize: the version asked for if served, else the newest. */
static json_t *initialize(json_t *params, const char *version)
{
    const char *want = json_string_value(json_object_get(params,
                                                         "protocolVersion"));
    const char *v = silk_mcp_versions[0];

    for (size_t i = 0; want && silk_mcp_versions[i]; i++)
        if (strcmp(want, silk_mcp_versions[i]) == 0)
            v = silk_mcp_versions[i];
    return json_pack("{s:s,s:{s:{s:b}},s:{s:s,s:s,s:s},s:s}",
                     "protocolVersion", v, "capabilities", "tools",
                     "listChanged", 0, "serverInfo", "name", "silk",
                     "title", "silk news search", "version", version,
                     "instructions",
                     "Search a news index: search gives ranked passages "
                     "with citations (id ARTICLE#N), get_article reads an "
                     "article by id, facets counts matches per year, month, "
                     "country, ministry, source or subject exactly.");
}

static int send(FILE *out, json_t *msg)
{
    int rc = -1;

    if (msg && json_dumpf(msg, out, JSON_COMPACT) == 0 &&
        fputc('\n', out) != EOF && fflush(out) == 0)
        rc = 0;
    json_decref(msg);
    return rc;
}

static json_t *rpc_error(json_t *id, int code, const char *msg)
{
    return json_pack("{s:s,s:O,s:{s:i,s:s}}", "jsonrpc", "2.0", "id",
                     id ? id : json_null(), "error", "code", code, "message",
                     msg);
}

/* One message: the response to send, or NULL for a notification or a
 * response from the client. */
static json_t *dispatch(const silk_serve_ops_t *ops, json_t *tools,
                        json_t *msg, const char *version)
{
    json_t *id = json_object_get(msg, "id");
    json_t *params = json_object_get(msg, "params");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *result = NULL;
    call_err_t e = { 0, "" };

    if (!method) {
        if (json_object_get(msg, "result") || json_object_get(msg, "error"))
            return NULL;  /* a response: silk asks the client nothing */
        return rpc_error(id, RPC_INVALID_REQUEST, "not a JSON-RPC 2.0 "
                         "request (no \"method\")");
    }
    if (!id || json_is_null(id))
        return NULL;  /* notifications/initialized, …/cancelled: noted */
    if (!json_is_string(id) && !json_is_integer(id))
        return rpc_error(NULL, RPC_INVALID_REQUEST, "\"id\" must be a string "
                         "or an integer");
    if (params && !json_is_object(params))
        return rpc_error(id, RPC_INVALID_PARAMS, "\"params\" must be an object");
    if (strcmp(method, "initialize") == 0) {
        result = initialize(params, version);
    } else if (strcmp(method, "ping") == 0) {
        result = json_object();
    } else if (strcmp(method, "tools/list") == 0) {
        result = json_pack("{s:O}", "tools", tools);
    } else if (strcmp(method, "tools/call") == 0) {
        if (ops->refresh(ops->ctx) != 0) {
            e.code = 0;
            result = json_pack("{s:[{s:s,s:s}],s:b}", "content", "type",
                               "text", "text", ops->error(ops->ctx),
                               "isError", 1);
        } else if (!(result = tool_call(ops, tools, params, &e))) {
            return rpc_error(id, e.code, e.msg);
        }
    } else {
        char buf[256];
        snprintf(buf, sizeof buf, "unknown method '%.200s'", method);
        return rpc_error(id, RPC_NO_METHOD, buf);
    }
    if (!result)
        return rpc_error(id, RPC_INTERNAL, "out of memory");
    return json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result",
                     result);
}

/* The tools with the field table's query fields as each "filters"
 * property and its facets in the facets tool's enum; NULL if out of
 * memory. */
static json_t *tools_new(void)
{
    json_t *tools = json_loads(tools_json, 0, NULL), *t;
    size_t i;
    int bad = !tools;

    json_array_foreach(tools, i, t) {
        json_t *props = json_object_get(json_object_get(t, "inputSchema"),
                                        "properties");
        json_t *filters = json_object_get(json_object_get(props, "filters"),
                                          "properties");
        json_t *facets = json_object_get(json_object_get(json_object_get(
                                             props, "facets"), "items"), "enum");
        for (int f = 0; f < SILK_FIELD_COUNT_; f++) {
            const silk_field_t *d = &silk_fields[f];
            if (filters && (d->flags & SILK_FIELD_QUERY))
                bad |= json_object_set_new(filters, d->name,
                                           f == SILK_FIELD_YEAR
                                               ? json_pack("{s:[ss]}", "type", "string", "integer")
                                               : json_pack("{s:s}", "type", "string"));
            if (facets && (d->flags & SILK_FIELD_FACET))
                bad |= json_array_insert_new(facets, json_array_size(facets) - 1,
                                             json_string(d->name));
        }
    }
    if (bad) {
        json_decref(tools);
        return NULL;
    }
    return tools;
}

int silk_mcp(const silk_serve_ops_t *ops, FILE *in, FILE *out,
             const char *version)
{
    json_t *tools = tools_new();
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;

    if (!tools)
        return -1;
    while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
        json_error_t jerr;
        json_t *msg, *resp;

        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strspn(line, " \t") == (size_t)n)
            continue;
        msg = json_loadb(line, (size_t)n, 0, &jerr);
        if (!msg) {
            char buf[300];
            snprintf(buf, sizeof buf, "not JSON: %s", jerr.text);
            resp = rpc_error(NULL, RPC_PARSE, buf);
        } else if (json_is_array(msg)) {
            resp = rpc_error(NULL, RPC_INVALID_REQUEST, "batches are not "
                             "served (one message a line)");
        } else if (!json_is_object(msg)) {
            resp = rpc_error(NULL, RPC_INVALID_REQUEST, "a message is a JSON "
                             "object");
        } else {
            resp = dispatch(ops, tools, msg, version);
        }
        json_decref(msg);
        if (resp)
            rc = send(out, resp);
    }
    if (rc == 0 && ferror(in))
        rc = -1;
    free(line);
    json_decref(tools);
    return rc;
}
