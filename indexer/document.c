/* document.c: one article -> its passage documents (terms, positions, title
 * terms, facet terms and values, JSON data), per schema/silk_schema.h. */
#include "document.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyzer.h"
#include "facets.h"
#include "gazetteer.h"
#include "passage.h"
#include "silk_dedup.h"
#include "silk_schema.h"
#include "silk_slug.h"

/* Longest term built here: Xapian's limit is 245 bytes; analyser tokens
 * are at most SILK_MAX_TOKEN_BYTES and ids SILK_MAX_ID_BYTES, so this has
 * room for any prefix + either. */
#define TERM_CAP 256

/* A title token kept for every passage of the article. */
typedef struct title_tok {
    char *stem;
    size_t len;
    unsigned pos;
} title_tok_t;

/* A growable list of borrowed, static strings (facet values). */
typedef struct strlist {
    const char **v;
    size_t n, cap;
} strlist_t;

struct silk_docmaker {
    silk_analyzer_t *an;
    silk_gazetteer_t *gaz;
    silk_facets_t *fx;
    title_tok_t *title;    /* the current article's title stems */
    size_t ntitle, title_cap;
    strlist_t countries, ministries;
    silk_neardup_t sig;    /* the current article's near-duplicate signature */
};

/* The per-passage callback state. */
typedef struct passage_ctx {
    silk_docmaker_t *m;
    silk_doc_t *doc;
    int failed;
} passage_ctx_t;

/* ---- small helpers ------------------------------------------------------ */

/* Append s to l. Returns 0, or -1 if memory ran out. */
static int strlist_push(strlist_t *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

/* qsort comparator for strlist entries. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sort l and drop duplicates. */
static void strlist_sort_unique(strlist_t *l)
{
    size_t k = 0;

    if (l->n == 0)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_str);
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->v[i], l->v[k]) != 0)
            l->v[++k] = l->v[i];
    l->n = k + 1;
}

/* Write prefix + s (lower-cased ASCII when lower) into buf (TERM_CAP).
 * Returns the term's length, or 0 if it would not fit. */
static size_t make_term(char *buf, const char *prefix, const char *s,
                        size_t len, bool lower)
{
    size_t p = strlen(prefix);

    if (p + len >= TERM_CAP)
        return 0;
    memcpy(buf, prefix, p);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (lower && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        buf[p + i] = c;
    }
    buf[p + len] = '\0';
    return p + len;
}

/* Add the boolean term prefix + s to doc. Returns the shim's status; a term
 * too long for Xapian is left out (SILK_OK). */
static silk_status_t add_bool(silk_doc_t *doc, const char *prefix,
                              const char *s, bool lower)
{
    char term[TERM_CAP];
    size_t n = make_term(term, prefix, s, strlen(s), lower);

    return n ? silk_doc_add_boolean_term(doc, term, n) : SILK_OK;
}

/* Set value slot to the entries of l joined by SILK_LIST_SEP (l sorted and
 * unique already); nothing when l is empty. */
static silk_status_t set_list_value(silk_doc_t *doc, unsigned slot,
                                    const strlist_t *l)
{
    size_t total = 0, k = 0;
    char *buf;
    silk_status_t st;

    if (l->n == 0)
        return SILK_OK;
    for (size_t i = 0; i < l->n; i++)
        total += strlen(l->v[i]) + 1;
    buf = malloc(total);
    if (!buf)
        return SILK_NO_MEMORY;
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->v[i]);
        if (i > 0)
            buf[k++] = SILK_LIST_SEP;
        memcpy(buf + k, l->v[i], n);
        k += n;
    }
    st = silk_doc_set_value(doc, slot, buf, k);
    free(buf);
    return st;
}

/* ---- the maker ---------------------------------------------------------- */

/* See document.h. */
silk_docmaker_t *silk_docmaker_new(const char *lang)
{
    silk_docmaker_t *m = calloc(1, sizeof *m);

    if (!m)
        return NULL;
    m->an = silk_analyzer_new(lang);
    if (!m->an)
        goto done;
    m->gaz = silk_gazetteer_new(m->an);
    if (!m->gaz)
        goto done;
    m->fx = silk_facets_new(m->gaz);
    if (!m->fx)
        goto done;
    return m;
done:
    silk_docmaker_free(m);
    return NULL;
}

