/* reader_sgml.c: the corpus reader's SGML news collections — Reuters-21578
 * (.sgm: one <REUTERS NEWID="n"> element a story) and TREC-style <DOC>
 * files (AP, WSJ, LA Times, FT, FBIS: <DOCNO>, a headline, <TEXT>), plain
 * or gzip'ed, streamed one story at a time; a small tag scanner, no SGML
 * parser. Reuters stories get the fields of shared/tools/to_jsonl.py (so
 * raw/ and docs.jsonl index alike). See reader.h and docs/corpus-format.md
 * ("SGML news collections").
 */
#define _POSIX_C_SOURCE 200809L

#include "reader_int.h"
#include "indexer_int.h"
#include "silk_date.h"
#include "silk_utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

/* Bytes read from the file at a time (the stream's buffer); a story is
 * held whole, with at most this much of what follows it. */
#define SGML_CHUNK (64u << 10)
/* How far into a file without a known extension its first tag may be
 * looked for (past a BOM, blank lines, a <!DOCTYPE> and comments). */
#define SNIFF_BYTES 4096
/* A NUL byte this early means the file is not text (as for JSON). */
#define BINARY_SNIFF_BYTES 8192

/* ---- small helpers over byte ranges ---- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does s[0..n) start with the ASCII word w, in any case? */
static bool starts_ci(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (lower(s[i]) != lower(w[i]))
            return false;
    return true;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Does the tag name at s[0..n) end here (a '>', '/', white space)? */
static bool name_ends(const char *s, size_t n)
{
    return n == 0 || s[0] == '>' || s[0] == '/' || is_blank(s[0]);
}

/* ---- elements: the first <NAME ...>...</NAME> in a range ---- */

typedef struct elem {
    size_t tag;              /* its start tag's '<' */
    size_t attr, attr_end;   /* the start tag's attributes */
    size_t start, end;       /* its content */
    size_t after;            /* past its end tag (or the range's end) */
} elem_t;

/* The first element named name (any case) in s[from..to): its content
 * runs to the first </name> after it, or to `to` when it is not closed
 * (elements of one name are not nested in these collections). */
static bool find_elem(const char *s, size_t from, size_t to, const char *name,
                      elem_t *e)
{
    size_t k = strlen(name);
    for (size_t i = from; i + 1 + k <= to; i++) {
        const char *lt = memchr(s + i, '<', to - i);
        if (!lt)
            return false;
        i = (size_t)(lt - s);
        if (i + 1 + k > to)
            return false;
        if (!starts_ci(s + i + 1, to - i - 1, name) ||
            !name_ends(s + i + 1 + k, to - i - 1 - k))
            continue;
        const char *gt = memchr(s + i, '>', to - i);
        if (!gt)
            return false;
        e->tag = i;
        e->attr = i + 1 + k;
        e->attr_end = (size_t)(gt - s);
        e->start = e->attr_end + 1;
        e->end = e->after = to;
        for (size_t j = e->start; j + 3 + k <= to; j++) {
            const char *c = memchr(s + j, '<', to - j);
            if (!c)
                break;
            j = (size_t)(c - s);
            if (j + 3 + k <= to && s[j + 1] == '/' &&
                starts_ci(s + j + 2, to - j - 2, name) && s[j + 2 + k] == '>') {
                e->end = j;
                e->after = j + 3 + k;
                break;
            }
        }
        return true;
    }
    return false;
}

/* The value of attribute name in the start tag s[a..b) (NAME="value", as
 * to_jsonl.py reads them: the last one given wins), or false. */
static bool attr_value(const char *s, size_t a, size_t b, const char *name,
                       size_t *vs, size_t *ve)
{
    size_t k = strlen(name);
    bool found = false;
    for (size_t i = a; i + k + 2 <= b; i++) {
        if ((i > a && !is_blank(s[i - 1])) || !starts_ci(s + i, b - i, name) ||
            s[i + k] != '=' || s[i + k + 1] != '"')
            continue;
        const char *q = memchr(s + i + k + 2, '"', b - (i + k + 2));
        if (!q)
            break;
        *vs = i + k + 2;
        *ve = (size_t)(q - s);
        found = true;
        i = *ve;
    }
    return found;
}

/* ---- text: entities, control characters, tags ---- */

/* What a tag becomes in text. */
typedef enum tags { TAGS_SPACE, TAGS_PARA } tags_t;

/* Named entities: SGML's and XML's five, and those TREC files use for
 * spacing. Others are kept as written. */
static const struct entity {
    const char *name, *text;
} entities[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
    {"nbsp", "\xC2\xA0"}, {"hyph", "-"}, {"blank", " "},
};

/* Append code point c as UTF-8; control characters (but TAB and LF),
 * noncharacters and C1 controls become nothing (Reuters' &#3; ends each
 * story; &#5;, &#22;, &#31; are wire codes), an impossible one U+FFFD;
 * &#128;..&#159; are Windows-1252 bytes, as HTML reads them. */
static void put_code(silk_buf_t *out, unsigned long c)
{
    if (c >= 0x80 && c <= 0x9F) {
        char b = (char)c;
        size_t before = out->len;
        silk_utf8_from_cp1252(out, &b, 1);
        /* an undefined byte maps to its C1 control: drop it */
        if (out->len == before + 2 && (unsigned char)out->p[before] == 0xC2)
            out->len = before, out->p[before] = '\0';
        return;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
        (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE)
        return;
    char u[4];
    size_t n;
    if (c >= 0xD800 && c <= 0xDFFF)
        c = 0xFFFD;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else if (c <= 0x10FFFF) {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    } else {
        silk_buf_append(out, SILK_UTF8_REPLACEMENT, 3);
        return;
    }
    silk_buf_append(out, u, n);
}

/* The entity reference at s[0..n) (s[0] == '&'): appends its text and
 * returns its length, or 0 when it is none (a bare '&', "AT&T", an
 * unknown name). Numeric ones may lack their ';', as HTML allows. */
static size_t entity(const char *s, size_t n, silk_buf_t *out)
{
    if (n >= 3 && s[1] == '#') {
        bool hex = s[2] == 'x' || s[2] == 'X';
        size_t i = hex ? 3 : 2, d0 = i;
        unsigned long c = 0;
        for (; i < n && i < d0 + 8; i++) {
            char ch = lower(s[i]);
            int v = ch >= '0' && ch <= '9' ? ch - '0'
                  : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
            if (v < 0)
                break;
            c = c * (hex ? 16 : 10) + (unsigned long)v;
        }
        if (i == d0)
            return 0;
        put_code(out, c);
        return i < n && s[i] == ';' ? i + 1 : i;
    }
    for (size_t e = 0; e < sizeof entities / sizeof *entities; e++) {
        size_t k = strlen(entities[e].name);
        if (n >= k + 2 && memcmp(s + 1, entities[e].name, k) == 0 &&
            s[k + 1] == ';') {
            silk_buf_puts(out, entities[e].text);
            return k + 2;
        }
    }
    return 0;
}

/* Is s[0..n) at a tag: '<' then a name, '/', '!' or '?' and a '>'? Its
 * length, or 0. A comment runs to its "-->". */
static size_t tag_len(const char *s, size_t n)
{
    if (n < 3)
        return 0;
    char c = lower(s[1]);
    if (!((c >= 'a' && c <= 'z') || c == '/' || c == '!' || c == '?'))
        return 0;
    if (n >= 4 && memcmp(s, "<!--", 4) == 0) {
        for (size_t i = 4; i + 3 <= n; i++)
            if (memcmp(s + i, "-->", 3) == 0)
                return i + 3;
        return n;
    }
    const char *gt = memchr(s, '>', n);
    return gt ? (size_t)(gt - s) + 1 : 0;
}

/* Append the text of the SGML s[a..b) to out: entity references decoded,
 * control characters dropped (TAB and LF kept), each tag a space — or,
 * with TAGS_PARA, a <P> or </P> a blank line (a paragraph's end). Returns
 * 0, or -1 when memory ran out. */
static int sgml_text(const char *s, size_t a, size_t b, tags_t mode,
                     silk_buf_t *out)
{
    size_t run = a;
    for (size_t i = a; i < b;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = 0;
        if (c == '&' || c == '<' || (c < 0x20 && c != '\t' && c != '\n') ||
            c == 0x7F || (c == 0xC2 && i + 1 < b &&
                          (unsigned char)s[i + 1] >= 0x80 &&
                          (unsigned char)s[i + 1] <= 0x9F)) {
            silk_buf_append(out, s + run, i - run);
            if (c == '&' && (k = entity(s + i, b - i, out)) > 0) {
                i += k;
            } else if (c == '<' && (k = tag_len(s + i, b - i)) > 0) {
                bool para = mode == TAGS_PARA &&
                            ((starts_ci(s + i, k, "<p") &&
                              name_ends(s + i + 2, k - 2)) ||
                             (starts_ci(s + i, k, "</p") &&
                              name_ends(s + i + 3, k - 3)));
                silk_buf_puts(out, para ? "\n\n" : " ");
                i += k;
            } else if (c == '&' || c == '<') {
                silk_buf_putc(out, (char)c);
                i++;
            } else {
                i += c == 0xC2 ? 2 : 1;   /* a control character: dropped */
            }
            run = i;
        } else {
            i++;
        }
    }
    silk_buf_append(out, s + run, b - run);
    return out->failed ? -1 : 0;
}

/* s[0..n) with each run of white space one space, none at the ends
 * (to_jsonl.py's one_line), appended to out. */
static int one_line(const char *s, size_t n, silk_buf_t *out)
{
    bool gap = false, any = false;
    for (size_t i = 0; i < n;) {
        size_t k = silk_indexer__space_len(s + i, n - i);
        if (k) {
            gap = true;
            i += k;
            continue;
        }
        if (gap && any)
            silk_buf_putc(out, ' ');
        gap = false;
        any = true;
        size_t j = i + 1;
        while (j < n && !silk_indexer__space_len(s + j, n - j))
            j++;
        silk_buf_append(out, s + i, j - i);
        i = j;
    }
    return silk_buf_append(out, "", 0) < 0 || out->failed ? -1 : 0;
}

/* The paragraphs of hard-wrapped text s[0..n) (to_jsonl.py's
 * paragraphs(..., 'indent')): a blank line, or a line indented by three
 * spaces or a TAB, starts a paragraph; a paragraph's lines are joined with
 * single spaces; paragraphs are separated by a blank line. Into out. */
static int paragraphs(const char *s, size_t n, silk_buf_t *out)
{
    bool in_para = false;
    size_t start = out->len;
    for (size_t i = 0; i <= n;) {
        const char *nl = i < n ? memchr(s + i, '\n', n - i) : NULL;
        size_t e = nl ? (size_t)(nl - s) : n;
        const char *l = s + i;
        size_t ln = e - i;
        if (silk_reader__all_space(l, ln)) {
            in_para = false;
        } else {
            bool indent = (ln >= 3 && memcmp(l, "   ", 3) == 0) || l[0] == '\t';
            if (out->len > start)
                silk_buf_puts(out, in_para && !indent ? " " : "\n\n");
            one_line(l, ln, out);
            in_para = true;
        }
        if (!nl)
            break;
        i = e + 1;
    }
    return silk_buf_append(out, "", 0) < 0 || out->failed ? -1 : 0;
}

/* The text of element e of s, one line (a title, a DOCNO), into out. */
static int elem_line(const char *s, const elem_t *e, silk_buf_t *out,
                     silk_buf_t *tmp)
{
    tmp->len = 0;
    if (sgml_text(s, e->start, e->end, TAGS_SPACE, tmp) < 0)
        return -1;
    return one_line(tmp->p ? tmp->p : "", tmp->len, out);
}

/* ---- one story ---- */

/* How the file's bytes are decoded (chosen for the whole file, as for
 * .txt: UTF-8; Windows-1252 when no byte of it is UTF-8; else repaired). */
typedef enum decoding { DEC_UTF8, DEC_REPAIRED, DEC_CP1252 } decoding_t;

/* A file being read. */
typedef struct sgml_file {
    walk_t *w;
    const char *path;
    size_t strip;            /* the extension dropped from its id */
    decoding_t how;
    bool repaired;           /* the story being read had bad UTF-8 */
    unsigned long index;     /* stories met so far */
    silk_buf_t text, tmp, title, body, a, b;  /* scratch, reused */
} sgml_file_t;

/* Trim white space from both ends of s[*a..*b). */
static void trim_range(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && is_blank(s[*a]))
        (*a)++;
    while (*b > *a && is_blank(s[*b - 1]))
        (*b)--;
}

/* Drop the wire's sign-off from the end of body text t, in place, as
 * to_jsonl.py does: trailing white space, then a last line "Reuter" or
 * "Reuters" (any case) with the white space before it. */
static void drop_signoff(silk_buf_t *t)
{
    size_t n = t->len, k = 0;
    while (n && is_blank(t->p[n - 1]))
        n--;
    if (n >= 7 && starts_ci(t->p + n - 7, 7, "reuters"))
        k = 7;
    else if (n >= 6 && starts_ci(t->p + n - 6, 6, "reuter"))
        k = 6;
    if (k) {
        size_t i = n - k, nl = SIZE_MAX;
        while (i > 0 && is_blank(t->p[i - 1]))
            if (t->p[--i] == '\n')
                nl = i;
        if (nl != SIZE_MAX)
            n = nl;
    }
    t->len = n;
    if (t->p)
        t->p[n] = '\0';
}

/* Add key: the <D> items of element name of the story rec[a..b) to obj,
 * a list (empty when there is none), as docs.jsonl keeps them. */
static int put_dlist(json_t *obj, const char *key, const char *rec, size_t a,
                     size_t b, const char *name, silk_buf_t *tmp)
{
    json_t *list = json_array();
    elem_t e, d;
    if (!list || json_object_set_new(obj, key, list) < 0)
        return -1;
    if (!find_elem(rec, a, b, name, &e))
        return 0;
    for (size_t i = e.start; find_elem(rec, i, e.end, "d", &d); i = d.after) {
        tmp->len = 0;
        if (sgml_text(rec, d.start, d.end, TAGS_SPACE, tmp) < 0)
            return -1;
        size_t s = 0, t = tmp->len;
        trim_range(tmp->p ? tmp->p : "", &s, &t);
        if (json_array_append_new(list, json_stringn(tmp->p ? tmp->p + s : "",
                                                     t - s)) < 0)
            return -1;
        if (d.after >= e.end)
            break;
    }
    return 0;
}

/* Add key: the one-line text of element name of rec[a..b) to obj, when it
 * is there and not empty as written (to_jsonl.py's "if author:"). */
static int put_line(json_t *obj, const char *key, const char *rec, size_t a,
                    size_t b, const char *name, silk_buf_t *out,
                    silk_buf_t *tmp)
{
    elem_t e;
    if (!find_elem(rec, a, b, name, &e) || e.end == e.start)
        return 0;
    out->len = 0;
    if (elem_line(rec, &e, out, tmp) < 0)
        return -1;
    return json_object_set_new(obj, key, json_stringn(out->p, out->len));
}

/* Add key: the attribute name of the start tag rec[a..b) (or "") to obj. */
static int put_attr(json_t *obj, const char *key, const char *rec, size_t a,
                    size_t b, const char *name)
{
    size_t vs, ve;
    if (!attr_value(rec, a, b, name, &vs, &ve))
        vs = ve = a;
    return json_object_set_new(obj, key, json_stringn(rec + vs, ve - vs));
}

/* A Reuters <DATE> ("26-FEB-1987 15:01:01.79", sometimes with wire codes
 * after the time, or a broken time as NEWID 17192's "605:12:19.12"): the
 * first D-MON-YYYY in it as YYYY-MM-DD into date, and with a good time
 * after it the datetime docs.jsonl keeps ("1987-02-26T15:01:01.79"), as
 * to_jsonl.py's reuters_date. False when there is no such date. */
static bool reuters_date(const char *s, size_t n, char *date, size_t dsz,
                         char *dt, size_t tsz)
{
    static const char *const mons[12] = {"jan", "feb", "mar", "apr", "may",
                                         "jun", "jul", "aug", "sep", "oct",
                                         "nov", "dec"};
    *date = *dt = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t j = i, day = 0;
        while (j < n && j < i + 2 && s[j] >= '0' && s[j] <= '9')
            day = day * 10 + (size_t)(s[j++] - '0');
        if (j == i || j + 9 > n || s[j] != '-' || s[j + 4] != '-')
            continue;
        int mon = -1;
        bool shape = true;
        for (size_t q = j + 1; q < j + 4; q++)
            shape = shape && ((lower(s[q]) >= 'a' && lower(s[q]) <= 'z'));
        for (size_t q = j + 5; q < j + 9; q++)
            shape = shape && s[q] >= '0' && s[q] <= '9';
        if (!shape)
            continue;
        for (int m = 0; m < 12; m++)
            if (starts_ci(s + j + 1, 3, mons[m]))
                mon = m;
        if (mon < 0)     /* the first D-Mon-YYYY is the date, or none */
            return false;
        size_t y = j + 5;
        snprintf(date, dsz, "%.4s-%02d-%02d", s + y, mon + 1, (int)(day % 100));
        /* \s+ H{1,2}:MM:SS(.frac)? with an hour up to 23 */
        size_t t = y + 4, t0 = t;
        while (t < n && is_blank(s[t]))
            t++;
        size_t h0 = t, hour = 0;
        while (t < n && t < h0 + 2 && s[t] >= '0' && s[t] <= '9')
            hour = hour * 10 + (size_t)(s[t++] - '0');
        bool ok = t > t0 && h0 > t0 && t > h0 && t + 6 <= n && s[t] == ':' &&
                  s[t + 3] == ':' && hour <= 23;
        for (size_t q = 1; ok && q < 6; q++)
            ok = q == 3 || (s[t + q] >= '0' && s[t + q] <= '9');
        if (ok) {
            size_t f = t + 6;
            if (f + 1 < n && s[f] == '.' && s[f + 1] >= '0' && s[f + 1] <= '9')
                for (f++; f < n && s[f] >= '0' && s[f] <= '9'; f++)
                    ;
            snprintf(dt, tsz, "%sT%02d:%.*s", date, (int)(hour % 100),
                     (int)(f - t - 1), s + t + 1);
        }
        return true;
    }
    return false;
}

