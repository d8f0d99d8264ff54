/* highlight.c: match a passage's tokens against the query's stems, and
 * choose the window of a long passage that shows its matches best.
 */
#include "highlight.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Free the spans' storage. */
void silk_spans_free(silk_spans_t *spans)
{
    free(spans->v);
    spans->v = NULL;
    spans->n = spans->cap = 0;
}

/* Append [start, end) to spans; false if memory ran out. */
static bool spans_push(silk_spans_t *spans, size_t start, size_t end)
{
    if (spans->n == spans->cap) {
        size_t cap = spans->cap ? spans->cap * 2 : 16;
        silk_span_t *v = realloc(spans->v, cap * sizeof *v);
        if (!v)
            return false;
        spans->v = v;
        spans->cap = cap;
    }
    spans->v[spans->n].start = start;
    spans->v[spans->n].end = end;
    spans->n++;
    return true;
}

typedef struct hl_ctx {
    silk_analyzer_t *a;
    silk_spans_t *out;
    const char *text;
    const char **stems;   /* sorted */
    size_t nstems;
    bool weak_stops;      /* a lone function word is no highlight */
    unsigned char *weak;  /* per span: only function words so far */
    size_t weak_cap;
    bool have_last;
    unsigned last_pos;    /* position of the last matched token */
    bool oom;
} hl_ctx_t;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* True if text[from..to) is only spaces and hyphens and short enough to
 * join two matched words into one span. */
static bool joinable_gap(const char *text, size_t from, size_t to)
{
    if (to < from || to - from > SILK_HIGHLIGHT_JOIN_GAP)
        return false;
    for (size_t i = from; i < to; i++)
        if (text[i] != ' ' && text[i] != '-')
            return false;
    return true;
}

/* Analyser callback: record a token whose stem is a query stem. */
static int hl_token(void *ctx, const silk_token_t *tok)
{
    hl_ctx_t *c = ctx;
    const char *key = tok->stem;

    if (!bsearch(&key, c->stems, c->nstems, sizeof *c->stems, cmp_str))
        return 0;
    silk_spans_t *out = c->out;
    bool stop = c->weak_stops && silk_analyzer_is_stopword(c->a, tok->norm);
    if (out->n > 0 && c->have_last && tok->pos == c->last_pos + 1 &&
        joinable_gap(c->text, out->v[out->n - 1].end, tok->start)) {
        out->v[out->n - 1].end = tok->end;
        c->weak[out->n - 1] &= stop;
    } else {
        if (out->n == c->weak_cap) {
            size_t cap = c->weak_cap ? c->weak_cap * 2 : 16;
            unsigned char *w = realloc(c->weak, cap);
            if (!w) {
                c->oom = true;
                return 1;
            }
            c->weak = w;
            c->weak_cap = cap;
        }
        if (!spans_push(out, tok->start, tok->end)) {
            c->oom = true;
            return 1;
        }
        c->weak[out->n - 1] = stop;
    }
    c->have_last = true;
    c->last_pos = tok->pos;
    return 0;
}

/* Find the query's stems in text; see highlight.h. */
int silk_highlight(silk_spans_t *out, silk_analyzer_t *a, const char *text,
                   size_t len, const silk_qterms_t *terms)
{
    const char **stems = NULL;
    int rc = 0;

    out->n = 0;
    if (!terms || terms->n == 0 || len == 0)
        return 0;
    stems = malloc(terms->n * sizeof *stems);
    if (!stems)
        return -1;
    for (size_t i = 0; i < terms->n; i++)
        stems[i] = terms->stems[i];
    qsort(stems, terms->n, sizeof *stems, cmp_str);

    /* "and" of "Belt and Road" is highlighted inside the phrase, not all
     * over the passage — unless the query has nothing but such words. */
    hl_ctx_t c = { a, out, text, stems, terms->n, false, NULL, 0, false, 0,
                   false };
    for (size_t i = 0; i < terms->n && !c.weak_stops; i++)
        c.weak_stops = !silk_analyzer_is_stopword(a, stems[i]);
    int run = silk_analyzer_run(a, text, len, 0, hl_token, &c);
    if (run < 0 || c.oom) {
        out->n = 0;
        rc = -1;
    } else {
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++)
            if (!c.weak[i])
                out->v[w++] = out->v[i];
        out->n = w;
    }
    free(c.weak);
    free(stems);
    return rc;
}

/* Analyser callback: collect every token's span. */
static int tok_collect(void *ctx, const silk_token_t *tok)
{
    return spans_push(ctx, tok->start, tok->end) ? 0 : 1;
}

/* Move i back to the start of the UTF-8 sequence it falls in. */
static size_t utf8_floor(const char *text, size_t i)
{
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* Choose the best window; see highlight.h. */
int silk_highlight_window(size_t *wstart, size_t *wend, silk_analyzer_t *a,
                          const char *text, size_t len,
                          const silk_span_t *spans, size_t n, size_t max)
{
    silk_spans_t toks = { NULL, 0, 0 };
    size_t cs = 0, ce = 0, best = 0;
    int rc = 0;

    *wstart = 0;
    *wend = len;
    if (len <= max)
        return 0;

    /* The densest cluster: most spans within max bytes (two pointers). */
    for (size_t i = 0, j = 0; i < n; i++) {
        if (j < i)
            j = i;
        while (j < n && spans[j].end - spans[i].start <= max)
            j++;
        size_t count = j > i ? j - i : 1;
        if (count > best) {
            best = count;
            cs = spans[i].start;
            ce = spans[j > i ? j - 1 : i].end;
        }
    }

    /* Centre it, a quarter of the slack before for context. */
    size_t width = ce - cs;
    size_t slack = max > width ? max - width : 0;
    size_t before = slack / 4;
    size_t ws = cs > before ? cs - before : 0;
    size_t we = ws + width + slack;
    if (we > len) {
        we = len;
        ws = len > max ? len - max : 0;
        if (ws > cs)
            ws = cs;
    }

    if (silk_analyzer_run(a, text, len, 0, tok_collect, &toks) != 0) {
        rc = -1;
        goto done;
    }
    if (toks.n == 0) {
        *wstart = utf8_floor(text, ws);
        *wend = we < len ? utf8_floor(text, we) : len;
        goto done;
    }
    /* Snap the start forward to a token start, the end back to a token
     * end, never cutting the cluster. */
    if (ws > 0) {
        size_t s = cs;
        for (size_t k = 0; k < toks.n; k++) {
            if (toks.v[k].start >= ws) {
                if (toks.v[k].start < s)
                    s = toks.v[k].start;
                break;
            }
        }
        ws = utf8_floor(text, s);
    }
    if (we < len) {
        size_t e = ce;
        for (size_t k = toks.n; k-- > 0;) {
            if (toks.v[k].end <= we) {
                if (toks.v[k].end > e)
                    e = toks.v[k].end;
                break;
            }
        }
        we = utf8_floor(text, e);
    }
    if (we < ws)
        we = ws;
    *wstart = ws;
    *wend = we;

done:
    silk_spans_free(&toks);
    return rc;
}
