/* build.c: a parsed query tree -> a Xapian query through the shim: words
 * analysed exactly as the indexer analysed the text, compounds as phrases,
 * filters as exact boolean terms or year and date ranges, and the ranking tiers
 * (all words, exact phrase) of docs/query-syntax.md.
 */
#include "build.h"
#include "fields.h"
#include "parse_int.h"
#include "silk_schema.h"
#include "silk_slug.h"
#include "synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for a prefix and a stem (at most SILK_MAX_TOKEN_BYTES, see
 * analyzer.h) or a slug (SILK_SLUG_MAX_BYTES); prefixes are two bytes. */
#define TERM_MAX (SILK_MAX_TOKEN_BYTES + SILK_SLUG_MAX_BYTES + 8)

/* silk's ranking defaults, the same for every corpus; docs/ranking.md
 * gives the measurements behind each. */
void silk_rank_opts_init(silk_rank_opts_t *o)
{
    o->title_weight = 0.5;
    o->tier_weight = 1000.0;
    o->proximity_weight = 0.0;
    o->proximity_window = 8;
    o->keyword_max_words = SILK_RANK_KEYWORD_MAX_WORDS;
    o->compound_phrase_weight = 0.0;
    o->feedback_docs = SILK_RANK_FEEDBACK_DOCS;
    o->feedback_terms = SILK_RANK_FEEDBACK_TERMS;
    o->feedback_weight = SILK_RANK_FEEDBACK_WEIGHT;
    o->article_weight = SILK_RANK_ARTICLE_WEIGHT;
    o->article_pool = SILK_RANK_ARTICLE_POOL;
}

/* Free the stems and empty t (which may then be freed again); NULL is a
 * no-op. */
void silk_qterms_free(silk_qterms_t *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->stems[i]);
    free(t->stems);
    t->stems = NULL;
    t->n = 0;
    t->nsyn = 0;
}

/* ---- small vectors ---------------------------------------------------- */

/* Owned queries. */
typedef struct qvec {
    silk_query_t **v;
    size_t n, cap;
} qvec_t;

/* Append q (owned from here on; freed on failure). */
static silk_status_t qv_push(qvec_t *qv, silk_query_t *q)
{
    if (qv->n == qv->cap) {
        size_t cap = qv->cap ? 2 * qv->cap : 8;
        silk_query_t **v = realloc(qv->v, cap * sizeof *v);
        if (v == NULL) {
            silk_query_free(q);
            return SILK_NO_MEMORY;
        }
        qv->v = v;
        qv->cap = cap;
    }
    qv->v[qv->n++] = q;
    return SILK_OK;
}

/* Free the queries and the vector, leaving it empty. */
static void qv_free(qvec_t *qv)
{
    for (size_t i = 0; i < qv->n; i++)
        silk_query_free(qv->v[i]);
    free(qv->v);
    qv->v = NULL;
    qv->n = qv->cap = 0;
}

/* The stems of one text, as the analyser gave them. */
typedef struct stems {
    char **v;
    unsigned char *stopv; /* stopv[i]: token i is a stopword */
    size_t n, cap;
    int stop;  /* one token, and a stopword */
    int oom;
} stems_t;

/* Append a copy of stem (a stopword if stop). Returns 0, or -1 if memory
 * ran out. */
static int stems_push(stems_t *s, const char *stem, int stop)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        char **v = realloc(s->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        s->v = v;
        unsigned char *sv = realloc(s->stopv, cap);
        if (sv == NULL)
            return -1;
        s->stopv = sv;
        s->cap = cap;
    }
    size_t len = strlen(stem);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, stem, len + 1);
    s->stopv[s->n] = (unsigned char)(stop != 0);
    s->v[s->n++] = copy;
    return 0;
}

/* Free the stems, leaving s empty. */
static void stems_free(stems_t *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->stopv);
    memset(s, 0, sizeof *s);
}

/* ---- context ---------------------------------------------------------- */

typedef struct bctx {
    silk_analyzer_t *a;
    silk_gazetteer_t *g;
    silk_rank_opts_t ro;
    silk_qterms_t *terms; /* may be NULL */
    silk_parse__notes_t notes;
    unsigned neg;         /* > 0 inside an exclusion: no highlight terms */
    size_t nstems;        /* stems used so far, against the term limit */
    unsigned qpos;        /* query position of the next term */
    int natural;          /* the top group is a sentence, not keywords:
                             no all-words tier, compounds scored by their
                             words */
    const silk_syn_t *syn; /* the index's synonyms; NULL: none */
    silk_qterms_t synhl;  /* stems to highlight from synonyms only, added
                             to terms after the typed ones */
    int literal;          /* the word in hand was typed =word: no synonyms */
} bctx_t;

typedef struct analyse_ctx {
    bctx_t *c;
    stems_t *s;
} analyse_ctx_t;

/* silk_token_cb: keep each token's stem, up to the query's term limit
 * (past it, stop with a note). */
static int analyse_cb(void *vctx, const silk_token_t *tok)
{
    analyse_ctx_t *x = vctx;
    if (x->c->nstems >= SILK_QUERY_MAX_TERMS) {
        silk_parse__note(&x->c->notes, "query too long: only its first %d words used",
                         SILK_QUERY_MAX_TERMS);
        return 1;
    }
    int stop = silk_analyzer_is_stopword(x->c->a, tok->norm);
    if (stems_push(x->s, tok->stem, stop) < 0) {
        x->s->oom = 1;
        return 1;
    }
    x->c->nstems++;
    x->s->stop = x->s->n == 1 && stop;
    return 0;
}

/* Analyse text into *s (emptied first). Fails only on SILK_NO_MEMORY. */
static silk_status_t analyse(bctx_t *c, const char *text, stems_t *s)
{
    analyse_ctx_t x = {c, s};
    memset(s, 0, sizeof *s);
    int r = silk_analyzer_run(c->a, text, strlen(text), 0, analyse_cb, &x);
    if (r < 0 || s->oom) {
        stems_free(s);
        return SILK_NO_MEMORY;
    }
    return SILK_OK;
}

/* Remember stem in t for highlighting (positive words only, each once). */
static silk_status_t add_hl_to(bctx_t *c, silk_qterms_t *t, const char *stem)
{
    if (t == NULL || c->neg > 0)
        return SILK_OK;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->stems[i], stem) == 0)
            return SILK_OK;
    char **v = realloc(t->stems, (t->n + 1) * sizeof *v);
    if (v == NULL)
        return SILK_NO_MEMORY;
    t->stems = v;
    size_t len = strlen(stem);
    if ((v[t->n] = malloc(len + 1)) == NULL)
        return SILK_NO_MEMORY;
    memcpy(v[t->n++], stem, len + 1);
    return SILK_OK;
}

/* Remember stem (of a typed word) for highlighting. */
static silk_status_t add_hl(bctx_t *c, const char *stem)
{
    return add_hl_to(c, c->terms, stem);
}

