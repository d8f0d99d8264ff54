/* output.c: the three output formats of silk-query — text for a person,
 * JSON Lines for a program, TREC runs for evaluation tools.
 */
#include "output.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "silk_buf.h"
#include "silk_schema.h"
#include "silk_utf8.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"

/* Set o up; see output.h. */
void silk_output_init(silk_output_t *o, FILE *fp, silk_format_t fmt,
                      silk_analyzer_t *a, silk_gazetteer_t *g)
{
    memset(o, 0, sizeof *o);
    o->fp = fp;
    o->format = fmt;
    o->facet_limit = fmt == SILK_FORMAT_TEXT ? SILK_TEXT_FACET_LIMIT : 0;
    o->run_tag = "silk";
    o->a = a;
    o->g = g;
}

/* Release o's scratch storage. */
void silk_output_fini(silk_output_t *o)
{
    silk_spans_free(&o->spans);
}

/* ---- JSON --------------------------------------------------------------- */

/* A JSON string of s[0..len). Invalid UTF-8 (a query can be any bytes)
 * is repaired (util/silk_utf8.h: one U+FFFD per maximal ill-formed
 * subpart, and per NUL) rather than failing. NULL only if memory ran
 * out. */
static json_t *jstr_n(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;

    silk_buf_t clean = SILK_BUF_INIT;
    if (silk_utf8_repair(&clean, s, len, NULL) == 0)
        j = json_stringn(clean.p, clean.len);
    silk_buf_free(&clean);
    return j;
}

static json_t *jstr(const char *s)
{
    return jstr_n(s ? s : "", s ? strlen(s) : 0);
}

typedef struct jarr_ctx {
    json_t *arr;
    bool oom;
} jarr_ctx_t;

/* silk_list_foreach callback: append an item to a JSON array. */
static int jarr_item(void *ctx, const char *item, size_t len)
{
    jarr_ctx_t *c = ctx;

    if (json_array_append_new(c->arr, jstr_n(item, len)) != 0) {
        c->oom = true;
        return 1;
    }
    return 0;
}

/* A JSON array of the items of a list value; NULL if memory ran out. */
static json_t *list_json(const char *list)
{
    jarr_ctx_t c = { json_array(), false };

    if (!c.arr)
        return NULL;
    silk_list_foreach(list, jarr_item, &c);
    if (c.oom) {
        json_decref(c.arr);
        return NULL;
    }
    return c.arr;
}

/* The year of a hit as a JSON integer, or null when unknown. */
static json_t *year_json(const char *year)
{
    char *end;
    long y;

    if (!year || !*year)
        return json_null();
    y = strtol(year, &end, 10);
    return *end == '\0' ? json_integer(y) : json_null();
}

/* Why a copy was folded into its hit, as printed. */
static const char *also_why(const silk_also_t *a)
{
    return a->same_text ? "same text" : "near-duplicate";
}

