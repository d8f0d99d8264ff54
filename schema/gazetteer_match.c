/* gazetteer_match.c: the gazetteer's matcher — a passage's tokens kept
 * with their norms in one arena (each norm followed by one space, so
 * tokens i..j form the key arena[off_i .. off_j + len_j) without a copy),
 * and the longest name over adjacent tokens with its case rules
 * (gazetteer.h). The facet extractor (indexer/facets.c) adds its own
 * rules on top.
 */
#include "gazetteer.h"
#include "gazetteer_int.h"

#include <stdlib.h>
#include <string.h>

#include "silk_buf.h"
#include "silk_map.h"
#include "silk_vec.h"

/* A token as buffered: its span, flags and where its norm is. */
typedef struct tokrec {
    size_t start, end;
    size_t off;
    unsigned len;
    unsigned flags;
} tokrec;

struct silk_gz_stream {
    const char *text;
    size_t len;
    SILK_VEC(tokrec) toks;
    silk_buf_t norms;
    bool failed;          /* an add ran out of memory since begin */
};

silk_status_t silk_gz_stream_new(silk_gz_stream_t **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? SILK_OK : SILK_NO_MEMORY;
}

void silk_gz_stream_free(silk_gz_stream_t *s)
{
    if (!s)
        return;
    silk_vec_free(&s->toks);
    silk_buf_free(&s->norms);
    free(s);
}

void silk_gz_stream_begin(silk_gz_stream_t *s, const char *text, size_t len)
{
    s->text = text;
    s->len = len;
    s->toks.n = 0;
    s->toks.failed = false;
    silk_buf_clear(&s->norms);
    s->failed = false;
}

int silk_gz_stream_add(silk_gz_stream_t *s, const silk_token_t *tok)
{
    if (tok->flags & SILK_TOKEN_CJK)
        return 0;
    size_t n = silk_gazetteer__strip_possessive(tok->norm, tok->norm_len);
    tokrec t = {tok->start, tok->end, s->norms.len, (unsigned)n, tok->flags};
    /* the norm, a space and the NUL; checked here first: once a token */
    if ((s->norms.cap - s->norms.len < n + 2 &&
         silk_buf_reserve(&s->norms, n + 1) < 0) ||
        silk_vec_push(&s->toks, t) < 0) {
        s->failed = true;
        return -1;
    }
    char *o = s->norms.p + s->norms.len;
    memcpy(o, tok->norm, n);
    o[n] = ' ';
    o[n + 1] = '\0';
    s->norms.len += n + 1;
    return 0;
}

silk_status_t silk_gz_stream_status(const silk_gz_stream_t *s)
{
    return s->failed ? SILK_NO_MEMORY : SILK_OK;
}

size_t silk_gz_stream_count(const silk_gz_stream_t *s)
{
    return s->toks.n;
}

silk_gz_token_t silk_gz_stream_token(const silk_gz_stream_t *s, size_t i)
{
    const tokrec *t = &s->toks.v[i];
    return (silk_gz_token_t){t->start, t->end, s->norms.p + t->off, t->len,
                             t->flags};
}

bool silk_gz_stream_adjacent(const silk_gz_stream_t *s, size_t i)
{
    const tokrec *x = &s->toks.v[i], *y = &s->toks.v[i + 1];
    return y->start >= x->end && y->start - x->end <= SILK_GZ_MAX_GAP;
}

static bool is_lower(int c) { return c >= 'a' && c <= 'z'; }

bool silk_gz_stream_starts_upper(const silk_gz_stream_t *s, size_t i)
{
    const tokrec *t = &s->toks.v[i];
    return t->start < s->len && !is_lower((unsigned char)s->text[t->start]);
}

bool silk_gz_stream_all_upper(const silk_gz_stream_t *s, size_t i)
{
    const tokrec *t = &s->toks.v[i];
    for (size_t k = t->start; k < t->end && k < s->len; k++)
        if (is_lower((unsigned char)s->text[k]))
            return false;
    return true;
}

/* The case rules of entry e for the match over tokens i..j. */
static bool case_ok(const silk_gz_stream_t *s, const silk_gz_entry_t *e,
                    size_t i, size_t j)
{
    if ((e->flags & SILK_GZ_CAP) && !silk_gz_stream_starts_upper(s, i))
        return false;
    if (e->flags & SILK_GZ_ALLCAPS)
        for (size_t k = i; k <= j; k++)
            if (!silk_gz_stream_all_upper(s, k))
                return false;
    return true;
}

bool silk_gazetteer_longest(const silk_gazetteer_t *g, silk_gz_vocab_t v,
                            const silk_gz_stream_t *s, size_t i,
                            silk_gz_match_t *out)
{
    const silk_gz_entry_t *best = NULL;
    const tokrec *toks = s->toks.v;
    const char *key = s->norms.p + toks[i].off;
    uint64_t h = SILK_MAP_HASH_INIT;
    size_t last = i;
    for (size_t j = i; j < s->toks.n && j - i < SILK_GZ_MAX_TOKENS; j++) {
        if (j > i) {
            if (!silk_gz_stream_adjacent(s, j - 1))
                break;
            h = silk_map_hash(h, " ", 1);
        }
        h = silk_map_hash(h, s->norms.p + toks[j].off, toks[j].len);
        size_t n = toks[j].off + toks[j].len - toks[i].off;
        const silk_gz_entry_t *e = silk_gazetteer__find(g, v, key, n, h);
        if (!e)
            break;
        if ((e->flags & SILK_GZ_ENTRY) &&
            (e->text_value || (e->flags & SILK_GZ_BLOCK)) && case_ok(s, e, i, j)) {
            best = e;
            last = j;
        }
        if (!(e->flags & SILK_GZ_LONGER))
            break;
    }
    if (!best)
        return false;
    *out = (silk_gz_match_t){best->text_value, best->rule,
                             best->flags & (SILK_GZ_PERSON | SILK_GZ_SINO |
                                            SILK_GZ_TITLE),
                             last};
    return true;
}