/* ---- leaves ----------------------------------------------------------- */

/* The term prefix + word, at query position pos. */
static silk_status_t term_q(silk_query_t **out, const char *prefix,
                            const char *word, unsigned pos)
{
    char buf[TERM_MAX];
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, word);
    if (n < 0 || (size_t)n >= sizeof buf)
        return silk_query_match_nothing(out);
    return silk_query_term(out, buf, (size_t)n, 1, pos);
}

/* stems[0..n) under prefix: one term, or the phrase of them (adjacent, in
 * order). */
static silk_status_t stems_q(silk_query_t **out, const char *prefix,
                             char *const *stems, size_t n, unsigned pos0)
{
    *out = NULL;
    if (n == 1)
        return term_q(out, prefix, stems[0], pos0);
    qvec_t ts = {0};
    silk_status_t st = SILK_OK;
    for (size_t i = 0; i < n && st == SILK_OK; i++) {
        silk_query_t *t;
        st = term_q(&t, prefix, stems[i], pos0 + (unsigned)i);
        if (st == SILK_OK)
            st = qv_push(&ts, t);
    }
    if (st == SILK_OK)
        st = silk_query_combine(out, SILK_OP_PHRASE, ts.v, ts.n, (unsigned)n);
    qv_free(&ts);
    return st;
}

/* The query of one analysed word or phrase: in the title only (title:x),
 * or in the text or (scaled by title_weight) in the title. */
static silk_status_t text_q(bctx_t *c, silk_query_t **out, const stems_t *s,
                            int title_only);

/* A compound (China-Laos, shock-sound) inside a sentence-like query: any
 * of its words, each scored as a word, plus the phrase scaled by
 * compound_phrase_weight. Read as a phrase, it would throw away every
 * passage that writes the words apart ("shock waves and sound waves"). */
static silk_status_t compound_q(bctx_t *c, silk_query_t **out, const stems_t *s)
{
    qvec_t parts = {0};
    silk_query_t *ph = NULL, *scaled = NULL;
    unsigned pos0 = c->qpos;
    silk_status_t st = SILK_OK;
    *out = NULL;
    if (c->ro.compound_phrase_weight > 0) {
        st = text_q(c, &ph, s, 0);
        if (st == SILK_OK)
            st = silk_query_scale(&scaled, ph, c->ro.compound_phrase_weight);
        if (st == SILK_OK) {
            st = qv_push(&parts, scaled);
            scaled = NULL;
        }
        c->qpos = pos0;
    }
    for (size_t i = 0; i < s->n && st == SILK_OK; i++) {
        stems_t one = {0};
        silk_query_t *w = NULL;
        if (s->stopv[i]) {
            c->qpos++;
            continue;
        }
        one.v = s->v + i;
        one.n = 1;
        st = text_q(c, &w, &one, 0);
        if (st == SILK_OK)
            st = qv_push(&parts, w);
    }
    if (st == SILK_OK && parts.n == 0) /* only stopwords: the phrase */
        st = text_q(c, out, s, 0);
    else if (st == SILK_OK)
        st = silk_query_combine(out, SILK_OP_OR, parts.v, parts.n, 0);
    silk_query_free(ph);
    silk_query_free(scaled);
    qv_free(&parts);
    return st;
}

/* The query of s as typed, without synonyms: see text_q. */
static silk_status_t exact_q(bctx_t *c, silk_query_t **out, const stems_t *s,
                             int title_only)
{
    silk_query_t *body = NULL, *title = NULL, *scaled = NULL;
    unsigned pos = c->qpos + 1;
    c->qpos += (unsigned)s->n;
    silk_status_t st = SILK_OK;
    for (size_t i = 0; i < s->n && st == SILK_OK; i++)
        st = add_hl(c, s->v[i]);
    if (st != SILK_OK)
        goto done;
    if (title_only) {
        st = stems_q(out, SILK_PREFIX_TITLE, s->v, s->n, pos);
        goto done;
    }
    st = stems_q(&body, "", s->v, s->n, pos);
    if (st != SILK_OK || c->ro.title_weight <= 0) {
        *out = body;
        body = NULL;
        goto done;
    }
    st = stems_q(&title, SILK_PREFIX_TITLE, s->v, s->n, pos);
    if (st == SILK_OK)
        st = silk_query_scale(&scaled, title, c->ro.title_weight);
    if (st == SILK_OK) {
        silk_query_t *both[2] = {body, scaled};
        st = silk_query_combine(out, SILK_OP_OR, both, 2, 0);
    }
done:
    silk_query_free(body);
    silk_query_free(title);
    silk_query_free(scaled);
    return st;
}

/* ---- synonyms ---------------------------------------------------------- */

/* Most variants of one word or phrase searched: each is a posting list or
 * a phrase, and a name has a handful (the Belt and Road has 7). */
#define SYN_MAX_VARIANTS 32
/* Weights of an expanded word (docs/query-syntax.md, "Synonyms"): the
 * word as typed keeps its full weight; it and its equivalents, weighted as
 * one term (Xapian's OP_SYNONYM: one idf from their union, summed wdf),
 * add a tenth; related names a twentieth. A passage that only holds a
 * synonym thus scores below one that holds what was typed: with BM25's
 * k1 = 1 and b = SILK_RANK_BM25_B (0.7) a term's wdf part is below 2, and
 * for one occurrence in a passage L times the average length it is
 * 2 / (1.3 + 0.7 L), over 0.3 up to L = 7; the union's idf is at most
 * the word's; so the synonym part (0.1 x 2, plus 0.1 x title_weight x 2
 * in the title: 0.3) stays under the weakest exact match. */
#define SYN_EQUIV_WEIGHT 0.1
#define SYN_RELATED_WEIGHT 0.05

/* One variant: s with stems [at, at + len) replaced by alt[0..n). */
typedef struct variant {
    stems_t s;
    int related;
} variant_t;

/* Whether a[0..an) and b[0..bn) are the same stems. */
static int same_stems(char *const *a, size_t an, char *const *b, size_t bn)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

/* Add the variant of s with [at, at + len) replaced by alt[0..n) to v
 * (unless it is s itself or already there). Returns 0, or -1 if memory
 * ran out. */
static int add_variant(variant_t *v, size_t *nv, const stems_t *s, size_t at,
                       size_t len, char *const *alt, size_t n, int related)
{
    variant_t x = {0};
    if (*nv >= SYN_MAX_VARIANTS || same_stems(s->v + at, len, alt, n))
        return 0;
    x.related = related;
    for (size_t i = 0; i < at; i++)
        if (stems_push(&x.s, s->v[i], s->stopv[i]) < 0)
            goto oom;
    for (size_t i = 0; i < n; i++)
        if (stems_push(&x.s, alt[i], 0) < 0)
            goto oom;
    for (size_t i = at + len; i < s->n; i++)
        if (stems_push(&x.s, s->v[i], s->stopv[i]) < 0)
            goto oom;
    for (size_t i = 0; i < *nv; i++)
        if (same_stems(v[i].s.v, v[i].s.n, x.s.v, x.s.n)) {
            v[i].related &= related; /* an equivalent somewhere wins */
            stems_free(&x.s);
            return 0;
        }
    v[(*nv)++] = x;
    return 0;
oom:
    stems_free(&x.s);
    return -1;
}