/* Forget the current article's title tokens. */
static void title_clear(silk_docmaker_t *m)
{
    for (size_t i = 0; i < m->ntitle; i++)
        free(m->title[i].stem);
    m->ntitle = 0;
}

/* See document.h. */
void silk_docmaker_free(silk_docmaker_t *m)
{
    if (!m)
        return;
    title_clear(m);
    free(m->title);
    free(m->countries.v);
    free(m->ministries.v);
    silk_facets_free(m->fx);
    silk_gazetteer_free(m->gaz);
    silk_analyzer_free(m->an);
    free(m);
}

/* See document.h. */
const char *silk_docmaker_language(const silk_docmaker_t *m)
{
    return silk_analyzer_language(m->an);
}

/* Analyser callback for the title: keep each stem. */
static int title_token(void *ctx, const silk_token_t *tok)
{
    silk_docmaker_t *m = ctx;
    title_tok_t *t;

    if (m->ntitle == m->title_cap) {
        size_t cap = m->title_cap ? m->title_cap * 2 : 16;
        title_tok_t *v = realloc(m->title, cap * sizeof *v);
        if (!v)
            return -1;
        m->title = v;
        m->title_cap = cap;
    }
    t = &m->title[m->ntitle];
    t->stem = malloc(tok->stem_len + 1);
    if (!t->stem)
        return -1;
    memcpy(t->stem, tok->stem, tok->stem_len + 1);
    t->len = tok->stem_len;
    t->pos = tok->pos;
    m->ntitle++;
    silk_facets_token(m->fx, tok);
    return 0;
}

/* Analyser callback for a passage: the stem as a positional posting, and
 * the token to the facet extractor (one analysis serves both). */
static int passage_token(void *ctx, const silk_token_t *tok)
{
    passage_ctx_t *pc = ctx;

    if (silk_doc_add_posting(pc->doc, tok->stem, tok->stem_len, tok->pos,
                             1) != SILK_OK) {
        pc->failed = 1;
        return 1;
    }
    silk_facets_token(pc->m->fx, tok);
    silk_neardup_word(&pc->m->sig, tok->norm, tok->norm_len);
    return 0;
}

/* ---- one passage -------------------------------------------------------- */

/* What every passage of an article shares. */
typedef struct article_ctx {
    const silk_article_t *a;
    const char *date;        /* effective date, "" if none */
    char source_slug[SILK_SLUG_MAX_BYTES + 1];
    json_t *extra;           /* the parsed "extra" object (owned) */
    silk_explain_cb explain;
    void *ectx;
} article_ctx_t;

/* Build the JSON data of passage no [start, end) and set it on doc.
 * Returns 0, or -1 (out of memory / invalid UTF-8 / shim error). */
static int set_data(silk_doc_t *doc, const article_ctx_t *ac, size_t no,
                    size_t start, size_t end)
{
    const silk_article_t *a = ac->a;
    json_t *o = json_object();
    char *s = NULL;
    int rc = -1;

    if (!o)
        goto done;
    if (json_object_set_new(o, "article", json_string(a->id)) ||
        json_object_set_new(o, "passage", json_integer((json_int_t)no)) ||
        json_object_set_new(o, "title", json_string(a->title)) ||
        json_object_set_new(o, "date", json_string(ac->date)) ||
        json_object_set_new(o, "source", json_string(a->source)) ||
        json_object_set_new(o, "url", json_string(a->url)) ||
        json_object_set_new(o, "path", json_string(a->path)) ||
        json_object_set_new(o, "start", json_integer((json_int_t)start)) ||
        json_object_set_new(o, "end", json_integer((json_int_t)end)) ||
        json_object_set_new(o, "text",
                            json_stringn(a->body + start, end - start)))
        goto done;
    /* The article's other JSONL fields once, on its first passage: on
     * every passage they were 10% of a Reuters index. */
    if (no == 0 && json_object_set(o, "extra", ac->extra))
        goto done;
    s = json_dumps(o, JSON_COMPACT);
    if (!s)
        goto done;
    if (silk_doc_set_data(doc, s, strlen(s)) != SILK_OK)
        goto done;
    rc = 0;
done:
    free(s);
    json_decref(o);
    return rc;
}

