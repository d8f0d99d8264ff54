/* silk_num.c: see silk_num.h. */
#include "silk_num.h"

#include <limits.h>

int silk_parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                     unsigned long *out)
{
    unsigned long v = 0;

    if (!s || !*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        unsigned d = (unsigned)(*s - '0');
        if (v > (ULONG_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}