/* Is s[i..i+k) k digits? */
static bool digits_at(const char *s, size_t n, size_t i, size_t k)
{
    if (i + k > n)
        return false;
    for (size_t j = i; j < i + k; j++)
        if (s[j] < '0' || s[j] > '9')
            return false;
    return true;
}

/* A TREC date element's text: a date the metadata parser reads ("January
 * 1, 1989"), the part of it before a comma that is one ("January 1, 1989,
 * Sunday, Home Edition"), TREC's YYMMDD / YYYYMMDD ("880101": 19YY), or —
 * with us set, for WSJ's <DD> and AQUAINT's <DATE_TIME>, whose dates are
 * American — MM/DD/YY or MM/DD/YYYY ("03/24/87", "06/01/1998 00:02").
 * Each may be followed by a time after a space. "" when there is none. */
static void trec_date(const char *s, size_t n, bool us,
                      char out[SILK_DATE_BYTES])
{
    silk_date_t d;
    size_t a = 0, b = n, k = 0;
    char iso[16] = "";
    *out = '\0';
    trim_range(s, &a, &b);
    while (digits_at(s, b, a + k, 1))
        k++;
    bool alone = a + k == b || s[a + k] == ' ';
    if (k == 6 && alone)
        snprintf(iso, sizeof iso, "19%.2s-%.2s-%.2s", s + a, s + a + 2,
                 s + a + 4);
    else if (k == 8 && alone)
        snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s + a, s + a + 4,
                 s + a + 6);
    else if (us && k == 2 && digits_at(s, b, a + 3, 2) && s[a + 2] == '/' &&
             s[a + 5] == '/' && digits_at(s, b, a + 6, 2)) {
        bool y4 = digits_at(s, b, a + 6, 4);
        size_t end = a + (y4 ? 10 : 8);
        if (end == b || s[end] == ' ')
            snprintf(iso, sizeof iso, "%s%.*s-%.2s-%.2s", y4 ? "" : "19",
                     y4 ? 4 : 2, s + a + 6, s + a, s + a + 3);
    }
    if (*iso) {
        if (silk_date_parse(iso, strlen(iso), &d) && d.day)
            silk_date_format(&d, out);
        return;
    }
    for (size_t e = b; e > a; e--) {
        if (e < b && s[e] != ',')
            continue;
        if (silk_date_parse(s + a, e - a, &d)) {
            silk_date_format(&d, out);
            return;
        }
    }
}