/* Build the document of passage no, span [start, end) of the body, into
 * *out. Returns 0, or -1 on failure (*out = NULL). */
static int build_passage(silk_docmaker_t *m, const article_ctx_t *ac,
                         size_t no, size_t start, size_t end,
                         silk_doc_t **out)
{
    const silk_article_t *a = ac->a;
    silk_doc_t *doc = NULL;
    passage_ctx_t pc;
    const silk_facet_hit_t *hits;
    size_t nhits;
    char term[TERM_CAP];
    char num[24];
    char textkey[SILK_TEXTKEY_LEN + 1];
    size_t n;
    int rc = -1;

    *out = NULL;
    if (silk_doc_new(&doc) != SILK_OK)
        goto done;

    /* Body stems with positions, facets from the same token stream. */
    pc.m = m;
    pc.doc = doc;
    pc.failed = 0;
    silk_facets_begin(m->fx, a->body + start, end - start);
    if (silk_analyzer_run(m->an, a->body + start, end - start, 0,
                          passage_token, &pc) != 0 || pc.failed)
        goto done;
    nhits = silk_facets_end(m->fx, &hits);
    silk_facets_subject_add(m->fx, no == 0 ? SILK_PART_LEAD : SILK_PART_BODY,
                            hits, nhits);

    /* Title stems under their prefix, on every passage. */
    for (size_t i = 0; i < m->ntitle; i++) {
        n = make_term(term, SILK_PREFIX_TITLE, m->title[i].stem,
                      m->title[i].len, false);
        if (n && silk_doc_add_posting(doc, term, n, m->title[i].pos, 1) !=
                     SILK_OK)
            goto done;
    }

    /* Identity: the unique passage term and the article term. */
    snprintf(num, sizeof num, "#%zu", no);
    n = strlen(a->id);
    if (make_term(term, SILK_PREFIX_UID, a->id, n, false) == 0 ||
        n + 1 + strlen(num) >= TERM_CAP)
        goto done;
    strcat(term, num);
    if (silk_doc_add_boolean_term(doc, term, strlen(term)) != SILK_OK ||
        add_bool(doc, SILK_PREFIX_ARTICLE, a->id, false) != SILK_OK ||
        silk_doc_set_value(doc, SILK_SLOT_ARTICLE, a->id, n) != SILK_OK)
        goto done;

    /* The fingerprint for identical-passage collapse (silk_dedup.h). */
    if (silk_textkey(textkey, a->title, strlen(a->title), a->body + start,
                     end - start) != 0 ||
        silk_doc_set_value(doc, SILK_SLOT_TEXTKEY, textkey,
                           SILK_TEXTKEY_LEN) != SILK_OK)
        goto done;

    /* Date and year. */
    if (ac->date[0]) {
        char year[5], day[9];
        memcpy(year, ac->date, 4);
        year[4] = '\0';
        if (add_bool(doc, SILK_PREFIX_YEAR, year, false) != SILK_OK ||
            silk_doc_set_value(doc, SILK_SLOT_YEAR, year, 4) != SILK_OK ||
            silk_doc_set_value(doc, SILK_SLOT_DATE, ac->date,
                               strlen(ac->date)) != SILK_OK)
            goto done;
        if (strlen(ac->date) == 10) {
            memcpy(day, ac->date, 4);
            memcpy(day + 4, ac->date + 5, 2);
            memcpy(day + 6, ac->date + 8, 2);
            day[8] = '\0';
            if (add_bool(doc, SILK_PREFIX_DATE, day, false) != SILK_OK)
                goto done;
        }
    }

    /* Source. */
    if (ac->source_slug[0]) {
        if (add_bool(doc, SILK_PREFIX_SOURCE, ac->source_slug, false) !=
                SILK_OK ||
            silk_doc_set_value(doc, SILK_SLOT_SOURCE, a->source,
                               strlen(a->source)) != SILK_OK)
            goto done;
    }

    /* Countries and ministries the passage mentions. */
    m->countries.n = 0;
    m->ministries.n = 0;
    for (size_t i = 0; i < nhits; i++) {
        const silk_facet_hit_t *h = &hits[i];
        strlist_t *l = h->field == SILK_FACET_COUNTRY ? &m->countries
                                                      : &m->ministries;
        if (strlist_push(l, h->value) != 0)
            goto done;
        if (ac->explain)
            ac->explain(ac->ectx, a, (long)no,
                        h->field == SILK_FACET_COUNTRY ? "country"
                                                       : "ministry",
                        h->value, start + h->start, start + h->end, h->rule);
    }
    strlist_sort_unique(&m->countries);
    strlist_sort_unique(&m->ministries);
    for (size_t i = 0; i < m->countries.n; i++)
        if (add_bool(doc, SILK_PREFIX_COUNTRY, m->countries.v[i], true) !=
            SILK_OK)
            goto done;
    for (size_t i = 0; i < m->ministries.n; i++)
        if (add_bool(doc, SILK_PREFIX_MINISTRY, m->ministries.v[i], true) !=
            SILK_OK)
            goto done;
    if (set_list_value(doc, SILK_SLOT_COUNTRY, &m->countries) != SILK_OK ||
        set_list_value(doc, SILK_SLOT_MINISTRY, &m->ministries) != SILK_OK)
        goto done;

    if (set_data(doc, ac, no, start, end) != 0)
        goto done;
    *out = doc;
    doc = NULL;
    rc = 0;
done:
    silk_doc_free(doc);
    return rc;
}

