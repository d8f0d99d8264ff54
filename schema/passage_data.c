/* passage_data.c: a passage's document data <-> its stored record (see
 * passage_data.h; the bytes are docs/index-format.md's "Document data"):
 *
 *   version (1 byte, 4), span (1 byte: 0 text, 1 file, 2 title),
 *   passage, start, end (varints),
 *   article, text, country, ministry (strings),
 *   on passage 0 only: title, date, source, url, path, subject, category,
 *   extra (strings)
 *
 * where a varint is LEB128 (7 bits a byte, low first, the high bit set
 * on every byte but the last; at most 9 bytes, 63 bits) and a string is
 * its byte length as a varint, then its bytes (UTF-8, no terminator).
 */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include "passage_data.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "silk_utf8.h"

/* The span codes, by byte. */
static const char *const span_name[] = { "text", "file", "title" };
#define NSPANS (sizeof span_name / sizeof *span_name)

/* Longest varint: 9 bytes carry 63 bits, every long. */
#define VARINT_MAX 9

/* Strings of a record: the passage's 4, the article's 8. */
#define NPASSAGE_STR 4
#define NARTICLE_STR 8

/* ---- encoding ----------------------------------------------------------- */

/* A record being written: buf[0..len) of cap bytes. */
typedef struct out {
    unsigned char *buf;
    size_t len, cap;
} out_t;

