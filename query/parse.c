/* parse.c: silk's query language — a lexer and a recursive-descent parser
 * that read any bytes into a silk_qnode_t tree without ever failing, and
 * the printer of a tree's canonical reading. The grammar and every odd
 * case are documented in docs/query-syntax.md.
 *
 *   query  := or
 *   or     := and ("OR" and)*
 *   and    := group (("AND" | "NOT" | "AND NOT") group)*
 *   group  := unary+                      side by side: SILK_Q_GROUP
 *   unary  := "-" primary | "+" primary | primary
 *   primary:= WORD | "PHRASE" | field:value | title:(or) | "(" or ")"
 */
#include "parse.h"
#include "parse_int.h"
#include "fields.h"
#include "silk_utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ---- notes ----------------------------------------------------------- */

void silk_parse__note(silk_parse__notes_t *nt, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < nt->n; i++)
        if (strcmp(nt->v[i], buf) == 0)
            return;
    if (nt->n == SILK_PARSE__NOTES_MAX) {
        nt->more = 1;
        return;
    }
    char *copy = malloc(strlen(buf) + 1);
    if (copy == NULL)
        return;
    strcpy(copy, buf);
    nt->v[nt->n++] = copy;
}

int silk_parse__quote_len(const char *s, size_t len)
{
    if (len <= SILK_PARSE__QUOTE_MAX)
        return (int)len;
    size_t n = SILK_PARSE__QUOTE_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

char *silk_parse__notes_join(silk_parse__notes_t *nt)
{
    size_t total = 0;
    for (size_t i = 0; i < nt->n; i++)
        total += strlen(nt->v[i]) + 2;
    char *out = NULL;
    if (nt->n > 0)
        out = malloc(total + sizeof "; …");
    if (out != NULL) {
        out[0] = '\0';
        for (size_t i = 0; i < nt->n; i++) {
            if (i > 0)
                strcat(out, "; ");
            strcat(out, nt->v[i]);
        }
        if (nt->more)
            strcat(out, "; …");
    }
    silk_parse__notes_clear(nt);
    return out;
}

void silk_parse__notes_clear(silk_parse__notes_t *nt)
{
    for (size_t i = 0; i < nt->n; i++)
        free(nt->v[i]);
    nt->n = 0;
    nt->more = 0;
}

/* ---- input ----------------------------------------------------------- */

/* A copy of q that the lexer can trust: valid UTF-8 (each maximal
 * ill-formed subpart becomes one U+FFFD, as util/silk_utf8.h repairs) in
 * which every control character and Unicode space or
 * line separator is an ASCII space. NULL if memory ran out. */
static char *sanitize(const char *q)
{
    size_t len = strlen(q);
    char *out = malloc(3 * len + 1); /* U+FFFD is 3 bytes, at most 1 a byte */
    if (out == NULL)
        return NULL;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)q;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            out[o++] = (u[i] < 0x20 || u[i] == 0x7F) ? ' ' : (char)u[i];
            i++;
            continue;
        }
        size_t bad;
        if (silk_utf8_len(u + i, len - i, &bad) == 0) {
            memcpy(out + o, SILK_UTF8_REPLACEMENT, 3);
            o += 3;
            i += bad;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
            cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CC) {
            out[o++] = ' ';
        } else {
            memcpy(out + o, q + i, (size_t)n);
            o += (size_t)n;
        }
        i += (size_t)n;
    }
    out[o] = '\0';
    return out;
}

/* True if s[0..len) (valid UTF-8) holds a letter or a digit: text the
 * analyser can make a token of. Runs of punctuation are not searched. */
static int has_content(const char *s, size_t len)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            return 0;
        switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
        case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
            return 1;
        default:
            break;
        }
        i += (size_t)n;
    }
    return 0;
}

/* The byte length of the quotation mark at s, or 0: the ASCII '"', the
 * curly quotes “ ” „ ‟ and the full-width ＂. Any of them opens a phrase
 * and any closes it, so mixed pairs (“…") read as people mean them. */
