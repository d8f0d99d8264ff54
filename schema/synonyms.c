/* synonyms.c: synonym files read, checked, printed back and looked up;
 * see synonyms.h and docs/silk-index.md ("Synonyms").
 */
#include "synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "silk_vec.h"
#include "synonyms.inc" /* silk_syn_builtin_text: schema/synonyms.txt */

typedef struct member {
    char *text;   /* as written, trimmed */
    char **stems;
    size_t n;
} member_t;

typedef struct group {
    silk_syn_kind_t kind;
    size_t nleft;     /* ONEWAY: members [0, nleft) are the left side */
    member_t *m;
    size_t n;
} group_t;

struct silk_syn {
    silk_analyzer_t *a;
    SILK_VEC(group_t) groups;
};

const char *silk_syn_builtin(void)
{
    return silk_syn_builtin_text;
}

silk_syn_t *silk_syn_new(silk_analyzer_t *a)
{
    silk_syn_t *s = calloc(1, sizeof *s);
    if (s != NULL)
        s->a = a;
    return s;
}

static void member_clear(member_t *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->stems[i]);
    free(m->stems);
    free(m->text);
}

static void group_clear(group_t *g)
{
    for (size_t i = 0; i < g->n; i++)
        member_clear(&g->m[i]);
    free(g->m);
}

void silk_syn_free(silk_syn_t *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->groups.n; i++)
        group_clear(&s->groups.v[i]);
    silk_vec_free(&s->groups);
    free(s);
}

size_t silk_syn_groups(const silk_syn_t *s)
{
    return s ? s->groups.n : 0;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct stem_ctx {
    member_t *m;
    int oom, too_long;
} stem_ctx_t;

/* silk_token_cb: keep each stem, up to SILK_SYN_MAX_WORDS. */
static int stem_cb(void *vctx, const silk_token_t *tok)
{
    stem_ctx_t *x = vctx;
    if (x->m->n >= SILK_SYN_MAX_WORDS) {
        x->too_long = 1;
        return 1;
    }
    char **v = realloc(x->m->stems, (x->m->n + 1) * sizeof *v);
    if (v == NULL) {
        x->oom = 1;
        return 1;
    }
    x->m->stems = v;
    if ((v[x->m->n] = malloc(tok->stem_len + 1)) == NULL) {
        x->oom = 1;
        return 1;
    }
    memcpy(v[x->m->n], tok->stem, tok->stem_len + 1);
    x->m->n++;
    return 0;
}

/* p[0..n) without spaces and tabs at either end. */
static const char *trim(const char *p, size_t *n)
{
    while (*n > 0 && (p[0] == ' ' || p[0] == '\t')) {
        p++;
        (*n)--;
    }
    while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t' || p[*n - 1] == '\r'))
        (*n)--;
    return p;
}

/* Append the term p[0..n) to g, analysed. Returns 0, or -1 with why set
 * (a static reason, or "" when memory ran out). */
static int add_member(silk_syn_t *s, group_t *g, const char *p, size_t n,
                      const char **why)
{
    p = trim(p, &n);
    if (n == 0) {
        *why = "an empty term (two separators in a row, or one at an end)";
        return -1;
    }
    member_t m = {0};
    stem_ctx_t x = {&m, 0, 0};
    if ((m.text = malloc(n + 1)) == NULL) {
        *why = "";
        return -1;
    }
    memcpy(m.text, p, n);
    m.text[n] = '\0';
    if (silk_analyzer_run(s->a, p, n, 0, stem_cb, &x) < 0 || x.oom) {
        member_clear(&m);
        *why = "";
        return -1;
    }
    if (x.too_long || m.n == 0) {
        member_clear(&m);
        *why = x.too_long ? "a term longer than 10 words"
                          : "a term with no letters or digits";
        return -1;
    }
    member_t *v = realloc(g->m, (g->n + 1) * sizeof *v);
    if (v == NULL) {
        member_clear(&m);
        *why = "";
        return -1;
    }
    g->m = v;
    g->m[g->n++] = m;
    return 0;
}

/* Split p[0..n) at each sep and add the terms to g. */
static int add_side(silk_syn_t *s, group_t *g, const char *p, size_t n,
                    char sep, const char **why)
{
    for (;;) {
        const char *e = memchr(p, sep, n);
        size_t k = e ? (size_t)(e - p) : n;
        if (add_member(s, g, p, k, why) != 0)
            return -1;
        if (e == NULL)
            return 0;
        n -= k + 1;
        p = e + 1;
    }
}

/* Whether p[0..n) holds c. */
static int has(const char *p, size_t n, char c)
{
    return memchr(p, c, n) != NULL;
}

/* The first "->" in p[0..n), or NULL. */
static const char *arrow(const char *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (p[i] == '-' && p[i + 1] == '>')
            return p + i;
    return NULL;
}

/* Read one line (no newline) into a new group. Returns 0 (a group added,
 * or a blank or comment line), or -1 with why set as add_member does. */
static int add_line(silk_syn_t *s, const char *p, size_t n, const char **why)
{
    p = trim(p, &n);
    if (n == 0 || p[0] == '#')
        return 0;
    if (n > SILK_SYN_MAX_LINE) {
        *why = "a line longer than 4096 bytes";
        return -1;
    }
    if (memchr(p, '\0', n) != NULL) {
        *why = "a NUL byte (a synonym file is text)";
        return -1;
    }
    group_t g = {0};
    const char *ar = arrow(p, n);
    int rc = -1;
    if (ar != NULL) {
        size_t l = (size_t)(ar - p), r = n - l - 2;
        if (arrow(ar + 2, r) != NULL || has(p, n, '~')) {
            *why = "'->' goes once in a line, without '~'";
            goto done;
        }
        g.kind = SILK_SYN_ONEWAY;
        if (add_side(s, &g, p, l, '=', why) != 0)
            goto done;
        g.nleft = g.n;
        if (add_side(s, &g, ar + 2, r, '=', why) != 0)
            goto done;
    } else if (has(p, n, '~') && has(p, n, '=')) {
        *why = "a line mixes '=' and '~' (one kind of group per line)";
        goto done;
    } else {
        char sep = has(p, n, '~') ? '~' : '=';
        g.kind = sep == '~' ? SILK_SYN_RELATED : SILK_SYN_EQUIV;
        if (add_side(s, &g, p, n, sep, why) != 0)
            goto done;
        if (g.n < 2) {
            *why = "one term alone: join two or more with '=', '~' or '->'";
            goto done;
        }
    }
    if (silk_vec_push(&s->groups, g) != 0) {
        *why = "";
        goto done;
    }
    return 0;
done:
    group_clear(&g);
    return rc;
}

int silk_syn_add_text(silk_syn_t *s, const char *text, size_t len,
                      const char *name, char *err, size_t errlen)
{
    size_t line = 1;
    if (errlen > 0)
        err[0] = '\0';
    while (len > 0) {
        const char *nl = memchr(text, '\n', len);
        size_t k = nl ? (size_t)(nl - text) : len;
        const char *why = NULL;
        if (add_line(s, text, k, &why) != 0) {
            snprintf(err, errlen, "%s:%zu: %s", name, line,
                     why[0] ? why : "out of memory");
            return -1;
        }
        if (nl == NULL)
            break;
        text = nl + 1;
        len -= k + 1;
        line++;
    }
    return 0;
}

/* ---- printing ----------------------------------------------------------- */

char *silk_syn_format(const silk_syn_t *s)
{
    size_t cap = 1;
    for (size_t i = 0; i < s->groups.n; i++)
        for (size_t j = 0; j < s->groups.v[i].n; j++)
            cap += strlen(s->groups.v[i].m[j].text) + 5;
    char *out = malloc(cap), *p = out;
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < s->groups.n; i++) {
        const group_t *g = &s->groups.v[i];
        for (size_t j = 0; j < g->n; j++) {
            const char *sep = " = ";
            if (j == 0)
                sep = "";
            else if (g->kind == SILK_SYN_RELATED)
                sep = " ~ ";
            else if (g->kind == SILK_SYN_ONEWAY && j == g->nleft)
                sep = " -> ";
            size_t l = strlen(sep), t = strlen(g->m[j].text);
            memcpy(p, sep, l);
            memcpy(p + l, g->m[j].text, t);
            p += l + t;
        }
        *p++ = '\n';
    }
    *p = '\0';
    return out;
}