/* The "also" array of h: its folded copies; NULL if memory ran out. */
static json_t *also_json(const silk_hit_t *h)
{
    json_t *arr = json_array();
    int bad = arr == NULL;

    for (size_t i = 0; !bad && i < h->nalso; i++)
        bad |= json_array_append_new(
            arr, json_pack("{s:o,s:I,s:s}", "article", jstr(h->also[i].article),
                           "passage", (json_int_t)h->also[i].passage, "why",
                           also_why(&h->also[i])));
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* Add h's citation to its record rec: its id ARTICLE#N, its file and
 * span, and (with_fields) its article's stored fields
 * (docs/json-output.md). Returns non-zero if memory ran out. */
static int cite_json(json_t *rec, const silk_output_t *o, const silk_hit_t *h,
                     bool with_fields)
{
    int bad = 0;
    size_t n = strlen(h->article) + 24;
    char *id = malloc(n);
    json_t *fields = h->extra && with_fields ? json_loads(h->extra, 0, NULL)
                                             : NULL;

    if (!fields && with_fields)
        fields = json_object();
    if (!id || (with_fields && !fields)) {
        free(id);
        json_decref(fields);
        return 1;
    }
    snprintf(id, n, "%s#%ld", h->article, h->passage);
    bad |= json_object_set_new(rec, "id", jstr(id));
    bad |= json_object_set_new(rec, "path", jstr(h->path));
    bad |= json_object_set_new(rec, "start", json_integer(h->start));
    bad |= json_object_set_new(rec, "end", json_integer(h->end));
    bad |= json_object_set_new(rec, "span", jstr(h->span));
    if (with_fields)
        bad |= json_object_set_new(rec, "fields", fields);
    /* Xapian interleaves the docids of databases searched as one: the
     * first database has 1, 1 + n, ..., the second 2, 2 + n, ... */
    if (o->nshards > 1 && h->docid > 0)
        bad |= json_object_set_new(
            rec, "shard", jstr(o->shards[(h->docid - 1) % o->nshards]));
    free(id);
    return bad;
}

/* A JSON array of the values of facet f in h: a list value's items, or
 * the one value; [] when unset. NULL if memory ran out. */
static json_t *values_json(const silk_hit_t *h, silk_field_id_t f)
{
    const char *v = h->values[f] ? h->values[f] : "";
    json_t *arr;

    if (silk_fields[f].flags & SILK_FIELD_LIST)
        return list_json(v);
    arr = json_array();
    if (arr && *v && json_array_append_new(arr, jstr(v))) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* A hit's "context": its neighbours, each {"id", "passage", "path",
 * "start", "end", "span", ("shard",) "text"}, in passage order. */
static json_t *context_json(const silk_output_t *o, const silk_hit_t *h)
{
    json_t *arr = json_array();
    int bad = !arr;

    for (size_t i = 0; !bad && i < h->ncontext; i++) {
        const silk_hit_t *c = &h->context[i];
        json_t *rec = json_object();
        bad |= !rec;
        bad |= json_array_append_new(arr, rec);
        if (bad)
            break;
        bad |= json_object_set_new(rec, "passage", json_integer(c->passage));
        bad |= cite_json(rec, o, c, false);
        bad |= json_object_set_new(rec, "text", jstr_n(c->text, c->text_len));
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* The record of one hit; see output.h. */
json_t *silk_output_hit_json(silk_output_t *o, const silk_results_t *r,
                             const silk_hit_t *h, const char *qid)
{
    json_t *hl = NULL, *facets = NULL, *rec = NULL;
    int bad = 0;

    if (silk_highlight(&o->spans, o->a, h->text, h->text_len, &r->terms) != 0)
        return NULL;
    hl = json_array();
    facets = json_object();
    rec = json_object();
    if (!hl || !facets || !rec)
        goto fail;
    for (size_t i = 0; i < o->spans.n; i++) {
        json_t *pair = json_pack("[II]", (json_int_t)o->spans.v[i].start,
                                 (json_int_t)o->spans.v[i].end);
        bad |= json_array_append_new(hl, pair);
    }
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++)
        if (silk_fields[f].json)
            bad |= json_object_set_new(facets, silk_fields[f].json,
                                       values_json(h, (silk_field_id_t)f));

    bad |= json_object_set_new(rec, "type", json_string("hit"));
    if (qid)
        bad |= json_object_set_new(rec, "qid", jstr(qid));
    bad |= json_object_set_new(rec, "rank", json_integer(h->rank));
    bad |= json_object_set_new(rec, "score", json_real(h->score));
    bad |= json_object_set_new(rec, "tier", json_integer(h->tier));
    bad |= json_object_set_new(rec, "article", jstr(h->article));
    bad |= json_object_set_new(rec, "passage", json_integer(h->passage));
    bad |= json_object_set_new(rec, "title", jstr(h->title));
    bad |= json_object_set_new(rec, "date", jstr(h->date));
    bad |= json_object_set_new(rec, "year", year_json(h->values[SILK_FIELD_YEAR]));
    bad |= json_object_set_new(rec, "source", jstr(h->source));
    bad |= json_object_set_new(rec, "url", jstr(h->url));
    bad |= cite_json(rec, o, h, true);
    bad |= json_object_set_new(rec, "text", jstr_n(h->text, h->text_len));
    bad |= json_object_set_new(rec, "highlights", hl);
    hl = NULL;
    bad |= json_object_set_new(rec, "facets", facets);
    facets = NULL;
    bad |= json_object_set_new(rec, "also", also_json(h));
    bad |= json_object_set_new(rec, "also_total",
                               json_integer((json_int_t)h->also_total));
    if (r->context)
        bad |= json_object_set_new(rec, "context", context_json(o, h));
    if (bad)
        goto fail;
    return rec;

fail:
    json_decref(hl);
    json_decref(facets);
    json_decref(rec);
    return NULL;
}

/* The display name of a value of field f (fields.h), or NULL when it has
 * none but itself. */
static const char *facet_display(const silk_output_t *o, silk_field_id_t f,
                                 const char *value)
{
    if (!o->g)
        return NULL;
    switch (silk_fields[f].display) {
    case SILK_DISPLAY_COUNTRY:
        return silk_gazetteer_country_name(o->g, value);
    case SILK_DISPLAY_MINISTRY:
        return silk_gazetteer_ministry_name(o->g, value);
    case SILK_DISPLAY_VALUE:
        break;
    }
    return NULL;
}

/* The record of one facet count; NULL if memory ran out. */
static json_t *facet_json(const silk_output_t *o, silk_field_id_t f,
                          const silk_facet_count_t *c, const char *qid)
{
    json_t *rec = json_object();
    const char *name = facet_display(o, f, c->value);
    int bad = 0;

    if (!rec)
        return NULL;
    bad |= json_object_set_new(rec, "type", json_string("facet"));
    if (qid)
        bad |= json_object_set_new(rec, "qid", jstr(qid));
    bad |= json_object_set_new(rec, "field", json_string(silk_qfacet_name(f)));
    bad |= json_object_set_new(rec, "value", jstr(c->value));
    if (name)
        bad |= json_object_set_new(rec, "name", jstr(name));
    bad |= json_object_set_new(rec, "count", json_integer((json_int_t)c->count));
    if (bad) {
        json_decref(rec);
        return NULL;
    }
    return rec;
}

/* Milliseconds rounded to microseconds, so the output stays short. */
static json_t *ms_json(double ms)
{
    return json_real((double)(long long)(ms * 1000.0 + 0.5) / 1000.0);
}

/* The summary record; see output.h. */
json_t *silk_output_summary_json(const silk_results_t *r,
                                 const silk_search_req_t *req,
                                 const char *qid, double total_ms)
{
    json_t *rec = json_object(), *t = json_object();
    int bad = 0;

    if (!rec || !t)
        goto fail;
    bad |= json_object_set_new(t, "parse_ms", ms_json(r->parse_ms));
    bad |= json_object_set_new(t, "search_ms", ms_json(r->search_ms));
    bad |= json_object_set_new(t, "total_ms", ms_json(total_ms));

    bad |= json_object_set_new(rec, "type", json_string("summary"));
    if (qid)
        bad |= json_object_set_new(rec, "qid", jstr(qid));
    bad |= json_object_set_new(rec, "version", json_integer(SILK_JSON_VERSION));
    bad |= json_object_set_new(rec, "query", jstr(r->query));
    bad |= json_object_set_new(rec, "parsed", jstr(r->parsed));
    bad |= json_object_set_new(rec, "notes",
                               r->notes ? jstr(r->notes) : json_null());
    bad |= json_object_set_new(rec, "suggestion",
                               r->suggestion ? jstr(r->suggestion) : json_null());
    bad |= json_object_set_new(rec, "total", json_integer((json_int_t)r->total));
    bad |= json_object_set_new(rec, "exact", json_boolean(r->exact));
    bad |= json_object_set_new(rec, "articles",
                               json_integer((json_int_t)r->articles));
    bad |= json_object_set_new(rec, "articles_exact",
                               json_boolean(r->articles_exact));
    bad |= json_object_set_new(rec, "results",
                               json_integer((json_int_t)r->results));
    bad |= json_object_set_new(rec, "complete", json_boolean(r->complete));
    bad |= json_object_set_new(rec, "returned", json_integer((json_int_t)r->nhits));
    bad |= json_object_set_new(rec, "offset", json_integer(req->offset));
    bad |= json_object_set_new(rec, "limit", json_integer(req->limit));
    bad |= json_object_set_new(rec, "per_article", json_integer(req->per_article));
    bad |= json_object_set_new(rec, "sort", json_string(silk_sort_name(req->sort)));
    bad |= json_object_set_new(rec, "duplicates",
                               json_string(req->duplicates ? "collapse" : "keep"));
    bad |= json_object_set_new(rec, "count_limit",
                               req->count_limit == ULONG_MAX
                                   ? json_null()
                                   : json_integer((json_int_t)req->count_limit));
    if (r->facets)
        bad |= json_object_set_new(rec, "facet_passages",
                                   json_integer((json_int_t)r->facet_passages));
    bad |= json_object_set_new(rec, "timings", t);
    t = NULL;
    if (bad)
        goto fail;
    return rec;

fail:
    json_decref(t);
    json_decref(rec);
    return NULL;
}

/* Print rec as one line and drop it; -1 if rec is NULL or writing
 * failed. */
static int emit(FILE *fp, json_t *rec)
{
    int rc = -1;

    /* 10 significant digits: scores keep their order and ties, and
     * timings do not print as 0.017999999999999999. */
    if (rec && json_dumpf(rec, fp, JSON_COMPACT | JSON_REAL_PRECISION(10)) == 0 &&
        fputc('\n', fp) != EOF)
        rc = 0;
    json_decref(rec);
    return rc;
}

static int output_json(silk_output_t *o, const silk_results_t *r,
                       const silk_search_req_t *req, const char *qid,
                       double total_ms)
{
    for (size_t i = 0; i < r->nhits; i++)
        if (emit(o->fp, silk_output_hit_json(o, r, &r->hits[i], qid)) != 0)
            return -1;
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++) {
        if (!(r->facets & (1u << f)))
            continue;
        const silk_facet_list_t *l = &r->counts[f];
        size_t n = o->facet_limit && l->n > o->facet_limit ? o->facet_limit
                                                           : l->n;
        for (size_t i = 0; i < n; i++)
            if (emit(o->fp, facet_json(o, (silk_field_id_t)f, &l->v[i], qid)) != 0)
                return -1;
    }
    json_t *sum = silk_output_summary_json(r, req, qid, total_ms);
    if (sum && o->summary_extra &&
        json_object_update(sum, o->summary_extra) != 0) {
        json_decref(sum);
        sum = NULL;
    }
    return emit(o->fp, sum);
}

/* ---- TREC --------------------------------------------------------------- */

static int output_trec(silk_output_t *o, const silk_results_t *r,
                       const char *qid)
{
    for (size_t i = 0; i < r->nhits; i++) {
        const silk_hit_t *h = &r->hits[i];
        /* The weight, tiers and all: trec_eval orders a run by it. */
        if (fprintf(o->fp, "%s Q0 %s %u %.6f %s\n", qid ? qid : "1",
                    h->article, h->rank, h->weight, o->run_tag) < 0)
            return -1;
    }
    return 0;
}

/* ---- text --------------------------------------------------------------- */

/* Print text[from..to) on one line: control characters and runs of
 * whitespace become one space, so a passage cannot move the cursor or
 * change the terminal's state. */
static void put_clean(FILE *fp, const char *text, size_t from, size_t to,
                      bool *space)
{
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7F || c == ' ') {
            if (!*space)
                fputc(' ', fp);
            *space = true;
        } else {
            fputc(c, fp);
            *space = false;
        }
    }
}