static size_t quote_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == '"')
        return 1;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9F)
        return 3;
    if (u[0] == 0xEF && u[1] == 0xBC && u[2] == 0x82)
        return 3;
    return 0;
}

/* True at the end of a bare word: space, bracket, quote or the end. */
static int word_end(const char *s)
{
    return *s == '\0' || *s == ' ' || *s == '(' || *s == ')' || quote_len(s);
}

/* ---- lexer ----------------------------------------------------------- */

typedef enum tkind {
    T_NONE, T_END, T_WORD, T_PHRASE, T_FIELD, T_LPAREN, T_RPAREN,
    T_AND, T_OR, T_NOT, T_MINUS, T_PLUS
} tkind_t;

/* Field names (any case as typed) come from the field table: its
 * SILK_FIELD_QUERY rows; a field is printed by its row's name. */
#define fields(f) (silk_fields[f].name)
#define F_TITLE SILK_FIELD_TITLE

const char *silk_query_nearest_field(const char *word, size_t len)
{
    return silk_field_nearest(word, len, SILK_FIELD_QUERY);
}

typedef struct tok {
    tkind_t kind;
    size_t start, len; /* WORD, PHRASE: the text; FIELD: the value */
    int field;         /* FIELD: its id in the field table */
    int quoted;        /* FIELD: the value was quoted */
    int group;         /* FIELD title: a "(" follows */
} tok_t;

typedef struct parser {
    char *s;          /* sanitized input */
    size_t i;         /* lexer position */
    tok_t la;         /* lookahead; kind T_NONE when not read yet */
    unsigned depth;   /* open parentheses honoured */
    unsigned skipped; /* open parentheses ignored past the depth limit */
    size_t nleaves;   /* words, phrases and filters read */
    size_t nops;      /* AND, OR, NOT, '-' and '+' read as operators */
    int caps_words;   /* AND, OR, NOT, '-', '+' are words (silk_query_parse) */
    int oom;
    silk_parse__notes_t notes;
} parser_t;

/* Read the next token at p->i. Spaces, stray ')' and '(' past the depth
 * limit are skipped here (with a note); the term limit ends the input. */