/* Deliver the article made of what f->title and f->body hold (title
 * derived from the body when empty), or report it empty. */
static int deliver(sgml_file_t *f, unsigned long line, const char *id,
                   const char *date, bool bad_date, const char *extra,
                   const char *what)
{
    walk_t *w = f->w;
    char *pid = NULL, suffix[32];
    const char *title = f->title.p ? f->title.p : "";
    const char *body = f->body.p ? f->body.p : "";
    int rc = 0;

    if (silk_reader__all_space(title, f->title.len) &&
        silk_reader__all_space(body, f->body.len)) {
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, f->path, line,
                "%s has no title and no text: nothing to index", what);
        return 0;
    }
    if (silk_reader__all_space(title, f->title.len)) {
        if (silk_reader__derive_title(body, f->body.len, &f->tmp) < 0)
            return silk_reader__no_memory(w, f->path, line, 0);
        title = f->tmp.p;
    }
    if (!id) {
        snprintf(suffix, sizeof suffix, ":%lu", f->index);
        if (!(id = pid = silk_reader__path_id(w, f->path, f->strip, suffix)))
            return silk_reader__no_memory(w, f->path, line, 0);
    }
    silk_article_t a = {
        .id = id,
        .title = title,
        .body = body,
        .body_len = f->body.len,
        .date = date,
        .source = "",
        .url = "",
        .path = f->path,
        .rel = silk_reader__rel_path(w, f->path),
        .extra = extra ? extra : "{}",
        .line = line,
        .index = f->index,
        .invalid_utf8 = f->repaired,
        .cp1252 = f->how == DEC_CP1252,
        .bad_date = bad_date,
    };
    if (w->cbs->article)
        rc = w->cbs->article(w->ctx, &a);
    free(pid);
    return rc;
}

