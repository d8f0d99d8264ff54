/* document.c: one article -> its passage documents (terms, positions, title
 * terms, facet terms and values, the data record), per schema/silk_schema.h;
 * a headline-only article is one passage (its title), and a long article's
 * documents are handed over in parts so that memory stays bounded. */
#include "document.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analyzer.h"
#include "silk_date.h"
#include "facets.h"
#include "fields.h"
#include "indexer_int.h"
#include "gazetteer.h"
#include "passage.h"
#include "passage_data.h"
#include "silk_dedup.h"
#include "silk_schema.h"
#include "silk_slug.h"

/* Longest term built here: Xapian's limit is 245 bytes; analyser tokens
 * are at most SILK_MAX_TOKEN_BYTES and ids SILK_MAX_ID_BYTES (reader.h),
 * so this has room for any prefix + either. */
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
    strlist_t vals[SILK_FIELD_COUNT_]; /* each field's values: the
                              article's, and the current passage's */
    silk_neardup_t sig;    /* the current article's near-duplicate signature */
    unsigned char sigv[SILK_NEARDUP_BYTES]; /* sig finished (a long article's
                                              first pass), nsig bytes */
    size_t nsig;
};

/* The per-passage callback state. */
typedef struct passage_ctx {
    silk_docmaker_t *m;
    silk_doc_t *doc;       /* NULL: facets only (a long article's first
                              pass) */
    size_t words;          /* postings added */
    size_t lead;           /* how many of the first words are the title's
                              stems, in order */
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

/* The entries of l joined by SILK_LIST_SEP (l sorted and unique already),
 * as its value slot holds them: malloc'ed, "" when l is empty. NULL if
 * memory ran out. */
static char *join_list(const strlist_t *l)
{
    size_t total = 1, k = 0;
    char *buf;

    for (size_t i = 0; i < l->n; i++)
        total += strlen(l->v[i]) + 1;
    buf = malloc(total);
    if (!buf)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->v[i]);
        if (i > 0)
            buf[k++] = SILK_LIST_SEP;
        memcpy(buf + k, l->v[i], n);
        k += n;
    }
    buf[k] = '\0';
    return buf;
}

/* Set value slot to the entries of l joined (join_list); nothing when l
 * is empty. */
static silk_status_t set_list_value(silk_doc_t *doc, unsigned slot,
                                    const strlist_t *l)
{
    char *buf;
    silk_status_t st;

    if (l->n == 0)
        return SILK_OK;
    if (!(buf = join_list(l)))
        return SILK_NO_MEMORY;
    st = silk_doc_set_value(doc, slot, buf, strlen(buf));
    free(buf);
    return st;
}

/* Write field f's values l on doc, as the field table says: a term for
 * each (none where the term kind makes none, or it is too long for
 * Xapian) and its slot (the list joined, or the one value). Adds the
 * terms written to *nterms. Returns the shim's status. */
static silk_status_t write_field(silk_doc_t *doc, silk_field_id_t f,
                                 const strlist_t *l, size_t *nterms)
{
    const silk_field_t *row = &silk_fields[f];
    char term[TERM_CAP];
    silk_status_t st;

    for (size_t i = 0; i < l->n; i++) {
        size_t n = silk_field_term(row, l->v[i], strlen(l->v[i]), term,
                                   sizeof term);
        if (n == 0)
            continue;
        if ((st = silk_doc_add_boolean_term(doc, term, n)) != SILK_OK)
            return st;
        ++*nterms;
    }
    if (row->slot < 0 || l->n == 0)
        return SILK_OK;
    if (row->flags & SILK_FIELD_LIST)
        return set_list_value(doc, (unsigned)row->slot, l);
    return silk_doc_set_value(doc, (unsigned)row->slot, l->v[0],
                              strlen(l->v[0]));
}

/* Is field f one a passage's document is given by write_field? Words
 * (title) and views of another field's slot (month) are not. */
static bool written_field(silk_field_id_t f)
{
    return !(silk_fields[f].flags & (SILK_FIELD_TEXT | SILK_FIELD_DERIVED));
}