static void lex(parser_t *p, tok_t *t)
{
    const char *s = p->s;
    memset(t, 0, sizeof *t);
again:
    while (s[p->i] == ' ')
        p->i++;
    size_t i = p->i;
    if (s[i] == '\0') {
        t->kind = T_END;
        return;
    }
    if (s[i] == '(') {
        p->i++;
        if (p->depth >= SILK_QUERY_MAX_DEPTH) {
            p->skipped++;
            silk_parse__note(&p->notes, "brackets nested deeper than %d: the inner ones ignored",
                             SILK_QUERY_MAX_DEPTH);
            goto again;
        }
        t->kind = T_LPAREN;
        return;
    }
    if (s[i] == ')') {
        p->i++;
        if (p->skipped > 0) {
            p->skipped--;
            goto again;
        }
        if (p->depth == 0) {
            silk_parse__note(&p->notes, "unbalanced ')' ignored");
            goto again;
        }
        t->kind = T_RPAREN;
        return;
    }
    /* From here on every token is a term: count it against the limit. */
    char c1 = s[i + 1];
    int is_sign = (s[i] == '-' || s[i] == '+') && c1 != '\0' && c1 != ' ' &&
                  c1 != ')' && c1 != '-' && c1 != '+';
    /* Pasted capitals: "... COFFEE OUTPUT -GROWERS" is a wire headline's
     * attribution, not an exclusion (silk_query_parse). */
    if (is_sign && p->caps_words)
        is_sign = 0;
    else if (is_sign)
        p->nops++;
    if (!is_sign && p->nleaves >= SILK_QUERY_MAX_TERMS) {
        silk_parse__note(&p->notes, "query too long: only its first %d terms read",
                         SILK_QUERY_MAX_TERMS);
        p->i = strlen(s);
        t->kind = T_END;
        return;
    }
    if (is_sign) {
        t->kind = s[i] == '-' ? T_MINUS : T_PLUS;
        p->i++;
        return;
    }
    size_t q = quote_len(s + i);
    if (q > 0) {
        size_t j = i + q;
        while (s[j] != '\0' && quote_len(s + j) == 0)
            j++;
        t->kind = T_PHRASE;
        t->start = i + q;
        t->len = j - (i + q);
        p->i = s[j] != '\0' ? j + quote_len(s + j) : j;
        if (s[j] == '\0' && !has_content(s + i + q, j - (i + q))) {
            silk_parse__note(&p->notes, "stray quote ignored");
            goto again;
        }
        if (s[j] == '\0')
            silk_parse__note(&p->notes, "unbalanced quote: read to the end");
        p->nleaves++;
        return;
    }
    /* A field prefix: ASCII letters, then ':'. */
    size_t j = i;
    while ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))
        j++;
    int f = -1;
    if (j > i && s[j] == ':' && s[j + 1] != '\0' && s[j + 1] != ' ' &&
        s[j + 1] != ':')
        f = silk_field_lookup(s + i, j - i, SILK_FIELD_QUERY);
    /* An unknown prefix glued to a value reads as if the colon were a
     * space; "word:" before a space, ':' or ')' is just a word. */
    if (f >= 0 || (j > i && s[j] == ':' && s[j + 1] != '\0' && s[j + 1] != ' ' &&
                   s[j + 1] != ':' && s[j + 1] != ')')) {
        if (f < 0) {
            const char *near = silk_query_nearest_field(s + i, j - i);
            silk_parse__note(&p->notes, "unknown field %.*s: read as a word%s%s%s",
                             silk_parse__quote_len(s + i, j - i), s + i,
                             near ? " (did you mean " : "", near ? near : "",
                             near ? ":?)" : "");
            t->kind = T_WORD;
            t->start = i;
            t->len = j - i;
            p->i = j + 1;
            p->nleaves++;
            return;
        }
        size_t v = j + 1;
        t->kind = T_FIELD;
        t->field = f;
        if ((q = quote_len(s + v)) > 0) {
            size_t e = v + q;
            while (s[e] != '\0' && quote_len(s + e) == 0)
                e++;
            t->quoted = 1;
            t->start = v + q;
            t->len = e - (v + q);
            if (s[e] == '\0')
                silk_parse__note(&p->notes, "unbalanced quote: read to the end");
            else
                e += quote_len(s + e);
            p->i = e;
        } else if (f == F_TITLE && s[v] == '(') {
            t->group = 1;
            p->i = v;
        } else if (word_end(s + v)) {
            silk_parse__note(&p->notes, "%s: with no value ignored", fields(f));
            p->i = v;
            goto again;
        } else {
            size_t e = v;
            while (!word_end(s + e))
                e++;
            t->start = v;
            t->len = e - v;
            p->i = e;
        }
        p->nleaves++;
        return;
    }
    while (!word_end(s + j))
        j++;
    p->i = j;
    t->start = i;
    t->len = j - i;
    if (!p->caps_words && t->len == 3 && memcmp(s + i, "AND", 3) == 0)
        t->kind = T_AND;
    else if (!p->caps_words && t->len == 2 && memcmp(s + i, "OR", 2) == 0)
        t->kind = T_OR;
    else if (!p->caps_words && t->len == 3 && memcmp(s + i, "NOT", 3) == 0)
        t->kind = T_NOT;
    else
        t->kind = T_WORD;
    if (t->kind == T_WORD)
        p->nleaves++;
    else
        p->nops++;
}

/* True if s (sanitized UTF-8) has a lower-case letter. */
static int has_lower(const char *s)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0)
            n = 1;
        else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
            return 1;
        i += (size_t)n;
    }
    return 0;
}

/* ---- tree ------------------------------------------------------------ */

/* Free n and all below it; NULL is a no-op. */
void silk_qnode_free(silk_qnode_t *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        silk_qnode_free(n->kids[i]);
    free(n->kids);
    free(n->field);
    free(n->text);
    free(n->lo);
    free(n->hi);
    free(n);
}