/* Collect the variants of s (each synonym term in it replaced, one at a
 * time, by each of its synonyms) into v, and a note naming them. */
static int variants(bctx_t *c, const stems_t *s, variant_t *v, size_t *nv)
{
    silk_syn_hit_t hits[8];
    size_t nh;
    *nv = 0;
    for (size_t at = 0; at < s->n;) {
        size_t len = silk_syn_match(c->syn, s->v, s->n, at, hits, 8, &nh);
        if (len == 0) {
            at++;
            continue;
        }
        char note[256];
        size_t used = 0, first = *nv;
        for (size_t h = 0; h < nh; h++) {
            size_t nm, nleft, from = 0;
            silk_syn_kind_t k = silk_syn_group(c->syn, hits[h].group, &nm, &nleft);
            if (k == SILK_SYN_ONEWAY) {
                if (hits[h].member >= nleft)
                    continue;
                from = nleft;
            }
            for (size_t m = from; m < nm; m++) {
                char *const *alt;
                size_t an;
                const char *text = silk_syn_member(c->syn, hits[h].group, m,
                                                   &alt, &an);
                if (m == hits[h].member)
                    continue;
                size_t before = *nv;
                if (add_variant(v, nv, s, at, len, alt, an,
                                k == SILK_SYN_RELATED) < 0)
                    return -1;
                if (*nv > before && used < sizeof note) {
                    int w = snprintf(note + used, sizeof note - used, "%s%s%s",
                                     *nv - 1 > first ? ", " : "", text,
                                     k == SILK_SYN_RELATED ? " (related)" : "");
                    used = w < 0 ? sizeof note : used + (size_t)w;
                }
            }
        }
        if (*nv > first) {
            const char *typed = silk_syn_member(c->syn, hits[0].group,
                                                hits[0].member, NULL, NULL);
            silk_parse__note(&c->notes, "synonyms: %s also as %s%s", typed,
                             note, used >= sizeof note ? "…" : "");
        }
        at += len;
    }
    return 0;
}

/* SYNONYM(qs[0..n)), scaled by w; NULL for n == 0. */
static silk_status_t syn_of(silk_query_t **out, qvec_t *qs, double w)
{
    silk_query_t *sy = NULL;
    *out = NULL;
    if (qs->n == 0)
        return SILK_OK;
    silk_status_t st = silk_query_combine(&sy, SILK_OP_SYNONYM, qs->v, qs->n, 0);
    if (st == SILK_OK)
        st = silk_query_scale(out, sy, w);
    silk_query_free(sy);
    return st;
}

/* One side (text, or title under prefix scaled by tw) of an expanded
 * word: SYNONYM(typed and equivalents) and SYNONYM(related), pushed onto
 * eq and rel. */
static silk_status_t side_q(qvec_t *eq, qvec_t *rel, const char *prefix,
                            double tw, const stems_t *s, const variant_t *v,
                            size_t nv, unsigned pos)
{
    qvec_t e = {0}, r = {0};
    silk_query_t *q = NULL;
    silk_status_t st = stems_q(&q, prefix, s->v, s->n, pos);
    if (st == SILK_OK)
        st = qv_push(&e, q);
    for (size_t i = 0; i < nv && st == SILK_OK; i++) {
        st = stems_q(&q, prefix, v[i].s.v, v[i].s.n, pos);
        if (st == SILK_OK)
            st = qv_push(v[i].related ? &r : &e, q);
    }
    if (st == SILK_OK)
        st = syn_of(&q, &e, SYN_EQUIV_WEIGHT * tw);
    if (st == SILK_OK && q != NULL)
        st = qv_push(eq, q);
    if (st == SILK_OK)
        st = syn_of(&q, &r, SYN_RELATED_WEIGHT * tw);
    if (st == SILK_OK && q != NULL)
        st = qv_push(rel, q);
    qv_free(&e);
    qv_free(&r);
    return st;
}

/* The query of one analysed word or phrase: in the title only (title:x),
 * or in the text or (scaled by title_weight) in the title; with the
 * index's synonyms of any term in it, unless typed =word, excluded or a
 * lone stopword: OR(as typed, SCALE(SYNONYM(as typed, equivalents...),
 * 0.1), SCALE(SYNONYM(related...), 0.05)), text and title alike. */
static silk_status_t text_q(bctx_t *c, silk_query_t **out, const stems_t *s,
                            int title_only)
{
    variant_t v[SYN_MAX_VARIANTS];
    size_t nv = 0;
    unsigned pos = c->qpos + 1;
    qvec_t parts = {0};
    silk_query_t *ex = NULL;
    silk_status_t st = exact_q(c, &ex, s, title_only);
    if (st != SILK_OK || c->syn == NULL || c->literal || c->neg > 0 || s->stop) {
        *out = ex;
        return st;
    }
    if (variants(c, s, v, &nv) < 0) {
        st = SILK_NO_MEMORY;
        goto done;
    }
    if (nv == 0) {
        *out = ex;
        return SILK_OK;
    }
    for (size_t i = 0; i < nv && st == SILK_OK; i++)
        for (size_t j = 0; j < v[i].s.n && st == SILK_OK; j++)
            if (!v[i].s.stopv[j] && c->terms != NULL)
                st = add_hl_to(c, &c->synhl, v[i].s.v[j]);
    if (st == SILK_OK) {
        st = qv_push(&parts, ex);
        ex = NULL;
    }
    {
        qvec_t rel = {0};
        if (st == SILK_OK && !title_only)
            st = side_q(&parts, &rel, "", 1.0, s, v, nv, pos);
        if (st == SILK_OK && (title_only || c->ro.title_weight > 0))
            st = side_q(&parts, &rel, SILK_PREFIX_TITLE,
                        title_only ? 1.0 : c->ro.title_weight, s, v, nv, pos);
        for (size_t i = 0; i < rel.n && st == SILK_OK; i++) {
            st = qv_push(&parts, rel.v[i]);
            rel.v[i] = NULL;
        }
        qv_free(&rel);
    }
    if (st == SILK_OK)
        st = silk_query_combine(out, SILK_OP_OR, parts.v, parts.n, 0);
done:
    for (size_t i = 0; i < nv; i++)
        stems_free(&v[i].s);
    silk_query_free(ex);
    qv_free(&parts);
    return st;
}

/* A run of side-by-side plain words that spells a synonym term of two or
 * more words ("Belt and Road", "Ministry of Commerce") is read as that
 * name: one phrase, with its synonyms. Fills kids (and *nkids) with n's kids,
 * runs merged into new PHRASE nodes (listed in made, *nmade of them,
 * which the caller frees). Fails only on SILK_NO_MEMORY. */