/* Print the string s on one line, cleaned as put_clean does. */
static void put_str(FILE *fp, const char *s)
{
    bool space = false;

    put_clean(fp, s, 0, strlen(s), &space);
}

/* Print the passage (trimmed to a window when long) with its matches
 * marked. Returns -1 if memory ran out. */
static int put_passage(silk_output_t *o, const silk_results_t *r,
                       const silk_hit_t *h, const char *lead)
{
    const char *text = h->text;
    size_t ws = 0, we = h->text_len;
    bool space = true; /* drops leading whitespace */
    const char *on = o->color ? BOLD : "[";
    const char *off = o->color ? PLAIN : "]";

    if (silk_highlight(&o->spans, o->a, text, h->text_len, &r->terms) != 0)
        return -1;
    if (h->text_len > SILK_TEXT_WINDOW &&
        silk_highlight_window(&ws, &we, o->a, text, h->text_len, o->spans.v,
                              o->spans.n, SILK_TEXT_WINDOW) != 0)
        return -1;
    fputs(lead, o->fp);
    if (ws > 0) {
        fputs("\xE2\x80\xA6", o->fp); /* … */
        space = false;
    }
    size_t at = ws;
    for (size_t i = 0; i < o->spans.n; i++) {
        size_t s = o->spans.v[i].start, e = o->spans.v[i].end;
        if (e <= ws || s >= we)
            continue;
        if (s < ws)
            s = ws;
        if (e > we)
            e = we;
        put_clean(o->fp, text, at, s, &space);
        fputs(on, o->fp);
        put_clean(o->fp, text, s, e, &space);
        fputs(off, o->fp);
        space = false;
        at = e;
    }
    put_clean(o->fp, text, at, we, &space);
    if (we < h->text_len)
        fputs(space ? "\xE2\x80\xA6" : " \xE2\x80\xA6", o->fp);
    fputc('\n', o->fp);
    return 0;
}