/* ---- the maker ---------------------------------------------------------- */

/* See document.h. */
silk_status_t silk_docmaker_open(silk_docmaker_t **out, const char *lang)
{
    silk_docmaker_t *m = calloc(1, sizeof *m);
    silk_status_t st = SILK_NO_MEMORY;

    *out = NULL;
    if (!m)
        return st;
    st = silk_analyzer_open(&m->an, lang);
    if (st != SILK_OK)
        goto done;
    st = SILK_NO_MEMORY;   /* the only way the others fail */
    m->gaz = silk_gazetteer_new(m->an);
    if (!m->gaz)
        goto done;
    m->fx = silk_facets_new(m->gaz);
    if (!m->fx)
        goto done;
    *out = m;
    return SILK_OK;
done:
    silk_docmaker_free(m);
    return st;
}

/* See document.h. */
silk_docmaker_t *silk_docmaker_new(const char *lang)
{
    silk_docmaker_t *m;
    return silk_docmaker_open(&m, lang) == SILK_OK ? m : NULL;
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
    for (int f = 0; f < SILK_FIELD_COUNT_; f++)
        free(m->vals[f].v);
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

    if (pc->doc && silk_doc_add_posting(pc->doc, tok->stem, tok->stem_len,
                                        tok->pos, 1) != SILK_OK) {
        pc->failed = 1;
        return 1;
    }
    if (pc->lead == pc->words && pc->lead < pc->m->ntitle &&
        strcmp(pc->m->title[pc->lead].stem, tok->stem) == 0)
        pc->lead++;
    pc->words++;
    silk_facets_token(pc->m->fx, tok);
    silk_neardup_word(&pc->m->sig, tok->norm, tok->norm_len);
    return 0;
}

/* ---- one passage -------------------------------------------------------- */

/* What every passage of an article shares. */
typedef struct article_ctx {
    const silk_article_t *a;
    const char *text;        /* what the passages are spans of: the body,
                                or the title of a headline-only article */
    bool from_title;
    const char *date;        /* effective date, "" if none */
    char year[5];            /* its year, "" if none */
    const char *path;        /* a->path as valid UTF-8 (maybe escaped) */
    json_t *extra;           /* the parsed "extra" object (owned) */
    const char *extra_text;  /* a->extra, or "{}" when it is none */
    char *folder;            /* the category folder, escaped (owned) */
    bool subjects_known;     /* the subjects are final: each passage gets
                                them as it is built (a long article) */
    /* Passage 0 while the subjects are not known: its data, which holds
     * them, is set once they are (build). */
    size_t p0_start, p0_end;
    char *p0_country, *p0_ministry; /* owned */
    silk_explain_cb explain;
    void *ectx;
} article_ctx_t;

/* Set the data of passage no [start, end) on doc (passage_data.h), with
 * its countries and ministries joined as their slots hold them; passage
 * 0's carries the article's fields, its subjects (m's, final by then) and
 * category among them. Returns 0, or -1 (out of memory / invalid UTF-8 /
 * shim error). */
static int set_data(silk_doc_t *doc, const silk_docmaker_t *m,
                    const article_ctx_t *ac, size_t no, size_t start,
                    size_t end, const char *country, const char *ministry)
{
    const silk_article_t *a = ac->a;
    /* Where start and end point (docs/index-format.md): into the file when
     * the body is its bytes, else into the body as decoded. */
    bool in_file = a->body_in_file && !ac->from_title;
    size_t off = in_file ? a->body_offset : 0;
    const strlist_t *cat = &m->vals[SILK_FIELD_CATEGORY];
    char *subject = no == 0 ? join_list(&m->vals[SILK_FIELD_SUBJECT]) : NULL;
    silk_passage_data_t d = {
        .article = a->id,
        .passage = (long)no,
        .start = ac->from_title ? 0 : (long)(start + off),
        .end = ac->from_title ? 0 : (long)(end + off),
        .span = ac->from_title ? "title" : in_file ? "file" : "text",
        .text = ac->text + start,
        .text_len = end - start,
        .country = country,
        .ministry = ministry,
        /* The article's fields once, on its first passage (the codec
         * drops them on the others): on every passage they were a
         * quarter of a Reuters index's data. */
        .title = a->title,
        .date = ac->date,
        .source = a->source,
        .url = a->url,
        .path = ac->path,
        .subject = subject,
        .category = cat->n ? cat->v[0] : "",
        .extra = ac->extra_text,
    };
    char *s = NULL;
    size_t len;
    int rc = -1;

    if ((no != 0 || subject) && silk_passage_data_encode(&d, &s, &len) == 0)
        rc = silk_doc_set_data(doc, s, len) == SILK_OK ? 0 : -1;
    free(s);
    free(subject);
    return rc;
}