static silk_status_t merge_runs(bctx_t *c, const silk_qnode_t *n,
                                silk_qnode_t **kids, size_t *nkids,
                                silk_qnode_t **made, size_t *nmade)
{
    stems_t run = {0};
    size_t *start = calloc(n->nkids + 1, sizeof *start); /* stem index of kid i */
    silk_status_t st = SILK_OK;
    size_t used = c->nstems; /* analysing here must not count as terms */
    *nkids = *nmade = 0;
    if (start == NULL)
        return SILK_NO_MEMORY;
    for (size_t i = 0; i < n->nkids;) {
        /* the longest run of plain words from kid i */
        size_t j = i;
        stems_free(&run);
        while (j < n->nkids && j - i < SILK_SYN_MAX_WORDS &&
               n->kids[j]->kind == SILK_Q_WORD &&
               n->kids[j]->field == NULL && !n->kids[j]->required &&
               n->kids[j]->text != NULL && n->kids[j]->text[0] != '=') {
            stems_t one;
            start[j - i] = run.n;
            c->nstems = used; /* a look-ahead: never against the limit */
            if (analyse(c, n->kids[j]->text, &one) != SILK_OK) {
                st = SILK_NO_MEMORY;
                goto done;
            }
            for (size_t k = 0; k < one.n; k++)
                if (stems_push(&run, one.v[k], one.stopv[k]) < 0)
                    st = SILK_NO_MEMORY;
            stems_free(&one);
            if (st != SILK_OK)
                goto done;
            j++;
        }
        start[j - i] = run.n;
        size_t best = 0;
        if (j - i >= 2) {
            silk_syn_hit_t hit;
            size_t nh, len = silk_syn_match(c->syn, run.v, run.n, 0, &hit, 1, &nh);
            for (size_t k = 2; len > 0 && k <= j - i; k++)
                if (start[k] == len)
                    best = k;
        }
        if (best < 2) {
            kids[(*nkids)++] = n->kids[i++];
            continue;
        }
        silk_qnode_t *ph = calloc(1, sizeof *ph);
        size_t tl = 0;
        for (size_t k = i; k < i + best; k++)
            tl += strlen(n->kids[k]->text) + 1;
        if (ph == NULL || (ph->text = malloc(tl)) == NULL) {
            free(ph);
            st = SILK_NO_MEMORY;
            goto done;
        }
        ph->kind = SILK_Q_PHRASE;
        ph->text[0] = '\0';
        for (size_t k = i; k < i + best; k++) {
            if (k > i)
                strcat(ph->text, " ");
            strcat(ph->text, n->kids[k]->text);
        }
        made[(*nmade)++] = ph;
        kids[(*nkids)++] = ph;
        silk_parse__note(&c->notes, "%.*s read as one name, \"%.*s\"",
                         silk_parse__quote_len(ph->text, strlen(ph->text)),
                         ph->text,
                         silk_parse__quote_len(ph->text, strlen(ph->text)),
                         ph->text);
        i += best;
    }
done:
    c->nstems = used;
    stems_free(&run);
    free(start);
    return st;
}

/* Normalise a year typed by the user into out ("2021"): digits only, at
 * most 4 significant (more clamps to "9999" when clamp is set, else is not
 * a year), zero-padded. Returns 0, or -1 if v is not a year. */
static int year_norm(const char *v, char out[5], int clamp)
{
    if (v[0] == '\0')
        return -1;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    while (v[0] == '0' && v[1] != '\0')
        v++;
    size_t n = strlen(v);
    if (n > 4) {
        if (!clamp)
            return -1;
        memcpy(out, "9999", 5);
        return 0;
    }
    memset(out, '0', 4 - n);
    memcpy(out + 4 - n, v, n + 1);
    return 0;
}

/* Room for date_check's reasons. */
#define DATE_WHY_MAX 64

/* Check a date typed by the user: "YYYY", "YYYY-MM" or "YYYY-MM-DD", a
 * month that exists and a day that its month has. Returns 0, or -1 with
 * why set to the reason ("is not a date: 2021-02 has 28 days"). */
static int date_check(const char *v, char why[DATE_WHY_MAX])
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(v);
    snprintf(why, DATE_WHY_MAX, "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    if (n != 4 && n != 7 && n != 10)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int dash = i == 4 || i == 7;
        if (dash ? v[i] != '-' : (v[i] < '0' || v[i] > '9'))
            return -1;
    }
    if (n == 4)
        return 0;
    int y = atoi(v), m = (v[5] - '0') * 10 + (v[6] - '0');
    if (m < 1 || m > 12) {
        snprintf(why, DATE_WHY_MAX, "is not a date: there is no month %.2s", v + 5);
        return -1;
    }
    if (n == 7)
        return 0;
    int d = (v[8] - '0') * 10 + (v[9] - '0');
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int last = m == 2 && !leap ? 28 : mdays[m - 1];
    if (d < 1 || d > last) {
        snprintf(why, DATE_WHY_MAX, "is not a date: %.7s has %d days", v, last);
        return -1;
    }
    return 0;
}

/* The last value in SILK_SLOT_DATE's string order that lies within the
 * period v names (checked by date_check): v itself for a day, the month's
 * or year's last day otherwise ("2021-03" -> "2021-03-31": no stored day
 * is past 31, so every month ends there in string order). */
static void date_end(const char *v, char out[11])
{
    size_t n = strlen(v);
    memcpy(out, v, n + 1);
    if (n == 4)
        memcpy(out + 4, "-12-31", 7);
    else if (n == 7)
        memcpy(out + 7, "-31", 4);
}

/* Each date: filter's first bad value in tree: see build.h. */
silk_status_t silk_qbuild_check(const silk_qnode_t *tree, char **msg)
{
    *msg = NULL;
    if (tree == NULL)
        return SILK_OK;
    int id = tree->kind == SILK_Q_FILTER && tree->field
                 ? silk_field_lookup(tree->field, strlen(tree->field), SILK_FIELD_QUERY)
                 : -1;
    if (id >= 0 && silk_fields[id].resolve == SILK_RESOLVE_DATE) {
        const char *vals[3] = {tree->text, tree->lo, tree->hi};
        for (int i = 0; i < 3; i++) {
            char why[DATE_WHY_MAX];
            if (vals[i] == NULL || date_check(vals[i], why) == 0)
                continue;
            size_t cap = strlen(vals[i]) + strlen(why) + 16;
            char *m = malloc(cap);
            if (m == NULL)
                return SILK_NO_MEMORY;
            snprintf(m, cap, "%s:%s %s", tree->field, vals[i], why);
            *msg = m;
            return SILK_INVALID;
        }
    }
    for (size_t i = 0; i < tree->nkids; i++) {
        silk_status_t st = silk_qbuild_check(tree->kids[i], msg);
        if (st != SILK_OK)
            return st;
    }
    return SILK_OK;
}