typedef struct names_ctx {
    const silk_output_t *o;
    silk_field_id_t field;
    bool first;
} names_ctx_t;

/* silk_list_foreach callback: print one facet value by its display name. */
static int put_name(void *ctx, const char *item, size_t len)
{
    names_ctx_t *c = ctx;
    char buf[128];
    const char *name = NULL;

    if (len < sizeof buf) {
        memcpy(buf, item, len);
        buf[len] = '\0';
        name = facet_display(c->o, c->field, buf);
    }
    fputs(c->first ? "" : ", ", c->o->fp);
    if (name)
        fputs(name, c->o->fp);
    else
        fwrite(item, 1, len, c->o->fp);
    c->first = false;
    return 0;
}

/* Print " | name: a, b" for a non-empty value of field f (a list's
 * items, or the one value), each by its display name. */
static void put_values(const silk_output_t *o, silk_field_id_t f,
                       const char *v, bool *first)
{
    names_ctx_t c = { o, f, true };

    if (!v || !*v)
        return;
    fprintf(o->fp, "%s%s: ", *first ? "   " : " | ", silk_fields[f].name);
    if (silk_fields[f].flags & SILK_FIELD_LIST)
        silk_list_foreach(v, put_name, &c);
    else
        put_name(&c, v, strlen(v));
    *first = false;
}