/* Build the document of passage no, span [start, end) of the body, into
 * *out. Returns 0, or -1 on failure (*out = NULL). */
static int add_subject_terms(silk_docmaker_t *m, silk_doc_t *doc);

static int build_passage(silk_docmaker_t *m, article_ctx_t *ac,
                         size_t no, size_t start, size_t end,
                         silk_doc_t **out, silk_article_docs_t *acc)
{
    const silk_article_t *a = ac->a;
    silk_doc_t *doc = NULL;
    passage_ctx_t pc;
    const silk_facet_hit_t *hits;
    size_t nhits;
    char term[TERM_CAP];
    char num[24];
    char textkey[SILK_TEXTKEY_LEN + 1];
    size_t n, nterms = 0;
    char *country = NULL, *ministry = NULL;
    int rc = -1;

    *out = NULL;
    if (silk_doc_new(&doc) != SILK_OK)
        goto done;

    /* Body stems with positions, facets from the same token stream. */
    pc.m = m;
    pc.doc = doc;
    pc.words = 0;
    pc.lead = 0;
    pc.failed = 0;
    silk_facets_begin(m->fx, ac->text + start, end - start);
    if (silk_analyzer_run(m->an, ac->text + start, end - start, SILK_FIRST_POS,
                          passage_token, &pc) != 0 || pc.failed)
        goto done;
    nhits = silk_facets_end(m->fx, &hits);
    if (silk_facets_status(m->fx) != SILK_OK)   /* facets lost: no doc */
        goto done;
    if (!ac->subjects_known)
        silk_facets_subject_add(m->fx,
                                no == 0 ? SILK_PART_LEAD : SILK_PART_BODY,
                                hits, nhits);

    /* Title stems under their prefix, on every passage; with no wdf on a
     * headline-only article's passage, whose text is the title: they
     * match (title:) but the words count once, as its text
     * (docs/ranking.md: CACM's 1,617 title-only records outranked the
     * abstracts, nDCG@10 0.475 -> 0.488). */
    for (size_t i = 0; i < m->ntitle; i++) {
        n = make_term(term, SILK_PREFIX_TITLE, m->title[i].stem,
                      m->title[i].len, false);
        if (n && silk_doc_add_posting(doc, term, n, m->title[i].pos,
                                      ac->from_title ? 0 : 1) !=
                     SILK_OK)
            goto done;
    }

    /* The title is where the article's text starts: on its first passage
     * its words are also text words (wdf, no positions: phrases stay the
     * text's), unless the text already opens with them (a title taken
     * from the first line, a body that repeats it) or is the title (a
     * headline-only article). A title apart from the text then counts as
     * much as one repeated in it (docs/ranking.md: LISA, ADI, whose
     * titles are not in the abstract, 0.018 -> 0.048, -0.016 -> 0.021
     * over the best peer). */
    if (no == 0 && !ac->from_title && pc.lead < m->ntitle)
        for (size_t i = 0; i < m->ntitle; i++)
            if (silk_doc_add_term(doc, m->title[i].stem, m->title[i].len,
                                  1) != SILK_OK)
                goto done;

    /* Identity: the unique passage term and the article term. */
    snprintf(num, sizeof num, "#%zu", no);
    n = strlen(a->id);
    if (make_term(term, SILK_PREFIX_UID, a->id, n, false) == 0 ||
        n + 1 + strlen(num) >= TERM_CAP)
        goto done;
    strcat(term, num);
    if (silk_doc_add_boolean_term(doc, term, strlen(term)) != SILK_OK ||
        make_term(term, SILK_PREFIX_ARTICLE, a->id, n, false) == 0 ||
        silk_doc_add_boolean_term(doc, term, strlen(term)) != SILK_OK ||
        silk_doc_set_value(doc, SILK_SLOT_ARTICLE, a->id, n) != SILK_OK)
        goto done;

    /* The fingerprint for identical-passage collapse (silk_dedup.h). */
    if (silk_textkey(textkey, a->title, strlen(a->title), ac->text + start,
                     end - start) != 0 ||
        silk_doc_set_value(doc, SILK_SLOT_TEXTKEY, textkey,
                           SILK_TEXTKEY_LEN) != SILK_OK)
        goto done;

    /* The passage's countries and ministries. */
    m->vals[SILK_FIELD_COUNTRY].n = 0;
    m->vals[SILK_FIELD_MINISTRY].n = 0;
    for (size_t i = 0; i < nhits; i++) {
        const silk_facet_hit_t *h = &hits[i];
        silk_field_id_t f = h->field == SILK_FACET_COUNTRY
                                ? SILK_FIELD_COUNTRY : SILK_FIELD_MINISTRY;
        if (strlist_push(&m->vals[f], h->value) != 0)
            goto done;
        if (ac->explain)   /* spans are in the body: none for a title */
            ac->explain(ac->ectx, a, (long)no, silk_fields[f].name,
                        h->value, ac->from_title ? 0 : start + h->start,
                        ac->from_title ? 0 : start + h->end, h->rule);
    }
    strlist_sort_unique(&m->vals[SILK_FIELD_COUNTRY]);
    strlist_sort_unique(&m->vals[SILK_FIELD_MINISTRY]);

    /* Every field's terms and slot: the article's (date, year, source, and
     * the subjects once they are known) and the passage's. */
    for (int f = 0; f < SILK_FIELD_COUNT_; f++)
        if (written_field((silk_field_id_t)f) &&
            (f != SILK_FIELD_SUBJECT || ac->subjects_known) &&
            write_field(doc, (silk_field_id_t)f, &m->vals[f], &nterms) !=
                SILK_OK)
            goto done;

    /* Its data: passage 0's once the article's subjects are known. */
    country = join_list(&m->vals[SILK_FIELD_COUNTRY]);
    ministry = join_list(&m->vals[SILK_FIELD_MINISTRY]);
    if (!country || !ministry)
        goto done;
    if (no == 0 && !ac->subjects_known) {
        ac->p0_start = start;
        ac->p0_end = end;
        ac->p0_country = country;
        ac->p0_ministry = ministry;
        country = ministry = NULL;
    } else if (set_data(doc, m, ac, no, start, end, country, ministry) != 0) {
        goto done;
    }
    /* The identity terms are 2. */
    acc->words += pc.words;
    acc->postings += pc.words + m->ntitle + 2 + nterms;
    *out = doc;
    doc = NULL;
    rc = 0;
done:
    free(country);
    free(ministry);
    silk_doc_free(doc);
    return rc;
}