/* The story's own id (NEWID, DOCNO), given or not, as read into out,
 * checked: NULL for the position's id (none given, or empty: a bad id);
 * *skip when it is too long (a bad id too). */
static const char *story_id(sgml_file_t *f, unsigned long line, bool given,
                            const char *what, silk_buf_t *out, bool *skip)
{
    *skip = false;
    if (!given)
        return NULL;
    if (out->len == 0) {
        silk_reader__problem(f->w, SILK_PROBLEM_BAD_ID, f->path, line,
                "empty %s: its place in the file gives the id", what);
        return NULL;
    }
    if (out->len > SILK_MAX_ID_BYTES) {
        silk_reader__problem(f->w, SILK_PROBLEM_BAD_ID, f->path, line,
                "%s of %zu bytes (at most %d): story skipped", what, out->len,
                SILK_MAX_ID_BYTES);
        *skip = true;
    }
    return out->p;
}

/* A <REUTERS> story s[0..n) (from its start tag): the fields of
 * to_jsonl.py. */
static int reuters_story(sgml_file_t *f, const char *s, size_t n,
                         unsigned long line)
{
    walk_t *w = f->w;
    json_t *x = json_object();
    char *extra = NULL;
    int rc = 0;
    const char *gt = memchr(s, '>', n);
    size_t ta = strlen("<REUTERS"), tb = gt ? (size_t)(gt - s) : n;
    size_t rec = gt ? tb + 1 : n, vs, ve;
    elem_t text, e;

    if (!x)
        goto nomem;
    f->title.len = f->body.len = f->a.len = 0;
    bool has_id = attr_value(s, ta, tb, "NEWID", &vs, &ve);
    if (has_id && silk_buf_append(&f->a, s + vs, ve - vs) < 0)
        goto nomem;
    bool skip;
    const char *id = story_id(f, line, has_id, "NEWID", &f->a, &skip);
    if (skip)
        goto done;

    char date[SILK_DATE_BYTES] = "", dt[64], ymd[32];
    bool bad_date = false;
    if (find_elem(s, rec, n, "DATE", &e)) {
        f->b.len = 0;
        if (sgml_text(s, e.start, e.end, TAGS_SPACE, &f->b) < 0)
            goto nomem;
        if (reuters_date(f->b.p, f->b.len, ymd, sizeof ymd, dt, sizeof dt)) {
            bad_date = !silk_date_normalize(ymd, date);
            if (bad_date)
                silk_reader__problem(w, SILK_PROBLEM_BAD_DATE, f->path, line,
                        "impossible date \"%s\": indexed without a date", ymd);
        }
        if (*dt && json_object_set_new(x, "datetime", json_string(dt)) < 0)
            goto nomem;
    }
    if (put_dlist(x, "places", s, rec, n, "PLACES", &f->b) < 0 ||
        put_dlist(x, "topics", s, rec, n, "TOPICS", &f->b) < 0 ||
        put_dlist(x, "orgs", s, rec, n, "ORGS", &f->b) < 0 ||
        put_dlist(x, "people", s, rec, n, "PEOPLE", &f->b) < 0 ||
        put_dlist(x, "exchanges", s, rec, n, "EXCHANGES", &f->b) < 0)
        goto nomem;
    bool has_text = find_elem(s, rec, n, "TEXT", &text);
    size_t ia = has_text ? text.start : rec, ib = has_text ? text.end : rec;
    if (put_line(x, "author", s, ia, ib, "AUTHOR", &f->b, &f->tmp) < 0 ||
        put_line(x, "dateline", s, ia, ib, "DATELINE", &f->b, &f->tmp) < 0 ||
        put_attr(x, "oldid", s, ta, tb, "OLDID") < 0 ||
        put_attr(x, "topics_attr", s, ta, tb, "TOPICS") < 0 ||
        put_attr(x, "lewissplit", s, ta, tb, "LEWISSPLIT") < 0 ||
        put_attr(x, "cgisplit", s, ta, tb, "CGISPLIT") < 0)
        goto nomem;
    size_t ts, te;
    bool typed = has_text && attr_value(s, text.attr, text.attr_end, "TYPE",
                                        &ts, &te);
    if (json_object_set_new(x, "text_type", typed
                                ? json_stringn(s + ts, te - ts)
                                : json_string("NORM")) < 0)
        goto nomem;

    bool has_title = find_elem(s, ia, ib, "TITLE", &e);
    if (has_title && elem_line(s, &e, &f->title, &f->tmp) < 0)
        goto nomem;
    /* BRIEF: a title and no body; UNPROC: no structure, the text is the
     * body. */
    f->text.len = 0;
    if (find_elem(s, ia, ib, "BODY", &e)) {
        if (sgml_text(s, e.start, e.end, TAGS_SPACE, &f->text) < 0)
            goto nomem;
    } else if (!has_title && sgml_text(s, ia, ib, TAGS_SPACE, &f->text) < 0) {
        goto nomem;
    }
    drop_signoff(&f->text);
    if (paragraphs(f->text.p ? f->text.p : "", f->text.len, &f->body) < 0 ||
        silk_buf_append(&f->title, "", 0) < 0)
        goto nomem;
    if (!(extra = json_dumps(x, JSON_COMPACT)))
        goto nomem;
    char what[64];
    snprintf(what, sizeof what, "story%s%.40s", id ? " NEWID " : "",
             id ? id : "");
    rc = deliver(f, line, id, date, bad_date, extra, what);
    goto done;
nomem:
    rc = silk_reader__no_memory(w, f->path, line, n);
done:
    json_decref(x);
    free(extra);
    return rc;
}