/* Print "   also: ID #N (same text), ..." for a hit with folded copies:
 * the first few, then how many more. */
static void put_also(const silk_output_t *o, const silk_hit_t *h)
{
    enum { SHOWN = 3 };
    size_t n = h->nalso < SHOWN ? h->nalso : SHOWN;

    if (h->also_total == 0)
        return;
    fputs("   also:", o->fp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : " ", o->fp);
        put_str(o->fp, h->also[i].article);
        if (h->also[i].passage >= 0)
            fprintf(o->fp, " #%ld", h->also[i].passage);
        fprintf(o->fp, " (%s)", also_why(&h->also[i]));
    }
    if (h->also_total > n)
        fprintf(o->fp, ", %zu more", h->also_total - n);
    fputc('\n', o->fp);
}

/* One passage of a hit's context: "   | #N " and the passage, trimmed
 * and highlighted as a hit's. */
static int put_context(silk_output_t *o, const silk_results_t *r,
                       const silk_hit_t *c)
{
    char lead[48];

    snprintf(lead, sizeof lead, "   | #%ld ", c->passage);
    return put_passage(o, r, c, lead);
}

static int put_hit(silk_output_t *o, const silk_results_t *r,
                   const silk_hit_t *h)
{
    FILE *fp = o->fp;
    bool first = true;

    fprintf(fp, "%u. %s", h->rank, o->color ? BOLD : "");
    put_str(fp, *h->title ? h->title : "(untitled)");
    if (h->tier > 0)
        fprintf(fp, "%s  (tier %u, score %.3f)\n   ", o->color ? PLAIN : "",
                h->tier, h->score);
    else
        fprintf(fp, "%s  (score %.3f)\n   ", o->color ? PLAIN : "", h->score);
    const char *year = h->values[SILK_FIELD_YEAR] ? h->values[SILK_FIELD_YEAR] : "";
    if (*h->date || *year) {
        put_str(fp, *h->date ? h->date : year);
        fputs(" | ", fp);
    }
    if (*h->source) {
        put_str(fp, h->source);
        fputs(" | ", fp);
    }
    put_str(fp, h->article);
    fprintf(fp, " #%ld\n", h->passage);
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++)
        if (silk_fields[f].flags & SILK_FIELD_HIT_TEXT)
            put_values(o, (silk_field_id_t)f, h->values[f], &first);
    if (!first)
        fputc('\n', fp);
    /* Its context around it, in passage order, each marked "| #N". */
    size_t c = 0;
    for (; c < h->ncontext && h->context[c].passage < h->passage; c++)
        if (put_context(o, r, &h->context[c]) != 0)
            return -1;
    if (put_passage(o, r, h, "   ") != 0)
        return -1;
    for (; c < h->ncontext; c++)
        if (put_context(o, r, &h->context[c]) != 0)
            return -1;
    put_also(o, h);
    return 0;
}