/* ---- one article -------------------------------------------------------- */

/* Longest dateline looked for at the start of a body ("BEIJING, March 2
 * (Xinhua) --"): a dateline is a place and a date, never a paragraph. */
#define DATELINE_MAX_BYTES 120

/* The article's subject countries (facets.h): from the title and passage
 * hits fed so far and the dateline (the JSONL "dateline" field, else the
 * start of the body), as "XK" terms and the SILK_SLOT_SUBJECT list on every
 * passage. Returns 0, or -1 on failure. */
static int add_subjects(silk_docmaker_t *m, const article_ctx_t *ac,
                        silk_article_docs_t *out)
{
    const silk_article_t *a = ac->a;
    const silk_facet_hit_t *hits;
    const char *dl = json_string_value(json_object_get(ac->extra,
                                                       "dateline"));
    size_t nhits;

    if (dl)
        silk_facets_subject_dateline(m->fx, dl, strlen(dl));
    else
        silk_facets_subject_dateline(m->fx, a->body,
                                     a->body_len < DATELINE_MAX_BYTES
                                         ? a->body_len : DATELINE_MAX_BYTES);
    nhits = silk_facets_subject_end(m->fx, &hits);
    m->countries.n = 0;
    for (size_t i = 0; i < nhits; i++) {
        if (strlist_push(&m->countries, hits[i].value) != 0)
            return -1;
        if (ac->explain)
            ac->explain(ac->ectx, a, -1, "subject", hits[i].value, 0, 0,
                        hits[i].rule);
    }
    strlist_sort_unique(&m->countries);
    for (size_t d = 0; d < out->n; d++) {
        for (size_t i = 0; i < m->countries.n; i++)
            if (add_bool(out->docs[d], SILK_PREFIX_SUBJECT,
                         m->countries.v[i], true) != SILK_OK)
                return -1;
        if (set_list_value(out->docs[d], SILK_SLOT_SUBJECT, &m->countries) !=
            SILK_OK)
            return -1;
    }
    return 0;
}

/* The article's near-duplicate signature (silk_dedup.h), from the words of
 * its passages, on every passage; nothing when the text is too short to
 * sign. Returns 0, or -1 on failure. */