/* ---- lookup ------------------------------------------------------------- */

size_t silk_syn_match(const silk_syn_t *s, char *const *stems, size_t n,
                      size_t at, silk_syn_hit_t *hits, size_t max,
                      size_t *nhits)
{
    size_t best = 0;
    *nhits = 0;
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < s->groups.n; i++) {
        const group_t *g = &s->groups.v[i];
        for (size_t j = 0; j < g->n; j++) {
            const member_t *m = &g->m[j];
            if (m->n < best || at + m->n > n)
                continue;
            size_t k = 0;
            while (k < m->n && strcmp(m->stems[k], stems[at + k]) == 0)
                k++;
            if (k < m->n)
                continue;
            if (m->n > best) {
                best = m->n;
                *nhits = 0;
            }
            if (*nhits < max) {
                hits[*nhits].group = i;
                hits[*nhits].member = j;
                (*nhits)++;
            }
        }
    }
    return best;
}

silk_syn_kind_t silk_syn_group(const silk_syn_t *s, size_t g, size_t *nmembers,
                               size_t *nleft)
{
    *nmembers = s->groups.v[g].n;
    if (nleft != NULL)
        *nleft = s->groups.v[g].nleft;
    return s->groups.v[g].kind;
}

const char *silk_syn_member(const silk_syn_t *s, size_t g, size_t m,
                            char *const **stems, size_t *n)
{
    const member_t *x = &s->groups.v[g].m[m];
    if (stems != NULL)
        *stems = x->stems;
    if (n != NULL)
        *n = x->n;
    return x->text;
}