/* Headline elements of TREC collections, the first present giving the
 * title: LA Times and FT, WSJ, AP, FBIS (<TI>, inside <H3>). */
static const char *const title_tags[] = {"HEADLINE", "HL", "HEAD", "TITLE",
                                         "TI", "H3"};
/* Date elements, in order of preference; WSJ's <DD> and AQUAINT's
 * <DATE_TIME> write American dates (MM/DD/YY). */
static const struct date_tag {
    const char *name;
    bool us;
} date_tags[] = {{"DATE", false}, {"DATE1", false}, {"DD", true},
                 {"DATE_TIME", true}};

/* A <DOC> story s[0..n) (from its start tag). */
static int trec_story(sgml_file_t *f, const char *s, size_t n,
                      unsigned long line)
{
    const char *gt = memchr(s, '>', n);
    size_t doc = gt ? (size_t)(gt - s) + 1 : n;
    elem_t e, no = {0}, head = {0};
    bool skip, has_head = false;

    f->title.len = f->body.len = f->a.len = f->text.len = 0;
    bool has_no = find_elem(s, doc, n, "DOCNO", &no);
    size_t vs, ve;
    if (has_no && elem_line(s, &no, &f->a, &f->tmp) < 0)
        goto nomem;
    /* AQUAINT-2 has no DOCNO: <DOC id="APW_ENG_20041001.0001" type="story"> */
    bool has_attr = !has_no && gt && attr_value(s, 4, doc - 1, "id", &vs, &ve);
    if (has_attr) {
        f->tmp.len = 0;
        if (silk_buf_append(&f->tmp, s + vs, ve - vs) < 0 ||
            one_line(f->tmp.p, f->tmp.len, &f->a) < 0)
            goto nomem;
    }
    const char *id = story_id(f, line, has_no || has_attr,
                              has_no ? "DOCNO" : "id", &f->a, &skip);
    if (skip)
        return 0;
    for (size_t i = 0; i < sizeof title_tags / sizeof *title_tags; i++)
        if ((has_head = find_elem(s, doc, n, title_tags[i], &head))) {
            if (elem_line(s, &head, &f->title, &f->tmp) < 0)
                goto nomem;
            break;
        }
    char date[SILK_DATE_BYTES] = "";
    for (size_t i = 0; !*date && i < sizeof date_tags / sizeof *date_tags; i++)
        for (size_t at = doc;
             !*date && find_elem(s, at, n, date_tags[i].name, &e);
             at = e.after) {
            f->b.len = 0;
            if (sgml_text(s, e.start, e.end, TAGS_SPACE, &f->b) < 0)
                goto nomem;
            trec_date(f->b.p, f->b.len, date_tags[i].us, date);
            if (e.after >= n)
                break;
        }
    /* the body: every <LP> and <TEXT>, in order; without them all of the
     * DOC but its DOCNO and headline */
    bool any = false;
    for (size_t at = doc; at < n;) {
        elem_t lp, tx;
        bool hl = find_elem(s, at, n, "LP", &lp);
        bool ht = find_elem(s, at, n, "TEXT", &tx);
        if (!hl && !ht)
            break;
        elem_t *p = hl && (!ht || lp.start < tx.start) ? &lp : &tx;
        if (any)
            silk_buf_puts(&f->text, "\n\n");
        if (sgml_text(s, p->start, p->end, TAGS_PARA, &f->text) < 0)
            goto nomem;
        any = true;
        at = p->after;
    }
    if (!any) {
        elem_t *cut[2] = {has_no ? &no : NULL, has_head ? &head : NULL};
        if (cut[0] && cut[1] && cut[1]->tag < cut[0]->tag) {
            cut[0] = &head;
            cut[1] = &no;
        }
        size_t from = doc;
        for (size_t i = 0; i < 2; i++) {
            if (!cut[i] || cut[i]->tag < from)
                continue;
            if (sgml_text(s, from, cut[i]->tag, TAGS_PARA, &f->text) < 0)
                goto nomem;
            from = cut[i]->after;
        }
        if (sgml_text(s, from, n, TAGS_PARA, &f->text) < 0)
            goto nomem;
    }
    if (paragraphs(f->text.p ? f->text.p : "", f->text.len, &f->body) < 0 ||
        silk_buf_append(&f->title, "", 0) < 0)
        goto nomem;
    char what[64];
    snprintf(what, sizeof what, "DOC%s%.40s", id ? " " : "", id ? id : "");
    return deliver(f, line, id, date, false, NULL, what);
nomem:
    return silk_reader__no_memory(f->w, f->path, line, n);
}