/* A zeroed node of kind, or NULL (and p->oom) if memory ran out. */
static silk_qnode_t *node_new(parser_t *p, silk_qkind_t kind)
{
    silk_qnode_t *n = calloc(1, sizeof *n);
    if (n == NULL)
        p->oom = 1;
    else
        n->kind = kind;
    return n;
}

/* A malloc'ed copy of s[0..len) with runs of spaces squeezed to one and
 * the ends trimmed, or NULL (and p->oom). */
static char *squeeze(parser_t *p, const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (out == NULL) {
        p->oom = 1;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ' ' && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = s[i];
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    return out;
}

/* A malloc'ed copy of the NUL-terminated s, or NULL (and p->oom). */
static char *copy_str(parser_t *p, const char *s)
{
    return squeeze(p, s, strlen(s));
}

/* Append kid to n's kids. On failure frees kid, sets p->oom, returns -1. */
static int add_kid(parser_t *p, silk_qnode_t *n, silk_qnode_t *kid)
{
    silk_qnode_t **k = realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (k == NULL) {
        silk_qnode_free(kid);
        p->oom = 1;
        return -1;
    }
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return 0;
}

/* A node of kind over a and b (a may be NULL: a lone NOT). On failure
 * frees a and b, sets p->oom and returns NULL. */
static silk_qnode_t *node2(parser_t *p, silk_qkind_t kind, silk_qnode_t *a,
                           silk_qnode_t *b)
{
    silk_qnode_t *n = node_new(p, kind);
    if (n != NULL)
        n->kids = malloc(2 * sizeof *n->kids);
    if (n == NULL || n->kids == NULL) {
        p->oom = 1;
        free(n);
        silk_qnode_free(a);
        silk_qnode_free(b);
        return NULL;
    }
    n->kids[0] = a;
    n->kids[1] = b;
    n->nkids = 2;
    return n;
}

/* ---- parser ---------------------------------------------------------- */

static silk_qnode_t *parse_or(parser_t *p);
static silk_qnode_t *parse_primary(parser_t *p);

/* The lookahead token, read on first use; borrowed until next(). */
static tok_t *peek(parser_t *p)
{
    if (p->la.kind == T_NONE)
        lex(p, &p->la);
    return &p->la;
}

/* Consume the lookahead token. */
static void next(parser_t *p)
{
    p->la.kind = T_NONE;
}

/* A WORD or PHRASE leaf of s[start..start+len), or NULL when the text
 * has no letter or digit (noted: nothing to search for in it). */
static silk_qnode_t *leaf_text(parser_t *p, silk_qkind_t kind, int field,
                               size_t start, size_t len)
{
    const char *s = p->s + start;
    /* A bare * is everything (build.c), not punctuation to drop. */
    int star = kind == SILK_Q_WORD && field < 0 && len == 1 && s[0] == '*';
    if (!star && !has_content(s, len)) {
        size_t n = len;
        while (n > 0 && s[n - 1] == ' ')
            n--;
        while (n > 0 && *s == ' ') {
            s++;
            n--;
        }
        if (n == 0)
            silk_parse__note(&p->notes, "empty %s ignored",
                             kind == SILK_Q_PHRASE ? "quotes" : "word");
        else
            silk_parse__note(&p->notes, "\"%.*s\" ignored: no letters or digits",
                             silk_parse__quote_len(s, n), s);
        return NULL;
    }
    silk_qnode_t *n = node_new(p, kind);
    if (n == NULL)
        return NULL;
    n->text = squeeze(p, s, len);
    if (field >= 0 && n->text != NULL)
        n->field = copy_str(p, fields(field));
    if (p->oom) {
        silk_qnode_free(n);
        return NULL;
    }
    return n;
}

/* Put every WORD and PHRASE under n that has no field into the title. A
 * bare * stays everything: `title:*` reads as punctuation, so a title *
 * would not parse back as itself (found by fuzz_query). */
static void set_title(parser_t *p, silk_qnode_t *n)
{
    if (n == NULL)
        return;
    if ((n->kind == SILK_Q_WORD || n->kind == SILK_Q_PHRASE) && n->field == NULL &&
        !(n->kind == SILK_Q_WORD && n->text && strcmp(n->text, "*") == 0))
        n->field = copy_str(p, fields(F_TITLE));
    for (size_t i = 0; i < n->nkids; i++)
        set_title(p, n->kids[i]);
}

/* The node of a field token: a title word or phrase (or title:(group),
 * read here), or a FILTER; year and date values with ".." are ranges. NULL when
 * there is nothing to search for. */
static silk_qnode_t *field_node(parser_t *p, const tok_t *t)
{
    if (t->field == F_TITLE) {
        if (t->group) {
            silk_qnode_t *x = parse_primary(p);
            set_title(p, x);
            return x;
        }
        return leaf_text(p, t->quoted ? SILK_Q_PHRASE : SILK_Q_WORD, F_TITLE,
                         t->start, t->len);
    }
    char *v = squeeze(p, p->s + t->start, t->len);
    if (v == NULL)
        return NULL;
    if (v[0] == '\0') {
        silk_parse__note(&p->notes, "%s: with no value ignored", fields(t->field));
        free(v);
        return NULL;
    }
    silk_qnode_t *n = node_new(p, SILK_Q_FILTER);
    if (n == NULL) {
        free(v);
        return NULL;
    }
    n->field = copy_str(p, fields(t->field));
    char *dots = silk_fields[t->field].flags & SILK_FIELD_RANGE ? strstr(v, "..") : NULL;
    if (dots == NULL) {
        n->text = v;
    } else {
        *dots = '\0';
        n->is_range = 1;
        if (v[0] != '\0')
            n->lo = copy_str(p, v);
        if (dots[2] != '\0')
            n->hi = copy_str(p, dots + 2);
        free(v);
        if (!p->oom && n->lo == NULL && n->hi == NULL) {
            silk_parse__note(&p->notes, "%s:.. with no bounds ignored", fields(t->field));
            silk_qnode_free(n);
            return NULL;
        }
    }
    if (p->oom) {
        silk_qnode_free(n);
        return NULL;
    }
    return n;
}

/* primary := WORD | "PHRASE" | field:value | "(" or ")". NULL (nothing
 * consumed) before an operator, ')' or the end, and for text with nothing
 * to search for. */
static silk_qnode_t *parse_primary(parser_t *p)
{
    tok_t t = *peek(p);
    switch (t.kind) {
    case T_WORD:
    case T_PHRASE:
        next(p);
        return leaf_text(p, t.kind == T_WORD ? SILK_Q_WORD : SILK_Q_PHRASE, -1,
                         t.start, t.len);
    case T_FIELD:
        next(p);
        return field_node(p, &t);
    case T_LPAREN: {
        next(p);
        p->depth++;
        silk_qnode_t *x = parse_or(p);
        if (peek(p)->kind == T_RPAREN)
            next(p);
        else if (!p->oom)
            silk_parse__note(&p->notes, "unbalanced '(': closed at the end");
        p->depth--;
        return x;
    }
    default:
        return NULL;
    }
}

/* unary := "-" primary | "+" primary | primary. */
static silk_qnode_t *parse_unary(parser_t *p)
{
    tkind_t k = peek(p)->kind;
    if (k != T_MINUS && k != T_PLUS)
        return parse_primary(p);
    next(p);
    silk_qnode_t *x = parse_primary(p);
    if (x == NULL) {
        if (!p->oom)
            silk_parse__note(&p->notes, "'%c' with nothing after it ignored",
                             k == T_MINUS ? '-' : '+');
        return NULL;
    }
    if (k == T_PLUS) {
        x->required = 1;
        return x;
    }
    return node2(p, SILK_Q_NOT, NULL, x);
}

/* group := unary+ — terms side by side. One term is returned as itself. */
static silk_qnode_t *parse_group(parser_t *p)
{
    silk_qnode_t *first = NULL, *g = NULL;
    for (;;) {
        tkind_t k = peek(p)->kind;
        if (k != T_WORD && k != T_PHRASE && k != T_FIELD && k != T_LPAREN &&
            k != T_MINUS && k != T_PLUS)
            break;
        silk_qnode_t *x = parse_unary(p);
        if (x == NULL) {
            if (p->oom)
                break;
            continue;
        }
        if (first == NULL) {
            first = x;
            continue;
        }
        if (g == NULL) {
            g = node_new(p, SILK_Q_GROUP);
            if (g == NULL || add_kid(p, g, first) < 0) {
                first = NULL;
                silk_qnode_free(x);
                break;
            }
        }
        if (add_kid(p, g, x) < 0)
            break;
    }
    if (p->oom) {
        silk_qnode_free(g != NULL ? g : first);
        return NULL;
    }
    if (g != NULL)
        return g;
    if (first != NULL)
        first->required = 0;
    return first;
}

/* and := group (("AND" | "NOT" | "AND NOT") group)*, left to right. An
 * operator with nothing on one side is dropped (noted), except a leading
 * NOT, which excludes: "NOT x" reads as "-x". */
static silk_qnode_t *parse_and(parser_t *p)
{
    silk_qnode_t *left = parse_group(p);
    while (!p->oom) {
        silk_qkind_t op;
        tkind_t k = peek(p)->kind;
        if (k == T_AND) {
            next(p);
            op = SILK_Q_AND;
            if (peek(p)->kind == T_NOT) {
                next(p);
                op = SILK_Q_NOT;
            }
        } else if (k == T_NOT) {
            next(p);
            op = SILK_Q_NOT;
        } else {
            break;
        }
        const char *name = op == SILK_Q_AND ? "AND" : "NOT";
        silk_qnode_t *right = parse_group(p);
        if (right == NULL) {
            if (!p->oom)
                silk_parse__note(&p->notes, "%s with nothing after it ignored", name);
        } else if (left == NULL && op == SILK_Q_AND) {
            silk_parse__note(&p->notes, "AND with nothing before it ignored");
            left = right;
        } else if (op == SILK_Q_AND && left->kind == SILK_Q_AND) {
            add_kid(p, left, right);
        } else {
            left = node2(p, op, left, right);
        }
    }
    if (p->oom) {
        silk_qnode_free(left);
        return NULL;
    }
    return left;
}

/* or := and ("OR" and)*. An OR with nothing on one side is dropped. */
static silk_qnode_t *parse_or(parser_t *p)
{
    silk_qnode_t *left = parse_and(p);
    while (!p->oom && peek(p)->kind == T_OR) {
        next(p);
        silk_qnode_t *right = parse_and(p);
        if (right == NULL) {
            if (!p->oom)
                silk_parse__note(&p->notes, "OR with nothing after it ignored");
        } else if (left == NULL) {
            silk_parse__note(&p->notes, "OR with nothing before it ignored");
            left = right;
        } else if (left->kind == SILK_Q_OR) {
            add_kid(p, left, right);
        } else {
            left = node2(p, SILK_Q_OR, left, right);
        }
    }
    if (p->oom) {
        silk_qnode_free(left);
        return NULL;
    }
    return left;
}

/* The whole of p's input as a tree (NULL when it has nothing to search). */
static silk_qnode_t *parse_all(parser_t *p)
{
    silk_qnode_t *tree = parse_or(p);
    /* parse_or stops only at the end: ')' at depth 0 is skipped by lex. */
    while (!p->oom && peek(p)->kind != T_END)
        next(p);
    return tree;
}

/* True if the plain reading tree is pasted text in capitals: its
 * canonical text has no lower-case letter, and more than
 * SILK_QUERY_CAPS_OPERATOR_WORDS terms besides AND, OR, NOT and the
 * signs, which it uses. Decided on the canonical text, not on the input,
 * so that parsing the canonical text decides the same (a part the reading
 * dropped, a lower-case "title:(" with nothing in it, has no say). */
static int pasted_capitals(const silk_qnode_t *tree, int *oom)
{
    char *canon = silk_qnode_format(tree);
    if (canon == NULL) {
        *oom = 1;
        return 0;
    }
    int caps = 0;
    if (!has_lower(canon)) {
        parser_t c;
        memset(&c, 0, sizeof c);
        if ((c.s = sanitize(canon)) == NULL) {
            *oom = 1;
        } else {
            silk_qnode_free(parse_all(&c));
            silk_parse__notes_clear(&c.notes);
            caps = c.nops > 0 && c.nleaves > SILK_QUERY_CAPS_OPERATOR_WORDS;
            *oom |= c.oom;
            free(c.s);
        }
    }
    free(canon);
    return caps;
}

silk_qnode_t *silk_query_parse(const char *q, char **notes)
{
    if (notes != NULL)
        *notes = NULL;
    if (q == NULL)
        return NULL;
    parser_t p;
    memset(&p, 0, sizeof p);
    p.s = sanitize(q);
    if (p.s == NULL)
        return NULL;
    silk_qnode_t *tree = parse_all(&p);
    /* Pasted text in capitals (SILK_QUERY_CAPS_OPERATOR_WORDS): read again
     * with AND, OR, NOT and the signs '-' and '+' as words. */
    if (!p.oom && p.nops > 0 && pasted_capitals(tree, &p.oom)) {
        char *s = p.s;
        silk_qnode_free(tree);
        silk_parse__notes_clear(&p.notes);
        memset(&p, 0, sizeof p);
        p.s = s;
        p.caps_words = 1;
        silk_parse__note(&p.notes, "no lower-case letter: AND, OR, NOT, - and + read as words");
        tree = parse_all(&p);
    }
    if (p.oom) {
        silk_qnode_free(tree);
        tree = NULL;
        silk_parse__notes_clear(&p.notes);
    }
    if (notes != NULL)
        *notes = silk_parse__notes_join(&p.notes);
    else
        silk_parse__notes_clear(&p.notes);
    free(p.s);
    return tree;
}

/* ---- canonical reading ----------------------------------------------- */

/* A growing string. */
typedef struct sbuf {
    char *b;
    size_t n, cap;
    int oom;
} sbuf_t;

/* Append s[0..len) to sb, keeping it NUL-terminated; on failure sets
 * sb->oom and appends nothing more. */
static void put(sbuf_t *sb, const char *s, size_t len)
{
    if (sb->oom)
        return;
    if (sb->n + len + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 64;
        while (cap < sb->n + len + 1)
            cap *= 2;
        char *b = realloc(sb->b, cap);
        if (b == NULL) {
            sb->oom = 1;
            return;
        }
        sb->b = b;
        sb->cap = cap;
    }
    memcpy(sb->b + sb->n, s, len);
    sb->n += len;
    sb->b[sb->n] = '\0';
}

/* Append the NUL-terminated s. */
static void put_str(sbuf_t *sb, const char *s)
{
    put(sb, s, strlen(s));
}

/* Binding strength: looser operators print inside parentheses. */
static int prec(const silk_qnode_t *n)
{
    switch (n->kind) {
    case SILK_Q_OR: return 1;
    case SILK_Q_AND: return 2;
    case SILK_Q_NOT: return n->kids[0] != NULL ? 2 : 4;
    case SILK_Q_GROUP: return 3;
    default: return 4;
    }
}

static void fmt(sbuf_t *sb, const silk_qnode_t *n);

/* n, in brackets if wrap. */
static void fmt_wrapped(sbuf_t *sb, const silk_qnode_t *n, int wrap)
{
    if (wrap)
        put_str(sb, "(");
    fmt(sb, n);
    if (wrap)
        put_str(sb, ")");
}

/* n after a '-' or '+': bracketed unless it is a plain term that could
 * not be read as part of the sign ("--x" is a word, "-(-x)" is not). */
static void fmt_signed(sbuf_t *sb, char sign, const silk_qnode_t *n)
{
    int wrap = prec(n) < 4 || n->kind == SILK_Q_NOT ||
               (n->kind == SILK_Q_WORD && n->field == NULL &&
                (n->text[0] == '-' || n->text[0] == '+'));
    put(sb, &sign, 1);
    fmt_wrapped(sb, n, wrap);
}

/* True if word w, printed bare, would read as a '-' or '+' sign and a
 * term (a "-GROWERS" read as a word from pasted capitals). */
static int sign_like(const char *w)
{
    return (w[0] == '-' || w[0] == '+') && w[1] != '\0' && w[1] != ')' &&
           w[1] != '-' && w[1] != '+';
}

/* True if a filter value can be printed without quotes. */
static int bare_ok(const char *v)
{
    if (v[0] == '\0')
        return 0;
    for (const char *s = v; *s; s++)
        if (*s == ' ' || *s == '(' || *s == ')' || quote_len(s))
            return 0;
    return 1;
}

/* n in canonical syntax, appended to sb. */
static void fmt(sbuf_t *sb, const silk_qnode_t *n)
{
    switch (n->kind) {
    case SILK_Q_WORD:
    case SILK_Q_PHRASE:
        if (n->field != NULL) {
            put_str(sb, n->field);
            put_str(sb, ":");
        }
        /* A word spelt like an operator ("OR" from "OR:x") prints quoted,
         * so that the reading parses back as a search for it. */
        int quoted = n->kind == SILK_Q_PHRASE || sign_like(n->text) ||
                     strcmp(n->text, "AND") == 0 ||
                     strcmp(n->text, "OR") == 0 || strcmp(n->text, "NOT") == 0;
        if (quoted)
            put_str(sb, "\"");
        put_str(sb, n->text);
        if (quoted)
            put_str(sb, "\"");
        break;
    case SILK_Q_FILTER:
        put_str(sb, n->field);
        put_str(sb, ":");
        if (n->is_range) {
            /* Ends read from a quoted value ("020.. x y") print quoted. */
            int q = (n->lo && !bare_ok(n->lo)) || (n->hi && !bare_ok(n->hi));
            if (q)
                put_str(sb, "\"");
            put_str(sb, n->lo ? n->lo : "");
            put_str(sb, "..");
            put_str(sb, n->hi ? n->hi : "");
            if (q)
                put_str(sb, "\"");
        } else if (bare_ok(n->text)) {
            put_str(sb, n->text);
        } else {
            put_str(sb, "\"");
            put_str(sb, n->text);
            put_str(sb, "\"");
        }
        break;
    case SILK_Q_NOT:
        if (n->kids[0] == NULL) {
            fmt_signed(sb, '-', n->kids[1]);
            break;
        }
        fmt_wrapped(sb, n->kids[0], prec(n->kids[0]) < 2);
        put_str(sb, " NOT ");
        fmt_wrapped(sb, n->kids[1], prec(n->kids[1]) <= 2);
        break;
    case SILK_Q_AND:
    case SILK_Q_OR: {
        int pp = prec(n);
        for (size_t i = 0; i < n->nkids; i++) {
            if (i > 0)
                put_str(sb, n->kind == SILK_Q_AND ? " AND " : " OR ");
            int pk = prec(n->kids[i]);
            fmt_wrapped(sb, n->kids[i], pk < pp || (pk == pp && i > 0));
        }
        break;
    }
    case SILK_Q_GROUP:
        for (size_t i = 0; i < n->nkids; i++) {
            if (i > 0)
                put_str(sb, " ");
            if (n->kids[i]->required)
                fmt_signed(sb, '+', n->kids[i]);
            else
                fmt_wrapped(sb, n->kids[i], prec(n->kids[i]) <= 3);
        }
        break;
    }
}

char *silk_qnode_format(const silk_qnode_t *n)
{
    sbuf_t sb = {NULL, 0, 0, 0};
    put(&sb, "", 0);
    if (n != NULL)
        fmt(&sb, n);
    if (sb.oom) {
        free(sb.b);
        return NULL;
    }
    return sb.b;
}