/* ---- one article -------------------------------------------------------- */

/* Longest dateline looked for at the start of a body ("BEIJING, March 2
 * (Xinhua) --"): a dateline is a place and a date, never a paragraph. */
#define DATELINE_MAX_BYTES 120

/* Settle the article's subject countries (facets.h) into its subject
 * values: from
 * the title and passage hits fed so far and the dateline (the JSONL
 * "dateline" field, else the start of the body). Returns 0, or -1 when
 * memory ran out. */
static int finish_subjects(silk_docmaker_t *m, const article_ctx_t *ac)
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
    if (silk_facets_status(m->fx) != SILK_OK)
        return -1;
    strlist_t *subjects = &m->vals[SILK_FIELD_SUBJECT];

    subjects->n = 0;
    for (size_t i = 0; i < nhits; i++) {
        if (strlist_push(subjects, hits[i].value) != 0)
            return -1;
        if (ac->explain)
            ac->explain(ac->ectx, a, -1, "subject", hits[i].value, 0, 0,
                        hits[i].rule);
    }
    strlist_sort_unique(subjects);
    return 0;
}

/* The article's subjects (their terms and slot) on doc. Returns 0 or
 * -1. */
static int add_subject_terms(silk_docmaker_t *m, silk_doc_t *doc)
{
    size_t nterms = 0;

    return write_field(doc, SILK_FIELD_SUBJECT,
                       &m->vals[SILK_FIELD_SUBJECT], &nterms) == SILK_OK
               ? 0 : -1;
}