/* ---- the stream ---- */

/* The kind of story whose start tag is at s[0..n), or 0. */
static int story_start(const char *s, size_t n)
{
    if (starts_ci(s, n, "<REUTERS") && n > 8 && name_ends(s + 8, n - 8))
        return 'R';
    if (starts_ci(s, n, "<DOC") && n > 4 && name_ends(s + 4, n - 4) &&
        s[4] != '/')
        return 'D';
    return 0;
}

/* Is s[0..n) the end tag of a story of kind k? Its length, or 0. */
static size_t story_end(const char *s, size_t n, int k)
{
    const char *t = k == 'R' ? "</REUTERS" : "</DOC";
    size_t m = strlen(t), i = m;
    if (!starts_ci(s, n, t))
        return 0;
    while (i < n && is_blank(s[i]))
        i++;
    return i < n && s[i] == '>' ? i + 1 : 0;
}

/* Decode the story raw[0..n) as the file is decoded, with LF line ends,
 * into out; *nbad counts the sequences repaired. */
static int decode(sgml_file_t *f, const char *raw, size_t n, silk_buf_t *out,
                  size_t *nbad)
{
    int rc;
    out->len = 0;
    *nbad = 0;
    if (f->how == DEC_CP1252)
        rc = silk_utf8_from_cp1252(out, raw, n);
    else if (f->how == DEC_REPAIRED && !silk_utf8_valid(raw, n, NULL))
        rc = silk_utf8_repair(out, raw, n, nbad);
    else
        rc = silk_buf_append(out, raw, n);
    if (rc < 0)
        return -1;
    out->len = silk_reader__lf_only(out->p, out->len);
    return 0;
}