/* A date: filter as a range on its slot, in string order: from the
 * start as typed to the end of the period the end names. A date that is
 * only a year or a month sorts before every day of its period, so it is
 * within a filter that starts at its own period or earlier
 * (docs/query-syntax.md). Bad dates match nothing, with a note (the CLI
 * refuses them first, silk_qbuild_check). */
static silk_status_t date_q(bctx_t *c, silk_query_t **out, const silk_qnode_t *f,
                            unsigned slot)
{
    const char *l = f->is_range ? f->lo : f->text;
    const char *h = f->is_range ? f->hi : f->text;
    char why[DATE_WHY_MAX];
    char end[11];
    if ((l && date_check(l, why) < 0) || (h && date_check(h, why) < 0)) {
        silk_parse__note(&c->notes, "date:%.*s%s%.*s %s: matches nothing",
                         silk_parse__quote_len(l ? l : "", l ? strlen(l) : 0), l ? l : "",
                         f->is_range ? ".." : "",
                         f->is_range ? silk_parse__quote_len(h ? h : "", h ? strlen(h) : 0) : 0,
                         h ? h : "", why);
        return silk_query_match_nothing(out);
    }
    if (l && h && f->is_range && strcmp(l, h) > 0) {
        silk_parse__note(&c->notes, "date:%s..%s read as date:%s..%s", l, h, h, l);
        const char *t = l;
        l = h;
        h = t;
    }
    if (h)
        date_end(h, end);
    return silk_query_value_range(out, slot, l, h ? end : NULL);
}

/* A note about filter f that matches nothing, then the nothing query. */
static silk_status_t nothing(bctx_t *c, silk_query_t **out,
                             const silk_qnode_t *f, const char *why)
{
    const char *v = f->text ? f->text : "";
    silk_parse__note(&c->notes, "%s:%.*s %s: matches nothing", f->field,
                     silk_parse__quote_len(v, strlen(v)), v, why);
    return silk_query_match_nothing(out);
}

/* A year: filter's range lo..hi (either open) on the year slot; bounds
 * that are not years match nothing, with a note. */
static silk_status_t year_range_q(bctx_t *c, silk_query_t **out,
                                  const silk_qnode_t *f, unsigned slot)
{
    char lo[5], hi[5];
    const char *l = NULL, *h = NULL;
    if ((f->lo && year_norm(f->lo, lo, 1) < 0) ||
        (f->hi && year_norm(f->hi, hi, 1) < 0)) {
        silk_parse__note(&c->notes, "%s:%.*s..%.*s is not a range of years: matches nothing",
                         f->field,
                         silk_parse__quote_len(f->lo ? f->lo : "", f->lo ? strlen(f->lo) : 0),
                         f->lo ? f->lo : "",
                         silk_parse__quote_len(f->hi ? f->hi : "", f->hi ? strlen(f->hi) : 0),
                         f->hi ? f->hi : "");
        return silk_query_match_nothing(out);
    }
    if (f->lo)
        l = lo;
    if (f->hi)
        h = hi;
    if (l && h && strcmp(l, h) > 0) {
        silk_parse__note(&c->notes, "%s:%s..%s read as %s:%s..%s", f->field, l, h,
                         f->field, h, l);
        const char *t = l;
        l = h;
        h = t;
    }
    return silk_query_value_range(out, slot, l, h);
}

/* The value v typed after field row's name as the index stores it
 * (fields.h): v itself, a gazetteer string, or year (room for 4 digits)
 * filled in. NULL when it names nothing. */
static const char *resolve(const bctx_t *c, const silk_field_t *row,
                           const char *v, char year[5])
{
    const char *r;

    switch (row->resolve) {
    case SILK_RESOLVE_YEAR:
        return year_norm(v, year, 0) < 0 ? NULL : year;
    case SILK_RESOLVE_COUNTRY:
        r = c->g ? silk_gazetteer_country_code(c->g, v) : NULL;
        return r != NULL && strlen(r) == 2 ? r : NULL;
    case SILK_RESOLVE_MINISTRY:
        r = c->g ? silk_gazetteer_ministry_slug(c->g, v) : NULL;
        return r != NULL && r[0] != '\0' && strlen(r) <= SILK_SLUG_MAX_BYTES
                   ? r : NULL;
    case SILK_RESOLVE_TYPED:
    case SILK_RESOLVE_DATE:
        break;
    }
    return v;
}

/* A filter as a boolean query (no weight), as the field table says;
 * values that name nothing give a query that matches nothing, with a
 * note. */
static silk_status_t filter_q(bctx_t *c, silk_query_t **out,
                              const silk_qnode_t *f)
{
    *out = NULL;
    if (f->field == NULL)
        return nothing(c, out, f, "has no field");
    int id = silk_field_lookup(f->field, strlen(f->field), SILK_FIELD_QUERY);
    if (id < 0 || (silk_fields[id].flags & SILK_FIELD_TEXT))
        return nothing(c, out, f, "is not a field");
    const silk_field_t *row = &silk_fields[id];
    if (row->resolve == SILK_RESOLVE_DATE)
        return date_q(c, out, f, (unsigned)row->slot);
    if (f->is_range && (row->flags & SILK_FIELD_RANGE))
        return year_range_q(c, out, f, (unsigned)row->slot);
    char year[5], term[TERM_MAX];
    const char *v = resolve(c, row, f->text ? f->text : "", year);
    size_t n;
    if (v == NULL || (n = silk_field_term(row, v, strlen(v), term, sizeof term)) == 0)
        return nothing(c, out, f, row->miss);
    return silk_query_term(out, term, n, 1, 0);
}

/* ---- inner nodes ------------------------------------------------------ */

static silk_status_t build(bctx_t *c, const silk_qnode_t *n, int top,
                           silk_query_t **out);

/* q1 op q2 (either may be NULL, then the other is the result); consumes
 * both. */
static silk_status_t join2(silk_query_t **out, silk_op_t op, silk_query_t *q1,
                           silk_query_t *q2)
{
    silk_status_t st = SILK_OK;
    *out = NULL;
    if (q1 == NULL || q2 == NULL) {
        *out = q1 ? q1 : q2;
        return SILK_OK;
    }
    silk_query_t *both[2] = {q1, q2};
    st = silk_query_combine(out, op, both, 2, 0);
    silk_query_free(q1);
    silk_query_free(q2);
    return st;
}

/* What an excluded (or NOT's right-hand) node matches, weightless: a
 * filter's own term or range, else the node built as a query. */
static silk_status_t build_set(bctx_t *c, const silk_qnode_t *n,
                               silk_query_t **out)
{
    c->neg++;
    silk_status_t st = n->kind == SILK_Q_FILTER ? filter_q(c, out, n)
                                                : build(c, n, 0, out);
    c->neg--;
    return st;
}