/* A long article's first pass: each passage's facets, for its subjects,
 * without documents. Returns 0 or -1. */
static int subjects_first(silk_docmaker_t *m, const article_ctx_t *ac,
                          const silk_passage_t *spans, size_t nspans)
{
    for (size_t i = 0; i < nspans; i++) {
        passage_ctx_t pc = {m, NULL, 0, 0, 0};
        const silk_facet_hit_t *hits;
        size_t len = spans[i].end - spans[i].start;
        silk_facets_begin(m->fx, ac->text + spans[i].start, len);
        if (silk_analyzer_run(m->an, ac->text + spans[i].start, len, 0,
                              passage_token, &pc) != 0)
            return -1;
        size_t nhits = silk_facets_end(m->fx, &hits);
        if (silk_facets_status(m->fx) != SILK_OK)
            return -1;
        silk_facets_subject_add(m->fx,
                                i == 0 ? SILK_PART_LEAD : SILK_PART_BODY,
                                hits, nhits);
    }
    return 0;
}

/* The finished signature m->sigv on doc (nothing when the article was too
 * short to sign). Returns 0 or -1. */
static int set_signature(const silk_docmaker_t *m, silk_doc_t *doc)
{
    return m->nsig == 0 ||
                   silk_doc_set_value(doc, SILK_SLOT_NEARDUP,
                                      (const char *)m->sigv, m->nsig) ==
                       SILK_OK
               ? 0 : -1;
}

/* The article's near-duplicate signature (silk_dedup.h), from the words of
 * its passages, on every passage; nothing when the text is too short to
 * sign. Returns 0, or -1 on failure. */
static int add_signature(silk_docmaker_t *m, silk_article_docs_t *out)
{
    m->nsig = silk_neardup_end(&m->sig, m->sigv);
    for (size_t d = 0; d < out->n; d++)
        if (set_signature(m, out->docs[d]) != 0)
            return -1;
    return 0;
}

/* The string value of extra's key "category", or of one that is
 * "category" in another ASCII case ("Category:" in a sidecar), or NULL. */
static const char *category_field(json_t *extra)
{
    const char *key;
    json_t *v = json_object_get(extra, "category");

    if (v)
        return json_string_value(v);
    json_object_foreach(extra, key, v) {
        if (strlen(key) != 8)
            continue;
        size_t i = 0;
        while (i < 8 && (key[i] | 0x20) == "category"[i])
            i++;
        if (i == 8)
            return json_string_value(v);
    }
    return NULL;
}

/* The article's category (docs/corpus-format.md "Categories"): its own
 * "category" field (JSONL, a .meta sidecar; any case), else the first directory of
 * its file's path under the PATH it was found under ("business" for
 * bbc/raw/business/001.txt read as bbc/raw); none for a file directly
 * under PATH, or a value without a letter or digit. Returns 0, or -1 when
 * memory ran out. */
static int add_category(silk_docmaker_t *m, article_ctx_t *ac,
                        silk_explain_cb explain, void *ctx)
{
    const char *v = category_field(ac->extra);
    const char *rule = "metadata";
    const char *rel = ac->a->rel ? ac->a->rel : "";
    const char *slash = strchr(rel, '/');
    char slug[SILK_SLUG_MAX_BYTES + 1];

    if (!v && slash && slash > rel) {
        ac->folder = silk_indexer__escape(rel, (size_t)(slash - rel));
        if (!ac->folder)
            return -1;
        v = ac->folder;
        rule = "folder";
    }
    if (!v || silk_slug(slug, sizeof slug, v, strlen(v)) == 0)
        return 0;
    if (strlist_push(&m->vals[SILK_FIELD_CATEGORY], v) != 0)
        return -1;
    if (explain)
        explain(ctx, ac->a, -1, "category", v, 0, 0, rule);
    return 0;
}

