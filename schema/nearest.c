/* nearest.c: edit distance and the nearest name; see nearest.h. */
#include "nearest.h"

#include <string.h>

static unsigned char fold_byte(unsigned char c, int fold)
{
    return fold && c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

size_t silk_edit_distance(const char *a, size_t an, const char *b, size_t bn,
                          size_t max, int fold)
{
    size_t d[3][SILK_NEAREST_MAX + 1]; /* rows i-2, i-1 and i, mod 3 */
    if (an > SILK_NEAREST_MAX || bn > SILK_NEAREST_MAX ||
        (an > bn ? an - bn : bn - an) > max)
        return max + 1;
    for (size_t j = 0; j <= bn; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t *cur = d[i % 3], *prev = d[(i - 1) % 3], *pp = d[(i + 1) % 3];
        unsigned char ai = fold_byte((unsigned char)a[i - 1], fold);
        size_t low = cur[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            unsigned char bj = fold_byte((unsigned char)b[j - 1], fold);
            size_t c = prev[j - 1] + (ai != bj);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ai == fold_byte((unsigned char)b[j - 2], fold) &&
                fold_byte((unsigned char)a[i - 2], fold) == bj && pp[j - 2] + 1 < c)
                c = pp[j - 2] + 1;
            cur[j] = c;
            if (c < low)
                low = c;
        }
        if (low > max)
            return max + 1;
    }
    return d[an % 3][bn] > max ? max + 1 : d[an % 3][bn];
}

const char *silk_nearest_name(const char *word, size_t len, const void *table,
                              size_t n, size_t stride)
{
    size_t max = len <= 4 ? 1 : 2, best = max + 1;
    const char *name = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *cand;
        memcpy(&cand, (const char *)table + i * stride, sizeof cand);
        if (cand == NULL)
            break;
        size_t d = silk_edit_distance(word, len, cand, strlen(cand), max, 1);
        if (d < best) {
            best = d;
            name = cand;
        }
    }
    if (name != NULL || len < 3)
        return name;
    /* Else the one name that starts with word ("--explain" for
     * "--explain-query"). */
    for (size_t i = 0; i < n; i++) {
        const char *cand;
        memcpy(&cand, (const char *)table + i * stride, sizeof cand);
        if (cand == NULL)
            break;
        if (strlen(cand) > len && silk_edit_distance(word, len, cand, len, 0, 1) == 0) {
            if (name != NULL)
                return NULL;
            name = cand;
        }
    }
    return name;
}