static void put_facets(const silk_output_t *o, const silk_results_t *r)
{
    FILE *fp = o->fp;

    fprintf(fp, "facets (exact, over %lu passage%s):\n", r->facet_passages,
            r->facet_passages == 1 ? "" : "s");
    for (unsigned f = 0; f < SILK_FIELD_NFACETS_; f++) {
        if (!(r->facets & (1u << f)))
            continue;
        const silk_facet_list_t *l = &r->counts[f];
        size_t n = o->facet_limit && l->n > o->facet_limit ? o->facet_limit
                                                           : l->n;
        fprintf(fp, "  %-9s", silk_qfacet_name((silk_field_id_t)f));
        if (l->n == 0)
            fputs("(none)", fp);
        for (size_t i = 0; i < n; i++) {
            const char *name = facet_display(o, (silk_field_id_t)f, l->v[i].value);
            fputs(i ? ", " : "", fp);
            put_str(fp, name ? name : l->v[i].value);
            fprintf(fp, " (%lu)", l->v[i].count);
        }
        if (n < l->n)
            fprintf(fp, ", ... %zu more", l->n - n);
        fputc('\n', fp);
    }
}

/* "s" unless n is 1. */
static const char *plural(unsigned long n)
{
    return n == 1 ? "" : "s";
}