/* Everything, restricted to q (consumed); NULL stays NULL. */
static silk_status_t all_but(silk_query_t **out, silk_op_t op, silk_query_t *q)
{
    silk_query_t *all = NULL;
    *out = NULL;
    if (q == NULL)
        return SILK_OK;
    silk_status_t st = silk_query_match_all(&all);
    if (st != SILK_OK) {
        silk_query_free(q);
        return st;
    }
    return join2(out, op, all, q);
}

/* Push fixed(q, tier_weight) onto extra. Takes q (freed here) unless st
 * is already a failure, which is passed on. */
static silk_status_t push_tier(bctx_t *c, qvec_t *extra, silk_status_t st,
                               silk_query_t *q)
{
    silk_query_t *f = NULL;
    if (st == SILK_OK)
        st = silk_query_fixed(&f, q, c->ro.tier_weight);
    silk_query_free(q);
    return st == SILK_OK ? qv_push(extra, f) : st;
}

/* The exact-phrase tier's query: words (stems in order) adjacent in the
 * passage text, or, for a sentence, in the article title. A pasted
 * headline is a sentence (Reuters': 6-10 content words), and a passage of
 * the article it heads then belongs with passages that quote it; a
 * keyword query's title words already count in the all-words tier, and a
 * 2-4 word title phrase ("China trade update") would lift every passage of
 * every such article above passages that state it (docs/ranking.md). Not
 * with title_weight 0: base then has no title terms, and a tier must stay
 * a subset of base. */
static silk_status_t phrase_tier(bctx_t *c, silk_query_t **out,
                                 const stems_t *words, int natural)
{
    silk_query_t *text = NULL, *title = NULL;
    silk_status_t st = stems_q(&text, "", words->v, words->n, 1);
    if (st != SILK_OK || !natural || c->ro.title_weight <= 0) {
        *out = text;
        return st;
    }
    st = stems_q(&title, SILK_PREFIX_TITLE, words->v, words->n, 1);
    if (st == SILK_OK)
        return join2(out, SILK_OP_OR, text, title);
    silk_query_free(text);
    *out = NULL;
    return st;
}

/* The tiers of a top-level group: fixed(AND(clauses without stopwords)),
 * fixed(phrase_tier) and the proximity bonus, pushed onto extra. words
 * holds the group's text stems in order, singles[i] the stem of the i-th
 * plain one-stem word that is not a stopword (NULL elsewhere), nplain the
 * number of plain words and phrases. A natural (sentence-like) group gets
 * no all-words tier: a passage seldom holds every word of a question, and
 * a fixed tier for the few that do would rank them on words such as
 * "papers" or "problem"; the phrase tier stays, since the passage that
 * holds a pasted sentence verbatim is the one asked for (docs/ranking.md). */
static silk_status_t tiers(bctx_t *c, qvec_t *extra, qvec_t *prox,
                           const qvec_t *pos,
                           const unsigned char *stop, const stems_t *words,
                           char *const *singles, size_t nplain, int natural)
{
    silk_status_t st = SILK_OK;
    silk_query_t *q = NULL, *f = NULL;
    silk_query_t **keep = NULL;
    if (pos->n >= 2 && !natural) {
        keep = malloc(pos->n * sizeof *keep);
        if (keep == NULL)
            return SILK_NO_MEMORY;
        size_t k = 0;
        for (size_t i = 0; i < pos->n; i++)
            if (!stop[i])
                keep[k++] = pos->v[i];
        if (k == 0) /* only stopwords: all of them count */
            for (; k < pos->n; k++)
                keep[k] = pos->v[k];
        st = silk_query_combine(&q, SILK_OP_AND, keep, k, 0);
        st = push_tier(c, extra, st, q);
        q = NULL;
        if (st != SILK_OK)
            goto done;
    }
    if (nplain >= 2 && words->n >= 2) {
        st = phrase_tier(c, &q, words, natural);
        st = push_tier(c, extra, st, q);
        q = NULL;
        if (st != SILK_OK)
            goto done;
    }
    if (c->ro.proximity_weight > 0 && c->ro.proximity_window >= 2) {
        for (size_t i = 0; i + 1 < nplain && st == SILK_OK; i++) {
            if (singles[i] == NULL || singles[i + 1] == NULL)
                continue;
            silk_query_t *a = NULL, *b = NULL;
            st = term_q(&a, "", singles[i], 0);
            if (st == SILK_OK)
                st = term_q(&b, "", singles[i + 1], 0);
            if (st == SILK_OK) {
                silk_query_t *ab[2] = {a, b};
                st = silk_query_combine(&q, SILK_OP_NEAR, ab, 2,
                                        c->ro.proximity_window);
            }
            silk_query_free(a);
            silk_query_free(b);
            if (st == SILK_OK)
                st = silk_query_scale(&f, q, c->ro.proximity_weight);
            silk_query_free(q);
            q = NULL;
            if (st == SILK_OK) {
                st = qv_push(prox, f);
                f = NULL;
            }
        }
    }
done:
    free(keep);
    return st;
}

/* silk_token_cb: count the tokens that are not stopwords. */
static int count_cb(void *vctx, const silk_token_t *tok)
{
    bctx_t *c = vctx;
    if (!silk_analyzer_is_stopword(c->a, tok->norm))
        c->nstems++;
    return 0;
}

/* Whether group n reads as a sentence rather than keywords: more than
 * keyword_max_words words that are not stopwords in its words and
 * phrases. Fails only on SILK_NO_MEMORY. */
static silk_status_t is_natural(bctx_t *c, const silk_qnode_t *n, int *out)
{
    size_t used = c->nstems;
    *out = 0;
    c->nstems = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const silk_qnode_t *k = n->kids[i];
        if ((k->kind != SILK_Q_WORD && k->kind != SILK_Q_PHRASE) || k->text == NULL)
            continue;
        if (silk_analyzer_run(c->a, k->text, strlen(k->text), 0, count_cb, c) < 0) {
            c->nstems = used;
            return SILK_NO_MEMORY;
        }
    }
    *out = c->nstems > c->ro.keyword_max_words;
    c->nstems = used;
    return SILK_OK;
}

/* A GROUP (any positive kid; +kids required; tiers when top) or an AND
 * (every kid): positive kids scored, FILTER kids restrict (in a GROUP, one
 * field ORs and different fields AND; in an AND, all AND), lone-NOT kids
 * exclude. */
/* A bare * word: everything. */
static int is_star(const silk_qnode_t *k)
{
    return k != NULL && k->kind == SILK_Q_WORD && k->field == NULL && k->text &&
           strcmp(k->text, "*") == 0;
}

static silk_status_t build_group_terms(bctx_t *c, const silk_qnode_t *n, int top,
                                  silk_query_t **out);

/* A group or AND with a * among its kids: * adds nothing beside other
 * terms ("* year:2021" is "year:2021"), and is everything alone. */