/* One whole (or cut-short) story raw[0..n) of kind k starting at line. */
static int story(sgml_file_t *f, int k, const char *raw, size_t n,
                 unsigned long line, silk_buf_t *dec)
{
    size_t nbad;
    f->index++;
    if (decode(f, raw, n, dec, &nbad) < 0)
        return silk_reader__no_memory(f->w, f->path, line, n);
    f->repaired = nbad > 0;
    if (nbad)
        silk_reader__problem(f->w, SILK_PROBLEM_INVALID_UTF8, f->path, line,
                "%zu invalid UTF-8 sequence%s replaced with U+FFFD", nbad,
                nbad == 1 ? "" : "s");
    return k == 'R' ? reuters_story(f, dec->p, dec->len, line)
                    : trec_story(f, dec->p, dec->len, line);
}

/* Open path through zlib (a plain file reads the same). */
static gzFile open_gz(const char *path)
{
    gzFile z = gzopen(path, "rb");
    if (z)
        gzbuffer(z, SGML_CHUNK);
    return z;
}

/* The first pass: how the file is decoded (UTF-8, Windows-1252 when no
 * byte sequence of it is UTF-8, else repaired), and whether it is binary
 * (a NUL early on), with buf's SGML_CHUNK + 4 bytes. Returns 0, or the
 * errno of a failed read (EIO: damaged gzip data, which the second pass
 * reports where it meets it). */
static int scan_file(const char *path, decoding_t *how, bool *binary,
                     char *buf)
{
    gzFile z = open_gz(path);
    size_t carry = 0, mb_total = 0;
    unsigned long long off = 0;
    bool valid = true;
    int err = 0;

    *binary = false;
    if (!z)
        return errno ? errno : ENOMEM;
    for (;;) {
        int r = gzread(z, buf + carry, SGML_CHUNK);
        int zerr = Z_OK;
        if (r <= 0)
            silk_reader__gz_message(z, &zerr);
        if (r < 0 || zerr != Z_OK)
            err = zerr == Z_MEM_ERROR ? ENOMEM : EIO;
        if (r < 0)
            break;
        size_t n = carry + (size_t)r, mb = 0;
        if (off < BINARY_SNIFF_BYTES &&
            memchr(buf, '\0', n < BINARY_SNIFF_BYTES ? n
                                                     : BINARY_SNIFF_BYTES)) {
            *binary = true;
            break;
        }
        carry = r ? silk_utf8_open_tail((const unsigned char *)buf, n) : 0;
        if (!silk_utf8_valid(buf, n - carry, &mb))
            valid = false;
        mb_total += mb;
        memmove(buf, buf + n - carry, carry);
        off += (size_t)r;
        if (r == 0 || err || (!valid && mb_total))
            break;
    }
    gzclose(z);
    *how = valid ? DEC_UTF8 : mb_total ? DEC_REPAIRED : DEC_CP1252;
    return err;
}

/* See reader_int.h. */
bool silk_reader__sgml_sniff(const char *path)
{
    char buf[SNIFF_BYTES];
    gzFile z = gzopen(path, "rb");
    if (!z)
        return false;
    int r = gzread(z, buf, sizeof buf);
    gzclose(z);
    if (r <= 0)
        return false;
    size_t n = (size_t)r, i = silk_reader__has_bom(buf, n) ? 3 : 0;
    for (;;) {
        while (i < n && is_blank(buf[i]))
            i++;
        if (i < n && story_start(buf + i, n - i))
            return true;
        /* a <!DOCTYPE ...>, <?xml ...?> or comment before the first story */
        if (i + 1 < n && buf[i] == '<' &&
            (buf[i + 1] == '!' || buf[i + 1] == '?')) {
            size_t k = tag_len(buf + i, n - i);
            if (k == 0 || i + k >= n)
                return false;
            i += k;
            continue;
        }
        return false;
    }
}