/* Build article a (see document.h): in parts through part_cb when its
 * passages hold more than part_bytes of text and part_cb is not NULL. */
static int build(silk_docmaker_t *m, const silk_article_t *a,
                 size_t part_bytes, size_t part_postings,
                 silk_docs_part_cb part_cb, void *pctx,
                 silk_article_docs_t *out, silk_explain_cb explain, void *ctx)
{
    article_ctx_t ac;
    silk_passage_t *spans = NULL, title_span;
    size_t nspans = 0, total = 0, part_text = 0;
    char *path_esc = NULL;
    int rc = -1;

    memset(out, 0, sizeof *out);
    memset(&ac, 0, sizeof ac);
    ac.a = a;
    ac.text = a->body;
    ac.path = a->path;
    ac.explain = explain;
    ac.ectx = ctx;
    title_clear(m);

    /* The date: metadata, else the article's own in its header area. */
    if (a->date[0]) {
        snprintf(out->date, sizeof out->date, "%s", a->date);
        if (explain)
            explain(ctx, a, -1, "date", out->date, 0, 0, "metadata");
    } else {
        silk_date_match_t dm;
        if (silk_date_in_header(a->body, a->body_len, &dm)) {
            silk_date_format(&dm.date, out->date);
            if (explain)
                explain(ctx, a, -1, "date", out->date, dm.start, dm.end,
                        dm.rule);
        }
    }
    /* Only a date that starts with a 4-digit year yields facets. */
    if (strlen(out->date) < 4 ||
        strspn(out->date, "0123456789") < 4)
        out->date[0] = '\0';
    ac.date = out->date;
    if (ac.date[0]) {
        memcpy(ac.year, ac.date, 4);
        ac.year[4] = '\0';
    }

    /* The article's fields, the same on each of its passages. */
    for (int f = 0; f < SILK_FIELD_COUNT_; f++)
        m->vals[f].n = 0;
    if ((ac.date[0] && (strlist_push(&m->vals[SILK_FIELD_DATE], ac.date) ||
                        strlist_push(&m->vals[SILK_FIELD_YEAR], ac.year))))
        goto done;
    {
        char slug[SILK_SLUG_MAX_BYTES + 1];
        if (silk_slug(slug, sizeof slug, a->source, strlen(a->source)) > 0) {
            if (strlist_push(&m->vals[SILK_FIELD_SOURCE], a->source) != 0)
                goto done;
            if (explain)
                explain(ctx, a, -1, "source", slug, 0, 0, "metadata");
        }
    }
    if (silk_indexer__needs_escape(a->path, strlen(a->path))) {
        if (!(path_esc = silk_indexer__escape(a->path, strlen(a->path))))
            goto done;
        ac.path = path_esc;
    }

    ac.extra_text = a->extra && a->extra[0] ? a->extra : "{}";
    ac.extra = json_loads(ac.extra_text, 0, NULL);
    if (!ac.extra || !json_is_object(ac.extra)) {
        json_decref(ac.extra);
        ac.extra = json_object();
        if (!ac.extra)
            goto done;
    }

    if (add_category(m, &ac, explain, ctx) != 0)
        goto done;

    /* The title: its stems for every passage, its countries for the
     * article's subjects. */
    silk_facets_subject_begin(m->fx);
    silk_facets_begin(m->fx, a->title, strlen(a->title));
    if (silk_analyzer_run(m->an, a->title, strlen(a->title), SILK_FIRST_POS,
                          title_token, m) != 0)
        goto done;
    {
        const silk_facet_hit_t *hits;
        size_t nhits = silk_facets_end(m->fx, &hits);
        if (silk_facets_status(m->fx) != SILK_OK)
            goto done;
        silk_facets_subject_add(m->fx, SILK_PART_TITLE, hits, nhits);
    }
    out->text_bytes = strlen(a->title);

    if (silk_passages_split(a->body, a->body_len, &spans, &nspans, NULL) !=
        0)
        goto done;
    silk_neardup_begin(&m->sig);
    m->nsig = 0;
    if (nspans == 0 && a->title[0]) {
        /* A headline only (Reuters' BRIEFs): the title is its passage, so
         * that a search for its words finds the article. */
        title_span.start = 0;
        title_span.end = strlen(a->title);
        free(spans);
        spans = NULL;
        ac.text = a->title;
        ac.from_title = true;
        nspans = 1;
    }
    const silk_passage_t *sp = ac.from_title ? &title_span : spans;
    for (size_t i = 0; i < nspans; i++)
        total += sp[i].end - sp[i].start;
    if (part_cb && total > part_bytes) {
        /* A long article: its subjects first, so that each part can go to
         * the index complete. */
        if (subjects_first(m, &ac, sp, nspans) != 0 ||
            finish_subjects(m, &ac) != 0)
            goto done;
        ac.subjects_known = true;
        /* The first pass fed the signature every word: finish it now, so
         * that each part carries it (the second pass's words go nowhere). */
        m->nsig = silk_neardup_end(&m->sig, m->sigv);
    }
    if (nspans > 0) {
        out->docs = calloc(nspans, sizeof *out->docs);
        if (!out->docs)
            goto done;
    }
    for (size_t i = 0; i < nspans; i++) {
        size_t len = sp[i].end - sp[i].start;
        if (ac.subjects_known && out->n > 0 && out->words > 0 &&
            (part_text + len > part_bytes ||
             out->postings >= part_postings)) {
            /* Hand the part over; the caller owns its documents now. */
            silk_article_docs_t part = *out;
            size_t words = out->words, first = out->first + out->n;
            out->text_bytes = 0;
            out->postings = 0;
            out->docs = NULL;
            out->n = 0;
            if (part_cb(pctx, &part) != 0)
                goto done;
            out->docs = calloc(nspans - i, sizeof *out->docs);
            if (!out->docs)
                goto done;
            out->first = first;
            out->words = words;
            part_text = 0;
        }
        if (build_passage(m, &ac, i, sp[i].start, sp[i].end,
                          &out->docs[out->n], out) != 0 ||
            (ac.subjects_known && set_signature(m, out->docs[out->n]) != 0))
            goto done;
        out->n++;
        part_text += len;
        out->text_bytes += len;
    }
    if (!ac.subjects_known) {
        if (finish_subjects(m, &ac) != 0)
            goto done;
        for (size_t d = 0; d < out->n; d++)
            if (add_subject_terms(m, out->docs[d]) != 0)
                goto done;
        if (out->n > 0 &&
            set_data(out->docs[0], m, &ac, 0, ac.p0_start, ac.p0_end,
                     ac.p0_country, ac.p0_ministry) != 0)
            goto done;
        out->postings += out->n * m->vals[SILK_FIELD_SUBJECT].n;
    }
    if (!ac.subjects_known && add_signature(m, out) != 0)
        goto done;
    rc = 0;
done:
    if (rc != 0)
        silk_article_docs_clear(out);
    free(spans);
    free(path_esc);
    free(ac.folder);
    free(ac.p0_country);
    free(ac.p0_ministry);
    json_decref(ac.extra);
    return rc;
}

/* See document.h. */
int silk_docmaker_build(silk_docmaker_t *m, const silk_article_t *a,
                        silk_article_docs_t *out, silk_explain_cb explain,
                        void *ctx)
{
    return build(m, a, 0, 0, NULL, NULL, out, explain, ctx);
}

/* See document.h. */
int silk_docmaker_build_parts(silk_docmaker_t *m, const silk_article_t *a,
                              size_t part_bytes, size_t part_postings,
                              silk_docs_part_cb part_cb, void *pctx,
                              silk_article_docs_t *out,
                              silk_explain_cb explain, void *ctx)
{
    return build(m, a, part_bytes, part_postings, part_cb, pctx, out,
                 explain, ctx);
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
    d->first = 0;
    d->text_bytes = 0;
    d->words = 0;
    d->postings = 0;
}
