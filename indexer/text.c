/* text.c: small text helpers shared inside the indexer (indexer_int.h):
 * Unicode space and escaping file names (UTF-8 sequences: util/silk_utf8.h). */
#include "indexer_int.h"
#include "silk_utf8.h"

#include <stdio.h>
#include <stdlib.h>

size_t silk_indexer__space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] <= 0x8B)
        return 3;
    if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        return 3;
    return 0;
}

/* Bytes of the sequence at s[0..n) kept as they are (0: escape one byte). */
static size_t kept(const unsigned char *s, size_t n)
{
    size_t bad;
    if (s[0] < 0x20 || s[0] == 0x7F)
        return 0;
    return silk_utf8_len(s, n, &bad);
}

bool silk_indexer__needs_escape(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = kept(u + i, n - i);
        if (!k)
            return true;
        i += k;
    }
    return false;
}

char *silk_indexer__escape(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    char *out = malloc(4 * n + 1), *o = out;  /* \xHH: at most 4 a byte */
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t k = kept(u + i, n - i);
        if (k) {
            for (size_t j = 0; j < k; j++)
                *o++ = s[i + j];
            i += k;
        } else {
            snprintf(o, 5, "\\x%02X", u[i]);
            o += 4;
            i++;
        }
    }
    *o = '\0';
    return out;
}
