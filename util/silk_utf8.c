/* silk_utf8.c: UTF-8 validation, the one repair, and Windows-1252
 * (silk_utf8.h). */
#include "silk_utf8.h"

#include <stdint.h>
#include <string.h>

size_t silk_utf8_len(const unsigned char *s, size_t n, size_t *bad)
{
    unsigned c = s[0];
    *bad = 1;
    if (c == 0)
        return 0;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0xC2)
        return 0;
    else if (c < 0xE0)
        need = 2;
    else if (c < 0xF0) {
        need = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c < 0xF5) {
        need = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    for (size_t k = 1; k < need; k++) {
        if (k >= n || s[k] < lo || s[k] > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need;
}

bool silk_utf8_valid(const char *s, size_t n, size_t *multibyte)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, mb = 0;
    bool clean = true;
    while (i < n) {
        if (u[i] != 0 && u[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad, k = silk_utf8_len(u + i, n - i, &bad);
        if (!k) {
            clean = false;
            if (!multibyte)
                break;
            i += bad;
            continue;
        }
        mb++;
        i += k;
    }
    if (multibyte)
        *multibyte = mb;
    return clean;
}

int silk_utf8_repair(silk_buf_t *out, const char *s, size_t n, size_t *nbad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    if (silk_buf_reserve(out, n) < 0)
        return -1;
    while (i < n) {
        if (u[i] != 0 && u[i] < 0x80) {
            i++;
            continue;
        }
        size_t bad, k = silk_utf8_len(u + i, n - i, &bad);
        if (k) {
            i += k;
            continue;
        }
        if (silk_buf_append(out, s + run, i - run) < 0 ||
            silk_buf_append(out, SILK_UTF8_REPLACEMENT, 3) < 0)
            return -1;
        if (nbad)
            (*nbad)++;
        i += bad;
        run = i;
    }
    return silk_buf_append(out, s + run, n - run);
}

size_t silk_utf8_open_tail(const unsigned char *s, size_t n)
{
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned c = s[n - back];
        if (c < 0x80)
            return 0;
        if (c >= 0xC0) {
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, bad;
            if (need <= back)
                return 0;
            /* complete or ill-formed already? */
            silk_utf8_len(s + n - back, back, &bad);
            return bad == back ? back : 0;
        }
    }
    return 0;
}

/* Windows-1252's 0x80..0x9F (WHATWG Encoding Standard,
 * index-windows-1252). */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

int silk_utf8_from_cp1252(silk_buf_t *out, const char *s, size_t n)
{
    if (n > SIZE_MAX / 3) {
        out->failed = true;
        return -1;
    }
    if (silk_buf_reserve(out, 3 * n) < 0)
        return -1;
    char *o = out->p + out->len;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned char)s[i];
        unsigned cp = c >= 0x80 && c < 0xA0 ? cp1252_high[c - 0x80] : c;
        if (cp < 0x80) {
            *o++ = (char)cp;
        } else if (cp < 0x800) {
            *o++ = (char)(0xC0 | cp >> 6);
            *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (char)(0xE0 | cp >> 12);
            *o++ = (char)(0x80 | (cp >> 6 & 0x3F));
            *o++ = (char)(0x80 | (cp & 0x3F));
        }
    }
    out->len = (size_t)(o - out->p);
    out->p[out->len] = '\0';
    return 0;
}
