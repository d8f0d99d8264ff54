/* suggest.c: spelling suggestions from the index's term list; see
 * suggest.h and docs/silk-query.md ("Did you mean").
 */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "nearest.h"
#include "parse.h"
#include "silk_schema.h"

/* Longest word looked at, in bytes (silk_edit_distance's limit). */
#define WORD_MAX SILK_NEAREST_MAX

typedef struct near {
    const char *word, *norm; /* the typed word's stem and its norm */
    size_t len, nlen, max;
    unsigned long min_tf;
    char best[WORD_MAX + 1];
    size_t best_d;
    unsigned long best_tf;
} near_t;

/* silk_term_cb: keep the nearest term, then the most frequent. */
static int near_cb(void *vctx, const char *term, unsigned long tf)
{
    near_t *x = vctx;
    size_t n = strlen(term);
    if (tf < x->min_tf || n > WORD_MAX)
        return 0;
    size_t d = silk_edit_distance(x->word, x->len, term, n, x->max, 0);
    size_t dn = silk_edit_distance(x->norm, x->nlen, term, n, x->max, 0);
    if (d == 0 || dn == 0)
        return 0;
    if (dn < d)
        d = dn;
    if (d > x->max)
        return 0;
    if (d < x->best_d || (d == x->best_d && tf > x->best_tf)) {
        memcpy(x->best, term, n + 1);
        x->best_d = d;
        x->best_tf = tf;
    }
    return 0;
}

typedef struct one_tok {
    int n;
    unsigned flags;
    char stem[WORD_MAX + 1], norm[WORD_MAX + 1];
} one_tok_t;

/* silk_token_cb: count the tokens, keep the first one's stem. */
static int tok_cb(void *vctx, const silk_token_t *tok)
{
    one_tok_t *x = vctx;
    if (x->n++ == 0 && tok->stem_len <= WORD_MAX && tok->norm_len <= WORD_MAX) {
        memcpy(x->stem, tok->stem, tok->stem_len + 1);
        memcpy(x->norm, tok->norm, tok->norm_len + 1);
        x->flags = tok->flags;
    } else if (x->n == 1) {
        x->n = 2; /* too long: not looked at */
    }
    return x->n > 1;
}

typedef struct sctx {
    silk_db_t *db;
    silk_analyzer_t *a;
    int changed;
} sctx_t;

/* Replace word node k's text by its suggestion, if it has one. */
static silk_status_t fix_word(sctx_t *c, silk_qnode_t *k)
{
    one_tok_t t = {0};
    unsigned long tf = 0;
    if (k->text == NULL || k->text[0] == '=' ||
        (k->field != NULL && strcmp(k->field, "title") != 0))
        return SILK_OK;
    if (silk_analyzer_run(c->a, k->text, strlen(k->text), 0, tok_cb, &t) < 0)
        return SILK_NO_MEMORY;
    if (t.n != 1 || (t.flags & (SILK_TOKEN_NUMBER | SILK_TOKEN_CJK)) ||
        strlen(t.stem) < 4)
        return SILK_OK;
    silk_status_t st = silk_db_termfreq(c->db, t.stem, &tf);
    if (st != SILK_OK || tf >= SILK_SUGGEST_FEW)
        return st;
    near_t x = {0};
    x.word = t.stem;
    x.len = strlen(t.stem);
    x.norm = t.norm;
    x.nlen = strlen(t.norm);
    x.max = x.nlen <= 5 ? 1 : 2;
    x.min_tf = tf > 0 ? tf * 10 : 1;
    x.best_d = x.max + 1;
    /* Terms that start with the word's first character (one UTF-8
     * character): a typo in the first letter is rare, and the walk is
     * then a small slice of the term list. */
    char pfx[5] = {0};
    size_t pl = 1;
    while (pl < 4 && pl < x.len && ((unsigned char)t.stem[pl] & 0xC0) == 0x80)
        pl++;
    memcpy(pfx, t.stem, pl);
    st = silk_db_terms_foreach(c->db, pfx, near_cb, &x);
    if (st != SILK_OK || x.best[0] == '\0')
        return st;
    size_t n = strlen(x.best);
    char *text = malloc(n + 1);
    if (text == NULL)
        return SILK_NO_MEMORY;
    memcpy(text, x.best, n + 1);
    free(k->text);
    k->text = text;
    c->changed = 1;
    return SILK_OK;
}

/* Walk n's positive words (not inside an exclusion). */
static silk_status_t walk(sctx_t *c, silk_qnode_t *n)
{
    if (n == NULL)
        return SILK_OK;
    switch (n->kind) {
    case SILK_Q_WORD:
        return fix_word(c, n);
    case SILK_Q_NOT:
        return walk(c, n->kids[0]);
    case SILK_Q_AND:
    case SILK_Q_OR:
    case SILK_Q_GROUP:
        for (size_t i = 0; i < n->nkids; i++) {
            silk_status_t st = walk(c, n->kids[i]);
            if (st != SILK_OK)
                return st;
        }
        return SILK_OK;
    default:
        return SILK_OK;
    }
}

/* qs with each unknown field that is a typo of a field replaced by it
 * ("contry:Japan" -> "country:Japan"), malloc'ed; *changed says whether
 * any was. Fields are looked for where the parser looks: ASCII letters at
 * the start of a term, glued by ':' to a value. NULL if memory ran out. */
static char *fix_fields(const char *qs, int *changed)
{
    size_t n = strlen(qs), cap = n + 1, o = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n;) {
        int start = i == 0 || strchr(" (-+\t", qs[i - 1]) != NULL;
        size_t j = i;
        while (start && ((qs[j] >= 'a' && qs[j] <= 'z') || (qs[j] >= 'A' && qs[j] <= 'Z')))
            j++;
        const char *f = NULL;
        if (j > i && qs[j] == ':' && qs[j + 1] != '\0' && !strchr(" :)", qs[j + 1]))
            f = silk_query_nearest_field(qs + i, j - i);
        if (f == NULL) {
            out[o++] = qs[i++];
            continue;
        }
        size_t fl = strlen(f);
        if (o + fl + (n - j) + 1 > cap) {
            cap = o + fl + (n - j) + 1;
            char *b = realloc(out, cap);
            if (b == NULL) {
                free(out);
                return NULL;
            }
            out = b;
        }
        memcpy(out + o, f, fl);
        o += fl;
        i = j;
        *changed = 1;
    }
    out[o] = '\0';
    return out;
}

silk_status_t silk_suggest(char **out, silk_db_t *db, silk_analyzer_t *a,
                           const char *qs)
{
    sctx_t c = {db, a, 0};
    *out = NULL;
    char *fixed = fix_fields(qs ? qs : "", &c.changed);
    if (fixed == NULL)
        return SILK_NO_MEMORY;
    silk_qnode_t *tree = silk_query_parse(fixed, NULL);
    free(fixed);
    silk_status_t st = walk(&c, tree);
    if (st == SILK_OK && c.changed && (*out = silk_qnode_format(tree)) == NULL)
        st = SILK_NO_MEMORY;
    silk_qnode_free(tree);
    return st;
}

silk_status_t silk_suggest_results(silk_results_t *r, silk_db_t *db,
                                   silk_analyzer_t *a)
{
    if (r->total >= SILK_SUGGEST_FEW || r->suggestion != NULL)
        return SILK_OK;
    return silk_suggest(&r->suggestion, db, a, r->query);
}