/* Append v as a varint (room reserved by the caller). */
static void put_varint(out_t *o, uint64_t v)
{
    while (v >= 0x80) {
        o->buf[o->len++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    o->buf[o->len++] = (unsigned char)v;
}

/* Append s[0..n) as a string (room reserved by the caller). */
static void put_str(out_t *o, const char *s, size_t n)
{
    put_varint(o, n);
    if (n)
        memcpy(o->buf + o->len, s, n);
    o->len += n;
}

/* Is s[0..n) well-formed UTF-8? NUL bytes are allowed, as JSON allows
 * them in a string. */
static bool utf8_ok(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad;

    while (i < n) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = silk_utf8_len(u + i, n - i, &bad);
        if (!k)
            return false;
        i += k;
    }
    return true;
}

/* The extra object d->extra as stored: compact JSON text of an object
 * (malloc'ed), "{}" for none or not an object. NULL if memory ran out. */
static char *extra_text(const char *extra)
{
    json_t *x = extra ? json_loads(extra, 0, NULL) : NULL;
    char *s;

    if (!json_is_object(x)) {
        json_decref(x);
        return strdup("{}");
    }
    s = json_dumps(x, JSON_COMPACT);
    json_decref(x);
    return s;
}

/* See passage_data.h. */
int silk_passage_data_encode(const silk_passage_data_t *d, char **out,
                             size_t *len)
{
    bool article = d->passage == 0;
    const char *s[NPASSAGE_STR + NARTICLE_STR] = {
        d->article, d->text, d->country, d->ministry,
        d->title, d->date, d->source, d->url, d->path, d->subject,
        d->category, NULL /* extra, below */
    };
    size_t n[NPASSAGE_STR + NARTICLE_STR];
    size_t ns = article ? NPASSAGE_STR + NARTICLE_STR : NPASSAGE_STR;
    size_t span = 0;
    char *extra = NULL;
    out_t o = { NULL, 0, 0 };
    int rc = -1;

    *out = NULL;
    *len = 0;
    while (span < NSPANS && !(d->span && strcmp(d->span, span_name[span]) == 0))
        span++;
    if (span == NSPANS || d->passage < 0 || d->start < 0 || d->end < 0)
        return -1;
    if (article && !(s[ns - 1] = extra = extra_text(d->extra)))
        return -1;
    o.cap = 2 + 3 * VARINT_MAX;
    for (size_t i = 0; i < ns; i++) {
        if (!s[i])
            s[i] = "";
        n[i] = i == 1 ? d->text_len : strlen(s[i]);
        if (!utf8_ok(s[i], n[i]))
            goto done;
        o.cap += VARINT_MAX + n[i];
    }
    if (!(o.buf = malloc(o.cap)))
        goto done;
    o.buf[o.len++] = SILK_PASSAGE_DATA_VERSION;
    o.buf[o.len++] = (unsigned char)span;
    put_varint(&o, (uint64_t)d->passage);
    put_varint(&o, (uint64_t)d->start);
    put_varint(&o, (uint64_t)d->end);
    for (size_t i = 0; i < ns; i++)
        put_str(&o, s[i], n[i]);
    *out = (char *)o.buf;
    *len = o.len;
    o.buf = NULL;
    rc = 0;
done:
    free(o.buf);
    free(extra);
    return rc;
}

/* ---- decoding ----------------------------------------------------------- */

/* A record being read: p up to end. */
typedef struct in {
    const unsigned char *p, *end;
} in_t;

/* Read a varint of at most 63 bits into *v. false: cut short or too long. */
static bool get_varint(in_t *in, uint64_t *v)
{
    uint64_t x = 0;

    for (unsigned shift = 0; shift < 7 * VARINT_MAX; shift += 7) {
        if (in->p == in->end)
            return false;
        unsigned char b = *in->p++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* A varint that fits a long (>= 0) into *v. */
static bool get_long(in_t *in, long *v)
{
    uint64_t x;

    if (!get_varint(in, &x) || x > (uint64_t)LONG_MAX)
        return false;
    *v = (long)x;
    return true;
}

/* Read a string's length and find its bytes: *s, *n. false: its length
 * runs past the record's end. */
static bool get_str(in_t *in, const unsigned char **s, size_t *n)
{
    uint64_t x;

    if (!get_varint(in, &x) || x > (uint64_t)(in->end - in->p))
        return false;
    *s = in->p;
    *n = (size_t)x;
    in->p += x;
    return true;
}

/* Empty d: what a record that is not one decodes as. */
static void set_empty(silk_passage_data_t *d)
{
    memset(d, 0, sizeof *d);
    d->article = d->text = d->country = d->ministry = "";
    d->title = d->date = d->source = d->url = d->path = d->subject =
        d->category = "";
    d->span = "text";
    d->passage = d->start = d->end = -1;
}

/* See passage_data.h. */
int silk_passage_data_decode(silk_passage_data_t *d, const char *data,
                             size_t len)
{
    in_t in = { (const unsigned char *)data,
                (const unsigned char *)data + (data ? len : 0) };
    const unsigned char *s[NPASSAGE_STR + NARTICLE_STR];
    size_t n[NPASSAGE_STR + NARTICLE_STR], ns = 0, total = 0;
    const char **to[NPASSAGE_STR + NARTICLE_STR] = {
        &d->article, &d->text, &d->country, &d->ministry,
        &d->title, &d->date, &d->source, &d->url, &d->path, &d->subject,
        &d->category, &d->extra
    };
    long passage, start, end;
    char *mem;

    set_empty(d);
    if (!data || len < 2 || in.p[0] != SILK_PASSAGE_DATA_VERSION ||
        in.p[1] >= NSPANS)
        return 0;
    in.p += 2;
    if (!get_long(&in, &passage) || !get_long(&in, &start) ||
        !get_long(&in, &end))
        return 0;
    /* The passage's strings, then the article's when the record goes on. */
    for (; ns < NPASSAGE_STR + NARTICLE_STR; ns++) {
        if (ns == NPASSAGE_STR && in.p == in.end)
            break;
        if (!get_str(&in, &s[ns], &n[ns]) ||
            !utf8_ok((const char *)s[ns], n[ns]))
            return 0;
        total += n[ns] + 1;
    }
    if (in.p != in.end)
        return 0;
    /* One block for all, each string NUL-terminated. */
    if (!(mem = malloc(total)))
        return -1;
    d->mem_ = mem;
    for (size_t i = 0; i < ns; i++) {
        memcpy(mem, s[i], n[i]);
        mem[n[i]] = '\0';
        *to[i] = mem;
        mem += n[i] + 1;
    }
    d->text_len = n[1];
    d->passage = passage;
    d->start = start;
    d->end = end;
    d->span = span_name[((const unsigned char *)data)[1]];
    d->has_article = ns == NPASSAGE_STR + NARTICLE_STR;
    return 0;
}

/* See passage_data.h. */
char *silk_passage_data_extra(const silk_passage_data_t *d)
{
    return strdup(d->extra && *d->extra ? d->extra : "{}");
}

/* See passage_data.h. */
void silk_passage_data_clear(silk_passage_data_t *d)
{
    free(d->mem_);
    memset(d, 0, sizeof *d);
}
