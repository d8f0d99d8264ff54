/* silk_vec.c: the one growth function of the typed arrays (silk_vec.h). */
#include "silk_vec.h"

/* First allocation, in items. */
#define VEC_FIRST_CAP 8

void *silk_vec__grow(void *v, size_t *cap, size_t n, size_t extra, size_t size,
                     bool *failed)
{
    size_t max = SIZE_MAX / size;
    if (extra > max - n) {
        *failed = true;
        return v;
    }
    size_t need = n + extra, c = *cap ? *cap : VEC_FIRST_CAP;
    while (c < need)
        c = c > max / 2 ? need : c * 2;
    if (c > max)
        c = need;
    void *p = realloc(v, c * size);
    if (!p) {
        *failed = true;
        return v;
    }
    *cap = c;
    return p;
}