static int add_signature(silk_docmaker_t *m, silk_article_docs_t *out)
{
    unsigned char sig[SILK_NEARDUP_BYTES];
    size_t n = silk_neardup_end(&m->sig, sig);

    for (size_t d = 0; n > 0 && d < out->n; d++)
        if (silk_doc_set_value(out->docs[d], SILK_SLOT_NEARDUP,
                               (const char *)sig, n) != SILK_OK)
            return -1;
    return 0;
}

/* See document.h. */
int silk_docmaker_build(silk_docmaker_t *m, const silk_article_t *a,
                        silk_article_docs_t *out, silk_explain_cb explain,
                        void *ctx)
{
    article_ctx_t ac;
    silk_passage_t *spans = NULL;
    size_t nspans = 0;
    char body_date[11];
    int rc = -1;

    memset(out, 0, sizeof *out);
    memset(&ac, 0, sizeof ac);
    ac.a = a;
    ac.explain = explain;
    ac.ectx = ctx;
    title_clear(m);

    /* The date: metadata, else an explicit one in the header area. */
    if (a->date[0]) {
        snprintf(out->date, sizeof out->date, "%s", a->date);
        if (explain)
            explain(ctx, a, -1, "date", out->date, 0, 0, "metadata");
    } else {
        size_t ds = 0, de = 0;
        const char *rule = NULL;
        if (silk_facets_date(a->body, a->body_len, body_date, &ds, &de,
                             &rule)) {
            snprintf(out->date, sizeof out->date, "%s", body_date);
            if (explain)
                explain(ctx, a, -1, "date", out->date, ds, de,
                        rule ? rule : "body-date");
        }
    }
    /* Only a date that starts with a 4-digit year yields facets. */
    if (strlen(out->date) < 4 ||
        strspn(out->date, "0123456789") < 4)
        out->date[0] = '\0';
    ac.date = out->date;

    silk_slug(ac.source_slug, sizeof ac.source_slug, a->source,
              strlen(a->source));
    if (explain && ac.source_slug[0])
        explain(ctx, a, -1, "source", ac.source_slug, 0, 0, "metadata");

    ac.extra = json_loads(a->extra && a->extra[0] ? a->extra : "{}", 0,
                          NULL);
    if (!ac.extra || !json_is_object(ac.extra)) {
        json_decref(ac.extra);
        ac.extra = json_object();
        if (!ac.extra)
            goto done;
    }

    /* The title: its stems for every passage, its countries for the
     * article's subjects. */
    silk_facets_subject_begin(m->fx);
    silk_facets_begin(m->fx, a->title, strlen(a->title));
    if (silk_analyzer_run(m->an, a->title, strlen(a->title), 0, title_token,
                          m) != 0)
        goto done;
    {
        const silk_facet_hit_t *hits;
        size_t nhits = silk_facets_end(m->fx, &hits);
        silk_facets_subject_add(m->fx, SILK_PART_TITLE, hits, nhits);
    }
    out->text_bytes = strlen(a->title);

    if (silk_passages_split(a->body, a->body_len, &spans, &nspans, NULL) !=
        0)
        goto done;
    silk_neardup_begin(&m->sig);
    if (nspans > 0) {
        out->docs = calloc(nspans, sizeof *out->docs);
        if (!out->docs)
            goto done;
    }
    for (size_t i = 0; i < nspans; i++) {
        if (build_passage(m, &ac, i, spans[i].start, spans[i].end,
                          &out->docs[i]) != 0)
            goto done;
        out->n = i + 1;
        out->text_bytes += spans[i].end - spans[i].start;
    }
    if (add_subjects(m, &ac, out) != 0 || add_signature(m, out) != 0)
        goto done;
    rc = 0;
done:
    if (rc != 0)
        silk_article_docs_clear(out);
    free(spans);
    json_decref(ac.extra);
    return rc;
}

/* See document.h. */
void silk_article_docs_clear(silk_article_docs_t *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        silk_doc_free(d->docs[i]);
    free(d->docs);
    d->docs = NULL;
    d->n = 0;
    d->text_bytes = 0;
}