static silk_status_t build_group(bctx_t *c, const silk_qnode_t *n, int top,
                                 silk_query_t **out)
{
    size_t nstar = 0;
    for (size_t i = 0; i < n->nkids; i++)
        nstar += (size_t)is_star(n->kids[i]);
    if (nstar == 0)
        return build_group_terms(c, n, top, out);
    *out = NULL;
    if (nstar == n->nkids)
        return silk_query_match_all(out);
    silk_qnode_t view = *n;
    silk_qnode_t **kids = calloc(n->nkids, sizeof *kids);
    if (kids == NULL)
        return SILK_NO_MEMORY;
    view.kids = kids;
    view.nkids = 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (!is_star(n->kids[i]))
            kids[view.nkids++] = n->kids[i];
    silk_status_t st = build_group_terms(c, &view, top, out);
    free(kids);
    return st;
}

static silk_status_t build_group_terms(bctx_t *c, const silk_qnode_t *n, int top,
                                  silk_query_t **out)
{
    int group = n->kind == SILK_Q_GROUP;
    qvec_t pos = {0}, neg = {0}, filt = {0}, extra = {0}, prox = {0}, byfield = {0};
    stems_t words = {0};
    unsigned char *req = NULL, *stop = NULL;
    char **singles = NULL;
    const char **ffield = NULL;
    size_t nplain = 0, ncontent = 0;
    int natural = 0;
    silk_query_t *base = NULL, *o = NULL, *r = NULL, *tmp = NULL;
    silk_query_t **sel = NULL;
    silk_qnode_t **mkids = NULL, **made = NULL, view;
    size_t nmade = 0;
    silk_status_t st = SILK_NO_MEMORY;
    *out = NULL;

    req = calloc(n->nkids + 1, 1);
    stop = calloc(n->nkids + 1, 1);
    singles = calloc(n->nkids + 1, sizeof *singles);
    ffield = calloc(n->nkids + 1, sizeof *ffield);
    sel = calloc(n->nkids + 1, sizeof *sel);
    if (!req || !stop || !singles || !ffield || !sel)
        goto done;
    st = group && top ? is_natural(c, n, &natural) : SILK_OK;
    /* Synonym names typed as plain words, in keywords only: a sentence
     * is scored by its words (docs/query-syntax.md, "Synonyms"). */
    if (st == SILK_OK && group && !natural && c->syn != NULL) {
        st = SILK_NO_MEMORY;
        mkids = calloc(n->nkids + 1, sizeof *mkids);
        made = calloc(n->nkids + 1, sizeof *made);
        if (!mkids || !made)
            goto done;
        view = *n;
        view.kids = mkids;
        if ((st = merge_runs(c, n, mkids, &view.nkids, made, &nmade)) != SILK_OK)
            goto done;
        n = &view;
    }
    for (size_t i = 0; i < n->nkids && st == SILK_OK; i++) {
        const silk_qnode_t *k = n->kids[i];
        silk_query_t *q = NULL;
        if (k->kind == SILK_Q_FILTER) {
            st = filter_q(c, &q, k);
            ffield[filt.n] = k->field ? k->field : "";
            if (st == SILK_OK)
                st = qv_push(&filt, q);
            continue;
        }
        if (k->kind == SILK_Q_NOT && k->kids[0] == NULL) {
            st = build_set(c, k->kids[1], &q);
            if (st == SILK_OK && q != NULL)
                st = qv_push(&neg, q);
            continue;
        }
        if (k->kind == SILK_Q_WORD || k->kind == SILK_Q_PHRASE) {
            stems_t s;
            int title = k->field != NULL && strcmp(k->field, "title") == 0;
            st = analyse(c, k->text, &s);
            if (st != SILK_OK || s.n == 0) {
                stems_free(&s);
                continue;
            }
            c->literal = k->kind == SILK_Q_WORD && k->text[0] == '=';
            if (natural && k->kind == SILK_Q_WORD && s.n > 1 && !title && !k->required)
                st = compound_q(c, &q, &s);
            else
                st = text_q(c, &q, &s, title);
            c->literal = 0;
            stop[pos.n] = (unsigned char)s.stop;
            if (st == SILK_OK && !title) {
                for (size_t j = 0; j < s.n && st == SILK_OK; j++)
                    if (stems_push(&words, s.v[j], s.stopv[j]) < 0)
                        st = SILK_NO_MEMORY;
                if (st == SILK_OK) /* words.v's strings never move */
                    singles[nplain++] = s.n == 1 && !s.stop ? words.v[words.n - 1] : NULL;
            }
            stems_free(&s);
        } else {
            st = build(c, k, 0, &q);
        }
        if (st == SILK_OK && q != NULL) {
            req[pos.n] = (unsigned char)(group && k->required);
            st = qv_push(&pos, q);
        } else {
            silk_query_free(q);
        }
    }
    if (st != SILK_OK)
        goto done;

    if (!group) {
        if (pos.n > 0)
            st = silk_query_combine(&base, SILK_OP_AND, pos.v, pos.n, 0);
    } else {
        size_t no = 0, nr = 0;
        for (size_t i = 0; i < pos.n; i++)
            ncontent += !stop[i];
        /* A stopword says nothing about what a passage is about: scored
         * only when the group has nothing else (or it is required). */
        for (size_t i = 0; i < pos.n; i++)
            if (!req[i] && !(stop[i] && ncontent > 0))
                sel[no++] = pos.v[i];
        if (no > 0)
            st = silk_query_combine(&o, SILK_OP_OR, sel, no, 0);
        for (size_t i = 0; i < pos.n; i++)
            if (req[i])
                sel[nr++] = pos.v[i];
        if (st == SILK_OK && nr > 0)
            st = silk_query_combine(&r, SILK_OP_AND, sel, nr, 0);
        if (st == SILK_OK) {
            st = join2(&base, SILK_OP_AND_MAYBE, r, o);
            r = o = NULL;
        }
        if (st == SILK_OK && top && base != NULL)
            st = tiers(c, &extra, &prox, &pos, stop, &words, singles, nplain,
                       natural);
        /* The tiers are subsets of base, so OR adds their fixed weight to
         * the passages they hold without changing what matches. Not
         * AND_MAYBE: Xapian 1.4.22 drops tier weights under AND_MAYBE when
         * it prunes (two nested AND_MAYBEs) or gives a phrase tier to
         * passages that only hold its words (one n-ary AND_MAYBE), so the
         * first page changed with --limit; tests/cli/query_pages.sh. */
        if (st == SILK_OK && extra.n > 0) {
            st = qv_push(&extra, NULL); /* room for base in front */
            if (st == SILK_OK) {
                memmove(extra.v + 1, extra.v, (extra.n - 1) * sizeof *extra.v);
                extra.v[0] = base;
                base = NULL;
                st = silk_query_combine(&base, SILK_OP_OR, extra.v, extra.n, 0);
            }
        }
        /* A proximity bonus is no subset of base: AND_MAYBE, one each. */
        for (size_t i = 0; i < prox.n && st == SILK_OK; i++) {
            st = join2(&base, SILK_OP_AND_MAYBE, base, prox.v[i]);
            prox.v[i] = NULL;
        }
    }
    if (st != SILK_OK)
        goto done;
    if (base == NULL && (filt.n > 0 || neg.n > 0))
        st = silk_query_match_all(&base);
    if (st != SILK_OK || base == NULL)
        goto done;

    if (filt.n > 0) {
        /* One entry per field (GROUP) or per filter (AND), after base. */
        st = qv_push(&byfield, base);
        base = NULL;
        for (size_t i = 0; i < filt.n && st == SILK_OK; i++) {
            if (filt.v[i] == NULL)
                continue;
            size_t m = 0;
            sel[m++] = filt.v[i];
            for (size_t j = i + 1; group && j < filt.n; j++)
                if (filt.v[j] != NULL && strcmp(ffield[i], ffield[j]) == 0)
                    sel[m++] = filt.v[j];
            st = silk_query_combine(&tmp, SILK_OP_OR, sel, m, 0);
            for (size_t j = i + 1; group && j < filt.n; j++)
                if (filt.v[j] != NULL && strcmp(ffield[i], ffield[j]) == 0) {
                    silk_query_free(filt.v[j]);
                    filt.v[j] = NULL;
                }
            if (st == SILK_OK) {
                st = qv_push(&byfield, tmp);
                tmp = NULL;
            }
        }
        if (st == SILK_OK)
            st = silk_query_combine(&base, SILK_OP_FILTER, byfield.v, byfield.n, 0);
        if (st != SILK_OK)
            goto done;
    }
    if (neg.n > 0) {
        st = qv_push(&neg, NULL);
        if (st != SILK_OK)
            goto done;
        memmove(neg.v + 1, neg.v, (neg.n - 1) * sizeof *neg.v);
        neg.v[0] = base;
        base = NULL;
        st = silk_query_combine(&base, SILK_OP_AND_NOT, neg.v, neg.n, 0);
    }
done:
    if (st == SILK_OK) {
        *out = base;
        base = NULL;
    }
    silk_query_free(base);
    silk_query_free(o);
    silk_query_free(r);
    silk_query_free(tmp);
    qv_free(&pos);
    qv_free(&neg);
    qv_free(&filt);
    qv_free(&extra);
    qv_free(&prox);
    qv_free(&byfield);
    stems_free(&words);
    free(req);
    free(stop);
    free(singles);
    free(ffield);
    free(sel);
    for (size_t i = 0; i < nmade; i++)
        silk_qnode_free(made[i]);
    free(made);
    free(mkids);
    return st;
}