/* See reader_int.h. */
int silk_reader__read_sgml(walk_t *w, const char *path, size_t strip)
{
    sgml_file_t f = {.w = w, .path = path, .strip = strip};
    silk_buf_t win = {0}, dec = {0};
    char *scan = malloc(SGML_CHUNK + 8);
    gzFile z = NULL;
    bool binary;
    int rc = 0;

    if (!scan)
        return silk_reader__no_memory(w, path, 0, 0);
    int err = scan_file(path, &f.how, &binary, scan);
    free(scan);
    if (err == ENOMEM)
        return silk_reader__no_memory(w, path, 0, 0);
    if (binary) {
        silk_reader__problem(w, SILK_PROBLEM_BINARY, path, 0,
                "NUL bytes in the first %d bytes: not a text file",
                BINARY_SNIFF_BYTES);
        return 0;
    }
    if (err && err != EIO) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(err));
        return 0;
    }
    if (!(z = open_gz(path))) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, 0, "%s",
                             strerror(errno ? errno : ENOMEM));
        return 0;
    }
    /* win.p[base..win.len) is unread input; a story being collected starts
     * at base (kind k, line at), scanning goes on from pos. */
    size_t base = 0, pos = 0;
    unsigned long line = 1, at = 0;
    int k = 0;
    bool eof = false, skipping = false;
    const char *damaged = NULL;
    for (;;) {
        if (!eof && win.len - pos < 16) {
            if (base > SGML_CHUNK) {     /* drop what was read */
                memmove(win.p, win.p + base, win.len - base);
                win.len -= base;
                pos -= base;
                base = 0;
            }
            if (silk_buf_reserve(&win, SGML_CHUNK) < 0)
                goto nomem;
            int r = gzread(z, win.p + win.len, SGML_CHUNK);
            int zerr = Z_OK;
            if (r <= 0) {
                const char *m = silk_reader__gz_message(z, &zerr);
                if (r < 0 || zerr != Z_OK) {
                    if (zerr == Z_MEM_ERROR)
                        goto nomem;
                    damaged = m;
                }
                eof = true;
            } else {
                win.len += (size_t)r;
            }
            win.p[win.len] = '\0';
            continue;
        }
        const char *lt = pos < win.len ? memchr(win.p + pos, '<', win.len - pos)
                                       : NULL;
        size_t q = lt ? (size_t)(lt - win.p) : win.len;
        if (!k || skipping) {    /* outside a story: count lines, drop */
            for (size_t i = base; i < q; i++)
                line += win.p[i] == '\n';
            base = pos = q;
        } else {
            pos = q;
        }
        if (k && !skipping && w->max_bytes && pos - base > w->max_bytes) {
            silk_reader__too_large(w, path, at, "a story", pos - base);
            f.index++;           /* it has its place all the same */
            skipping = true;
            for (size_t i = base; i < pos; i++)
                line += win.p[i] == '\n';
            base = pos;
        }
        if (!lt) {
            if (eof)
                break;
            continue;
        }
        if (!eof && win.len - q < 16)
            continue;            /* the tag may be cut: read on */
        const char *t = win.p + q;
        size_t left = win.len - q, end;
        int start = story_start(t, left);
        if (k && (end = story_end(t, left, k)) > 0) {
            if (!skipping &&
                (rc = story(&f, k, win.p + base, q - base, at, &dec)) != 0)
                goto done;
            for (size_t i = base; i < q + end; i++)
                line += win.p[i] == '\n';
            base = pos = q + end;
            k = 0;
            skipping = false;
            continue;
        }
        if (start && k) {        /* a story left open: what it has */
            if (!skipping) {
                silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, at,
                        "%s opened here is not closed before the next one: "
                        "indexed as far as it goes",
                        k == 'R' ? "<REUTERS>" : "<DOC>");
                if ((rc = story(&f, k, win.p + base, q - base, at, &dec)) != 0)
                    goto done;
            }
            for (size_t i = base; i < q; i++)
                line += win.p[i] == '\n';
            base = q;
            k = 0;
            skipping = false;
        }
        if (start && !k) {
            k = start;
            at = line;
            base = q;
        }
        pos = q + 1;
    }
    if (k && !skipping && !damaged) {
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, at,
                "%s opened here is not closed at the end of the file (cut "
                "short?): indexed as far as it goes",
                k == 'R' ? "<REUTERS>" : "<DOC>");
        if ((rc = story(&f, k, win.p + base, win.len - base, at, &dec)) != 0)
            goto done;
    }
    if (damaged)
        silk_reader__problem(w, SILK_PROBLEM_UNREADABLE, path, k ? at : line,
                "damaged gzip data (%s): the rest of the file is not read",
                damaged);
    else if (f.index == 0)
        silk_reader__problem(w, SILK_PROBLEM_EMPTY, path, 0,
                "no <REUTERS> or <DOC> story in it");
    goto done;
nomem:
    rc = silk_reader__no_memory(w, path, k ? at : line, win.len - base);
done:
    gzclose(z);
    free(win.p);
    free(dec.p);
    free(f.text.p);
    free(f.tmp.p);
    free(f.title.p);
    free(f.body.p);
    free(f.a.p);
    free(f.b.p);
    return rc;
}