/* The last line: the page, the list it slices, the passages and articles
 * matched (exact, or estimated and how to count them all), the rules. */
static void put_summary(silk_output_t *o, const silk_results_t *r,
                        const silk_search_req_t *req, double total_ms)
{
    FILE *fp = o->fp;
    const char *about = r->exact ? "" : "about ";

    if (r->nhits > 0 && req->offset > 0)
        fprintf(fp, "%u-%zu", req->offset + 1, req->offset + r->nhits);
    else
        fprintf(fp, "%zu", r->nhits);
    if (r->complete)
        fprintf(fp, " of %lu result%s: ", r->results, plural(r->results));
    else
        fprintf(fp, " result%s: ", plural(r->nhits));
    fprintf(fp, "%s%lu passage%s in %s%lu article%s (", about, r->total,
            plural(r->total), r->articles_exact ? "" : "about ", r->articles,
            plural(r->articles));
    if (r->exact)
        fputs("exact", fp);
    else
        fprintf(fp, "estimated past %lu passages: --exact counts them all",
                req->count_limit);
    if (req->per_article)
        fprintf(fp, "; at most %u passage%s per article", req->per_article,
                plural(req->per_article));
    fputs(req->duplicates ? "; copies folded" : "; copies kept", fp);
    fprintf(fp, ") in %.1f ms\n", total_ms);
}

static int output_text(silk_output_t *o, const silk_results_t *r,
                       const silk_search_req_t *req, const char *qid,
                       double total_ms)
{
    FILE *fp = o->fp;

    if (o->count_only) {
        if (qid) {
            put_str(fp, qid);
            fputs(": ", fp);
        }
        fprintf(fp, "%lu passage%s in %lu article%s\n", r->total,
                r->total == 1 ? "" : "s", r->articles, r->articles == 1 ? "" : "s");
        return ferror(fp) ? -1 : 0;
    }
    if (qid) {
        fputs("== ", fp);
        put_str(fp, qid);
        fputs(": ", fp);
        put_str(fp, r->query);
        fputc('\n', fp);
    }
    if (o->explain) {
        fputs("query read as: ", fp);
        put_str(fp, *r->parsed ? r->parsed : "(nothing)");
        if (r->notes) {
            fputs("\nnotes: ", fp);
            put_str(fp, r->notes);
        }
        if (r->described) {
            fputs("\nxapian: ", fp);
            put_str(fp, r->described);
        }
        fputs("\n\n", fp);
    }
    /* How the query was read comes before what it found: a person reads
     * "unknown field contry: ..." before fifty lines of another search. */
    if (!o->explain && r->notes) {
        fputs("note: ", fp);
        put_str(fp, r->notes);
        fputc('\n', fp);
    }
    if (r->suggestion) {
        fputs("did you mean: ", fp);
        put_str(fp, r->suggestion);
        fputc('\n', fp);
    }
    if ((!o->explain && r->notes) || r->suggestion)
        fputc('\n', fp);
    for (size_t i = 0; i < r->nhits; i++) {
        if (put_hit(o, r, &r->hits[i]) != 0)
            return -1;
        fputc('\n', fp);
    }
    if (r->facets) {
        put_facets(o, r);
        fputc('\n', fp);
    }
    put_summary(o, r, req, total_ms);
    return 0;
}

/* Print one query's results in o's format; see output.h. */
int silk_output_results(silk_output_t *o, const silk_results_t *r,
                        const silk_search_req_t *req, const char *qid,
                        double total_ms)
{
    int rc;

    switch (o->format) {
    case SILK_FORMAT_JSON:
        rc = output_json(o, r, req, qid, total_ms);
        break;
    case SILK_FORMAT_TREC:
        rc = output_trec(o, r, qid);
        break;
    default:
        rc = output_text(o, r, req, qid, total_ms);
        break;
    }
    if (ferror(o->fp))
        rc = -1;
    return rc;
}