/* Build n. *out is NULL when n has nothing to search for (words that
 * analyse to no token). top: n is the query's top (or the left side of a
 * top NOT): a GROUP there gets the ranking tiers. */
static silk_status_t build(bctx_t *c, const silk_qnode_t *n, int top,
                           silk_query_t **out)
{
    silk_status_t st = SILK_OK;
    silk_query_t *l = NULL, *r = NULL;
    *out = NULL;
    switch (n->kind) {
    case SILK_Q_WORD:
    case SILK_Q_PHRASE: {
        stems_t s;
        if (is_star(n))
            return silk_query_match_all(out);
        st = analyse(c, n->text ? n->text : "", &s);
        c->literal = n->kind == SILK_Q_WORD && n->text && n->text[0] == '=';
        if (st == SILK_OK && s.n > 0)
            st = text_q(c, out, &s,
                        n->field != NULL && strcmp(n->field, "title") == 0);
        c->literal = 0;
        stems_free(&s);
        return st;
    }
    case SILK_Q_FILTER:
        st = filter_q(c, &l, n);
        if (st != SILK_OK)
            return st;
        return all_but(out, SILK_OP_FILTER, l);
    case SILK_Q_NOT:
        if (n->kids[0] != NULL)
            st = build(c, n->kids[0], top, &l);
        if (st == SILK_OK)
            st = build_set(c, n->kids[1], &r);
        if (st != SILK_OK)
            goto fail;
        if (l == NULL)
            return all_but(out, SILK_OP_AND_NOT, r);
        return join2(out, SILK_OP_AND_NOT, l, r);
    case SILK_Q_OR: {
        qvec_t kids = {0};
        for (size_t i = 0; i < n->nkids && st == SILK_OK; i++) {
            silk_query_t *q = NULL;
            st = build(c, n->kids[i], 0, &q);
            if (st == SILK_OK && q != NULL)
                st = qv_push(&kids, q);
        }
        if (st == SILK_OK && kids.n > 0)
            st = silk_query_combine(out, SILK_OP_OR, kids.v, kids.n, 0);
        qv_free(&kids);
        return st;
    }
    case SILK_Q_AND:
    case SILK_Q_GROUP:
        return build_group(c, n, top, out);
    }
    return SILK_OK;
fail:
    silk_query_free(l);
    silk_query_free(r);
    return st;
}

silk_status_t silk_qbuild(silk_query_t **out, const silk_qnode_t *tree,
                          silk_analyzer_t *a, silk_gazetteer_t *g,
                          const silk_rank_opts_t *ro, silk_qterms_t *terms,
                          char **notes)
{
    return silk_qbuild_syn(out, tree, a, g, NULL, ro, terms, notes);
}

silk_status_t silk_qbuild_syn(silk_query_t **out, const silk_qnode_t *tree,
                              silk_analyzer_t *a, silk_gazetteer_t *g,
                              const silk_syn_t *syn,
                              const silk_rank_opts_t *ro, silk_qterms_t *terms,
                              char **notes)
{
    bctx_t c;
    silk_query_t *q = NULL;
    silk_status_t st;
    if (notes != NULL)
        *notes = NULL;
    if (terms != NULL) {
        terms->stems = NULL;
        terms->n = 0;
        terms->nsyn = 0;
    }
    if (out == NULL)
        return SILK_INVALID;
    *out = NULL;
    if (a == NULL)
        return SILK_INVALID;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.g = g;
    c.syn = syn;
    c.terms = terms;
    if (ro != NULL)
        c.ro = *ro;
    else
        silk_rank_opts_init(&c.ro);
    st = tree != NULL ? build(&c, tree, 1, &q) : SILK_OK;
    if (st == SILK_OK && q == NULL) {
        if (tree != NULL)
            silk_parse__note(&c.notes, "no words to search for");
        st = silk_query_match_nothing(&q);
    }
    /* The synonyms' stems after the typed words' (silk_qterms_t.nsyn). */
    for (size_t i = 0; st == SILK_OK && terms != NULL && i < c.synhl.n; i++) {
        size_t before = terms->n;
        st = add_hl(&c, c.synhl.stems[i]);
        terms->nsyn += terms->n - before;
    }
    silk_qterms_free(&c.synhl);
    if (st != SILK_OK) {
        silk_query_free(q);
        silk_qterms_free(terms);
        silk_parse__notes_clear(&c.notes);
        return st;
    }
    *out = q;
    if (notes != NULL)
        *notes = silk_parse__notes_join(&c.notes);
    else
        silk_parse__notes_clear(&c.notes);
    return SILK_OK;
}
